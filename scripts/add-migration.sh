#!/usr/bin/env bash
# Adds an EF Core migration with the same name to both migration sets (SQLite and PostgreSQL),
# so the two providers never drift apart. Usage: scripts/add-migration.sh AddComments
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="src/HeadlessCms.Migrations.$provider"
  echo "== $provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
