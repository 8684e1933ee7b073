"""Accounts in the window (PRODUCT.md §11): the first administrator, a department's local
account, the 系统管理 role's account list, and changing one's own password.

Every step is the core's (`accounts.py`, the `accounts` owner): the password
rules, the role checks and the separation of duties answer here in their own words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHeaderView, QMessageBox, QWidget

from ... import accounts
from ...domain.accounts import Account, Role
from ...errors import XxhError
from ...workspace import Workspace
from ..forms.ui_account_dialog import Ui_AccountDialog
from ..forms.ui_accounts_dialog import Ui_AccountsDialog
from ..forms.ui_password_dialog import Ui_PasswordDialog
from ..models.accounts_model import AccountsModel
from ..screen import fit_to_screen
from ..plain_text import plain_message

FIRST_ADMIN, LOCAL, NEW, RESET, ROLES_ONLY = "first_admin", "local", "new", "reset", "roles"


class AccountDialog(QDialog):
    """One account: made (the first administrator, a department's local account, a new one),
    its password reset, or its roles changed — by the core when OK is pressed."""

    def __init__(self, ws: Workspace, mode: str, account: Account | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.mode, self.account = ws, mode, account
        self.ui = Ui_AccountDialog()
        self.ui.setupUi(self)
        self.checks = {Role.ENTRY: self.ui.entryCheck, Role.REVIEW: self.ui.reviewCheck,
                       Role.ADMIN: self.ui.adminCheck, Role.AUDIT: self.ui.auditCheck}
        titles = {FIRST_ADMIN: "创建系统管理员", LOCAL: "本机账户", NEW: "新建账户", RESET: "重置密码",
                  ROLES_ONLY: "修改角色"}
        self.setWindowTitle(titles[mode])
        self.ui.introLabel.setText({
            FIRST_ADMIN: "县智慧办的电脑须设账户（等级保护：身份鉴别）。请先创建系统管理员：由它新建其他人的账户、分配角色。"
                         "系统管理员不办理业务，也不查看审计日志；请随后为每位工作人员各建一个账户。",
            LOCAL: "本单位的电脑可以只设一个本机账户，审计日志中以其姓名记录操作。可以不设密码（打开即用），"
                   "也可以设密码，此后每次打开都须输入。也可以跳过，以后不再询问。",
            NEW: "新建一位工作人员的账户，并分配角色（最小权限：只给其工作需要的角色）。",
            RESET: f"为「{account.who if account else ''}」设新密码（原密码不会显示）。请当面告知本人，并请其登录后尽快修改。",
            ROLES_ONLY: f"「{account.who if account else ''}」的角色（下次登录时生效）：",
        }[mode])
        if account is not None:
            self.ui.nameEdit.setText(account.name)
            self.ui.fullNameEdit.setText(account.full_name)
            for role, check in self.checks.items():
                check.setChecked(role in account.roles)
        if mode in (RESET, ROLES_ONLY):
            self.ui.nameEdit.setReadOnly(True)
            self.ui.fullNameEdit.setReadOnly(True)
        if mode == FIRST_ADMIN:
            self.ui.adminCheck.setChecked(True)
        self.ui.rolesBox.setEnabled(mode in (NEW, ROLES_ONLY))
        self.ui.rolesLabel.setVisible(mode not in (LOCAL, RESET))
        self.ui.rolesBox.setVisible(mode not in (LOCAL, RESET))
        self.ui.noPasswordCheck.setVisible(mode == LOCAL)
        for widget in (self.ui.passwordLabel, self.ui.passwordEdit, self.ui.repeatLabel, self.ui.repeatEdit,
                       self.ui.rulesLabel):
            widget.setVisible(mode != ROLES_ONLY)
        self.ui.noPasswordCheck.toggled.connect(self._on_no_password_check_toggled)
        self.ui.buttonBox.accepted.connect(self._on_accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _on_no_password_check_toggled(self, checked: bool) -> None:
        for widget in (self.ui.passwordEdit, self.ui.repeatEdit):
            widget.setEnabled(not checked)

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, check in self.checks.items() if check.isChecked())

    def _password(self) -> str:
        if self.mode == LOCAL and self.ui.noPasswordCheck.isChecked():
            return ""
        password = self.ui.passwordEdit.text()
        if password != self.ui.repeatEdit.text():
            raise XxhError("两次输入的密码不一致。")
        return password

    def _on_accept(self) -> None:
        name, full_name = self.ui.nameEdit.text(), self.ui.fullNameEdit.text()
        try:
            if self.mode in (FIRST_ADMIN, NEW):
                accounts.create_account(self.ws, name, full_name, self.roles(), self._password())
            elif self.mode == LOCAL:
                accounts.create_local_account(self.ws, name, full_name, self._password())
            elif self.mode == RESET:
                accounts.reset_password(self.ws, name, self._password())
            else:
                self.ws.accounts.set_roles(name, self.roles())
        except XxhError as exc:
            self.ui.errorLabel.setText(str(exc))
            return
        self.accept()


class PasswordDialog(QDialog):
    """修改密码: the signed-in person's own, the old one first."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ui = Ui_PasswordDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.accepted.connect(self._on_accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _on_accept(self) -> None:
        if self.ui.newEdit.text() != self.ui.repeatEdit.text():
            self.ui.errorLabel.setText("两次输入的新密码不一致。")
            return
        try:
            accounts.change_password(self.ws, self.ui.oldEdit.text(), self.ui.newEdit.text())
        except XxhError as exc:
            self.ui.errorLabel.setText(str(exc))
            return
        self.accept()


class AccountsDialog(QDialog):
    """账户管理 (系统管理): the accounts, their roles and states, and the idle-lock time."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ui = Ui_AccountsDialog()
        self.ui.setupUi(self)
        fit_to_screen(self, self.width(), self.height())   # a 1366×728 laptop, 125 % too
        self.model = AccountsModel(self)
        self.ui.accountsView.setModel(self.model)
        self.ui.accountsView.verticalHeader().setVisible(False)
        header = self.ui.accountsView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.ui.idleSpin.setValue(accounts.idle_minutes(ws))
        self.ui.addButton.clicked.connect(self._on_add_button_clicked)
        self.ui.rolesButton.clicked.connect(lambda: self._with_account(self._edit(ROLES_ONLY)))
        self.ui.resetButton.clicked.connect(lambda: self._with_account(self._edit(RESET)))
        self.ui.activeButton.clicked.connect(lambda: self._with_account(self._toggle_active))
        self.ui.unlockButton.clicked.connect(lambda: self._with_account(self._unlock))
        self.ui.idleButton.clicked.connect(self._on_idle_button_clicked)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        listed = accounts.listing(self.ws)
        now = accounts.utc_now()
        self.model.set_accounts(listed, {a.name for a in listed if a.locked_at(now)})

    def current(self) -> Account | None:
        index = self.ui.accountsView.currentIndex()
        return self.model.account(index.row()) if index.isValid() else None

    def _with_account(self, action) -> None:
        account = self.current()
        if account is None:
            self.ui.errorLabel.setText("请先在列表中选择一个账户。")
            return
        self._run(lambda: action(account))

    def _run(self, step) -> None:
        self.ui.errorLabel.clear()
        try:
            step()
        except XxhError as exc:
            self.ui.errorLabel.setText(str(exc))
        self.reload()

    def _on_add_button_clicked(self) -> None:
        AccountDialog(self.ws, NEW, parent=self).exec()
        self.reload()

    def _edit(self, mode: str):
        def open_dialog(account: Account) -> None:
            AccountDialog(self.ws, mode, account, parent=self).exec()
        return open_dialog

    def _toggle_active(self, account: Account) -> None:
        self.ws.accounts.set_active(account.name, not account.active)

    def _unlock(self, account: Account) -> None:
        self.ws.accounts.unlock(account.name)

    def _on_idle_button_clicked(self) -> None:
        self._run(lambda: accounts.set_idle_minutes(self.ws, self.ui.idleSpin.value()))
        if not self.ui.errorLabel.text():
            QMessageBox.information(self, "已保存", plain_message(f"无操作 {self.ui.idleSpin.value()} 分钟后自动锁定（下次登录时生效）。"))

