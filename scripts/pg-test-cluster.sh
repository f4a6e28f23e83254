#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for stepwise's tests (never touches a system cluster).
#
#   eval "$(scripts/pg-test-cluster.sh start)"   # exports STEPWISE_PG_URL and STEPWISE_PG_DIR
#   npx vitest run src/adapters/storage/postgres test/crash
#   scripts/pg-test-cluster.sh stop              # stops the cluster in $STEPWISE_PG_DIR and deletes it
#
# `start` installs PostgreSQL from Debian's packages when no initdb is found (root only), runs
# initdb in a new temporary directory, starts the server on 127.0.0.1 on a free port (Unix socket
# in the same directory) and creates the database `stepwise_test`. Progress goes to stderr; stdout
# carries only the `export` lines. As root, the server runs as the `postgres` user.
set -euo pipefail

log() { echo "pg-test-cluster: $*" >&2; }

find_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$initdb" ]] && command -v initdb >/dev/null; then initdb=$(command -v initdb); fi
  [[ -n "$initdb" ]] && dirname "$initdb"
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(find_bin || true)
  if [[ -z "$bin" ]]; then
    [[ $(id -u) -eq 0 ]] || { log "PostgreSQL is not installed; run: sudo apt-get install -y postgresql"; exit 1; }
    log "installing PostgreSQL (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/stepwise-pg.XXXXXX")
  chmod 755 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  log "initdb in $dir ($("$bin/postgres" --version))"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c max_connections=300" start >/dev/null
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres stepwise_test || { stop "$dir"; exit 1; }
  log "running on 127.0.0.1:$port (log: $dir/server.log)"
  echo "export STEPWISE_PG_DIR='$dir'"
  echo "export STEPWISE_PG_URL='postgres://postgres@127.0.0.1:$port/stepwise_test'"
}

stop() {
  local dir="${1:-${STEPWISE_PG_DIR:-}}"
  [[ -n "$dir" && -d "$dir/data" ]] || { log "no cluster to stop (pass its directory or set STEPWISE_PG_DIR)"; return 0; }
  local bin
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || log "pg_ctl stop failed (already stopped?)"
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [dir]" >&2; exit 2 ;;
esac
