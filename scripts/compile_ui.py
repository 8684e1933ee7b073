"""Compile every ui/*.ui into xxh_desktop/gui/forms/ui_<name>.py with pyside6-uic.

The generated modules are committed; tests/gui/test_ui_forms.py fails when a
.ui file and its module disagree. Run `make ui` after editing a .ui file.

uic imports a fixed list of QtCore and QtGui classes whatever the form uses;
PySide6 makes every enum of a class as a Python enum the first time the class
is imported (QGradient.Preset, QKeySequence.StandardKey, QImage.Format…), some
10 ms at start-up for the sign-in dialog alone. The imports are cut to the
names the form uses.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "xxh_desktop" / "gui" / "forms"
HEADER = "# Generated from ui/{name} by scripts/compile_ui.py (pyside6-uic). Do not edit.\n"


def uic_executable() -> str:
    exe = Path(sys.executable).with_name("pyside6-uic")
    return str(exe) if exe.exists() else "pyside6-uic"


def compile_ui(ui_file: Path) -> str:
    """The module text for one .ui file (header + uic output without its timestamped banner)."""
    result = subprocess.run(
        [uic_executable(), "--no-autoconnection", str(ui_file)],
        check=True, capture_output=True, text=True, encoding="utf-8",
    )
    body = used_imports_only(result.stdout)
    # uic's banner names the Qt version that compiled it; keep only the code.
    lines = body.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return HEADER.format(name=ui_file.name) + "".join(lines).lstrip("\n")


def used_imports_only(source: str) -> str:
    """`source` with each `from … import (…)` keeping only the names the code uses (a statement
    left with none is dropped)."""
    tree = ast.parse(source)
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    lines = source.splitlines(keepends=True)
    for node in reversed(imports):
        names = [alias.name for alias in node.names if (alias.asname or alias.name) in used]
        text = import_text(node.module, names) if names else ""
        lines[node.lineno - 1:node.end_lineno] = [text]
    return "".join(lines)


def import_text(module: str, names: list[str], width: int = 4) -> str:
    """`from module import (…)` with `width` names a line, as uic writes it."""
    rows = [", ".join(names[i:i + width]) for i in range(0, len(names), width)]
    return f"from {module} import (" + ",\n    ".join(rows) + ")\n"


STYLESHEET = UI_DIR / "style.qss"
STYLESHEET_MODULE = FORMS_DIR / "stylesheet.py"


def compile_stylesheet() -> str:
    """ui/style.qss as a module constant, so the packaged app needs no loose files."""
    text = STYLESHEET.read_text(encoding="utf-8")
    return HEADER.format(name=STYLESHEET.name) + f"\nSTYLESHEET = {text!r}\n"


def module_path(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    (FORMS_DIR / "__init__.py").write_text(
        '"""Modules generated from ui/*.ui by scripts/compile_ui.py. Do not edit."""\n', encoding="utf-8")
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        module_path(ui_file).write_text(compile_ui(ui_file), encoding="utf-8")
        print(f"{ui_file.relative_to(ROOT)} -> {module_path(ui_file).relative_to(ROOT)}")
    STYLESHEET_MODULE.write_text(compile_stylesheet(), encoding="utf-8")
    print(f"{STYLESHEET.relative_to(ROOT)} -> {STYLESHEET_MODULE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
