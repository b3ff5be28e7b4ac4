-- "What may I still buy?" from residents behind a trusted proxy: every question from its own
-- address (X-Forwarded-For), about a registered person with the right birth date, so the
-- per-address limit, the lookup, the history and the answer all run. PROGRAMME, ADULTS, PEOPLE.
--
-- The questions are written before the clock starts, one per address, and wrk counts the answers
-- that are not 200 itself ("Non-2xx", which sales.sh fails on): a Lua body made per request and
-- a Lua call per answer cost the client, on the same two cores, more than the plain route's does,
-- and the share measured the client as well as the server.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local function birth(number, adults)
  local year = number < adults and 1950 + number % 54 or 2004 + number % 16
  return string.format("%04d-%02d-%02d", year, 1 + number % 12, 1 + number % 28)
end

function init(args)
  local path = "/api/v1/rationing/programmes/" .. os.getenv("PROGRAMME") .. "/entitlement"
  local adults, people = tonumber(os.getenv("ADULTS")), tonumber(os.getenv("PEOPLE"))
  -- Each round (ROUND) asks about other people; the 65,536 addresses of a thread (10.tid.x.y) are
  -- each used far less than the limit of 30 an hour.
  local n = tid * 7919 + (tonumber(os.getenv("ROUND")) or 0) * 1000003
  questions = {}
  for i = 1, 65536 do
    n = n + 1
    local number = (n * 104729) % people
    local body = string.format('{"document":"P%09d","birth":"%s"}', number, birth(number, adults))
    local address = string.format("10.%d.%d.%d", tid, math.floor(n / 256) % 256, n % 256)
    questions[i] = wrk.format("POST", path, { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address }, body)
  end
  asked = 0
end

function request()
  asked = asked % #questions + 1
  return questions[asked]
end
