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
    window.procurement_review = ProcurementReviewWidget(ws, window, reviewer=window.is_office, hub=hub)
    window.tabs.addTab(window.dashboard, "首页")
    window.tabs.addTab(window.board, "看板")
    window.tabs.addTab(window.project_list, "项目列表")
    window.tabs.addTab(window.procurement_review, case_tab_title(window.is_office))

    window.detail = ProjectDetail(ws, window, hub=hub)
    window.detail_dock = QDockWidget("项目详情", window)
    window.detail_dock.setObjectName("project_detail_dock")
    window.detail_dock.setWidget(window.detail)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.detail_dock)
    if window.is_office:
        install_checklist(window)
    window.detail_dock.raise_()

    window.project_list.project_selected.connect(window.project_selected)
    window.project_selected.connect(window.detail.set_project)
    window.board.project_selected.connect(window.select_project)
    window.board.project_activated.connect(window.open_project)
    window.board.stage_moved.connect(window.moves.record)
    window.dashboard.project_activated.connect(window.open_project)


def case_tab_title(office: bool) -> str:
    return "采购申报审核" if office else "采购申报"


def install_checklist(window) -> None:
    """The reviewer's checklist dock (第九条): on the office's machine only, made once."""
    if getattr(window, "checklist_panel", None) is not None:
        return
    window.checklist_panel = ChecklistPanel(window.ws, window, hub=window.hub)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.checklist_panel)
    window.tabifyDockWidget(window.detail_dock, window.checklist_panel)
    window.project_selected.connect(window.checklist_panel.set_project)
    window.checklist_panel.stage_moved.connect(window.moves.record)
    # The print actions are made after the tabs: looked up when a form is asked for.
    window.checklist_panel.print_requested.connect(lambda pid, form: window.print_actions.open_preview(form, pid))


def show_side(window) -> None:
    """本机身份设置 changed the side: the views, the docks and the menus follow (PRODUCT.md §1)."""
    office = window.is_office
    window.project_list.model.set_drafts(not office)
    window.procurement_review.set_reviewer(office)
    window.tabs.setTabText(window.tabs.indexOf(window.procurement_review), case_tab_title(office))
    window.dashboard.show_side()
    if office:
        install_checklist(window)
    panel = getattr(window, "checklist_panel", None)
    if panel is not None:
        panel.toggleViewAction().setVisible(office)
        panel.setVisible(office)
        window.detail_dock.raise_()
    for action in window.office_actions:
        action.setVisible(office)
