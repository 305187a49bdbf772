#!/usr/bin/env bash
# Bulk import: every document in DIR becomes a draft article through POST /api/v1/imports (one request per file).
#
#   CMS_URL=http://localhost:5080 CMS_KEY=hcms_... scripts/import.sh DIR [--dry-run] [--author NAME]
#
# The content type follows the extension: .md/.markdown text/markdown, .html/.htm text/html, .json application/json
# (ninjs), .txt text/plain (a page capture). Other files are skipped. Prints one line per file (status, slug, repairs,
# dropped blocks, file) and a total; exits 1 when any file was refused. Needs curl and jq.
set -euo pipefail

dir="${1:?usage: scripts/import.sh DIR [--dry-run] [--author NAME]}"
shift
: "${CMS_URL:?set CMS_URL, e.g. http://localhost:5080}"
: "${CMS_KEY:?set CMS_KEY to an editor or admin API key}"
query=()
while (($#)); do
  case "$1" in
    --dry-run) query+=("dryRun=true") ;;
    --author) shift; query+=("author=$(jq -rn --arg v "${1:?--author needs a name}" '$v|@uri')") ;;
    *) echo "import.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
qs=""
if ((${#query[@]})); then qs="?$(IFS='&'; echo "${query[*]}")"; fi

ok=0 failed=0 skipped=0
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
printf '%-6s %-60s %8s %8s  %s\n' status slug repairs dropped file
while IFS= read -r -d '' file; do
  case "${file,,}" in
    *.md|*.markdown) type="text/markdown" ;;
    *.html|*.htm) type="text/html" ;;
    *.json) type="application/json" ;;
    *.txt) type="text/plain" ;;
    *) skipped=$((skipped + 1)); continue ;;
  esac
  status=$(curl -sS -o "$body" -w '%{http_code}' -X POST "${CMS_URL%/}/api/v1/imports$qs" \
    -H "Authorization: Bearer $CMS_KEY" -H "Content-Type: $type" --data-binary "@$file")
  if [[ "$status" == 2* ]]; then
    ok=$((ok + 1))
    printf '%-6s %-60s %8s %8s  %s\n' "$status" "$(jq -r '.draft.slug' "$body")" \
      "$(jq '.report.repairs | length' "$body")" "$(jq '.report.dropped | length' "$body")" "$file"
  else
    failed=$((failed + 1))
    printf '%-6s %-60s %8s %8s  %s\n' "$status" "$(jq -r '(.errors // {} | [.[][]] | first) // .detail // "?"' "$body" 2>/dev/null | cut -c1-60)" - - "$file"
  fi
done < <(find "$dir" -maxdepth 1 -type f -print0 | sort -z)

echo "imported $ok, refused $failed, skipped $skipped"
((failed == 0))
