#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for tests and local runs, from Debian's postgresql-15 package
# (no Docker needed).
#
#   scripts/start-postgres.sh [DIR]        # start; prints the Npgsql connection string on stdout
#   scripts/start-postgres.sh stop DIR     # stop (and delete DIR if this script created it)
#
#   CS="$(scripts/start-postgres.sh)"      # e.g. Host=127.0.0.1;Port=55432;Database=cms;Username=cms;Password=cms
#
# Env: PGPORT (default 55432; if unset and 55432 is taken, the next free port is used),
#      HCMS_PG_DATABASE / HCMS_PG_USER / HCMS_PG_PASSWORD (default cms / cms / cms).
# DIR holds data/ (PGDATA), socket/ (unix socket), postgres.log, connection-string and port.
# A DIR that already holds a cluster is started again as is.
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
DB="${HCMS_PG_DATABASE:-cms}"
APP_USER="${HCMS_PG_USER:-cms}"
APP_PASSWORD="${HCMS_PG_PASSWORD:-cms}"

log() { echo "start-postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Run a command as the server's OS user: PostgreSQL refuses to run as root, so root uses the
# package's postgres account; any other user runs the server as itself.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

ensure_installed() {
  [[ -x "$BIN/initdb" ]] && return 0
  [[ "$(id -u)" == 0 ]] || die "$BIN/initdb missing; run as root once to install postgresql-15"
  log "installing postgresql-15"
  export DEBIAN_FRONTEND=noninteractive
  # Without systemd the package's postinst would start its own "main" cluster on 5432;
  # a temporary policy-rc.d (exit 101 = action forbidden) stops it from starting services.
  local policy=/usr/sbin/policy-rc.d added=0
  if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; added=1; fi
  apt-get install -y postgresql-15 >&2 || { apt-get update >&2 && apt-get install -y postgresql-15 >&2; } \
    || { if ((added)); then rm -f "$policy"; fi; die "apt-get install postgresql-15 failed"; }
  if ((added)); then rm -f "$policy"; fi
  [[ -x "$BIN/initdb" ]] || die "postgresql-15 installed but $BIN/initdb is missing"
}

port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

pick_port() {
  local p
  if [[ -n "${PGPORT:-}" ]]; then
    port_in_use "$PGPORT" && die "port $PGPORT (PGPORT) is already in use"
    echo "$PGPORT"; return
  fi
  for p in $(seq 55432 55531); do
    port_in_use "$p" || { echo "$p"; return; }
  done
  die "no free port in 55432-55531"
}

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }
sql_ident() { printf '"%s"' "${1//\"/\"\"}"; }

start() {
  ensure_installed
  local dir="${1:-}" created=0 port
  if [[ -z "$dir" ]]; then
    port="$(pick_port)"   # before mktemp, so a busy PGPORT leaves no empty temp dir behind
    dir="$(mktemp -d /tmp/hcms-pg.XXXXXX)"
    created=1
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local data="$dir/data" sock="$dir/socket"

  if [[ -f "$data/postmaster.pid" ]] && as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "already running in $dir"
    cat "$dir/connection-string"
    return 0
  fi

  [[ -n "${port:-}" ]] || port="$(pick_port)"
  # The server user must own the whole tree (mktemp makes 0700 root-owned dirs).
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres: "$dir"
    chmod 0755 "$dir"   # others may read connection-string/port; data/ stays 0700
  fi
  if ((created)); then : >"$dir/.created-by-start-postgres"; fi
  as_pg mkdir -p "$sock"

  local fresh=0
  if [[ ! -s "$data/PG_VERSION" ]]; then
    fresh=1
    # Superuser "postgres" without password, reachable only over the private unix socket;
    # TCP (127.0.0.1 only) needs a password. --no-sync: a throwaway cluster needs no fsync.
    as_pg "$BIN/initdb" -D "$data" --username=postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # Same test tuning as the CI container image: durability off, many connections.
    as_pg tee -a "$data/postgresql.conf" >/dev/null <<'EOF'

# --- hcms throwaway test server ---
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
jit = off
EOF
  fi

  # Port and socket dir on the command line, so a reused DIR can move to a free port.
  as_pg "$BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $sock" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; die "server did not start"; }

  if ((fresh)); then
    as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres \
      -c "CREATE ROLE $(sql_ident "$APP_USER") LOGIN CREATEDB PASSWORD $(sql_literal "$APP_PASSWORD")" \
      -c "CREATE DATABASE $(sql_ident "$DB") OWNER $(sql_ident "$APP_USER")" >&2
  fi

  local cs="Host=127.0.0.1;Port=$port;Database=$DB;Username=$APP_USER;Password=$APP_PASSWORD"
  as_pg tee "$dir/connection-string" >/dev/null <<<"$cs"
  as_pg tee "$dir/port" >/dev/null <<<"$port"
  log "PostgreSQL 15 running in $dir on 127.0.0.1:$port (log: $dir/postgres.log)"
  log "psql: PGPASSWORD=$APP_PASSWORD psql -h 127.0.0.1 -p $port -U $APP_USER $DB"
  log "stop: $0 stop $dir"
  echo "$cs"
}

stop() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $0 stop DIR"
  [[ -d "$dir/data" ]] || die "$dir/data does not exist"
  dir="$(cd "$dir" && pwd)"
  if as_pg "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    log "stopped $dir"
  else
    log "not running in $dir"
  fi
  # Only delete what this script created itself; a DIR given by the caller is kept.
  if [[ -f "$dir/.created-by-start-postgres" ]]; then
    rm -rf --one-file-system "$dir"
    log "removed $dir"
  fi
}

case "${1:-}" in
  stop) shift; stop "$@" ;;
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
  *) start "$@" ;;
esac
