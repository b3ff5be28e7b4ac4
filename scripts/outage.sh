#!/usr/bin/env bash
# PostgreSQL stopped (immediate shutdown) under write load: Amity answers 503 while it is down,
# reconnects by itself when it is back, and no acknowledged write is lost.
#   scripts/outage.sh [SECONDS_OF_LOAD]
# Starts its own PostgreSQL on loopback and its own Amity; checks every acknowledged need is stored
# and that every request is answered within the request deadline (5 s here): a query caught on a
# connection as the server closes it is given up with a 503, never left waiting.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_OF_LOAD=${1:-12}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }
swift build --product amity >/dev/null 2>&1
BIN=$(swift build --show-bin-path)/amity
WORK=$(mktemp -d /tmp/amity-outage.XXXXXX)
PGPORT=${AMITY_OUTAGE_PG_PORT:-55442}
PORT=${AMITY_OUTAGE_PORT:-18093}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir "$WORK/pg"; if [ "$(id -u)" = 0 ]; then chown postgres "$WORK/pg"; chmod 777 "$WORK"; fi
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U amity --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg() { as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg.log" -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg" "$@" >/dev/null; }
pg start
cleanup() { kill -INT "${AMITY:-0}" 2>/dev/null || true; wait "${AMITY:-0}" 2>/dev/null || true; pg -m immediate stop 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U amity amity
URL="postgres://amity@127.0.0.1:$PGPORT/amity?sslmode=disable"
AMITY_REQUEST_DEADLINE=5 AMITY_GAZETTEER=Tests/Fixtures/gazetteer-sample.tsv AMITY_SIGNING_KEY="$WORK/key" \
  "$BIN" serve --database "$URL" --port "$PORT" >"$WORK/serve.log" 2>&1 &
AMITY=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
TOKEN="amity_outage_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
psql -q -h 127.0.0.1 -p "$PGPORT" -U amity amity -c "INSERT INTO api_tokens (person_id, name, token_hash, prefix, created_at, expires_at)
  SELECT id, 'outage', '$HASH', 'amity_outag', now(), now() + interval '1 day' FROM people WHERE email = 'officer@taichung.example'"
python3 - "$PORT" "$TOKEN" "$SECONDS_OF_LOAD" "$WORK/acknowledged" <<'PY' &
import json, sys, time, urllib.request, urllib.error
port, token, seconds, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
acknowledged, statuses, slowest, i, end = [], {}, 0.0, 0, time.time() + seconds
while time.time() < end:
    i += 1
    body = json.dumps({"cityId": 1668399, "item": "gown", "quantity": 1, "urgency": 3, "deliveryNote": f"outage-{i}"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/needs", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status == 201: acknowledged.append(f"outage-{i}")
    except urllib.error.HTTPError as error:
        statuses[error.code] = statuses.get(error.code, 0) + 1
    except Exception as error:
        statuses[type(error).__name__] = statuses.get(type(error).__name__, 0) + 1
    slowest = max(slowest, time.time() - started)
    time.sleep(0.02)
statuses["slowest"] = round(slowest, 1)
open(out, "w").write("\n".join(acknowledged) + "\n")
open(out.replace("acknowledged", "statuses"), "w").write(json.dumps({str(k): v for k, v in statuses.items()}))
print("statuses:", json.dumps({str(k): v for k, v in statuses.items()}, sort_keys=True))
PY
LOAD=$!
sleep "$(echo "$SECONDS_OF_LOAD / 3" | bc -l)"
pg -m immediate stop
echo "PostgreSQL stopped (immediate)"
sleep 3
pg start
echo "PostgreSQL started again"
wait $LOAD
STORED=$(psql -tA -h 127.0.0.1 -p "$PGPORT" -U amity amity -c "SELECT delivery_note FROM needs WHERE delivery_note LIKE 'outage-%'" | sort)
ACKED=$(grep . "$WORK/acknowledged" | sort || true)
LOST=$(comm -23 <(echo "$ACKED") <(echo "$STORED") | grep -c . || true)
AFTER=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
echo "acknowledged: $(echo "$ACKED" | grep -c .), stored: $(echo "$STORED" | grep -c .), lost: $LOST, health after: $AFTER"
UNAVAILABLE=$(python3 -c "import json; print(json.load(open('$WORK/statuses')).get('503', 0))")
FAILED=$(python3 -c "import json; print(json.load(open('$WORK/statuses')).get('500', 0))")
HUNG=$(python3 -c "import json; s = json.load(open('$WORK/statuses')); print(int(s.get('TimeoutError', 0) > 0 or s['slowest'] > 10))")
echo "503 answers while down: $UNAVAILABLE, 500 answers: $FAILED, slowest answer: $(python3 -c "import json; print(json.load(open('$WORK/statuses'))['slowest'])") s"
if [ "$LOST" = 0 ] && [ "$AFTER" = 200 ] && [ "$UNAVAILABLE" -gt 0 ] && [ "$FAILED" = 0 ] && [ "$HUNG" = 0 ]; then echo "outage: passed"; else
  echo "outage: FAILED"; tail -20 "$WORK/serve.log"; exit 1; fi
