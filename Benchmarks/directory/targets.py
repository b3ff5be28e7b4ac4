#!/usr/bin/env python3
"""Writes the request lists of reads.sh as Lua tables, read from a running Amity.

  targets.py BASE OUT_DIR

search.lua: 20 city-name prefixes of 1-4 characters in Latin, Han, kana and Hangul, each as its
first page and its second (with the cursor the first page gave); cities.lua: every city id,
shuffled with a fixed seed; networks.lua: /networks and every network's page.
"""
import json, random, sys, urllib.parse, urllib.request

BASE, OUT = sys.argv[1], sys.argv[2]
PREFIXES = ["s", "t", "a", "sa", "ta", "new", "san", "shen", "tai", "wagg",
            "京", "臺", "台中", "上海", "タ", "さ", "東京", "타", "서", "부산"]

def get(path):
    with urllib.request.urlopen(BASE + path) as response:
        return json.load(response)

def lua(name, items):
    body = ",\n".join(json.dumps(i) for i in items)
    with open(f"{OUT}/{name}.lua", "w") as f:
        f.write("paths = {\n" + body + "\n}\n" + """
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
""")
    return len(items)

search = []
for prefix in PREFIXES:
    path = "/api/v1/cities?limit=20&q=" + urllib.parse.quote(prefix)
    page = get(path)
    search.append(path)
    if page.get("nextCursor"):
        search.append(path + "&cursor=" + page["nextCursor"])

ids, cursor = [], None
while True:
    page = get("/api/v1/cities?limit=100" + (f"&cursor={cursor}" if cursor else ""))
    ids += [c["id"] for c in page["items"]]
    cursor = page.get("nextCursor")
    if not cursor:
        break
random.Random(2020).shuffle(ids)

networks = [n["id"] for n in get("/api/v1/networks?limit=100")["items"]]
print("search paths", lua("search", search), "cities", lua("cities", [f"/cities/{i}" for i in ids]),
      "hot cities", lua("hot", [f"/cities/{i}" for i in ids[:500]]),
      "networks", lua("networks", ["/networks"] + [f"/networks/{urllib.parse.quote(n)}" for n in networks]))
