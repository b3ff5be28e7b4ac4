-- A sign-in storm (I10): PACE attempts a second in all, on a fixed schedule whatever the answers'
-- latency. Each attempt comes from its own address behind the trusted proxy (X-Forwarded-For):
-- three in four are residents signing in with an address Amity does not know (the worst case: the
-- attempt is recorded and a decoy hash checked), one in four (one in TERMINAL_EVERY; 0 for none)
-- an outlet terminal with an unknown token shaped as an issued one (the prefix and 43 URL-safe letters,
-- so it is looked up, not refused for its shape). Counts the answers by status and prints them at the
-- end. `--env production` names the CSRF cookie with the `__Host-` prefix.
local threads = 0
local all = {}
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
  all[#all + 1] = thread
end

function init(args)
  local count = tonumber(os.getenv("THREADS") or "2")
  interval = 1000 * count / tonumber(os.getenv("PACE"))
  sales = "/api/v1/rationing/programmes/" .. os.getenv("PROGRAMME") .. "/sales"
  every = tonumber(os.getenv("TERMINAL_EVERY") or "4")
  n = 0
  statuses = {}
end

dofile("Benchmarks/rationing/pace.lua")

function request()
  n = n + 1
  local address = string.format("10.%d.%d.%d", 100 + tid, math.floor(n / 256) % 256, n % 256)
  if every > 0 and n % every == 0 then
    return wrk.format("POST", sales, { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address,
      ["Authorization"] = string.format("Bearer amity_terminal_storm%d%037d", tid, n) }, '{"saleId":"storm","cards":[]}')
  end
  local body = string.format("csrf=storm&email=resident%d.%d%%40example.org&password=Wrong-Password-%d", tid, n, n)
  return wrk.format("POST", "/sign-in", { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "__Host-amity_csrf=storm",
    ["X-Forwarded-For"] = address }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(all) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do total[status] = (total[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(total) do parts[#parts + 1] = status .. ": " .. count end
  table.sort(parts)
  io.stderr:write("storm answers " .. table.concat(parts, ", ") .. "\n")
end
