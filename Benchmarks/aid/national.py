#!/usr/bin/env python3
"""A national-scale plan as `amity allocate --input` reads it: 20,000 offers and 150,000 needs.

Every city of the gazetteer (about 34,000, with their real places), four items, offers from
7,000 cities and needs from all the others, several per city (a hospital, a school board, a care
home each asking), quantities and urgencies at random (seeded), sister-city links, and export
rules on two items in a few countries. Usage: national.py [OFFERS] [NEEDS] > problem.json
"""
import gzip, json, os, random, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
offers_n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
needs_n = int(sys.argv[2]) if len(sys.argv) > 2 else 150_000
rng = random.Random(2021)
items = ["mask-surgical-adult", "gown", "test-kit", "respirator-n95"]
cities = []
with gzip.open(os.path.join(ROOT, "Data", "gazetteer.tsv.gz"), "rt", encoding="utf-8") as f:
    for line in f:
        if line.startswith("city\t"):
            p = line.rstrip("\n").split("\t")
            cities.append({"id": int(p[1]), "name": p[3], "country": p[4],
                           "coordinate": {"latitude": float(p[6]), "longitude": float(p[7])}})
ids = [c["id"] for c in cities]
rng.shuffle(ids)
offering, requesting = ids[:7_000], ids[7_000:]
offers = [{"id": i, "city": rng.choice(offering), "item": rng.choice(items),
           "quantity": rng.randint(2_000, 600_000), "partnersOnly": rng.random() < 0.05} for i in range(1, offers_n + 1)]
needs = [{"id": 1_000_000 + i, "city": rng.choice(requesting), "item": rng.choice(items),
          "quantity": rng.randint(100, 90_000), "urgency": rng.randint(1, 5)} for i in range(1, needs_n + 1)]
links = [{"cities": [rng.choice(offering), rng.choice(requesting)], "kind": "sister-city"} for _ in range(20_000)]
rules = [{"id": f"export-{c}-{item}", "country": c, "item": item, "description": f"{c} bars exports of {item}."}
         for c in ["TW", "CN", "IN", "DE", "FR"] for item in items[:2]]
json.dump({"cities": cities, "offers": offers, "needs": needs, "links": links, "rules": rules}, sys.stdout)
