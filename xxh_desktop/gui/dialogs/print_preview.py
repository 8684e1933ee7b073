"""打印预览 / 打印… / 导出PDF… / 批量打印… for the official forms.

`PrintPreviewDialog` shows a finished PDF (`printing.style.PdfOutput`) in a
``QPdfView`` with the font warnings above it, prints it at 100 % through
``QPrintDialog`` and exports it to a chosen path. `PrintActions` adds the
打印 menu's actions to the main window; a batch prints on a worker thread
(gui/ops.py: QPainter on a QPrinter is allowed off the UI thread) with a
progress dialog and 取消. The PDFs themselves come from the core
(`printing.registry`); nothing here draws a form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from ...errors import XxhError
from ...printing.fonts import resolve_font
from ...printing.registry import FORMS, export_form, font_setting, render_form, set_font_setting
from ...printing.style import PdfOutput
from ...workspace import Workspace
from .. import file_dialogs
from ..forms.ui_print_preview_dialog import Ui_PrintPreviewDialog
from ..ops import Op, Progress
from ..pdf_printing import PagePrinter, load_pdf, prepare_printer, print_pdf
from ..screen import fit_to_screen

ZOOM_MODES = (QPdfView.ZoomMode.FitToWidth, QPdfView.ZoomMode.FitInView, QPdfView.ZoomMode.Custom)


def default_export_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class PrintPreviewDialog(QDialog):
    """Preview of one printable PDF, with 打印… and 导出PDF….

    ``on_export(path)`` is called after a successful export (the caller
    audits it); ``default_name`` is the suggested file name.
    """

    def __init__(self, output: PdfOutput, title: str, default_name: str,
                 parent: QWidget | None = None, *,
                 on_export: Callable[[Path], None] | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PrintPreviewDialog()
        self.ui.setupUi(self)
        self.output = output
        self.title = title
        self.default_name = default_name
        self._on_export = on_export
        self.setWindowTitle(f"打印预览 — {title}")
        self.document: QPdfDocument
        self.document, self._buffer = load_pdf(output.data, self)
        self.ui.pdfView.setDocument(self.document)
        self.ui.pdfView.setPageMode(QPdfView.PageMode.MultiPage)
        self.ui.pdfView.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.ui.infoLabel.setText(f"{title}　A4，共 {output.pages} 页，按实际大小（100%）打印")
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
        written = self.output.write(path)
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
            self, "缺少字形", "部分字符在字体中没有字形，打印出来会是空框：\n\n"
            + "\n".join(self.output.warnings) + "\n\n仍然继续吗？")
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
            QMessageBox.warning(self, "打印失败", str(exc))
            return
        QMessageBox.information(self, "已发送打印", f"已发送 {pages} 页到打印机（实际大小，A4）。")

    def _on_export_button_clicked(self) -> None:
        if not self._confirm_warnings():
            return
        start = str(Path(default_export_dir()) / self.default_name)
        path = file_dialogs.save_file(self, "导出PDF", start, "PDF 文件 (*.pdf)", ".pdf")
        if not path:
            return
        try:
            written = self.export_to(path)
        except OSError as exc:
            QMessageBox.warning(self, "导出失败", f"无法写入“{path}”：{exc}")
            return
        QMessageBox.information(self, "导出完成", f"已导出：\n{written}")


# ---------------------------------------------------------------------- preview from the workspace


def file_name(form: str, number: str) -> str:
    return f"{form}_{number}.pdf"


def number_of(ws: Workspace, form: str, key: str) -> str:
    if form == "附件2":
        return ws.procurements.get(key).number
    return ws.projects.get(key).number or key


def preview_dialog(ws: Workspace, form: str, key: str, parent: QWidget | None = None) -> PrintPreviewDialog:
    """Render ``form`` for ``key`` and build its preview; XxhError if it cannot be printed."""
    output = render_form(ws, form, key)
    number = number_of(ws, form, key)

    def audit_export(path: Path) -> None:
        ws.audit_log.append("导出PDF", number, after={"form": form, "file": str(path), "pages": output.pages})

    return PrintPreviewDialog(output, f"{form} {number}", file_name(form, number), parent,
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


# ---------------------------------------------------------------------- the 打印 menu


class PrintActions(QObject):
    """The 打印 menu of the main window: previews, export, batch printing.

    ``window`` provides ``ws``, ``menus``, ``current_project_id()``,
    ``selected_project_ids()`` and ``show_error(exc, title)``.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        menu = window.menus["打印"]
        self.preview = menu.addAction("打印预览…")
        self.preview.setShortcut(QKeySequence.StandardKey.Print)
        self.preview.setStatusTip("当前项目的附件1；在采购申报页时为所选采购申报的附件2")
        self.preview.triggered.connect(self._on_preview_triggered)
        menu.addSeparator()
        self.preview1 = menu.addAction("打印预览 附件1（申报表）…")
        self.preview2 = menu.addAction("打印预览 附件2（办公电脑采购申报表）…")
        menu.addSeparator()
        self.export = menu.addAction("导出PDF…")
        self.batch = menu.addAction("批量打印…")
        self.batch.setShortcut("Ctrl+Shift+P")
        menu.addSeparator()
        self.font_action = menu.addAction("PDF 字体…")
        self.preview1.triggered.connect(self._on_preview1_triggered)
        self.preview2.triggered.connect(self._on_preview2_triggered)
        self.export.triggered.connect(self._on_export_triggered)
        self.batch.triggered.connect(self._on_batch_triggered)
        self.font_action.triggered.connect(self._on_font_triggered)

    @property
    def ws(self) -> Workspace:
        return self.window.ws

    def _current_project(self) -> str | None:
        pid = self.window.current_project_id()
        if not pid:
            QMessageBox.information(self.window, "请选择项目", "请先在项目列表中选择一个项目。")
        return pid

    def _current_case(self) -> str | None:
        """The 附件2 case selected in the 采购申报 tab, if any."""
        review = getattr(self.window, "procurement_review", None)
        return review.current_case_id() if review is not None else None

    def _choose_procurement(self) -> str | None:
        if (case_id := self._current_case()) is not None:
            return case_id   # one is selected: no need to ask which
        rows = self.ws.procurements.list()
        if not rows:
            QMessageBox.information(self.window, "没有采购申报", "还没有办公电脑采购申报（附件2）。")
            return None
        labels = [f"{r.number}　{r.applicant_unit}" for r in rows]
        label, ok = QInputDialog.getItem(self.window, "选择采购申报", "采购申报：", labels, 0, False)
        return rows[labels.index(label)].id if ok else None

    def _key_for(self, form: str) -> str | None:
        return self._choose_procurement() if form == "附件2" else self._current_project()

    def _on_preview_triggered(self) -> None:
        """Ctrl+P: what the clerk is looking at — the selected 附件2 on its tab, else the project's 附件1."""
        review = getattr(self.window, "procurement_review", None)
        if review is not None and self.window.tabs.currentWidget() is review:
            key = self._choose_procurement()
            if key:
                self.open_preview("附件2", key)
            return
        self._on_preview1_triggered()

    def open_preview(self, form: str, key: str) -> None:
        try:
            dialog = preview_dialog(self.ws, form, key, self.window)
        except XxhError as exc:
            self.window.show_error(exc, "无法打印")
            return
        dialog.exec()
        dialog.deleteLater()

    def _on_preview1_triggered(self) -> None:
        key = self._key_for("附件1")
        if key:
            self.open_preview("附件1", key)

    def _on_preview2_triggered(self) -> None:
        key = self._key_for("附件2")
        if key:
            self.open_preview("附件2", key)

    def _on_export_triggered(self) -> None:
        form, ok = QInputDialog.getItem(self.window, "导出PDF", "表单：", list(FORMS), 0, False)
        if not ok:
            return
        key = self._key_for(form)
        if not key:
            return
        try:
            number = number_of(self.ws, form, key)
            start = str(Path(default_export_dir()) / file_name(form, number))
            path = file_dialogs.save_file(self.window, "导出PDF", start, "PDF 文件 (*.pdf)", ".pdf")
            if not path:
                return
            result = export_form(self.ws, form, key, path)
        except (XxhError, OSError) as exc:
            self.window.show_error(exc, "导出失败")
            return
        note = ("\n\n注意：\n" + "\n".join(result.warnings)) if result.warnings else ""
        QMessageBox.information(self.window, "导出完成", f"已导出：\n{path}{note}")

    def _on_batch_triggered(self) -> None:
        keys = self.window.selected_project_ids()
        if not keys:
            QMessageBox.information(self.window, "请选择项目",
                                    "请先在项目列表中选择要打印的项目（可按住 Ctrl 或 Shift 多选）。")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, "附件1 批量打印")
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(f"批量打印 附件1（{len(keys)} 个项目）")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.batch_print("附件1", keys, printer)

    def batch_print(self, form: str, keys: list[str], printer: QPrinter):
        """Print on the worker thread; the window stays free, 取消 stops between pages."""

        def done(result: BatchResult) -> None:
            lines = [f"已打印 {len(result.printed)} 个项目，共 {result.pages} 页。"]
            if result.cancelled:
                lines.append("打印已取消，其余项目未打印。")
            if result.failed:
                lines.append("以下项目未打印：")
                lines += [f"{number}：{message}" for number, message in result.failed]
            QMessageBox.information(self.window, "批量打印", "\n".join(lines))

        return self.window.ops.run(Op(f"批量打印 {form}", lambda ws, progress: print_batch(
            ws, form, keys, printer, progress), on_done=done, cancellable=True, label="正在准备打印…"))

    def _on_font_triggered(self) -> None:
        current = font_setting(self.ws)
        try:
            used = resolve_font(current)
            now = f"当前使用：{used.face_name}（{used.source}，{used.path}）"
        except XxhError as exc:
            now = str(exc)
        answer = QMessageBox.question(
            self.window, "PDF 字体", f"{now}\n\n选择另一个 TrueType 宋体字体文件（.ttf/.ttc）吗？"
            "\n选“否”恢复自动选择（Windows 宋体或系统字体）。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return
        path = ""
        if answer == QMessageBox.StandardButton.Yes:
            path = file_dialogs.open_file(self.window, "选择 PDF 字体", "TrueType 字体 (*.ttf *.ttc)")
            if not path:
                return
        try:
            set_font_setting(self.ws, path or None)
        except XxhError as exc:
            self.window.show_error(exc, "不能使用该字体")

