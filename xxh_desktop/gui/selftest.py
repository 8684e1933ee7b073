"""``xxh-desktop --self-test``: the core checks (``xxh_desktop/selftest.py``), then the window's.

The window checks need what only the frozen window program carries: Qt's
Chinese catalogues, a Chinese font Qt can draw with, the main window built
and painted on the demo database, and QtPdf opening the 附件1 the core check
wrote (what the print preview does). The window's picture is saved beside
the result file (``selftest.png``) for IT to look at. They run on the platform the caller
chose, offscreen by default (`prepare_environment`, before the application
exists), so the test works on a build machine without a display and shows
nothing on a clerk's screen.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from .. import selftest
from ..errors import XxhError
from ..workspace import Workspace


def prepare_environment() -> None:
    """Offscreen unless QT_QPA_PLATFORM says otherwise; call before QApplication is made."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _translations() -> str:
    # gui/app.py loads qtbase_zh_CN; the spec keeps only the *_zh_CN catalogues.
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel == "Cancel":
        raise XxhError("Qt 的中文翻译（qtbase_zh_CN.qm）未载入：标准对话框的按钮会显示英文。")
    return f"“Cancel” → “{cancel}”"


def _screen_font() -> str:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        raise XxhError("没有可用于屏幕显示的中文字体：界面上的汉字会显示为方框。"
                                "请安装中文字体（Windows 自带；Linux 可安装 fonts-arphic-uming 或 fonts-wqy-zenhei）。")
    return "、".join(families[:3]) + (f" 等 {len(families)} 种" if len(families) > 3 else "")


def painted_colours(image: QImage, step: int = 7) -> int:
    """How many distinct colours a grid of sample pixels shows (a blank window has one or two)."""
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def _main_window(test: selftest.SelfTest, screenshot: Path) -> str:
    from .main_window import MainWindow

    if test.db is None:
        raise XxhError("数据库尚未建立。")
    ws = Workspace.open(test.db, create=False)
    try:
        window = MainWindow(ws)
        try:
            window.show()
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            image = window.grab().toImage()
            title = window.windowTitle()
        finally:
            window.close()
            window.deleteLater()
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    finally:
        ws.close()
    if image.isNull() or image.width() < 100 or image.height() < 100:
        raise XxhError(f"主窗口没有画出来（{image.width()}×{image.height()}）。")
    colours = painted_colours(image)
    if colours < 8:
        raise XxhError(f"主窗口画出来几乎是空白（只有 {colours} 种颜色）。")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    saved = f"，截图 {screenshot}" if image.save(str(screenshot)) else ""
    return f"{title}，{image.width()}×{image.height()}，{colours} 种颜色{saved}"


def _pdf_preview(pdf: Path | None) -> str:
    if pdf is None:
        raise XxhError("没有可预览的 PDF。")
    document = QPdfDocument()
    error = document.load(str(pdf))
    if error != QPdfDocument.Error.None_ or document.pageCount() < 1:
        raise XxhError(f"QtPdf 无法打开 {pdf.name}：{error.name}")
    size = document.pagePointSize(0).toSize()
    image = document.render(0, QSize(size.width(), size.height()))
    document.close()
    if image.isNull() or painted_colours(image, 3) < 2:
        raise XxhError(f"QtPdf 打开了 {pdf.name}，但第 1 页是空白。")
    return f"{pdf.name} 第 1 页 {image.width()}×{image.height()}"


def run(app: QApplication, result_path: str | None) -> int:
    """The whole self-test of the window program; the exit code (0 only if every check passed)."""
    path = Path(result_path) if result_path else selftest.default_result_path()
    test = selftest.new_self_test("xxh-desktop")
    selftest.run_core_checks(test)
    test.run("Qt 平台插件", lambda: f"{app.platformName()}")
    test.run("Qt 中文翻译", _translations)
    test.run("屏幕中文字体", _screen_font)
    test.run("主窗口", lambda: _main_window(test, path.with_suffix(".png")))
    test.run("PDF 预览（QtPdf）", lambda: _pdf_preview(test.pdfs.get("附件1")))
    return selftest.finish(test, path)
