"""Save a PNG of the main window (offscreen) for a database: a look at what a clerk sees.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py DB OUT.png [TAB]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from xxh_desktop import settings
from xxh_desktop.gui.app import create_application
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.workspace import Workspace


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    tab = sys.argv[3] if len(sys.argv) > 3 else ""
    create_application(sys.argv[:1])
    with Workspace.open(db) as ws:
        window = MainWindow(ws, settings.role(ws) or settings.ROLE_OFFICE, settings.unit(ws))
        window.resize(1400, 860)
        window.show()
        for i in range(window.tabs.count()):
            if window.tabs.tabText(i) == tab:
                window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        window.grab().save(str(out))
        window.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
