#!/usr/bin/env bash
# Plans for 2,000 offering and 20,000 requesting cities from the database, end to end (read,
# solve, write the plan), on SQLite and on a throwaway PostgreSQL on loopback.
#   Benchmarks/aid/plan.sh [sqlite] [postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
PORT=${PORT:-18083}
export AMITY_ADMIN_PASSWORD="Lantern-Harbour-2020"
cleanup() { stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT

run() {
  local label=$1 database=$2
  "$BIN" import gazetteer Data/gazetteer.tsv.gz --database "$database" >/dev/null 2>&1
  "$BIN" users create-admin --email bench@amity.example --database "$database" >/dev/null 2>&1
  # Development: its cookies are not Secure, so curl keeps them over plain HTTP on loopback.
  "$BIN" serve --env development --log warning --port "$PORT" --database "$database" >"$WORK/serve.log" 2>&1 &
  local pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.2; done
  local jar="$WORK/jar"; rm -f "$jar"
  curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/sign-in" >/dev/null
  curl -fs -c "$jar" -b "$jar" -X POST "http://127.0.0.1:$PORT/sign-in" -o /dev/null \
    -d "csrf=$(awk '$6 == "amity_csrf" {print $7}' "$jar")&email=bench%40amity.example&password=$AMITY_ADMIN_PASSWORD"
  local token
  # Signed in, forms carry the session's token, printed in the account page's forms.
  local form
  form=$(curl -fs -b "$jar" "http://127.0.0.1:$PORT/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  token=$(curl -fs -c "$jar" -b "$jar" -X POST "http://127.0.0.1:$PORT/account/tokens" \
    -d "csrf=$form&name=bench&expiresInDays=1" | grep -o 'amity_[A-Za-z0-9_-]*' | head -n 1)
  python3 Benchmarks/aid/seed.py "http://127.0.0.1:$PORT" "$token" >/dev/null
  kill -INT $pid; wait $pid || true
  echo "== $label"
  "$BIN" allocate --save --quiet --database "$database" --log warning | grep '^c '
}

for target in ${*:-sqlite postgres}; do
  case $target in
    sqlite) run SQLite "$WORK/amity.sqlite" ;;
    postgres)
      start_postgres 55436
      run PostgreSQL "$POSTGRES_URL" ;;
  esac
done
