"""Where data lives: the user's data folder, overridable for portable use.

Mirrors what QStandardPaths.AppDataLocation gives, without importing Qt:
Windows ``%APPDATA%\\xxh-desktop``, macOS ``~/Library/Application Support``,
elsewhere ``$XDG_DATA_HOME/xxh-desktop``. ``XXH_DATA_DIR`` overrides it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "xxh-desktop"
DB_FILE_NAME = "xxh.db"


def default_data_dir() -> Path:
    override = os.environ.get("XXH_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def default_db_path(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / DB_FILE_NAME


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


_REMOVABLE_PREFIXES = ("/media/", "/run/media/")


def unsafe_location_reason(path: Path) -> str | None:
    """Why a database must not live at `path` (a USB stick or network share), or None.

    SQLite's own documentation: removable and network file systems lie about
    sync and locking, so a database there can be corrupted.
    """
    text = str(path.resolve() if path.exists() else path.absolute())
    if sys.platform == "win32":
        if text.startswith("\\\\"):
            return "数据库不能放在网络共享文件夹中（网络文件系统的锁和同步不可靠），请选择本机硬盘上的位置。"
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        kind = ctypes.windll.kernel32.GetDriveTypeW(drive)
        if kind == 2:  # DRIVE_REMOVABLE
            return "数据库不能放在U盘等移动存储上（拔出或断电会损坏数据），请选择本机硬盘上的位置；U盘只用于交换 .xxh 文件和存放备份。"
        if kind == 4:  # DRIVE_REMOTE
            return "数据库不能放在网络驱动器上（网络文件系统的锁和同步不可靠），请选择本机硬盘上的位置。"
        return None
    if text.startswith(_REMOVABLE_PREFIXES):
        return "数据库不能放在U盘等移动存储上（拔出或断电会损坏数据），请选择本机硬盘上的位置；U盘只用于交换 .xxh 文件和存放备份。"
    return None
