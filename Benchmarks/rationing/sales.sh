#!/usr/bin/env bash
# Sales over HTTP with a national population loaded: 1,000,000 people and 6,000 outlets (loaded
# by `amity rationing import-people|import-outlets`, timed), 64 terminals (issued by `amity
# rationing issue-terminals`) selling 1-3 cards a sale under Taiwan's last 2020 rules, every sale
# durable before it is answered (SQLite WAL with synchronous FULL; PostgreSQL with fsync on).
# Beside each: the bare database's ceiling in the same run (a loop of one-sale transactions on
# the same SQLite file; pgbench TPC-B on the same PostgreSQL), the plain route GET /api/v1, and
# entitlement questions from residents behind a trusted proxy, each from its own address. Right
# after the sales, the same sales again on a schedule at the target's rate (2,000/s SQLite,
# 1,000/s PostgreSQL): the latency at that load rather than at saturation.
#   Benchmarks/rationing/sales.sh [sqlite] [postgres]     (DURATION=30s ROUNDS=4 PEOPLE=1000000 OUTLETS=6000; KEEP=1 keeps the files)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18085}
DURATION=${DURATION:-30s}
ROUNDS=${ROUNDS:-4}   # turns of the plain route and the entitlement questions, each DURATION/ROUNDS long
ROUND_DURATION=$(( ${DURATION%s} / ROUNDS > 0 ? ${DURATION%s} / ROUNDS : 1 ))s   # DURATION in seconds, as 20s
export PEOPLE=${PEOPLE:-1000000} OUTLETS=${OUTLETS:-6000} TERMINALS=64 THREADS=2
# A country's database is given memory: the people and their index (about 350 MB for 1,000,000)
# stay in PostgreSQL's own cache instead of its default 128 MB.
export POSTGRES_SETTINGS=${POSTGRES_SETTINGS:--c shared_buffers=1GB}
BASE="http://127.0.0.1:$PORT"
export AMITY_DOCUMENT_KEY=$WORK/document.key AMITY_SIGNING_KEY=$WORK/signing.key AMITY_MAIL_DIR=$WORK/mail
export AMITY_GAZETTEER=$PWD/Tests/Fixtures/gazetteer-sample.tsv AMITY_TRUSTED_PROXIES=127.0.0.1
cleanup() {
  [ -n "${PID:-}" ] && kill -INT "$PID" 2>/dev/null || true
  stop_postgres
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

ADULTS=$(python3 Benchmarks/rationing/population.py "$WORK" "$PEOPLE" "$OUTLETS" "$TERMINALS")
export ADULTS



measure() {   # label, then wrk's arguments; prints a table row
  local label=$1; shift
  wrk -t"$THREADS" -c64 -d"$DURATION" --latency "$@" >"$WORK/wrk.txt" 2>"$WORK/wrk.err"
  RATE=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") P99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
  local errors; errors=$(grep -c . "$WORK/wrk.err" || true)
  if grep -q "Non-2xx\|Socket errors" "$WORK/wrk.txt" || [ "$errors" -gt 0 ]; then
    { echo "errors in $label:"; cat "$WORK/wrk.txt"; head -5 "$WORK/wrk.err"; } >&2; exit 1
  fi
  printf '| %s | %s | %s | %s | %s |\n' "$TARGET" "$label" "$RATE" \
    "$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")" "$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")"
}

run() {
  serve
  PROGRAMME=$(curl -fs "$BASE/api/v1/rationing/programmes" | python3 -c 'import json, sys; print(next(p["id"] for p in json.load(sys.stdin) if p.get("countryCode") == "TW"))')
  export PROGRAMME
  halt
  local started; started=$(date +%s.%N)
  "$BIN" rationing import-outlets --programme "$PROGRAMME" --database "$DATABASE" "$WORK/outlets.csv" >/dev/null
  local outlets; outlets=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
  started=$(date +%s.%N)
  "$BIN" rationing import-people --programme "$PROGRAMME" --database "$DATABASE" "$WORK/people.csv" >/dev/null
  local people; people=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
  echo "  $TARGET: import-outlets $OUTLETS outlets in ${outlets}s; import-people $PEOPLE people in ${people}s" >&2
  sql "INSERT INTO ration_stock (outlet_id, class, on_hand) SELECT o.id, k.class, 1000000000 FROM ration_outlets o
       CROSS JOIN (SELECT 'adult' AS class UNION ALL SELECT 'child') k WHERE o.programme_id = $PROGRAMME AND o.code LIKE '9%'" >/dev/null
  "$BIN" rationing issue-terminals --programme "$PROGRAMME" --database "$DATABASE" "$WORK/terminals.csv" >"$WORK/tokens.csv" 2>/dev/null
  # Measured on a settled database, as after a night's load: the million rows just written vacuumed
  # and counted, and the log they left flushed, rather than autovacuum and a checkpoint mid-run.
  if [ "$TARGET" = sqlite ]; then sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; else sql "VACUUM (ANALYZE)" >/dev/null; sql "CHECKPOINT" >/dev/null; fi
  export TOKENS=$WORK/tokens.csv
  serve
  RUN=warm START=0.75 DURATION=5s measure "warm-up" -s Benchmarks/rationing/sales.lua "$BASE" >/dev/null
  PEOPLE_BEFORE=$(sql "SELECT count(*) FROM ration_sale_lines")
  RUN=bench measure "sales, 1-3 cards, 64 terminals" -s Benchmarks/rationing/sales.lua "$BASE"
  echo "  $TARGET: $(sql "SELECT count(*), count(*) FILTER (WHERE allowed) FROM ration_sales WHERE client_id LIKE 'bench-%'" | tr '|' ' ' | awk '{print $1 " sales, " $2 " allowed"}'), $(( $(sql "SELECT count(*) FROM ration_sale_lines") - PEOPLE_BEFORE )) lines" >&2
  # The same terminals at the target's rate, on a schedule: the latency a sale sees at that load.
  local target; if [ "$TARGET" = sqlite ]; then target=2000; else target=1000; fi
  RUN=paced START=0.4 PACE=$target measure "sales at $target a second (scheduled), 64 terminals" -s Benchmarks/rationing/sales.lua "$BASE"
  # The plain route and the entitlement questions in turns, ROUNDS of each: the machine's speed
  # drifts by a quarter within minutes, and two back-to-back runs compared its drift, not the routes.
  local plain=() entitled=() worst=() round
  for round in $(seq 1 "$ROUNDS"); do
    DURATION=$ROUND_DURATION measure "plain route GET /api/v1, round $round" "$BASE/api/v1" >/dev/null; plain+=("$RATE")
    ROUND=$round DURATION=$ROUND_DURATION measure "entitlement, round $round" -s Benchmarks/rationing/entitlement.lua "$BASE" >/dev/null; entitled+=("$RATE"); worst+=("$P99")
  done
  python3 - "$TARGET" "${plain[*]}" "${entitled[*]}" "${worst[*]}" <<'PY'
import statistics, sys
target, plain, entitled = sys.argv[1], list(map(float, sys.argv[2].split())), list(map(float, sys.argv[3].split()))
def ms(text):  # wrk writes 850.00us, 14.20ms or 1.20s
    for unit, scale in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(unit): return float(text[:-len(unit)]) * scale
worst = max(sys.argv[4].split(), key=ms)
shares = [e / p for p, e in zip(plain, entitled)]
print(f"| {target} | plain route GET /api/v1, {len(plain)} rounds taken in turns with the next row | {statistics.mean(plain):.0f} | | |")
print(f"| {target} | entitlement, each from its own address, in turns with the row above | {statistics.mean(entitled):.0f} | | {worst} (the worst round's) |")
print(f"  {target}: entitlement/plain by round " + ", ".join(f"{100 * s:.0f} %" for s in shares) + f"; of the means {100 * statistics.mean(entitled) / statistics.mean(plain):.1f} %", file=sys.stderr)
PY
  echo "  $TARGET: server peak RSS $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$PID/status")" >&2
  halt
  if [ "$TARGET" = sqlite ]; then
    echo "| sqlite | ceiling: one-sale transactions in a loop (Python sqlite3, same file) | $(python3 Benchmarks/rationing/ceiling.py "$DATABASE" "$PROGRAMME" 10) | | |"
  else
    "$PGBIN/createdb" -h 127.0.0.1 -p 55435 -U amity pgbench
    "$PGBIN/pgbench" -h 127.0.0.1 -p 55435 -U amity -i -q -s 16 pgbench >/dev/null 2>&1
    echo "| postgres | ceiling: pgbench TPC-B, 64 clients, same cluster | $("$PGBIN/pgbench" -h 127.0.0.1 -p 55435 -U amity -c 64 -j 2 -T 20 pgbench 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}') | | |"
  fi
}

echo "| database | what | per second | p50 | p99 |"
echo "| --- | --- | --- | --- | --- |"
for TARGET in ${*:-sqlite postgres}; do
  case $TARGET in
    sqlite) DATABASE=$WORK/amity.sqlite; run ;;
    postgres)
      start_postgres 55435
      DATABASE=$POSTGRES_URL; run
      stop_postgres ;;
  esac
done
