-- Sales from 64 terminals: each request a new sale id, 1-3 cards (a cardholder and up to two
-- children, as Taiwan's proxy rule allows), each card one line of a sealed pack of 10. People
-- are taken in order, each thread its own range, so nobody buys twice: every sale is allowed
-- and writes its lines and stock (the heaviest path). TOKENS, PROGRAMME, ADULTS, PEOPLE, RUN
-- come from the environment, and START. With PACE, the terminals together send that many sales a
-- second on a fixed schedule (each thread its share, a sale every 1000 * THREADS / PACE ms),
-- whatever the answers' latency: the latency at that load, not at saturation.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  local all = {}
  for line in io.lines(os.getenv("TOKENS")) do
    local token = line:match(",(amity_terminal_%S+)")
    if token then all[#all + 1] = token end
  end
  local count = tonumber(os.getenv("THREADS") or "2")
  tokens = {}
  for i = 1, #all do if (i - 1) % count == tid then tokens[#tokens + 1] = all[i] end end
  path = "/api/v1/rationing/programmes/" .. os.getenv("PROGRAMME") .. "/sales"
  local adults, people = tonumber(os.getenv("ADULTS")), tonumber(os.getenv("PEOPLE"))
  -- START (a fraction of each thread's range) keeps a warm-up's people apart from the run's.
  local start = tonumber(os.getenv("START") or "0")
  local adultRange, childRange = math.floor(adults / count), math.floor((people - adults) / count)
  adult = adultRange * tid + math.floor(adultRange * start)
  child = adults + childRange * tid + math.floor(childRange * start)
  run = os.getenv("RUN")
  n = 0
  local rate = tonumber(os.getenv("PACE") or "")
  if rate then interval = 1000 * count / rate end
end

dofile("Benchmarks/rationing/pace.lua")

local function card(number, class)
  return string.format('{"document":"P%09d","lines":[{"class":"%s","quantity":10}]}', number, class)
end

function request()
  n = n + 1
  local cards = { card(adult, "adult") }
  adult = adult + 1
  for _ = 2, 1 + n % 3 do
    cards[#cards + 1] = card(child, "child")
    child = child + 1
  end
  local body = string.format('{"saleId":"%s-%d-%d","cards":[%s]}', run, tid, n, table.concat(cards, ","))
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[n % #tokens + 1] }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status ~= 201 and status ~= 200 then
    io.stderr:write(status .. " " .. body .. "\n")
  end
end
