# Sourced by every benchmark from the project root: the release build in $BIN, a scratch folder
# in $WORK, and on demand a PostgreSQL cluster of its own on loopback, gone when it exits.
#   start_postgres PORT   sets POSTGRES_URL (database "amity", user "amity", no password);
#                         POSTGRES_SETTINGS adds server settings ("-c shared_buffers=1GB")
#   stop_postgres         (call it from the script's EXIT trap)

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
