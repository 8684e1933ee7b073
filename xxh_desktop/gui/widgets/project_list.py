"""The 项目列表 tab: every project in a table, a search that waits for a pause in typing.

On a department machine a column shows when each 附件1 draft was last
autosaved, so an unsubmitted declaration never drops out of sight.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from ...domain.records import ProjectSummary
from ...storage.changes import Area, Changes
from ...workspace import Workspace
from ..models.project_table import ID_ROLE, ProjectTableModel
from ..refresh import ChangeHub, is_wide

SEARCH_DELAY_MS = 150
LIST_AREAS = (Area.PROJECT, Area.STAGE, Area.DECLARATION, Area.DRAFTS)
WIDTHS = {0: 110, 2: 170, 3: 72, 4: 110, 5: 96, 6: 112, 7: 130}


class ProjectList(QWidget):
    """`project_selected(id)` on a new current row; `project_activated(id)` on double-click or Enter."""

    project_selected = Signal(str)
    project_activated = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, hub: ChangeHub | None = None,
                 drafts: bool = False, load: bool = True) -> None:
        super().__init__(parent)
        self.ws = ws
        self._quiet = False
        self.hub = hub or ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("查找：", self))
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("项目编号、名称、单位、年度、阶段…（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        bar.addWidget(self.search_edit, 1)
        self.shown_label = QLabel(self)
        bar.addWidget(self.shown_label)
        layout.addLayout(bar)

        self.model = ProjectTableModel(ws, self, drafts=drafts)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in WIDTHS.items():
            if col < self.model.columnCount():
                self.view.setColumnWidth(col, width)
        # The rows come ordered by number: the indicator says so and nothing is sorted at start.
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        layout.addWidget(self.view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search_now)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_search_now)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.view.doubleClicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)   # Enter (and, by style, a double-click)
        self.model.modelReset.connect(self._update_shown)
        self.model.rowsInserted.connect(self._update_shown)
        self.model.rowsRemoved.connect(self._update_shown)
        if load:
            self.model.reload()
        self._update_shown()

    # ------------------------------------------------------------------ loading

    def load(self, summaries: list[ProjectSummary]) -> None:
        current = self.current_project_id()
        self.model.load(summaries)
        if current:
            self.select_project(current, emit=False)

    def reload(self) -> None:
        self.load(self.ws.views.summaries())

    def _on_changes(self, changes: Changes) -> None:
        if not self.model.loaded or not changes.touches(*LIST_AREAS):
            return
        if is_wide(changes):
            if not self.hub.read_all_in_background():
                self.reload()
        elif changes.touches(Area.DRAFTS) and not changes.projects and self.model.drafts:
            self.reload()
        elif changes.projects:
            self.model.update_projects(changes.projects)

    def _update_shown(self, *_args) -> None:
        total, shown = self.model.total(), self.model.rowCount()
        self.shown_label.setText(f"{shown} / {total} 个项目" if shown != total else f"共 {total} 个项目")

    # ------------------------------------------------------------------ search

    def apply_search_now(self) -> None:
        self._search_timer.stop()
        current = self.current_project_id()
        self.model.set_filter(self.search_edit.text())
        if current and self.model.row_of(current) >= 0:
            self.select_project(current, emit=False)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ------------------------------------------------------------------ selection

    def current_project_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def selected_project_ids(self) -> list[str]:
        return [i.data(ID_ROLE) for i in self.view.selectionModel().selectedRows()]

    def select_project(self, project_id: str, *, emit: bool = True) -> bool:
        """Make `project_id` the current row (clearing a search that hides it); False if unknown."""
        if not self.model.has_project(project_id):
            return False
        if self.model.row_of(project_id) < 0:
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.model.set_filter("")
        index = self.model.index(self.model.row_of(project_id), 0)
        self._quiet = True   # said once below, not again by the selection change
        try:
            self.view.setCurrentIndex(index)
        finally:
            self._quiet = False
        self.view.scrollTo(index)
        if emit:
            self.project_selected.emit(project_id)
        return True

    def _on_view_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._quiet:
            return
        pid = self.current_project_id()
        if pid:
            self.project_selected.emit(pid)

    def _on_view_activated(self, index: QModelIndex) -> None:
        pid = index.data(ID_ROLE)
        if pid:
            self.project_activated.emit(pid)
