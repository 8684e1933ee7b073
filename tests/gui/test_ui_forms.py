"""Every ui/*.ui has a generated module, and the module matches what uic makes of it today."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("compile_ui", ROOT / "scripts" / "compile_ui.py")
compile_ui = importlib.util.module_from_spec(spec)
sys.modules["compile_ui"] = compile_ui
spec.loader.exec_module(compile_ui)

UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def test_there_are_designer_sources() -> None:
    assert len(UI_FILES) >= 2


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_generated_module_matches_its_ui_file(ui_file: Path) -> None:
    module = compile_ui.module_path(ui_file)
    assert module.exists(), f"{module.name} is missing: run `make ui`"
    assert module.read_text(encoding="utf-8") == compile_ui.compile_ui(ui_file), (
        f"{module.name} is out of date with ui/{ui_file.name}: run `make ui`"
    )


def test_stylesheet_module_matches_style_qss() -> None:
    assert compile_ui.STYLESHEET_MODULE.read_text(encoding="utf-8") == compile_ui.compile_stylesheet()


def test_generated_imports_are_cut_to_the_names_used() -> None:
    source = ("from PySide6.QtCore import (QCoreApplication, QRect,\n    Qt)\n"
              "from PySide6.QtGui import (QGradient, QImage)\n"
              "from PySide6.QtWidgets import (QLabel)\n\n"
              "x = QLabel(); x.setGeometry(QRect(0, 0, 1, 1)); x.setText(QCoreApplication.translate('a', 'b'))\n")
    assert compile_ui.used_imports_only(source) == (
        "from PySide6.QtCore import (QCoreApplication, QRect)\n"
        "from PySide6.QtWidgets import (QLabel)\n\n"
        "x = QLabel(); x.setGeometry(QRect(0, 0, 1, 1)); x.setText(QCoreApplication.translate('a', 'b'))\n")


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_generated_form_sets_up_with_its_imports(ui_file: Path) -> None:
    """A name cut from the imports that the form needs would fail here (NameError)."""
    from PySide6 import QtWidgets

    root = ET.parse(ui_file).getroot()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])  # noqa: F841 - widgets need it
    top = root.find("widget")
    module = importlib.import_module(f"xxh_desktop.gui.forms.ui_{ui_file.stem}")
    form = getattr(module, f"Ui_{root.findtext('class')}")()
    widget = getattr(QtWidgets, top.get("class"))()
    form.setupUi(widget)
    assert widget.objectName() == top.get("name")
