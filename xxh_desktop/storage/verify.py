"""The full check of a database file before it is trusted: every backup just written, every
backup before it is restored (PRODUCT.md §10; issue 17).

`integrity_check` alone passes a file whose text no longer decodes or whose
attachment changed: SQLite checks its pages, not what they hold. So a file is
checked from the header down: SQLite's header and this program's mark and
schema version, `integrity_check`, its tables and indexes as this program's
migrations make them at its version (`structure.py`), the foreign keys, every value as its
column holds it (`values.py`), every text value as UTF-8, every attachment against its SM3,
the audit log's chain — and what it holds is counted, for the clerk to confirm.

The file is opened read-only and nothing of it is written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..domain import fields
from ..domain.text import shown
from .audit_log import HEAD_SETTING, KEY_ID_SETTING, SCHEMA_OBJECTS, ChainKey, trigger_problems, walk_chain
from .database import reading_connection
from .materials import damaged_blobs
from .schema import APPLICATION_ID, SCHEMA_VERSION
from .structure import structure_problems
from .values import too_long_values, unreadable_kinds

# What the clerk calls each table, for the messages.
TABLE_LABELS = {
    "settings": "设置", "units": "单位", "projects": "项目", "declarations": "申报表（附件1）",
    "procurements": "采购申报（附件2）", "procurement_items": "采购明细", "materials": "材料", "blobs": "附件内容",
    "stage_history": "阶段记录", "checklist_answers": "审核清单", "opinions": "审核意见", "adjustments": "项目调整",
    "rectifications": "整改", "existing_assets": "现有软硬件", "plan_filings": "计划备案", "drafts": "草稿",
    "packages": "交换文件记录", "exchange_parts": "交换记录", "exchange_keys": "交换密钥", "audit_log": "审计日志",
}
# The catalogue's record for a table, so a column is named by its label («项目名称»).
TABLE_RECORDS = {
    "projects": "project", "declarations": "declaration", "procurements": "procurement", "procurement_items": "item",
    "adjustments": "adjustment", "rectifications": "rectification", "existing_assets": "asset", "opinions": "opinion",
}
AUDIT_COLUMNS = {"at": "时间", "who": "操作人", "action": "操作", "target": "对象", "before": "修改前",
                 "after": "修改后", "result": "结果", "prev_hash": "前一条的摘要", "hash": "摘要"}
ROWS_PER_CHUNK = 20_000   # a chunk's text is joined in memory: a few MB
ROWID_MAX = (1 << 63) - 1
MMAP_BYTES = 1 << 30
MOST_PER_TABLE = 5   # a damaged page can spoil many values: a few name the damage well enough
T = TypeVar("T")


@dataclass(frozen=True)
class Contents:
    """What a database holds, as a restore shows it before it asks."""

    projects: int
    procurements: int
    materials: int
    audit_entries: int
    last_entry: str

    def summary(self) -> str:
        last = f"，最后一条记于 {self.last_entry}" if self.last_entry else ""
        return (f"项目 {self.projects} 个、采购申报 {self.procurements} 个、材料 {self.materials} 份、"
                f"审计日志 {self.audit_entries} 条{last}")


@dataclass(frozen=True)
class Verified:
    problems: list[str]
    version: int = 0
    contents: Contents | None = None
    other_key: str = ""   # the id of the audit key that sealed the file, when not the one it was checked with

    @property
    def sound(self) -> bool:
        return not self.problems


def verify_file(path: Path, key: ChainKey | None = None) -> Verified:
    """Check the database file at `path` completely; `problems` say in Chinese what is wrong.

    With `key` the audit entries' MACs are checked too — when the file was sealed with that
    key; a file sealed with another (another computer's) keeps its SM3 chain checked, and
    `other_key` says whose it was.
    """
    try:
        with Path(path).open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return Verified([f"无法读取：{exc.strerror or exc}"])
    if not header.startswith(b"SQLite format 3\x00"):
        return Verified(["不是 SQLite 数据库文件（文件头不对）"])
    try:
        conn = reading_connection(path)
    except sqlite3.Error as exc:
        return Verified([f"SQLite 无法打开它：{exc}"])
    try:
        # Every file checked here is this program's own fresh copy on the local disk (a backup
        # just written, a restore's copy beside the database): read through a memory map, a
        # quarter faster than SQLite's reads into its page cache.
        conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        return _verify(conn, Path(path), key)
    except sqlite3.Error as exc:
        return Verified([f"SQLite 读取时出错（文件已损坏）：{exc}"])
    finally:
        conn.close()


def _verify(conn: sqlite3.Connection, path: Path, key: ChainKey | None) -> Verified:
    application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if version > SCHEMA_VERSION:
        return Verified([f"由更新版本的程序创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
                         "请安装最新版本的 xxh-desktop"], version)
    if application_id not in (0, APPLICATION_ID) or version < 1 or not {"settings", "projects", "audit_log"} <= set(tables):
        return Verified(["不是本系统的数据库或备份"], version)
    # The pages, the foreign keys and the values' kinds (`values.py`) are checked on a connection
    # and thread of their own while the texts are read here: SQLite runs those checks without
    # Python's lock, which the caller's other threads want (an import prepares its writes
    # meanwhile). What is found, or what failed, is then taken in the order the checks have always
    # had: the pages; the tables and indexes as this program's; the foreign keys, the values and the
    # texts; the attachments and the audit log (which read columns by name: only in tables of ours).
    with ThreadPoolExecutor(1, thread_name_prefix="verify-pages") as pool:
        pages_check = pool.submit(_pages_and_keys, path)
        shape = _attempt(lambda: structure_problems(conn, version))
        # Values far too long first: the texts' decoding loads every text whole.
        texts = _attempt(lambda: too_long_values(conn) or _undecodable(conn, tables)) if shape == [] else []
        # The attachments' and the audit log's checks read these values as text: only once they decode.
        rest = _attempt(lambda: _content_problems(conn, key)) if texts == [] and shape == [] else ([], "")
    pages, foreign, kinds = pages_check.result()
    if pages:
        return Verified(pages, version)
    if shape := _outcome(shape):
        return Verified(shape, version)
    texts = _outcome(texts) + _outcome(kinds)
    if foreign or texts:
        return Verified(foreign + texts, version)
    problems, other_key = _outcome(rest)
    return Verified(problems, version, _contents(conn), other_key)


def _attempt(check: Callable[[], T]) -> T | Exception:
    """What `check` found, or what it raised: a check after one that found problems never counts."""
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 — raised by `_outcome` when nothing before it says more
        return exc


def _outcome(found: T | Exception) -> T:
    if isinstance(found, Exception):
        raise found
    return found


def _pages_and_keys(path: Path) -> tuple[list[str], list[str], list[str] | Exception]:
    """`integrity_check`'s problems, and the foreign keys' when the pages are sound, and the values
    the program cannot read as what their column holds (a stage, a date, an amount: `values.py`)."""
    conn = reading_connection(path)
    try:
        conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        pages = [f"SQLite 完整性检查：{line}" for (line,) in conn.execute("PRAGMA integrity_check") if line != "ok"]
        if pages:
            return pages, [], []
        foreign = [f"外键错误：{TABLE_LABELS.get(t, t)} 第 {rowid} 行引用的{TABLE_LABELS.get(parent, parent)}不存在"
                   for t, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")]
        # Here, while the texts are decoded on the other thread; they count only in tables of ours.
        return [], foreign, _attempt(lambda: unreadable_kinds(conn))
    finally:
        conn.close()


def _content_problems(conn: sqlite3.Connection, key: ChainKey | None) -> tuple[list[str], str]:
    """Every attachment against its SM3, then the audit log's chain; and whose key sealed it."""
    problems = [f"附件内容与其 SM3 摘要不符（已损坏）：{_material_of(conn, digest)}" for digest in damaged_blobs(conn)]
    chain, other_key = _chain_problems(conn, key)
    return problems + chain, other_key


def _setting(conn: sqlite3.Connection, key: str) -> object:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def _chain_problems(conn: sqlite3.Connection, key: ChainKey | None) -> tuple[list[str], str]:
    """The audit log as `AuditLog.report` checks it, but for a file: its triggers, the chain
    entry by entry, its MACs where the key is the one it was sealed with, its recorded end."""
    problems = trigger_problems(conn.execute(SCHEMA_OBJECTS))
    sealed_by = str(_setting(conn, KEY_ID_SETTING) or "")
    # This computer's key under any spelling of its id (re-probe N4: in capitals it passed for another's).
    checking = key if key is not None and sealed_by.strip().casefold() in ("", key.key_id.casefold()) else None
    cursor = conn.execute("SELECT * FROM audit_log ORDER BY id")
    names = [d[0] for d in cursor.description]
    walk = walk_chain((dict(zip(names, row, strict=True)) for row in cursor), checking.key if checking else None,
                      keyed="mac" in names or bool(sealed_by))
    problems += walk.problems
    if walk.bad_macs:
        problems.append(f"审计日志第 {walk.bad_macs[0]} 条起有 {len(walk.bad_macs)} 条的密钥校验码不符"
                        "（记录被改动，或摘要链在没有密钥的情况下被重算）")
    head = _setting(conn, HEAD_SETTING)
    last = max(walk.macs, default=0)
    head_id = head.get("id", 0) if isinstance(head, dict) else 0
    if not isinstance(head_id, int) or isinstance(head_id, bool):   # 1e400 is JSON too (re-probe N6)
        problems.append(f"审计日志末尾的记录（audit_head）的编号「{shown(str(head_id), 40)}」不是整数"
                        "（在本程序之外被改动过）")
    elif head_id > last:
        problems.append(f"审计日志末尾的记录缺失：应至少到第 {head_id} 条，现只到第 {last} 条（记录被删除）")
    other = sealed_by if key is not None and checking is None and walk.keyed_seen else ""
    return problems, other


def undecodable_texts(conn: sqlite3.Connection) -> list[str]:
    """Text values not valid UTF-8 in any table of the database on `conn` (`Workspace.check` asks too)."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return _undecodable(conn, tables)


def _undecodable(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    """Text values of `tables` that are not valid UTF-8 (what a flipped byte inside a name makes)."""
    columns = _text_columns(conn, tables)
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        return [problem for table in tables if columns[table] and not _all_decode(conn, table, columns[table])
                for problem in _undecodable_values(conn, table, columns[table])]
    finally:
        conn.text_factory = previous


def _text_columns(conn: sqlite3.Connection, tables: list[str]) -> dict[str, list[str]]:
    """The columns of each table that may hold text (all but those declared BLOB), in one query."""
    found: dict[str, list[str]] = {table: [] for table in tables}
    (listed,) = conn.execute(
        "SELECT json_group_array(json_array(m.name, c.cid, c.name, c.type)) "
        "FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table'").fetchone()
    for table, _, column, declared in sorted(json.loads(listed), key=lambda c: (c[0], c[1])):
        if table in found and (declared or "").upper() != "BLOB":
            found[table].append(column)
    return found


def _all_decode(conn: sqlite3.Connection, table: str, columns: list[str]) -> bool:
    """Whether every value of `columns` decodes, asked of SQLite a range of rows at a time: each
    column's values joined into one string (group_concat), one value per column and range
    instead of one per cell. Exact where it says yes: values joined by a newline decode only if
    each does, and numbers are ASCII. A blob where text is expected may say no; the
    cell-by-cell pass decides.

    Each range's query also says where the next one begins: every call into SQLite lets go of
    Python's lock, which this thread then waits to get back while another runs Python (an
    import's, beside its backup's check)."""
    joined = ", ".join(f'group_concat("{c}", char(10))' for c in columns)
    # Ranges of rowids, not of rows: no count to walk to find where the next range begins.
    next_range = f'SELECT {joined}, (SELECT min(rowid) FROM "{table}" WHERE rowid >= :end) FROM "{table}" ' \
                 "WHERE rowid >= :start AND rowid < :end"
    start: int | None = -(1 << 63)
    while start is not None:
        end = start + ROWS_PER_CHUNK   # at most that many rows in [start, end)
        if end > ROWID_MAX:
            texts, start = conn.execute(f'SELECT {joined} FROM "{table}" WHERE rowid >= ?', (start,)).fetchone(), None
        else:
            *texts, start = conn.execute(next_range, {"start": start, "end": end}).fetchone()
        try:
            for text in texts:
                if text is not None:
                    text.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _undecodable_values(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[str]:
    """Cell by cell, naming each text value that does not decode (a few per table)."""
    label = TABLE_LABELS.get(table, table)
    problems: list[str] = []
    for column in columns:
        rows = conn.execute(f'SELECT rowid, "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\'')
        for rowid, raw in rows:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{label}第 {rowid} 行的「{_column_label(table, column)}」（{column}）"
                                "不是有效的文字（UTF-8 解码失败，数据已损坏）")
                if len(problems) >= MOST_PER_TABLE:
                    return problems
    return problems


def _column_label(table: str, column: str) -> str:
    if table == "audit_log":
        return AUDIT_COLUMNS.get(column, column)
    key = f"{TABLE_RECORDS.get(table, table)}.{column}"
    return fields.field(key).title if key in fields.FIELDS else column


def _material_of(conn: sqlite3.Connection, digest: str) -> str:
    """The materials holding a blob, as the clerk knows them: «方案.pdf（JZ-2027-013 项目建设方案）»."""
    rows = conn.execute(
        "SELECT m.filename, m.kind, coalesce(p.number, p.name) FROM materials m "
        "LEFT JOIN projects p ON p.id = m.project_id WHERE m.sm3 = ?", (digest,)).fetchall()
    if not rows:
        return f"SM3 {digest}"
    return "、".join(f"{name}（{project} {kind}）" for name, kind, project in rows)


def _contents(conn: sqlite3.Connection) -> Contents:
    def count(table: str) -> int:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    last = conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return Contents(count("projects"), count("procurements"), count("materials"), count("audit_log"),
                    last[0] if last else "")
