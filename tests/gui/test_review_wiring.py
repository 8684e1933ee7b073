"""The review features inside the main window: dock follows the selection, menus, the tab."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from builders import as_unit, new_project
from xxh_desktop import checklist
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.gui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("late_today")


def test_checklist_dock_follows_the_selected_project(qtbot, ws):
    first = new_project(ws, "甲项目", "县教育局", 2027, stage="审核中")
    second = new_project(ws, "乙项目", "县卫健委", 2027, stage="审核中")
    for pid in (first, second):
        with as_unit(ws, ws.projects.get(pid).unit):
            ws.declarations.save(pid, Declaration(applicant_unit="x", project_name=ws.projects.get(pid).name,
                                             investment=Decimal("1"), fund_fiscal=Decimal("1")))
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.show()
    w.select_project(first)
    assert w.checklist_panel.project_id == first
    w.select_project(second)
    assert w.checklist_panel.project_id == second
    assert ws.projects.get(second).number in w.checklist_panel.project_label.text()

    w.show_checklist()
    row = [i.key for i in checklist.ITEMS].index("sector_plan")
    w.checklist_panel.view.selectRow(row)
    qtbot.keyClick(w.checklist_panel.view, Qt.Key.Key_1)
    assert checklist.answers(ws, second)["sector_plan"].answer == "符合"
    # the window refreshed after the change and the panel kept its place
    assert w.checklist_panel.current_row() == row
    assert w.checklist_panel.progress_label.text() == f"已审 1/{len(checklist.ITEMS)}"

    review = [a.text() for a in w.menus["审核"].actions()]
    assert {"审核清单", "书面审核意见…", "终验材料清单…", "整改通知…"} <= set(review)
    tools = [a.text() for a in w.menus["工具"].actions()]
    assert {"导出年度计划…", "导出台账…"} <= set(tools)
    tabs = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert "采购申报审核" in tabs
