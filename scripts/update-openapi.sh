#!/usr/bin/env bash
# Regenerates openapi/openapi.json from the running code (through the contract test in update mode).
# Review the diff and commit it with the change that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_OPENAPI=1 dotnet test tests/HeadlessCms.Tests --filter "FullyQualifiedName~OpenApiContractTests" --nologo -v quiet
git --no-pager diff --stat -- openapi/openapi.json || true
