-- Rotates through city searches in Latin, Chinese, Japanese and Korean script, some short (many matches).
local queries = { "tai", "%E8%87%BA%E4%B8%AD", "new", "san", "shenzhen", "paris", "%E4%BA%AC", "%E3%82%BF%E3%82%A4",
                  "%ED%83%80%EC%9D%B4", "wagga", "poznan", "s" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/cities?q=" .. queries[(i % #queries) + 1])
end
