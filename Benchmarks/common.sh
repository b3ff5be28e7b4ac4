# Sourced by every benchmark from the project root: the release build in $BIN, a scratch folder
# in $WORK, and on demand a PostgreSQL cluster of its own on loopback, gone when it exits.
#   start_postgres PORT   sets POSTGRES_URL (database "amity", user "amity", no password);
#                         POSTGRES_SETTINGS adds server settings ("-c shared_buffers=1GB")
#   stop_postgres         (call it from the script's EXIT trap)
#   serve, halt           Amity on $DATABASE at $PORT, in the background as $PID
#   sql STATEMENT         its rows as text, on $DATABASE ($TARGET: sqlite or postgres)

swift build -c release --product amity >/dev/null 2>&1
BIN=$(swift build -c release --show-bin-path)/amity
WORK=$(mktemp -d)

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local port=$1
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGDATA=$(mktemp -d /tmp/amity-bench-pg.XXXXXX); [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
  as_postgres "$PGBIN/initdb" -D "$PGDATA" -U amity --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/log" -o "-c listen_addresses=127.0.0.1 -p $port -k $PGDATA ${POSTGRES_SETTINGS:-}" start >/dev/null
  "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U amity amity
  POSTGRES_URL="postgres://amity@127.0.0.1:$port/amity?sslmode=disable"
}

stop_postgres() {
  [ -n "${PGDATA:-}" ] || return 0
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}

# Amity on $DATABASE at $PORT in the background ($PID), answering once /healthz does; and stopped.
serve() {
  "$BIN" serve --env production --demo --log warning --port "$PORT" --database "$DATABASE" >"$WORK/serve.log" 2>&1 &
  PID=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.2; done
}
halt() { kill -INT "$PID"; wait "$PID" || true; PID=; }

# One statement on $DATABASE ($TARGET sqlite or postgres), its rows as text.
sql() {
  if [ "$TARGET" = sqlite ]; then
    python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); rows = c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("|".join(map(str, r)) for r in rows))' "$DATABASE" "$1"
  else
    psql -qAt "$POSTGRES_URL" -c "$1"
  fi
}
