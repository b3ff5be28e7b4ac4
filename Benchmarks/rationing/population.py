"""A national population for the sales benchmark: people P000000000 ... (70% adults born
1950-2003, 30% children born 2004-2019, each birth date a function of the number so the load
scripts can ask entitlement questions without a table), outlets across Taiwan's bounding box,
and the outlets that get the terminals.

    python3 population.py FOLDER [PEOPLE] [OUTLETS] [TERMINALS]
"""
import csv
import sys

ADULT_SHARE = 0.7


def birth(n, adults):
    """Year, month, day of person n: sales.lua and entitlement.lua compute the same."""
    if n < adults:
        year = 1950 + n % 54
    else:
        year = 2004 + n % 16
    return f"{year:04d}-{1 + n % 12:02d}-{1 + n % 28:02d}"


def main():
    folder = sys.argv[1]
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    outlets = int(sys.argv[3]) if len(sys.argv) > 3 else 6_000
    terminals = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    adults = int(people * ADULT_SHARE)
    with open(f"{folder}/people.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["document", "documentType", "birth", "household", "district"])
        for n in range(people):
            w.writerow([f"P{n:09d}", "nhi", birth(n, adults), f"H{n // 3}", "臺灣"])
    with open(f"{folder}/outlets.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "address", "latitude", "longitude", "kind"])
        for n in range(outlets):
            lat = 22.0 + (n * 7919 % 3000) / 1000
            lon = 120.0 + (n * 104729 % 2000) / 1000
            w.writerow([f"9{n:09d}", f"Benchmark pharmacy {n}", f"Benchmark road {n}", f"{lat:.4f}", f"{lon:.4f}", "pharmacy"])
    with open(f"{folder}/terminals.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["outlet", "name"])
        step = max(1, outlets // terminals)
        for t in range(terminals):
            w.writerow([f"9{t * step:09d}", f"Counter {t + 1}"])
    print(adults)


if __name__ == "__main__":
    main()
