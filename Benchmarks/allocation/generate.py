#!/usr/bin/env python3
"""Writes allocation instances as DIMACS min-cost flow files.

    python3 Benchmarks/allocation/generate.py small|medium|large|wide|national|continental [--seed N] [--shuffle] [--out DIR]

N supplier cities and M requesting cities are drawn from Amity's gazetteer (weighted by
population, jittered when more are needed than it holds). Several item types; each requester
needs some of them and is linked, for each, to its K nearest suppliers of that item plus some
partner cities (sister cities: half the cost per unit), and a share of pairs is banned (left
out). Lanes have capacities. The easy members (small, medium, large): four items, one or two
partners, 5% banned, capacities within one order of magnitude. The hard ones (wide, national,
continental): fewer and so larger items (components of 30,000, 90,000 and 330,000 nodes), one to four partners, 10%
banned, and supplies, demands and lane capacities drawn log-uniformly over six to nine orders of
magnitude (a town's hundred masks beside a national stockpile). An unmet-demand source (a high cost per unit to each
requester, free to the sink) and an excess-supply sink (free from each supplier) close every
item's network, so every instance is feasible and
each item is a component of its own.

Needs numpy and scipy.
"""
import argparse, gzip, math, os, sys
import numpy as np
from scipy.spatial import cKDTree

# suppliers, requesters, K nearest, items, wide quantities, partners (low, high exclusive), banned share
SIZES = {
    "small": (200, 2_000, 20, 4, False, (1, 3), 0.05),
    "medium": (2_000, 20_000, 20, 4, False, (1, 3), 0.05),
    "large": (10_000, 100_000, 10, 4, False, (1, 3), 0.05),
    "wide": (3_000, 30_000, 16, 2, True, (1, 5), 0.10),
    "national": (10_000, 100_000, 12, 3, True, (1, 5), 0.10),
    "continental": (30_000, 300_000, 12, 1, True, (1, 5), 0.10),   # one item: one component of 330,000 nodes
}
SEEDS = {"small": 1, "medium": 2, "large": 3, "wide": 4, "national": 5, "continental": 6}
UNMET_COST = 1_000_000   # per unit left unmet: more than any delivery costs
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cities():
    lats, lons, pops = [], [], []
    with gzip.open(os.path.join(ROOT, "Data", "gazetteer.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("city\t"):
                p = line.rstrip("\n").split("\t")
                lats.append(float(p[6])); lons.append(float(p[7])); pops.append(max(int(p[8]), 1))
    return np.array(lats), np.array(lons), np.array(pops, dtype=float)


def unit_vectors(lat, lon):
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def km(a, b):
    return 6371.0 * 2 * np.arcsin(np.clip(np.linalg.norm(a - b, axis=-1) / 2, 0, 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("size", choices=SIZES)
    parser.add_argument("--out", default=os.path.join(ROOT, "Benchmarks", "allocation", "instances"))
    parser.add_argument("--seed", type=int, help="another member of the family, written as SIZE-SEED.min")
    parser.add_argument("--shuffle", action="store_true", help="nodes renumbered and arcs listed in a random order")
    args = parser.parse_args()
    n_sup, n_req, k, items, wide, partners, banned = SIZES[args.size]
    rng = np.random.default_rng(SEEDS[args.size] if args.seed is None else args.seed)

    def log_uniform(low, high, shape):
        return np.exp(rng.uniform(np.log(low), np.log(high), shape)).astype(np.int64)

    def lane_capacity():
        return int(log_uniform(1, 2_700_000_000, 1)[0]) if wide else int(rng.integers(500, 6_000))

    lat, lon, pop = cities()
    picks = rng.choice(len(lat), size=n_sup + n_req, replace=n_sup + n_req > len(lat), p=pop / pop.sum())
    plat = np.clip(lat[picks] + rng.normal(0, 0.05, len(picks)), -89.9, 89.9)
    plon = (lon[picks] + rng.normal(0, 0.05, len(picks)) + 180) % 360 - 180
    xyz = unit_vectors(plat, plon)
    sup_xyz, req_xyz = xyz[:n_sup], xyz[n_sup:]

    offers = rng.random((n_sup, items)) < 0.7          # which items each supplier offers
    needs = rng.random((n_req, items)) < (0.8 if wide else 0.625)  # which items each requester needs
    if wide:
        supply = log_uniform(100, 100_000_000, (n_sup, items)) * offers
        demand = log_uniform(10, 10_000_000, (n_req, items)) * needs
    else:
        supply = rng.integers(2_000, 60_000, (n_sup, items)) * offers
        demand = rng.integers(200, 9_000, (n_req, items)) * needs

    # Node numbering per item: suppliers, requesters, unmet source, excess sink.
    per_item = n_sup + n_req + 2
    lines_n, arcs = [], []
    for t in range(items):
        base = t * per_item
        sup_node = lambda i: base + i + 1
        req_node = lambda j: base + n_sup + j + 1
        unmet, excess = base + n_sup + n_req + 1, base + n_sup + n_req + 2
        offering = np.nonzero(offers[:, t])[0]
        tree = cKDTree(sup_xyz[offering])
        requesting = np.nonzero(needs[:, t])[0]
        kk = min(k, len(offering))
        _, nearest = tree.query(req_xyz[requesting], k=kk)
        nearest = nearest.reshape(len(requesting), kk)
        for row, j in enumerate(requesting):
            linked = set()
            for s in offering[nearest[row]]:
                if rng.random() < banned:                # a national rule bans this pair
                    continue
                linked.add(int(s))
                d = km(sup_xyz[s], req_xyz[j])
                arcs.append((sup_node(s), req_node(j), lane_capacity(), int(round(d))))
            for s in rng.choice(offering, size=min(len(offering), int(rng.integers(*partners))), replace=False):
                if int(s) in linked:
                    continue
                linked.add(int(s))
                d = km(sup_xyz[s], req_xyz[j])
                arcs.append((sup_node(int(s)), req_node(j), lane_capacity(), int(round(d * 0.5))))
        total_supply, total_demand = int(supply[:, t].sum()), int(demand[:, t].sum())
        for i in offering:
            lines_n.append(f"n {sup_node(i)} {supply[i, t]}")
            arcs.append((sup_node(i), excess, int(supply[i, t]), 0))
        for j in requesting:
            lines_n.append(f"n {req_node(j)} {-demand[j, t]}")
            arcs.append((unmet, req_node(j), int(demand[j, t]), UNMET_COST))
        arcs.append((unmet, excess, total_demand, 0))    # unmet supply that is not needed
        lines_n.append(f"n {unmet} {total_demand}")
        lines_n.append(f"n {excess} {-total_supply}")

    if args.shuffle:   # the same network; a solver should not care how it is listed
        order = np.random.default_rng(1_000 + (args.seed or 0))
        label = np.concatenate(([0], order.permutation(items * per_item) + 1))
        arcs = [(int(label[t]), int(label[h]), c, w) for t, h, c, w in (arcs[i] for i in order.permutation(len(arcs)))]
        lines_n = [f"n {label[int(line.split()[1])]} {line.split()[2]}" for line in lines_n]

    os.makedirs(args.out, exist_ok=True)
    name = args.size + ("" if args.seed is None else f"-{args.seed}") + ("-shuffled" if args.shuffle else "")
    path = os.path.join(args.out, f"{name}.min")
    with open(path, "w") as f:
        f.write(f"c Amity allocation benchmark '{args.size}': {n_sup} suppliers, {n_req} requesters, K={k}, {items} items\n")
        f.write(f"p min {items * per_item} {len(arcs)}\n")
        f.write("\n".join(lines_n) + "\n")
        f.write("".join(f"a {t} {h} 0 {c} {w}\n" for t, h, c, w in arcs))
    print(f"{path}: {items * per_item} nodes, {len(arcs)} arcs")


if __name__ == "__main__":
    main()
