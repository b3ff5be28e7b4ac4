"""The bare SQLite ceiling for sales: one-sale transactions in a loop on the same file as the
server's (WAL, synchronous FULL), each a sale row, two lines and a stock update, as a sale
writes them, with nothing above SQLite but Python's module.

    python3 ceiling.py DATABASE PROGRAMME SECONDS
"""
import sqlite3
import sys
import time

database, programme, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
c = sqlite3.connect(database, isolation_level=None)
c.execute("PRAGMA synchronous=FULL")
outlet = c.execute("SELECT id FROM ration_outlets WHERE programme_id = ? AND code LIKE '9%' ORDER BY id LIMIT 1", (programme,)).fetchone()[0]
people = [row[0] for row in c.execute("SELECT id FROM ration_people WHERE programme_id = ? ORDER BY id DESC LIMIT 10000", (programme,))]
# Seconds since 1970 as a real, as Amity stores its dates on SQLite: a text date would sort after
# every real and count as always recent, for anyone reading a kept (`KEEP=1`) file afterwards.
now = time.time()
n, start = 0, time.monotonic()
while time.monotonic() - start < seconds:
    person = people[n % len(people)]
    c.execute("BEGIN IMMEDIATE")
    sale = c.execute(
        "INSERT INTO ration_sales (programme_id, client_id, fingerprint, outlet_id, holder_id, channel, at, allowed, policy_version, decision)"
        " VALUES (?, ?, ?, ?, ?, 'counter', ?, 1, 8, '{}')", (programme, f"ceiling-{now:.0f}-{n}", "f" * 64, outlet, person, now)).lastrowid
    for _ in range(2):
        c.execute("INSERT INTO ration_sale_lines (sale_id, person_id, class, quantity, amount, channel, donated, at, reversed)"
                  " VALUES (?, ?, 'adult', 10, 4000, 'counter', 0, ?, 0)", (sale, person, now))
    c.execute("UPDATE ration_stock SET on_hand = on_hand - 20 WHERE outlet_id = ? AND class = 'adult'", (outlet,))
    c.execute("COMMIT")
    n += 1
print(f"{n / (time.monotonic() - start):.0f}")
