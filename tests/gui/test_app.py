"""Start-up and shutdown of the whole app: refusals, one instance per database, close order."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from builders import new_project
from readonly_support import read_only
from sign_in_support import sign_in
from xxh_desktop import fileio
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui import app as app_module
from xxh_desktop.gui import early
from xxh_desktop.paths import instance_lock_path
from xxh_desktop.storage.schema import SCHEMA_VERSION
from xxh_desktop.workspace import Workspace


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(_parent, _title, text, *args, **kwargs):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    return seen


@pytest.fixture
def checks_begun(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every quick check the start begins before Qt."""
    from xxh_desktop.storage.database import BackgroundCheck

    made: list[BackgroundCheck] = []

    class Recorded(BackgroundCheck):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(early, "BackgroundCheck", Recorded)
    return made


def test_newer_database_is_refused_with_a_message(qapp, tmp_path: Path, messages: list[str]) -> None:
    db = tmp_path / "newer.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 1
    assert "更新版本" in messages[0]
    assert db.read_bytes() == before


def test_second_instance_on_the_same_database_is_refused(qapp, tmp_path: Path, messages: list[str],
                                                        checks_begun: list) -> None:
    db = tmp_path / "a.db"
    Workspace.open(db).close()
    before = db.read_bytes()
    other = QLockFile(str(instance_lock_path(db)))
    assert other.tryLock(0)
    try:
        assert app_module.main(["xxh-desktop", "--db", str(db)]) == 1
    finally:
        other.unlock()
    assert "另一个窗口" in messages[0]
    assert db.read_bytes() == before
    assert len(checks_begun) == 1 and checks_begun[0].finished   # the check begun before Qt let go of the file


def test_a_hard_link_meets_the_same_lock(qapp, tmp_path: Path, messages: list[str]) -> None:
    # Keyed by path, a second name of the same file opened it twice — with two -wal files (issue 17).
    db = tmp_path / "a.db"
    Workspace.open(db).close()
    link = tmp_path / "elsewhere" / "same.db"
    link.parent.mkdir()
    os.link(db, link)
    assert instance_lock_path(link) == instance_lock_path(db)
    assert app_module.server_name(link) == app_module.server_name(db)
    other = QLockFile(str(instance_lock_path(db)))
    assert other.tryLock(0)
    try:
        assert app_module.main(["xxh-desktop", "--db", str(link)]) == 1
    finally:
        other.unlock()
    assert "另一个窗口" in messages[0]


def test_a_lock_that_cannot_be_made_is_not_called_another_window(qapp, tmp_path: Path, messages: list[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Any failure to make the lock used to read «已在另一个窗口中打开».
    locks = tmp_path / "locks"
    locks.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(locks))
    db = tmp_path / "a.db"
    Workspace.open(db).close()
    with read_only(locks):
        assert app_module.main(["xxh-desktop", "--db", str(db)]) == 1
    assert len(messages) == 1
    assert "锁文件" in messages[0] and ("只读" in messages[0] or "没有在" in messages[0])
    assert "另一个窗口" not in messages[0]


def test_a_full_disk_for_the_lock_is_said(qapp, tmp_path: Path, messages: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    class FullDiskLock:
        """QLockFile on a full disk: tryLock fails with UnknownError («partition full»)."""

        LockError = QLockFile.LockError

        def __init__(self, _path: str) -> None:
            pass

        def setStaleLockTime(self, _ms: int) -> None:
            pass

        def tryLock(self, _ms: int) -> bool:
            return False

        def error(self) -> QLockFile.LockError:
            return QLockFile.LockError.UnknownError

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    db = tmp_path / "a.db"
    Workspace.open(db).close()
    monkeypatch.setattr(app_module, "QLockFile", FullDiskLock)
    monkeypatch.setattr(fileio.os, "fsync", full)
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 1
    assert "锁文件" in messages[0] and "磁盘空间不足" in messages[0]
    assert "另一个窗口" not in messages[0]


def test_a_database_in_a_read_only_folder_is_said_so(qapp, tmp_path: Path, messages: list[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with Workspace.open(folder / "a.db") as ws:
        ws.settings.choose_side(Side.OFFICE)
    with read_only(folder):
        before = (folder / "a.db").read_bytes()
        assert app_module.main(["xxh-desktop", "--db", str(folder / "a.db")]) == 1
        assert (folder / "a.db").read_bytes() == before
    assert "只读" in messages[0]
    assert "另一个窗口" not in messages[0] and "损坏" not in messages[0]


def test_the_window_module_is_not_needed_for_what_comes_before_qt(tmp_path: Path) -> None:
    # The point of gui/early.py: the check is reading before Qt (or the core behind the window) is imported.
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
    probe = ("import sys; from xxh_desktop.gui import early; e = early.prepare(['--db', sys.argv[1]]); "
             "e.check.result(); print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'xxh_desktop.gui.'))))")
    done = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['xxh_desktop.gui.early', 'xxh_desktop.gui.title']"


def test_a_database_on_a_usb_stick_is_refused_before_anything_is_made(qapp, tmp_path: Path, messages: list[str],
                                                                       fake_mounts) -> None:
    stick = fake_mounts.stick(tmp_path / "mnt" / "usbstick")
    assert app_module.main(["xxh-desktop", "--db", str(stick / "data" / "xxh.db")]) == 1
    assert "U盘" in messages[0]
    assert list(stick.iterdir()) == []


def test_a_database_on_a_usb_stick_is_not_read_before_it_is_refused(qapp, tmp_path: Path, messages: list[str],
                                                                     fake_mounts, checks_begun: list) -> None:
    made = tmp_path / "made.db"
    with Workspace.open(made) as ws:
        ws.settings.choose_side(Side.OFFICE)
    stick = fake_mounts.stick(tmp_path / "mnt" / "usbstick")
    (stick / "xxh.db").write_bytes(made.read_bytes())
    assert app_module.main(["xxh-desktop", "--db", str(stick / "xxh.db")]) == 1
    assert "U盘" in messages[0]
    assert checks_begun == [] and sorted(p.name for p in stick.iterdir()) == ["xxh.db"]


def test_window_runs_and_closing_checks_then_backs_up(qapp, tmp_path: Path, messages: list[str]) -> None:
    from accounts_support import PASSWORD

    from xxh_desktop import accounts
    from xxh_desktop.domain.accounts import Role

    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        new_project(ws, "金寨县智慧教育云平台二期", "县教育体育局", 2027)
        accounts.create_account(ws, "guanli", "张管理", frozenset({Role.ADMIN}), PASSWORD)
    shown: list[str] = []

    def close_when_shown() -> None:
        shown.extend(w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible())
        QApplication.closeAllWindows()

    sign_in("guanli", PASSWORD, close_when_shown, 200)   # the office's window asks who is there first (§11)
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 0
    assert any(t.startswith("金寨县政务信息化项目管理系统 — 县智慧办") for t in shown)
    backups = list((tmp_path / "backups").glob("auto-*-on-close.db"))
    assert len(backups) == 1
    with Workspace.open(backups[0], create=False) as copy:
        assert [r.name for r in copy.views.summaries()] == ["金寨县智慧教育云平台二期"]
    assert messages == []


def test_a_setting_changed_outside_the_program_is_said_not_a_traceback(qapp, tmp_path: Path,
                                                                       messages: list[str]) -> None:
    """The idle lock's minutes as «abc» (planted with sqlite3) ended the start in a traceback once
    the password was checked; now the start says which setting does not read, and ends."""
    from accounts_support import PASSWORD

    from xxh_desktop import accounts
    from xxh_desktop.domain.accounts import Role

    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        accounts.create_account(ws, "guanli", "张管理", frozenset({Role.ADMIN}), PASSWORD)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT INTO settings (key, value) VALUES ('idle_lock_minutes', '\"abc\"')")
    conn.close()

    sign_in("guanli", PASSWORD, lambda: None, 0)
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 1
    assert messages[0].startswith("数据库中的设置「自动锁定时间」（idle_lock_minutes）的值「abc」不是 1 至 120 之间的整数"), messages
    assert "内部错误" not in "".join(messages)


def test_a_second_start_hands_its_file_to_the_running_window(qtbot, qapp, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.gui.main_window import MainWindow

    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        window = MainWindow(ws)
        qtbot.addWidget(window)
        opened: list[Path] = []
        monkeypatch.setattr(window, "open_exchange_file", opened.append)
        server = app_module.HandOvers(db)
        server.attach(window)
        try:
            sent = tmp_path / "来自U盘.xxh"
            assert app_module.hand_over(db, str(sent))
            qtbot.waitUntil(lambda: opened == [sent.resolve()])
        finally:
            server.close()
    assert not app_module.hand_over(db, None)   # nobody listens any more


def test_the_window_says_what_went_wrong_and_logs_the_unexpected(tmp_path: Path, messages: list[str]) -> None:
    log = tmp_path / "logs" / "errors.log"
    hook = app_module.error_hook(log)
    hook(sqlite3.OperationalError, sqlite3.OperationalError("database or disk is full"), None)
    assert "磁盘空间不足" in messages[-1] and not log.exists()
    try:
        raise KeyError("stage")
    except KeyError as exc:
        hook(KeyError, exc, exc.__traceback__)
    assert "程序内部错误" in messages[-1] and str(log) in messages[-1]
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_a_failed_close_backup_is_said_and_the_database_kept(qapp, tmp_path: Path, messages: list[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A full disk at close: the clerk must learn that no backup was made (not a silent traceback),
    # and everything saved stays in the database.
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        new_project(ws, "满盘时关闭的项目", "县教育体育局", 2027)

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    from xxh_desktop.storage import backup   # app.py imports it when it closes

    monkeypatch.setattr(backup, "automatic_backup", full)
    QTimer.singleShot(200, QApplication.closeAllWindows)
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 0
    assert len(messages) == 1 and "备份" in messages[0] and "磁盘空间不足" in messages[0]
    with Workspace.open(db) as ws:
        assert [r.name for r in ws.views.summaries()] == ["满盘时关闭的项目"]


def test_what_the_quick_check_finds_is_said_before_the_sign_in_writes(qapp, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The check runs on its own thread while the window is built and the password checked; a
    # damaged file is still said before anything is written — the sign-in's own record included.
    from accounts_support import PASSWORD

    from xxh_desktop import accounts
    from xxh_desktop.domain.accounts import Role
    from xxh_desktop.storage import database

    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        accounts.create_account(ws, "guanli", "张管理", frozenset({Role.ADMIN}), PASSWORD)
    monkeypatch.setattr(database, "quick_check_problems", lambda _conn: ["Page 7: btreeInitPage() returns error 11"])

    def sign_ins() -> int:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM audit_log WHERE action = '登录'").fetchone()[0]

    warned: list[tuple[str, int]] = []

    def warning(_parent, _title, text, *args, **kwargs):
        warned.append((text, sign_ins()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)

    sign_in("guanli", PASSWORD, QApplication.closeAllWindows, 100)
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 0
    assert [(text.splitlines()[-1], before) for text, before in warned] == [("Page 7: btreeInitPage() returns error 11", 0)]
    assert "数据库快速检查发现问题" in warned[0][0]
    assert sign_ins() == 1


def test_the_quick_check_begins_before_qt_only_for_a_current_file_of_ours(tmp_path: Path) -> None:
    # Begun before Qt is imported; a file that opening it would upgrade (or make, or refuse) is
    # checked after Workspace.open, as before — and the early look leaves it as it was.
    from storage_support import database_at

    from xxh_desktop.storage.database import BackgroundCheck

    current = tmp_path / "a.db"
    with Workspace.open(current) as ws:
        ws.settings.choose_side(Side.OFFICE)
    check = early.early_quick_check(current)
    assert isinstance(check, BackgroundCheck) and check.result() == []
    old = database_at(tmp_path / "old.db")
    empty = tmp_path / "new.db"
    empty.touch()
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    before = {p: p.read_bytes() for p in (old, empty, foreign, garbage)}
    assert [early.early_quick_check(p) for p in before] == [None, None, None, None]
    assert {p: p.read_bytes() for p in before} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("old", "new", "other", "garbage"))
            and p.name.endswith(("-wal", "-shm", "-journal"))] == []
