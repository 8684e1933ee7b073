"""Long work off the UI thread: one helper for every operation that takes more than a moment.

Anki's `QueryOp` / `CollectionOp` are the model. An `Op` names its work — a
plain function of a workspace and a `Progress` — and what to do with the
result; `Operations.run(op)` runs the work on a worker thread of a one-thread
`QThreadPool`, shows a progress dialog, and calls `on_done` (or `on_error`)
back on the UI thread. The work never touches a widget.

The database, one thread at a time:
- SQLite connections belong to the thread that made them (Python's sqlite3
  refuses a connection from another thread), so the worker opens its own
  `Workspace.open(ws.path)`, signed in as the window's person (the same
  `ws.person`, so the same roles and the same name in the audit log), and
  closes it when the work ends. Readers and one writer coexist in WAL mode:
  the window reads and paints while the worker works.
- Writes never run in two threads at once: the pool has one thread, so
  operations run one after another; while an operation that writes
  (`writes=True`) runs, its progress dialog is window-modal, so the clerk
  cannot start another write, and `Operations.writing` tells the editors'
  autosave to wait (it retries after the operation).
- What the worker's transactions changed is gathered from its own workspace
  and handed to `publish` on the UI thread, so the views redraw what moved
  exactly as after a write made in the window.

Cancel where safe: with `cancellable=True` the dialog has 取消; the work sees
it through `progress.cancelled`, and every `progress(done, total)` call raises
`Cancelled` once it is asked — inside a transaction that rolls it back, inside
`fileio.atomic_write` it leaves no file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QCoreApplication, QDeadlineTimer, QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot,
)
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..errors import XxhError, describe_exception
from ..storage.changes import NOTHING, Changes
from ..workspace import Workspace
from .plain_text import plain_message

SHOW_AFTER_MS = 400   # quicker operations finish without a dialog flashing up


class Cancelled(Exception):
    """The clerk pressed 取消; raised inside the work at its next progress step."""


class Progress:
    """What the work reports through; callable as the core's `progress(done, total)`."""

    def __init__(self, report: Callable[[int, int, str], None], cancellable: bool) -> None:
        self._report = report
        self._cancel = threading.Event()
        self._cancellable = cancellable
        self.text = ""

    def __call__(self, done: int, total: int, text: str | None = None) -> None:
        self.check()
        self.report(done, total, text)

    def report(self, done: int, total: int, text: str | None = None) -> None:
        """Say how far the work is, without ever raising (for work that stops by itself on 取消)."""
        if text is not None:
            self.text = text
        self._report(done, total, self.text)

    def say(self, text: str) -> None:
        """A new step without a count (the dialog shows a busy bar)."""
        self(0, 0, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancellable and self._cancel.is_set():
            raise Cancelled()


Work = Callable[[Workspace | None, Progress], Any]


@dataclass
class Op:
    """One operation. `work(ws, progress)` runs on the worker thread with the worker's own
    workspace (None with `needs_workspace=False`, e.g. a restore, which swaps the file)."""

    title: str                                     # the dialog's title, e.g. «导出台账»
    work: Work
    on_done: Callable[[Any], None] | None = None   # on the UI thread, with what `work` returned
    on_error: Callable[[BaseException], None] | None = None   # default: a message box
    on_cancelled: Callable[[], None] | None = None
    writes: bool = False          # writes to the database: the window takes no other write meanwhile
    cancellable: bool = False     # 取消 is safe (a transaction or an atomic write is left whole)
    needs_workspace: bool = True
    label: str = ""               # the first line the dialog shows
    quiet: bool = False           # no dialog (the window's own first read: the status bar says it)
    changes: Changes = field(default=NOTHING, init=False)


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, object)   # (result, Changes)
    failed = Signal(object)             # the exception


class _Worker(QRunnable):
    def __init__(self, op: Op, window_ws: Workspace, progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.op = op
        # Read on the UI thread now: the worker's workspace acts as the same person (accounts.py).
        self.db_path = window_ws.path
        self.user = window_ws.user
        self.person = window_ws.person
        self.progress = progress
        self.signals = signals

    def run(self) -> None:
        gathered: list[Changes] = []
        ws: Workspace | None = None
        try:
            try:
                if self.op.needs_workspace:
                    ws = Workspace.open(self.db_path, create=False)
                    ws.user, ws.person = self.user, self.person   # the signed-in person's writes, and roles
                    ws.forget_actor()
                    ws.subscribe(gathered.append)
                result = self.op.work(ws, self.progress)
            except BaseException as exc:   # handed to the UI thread, which says it in Chinese
                try:
                    self.signals.failed.emit(exc)
                except RuntimeError:
                    pass   # the window went away meanwhile
                return
            total = NOTHING
            for changes in gathered:
                total = total | changes
            try:
                self.signals.finished.emit(result, total)
            except RuntimeError:
                pass   # the window went away meanwhile (the program is ending): nobody to tell
        finally:
            # The signals belong to the UI thread's `Running`, which lets go of them there once it has
            # been told; dropped here at once, they are never last let go of on this thread (a QObject
            # destroyed on another thread than its own, while its queued calls arrive, crashes).
            self.signals = self.progress = None
            # Told first, closed after: what closing waits for (the checkpoint an import left to its
            # thread) is nobody's wait; the next operation starts once this one has closed (one worker).
            if ws is not None:
                ws.close()


class Running(QObject):
    """An operation under way: its dialog and its progress (tests wait on `done`).

    It lives on the UI thread; the worker's signals reach its slots queued, so
    every callback runs on the UI thread.
    """

    def __init__(self, owner: Operations, op: Op) -> None:
        super().__init__(owner)
        self.owner = owner
        self.op = op
        self.signals = _Signals()
        self.progress = Progress(self.signals.progress.emit, op.cancellable)
        self.done = False
        # QProgressDialog.setValue runs the event loop when the dialog is modal: the operation may end
        # inside it (or report again, nested), and the dialog (and this object) must outlive every call.
        self._reporting = 0
        self.result: Any = None
        self.error: BaseException | None = None
        self.signals.progress.connect(self._on_progress)
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)
        self.dialog: QProgressDialog | None = None
        if op.quiet:
            return
        dialog = QProgressDialog(op.label or f"{op.title}…", "取消", 0, 0, owner.parent_widget)
        dialog.setWindowTitle(op.title)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        if not op.cancellable:
            dialog.setCancelButton(None)
        # A write keeps the clerk from starting another write; a read leaves the window free.
        dialog.setWindowModality(Qt.WindowModality.WindowModal if op.writes else Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.canceled.connect(self._on_dialog_canceled)
        self.dialog = dialog

    @Slot()
    def _on_dialog_canceled(self) -> None:
        if not self.done and self.dialog is not None:
            self.progress.cancel()
            self.dialog.setLabelText("正在取消…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.done or self.dialog is None:
            return
        self._reporting += 1
        try:
            if total <= 0:
                self.dialog.setRange(0, 0)   # a busy bar: the step has no count
            else:
                self.dialog.setRange(0, total)
                self.dialog.setValue(min(done, total))
            if text and not self.done:
                self.dialog.setLabelText(text)
        finally:
            self._reporting -= 1
        if self.done and not self._reporting:   # it ended while the dialog was painting: let go now
            self._release()

    def _finish(self) -> None:
        self.done = True
        if not self._reporting:
            self._release()

    def _release(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.owner._forget(self)

    @Slot(object, object)
    def _on_finished(self, result: Any, changes: Changes) -> None:
        self.result = result
        self.op.changes = changes
        self._finish()
        if changes:
            self.owner.publish(changes)
        if self.op.on_done is not None:
            self.op.on_done(result)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if isinstance(exc, Cancelled):
            if self.op.on_cancelled is not None:
                self.op.on_cancelled()
            return
        if self.op.on_error is not None:
            self.op.on_error(exc)
            return
        QMessageBox.warning(self.owner.parent_widget, f"{self.op.title}未完成", plain_message(error_text(exc)))


class Operations(QObject):
    """Runs `Op`s for one window. `publish(changes)` gets what each operation changed."""

    started = Signal(str)
    finished = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget, publish: Callable[[Changes], None]) -> None:
        super().__init__(parent)
        self.ws = ws
        self.parent_widget = parent
        self.publish = publish
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)   # one operation at a time: one writer
        self.running: list[Running] = []

    @property
    def writing(self) -> bool:
        """Whether an operation that writes is under way (editors' autosave waits meanwhile)."""
        return any(r.op.writes for r in self.running)

    @property
    def busy(self) -> bool:
        return bool(self.running)

    def run(self, op: Op) -> Running:
        running = Running(self, op)
        self.running.append(running)
        self.started.emit(op.title)
        if running.dialog is not None:
            running.dialog.setValue(0)   # starts the dialog's clock: it shows after SHOW_AFTER_MS
        self.pool.start(_Worker(op, self.ws, running.progress, running.signals))
        return running

    def _forget(self, running: Running) -> None:
        if running in self.running:
            self.running.remove(running)
        running.deleteLater()
        self.finished.emit(running.op.title)

    def wait(self, running: Running | None = None, timeout_ms: int = 600_000, *, quiet_only: bool = False) -> bool:
        """Process events until `running` (or every operation, or with `quiet_only` every quiet one)
        is done; for closing the window and for tests."""
        deadline = QDeadlineTimer(timeout_ms)
        while not deadline.hasExpired():
            if running is not None:
                if running.done:
                    return True
            elif not any(r.op.quiet or not quiet_only for r in self.running):
                return True
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            self.pool.waitForDone(10)
        return False


def error_text(exc: BaseException) -> str:
    """A failure said in Chinese: the core's own message, or what kind of failure it was."""
    if isinstance(exc, XxhError):
        return str(exc)
    said = describe_exception(exc) if isinstance(exc, Exception) else None
    return said or f"操作未完成：{type(exc).__name__}: {exc}\n之前保存的数据不受影响。"
