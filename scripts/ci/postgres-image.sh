#!/usr/bin/env bash
# Build the local PostgreSQL 15 test image hcms/postgres:15 without any container registry.
#
#   eval "$(scripts/ci/dockerd.sh start)"     # sets DOCKER_HOST
#   scripts/ci/postgres-image.sh              # FORCE=1 rebuilds everything
#
# No registry (Docker Hub etc.) is reachable here, so the base image is made from scratch:
# debootstrap a minimal Debian bookworm rootfs with postgresql-15 from the machine's own
# Debian mirror, `docker import` it as hcms-postgres-base:15, then `docker build` the small
# Dockerfile in scripts/ci/postgres-image/ (entrypoint compatible with the official image).
# Idempotent: skips everything if hcms/postgres:15 exists and was built from the current
# Dockerfile/entrypoint, and the debootstrap/import step if the base image exists.
# Set DEBIAN_MIRROR to override the mirror taken from apt's sources.
# Seen here: debootstrap 36-54 s, import 3-5 s, build ~1 s; image 210 MB.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONTEXT="$ROOT/scripts/ci/postgres-image"
BASE_IMAGE="hcms-postgres-base:15"
IMAGE="hcms/postgres:15"
SUITE="bookworm"
FORCE="${FORCE:-0}"

log() { echo "postgres-image.sh: $*" >&2; }
now() { date +%s.%N; }
T_ALL="$(now)"
# step_done NAME START: prints how long the step took.
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step_done() { log "$(printf 'step %-20s %6s s' "$1" "$(elapsed "$2")")"; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# --- tools ------------------------------------------------------------------------------
t="$(now)"
missing=()
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  # apt lists may be empty on a fresh machine: update only if the install cannot find them.
  apt-get install -y "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y "${missing[@]}" >&2; }
fi
step_done tools "$t"

if [[ -z "${DOCKER_HOST:-}" ]] && [[ ! -S /var/run/docker.sock ]]; then
  log "DOCKER_HOST is not set; run: eval \"\$(scripts/ci/dockerd.sh start)\""
  exit 1
fi
docker info >/dev/null 2>&1 || { log "no Docker engine answers at ${DOCKER_HOST:-/var/run/docker.sock}"; exit 1; }

# The final image is labelled with a hash of its build context, so an edited Dockerfile or
# entrypoint is rebuilt (about a second, on the cached base) while an unchanged one is skipped.
CONTEXT_HASH="$(cat "$CONTEXT/Dockerfile" "$CONTEXT/docker-entrypoint.sh" | sha256sum | cut -c1-16)"
if [[ "$FORCE" != 1 ]] && image_exists "$IMAGE" \
   && [[ "$(docker image inspect -f '{{index .Config.Labels "hcms.context-hash"}}' "$IMAGE")" == "$CONTEXT_HASH" ]]; then
  log "$IMAGE already exists and is up to date (FORCE=1 to rebuild)"
  exit 0
fi

# --- mirror -----------------------------------------------------------------------------
# Read the Debian mirror serving $SUITE from apt's own configuration (one-line .list files
# and deb822 .sources files), so the repo never names a mirror host.
find_mirror() {
  local f
  # deb822: paragraphs separated by blank lines; want Types: deb, Suites containing $SUITE,
  # not "Enabled: no"; take its first URI.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk -v suite="$SUITE" '
      function flush() {
        if (uri != "" && types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " suite " ")) { print uri; found = 1; exit }
        uri = ""; types = ""; suites = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "uris:"    { uri = $2 }
      tolower($1) == "types:"   { $1 = ""; types = $0 }
      tolower($1) == "suites:"  { $1 = ""; suites = $0 }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { if (!found) flush() }
    ' "$f" | head -n1
  done
  # one-line style: deb [options] URI SUITE COMPONENTS...
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk -v suite="$SUITE" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }
    ' "$f" | head -n1
  done
}

# Ids of a previous build, removed at the end so FORCE=1 does not pile up untagged images.
OLD_IDS="$(docker image inspect -f '{{.Id}}' "$IMAGE" "$BASE_IMAGE" 2>/dev/null || true)"

if ! image_exists "$BASE_IMAGE" || [[ "$FORCE" == 1 ]]; then
  MIRROR="${DEBIAN_MIRROR:-$(find_mirror | head -n1)}"
  [[ -n "$MIRROR" ]] || { log "no '$SUITE' mirror found in /etc/apt/sources.list{,.d/*}; set DEBIAN_MIRROR"; exit 1; }
  log "mirror: $MIRROR"

  # --- debootstrap ----------------------------------------------------------------------
  WORK="$(mktemp -d /tmp/hcms-pg-rootfs.XXXXXX)"
  # Always unmount and remove the rootfs, even on failure (debootstrap mounts /proc, /sys).
  cleanup() {
    local m
    awk -v d="$WORK/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r \
      | while read -r m; do umount -l "$m" || true; done
    rm -rf --one-file-system "$WORK"
  }
  trap cleanup EXIT

  t="$(now)"
  # postgresql-common's postinst creates a "main" cluster inside the chroot (removed below).
  debootstrap --variant=minbase --include=postgresql-15 "$SUITE" "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 30 "$WORK/debootstrap.log" >&2; log "debootstrap failed"; exit 1; }
  step_done debootstrap "$t"

  t="$(now)"
  R="$WORK/rootfs"
  # Seen here: invoke-rc.d does not start the cluster in the chroot; should a postmaster run
  # from the rootfs anyway (other debootstrap/policy-rc.d versions), stop it before packing.
  for p in $(pgrep -x postgres || true); do
    if [[ "$(readlink "/proc/$p/root" 2>/dev/null)" == "$R" ]]; then kill -INT "$p" 2>/dev/null || true; fi
  done
  sleep 1
  # Slim the rootfs (420 MB -> 210 MB): the package-made cluster (the entrypoint runs initdb
  # itself), apt caches, docs, message translations, and the LLVM JIT (libLLVM + z3 alone are
  # ~130 MB; the image sets jit = off, and without llvmjit.so PostgreSQL just has no JIT).
  rm -rf "$R"/var/lib/postgresql/15 "$R"/etc/postgresql/15 \
         "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/* \
         "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/locale/* "$R"/var/log/*.log \
         "$R"/usr/lib/postgresql/15/lib/llvmjit* "$R"/usr/lib/postgresql/15/lib/bitcode \
         "$R"/usr/lib/*-linux-gnu/libLLVM-*.so* "$R"/usr/lib/*-linux-gnu/libz3.so*
  # --one-file-system: never pack a /proc or /sys still mounted inside the chroot.
  tar --numeric-owner --one-file-system -C "$R" -c . | docker import - "$BASE_IMAGE" >/dev/null
  step_done import "$t"
  cleanup
  trap - EXIT
else
  log "$BASE_IMAGE already exists; skipping debootstrap/import"
fi

# --- docker build -----------------------------------------------------------------------
t="$(now)"
docker build -q --label "hcms.context-hash=$CONTEXT_HASH" -t "$IMAGE" "$CONTEXT" >&2
step_done build "$t"
NEW_IDS="$(docker image inspect -f '{{.Id}}' "$IMAGE" "$BASE_IMAGE")"
for id in $OLD_IDS; do
  # Still-tagged or in use by a container: docker refuses, which is fine.
  grep -qx "$id" <<<"$NEW_IDS" || docker image rm "$id" >/dev/null 2>&1 || true
done
log "$(printf 'total %26s s' "$(elapsed "$T_ALL")")"
docker image ls "$IMAGE" >&2
