"""A database file's tables and indexes against what this program's migrations make at the
file's own version — part of the full check of a backup before it counts or is restored
(`verify.verify_file`; a backup brought on a USB stick is a file like any other).

Compared as SQLite describes them (`table_xinfo`, `index_list`, `index_xinfo`,
`foreign_key_list`): a column computed from an expression (a `projects.stage` that always reads
运维), another default, a NOT NULL gone, an index or a foreign key changed or dropped, a table of
someone else's — each is named. The pragmas do not show a CHECK, a COLLATE, an ON CONFLICT or a
partial index's WHERE (a `CHECK (id < 505)` on the audit log passed, then refused every sign-in
once the log reached it): so the CREATE statements SQLite keeps are compared too, token by token
— spaces, comments, identifier quotes and keyword case left out, as SQLite reads them.
Triggers and views are the audit log's check (`audit_log.trigger_problems`).
"""

from __future__ import annotations

import difflib
import functools
import re
import sqlite3
from typing import Any

from ..domain.text import shown
from .database import split_sql
from .schema import MIGRATIONS

Shape = dict[str, dict[str, Any]]
Tokens = tuple[tuple[tuple[str, str], ...], tuple[str, ...]]   # each token as compared, and as written

# SQLite's tokens (tokenize.c): only ASCII white space separates them; any character from U+0080
# on belongs to an identifier. A blob literal before a word, else x'00' reads as x and '00'.
_TOKEN = re.compile(r"""
    (?P<space>[ \t\n\f\r]+|--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`)
  | (?P<blob>[xX]'[^']*')
  | (?P<number>0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_$\x80-\U0010ffff]*)
  | (?P<operator>\|\||->>|->|<=|>=|==|!=|<>|<<|>>|.)
""", re.VERBOSE | re.DOTALL)
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Tables SQLite makes itself (ANALYZE's statistics, AUTOINCREMENT's counters): `_` escaped, as LIKE
# reads it as any character and would pass a table named «sqliteX» unseen.
_OWN_TABLES = "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"


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
        else:
            for index, sql in sorted(mine["index_sql"].items()):
                written = found["index_sql"].get(index, ((), ()))
                if sql[0] != written[0]:
                    problems.append(f"表「{name}」的索引「{index}」的定义与本程序的不同：{_difference(sql, written)}")
        if mine["keys"] != found["keys"]:
            problems.append(f"表「{name}」的外键与本程序的不同")
        elif not changed and mine["sql"][0] != found["sql"][0]:
            problems.append(f"表「{name}」的定义与本程序的不同："
                            f"{_difference(mine['sql'], found['sql'])}")
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
    no name from the file is ever spliced into SQL — and its and its indexes' CREATE statements."""
    shape: Shape = {}
    tables = {name: _tokens(sql) for name, sql in conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND {_OWN_TABLES}")}
    index_sql: dict[str, dict[str, Tokens]] = {table: {} for table in tables}
    for table, index, sql in conn.execute(
            "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"):
        index_sql.setdefault(table, {})[index] = _tokens(sql)
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
            "sql": tables[table],
            "index_sql": index_sql[table],
        }
    return shape


def _tokens(sql: str | None) -> Tokens:
    """A CREATE statement as SQLite reads it: its tokens without spaces and comments, a quoted
    identifier ("x", [x], `x`) as the bare one, identifiers and keywords in one case (SQLite's
    are ASCII-case-blind); literals exactly as written. And each token as written, to show."""
    compared, written = [], []
    for match in _TOKEN.finditer(sql or ""):
        kind, text = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "quoted":
            kind, text = "word", text[1:-1].replace(text[0] * 2, text[0]) if text[0] != "[" else text[1:-1]
        if kind in ("word", "blob"):
            text = text.translate(_ASCII_UPPER)
        compared.append((kind, text))
        written.append(match.group())
    return tuple(compared), tuple(written)


def _difference(ours: Tokens, theirs: Tokens) -> str:
    """The first place the file's statement differs from this program's, in the file's words."""
    matcher = difflib.SequenceMatcher(None, ours[0], theirs[0], autojunk=False)
    tag, i1, i2, j1, j2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    mine, found = _written(ours[1], i1, i2), _written(theirs[1], j1, j2)
    if tag == "insert":
        return f"多出「{found}」"
    if tag == "delete":
        return f"缺少「{mine}」"
    return f"「{mine}」被改为「{found}」"


def _written(tokens: tuple[str, ...], start: int, end: int) -> str:
    """Tokens `start`–`end` as written, on to the parenthesis they open (the diff may align it elsewhere)."""
    while end < len(tokens) and tokens[start:end].count("(") > tokens[start:end].count(")"):
        end += 1
    return shown(" ".join(tokens[start:end]).replace("( ", "(").replace(" )", ")").replace(" ,", ","), 80)
