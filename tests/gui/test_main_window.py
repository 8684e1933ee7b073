"""The window shell: opens offscreen, menus, search, first start, about."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from builders import new_project
from xxh_desktop import __version__
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.app import install_translations
from xxh_desktop.gui.dialogs.about import AboutDialog
from xxh_desktop.gui.dialogs.first_start import FirstStartDialog
from xxh_desktop.gui.main_window import MENU_NAMES, MainWindow
from xxh_desktop.gui.models.project_table import ProjectTableModel
from xxh_desktop.workspace import Workspace


def _fill(ws: Workspace) -> None:
    new_project(ws, "金寨县智慧教育云平台二期", "县教育体育局", 2027)
    new_project(ws, "县域医共体远程心电诊断系统", "县卫生健康委", 2027)
    new_project(ws, "梅山镇网格化社会治理平台", "梅山镇人民政府", 2026)


def test_window_has_chinese_title_menus_and_status(qtbot, ws: Workspace) -> None:
    _fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("金寨县政务信息化项目管理系统")
    assert [a.text() for a in window.menuBar().actions()] == list(MENU_NAMES)
    assert str(ws.path) in window.db_label.text()
    assert window.count_label.text() == "项目：3 个"
    assert window.project_model.rowCount() == 3


def test_search_box_filters_the_list(qtbot, ws: Workspace) -> None:
    _fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    model = window.project_model
    window.search_edit.insert("梅山")  # QTest cannot type CJK (no key code); an IME inserts it like this
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)   # after a pause in typing
    assert model.index(0, 1).data() == "梅山镇网格化社会治理平台"
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, "2027")
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)   # Enter searches at once
    assert model.rowCount() == 2


def test_the_list_sorts_in_the_model_and_keeps_the_selection(qtbot, ws: Workspace) -> None:
    _fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    model = window.project_model
    assert [model.index(r, 0).data() for r in range(3)] == ["JZ-2026-001", "JZ-2027-001", "JZ-2027-002"]
    wanted = ws.projects.get("JZ-2027-002").id
    window.select_project(wanted)
    window.project_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)   # by name
    assert [model.index(r, 1).data() for r in range(3)] == sorted(model.index(r, 1).data() for r in range(3))
    assert window.current_project_id() == wanted   # the same project stays current


def test_selecting_a_row_emits_its_project_id(qtbot, ws: Workspace) -> None:
    _fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    wanted = ws.projects.get("JZ-2026-001").id
    with qtbot.waitSignal(window.project_selected) as blocker:
        window.select_project(wanted)
    assert blocker.args == [wanted]
    assert window.current_project_id() == wanted


def test_project_model_passes_the_model_tester(qtmodeltester, ws: Workspace) -> None:
    _fill(ws)
    model = ProjectTableModel(ws)
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    model.set_filter("县")
    qtmodeltester.check(model)


def test_first_start_choice_is_stored(qtbot, ws: Workspace) -> None:
    ws.units.ensure("县教育体育局")
    dialog = FirstStartDialog(ws.units.names(), offer_demo=True)
    qtbot.addWidget(dialog)
    dialog.ui.unitRadio.setChecked(True)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.ui.errorLabel.text() == "请填写本单位名称。"
    assert dialog.result() == 0
    dialog.ui.unitCombo.setCurrentText("县教育体育局")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted
    ws.settings.choose_side(dialog.role(), dialog.unit())
    assert (ws.settings.side, ws.settings.unit) == ("项目建设单位", "县教育体育局")


def test_about_shows_the_version(qtbot, ws: Workspace) -> None:
    dialog = AboutDialog(str(ws.path))
    qtbot.addWidget(dialog)
    assert dialog.ui.versionLabel.text() == f"版本 {__version__}"


def test_qt_speaks_chinese() -> None:
    app = QApplication.instance()
    assert install_translations(app), "qtbase_zh_CN was not found"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
    _ = Qt  # the module is loaded for the enum namespace used above


def test_a_department_window_has_no_review_tools(qtbot, demo_ws: Workspace) -> None:
    demo_ws.settings.choose_side(Side.UNIT, "县教育体育局")
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("项目建设单位（县教育体育局）")
    review_actions = [a.text() for a in window.menus["审核"].actions() if a.isVisible()]
    assert "审核清单" not in review_actions and "书面审核意见…" in review_actions
    tool_actions = [a.text() for a in window.menus["工具"].actions() if a.isVisible()]
    assert "导出年度计划…" not in tool_actions
    assert not hasattr(window, "checklist_panel")
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "采购申报" in tabs and "采购申报审核" not in tabs
    assert window.procurement_review.start_button.isHidden()
    assert window.procurement_review.opinion_edit.isReadOnly()


def test_the_office_window_has_the_review_tools(qtbot, demo_ws: Workspace) -> None:
    demo_ws.settings.choose_side(Side.OFFICE)
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    assert "审核清单" in [a.text() for a in window.menus["审核"].actions()]
    assert "导出年度计划…" in [a.text() for a in window.menus["工具"].actions()]
    assert "采购申报审核" in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert not window.procurement_review.start_button.isHidden()


def test_opening_an_exchange_file_closes_open_editors_first(qtbot, ws: Workspace, monkeypatch) -> None:
    from xxh_desktop.gui.dialogs import import_preview

    ws.settings.choose_side(Side.UNIT, "县教育体育局")   # the department edits its own 附件1
    _fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    editor = window.editor_windows.open_declaration(ws.projects.get("JZ-2027-001").id)
    editor.ui.leaderEdit.insert("王五")
    seen: list[int] = []
    monkeypatch.setattr(import_preview, "open_import_preview",
                        lambda _ws, _path, _parent, _ops: seen.append(len(window.editor_windows.open_editors)))
    window.open_exchange_file(Path("来自U盘.xxh"))
    assert seen == [0]   # no editor could save its older copy over the import
    assert ws.drafts.latest("declaration", ws.projects.get("JZ-2027-001").id).form["leader"] == "王五"
