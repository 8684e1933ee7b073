"""No export or backup ever writes over something it must not (probe findings F1, F2, F6b, F9, F10):
the program's own files (the database and its companions, the machine key, the automatic
backups), a folder, a device or a pipe, a path with no file name, a folder that does not exist."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError, describe_os_error
from xxh_desktop.fileio import atomic_write, check_output, check_target
from xxh_desktop.paths import instance_lock_path
from xxh_desktop.storage.backup import automatic_backup, backup_to, failure
from xxh_desktop.workspace import Workspace

from builders import new_project

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------- the core check


@pytest.mark.parametrize("name", ["", "   ", ".", "..", "/", "sub/", "sub/.", "sub/.."])
def test_a_path_without_a_file_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    with pytest.raises(XxhError) as refused:
        check_target(name)
    assert CHINESE.search(str(refused.value)) and "文件名" in str(refused.value)
    with pytest.raises(XxhError):   # the writer itself, which every export and backup uses (F6b: a ValueError)
        atomic_write(name, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"] and not any((tmp_path / "sub").iterdir())


def test_a_folder_device_pipe_or_socket_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "out.pdf"
    folder.mkdir()
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.pdf"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        for target, says in ((folder, "是一个文件夹"), (fifo, "不是普通文件"), (sock_path, "不是普通文件")):
            with pytest.raises(XxhError, match=says) as refused:
                atomic_write(target, b"%PDF")
            assert str(target) in str(refused.value)
        assert stat.S_ISDIR(os.lstat(folder).st_mode) and not any(folder.iterdir())
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    finally:
        sock.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf", "pipe.pdf", "s.pdf"]   # no temporary file left


def test_a_missing_folder_is_refused_not_made(tmp_path: Path) -> None:
    with pytest.raises(XxhError, match="文件夹不存在"):
        atomic_write(tmp_path / "typo" / "deeper" / "a.pdf", b"x")
    assert not (tmp_path / "typo").exists()


def test_a_symbolic_link_is_replaced_and_what_it_points_to_is_left(tmp_path: Path) -> None:
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(kept)
    atomic_write(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new" and kept.read_bytes() == b"old"


def test_check_output_knows_a_protected_file_under_any_name(tmp_path: Path) -> None:
    own = tmp_path / "data" / "x.db"
    own.parent.mkdir()
    own.write_bytes(b"records")
    (tmp_path / "hard.pdf").hardlink_to(own)
    (tmp_path / "soft.pdf").symlink_to(own)
    (tmp_path / "other").mkdir()
    protected = {own: "本系统自己的数据库文件"}
    for name in (own, tmp_path / "hard.pdf", tmp_path / "soft.pdf", tmp_path / "other" / ".." / "data" / "x.db"):
        with pytest.raises(XxhError, match="不能写到.*这是本系统自己的数据库文件"):
            check_output(name, protected)
    assert check_output(tmp_path / "fine.pdf", protected) == tmp_path / "fine.pdf"
    assert own.read_bytes() == b"records"


def test_workspace_check_output_refuses_each_of_its_own_files(tmp_path: Path) -> None:
    db = tmp_path / "w" / "x.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目甲", "县民政局", 2026)
        automatic_backup(ws, "on-close")
        auto = next((db.parent / "backups").glob("auto-*.db"))
        default = Path(os.environ["XXH_DATA_DIR"]) / "xxh.db"
        expected = {
            db: "数据库文件", Path(f"{db}-wal"): "日志文件", Path(f"{db}-shm"): "日志文件",
            Path(f"{db}-journal"): "日志文件", Path(f"{db}.anchors"): "审计锚点文件",
            db.parent / "machine.key": "本机密钥文件", auto: "自动备份", Path(f"{auto}.audit-head"): "自动备份",
            instance_lock_path(db): "锁文件", db.parent / "logs" / "errors.log": "错误日志",
            default: "数据库文件", default.parent / "machine.key": "本机密钥文件",
        }
        for target, what in expected.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            with pytest.raises(XxhError, match=f"不能写到「.*」：这是.*{what}") as refused:
                ws.check_output(target)
            assert str(target) in str(refused.value) and "请另选文件名" in str(refused.value)
        assert ws.check_output(tmp_path / "w" / "台账.xlsx") == tmp_path / "w" / "台账.xlsx"
        assert ws.check_output(db.parent / "backups" / "by-hand.db")   # a backup by hand into that folder is allowed


def test_a_read_only_place_names_the_users_file_not_the_temporary_one(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"

    def refuse(tmp: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp))

    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith((".part", ".part-journal")):   # on a read-only mount even this fails
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(XxhError) as refused:
        atomic_write(target, refuse)
    assert str(refused.value) == describe_os_error(OSError(errno.EROFS, "x"), target)
    assert ".part" not in str(refused.value) and "没有写入权限" in str(refused.value)


def test_a_backup_sqlite_cannot_open_is_said_in_chinese_with_its_full_stop(tmp_path: Path) -> None:
    message = failure(tmp_path / "b.db", sqlite3.OperationalError("unable to open database file"))
    assert "unable" not in message and str(tmp_path) in message
    assert message.startswith("备份未完成：") and message.endswith("。当前数据库没有任何改动。")


# ---------------------------------------------------------------------- backup DEST


@pytest.fixture
def office(tmp_path: Path) -> Path:
    db = tmp_path / "w" / "x.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        new_project(ws, "项目甲", "县民政局", 2026)
    return db


def test_backup_dest_rules(office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Workspace.open(office) as ws:
        with pytest.raises(XxhError, match="备份未完成：没有给出备份到哪里") as empty:
            backup_to(ws, "")
        assert str(empty.value).endswith("当前数据库没有任何改动。")
        with pytest.raises(XxhError, match="备份未完成：文件夹不存在"):
            backup_to(ws, tmp_path / "usb" / "nonexist" / "b.db")
        assert not (tmp_path / "usb").exists()
        (tmp_path / "usb").mkdir()
        os.mkfifo(tmp_path / "usb" / "b.db.audit-head")   # the sidecar's place: refused before anything is written
        with pytest.raises(XxhError, match="不是普通文件"):
            backup_to(ws, tmp_path / "usb" / "b.db")
        assert sorted(p.name for p in (tmp_path / "usb").iterdir()) == ["b.db.audit-head"]
        made = backup_to(ws, tmp_path / "usb")   # an existing folder: a named backup inside it
        assert made.parent == tmp_path / "usb" and made.name.startswith("xxh-backup-")
        assert automatic_backup(ws, "on-close").parent == office.parent / "backups"   # still makes its folder
    assert not list(tmp_path.glob("xxh-backup-*"))   # "" never meant the current folder


# ---------------------------------------------------------------------- every writer command, through the real CLI


def run(db: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xxh_desktop", "--db", str(db), *args], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)


# command -> (its arguments with {out}, the suffix its file takes)
WRITERS = {
    "pdf": (["pdf", "JZ-2026-001", "--form", "附件1", "--out", "{out}"], ".pdf"),
    "plan-xlsx": (["plan", "--year", "2026", "--out", "{out}"], ".xlsx"),
    "plan-pdf": (["plan", "--year", "2026", "--out", "{out}"], ".pdf"),
    "ledger": (["ledger", "--out", "{out}"], ".xlsx"),
    "audit-export": (["audit", "export", "{out}"], ".xlsx"),
    "export-xxh": (["export-xxh", "JZ-2026-001", "--out", "{out}"], ".xxh"),
    "register-unit": (["register-unit", "县民政局", "--out", "{out}"], ".xxh"),
    "backup": (["backup", "{out}"], ".db"),
}
TARGETS = ("database", "machine-key", "folder", "fifo", "empty")
# An existing folder is a valid backup DEST (a named backup inside it): see the test after this one.
CASES = [(w, t) for w in WRITERS for t in TARGETS if (w, t) != ("backup", "folder")]


@pytest.mark.parametrize(("writer", "target"), CASES)
def test_every_writer_refuses_what_it_must_not_write_over(office: Path, tmp_path: Path, writer: str,
                                                          target: str) -> None:
    args, suffix = WRITERS[writer]
    key = office.parent / "machine.key"
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    fifo = tmp_path / f"fifo{suffix}"
    os.mkfifo(fifo)
    out, says = {
        "database": (str(office), "这是本系统自己的数据库文件"),
        "machine-key": (str(key), "这是本机密钥文件"),
        "folder": (str(folder), "是一个文件夹"),
        "fifo": (str(fifo), "不是普通文件"),
        "empty": ("", "备份到哪里" if writer == "backup" else "需要输出文件名" if writer == "audit-export"
                  else "没有给出要写入的文件名"),
    }[target]
    before = {p: sha256(p) for p in (office, key, Path(f"{office}.anchors"))}
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    result = run(office, *[a.replace("{out}", out) for a in args], cwd=cwd)
    assert result.returncode == 1, result.stdout
    assert says in result.stderr and "Traceback" not in result.stderr and result.stdout == ""
    assert {p: sha256(p) for p in before} == before
    assert stat.S_ISDIR(os.lstat(folder).st_mode) and not any(folder.iterdir())
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not any(cwd.iterdir())
    with Workspace.open(office, create=False) as ws:
        assert ws.projects.count() == 1 and ws.check() == []


def test_a_backup_into_a_folder_is_still_a_named_file_inside_it(office: Path, tmp_path: Path) -> None:
    (tmp_path / "usb").mkdir()
    result = run(office, "backup", str(tmp_path / "usb"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.suffix for p in sorted((tmp_path / "usb").iterdir())] == [".db", ".audit-head"]


def test_pdf_out_must_end_in_pdf(office: Path, tmp_path: Path) -> None:
    for name in ("a.xlsx", "noext", "a.db"):
        result = run(office, "pdf", "JZ-2026-001", "--form", "附件1", "--out", str(tmp_path / name), cwd=tmp_path)
        assert result.returncode == 1 and "须以 .pdf 结尾" in result.stderr
        assert not (tmp_path / name).exists()


def test_plan_out_refuses_other_suffixes(office: Path, tmp_path: Path) -> None:
    result = run(office, "plan", "--year", "2026", "--out", str(tmp_path / "plan.db"), cwd=tmp_path)
    assert result.returncode == 1 and "只能导出为 .xlsx 或 .pdf" in result.stderr
    assert not (tmp_path / "plan.db").exists()


def test_signed_in_clerks_cannot_overwrite_the_key_or_the_database(tmp_path: Path) -> None:
    """The demo's accounts (the probe's setup): pdf by 业务录入 and backup by 系统管理."""
    db = tmp_path / "w" / "x.db"
    assert run(db, "demo", cwd=tmp_path).returncode == 0
    key = db.parent / "machine.key"
    with Workspace.open(db, create=False) as ws:
        projects = ws.projects.count()
    kept = sha256(key)
    for user, password, args in (("luru", "Demo#Entry2027", ["pdf", "JZ-2026-004", "--form", "附件1", "--out"]),
                                 ("guanli", "Demo#Admin2027", ["backup"])):
        for target in (key, db):
            result = run(db, "--user", user, *args, str(target), cwd=tmp_path, env={"XXH_PASSWORD": password})
            assert result.returncode == 1 and "不能写到" in result.stderr, result.stderr
    assert sha256(key) == kept
    with Workspace.open(db, create=False) as ws:
        assert ws.projects.count() == projects and ws.check() == []


# ---------------------------------------------------------------------- a database reached through a link


def test_a_database_reached_through_a_link_keeps_its_own_files(office: Path, tmp_path: Path) -> None:
    # Everything beside the database is found from its real place: the link's folder gets no
    # machine key of its own, and the real one, its -wal and .anchors are still the program's.
    linked = tmp_path / "elsewhere"
    linked.mkdir()
    (linked / "link.db").symlink_to(office)
    key = office.parent / "machine.key"
    before = {p: sha256(p) for p in (office, key, Path(f"{office}.anchors"))}
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    assert run(linked / "link.db", "check", cwd=cwd).returncode == 0
    assert not (linked / "machine.key").exists()
    for own in (key, Path(f"{office}-wal"), Path(f"{office}.anchors")):
        result = run(linked / "link.db", "backup", str(own), cwd=cwd)
        assert result.returncode == 1 and "不能写到" in result.stderr, result.stderr
    assert {p: sha256(p) for p in before} == before
    with Workspace.open(office, create=False) as ws:
        assert ws.check() == []


@pytest.mark.parametrize(("cause", "hints"), [(PermissionError(13, "Permission denied"), 1),
                                              (OSError(5, "Input/output error"), 1), (None, 0)])
def test_an_export_that_cannot_be_written_gives_one_hint_about_the_stick(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cause: OSError | None, hints: int) -> None:
    from xxh_support import declare, pair

    from xxh_desktop.errors import describe_os_error
    from xxh_desktop.exchange import export as export_module

    _office, dept = pair(tmp_path)
    pid = declare(dept)
    out = tmp_path / "申报.xxh"

    def refuse(path: Path, content: object) -> Path:
        if cause is None:
            raise XxhError(f"「{path}」是一个文件夹，不能当作文件写入。")
        raise XxhError(describe_os_error(cause, Path(path))) from cause

    monkeypatch.setattr(export_module, "atomic_write", refuse)
    with pytest.raises(XxhError) as refused:
        export_module.export_package(dept, [pid], out)
    assert str(refused.value).count("U盘") == hints, str(refused.value)
