"""Accounts in the window (issue 12): the first administrator, signing in, the idle lock that keeps
unsaved editor content, the 系统管理 role's accounts dialog and the 审计 role's viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts_support import NAMES, PASSWORD, one_per_role, sign_in_as
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from builders import new_project, seeded
from xxh_desktop import accounts
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.dialogs.accounts import LOCAL, NEW, ROLES_ONLY, AccountDialog, AccountsDialog
from xxh_desktop.gui.dialogs.audit_viewer import ALL, AuditViewer
from xxh_desktop.gui.dialogs.login import LoginDialog
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.gui.session import Session
from xxh_desktop.workspace import Workspace

UNIT = "金寨县数据资源局"


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(_parent, _title, text, *args, **kwargs):
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "information", record)
    return seen


def _when_shown(kind: type, step) -> None:
    """Answer the modal dialog of `kind` once it is up (its exec() blocks the test)."""
    def look() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, look)
        else:
            step(dialog)
    QTimer.singleShot(0, look)


def _signed_in_window(qtbot, ws: Workspace) -> tuple[MainWindow, Session]:
    """The main window with its session, 业务录入 signed in (a password: the idle lock is on)."""
    sign_in_as(ws, Role.ENTRY)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    session = Session(ws)
    session.attach(window)
    return window, session


def test_the_office_creates_its_administrator_then_signs_in(qtbot, ws: Workspace) -> None:
    session = Session(ws)

    def admin(dialog: AccountDialog) -> None:
        assert dialog.ui.adminCheck.isChecked() and not dialog.ui.rolesBox.isEnabled()
        dialog.ui.nameEdit.setText("guanli")
        dialog.ui.fullNameEdit.setText("张管理")
        dialog.ui.passwordEdit.setText("short")
        dialog.ui.repeatEdit.setText("short")
        dialog.ui.buttonBox.accepted.emit()
        assert "密码至少 10 个字符" in dialog.ui.errorLabel.text() and dialog.isVisible()
        dialog.ui.passwordEdit.setText(PASSWORD)
        dialog.ui.repeatEdit.setText(PASSWORD)
        dialog.ui.buttonBox.accepted.emit()
        _when_shown(LoginDialog, login)

    def login(dialog: LoginDialog) -> None:
        dialog.ui.nameEdit.setText("guanli")
        dialog.ui.passwordEdit.setText("Wrong#Pass2027")
        dialog.ui.buttonBox.accepted.emit()   # checked on the core's worker: the answer comes a moment later
        qtbot.waitUntil(lambda: dialog.pending is None)
        assert "再错 4 次" in dialog.ui.errorLabel.text() and dialog.ui.passwordEdit.text() == ""
        dialog.ui.passwordEdit.setText(PASSWORD)
        dialog.ui.buttonBox.accepted.emit()

    _when_shown(AccountDialog, admin)
    assert session.start()
    assert ws.person is not None and ws.actor.roles == frozenset({Role.ADMIN})
    window = MainWindow(ws)
    qtbot.addWidget(window)
    session.attach(window)
    # the failed try before this sign-in is shown, in red, with everything in the tooltip
    assert "上次登录：无，其后登录失败：" in session.user_label.text()
    assert "如非本人所为" in session.user_label.toolTip()
    tools = [a.text() for a in window.menus["工具"].actions()]
    assert {"账户管理…", "修改密码…", "锁定窗口", "审计日志…"} <= set(tools)


def test_cancelling_the_sign_in_ends_the_program(qtbot, ws: Workspace) -> None:
    one_per_role(ws)
    _when_shown(LoginDialog, lambda dialog: dialog.reject())
    assert not Session(ws).start()
    assert ws.person is None


def test_a_department_with_one_local_account_signs_in_by_itself(qtbot, ws: Workspace) -> None:
    ws.settings.choose_side(Side.UNIT, UNIT)
    dialog = AccountDialog(ws, LOCAL)
    qtbot.addWidget(dialog)
    assert not dialog.ui.noPasswordCheck.isHidden() and dialog.ui.rolesBox.isHidden()
    dialog.ui.nameEdit.setText("shuju")
    dialog.ui.fullNameEdit.setText("陈科员")
    dialog.ui.noPasswordCheck.setChecked(True)
    dialog.ui.buttonBox.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    session = Session(ws)
    assert session.start()   # nothing asked
    assert ws.actor.who == "陈科员"
    window = MainWindow(ws)
    qtbot.addWidget(window)
    session.attach(window)
    assert session.idle is None   # no password to ask for: no idle lock


def test_the_idle_lock_keeps_unsaved_editor_content(qtbot, ws: Workspace) -> None:
    ws.settings.choose_side(Side.UNIT, UNIT)
    pid = new_project(ws, "县政务数据共享平台二期", UNIT, 2027)
    one_per_role(ws)
    window, session = _signed_in_window(qtbot, ws)
    window.show()
    editor = window.editor_windows.open_declaration(pid)
    qtbot.keyClicks(editor.ui.phoneEdit, "0564-5012345")
    assert session.idle is not None and session.idle.timer.interval() == 15 * 60_000

    session.idle.timer.timeout.emit()   # fifteen minutes without a key or the mouse
    lock = session.idle.dialog
    assert lock is not None and lock.isVisible()
    assert not window.isVisible() and not editor.isVisible()
    assert lock.ui.nameEdit.text() == NAMES[Role.ENTRY] and lock.ui.nameEdit.isReadOnly()
    lock.ui.passwordEdit.setText("Wrong#Pass2027")
    lock.ui.buttonBox.accepted.emit()
    assert "用户名或密码错误" in lock.ui.errorLabel.text()
    assert session.idle.locked and not editor.isVisible()
    lock.ui.passwordEdit.setText(PASSWORD)
    lock.ui.buttonBox.accepted.emit()
    assert not session.idle.locked
    assert window.isVisible() and editor.isVisible()
    assert editor.ui.phoneEdit.text() == "0564-5012345"   # the typing survived, unsaved
    with seeded(ws):
        actions = [e.action for e in ws.audit_log.entries()]
    assert actions[-3:] == ["锁定", "登录失败", "解锁"]
    editor.close()


def test_the_administrator_manages_accounts(qtbot, ws: Workspace, warnings: list[str], qtmodeltester) -> None:
    one_per_role(ws)
    sign_in_as(ws, Role.ADMIN)
    dialog = AccountsDialog(ws)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == [
        "guanli", "luru", "shenhe", "shenji"]
    new = AccountDialog(ws, NEW, parent=dialog)
    qtbot.addWidget(new)
    new.ui.nameEdit.setText("xinren")
    new.ui.fullNameEdit.setText("新人")
    new.ui.entryCheck.setChecked(True)
    new.ui.passwordEdit.setText(PASSWORD)
    new.ui.repeatEdit.setText(PASSWORD + "x")
    new.ui.buttonBox.accepted.emit()
    assert new.ui.errorLabel.text() == "两次输入的密码不一致。"
    new.ui.repeatEdit.setText(PASSWORD)
    new.ui.buttonBox.accepted.emit()
    assert new.result() == QDialog.DialogCode.Accepted and ws.accounts.get("xinren") is not None
    admin = AccountDialog(ws, ROLES_ONLY, ws.accounts.get("guanli"), parent=dialog)
    qtbot.addWidget(admin)
    admin.ui.auditCheck.setChecked(True)
    admin.ui.buttonBox.accepted.emit()
    assert "不能同时担任「审计」" in admin.ui.errorLabel.text()
    dialog.ui.accountsView.selectRow(0)
    dialog.ui.activeButton.click()
    assert "不能停用自己" in dialog.ui.errorLabel.text()
    dialog.ui.idleSpin.setValue(5)
    dialog.ui.idleButton.click()
    assert accounts.idle_minutes(ws) == 5


def test_only_the_administrator_opens_the_accounts_and_only_the_auditor_the_log(qtbot, ws: Workspace,
                                                                                warnings: list[str]) -> None:
    one_per_role(ws)
    window, session = _signed_in_window(qtbot, ws)
    session.open_accounts()
    assert "查看和管理账户需要「系统管理」角色" in warnings[-1]
    session.open_audit(None)
    assert "查看审计日志需要「审计」角色" in warnings[-1]


def test_the_auditor_filters_and_exports_the_log(qtbot, ws: Workspace, tmp_path: Path, qtmodeltester,
                                               monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    first = new_project(ws, "项目甲", "县民政局", 2026)
    new_project(ws, "项目乙", "县民政局", 2026)
    one_per_role(ws)
    for role in (Role.ENTRY, Role.REVIEW):
        with pytest.raises(Exception):
            ws.sign_in(NAMES[role], "Wrong#Pass2027")
    sign_in_as(ws, Role.AUDIT)
    viewer = AuditViewer(ws)
    qtbot.addWidget(viewer)
    qtmodeltester.check(viewer.model)
    total = viewer.model.rowCount()
    assert viewer.ui.countLabel.text() == f"显示 {total} 条（共 {total} 条）"
    assert "审计日志完整" in viewer.ui.chainLabel.text()
    viewer.ui.actionCombo.setCurrentText("登录失败")
    assert {viewer.model.index(r, 4).data() for r in range(viewer.model.rowCount())} == {"luru", "shenhe"}
    viewer.ui.actionCombo.setCurrentText(ALL)
    viewer.ui.whoCombo.setCurrentText("赵审计")
    assert [viewer.model.index(r, 3).data() for r in range(viewer.model.rowCount())] == ["登录"]
    viewer.ui.whoCombo.setCurrentText(ALL)
    viewer.ui.dateCheck.setChecked(True)
    viewer.ui.fromDate.setDate(viewer.ui.toDate.date().addDays(1))
    assert viewer.model.rowCount() == 0
    viewer.ui.dateCheck.setChecked(False)
    viewer.ui.actionCombo.setCurrentText("新建项目")
    out = tmp_path / "审计.xlsx"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    viewer.ui.exportButton.click()
    sheet = load_workbook(out).active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert [(r[2], r[3]) for r in rows] == [("演示数据", "新建项目"), ("演示数据", "新建项目")]   # the builders seed
    project = AuditViewer(ws, first)
    qtbot.addWidget(project)
    assert project.windowTitle().startswith("审计日志 — ")
    assert {project.model.index(r, 4).data() for r in range(project.model.rowCount())} == {first}


def test_the_idle_lock_watches_the_keyboard_from_the_first_frame(qtbot, ws: Workspace) -> None:
    # A filter on every event of the application would slow the window's first frame; before
    # it nobody can type, and from it on a key press counts as activity again.
    one_per_role(ws)
    window, session = _signed_in_window(qtbot, ws)
    idle = session.idle
    assert idle is not None and idle.timer.isActive()   # the idle time counts from the start
    idle.timer.stop()
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert not idle.watching and not idle.timer.isActive()   # not watched before the first frame
    window.show()
    qtbot.waitUntil(lambda: idle.watching, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert idle.timer.isActive()   # a key press starts the idle time again
