"""The 打印 menu: 打印预览 (Ctrl+P), the two forms, 导出PDF…, 批量打印…, PDF 字体….

The PDF machinery (reportlab, QtPdf) is imported when a command is used, not
when the window starts (gui/dialogs/print_preview.py holds it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from ..errors import XxhError
from ..workspace import Workspace
from . import file_dialogs
from .ops import Op
from .plain_text import plain_message

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
        labels = [f"{r.label}　{r.applicant_unit}" for r in rows]
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
        from .dialogs.print_preview import preview_dialog

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
        from ..printing.registry import FORMS, export_form
        from .dialogs.print_preview import default_export_dir, file_name, number_of

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
        QMessageBox.information(self.window, "导出完成", plain_message(f"已导出：\n{path}{note}"))

    def _on_batch_triggered(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from .pdf_printing import prepare_printer

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

    def batch_print(self, form: str, keys: list[str], printer):
        """Print on the worker thread; the window stays free, 取消 stops between pages."""
        from .dialogs.print_preview import BatchResult, print_batch

        def done(result: BatchResult) -> None:
            lines = [f"已打印 {len(result.printed)} 个项目，共 {result.pages} 页。"]
            if result.cancelled:
                lines.append("打印已取消，其余项目未打印。")
            if result.failed:
                lines.append("以下项目未打印：")
                lines += [f"{number}：{message}" for number, message in result.failed]
            QMessageBox.information(self.window, "批量打印", plain_message("\n".join(lines)))

        return self.window.ops.run(Op(f"批量打印 {form}", lambda ws, progress: print_batch(
            ws, form, keys, printer, progress), on_done=done, cancellable=True, label="正在准备打印…"))

    def _on_font_triggered(self) -> None:
        from ..printing.fonts import resolve_font
        from ..printing.registry import font_setting, set_font_setting

        current = font_setting(self.ws)
        try:
            used = resolve_font(current)
            now = f"当前使用：{used.face_name}（{used.source}，{used.path}）"
        except XxhError as exc:
            now = str(exc)
        answer = QMessageBox.question(
            self.window, "PDF 字体", plain_message(f"{now}\n\n选择另一个 TrueType 宋体字体文件（.ttf/.ttc）吗？"
                                                 "\n选“否”恢复自动选择（Windows 宋体或系统字体）。"),
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

