-- Readers of the open feeds. MODE=geo asks Korea's storesByGeo about places drawn around the
-- outlets (CENTRES, "lat,lng,spread;..."), within M metres (a range "500-5000" draws each);
-- MODE=held asks for PATH with If-None-Match: TAG (answered 304); MODE=file downloads PATH
-- (Accept-Encoding: ENCODING when set). Questions are written before the clock starts.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  local mode = os.getenv("MODE")
  local base = "/api/v1/rationing/programmes/" .. os.getenv("PROGRAMME") .. "/feeds"
  questions = {}
  if mode == "geo" then
    math.randomseed(7919 + tid)
    local centres = {}
    for lat, lng, spread in string.gmatch(os.getenv("CENTRES"), "([%d.-]+),([%d.-]+),([%d.]+)") do
      centres[#centres + 1] = { tonumber(lat), tonumber(lng), tonumber(spread) }
    end
    local low, high = string.match(os.getenv("M"), "(%d+)-?(%d*)")
    low = tonumber(low); high = tonumber(high) or low
    for i = 1, 65536 do
      local c = centres[math.random(#centres)]
      local lat = c[1] + (math.random() * 2 - 1) * c[3]
      local lng = c[2] + (math.random() * 2 - 1) * c[3]
      local m = math.random(low, high)
      questions[i] = wrk.format("GET", string.format("%s/corona19-masks/v1/storesByGeo/json?lat=%.5f&lng=%.5f&m=%d", base, lat, lng, m))
    end
  elseif mode == "held" then
    questions[1] = wrk.format("GET", base .. "/" .. os.getenv("FEED"), { ["If-None-Match"] = os.getenv("TAG"), ["Accept-Encoding"] = "gzip" })
  else
    local headers = {}
    if os.getenv("ENCODING") ~= "" then headers["Accept-Encoding"] = os.getenv("ENCODING") end
    questions[1] = wrk.format("GET", base .. "/" .. os.getenv("FEED"), headers)
  end
  asked = 0
end

function request()
  asked = asked % #questions + 1
  return questions[asked]
end
