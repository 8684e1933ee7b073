"""PyInstaller entry point for the command line (xxh.exe)."""

import sys

from xxh_desktop.cli import main

sys.exit(main())
