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


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI for `path`, percent-encoded: a '#', '?' or '%' in a folder name
    (「备份#2」) would otherwise cut the path short and open some other file."""
    return Path(path).resolve().as_uri() + "?mode=ro"


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


def automatic_backup(ws: Workspace, why: str, *, spare: Path | None = None) -> Path:
    """A backup into the backups folder beside the database; keeps the newest KEEP of
    this reason (and `spare`)."""
    folder = backups_dir(ws.path)
    folder.mkdir(parents=True, exist_ok=True)
    path = backup_to(ws, folder / f"auto-{datetime.now():%Y%m%d-%H%M%S-%f}-{why}.db")
    keep = Path(spare).resolve() if spare is not None else None
    # Each reason keeps its own newest KEEP: a busy week of closing the window
    # must not prune away the copy taken before an import or a restore.
    for old in sorted(folder.glob(f"auto-*-{why}.db"))[:-KEEP]:
        if old.resolve() != keep:
            old.unlink(missing_ok=True)
    return path


def _check_source(src: Path) -> None:
    """Refuse a damaged, foreign or newer file as a restore source — reading it only, never writing."""
    from .schema import SCHEMA_VERSION

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


def restore(ws_path: Path, src: Path) -> Path:
    """Replace the database at `ws_path` by the backup `src`, after a safety backup.

    The caller must have closed the workspace. Returns the safety backup's path.
    """
    from .workspace import Workspace

    _check_source(src)
    # Copied aside first: the safety backup below may prune old automatic backups — `src` among them.
    tmp = ws_path.with_name(ws_path.name + ".restore")
    try:
        src_conn = sqlite3.connect(readonly_uri(src), uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src_conn.backup(dst)
            finally:
                dst.close()
        finally:
            src_conn.close()
        with Workspace.open(ws_path) as ws:
            safety = automatic_backup(ws, "before-restore", spare=src)
            # Leaving WAL mode needs the file to itself: it fails while the window (or another
            # program) has it open, which must not have the file and its -wal replaced under it.
            try:
                mode = ws.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            except sqlite3.OperationalError:
                mode = ""
            if mode != "delete":
                raise XxhError(f"数据库 {ws_path} 正被其他窗口或程序使用，未恢复。请先关闭 xxh-desktop 窗口后再恢复。"
                               f"（已做的安全备份：{safety}）")
        for suffix in ("-wal", "-shm"):
            Path(str(ws_path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, ws_path)
    finally:
        tmp.unlink(missing_ok=True)
    with Workspace.open(ws_path) as ws:
        ws.audit("恢复备份", str(src), after={"safety_backup": str(safety)})
    return safety
