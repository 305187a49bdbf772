#!/usr/bin/env bash
# The read-path benchmark (issue 6), from one command:
#
#   scripts/bench/run.sh [--articles 100000|1000] [--duration 15] [--reps 3] [--warmup 5] [--reseed] [--only REGEX]
#
# --only times just the scenarios whose id matches (e.g. --only '^search' for the search rows).
# --postgres CONNSTR (an Npgsql connection string with rights to create databases) also copies the seeded articles
# into a PostgreSQL database of their own (kept between runs like the SQLite file), lets the API rebuild its read model
# and search index there, and adds the search scenarios against a caches-off API on PostgreSQL.
# Seeds (or reuses) a SQLite database with N published articles, starts the API's Release build twice (caches on,
# and with Cms:Caching:Enabled=false for the pure database path) plus a bare-Kestrel "ceiling" that serves the
# bytes of one real article response, and a "floor": the smallest ASP.NET Core + EF Core app serving the same
# by-slug reads from the same read model, whose peak RSS is what the stack costs before any of the API's features;
# drives each with wrk on loopback and prints one Markdown table (also saved
# to scripts/bench/results/latest-<N>.md). Absolute req/s on a shared 2-core machine drift from run to run; the
# fraction of the ceiling measured in the same run is the number to compare.
#
# Environment: HCMS_BENCH_CACHE (default /tmp/hcms-bench) keeps seeded databases between runs.
set -euo pipefail

ARTICLES=100000
DURATION=15
REPS=3
WARMUP=5
RESEED=0
ONLY=""
POSTGRES=""
# Fixed by the issue: the same load shape in every run, so numbers from different runs are comparable at all.
THREADS=2
CONNECTIONS=32
# A read slower than this is a failure for any reader; wrk counts it as a timeout, not as a latency.
TIMEOUT=10

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --reseed) RESEED=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --postgres) POSTGRES="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done
for n in "$ARTICLES" "$DURATION" "$REPS" "$WARMUP"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "expected a positive integer, got '$n'" >&2; exit 2; }
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/scripts/bench"
CACHE="${HCMS_BENCH_CACHE:-/tmp/hcms-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

RUN="$(mktemp -d "${TMPDIR:-/tmp}/hcms-bench-run.XXXXXX")"
PIDS=()

# Every process this script starts is stopped on the way out, by its pid, however the script ends.
# On failure the logs stay behind for a look.
cleanup() {
  local status=$?
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if ((status == 0)); then
    rm -rf "$RUN"
  else
    echo "bench: failed (exit status $status); logs kept in $RUN" >&2
  fi
}
trap cleanup EXIT
# Say which signal stopped a run: a shared machine's other users and tools do send them.
trap 'echo "bench: stopped by SIGINT" >&2; exit 130' INT
trap 'echo "bench: stopped by SIGTERM" >&2; exit 143' TERM
trap 'echo "bench: stopped by SIGHUP" >&2; exit 129' HUP

# --- wrk ------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  SUDO=""
  (( $(id -u) == 0 )) || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has empty package lists: try as is, update only when that fails.
  $SUDO apt-get install -y -qq wrk >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null; }
fi
command -v jq >/dev/null 2>&1 || die "jq is needed (apt-get install jq)"

# --- build ----------------------------------------------------------------------------------------------------
build() {
  local project="$1"; shift
  if ! dotnet build "$project" -c Release -nologo -v quiet "$@" >"$RUN/build.log" 2>&1; then
    cat "$RUN/build.log" >&2
    die "build failed: $project"
  fi
}
log "building the API, the seeder, the ceiling and the floor (Release)"
build "$ROOT/src/HeadlessCms.Api/HeadlessCms.Api.csproj"
# One node: the seeder references the migration set that the API's own build also builds; in parallel the two
# builds of it could race for the same obj/ files.
build "$BENCH/Seeder/Seeder.csproj" -m:1
build "$BENCH/Ceiling/Ceiling.csproj"
build "$BENCH/Floor/Floor.csproj"
API_DIR="$ROOT/src/HeadlessCms.Api/bin/Release/net10.0"
[[ -f "$API_DIR/HeadlessCms.Migrations.Sqlite.dll" ]] || die "the SQLite migration set is missing from $API_DIR"

# --- seed -----------------------------------------------------------------------------------------------------
# A seeded database is reused while nothing that shapes it changed: the key hashes the API's sources (schema,
# migrations, and a read model if there is one) and the seeder's. Seeding 100,000 articles takes ~10 s plus
# whatever rebuilding a read model takes, so any change to src/ simply reseeds.
# HCMS_BENCH_KEY names an entry explicitly (to time a change whose sources do not change what is seeded, such as a
# query, without reseeding and recopying for half an hour on a busy machine); the change must not alter the schema.
KEY="${HCMS_BENCH_KEY:-}"
[[ -n "$KEY" ]] || KEY="$(cd "$ROOT" && find src scripts/bench/Seeder -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) \
  -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)"
DB_DIR="$CACHE/$ARTICLES-$KEY"
DB="$DB_DIR/cms.db"
seeded() { [[ -f "$DB" && -s "$DB_DIR/slugs.txt" ]]; }
# The cache is shared by every checkout on the machine, and another checkout's sources give another key. A run holds
# a lock on its entry from start to end: shared while it uses the database (no other run may evict it then),
# exclusive while it seeds (two runs of the same sources do not seed into one file at once).
mkdir -p "$DB_DIR"
exec 9>>"$DB_DIR/.in-use"
if ((RESEED)) || ! seeded; then
  flock -x -w 900 9 || die "$DB_DIR is in use by another run; try again later"
fi
if ((RESEED)) || ! seeded; then
  # Databases seeded from other sources are stale for us; at 100,000 articles each is ~1.5 GB. One that another
  # run is still using stays (its lock says so); a later run removes it.
  for old in "$CACHE/$ARTICLES-"*; do
    [[ "$old" == "$DB_DIR" || ! -d "$old" ]] && continue
    if flock -n -x "$old/.in-use" true 2>/dev/null; then rm -rf "$old"; else log "keeping $old: another run is using it"; fi
  done
  log "seeding $ARTICLES articles into $DB"
  dotnet "$BENCH/Seeder/bin/Release/net10.0/Seeder.dll" "$DB" "$ARTICLES" 2>&1 | tee "$DB_DIR/seed.log" >&2
  SEEDED_NOW="seeded in this run"
else
  log "reusing $DB (--reseed to rebuild it)"
  SEEDED_NOW="reused from the cache, seeded earlier"
fi
flock -s 9
SEED_LINE="$(grep -E '^seeded ' "$DB_DIR/seed.log" | sed -E 's/.* in ([0-9.,]+ s)$/\1/' || true)"
READ_MODEL_LINE="$(grep -E '^read model:' "$DB_DIR/seed.log" | sed 's/^read model: //' || true)"
DB_MIB="$(awk -v b="$(stat -c %s "$DB")" 'BEGIN { printf "%.0f", b / 1048576 }')"
SLUGS="$DB_DIR/slugs.txt"
SLUG_COUNT="$(grep -c . "$SLUGS")"
TAG="$(head -n 1 "$DB_DIR/tags.txt")"
SLUG="$(head -n 1 "$SLUGS")"

# --- PostgreSQL (--postgres) ----------------------------------------------------------------------------------
PG_CONN=""
if [[ -n "$POSTGRES" ]]; then
  command -v psql >/dev/null || die "--postgres needs psql"
  pg_field() { tr ';' '\n' <<<"$POSTGRES" | awk -v k="$1" 'BEGIN { IGNORECASE = 1 } { i = index($0, "="); if (tolower(substr($0, 1, i - 1)) == tolower(k)) print substr($0, i + 1) }'; }
  export PGHOST="$(pg_field Host)" PGPORT="$(pg_field Port)" PGUSER="$(pg_field Username)" PGPASSWORD="$(pg_field Password)" PGTZ=UTC
  PG_ADMIN_DB="$(pg_field Database)"
  PG_DB="hcms_bench_${ARTICLES}_$KEY"
  PG_CONN="Host=$PGHOST;Port=${PGPORT:-5432};Username=$PGUSER;Password=$PGPASSWORD;Database=$PG_DB"
  if ((RESEED)) || [[ "$(psql -d "$PG_ADMIN_DB" -Atc "SELECT count(*) FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]] \
     || [[ "$(psql -d "$PG_DB" -Atc 'SELECT count(*) FROM "ArticleSearch"' 2>/dev/null)" != "$ARTICLES" ]]; then
    log "copying the articles into PostgreSQL database $PG_DB"
    started=$SECONDS
    # Databases copied from other sources are stale, as with the SQLite files.
    for old in $(psql -d "$PG_ADMIN_DB" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'hcms\_bench\_${ARTICLES}\_%'"); do
      psql -q -d "$PG_ADMIN_DB" -c "DROP DATABASE IF EXISTS \"$old\" WITH (FORCE)"
    done
    psql -q -d "$PG_ADMIN_DB" -c "CREATE DATABASE \"$PG_DB\""
    pg_api=(env ASPNETCORE_ENVIRONMENT=Production Database__Provider=Postgres "ConnectionStrings__Cms=$PG_CONN")
    (cd "$API_DIR" && "${pg_api[@]}" dotnet HeadlessCms.Api.dll migrate) >&2
    python3 "$BENCH/sqlite-to-postgres.py" "$DB" "$PG_DB"
    (cd "$API_DIR" && "${pg_api[@]}" dotnet HeadlessCms.Api.dll rebuild-read-model) >&2
    psql -q -d "$PG_DB" -c "VACUUM ANALYZE"
    echo "$((SECONDS - started))" >"$DB_DIR/postgres-copy-seconds"
  else
    log "reusing PostgreSQL database $PG_DB"
  fi
  PG_MIB="$(psql -d "$PG_DB" -Atc "SELECT pg_database_size(current_database()) / 1048576")"
fi

# --- start the servers ----------------------------------------------------------------------------------------
# A free loopback port at or after $1 (bash's /dev/tcp connects when something listens there).
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# Starts a server in the background; LAST_PID is the dotnet process itself (the subshell execs into it),
# so /proc/LAST_PID/status is the server's memory.
LAST_PID=""
start() {
  local name="$1" dir="$2"; shift 2
  (cd "$dir" && exec "$@") >"$RUN/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

wait_ready() {
  local name="$1" pid="$2" url="$3"
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$RUN/$name.log" >&2; die "$name exited during start-up"; }
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  tail -n 30 "$RUN/$name.log" >&2
  die "$name not ready after 120 s"
}

ADMIN_KEY="$(openssl rand -base64 32)"   # Cms:AdminApiKey must look generated (a weak one stops the start)
API_PORT="$(free_port 5301)"
OFF_PORT="$(free_port $((API_PORT + 1)))"
SRV_PORT="$(free_port $((OFF_PORT + 1)))"
CEILING_PORT="$(free_port $((SRV_PORT + 1)))"
FLOOR_PORT="$(free_port $((CEILING_PORT + 1)))"

# The API as it ships (its appsettings.json, run from its output folder like the Docker image does), Production,
# on the seeded file. A configured admin key keeps start-up from writing a bootstrap key into the database.
api_env=(env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
  "ConnectionStrings__Cms=Data Source=$DB" Cms__SeedSampleContent=false "Cms__AdminApiKey=$ADMIN_KEY")
log "starting the API on 127.0.0.1:$API_PORT (caches on) and 127.0.0.1:$OFF_PORT (caches off)"
start api "$API_DIR" "${api_env[@]}" dotnet HeadlessCms.Api.dll --urls "http://127.0.0.1:$API_PORT"
API_PID="$LAST_PID"
# Cms:Caching:Enabled=false turns off every cache the API has (output cache, read-model memory); an API without
# that setting ignores it, and both instances then measure the same thing.
start api-nocache "$API_DIR" "${api_env[@]}" Cms__Caching__Enabled=false dotnet HeadlessCms.Api.dll --urls "http://127.0.0.1:$OFF_PORT"
OFF_PID="$LAST_PID"
# The same API with the server garbage collector (DOTNET_gcServer=1), which ASP.NET Core picks unless told otherwise:
# the API runs the workstation GC (HeadlessCms.Api.csproj) for its footprint, and this row keeps that choice honest.
start api-srv "$API_DIR" "${api_env[@]}" DOTNET_gcServer=1 dotnet HeadlessCms.Api.dll --urls "http://127.0.0.1:$SRV_PORT"
SRV_PID="$LAST_PID"
if [[ -n "$PG_CONN" ]]; then
  PG_PORT="$(free_port $((FLOOR_PORT + 1)))"
  start api-pg "$API_DIR" env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production Database__Provider=Postgres \
    "ConnectionStrings__Cms=$PG_CONN" Cms__SeedSampleContent=false "Cms__AdminApiKey=$ADMIN_KEY" Cms__Caching__Enabled=false \
    dotnet HeadlessCms.Api.dll --urls "http://127.0.0.1:$PG_PORT"
  PG_PID="$LAST_PID"
  wait_ready api-pg "$PG_PID" "http://127.0.0.1:$PG_PORT/health/ready"
fi
wait_ready api "$API_PID" "http://127.0.0.1:$API_PORT/health/ready"
wait_ready api-nocache "$OFF_PID" "http://127.0.0.1:$OFF_PORT/health/ready"
wait_ready api-srv "$SRV_PID" "http://127.0.0.1:$SRV_PORT/health/ready"

API="http://127.0.0.1:$API_PORT"
OFF="http://127.0.0.1:$OFF_PORT"
ARTICLE_PATH="/api/v1/articles/$SLUG"

# The ceiling serves exactly what the API answers for one article: same body, same ETag.
curl -fsS -D "$RUN/article.headers" -o "$RUN/article.json" "$API$ARTICLE_PATH" || die "GET $ARTICLE_PATH failed"
ETAG="$(grep -i '^etag:' "$RUN/article.headers" | sed -E 's/^[^:]*: *//; s/\r$//')"
[[ -n "$ETAG" ]] || die "the article response has no ETag"
RESPONSE_BYTES="$(stat -c %s "$RUN/article.json")"
# The site-wide RSS feed and a first sync page are far bigger than an article; the ceiling also serves their exact
# bytes on their paths, so each has a ceiling of its own size to be compared with.
RSS_PATH="/api/v1/feeds/articles.rss"
SYNC_PATH="/api/v1/sync"
SYNC_QUERY="?initial=true&limit=20"
curl -fsS -o "$RUN/rss.xml" "$API$RSS_PATH" || die "GET $RSS_PATH failed"
curl -fsS -o "$RUN/sync.json" "$API$SYNC_PATH$SYNC_QUERY" || die "GET $SYNC_PATH$SYNC_QUERY failed"
RSS_BYTES="$(stat -c %s "$RUN/rss.xml")"
SYNC_BYTES="$(stat -c %s "$RUN/sync.json")"
log "starting the ceiling on 127.0.0.1:$CEILING_PORT with one $RESPONSE_BYTES-byte article response (and the feed's and sync page's bytes)"
start ceiling "$BENCH/Ceiling/bin/Release/net10.0" dotnet Ceiling.dll "$RUN/article.json" "$ETAG" \
  "$RSS_PATH|$RUN/rss.xml|application/rss+xml; charset=utf-8" "$SYNC_PATH|$RUN/sync.json|application/json; charset=utf-8" \
  --urls "http://127.0.0.1:$CEILING_PORT"
CEILING_PID="$LAST_PID"
wait_ready ceiling "$CEILING_PID" "http://127.0.0.1:$CEILING_PORT/"
cmp -s "$RUN/article.json" <(curl -fsS "http://127.0.0.1:$CEILING_PORT$ARTICLE_PATH") || die "the ceiling does not serve the article's bytes"
cmp -s "$RUN/rss.xml" <(curl -fsS "http://127.0.0.1:$CEILING_PORT$RSS_PATH") || die "the ceiling does not serve the feed's bytes"

# The floor reads the same read model as the API (read-only), so it must answer the same bytes and ETag.
log "starting the floor (ASP.NET Core + EF Core, the by-slug read alone) on 127.0.0.1:$FLOOR_PORT"
start floor "$BENCH/Floor/bin/Release/net10.0" dotnet Floor.dll --database "$DB" --urls "http://127.0.0.1:$FLOOR_PORT"
FLOOR_PID="$LAST_PID"
wait_ready floor "$FLOOR_PID" "http://127.0.0.1:$FLOOR_PORT$ARTICLE_PATH"
cmp -s "$RUN/article.json" <(curl -fsS "http://127.0.0.1:$FLOOR_PORT$ARTICLE_PATH") || die "the floor does not serve the article's bytes"
[[ "$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$FLOOR_PORT$ARTICLE_PATH" | grep -i '^etag:' | sed -E 's/^[^:]*: *//; s/\r$//')" == "$ETAG" ]] \
  || die "the floor does not serve the article's ETag"

# --- the deep page --------------------------------------------------------------------------------------------
# Follow nextCursor from the first page, as a reader paging back through the archive would: 2,000 pages of 20 at
# 100,000 articles (40,000 articles in), proportionally fewer (4/5 of the way) on a smaller archive.
DEEP_PAGES=$(( ARTICLES / 20 * 4 / 5 ))
((DEEP_PAGES > 2000)) && DEEP_PAGES=2000
((DEEP_PAGES < 1)) && DEEP_PAGES=1
log "following nextCursor through $DEEP_PAGES pages"
started=$SECONDS
cursor=""
for ((page = 1; page <= DEEP_PAGES; page++)); do
  body="$(curl -fsS "$API/api/v1/articles?limit=20${cursor:+&cursor=$cursor}")" || die "list page $page failed"
  cursor="$(grep -o '"nextCursor":"[^"]*"' <<<"$body" | cut -d'"' -f4 || true)"
  [[ -n "$cursor" ]] || die "page $page has no nextCursor"
  ((page % 250 == 0)) && log "  $page pages ($((SECONDS - started)) s)"
done
DEEP_WALK_S=$((SECONDS - started))
DEEP_PATH="/api/v1/articles?limit=20&cursor=$cursor"

# --- the mixed workload -------------------------------------------------------------------------------------------
# Editors' saves landing on other articles (the newest ones, none of the sampled slugs) while readers read: with
# precise eviction the read pages stay warm. Paced by scripts/bench/edits.py during the warm-up and the run.
EDIT_RATE=10
curl -fsS "$API/api/v1/articles?limit=100" | jq -r '.items[] | "\(.id) \(.slug)"' | grep -vwFf "$SLUGS" | cut -d' ' -f1 | head -n 50 >"$RUN/edit-ids"
[[ -s "$RUN/edit-ids" ]] || die "no articles to edit outside the sampled slugs"

# --- scenarios ------------------------------------------------------------------------------------------------
# id | label | base URL | path | wrk script (empty: the same request every time) | expected status
#    | the id of the ceiling row it is a fraction of (empty: the article ceiling)
SCENARIOS=(
  "ceiling|ceiling: bare Kestrel, same bytes|http://127.0.0.1:$CEILING_PORT|/api/v1/articles/|slugs.lua|200"
  "slug|article by slug, warm|$API|/api/v1/articles/|slugs.lua|200"
  "mixed|article by slug, warm, while $EDIT_RATE edits/s land on other articles|$API|/api/v1/articles/|slugs.lua|200"
  "slug_srv|article by slug, warm, server GC|http://127.0.0.1:$SRV_PORT|/api/v1/articles/|slugs.lua|200"
  "slug_off|article by slug, caches off|$OFF|/api/v1/articles/|slugs.lua|200"
  "floor|floor: minimal ASP.NET Core + EF Core app, the by-slug read alone, no cache|http://127.0.0.1:$FLOOR_PORT|/api/v1/articles/|slugs.lua|200"
  "list|list page of 20 (newest), warm|$API|/api/v1/articles?limit=20||200"
  "list_off|list page of 20, caches off|$OFF|/api/v1/articles?limit=20||200"
  "tag|list filtered by tag, warm|$API|/api/v1/articles?limit=20&tag=$TAG||200"
  "rss|site-wide RSS feed (Cms:Feeds:Items items), warm|$API|$RSS_PATH||200|ceiling_rss"
  "ceiling_rss|ceiling: bare Kestrel, the RSS feed's bytes|http://127.0.0.1:$CEILING_PORT|$RSS_PATH||200"
  "sync|change sync: first initial page of 20|$API|$SYNC_PATH$SYNC_QUERY||200|ceiling_sync"
  "ceiling_sync|ceiling: bare Kestrel, the sync page's bytes|http://127.0.0.1:$CEILING_PORT|$SYNC_PATH$SYNC_QUERY||200"
  "deep|page $((DEEP_PAGES + 1)) of the cursor chain, warm|$API|$DEEP_PATH||200"
  "revalidate|304 revalidation (If-None-Match)|$API|$ARTICLE_PATH|etag.lua|304"
  "search_one|search, one word, caches off|$OFF|/api/v1/search?set=one&limit=20&q=|search.lua|200"
  "search_two|search, two words, caches off|$OFF|/api/v1/search?set=two&limit=20&q=|search.lua|200"
  "search_phrase|search, phrase, caches off|$OFF|/api/v1/search?set=phrase&limit=20&q=|search.lua|200"
  "search_prefix|search, prefix of the last word, caches off|$OFF|/api/v1/search?set=prefix&limit=20&q=|search.lua|200"
)
if [[ -n "$PG_CONN" ]]; then
  PG_API="http://127.0.0.1:$PG_PORT"
  SCENARIOS+=(
    "search_pg_one|PostgreSQL: search, one word, caches off|$PG_API|/api/v1/search?set=one&limit=20&q=|search.lua|200"
    "search_pg_two|PostgreSQL: search, two words, caches off|$PG_API|/api/v1/search?set=two&limit=20&q=|search.lua|200"
    "search_pg_phrase|PostgreSQL: search, phrase, caches off|$PG_API|/api/v1/search?set=phrase&limit=20&q=|search.lua|200"
    "search_pg_prefix|PostgreSQL: search, prefix of the last word, caches off|$PG_API|/api/v1/search?set=prefix&limit=20&q=|search.lua|200"
  )
fi
if [[ -n "$ONLY" ]]; then
  kept=()
  for scenario in "${SCENARIOS[@]}"; do [[ "${scenario%%|*}" =~ $ONLY ]] && kept+=("$scenario"); done
  ((${#kept[@]})) || die "--only '$ONLY' matches no scenario"
  SCENARIOS=("${kept[@]}")
fi
export BENCH_SLUGS="$SLUGS" BENCH_PREFIX="/api/v1/articles/" BENCH_ETAG="$ETAG" BENCH_QUERIES="$BENCH/queries"

# Check every scenario answers what it should before timing it: a fast 404 is not a result.
for scenario in "${SCENARIOS[@]}"; do
  IFS='|' read -r id label base path script expect own_ceiling <<<"$scenario"
  url="$base$path"
  [[ "$script" == "slugs.lua" ]] && url="$base$path$SLUG"
  [[ "$script" == "search.lua" ]] && url="$base$path$(head -n 1 "$BENCH/queries/$(sed -E 's/.*set=([a-z]+).*/\1/' <<<"$path").txt")"
  headers=()
  [[ "$script" == "etag.lua" ]] && headers=(-H "If-None-Match: $ETAG")
  got="$(curl -sS -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")"
  [[ "$got" == "$expect" ]] || die "$label: $url answered $got, expected $expect"
done

wrk_run() { # seconds, url, script, output file
  local seconds="$1" url="$2" script="$3" out="$4"
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout "${TIMEOUT}s" --latency)
  [[ -n "$script" ]] && args+=(-s "$BENCH/lua/$script")
  wrk "${args[@]}" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed on $url"; }
}

# wrk output -> "req/s p50_ms p99_ms wrong_status socket_errors bytes_per_response". Latency percentiles cover
# completed requests only: a request still unanswered after --timeout counts as a socket error (timeout) instead.
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000
      if (v ~ /s$/) return v * 1000
      return v + 0
    }
    function bytes(v) {
      if (v ~ /KB$/) return v * 1024
      if (v ~ /MB$/) return v * 1048576
      if (v ~ /GB$/) return v * 1073741824
      return v + 0
    }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { requests = $1; read = bytes($(NF - 1)) }
    /Non-2xx or 3xx responses:/ { status += $NF }
    /Socket errors:/ { for (i = 3; i <= NF; i++) socket += $i + 0 }
    END { printf "%s %s %s %d %d %.0f\n", rps, p50, p99, status, socket, (requests > 0 ? read / requests : 0) }
  ' "$1"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# Other work on a shared machine skews everything; the load average before and after says how much to trust a run.
LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"

# Repetitions go round-robin over the scenarios, so a slow minute on this shared machine lands on all of them
# rather than on one; every measurement has its own warm-up (JIT, connection set-up, page cache, caches).
mkdir -p "$RUN/wrk"
TOTAL=$(( ${#SCENARIOS[@]} * REPS ))
done_count=0
for ((rep = 1; rep <= REPS; rep++)); do
  for scenario in "${SCENARIOS[@]}"; do
    IFS='|' read -r id label base path script expect own_ceiling <<<"$scenario"
    done_count=$((done_count + 1))
    log "[$done_count/$TOTAL] rep $rep: $label"
    if [[ "$id" == mixed ]]; then
      python3 "$BENCH/edits.py" "$API" "$ADMIN_KEY" "$EDIT_RATE" $((WARMUP + DURATION)) $(cat "$RUN/edit-ids") >>"$RUN/edits.log" 2>&1 &
      EDITS_PID=$!
    fi
    wrk_run "$WARMUP" "$base$path" "$script" "$RUN/wrk/$id.warmup"
    wrk_run "$DURATION" "$base$path" "$script" "$RUN/wrk/$id.$rep"
    if [[ "$id" == mixed ]]; then wait "$EDITS_PID" || die "the edits failed (see $RUN/edits.log)"; fi
    parse_wrk "$RUN/wrk/$id.$rep" >>"$RUN/wrk/$id.tsv"
    log "    $(tail -n 1 "$RUN/wrk/$id.tsv" | awk '{ print $1 }') req/s"
  done
done

# Peak resident memory over the whole run (VmHWM), read before anything is stopped.
hwm_mb() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
API_RSS="$(hwm_mb "$API_PID")"
OFF_RSS="$(hwm_mb "$OFF_PID")"
SRV_RSS="$(hwm_mb "$SRV_PID")"
CEILING_RSS="$(hwm_mb "$CEILING_PID")"
FLOOR_RSS="$(hwm_mb "$FLOOR_PID")"
LOAD_AFTER="$(cut -d' ' -f1 /proc/loadavg)"
FAILED_LOG_LINES="$(cat "$RUN/api.log" "$RUN/api-nocache.log" | grep -c '^fail:' || true)"

# --- the table ------------------------------------------------------------------------------------------------
col() { awk -v c="$1" '{ print $c }' "$RUN/wrk/$2.tsv" | median; }
have() { [[ -f "$RUN/wrk/$1.tsv" ]]; }   # with --only, some scenarios were not timed
fmt_rps() { # thousands separators without depending on the locale
  awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    print s out }'
}
fmt_ms() { awk -v v="$1" 'BEGIN { if (v < 10) printf "%.2f ms", v; else if (v < 100) printf "%.1f ms", v; else printf "%.0f ms", v }'; }
fmt_ratio() { # two significant digits down to 0.00001: a slow baseline is still a number, not 0.000
  awk -v v="$1" -v c="$2" 'BEGIN { r = (c > 0 ? v / c : 0)
    if (r >= 0.1) printf "%.2f", r; else if (r >= 0.01) printf "%.3f", r; else if (r >= 0.001) printf "%.4f", r; else printf "%.5f", r }'
}

CEILING_RPS="$(have ceiling && col 1 ceiling || echo 0)"
CPU="$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//' || true)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]] && COMMIT="$COMMIT + uncommitted changes in src/"
RESULT="$BENCH/results/latest-$ARTICLES.md"
mkdir -p "$BENCH/results"
{
  echo "### $(fmt_rps "$ARTICLES") articles"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT"
  echo "- machine: $(nproc) cores ($CPU), $MEM_GIB GiB RAM, Linux $(uname -r), .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }');" \
    "1-minute load average $LOAD_BEFORE before the timed runs, $LOAD_AFTER after (shared machine)"
  echo "- database: SQLite, $(fmt_rps "$ARTICLES") published articles, $(fmt_rps "$DB_MIB") MiB, $SEEDED_NOW (seeding took ${SEED_LINE:-?}); read model: ${READ_MODEL_LINE:-n/a}"
  [[ -n "$PG_CONN" ]] && echo "- PostgreSQL rows: $PG_DB on $PGHOST:${PGPORT:-5432} ($(psql -d "$PG_DB" -Atc 'SHOW server_version' | cut -d' ' -f1)), ${PG_MIB} MiB, the same articles copied from the SQLite file; read model and search index rebuilt by the API ($(cat "$DB_DIR/postgres-copy-seconds" 2>/dev/null || echo '?') s for copy and rebuild)"
  echo "- load: wrk, $THREADS threads, $CONNECTIONS connections, loopback; ${WARMUP} s warm-up, then ${DURATION} s x $REPS reps (round-robin), median of each column"
  echo "- article response: $(fmt_rps "$RESPONSE_BYTES") bytes; the by-slug scenarios and the ceiling cycle through $(fmt_rps "$SLUG_COUNT") slugs spread over the archive"
  echo "- RSS feed: $(fmt_rps "$RSS_BYTES") bytes, sync page: $(fmt_rps "$SYNC_BYTES") bytes; \"own bytes\" is the fraction of bare Kestrel serving those same bytes in the same run"
  echo
  echo "| scenario | req/s | p50 | p99 | fraction of ceiling |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for scenario in "${SCENARIOS[@]}"; do
    IFS='|' read -r id label base path script expect own_ceiling <<<"$scenario"
    rps="$(col 1 "$id")"
    wrong="$(awk '{ s += $4 } END { print s + 0 }' "$RUN/wrk/$id.tsv")"
    socket="$(awk '{ s += $5 } END { print s + 0 }' "$RUN/wrk/$id.tsv")"
    note=""
    ((wrong > 0)) && note="$note, $wrong wrong status"
    ((socket > 0)) && note="$note, $socket timed out (>${TIMEOUT}s) or failed"
    [[ -n "$note" ]] && note=" (${note#, } in $REPS runs)"
    fraction="$(fmt_ratio "$rps" "$CEILING_RPS")"
    [[ "$id" == ceiling_* ]] && fraction="$fraction (own bytes: 1.00)"
    if [[ -n "$own_ceiling" ]] && have "$own_ceiling"; then
      fraction="$fraction (own bytes: $(fmt_ratio "$rps" "$(col 1 "$own_ceiling")"))"
    fi
    echo "| $label$note | $(fmt_rps "$rps") | $(fmt_ms "$(col 2 "$id")") | $(fmt_ms "$(col 3 "$id")") | $fraction |"
  done
  have mixed && have slug && echo && echo "Mixed workload: reads while $EDIT_RATE edits/s land on other articles are **$(fmt_ratio "$(col 1 mixed)" "$(col 1 slug)")** of the read-only" \
    "by-slug throughput in the same run (rep by rep: $(paste "$RUN/wrk/slug.tsv" "$RUN/wrk/mixed.tsv" | awk -v n="$(head -n 1 "$RUN/wrk/slug.tsv" | wc -w)" \
      '{ printf "%s%.2f", (NR > 1 ? ", " : ""), ($1 > 0 ? $(n + 1) / $1 : 0) }'); edits made: $(awk '{ d += $2; f += $4 } END { printf "%d, %d failed", d, f }' "$RUN/edits.log"))."
  echo
  echo "API peak RSS (VmHWM): **$API_RSS MB** caches on, **$OFF_RSS MB** caches off, **$SRV_RSS MB** with the server GC, serving only the by-slug reads (ceiling: $CEILING_RSS MB; floor, ASP.NET Core + EF Core serving only the by-slug reads: **$FLOOR_RSS MB**)."
  have slug && have slug_srv && echo && echo "Warm by-slug throughput, workstation GC (the API's setting) / server GC: **$(fmt_ratio "$(col 1 slug)" "$(col 1 slug_srv)")**."
  have deep && have list && echo && echo "Deep page p50 / first page p50: $(awk -v d="$(col 2 deep)" -v f="$(col 2 list)" 'BEGIN { printf "%.2f", (f > 0 ? d / f : 0) }')x" \
    "(walking the $DEEP_PAGES pages one by one with curl beforehand took ${DEEP_WALK_S} s)."
  revalidate_bytes="$(have revalidate && col 6 revalidate || echo 0)"
  if awk -v b="$revalidate_bytes" 'BEGIN { exit !(b > 1024) }'; then
    echo
    echo "**Warning:** the revalidation scenario read $revalidate_bytes bytes per response: the API did not answer 304."
  fi
  if ((FAILED_LOG_LINES > 0)); then
    echo
    echo "**Warning:** the API logged $FAILED_LOG_LINES errors (fail:) during the run."
  fi
} >"$RESULT"

echo
cat "$RESULT"
echo
log "saved to ${RESULT#"$ROOT"/}"
