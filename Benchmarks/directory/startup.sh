#!/usr/bin/env bash
# First and second start of `amity serve` (release build): seconds until /healthz answers, and peak memory.
#   Benchmarks/directory/startup.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18080}
trap 'rm -rf "$WORK"' EXIT

start_once() {
  local label=$1 started now pid peak
  started=$(date +%s.%N)
  "$BIN" serve --env production --port "$PORT" --database "$WORK/amity.sqlite" >"$WORK/$label.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/$label.log"; exit 1; }
    sleep 0.02
  done
  now=$(date +%s.%N)
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill -INT "$pid"
  local rc=0
  wait "$pid" || rc=$?
  printf '%-13s %6.2f s to ready   peak RSS %6.1f MiB   exit status on SIGINT: %s\n' "$label" "$(echo "$now - $started" | bc)" "$(echo "$peak / 1024" | bc -l)" "$rc"
}

start_once "first start"
start_once "second start"
ls -l "$WORK"/amity.sqlite* | awk '{printf "%s %.1f MiB\n", $9, $5/1048576}'
