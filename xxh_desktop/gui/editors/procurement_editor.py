"""附件2 金寨县行政事业单位办公电脑采购申报表 editor: header fields, the item
table (add, remove, reorder; 序号 and 金额 computed; any number of rows),
合计 and 合计金额（大写） live, funding, Excel import, autosaved drafts.

The rules and 人民币大写 are the core's; `submission.submit_procurement`
hands the case in (第五条第二款: 报县智慧办审核).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLineEdit, QMessageBox, QPlainTextEdit, QWidget,
)

from ...amounts import format_yuan, rmb_upper_prefixed
from ...domain.form_data import (
    Form, item_to_form, procurement_form_problems, procurement_from_form, procurement_to_form,
)
from ...domain.stages import CaseStatus
from ...domain.validation import Problem
from ...errors import XxhError
from ...excel.procurement_import import ImportResult, read_procurement_items
from ...submission import FormInvalid, procurement_locked_reason, submit_procurement
from ...workspace import Workspace
from .. import file_dialogs
from ..forms.ui_procurement_editor import Ui_ProcurementEditor
from ..models.procurement_items import ProcurementItemsModel
from .common import (
    REQUIRED_PREFIX, BlankDateStarter, DraftEditor, camel, date_text, label_fields, reformat_amount,
    set_date_text, setup_date_edit, show_message,
)
from ..plain_text import plain_message

DRAFT_KIND = "procurement"
TEXT_FIELDS = ("applicant_unit", "handler", "handler_phone", "unit_leader")
AMOUNT_FIELDS = ("fund_budget", "fund_special", "fund_other")
PLAIN_FIELDS = ("reason", "unit_opinion", "dept_opinion")
_ITEM_FIELD = re.compile(r"items\[(\d+)\]\.(\w+)")


class ProcurementEditor(DraftEditor):
    """Edit one 附件2 case. `submitted(procurement_id)` fires after a submission."""

    submitted = Signal(str)
    draft_kind = DRAFT_KIND

    def __init__(self, ws: Workspace, procurement_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        case = ws.procurements.get(procurement_id)
        self.procurement_id = case.id
        self.ui = Ui_ProcurementEditor()
        self.ui.setupUi(self)
        label_fields(self.ui, "附件2", "procurement")
        self.setWindowTitle(f"附件2 采购申报表 — {case.label}")
        self._touched: set[str] = set()
        self._show_all = False
        self._loading = False
        self.problems: list[Problem] = []

        self.edits: dict[str, QWidget] = {}
        self.error_labels = {name: getattr(self.ui, camel(name) + "Error")
                             for name in (*TEXT_FIELDS, *AMOUNT_FIELDS, *PLAIN_FIELDS, "filled_on")}
        self.error_labels["funds"] = self.ui.fundsSumError
        self.error_labels["items"] = self.ui.itemsError
        for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
            edit: QLineEdit = getattr(self.ui, camel(name) + "Edit")
            self.edits[name] = edit
            edit.textEdited.connect(lambda _t, n=name: self._on_field_edited(n))
        for name in AMOUNT_FIELDS:
            self.edits[name].editingFinished.connect(
                lambda n=name: reformat_amount(self.edits[n], format_yuan, 2))
        for name in PLAIN_FIELDS:
            plain: QPlainTextEdit = getattr(self.ui, camel(name) + "Edit")
            self.edits[name] = plain
            plain.textChanged.connect(lambda n=name: self._on_field_edited(n))
        setup_date_edit(self.ui.filledOnEdit)
        self.edits["filled_on"] = self.ui.filledOnEdit
        self.ui.filledOnEdit.dateChanged.connect(lambda _d: self._on_field_edited("filled_on"))
        BlankDateStarter(self.ui.filledOnEdit, QDate.currentDate)

        self.items_model = ProcurementItemsModel(self)
        view = self.ui.itemsView
        view.setModel(self.items_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(26)
        header = view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 48), (1, 170), (3, 64), (4, 110), (5, 120)):
            view.setColumnWidth(col, width)
        self.items_model.items_changed.connect(self._on_items_changed)
        self.ui.addRowButton.clicked.connect(self._on_add_row_clicked)
        self.ui.removeRowButton.clicked.connect(self._on_remove_row_clicked)
        self.ui.moveUpButton.clicked.connect(lambda: self._move_current(-1))
        self.ui.moveDownButton.clicked.connect(lambda: self._move_current(+1))
        self.ui.importButton.clicked.connect(self._on_import_clicked)

        self._setup_drafts(ws, self.procurement_id, self.ui.autosaveLabel)
        self.ui.saveDraftButton.clicked.connect(self._on_save_draft_clicked)
        self.ui.submitButton.clicked.connect(self._on_submit_clicked)
        self.load()
        self._apply_lock()

    def _apply_lock(self) -> None:
        """Read-only once 县智慧办 handles the case (the core refuses changes then)."""
        reason = procurement_locked_reason(self.ws, self.procurement_id)
        self.locked = reason is not None
        if not self.locked:
            return
        for edit in self.edits.values():
            edit.setReadOnly(True)  # type: ignore[attr-defined]
        self.ui.itemsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for button in (self.ui.saveDraftButton, self.ui.submitButton, self.ui.addRowButton,
                       self.ui.removeRowButton, self.ui.moveUpButton, self.ui.moveDownButton,
                       self.ui.importButton):
            button.setEnabled(False)
        self.ui.draftBanner.setText(f"只读：{reason}")
        self.ui.draftBanner.setVisible(True)

    # ------------------------------------------------------------------ load / collect

    def load(self) -> None:
        form = self._restore_draft(self.ui.draftBanner)
        if form is not None:
            self._touched = {k for k, v in form.items() if v not in ("", None, [])}
        else:
            form = procurement_to_form(self.ws.procurements.form(self.procurement_id))
            submitted = self.ws.procurements.get(self.procurement_id).status != CaseStatus.DRAFT
            self._touched = set(self.error_labels) if submitted else set()
        self.set_form(form)

    def set_form(self, form: Form) -> None:
        self._loading = True
        try:
            for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
                edit = self.edits[name]
                assert isinstance(edit, QLineEdit)
                edit.setText(str(form.get(name, "") or ""))
                if name in AMOUNT_FIELDS:
                    reformat_amount(edit, format_yuan, 2)
            for name in PLAIN_FIELDS:
                self.edits[name].setPlainText(str(form.get(name, "") or ""))  # type: ignore[attr-defined]
            set_date_text(self.ui.filledOnEdit, str(form.get("filled_on", "") or ""))
            rows = list(form.get("items") or [])
            self.items_model.set_rows(rows or [item_to_form_blank()])
        finally:
            self._loading = False
        self.refresh_messages()

    def form(self, *, drop_blank_rows: bool = False) -> Form:
        form: Form = {}
        for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
            form[name] = self.edits[name].text()  # type: ignore[attr-defined]
        for name in PLAIN_FIELDS:
            form[name] = self.edits[name].toPlainText()  # type: ignore[attr-defined]
        form["filled_on"] = date_text(self.ui.filledOnEdit)
        rows = self.items_model.rows()
        if drop_blank_rows:
            rows = [r for r in rows if any(v.strip() for v in r.values())]
        form["items"] = rows
        return form

    # ------------------------------------------------------------------ live messages

    def _on_field_edited(self, name: str) -> None:
        if self._loading or getattr(self, "locked", False):
            return
        self._touched.add(name)
        if name in AMOUNT_FIELDS:
            self._touched.add("funds")
        self.refresh_messages()
        self.autosaver.touch()

    def _on_items_changed(self) -> None:
        if self._loading or getattr(self, "locked", False):
            return
        self._touched.add("funds")
        self.refresh_messages()
        self.autosaver.touch()

    def refresh_messages(self) -> None:
        # Blank rows (just added, not yet typed in) are left out, as submission
        # drops them; problems of row k of the rest map back to its table row.
        form = self.form(drop_blank_rows=True)
        table_rows = [r for r in range(self.items_model.rowCount()) if not self.items_model.is_blank(r)]
        self.problems = procurement_form_problems(form)
        by_field: dict[str, list[str]] = {}
        cell_problems: dict[tuple[int, str], str] = {}
        item_messages: list[str] = []
        for field, message in self.problems:
            match = _ITEM_FIELD.fullmatch(field)
            if match:
                k = int(match.group(1))
                row = table_rows[k]
                if row != k:  # the message's 第N行 is the table's 序号
                    message = message.replace(f"第{k + 1}行", f"第{row + 1}行", 1)
                cell_problems[(row, match.group(2))] = message
                item_messages.append(message)
                continue
            if message.startswith(REQUIRED_PREFIX) and not self._show_all and field not in self._touched:
                continue
            by_field.setdefault(field, []).append(message)
        self.items_model.set_problems(cell_problems)
        by_field.setdefault("items", []).extend(item_messages)
        for name, label in self.error_labels.items():
            show_message(label, by_field.get(name, []))
        self._update_totals(form, table_rows)
        if self.problems:
            self.ui.problemsLabel.setText(f"还有 {len(self.problems)} 处需要填写或改正")
            self.ui.problemsLabel.setStyleSheet("color: #b3261e;")
        else:
            self.ui.problemsLabel.setText("申报表已填写完整，可以提交")
            self.ui.problemsLabel.setStyleSheet("color: #1e7b34;")

    def _update_totals(self, form: Form, table_rows: list[int]) -> None:
        """合计 counts every row whose 金额 can be computed; 大写 per 第五十二条."""
        proc, _ = procurement_from_form(form)
        total, left_out = Decimal("0.00"), []
        for k, item in enumerate(proc.items):
            if (item.amount is not None and item.unit_price == item.unit_price.quantize(Decimal("0.01"))
                    and item.unit_price >= 0 and item.quantity >= 0):
                total += item.amount
            else:
                left_out.append(str(table_rows[k] + 1))  # the table's 序号
        note = f"（第{'、'.join(left_out)}行未计入）" if left_out else ""
        self.ui.totalLabel.setText(f"¥{format_yuan(total)} 元{note}")
        try:
            self.ui.upperLabel.setText(rmb_upper_prefixed(total))
        except XxhError as exc:  # an absurd total: say so instead of failing
            self.ui.upperLabel.setText(str(exc))

    def total_text(self) -> str:
        return self.ui.totalLabel.text()

    def upper_text(self) -> str:
        return self.ui.upperLabel.text()

    # ------------------------------------------------------------------ rows

    def _current_row(self) -> int:
        index = self.ui.itemsView.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> int:
        current = self._current_row()
        row = self.items_model.insert_row(current + 1 if current >= 0 else None)
        self.ui.itemsView.setCurrentIndex(self.items_model.index(row, 1))
        return row

    def _on_add_row_clicked(self) -> None:
        row = self.add_row()
        self.ui.itemsView.edit(self.items_model.index(row, 1))

    def _on_remove_row_clicked(self) -> None:
        row = self._current_row()
        if row < 0:
            return
        self.items_model.remove_row(row)
        if self.items_model.rowCount():
            self.ui.itemsView.setCurrentIndex(self.items_model.index(min(row, self.items_model.rowCount() - 1), 1))

    def _move_current(self, delta: int) -> None:
        row = self._current_row()
        if row < 0:
            return
        col = self.ui.itemsView.currentIndex().column()
        new = self.items_model.move_row(row, delta)
        self.ui.itemsView.setCurrentIndex(self.items_model.index(new, col))

    # ------------------------------------------------------------------ Excel import

    def import_rows(self, result: ImportResult, *, take_good_only: bool = False) -> int:
        """Add the imported rows (after the typed ones; blank rows are replaced)."""
        items = result.items(take_good_only=take_good_only)
        rows = [r for r in self.items_model.rows() if any(v.strip() for v in r.values())]
        rows += [item_to_form(i) for i in items]
        self._loading = True
        try:
            self.items_model.set_rows(rows)
        finally:
            self._loading = False
        self._touched.add("funds")
        self.refresh_messages()
        self.autosaver.touch()
        return len(items)

    def import_excel(self, path: Path, *, take_good_only: bool = False) -> int:
        return self.import_rows(read_procurement_items(path), take_good_only=take_good_only)

    def _on_import_clicked(self) -> None:
        path = file_dialogs.open_file(self, "选择采购明细 Excel 文件", "Excel 文件 (*.xlsx)")
        if not path:
            return
        try:
            result = read_procurement_items(Path(path))
            take_good = False
            if result.errors:
                if not self.ask_take_good_rows(result):
                    return
                take_good = True
            count = self.import_rows(result, take_good_only=take_good)
        except XxhError as exc:
            QMessageBox.warning(self, "未能导入", plain_message(str(exc)))
            return
        self.ui.autosaveLabel.setText(f"已从 Excel 导入 {count} 行")

    def ask_take_good_rows(self, result: ImportResult) -> bool:
        """Some rows are bad: import nothing (the default), or only the good rows?"""
        box = QMessageBox(QMessageBox.Icon.Warning, "Excel 中有错误的行",
                          f"{len(result.errors)} 行有错，{len(result.good)} 行正确。默认不导入任何行；"
                          "可改正后重新导入，或只导入正确的行。\n\n"
                          + "\n".join(e.message for e in result.errors[:10])
                          + ("\n……" if len(result.errors) > 10 else ""), parent=self)
        box.setDetailedText("\n".join(e.message for e in result.errors))
        good_button = box.addButton(f"只导入正确的 {len(result.good)} 行", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("不导入", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        good_button.setEnabled(bool(result.good))
        box.exec()
        return box.clickedButton() is good_button

    # ------------------------------------------------------------------ drafts and submission

    def submit(self) -> list[Problem]:
        """Submit 附件2 (blank rows dropped); returns the problems that stopped it."""
        self.autosaver.cancel()
        self._show_all = True
        form = self.form(drop_blank_rows=True)
        if len(form["items"]) != self.items_model.rowCount():
            self._loading = True
            try:
                self.items_model.set_rows(form["items"])
            finally:
                self._loading = False
        proc, problems = procurement_from_form(form)
        if not problems:
            try:
                submit_procurement(self.ws, self.procurement_id, proc)
            except FormInvalid as exc:
                problems = exc.problems
        if problems:
            self.save_draft_now()
            self.refresh_messages()
            return problems
        self.ui.draftBanner.setVisible(False)
        self.ui.autosaveLabel.setText("已提交申报")
        self.refresh_messages()
        self.submitted.emit(self.procurement_id)
        return []

    def _on_submit_clicked(self) -> None:
        try:
            problems = self.submit()
        except XxhError as exc:
            QMessageBox.warning(self, "未能提交", plain_message(str(exc)))
            return
        if problems:
            lines = "\n".join(f"{i}. {p.message}" for i, p in enumerate(problems, start=1))
            QMessageBox.warning(self, "未能提交",
                                plain_message(f"采购申报表还有 {len(problems)} 处问题，请改正后再提交：\n{lines}"))
        else:
            QMessageBox.information(self, "已提交", "附件2 采购申报表已提交县智慧办审核（状态：已申报）。")


def item_to_form_blank() -> dict[str, str]:
    return {"item": "", "spec": "", "quantity": "", "unit_price": ""}

