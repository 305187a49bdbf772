#!/usr/bin/env bash
# The scale-out check (issue 17), on loopback: PostgreSQL, Redis, three API instances and nginx with the deployment's
# own configuration (scripts/deploy/headlesscms.nginx.conf), all as local processes.
#
#   scripts/scale-out.sh [--short] [--duration SECONDS]
#
#   1. throughput through nginx with one instance behind it, then with three (same load, same run);
#   2. a read load through nginx while writes land on random instances, each write read back through nginx at once;
#   3. one instance killed with kill -9 in the middle of that load, and (4) started again.
# Prints a Markdown table (also saved to scripts/bench/results/scale-out.md) and fails (exit 1) on any failed
# request at the proxy, any stale read, or any failed write. --short is the CI form (a few seconds per phase).
#
# Env: HCMS_SCALE_PORT (default 61820): the first of the eight loopback ports used.
set -euo pipefail

DURATION=20
while (($#)); do
  case "$1" in
    --short) DURATION=6; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || { echo "--duration wants whole seconds" >&2; exit 2; }

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE="${HCMS_SCALE_PORT:-61820}"
REDIS_PORT=$((BASE)); PROXY_PORT=$((BASE + 1)); PG_PORT=$((BASE + 2)); API_PORTS=($((BASE + 3)) $((BASE + 4)) $((BASE + 5)))
PROXY="http://127.0.0.1:$PROXY_PORT"
KEY="scale-out-admin-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'scale-out: %s\n' "$*" >&2; exit 1; }

RUN="$(mktemp -d "${TMPDIR:-/tmp}/hcms-scale.XXXXXX")"
chmod 755 "$RUN"
declare -A API_PID=()
OTHER_PIDS=()
cleanup() {
  local status=$?
  for pid in "${API_PID[@]}" "${OTHER_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [[ -f "$RUN/nginx.pid" ]] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
  [[ -d "$RUN/pg" ]] && "$ROOT/scripts/start-postgres.sh" stop "$RUN/pg" >/dev/null 2>&1 || true
  if ((status == 0)); then rm -rf "$RUN"; else echo "scale-out: failed (exit $status); logs kept in $RUN" >&2; fi
}
trap cleanup EXIT

# --- what it needs: Debian's redis-server, nginx and wrk ------------------------------------------------------------
need=()
command -v redis-server >/dev/null || need+=(redis-server)
[[ -x /usr/sbin/nginx ]] || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
if ((${#need[@]})); then
  ((EUID == 0)) || die "missing ${need[*]}: apt-get install ${need[*]}"
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

# --- build once, run three times ------------------------------------------------------------------------------------
log "publishing the API (Release)"
dotnet publish "$ROOT/src/HeadlessCms.Api/HeadlessCms.Api.csproj" -c Release -o "$RUN/app" -nologo -v quiet >"$RUN/publish.log" 2>&1 \
  || { cat "$RUN/publish.log" >&2; die "publish failed"; }

log "starting PostgreSQL and Redis"
CS="$(PGPORT=$PG_PORT "$ROOT/scripts/start-postgres.sh" "$RUN/pg" 2>"$RUN/pg-start.log")" || { cat "$RUN/pg-start.log" >&2; die "PostgreSQL did not start"; }
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$RUN/redis.log" 2>&1 &
OTHER_PIDS+=($!)

wait_ready() {  # url, pid
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$1/health/ready" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

start_api() {  # index (0-2), migrate (true/false)
  local i="$1" port="${API_PORTS[$1]}"
  Database__Provider=Postgres ConnectionStrings__Cms="$CS" Database__MigrateOnStart="$2" \
  Cms__Redis__Configuration="127.0.0.1:$REDIS_PORT" Cms__AdminApiKey="$KEY" Cms__ForwardedHeaders__KnownProxies__0=127.0.0.1 \
  Cms__Comments__ClientSecret=scale-out-shared-secret Cms__PublicBaseUrl="$PROXY" Logging__LogLevel__Default=Warning \
    dotnet "$RUN/app/HeadlessCms.Api.dll" --urls "http://127.0.0.1:$port" >>"$RUN/api$i.log" 2>&1 &
  API_PID[$i]=$!
  wait_ready "http://127.0.0.1:$port" "${API_PID[$i]}" || { tail -20 "$RUN/api$i.log" >&2; die "instance $i did not become ready"; }
}

log "starting three API instances (the first migrates and seeds)"
start_api 0 true
start_api 1 false
start_api 2 false
for i in 0 1 2; do echo "http://127.0.0.1:${API_PORTS[$i]}"; done >"$RUN/live"

# --- nginx with the deployment's file, ports moved to loopback test ports ------------------------------------------------
proxy_config() {  # how many instances behind it
  sed -e "s/listen 80;/listen 127.0.0.1:$PROXY_PORT;/" \
      -e "s/127.0.0.1:5081/127.0.0.1:${API_PORTS[0]}/; s/127.0.0.1:5082/127.0.0.1:${API_PORTS[1]}/; s/127.0.0.1:5083/127.0.0.1:${API_PORTS[2]}/" \
      "$ROOT/scripts/deploy/headlesscms.nginx.conf" >"$RUN/site.conf"
  if (($1 == 1)); then sed -i -e "/127.0.0.1:${API_PORTS[1]}/d" -e "/127.0.0.1:${API_PORTS[2]}/d" "$RUN/site.conf"; fi
}
cat >"$RUN/nginx.conf" <<NGINX
worker_processes 1;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $RUN/nginx-body;
  proxy_temp_path $RUN/nginx-proxy;
  include $RUN/site.conf;
}
NGINX
proxy_config 1
/usr/sbin/nginx -p "$RUN" -c "$RUN/nginx.conf" -t >"$RUN/nginx-test.log" 2>&1 || { cat "$RUN/nginx-test.log" >&2; die "nginx rejects the configuration"; }
/usr/sbin/nginx -p "$RUN" -c "$RUN/nginx.conf"
reload_proxy() { proxy_config "$1"; /usr/sbin/nginx -p "$RUN" -c "$RUN/nginx.conf" -s reload; sleep 1; }

# --- what to read and write: the sample content --------------------------------------------------------------------
curl -fsS "$PROXY/api/v1/articles?limit=20" >"$RUN/articles.json" || die "listing through nginx failed"
jq -r '.items[].slug' "$RUN/articles.json" | sed 's#^#/api/v1/articles/#' >"$RUN/paths"
printf '%s\n' "/api/v1/articles?limit=10" "/api/v1/tags" "/api/v1/authors" >>"$RUN/paths"
mapfile -t IDS < <(jq -r '.items[].id' "$RUN/articles.json")
((${#IDS[@]} >= 2)) || die "expected the sample articles"
WRITE_IDS=("${IDS[@]:0:2}")   # writes go to two articles; reads cover all of them

wrk_run() {  # seconds, label, connections -> "req/s failed"
  PATHS="$RUN/paths" wrk -t2 -c"${3:-32}" -d"$1"s --timeout 10s -s "$ROOT/scripts/scale-out/reads.lua" "$PROXY" >"$RUN/wrk-$2.txt" 2>&1
  local rps non2xx sock
  rps="$(awk '/^Requests\/sec/ { print $2 }' "$RUN/wrk-$2.txt")"
  non2xx="$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$RUN/wrk-$2.txt")"
  sock="$(awk -F'[ ,]+' '/Socket errors/ { print $4 + $6 + $8 + $10 }' "$RUN/wrk-$2.txt")"
  echo "${rps:-0} $(( ${non2xx:-0} + ${sock:-0} ))"
}
rss_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

log "phase 1: read throughput through nginx, one instance then three (${DURATION} s each)"
wrk_run 2 warmup >/dev/null
read -r ONE_RPS ONE_FAILED < <(wrk_run "$DURATION" one)
reload_proxy 3
wrk_run 2 warmup3 >/dev/null
read -r THREE_RPS THREE_FAILED < <(wrk_run "$DURATION" three)

log "phase 2: reads through nginx while writes land on random instances; instance 1 (of 0, 1, 2) killed and restarted"
LOAD=$((DURATION * 2))
# A steady read load rather than a saturating one: on 2 cores a saturated proxy would starve the writes being checked.
wrk_run "$LOAD" faults 8 >"$RUN/faults.result" &
WRK_PID=$!
python3 "$ROOT/scripts/scale-out/fresh-writes.py" "$PROXY" "$RUN/live" "$KEY" "$LOAD" "${WRITE_IDS[@]}" >"$RUN/writes.json" &
WRITER_PID=$!
sleep $((LOAD / 3))
grep -v ":${API_PORTS[1]}\$" "$RUN/live" >"$RUN/live.tmp" && mv "$RUN/live.tmp" "$RUN/live"

KILLED_RSS="$(rss_mib "${API_PID[1]}")"
kill -9 "${API_PID[1]}"
log "killed instance 1 (pid ${API_PID[1]}, peak RSS ${KILLED_RSS} MiB)"
sleep $((LOAD / 3))
start_api 1 false
echo "http://127.0.0.1:${API_PORTS[1]}" >>"$RUN/live"
log "instance 1 is back"
wait "$WRITER_PID" || die "the writer failed"
wait "$WRK_PID"
read -r FAULT_RPS FAULT_FAILED <"$RUN/faults.result"
RSS=("$(rss_mib "${API_PID[0]}")" "$KILLED_RSS/$(rss_mib "${API_PID[1]}")" "$(rss_mib "${API_PID[2]}")")

WRITES="$(jq -r .writes "$RUN/writes.json")"; STALE="$(jq -r .stale "$RUN/writes.json")"
FAILED_WRITES="$(jq -r .failedWrites "$RUN/writes.json")"; FAILED_READS="$(jq -r .failedReads "$RUN/writes.json")"
LOST="$(jq -r .lostToKill "$RUN/writes.json")"
jq -r '.errors[]' "$RUN/writes.json" >&2 || true

mkdir -p "$ROOT/scripts/bench/results"
{
  echo "Scale-out on $(nproc) cores, $(date -u +%Y-%m-%d), ${DURATION} s phases; PostgreSQL 15 + Redis $(redis-server --version | sed -E 's/.*v=([0-9.]+).*/\1/') + nginx, 3 instances"
  echo
  echo "| phase | result |"
  echo "| --- | --- |"
  echo "| reads through nginx, 1 instance | ${ONE_RPS} req/s, ${ONE_FAILED} failed |"
  echo "| reads through nginx, 3 instances | ${THREE_RPS} req/s, ${THREE_FAILED} failed |"
  echo "| reads during writes + kill -9 + restart | ${FAULT_RPS} req/s, ${FAULT_FAILED} failed at the proxy |"
  echo "| writes on random instances, read back through nginx at once | ${WRITES} writes, ${STALE} stale, ${FAILED_WRITES} failed writes, ${FAILED_READS} failed reads (${LOST} in flight to the instance when it was killed) |"
  echo "| peak RSS per instance (MiB) | ${RSS[*]} (instance 1: before the kill / after the restart) |"
} | tee "$ROOT/scripts/bench/results/scale-out.md"

((ONE_FAILED == 0 && THREE_FAILED == 0 && FAULT_FAILED == 0)) || die "requests failed at the proxy"
((STALE == 0)) || die "$STALE stale reads"
((FAILED_WRITES == 0 && FAILED_READS == 0)) || die "writes or read-backs failed"
((WRITES > 0)) || die "no writes were made"
log "scale-out: passed"
