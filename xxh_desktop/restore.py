"""Restoring the database from a backup (PRODUCT.md §10): verify, then swap.

The backup is copied to a temporary file beside the database (read-only: the
backup itself is never written) and that copy is checked completely —
header, this program's mark and schema version, `integrity_check`, every
text, every attachment's SM3, the audit chain (`storage.verify`). Only a copy
that passes goes on: a safety backup of the current database, the audit
entries written since the backup carried into the restored log (re-chained,
each with its own time and author — 网络安全法 and PRODUCT.md §10 keep the log
as long as the data), the restore's own entry, and one atomic rename. Any
failure before the rename leaves the current database byte-for-byte as it was.

Restoring is the 系统管理 role's (`actor`: the person signed in where the
restore was asked for). The restored log is then anchored afresh
(`AuditLog.anchor("restore")`): heads written before it describe the log that
was replaced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

from . import audit_anchors, authority, machine_key
from .authority import Actor, NotPermitted
from .domain.accounts import Role
from .domain.records import AuditEntry
from .errors import XxhError, describe_os_error
from .fileio import temp_path
from .paths import backups_dir, unsafe_location_reason
from .placement import read_only_reason
from .storage.backup import UNCHANGED, DamagedCopy, automatic_backup, leave_wal
from .storage.audit_log import ChainKey, chain_key
from .storage.database import Database, reading_connection
from .storage.schema import SCHEMA_VERSION
from .storage.verify import Verified, verify_file
from .workspace import Workspace


def check_backup(ws_path: Path, src: Path) -> Verified:
    """The full check of `src` as `restore` makes it (on a copy beside `ws_path`), without restoring."""
    candidate = _candidate(Path(ws_path), Path(src))
    try:
        return verify_file(candidate, _folder_key(Path(ws_path)))
    finally:
        _remove(candidate)


def restore(ws_path: Path, src: Path, *, actor: Actor | None = None,
            sign_in: Callable[[Workspace], object] | None = None) -> Path | None:
    """Replace the database at `ws_path` by the backup `src`; returns the safety backup's path
    (None when there was no database).

    `actor` is the person signed in to the current database. Where that database cannot be
    read (damaged) or there is none, nobody could sign in to it: `sign_in` then signs the person
    in to the checked copy of the backup, whose accounts say who may restore it — never nobody.
    The window must be closed: a database another program holds is not replaced.
    """
    if actor is not None:
        authority.require_role(actor, Role.ADMIN, "恢复备份")
    ws_path, src = Path(ws_path), Path(src)
    candidate = _candidate(ws_path, src)
    try:
        checked = verify_file(candidate, _folder_key(ws_path))
        if not checked.sound:
            raise XxhError(f"备份文件 {src} 有问题，未恢复，{UNCHANGED}\n" + "\n".join(checked.problems))
        if checked.version < SCHEMA_VERSION:
            _upgrade(candidate)
        if actor is None and not _readable(ws_path):
            actor = _signed_in_to_backup(candidate, sign_in)
        safety, entries, note = _set_current_aside(ws_path, src, actor)
        if checked.other_key:
            note["sealed_with_key"] = checked.other_key   # another computer's: its MACs do not verify here
        with Workspace.open(candidate, create=False) as restored, \
                (restored.acting_as(actor) if actor else nullcontext()):
            carried = restored.audit_log.carry(_missing(entries, restored.audit_log.snapshot()))
            restored.audit_log.append("恢复备份", str(src), after={
                "safety_backup": str(safety or ""), "carried_audit_entries": carried, **note})
        for suffix in ("-wal", "-shm"):
            Path(f"{ws_path}{suffix}").unlink(missing_ok=True)
        try:
            os.replace(candidate, ws_path)
        except OSError as exc:
            raise XxhError(f"未恢复：{describe_os_error(exc, ws_path)}（恢复前的安全备份：{safety}）") from exc
    finally:
        _remove(candidate)
    with Workspace.open(ws_path) as ws:
        ws.audit_log.anchor(audit_anchors.RESTORE)
    return safety


def _readable(ws_path: Path) -> bool:
    """Whether there is a database at `ws_path` that can be opened (to sign in to it)."""
    if not ws_path.exists():
        return False
    try:
        Workspace.open(ws_path, create=False).close()
    except (XxhError, sqlite3.DatabaseError) as exc:
        if not damaged(exc):
            raise
        return False
    return True


def _signed_in_to_backup(candidate: Path, sign_in: Callable[[Workspace], object] | None) -> Actor:
    """The person, signed in to the backup's own accounts, with the 系统管理 role there."""
    with Workspace.open(candidate, create=False) as backup_ws:
        try:
            if sign_in is not None:
                sign_in(backup_ws)
            authority.require_role(backup_ws.actor, Role.ADMIN, "恢复备份")
        except NotPermitted as exc:
            raise NotPermitted(f"当前数据库无法打开（或不存在），无法在其中核对身份：须用备份中具有「系统管理」角色的"
                               f"账户登录才能恢复。{exc}") from None
        return backup_ws.actor


def _folder_key(ws_path: Path) -> ChainKey:
    """The audit key of the folder the database lives in: a backup of it is checked with it."""
    return chain_key(machine_key.load(machine_key.data_folder(ws_path)))


def _candidate(ws_path: Path, src: Path) -> Path:
    """A copy of `src` beside the database, made through a read-only connection (a pending -wal
    of the source counts; the source is never written)."""
    if not src.is_file():
        raise XxhError(f"备份文件不存在：{src}")
    reason = unsafe_location_reason(ws_path) or read_only_reason(ws_path)
    if reason:
        raise XxhError(f"未恢复：{reason}。")
    try:
        ws_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XxhError(f"未恢复：{describe_os_error(exc, ws_path)}") from exc
    candidate = temp_path(ws_path)
    try:
        source = reading_connection(src)
        try:
            target = sqlite3.connect(candidate)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        _remove(candidate)
        text = str(exc).lower()
        if "full" in text:
            raise XxhError(f"磁盘空间不足，无法在 {ws_path.parent} 中放下备份的副本，未恢复，{UNCHANGED}") from exc
        raise XxhError(f"备份文件 {src} 无法读取（已损坏或不是数据库：{exc}），未恢复，{UNCHANGED}") from exc
    return candidate


def _upgrade(candidate: Path) -> None:
    """Bring the copy of an older backup to this version's schema (the copy is ours to change)."""
    database = Database.connect(candidate)
    try:
        database.migrate(lambda _version: None)
    finally:
        database.close()


def _set_current_aside(ws_path: Path, src: Path, actor: Actor | None
                       ) -> tuple[Path | None, list[AuditEntry], dict[str, str]]:
    """A safety backup of the current database and its audit entries, once nothing else holds it.

    A damaged database cannot be backed up through SQLite: its bytes are kept as they are
    instead, and its log (unreadable) is not carried.
    """
    if not ws_path.exists():
        return None, [], {}
    try:
        with Workspace.open(ws_path) as ws, (ws.acting_as(actor) if actor else nullcontext()):
            authority.require_role(ws.actor, Role.ADMIN, "恢复备份")
            safety = automatic_backup(ws, "before-restore", spare=src)
            entries = ws.audit_log.snapshot()
            # Leaving WAL mode needs the file to itself: it fails while the window (or another
            # program) has it open, which must not have the file and its -wal replaced under it.
            if not leave_wal(ws):
                raise XxhError(f"数据库 {ws_path} 正被其他窗口或程序使用，未恢复。请先关闭 xxh-desktop 窗口后再恢复。"
                               f"（已做的安全备份：{safety}）")
        return safety, entries, {}
    except (XxhError, sqlite3.DatabaseError) as exc:
        if not damaged(exc):
            raise
        kept = _keep_bytes(ws_path)
        return kept, [], {"damaged_database": str(exc)}


def damaged(exc: BaseException) -> bool:
    """Whether an error comes from a damaged file (not from a busy, full or read-only one)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DamagedCopy) or (
                isinstance(seen, sqlite3.DatabaseError) and not isinstance(seen, sqlite3.OperationalError)):
            return True
        seen = seen.__cause__
    return False


def _keep_bytes(ws_path: Path) -> Path:
    """The damaged database file (and its -wal) copied byte for byte into the backups folder."""
    folder = backups_dir(ws_path)
    kept = folder / f"damaged-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ws_path, kept)
        if Path(f"{ws_path}-wal").exists():
            shutil.copyfile(f"{ws_path}-wal", f"{kept}-wal")
    except OSError as exc:
        raise XxhError(f"当前数据库已损坏，但未能把它原样保存到 {folder}：{describe_os_error(exc, kept)}"
                       f"未恢复，{UNCHANGED}") from exc
    return kept


def _key(e: AuditEntry) -> tuple[str, ...]:
    return (e.at, e.who, e.action, e.target, e.before, e.after, e.result)


def _missing(current: Iterable[AuditEntry], restored: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries of the current log that the restored one lacks, in the current log's order.

    Compared by content (time, author, what), not by chain hash: an earlier restore re-chained
    the entries it carried, and those must not come twice.
    """
    have = Counter(_key(e) for e in restored)
    missing = []
    for entry in current:
        key = _key(entry)
        if have[key]:
            have[key] -= 1
        else:
            missing.append(entry)
    return missing


def _remove(candidate: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", audit_anchors.ANCHORS_SUFFIX):
        Path(f"{candidate}{suffix}").unlink(missing_ok=True)
