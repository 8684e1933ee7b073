"""The cold start's probe (gui_start.py): notes the first paints, submits the sign-in dialog.

A module of its own: gui_start.py imports Qt only after the program's own start did what it
does before Qt (`early.prepare`).
"""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog, QMainWindow


def rss_mb() -> float | None:
    """Resident memory now (Linux); the measured process imports nothing it does not need."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


class Probe(QObject):
    """Notes the first Paint of the sign-in dialog and of the main window; with `sign_in`, fills
    and submits the sign-in dialog right after the dialog's first paint.

    It watches those two windows alone (`watch_dialog`, `watch_window`), each until its first
    Paint: a Python event filter on the whole application is called for every event of every
    object and makes a Python wrapper of each — and, the first time, its Python type with all
    its enums (QStyle's, QWindow's…) — some 10 µs an event and tens of ms in all, the probe's
    own, counted against the program and hardly against the empty window. The main window is
    painted before its children in a frame, so its own Paint is the frame's first.
    """

    def __init__(self, sign_in: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.sign_in = sign_in
        self.times: dict[str, float] = {}
        self.dialog: QDialog | None = None
        self.window: QMainWindow | None = None

    def watch_dialog(self, dialog: QDialog) -> None:
        # Installed after the dialog's own filters, so called before them: the submit is queued
        # before the dialog's own after-first-paint work — the person answers at once.
        self.dialog = dialog
        dialog.installEventFilter(self)

    def watch_window(self, window: QMainWindow) -> None:
        if self.window is None:
            self.window = window
            window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.Paint:
            return False
        if obj is self.dialog:
            self.times.setdefault("dialog_paint", time.time())
            self.dialog = None
            obj.removeEventFilter(self)
            if self.sign_in:
                QTimer.singleShot(0, lambda dialog=obj: self._submit(dialog))
        elif obj is self.window and "first_paint" not in self.times:
            self.times["first_paint"] = time.time()
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self._after_first_frame(obj))
        return False

    def _submit(self, dialog) -> None:
        if self.sign_in is None or not dialog.isVisible():
            return
        (user, password), self.sign_in = self.sign_in, None
        dialog.ui.nameEdit.setText(user)
        dialog.ui.passwordEdit.setText(password)
        dialog.ui.buttonBox.accepted.emit()
        dialog.finished.connect(lambda _code: self._refused.stop())
        self._refused = QTimer(dialog, interval=50, timeout=lambda: self._fail_if_refused(dialog))
        self._refused.start()

    def _fail_if_refused(self, dialog) -> None:
        """A refused sign-in leaves the dialog waiting for a person: the benchmark fails instead."""
        if dialog.pending is None and dialog.ui.errorLabel.text():
            sys.stderr.write(f"sign-in refused: {dialog.ui.errorLabel.text()}\n")
            os._exit(1)

    def _after_first_frame(self, window: QMainWindow) -> None:
        if getattr(window, "is_loaded", True):
            self._report(self.times["first_paint"])
        else:
            window.loaded.connect(lambda: self._on_loaded(window))

    def _on_loaded(self, window: QMainWindow) -> None:
        window.repaint()
        self._report(time.time())

    def _report(self, loaded: float) -> None:
        sys.stdout.write(json.dumps({**self.times, "loaded": loaded, "rss_mb": rss_mb()}) + "\n")
        sys.stdout.flush()
        os._exit(0)
