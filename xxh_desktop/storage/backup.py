"""Backups of the workspace database (PRODUCT.md §10).

A backup is made with ``VACUUM INTO`` (a consistent copy even while the
database is open), checked with ``integrity_check``, written under a temporary
name and renamed, so a half-written file never looks like a backup. Automatic
backups (before imports and migrations, on close) keep the newest `KEEP` of
each reason. Beside each backup a sidecar (``….db.audit-head``) holds the
audit chain's head the backup contains, an anchor outside the database
(`audit_anchors.py`). Backing up by hand is the 系统管理 role's.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import audit_anchors, authority
from ..domain.accounts import Role
from ..errors import XxhError
from ..fileio import atomic_write
from ..paths import backups_dir
from .database import readonly_uri
from .schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from ..workspace import Workspace

KEEP = 20


def check_file(path: Path) -> list[str]:
    """integrity_check of a database file, opened read-only."""
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"{path.name} 不是有效的数据库：{exc}"]
    return [r[0] for r in rows if r[0] != "ok"]


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
        raise XxhError(f"无法写入备份 {dest}：{exc.strerror or exc}（磁盘已满或没有写权限？）") from exc

    def copy(tmp: Path) -> None:
        ws.database.connection().execute("VACUUM INTO ?", (str(tmp),))
        problems = check_file(tmp)
        if problems:
            raise XxhError(f"备份文件校验失败：{'；'.join(problems)}")

    head = ws.audit_log.head()   # what the copy holds: the 备份 entry below comes after it
    atomic_write(dest, copy)
    try:
        ws.audit_log.write_sidecar(dest, head)
    except OSError as exc:
        raise XxhError(f"备份已写入 {dest}，但其审计附注未能写入：{exc.strerror or exc}") from exc
    ws.audit_log.append("备份", str(dest))
    return dest


def automatic_backup(ws: Workspace, why: str, *, spare: Path | None = None) -> Path:
    """A backup into the backups folder beside the database; keeps the newest KEEP of
    this reason (and `spare`)."""
    folder = backups_dir(ws.path)
    folder.mkdir(parents=True, exist_ok=True)
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


def check_source(src: Path) -> None:
    """Refuse a damaged, foreign or newer file as a restore source — reading it only, never writing."""
    if not src.is_file():
        raise XxhError(f"备份文件不存在：{src}")
    problems = check_file(src)
    if problems:
        raise XxhError(f"备份文件 {src} 已损坏，未恢复：{'；'.join(problems)}")
    conn = sqlite3.connect(readonly_uri(src), uri=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    if version > SCHEMA_VERSION:
        raise XxhError(f"备份文件 {src} 由更新版本的程序创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
                       "未恢复。请安装最新版本的 xxh-desktop。")
    if version < 1 or not {"settings", "projects", "audit_log"} <= tables:
        raise XxhError(f"文件 {src} 不是本系统的数据库备份，未恢复。")


def copy_file(src: Path, dest: Path) -> None:
    """Copy database `src` (read-only) into a new file `dest` with SQLite's backup API."""
    src_conn = sqlite3.connect(readonly_uri(src), uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src_conn.backup(dst)
        finally:
            dst.close()
    finally:
        src_conn.close()


def leave_wal(ws: Workspace) -> bool:
    """Switch the file out of WAL mode (it must be ours alone); False while another connection holds it."""
    try:
        mode = ws.database.connection().execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return mode == "delete"
