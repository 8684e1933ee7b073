"""打印预览 / 打印… / 导出PDF… / 批量打印… for the official forms.

`PrintPreviewDialog` shows a finished PDF (`printing.style.PdfOutput`) in a
``QPdfView`` with the font warnings above it, prints it at 100 % through
``QPrintDialog`` and exports it to a chosen path. `print_batch` prints many
as one job; it runs on a worker thread (gui/ops.py: QPainter on a QPrinter is
allowed off the UI thread). The 打印 menu is gui/print_actions.py. The PDFs
themselves come from the core (`printing.registry`); nothing here draws a form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...errors import XxhError
from ...printing.registry import pdf_target, render_form
from ...printing.style import PdfOutput
from ...workspace import Workspace
from .. import file_dialogs
from ..forms.ui_print_preview_dialog import Ui_PrintPreviewDialog
from ..ops import Progress
from ..pdf_printing import PagePrinter, load_pdf, prepare_printer, print_pdf
from ..screen import fit_to_screen
from ..plain_text import plain_label, plain_message

ZOOM_MODES = (QPdfView.ZoomMode.FitToWidth, QPdfView.ZoomMode.FitInView, QPdfView.ZoomMode.Custom)


def default_export_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class PrintPreviewDialog(QDialog):
    """Preview of one printable PDF, with 打印… and 导出PDF….

    ``on_export(path)`` is called after a successful export (the caller
    audits it); ``default_name`` is the suggested file name. The export is
    refused over ``ws``'s own files (`registry.pdf_target`).
    """

    def __init__(self, ws: Workspace, output: PdfOutput, title: str, default_name: str,
                 parent: QWidget | None = None, *,
                 on_export: Callable[[Path], None] | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PrintPreviewDialog()
        self.ui.setupUi(self)
        self.output = output
        self.title = title
        self.default_name = default_name
        self._on_export = on_export
        self.ws = ws
        self.setWindowTitle(f"打印预览 — {title}")
        self.document: QPdfDocument
        self.document, self._buffer = load_pdf(output.data, self)
        self.ui.pdfView.setDocument(self.document)
        self.ui.pdfView.setPageMode(QPdfView.PageMode.MultiPage)
        self.ui.pdfView.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        plain_label(self.ui.infoLabel).setText(f"{title}　A4，共 {output.pages} 页，按实际大小（100%）打印")
        if output.warnings:
            self.ui.warningLabel.setText("注意：\n" + "\n".join(output.warnings))
        self.ui.warningLabel.setVisible(bool(output.warnings))
        self.ui.zoomCombo.currentIndexChanged.connect(self._on_zoom_combo_current_index_changed)
        self.ui.printButton.clicked.connect(self._on_print_button_clicked)
        self.ui.exportButton.clicked.connect(self._on_export_button_clicked)
        self.ui.closeButton.clicked.connect(self.reject)
        fit_to_screen(self, 900, 1000)   # an A4 page's width, as tall as the screen allows

    # ------------------------------------------------------------------ actions (testable without dialogs)

    def print_to(self, printer: QPrinter) -> int:
        """Print every page at 100 % on ``printer``; returns the page count."""
        prepare_printer(printer, self.title)
        return print_pdf(self.output.data, printer)

    def export_to(self, path: str | Path) -> Path:
        written = self.output.write(pdf_target(self.ws, path))
        if self._on_export:
            self._on_export(written)
        return written

    # ------------------------------------------------------------------ slots

    def _on_zoom_combo_current_index_changed(self, index: int) -> None:
        mode = ZOOM_MODES[index]
        self.ui.pdfView.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.ui.pdfView.setZoomFactor(1.0)

    def _confirm_warnings(self) -> bool:
        if not self.output.warnings:
            return True
        answer = QMessageBox.question(
            self, "缺少字形", plain_message("部分字符在字体中没有字形，打印出来会是空框：\n\n"
                                        + "\n".join(self.output.warnings) + "\n\n仍然继续吗？"))
        return answer == QMessageBox.StandardButton.Yes

    def _on_print_button_clicked(self) -> None:
        if not self._confirm_warnings():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = print_pdf(self.output.data, printer)
        except XxhError as exc:
            QMessageBox.warning(self, "打印失败", plain_message(str(exc)))
            return
        QMessageBox.information(self, "已发送打印", plain_message(f"已发送 {pages} 页到打印机（实际大小，A4）。"))

    def _on_export_button_clicked(self) -> None:
        if not self._confirm_warnings():
            return
        start = str(Path(default_export_dir()) / self.default_name)
        path = file_dialogs.save_file(self, "导出PDF", start, "PDF 文件 (*.pdf)", ".pdf")
        if not path:
            return
        try:
            written = self.export_to(path)
        except XxhError as exc:
            QMessageBox.warning(self, "导出失败", plain_message(str(exc)))
            return
        except OSError as exc:
            QMessageBox.warning(self, "导出失败", plain_message(f"无法写入“{path}”：{exc}"))
            return
        QMessageBox.information(self, "导出完成", plain_message(f"已导出：\n{written}"))


# ---------------------------------------------------------------------- preview from the workspace


def file_name(form: str, number: str) -> str:
    return f"{form}_{number}.pdf"


def number_of(ws: Workspace, form: str, key: str) -> str:
    if form == "附件2":
        return ws.procurements.get(key).label
    return ws.projects.get(key).label


def preview_dialog(ws: Workspace, form: str, key: str, parent: QWidget | None = None) -> PrintPreviewDialog:
    """Render ``form`` for ``key`` and build its preview; XxhError if it cannot be printed."""
    output = render_form(ws, form, key)
    number = number_of(ws, form, key)

    def audit_export(path: Path) -> None:
        ws.audit_log.append("导出PDF", number, after={"form": form, "file": str(path), "pages": output.pages})

    return PrintPreviewDialog(ws, output, f"{form} {number}", file_name(form, number), parent,
                              on_export=audit_export)


@dataclass
class BatchResult:
    printed: list[str] = field(default_factory=list)     # numbers printed
    failed: list[tuple[str, str]] = field(default_factory=list)  # (number, message)
    pages: int = 0
    cancelled: bool = False


def print_batch(ws: Workspace, form: str, keys: Sequence[str], printer: QPrinter,
                progress: Progress | None = None) -> BatchResult:
    """Print ``form`` for every key as one job; runs on a worker thread (`PrintActions.batch_print`).

    A document that cannot be made (a field too long, …) is skipped and
    reported; the rest still print. 取消 stops between pages.
    """
    prepare_printer(printer, f"{form} 批量打印")
    result = BatchResult()
    job = PagePrinter(printer)
    cancelled = (lambda: progress.cancelled) if progress is not None else (lambda: False)
    try:
        for i, key in enumerate(keys):
            if cancelled():
                result.cancelled = True
                break
            try:
                number = number_of(ws, form, key)
            except XxhError as exc:
                result.failed.append((key, str(exc)))
                continue
            if progress is not None:
                progress.report(i, len(keys), f"正在打印 {form} {number}（{i + 1}/{len(keys)}）…")
            try:
                output = render_form(ws, form, key)
                result.pages += job.add(output.data, cancelled)
            except XxhError as exc:
                result.failed.append((number, str(exc)))
                continue
            result.printed.append(number)
        result.cancelled = result.cancelled or cancelled()
    finally:
        job.finish()
    if result.printed:
        ws.audit_log.append("批量打印", form, after={"printed": result.printed, "pages": result.pages})
    return result
