"""The window's 从备份恢复 judges a backup as the command line does (probe-restore F4, F5): a
department's backup is refused at the office, and a log sealed with another computer's key is
said to be so when the restore is done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from accounts_support import one_per_role, sign_in_as
from builders import new_project
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.storage import backup
from xxh_desktop.workspace import Workspace


def _office_window(qtbot, tmp_path: Path, monkeypatch) -> tuple[MainWindow, Workspace, list[str]]:
    """The office's window, its 系统管理 signed in; what its message boxes say is kept."""
    ws = Workspace.open(tmp_path / "ws.db")
    ws.settings.choose_side(Side.OFFICE)
    sign_in_as(one_per_role(ws), Role.ADMIN)
    said: list[str] = []
    for box in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, box, lambda parent, title, text, *a, **k: said.append(text))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    return window, ws, said


def test_the_window_refuses_a_departments_backup_and_keeps_the_office(qtbot, tmp_path, monkeypatch):
    department = tmp_path / "dept" / "xxh.db"
    department.parent.mkdir()
    with Workspace.open(department) as dept:
        dept.settings.choose_side(Side.UNIT, "县教育体育局")
        copy = backup.backup_to(dept, tmp_path / "dept-backup.db")
    window, ws, said = _office_window(qtbot, tmp_path, monkeypatch)
    assert window.ops.wait(window.window_actions.restore_from(copy))
    assert "「项目建设单位（县教育体育局）」" in said[-1] and "「县智慧办」" in said[-1] and "未恢复" in said[-1]
    with Workspace.open(tmp_path / "ws.db") as again:
        assert again.settings.side == Side.OFFICE and len(again.accounts.all()) == 4


def test_the_window_says_when_the_log_was_sealed_with_another_computers_key(qtbot, tmp_path, monkeypatch):
    other = tmp_path / "other-computer" / "xxh.db"
    other.parent.mkdir()
    with Workspace.open(other) as there:
        there.settings.choose_side(Side.OFFICE)
        sign_in_as(one_per_role(there), Role.ENTRY)
        new_project(there, "另一台电脑的项目", "县教育体育局", 2027)
        sign_in_as(there, Role.ADMIN)
        copy = backup.backup_to(there, tmp_path / "other-backup.db")
        key_id = there.machine_key.key_id
    window, _ws, said = _office_window(qtbot, tmp_path, monkeypatch)
    assert window.ops.wait(window.window_actions.restore_from(copy))
    assert "已从备份恢复" in said[-1]
    assert f"另一台电脑的密钥封存（密钥编号 {key_id}" in said[-1] and "不能通过“检查”" in said[-1]


def test_the_window_shows_the_check_before_it_asks_to_replace(qtbot, tmp_path, monkeypatch):
    """文件 → 从备份恢复… checks the backup first: a refused one is said and nothing is asked or
    closed; a sound one is shown (whose it is, its accounts, the other computer's key) in the
    question itself, and answering No replaces nothing."""
    department = tmp_path / "dept" / "xxh.db"
    department.parent.mkdir()
    with Workspace.open(department) as dept:
        dept.settings.choose_side(Side.UNIT, "县教育体育局")
        theirs = backup.backup_to(dept, tmp_path / "dept-backup.db")
    other = tmp_path / "other-computer" / "xxh.db"
    other.parent.mkdir()
    with Workspace.open(other) as there:
        there.settings.choose_side(Side.OFFICE)
        sign_in_as(one_per_role(there), Role.ADMIN)
        foreign = backup.backup_to(there, tmp_path / "other-backup.db")
    window, ws, said = _office_window(qtbot, tmp_path, monkeypatch)
    asked: list[str] = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window.ops.wait(window.window_actions.judge_backup(theirs))
    assert asked == [] and "不能用来恢复当前数据库" in said[-1] and "当前数据库未被替换" in said[-1]
    assert window.ops.wait(window.window_actions.judge_backup(foreign))
    [shown] = asked
    assert "备份中的本机身份：县智慧办；账户 4 个。" in shown and "另一台电脑的密钥封存" in shown
    assert not ws.closed and ws.settings.side == Side.OFFICE
