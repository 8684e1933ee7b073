"""导出年度计划…: choose a year, see the plan (第七条), compile it (编制日期), record its 备案, export .xlsx / .pdf."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from ... import annual_plan
from ...errors import XxhError
from ...plan_export import export_plan
from ...workspace import Workspace
from .. import file_dialogs
from ..models.plan_model import PlanTableModel
from ..ops import Op, Operations
from ..screen import fit_to_screen


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class AnnualPlanDialog(QDialog):
    """With `ops` (the window's), an export runs on a worker thread; without, in place."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, year: int | None = None,
                 ops: Operations | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ops = ops
        self.setWindowTitle("年度政务信息化项目建设计划（第七条）")
        self.plan: annual_plan.Plan | None = None
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel("计划年度：", self))
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year or date.today().year)
        top.addWidget(self.year_spin)
        self.title_label = QLabel(self)
        top.addWidget(self.title_label, 1)
        layout.addLayout(top)

        self.model = PlanTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.totals_label = QLabel(self)
        self.totals_label.setWordWrap(True)
        layout.addWidget(self.totals_label)

        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #a15c00;")
        layout.addWidget(self.notes_label)

        compile_row = QHBoxLayout()
        compile_row.addWidget(QLabel("编制日期：", self))
        self.compiled_date = QDateEdit(self)
        self.compiled_date.setCalendarPopup(True)
        self.compiled_date.setDisplayFormat("yyyy-MM-dd")
        self.compiled_date.setDate(_qdate(date.today()))
        self.compile_button = QPushButton("编制计划", self)
        self.compile_button.setToolTip("第七条：记录县智慧办编制本年度计划的日期（备案后不能再改）；打印件的编制日期即此日期")
        self.compiled_label = QLabel(self)
        compile_row.addWidget(self.compiled_date)
        compile_row.addWidget(self.compile_button)
        compile_row.addWidget(self.compiled_label, 1)
        layout.addLayout(compile_row)

        filing = QHBoxLayout()
        filing.addWidget(QLabel("备案：", self))
        self.finance_check = QCheckBox("县财政局", self)
        self.finance_date = QDateEdit(self)
        self.ndrc_check = QCheckBox("县发改委", self)
        self.ndrc_date = QDateEdit(self)
        for edit in (self.finance_date, self.ndrc_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(_qdate(date.today()))
        self.file_button = QPushButton("记录备案", self)
        for w in (self.finance_check, self.finance_date, self.ndrc_check, self.ndrc_date, self.file_button):
            filing.addWidget(w)
        filing.addStretch(1)
        layout.addLayout(filing)

        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.xlsx_button = buttons.addButton("导出 Excel…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton("导出 PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.compile_button.clicked.connect(self._on_compile_button_clicked)
        self.xlsx_button.clicked.connect(lambda: self._on_export_clicked(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self._on_export_clicked(".pdf"))
        fit_to_screen(self, 1100, 620)
        self.reload()

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        year = self.year_spin.value()
        self.plan = annual_plan.annual_plan(self.ws, year)
        self.model.set_plan(self.plan)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.title_label.setText(f"<b>{escape(self.plan.title)}</b>")
        t = self.plan.totals
        temp = ""
        if self.plan.temporary_count:
            temp = (f"，其中临时报批 {self.plan.temporary_count} 个（橙色，单独小计：投资额 "
                    f"{self.plan.temporary_totals['investment']:,.4f}）")
        if self.plan.is_empty:
            self.totals_label.setText(f"第七条：{year}年度没有经县政府批准列入计划或临时报批的项目。")
        else:
            self.totals_label.setText(
                f"共 {len(self.plan.rows)} 个项目{temp}。合计（万元）：投资额 {t['investment']:,.4f}；"
                f"财政资金 {t['fund_fiscal']:,.4f}；单位自筹 {t['fund_self']:,.4f}；"
                f"银行贷款 {t['fund_bank']:,.4f}；其它 {t['fund_other']:,.4f}")
        notes = [*self.plan.notes(), *self.plan.compile_problems()]
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        compiled = self.plan.compiled_on
        self.compiled_label.setText(f"已编制：{compiled.isoformat()}" if compiled else "尚未编制")
        if compiled:
            self.compiled_date.setDate(_qdate(compiled))
        frozen = self.plan.filing is not None and self.plan.filing.filed
        for w in (self.compiled_date, self.compile_button):
            w.setEnabled(not frozen and not self.plan.is_empty)
        for w in (self.xlsx_button, self.pdf_button):
            w.setEnabled(not self.plan.is_empty)
        f = self.plan.filing
        for check, edit, on in ((self.finance_check, self.finance_date, f.finance_filed_on if f else None),
                                (self.ndrc_check, self.ndrc_date, f.ndrc_filed_on if f else None)):
            check.setChecked(on is not None)
            if on:
                edit.setDate(_qdate(on))

    def _on_year_spin_value_changed(self, _year: int) -> None:
        self.message_label.clear()
        self.reload()

    def _show(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #b3261e;" if error else "color: #1b7f3a;")
        self.message_label.setText(text)

    # ------------------------------------------------------------------ 编制, 备案 and export

    def compile_plan(self) -> bool:
        try:
            annual_plan.compile_plan(self.ws, self.year_spin.value(), _pydate(self.compiled_date.date()))
        except XxhError as exc:
            self._show(str(exc), error=True)
            return False
        self._show("已记录编制日期（第七条）。")
        self.reload()
        return True

    def _on_compile_button_clicked(self) -> None:
        self.compile_plan()

    def record_filing(self) -> bool:
        try:
            annual_plan.record_filing(
                self.ws, self.year_spin.value(),
                finance_filed_on=_pydate(self.finance_date.date()) if self.finance_check.isChecked() else None,
                ndrc_filed_on=_pydate(self.ndrc_date.date()) if self.ndrc_check.isChecked() else None)
        except XxhError as exc:
            self._show(str(exc), error=True)
            return False
        self._show("已记录备案日期。")
        self.reload()
        return True

    def _on_file_button_clicked(self) -> None:
        self.record_filing()

    def export_to(self, path: str | Path) -> bool:
        """Export in place (tests, a dialog without the window's operations)."""
        try:
            result = export_plan(self.ws, self.year_spin.value(), path)
        except (XxhError, OSError) as exc:
            self._show(str(exc), error=True)
            return False
        self._exported(result)
        return True

    def _exported(self, result) -> None:
        note = ("\n注意：" + "\n".join(result.warnings)) if result.warnings else ""
        self._show(f"已导出：{result.path}（{result.summary}）{note}")

    def _on_export_clicked(self, suffix: str) -> None:
        kind = "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        default = str(Path.home() / f"{annual_plan.plan_title(self.year_spin.value())}{suffix}")
        path = file_dialogs.save_file(self, "导出年度计划", default, kind, suffix)
        if not path:
            return
        if self.ops is None:
            self.export_to(path)
            return
        year = self.year_spin.value()
        self.ops.run(Op("导出年度计划", lambda ws, _p: export_plan(ws, year, path), on_done=self._exported,
                        on_error=lambda exc: self._show(str(exc), error=True), label="正在导出年度计划…"))
