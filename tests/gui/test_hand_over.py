"""A second start hands its .xxh to the running window and brings it forward (gui/app.py).

Windows refuses the foreground to the first process unless the second one —
which the user just started by double-clicking — allows it: that call is
made through ctypes and tested here with a stand-in for user32.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication, QDialog

from xxh_desktop.domain.fields import Side
from xxh_desktop.gui import app as app_module
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.paths import instance_lock_path
from xxh_desktop.workspace import Workspace


class _User32:
    """Stand-in for ctypes.WinDLL("user32"): records AllowSetForegroundWindow calls."""

    def __init__(self, answer: int) -> None:
        outer = self
        self.calls: list[int] = []

        class Function:
            argtypes: list = []
            restype = None

            def __call__(self, pid: int) -> int:
                outer.calls.append(pid)
                return answer

        self.AllowSetForegroundWindow = Function()


def test_the_second_start_lets_the_first_window_take_the_foreground(monkeypatch: pytest.MonkeyPatch) -> None:
    from ctypes import wintypes

    monkeypatch.setattr(sys, "platform", "win32")
    user32 = _User32(answer=1)
    assert app_module.allow_foreground(4242, user32) is True
    assert user32.calls == [4242]
    assert user32.AllowSetForegroundWindow.argtypes == [wintypes.DWORD]
    refused = _User32(answer=0)
    assert app_module.allow_foreground(4242, refused) is False   # the first window then flashes instead


def test_nothing_is_called_off_windows_or_without_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    user32 = _User32(answer=1)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app_module.allow_foreground(4242, user32) is False
    monkeypatch.setattr(sys, "platform", "win32")
    assert app_module.allow_foreground(None, user32) is False
    assert user32.calls == []


def test_the_lock_file_names_the_running_window(tmp_path: Path) -> None:
    held = QLockFile(str(tmp_path / "a.db.lock"))
    assert held.tryLock(0)
    try:
        second = QLockFile(str(tmp_path / "a.db.lock"))
        assert not second.tryLock(0)
        assert app_module.lock_owner(second) == os.getpid()
    finally:
        held.unlock()


def test_a_second_start_allows_the_owner_then_hands_over(qapp, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    allowed: list[int | None] = []
    handed: list[tuple[Path, str | None]] = []
    monkeypatch.setattr(app_module, "allow_foreground", allowed.append)
    monkeypatch.setattr(app_module, "hand_over", lambda path, file: handed.append((path, file)) or True)
    Workspace.open(db).close()
    held = QLockFile(str(instance_lock_path(db)))
    assert held.tryLock(0)
    try:
        assert app_module.main(["xxh-desktop", "--db", str(db), str(tmp_path / "来自U盘.xxh")]) == 0
    finally:
        held.unlock()
    assert allowed == [os.getpid()]
    assert handed == [(db, str(tmp_path / "来自U盘.xxh"))]


def test_only_this_users_starts_can_hand_a_file_over(qapp, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    db.touch()
    hand_overs = app_module.HandOvers(db)
    try:
        assert hand_overs.server.socketOptions() == QLocalServer.SocketOption.UserAccessOption
        if sys.platform != "win32":   # the socket file: no one else's account may connect to it
            assert os.stat(hand_overs.server.fullServerName()).st_mode & 0o077 == 0
    finally:
        hand_overs.close()


def test_a_file_handed_over_during_start_up_waits_and_opens_after(qtbot, qapp, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    db.touch()   # as `_run` makes it before it locks: the hand-over's name is the file's identity
    hand_overs = app_module.HandOvers(db)
    try:
        # the first-start dialog is open: the hand-over is queued and the dialog raised
        dialog = QDialog()
        qtbot.addWidget(dialog)
        dialog.setModal(True)
        dialog.show()
        alerted: list[object] = []
        monkeypatch.setattr(QApplication, "alert", lambda widget, _ms=0: alerted.append(widget))
        sent = tmp_path / "申报.xxh"
        assert app_module.hand_over(db, str(sent))
        qtbot.waitUntil(lambda: hand_overs.pending == [sent.resolve()])
        qtbot.waitUntil(lambda: alerted == [dialog])
        dialog.close()

        with Workspace.open(db) as ws:
            ws.settings.choose_side(Side.OFFICE)
            window = MainWindow(ws)
            qtbot.addWidget(window)
            opened: list[Path] = []
            monkeypatch.setattr(window, "open_exchange_file", opened.append)
            first = tmp_path / "启动时的文件.xxh"
            hand_overs.attach(window, first)
            # the file the window was started with first, then the one that waited
            qtbot.waitUntil(lambda: opened == [first, sent.resolve()])
            assert hand_overs.pending == []
            # a later hand-over goes straight to the window and raises it
            later = tmp_path / "之后.xxh"
            assert app_module.hand_over(db, str(later))
            qtbot.waitUntil(lambda: opened[-1:] == [later.resolve()])
            qtbot.waitUntil(lambda: alerted[-1:] == [window])
    finally:
        hand_overs.close()


def test_a_bare_second_start_only_brings_the_window_forward(qtbot, qapp, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.show()
        opened: list[Path] = []
        monkeypatch.setattr(window, "open_exchange_file", opened.append)
        raised: list[object] = []
        monkeypatch.setattr(window, "activateWindow", lambda: raised.append(window))
        hand_overs = app_module.HandOvers(db)
        try:
            hand_overs.attach(window)
            assert app_module.hand_over(db, None)
            qtbot.waitUntil(lambda: raised == [window])
            assert opened == []
        finally:
            hand_overs.close()
