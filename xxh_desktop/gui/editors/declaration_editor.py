"""附件1 金寨县政务信息化建设项目申报表 editor: the paper form's layout, live
messages beside each field, a character counter, autosaved drafts, and the
第八条 material list.

Every rule is the core's (`domain.validation`); this widget only shows its
messages. Typing saves drafts (`drafts.save_draft`) ~2 s after the last
keystroke and on close; 提交申报 calls `submission.submit_declaration`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QWidget,
)

from ...amounts import format_wan
from ...checklist import declaration_warnings
from ...domain.filenames import safe_temp_name
from ...domain.form_data import Form, declaration_form_problems, declaration_from_form, declaration_to_form
from ...domain.materials import ALL_KINDS
from ...domain.stages import Stage
from ...domain.validation import CONTENT_LIMIT, Problem, content_length
from ...errors import XxhError
from ...submission import FormInvalid, declaration_locked_reason, material_problems, submit_declaration
from ...workspace import Workspace
from .. import file_dialogs
from ..forms.ui_declaration_editor import Ui_DeclarationEditor
from ..models.materials import MaterialsModel
from .common import (
    REQUIRED_PREFIX, BlankDateStarter, DraftEditor, camel, date_text, label_fields, reformat_amount,
    set_date_text, setup_date_edit, show_message,
)
from ..plain_text import plain_message

DRAFT_KIND = "declaration"
TEXT_FIELDS = ("applicant_unit", "leader", "contact", "phone", "email", "project_name")
AMOUNT_FIELDS = ("investment", "fund_fiscal", "fund_self", "fund_bank", "fund_other")
PLAIN_FIELDS = ("content", "dept_opinion")
DATE_FIELDS = {"declared_on": False, "start_month": True, "end_month": True}  # name → is a month


class DeclarationEditor(DraftEditor):
    """Edit one project's 附件1. `submitted(project_id)` fires after a submission."""

    submitted = Signal(str)
    draft_kind = DRAFT_KIND

    def __init__(self, ws: Workspace, project_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        project = ws.projects.get(project_id)  # a number works too; drafts are keyed by the UUID
        self.project_id = project.id
        self.ui = Ui_DeclarationEditor()
        self.ui.setupUi(self)
        label_fields(self.ui, "附件1", "declaration")
        number = project.label
        self.setWindowTitle(f"附件1 申报表 — {number}")
        self._touched: set[str] = set()
        self._show_all = False
        self._loading = False
        self._temp_dir: tempfile.TemporaryDirectory | None = None
        self.problems: list[Problem] = []

        self.edits: dict[str, QWidget] = {}
        self.error_labels = {name: getattr(self.ui, camel(name) + "Error")
                             for name in (*TEXT_FIELDS, *AMOUNT_FIELDS, *PLAIN_FIELDS, *DATE_FIELDS)}
        self.error_labels["funds"] = self.ui.fundsSumError
        for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
            edit: QLineEdit = getattr(self.ui, camel(name) + "Edit")
            self.edits[name] = edit
            edit.textEdited.connect(lambda _text, n=name: self._on_field_edited(n))
        for name in AMOUNT_FIELDS:
            self.edits[name].editingFinished.connect(
                lambda n=name: reformat_amount(self.edits[n], format_wan, 4))
        for name in PLAIN_FIELDS:
            plain: QPlainTextEdit = getattr(self.ui, camel(name) + "Edit")
            self.edits[name] = plain
            plain.textChanged.connect(lambda n=name: self._on_field_edited(n))
        for name, is_month in DATE_FIELDS.items():
            picker = getattr(self.ui, camel(name) + "Edit")
            setup_date_edit(picker, months=is_month)
            self.edits[name] = picker
            picker.dateChanged.connect(lambda _d, n=name: self._on_field_edited(n))
            BlankDateStarter(picker, lambda n=name: self._default_date(n))
        self.ui.existingSystemCheck.toggled.connect(self._on_existing_system_toggled)

        # Read-only hints above the submit button: what the office's checklist will raise
        # about the declaration's own words (第八条第三款, 第十四条), before it is sent.
        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("warningsLabel")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #a15c00; background: #fff8e6; padding: 4px;")
        self.ui.mainLayout.insertWidget(self.ui.mainLayout.count() - 1, self.warnings_label)

        self._setup_drafts(ws, self.project_id, self.ui.autosaveLabel)
        self._install_materials()
        self.ui.saveDraftButton.clicked.connect(self._on_save_draft_clicked)
        self.ui.submitButton.clicked.connect(self._on_submit_clicked)
        self.load()
        self._apply_lock()

    def _apply_lock(self) -> None:
        """Read-only while 县智慧办 has the declaration (the core refuses changes then)."""
        reason = declaration_locked_reason(self.ws, self.project_id)
        self.locked = reason is not None
        if not self.locked:
            return
        for edit in self.edits.values():
            edit.setReadOnly(True)  # type: ignore[attr-defined]
        self.ui.existingSystemCheck.setEnabled(False)
        for button in (self.ui.saveDraftButton, self.ui.submitButton, self.ui.attachButton,
                       self.ui.replaceButton, self.ui.waiveButton):
            button.setEnabled(False)
        self.ui.draftBanner.setText(f"只读：{reason}")
        self.ui.draftBanner.setVisible(True)

    # ------------------------------------------------------------------ load / collect

    def load(self) -> None:
        """Show the newest draft if there is one, else the stored declaration."""
        form = self._restore_draft(self.ui.draftBanner)
        if form is not None:
            self._touched = {k for k, v in form.items() if v not in ("", None, False)}
        else:
            form = declaration_to_form(self.ws.declarations.get(self.project_id))
            status = self.ws.declarations.status(self.project_id)
            self._touched = set() if status != "已申报" else set(self.error_labels)
        self.set_form(form)

    def set_form(self, form: Form) -> None:
        self._loading = True
        try:
            for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
                value = str(form.get(name, "") or "")
                if name in AMOUNT_FIELDS and value:
                    edit = self.edits[name]
                    assert isinstance(edit, QLineEdit)
                    edit.setText(value)
                    reformat_amount(edit, format_wan, 4)
                else:
                    self.edits[name].setText(value)  # type: ignore[attr-defined]
            for name in PLAIN_FIELDS:
                plain = self.edits[name]
                assert isinstance(plain, QPlainTextEdit)
                plain.setPlainText(str(form.get(name, "") or ""))
            for name, is_month in DATE_FIELDS.items():
                set_date_text(self.edits[name], str(form.get(name, "") or ""), month=is_month)  # type: ignore[arg-type]
            self.ui.existingSystemCheck.setChecked(bool(form.get("is_existing_system", False)))
        finally:
            self._loading = False
        self.materials_model.reload(self.ui.existingSystemCheck.isChecked())
        self.refresh_messages()

    def form(self) -> Form:
        """What is typed now, as the core's form dict (also a draft's payload)."""
        form: Form = {}
        for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
            form[name] = self.edits[name].text()  # type: ignore[attr-defined]
        for name in PLAIN_FIELDS:
            form[name] = self.edits[name].toPlainText()  # type: ignore[attr-defined]
        for name, is_month in DATE_FIELDS.items():
            form[name] = date_text(self.edits[name], month=is_month)  # type: ignore[arg-type]
        form["is_existing_system"] = self.ui.existingSystemCheck.isChecked()
        return form

    def _default_date(self, name: str) -> QDate:
        """Where a blank date picker starts: today, or the months of the year
        the declaration is for (第五条: declared in autumn for the next year)."""
        today = QDate.currentDate()
        if name == "start_month":
            return QDate(today.year() + 1, 1, 1)
        if name == "end_month":
            start = self.edits["start_month"].date()  # type: ignore[attr-defined]
            year = start.year() if start != self.edits["start_month"].minimumDate() else today.year() + 1  # type: ignore[attr-defined]
            return QDate(year, 12, 1)
        return today

    # ------------------------------------------------------------------ live messages

    def _on_field_edited(self, name: str) -> None:
        if self._loading or getattr(self, "locked", False):
            return
        self._touched.add(name)
        if name in AMOUNT_FIELDS:
            self._touched.add("funds")
        self.refresh_messages()
        self.autosaver.touch()

    def _on_existing_system_toggled(self, checked: bool) -> None:
        self.materials_model.reload(checked)
        if not self._loading:
            self.refresh_messages()
            self.autosaver.touch()

    def refresh_messages(self) -> None:
        """Put every core message beside its field (required-field reminders
        only once the field was touched or a submission was tried)."""
        form = self.form()
        self.problems = declaration_form_problems(form)
        by_field: dict[str, list[str]] = {}
        for field, message in self.problems:
            if message.startswith(REQUIRED_PREFIX) and not self._show_all and field not in self._touched:
                continue
            by_field.setdefault(field, []).append(message)
        for name, label in self.error_labels.items():
            show_message(label, by_field.get(name, []))
        self._update_counter(form["content"])
        self.warnings = declaration_warnings(str(form["project_name"]), str(form["content"]))
        self.warnings_label.setText("提交前请注意（县智慧办审核时将核对）：\n" +
                                    "\n".join(f"• {w}" for w in self.warnings) if self.warnings else "")
        self.warnings_label.setVisible(bool(self.warnings))
        missing = material_problems(self.ws, self.project_id, self.ui.existingSystemCheck.isChecked())
        total = len(self.problems) + len(missing)
        if total:
            self.ui.problemsLabel.setText(f"还有 {total} 处需要填写或改正")
            self.ui.problemsLabel.setStyleSheet("color: #b3261e;")
        else:
            self.ui.problemsLabel.setText("申报表已填写完整，可以提交")
            self.ui.problemsLabel.setStyleSheet("color: #1e7b34;")

    def _update_counter(self, content: str) -> None:
        n = content_length(content)
        self.ui.contentCounter.setText(f"已输入 {n}/{CONTENT_LIMIT} 字")
        self.ui.contentCounter.setStyleSheet("color: #b3261e; font-weight: bold;" if n > CONTENT_LIMIT else "")

    def messages_for(self, field: str) -> str:
        return self.error_labels[field].text()

    # ------------------------------------------------------------------ drafts

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._temp_dir is not None:
            self._temp_dir.cleanup()
            self._temp_dir = None
        super().closeEvent(event)

    # ------------------------------------------------------------------ submission

    def submit(self) -> list[Problem]:
        """Submit 附件1; returns the problems that stopped it (empty on success)."""
        self.autosaver.cancel()
        decl, problems = declaration_from_form(self.form())
        self._show_all = True
        if problems:
            self.save_draft_now()
            self.refresh_messages()
            return problems
        try:
            submit_declaration(self.ws, self.project_id, decl)
        except FormInvalid as exc:
            self.save_draft_now()
            self.refresh_messages()
            return exc.problems
        self.ui.draftBanner.setVisible(False)
        self.ui.autosaveLabel.setText(f"已提交申报。{self._advance_stage()}")
        self.refresh_messages()
        self.submitted.emit(self.project_id)
        return []

    def _advance_stage(self) -> str:
        """A 草稿 project follows its submitted 附件1 to 已申报 — through the
        lifecycle's own gate (lifecycle.py owns stage moves)."""
        from datetime import date

        from ...lifecycle import move_stage

        if self.ws.projects.get(self.project_id).stage != Stage.DRAFT:
            return ""
        result = move_stage(self.ws, self.project_id, Stage.DECLARED, on=date.today())
        return "项目已进入「已申报」阶段。" if result.ok else "项目阶段未变：" + "；".join(result.refusals)

    def _on_submit_clicked(self) -> None:
        try:
            problems = self.submit()
        except XxhError as exc:
            QMessageBox.warning(self, "未能提交", plain_message(str(exc)))
            return
        if problems:
            lines = "\n".join(f"{i}. {p.message}" for i, p in enumerate(problems, start=1))
            QMessageBox.warning(self, "未能提交",
                                plain_message(f"申报表还有 {len(problems)} 处问题，请改正后再提交：\n{lines}"))
        else:
            QMessageBox.information(self, "已提交", "附件1 申报表已提交（状态：已申报）。")

    # ------------------------------------------------------------------ materials (第八条)

    def _install_materials(self) -> None:
        self.materials_model = MaterialsModel(self.ws, self.project_id, self)
        view = self.ui.materialsView
        view.setModel(self.materials_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        view.setColumnWidth(0, 170)
        view.setColumnWidth(1, 60)
        view.setColumnWidth(2, 180)
        view.doubleClicked.connect(lambda _i: self._on_open_clicked())
        self.ui.attachButton.clicked.connect(self._on_attach_clicked)
        self.ui.replaceButton.clicked.connect(self._on_attach_clicked)
        self.ui.openButton.clicked.connect(self._on_open_clicked)
        self.ui.waiveButton.clicked.connect(self._on_waive_clicked)

    def _current_kind(self) -> str | None:
        index = self.ui.materialsView.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, "请选择", "请先在列表中选择一类材料。")
            return None
        return self.materials_model.kind(index.row())

    def attach_file(self, kind: str, path: Path) -> None:
        """Attach (or replace) the material of `kind` with the file at `path`."""
        self.ws.materials.attach_file(self.project_id, kind, Path(path))
        self._materials_changed()

    def waive(self, kind: str, reason: str) -> None:
        self.ws.materials.waive(self.project_id, kind, reason)
        self._materials_changed()

    def material_file(self, kind: str) -> Path:
        """Write the attached file of `kind` to a temporary file (removed on close)."""
        row = next((m for m in self.ws.materials.list(self.project_id) if m.kind == kind and m.sm3), None)
        if row is None or row.sm3 is None:
            raise XxhError(f"「{kind}」还没有附上文件。")
        if self._temp_dir is None:
            self._temp_dir = tempfile.TemporaryDirectory(prefix="xxh-")   # private to this user (0700)
        # The stored name is data, never a path: the file gets a generated name of a safe type.
        target = Path(self._temp_dir.name) / safe_temp_name(ALL_KINDS.index(kind), row.sm3, row.filename)
        target.write_bytes(self.ws.materials.blob(row.sm3))
        return target

    def open_material(self, kind: str) -> Path:
        path = self.material_file(kind)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            raise XxhError(f"系统没有能打开 {path.name} 的程序。文件已临时保存在：{path}")
        return path

    def _materials_changed(self) -> None:
        current = self.ui.materialsView.currentIndex().row()
        self.materials_model.reload()
        if current >= 0:
            self.ui.materialsView.selectRow(current)
        self.refresh_messages()

    def _on_attach_clicked(self) -> None:
        kind = self._current_kind()
        if kind is None:
            return
        path = file_dialogs.open_file(self, f"选择「{kind}」文件", "所有文件 (*)")
        if not path:
            return
        try:
            self.attach_file(kind, Path(path))
        except XxhError as exc:
            QMessageBox.warning(self, "未能附加", plain_message(str(exc)))

    def _on_open_clicked(self) -> None:
        kind = self._current_kind()
        if kind is None:
            return
        try:
            self.open_material(kind)
        except XxhError as exc:
            QMessageBox.warning(self, "无法打开", plain_message(str(exc)))

    def _on_waive_clicked(self) -> None:
        kind = self._current_kind()
        if kind is None:
            return
        reason, ok = QInputDialog.getText(self, "标记暂缺", f"「{kind}」暂缺的原因（第八条材料可后补）：")
        if not ok:
            return
        try:
            self.waive(kind, reason)
        except XxhError as exc:
            QMessageBox.warning(self, "未能标记", plain_message(str(exc)))

