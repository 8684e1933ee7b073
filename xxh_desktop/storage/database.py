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

import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import XxhError
from .changes import NOTHING, Area, Changes
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000
WAL_AUTOCHECKPOINT = 1000   # SQLite's default, in pages
# Tables every file of ours has had since version 1 (one written before the application_id
# was set is recognised by them).
OUR_TABLES = frozenset({"settings", "units", "projects", "declarations", "materials", "blobs", "audit_log"})


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

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: str | None = None) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = conn
        self.read_only = read_only   # why the file can only be read here, or None
        self._utils: sqlite_utils.Database | None = None
        self._stack: list[Transaction] = []
        self._listeners: list[Callable[[Changes], None]] = []
        self._pending_check: tuple[BackgroundCheck, Callable[[list[str]], None]] | None = None
        self._checkpoint_beside = False   # the running write's commit leaves its checkpoint to a thread
        self._checkpoint: BackgroundCheckpoint | None = None
        self._writes = 0      # outermost transactions begun
        self._rollbacks = 0   # savepoints rolled back

    @classmethod
    def connect(cls, path: Path, *, read_only: str | None = None) -> Database:
        """Open the file (which the caller has checked) with the settings PRODUCT.md §10 asks;
        with `read_only` (why the place is read-only) for reading only."""
        try:
            if read_only:
                conn = reading_connection(path, read_only_place=True)
            else:
                conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise XxhError(describe_open_error(path, exc)) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA recursive_triggers=ON")   # as sqlite-utils sets it, made later or never
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise XxhError(describe_open_error(path, exc)) from exc
        return cls(path, conn, read_only)

    def close(self) -> None:
        if self._pending_check is not None:   # its thread has its own connection: let it finish
            self._pending_check[0].join()
            self._pending_check = None
        if self._checkpoint is not None:
            self._checkpoint.join()
            self._checkpoint = None
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
        if self.read_only:
            raise XxhError(f"{self.read_only}：只能查看，本次修改未能保存。请把数据库放到可写的位置，或检查权限。")
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
                    self._rollbacks += 1
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self._stack.pop()
            conn.execute(f"RELEASE SAVEPOINT {name}")
            tx.changes = tx.collected()
            if self._stack:
                self._stack[-1]._notes.append(tx.changes)
            return
        if self._pending_check is not None:
            self.settle_quick_check()   # a problem the start-up check found is told before anything is written
        conn.execute("BEGIN IMMEDIATE")
        self._writes += 1
        self._stack.append(tx)
        try:
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
        finally:
            beside, self._checkpoint_beside = self._checkpoint_beside, False
            if beside:
                conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
        if beside:
            self._checkpoint_now_beside()
        tx.changes = tx.collected()
        if tx.changes:
            for listener in list(self._listeners):
                listener(tx.changes)

    def checkpoint_beside(self) -> None:
        """The running write is large (an import): its commit returns once the write is durable in
        the -wal, and the -wal's copy into the file (SQLite's checkpoint, which the commit would
        otherwise make at once: about 0.1 s per 50 MB here) runs on a thread of its own."""
        if self._stack and not self._checkpoint_beside:
            self.connection().execute("PRAGMA wal_autocheckpoint=0")
            self._checkpoint_beside = True

    def _checkpoint_now_beside(self) -> None:
        if self._checkpoint is not None:
            self._checkpoint.join()
        self._checkpoint = BackgroundCheckpoint(self.path)

    def unchanged_since(self) -> tuple[int, int, int] | None:
        """Inside a write: a mark that stays the same exactly while nothing of the database changes
        (this connection holds the write lock; any row it changes or any savepoint it rolls back
        moves the mark). None outside a write, where another connection may change anything."""
        if not self._stack or self.conn is None:
            return None
        return self._writes, self.conn.total_changes, self._rollbacks

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
        return quick_check_problems(self.connection())

    def quick_check_in_background(self, on_problems: Callable[[list[str]], None],
                                  begun: BackgroundCheck | None = None) -> None:
        """Begin `quick_check` on a thread with its own read-only connection (SQLite works
        without Python's lock: a window builds itself meanwhile). `settle_quick_check` waits for it
        and gives `on_problems` what it found; the first write does so by itself, so nothing is
        written before a problem is told. `begun`: the same check of this file, begun before it
        was opened by a caller that knows opening it changed nothing (no migration)."""
        check = begun or BackgroundCheck(self.path, read_only_place=bool(self.read_only))
        self._pending_check = (check, on_problems)

    @property
    def quick_check_finished(self) -> bool:
        """The background check has its answer (or there is none pending)."""
        return self._pending_check is None or self._pending_check[0].finished

    def settle_quick_check(self) -> None:
        """Wait for the check `quick_check_in_background` began; its problems to its `on_problems`
        (an error SQLite raised while checking is raised here)."""
        pending, self._pending_check = self._pending_check, None
        if pending is None:
            return
        check, on_problems = pending
        problems = check.result()
        if problems:
            on_problems(problems)


def quick_check_problems(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]


class BackgroundCheck:
    """`PRAGMA quick_check` of the file at `path` on a thread of its own."""

    def __init__(self, path: Path, *, read_only_place: bool = False) -> None:
        self._path = path
        self._read_only_place = read_only_place
        self._problems: list[str] = []
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="xxh-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = reading_connection(self._path, read_only_place=self._read_only_place)
            try:
                with self._lock:
                    if self._stopped:
                        return
                    self._conn = conn
                self._problems = quick_check_problems(conn)
            finally:
                with self._lock:
                    self._conn = None
                conn.close()
        except BaseException as exc:   # handed to the thread that asks for the result
            self._error = exc

    def stop(self) -> None:
        """End the check unfinished (nobody will ask for its result) and wait until the file is
        let go of: a start that ends without the database reads no more of it."""
        with self._lock:
            self._stopped = True
        # An interrupt ends only a statement already running: repeated until the thread has ended.
        while self._thread.is_alive():
            with self._lock:
                if self._conn is not None:
                    self._conn.interrupt()
            self._thread.join(0.05)

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive()

    def join(self) -> None:
        self._thread.join()

    def result(self) -> list[str]:
        self.join()
        if self._error is not None:
            raise self._error
        return self._problems


class BackgroundCheckpoint:
    """`PRAGMA wal_checkpoint(PASSIVE)` of the file at `path` on a thread and connection of its
    own: it copies what the -wal holds into the file without waiting for, or blocking, anyone."""

    def __init__(self, path: Path) -> None:
        self._thread = threading.Thread(target=self._run, args=(path,), name="xxh-checkpoint", daemon=True)
        self._thread.start()

    @staticmethod
    def _run(path: Path) -> None:
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                conn.close()
        except sqlite3.Error:
            pass   # only housekeeping: the -wal stays whole and the next commit's checkpoint copies it

    def join(self) -> None:
        self._thread.join()


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


@dataclass(frozen=True)
class FileState:
    """What a database file says about itself, read without writing to it."""

    application_id: int
    version: int
    tables: frozenset[str]

    @property
    def ours(self) -> bool:
        """Written by this program: marked so, or (before the mark) with our tables; an empty file becomes ours."""
        if self.application_id == APPLICATION_ID:
            return True
        if self.application_id != 0:
            return False
        return (self.version == 0 and not self.tables) or (self.version > 0 and OUR_TABLES <= self.tables)


def reading_connection(path: Path, *, read_only_place: bool = False, any_thread: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to `path`, and whose close never checkpoints its -wal into it
    (`any_thread`: usable from another thread than the one that opened it, one at a time).

    In a read-only place SQLite cannot make the -shm a WAL file needs: a file without
    a pending -wal is then opened as immutable (nothing can be writing to it there).
    """
    wal = Path(str(path) + "-wal")
    immutable = read_only_place and not (wal.exists() and wal.stat().st_size > 0)
    return sqlite3.connect(readonly_uri(path, immutable=immutable), uri=True, isolation_level=None,
                           timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=not any_thread)


def inspect(path: Path, *, read_only_place: bool = False) -> FileState:
    """The application id, schema version and tables of `path`, asked through SQLite (a pending
    -wal counts) on a read-only connection: the file and its -wal are left as they are."""
    conn = reading_connection(path, read_only_place=read_only_place)
    try:
        application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    except UnicodeDecodeError as exc:
        # SQLite refuses a damaged schema with a message quoting its text, which is then not UTF-8:
        # the refusal itself cannot be decoded. It is still SQLite's «malformed» (a damaged file).
        raise sqlite3.DatabaseError("malformed database schema (damaged text)") from exc
    finally:
        conn.close()
    return FileState(application_id, version, tables)


def refuse_newer_or_foreign(path: Path, *, read_only_place: bool = False) -> None:
    """Refuse a newer or foreign file, having only read it: nothing of it is changed, no -wal of it
    checkpointed, and the -shm the reading left behind (where there was none) is removed again."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) == 0:
        return
    if not header.startswith(b"SQLite format 3\x00"):
        raise XxhError(f"文件 {path} 不是 SQLite 数据库，未作任何改动。")
    shm = Path(str(path) + "-shm")
    had_shm = shm.exists()
    try:
        try:
            state = inspect(path, read_only_place=read_only_place)
        except sqlite3.DatabaseError as exc:
            raise XxhError(describe_open_error(path, exc)) from exc
        if state.version > SCHEMA_VERSION:
            raise XxhError(
                f"数据库 {path} 由更新版本的程序创建（结构版本 {state.version}，本程序支持到 {SCHEMA_VERSION}），"
                "为避免损坏数据，本程序不会打开或改动它。请安装最新版本的 xxh-desktop。")
        if not state.ours:
            raise XxhError(f"文件 {path} 是其他程序的 SQLite 数据库，不是本系统的数据库，未作任何改动。")
    except XxhError:
        if not had_shm:
            shm.unlink(missing_ok=True)
        raise


def refuse_second_name(path: Path) -> None:
    """Refuse a file that has other names (hard links). SQLite finds a database's -wal by the name
    it was opened by: opened under two names at once, each would miss the other's changes —
    SQLite's «how to corrupt» §2.5."""
    links = os.stat(path).st_nlink
    if links > 1:
        raise XxhError(f"数据库文件 {path} 还有另外 {links - 1} 个名字（硬链接）。经不同的名字同时打开会损坏数据"
                       "（SQLite 按文件名找它的日志文件），本程序未打开它。请删除多余的硬链接，只保留一个名字。")


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(Path(path).parent).free < 64 * 1024
    except OSError:
        return False


def describe_open_error(path: Path, exc: sqlite3.Error) -> str:
    """What stopped SQLite opening `path`, in Chinese: a full disk, a read-only place, a missing
    folder or a disk error are said as such — only a file SQLite cannot read is called damaged."""
    text = str(exc).lower()
    if "full" in text or (("i/o" in text or "unable to open" in text) and _disk_full(path)):
        return f"磁盘空间不足，无法打开数据库 {path}（SQLite 需要在同一文件夹中写入日志文件）。请清理磁盘空间后重试。"
    if "readonly" in text or "read-only" in text:
        return f"数据库 {path} 所在的位置是只读的，无法写入。请检查文件和文件夹的权限。"
    if "unable to open" in text:
        return f"无法打开数据库文件 {path}：文件夹不存在，或没有访问权限。"
    if "i/o" in text:
        return f"读写数据库 {path} 时磁盘出错（{exc}）。请检查磁盘，并运行“检查”。"
    if "locked" in text or "busy" in text:
        return f"数据库 {path} 正被另一个程序使用。请关闭其他打开同一数据库的程序后重试。"
    if "malformed" in text:
        return f"数据库已损坏：{path} 的页面或表结构无法读取，无法打开。请联系信息技术人员从备份恢复。"
    return f"数据库文件 {path} 已损坏或不是本系统的数据库：{exc}"


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only SQLite URI for `path`, percent-encoded: a '#', '?' or '%' in a folder name
    (「备份#2」) would otherwise cut the path short and open some other file."""
    return Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
