"""``xxh-desktop --self-test``: the core checks, then the window's own (gui/selftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from xxh_desktop.errors import XxhError
from xxh_desktop.gui import app as app_module
from xxh_desktop.gui import selftest as window_selftest


def test_the_window_program_checks_itself_and_saves_a_picture(qapp, tmp_path: Path) -> None:
    result = tmp_path / "selftest.json"
    assert app_module.main(["xxh-desktop", "--self-test", str(result)]) == 0
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] is True and report["program"] == "xxh-desktop"
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["Qt 中文翻译"]["detail"] == "“Cancel” → “取消”"
    assert checks["主窗口"]["detail"].startswith("金寨县政务信息化项目管理系统 — 县智慧办")
    assert "第 1 页" in checks["PDF 预览（QtPdf）"]["detail"]
    picture = QImage(str(result.with_suffix(".png")))
    assert picture.width() >= 800 and window_selftest.painted_colours(picture) > 100


def test_a_blank_picture_is_not_a_painted_window() -> None:
    blank = QImage(400, 300, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    assert window_selftest.painted_colours(blank) == 1


def test_a_pdf_qtpdf_cannot_open_fails_the_preview_check(qapp, tmp_path: Path) -> None:
    broken = tmp_path / "附件1.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    with pytest.raises(XxhError, match="QtPdf 无法打开 附件1.pdf"):
        window_selftest._pdf_preview(broken)
