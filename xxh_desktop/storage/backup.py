"""Backups of the workspace database (PRODUCT.md §10).

A backup is made with ``VACUUM INTO`` (a consistent copy even while the
database is open) under a temporary name, checked completely
(`verify.verify_file`: integrity, every text, every attachment's SM3, the audit
chain), then renamed — a half-written or damaged file never looks like a
backup. Automatic backups (before imports, migrations and restores, on close)
keep the newest `KEEP` of each reason; what a killed backup left behind
(``.NAME.PID-XXXXXXXX.part`` and its ``-journal``) is removed by pruning and
at the next start (`Workspace.open`). Beside each backup a sidecar
(``….db.audit-head``) holds the audit chain's head the backup contains, an
anchor outside the database (`audit_anchors.py`). Backing up by hand is the
系统管理 role's.

Every failure is said in backup words — «备份未完成» and why — never as a
failed edit: a backup changes nothing that was saved.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import audit_anchors, authority
from ..domain.accounts import Role
from ..errors import XxhError, describe_os_error
from ..fileio import atomic_write, remove_leftovers
from ..paths import backups_dir
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
    else:
        why = f"{exc}"
    return f"备份未完成：{why}{UNCHANGED}"


def backup_to(ws: Workspace, dest: Path) -> Path:
    """Write a checked copy of the database to `dest` (a file, or a folder to put it in)."""
    authority.require_role(ws.actor, Role.ADMIN, "备份数据库")
    return _backup(ws, dest)


def _backup(ws: Workspace, dest: Path) -> Path:
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"xxh-backup-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XxhError(failure(dest, exc)) from exc
    remove_leftovers(dest.parent)
    key = ws.audit_log.key_for_checks()

    def copy(tmp: Path) -> None:
        ws.database.connection().execute("VACUUM INTO ?", (str(tmp),))
        checked = verify_file(tmp, key)
        if not checked.sound:
            raise DamagedCopy(f"写出的备份文件校验未通过（{'；'.join(checked.problems[:5])}），已删除。"
                              "请运行“检查”；若数据库本身有问题，请联系信息技术人员。")

    head = ws.audit_log.head()   # what the copy holds: the 备份 entry below comes after it
    try:
        atomic_write(dest, copy)
    except (XxhError, sqlite3.Error, OSError) as exc:
        raise XxhError(failure(dest, exc)) from exc
    try:
        ws.audit_log.write_sidecar(dest, head)
    except OSError as exc:
        raise XxhError(f"备份已写入 {dest} 并校验无误，但其审计附注未能写入：{describe_os_error(exc, dest)}") from exc
    try:
        ws.audit_log.append("备份", str(dest))
    except (XxhError, sqlite3.Error) as exc:
        raise XxhError(f"备份已写入 {dest} 并校验无误，但审计日志未能记下这次备份（{exc}）。") from exc
    return dest


def automatic_backup(ws: Workspace, why: str, *, spare: Path | None = None) -> Path:
    """A backup into the backups folder beside the database; keeps the newest KEEP of
    this reason (and `spare`)."""
    if ws.read_only:
        raise XxhError(f"备份未完成：{ws.read_only}，无法在旁边的 backups 文件夹中写入。")
    folder = backups_dir(ws.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XxhError(failure(folder, exc)) from exc
    # The program's own copies (before an import or an upgrade, on close): no one is asked for a role.
    path = _backup(ws, folder / f"auto-{datetime.now():%Y%m%d-%H%M%S-%f}-{why}.db")
    keep = Path(spare).resolve() if spare is not None else None
    # Each reason keeps its own newest KEEP: a busy week of closing the window
    # must not prune away the copy taken before an import or a restore.
    for old in sorted(folder.glob(f"auto-*-{why}.db"))[:-KEEP]:
        if old.resolve() != keep:
            old.unlink(missing_ok=True)
            audit_anchors.sidecar(old).unlink(missing_ok=True)
    return path


def leave_wal(ws: Workspace) -> bool:
    """Switch the file out of WAL mode (it must be ours alone); False while another connection holds it."""
    try:
        mode = ws.database.connection().execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return mode == "delete"
