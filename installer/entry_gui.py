"""PyInstaller entry point for the window (xxh-desktop.exe)."""

import sys

from xxh_desktop.gui.app import main

sys.exit(main())
