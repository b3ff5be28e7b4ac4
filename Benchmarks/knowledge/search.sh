#!/usr/bin/env bash
# Search over 100,000 generated practices in six languages, on SQLite and on a throwaway
# PostgreSQL on loopback: the time to index them, then p50/p95/p99 of ranked, filtered queries
# through the API (one client, keep-alive).
#   Benchmarks/knowledge/search.sh [sqlite] [postgres]     (COUNT=100000 REQUESTS=2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18084}
COUNT=${COUNT:-100000}
REQUESTS=${REQUESTS:-2000}
cleanup() { stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT

run() {
  local label=$1 kind=$2 database=$3
  echo "== $label"
  "$BIN" serve --env production --demo --log warning --port "$PORT" --database "$database" >"$WORK/first.log" 2>&1 &
  local pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.5; done  # first start: gazetteer and demo data
  kill -INT $pid; wait $pid || true
  python3 Benchmarks/knowledge/generate.py "$kind" "$database" "$COUNT"
  /usr/bin/time -f "reindex: %e s, peak RSS %M KiB" "$BIN" search reindex --database "$database" --log warning | tail -n 1
  "$BIN" serve --env production --log warning --port "$PORT" --database "$database" >"$WORK/serve.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.2; done
  python3 Benchmarks/knowledge/latency.py "http://127.0.0.1:$PORT" "$REQUESTS"
  echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
  kill -INT $pid; wait $pid || true
}

for target in ${*:-sqlite postgres}; do
  case $target in
    sqlite) run SQLite sqlite "$WORK/amity.sqlite" ;;
    postgres)
      start_postgres 55434
      run PostgreSQL postgres "$POSTGRES_URL" ;;
  esac
done
