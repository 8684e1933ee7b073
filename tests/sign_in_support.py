"""The start-up's sign-in dialog answered as a person would, for tests that run the real start
(`gui.app.main`): whatever the dialog's owner does, the test sees the dialog only on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from xxh_desktop.gui.dialogs.login import LoginDialog


def on_screen() -> LoginDialog | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()), None)


def submit(dialog: LoginDialog, name: str, password: str) -> None:
    dialog.ui.nameEdit.setText(name)
    dialog.ui.passwordEdit.setText(password)
    dialog.ui.buttonBox.accepted.emit()


def answer(step: Callable[[LoginDialog], bool], every_ms: int = 20) -> None:
    """From the event loop: each time the dialog is on screen, `step(dialog)`; asked again until
    it returns True (done)."""

    def look() -> None:
        dialog = on_screen()
        if dialog is None or not step(dialog):
            QTimer.singleShot(every_ms, look)

    QTimer.singleShot(0, look)


def sign_in(name: str, password: str, then: Callable[[], None], after_ms: int) -> None:
    """Once the dialog shows, sign in as `name`; `then` `after_ms` later."""

    def step(dialog: LoginDialog) -> bool:
        submit(dialog, name, password)
        QTimer.singleShot(after_ms, then)
        return True

    answer(step)
