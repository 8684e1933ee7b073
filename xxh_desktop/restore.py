"""Restoring the database from a backup, after a safety backup of the current one (PRODUCT.md §10).

Restoring is the 系统管理 role's (`actor`: the person signed in where the
restore was asked for). The restored log is then anchored afresh
(`AuditLog.anchor("restore")`): heads written before it describe the log that
was replaced."""

from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path

from . import authority
from .authority import Actor
from .domain.accounts import Role
from .errors import XxhError
from .storage.backup import automatic_backup, check_source, copy_file, leave_wal
from .workspace import Workspace


def restore(ws_path: Path, src: Path, *, actor: Actor | None = None) -> Path:
    """Replace the database at `ws_path` by the backup `src`, after a safety backup.

    The caller must have closed the workspace. Returns the safety backup's path.
    """
    check_source(src)
    # Copied aside first: the safety backup below may prune old automatic backups — `src` among them.
    tmp = ws_path.with_name(ws_path.name + ".restore")
    try:
        copy_file(src, tmp)
        with Workspace.open(ws_path) as ws, (ws.acting_as(actor) if actor else nullcontext()):
            authority.require_role(ws.actor, Role.ADMIN, "恢复备份")
            safety = automatic_backup(ws, "before-restore", spare=src)
            # Leaving WAL mode needs the file to itself: it fails while the window (or another
            # program) has it open, which must not have the file and its -wal replaced under it.
            if not leave_wal(ws):
                raise XxhError(f"数据库 {ws_path} 正被其他窗口或程序使用，未恢复。请先关闭 xxh-desktop 窗口后再恢复。"
                               f"（已做的安全备份：{safety}）")
        for suffix in ("-wal", "-shm"):
            Path(str(ws_path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, ws_path)
    finally:
        tmp.unlink(missing_ok=True)
    with Workspace.open(ws_path) as ws, (ws.acting_as(actor) if actor else nullcontext()):
        ws.audit_log.append("恢复备份", str(src), after={"safety_backup": str(safety)})
        ws.audit_log.anchor("restore")
    return safety
