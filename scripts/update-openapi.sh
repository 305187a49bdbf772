#!/usr/bin/env bash
# Regenerates openapi/openapi.json from the running code (through the contract test in update mode), then the clients
# generated from it: the TypeScript client's types (src/clients/typescript/src/schema.d.ts, with openapi-typescript) and
# the C# client (src/clients/csharp/HeadlessCms.Client/CmsClient.g.cs, with NSwag).
# Review the diff and commit it with the change that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_OPENAPI=1 dotnet test tests/HeadlessCms.Tests --filter "FullyQualifiedName~OpenApiContractTests" --nologo -v quiet
( cd src/clients/typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent generate )
dotnet run --project src/clients/csharp/HeadlessCms.Client.Generator -v quiet
git --no-pager diff --stat -- openapi/openapi.json src/clients || true
