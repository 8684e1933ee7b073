"""A database file as an earlier version of the program left it: built from the migrations it had."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from xxh_desktop.storage.database import split_sql
from xxh_desktop.storage.schema import MIGRATIONS, V4_APPLICATION_ID

# The last version that did not mark its files with the application id.
UNMARKED = MIGRATIONS.index(V4_APPLICATION_ID)


def database_at(path: Path, version: int = UNMARKED) -> Path:
    """A file at schema `version`: the first `version` migrations, nothing else."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for script in MIGRATIONS[:version]:
            for statement in split_sql(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    finally:
        conn.close()
    return path
