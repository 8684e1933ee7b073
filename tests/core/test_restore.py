"""Restore = verify, then swap; restore keeps history (issue 17, failures 1, 2 and 6).

Backups are damaged the way a disk or a stick damages them: one byte flipped
at a chosen offset — inside an audit hash, inside a project's name, in the
middle of an attachment. The live database must come out byte for byte as it
went in, and the message must say what is wrong with the backup.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from builders import new_project, seeded
from storage_support import database_at
from xxh_desktop import cli, fileio
from xxh_desktop.authority import Actor
from xxh_desktop.errors import XxhError
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.restore import check_backup, restore
from xxh_desktop.storage import backup
from xxh_desktop.storage.schema import APPLICATION_ID, SCHEMA_VERSION
from xxh_desktop.storage.verify import verify_file
from xxh_desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
NAME = "金寨县智慧应急指挥平台"
# Several pages long and nowhere repeating, so a chosen stretch of it is found once in the file.
ATTACHMENT = b"%PDF-1.4\n" + b"".join(bytes.fromhex(sm3_hex(str(i).encode())) for i in range(600))


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A database with a project, an attachment and its log, closed (no -wal), and a backup of it."""
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        ws.user = "张三"
        ws.settings.choose_side("县智慧办")
        pid = new_project(ws, NAME, "县应急管理局", 2027)
        with seeded(ws):
            ws.materials.attach(pid, "项目建设方案", "方案.pdf", ATTACHMENT)
        backup.backup_to(ws, tmp_path / "backup.db")
    return db


def _flip(path: Path, offset: int, mask: int = 0x80) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def _offsets(path: Path, needle: bytes) -> list[int]:
    data, found, start = path.read_bytes(), [], 0
    while (at := data.find(needle, start)) >= 0:
        found.append(at)
        start = at + 1
    return found


def _refused_unchanged(live: Path, src: Path, expected: str) -> str:
    before = live.read_bytes()
    folder = sorted(p.name for p in live.parent.iterdir())
    with pytest.raises(XxhError) as refused:
        restore(live, src)
    assert live.read_bytes() == before
    assert sorted(p.name for p in live.parent.iterdir()) == folder   # no safety backup, no copy left
    assert expected in str(refused.value) and "未恢复" in str(refused.value)
    with Workspace.open(live) as ws:
        assert ws.check() == []
        assert [p.name for p in ws.projects.all()] == [NAME]
    return str(refused.value)


def test_a_flipped_byte_inside_an_audit_hash_is_refused(live: Path, tmp_path: Path) -> None:
    src = tmp_path / "backup.db"
    conn = sqlite3.connect(src)
    digest = conn.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
    conn.close()
    for offset in _offsets(src, digest.encode()):   # the entry's hash and the next entry's link
        _flip(src, offset + 10)        # no longer UTF-8: «Could not decode to UTF-8 column 'hash'»
    message = _refused_unchanged(live, src, "审计日志")
    assert "hash" in message and "UTF-8" in message


def test_a_changed_hex_digit_of_an_audit_hash_breaks_the_chain(live: Path, tmp_path: Path) -> None:
    src = tmp_path / "backup.db"
    conn = sqlite3.connect(src)
    digest = conn.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1 OFFSET 1").fetchone()[0]
    conn.close()
    for offset in _offsets(src, digest.encode()):
        _flip(src, offset + 10, mask=0x01 if digest[10] not in "9a" else 0x02)   # still a hex digit, still text
    assert verify_file(src).problems   # integrity_check alone passes this file
    _refused_unchanged(live, src, "摘要")


def test_a_flipped_byte_inside_a_project_name_is_refused(live: Path, tmp_path: Path) -> None:
    # Restored, such a file passed `check` and `audit verify` — and broke `list` and `show`.
    src = tmp_path / "backup.db"
    offsets = _offsets(src, NAME.encode())
    assert offsets
    for offset in offsets:
        _flip(src, offset + 1)
    assert sqlite3.connect(src).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    message = _refused_unchanged(live, src, "项目")
    assert "不是有效的文字" in message


def test_a_flipped_byte_in_the_middle_of_an_attachment_is_refused(live: Path, tmp_path: Path) -> None:
    src = tmp_path / "backup.db"
    middle = len(ATTACHMENT) // 2
    [offset] = _offsets(src, ATTACHMENT[middle:middle + 24])
    _flip(src, offset + 12, mask=0x01)
    message = _refused_unchanged(live, src, "SM3")
    assert "方案.pdf" in message


def test_a_flipped_byte_in_the_page_structure_is_refused(live: Path, tmp_path: Path) -> None:
    src = tmp_path / "backup.db"
    page = sqlite3.connect(src).execute("PRAGMA page_size").fetchone()[0]
    _flip(src, page * 2, mask=0xFF)   # the b-tree page type of page 3
    _refused_unchanged(live, src, "备份文件")


@pytest.mark.parametrize(("sql", "expected"), [
    ("CREATE TRIGGER quiet AFTER UPDATE ON projects BEGIN UPDATE projects SET supplier = '某公司' "
     "WHERE id = new.id; END", "多余的触发器「quiet」（在表 projects 上）"),
    ("CREATE VIEW project_summaries AS SELECT * FROM projects", "多余的视图「project_summaries」"),
])
def test_a_backup_with_a_trigger_or_view_of_someone_elses_is_refused(live: Path, tmp_path: Path, sql: str,
                                                                     expected: str) -> None:
    """A backup brought on a USB stick is a file like any other: a trigger on projects that quietly
    rewrites what is saved (or a view) is not this program's, whatever else of the file is sound."""
    src = tmp_path / "backup.db"
    conn = sqlite3.connect(src)
    conn.execute(sql)
    conn.commit()
    conn.close()
    assert expected in "；".join(verify_file(src).problems)
    _refused_unchanged(live, src, expected)
    with sqlite3.connect(live) as conn:
        conn.execute(sql)
    with Workspace.open(live) as ws:   # the live database's own check says so too
        assert any(expected in p for p in ws.check())


@pytest.mark.parametrize(("sql", "expected"), [
    # a column that always reads 运维, whatever was saved
    ("ALTER TABLE projects ADD COLUMN shown_stage TEXT GENERATED ALWAYS AS ('运维') VIRTUAL",
     "表「projects」的列与本程序的不同：shown_stage"),
    ("DROP INDEX adjustments_project", "表「adjustments」的索引与本程序的不同"),
    ("CREATE TABLE notes (text TEXT)", "多出本程序没有的表「notes」"),
])
def test_a_backup_whose_tables_are_not_this_programs_is_refused(live: Path, tmp_path: Path, sql: str,
                                                                expected: str) -> None:
    """Its tables and indexes are compared with what the migrations make at its version, as SQLite
    describes them: a generated column, a dropped index, a table of someone else's."""
    src = tmp_path / "backup.db"
    with sqlite3.connect(src) as conn:
        conn.execute(sql)
    conn.close()
    problems = verify_file(src).problems
    assert problems == [f"数据库结构与本程序（结构版本 {SCHEMA_VERSION}）的不符：{expected}"]
    _refused_unchanged(live, src, expected)
    with sqlite3.connect(live) as conn:
        conn.execute(sql)
    conn.close()
    with Workspace.open(live) as ws:   # the live database's own check says so too
        assert problems[0] in ws.check()


def test_restore_without_yes_shows_what_the_backup_holds(live: Path, tmp_path: Path, capsys) -> None:
    before = live.read_bytes()
    assert cli.main(["--db", str(live), "restore", str(tmp_path / "backup.db")]) == 1
    captured = capsys.readouterr()
    assert "完整无误" in captured.out and "项目 1 个" in captured.out and "材料 1 份" in captured.out
    assert "--yes" in captured.err
    assert live.read_bytes() == before
    _flip(tmp_path / "backup.db", _offsets(tmp_path / "backup.db", NAME.encode())[0] + 1)
    assert cli.main(["--db", str(live), "restore", str(tmp_path / "backup.db")]) == 1
    assert "不能用来恢复" in capsys.readouterr().err
    assert not check_backup(live, tmp_path / "backup.db").sound


# ---------------------------------------------------------------------- history


def test_restore_keeps_the_audit_entries_written_since_the_backup(live: Path, tmp_path: Path) -> None:
    with Workspace.open(live) as ws:
        ws.user = "李四"
        new_project(ws, "备份之后的项目", "县民政局", 2027)
        ws.settings.put("deadline", "09-30", action="修改申报截止日")
        since = [(e.at, e.who, e.action, e.target) for e in ws.audit_log.entries()]
    with Workspace.open(tmp_path / "backup.db", create=False) as copy:
        in_backup = len(copy.audit_log.entries())
    restore(live, tmp_path / "backup.db", actor=Actor.office("命令行"))
    with Workspace.open(live) as ws:
        entries = ws.audit_log.entries()
        assert ws.check() == []
        assert [p.name for p in ws.projects.all()] == [NAME]
    kept = [(e.at, e.who, e.action, e.target) for e in entries]
    # the backup's own entries, then every entry written since (with its own time and author),
    # then the safety backup's, then the restore's own
    assert kept[:len(since)] == since
    assert [e.action for e in entries[len(since):]] == ["备份", "恢复备份"]
    assert entries[-1].who == "命令行"
    assert '"carried_audit_entries": ' in entries[-1].after
    assert len(since) > in_backup
    assert ("修改申报截止日" in [e.action for e in entries]) and any(e.who == "李四" for e in entries)


def test_restoring_twice_carries_nothing_twice(live: Path, tmp_path: Path) -> None:
    with Workspace.open(live) as ws:
        new_project(ws, "备份之后的项目", "县民政局", 2027)
    restore(live, tmp_path / "backup.db")
    restore(live, tmp_path / "backup.db")
    with Workspace.open(live) as ws:
        actions = [(e.action, e.target) for e in ws.audit_log.entries()]
        assert ws.check() == []
    assert sum(1 for a, _ in actions if a == "新建项目") == 2   # the backup's project and the later one, once each
    assert sum(1 for a, _ in actions if a == "恢复备份") == 2


def test_a_backup_of_the_previous_version_is_upgraded_on_its_copy(live: Path, tmp_path: Path) -> None:
    src = database_at(tmp_path / "older-backup.db")   # as the version before the mark wrote it
    with sqlite3.connect(src) as conn:   # this machine's side: a backup of none is refused (probe-restore F15)
        conn.execute("INSERT INTO settings (key, value) VALUES ('role', '\"县智慧办\"')")
    conn.close()
    before = src.read_bytes()
    restore(live, src)
    assert src.read_bytes() == before
    conn = sqlite3.connect(live)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    with Workspace.open(live) as ws:
        assert ws.check() == []
        assert ws.projects.count() == 0
        assert ws.audit_log.entries()[-1].action == "恢复备份"


def test_a_damaged_live_database_is_kept_byte_for_byte_and_replaced(live: Path, tmp_path: Path) -> None:
    # The reason most restores happen: the current file itself is damaged.
    data = bytearray(live.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2:page * 2 + 64] = b"\xff" * 64
    live.write_bytes(bytes(data))
    damaged = live.read_bytes()
    assert cli.main(["--db", str(live), "restore", str(tmp_path / "backup.db"), "--yes"]) == 0
    [kept] = (live.parent / "backups").glob("damaged-*.db")
    assert kept.read_bytes() == damaged
    with Workspace.open(live) as ws, seeded(ws):
        assert ws.check() == []
        assert "damaged_database" in ws.audit_log.entries()[-1].after


# ---------------------------------------------------------------------- backups


def test_every_backup_is_checked_completely_before_it_counts(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "live.db") as ws:
        pid = new_project(ws, NAME, "县民政局", 2027)
        # a value no longer UTF-8, as a failing disk leaves it: integrity_check does not see it
        ws.database.connection().execute("UPDATE projects SET name = CAST(X'E98791FF' AS TEXT) WHERE id = ?", (pid,))
        (tmp_path / "usb").mkdir()
        with pytest.raises(XxhError) as refused:
            backup.backup_to(ws, tmp_path / "usb")
    assert "备份未完成" in str(refused.value) and "校验未通过" in str(refused.value)
    assert list((tmp_path / "usb").iterdir()) == []


def test_a_backup_onto_a_full_device_is_said_in_backup_words(ws: Workspace, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: «磁盘空间不足，本次修改未能保存» — as if an edit had failed.
    full = tmp_path / "usb" / ".full.part"
    full.parent.mkdir()
    full.symlink_to("/dev/full")
    monkeypatch.setattr(fileio, "temp_path", lambda _target: full)
    with pytest.raises(XxhError) as refused:
        backup.backup_to(ws, tmp_path / "usb" / "b.db")
    message = str(refused.value)
    assert message.startswith("备份未完成：磁盘空间不足")
    assert "修改" not in message.replace("没有任何改动", "")
    assert not (tmp_path / "usb" / "b.db").exists()


def _killed_backup(db: Path) -> None:
    """A real process killed (SIGKILL) while its automatic backup is being checked."""
    code = (
        "import os, signal\n"
        "from xxh_desktop.storage import backup\n"
        "from xxh_desktop.workspace import Workspace\n"
        "backup.verify_file = lambda path, key: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"ws = Workspace.open({str(db)!r})\n"
        "backup.automatic_backup(ws, 'on-close')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.returncode == -signal.SIGKILL


def test_what_a_killed_backup_leaves_is_removed_at_the_next_start_and_by_pruning(live: Path) -> None:
    folder = live.parent / "backups"
    _killed_backup(live)
    leftovers = sorted(folder.glob(".auto-*.part"))
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0
    Path(f"{leftovers[0]}-journal").write_bytes(b"journal")   # what a kill inside VACUUM INTO leaves too
    writing = folder / f".auto-writing.db.{os.getpid()}-0123abcd.part"   # a backup this process is writing
    writing.write_bytes(b"in progress")
    with Workspace.open(live) as ws:
        assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [writing.name]
        _killed_backup(live)
        assert len(list(folder.glob(".auto-*-on-close.db.*.part"))) == 1
        backup.automatic_backup(ws, "on-close")
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [writing.name]
    assert fileio.remove_leftovers(folder) == []


def test_backup_of_a_read_only_database_succeeds(live: Path, tmp_path: Path, capsys) -> None:
    from readonly_support import read_only

    out = tmp_path / "usb"
    out.mkdir()
    folder = tmp_path / "ro"
    folder.mkdir()
    for name in ("live.db", "machine.key", "live.db.anchors"):   # the data folder, made read-only whole
        os.replace(live.parent / name, folder / name)
    with read_only(folder):
        before = (folder / "live.db").read_bytes()
        assert cli.main(["--db", str(folder / "live.db"), "backup", str(out)]) == 0
        captured = capsys.readouterr()
        assert "已备份到" in captured.out and "只读" in captured.err
        assert (folder / "live.db").read_bytes() == before
    [made] = out.glob("*.db")
    assert verify_file(made).sound
