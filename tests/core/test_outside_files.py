"""The files beside the database that the program reads, and the paths it writes a backup to,
as a hostile hand leaves them (probe-restore F10, F12, F13).

F13: a pipe where a backup's `.audit-head`, the `.anchors` file or `machine.key` belongs hung
the command for good (a read of a pipe never ends); a sparse file of gigabytes there was read
whole. Each is now refused unread, in Chinese, as a folder in that place is.
F12: `backup DEST/` wrote a file named DEST (a Path drops the separator) — with `backups/` the
program's own folder name, after which every restore was refused; `backup b1.db/` replaced b1.db.
F10: a folder, a pipe or a device given as the backup to restore was «备份文件不存在»; a backup
with a hot `-journal` got SQLite's English; a newline in a path or an anchor was printed raw.

Every command goes through the installed command, signed in. The subprocess's timeout only
guards the suite against a hang (which fails the test); nothing here measures time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from accounts_support import NAMES, PASSWORD
from cli_support import xxh
from restore_support import NAME, make_office
from xxh_desktop.domain.accounts import Role

HUGE = 256 * 1024 * 1024   # sparse: no disk, but far past every bound (the probe's were 2-3 GB)


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """An office database with one account per role, a project, and a backup in its backups folder."""
    db = tmp_path / "w" / "x.db"
    (db.parent / "backups").mkdir(parents=True)
    make_office(db, db.parent / "backups")
    return db


def _as(db: Path, role: Role, *args: str):
    return xxh("--db", str(db), "--user", NAMES[role], *args, password=PASSWORD)


def _hostile(place: Path, kind: str) -> None:
    """What was at `place` replaced by a pipe, a folder, or a sparse file far too large."""
    if place.exists():
        place.unlink()
    if kind == "pipe":
        os.mkfifo(place)
    elif kind == "folder":
        place.mkdir()
    else:
        with open(place, "wb") as fh:
            fh.truncate(HUGE)


SAID = {"pipe": "是管道，不是普通文件", "folder": "是文件夹，不是文件", "huge": f"有 {HUGE} 字节，远大于"}


def _refused(result, *words: str) -> None:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------- F13: files the program reads


@pytest.mark.parametrize("kind", ["pipe", "huge"])
def test_a_hostile_sidecar_in_the_backups_folder_is_reported_unread(live: Path, tmp_path: Path, kind: str) -> None:
    side = next((live.parent / "backups").glob("*.audit-head"))
    _hostile(side, kind)
    said = f"备份附注 {side.name} {SAID[kind]}"
    _refused(_as(live, Role.AUDIT, "audit", "verify"), said, "无法读取（被改动）")
    _refused(_as(live, Role.ADMIN, "check"), said)
    exported = _as(live, Role.AUDIT, "audit", "export", str(tmp_path / "审计日志.xlsx"))
    assert exported.returncode == 0 and (tmp_path / "审计日志.xlsx").is_file(), exported.stderr
    assert stat.S_ISFIFO(side.stat().st_mode) if kind == "pipe" else side.stat().st_size == HUGE


def test_a_link_looping_onto_itself_is_one_more_unreadable_sidecar(live: Path) -> None:
    loop = live.parent / "backups" / "loop.db.audit-head"
    loop.symlink_to(loop.name)
    _refused(_as(live, Role.AUDIT, "audit", "verify"), "备份附注 loop.db.audit-head", "无法读取")


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_a_pipe_or_folder_as_the_anchors_file_is_named_and_nothing_waits(live: Path, kind: str) -> None:
    anchors = Path(f"{live}.anchors")
    _hostile(anchors, kind)
    listed = _as(live, Role.ENTRY, "list")   # its sign-in appends an anchor: not into a pipe, and not waiting
    assert listed.returncode == 0 and NAME in listed.stdout, listed.stderr
    _refused(_as(live, Role.AUDIT, "audit", "verify"), f"锚点文件 {anchors.name} 无法读取：{SAID[kind]}")
    assert (stat.S_ISFIFO if kind == "pipe" else stat.S_ISDIR)(anchors.stat().st_mode)


def test_a_link_as_the_anchors_file_is_not_followed(live: Path) -> None:
    """Re-probe N9: a link in the anchors file's place had the anchor lines appended to the file
    it named (any file of the user's)."""
    anchors, victim = Path(f"{live}.anchors"), live.parent / "victim.txt"
    victim.write_text("一行别人的文字\n", encoding="utf-8")
    anchors.unlink()
    anchors.symlink_to(victim)
    listed = _as(live, Role.ENTRY, "list")   # its sign-in's commit would append an anchor
    assert listed.returncode == 0 and NAME in listed.stdout, listed.stderr
    assert victim.read_text(encoding="utf-8") == "一行别人的文字\n"
    _refused(_as(live, Role.AUDIT, "audit", "verify"), f"锚点文件 {anchors.name} 无法读取：是链接，不是普通文件")


def test_a_huge_anchors_file_is_read_only_at_its_end(live: Path) -> None:
    anchors = Path(f"{live}.anchors")
    _hostile(anchors, "huge")
    # Its last megabytes hold no line of ours: reported as a changed file, without reading the rest.
    _refused(_as(live, Role.AUDIT, "audit", "verify"), "锚点文件（只读其最后 4 MB）", "没有一行有效的锚点记录（文件被改动）")
    assert anchors.stat().st_size > HUGE   # appended to, never rewritten


@pytest.mark.parametrize("kind", ["pipe", "folder", "huge"])
def test_a_hostile_machine_key_is_refused_at_once(live: Path, kind: str) -> None:
    key = live.parent / "machine.key"
    _hostile(key, kind)
    _refused(_as(live, Role.ENTRY, "list"), f"本机密钥文件 {key} 已损坏或不是本程序的密钥文件（{SAID[kind]}")
    assert (stat.S_ISFIFO if kind == "pipe" else stat.S_ISDIR if kind == "folder" else stat.S_ISREG)(
        os.lstat(key).st_mode)


def test_a_machine_key_holding_json_that_is_no_object_is_damaged_not_a_fault(live: Path) -> None:
    key = live.parent / "machine.key"
    key.write_text("[]", encoding="ascii")
    result = _as(live, Role.ENTRY, "list")
    _refused(result, f"本机密钥文件 {key} 已损坏或不是本程序的密钥文件")
    assert "内部错误" not in result.stderr


def test_restore_reads_no_more_of_a_backups_sidecar_than_a_sidecar_holds(live: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    src = usb / "b.db"
    shutil.copyfile(next((live.parent / "backups").glob("*.db")), src)
    _hostile(Path(f"{src}.audit-head"), "huge")
    dry = _as(live, Role.ADMIN, "restore", str(src))
    _refused(dry, f"备份附注 b.db.audit-head {SAID['huge']}", "无法确认备份的审计日志末尾完整")
    assert "完整无误" not in dry.stdout


# ---------------------------------------------------------------------- F12: backup DEST/


def test_a_trailing_separator_names_a_folder_that_must_exist(live: Path, tmp_path: Path) -> None:
    folder = live.parent / "backups"
    shutil.rmtree(folder)   # as in a fresh office: the program makes it at the first automatic backup
    for missing in (f"{folder}{os.sep}", f"{tmp_path / 'nosuch'}{os.sep}"):
        _refused(_as(live, Role.ADMIN, "backup", missing), f"文件夹「{missing}」不存在", "当前数据库没有任何改动")
    assert not folder.exists() and not (tmp_path / "nosuch").exists()
    assert not Path(f"{folder}.audit-head").exists() and not (tmp_path / "nosuch.audit-head").exists()
    (tmp_path / "usb").mkdir()
    made = _as(live, Role.ADMIN, "backup", f"{tmp_path / 'usb'}{os.sep}")   # an existing one: a backup inside
    assert made.returncode == 0, made.stderr
    inside = sorted(p.suffix for p in (tmp_path / "usb").iterdir())
    assert inside == [".db", ".audit-head"] or inside == [".audit-head", ".db"]
    restored = _as(live, Role.ADMIN, "restore", str(next((tmp_path / "usb").glob("*.db"))), "--yes")
    assert restored.returncode == 0, restored.stderr   # the automatic backup before it has its folder


def test_a_trailing_separator_after_a_file_never_replaces_it(live: Path, tmp_path: Path) -> None:
    earlier = next((live.parent / "backups").glob("*.db"))
    kept = {p: _sha(p) for p in (earlier, Path(f"{earlier}.audit-head"))}
    _refused(_as(live, Role.ADMIN, "backup", f"{earlier}{os.sep}"), f"「{earlier}{os.sep}」不是文件夹")
    assert {p: _sha(p) for p in kept} == kept


def test_the_automatic_backups_folder_name_is_the_programs_own(live: Path) -> None:
    folder = live.parent / "backups"
    shutil.rmtree(folder)
    for name in (folder, Path(f"{folder}.audit-head")):
        _refused(_as(live, Role.ADMIN, "backup", str(name)), f"不能写到「{name}」", "自动备份文件夹")
        assert not name.exists()


# ---------------------------------------------------------------------- F10: what a refusal says


@pytest.mark.parametrize(("kind", "said"), [("folder", SAID["folder"]), ("pipe", SAID["pipe"]),
                                           ("device", "是设备，不是普通文件")])
def test_a_backup_that_is_not_a_file_is_called_what_it_is(live: Path, tmp_path: Path, kind: str, said: str) -> None:
    src = Path(os.devnull) if kind == "device" else tmp_path / "in"
    if kind != "device":
        _hostile(src, kind)
    for args in (("restore", str(src)), ("restore", str(src), "--yes")):
        result = _as(live, Role.ADMIN, *args)
        _refused(result, f"「{src}」{said}，不能作为备份文件恢复")
        assert "不存在" not in result.stderr


def _with_hot_journal(src: Path, dest: Path) -> None:
    """`src` copied to `dest` and changed in a transaction whose process died: `dest` holds
    uncommitted pages, its -journal the committed ones (the probe's hotjournal.py)."""
    shutil.copyfile(src, dest)
    pid = os.fork()
    if pid == 0:
        try:
            conn = sqlite3.connect(dest, isolation_level=None)
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA cache_size = 1")
            conn.execute("BEGIN")
            conn.execute("UPDATE projects SET name = '被改写的名称' || rowid")
            conn.execute("UPDATE stage_history SET at = at")
        finally:
            os._exit(0)   # dies mid-transaction: the journal stays, hot
    os.waitpid(pid, 0)
    assert Path(f"{dest}-journal").stat().st_size > 0


def test_a_backup_with_a_hot_journal_is_refused_in_chinese_and_left_as_it_is(live: Path, tmp_path: Path) -> None:
    (tmp_path / "hj").mkdir()
    src = tmp_path / "hj" / "b.db"
    _with_hot_journal(next((live.parent / "backups").glob("*.db")), src)
    kept = {p: _sha(p) for p in (src, Path(f"{src}-journal"))}
    for args in (("restore", str(src)), ("restore", str(src), "--yes")):
        result = _as(live, Role.ADMIN, *args)
        _refused(result, "旁有未完成事务的日志文件 b.db-journal", "未恢复")
        assert "readonly" not in result.stderr
    assert {p: _sha(p) for p in kept} == kept
    conn = sqlite3.connect(live)
    try:
        assert conn.execute("SELECT name FROM projects").fetchall() == [(NAME,)]   # the live one untouched
    finally:
        conn.close()


def test_a_newline_in_a_backups_name_or_an_anchor_is_shown_escaped(live: Path, tmp_path: Path) -> None:
    src = tmp_path / "a\nb.db"
    shutil.copyfile(next((live.parent / "backups").glob("*.db")), src)
    dry = _as(live, Role.ADMIN, "restore", str(src))
    assert f"{tmp_path}/a⏎b.db" in dry.stdout and not any(line.startswith("b.db") for line in dry.stdout.splitlines())
    assert "a⏎b.db.audit-head" in dry.stdout   # the missing sidecar's notice
    verify = _as(live, Role.AUDIT, "audit", "verify", "--anchor", "1:AB\nCD")
    _refused(verify, "「1:AB⏎CD」不是打印的审计链锚点")
