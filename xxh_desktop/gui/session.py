"""Who is at the window (PRODUCT.md §11, 等保 身份鉴别): signing in before the main window,
locking it after idle time, and the 账户 and 审计 actions of the menus.

The checks are the core's (`accounts.py`, `authority.py`); this module only
asks at the right moments. The idle lock hides the windows and asks for the
password again; nothing is closed, so unsaved editor content stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMessageBox, QWidget

from .. import accounts
from ..accounts import SignIn
from ..domain.accounts import roles_text
from ..domain.fields import Side
from ..errors import XxhError
from ..workspace import Workspace
from .dialogs.login import LoginDialog   # the account dialogs are imported when they open: rarely
from .first_paint import AfterFirstPaint
from .plain_text import plain_message

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
            QEvent.Type.TouchBegin}


def offer_local_account(ws: Workspace, parent: QWidget | None = None) -> None:
    """First start of a department machine: one local account, or none (PRODUCT.md §11)."""
    from .dialogs.accounts import LOCAL, AccountDialog

    dialog = AccountDialog(ws, LOCAL, parent=parent)
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Cancel).setText("跳过")
    dialog.exec()


class IdleLock(QObject):
    """Locks the windows after `minutes` without a key or a mouse event, until the password is given.

    With `window`, the watch over every event begins after the window's first frame: a
    filter on the whole application is called for each of the thousands of events that
    showing the window sends, and nobody can press a key in a window not yet painted.
    The idle time counts from the start either way.
    """

    def __init__(self, ws: Workspace, minutes: int, parent: QObject | None = None, *,
                 window: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hidden: list[QWidget] = []
        self.dialog: LoginDialog | None = None
        self.watching = False
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        if window is None:
            self._watch()
        else:
            AfterFirstPaint(window, self._watch)
        self.timer.start()

    def _watch(self) -> None:
        if not self.watching and not self.stopped:
            self.watching = True
            QApplication.instance().installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Hide every window (a modal dialog waiting for an answer stays beneath) and ask for the password."""
        person = self.ws.person
        if self.locked or person is None or not person.has_password:
            return
        accounts.lock(self.ws)
        self.hidden = [w for w in QApplication.topLevelWidgets()
                       if w.isVisible() and w.windowModality() == Qt.WindowModality.NonModal]
        for window in self.hidden:
            window.hide()
        self.dialog = LoginDialog(self.ws, unlock=True)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog.show()

    def _on_dialog_accepted(self) -> None:
        for window in self.hidden:
            window.show()
        self.hidden = []
        self._forget_dialog()
        self.timer.start()

    def _on_dialog_rejected(self) -> None:
        # «退出程序»: the editors keep their autosaved drafts; the close backs up as always (app.shutdown).
        self._forget_dialog()
        QApplication.quit()

    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def stop(self) -> None:
        self.timer.stop()
        self.stopped = True   # a watch that had not begun yet does not begin now
        QApplication.instance().removeEventFilter(self)


class Session(QObject):
    """The person signed in to `ws` for this window."""

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.signed: SignIn | None = None
        self.idle: IdleLock | None = None
        self.window: QMainWindow | None = None
        self.user_label: QLabel | None = None

    def start(self, prepare: Callable[[], object] | None = None) -> bool:
        """Before the main window: the first administrator where there is none, then the sign-in.
        False when the user cancels (the program ends). `prepare` (building the main window,
        hidden) runs behind the sign-in dialog (`LoginDialog`'s `meanwhile`), or before an
        automatic sign-in; otherwise it is the caller's to run."""
        ws = self.ws
        if not ws.accounts.exist():
            if ws.settings.side != Side.OFFICE:
                return True   # a department that chose to have no account
            from .dialogs.accounts import FIRST_ADMIN, AccountDialog

            if AccountDialog(ws, FIRST_ADMIN).exec() != QDialog.DialogCode.Accepted:
                return False
        alone = accounts.automatic_person(ws)
        if alone is not None:
            if prepare is not None:
                prepare()   # before the sign-in's record, which waits for the quick check
            self.signed = ws.sign_in(alone.name, "", via="自动（本机单账户）")
            return True
        dialog = LoginDialog(ws, meanwhile=prepare)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.signed = dialog.result_sign_in
        return True

    def attach(self, window: QMainWindow) -> None:
        """The person in the status bar, the 账户 and 审计 actions, and the idle lock."""
        self.window = window
        self.setParent(window)
        person = self.ws.person
        if person is not None:
            # 等保: the last successful and failed sign-ins, shown once signed in (all of it in the tooltip)
            text = f"当前用户：{person.who}（{roles_text(person.roles)}）"
            self.user_label = QLabel(text, window)
            if self.signed is not None:
                self.user_label.setText(f"{text}　{self.signed.brief}")
                self.user_label.setToolTip(self.signed.summary)
                if self.signed.failed_since:
                    self.user_label.setStyleSheet("color: #b3261e;")
            window.statusBar().addPermanentWidget(self.user_label)
            if person.has_password:
                self.idle = IdleLock(self.ws, accounts.idle_minutes(self.ws), self, window=window)
        menus = window.menus  # type: ignore[attr-defined]
        tools = menus["工具"]
        tools.addSeparator()
        if self.ws.accounts.exist():
            tools.addAction("账户管理…", self.open_accounts)
            if person is not None and person.has_password:
                tools.addAction("修改密码…", self.change_password)
                lock = tools.addAction("锁定窗口", self.lock)
                lock.setShortcut("Ctrl+L")
        tools.addAction("审计日志…", lambda: self.open_audit(None))
        menus["项目"].addAction("项目审计记录…", self._on_project_audit)

    def lock(self) -> None:
        if self.idle is not None:
            self.idle.lock()

    def _try(self, step) -> None:
        try:
            step()
        except XxhError as exc:
            QMessageBox.warning(self.window, "操作未完成", plain_message(str(exc)))

    def open_accounts(self) -> None:
        from .dialogs.accounts import AccountsDialog

        self._try(lambda: AccountsDialog(self.ws, self.window).exec())

    def change_password(self) -> None:
        from .dialogs.accounts import PasswordDialog

        if PasswordDialog(self.ws, self.window).exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self.window, "修改密码", "密码已修改，下次登录请使用新密码。")

    def open_audit(self, project: str | None) -> None:
        from .dialogs.audit_viewer import AuditViewer

        self._try(lambda: AuditViewer(self.ws, project, self.window).exec())

    def _on_project_audit(self) -> None:
        project = self.window.current_project_id() if self.window is not None else None  # type: ignore[attr-defined]
        if not project:
            QMessageBox.information(self.window, "请选择项目", "请先在项目列表或看板中选择一个项目。")
            return
        self.open_audit(project)

    def end(self) -> None:
        """Sign out (audited) as the window closes."""
        if self.idle is not None:
            self.idle.stop()
        self.ws.sign_out()
