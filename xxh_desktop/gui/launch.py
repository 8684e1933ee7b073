"""The window's entry point (``xxh-desktop``): first what needs no Qt (gui/early.py), then the
window's start (gui/app.py), which imports Qt."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .early import prepare


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    early = prepare(argv[1:])
    from .app import main as window_main   # Qt, from here on

    return window_main(argv, early)
