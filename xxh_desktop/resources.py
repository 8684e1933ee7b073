"""Where the bundled resources live (demo data, fonts, icons, translations).

In the source tree they sit in ``resources/`` beside the package; a
PyInstaller bundle unpacks them under ``sys._MEIPASS`` (the spec copies the
folder there as ``resources/``), so that location is tried first.
"""

from __future__ import annotations

import sys
from pathlib import Path

import xxh_desktop

SOURCE_ROOT = Path(xxh_desktop.__file__).resolve().parent.parent / "resources"


def resource_roots() -> list[Path]:
    """Candidate ``resources`` folders, most specific first."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    roots.append(SOURCE_ROOT)
    return roots


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("demo", "projects.json")``.

    Returns the first candidate that exists; when none does, the last
    candidate (the source tree), so the caller's error names a sensible path.
    """
    candidates = [root.joinpath(*parts) for root in resource_roots()]
    for path in candidates:
        if path.exists():
            return path
    return candidates[-1]
