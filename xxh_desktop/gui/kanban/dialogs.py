"""The small questions a move asks: the date of its event (and the 批准 文号), or a reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSpinBox, QVBoxLayout, QWidget,
)

from ...domain.fields import ADJUSTMENT_KINDS
from ...domain.stages import Stage
from ...lifecycle import EVENTS, Event


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class MoveEventDialog(QDialog):
    """Asks when the event a move records happened (初验合格, 终验, 县政府批准 …)."""

    def __init__(self, title: str, events: list[Event], today: date, default_year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        names = "、".join(e.name for e in events)
        intro = QLabel(f"此次移动将记录：{names}。请填写其日期。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.date_edit = QDateEdit(to_qdate(today), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("日期：", self.date_edit)
        self.doc_edit: QLineEdit | None = None
        self.plan_check: QCheckBox | None = None
        self.plan_year: QSpinBox | None = None
        if any(e.needs_doc_no for e in events):
            self.doc_edit = QLineEdit(self)
            self.doc_edit.setPlaceholderText("如 金政秘〔2027〕12号")
            form.addRow("批准文号（第十条）：", self.doc_edit)
            self.plan_check = QCheckBox("列入年度政务信息化项目建设计划（第七条）", self)
            self.plan_check.setChecked(True)
            self.plan_year = QSpinBox(self)
            self.plan_year.setRange(2000, 2100)
            self.plan_year.setValue(default_year)
            self.plan_check.toggled.connect(self.plan_year.setEnabled)
            form.addRow(self.plan_check)
            form.addRow("计划年度：", self.plan_year)
        # 第十八条: the report reaches 县智慧办 on the move's day; its 报送 to 县财政局 has a date of its own.
        self.finance_check: QCheckBox | None = None
        self.finance_date: QDateEdit | None = None
        if EVENTS[Stage.OPERATION] in events:
            self.finance_check = QCheckBox("已报送县财政局（第十八条）", self)
            self.finance_date = QDateEdit(to_qdate(today), self)
            self.finance_date.setCalendarPopup(True)
            self.finance_date.setDisplayFormat("yyyy-MM-dd")
            self.finance_date.setEnabled(False)
            self.finance_check.toggled.connect(self.finance_date.setEnabled)
            form.addRow(self.finance_check)
            form.addRow("报送县财政局日期：", self.finance_date)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def on(self) -> date:
        return from_qdate(self.date_edit.date())

    def details(self) -> dict:
        out: dict = {}
        if self.doc_edit is not None:
            out["approval_doc_no"] = self.doc_edit.text().strip()
        if self.plan_check is not None and self.plan_year is not None and self.plan_check.isChecked():
            out["plan_year"] = self.plan_year.value()
        if self.finance_check is not None and self.finance_date is not None and self.finance_check.isChecked():
            out["self_eval_finance_date"] = from_qdate(self.finance_date.date())
        return out


class AdjustmentDialog(QDialog):
    """项目调整申请 (第十五条): its date, its kind, what changes, and the adjusted 投资额 for 投资概算."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QComboBox

        super().__init__(parent)
        self.setWindowTitle("项目调整申请（第十五条）")
        layout = QVBoxLayout(self)
        hint = QLabel("项目确需调整的，由项目建设单位向县政府申请调整，同时向县智慧办备案（第十五条）。", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.date_edit = QDateEdit(to_qdate(today), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("申请日期：", self.date_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItems(list(ADJUSTMENT_KINDS))
        form.addRow("调整类别：", self.kind_combo)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("调整什么、为什么")
        form.addRow("调整内容：", self.text_edit)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText("调整后投资额（万元）")
        form.addRow("调整后投资额（万元）：", self.amount_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_combo.currentTextChanged.connect(self._on_kind_combo_current_text_changed)
        self._on_kind_combo_current_text_changed(self.kind_combo.currentText())

    def _on_kind_combo_current_text_changed(self, kind: str) -> None:
        self.amount_edit.setEnabled(kind == "投资概算")

    def values(self) -> dict:
        kind = self.kind_combo.currentText()
        return {"requested_on": from_qdate(self.date_edit.date()), "kind": kind,
                "content": self.text_edit.toPlainText().strip(),
                "new_investment": self.amount_edit.text() if kind == "投资概算" else ""}


class ReasonDialog(QDialog):
    """Asks the written reason a backward move (or a side state) needs."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit(self)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.text.toPlainText().strip()


class SideStateDialog(QDialog):
    """Sets a side state: its reason, and what it needs (退回补充: the list; 整改中: the deadline)."""

    def __init__(self, title: str, states: tuple[str, ...], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QComboBox

        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.state_combo = QComboBox(self)
        self.state_combo.addItems(list(states))
        form.addRow("状态：", self.state_combo)
        self.date_edit = QDateEdit(to_qdate(today), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("日期：", self.date_edit)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText("理由 / 整改发现的问题（记入项目历史）")
        form.addRow("理由：", self.reason_edit)
        self.supply_edit = QPlainTextEdit(self)
        self.supply_edit.setPlaceholderText("退回补充：逐条列出需要补充的材料或内容（第九条）")
        form.addRow("需补充：", self.supply_edit)
        self.deadline_edit = QDateEdit(to_qdate(today), self)
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("整改期限：", self.deadline_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.state_combo.currentTextChanged.connect(self._on_state_combo_current_text_changed)
        self._on_state_combo_current_text_changed(self.state_combo.currentText())

    def _on_state_combo_current_text_changed(self, state: str) -> None:
        self.supply_edit.setEnabled(state == "退回补充")
        self.deadline_edit.setEnabled(state == "整改中")

    def values(self) -> dict:
        state = self.state_combo.currentText()
        return {
            "state": state, "on": from_qdate(self.date_edit.date()),
            "reason": self.reason_edit.toPlainText().strip(),
            "supply_list": self.supply_edit.toPlainText().strip() if state == "退回补充" else "",
            "deadline": from_qdate(self.deadline_edit.date()) if state == "整改中" else None,
        }


class DateTextDialog(QDialog):
    """A date, and optionally a text (项目调整申请: its content; its approval and 备案: a date)."""

    def __init__(self, title: str, prompt: str, today: date, *, with_text: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.date_edit = QDateEdit(to_qdate(today), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("日期：", self.date_edit)
        self.text_edit: QPlainTextEdit | None = None
        if with_text:
            self.text_edit = QPlainTextEdit(self)
            form.addRow("内容：", self.text_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def on(self) -> date:
        return from_qdate(self.date_edit.date())

    def text(self) -> str:
        return self.text_edit.toPlainText().strip() if self.text_edit is not None else ""
