#!/usr/bin/env bash
# The directory's reads over HTTP, each beside the plain route of the same server in the same run:
# city search (20 prefixes of 1-4 characters in Latin, Han, kana and Hangul, first and second
# pages), city pages over every city (shuffled: almost every request a first visit), the same
# 500 cities again and again, and network pages; on SQLite and PostgreSQL, production and
# development environments, the full gazetteer and the demo data.
#   Benchmarks/directory/reads.sh [sqlite] [postgres]      (DURATION=10s, ENVS="production development")
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18084}
DURATION=${DURATION:-10s}
BASE="http://127.0.0.1:$PORT"
cleanup() {
  [ -n "${PID:-}" ] && kill -INT "$PID" 2>/dev/null || true
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT

measure() {   # label, then wrk's arguments; prints requests/s, p50, p99
  wrk -t2 -c32 -d"$DURATION" --latency "$@" >"$WORK/wrk.txt"
  if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "errors in $1"; cat "$WORK/wrk.txt"; exit 1; fi
  RATE=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  P50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt"); P99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
}

row() {
  local label=$1; shift
  measure "$@"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$TARGET $ENV" "$label" "$RATE" \
    "$(awk -v r="$RATE" -v p="$PLAIN" 'BEGIN {printf "%.2f", r / p}')" "$P50" "$P99"
}

run() {
  local database=$1
  for ENV in ${ENVS:-production development}; do
    "$BIN" serve --env "$ENV" --demo --log warning --port "$PORT" --database "$database" >"$WORK/serve.log" 2>&1 &
    PID=$!
    until curl -fs "$BASE/healthz" >/dev/null 2>&1; do sleep 0.2; done
    sleep 8   # the gazetteer loads into memory beside the first requests
    python3 Benchmarks/directory/targets.py "$BASE" "$WORK" >/dev/null
    measure "$BASE/api/v1"; PLAIN=$RATE
    printf '| %s | %s | %s | %s | %s | %s |\n' "$TARGET $ENV" "plain route GET /api/v1" "$PLAIN" "1" "$P50" "$P99"
    row "city search, 31 first and second pages" -s "$WORK/search.lua" "$BASE"
    row "city pages, 34,008 cities shuffled" -s "$WORK/cities.lua" "$BASE"
    row "city pages, 500 cities again and again" -s "$WORK/hot.lua" "$BASE"
    row "network pages and the list" -s "$WORK/networks.lua" "$BASE"
    echo "  server peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' /proc/$PID/status)"
    kill -INT "$PID"; wait "$PID" || true; PID=
  done
}

echo "| database, environment | route | requests/s | share of plain | p50 | p99 |"
echo "| --- | --- | --- | --- | --- | --- |"
for TARGET in ${*:-sqlite postgres}; do
  case $TARGET in
    sqlite) run "$WORK/amity.sqlite" ;;
    postgres)
      start_postgres 55434
      run "$POSTGRES_URL" ;;
  esac
done
