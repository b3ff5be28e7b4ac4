-- "What may I still buy?" from residents behind a trusted proxy: every question from its own
-- address (X-Forwarded-For), about a registered person with the right birth date, so the
-- per-address limit, the lookup, the history and the answer all run. PROGRAMME, ADULTS, PEOPLE.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  path = "/api/v1/rationing/programmes/" .. os.getenv("PROGRAMME") .. "/entitlement"
  adults, people = tonumber(os.getenv("ADULTS")), tonumber(os.getenv("PEOPLE"))
  -- Each round (ROUND) asks from other addresses, so no address nears the limit of 30 an hour.
  n = tid * 7919 + (tonumber(os.getenv("ROUND")) or 0) * 1000003
end

local function birth(number)
  local year = number < adults and 1950 + number % 54 or 2004 + number % 16
  return string.format("%04d-%02d-%02d", year, 1 + number % 12, 1 + number % 28)
end

function request()
  n = n + 1
  local number = (n * 104729) % people
  local body = string.format('{"document":"P%09d","birth":"%s"}', number, birth(number))
  local address = string.format("10.%d.%d.%d", tid, math.floor(n / 256) % 256, n % 256)
  local headers = { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status ~= 200 then io.stderr:write(status .. " " .. body .. "\n") end
end
