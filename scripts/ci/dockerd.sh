#!/usr/bin/env bash
# Start/stop a private Docker engine for tests (Testcontainers, scripts/ci/postgres-image.sh).
#
#   eval "$(scripts/ci/dockerd.sh start)"   # prints: export DOCKER_HOST=unix://<dir>/docker.sock
#                                          # (+ two TESTCONTAINERS_* exports, see start())
#   scripts/ci/dockerd.sh stop
#   scripts/ci/dockerd.sh status
#
# Everything (images, containerd state, socket, pid file, log) lives under one directory,
# $HCMS_DOCKER_DIR (default /tmp/hcms-docker), so it never clashes with a system dockerd and
# the built image survives stop/start. No engine runs on these machines by default (no systemd).
#
# Flags that work on this machine (Debian 12, docker.io 20.10 from Debian, firecracker VM
# kernel 6.x, cgroup v1, iptables-nft, root):
#   --data-root --exec-root -H unix://... --pidfile   (all under $HCMS_DOCKER_DIR)
#   --ip-forward=false --ip-masq=false
# Default bridge networking + iptables work here; host->container port mappings on
# 127.0.0.1 are served by docker-proxy (userland proxy, on by default), which connects
# from the host to the container over docker0, so IP forwarding/masquerading is not
# needed. We switch both off so containers cannot route anywhere beyond this machine.
# Fallback if the engine does not come up (e.g. a kernel without nf_tables/bridge netfilter):
# retry once with --iptables=false; port mappings still work through docker-proxy.
# stdout carries only the export lines; diagnostics go to stderr.
set -euo pipefail

DIR="${HCMS_DOCKER_DIR:-/tmp/hcms-docker}"
SOCK="$DIR/docker.sock"     # keep $DIR short: unix socket paths are limited to 107 bytes
PIDFILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"
HOST="unix://$SOCK"

log() { echo "dockerd.sh: $*" >&2; }

engine_up() { docker -H "$HOST" info >/dev/null 2>&1; }

running_pid() {
  # Prints the pid from the pid file if that process is alive.
  [[ -s "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ensure_installed() {
  # dockerd (engine) comes from Debian's docker.io; the machine may only have a docker client.
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y docker.io >&2 || { apt-get update >&2 && apt-get install -y docker.io >&2; }
  fi
}

try_start() {
  # $@: extra flags. Returns 0 once the API answers, 1 if dockerd died or timed out.
  mkdir -p "$DIR/data" "$DIR/exec"
  log "starting dockerd $* (log: $LOG)"
  # setsid: detach from our session so Ctrl-C/exit of the caller does not kill the engine.
  setsid dockerd \
    --data-root "$DIR/data" \
    --exec-root "$DIR/exec" \
    -H "$HOST" \
    --pidfile "$PIDFILE" \
    "$@" >>"$LOG" 2>&1 </dev/null &
  local pid=$! i
  for i in $(seq 1 60); do          # ~30 s
    if engine_up; then log "engine up after $((i / 2)) s (pid $pid)"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  log "dockerd did not come up; last log lines:"
  tail -n 15 "$LOG" >&2 || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 1
}

start() {
  ensure_installed
  if running_pid >/dev/null && engine_up; then
    log "already running (pid $(running_pid))"
  else
    mkdir -p "$DIR"
    try_start --ip-forward=false --ip-masq=false \
      || try_start --ip-forward=false --ip-masq=false --iptables=false \
      || { log "could not start dockerd"; exit 1; }
  fi
  echo "export DOCKER_HOST=$HOST"
  # Testcontainers traps on this machine:
  # - Ryuk (its reaper) is an image pulled from Docker Hub, which is unreachable: disable it.
  # - /.dockerenv exists on these VMs, so Testcontainers believes it runs inside a container
  #   and hands out the docker0 gateway (172.17.0.1) as host; pin it to loopback.
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
}

stop() {
  local pid i
  if ! pid="$(running_pid)"; then log "not running"; return 0; fi
  # SIGTERM lets dockerd stop its containers and its managed containerd cleanly.
  kill -TERM "$pid"
  for i in $(seq 1 60); do           # ~30 s (dockerd's own shutdown timeout is 15 s)
    kill -0 "$pid" 2>/dev/null || { log "stopped (pid $pid)"; rm -f "$PIDFILE"; return 0; }
    sleep 0.5
  done
  log "dockerd $pid ignored SIGTERM; killing"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if running_pid >/dev/null && engine_up; then echo "running: export DOCKER_HOST=$HOST"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status   (dir: \$HCMS_DOCKER_DIR, default /tmp/hcms-docker)" >&2; exit 2 ;;
esac
