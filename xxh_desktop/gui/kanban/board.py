"""The kanban board: one column per main stage, filters, and moves that ask the core.

At 1366 pixels wide the columns are compact (at least six in view beside the
docks), the strip scrolls sideways, and a column folds to a narrow strip by a
click on its header. A card's right-click menu opens, moves, prints or
exports it.
"""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListView, QMenu,
    QMessageBox, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from ...domain.records import Project
from ...domain.stages import SIDE_STATES, STAGES, SideState, Stage, stages_between
from ...errors import XxhError
from ...lifecycle import EVENTS, Event, clear_side_state, move_stage, set_side_state
from ...lifecycle.rules import RECTIFICATION_FAILED
from ...overview import CHANNEL_NAMES
from ...storage.changes import Area, Changes
from ...workspace import Workspace
from ..refresh import ChangeHub, is_wide
from ..screen import is_compact
from .delegate import CardDelegate
from .dialogs import MoveEventDialog, ReasonDialog, SideStateDialog
from .model import ID_ROLE, BoardModel, StageColumnModel
from ..plain_text import plain_message

COLUMN_WIDTH = 232
COMPACT_COLUMN_WIDTH = 156
FOLDED_WIDTH = 30
SEARCH_DELAY_MS = 150   # a search waits for a pause in typing
ALL_YEARS, ALL_UNITS, ALL_CHANNELS, ALL_STATES = "全部年度", "全部单位", "全部资金渠道", "全部状态"
# What a card shows: its facts, stage and side state, 附件1 figures, deadlines (assets' warranty,
# the declaration deadline setting).
BOARD_AREAS = (Area.PROJECT, Area.STAGE, Area.DECLARATION, Area.ASSETS, Area.SETTINGS)
NORMAL = "正常（无状态）"


class StageColumn(QFrame):
    """A header with the stage and its count (a click folds the column), over a list of cards."""

    def __init__(self, model: StageColumnModel, delegate: CardDelegate, width: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.open_width = width
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.setSpacing(2)
        self.header = QToolButton(self)
        self.header.setCheckable(True)
        self.header.setToolTip(f"「{model.stage}」阶段。单击折叠或展开此列。")
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.header.setStyleSheet("QToolButton { font-weight: bold; padding: 4px; background: #e9edf3;"
                                  " border: none; border-radius: 3px; }")
        self.header.toggled.connect(self._on_header_toggled)
        layout.addWidget(self.header)
        self.view = QListView(self)
        self.view.setModel(model)
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
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        layout.addWidget(self.view, 1)
        self.filler = QWidget(self)   # keeps a folded column full height
        self.filler.hide()
        layout.addWidget(self.filler, 1)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.update_header)
        self.setFixedWidth(width)
        self.update_header()

    @property
    def folded(self) -> bool:
        return self.header.isChecked()

    def fold(self, folded: bool) -> None:
        self.header.setChecked(folded)

    def _on_header_toggled(self, folded: bool) -> None:
        self.view.setVisible(not folded)
        self.filler.setVisible(folded)
        self.setFixedWidth(FOLDED_WIDTH if folded else self.open_width)
        self.update_header()

    def update_header(self, *_args) -> None:
        stage, n = self.model.stage.value, self.model.rowCount()
        # Folded: the name top to bottom, one character a line.
        self.header.setText("\n".join(stage) + f"\n\n{n}" if self.folded else f"{stage}（{n}）")

    def count(self) -> int:
        return self.model.rowCount()


class KanbanBoard(QWidget):
    """Every project on one board. Signals carry project UUIDs."""

    project_selected = Signal(str)
    project_activated = Signal(str)      # double-click or 打开: open the detail
    project_moved = Signal(str)
    stage_moved = Signal(str, str, str)  # (id, from stage, to stage) after a move the core accepted
    edit_requested = Signal(str)         # 编辑申报表
    print_requested = Signal(str)        # 打印预览 附件1
    export_requested = Signal(str)       # 导出交换文件

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, hub: ChangeHub | None = None,
                 load: bool = True) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub or ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)
        self.model = BoardModel(ws, self)
        self.compact = is_compact(self)
        self.delegate = CardDelegate(lambda: self.model.today, self, compact=self.compact)
        self.columns: dict[Stage, StageColumn] = {}
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_filter_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._build_filter_bar())
        strip = QWidget(self)
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4 if self.compact else 6)
        width = COMPACT_COLUMN_WIDTH if self.compact else COLUMN_WIDTH
        for stage in STAGES:
            model = self.model.columns[stage]
            model.move_requested.connect(self._on_column_move_requested)
            column = StageColumn(model, self.delegate, width, strip)
            column.view.clicked.connect(self._on_view_clicked)
            column.view.doubleClicked.connect(self._on_view_double_clicked)
            column.view.customContextMenuRequested.connect(
                lambda pos, view=column.view: self._on_view_context_menu(view, pos))
            self.columns[stage] = column
            row.addWidget(column)
        row.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(strip)
        self.scroll.setWidgetResizable(True)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        self.model.changed.connect(self._update_total)
        if load:
            self.reload()
        else:
            self._update_total()

    # ------------------------------------------------------------------ filters

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        # Each combo says what it filters in its first choice («全部年度»): no captions, a bar
        # that fits beside the docks on a 1366-pixel screen.
        self.year_combo = QComboBox(self)
        self.unit_combo = QComboBox(self)
        self.channel_combo = QComboBox(self)
        self.channel_combo.addItems([ALL_CHANNELS, *CHANNEL_NAMES])
        self.side_combo = QComboBox(self)
        self.side_combo.addItems([ALL_STATES, NORMAL, *SIDE_STATES])
        for combo, chars in ((self.year_combo, 5), (self.unit_combo, 6 if self.compact else 10),
                             (self.channel_combo, 6), (self.side_combo, 5)):
            combo.setMinimumContentsLength(chars)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            bar.addWidget(combo)
        self.year_combo.setToolTip("预算年度")
        self.unit_combo.setToolTip("申请单位")
        self.channel_combo.setToolTip("资金渠道（有该渠道资金的项目）")
        self.side_combo.setToolTip("状态（退回补充、整改中等）")
        self.search_edit = QLineEdit(self)
        self.search_edit.setMinimumWidth(120)
        self.search_edit.setPlaceholderText("搜索：编号、名称、单位（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        bar.addWidget(self.search_edit, 1)
        self.total_label = QLabel(self)
        bar.addWidget(self.total_label)
        for combo in (self.year_combo, self.unit_combo, self.channel_combo, self.side_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self.apply_search_now)
        return bar

    def _fill_filter_choices(self) -> None:
        cards = self.model.cards()
        for combo, every, values in ((self.year_combo, ALL_YEARS, sorted({str(c.year) for c in cards}, reverse=True)),
                                     (self.unit_combo, ALL_UNITS, sorted({c.unit for c in cards}))):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([every, *values])
            combo.setCurrentIndex(max(combo.findText(current), 0))
            combo.blockSignals(False)

    def _read_filter(self) -> None:
        f = self.model.filter
        f.year = int(self.year_combo.currentText()) if self.year_combo.currentIndex() > 0 else None
        f.unit = self.unit_combo.currentText() if self.unit_combo.currentIndex() > 0 else ""
        f.channel = self.channel_combo.currentText() if self.channel_combo.currentIndex() > 0 else ""
        side = self.side_combo.currentText()
        f.side_state = None if self.side_combo.currentIndex() == 0 else "" if side == NORMAL else side
        f.text = self.search_edit.text().strip().casefold()

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_filter_changed(self, *_args) -> None:
        self._search_timer.stop()
        before = astuple(self.model.filter)
        self._read_filter()
        if astuple(self.model.filter) != before:
            self.model.refilter()

    def apply_search_now(self) -> None:
        """Run a pending search at once (Enter in the box, tests)."""
        if self._search_timer.isActive():
            self._on_filter_changed()

    def _update_total(self) -> None:
        shown, total = self.model.shown(), self.model.total()
        self.total_label.setText(f"{shown} / {total} 个" if shown != total else f"共 {total} 个")

    def counts(self) -> dict[Stage, int]:
        return {stage: column.count() for stage, column in self.columns.items()}

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read every card again (F5, or after a change too wide to redraw card by card)."""
        self.model.reload()
        self._after_load()

    def load(self, cards, escalations: dict[str, str]) -> None:
        """Show cards read elsewhere (the window's first read, done once for every view)."""
        self.model.load(cards, escalations)
        self._after_load()

    def _after_load(self) -> None:
        before = astuple(self.model.filter)
        self._fill_filter_choices()
        self._read_filter()
        if astuple(self.model.filter) != before:   # a chosen year or unit is gone
            self.model.refilter()
        self._update_total()

    def _on_changes(self, changes: Changes) -> None:
        if not self.model.loaded or not changes.touches(*BOARD_AREAS):
            return
        if is_wide(changes, Area.SETTINGS):
            if not self.hub.read_all_in_background():
                self.reload()
        elif changes.projects:
            self.update_projects(changes.projects)

    def update_projects(self, ids: set[str] | frozenset[str]) -> None:
        """Redraw only the cards of `ids` (the targeted refresh)."""
        self.model.update_projects(ids)
        new_years = {str(self.model.card(i).year) for i in ids if self.model.has(i)}
        new_units = {self.model.card(i).unit for i in ids if self.model.has(i)}
        known_years = {self.year_combo.itemText(i) for i in range(self.year_combo.count())}
        known_units = {self.unit_combo.itemText(i) for i in range(self.unit_combo.count())}
        if not new_years <= known_years or not new_units <= known_units:
            self._fill_filter_choices()

    def select_project(self, project_id: str) -> bool:
        """Scroll to a project's card and select it; False if the filters hide it."""
        if not self.model.has(project_id):
            return False
        stage = self.model.card(project_id).stage
        column = self.columns[stage]
        row = column.model.positions.get(project_id)
        if row is None:
            return False
        if column.folded:
            column.fold(False)
        index = column.model.index(row, 0)
        column.view.setCurrentIndex(index)
        column.view.scrollTo(index)
        self.scroll.ensureWidgetVisible(column)
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

    # ------------------------------------------------------------------ the card's menu

    def card_menu(self, project_id: str) -> QMenu:
        """打开、编辑申报表、移动到…、设置状态…、打印、导出 for one card."""
        card = self.model.card(project_id)
        menu = QMenu(self)
        menu.addAction("打开", lambda: self.project_activated.emit(project_id))
        menu.addAction("编辑申报表…", lambda: self.edit_requested.emit(project_id))
        move = menu.addMenu("移动到")
        for stage in STAGES:
            action = move.addAction(stage.value, lambda s=stage: self.move_project(project_id, s))
            action.setEnabled(stage != card.stage)
        menu.addAction("设置状态…", lambda: self.ask_side_state(project_id))
        menu.addSeparator()
        menu.addAction("打印预览 附件1…", lambda: self.print_requested.emit(project_id))
        menu.addAction("导出交换文件…", lambda: self.export_requested.emit(project_id))
        return menu

    def _on_view_context_menu(self, view: QListView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        pid = index.data(ID_ROLE) if index.isValid() else None
        if not pid:
            return
        view.setCurrentIndex(index)
        self.project_selected.emit(pid)
        menu = self.card_menu(pid)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ------------------------------------------------------------------ moves

    def _on_column_move_requested(self, ids: list, stage: str) -> None:
        # Run after the drag's own event loop has ended: dialogs must not open inside a drop.
        QTimer.singleShot(0, lambda: self.request_move(list(ids), stage))

    def request_move(self, ids: list[str], stage: str) -> list[str]:
        """Move each project to `stage` if the core allows; returns the ids moved."""
        return [pid for pid in ids if self.move_project(pid, stage)]

    def move_project(self, project_id: str, stage: Stage | str, *, reason: str = "") -> bool:
        """Ask what the move needs (a reason back, an event's date forward), then the core.

        The card moves when the core's Changes reach the board (`_on_changes`).
        """
        try:
            proj = self.ws.projects.get(project_id)
            stage = Stage.parse(stage)
        except XxhError as exc:
            QMessageBox.warning(self, "不能移动", plain_message(str(exc)))
            return False
        if proj.stage == stage:
            return False
        on, details = self.model.today, {}
        if stage < proj.stage:
            if not reason:
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
            QMessageBox.warning(self, "不能移动", plain_message(str(exc)))
            return False
        if not result.ok:
            self.show_refusal(proj, stage, list(result.refusals))
            return False
        self.stage_moved.emit(project_id, proj.stage.value, stage.value)
        self.project_moved.emit(project_id)
        return True

    # The three questions below are methods so tests (and other callers) can replace them.

    def ask_reason(self, proj: Project, stage: Stage) -> str | None:
        dialog = ReasonDialog("退回须写明理由",
                              f"将 {proj.label}「{proj.name}」从「{proj.stage}」退回「{stage}」。\n"
                              "请写明理由（记入项目历史）：", self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.reason():
                return dialog.reason()
            QMessageBox.information(self, "须写明理由", "退回前一阶段须写明理由。")
        return None

    def ask_event(self, proj: Project, stage: Stage, events: list[Event]) -> tuple[date, dict] | None:
        dialog = MoveEventDialog(f"{proj.label} 移至「{stage}」", events, self.model.today, proj.year, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.on(), dialog.details()

    def show_refusal(self, proj: Project, stage: Stage, refusals: list[str]) -> None:
        self.say_refusal("不能移动阶段", f"{proj.label}「{proj.name}」不能移至「{stage}」，"
                         f"原因如下（共 {len(refusals)} 条）：", refusals)

    def say_refusal(self, title: str, intro: str, refusals: list[str]) -> None:
        """The refusals as a numbered list, each article a link to the regulation (tests replace this)."""
        from ..dialogs.refusal import show_refusal

        show_refusal(self.window(), title, intro, refusals)

    def ask_target_stage(self, project_id: str) -> None:
        """项目 → 移动阶段…: choose the target stage of one project from a list."""
        proj = self.ws.projects.get(project_id)
        stage, ok = QInputDialog.getItem(self, "移动阶段", f"{proj.label}「{proj.name}」当前阶段："
                                         f"{proj.stage}。移至：", [s.value for s in STAGES],
                                         min(proj.stage.index + 1, len(STAGES) - 1), False)
        if ok and stage:
            self.move_project(project_id, stage)

    # ------------------------------------------------------------------ side states

    def ask_side_state(self, project_id: str) -> bool:
        """项目 → 设置状态…: 退回补充, 不予批准, 整改中 (with its deadline), 暂缓 / 暂停 / 终止."""
        proj = self.ws.projects.get(project_id)
        dialog = SideStateDialog(f"{proj.label} 设置状态", [s.value for s in SIDE_STATES], self.model.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        v = dialog.values()
        return self._after_side_state(proj, set_side_state(
            self.ws, project_id, v["state"], on=v["on"], reason=v["reason"],
            supply_list=v["supply_list"], deadline=v["deadline"]), f"设为「{v['state']}」")

    def ask_clear_side_state(self, project_id: str) -> bool:
        """项目 → 解除状态…: lifting 整改中 asks whether the rectification was met (第二十条)."""
        proj = self.ws.projects.get(project_id)
        if not proj.side_state:
            QMessageBox.information(self, "解除状态", plain_message(f"{proj.label} 当前没有需要解除的状态。"))
            return False
        result = ""
        if proj.side_state == SideState.RECTIFYING:
            choice, ok = QInputDialog.getItem(self, "整改结果", "整改结果（第二十条）：",
                                              ["已整改", RECTIFICATION_FAILED], 0, False)
            if not ok:
                return False
            result = choice
        dialog = ReasonDialog("解除状态", f"解除 {proj.label} 的「{proj.side_state}」。请写明理由：", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self._after_side_state(proj, clear_side_state(
            self.ws, project_id, on=self.model.today, reason=dialog.reason(), result=result), "解除状态")

    def _after_side_state(self, proj: Project, result, what: str) -> bool:
        if not result.ok:
            self.say_refusal("不能设置状态", f"{proj.label}「{proj.name}」不能{what}，"
                             f"原因如下（共 {len(result.refusals)} 条）：", list(result.refusals))
            return False
        self.project_moved.emit(proj.id)
        return True
