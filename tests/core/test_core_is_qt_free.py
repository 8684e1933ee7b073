"""The spine of the design: importing the whole core never loads Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import xxh_desktop


def test_importing_every_core_module_does_not_load_pyside6() -> None:
    names = [
        m.name for m in pkgutil.walk_packages(xxh_desktop.__path__, "xxh_desktop.")
        if not m.name.startswith("xxh_desktop.gui") and m.name != "xxh_desktop.__main__"
    ]
    assert "xxh_desktop.workspace" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'xxh_desktop.gui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
