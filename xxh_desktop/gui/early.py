"""What a start of the window does before Qt is imported (gui/launch.py calls it first).

Importing Qt, the core and the sign-in dialog keeps the interface thread busy for the first
third of a second, while the second core has nothing to do. So before Qt is imported the
database's path is found and its place judged, and the quick check of a current file of ours
begins on a thread of its own: it reads the whole file meanwhile, instead of beside the
password's scrypt and the main window's build once the person has signed in (issue 16).
Everything else — refusals said in a window, the lock, the database opened — is gui/app.py's.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..paths import canonical, default_db_path, unsafe_location_reason
from ..placement import read_only_reason
from ..storage.database import BackgroundCheck, inspect
from ..storage.schema import APPLICATION_ID, SCHEMA_VERSION
from .title import APP_TITLE


@dataclass(frozen=True)
class Early:
    """What a start knew before Qt: its arguments, its database and why it may not be used
    there (None for the self-test), and the quick check begun of it."""

    args: argparse.Namespace
    path: Path | None = None
    refusal: str | None = None
    check: BackgroundCheck | None = None


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="xxh-desktop", description=APP_TITLE)
    parser.add_argument("--db", metavar="PATH")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("file", nargs="?", help="要导入的 .xxh 交换文件")
    parser.add_argument("--self-test", nargs="?", const="", metavar="RESULT.json",
                        help="自检（临时文件夹中的演示数据库、PDF、交换文件、主窗口），结果写入 RESULT.json"
                             "（默认在数据文件夹的 logs 中）；全部通过时退出代码为 0")
    return parser.parse_args(list(argv))


def prepare(argv: Sequence[str]) -> Early:
    """Arguments (without the program's name), the database's path judged, its check begun."""
    args = parse_args(argv)
    if args.self_test is not None:
        return Early(args)   # the self-test never touches the user's database
    path = canonical(args.db or default_db_path(Path(args.data_dir) if args.data_dir else None))
    # Judged before anything is created there, or read: a USB stick or a share, a read-only place.
    refusal = unsafe_location_reason(path)
    if refusal is None and (read_only := read_only_reason(path)):
        refusal = (f"{read_only}。\n窗口需要写入数据库（自动保存、审计日志），请把数据库放到可写的位置，"
                   "或请信息技术人员检查权限。")
    return Early(args, path, refusal, None if refusal else early_quick_check(path))


def early_quick_check(path: Path) -> BackgroundCheck | None:
    """The start-up's quick check, begun before Qt and the core are imported — for a file of this
    program at the current version only, which opening it does not migrate: a file to be
    upgraded, or not yet made, is checked after `Workspace.open` as before. Read-only, like
    `inspect`. A start that ends without the database (another window has it, a refusal) stops
    it (`BackgroundCheck.stop`)."""
    try:
        state = inspect(path) if path.stat().st_size else None
    except (OSError, sqlite3.Error):
        return None
    if state is None or state.application_id != APPLICATION_ID or state.version != SCHEMA_VERSION:
        return None
    return BackgroundCheck(path)
