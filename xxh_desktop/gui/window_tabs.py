"""The main window's views: the four tabs and the two docks, made empty and wired together.

Every view takes the window's `ChangeHub` and redraws itself from the core's
`Changes`; the window fills them once with its first read (`MainWindow._apply_snapshot`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from .kanban import KanbanBoard
from .widgets.checklist_panel import ChecklistPanel
from .widgets.dashboard import Dashboard
from .widgets.procurement_review import ProcurementReviewWidget
from .widgets.project_detail import ProjectDetail
from .widgets.project_list import ProjectList


def build_tabs(window) -> None:
    ws, hub = window.ws, window.hub
    window.dashboard = Dashboard(ws, window, today=window.today, hub=hub, ops=window.ops, load=False)
    window.board = KanbanBoard(ws, window, hub=hub, load=False)
    window.board.model.today = window.today
    window.project_list = ProjectList(ws, window, hub=hub, drafts=not window.is_office, load=False)
    window.procurement_review = ProcurementReviewWidget(ws, window, reviewer=window.is_office, hub=hub,
                                                         load=False)
    window.tabs.addTab(window.dashboard, "首页")
    window.tabs.addTab(window.board, "看板")
    window.tabs.addTab(window.project_list, "项目列表")
    window.tabs.addTab(window.procurement_review, "采购申报审核" if window.is_office else "采购申报")

    window.detail = ProjectDetail(ws, window, hub=hub)
    window.detail_dock = QDockWidget("项目详情", window)
    window.detail_dock.setObjectName("project_detail_dock")
    window.detail_dock.setWidget(window.detail)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.detail_dock)
    if window.is_office:
        window.checklist_panel = ChecklistPanel(ws, window, hub=hub)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.checklist_panel)
        window.tabifyDockWidget(window.detail_dock, window.checklist_panel)
        window.project_selected.connect(window.checklist_panel.set_project)
        window.checklist_panel.stage_moved.connect(window.moves.record)
    window.detail_dock.raise_()

    window.project_list.project_selected.connect(window.project_selected)
    window.project_selected.connect(window.detail.set_project)
    window.board.project_selected.connect(window.select_project)
    window.board.project_activated.connect(window.open_project)
    window.board.stage_moved.connect(window.moves.record)
    window.dashboard.project_activated.connect(window.open_project)
