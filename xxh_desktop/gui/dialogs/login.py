"""登录 and 解锁: the password asked at start-up and again after the idle lock.

The dialog asks the core (`ws.sign_in`, `accounts.unlock`) and shows what it
says — a wrong password, how many tries are left, a lockout and until when.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ... import accounts
from ...accounts import SignIn
from ...errors import XxhError
from ...workspace import Workspace
from ..forms.ui_login_dialog import Ui_LoginDialog


class LoginDialog(QDialog):
    """Sign in (`unlock=False`), or unlock the window for the person signed in (`unlock=True`)."""

    def __init__(self, ws: Workspace, *, unlock: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.unlock = unlock
        self.result_sign_in: SignIn | None = None
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        if unlock and ws.person is not None:
            self.setWindowTitle("已锁定")
            self.ui.introLabel.setText(f"窗口因长时间无操作已锁定，未保存的内容都还在。请输入「{ws.person.who}」的密码解锁。"
                                       "连续 5 次密码错误，账户将锁定 15 分钟。")
            self.ui.nameEdit.setText(ws.person.name)
            self.ui.nameEdit.setReadOnly(True)
            self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("退出程序")
            self.ui.passwordEdit.setFocus()
        self.ui.buttonBox.accepted.connect(self._on_accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _on_accept(self) -> None:
        password = self.ui.passwordEdit.text()
        try:
            if self.unlock:
                accounts.unlock(self.ws, password)
            else:
                self.result_sign_in = self.ws.sign_in(self.ui.nameEdit.text().strip(), password)
        except XxhError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            return
        self.ui.passwordEdit.clear()
        self.accept()
