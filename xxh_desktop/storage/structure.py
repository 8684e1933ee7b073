"""A database file's tables and indexes against what this program's migrations make at the
file's own version — part of the full check of a backup before it counts or is restored
(`verify.verify_file`; a backup brought on a USB stick is a file like any other).

Compared as SQLite describes them (`table_xinfo`, `index_list`, `index_xinfo`,
`foreign_key_list`), not as SQL text, which SQLite versions may write differently: a column
computed from an expression (a `projects.stage` that always reads 运维), another default, a
NOT NULL gone, an index or a foreign key changed or dropped, a table of someone else's — each
is named. Triggers and views are the audit log's check (`audit_log.trigger_problems`).
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

from ..domain.text import shown
from .database import split_sql
from .schema import MIGRATIONS

Shape = dict[str, dict[str, Any]]


def structure_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """How the tables and indexes of the file on `conn` differ from this program's at `version`."""
    ours, theirs = _reference(version), _shape(conn)
    problems = [f"缺少表「{name}」" for name in ours if name not in theirs]
    problems += [f"多出本程序没有的表「{shown(name, 40)}」" for name in theirs if name not in ours]
    for name in ours.keys() & theirs.keys():
        mine, found = ours[name], theirs[name]
        columns = {c[0] for c in mine["columns"]} | {c[0] for c in found["columns"]}
        changed = sorted(c for c in columns if _column(mine, c) != _column(found, c))
        if changed:
            problems.append(f"表「{name}」的列与本程序的不同：{'、'.join(shown(c, 40) for c in changed[:8])}")
        if mine["indexes"] != found["indexes"]:
            problems.append(f"表「{name}」的索引与本程序的不同")
        if mine["keys"] != found["keys"]:
            problems.append(f"表「{name}」的外键与本程序的不同")
    if problems:
        return [f"数据库结构与本程序（结构版本 {version}）的不符：{p}" for p in sorted(problems)]
    return []


def _column(shape: dict[str, Any], name: str) -> tuple | None:
    return next((c for c in shape["columns"] if c[0] == name), None)


@functools.cache
def _reference(version: int) -> Shape:
    """The tables and indexes a file has at `version`: the migrations up to it, run in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in MIGRATIONS[:version]:
            for statement in split_sql(script):
                conn.execute(statement)
        return _shape(conn)
    finally:
        conn.close()


def _shape(conn: sqlite3.Connection) -> Shape:
    """Each table: its columns (name, type, not null, default, primary key, generated), its
    indexes with their columns, its foreign keys — by the pragmas' table-valued forms, so that
    no name from the file is ever spliced into SQL."""
    shape: Shape = {}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        indexes = []
        for _, index, unique, origin, partial in conn.execute("SELECT * FROM pragma_index_list(?)", (table,)):
            parts = tuple(tuple(r[1:]) for r in conn.execute("SELECT * FROM pragma_index_xinfo(?)", (index,)))
            indexes.append((index, unique, origin, partial, parts))
        shape[table] = {
            "columns": tuple(tuple(r[1:]) for r in conn.execute("SELECT * FROM pragma_table_xinfo(?)", (table,))),
            "indexes": tuple(sorted(indexes)),
            "keys": tuple(sorted(tuple(r[2:]) for r in conn.execute(
                "SELECT * FROM pragma_foreign_key_list(?)", (table,)))),
        }
    return shape
