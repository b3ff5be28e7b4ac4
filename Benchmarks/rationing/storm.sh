#!/usr/bin/env bash
# Admission control (I10): sales on a schedule at the target's rate (2,000/s SQLite, 1,000/s
# PostgreSQL), first alone, then while a storm of 2,000 sign-in attempts a second runs for 60 s
# (three in four residents signing in with an unknown address, one in four terminals with an
# unknown token, each from its own address behind the trusted proxy). Production password cost
# (bcrypt 12). Reports the sales' latency with and without the storm, and how the storm was
# answered: its latency, and its answers by status (429 when past capacity).
#   Benchmarks/rationing/storm.sh [sqlite] [postgres]     (PEOPLE=200000 OUTLETS=6000 STORM=2000 DURATION=30s)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18087}
DURATION=${DURATION:-30s}
export PEOPLE=${PEOPLE:-200000} OUTLETS=${OUTLETS:-6000} TERMINALS=64 THREADS=2 STORM=${STORM:-2000}
export POSTGRES_SETTINGS=${POSTGRES_SETTINGS:--c shared_buffers=1GB}
BASE="http://127.0.0.1:$PORT"
export AMITY_DOCUMENT_KEY=$WORK/document.key AMITY_SIGNING_KEY=$WORK/signing.key AMITY_MAIL_DIR=$WORK/mail
export AMITY_GAZETTEER=$PWD/Tests/Fixtures/gazetteer-sample.tsv AMITY_TRUSTED_PROXIES=127.0.0.1
cleanup() { [ -n "${PID:-}" ] && kill -INT "$PID" 2>/dev/null || true; stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT
ADULTS=$(python3 Benchmarks/rationing/population.py "$WORK" "$PEOPLE" "$OUTLETS" "$TERMINALS")
export ADULTS

row() {   # label, wrk's output file
  printf '| %s | %s | %s | %s | %s | %s |\n' "$TARGET" "$1" "$(awk '/Requests\/sec/ {print $2}' "$2")" \
    "$(awk '$1=="50%" {print $2}' "$2")" "$(awk '$1=="99%" {print $2}' "$2")" "$(awk '/Non-2xx/ {print $NF}' "$2")"
}

run() {
  serve
  PROGRAMME=$(curl -fs "$BASE/api/v1/rationing/programmes" | python3 -c 'import json, sys; print(next(p["id"] for p in json.load(sys.stdin) if p.get("countryCode") == "TW"))')
  export PROGRAMME
  halt
  "$BIN" rationing import-outlets --programme "$PROGRAMME" --database "$DATABASE" "$WORK/outlets.csv" >/dev/null
  "$BIN" rationing import-people --programme "$PROGRAMME" --database "$DATABASE" "$WORK/people.csv" >/dev/null
  sql "INSERT INTO ration_stock (outlet_id, class, on_hand) SELECT o.id, k.class, 1000000000 FROM ration_outlets o
       CROSS JOIN (SELECT 'adult' AS class UNION ALL SELECT 'child') k WHERE o.programme_id = $PROGRAMME AND o.code LIKE '9%'" >/dev/null
  "$BIN" rationing issue-terminals --programme "$PROGRAMME" --database "$DATABASE" "$WORK/terminals.csv" >"$WORK/tokens.csv" 2>/dev/null
  if [ "$TARGET" = sqlite ]; then sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; else sql "VACUUM (ANALYZE)" >/dev/null; sql "CHECKPOINT" >/dev/null; fi
  export TOKENS=$WORK/tokens.csv
  serve
  local target=${RATE:-}; [ -n "$target" ] || if [ "$TARGET" = sqlite ]; then target=2000; else target=1000; fi
  RUN=warm START=0.9 DURATION=5s wrk -t2 -c64 -d5s -s Benchmarks/rationing/sales.lua "$BASE" >/dev/null 2>&1
  RUN=alone START=0 PACE=$target wrk -t2 -c64 -d"$DURATION" --latency -s Benchmarks/rationing/sales.lua "$BASE" >"$WORK/alone.txt" 2>"$WORK/alone.err"
  row "sales at $target a second (scheduled), alone" "$WORK/alone.txt"
  # The storm for 60 s; the sales start 5 s into it and run DURATION.
  PACE=$STORM wrk -t2 -c128 -d60s --latency -s Benchmarks/rationing/storm.lua "$BASE" >"$WORK/storm.txt" 2>"$WORK/storm.err" &
  local storm=$!
  sleep 5
  # One client beside the storm, one attempt at a time: how long its refusals take.
  python3 Benchmarks/rationing/probe.py "$BASE" 300 >"$WORK/probe.txt" &
  local probe=$!
  RUN=storm START=0.3 PACE=$target wrk -t2 -c64 -d"$DURATION" --latency -s Benchmarks/rationing/sales.lua "$BASE" >"$WORK/during.txt" 2>"$WORK/during.err"
  row "sales at $target a second (scheduled), during the storm" "$WORK/during.txt"
  wait "$probe" || true
  wait "$storm" || true
  row "the storm: $STORM sign-in attempts a second for 60 s (scheduled)" "$WORK/storm.txt"
  echo "  $TARGET: $(cat "$WORK/storm.err"); storm latency $(awk '$1=="90%" || $1=="99%" {printf "%s %s  ", $1, $2}' "$WORK/storm.txt")" >&2
  echo "  $TARGET: one attempt at a time during the storm: $(tr '\n' ';' < "$WORK/probe.txt")" >&2
  for file in alone during; do
    if [ -s "$WORK/$file.err" ]; then echo "  $TARGET: sales $file answered other than 200/201:" >&2; head -3 "$WORK/$file.err" >&2; fi
  done
  echo "  $TARGET: $(grep -c . "$WORK/serve.log" || true) lines in the server's log; server peak RSS $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$PID/status")" >&2
  halt
}

echo "| database | what | per second | p50 | p99 | not 2xx |"
echo "| --- | --- | --- | --- | --- | --- |"
for TARGET in ${*:-sqlite postgres}; do
  case $TARGET in
    sqlite) DATABASE=$WORK/amity.sqlite; run ;;
    postgres) start_postgres 55438; DATABASE=$POSTGRES_URL; run; stop_postgres ;;
  esac
done
