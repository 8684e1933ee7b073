"""The main window's views: the four tabs and the two docks, made empty and wired together.

Every view takes the window's `ChangeHub` and redraws itself from the core's
`Changes`; the window fills them once with its first read (`MainWindow._apply_snapshot`).

What the first frame shows is made with the window (`build_tabs`): 首页, the project
detail and the checklist docks, the tab bar. The 看板, 项目列表 and 采购申报 tabs can wait:
their pages are empty until `build_views` puts the views in their place — at once for a
window that reads before it shows, else just after the first frame, or when one of them is
first asked for.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from .widgets.checklist_panel import ChecklistPanel
from .widgets.dashboard import Dashboard
from .widgets.project_detail import ProjectDetail

DEFERRED_TABS = ("board", "project_list", "procurement_review")


def build_tabs(window) -> None:
    ws, hub = window.ws, window.hub
    window.dashboard = Dashboard(ws, window, today=window.today, hub=hub, ops=window.ops, load=False)
    window.tabs.addTab(window.dashboard, "首页")
    titles = ("看板", "项目列表", case_tab_title(window.is_office))
    window.view_placeholders = {}
    for name, title in zip(DEFERRED_TABS, titles):
        placeholder = QWidget()
        window.view_placeholders[name] = placeholder
        window.tabs.addTab(placeholder, title)
    window.tabs.currentChanged.connect(lambda _index: _build_if_placeholder(window))

    window.detail = ProjectDetail(ws, window, hub=hub)
    window.detail_dock = QDockWidget("项目详情", window)
    window.detail_dock.setObjectName("project_detail_dock")
    window.detail_dock.setWidget(window.detail)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.detail_dock)
    if window.is_office:
        install_checklist(window)
    window.detail_dock.raise_()

    window.project_selected.connect(window.detail.set_project)
    window.dashboard.project_activated.connect(window.open_project)


def _build_if_placeholder(window) -> None:
    if window.tabs.currentWidget() in window.view_placeholders.values():
        build_views(window)


def build_views(window) -> None:
    """The 看板, 项目列表 and 采购申报 tabs in place of their empty pages (once)."""
    if not window.view_placeholders:
        return
    from .actions import connect_views
    from .kanban.board import KanbanBoard
    from .widgets.procurement_review import ProcurementReviewWidget
    from .widgets.project_list import ProjectList

    ws, hub = window.ws, window.hub
    board = KanbanBoard(ws, window, hub=hub, load=False)
    board.model.today = window.today
    project_list = ProjectList(ws, window, hub=hub, drafts=not window.is_office, load=False)
    procurement_review = ProcurementReviewWidget(ws, window, reviewer=window.is_office, hub=hub, load=False)
    views = dict(zip(DEFERRED_TABS, (board, project_list, procurement_review)))
    placeholders, window.view_placeholders = window.view_placeholders, {}
    current = window.tabs.currentIndex()
    for name, view in views.items():
        index = window.tabs.indexOf(placeholders[name])
        title = window.tabs.tabText(index)
        window.tabs.removeTab(index)
        window.tabs.insertTab(index, view, title)
        placeholders[name].deleteLater()
    window.tabs.setCurrentIndex(current)
    window.set_views(board, project_list, procurement_review)

    project_list.project_selected.connect(window.project_selected)
    board.project_selected.connect(window.select_project)
    board.project_activated.connect(window.open_project)
    board.stage_moved.connect(window.moves.record)
    connect_views(window, board, project_list, procurement_review)


def case_tab_title(office: bool) -> str:
    return "采购申报审核" if office else "采购申报"


def install_checklist(window) -> None:
    """The reviewer's checklist dock (第九条): on the office's machine only, made once."""
    if getattr(window, "checklist_panel", None) is not None:
        return
    window.checklist_panel = ChecklistPanel(window.ws, window, hub=window.hub, later=True)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.checklist_panel)
    window.tabifyDockWidget(window.detail_dock, window.checklist_panel)
    window.project_selected.connect(window.checklist_panel.set_project)
    window.checklist_panel.stage_moved.connect(window.moves.record)
    # The print actions are made after the tabs: looked up when a form is asked for.
    window.checklist_panel.print_requested.connect(lambda pid, form: window.print_actions.open_preview(form, pid))


def show_side(window) -> None:
    """本机身份设置 changed the side: the views, the docks and the menus follow (PRODUCT.md §1)."""
    office = window.is_office
    if window.view_placeholders:   # not made yet: they will be made for the new side
        tab = window.view_placeholders["procurement_review"]
    else:
        window.project_list.model.set_drafts(not office)
        window.procurement_review.set_reviewer(office)
        tab = window.procurement_review
    window.tabs.setTabText(window.tabs.indexOf(tab), case_tab_title(office))
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
