#!/usr/bin/env python3
"""Copies the benchmark's base tables from its SQLite file into a migrated PostgreSQL database, through psql's
\\copy (CSV on a pipe). Only the rows an editor writes are copied; the read model and search index are then rebuilt
by the API itself (rebuild-read-model), so both engines index the same articles the way the API does.

Usage: sqlite-to-postgres.py <sqlite-file> <psql database name>   (PGHOST, PGPORT, PGUSER, PGPASSWORD from the environment)
"""
import json
import sqlite3
import subprocess
import sys

TABLES = ["Authors", "Tags", "Articles", "ArticleTags"]


def field(value):
    if value is None:
        return ""  # unquoted empty: NULL
    return '"' + str(value).replace('"', '""') + '"'


def pg_array(text):
    items = json.loads(text) if text else []
    return "{" + ",".join('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' for s in items) + "}"


def main(db_path, database):
    db = sqlite3.connect(db_path)
    for table in TABLES:
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        quoted = ",".join(f'"{c}"' for c in columns)
        copy = subprocess.Popen(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", f'\\copy "{table}" ({quoted}) FROM STDIN WITH (FORMAT csv)'],
            stdin=subprocess.PIPE, text=True, env=None)
        rows = 0
        for row in db.execute(f'SELECT {quoted} FROM "{table}"'):
            values = [pg_array(v) if c == "Highlights" else v for c, v in zip(columns, row)]
            copy.stdin.write(",".join(field(v) for v in values) + "\n")
            rows += 1
        copy.stdin.close()
        if copy.wait() != 0:
            sys.exit(f"copying {table} failed")
        print(f"copied {rows:,} rows of {table}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
