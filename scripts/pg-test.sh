#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: pg-test.sh start|stop|status|url
#
# start  installs Debian's postgresql package when no server binaries are present (needs root or
#        passwordless sudo), creates a cluster in $PGDATA on first use, starts it on 127.0.0.1:$PGPORT
#        and prints the admin URL. Idempotent: a running server is left alone.
# stop   stops it (fine when it is not running); status reports; url prints the URL only.
#
# The cluster trusts local connections and runs with fsync off: it is for tests, never for data.
set -euo pipefail
PGPORT="${TIDINGS_PG_PORT:-55432}"
PGDATA="${TIDINGS_PG_DATA:-/tmp/tidings-pgtest-$PGPORT}"
URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi

BIN="$(find_bin)"
if [ -z "$BIN" ]; then
  if [ "${1:-start}" != start ]; then echo "pg-test: PostgreSQL is not installed" >&2; exit 1; fi
  if [ "$SUDO" = none ]; then
    echo "pg-test: PostgreSQL is not installed and there is no root to install it (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "pg-test: installing Debian's postgresql package for the tests" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  BIN="$(find_bin)"
fi

# initdb refuses to run as root, so root runs the server as the postgres user the package created.
if [ "$(id -u)" = 0 ]; then OWNER=postgres; as_owner() { runuser -u postgres -- "$@"; }
else OWNER="$(id -un)"; as_owner() { "$@"; }; fi

case "${1:-start}" in
start)
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown "$OWNER" "$PGDATA"
    chmod 700 "$PGDATA"
    as_owner "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  fi
  if ! as_owner "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    # -k keeps the socket in PGDATA: /var/run/postgresql may not exist or belong to someone else.
    as_owner "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c max_connections=200" \
      start >/dev/null
  fi
  echo "$URL" ;;
stop)   as_owner "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true ;;
status) as_owner "$BIN/pg_ctl" -D "$PGDATA" status ;;
url)    echo "$URL" ;;
*)      echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
