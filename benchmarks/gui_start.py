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

import os
import sys


def empty_window() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow
    from start_probe import Probe

    app = QApplication(sys.argv[:1])
    probe = Probe()
    window = QMainWindow()
    probe.watch_window(window)
    window.showMaximized()
    return app.exec()


def real_window(db: str) -> int:
    # As `launch.main` does: what needs no Qt first (the database's check begun), then Qt.
    from xxh_desktop.gui import early as before_qt

    argv = ["xxh-desktop", "--db", db]
    early = before_qt.prepare(argv[1:])
    from start_probe import Probe

    from xxh_desktop.gui import app as xxh_app

    user = os.environ.get("XXH_BENCH_USER")
    probe = Probe((user, os.environ.get("XXH_PASSWORD", "")) if user else None)

    class WatchedHiddenWindow(xxh_app.HiddenWindow):
        """The start's main window, built hidden behind the sign-in dialog: the probe watches
        it, and every sign-in dialog made from now on."""

        def __init__(self, app, ws) -> None:
            super().__init__(app, ws)
            # gui.session, imported by now, brought the dialog's module: nothing imported early.
            dialog_class = sys.modules["xxh_desktop.gui.dialogs.login"].LoginDialog
            if not getattr(dialog_class, "probed", False):
                made = dialog_class.__init__

                def init(dialog, *args, **kwargs) -> None:
                    made(dialog, *args, **kwargs)
                    probe.watch_dialog(dialog)

                dialog_class.__init__, dialog_class.probed = init, True

        def build(self):
            window = super().build()
            probe.watch_window(window)
            return window

    xxh_app.HiddenWindow = WatchedHiddenWindow
    return xxh_app.main(argv, early)


if __name__ == "__main__":
    sys.exit(empty_window() if sys.argv[1] == "--empty" else real_window(sys.argv[1]))
