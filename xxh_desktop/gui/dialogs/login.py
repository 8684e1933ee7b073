"""登录 and 解锁: the password asked at start-up and again after the idle lock.

The dialog asks the core (`accounts.begin_sign_in`, `accounts.unlock`) and shows what it
says — a wrong password, how many tries are left, a lockout and until when. At start-up the
password's scrypt runs on the core's worker thread while the main window is built
(`meanwhile`); the dialog says it is checking and takes no second submit until the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ... import accounts
from ...accounts import PendingSignIn, SignIn
from ...errors import XxhError
from ...workspace import Workspace
from ..first_paint import AfterFirstPaint
from ..forms.ui_login_dialog import Ui_LoginDialog

CHECKING = "正在验证…"


class LoginDialog(QDialog):
    """Sign in (`unlock=False`), or unlock the window for the person signed in (`unlock=True`).

    `meanwhile` (building the main window) runs once, on the UI thread: after the dialog's first
    paint while the person types, or at the submit while the password is checked, whichever
    comes first. Whether the person may in is decided by the core's `finish` alone."""

    POLL_MS = 10

    def __init__(self, ws: Workspace, *, unlock: bool = False, parent: QWidget | None = None,
                 meanwhile: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.unlock = unlock
        self.result_sign_in: SignIn | None = None
        self.pending: PendingSignIn | None = None
        self._meanwhile = meanwhile
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self._ok_text = self._ok.text()
        if unlock and ws.person is not None:
            self.setWindowTitle("已锁定")
            self.ui.introLabel.setText(f"窗口因长时间无操作已锁定，未保存的内容都还在。请输入「{ws.person.who}」的密码解锁。"
                                       "连续 5 次密码错误，账户将锁定 15 分钟。")
            self.ui.nameEdit.setText(ws.person.name)
            self.ui.nameEdit.setReadOnly(True)
            self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("退出程序")
            self.ui.passwordEdit.setFocus()
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        if meanwhile is not None:
            AfterFirstPaint(self, self._run_meanwhile)
        self.ui.buttonBox.accepted.connect(self._on_accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _run_meanwhile(self) -> None:
        meanwhile, self._meanwhile = self._meanwhile, None
        if meanwhile is not None:
            meanwhile()

    def _on_accept(self) -> None:
        if self.pending is not None:
            return   # one check at a time: the first answer decides
        password = self.ui.passwordEdit.text()
        self.ui.passwordEdit.clear()
        if self.unlock:
            try:
                accounts.unlock(self.ws, password)
            except XxhError as exc:
                self._refused(exc)
                return
            self.accept()
            return
        self.pending = accounts.begin_sign_in(self.ws, self.ui.nameEdit.text().strip(), password)
        self._checking(True)
        self._poll.start()   # started first: the answer is taken even if `meanwhile` fails
        if self._meanwhile is not None:
            self.repaint()   # «正在验证…» is seen while the window is built
            self._run_meanwhile()
            self._on_poll()   # the check usually ends while the window is built

    def _on_poll(self) -> None:
        pending = self.pending
        if pending is None or not pending.done:
            return
        self._poll.stop()
        self.pending = None
        self._checking(False)
        try:
            self.result_sign_in = pending.finish()
        except XxhError as exc:
            self._refused(exc)
            return
        self.accept()

    def _checking(self, on: bool) -> None:
        self.ui.errorLabel.setText("")
        self.ui.nameEdit.setEnabled(not on)
        self.ui.passwordEdit.setEnabled(not on)
        self.ui.buttonBox.setEnabled(not on)
        self._ok.setText(CHECKING if on else self._ok_text)

    def _refused(self, exc: XxhError) -> None:
        self.ui.errorLabel.setText(str(exc))
        self.ui.passwordEdit.setFocus()

    def reject(self) -> None:
        if self.pending is None:   # a check under way ends in a moment, and is counted
            super().reject()
