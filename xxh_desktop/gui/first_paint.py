"""Work that waits for a window's first frame: the clerk sees the window at once, and what is
not needed for that frame (the projects read on a worker, the idle lock's watch over every
event) begins just after it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Calls `then` once, after `window`'s first paint, or after `FALLBACK_MS` if the window
    is not shown by then (a script, a test)."""

    FALLBACK_MS = 1500

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        self._window = window
        self._done = False
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The type first: while a window is destroyed its events still come here, after this
        # object's Python side may be gone (a sign-in dialog closed before its first paint).
        if event.type() == QEvent.Type.Paint and watched is self._window:
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if not self._done:
            self._done = True
            self._window.removeEventFilter(self)
            self._then()
