#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests (used by .ci/run, reusable by developers).
#
# As a command:
#   scripts/pg-cluster.sh run [--] CMD [ARGS...]
#       Start a cluster, run CMD with DATABASE_URL pointing at it, always stop
#       and delete the cluster afterwards. Exits with CMD's exit status.
#       Example:  scripts/pg-cluster.sh run npm test
#   eval "$(scripts/pg-cluster.sh start)"
#       Start a cluster and print shell exports (PGC_DIR, DATABASE_URL).
#   scripts/pg-cluster.sh stop DIR
#       Stop the cluster started in DIR and delete DIR.
#
# As a library (source it): pgc_start sets PGC_DIR, PGC_PORT, PGC_URL;
# pgc_stop stops the cluster and removes PGC_DIR (idempotent, never fails).
#
# Environment:
#   PG_BIN       PostgreSQL binaries   (default /usr/lib/postgresql/15/bin)
#   PGC_PORT     use exactly this port (default: first free port from 54329)
#   PGC_DB       database to create    (default amtsstube)
#
# When run as root the server runs as the `postgres` OS user via runuser
# (initdb refuses to run as root); otherwise it runs as the current user.
# The cluster listens on 127.0.0.1 only, unix socket in the temp dir,
# trust auth, durability switched off (it is deleted afterwards anyway).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PGC_DB="${PGC_DB:-amtsstube}"
# Never adopt a cluster dir from the environment: pgc_stop would delete it.
pgc__env_dir="${PGC_DIR:-}"
PGC_DIR=""
PGC_URL=""

pgc__log() { printf 'pg-cluster: %s\n' "$*" >&2; }

pgc__as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # cd into the cluster dir so the postgres user is not left in a cwd it can't read
    (cd "$PGC_DIR" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# true if something accepts TCP connections on 127.0.0.1:$1
pgc__port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pgc_stop() {
  local dir="${1:-$PGC_DIR}"
  [ -n "$dir" ] || return 0
  [ -d "$dir" ] || { PGC_DIR=""; return 0; }
  if [ -f "$dir/data/postmaster.pid" ]; then
    pgc__log "stopping cluster in $dir"
    PGC_DIR="$dir" pgc__as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 \
      || PGC_DIR="$dir" pgc__as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 \
      || pgc__log "WARNING: pg_ctl stop failed for $dir"
  fi
  rm -rf -- "$dir" || pgc__log "WARNING: could not remove $dir"
  [ "$dir" != "${PGC_DIR:-}" ] || PGC_DIR=""
  return 0
}

pgc_start() {
  local b
  for b in initdb pg_ctl pg_isready psql; do
    if [ ! -x "$PG_BIN/$b" ]; then
      pgc__log "ERROR: $PG_BIN/$b not found (install the Debian 'postgresql' package, or set PG_BIN)"
      return 1
    fi
  done
  if [ "$(id -u)" -eq 0 ] && ! getent passwd postgres >/dev/null; then
    pgc__log "ERROR: running as root but OS user 'postgres' does not exist (expected from the 'postgresql' package)"
    return 1
  fi

  PGC_DIR="$(mktemp -d /tmp/amtsstube-pg.XXXXXX)" || return 1
  chmod 700 "$PGC_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PGC_DIR" || return 1
  fi
  local data="$PGC_DIR/data" logfile="$PGC_DIR/postgres.log"

  pgc__log "initdb in $data"
  if ! pgc__as_owner "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
      >"$PGC_DIR/initdb.log" 2>&1; then
    pgc__log "ERROR: initdb failed:"; cat "$PGC_DIR/initdb.log" >&2
    return 1
  fi

  local candidates port started=""
  if [ -n "${PGC_PORT:-}" ]; then candidates="$PGC_PORT"; else candidates="$(seq 54329 54399)"; fi
  for port in $candidates; do
    if pgc__port_busy "$port"; then continue; fi
    # log file is created by pg_ctl running as postgres, so it is owned by postgres
    if pgc__as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$logfile" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PGC_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      started="$port"; break
    fi
    if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$logfile" 2>/dev/null \
        && [ -z "${PGC_PORT:-}" ]; then
      pgc__log "port $port taken, trying next"; : >"$logfile"; continue
    fi
    pgc__log "ERROR: pg_ctl start failed; server log:"; cat "$logfile" >&2 2>/dev/null || true
    return 1
  done
  if [ -z "$started" ]; then
    if [ -n "${PGC_PORT:-}" ]; then
      pgc__log "ERROR: port $PGC_PORT (from PGC_PORT) is already in use"
    else
      pgc__log "ERROR: no free port in 54329-54399"
    fi
    return 1
  fi
  PGC_PORT="$started"

  local i=0
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PGC_PORT" -d postgres -t 1; do
    i=$((i + 1))
    if [ "$i" -ge 150 ]; then
      pgc__log "ERROR: server not ready after 30s; server log:"; cat "$logfile" >&2 || true
      return 1
    fi
    sleep 0.2
  done

  if ! "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGC_PORT" -U postgres -d postgres \
      -c "CREATE DATABASE \"$PGC_DB\"" >/dev/null; then
    pgc__log "ERROR: could not create database $PGC_DB"
    return 1
  fi
  printf '%s\n' "$PGC_PORT" >"$PGC_DIR/port"
  PGC_URL="postgres://postgres@127.0.0.1:$PGC_PORT/$PGC_DB"
  pgc__log "ready: $PGC_URL (dir $PGC_DIR, log $logfile)"
}

# ---- command-line entry point (skipped when sourced) ----
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cmd="${1:-}"; shift || true
  case "$cmd" in
    run)
      [ "${1:-}" != "--" ] || shift
      [ $# -gt 0 ] || { echo "usage: $0 run [--] CMD [ARGS...]" >&2; exit 2; }
      trap 'pgc_stop' EXIT
      trap 'exit 130' INT
      trap 'exit 143' TERM
      pgc_start
      set +e
      DATABASE_URL="$PGC_URL" "$@"
      rc=$?
      set -e
      exit "$rc"
      ;;
    start)
      trap 'rc=$?; [ "$rc" -eq 0 ] || pgc_stop; exit "$rc"' EXIT
      pgc_start
      printf 'export PGC_DIR=%q DATABASE_URL=%q\n' "$PGC_DIR" "$PGC_URL"
      ;;
    stop)
      dir="${1:-$pgc__env_dir}"
      [ -n "$dir" ] || { echo "usage: $0 stop DIR   (or PGC_DIR set by 'start')" >&2; exit 2; }
      case "$dir" in
        /tmp/amtsstube-pg.*) ;;
        *) echo "refusing to delete $dir: not a cluster dir made by $0" >&2; exit 2 ;;
      esac
      pgc_stop "$dir"
      ;;
    *)
      echo "usage: $0 {run [--] CMD...|start|stop DIR}" >&2
      exit 2
      ;;
  esac
fi
