from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from xxh_desktop.errors import XxhError
from xxh_desktop.restore import restore
from xxh_desktop.storage import backup
from xxh_desktop.storage.verify import verify_file
from xxh_desktop.workspace import Workspace

from builders import new_project


def test_backup_is_a_checked_copy(ws: Workspace, tmp_path: Path) -> None:
    new_project(ws, "备份前的项目", "县应急管理局", 2026)
    (tmp_path / "usb").mkdir()
    dest = backup.backup_to(ws, tmp_path / "usb")
    assert dest.parent == tmp_path / "usb" and dest.suffix == ".db"
    assert not list((tmp_path / "usb").glob("*.part"))
    assert verify_file(dest).sound
    with Workspace.open(dest, create=False) as copy:
        assert [r.name for r in copy.projects.all()] == ["备份前的项目"]


@pytest.mark.parametrize("sound", [True, False])
def test_the_copy_is_synced_while_it_is_checked(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                sound: bool) -> None:
    # The file checked is the one synced beside the check, which is waited for whatever the check finds.
    from xxh_desktop.storage.verify import Verified

    synced: list[Path] = []
    checked: list[Path] = []
    real_sync, real_verify = backup._sync_quietly, backup.verify_file

    def sync(path: Path) -> None:
        real_sync(path)
        synced.append(path)

    def check(path: Path, key: object) -> Verified:
        checked.append(path)
        return real_verify(path, key) if sound else Verified(["模拟的损坏"])

    monkeypatch.setattr(backup, "_sync_quietly", sync)
    monkeypatch.setattr(backup, "verify_file", check)
    new_project(ws, "备份前的项目", "县应急管理局", 2026)
    (tmp_path / "usb").mkdir()
    dest = tmp_path / "usb" / "copy.db"
    if sound:
        backup.backup_to(ws, dest)
    else:
        with pytest.raises(XxhError, match="模拟的损坏"):
            backup.backup_to(ws, dest)
    assert synced == checked and len(checked) == 1 and checked[0] != dest
    assert not [t for t in threading.enumerate() if t.name == "backup-sync"]
    assert dest.exists() == sound


def test_automatic_backups_keep_the_newest(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "KEEP", 2)
    made = [backup.automatic_backup(ws, "test") for _ in range(4)]
    remaining = sorted(made[0].parent.glob("auto-*.db"))
    assert remaining == made[-2:]


def test_closing_often_does_not_prune_the_backup_taken_before_an_import(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "KEEP", 2)
    before_import = backup.automatic_backup(ws, "before-import")
    closes = [backup.automatic_backup(ws, "on-close") for _ in range(4)]
    remaining = sorted(before_import.parent.glob("auto-*.db"))
    assert remaining == sorted([before_import, *closes[-2:]])


def test_restore_replaces_the_database_after_a_safety_backup(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "旧项目", "县民政局", 2026)
        saved = backup.backup_to(ws, tmp_path / "b.db")
        new_project(ws, "备份后新建的项目", "县民政局", 2026)
    safety = restore(db, saved)
    with Workspace.open(db) as ws:
        assert [r.name for r in ws.projects.all()] == ["旧项目"]
        assert ws.check() == []
    with Workspace.open(safety, create=False) as ws:
        assert len(ws.projects.all()) == 2


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目", "县民政局", 2026)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(XxhError):
        restore(db, bad)
    with Workspace.open(db) as ws:
        assert len(ws.projects.all()) == 1


def test_restore_refuses_while_the_database_is_open_elsewhere(tmp_path: Path) -> None:
    # The window has the file open while the CLI restores: replacing the file under it
    # (and deleting its -wal) would make every later save in the window vanish.
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "旧项目", "县民政局", 2026)
        saved = backup.backup_to(ws, tmp_path / "b.db")
    window = Workspace.open(db)
    try:
        new_project(window, "窗口里新建的项目", "县民政局", 2026)
        with pytest.raises(XxhError, match="正被"):
            restore(db, saved)
        new_project(window, "之后又新建的项目", "县民政局", 2026)
    finally:
        window.close()
    with Workspace.open(db) as ws:
        assert len(ws.projects.all()) == 3
        assert ws.check() == []


def test_restore_never_writes_to_the_backup_it_reads(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "旧项目", "县民政局", 2026)
        saved = backup.backup_to(ws, tmp_path / "b.db")
    before = saved.read_bytes()
    restore(db, saved)
    assert saved.read_bytes() == before
    # the backup and its audit-chain sidecar (audit_anchors.py), nothing else
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("b.db")) == ["b.db", "b.db.audit-head"]


def test_restore_refuses_a_sqlite_file_that_is_not_a_workspace(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目", "县民政局", 2026)
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(XxhError):
        restore(db, foreign)
    assert foreign.read_bytes() == before
    with Workspace.open(db) as ws:
        assert len(ws.projects.all()) == 1


def test_restoring_the_oldest_automatic_backup_does_not_prune_it_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The safety backup made before a restore must not push out the very backup being restored.
    monkeypatch.setattr(backup, "KEEP", 2)
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "误删之前", "县民政局", 2026)
        oldest = backup.automatic_backup(ws, "on-close")
        new_project(ws, "之后的项目", "县民政局", 2026)
        backup.automatic_backup(ws, "on-close")
    restore(db, oldest)
    assert oldest.exists()
    with Workspace.open(db) as ws:
        assert [r.name for r in ws.projects.all()] == ["误删之前"]


def test_restore_after_a_crash_keeps_the_wal_in_the_safety_backup(tmp_path: Path) -> None:
    # A crash leaves saved changes in the -wal file only; the safety backup must hold them,
    # and restoring the live file onto itself must change nothing.
    import shutil

    live = tmp_path / "running.db"
    ws = Workspace.open(live)
    try:
        ws.database.connection().execute("PRAGMA wal_autocheckpoint=0")
        new_project(ws, "只在WAL里的项目", "县民政局", 2026)
        crashed = tmp_path / "crashed" / "live.db"
        crashed.parent.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(str(live) + suffix, str(crashed) + suffix)
        # its data folder's key goes with it, or the audit chain cannot be verified there (machine_key.py)
        shutil.copyfile(tmp_path / "machine.key", crashed.parent / "machine.key")
    finally:
        ws.close()
    assert Path(str(crashed) + "-wal").stat().st_size > 0
    safety = restore(crashed, crashed)
    with Workspace.open(safety, create=False) as copy:
        assert [r.name for r in copy.projects.all()] == ["只在WAL里的项目"]
    with Workspace.open(crashed) as after:
        assert [r.name for r in after.projects.all()] == ["只在WAL里的项目"]
        assert after.check() == []


@pytest.mark.parametrize("folder", ["备份#2", "a?b", "100%25"])
def test_backups_are_checked_in_folders_with_uri_characters(tmp_path: Path, folder: str) -> None:
    # "file:{path}?mode=ro" cut at '#' or '?' checked some other (empty) file and called it sound.
    where = tmp_path / folder
    where.mkdir()
    bad = where / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    assert not verify_file(bad).sound
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        new_project(ws, "U盘上的备份", "县民政局", 2026)
        saved = backup.backup_to(ws, where / "good.db")
        new_project(ws, "备份之后", "县民政局", 2026)
    restore(db, saved)
    with Workspace.open(db) as ws:
        assert [r.name for r in ws.projects.all()] == ["U盘上的备份"]
    # the database with its data folder's key and the audit chain's anchors, and no stray file
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["live.db", "live.db.anchors", "machine.key"]


def _declared_file(tmp_path: Path):
    """(office, department, the department's file declaring one project, that project's id)."""
    from xxh_support import declare, pair

    from xxh_desktop.exchange import export_package

    off, dept = pair(tmp_path)
    pid = declare(dept)
    path = tmp_path / "申报.xxh"
    export_package(dept, [pid], path)
    return off, dept, path, pid


def test_the_backup_before_an_import_holds_the_database_as_it_was(tmp_path: Path) -> None:
    from xxh_support import fingerprint, import_file

    off, dept, path, pid = _declared_file(tmp_path)
    try:
        result = import_file(off, path, trust_key=fingerprint(dept))
        assert off.projects.exists(pid) and result.backup_path is not None
        assert verify_file(result.backup_path, off.audit_log.key_for_checks()).sound
        with Workspace.open(result.backup_path, create=False) as copy:
            assert not copy.projects.exists(pid)
        actions = [e.action for e in off.audit_log.snapshot()]
        # the 备份 entry comes first: the import's own entries follow the copy it was checked against
        assert actions.index("备份") < actions.index("导入记录") < actions.index("导入交换文件")
    finally:
        off.close()
        dept.close()


def test_an_import_whose_backup_fails_its_check_writes_nothing(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The copy is checked while the records are written: a copy found damaged undoes them all.
    from xxh_support import fingerprint, import_file

    from xxh_desktop.paths import backups_dir
    from xxh_desktop.storage.verify import Verified

    off, dept, path, pid = _declared_file(tmp_path)
    try:
        entries = len(off.audit_log.snapshot())
        monkeypatch.setattr(backup, "verify_file", lambda _path, _key: Verified(["模拟的损坏"]))
        with pytest.raises(XxhError) as refused:
            import_file(off, path, trust_key=fingerprint(dept))
        assert "备份未完成" in str(refused.value) and "模拟的损坏" in str(refused.value)
        assert not off.projects.exists(pid)
        assert [e.action for e in off.audit_log.snapshot()[entries:]] == []
        assert not backups_dir(off.path).exists()   # made for the copy, and gone with it
    finally:
        off.close()
        dept.close()


@pytest.mark.parametrize("which", ["first", "last"])
def test_a_damaged_text_is_named_in_any_range_of_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      which: str) -> None:
    # The text pass joins a range of rows at a time; a value cut inside a character (at the end
    # of the last range too) is still found, and named cell by cell.
    import sqlite3

    from xxh_desktop.storage import verify

    monkeypatch.setattr(verify, "ROWS_PER_CHUNK", 2)
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        for n in range(5):
            new_project(ws, f"项目{n}", "县民政局", 2026)
    assert verify_file(db).sound
    conn = sqlite3.connect(db)
    order = "ASC" if which == "first" else "DESC"
    rowid = conn.execute(f"SELECT rowid FROM projects ORDER BY rowid {order} LIMIT 1").fetchone()[0]
    conn.execute("UPDATE projects SET name = CAST(X'E9A1B9E79B' AS TEXT) WHERE rowid = ?", (rowid,))
    conn.commit()
    conn.close()
    problems = verify_file(db).problems
    assert problems == [f"项目第 {rowid} 行的「项目名称」（name）不是有效的文字（UTF-8 解码失败，数据已损坏）"]


def test_the_text_pass_reaches_every_row_whatever_its_rowid() -> None:
    """Rows are read by ranges of rowids: the smallest and the largest rowid, and a damaged value
    between two sparse ones, are all read (and the damaged one named)."""
    from xxh_desktop.storage import verify

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE projects (name TEXT)")
    conn.executemany("INSERT INTO projects (rowid, name) VALUES (?, ?)",
                     [(-(1 << 63), "最小"), (3, "甲"), (40_000_000, "乙"), ((1 << 63) - 1, "最大")])
    assert verify._undecodable(conn, ["projects"]) == []
    conn.execute("UPDATE projects SET name = CAST(x'e9a1b9e79bae' AS TEXT) || CAST(x'ff' AS TEXT) WHERE rowid = 40000000")
    assert len(verify._undecodable(conn, ["projects"])) == 1
    conn.execute("UPDATE projects SET name = '乙' WHERE rowid = 40000000")
    conn.execute("UPDATE projects SET name = CAST(x'ff' AS TEXT) WHERE rowid = ?", ((1 << 63) - 1,))
    assert len(verify._undecodable(conn, ["projects"])) == 1
