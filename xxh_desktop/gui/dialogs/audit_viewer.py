"""审计日志 for the 审计 role: all entries or one project's, filtered by person, action and date,
with the chain's state and an export to a print-ready .xlsx (`audit.export_xlsx`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QMessageBox, QWidget

from ... import audit
from ...errors import XxhError
from ...workspace import Workspace
from ..forms.ui_audit_viewer import Ui_AuditViewer
from ..models.audit_model import AuditModel
from ..screen import fit_to_screen
from ..plain_text import plain_message

ALL = "全部"


class AuditViewer(QDialog):
    """Raises `NotPermitted` (from the core) for anyone without the 审计 role."""

    def __init__(self, ws: Workspace, project: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.entries = ws.audit_log.entries()
        self.targets = audit.project_targets(ws, project) if project else frozenset()
        self.ui = Ui_AuditViewer()
        self.ui.setupUi(self)
        fit_to_screen(self, self.width(), self.height())   # a 1366×728 laptop, 125 % too
        if project:
            self.setWindowTitle(f"审计日志 — {ws.projects.get(project).label}")
        self.model = AuditModel(self)
        self.ui.entriesView.setModel(self.model)
        self.ui.entriesView.verticalHeader().setVisible(False)
        header = self.ui.entriesView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((60, 150, 80, 110, 160, 220, 220, 120)):
            self.ui.entriesView.setColumnWidth(column, width)
        shown = audit.select(self.entries, audit.Filter(targets=self.targets))
        self.ui.whoCombo.addItems([ALL, *sorted({e.who for e in shown})])
        self.ui.actionCombo.addItems([ALL, *sorted({e.action for e in shown})])
        today = QDate.currentDate()
        self.ui.fromDate.setDate(today.addMonths(-1))
        self.ui.toDate.setDate(today)
        self.ui.fromDate.setEnabled(False)
        self.ui.toDate.setEnabled(False)
        report = ws.audit_log.report()
        if report.problems:
            self.ui.chainLabel.setStyleSheet("color: #b3261e;")
            self.ui.chainLabel.setText("审计日志校验发现问题：" + "；".join(report.problems))
        else:
            self.ui.chainLabel.setText(f"审计日志完整：共 {report.entries} 条，摘要链与密钥校验码无误。"
                                       f"当前{report.head.printed or '审计链为空'}")
        self.ui.whoCombo.currentTextChanged.connect(self.apply)
        self.ui.actionCombo.currentTextChanged.connect(self.apply)
        self.ui.dateCheck.toggled.connect(self._on_date_check_toggled)
        self.ui.fromDate.dateChanged.connect(self.apply)
        self.ui.toDate.dateChanged.connect(self.apply)
        self.ui.searchEdit.textChanged.connect(self.apply)
        self.ui.exportButton.clicked.connect(self._on_export_button_clicked)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.apply()

    def _on_date_check_toggled(self, checked: bool) -> None:
        self.ui.fromDate.setEnabled(checked)
        self.ui.toDate.setEnabled(checked)
        self.apply()

    def chosen(self) -> audit.Filter:
        who, action = self.ui.whoCombo.currentText(), self.ui.actionCombo.currentText()
        dated = self.ui.dateCheck.isChecked()
        return audit.Filter(who="" if who in (ALL, "") else who, action="" if action in (ALL, "") else action,
                            targets=self.targets, start=self.ui.fromDate.date().toPython() if dated else None,
                            end=self.ui.toDate.date().toPython() if dated else None,
                            text=self.ui.searchEdit.text().strip())

    def apply(self) -> None:
        shown = audit.select(self.entries, self.chosen())
        self.model.set_entries(shown)
        self.ui.countLabel.setText(f"显示 {len(shown)} 条（共 {len(self.entries)} 条）")

    def _on_export_button_clicked(self) -> None:
        start = str(Path.home() / "审计日志.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出审计日志", start, "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            written = audit.export_xlsx(self.ws, Path(path), self.chosen())
        except XxhError as exc:
            QMessageBox.warning(self, "导出失败", plain_message(str(exc)))
            return
        QMessageBox.information(self, "导出完成", plain_message(f"已导出审计日志：\n{written}"))
