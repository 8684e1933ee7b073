"""Where data lives: the user's data folder, overridable for portable use.

Mirrors what QStandardPaths.AppDataLocation gives, without importing Qt:
Windows ``%APPDATA%\\xxh-desktop``, macOS ``~/Library/Application Support``,
elsewhere ``$XDG_DATA_HOME/xxh-desktop``. ``XXH_DATA_DIR`` overrides it.
Where a domain redirects the roaming ``%APPDATA%`` to a server share (folder
redirection), the database goes to the machine's own ``%LOCALAPPDATA%``
instead (`roaming_fallback_notice` says so).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from . import placement
from .hashing import sm3_hex

APP_DIR_NAME = "xxh-desktop"
DB_FILE_NAME = "xxh.db"


def _windows_data_dir() -> tuple[Path, str | None]:
    """(the data folder, why it is not the roaming one) on Windows."""
    roaming = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    why = placement.problem(Path(roaming))
    if why is None:
        return Path(roaming) / APP_DIR_NAME, None
    local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    return Path(local) / APP_DIR_NAME, (
        f"漫游配置文件夹 {roaming} 不在本机硬盘上，数据库改放在本机的 {Path(local) / APP_DIR_NAME}。（{why}）")


def default_data_dir() -> Path:
    override = os.environ.get("XXH_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        return _windows_data_dir()[0]
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def roaming_fallback_notice() -> str | None:
    """Why the default data folder is %LOCALAPPDATA% rather than the redirected %APPDATA%, or None."""
    if sys.platform != "win32" or os.environ.get("XXH_DATA_DIR"):
        return None
    return _windows_data_dir()[1]


def canonical(path: str | Path) -> Path:
    """`path` with `~`, `..` and symbolic links resolved. Everything kept beside a database — its
    -wal, its machine key, its anchors, its backups — is found from its real place, whatever name
    reached it: through a link, the machine key beside the link would be a stranger's, made anew."""
    return Path(os.path.realpath(Path(path).expanduser()))


def default_db_path(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / DB_FILE_NAME


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def unsafe_location_reason(path: Path) -> str | None:
    """Why a database must not live at `path` (a USB stick or network share, by its file system), or None."""
    return placement.problem(Path(path))


def file_identity(path: Path) -> str:
    """The file itself, whatever path names it: device and inode (on Windows the volume serial
    number and file index). Hard links, symlinks and differently written paths give the same
    identity; a file that does not exist yet is named by its resolved path."""
    try:
        st = os.stat(path)
    except OSError:
        return sm3_hex(str(Path(os.path.abspath(path)).resolve()).encode("utf-8"))[:24]
    return f"{st.st_dev:x}-{st.st_ino:x}"


def instance_lock_path(db_path: Path) -> Path:
    """The lock file that keeps one window per database: named by the file's identity, in the
    temporary folder every start of this user shares, so two names of one file meet one lock."""
    return Path(tempfile.gettempdir()) / f"xxh-desktop-{file_identity(db_path)}.lock"
