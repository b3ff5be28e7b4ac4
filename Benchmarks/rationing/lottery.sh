#!/usr/bin/env bash
# A pre-order round's public draw at eMask's size (TW-16): 2.40 M entrants for 2.33 M places
# (round 1's cap was 7 M masks for 2.33 M people). Times `amity rationing draw --round N` (read
# every ticket, rank them by SHA-256 of seed and ticket, set every entry's outcome and each
# winner's place, publish the seed: one transaction) and `--verify` (read the published seed,
# tickets and winners, run the draw again, compare), with each one's peak memory. Entrants and
# the round are written straight into SQLite; the winners' orders, which the server's job makes
# afterwards, are not timed here.
#   Benchmarks/rationing/lottery.sh        (ENTRIES=2400000 CAP=2330000)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18087}
ENTRIES=${ENTRIES:-2400000}
CAP=${CAP:-2330000}
TARGET=sqlite
DATABASE=$WORK/amity.sqlite
export AMITY_DOCUMENT_KEY=$WORK/document.key AMITY_SIGNING_KEY=$WORK/signing.key AMITY_MAIL_DIR=$WORK/mail
export AMITY_GAZETTEER=$PWD/Tests/Fixtures/gazetteer-sample.tsv
cleanup() { [ -n "${PID:-}" ] && kill -INT "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

serve
halt
python3 - "$DATABASE" "$ENTRIES" "$CAP" <<'PY'
import hashlib, random, sqlite3, sys, time
db, entries, cap = sqlite3.connect(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
programme = db.execute("SELECT id FROM ration_programmes WHERE country_code = 'TW'").fetchone()[0]
outlets = [r[0] for r in db.execute("SELECT id FROM ration_outlets WHERE programme_id = ? AND is_test = 0", (programme,))]
now = time.time()
random.seed(2020)
seed = "%064x" % random.getrandbits(256)
db.execute("""INSERT INTO ration_rounds (programme_id, name, class, quantity, cap, allocation, taken, opens_at, closes_at, pickup_from, pickup_until,
              seed, seed_hash, created_at) VALUES (?, 'eMask round 1', 'adult', 9, ?, 'lottery', 0, ?, ?, ?, ?, ?, ?, ?)""",
           (programme, cap, now - 7 * 86400, now - 60, now, now + 14 * 86400, seed, hashlib.sha256(seed.encode()).hexdigest(), now - 7 * 86400))
round_id = db.execute("SELECT max(id) FROM ration_rounds").fetchone()[0]
first = db.execute("SELECT coalesce(max(id), 0) FROM ration_people").fetchone()[0] + 1
db.executemany("""INSERT INTO ration_people (programme_id, document_key, document_type, last_digit, birth, flags, district, created_at)
                  VALUES (?, ?, 'nhi', ?, '1980', '', 'Taipei', ?)""",
               ((programme, "bench-%d" % n, n % 10, now) for n in range(entries)))
alphabet, seen = "0123456789ABCDEFGHJKMNPQRSTVWXYZ", set()
def ticket():
    while True:
        t = "".join(random.choice(alphabet) for _ in range(10))
        if t not in seen:
            seen.add(t)
            return t
db.executemany("""INSERT INTO ration_round_entries (round_id, person_id, ticket, outlet_id, entered_at, renew)
                  VALUES (?, ?, ?, ?, ?, 0)""",
               ((round_id, first + n, ticket(), outlets[n % len(outlets)], now - 7 * 86400 + n * 0.2) for n in range(entries)))
db.commit()
print(round_id)
PY
ROUND=$(sql "SELECT max(id) FROM ration_rounds")
timed() {   # label, then the command; its output in $WORK/out.csv
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/out.csv" 2>"$WORK/err.txt" || { cat "$WORK/err.txt" >&2; exit 1; }
  read -r seconds kib <"$WORK/time.txt"
  printf '| %s | %s | %s s | %s MiB |\n' "$label" "$(printf "%'d of %'d" "$CAP" "$ENTRIES")" "$seconds" "$((kib / 1024))"
}
echo "| step | winners of entrants | wall time | peak RSS |"
echo "| --- | --- | --- | --- |"
timed "draw (rank, outcomes, places, seed published)" "$BIN" rationing draw --round "$ROUND" --database "$DATABASE"
cp "$WORK/out.csv" "$WORK/drawn.csv"
timed "verify from the published files" "$BIN" rationing draw --round "$ROUND" --verify --database "$DATABASE"
cmp -s "$WORK/out.csv" "$WORK/drawn.csv" || { echo "the verification printed other winners" >&2; exit 1; }
test "$(($(wc -l <"$WORK/out.csv") - 1))" = "$CAP" || { echo "not exactly the cap" >&2; exit 1; }
