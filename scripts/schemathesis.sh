#!/usr/bin/env bash
# Fuzzes the API against its own /openapi.json with schemathesis (pip install schemathesis):
# no server errors, every status and body as documented. Runs twice: signed in as the demo
# administrator, then as Taichung's demo officer (whose writes are mostly refused: 403 as documented).
#   scripts/schemathesis.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product amity >/dev/null 2>&1
BIN=$(swift build --show-bin-path)/amity
WORK=$(mktemp -d)
PORT=${PORT:-18082}
"$BIN" serve --port "$PORT" --database "$WORK/amity.sqlite" >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill -INT $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.2; done
token_for() {
  local jar="$WORK/cookies-$1"
  csrf() { awk '$6 == "amity_csrf" {print $7}' "$jar"; }
  curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/sign-in" >/dev/null
  curl -fs -c "$jar" -b "$jar" -X POST "http://127.0.0.1:$PORT/sign-in" \
    -d "csrf=$(csrf)&email=$1&password=Sister-Cities-2020" -o /dev/null
  # Signed in, forms carry the session's token, printed in the account page's forms.
  local form
  form=$(curl -fs -b "$jar" "http://127.0.0.1:$PORT/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -fs -c "$jar" -b "$jar" -X POST "http://127.0.0.1:$PORT/account/tokens" \
    -d "csrf=$form&name=schemathesis&expiresInDays=1" | grep -o 'amity_[A-Za-z0-9_-]*' | head -n 1
}
# Revoking the token or changing the password would sign the fuzzer out half-way; the live event
# stream never ends, by design (LiveTests reads it over HTTP instead).
for who in admin%40amity.example officer%40taichung.example; do
  echo "== as ${who/\%40/@}"
  schemathesis run "http://127.0.0.1:$PORT/openapi.json" --url "http://127.0.0.1:$PORT" \
    -H "Authorization: Bearer $(token_for "$who")" --max-examples "${1:-60}" \
    --exclude-operation-id revokeToken --exclude-operation-id changePassword --exclude-operation-id liveStream \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
done
