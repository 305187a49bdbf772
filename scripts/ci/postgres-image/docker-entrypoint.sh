#!/usr/bin/env bash
# Entrypoint for hcms/postgres:15, modelled on the official postgres image's, covering what
# Testcontainers.PostgreSql and our tests use:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless
#   POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB (default $POSTGRES_USER),
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256),
#   /docker-entrypoint-initdb.d/*.sql|*.sql.gz|*.sh run once after initdb.
# Args starting with '-' are passed to postgres (`-c fsync=off` ...); any other command runs as is.
set -Eeuo pipefail

log() { echo "docker-entrypoint.sh: $*" >&2; }

# `docker run IMAGE -c foo=bar` -> `postgres -c foo=bar`
if [[ "${1:-}" == -* ]]; then
  set -- postgres "$@"
fi

if [[ "${1:-}" != postgres ]]; then
  exec "$@"
fi

# Run "$@" as postgres (the server refuses to run as root).
exec_as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
  fi
  exec "$@"
}

# `postgres --version`, `-C setting`, `--help` ... just print and exit: no initdb needed.
for a in "$@"; do
  case "$a" in -'?'|--help|--describe-config|-V|--version|-C) exec_as_postgres "$@" ;; esac
done

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# As root: fix ownership of PGDATA (it may be a fresh volume/bind mount), then re-exec this
# script as postgres. setpriv execs in place (no extra parent process as with su/runuser),
# so postgres ends up as PID 1 and receives docker's stop signal directly.
if [[ "$(id -u)" == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  exec_as_postgres "${BASH_SOURCE[0]}" "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
AUTH="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"

# Quote an SQL identifier.
ident() { local s="${1//\"/\"\"}"; printf '"%s"' "$s"; }

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  if [[ -z "${POSTGRES_PASSWORD:-}" && "$AUTH" != trust ]]; then
    log "error: POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)"
    exit 1
  fi

  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  # Local (socket) connections are trusted, as in the official image; TCP needs the password.
  # --no-sync: a test database does not need initdb to fsync its files.
  # C.UTF-8 is the only UTF-8 locale in a minbase rootfs (the official image uses en_US.utf8).
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is word-split on purpose, as upstream
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host="$AUTH" \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync \
    ${POSTGRES_INITDB_ARGS:-} >&2
  rm -f "$pwfile"

  # Accept TCP from anywhere (the container is reached through a port mapping) and tune
  # for throwaway test databases: durability off, plenty of connections for pooled tests.
  cat >>"$PGDATA/postgresql.conf" <<'EOF'

# --- hcms test image ---
listen_addresses = '*'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
jit = off
EOF
  printf '\nhost all all all %s\n' "$AUTH" >>"$PGDATA/pg_hba.conf"

  # Create POSTGRES_DB in single-user mode: no temporary server on a socket, so no window in
  # which a readiness probe could see a server that is not the final one.
  if [[ "$POSTGRES_DB" != postgres ]]; then
    printf 'CREATE DATABASE %s OWNER %s;\n' "$(ident "$POSTGRES_DB")" "$(ident "$POSTGRES_USER")" \
      | postgres --single -j -D "$PGDATA" postgres >/dev/null
  fi

  # Optional init scripts (Testcontainers' WithResourceMapping into this dir): run them
  # against a temporary server listening on the unix socket only, like the official image.
  shopt -s nullglob
  scripts=(/docker-entrypoint-initdb.d/*)
  if ((${#scripts[@]})); then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >&2
    psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB")
    for f in "${scripts[@]}"; do
      # shellcheck disable=SC1090 # non-executable *.sh files are sourced, as upstream does
      case "$f" in
        *.sh) log "running $f"; if [[ -x "$f" ]]; then "$f"; else . "$f"; fi ;;
        *.sql) log "running $f"; "${psql[@]}" -f "$f" >&2 ;;
        *.sql.gz) log "running $f"; gunzip -c "$f" | "${psql[@]}" >&2 ;;
        *) log "ignoring $f" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >&2
  fi
  log "PostgreSQL init process complete; ready for start up."
else
  log "PostgreSQL Database directory appears to contain a database; Skipping initialization"
fi

exec "$@"
