"""Every ui/*.ui has a generated module, and the module matches what uic makes of it today."""

from __future__ import annotations

import importlib.util
import sys
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
