"""The program's own files beside a database, which no export or backup may ever replace.

A PDF written over ``xxh.db`` loses every record; one over ``machine.key``
leaves every audit entry unverifiable for good (`machine_key.py`). These are
the files `Workspace.check_output` refuses as a target, whatever name, link
or spelling reaches them (`fileio.check_output`).
"""

from __future__ import annotations

from pathlib import Path

from . import machine_key
from .audit_anchors import anchors_file, sidecar
from .paths import backups_dir, default_db_path, instance_lock_path

DATABASE = "本系统自己的数据库文件，覆盖它会丢失全部数据"
COMPANION = "本系统数据库的日志文件，覆盖它会损坏数据库或丢失最近的修改"
ANCHORS = "本系统的审计锚点文件，覆盖它会失去核对审计日志的依据"
KEY = "本机密钥文件，覆盖它后审计日志再也无法校验，签名密钥也无法解开"
LOCK = "本系统的锁文件"
AUTOMATIC = "本系统的自动备份，覆盖它会失去这份备份"
BACKUPS = "本系统自动备份文件夹（backups）及其附注所用的名字，占用它会使自动备份和恢复无法进行"
LOG = "本系统的错误日志"


def own_files(db_path: Path) -> dict[Path, str]:
    """Path -> what it is, for the database at `db_path` and for the default one (the data
    folder's, which shares nothing with it but may sit in the same place)."""
    files: dict[Path, str] = {}
    for db in dict.fromkeys((Path(db_path), default_db_path())):
        files[db] = DATABASE
        for companion in ("-wal", "-shm", "-journal"):
            files[Path(f"{db}{companion}")] = COMPANION
        files[anchors_file(db)] = ANCHORS
        files[machine_key.data_folder(db) / machine_key.KEY_FILE] = KEY
        files[instance_lock_path(db)] = LOCK
        files[db.parent / "logs" / "errors.log"] = LOG
        folder = backups_dir(db)
        files[folder] = BACKUPS   # a file of that name would stop every automatic backup (probe-restore F12)
        files[sidecar(folder)] = BACKUPS
        # What the program keeps there itself (`storage.backup`, `restore`), with their sidecars;
        # a backup made by hand into this folder is the user's.
        for kept in (*folder.glob("auto-*"), *folder.glob("damaged-*")):
            files[kept] = AUTOMATIC
    return files
