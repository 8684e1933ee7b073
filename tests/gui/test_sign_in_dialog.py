"""The start-up sign-in dialog (PRODUCT.md §11): the password checked on the core's worker while
the main window is built behind the dialog, which says it is checking and takes no second
submit; the window is shown only once the core has said yes."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts_support import NAMES, PASSWORD, one_per_role
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMainWindow
from sign_in_support import answer, submit

from xxh_desktop import accounts
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui import app as app_module
from xxh_desktop.gui.dialogs.login import CHECKING, LoginDialog
from xxh_desktop.workspace import Workspace

NAME = NAMES[Role.REVIEW]


def _dialog(qtbot, ws: Workspace, built: list[int]) -> LoginDialog:
    dialog = LoginDialog(ws, meanwhile=lambda: built.append(1))
    qtbot.addWidget(dialog)
    return dialog


def test_a_right_password_is_checked_while_the_window_is_built_then_accepted(qtbot, ws: Workspace) -> None:
    one_per_role(ws)
    built: list[int] = []
    dialog = _dialog(qtbot, ws, built)
    submit(dialog, NAME, PASSWORD)
    # what the person sees until the core answers: checking, nothing to press or type
    ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.pending is not None and ok.text() == CHECKING
    assert not dialog.ui.buttonBox.isEnabled() and not dialog.ui.passwordEdit.isEnabled()
    assert built == [1] and ws.person is None and dialog.ui.passwordEdit.text() == ""
    submit(dialog, NAME, "Wrong#Pass2027")   # a second submit while checking is not taken
    dialog.reject()                           # nor a cancel: the check ends and is counted
    qtbot.waitUntil(lambda: dialog.result() == LoginDialog.DialogCode.Accepted)
    assert dialog.result_sign_in is not None and dialog.result_sign_in.account.name == NAME
    assert ws.person is not None and ws.person.name == NAME and built == [1]
    assert ws.accounts.get(NAME).failed_count == 0


def test_a_wrong_password_shows_the_message_and_the_dialog_stays(qtbot, ws: Workspace) -> None:
    one_per_role(ws)
    built: list[int] = []
    dialog = _dialog(qtbot, ws, built)
    dialog.show()
    submit(dialog, NAME, "Wrong#Pass2027")
    qtbot.waitUntil(lambda: dialog.pending is None)
    assert "用户名或密码错误" in dialog.ui.errorLabel.text() and "再错 4 次" in dialog.ui.errorLabel.text()
    assert dialog.isVisible() and dialog.ui.buttonBox.isEnabled() and dialog.ui.passwordEdit.isEnabled()
    ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() != CHECKING and dialog.result_sign_in is None and ws.person is None
    assert ws.accounts.get(NAME).failed_count == 1 and built == [1]   # the window is built once
    submit(dialog, NAME, PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == LoginDialog.DialogCode.Accepted)
    assert ws.person.name == NAME and built == [1]


def test_the_window_is_built_behind_the_dialog_after_its_first_paint(qtbot, ws: Workspace) -> None:
    one_per_role(ws)
    built: list[int] = []
    dialog = _dialog(qtbot, ws, built)
    assert built == []
    dialog.show()
    qtbot.waitUntil(lambda: built == [1])
    assert ws.person is None and dialog.pending is None


def test_the_window_is_shown_only_after_the_password_is_verified(qapp, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        one_per_role(ws)
    at_verification: list[tuple[bool, int]] = []
    shown: list[str] = []
    finish, build = accounts.PendingSignIn.finish, app_module.HiddenWindow.build
    built: list[QMainWindow] = []

    def noted_finish(pending):
        visible = sum(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
        at_verification.append((bool(built), visible))
        return finish(pending)

    def noted_build(hidden):
        window = build(hidden)
        if window not in built:
            built.append(window)
        return window

    monkeypatch.setattr(accounts.PendingSignIn, "finish", noted_finish)
    monkeypatch.setattr(app_module.HiddenWindow, "build", noted_build)

    def step(dialog: LoginDialog) -> bool:
        if not at_verification:
            submit(dialog, NAME, "Wrong#Pass2027")
        elif dialog.pending is None and dialog.ui.errorLabel.text():
            submit(dialog, NAME, PASSWORD)
            QTimer.singleShot(300, close)
            return True
        return False

    def close() -> None:
        shown.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMainWindow) and w.isVisible())
        QApplication.closeAllWindows()

    answer(step)
    assert app_module.main(["xxh-desktop", "--db", str(db)]) == 0
    # built behind the dialog, hidden at both verifications (the wrong password and the right one)
    assert at_verification == [(True, 0), (True, 0)] and len(built) == 1
    assert len(shown) == 1 and shown[0].startswith("金寨县政务信息化项目管理系统")


def test_an_automatic_account_asks_nothing_and_the_window_is_built_before_its_sign_in(qtbot, ws: Workspace) -> None:
    from xxh_desktop.gui.session import Session

    ws.settings.choose_side(Side.UNIT, "金寨县数据资源局")
    accounts.create_local_account(ws, "shuju", "陈科员")
    seen: list[object] = []
    shown: list[LoginDialog] = []

    def prepare() -> None:
        seen.append(ws.person)
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())

    assert Session(ws).start(prepare=prepare)
    assert seen == [None] and shown == []
    assert ws.person is not None and ws.person.name == "shuju"
