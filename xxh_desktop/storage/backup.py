"""Backups of the workspace database (PRODUCT.md §10).

A backup is made with SQLite's backup API (a page-for-page copy of a
consistent snapshot, even while the database is open) under a temporary name,
checked completely (`verify.verify_file`: integrity, foreign keys, every text,
every attachment's SM3, the audit chain), then renamed — a half-written or
damaged file never looks like a backup. The check may run on a worker thread
while the caller goes on (`start_automatic_backup`: an import prepares its
writes meanwhile and commits only once the copy is found sound). Automatic
backups (before imports, migrations and restores, on close) keep the newest
`KEEP` of each reason; what a killed backup left behind
(``.NAME.PID-XXXXXXXX.part`` and its ``-journal``) is removed by pruning and
at the next start (`Workspace.open`). Beside each backup a sidecar
(``….db.audit-head``) holds the audit chain's head the backup contains, an
anchor outside the database (`audit_anchors.py`). Backing up by hand is the
系统管理 role's.

Every failure is said in backup words — «备份未完成» and why — never as a
failed edit: a backup changes nothing that was saved.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import audit_anchors, authority, fileio
from ..domain.accounts import Role
from ..errors import XxhError, describe_os_error
from ..fileio import atomic_write, remove_leftovers
from ..paths import backups_dir
from .audit_log import ChainKey
from .database import reading_connection
from .verify import verify_file

if TYPE_CHECKING:
    from ..workspace import Workspace

KEEP = 20
UNCHANGED = "当前数据库没有任何改动。"


class DamagedCopy(XxhError):
    """The copy just written does not pass the full check: what it was copied from is damaged."""


def failure(dest: Path, exc: BaseException) -> str:
    """A failed backup in backup words: what stopped it, and that nothing saved changed."""
    text = str(exc).lower()
    if isinstance(exc, XxhError):
        why = str(exc)
    elif isinstance(exc, OSError):
        why = describe_os_error(exc, dest)
    elif "full" in text:
        why = f"磁盘空间不足，未能写入 {dest}。请清理空间或换一个位置后重试。"
    elif "readonly" in text or "read-only" in text:
        why = f"没有写入权限：{dest}（U盘是否写保护？）"
    elif isinstance(exc, sqlite3.Error) and "unable to open" in text:
        # SQLite could not make the copy's file: say why the folder takes no file.
        why = f"无法在文件夹 {dest.parent} 中写入备份文件（{fileio.write_problem(dest.parent) or '无法新建文件'}）"
    else:
        why = f"{exc}"
    if not why.endswith("。"):
        why += "。"
    return f"备份未完成：{why}{UNCHANGED}"


def backup_to(ws: Workspace, dest: str | Path) -> Path:
    """Write a checked copy of the database to `dest`: a file in a folder that exists, or an
    existing folder to put a named one in (PRODUCT.md §13). Never one of the program's own
    files (`Workspace.check_output`), and no folder is made for a mistyped path."""
    authority.require_role(ws.actor, Role.ADMIN, "备份数据库")
    if not os.fspath(dest).strip():   # "" would be the current folder, wherever that is
        raise XxhError(f"备份未完成：没有给出备份到哪里（一个文件夹，如U盘，或一个文件名）。{UNCHANGED}")
    try:
        # The string as given: «DEST/» names a folder (which must exist), never a file named DEST.
        path = ws.check_output(dest, in_folder=f"xxh-backup-{datetime.now():%Y%m%d-%H%M%S-%f}.db")
        ws.check_output(audit_anchors.sidecar(path))
    except XxhError as exc:
        raise XxhError(failure(Path(dest), exc)) from None
    return PendingBackup(ws, path).finish()


class PendingBackup:
    """A copy of the database as it is now, being taken and checked on a worker thread.

    `finish` waits for the check and makes the copy a backup (renamed into place, its
    sidecar, the 备份 audit entry), or raises XxhError in backup words and leaves nothing;
    `discard` drops it. The copy is of the file as committed when this is made (the worker's
    read snapshot is open before the constructor returns): what is written after is not in
    it, and `holds_current` tells whether anything was committed since, by any connection —
    so the copy may be begun on one workspace and `adopt`ed by another of the same file."""

    def __init__(self, ws: Workspace, dest: Path, prune: Callable[[], None] | None = None, *,
                 made_folder: bool = False) -> None:
        self.ws = ws
        self.path = Path(dest)
        self._prune = prune
        self._problem: BaseException | None = None
        self._placed = False    # checked and renamed into place
        self._audited = False
        self._made_folder = made_folder or not self.path.parent.exists()   # removed with a dropped copy
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise XxhError(failure(self.path, exc)) from exc
        if ws.database.connection().in_transaction:   # its uncommitted writes could not be in the copy
            raise XxhError(failure(self.path, sqlite3.OperationalError("cannot back up from within a transaction")))
        remove_leftovers(self.path.parent)
        self.head = ws.audit_log.head()   # what the copy holds: the 备份 entry comes after it
        self._copy = fileio.temp_path(self.path)
        # The witness: a connection of the copy's own, whose PRAGMA data_version moves with
        # every commit by any other connection after the copy's snapshot.
        self._witness: sqlite3.Connection | None = None
        self._witness_lock = threading.Lock()
        self._version = -1
        self._ended = False     # the worker is done (under _witness_lock, with _dropped)
        self._dropped = False   # discarded while the worker ran: it drops the copy as it ends
        key = ws.audit_log.key_for_checks()
        snapshot = threading.Event()
        self._thread = threading.Thread(target=self._take, args=(ws.path, bool(ws.database.read_only), key, snapshot),
                                        name="backup", daemon=True)
        self._thread.start()
        snapshot.wait()

    def holds_current(self) -> bool:
        """Whether the copy is the database as it is now: nothing committed to it since, by anyone."""
        with self._witness_lock:
            if self._witness is None:
                return False
            return int(self._witness.execute("PRAGMA data_version").fetchone()[0]) == self._version

    def adopt(self, ws: Workspace) -> None:
        """The workspace (of the same file) whose transaction writes the 备份 entry and finishes it."""
        self.ws = ws

    def _take(self, path: Path, read_only: bool, key: ChainKey | None, snapshot: threading.Event) -> None:
        """On the worker: the copy from a read snapshot of its own (SQLite's backup API, which
        leaves the caller's connection free), then the full check."""
        try:
            with self._witness_lock:
                try:
                    self._witness = reading_connection(path, read_only_place=read_only, any_thread=True)
                    self._version = int(self._witness.execute("PRAGMA data_version").fetchone()[0])
                    self._witness.execute("BEGIN")
                    self._witness.execute("SELECT count(*) FROM sqlite_master").fetchone()
                finally:
                    snapshot.set()
                _copy_database(self._witness, self._copy)
                self._witness.execute("COMMIT")
            self._check(key)
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread by `wait`
            self._problem = exc
            _remove(self._copy)
        finally:
            with self._witness_lock:
                self._ended, dropped = True, self._dropped
            if dropped:
                self._drop()

    def _close_witness(self) -> None:
        with self._witness_lock:
            if self._witness is not None:
                self._witness.close()
                self._witness = None

    def _check(self, key: ChainKey | None) -> None:
        def place(tmp: Path) -> None:
            os.replace(self._copy, tmp)
            # Written to the disk while it is checked: `atomic_write`'s own sync, after the
            # check, then finds little left to write (and says what went wrong, if anything).
            syncing = threading.Thread(target=_sync_quietly, args=(tmp,), name="backup-sync", daemon=True)
            syncing.start()
            try:
                checked = verify_file(tmp, key)
            finally:
                syncing.join()
            if not checked.sound:
                raise DamagedCopy(f"写出的备份文件校验未通过（{'；'.join(checked.problems[:5])}），已删除。"
                                  "请运行“检查”；若数据库本身有问题，请联系信息技术人员。")

        atomic_write(self.path, place)

    def wait(self) -> None:
        """Until the check is over; XxhError (in backup words) when the copy is not a sound backup."""
        self._thread.join()
        self._close_witness()
        if isinstance(self._problem, (XxhError, sqlite3.Error, OSError)):
            raise XxhError(failure(self.path, self._problem)) from self._problem
        if self._problem is not None:
            raise self._problem

    def finish(self) -> Path:
        """The checked backup in place, its sidecar written and the backup audited."""
        self.wait()
        self._placed = True
        try:
            self.ws.audit_log.write_sidecar(self.path, self.head)
        except OSError as exc:
            raise XxhError(f"备份已写入 {self.path} 并校验无误，但其审计附注未能写入："
                           f"{describe_os_error(exc, self.path)}") from exc
        self.audit()
        if self._prune is not None:
            self._prune()
        return self.path

    def audit(self) -> None:
        """The 备份 entry; written by `finish`, or by a caller that wants it first in its own transaction."""
        if self._audited:
            return
        try:
            self.ws.audit_log.append("备份", str(self.path))
        except (XxhError, sqlite3.Error) as exc:
            if not self._placed:   # the caller drops the copy: nothing was backed up, nothing changed
                raise XxhError(f"备份未完成：审计日志未能记下这次备份（{exc}）。{UNCHANGED}") from exc
            raise XxhError(f"备份已写入 {self.path} 并校验无误，但审计日志未能记下这次备份（{exc}）。") from exc
        self._audited = True

    def discard(self, *, wait: bool = True) -> None:
        """Drop the copy (nothing was done with it), whatever its check found. Without `wait`
        a check still running is not waited for (a window whose clerk closed the preview): the
        worker drops the copy as it ends; one cut short by the program's end leaves a temporary
        file that the next start removes."""
        with self._witness_lock:
            if not wait and not self._ended:
                self._dropped = True
                return
        self._thread.join()
        self._drop()

    def _drop(self) -> None:
        self._close_witness()
        for path in (self._copy, self.path, audit_anchors.sidecar(self.path)):
            _remove(path)
        if self._made_folder:
            try:
                self.path.parent.rmdir()
            except OSError:
                pass   # another backup arrived in it meanwhile


def _copy_database(conn: sqlite3.Connection, tmp: Path) -> None:
    """The database as `conn` reads it, page for page, into a new file at `tmp` (rollback
    journal mode, as a backup is opened alone). Neither journalled nor synced here: a copy that
    fails is removed, and the one that passes its check is synced before it is renamed
    (`fileio.atomic_write`, on the checking thread; the writing begins beside the check)."""
    dest = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        dest.execute("PRAGMA synchronous=OFF")
        dest.execute("PRAGMA journal_mode=OFF")
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def _sync_quietly(path: Path) -> None:
    try:
        with path.open("rb+") as fh:
            os.fsync(fh.fileno())
    except OSError:
        pass   # the sync that counts comes after the check, and reports


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def start_automatic_backup(ws: Workspace, why: str, *, spare: Path | None = None) -> PendingBackup:
    """A backup into the backups folder beside the database, being checked; `finish` it (which
    keeps the newest KEEP of this reason, and `spare`) before relying on it."""
    if ws.read_only:
        raise XxhError(f"备份未完成：{ws.read_only}，无法在旁边的 backups 文件夹中写入。")
    folder = backups_dir(ws.path)
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XxhError(failure(folder, exc)) from exc
    # The program's own copies (before an import or an upgrade, on close): no one is asked for a role.
    return PendingBackup(ws, folder / f"auto-{datetime.now():%Y%m%d-%H%M%S-%f}-{why}.db",
                         lambda: _prune(folder, why, spare), made_folder=made)


def automatic_backup(ws: Workspace, why: str, *, spare: Path | None = None) -> Path:
    """A checked backup into the backups folder beside the database; keeps the newest KEEP of
    this reason (and `spare`)."""
    return start_automatic_backup(ws, why, spare=spare).finish()


def _prune(folder: Path, why: str, spare: Path | None) -> None:
    keep = Path(spare).resolve() if spare is not None else None
    # Each reason keeps its own newest KEEP: a busy week of closing the window
    # must not prune away the copy taken before an import or a restore.
    for old in sorted(folder.glob(f"auto-*-{why}.db"))[:-KEEP]:
        if old.resolve() != keep:
            old.unlink(missing_ok=True)
            audit_anchors.sidecar(old).unlink(missing_ok=True)


def leave_wal(ws: Workspace) -> bool:
    """Switch the file out of WAL mode (it must be ours alone); False while another connection holds it."""
    try:
        mode = ws.database.connection().execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return mode == "delete"
