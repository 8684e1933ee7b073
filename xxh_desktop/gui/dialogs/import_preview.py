"""导入预览: every record of a .xxh file with its status, all choices on one screen, one confirmation.

Built in code, not from a .ui file: everything on it comes from the file being
imported. The core does the work (`preview_import`, `apply_import`); this
dialog only shows the preview and collects the clerk's choices.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QProgressDialog, QPushButton, QRadioButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from ...errors import XxhError
from ...exchange.importer import KEY_PINNED, ImportResult, KeyChanged, Preview, apply_import, preview_import
from ...exchange.merge import CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED
from ...workspace import Workspace
from ..models.import_preview import Choice, FieldDiffModel, RecordListModel, is_complete


class ImportPreviewDialog(QDialog):
    def __init__(self, ws: Workspace, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.preview = preview
        self.result_: ImportResult | None = None
        # NEW and UPDATE are taken in unless the clerk says otherwise; a conflict waits for a choice.
        self.choices: dict[str, Choice] = {
            r.record_id: THEIRS for r in preview.records if r.status not in (CONFLICT, UNCHANGED, OLDER)
        }
        self.setWindowTitle(f"导入预览 — {preview.path.name}")
        self.resize(1100, 720)

        layout = QVBoxLayout(self)
        self.header = QLabel(self._header_html(), self)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.record_model = RecordListModel(preview.records, self.choices, self)
        self.record_view = QTableView(split)
        self.record_view.setModel(self.record_model)
        self.record_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.record_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.record_view.verticalHeader().hide()
        self.record_view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.record_view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.ResizeToContents)

        detail = QWidget(split)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        self.record_label = QLabel(detail)
        self.record_label.setWordWrap(True)
        dl.addWidget(self.record_label)
        row = QHBoxLayout()
        self.mine_radio = QRadioButton("保留本机", detail)
        self.theirs_radio = QRadioButton("采用对方", detail)
        self.fields_radio = QRadioButton("逐项选择（在下表勾选「采用对方」）", detail)
        self.choice_group = QButtonGroup(self)
        self.choice_group.setExclusive(False)   # a conflict starts with nothing chosen
        for button in (self.mine_radio, self.theirs_radio, self.fields_radio):
            self.choice_group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        dl.addLayout(row)
        self.field_model = FieldDiffModel(self)
        self.field_view = QTableView(detail)
        self.field_view.setModel(self.field_model)
        self.field_view.verticalHeader().hide()
        self.field_view.setWordWrap(True)
        fh = self.field_view.horizontalHeader()
        fh.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        fh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        fh.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        fh.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.field_view.setColumnWidth(0, 260)
        dl.addWidget(self.field_view, 1)
        self.notes_label = QLabel(detail)
        self.notes_label.setWordWrap(True)
        dl.addWidget(self.notes_label)
        split.addWidget(self.record_view)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.suggest_button = QPushButton("按改动方选择（只有一方改过的项）", self)
        self.keep_all_button = QPushButton("全部冲突保留本机", self)
        self.take_all_button = QPushButton("全部冲突采用对方", self)
        self.pending_label = QLabel(self)
        bottom.addWidget(self.suggest_button)
        bottom.addWidget(self.keep_all_button)
        bottom.addWidget(self.take_all_button)
        bottom.addWidget(self.pending_label, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        has_conflicts = bool(preview.conflicts)
        self.keep_all_button.setVisible(has_conflicts)
        self.suggest_button.setVisible(any(f.suggestion for r in preview.conflicts for f in r.fields))
        self.take_all_button.setVisible(has_conflicts)

        self.record_view.selectionModel().selectionChanged.connect(self._on_record_view_selection_changed)
        self.choice_group.buttonClicked.connect(self._on_choice_group_clicked)
        self.field_model.field_toggled.connect(self._on_field_model_toggled)
        self.suggest_button.clicked.connect(self._take_suggestions)
        self.keep_all_button.clicked.connect(lambda: self._set_all_conflicts(MINE))
        self.take_all_button.clicked.connect(lambda: self._set_all_conflicts(THEIRS))
        self.buttons.accepted.connect(self._on_import)
        self.buttons.rejected.connect(self.reject)
        first = next((i for i, r in enumerate(preview.records) if r.status == CONFLICT), 0)
        if preview.records:
            self.record_view.selectRow(first)
        self.record_view.resizeColumnsToContents()
        self._update_pending()

    # ------------------------------------------------------------------ display

    def _header_html(self) -> str:
        p = self.preview
        key_colour = "#2e7d32" if p.key_status == KEY_PINNED else "#c62828"
        lines = [
            f"<b>{p.sender_unit}</b>（{p.sender_role}）发来的<b>{p.purpose}</b>文件，导出于 {p.created_at}，"
            f"程序版本 {p.app_version}，格式 {p.format_version}。",
            f"签名密钥指纹：<span style='font-family:monospace'>{p.fingerprint}</span> "
            f"<span style='color:{key_colour}'>（{p.key_status}）</span>"
            + ("　首次收到该单位的文件：请与对方电话核对指纹后再导入。" if p.key_status != KEY_PINNED else ""),
            f"文件 SM3：<span style='font-family:monospace'>{p.file_sm3}</span>；附件 {p.attachments} 个。",
            f"共 {len(p.records)} 条记录：{p.summary()}。导入前自动备份数据库，全部记录一次写入。",
        ]
        lines += [f"<span style='color:#c62828'>注意：{w}</span>" for w in p.warnings]
        return "<br>".join(lines)

    def current_row(self) -> int:
        rows = self.record_view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _on_record_view_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show_record(self.current_row())

    def _show_record(self, row: int) -> None:
        if row < 0:
            return
        rec = self.record_model.record(row)
        choice = self.choices.get(rec.record_id)
        actionable = rec.status not in (UNCHANGED, OLDER)
        self.mine_radio.setText("不导入" if rec.status == NEW else "保留本机")
        self.theirs_radio.setText("导入" if rec.status == NEW else "采用对方")
        for button in (self.mine_radio, self.theirs_radio):
            button.setEnabled(actionable)
        self.fields_radio.setVisible(rec.status == CONFLICT)
        self.mine_radio.setChecked(choice == MINE)
        self.theirs_radio.setChecked(choice == THEIRS)
        self.fields_radio.setChecked(isinstance(choice, dict))
        self.field_model.show(rec.fields, self._picked(rec.record_id), choosable=rec.status == CONFLICT)
        # Only a conflict has a choice per field; a new record has nothing on this machine to compare.
        self.field_view.setColumnHidden(1, rec.status == NEW)
        for col in (3, 4):
            self.field_view.setColumnHidden(col, rec.status != CONFLICT)
        self.field_view.resizeRowsToContents()
        explain = {
            CONFLICT: "双方在上次交换后都改过此记录：请对照两栏，整条或逐项选择保留哪一方"
                      "（「改动方」对照双方上次共有的版本）。",
            OLDER: "此文件中的版本比本机已有的旧，不会覆盖本机数据。",
            UNCHANGED: "与本机内容相同。",
        }.get(rec.status, "")
        self.record_label.setText(f"<b>{rec.kind_label} {rec.number}「{rec.title}」</b>　{rec.status}　{explain}")
        self.notes_label.setText("<br>".join(f"※ {n}" for n in rec.notes))

    def _picked(self, record_id: str) -> dict[str, str]:
        """Field key -> MINE/THEIRS as chosen so far (missing: not chosen yet)."""
        rec = next(r for r in self.preview.records if r.record_id == record_id)
        choice = self.choices.get(record_id)
        if isinstance(choice, dict):
            return dict(choice)
        return {f.key: choice for f in rec.fields} if choice else {}

    def is_decided(self, record_id: str) -> bool:
        rec = next(r for r in self.preview.records if r.record_id == record_id)
        return is_complete(rec, self.choices.get(record_id))

    def _update_pending(self) -> None:
        pending = [r for r in self.preview.conflicts if not self.is_decided(r.record_id)]
        self.import_button.setEnabled(not pending)
        self.pending_label.setText(f"还有 {len(pending)} 条冲突未选择" if pending else "")

    # ------------------------------------------------------------------ choices

    def set_choice(self, record_id: str, choice: Choice) -> None:
        self.choices[record_id] = choice
        row = next(i for i, r in enumerate(self.preview.records) if r.record_id == record_id)
        self.record_model.choice_changed(row)
        if row == self.current_row():
            self._show_record(row)
        self._update_pending()

    def _on_choice_group_clicked(self, button: QRadioButton) -> None:
        row = self.current_row()
        if row < 0:
            return
        rec = self.record_model.record(row)
        if button is self.fields_radio:   # start from what is chosen, else from the suggestions
            picked = self._picked(rec.record_id) or {f.key: f.suggestion for f in rec.fields if f.suggestion}
            self.set_choice(rec.record_id, picked)
        else:
            self.set_choice(rec.record_id, MINE if button is self.mine_radio else THEIRS)

    def _on_field_model_toggled(self, key: str, theirs: bool) -> None:
        row = self.current_row()
        rec = self.record_model.record(row)
        fields = self._picked(rec.record_id)
        fields[key] = THEIRS if theirs else MINE
        self.set_choice(rec.record_id, fields)

    def _set_all_conflicts(self, choice: str) -> None:
        for rec in self.preview.conflicts:
            self.set_choice(rec.record_id, choice)

    def _take_suggestions(self) -> None:
        """Each field from the side that changed it; fields both sides changed stay for the clerk."""
        for rec in self.preview.conflicts:
            picked = self._picked(rec.record_id) if isinstance(self.choices.get(rec.record_id), dict) else {}
            picked.update({f.key: f.suggestion for f in rec.fields if f.suggestion and f.key not in picked})
            self.set_choice(rec.record_id, picked)

    # ------------------------------------------------------------------ apply

    def _on_import(self) -> None:
        progress = QProgressDialog("正在导入…", "", 0, 100, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def report(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        try:
            self.result_ = apply_import(self.ws, self.preview, self.choices, progress=report)
        except XxhError as exc:
            QMessageBox.warning(self, "未导入", str(exc))
            return
        finally:
            progress.close()
        self.accept()


def open_import_preview(ws: Workspace, path: str | Path, parent: QWidget | None = None) -> ImportResult | None:
    """Preview `path` and import it if the clerk confirms; every refusal is shown, never raised."""
    path = Path(path)
    try:
        try:
            preview = preview_import(ws, path)
        except KeyChanged as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "签名密钥已更换", str(exc), parent=parent)
            repin = box.addButton("我已电话核实，重新固定密钥", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not repin:
                return None
            preview = preview_import(ws, path, accept_new_key=True)
    except XxhError as exc:
        QMessageBox.warning(parent, "无法导入", str(exc))
        return None
    if preview.already_imported_at:
        QMessageBox.information(parent, "无需导入", f"此文件已于 {preview.already_imported_at} 导入，本次未作任何改动。")
        return None
    dialog = ImportPreviewDialog(ws, preview, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
        return None
    QMessageBox.information(parent, "导入完成", dialog.result_.message)
    return dialog.result_
