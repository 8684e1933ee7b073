"""Backups of the workspace database (PRODUCT.md §10).

A backup is made with ``VACUUM INTO`` (a consistent copy even while the
database is open), checked with ``integrity_check``, written under a temporary
name and renamed, so a half-written file never looks like a backup. Automatic
backups (before imports and migrations, on close) keep the newest `KEEP`.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import XxhError
from .paths import backups_dir

if TYPE_CHECKING:
    from .workspace import Workspace

KEEP = 20


def check_file(path: Path) -> list[str]:
    """integrity_check of a database file, opened read-only."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"{path.name} 不是有效的数据库：{exc}"]
    return [r[0] for r in rows if r[0] != "ok"]


def backup_to(ws: Workspace, dest: Path) -> Path:
    """Write a checked copy of the database to `dest` (a file, or a folder to put it in)."""
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"xxh-backup-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        ws.execute("VACUUM INTO ?", (str(tmp),))
        problems = check_file(tmp)
        if problems:
            raise XxhError(f"备份文件校验失败：{'；'.join(problems)}")
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise XxhError(f"无法写入备份 {dest}：{exc.strerror or exc}（磁盘已满或没有写权限？）") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    ws.audit("备份", str(dest))
    return dest


def automatic_backup(ws: Workspace, why: str) -> Path:
    """A backup into the backups folder beside the database; keeps the newest KEEP."""
    folder = backups_dir(ws.path)
    folder.mkdir(parents=True, exist_ok=True)
    path = backup_to(ws, folder / f"auto-{datetime.now():%Y%m%d-%H%M%S-%f}-{why}.db")
    for old in sorted(folder.glob("auto-*.db"))[:-KEEP]:
        old.unlink(missing_ok=True)
    return path


def restore(ws_path: Path, src: Path) -> Path:
    """Replace the database at `ws_path` by the backup `src`, after a safety backup.

    The caller must have closed the workspace. Returns the safety backup's path.
    """
    from .workspace import Workspace

    problems = check_file(src)
    if problems:
        raise XxhError(f"备份文件 {src} 已损坏，未恢复：{'；'.join(problems)}")
    with Workspace.open(src, create=False):
        pass  # refuses a file from a newer version before anything is replaced
    with Workspace.open(ws_path) as ws:
        safety = automatic_backup(ws, "before-restore")
        ws.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp = ws_path.with_name(ws_path.name + ".restore")
    src_conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src_conn.backup(dst)
        finally:
            dst.close()
    finally:
        src_conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(ws_path) + suffix).unlink(missing_ok=True)
    os.replace(tmp, ws_path)
    with Workspace.open(ws_path) as ws:
        ws.audit("恢复备份", str(src), after={"safety_backup": str(safety)})
    return safety
