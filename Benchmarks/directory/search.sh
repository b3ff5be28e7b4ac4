#!/usr/bin/env bash
# City search by name over HTTP, next to a plain route of the same server in the same run.
#   Benchmarks/directory/search.sh          (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product amity >/dev/null
BIN=$(swift build -c release --show-bin-path)/amity
WORK=$(mktemp -d)
PORT=${PORT:-18081}
DURATION=${DURATION:-15s}
"$BIN" serve --env production --log warning --port "$PORT" --database "$WORK/amity.sqlite" >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill -INT $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.1; done

run() {
  local label=$1; shift
  wrk -t2 -c32 -d"$DURATION" --latency "$@" >"$WORK/wrk.txt"
  printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$label" \
    "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")" \
    "$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")" "$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")"
}

curl -fs "http://127.0.0.1:$PORT/api/v1/cities?q=tai" >/dev/null   # warm the caches
run "plain route GET /api/v1" "http://127.0.0.1:$PORT/api/v1"
run "city search (12 queries)" -s Benchmarks/directory/search.lua "http://127.0.0.1:$PORT"
