from __future__ import annotations

from pathlib import Path

import pytest

from xxh_desktop import backup
from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace


def test_backup_is_a_checked_copy(ws: Workspace, tmp_path: Path) -> None:
    ws.create_project("备份前的项目", "县应急管理局", 2026)
    (tmp_path / "usb").mkdir()
    dest = backup.backup_to(ws, tmp_path / "usb")
    assert dest.parent == tmp_path / "usb" and dest.suffix == ".db"
    assert not list((tmp_path / "usb").glob("*.part"))
    assert backup.check_file(dest) == []
    with Workspace.open(dest, create=False) as copy:
        assert [r.name for r in copy.list_projects()] == ["备份前的项目"]


def test_automatic_backups_keep_the_newest(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "KEEP", 2)
    made = [backup.automatic_backup(ws, "test") for _ in range(4)]
    remaining = sorted(made[0].parent.glob("auto-*.db"))
    assert remaining == made[-2:]


def test_restore_replaces_the_database_after_a_safety_backup(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        ws.create_project("旧项目", "县民政局", 2026)
        saved = backup.backup_to(ws, tmp_path / "b.db")
        ws.create_project("备份后新建的项目", "县民政局", 2026)
    safety = backup.restore(db, saved)
    with Workspace.open(db) as ws:
        assert [r.name for r in ws.list_projects()] == ["旧项目"]
        assert ws.check() == []
    with Workspace.open(safety, create=False) as ws:
        assert len(ws.list_projects()) == 2


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        ws.create_project("项目", "县民政局", 2026)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(XxhError):
        backup.restore(db, bad)
    with Workspace.open(db) as ws:
        assert len(ws.list_projects()) == 1
