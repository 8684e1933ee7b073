"""The kanban board: one column per main stage, filters, and moves that ask the core."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
    QListView, QMessageBox, QScrollArea, QVBoxLayout, QWidget,
)

from ...domain.records import Project
from ...domain.stages import SIDE_STATES, STAGES, SideState, Stage, stages_between
from ...errors import XxhError
from ...lifecycle import EVENTS, Event, clear_side_state, move_stage, set_side_state
from ...lifecycle.rules import RECTIFICATION_FAILED
from ...overview import CHANNEL_NAMES
from ...workspace import Workspace
from .delegate import CARD_HEIGHT, CardDelegate
from .dialogs import MoveEventDialog, ReasonDialog, SideStateDialog
from .model import ID_ROLE, BoardFilter, ProjectCardsModel, StageColumnProxy

COLUMN_WIDTH = 232
ALL = "全部"
NORMAL = "正常（无状态）"


class StageColumn(QFrame):
    """A header with the stage and its count, over a list view of cards."""

    def __init__(self, proxy: StageColumnProxy, delegate: CardDelegate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.setSpacing(2)
        self.header = QLabel(self)
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.header.setStyleSheet("font-weight: bold; padding: 4px; background: #e9edf3; border-radius: 3px;")
        layout.addWidget(self.header)
        self.view = QListView(self)
        self.view.setModel(proxy)
        self.view.setItemDelegate(delegate)
        self.view.setUniformItemSizes(True)   # one card height: cheap layout at thousands of cards
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setMinimumHeight(CARD_HEIGHT * 2)
        layout.addWidget(self.view, 1)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset, proxy.layoutChanged):
            signal.connect(self.update_header)
        self.update_header()

    def update_header(self, *_args) -> None:
        self.header.setText(f"{self.proxy.stage}（{self.proxy.rowCount()}）")

    def count(self) -> int:
        return self.proxy.rowCount()


class KanbanBoard(QWidget):
    """Every project on one board. Signals carry project UUIDs."""

    project_selected = Signal(str)
    project_activated = Signal(str)   # double-click: open the detail
    project_moved = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ProjectCardsModel(ws, self)
        self.filter = BoardFilter()
        self.delegate = CardDelegate(lambda: self.model.today, self)
        self.proxies: dict[str, StageColumnProxy] = {}
        self.columns: dict[str, StageColumn] = {}

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filter_bar())
        self._fill_filter_choices(refilter=False)   # the proxies filter once, when they get the model
        strip = QWidget(self)
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for stage in STAGES:
            proxy = StageColumnProxy(stage, self.filter, self)
            proxy.setSourceModel(self.model)
            proxy.move_requested.connect(self._on_proxy_move_requested)
            column = StageColumn(proxy, self.delegate, strip)
            column.view.clicked.connect(self._on_view_clicked)
            column.view.doubleClicked.connect(self._on_view_double_clicked)
            self.proxies[stage] = proxy
            self.columns[stage] = column
            row.addWidget(column)
        row.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(strip)
        self.scroll.setWidgetResizable(True)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        self._update_total()

    # ------------------------------------------------------------------ filters

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.year_combo = QComboBox(self)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setMinimumContentsLength(10)
        self.channel_combo = QComboBox(self)
        self.channel_combo.addItems([ALL, *CHANNEL_NAMES])
        self.side_combo = QComboBox(self)
        self.side_combo.addItems([ALL, NORMAL, *SIDE_STATES])
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("搜索：项目编号、名称、单位…")
        self.search_edit.setClearButtonEnabled(True)
        for label, widget in (("年度：", self.year_combo), ("单位：", self.unit_combo),
                              ("资金渠道：", self.channel_combo), ("状态：", self.side_combo)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(widget)
        bar.addWidget(self.search_edit, 1)
        self.total_label = QLabel(self)
        bar.addWidget(self.total_label)
        for combo in (self.year_combo, self.unit_combo, self.channel_combo, self.side_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._on_filter_changed)
        return bar

    def _fill_filter_choices(self, refilter: bool = True) -> None:
        cards = self.model.cards()
        for combo, values in ((self.year_combo, sorted({str(c.year) for c in cards}, reverse=True)),
                              (self.unit_combo, sorted({c.unit for c in cards}))):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ALL, *values])
            combo.setCurrentIndex(max(combo.findText(current), 0))
            combo.blockSignals(False)
        self._read_filter()
        if refilter:
            self._refilter()

    def _read_filter(self) -> None:
        year = self.year_combo.currentText()
        self.filter.year = int(year) if year and year != ALL else None
        unit = self.unit_combo.currentText()
        self.filter.unit = "" if unit == ALL else unit
        channel = self.channel_combo.currentText()
        self.filter.channel = "" if channel == ALL else channel
        side = self.side_combo.currentText()
        self.filter.side_state = None if side == ALL else "" if side == NORMAL else side
        self.filter.text = self.search_edit.text().strip()

    def _refilter(self) -> None:
        for proxy in self.proxies.values():
            proxy.refilter()
        self._update_total()

    def _on_filter_changed(self, *_args) -> None:
        self._read_filter()
        self._refilter()

    def _update_total(self) -> None:
        shown = sum(c.count() for c in self.columns.values())
        self.total_label.setText(f"显示 {shown} / {self.model.rowCount()} 个项目")

    def counts(self) -> dict[str, int]:
        return {stage: column.count() for stage, column in self.columns.items()}

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.model.reload()   # a reset: the proxies filter anew
        before = astuple(self.filter)
        self._fill_filter_choices(refilter=False)
        if astuple(self.filter) != before:   # a chosen year or unit is gone
            self._refilter()
        self._update_total()

    def select_project(self, project_id: str) -> bool:
        """Scroll to a project's card and select it; False if the filters hide it."""
        row = self.model.row_of(project_id)
        if row < 0:
            return False
        card = self.model.card(row)
        proxy = self.proxies[card.stage]
        index = proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        view = self.columns[card.stage].view
        view.setCurrentIndex(index)
        view.scrollTo(index)
        self.scroll.ensureWidgetVisible(self.columns[card.stage])
        return True

    def current_project_id(self) -> str | None:
        focus = self.focusWidget()
        for column in self.columns.values():
            if column.view is focus and column.view.currentIndex().isValid():
                return column.view.currentIndex().data(ID_ROLE)
        for column in self.columns.values():
            if column.view.selectionModel().hasSelection():
                return column.view.currentIndex().data(ID_ROLE)
        return None

    def _on_view_clicked(self, index: QModelIndex) -> None:
        pid = index.data(ID_ROLE)
        if pid:
            self.project_selected.emit(pid)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        pid = index.data(ID_ROLE)
        if pid:
            self.project_activated.emit(pid)

    # ------------------------------------------------------------------ moves

    def _on_proxy_move_requested(self, ids: list, stage: str) -> None:
        # Run after the drag's own event loop has ended: dialogs must not open inside a drop.
        QTimer.singleShot(0, lambda: self.request_move(list(ids), stage))

    def request_move(self, ids: list[str], stage: str) -> list[str]:
        """Move each project to `stage` if the core allows; returns the ids moved."""
        return [pid for pid in ids if self.move_project(pid, stage)]

    def move_project(self, project_id: str, stage: Stage | str) -> bool:
        try:
            proj = self.ws.projects.get(project_id)
            stage = Stage.parse(stage)
        except XxhError as exc:
            QMessageBox.warning(self, "不能移动", str(exc))
            return False
        if proj.stage == stage:
            return False
        on, reason, details = self.model.today, "", {}
        if stage < proj.stage:
            asked = self.ask_reason(proj, stage)
            if asked is None:
                return False
            reason = asked
        else:
            events = [EVENTS[s] for s in stages_between(proj.stage, stage)]
            if any(e.needs_date for e in events):
                answer = self.ask_event(proj, stage, [e for e in events if e.needs_date])
                if answer is None:
                    return False
                on, details = answer
        try:
            result = move_stage(self.ws, project_id, stage, on=on, reason=reason, details=details)
        except XxhError as exc:
            QMessageBox.warning(self, "不能移动", str(exc))
            return False
        if not result.ok:
            self.show_refusal(proj, stage, list(result.refusals))
            return False
        self.model.refresh_project(project_id)
        self._update_total()
        self.project_moved.emit(project_id)
        return True

    # The three questions below are methods so tests (and other callers) can replace them.

    def ask_reason(self, proj: Project, stage: Stage) -> str | None:
        dialog = ReasonDialog("退回须写明理由",
                              f"将 {proj.number}「{proj.name}」从「{proj.stage}」退回「{stage}」。\n"
                              "请写明理由（记入项目历史）：", self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.reason():
                return dialog.reason()
            QMessageBox.information(self, "须写明理由", "退回前一阶段须写明理由。")
        return None

    def ask_event(self, proj: Project, stage: Stage, events: list[Event]) -> tuple[date, dict] | None:
        dialog = MoveEventDialog(f"{proj.number} 移至「{stage}」", events, self.model.today, proj.year, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.on(), dialog.details()

    def show_refusal(self, proj: Project, stage: Stage, refusals: list[str]) -> None:
        lines = "\n".join(f"• {r}" for r in refusals)
        QMessageBox.warning(self, "不能移动阶段",
                            f"{proj.number}「{proj.name}」不能移至「{stage}」：\n\n{lines}")

    def ask_target_stage(self, project_id: str) -> None:
        """项目 → 移动阶段…: choose the target stage of one project from a list."""
        proj = self.ws.projects.get(project_id)
        stage, ok = QInputDialog.getItem(self, "移动阶段", f"{proj.number}「{proj.name}」当前阶段："
                                         f"{proj.stage}。移至：", [s.value for s in STAGES],
                                         min(proj.stage.index + 1, len(STAGES) - 1), False)
        if ok and stage:
            self.move_project(project_id, stage)

    # ------------------------------------------------------------------ side states

    def ask_side_state(self, project_id: str) -> bool:
        """项目 → 设置状态…: 退回补充, 不予批准, 整改中 (with its deadline), 暂缓 / 暂停 / 终止."""
        proj = self.ws.projects.get(project_id)
        dialog = SideStateDialog(f"{proj.number} 设置状态", [s.value for s in SIDE_STATES], self.model.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        v = dialog.values()
        return self._after_side_state(proj, set_side_state(
            self.ws, project_id, v["state"], on=v["on"], reason=v["reason"],
            supply_list=v["supply_list"], deadline=v["deadline"]), v["state"])

    def ask_clear_side_state(self, project_id: str) -> bool:
        """项目 → 解除状态…: lifting 整改中 asks whether the rectification was met (第二十条)."""
        proj = self.ws.projects.get(project_id)
        if not proj.side_state:
            QMessageBox.information(self, "解除状态", f"{proj.number} 当前没有需要解除的状态。")
            return False
        result = ""
        if proj.side_state == SideState.RECTIFYING:
            choice, ok = QInputDialog.getItem(self, "整改结果", "整改结果（第二十条）：",
                                              ["已整改", RECTIFICATION_FAILED], 0, False)
            if not ok:
                return False
            result = choice
        dialog = ReasonDialog("解除状态", f"解除 {proj.number} 的「{proj.side_state}」。请写明理由：", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self._after_side_state(proj, clear_side_state(
            self.ws, project_id, on=self.model.today, reason=dialog.reason(), result=result), "解除")

    def _after_side_state(self, proj: Project, result, what: str) -> bool:
        if not result.ok:
            lines = "\n".join(f"• {r}" for r in result.refusals)
            QMessageBox.warning(self, "不能设置状态", f"{proj.number}「{proj.name}」不能{what}：\n\n{lines}")
            return False
        self.model.refresh_project(proj.id)
        self._update_total()
        self.project_moved.emit(proj.id)
        return True
