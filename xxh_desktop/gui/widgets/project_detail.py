"""One project's lifecycle detail: its marks, key dates, the facts each side records
(people and procurement; review, running and 涉密), gate materials, existing hardware
and software (第八条第二款), 第十五条 adjustments, and the history of every move."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLineEdit, QListView, QMessageBox, QPushButton, QScrollArea, QTableView,
    QTabWidget, QVBoxLayout, QWidget,
)

from ... import authority, lifecycle
from ...amounts import format_wan, to_decimal
from ...domain import fields
from ...errors import XxhError
from ...flags import project_flags
from ...storage.changes import Changes
from ...workspace import Workspace
from ..models.lifecycle_tables import AssetsModel, HistoryModel, RecordsModel
from ..kanban.dialogs import AdjustmentDialog, DateTextDialog
from ..refresh import ChangeHub
from ..plain_text import plain_label, plain_message
from .timeline import TimelineDelegate

STATUS_COLORS = {"已提交": QColor("#1b7a3a"), "缺": QColor("#c62828"), "暂缺": QColor("#d98200")}
FACT_FIELDS = ("responsible_person", "procurement_method", "procurement_date", "supplier",
               "contract_amount", "contract_date", "supervisor_unit", "tester_unit")
# 第九条 会同有关部门, 第十八条 投入运行 and 报送 (the office's); 第十三条、第十四条 running (the unit's).
RUNNING_FIELDS = ("consulted_units", "consulted_on", "operation_started_on", "self_eval_office_date",
                  "self_eval_finance_date", "security_assessed_on", "cloud_migration", "cloud_migration_due")
CHOICE_FIELDS = {"procurement_method", "cloud_migration"}


def _iso(d: date | None) -> str:
    return d.isoformat() if d else "—"


def _table(model, parent: QWidget, stretch: int = -1) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


class ProjectDetail(QWidget):
    """Shows the project set with `set_project`; `changed(id)` after it saved something.

    It redraws when a write anywhere changes its project (the hub's Changes).
    """

    changed = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, hub: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.project_id: str | None = None
        self.hub = hub or ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)

        layout = QVBoxLayout(self)
        self.title = plain_label(QLabel("未选择项目", self))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 11pt; font-weight: bold;")
        layout.addWidget(self.title)
        # What the record says about its own regularity (逾期申报, 逾期报送, 调整 …), each with its article.
        self.flags_label = QLabel(self)
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet("color: #a15c00;")
        self.flags_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.flags_label)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self._build_overview()
        self._build_materials()
        self._build_assets()
        self._build_adjustments()
        self._build_history()
        self.setEnabled(False)
        # Ctrl+S in the detail saves the facts typed on its 概况 page.
        save = QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_facts_button_clicked)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ------------------------------------------------------------------ building

    def _fact_group(self, title: str, keys: tuple[str, ...], parent: QWidget) -> tuple[QGroupBox, QPushButton]:
        group = QGroupBox(title, parent)
        form = QFormLayout(group)
        for key in keys:
            if key in CHOICE_FIELDS:
                combo = QComboBox(group)
                combo.setEditable(key == "procurement_method")
                combo.addItems(["", *fields.field("project." + key).choices])
                self.fact_edits[key] = combo
            else:
                edit = QLineEdit(group)
                if fields.field("project." + key).kind == fields.Kind.DATE:
                    edit.setPlaceholderText("YYYY-MM-DD")
                self.fact_edits[key] = edit
            form.addRow(f"{fields.field('project.' + key).title_with_unit}：", self.fact_edits[key])
        button = QPushButton("保存", group)
        form.addRow("", button)
        return group, button

    def _build_overview(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        dates = QGroupBox("关键日期（第十七条、第十八条）", page)
        self.dates_form = QFormLayout(dates)
        self.date_labels: dict[str, QLabel] = {}
        for key in ("初验合格", "试运行届满（可终验）", "终验", "投入运行", "绩效自评价截止", "报送县智慧办", "报送县财政局"):
            label = QLabel("—", dates)
            self.date_labels[key] = label
            self.dates_form.addRow(f"{key}：", label)
        box.addWidget(dates)

        self.fact_edits: dict[str, QLineEdit | QComboBox] = {}
        facts, self.save_facts_button = self._fact_group("项目责任人与采购（第十一条、第十二条）", FACT_FIELDS, page)
        self.save_facts_button.clicked.connect(lambda: self._save_facts(FACT_FIELDS))
        box.addWidget(facts)
        running, self.save_running_button = self._fact_group(
            "审核、运行与报送（第九条、第十三条、第十四条、第十八条）", RUNNING_FIELDS, page)
        self.save_running_button.clicked.connect(lambda: self._save_facts(RUNNING_FIELDS))
        box.addWidget(running)

        scope = QGroupBox("适用范围（第三条）", page)
        row = QHBoxLayout(scope)
        self.classified_check = QCheckBox("涉密项目，不属于本办法管辖", scope)
        self.classified_note = QLineEdit(scope)
        self.classified_note.setPlaceholderText("依据：有保密要求的法律、法规、规章或省市文件")
        self.save_classified_button = QPushButton("保存", scope)
        self.save_classified_button.clicked.connect(self._on_save_classified_button_clicked)
        row.addWidget(self.classified_check)
        row.addWidget(self.classified_note, 1)
        row.addWidget(self.save_classified_button)
        box.addWidget(scope)
        box.addStretch(1)
        scroll = QScrollArea(self)   # a short screen scrolls the page instead of growing the window
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, "概况")

    def _build_materials(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.materials_model = RecordsModel(("阶段", "条款", "材料", "状态", "说明"), self)
        self.materials_view = _table(self.materials_model, page, stretch=4)
        box.addWidget(self.materials_view, 1)
        row = QHBoxLayout()
        hint = QLabel("第八条：申报材料暂缺的，报县政府批准前须补交，或由县智慧办写明同意暂缺的理由。", page)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.accept_absence_button = QPushButton("同意暂缺…", page)
        self.accept_absence_button.clicked.connect(self._on_accept_absence_button_clicked)
        row.addWidget(hint, 1)
        row.addWidget(self.accept_absence_button)
        box.addLayout(row)
        self.tabs.addTab(page, "各阶段材料")

    def _build_assets(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        hint = QLabel("已建成系统的申报须明确现有软硬件资源情况（第八条第二款）；过保时间列入首页期限提醒。", page)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        box.addWidget(hint)
        self.assets_model = AssetsModel(self)
        self.assets_view = _table(self.assets_model, page, stretch=1)
        self.assets_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        box.addWidget(self.assets_view, 1)
        row = QHBoxLayout()
        self.add_asset_button = QPushButton("添加一行", page)
        self.remove_asset_button = QPushButton("删除所选行", page)
        self.save_assets_button = QPushButton("保存清单", page)
        self.add_asset_button.clicked.connect(self._on_add_asset_button_clicked)
        self.remove_asset_button.clicked.connect(self._on_remove_asset_button_clicked)
        self.save_assets_button.clicked.connect(self._on_save_assets_button_clicked)
        for b in (self.add_asset_button, self.remove_asset_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.save_assets_button)
        box.addLayout(row)
        self.tabs.addTab(page, "现有软硬件")

    def _build_adjustments(self) -> None:
        page = QWidget(self)
        box = QVBoxLayout(page)
        hint = QLabel("第十五条：项目确需调整的，由项目建设单位向县政府申请调整，同时向县智慧办备案。", page)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        box.addWidget(hint)
        self.adjustments_model = RecordsModel(
            ("申请日期", "类别", "调整内容", "调整后投资额（万元）", "状态", "县政府批准", "县智慧办备案"), self)
        self.adjustments_view = _table(self.adjustments_model, page, stretch=2)
        self.adjustments_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        box.addWidget(self.adjustments_view, 1)
        row = QGridLayout()   # two by two: the dock stays narrow on a laptop screen
        self.new_adjustment_button = QPushButton("新建调整申请…", page)
        self.approve_adjustment_button = QPushButton("记录县政府批准…", page)
        self.file_adjustment_button = QPushButton("记录县智慧办备案…", page)
        self.new_adjustment_button.clicked.connect(self._on_new_adjustment_button_clicked)
        self.approve_adjustment_button.clicked.connect(lambda: self._record_adjustment("county_approved_on"))
        self.file_adjustment_button.clicked.connect(lambda: self._record_adjustment("office_filed_on"))
        row.addWidget(self.new_adjustment_button, 0, 0)
        row.addWidget(self.approve_adjustment_button, 1, 0)
        row.addWidget(self.file_adjustment_button, 1, 1)
        box.addLayout(row)
        self.tabs.addTab(page, "项目调整")

    def _build_history(self) -> None:
        self.history_model = HistoryModel(self)
        self.history_view = QListView(self)
        self.history_view.setModel(self.history_model)
        self.history_view.setItemDelegate(TimelineDelegate(self.history_view))
        self.history_view.setResizeMode(QListView.ResizeMode.Adjust)   # re-wrap reasons on resize
        self.history_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.history_view, "阶段历史")

    # ------------------------------------------------------------------ loading

    def set_project(self, project_id: str | None) -> None:
        self.project_id = project_id
        self.setEnabled(project_id is not None)
        if project_id is None:
            self.title.setText("未选择项目")
            return
        p = self.ws.projects.get(project_id)
        side = f" · {p.side_state}" if p.side_state else ""
        self.title.setText(f"{p.label}  {p.name}\n{p.unit} · {p.stage}{side}")
        flags = project_flags(self.ws, p.id)
        self.flags_label.setText("\n".join(f"※ {f.text}" for f in flags))
        self.flags_label.setVisible(bool(flags))
        office = authority.field_refusal(self.ws.actor, "project.classified", p.unit)
        self.classified_check.setChecked(p.classified)
        self.classified_note.setText(p.classified_note)
        for w in (self.classified_check, self.classified_note, self.save_classified_button):
            w.setEnabled(office is None)
            w.setToolTip(office or "")
        why = authority.field_refusal(self.ws.actor, "material.accepted_reason", p.unit)
        self.accept_absence_button.setEnabled(why is None)
        self.accept_absence_button.setToolTip(why or "")
        for key, value in lifecycle.key_dates(self.ws, project_id).items():
            self.date_labels[key].setText(value.isoformat() if value else "—")
        refusals: dict[str, str] = {}
        for key, widget in self.fact_edits.items():
            raw = getattr(p, key)
            if key == "contract_amount":
                text = "" if raw is None else format_wan(raw).replace(",", "")
            elif isinstance(raw, date):
                text = raw.isoformat()
            else:
                text = "" if raw is None else str(raw)
            # The core refuses a fact this machine's side does not own; the window says so up front.
            why = authority.field_refusal(self.ws.actor, f"project.{key}", p.unit)
            if why:
                refusals[key] = why
            if isinstance(widget, QComboBox):
                widget.setCurrentText(text)
                widget.setEnabled(why is None)
            else:
                widget.setText(text)
                widget.setReadOnly(why is not None)
            widget.setToolTip(why or "")
        for keys, button in ((FACT_FIELDS, self.save_facts_button), (RUNNING_FIELDS, self.save_running_button)):
            button.setEnabled(any(k not in refusals for k in keys))
        mats = lifecycle.gate_materials(self.ws, project_id)
        self.materials_model.set_rows(
            [(m.stage, m.article, m.kind, m.status, m.note) for m in mats],
            colors=[STATUS_COLORS.get(m.status) for m in mats])
        self.assets_model.set_assets(self.ws.assets.of(p.id))
        self.history_model.set_history(self.ws.history.list(p.id))
        adjustments = self.ws.adjustments.of(p.id)
        self.adjustments_model.set_rows(
            [(a.requested_on.isoformat(), a.kind or "—", a.content,
              format_wan(a.new_investment) if a.new_investment is not None else "", a.state,
              _iso(a.county_approved_on), _iso(a.office_filed_on)) for a in adjustments],
            ids=[str(a.id) for a in adjustments])

    def reload(self) -> None:
        if self.project_id:
            try:
                self.set_project(self.project_id)
            except XxhError:   # the project is gone (e.g. a restore)
                self.set_project(None)

    def _on_changes(self, changes: Changes) -> None:
        if self.project_id and self.project_id in changes.projects:
            self.reload()

    # ------------------------------------------------------------------ saving

    def fact_values(self, keys: tuple[str, ...] = FACT_FIELDS) -> dict[str, str]:
        return {k: (w.currentText() if isinstance(w, QComboBox) else w.text()).strip()
                for k, w in self.fact_edits.items() if k in keys}

    def _save_facts(self, keys: tuple[str, ...]) -> None:
        if not self.project_id:
            return
        try:
            lifecycle.update_facts(self.ws, self.project_id, self.fact_values(keys))
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.reload()
        self.changed.emit(self.project_id)

    def _on_save_facts_button_clicked(self) -> None:
        """Ctrl+S: every fact typed on the 概况 page (those not this side's are unchanged, so not refused)."""
        self._save_facts(FACT_FIELDS + RUNNING_FIELDS)

    def _on_save_classified_button_clicked(self) -> None:
        if not self.project_id:
            return
        try:
            lifecycle.set_classified(self.ws, self.project_id, self.classified_check.isChecked(),
                                     self.classified_note.text())
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.reload()
        self.changed.emit(self.project_id)

    def ask_absence_reason(self, kind: str) -> str | None:
        text, ok = QInputDialog.getText(self, "同意暂缺（第八条）", f"同意「{kind}」暂缺的理由：")
        return text if ok else None

    def _on_accept_absence_button_clicked(self) -> None:
        index = self.materials_view.currentIndex()
        if not self.project_id or not index.isValid():
            QMessageBox.information(self, "同意暂缺", "请先选择一份标为暂缺的申报材料。")
            return
        row = index.row()
        article = self.materials_model.index(row, 1).data()
        kind = self.materials_model.index(row, 2).data()
        status = self.materials_model.index(row, 3).data()
        if status != "暂缺" or article != "第八条":
            QMessageBox.information(self, "同意暂缺", "只有标为暂缺的第八条申报材料可以同意暂缺。")
            return
        reason = self.ask_absence_reason(kind)
        if reason is None:
            return
        try:
            lifecycle.accept_absent_material(self.ws, self.project_id, kind, reason)
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.changed.emit(self.project_id)

    # The two questions below are methods so tests can answer them.

    def ask_adjustment(self) -> dict | None:
        """The request: requested_on, kind, content and (投资概算) new_investment as typed (万元)."""
        dialog = AdjustmentDialog(date.today(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def ask_date(self, title: str) -> date | None:
        dialog = DateTextDialog(title, f"{title}的日期：", date.today(), with_text=False, parent=self)
        return dialog.on() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_new_adjustment_button_clicked(self) -> None:
        if not self.project_id:
            return
        answer = self.ask_adjustment()
        if answer is None:
            return
        try:
            amount = answer["new_investment"].strip()
            lifecycle.request_adjustment(
                self.ws, self.project_id, answer["content"], requested_on=answer["requested_on"], kind=answer["kind"],
                new_investment=to_decimal(amount, what="调整后投资额") if amount else None)
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.changed.emit(self.project_id)

    def _record_adjustment(self, what: str) -> None:
        index = self.adjustments_view.currentIndex()
        if not self.project_id or not index.isValid():
            QMessageBox.information(self, "项目调整", "请先选择一条调整申请。")
            return
        title = "县政府批准调整" if what == "county_approved_on" else "县智慧办备案"
        on = self.ask_date(title)
        if on is None:
            return
        try:
            lifecycle.record_adjustment(self.ws, int(self.adjustments_model.row_id(index.row())), **{what: on})
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.changed.emit(self.project_id)

    def _on_add_asset_button_clicked(self) -> None:
        self.assets_model.insertRows(self.assets_model.rowCount(), 1)
        index = self.assets_model.index(self.assets_model.rowCount() - 1, 1)
        self.assets_view.setCurrentIndex(index)
        self.assets_view.edit(index)

    def _on_remove_asset_button_clicked(self) -> None:
        rows = sorted({i.row() for i in self.assets_view.selectionModel().selectedIndexes()}, reverse=True)
        for row in rows:
            self.assets_model.removeRows(row, 1)

    def _on_save_assets_button_clicked(self) -> None:
        if not self.project_id:
            return
        try:
            lifecycle.set_existing_assets(self.ws, self.project_id, self.assets_model.assets())
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.changed.emit(self.project_id)
