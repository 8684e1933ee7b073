"""导入预览: every record of a .xxh file with its status, all choices on one screen, one confirmation.

Built in code, not from a .ui file: everything on it comes from the file being
imported. The core does the work (`preview_import`, `apply_import`); this
dialog only shows the preview and collects the clerk's choices.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QMessageBox, QPushButton, QRadioButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from ...domain.fields import Side
from ...domain.text import shown
from ...errors import XxhError
from ...exchange.identity import KEY_CHANGED
from ...exchange.importer import apply_import, preview_import
from ...exchange.preview import ImportResult, Preview
from ...exchange.merge import CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, Choice
from ...workspace import Workspace
from ..models.import_preview import REVIEW_RED, FieldDiffModel, RecordListModel, is_complete
from ..ops import Op, Operations, error_text
from ..plain_text import plain_message


class ImportPreviewDialog(QDialog):
    def __init__(self, ws: Workspace, preview: Preview, parent: QWidget | None = None,
                 ops: Operations | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ops = ops
        self.preview = preview
        self.result_: ImportResult | None = None
        # Records are taken in unless the clerk says otherwise; a conflict waits for a choice.
        self.choices: dict[str, Choice] = {
            r.record_id: THEIRS for r in preview.records if r.status not in (CONFLICT, OLDER)
        }
        self.setWindowTitle(f"导入预览 — {shown(preview.path.name, 80)}")
        self.resize(1100, 640)   # within the county laptop's 1366×768 screen

        layout = QVBoxLayout(self)
        self.header = QLabel(self._header_html(), self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)
        self.trust_box = self._trust_box()
        layout.addWidget(self.trust_box)

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
        self.record_label.setTextFormat(Qt.TextFormat.RichText)
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
        self.field_view.setColumnWidth(0, 260)
        dl.addWidget(self.field_view, 1)
        self.notes_label = QLabel(detail)
        self.notes_label.setWordWrap(True)
        dl.addWidget(self.notes_label)
        split.addWidget(self.record_view)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setVisible(bool(preview.records))
        layout.addWidget(split, 1)
        if not preview.records:          # a registration file: who sent it and the fingerprint, no table
            layout.addStretch(1)
            self.resize(760, 360)

        bottom = QHBoxLayout()
        self.keep_all_button = QPushButton("全部冲突保留本机", self)
        self.take_all_button = QPushButton("全部冲突采用对方", self)
        self.pending_label = QLabel(self)
        bottom.addWidget(self.keep_all_button)
        bottom.addWidget(self.take_all_button)
        bottom.addWidget(self.pending_label, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("登记" if preview.registration else "导入",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        has_conflicts = bool(preview.conflicts)
        self.keep_all_button.setVisible(has_conflicts)
        self.take_all_button.setVisible(has_conflicts)

        self.record_view.selectionModel().selectionChanged.connect(self._on_record_view_selection_changed)
        self.choice_group.buttonClicked.connect(self._on_choice_group_clicked)
        self.field_model.field_toggled.connect(self._on_field_model_toggled)
        self.keep_all_button.clicked.connect(lambda: self._set_all_conflicts(MINE))
        self.take_all_button.clicked.connect(lambda: self._set_all_conflicts(THEIRS))
        self.trust_check.toggled.connect(self._update_pending)
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
        s = p.sender
        lines = [
            f"<b>{escape(shown(s.name, 60))}</b>（{s.side.value}）发来的<b>{p.purpose}</b>文件，导出于 "
            f"{escape(p.created_at)}，程序版本 {escape(shown(p.app_version, 20))}，格式 {p.format_version}。",
            f"文件 SM3：<span style='font-family:monospace'>{p.file_sm3}</span>；附件 {p.attachments} 个。",
        ]
        if p.registration:
            lines.append(f"这是县智慧办为「<b>{escape(shown(p.registration['unit'], 60))}</b>」制作的单位登记文件："
                         "登记后，本机只接收此密钥签名的县智慧办文件。")
        else:
            lines.append(f"共 {len(p.records)} 条记录：{p.summary()}。"
                         f"<span style='color:{REVIEW_RED}'>红色</span>为阶段、编号和审核结果的变化。"
                         "导入前自动备份数据库，全部记录一次写入。")
        lines += [f"<span style='color:{REVIEW_RED}'>注意：{escape(w)}</span>" for w in p.warnings]
        return "<br>".join(lines)

    def _trust_box(self) -> QGroupBox:
        """A first or changed key: its fingerprint, where the paper copy is, and the clerk's word."""
        s = self.preview.sender
        box = QGroupBox("核对密钥指纹" if s.needs_confirmation else "发送方密钥", self)
        col = QVBoxLayout(box)
        where = "该单位盖章的附件1或附件2页脚" if s.side == Side.UNIT else "县智慧办盖章的单位登记单"
        text = f"签名密钥指纹：<span style='font-family:monospace;font-size:13pt'><b>{s.fingerprint}</b></span>"
        if not s.needs_confirmation:
            text += "　<span style='color:#2e7d32'>（已登记）</span>"
        elif s.status == KEY_CHANGED:
            text += (f"<br><span style='color:{REVIEW_RED}'>「{escape(s.name)}」此前登记的指纹是 {s.replaces}，"
                     "此文件换了新密钥（可能重装了系统，也可能是伪造的文件）。</span>")
        else:
            text += f"<br>首次收到「{escape(s.name)}」的文件。"
        if s.needs_confirmation:
            text += f"<br>请与{where}上印的指纹逐位核对；不一致时不要导入，并与对方联系。"
        label = QLabel(text, box)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(label)
        self.trust_check = QCheckBox("我已逐位核对，指纹与纸质材料一致", box)
        self.trust_check.setVisible(s.needs_confirmation)
        col.addWidget(self.trust_check)
        return box

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
        actionable = rec.status != OLDER and (rec.status != UNCHANGED or rec.moves)
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
        self.field_view.setColumnHidden(3, rec.status != CONFLICT)
        self.field_view.resizeRowsToContents()
        explain = {
            CONFLICT: "对方的内容与本机此前收到的不是同一版本：请对照两栏，整条或逐项选择。"
                      "只有对方填写的内容可以选择，本机填写的内容始终保留。",
            OLDER: "这是对方此前发来过的版本，不会覆盖本机数据。",
            UNCHANGED: "与本机内容相同。",
        }.get(rec.status, "")
        self.record_label.setText(f"<b>{rec.kind_label} {escape(shown(rec.number, 40))}"
                                  f"「{escape(shown(rec.title, 80))}」</b>　{rec.status}　{explain}")
        self.notes_label.setText("<br>".join(f"※ {escape(n)}" for n in rec.notes))

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
        unconfirmed = self.preview.sender.needs_confirmation and not self.trust_check.isChecked()
        self.import_button.setEnabled(not pending and not unconfirmed)
        waiting = ([f"还有 {len(pending)} 条冲突未选择"] if pending else []) + (["请先核对密钥指纹"] if unconfirmed else [])
        self.pending_label.setText("；".join(waiting))

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
            self.set_choice(rec.record_id, self._picked(rec.record_id))
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

    # ------------------------------------------------------------------ apply

    def _on_import(self) -> None:
        trusted = self.preview.sender.fingerprint if self.trust_check.isChecked() else None
        if self.ops is None:
            try:
                self.result_ = apply_import(self.ws, self.preview, self.choices, trust_key=trusted)
            except XxhError as exc:
                QMessageBox.warning(self, "未导入", plain_message(str(exc)))
                return
            self.accept()
            return
        # The worker reads the preview's verified copy: nothing here may close it meanwhile.
        self.buttons.setEnabled(False)
        preview, choices = self.preview, dict(self.choices)
        self.ops.run(Op("导入交换文件", lambda ws, progress: apply_import(ws, preview, choices, trust_key=trusted,
                                                                         progress=progress),
                        on_done=self._on_imported, on_error=self._on_import_failed,
                        on_cancelled=lambda: self.buttons.setEnabled(True),
                        writes=True, cancellable=True, label="正在导入…"))

    def _on_imported(self, result: ImportResult) -> None:
        self.result_ = result
        self.accept()

    def _on_import_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        QMessageBox.warning(self, "未导入", plain_message(error_text(exc)))

    def reject(self) -> None:
        if self.buttons.isEnabled():   # not while the import runs
            super().reject()


def open_import_preview(ws: Workspace, path: str | Path, parent: QWidget | None = None,
                        ops: Operations | None = None) -> ImportResult | None:
    """Preview `path` and import it if the clerk confirms; every refusal is shown, never raised.
    With the window's `ops` the file is checked and imported in the background (and None returned)."""
    if ops is not None:
        # The backup the import makes first is copied and checked while the clerk reads the preview.
        ops.run(Op("读取交换文件", lambda w, _progress: preview_import(w, Path(path), backup_ahead=True),
                   on_done=lambda preview: _show(ws, preview, parent, ops),
                   on_error=lambda exc: QMessageBox.warning(parent, "无法导入", plain_message(error_text(exc))),
                   writes=True, label="正在校验交换文件…"))   # a refusal is written to the audit log
        return None
    try:
        preview = preview_import(ws, Path(path), backup_ahead=True)
    except XxhError as exc:
        QMessageBox.warning(parent, "无法导入", plain_message(str(exc)))
        return None
    return _show(ws, preview, parent, None)


def _show(ws: Workspace, preview: Preview, parent: QWidget | None, ops: Operations | None) -> ImportResult | None:
    try:
        if preview.already_imported_at:
            QMessageBox.information(parent, "无需导入",
                                    plain_message(f"此文件已于 {preview.already_imported_at} 导入，本次未作任何改动。"))
            return None
        dialog = ImportPreviewDialog(ws, preview, parent, ops)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
            return None
    finally:
        preview.close(wait=False)   # a backup begun for an import not made is dropped behind the window
    QMessageBox.information(parent, "导入完成", plain_message(dialog.result_.message))
    return dialog.result_
