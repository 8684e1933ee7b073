"""The editors in the main window: 项目 menu actions, double-click, closing saves drafts."""

from __future__ import annotations

from builders import new_project
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.editors import DeclarationEditor
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.workspace import Workspace


def test_menu_actions_and_double_click_open_the_editor(qtbot, ws: Workspace) -> None:
    ws.settings.choose_side(Side.UNIT, "金寨县数据资源局")
    pid = new_project(ws, "县政务数据共享平台二期", "金寨县数据资源局", 2027)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    texts = [a.text() for a in window.menus["项目"].actions()]
    assert {"新建项目申报…", "编辑申报表…", "新建采购申报…"} <= set(texts)
    window.select_project(pid)
    view = window.project_view
    view.doubleClicked.emit(view.currentIndex())
    editor = window.editor_windows.open_editors[("declaration", pid)]
    assert isinstance(editor, DeclarationEditor) and editor.isVisible()
    window.editor_windows.action_edit_declaration.trigger()  # the same record: the same window
    assert len(window.editor_windows.open_editors) == 1
    qtbot.keyClicks(editor.ui.phoneEdit, "0564")
    window.close()  # closing the main window closes the editor, which saves its draft
    assert ws.drafts.latest("declaration", pid).form["phone"] == "0564"


def test_procurement_editor_from_the_window(qtbot, ws: Workspace) -> None:
    ws.settings.choose_side(Side.UNIT, "金寨县教育局")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.editor_windows.action_new_procurement.trigger()  # the unit is known: no question asked
    [(kind, cid)] = window.editor_windows.open_editors
    assert kind == "procurement"
    assert ws.procurements.get(cid).applicant_unit == "金寨县教育局"
    editor = window.editor_windows.open_editors[(kind, cid)]
    editor.items_model.setData(editor.items_model.index(0, 1), "台式计算机")
    window.editor_windows.close_all()
    assert not editor.isVisible()
    assert ws.drafts.latest("procurement", cid).form["items"][0]["item"] == "台式计算机"
