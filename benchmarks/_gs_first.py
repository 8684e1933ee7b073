"""Cold start of the real window in this fresh process: to its first paint, and to its projects shown.

    python gui_start.py DB       the program as a clerk starts it (``xxh-desktop --db DB``)
    python gui_start.py --empty  the floor: an empty QMainWindow, shown maximised

run.py notes the wall clock just before it spawns this process; the answer is one JSON
line with the wall-clock times (``time.time()``) of

- ``first_paint``: the first frame of the main window has been painted;
- ``loaded``: the projects are in the views and painted. A window that reads them before
  it shows has them at its first paint; one that reads them after (a ``loaded`` signal and
  an ``is_loaded`` flag) is followed until ``loaded`` and a full repaint;

and ``rss_mb``, the resident memory then. The process then leaves at once (``os._exit``):
the backup a real close makes is not part of starting.

On a database with accounts the program shows its sign-in dialog first and builds the window
behind it. With ``XXH_BENCH_USER`` and ``XXH_PASSWORD`` set, the real dialog is filled and
submitted right after its first paint (a person cannot type before they see it, and the time
a person types is not the program's): the figure is the real path — the dialog, the password
checked on the core's worker while the window is built, the quick check, the sign-in record,
the first paint of the main window.
"""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def rss_mb() -> float | None:
    """Resident memory now (Linux); the measured process imports nothing it does not need."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


class Probe(QObject):
    """Notes the first Paint of a main window (then removes itself).

    It watches the application's events only until a main window receives its first
    event (as the window is made), then that window alone: a Python event filter on
    the whole application costs some 10 µs per event, and the real window's construction
    sends some 10,000 events to its widgets — a tenth of a second of the probe's own,
    counted against the program and hardly against the empty window. The main window
    is painted before its children in a frame, so its own Paint is the frame's first.
    """

    def __init__(self, app: QApplication, sign_in: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.app = app
        self.sign_in = sign_in
        self.times: dict[str, float] = {}
        self.watching_window = False
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self.watching_window:
            if self.sign_in and event.type() == QEvent.Type.Paint and type(obj).__name__ == "LoginDialog":
                # Queued before the dialog's own after-first-paint work (the application's
                # filters see an event before the object's): the person answers at once.
                QTimer.singleShot(0, lambda dialog=obj: self._submit(dialog))
            if not isinstance(obj, QMainWindow):
                return False
            # From now on only that window's events come here (a window in the making may
            # come as another Python wrapper than the finished one: no identity test).
            self.watching_window = True
            self.app.removeEventFilter(self)
            obj.installEventFilter(self)
        if event.type() == QEvent.Type.Paint:
            self.times["first_paint"] = time.time()
            obj.removeEventFilter(self)
            os._exit(0)
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


def empty_window() -> int:
    app = QApplication(sys.argv[:1])
    probe = Probe(app)  # noqa: F841 - an event filter lives as long as its Python object
    window = QMainWindow()
    window.showMaximized()
    return app.exec()


def real_window(db: str) -> int:
    from xxh_desktop.gui import app as xxh_app

    user = os.environ.get("XXH_BENCH_USER")
    sign_in = (user, os.environ.get("XXH_PASSWORD", "")) if user else None
    make_application = xxh_app.create_application

    def create_application(argv):
        qt_app = make_application(argv)
        create_application.probe = Probe(qt_app, sign_in)   # kept alive with the function
        return qt_app

    xxh_app.create_application = create_application
    return xxh_app.main(["xxh-desktop", "--db", db])


if __name__ == "__main__":
    sys.exit(empty_window() if sys.argv[1] == "--empty" else real_window(sys.argv[1]))
