#!/usr/bin/env bash
# The open stock feeds (spec §4) with 25,000 outlets loaded, as Korea had in 2020: how long a
# snapshot takes to read and write (the first request after a start, five starts), conditional
# reads answered 304, Korea's storesByGeo (typical: anywhere in the country within 500-5,000 m;
# hard: inside the dense capital within 5,000 m, hundreds of stores an answer), and whole files in
# MB/s plain and gzipped. A third of the outlets sit in a 30 x 40 km capital; names and addresses
# carry commas and quotes, which Taiwan's CSV must turn full-width.
#   Benchmarks/rationing/feeds.sh [sqlite] [postgres]     (DURATION=10s OUTLETS=25000)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18086}
DURATION=${DURATION:-10s}
export OUTLETS=${OUTLETS:-25000}
BASE="http://127.0.0.1:$PORT"
export AMITY_DOCUMENT_KEY=$WORK/document.key AMITY_SIGNING_KEY=$WORK/signing.key AMITY_MAIL_DIR=$WORK/mail
export AMITY_GAZETTEER=$PWD/Tests/Fixtures/gazetteer-sample.tsv
cleanup() { [ -n "${PID:-}" ] && kill -INT "$PID" 2>/dev/null || true; stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$WORK/outlets.csv" "$OUTLETS" <<'PY'
import csv, random, sys
random.seed(2020)
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["code", "name", "address", "phone", "latitude", "longitude", "kind"])
    for n in range(int(sys.argv[2])):
        if n % 3 == 0:   # the capital: 37.43-37.70 N, 126.80-127.18 E
            lat, lng, city = random.uniform(37.43, 37.70), random.uniform(126.80, 127.18), "서울특별시"
        else:            # the rest of the country
            lat, lng, city = random.uniform(34.6, 38.3), random.uniform(126.3, 129.4), "경상북도"
        kind = "post-office" if n % 17 == 0 else "pharmacy"
        w.writerow([f"{n:08d}", f'약국 "{n}", 본점', f"{city} 예시구 예시로 {n}, 1층", f"02-{n:07d}", f"{lat:.6f}", f"{lng:.6f}", kind])
PY

measure() {   # label, then wrk's arguments
  local label=$1; shift
  wrk -t2 -c64 -d"$DURATION" --latency "$@" >"$WORK/wrk.txt" 2>&1
  if grep -q "Non-2xx\|Socket errors" "$WORK/wrk.txt"; then { echo "errors in $label:"; cat "$WORK/wrk.txt"; } >&2; exit 1; fi
  local rate; rate=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$TARGET" "$label" "$rate" "$(awk '/Transfer\/sec/ {print $2}' "$WORK/wrk.txt")" \
    "$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")" "$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")"
}

run() {
  serve
  PROGRAMME=$(curl -fs "$BASE/api/v1/rationing/programmes" | python3 -c 'import json, sys; print(next(p["id"] for p in json.load(sys.stdin) if p.get("countryCode") == "KR"))')
  export PROGRAMME
  halt
  "$BIN" rationing import-outlets --programme "$PROGRAMME" --database "$DATABASE" "$WORK/outlets.csv" >/dev/null
  sql "INSERT INTO ration_stock (outlet_id, class, on_hand) SELECT id, 'mask', (id * 7919) % 250 FROM ration_outlets WHERE programme_id = $PROGRAMME AND code NOT LIKE '1%' AND code NOT LIKE '2%'" >/dev/null
  local first=()
  for start in 1 2 3 4 5; do
    serve
    first+=("$(curl -fs -o /dev/null -w '%{time_total}' "$BASE/api/v1/rationing/programmes/$PROGRAMME/feeds/maskdata.csv")")
    [ "$start" -lt 5 ] && halt
  done
  printf '| %s | snapshot read and every feed written, first request after a start (5 starts) | %s s | | | |\n' "$TARGET" "$(printf '%s\n' "${first[@]}" | sort -n | tr '\n' ' ')"
  local feed=$BASE/api/v1/rationing/programmes/$PROGRAMME/feeds
  for name in maskdata.csv stock.csv stock.geojson; do
    echo "  $TARGET: $name $(curl -fs "$feed/$name" | wc -c) bytes, gzipped $(curl -fs -H 'Accept-Encoding: gzip' "$feed/$name" | wc -c)" >&2
  done
  local tag; tag=$(curl -fsI -H 'Accept-Encoding: gzip' "$feed/maskdata.csv" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
  MODE=held FEED=maskdata.csv TAG=$tag measure "maskdata.csv with If-None-Match (304)" -s Benchmarks/rationing/feeds.lua "$BASE"
  MODE=geo CENTRES="36.4,127.8,1.7" M=500-5000 measure "storesByGeo anywhere, 500-5,000 m" -s Benchmarks/rationing/feeds.lua "$BASE"
  MODE=geo CENTRES="37.56,126.99,0.1" M=1000 measure "storesByGeo in the capital, 1,000 m" -s Benchmarks/rationing/feeds.lua "$BASE"
  MODE=geo CENTRES="37.56,126.99,0.1" M=5000 measure "storesByGeo in the capital, 5,000 m (hard)" -s Benchmarks/rationing/feeds.lua "$BASE"
  MODE=file FEED=maskdata.csv ENCODING=gzip measure "maskdata.csv whole, gzip" -s Benchmarks/rationing/feeds.lua "$BASE"
  MODE=file FEED=maskdata.csv ENCODING= measure "maskdata.csv whole, plain" -s Benchmarks/rationing/feeds.lua "$BASE"
  MODE=file FEED=stock.geojson ENCODING=gzip measure "stock.geojson whole, gzip" -s Benchmarks/rationing/feeds.lua "$BASE"
  echo "  $TARGET: server peak RSS $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$PID/status")" >&2
  halt
}

echo "| database | what | per second | transfer | p50 | p99 |"
echo "| --- | --- | --- | --- | --- | --- |"
for TARGET in ${*:-sqlite postgres}; do
  case $TARGET in
    sqlite) DATABASE=$WORK/amity.sqlite; run ;;
    postgres) start_postgres 55436; DATABASE=$POSTGRES_URL; run; stop_postgres ;;
  esac
done
