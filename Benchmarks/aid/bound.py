#!/usr/bin/env python3
"""The largest plan the web may ask for (2,000 offers x 5,000 needs), as `amity allocate --input` reads it.

49 cities that all share one network (so every offer may reach every need, as in a network's
plan), five items, quantities and urgencies at random (seeded): what a secretariat's plan at the
web's bound weighs. Usage: bound.py [OFFERS] [NEEDS] > problem.json
"""
import json, random, sys

offers_n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
needs_n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
rng = random.Random(2020)
countries = ["TW", "JP", "KR", "CN", "VN", "PH", "MY", "ID", "TH", "IN", "US", "IT", "DE"]
items = ["surgical-mask", "n95-respirator", "gown", "sanitised-water", "face-shield"]
cities = [{"id": i, "name": f"City {i}", "country": countries[i % len(countries)],
           "coordinate": {"latitude": rng.uniform(-40, 60), "longitude": rng.uniform(-120, 150)}}
          for i in range(1, 50)]
offers = [{"id": i, "city": rng.randint(1, 49), "item": rng.choice(items),
           "quantity": rng.randint(1, 200) * 100, "partnersOnly": False} for i in range(1, offers_n + 1)]
needs = [{"id": 100000 + i, "city": rng.randint(1, 49), "item": rng.choice(items),
          "quantity": rng.randint(1, 300) * 50, "urgency": rng.randint(1, 5)} for i in range(1, needs_n + 1)]
links = [{"cities": [a, b], "kind": "shared-network", "network": "CityNet"}
         for a in range(1, 50) for b in range(a + 1, 50)]
json.dump({"cities": cities, "offers": offers, "needs": needs, "links": links, "rules": []}, sys.stdout)
