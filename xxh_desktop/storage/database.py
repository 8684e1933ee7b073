"""One SQLite file: opening it safely, transactions, migrations.

The owners (one module per table, see `storage/__init__.py`) reach SQLite
through `Database.utils`, a `sqlite_utils.Database`, for writes and table
lookups, and through `rows`/`first`/`scalar` for reads with parameters. The
reads and the two writes every command makes (its audit entry and the
chain's head) run on the connection itself, and sqlite-utils is imported
when an owner first needs it: importing it costs a one-shot command such as
``xxh pdf`` more than printing the form (docs/performance.md). Writes happen inside
`transaction()` (BEGIN IMMEDIATE … COMMIT, rolled back on any error); a nested
call is a savepoint, and sqlite-utils' own methods nest as savepoints too, so
nothing commits half a change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import XxhError
from .changes import NOTHING, Area, Changes
from .schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


@dataclass
class Transaction:
    """One write; `changes` holds what it changed once the block is left."""

    changes: Changes = NOTHING
    _notes: list[Changes] = field(default_factory=list)

    def note(self, area: Area, *, project: str | None = None, procurement: str | None = None) -> None:
        self._notes.append(Changes(frozenset({project}) if project else frozenset(),
                                   frozenset({procurement}) if procurement else frozenset(),
                                   frozenset({area})))

    def collected(self) -> Changes:
        total = NOTHING
        for n in self._notes:
            total = total | n
        return total


class Database:
    """The connection to one database file and its transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = conn
        self._utils: sqlite_utils.Database | None = None
        self._stack: list[Transaction] = []
        self._listeners: list[Callable[[Changes], None]] = []

    @classmethod
    def connect(cls, path: Path) -> Database:
        """Open the file (which the caller has checked) with the settings PRODUCT.md §10 asks."""
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise XxhError(f"无法打开数据库文件 {path}：{exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA recursive_triggers=ON")   # as sqlite-utils sets it, made later or never
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise XxhError(f"数据库文件 {path} 已损坏或不是本系统的数据库：{exc}") from exc
        return cls(path, conn)

    def close(self) -> None:
        try:
            if self.conn is not None:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass   # only an optimisation: a full disk or a busy file must not stop the close
        finally:
            if self.conn is not None:
                self.conn.close()
            self.conn = None

    def connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise XxhError("数据库已关闭。")
        return self.conn

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over the connection, made on first use; «数据库已关闭» once closed, as
        `connection` says."""
        conn = self.connection()
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(conn, execute_plugins=False)
        return self._utils

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One all-or-nothing write. A nested call is a savepoint inside the outer
        transaction: if it fails, its own changes are undone even when the caller
        catches the error, and the outer write decides about the rest."""
        conn = self.connection()
        tx = Transaction()
        if conn.in_transaction:
            name = f"xxh_{len(self._stack) + 1}"
            conn.execute(f"SAVEPOINT {name}")
            self._stack.append(tx)
            try:
                yield tx
            except BaseException:
                self._stack.pop()
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self._stack.pop()
            conn.execute(f"RELEASE SAVEPOINT {name}")
            tx.changes = tx.collected()
            if self._stack:
                self._stack[-1]._notes.append(tx.changes)
            return
        conn.execute("BEGIN IMMEDIATE")
        self._stack.append(tx)
        try:
            yield tx
        except BaseException:
            self._stack.clear()
            if conn.in_transaction:   # an error such as a full disk may have rolled it back already
                conn.execute("ROLLBACK")
            raise
        self._stack.clear()
        try:
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT may leave the transaction open; later writes would join it unseen.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        tx.changes = tx.collected()
        if tx.changes:
            for listener in list(self._listeners):
                listener(tx.changes)

    @property
    def in_transaction(self) -> bool:
        return self.conn is not None and self.conn.in_transaction

    def note(self, area: Area, *, project: str | None = None, procurement: str | None = None) -> None:
        """Record what the running write changes (owners call this beside each write)."""
        if self._stack:
            self._stack[-1].note(area, project=project, procurement=procurement)

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """Call `listener(changes)` after each committed write that changed something."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # ------------------------------------------------------------------ reads

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts, like sqlite-utils' `query` (dicts never leave the storage layer)."""
        cursor = self.connection().execute(sql, params)
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, row)) for row in cursor]

    def first(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        cursor = self.connection().execute(sql, params)
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row)) if row else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.first(sql, params)
        return next(iter(row.values())) if row else None

    # ------------------------------------------------------------------ schema

    @property
    def schema_version(self) -> int:
        return int(self.connection().execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, before_upgrade: Callable[[int], None]) -> int:
        """Bring the file to SCHEMA_VERSION; `before_upgrade(old)` runs before an existing file changes.

        Returns the version the file had (0 for a new file).
        """
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise XxhError(
                f"数据库 {self.path} 由更新版本的程序创建（结构版本 {current}，本程序支持到 "
                f"{SCHEMA_VERSION}），本程序不会改动它。请安装最新版本的 xxh-desktop。")
        if 0 < current < len(MIGRATIONS):
            before_upgrade(current)
        for version in range(current, len(MIGRATIONS)):
            with self.transaction():
                conn = self.connection()
                for statement in split_sql(MIGRATIONS[version]):
                    conn.execute(statement)
                # user_version takes no parameter; the value is our own integer.
                conn.execute(f"PRAGMA user_version={version + 1}")
        return current

    def integrity_problems(self) -> list[str]:
        """SQLite's own checks of the file (integrity, foreign keys, schema version), in Chinese."""
        conn = self.connection()
        problems = [f"SQLite 完整性检查：{line}" for (line,) in conn.execute("PRAGMA integrity_check")
                    if line != "ok"]
        problems += [f"外键错误：表 {row[0]} 第 {row[1]} 行引用的 {row[2]} 不存在"
                     for row in conn.execute("PRAGMA foreign_key_check")]
        if self.schema_version != SCHEMA_VERSION:
            problems.append(f"数据库结构版本 {self.schema_version}，本程序需要 {SCHEMA_VERSION}")
        return problems

    def quick_check(self) -> list[str]:
        return [r[0] for r in self.connection().execute("PRAGMA quick_check") if r[0] != "ok"]


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner ';')."""
    statements, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        text = "\n".join(buf).strip()
        if text and sqlite3.complete_statement(text):
            statements.append(text)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        statements.append(rest)
    return statements


def refuse_newer_or_foreign(path: Path) -> None:
    """Read the file's header without writing to it; refuse newer or foreign files."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) == 0:
        return
    if not header.startswith(b"SQLite format 3\x00"):
        raise XxhError(f"文件 {path} 不是 SQLite 数据库，未作任何改动。")
    version = int.from_bytes(header[60:64], "big")
    if version > SCHEMA_VERSION:
        raise XxhError(
            f"数据库 {path} 由更新版本的程序创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
            "为避免损坏数据，本程序不会打开或改动它。请安装最新版本的 xxh-desktop。"
        )
    if version == 0:
        # Version 0 with tables in it is another program's database: ours would be created in it.
        # (Asked through SQLite: after a crash our schema may still sit in the -wal, not the header.)
        try:
            conn = sqlite3.connect(readonly_uri(path), uri=True)
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise XxhError(f"数据库文件 {path} 已损坏或不是本系统的数据库：{exc}") from exc
        if version == 0 and tables:
            raise XxhError(f"文件 {path} 是其他程序的 SQLite 数据库，不是本系统的数据库，未作任何改动。")


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI for `path`, percent-encoded: a '#', '?' or '%' in a folder name
    (「备份#2」) would otherwise cut the path short and open some other file."""
    return Path(path).resolve().as_uri() + "?mode=ro"
