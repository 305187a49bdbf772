#!/usr/bin/env bash
# Lints openapi/openapi.json with the pinned tools of this folder (npm ci installs them):
#   Spectral spectral:oas      0 errors, 0 warnings   (.spectral.yaml)
#   Spectral OWASP ruleset     0 errors               (owasp.spectral.yaml; its overrides each say why)
#   Redocly recommended        0 errors               (redocly.yaml)
# Prints one count line per tool and exits non-zero when a gate fails.
set -uo pipefail
cd "$(dirname "$0")"
DOC=${1:-../../openapi/openapi.json}
[ -f "$DOC" ] || { echo "no OpenAPI document at $DOC" >&2; exit 1; }
[ -d node_modules/@stoplight/spectral-cli ] && [ -d node_modules/@redocly/cli ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null
status=0

count() { node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
  const e = r.filter(x => x.severity === 0).length, w = r.filter(x => x.severity === 1).length;
  for (const x of r.filter(x => x.severity === 0).concat(r.filter(x => x.severity === 1).slice(0, 5)).slice(0, 40)) console.error(`  ${x.severity ? "warning" : "error"} ${x.code} ${x.path.join(".")}: ${x.message}`);
  console.log(`${e} ${w}`);'; }

spectral() { node_modules/.bin/spectral lint --quiet --format json --ruleset "$1" "$DOC" 2>/dev/null | sed -n '/^\[/,$p' | count; }

read -r e w < <(spectral .spectral.yaml)
echo "spectral:oas: ${e} errors, ${w} warnings"
(( e == 0 && w == 0 )) || status=1

read -r e w < <(spectral owasp.spectral.yaml)
echo "spectral owasp: ${e} errors, ${w} warnings"
(( e == 0 )) || status=1

out=$(node_modules/.bin/redocly lint --config redocly.yaml --format summary "$DOC" 2>&1)
e=$(grep -Eo '^error +[a-z0-9-]+: [0-9]+' <<<"$out" | awk '{ s += $NF } END { print s + 0 }')
w=$(grep -Eo '^warning +[a-z0-9-]+: [0-9]+' <<<"$out" | awk '{ s += $NF } END { print s + 0 }')
echo "redocly recommended: ${e} errors, ${w} warnings"
(( e == 0 )) || { grep -E '^error' <<<"$out" >&2; status=1; }
exit $status
