"""The account dialog shows the core's refusal of a 姓名 (probe F5) and keeps what was typed."""

from __future__ import annotations

from accounts_support import FULL_NAMES, NAMES, PASSWORD, one_per_role, sign_in_as
from PySide6.QtWidgets import QDialog

from xxh_desktop.domain.accounts import SAME_FULL_NAME, Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.dialogs.accounts import LOCAL, NEW, ROLES_ONLY, AccountDialog
from xxh_desktop.workspace import Workspace


def _new(qtbot, ws: Workspace, full_name: str) -> AccountDialog:
    dialog = AccountDialog(ws, NEW)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("tst5")
    dialog.ui.fullNameEdit.setText(full_name)
    dialog.ui.reviewCheck.setChecked(True)
    dialog.ui.passwordEdit.setText(PASSWORD)
    dialog.ui.repeatEdit.setText(PASSWORD)
    dialog.ui.buttonBox.accepted.emit()
    return dialog


def test_the_account_dialog_shows_why_a_full_name_is_refused(qtbot, ws: Workspace) -> None:
    sign_in_as(one_per_role(ws), Role.ADMIN)
    taken = _new(qtbot, ws, FULL_NAMES[Role.ENTRY])
    assert taken.ui.errorLabel.text() == SAME_FULL_NAME
    assert taken.result() != QDialog.DialogCode.Accepted and ws.accounts.get("tst5") is None
    assert taken.ui.fullNameEdit.text() == FULL_NAMES[Role.ENTRY]   # kept, to be told apart by hand
    taken.ui.fullNameEdit.setText("王录入（办公室）")
    taken.ui.buttonBox.accepted.emit()
    assert taken.result() == QDialog.DialogCode.Accepted
    assert ws.accounts.get("tst5").full_name == "王录入（办公室）"
    long = _new(qtbot, ws, "王" * 21)
    assert long.ui.errorLabel.text() == "姓名共 21 字，超过 20 字。"


def test_a_local_account_needs_a_full_name_in_the_window_too(qtbot, ws: Workspace) -> None:
    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    dialog = AccountDialog(ws, LOCAL)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("shuju")
    dialog.ui.noPasswordCheck.setChecked(True)
    dialog.ui.buttonBox.accepted.emit()
    assert dialog.ui.errorLabel.text() == "请填写姓名：审计日志以姓名记录是谁操作。"
    assert not ws.accounts.exist()


def test_unticking_every_role_is_refused_in_the_window(qtbot, ws: Workspace) -> None:
    sign_in_as(one_per_role(ws), Role.ADMIN)
    dialog = AccountDialog(ws, ROLES_ONLY, ws.accounts.get(NAMES[Role.ENTRY]))
    qtbot.addWidget(dialog)
    dialog.ui.entryCheck.setChecked(False)
    dialog.ui.buttonBox.accepted.emit()
    assert dialog.ui.errorLabel.text() == "请至少选择一个角色；要让此人不再使用本程序，请停用其账户。"
    assert ws.accounts.get(NAMES[Role.ENTRY]).roles == frozenset({Role.ENTRY})
