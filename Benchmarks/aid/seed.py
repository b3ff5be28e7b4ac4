#!/usr/bin/env python3
"""Posts offers from 2,000 cities and needs from 20,000 cities through Amity's API.

    python3 Benchmarks/aid/seed.py BASE_URL TOKEN [OFFERING REQUESTING]

Cities are drawn from the gazetteer by population (distinct); four items; each offering city
offers one to three of them, each requesting city needs one or two, with urgency 1-5.
"""
import gzip, json, os, random, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ITEMS = ["mask-surgical-adult", "gown", "test-kit", "respirator-n95"]


def main(base, token, offering=2_000, requesting=20_000):
    ids, weights = [], []
    with gzip.open(os.path.join(ROOT, "Data", "gazetteer.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("city\t"):
                p = line.split("\t")
                ids.append(int(p[1])); weights.append(max(int(p[8]), 1))
    rng = random.Random(6)
    chosen = set()
    while len(chosen) < offering + requesting:
        chosen.update(rng.choices(ids, weights=weights, k=offering + requesting - len(chosen)))
    chosen = sorted(chosen)
    rng.shuffle(chosen)
    bodies = []
    for city in chosen[:offering]:
        for item in rng.sample(ITEMS, rng.randint(1, 3)):
            bodies.append(("/api/v1/offers", {"cityId": city, "item": item, "quantity": rng.randint(2_000, 60_000)}))
    for city in chosen[offering:]:
        for item in rng.sample(ITEMS, rng.randint(1, 2)):
            bodies.append(("/api/v1/needs", {"cityId": city, "item": item, "quantity": rng.randint(200, 9_000), "urgency": rng.randint(1, 5)}))

    def post(entry):
        path, body = entry
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
        with urllib.request.urlopen(request) as response:
            assert response.status == 201, response.status

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(post, bodies))
    print(f"posted {sum(1 for p, _ in bodies if p.endswith('offers'))} offers and {sum(1 for p, _ in bodies if p.endswith('needs'))} needs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *map(int, sys.argv[3:5]))
