"""Printing a finished PDF through Qt at 100 % scale.

A form must not shrink on paper (the seal square is 45 mm, the cells are
sized for hand-writing), so each page is rendered with ``QPdfDocument`` at
the printer's resolution and painted at its physical size onto a full-page
A4 printer — not fitted to the printable area, which would scale it down.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from ..errors import XxhError

MAX_DPI = 600  # an A4 page at 600 dpi is ~140 MB as an image; more gains nothing on paper


def load_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over ``data``; keep the returned buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument(parent)
    doc.load(buffer)
    if doc.status() != QPdfDocument.Status.Ready:
        raise XxhError("无法打开生成的 PDF，不能打印。请导出 PDF 后用其他程序打开检查。")
    return doc, buffer


def prepare_printer(printer: QPrinter, title: str) -> None:
    """A4 portrait, full page, no margins: page coordinates are the paper's."""
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


class PagePrinter:
    """Paints PDF pages one after another onto one printer job (one QPainter),
    so a batch of documents is a single job with one print dialog."""

    def __init__(self, printer: QPrinter) -> None:
        self.printer = printer
        self.painter: QPainter | None = None
        self.pages = 0

    def add(self, data: bytes, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Print every page of ``data``; returns how many pages were printed."""
        doc, _buffer = load_pdf(data)
        dpi = self.printer.resolution()
        render_dpi = min(dpi, MAX_DPI)
        printed = 0
        for index in range(doc.pageCount()):
            if cancelled():
                break
            if self.painter is None:
                self.painter = QPainter()
                if not self.painter.begin(self.printer):
                    self.painter = None
                    raise XxhError("无法开始打印：打印机不可用或已取消。")
            elif self.pages:
                self.printer.newPage()
            size = doc.pagePointSize(index)   # points, 1/72 inch
            image = doc.render(index, QSize(round(size.width() / 72 * render_dpi),
                                            round(size.height() / 72 * render_dpi)))
            # the physical size in device pixels: 100 %, never fitted to the printable area
            target = QRectF(0, 0, size.width() / 72 * dpi, size.height() / 72 * dpi)
            self.painter.drawImage(target, image)
            self.pages += 1
            printed += 1
        doc.close()
        return printed

    def finish(self) -> None:
        if self.painter is not None:
            self.painter.end()
            self.painter = None


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print one PDF; returns the number of pages sent."""
    job = PagePrinter(printer)
    try:
        return job.add(data)
    finally:
        job.finish()
