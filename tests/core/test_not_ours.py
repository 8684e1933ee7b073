"""Never write to a file that is not ours (issue 17, failure 5), and never open one file twice.

Files are compared byte for byte — the database and its -wal — before and after.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from builders import new_project
from storage_support import UNMARKED, database_at
from xxh_desktop import cli
from xxh_desktop.errors import XxhError
from xxh_desktop.storage.schema import APPLICATION_ID, SCHEMA_VERSION
from xxh_desktop.workspace import Workspace


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name)}


def _crashed_copy(conn_setup, tmp_path: Path, name: str) -> Path:
    """A WAL database copied while its writer still had it open: the changes sit in the -wal."""
    live = tmp_path / "running" / name
    live.parent.mkdir()
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn_setup(conn)
    crashed = tmp_path / "crashed" / name
    crashed.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{live}{suffix}", f"{crashed}{suffix}")
    conn.close()
    assert Path(f"{crashed}-wal").stat().st_size > 0
    return crashed


def test_another_programs_file_at_version_one_is_refused_untouched(tmp_path: Path) -> None:
    # It was opened, switched to WAL and only then refused.
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    conn.execute("INSERT INTO invoices (total) VALUES (100)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = _files(path)
    with pytest.raises(XxhError, match="其他程序"):
        Workspace.open(path)
    assert _files(path) == before


def test_a_file_marked_by_another_application_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444487")   # a GeoPackage
    conn.execute("CREATE TABLE settings (key TEXT)")
    conn.execute("CREATE TABLE projects (id TEXT)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = _files(path)
    with pytest.raises(XxhError, match="其他程序"):
        Workspace.open(path)
    assert _files(path) == before


def test_a_foreign_file_with_a_pending_wal_keeps_its_wal(tmp_path: Path) -> None:
    def setup(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.execute("INSERT INTO notes VALUES ('只在 WAL 里')")

    path = _crashed_copy(setup, tmp_path, "notes.db")
    before = _files(path)
    with pytest.raises(XxhError, match="其他程序"):
        Workspace.open(path)
    assert _files(path) == before    # nothing checkpointed into it, no -shm left beside it


def test_a_newer_database_with_a_pending_wal_is_refused_without_checkpointing(tmp_path: Path) -> None:
    # Its WAL used to be checkpointed into it and deleted before «本程序不会改动它».
    def setup(conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    path = _crashed_copy(setup, tmp_path, "xxh.db")
    assert int.from_bytes(path.read_bytes()[60:64], "big") == 0   # the newer version is in the -wal only
    before = _files(path)
    with pytest.raises(XxhError, match="更新版本"):
        Workspace.open(path)
    assert _files(path) == before


def test_our_own_database_after_a_crash_opens_with_its_wal(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    ws = Workspace.open(live)
    try:
        ws.database.connection().execute("PRAGMA wal_autocheckpoint=0")
        new_project(ws, "只在WAL里的项目", "县民政局", 2027)
        crashed = tmp_path / "crashed" / "live.db"
        crashed.parent.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{live}{suffix}", f"{crashed}{suffix}")
    finally:
        ws.close()
    with Workspace.open(crashed) as after:
        assert [p.name for p in after.projects.all()] == ["只在WAL里的项目"]


def test_every_database_is_marked_as_ours_and_older_ones_are_marked_on_upgrade(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    Workspace.open(new).close()
    assert sqlite3.connect(new).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    old = database_at(tmp_path / "old.db")
    assert sqlite3.connect(old).execute("PRAGMA application_id").fetchone()[0] == 0
    with Workspace.open(old) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.check() == []
    assert sqlite3.connect(old).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert list((tmp_path / "backups").glob(f"auto-*-before-migration-v{UNMARKED}.db"))


def test_a_hard_link_to_the_database_is_refused(tmp_path: Path) -> None:
    # SQLite names the -wal after the path it was opened by: two names, two logs, lost changes.
    db = tmp_path / "xxh.db"
    Workspace.open(db).close()
    os.link(db, tmp_path / "link.db")
    for name in ("xxh.db", "link.db"):
        with pytest.raises(XxhError, match="硬链接"):
            Workspace.open(tmp_path / name)


# ---------------------------------------------------------------------- read-only places


def test_a_read_only_folder_is_said_so_and_reading_works(tmp_path: Path, capsys) -> None:
    # It was «已损坏或不是本系统的数据库», even for `list` and `check`.
    from readonly_support import read_only

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "xxh.db"
    assert cli.main(["--db", str(db), "init", "--side", "县智慧办"]) == 0
    with Workspace.open(db) as ws:
        new_project(ws, "只读位置上的项目", "县民政局", 2027)
    capsys.readouterr()
    with read_only(folder):
        before = _files(db)
        assert cli.main(["--db", str(db), "list"]) == 0
        assert "只读位置上的项目" in capsys.readouterr().out
        assert cli.main(["--db", str(db), "check"]) == 0
        assert cli.main(["--db", str(db), "audit", "verify"]) == 0
        capsys.readouterr()
        # an export reads only: it is made, and says that it could not be logged
        assert cli.main(["--db", str(db), "ledger", "--out", str(tmp_path / "台账.xlsx")]) == 0
        assert "导出台账）未能记入审计日志" in capsys.readouterr().err
        assert (tmp_path / "台账.xlsx").exists()
        assert cli.main(["--db", str(db), "stage", "JZ-2027-001", "--to", "已申报"]) == 1
        message = capsys.readouterr().err
        assert "只读" in message and "损坏" not in message
        assert cli.main(["--db", str(tmp_path / "ro" / "new.db"), "init"]) == 1
        assert "只读" in capsys.readouterr().err
        assert _files(db) == before
