"""The checklist dock's contents (tabified behind 项目详情, out of the window's first frame) are made when
its tab is first chosen or it is given a project."""

from __future__ import annotations

from PySide6.QtWidgets import QTabBar

from builders import new_project
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.workspace import Workspace


def _dock_tab(window: MainWindow, title: str) -> tuple[QTabBar, int]:
    bar = next(b for b in window.findChildren(QTabBar)
               if any(b.tabText(i).startswith(title) for i in range(b.count())))
    return bar, next(i for i in range(bar.count()) if bar.tabText(i).startswith(title))


def test_the_checklist_is_made_when_its_tab_is_first_chosen(qtbot, ws: Workspace) -> None:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    panel = window.checklist_panel
    assert not panel.built and panel.widget() is None

    bar, index = _dock_tab(window, "审核清单")
    bar.setCurrentIndex(index)
    qtbot.waitUntil(lambda: panel.built)
    assert panel.view.isVisible() and panel.project_label.text() == "请在项目列表中选择一个项目。"


def test_the_checklist_is_made_when_a_project_is_selected_behind_the_detail(qtbot, ws: Workspace) -> None:
    pid = new_project(ws, "金寨县智慧教育云平台二期", "县教育体育局", 2027)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.project_selected.emit(pid)
    panel = window.checklist_panel
    assert panel.built and panel.project_id == pid
    bar, index = _dock_tab(window, "审核清单")
    bar.setCurrentIndex(index)
    qtbot.waitUntil(panel.view.isVisible)
    assert ws.projects.get(pid).name in panel.project_label.text()
