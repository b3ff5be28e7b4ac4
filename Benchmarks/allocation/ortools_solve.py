#!/usr/bin/env python3
"""Solves a DIMACS min-cost flow file with Google OR-Tools' SimpleMinCostFlow and prints the
optimal cost, the solve time and the process's peak memory (after reading the file, and in all),
in the lines `amity allocate` prints. One thread: SimpleMinCostFlow has no parallel solve.

    python3 Benchmarks/allocation/ortools_solve.py FILE      (pip install ortools numpy)
"""
import resource, sys, time
import numpy as np
from ortools.graph.python import min_cost_flow


def main(path):
    started = time.perf_counter()
    with open(path, "rb") as f:
        data = f.read()
    nodes = None
    supplies = None
    arc_rows = []
    for line in data.split(b"\n"):
        if not line:
            continue
        kind = line[:1]
        if kind == b"a":
            arc_rows.append(line)
        elif kind == b"n":
            _, i, s = line.split()
            supplies[int(i) - 1] += int(s)
        elif kind == b"p":
            _, _, n, m = line.split()
            nodes = int(n)
            supplies = np.zeros(nodes, dtype=np.int64)
    arcs = np.array(b" ".join(row[2:] for row in arc_rows).split(), dtype=np.int64).reshape(-1, 5)
    del arc_rows, data
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(arcs[:, 0] - 1, arcs[:, 1] - 1, arcs[:, 3] - arcs[:, 2], arcs[:, 4])
    smcf.set_nodes_supplies(np.arange(nodes), supplies)
    read = time.perf_counter() - started
    read_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    solve_start = time.perf_counter()
    status = smcf.solve()
    solved = time.perf_counter() - solve_start
    if status != smcf.OPTIMAL:
        sys.exit(f"OR-Tools: status {status}")
    cost = smcf.optimal_cost() + int((arcs[:, 2] * arcs[:, 4]).sum())
    print(f"c optimal cost: {cost}")
    print(f"c read time: {read:.3f} s")
    print(f"c solve time: {solved:.3f} s")
    print(f"c peak memory after reading: {read_peak:.1f} MiB")
    print(f"c peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main(sys.argv[1])
