"""What a clerk expects of a window: drafts in sight, the usual shortcuts, undo of a stage move,
help and the regulation, Chinese file dialogs, dates that stay blank until picked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog, QHeaderView, QTreeView

from builders import new_project
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import Stage
from xxh_desktop.gui.main_window import MainWindow


def department_window(qtbot, ws, unit: str = "县教育体育局") -> MainWindow:
    ws.settings.choose_side(Side.UNIT, unit)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    return window


def shortcut(window: MainWindow, menu: str, text: str) -> str:
    action = next(a for a in window.menus[menu].actions() if a.text().startswith(text))
    return action.shortcut().toString()


# ---------------------------------------------------------------------- drafts in sight


def test_a_departments_unsubmitted_procurement_stays_in_its_list(qtbot, ws):
    window = department_window(qtbot, ws)
    window.editor_windows.action_new_procurement.trigger()
    [(kind, case_id)] = window.editor_windows.open_editors
    editor = window.editor_windows.open_editors[(kind, case_id)]
    editor.ui.handlerEdit.insert("储成林")   # typed (QTest has no CJK key codes; an IME inserts it so)
    window.editor_windows.close_all()   # closing writes the draft
    model = window.procurement_review.model
    row = model.row_of(case_id)
    assert row >= 0, "the draft must show in the 采购申报 tab"
    assert model.index(row, 5).data() == "草稿（未提交）"
    saved = ws.drafts.latest("procurement", case_id).saved_at
    assert model.index(row, 7).data() == saved[:16].replace("T", " ")
    # Double-click reopens the same case in its editor (not a new one).
    review = window.procurement_review
    review.view.doubleClicked.emit(review.proxy.mapFromSource(model.index(row, 0)))
    assert list(window.editor_windows.open_editors) == [("procurement", case_id)]
    assert window.editor_windows.open_editors[("procurement", case_id)].ui.handlerEdit.text() == "储成林"


def test_a_departments_draft_declaration_shows_its_last_autosave(qtbot, ws):
    window = department_window(qtbot, ws)
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027)
    model = window.project_model
    assert model.columnCount() == 8 and model.headerData(7, Qt.Orientation.Horizontal) == "草稿自动保存"
    assert model.index(model.row_of(pid), 7).data() == ""
    editor = window.editor_windows.open_declaration(pid)
    editor.ui.leaderEdit.setText("汪文军")
    editor.save_draft_now()
    saved = ws.drafts.latest("declaration", pid).saved_at
    assert model.index(model.row_of(pid), 7).data() == saved[:16].replace("T", " ")


def test_the_office_sees_no_department_drafts(qtbot, demo_ws):
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    statuses = {window.procurement_review.model.index(r, 5).data()
                for r in range(window.procurement_review.model.rowCount())}
    assert "草稿（未提交）" not in statuses and "已申报" in statuses
    assert window.project_model.columnCount() == 7


# ---------------------------------------------------------------------- shortcuts


def test_the_usual_shortcuts(qtbot, ws):
    window = MainWindow(ws)
    qtbot.addWidget(window)
    assert shortcut(window, "项目", "新建项目申报") == "Ctrl+N"
    assert shortcut(window, "编辑", "查找") == "Ctrl+F"
    assert shortcut(window, "编辑", "刷新") == "F5"
    assert shortcut(window, "编辑", "撤销上一步阶段移动") == "Ctrl+Z"
    assert shortcut(window, "打印", "打印预览…") == "Ctrl+P"
    assert shortcut(window, "文件", "导入交换文件") == "Ctrl+O"
    assert shortcut(window, "文件", "退出") == "Ctrl+Q"
    assert shortcut(window, "帮助", "使用说明") == "F1"
    assert shortcut(window, "审核", "审核清单") == "Ctrl+R"
    assert shortcut(window, "项目", "移动阶段") == "Ctrl+M"


def test_ctrl_f_goes_to_the_search_of_the_tab_in_view(qtbot, ws):
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    find = next(a for a in window.menus["编辑"].actions() if a.text() == "查找…")
    window.tabs.setCurrentWidget(window.board)
    find.trigger()
    assert window.focusWidget() is window.board.search_edit
    window.tabs.setCurrentWidget(window.dashboard)
    find.trigger()
    assert window.tabs.currentWidget() is window.project_list and window.focusWidget() is window.search_edit


def test_ctrl_s_saves_the_draft_and_esc_closes_the_editor(qtbot, ws):
    window = department_window(qtbot, ws)
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027)
    editor = window.editor_windows.open_declaration(pid)
    keys = {s.key().toString(): s for s in editor.findChildren(QShortcut)}
    assert {"Ctrl+S", "Esc"} <= set(keys)
    editor.ui.leaderEdit.insert("汪文军")
    keys["Ctrl+S"].activated.emit()   # the window is not active offscreen: the shortcut fires as Qt would
    assert ws.drafts.latest("declaration", pid).form["leader"] == "汪文军"
    editor.ui.contactEdit.insert("储成林")
    keys["Esc"].activated.emit()
    assert not editor.isVisible()
    assert ws.drafts.latest("declaration", pid).form["contact"] == "储成林"   # written as it closed


# ---------------------------------------------------------------------- undo


def test_undo_moves_the_project_back_with_a_reason_in_its_history(qtbot, ws, monkeypatch):
    pid = new_project(ws, "政务协同平台", "县数据资源管理局", 2027, stage="已申报")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    undo = window.edit_actions.undo_action
    assert not undo.isEnabled()
    assert window.board.move_project(pid, Stage.REVIEWING)
    assert undo.isEnabled() and undo.text().endswith("已申报 → 审核中")
    monkeypatch.setattr(window.edit_actions, "ask_reason", lambda text: "误操作，移错了项目")
    undo.trigger()
    assert ws.projects.get(pid).stage == Stage.DECLARED
    last = ws.history.list(pid)[-1]
    assert (last.from_stage, last.to_stage, last.reason) == (Stage.REVIEWING, Stage.DECLARED, "误操作，移错了项目")
    assert not undo.isEnabled()   # the undo itself is not undone again by Ctrl+Z
    assert window.board.model.card(pid).stage == Stage.DECLARED


def test_undo_refuses_when_the_project_moved_since(qtbot, ws, monkeypatch):
    pid = new_project(ws, "政务协同平台", "县数据资源管理局", 2027, stage="已申报")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    assert window.board.move_project(pid, Stage.REVIEWING)
    from xxh_desktop import lifecycle

    lifecycle.move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=date(2027, 1, 5))   # refused: no review yet
    monkeypatch.setattr(window.board, "ask_reason", lambda proj, stage: "复核")
    window.board.move_project(pid, Stage.DECLARED)
    window.moves.steps.pop()   # the last step is the earlier one again: but the project is no longer there
    monkeypatch.setattr(window.edit_actions, "ask_reason", lambda text: "误操作")
    said = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: said.append(text))
    assert window.edit_actions.undo_last_move() is False
    assert "已不在「审核中」阶段" in said[0]
    assert ws.projects.get(pid).stage == Stage.DECLARED


def test_a_department_cannot_undo_into_the_offices_hands(qtbot, ws, monkeypatch):
    """An undo is a move like any other: the core refuses what the rules refuse (第九条、第十条)."""
    pid = new_project(ws, "政务协同平台", "县教育体育局", 2027, stage="审核中")
    window = department_window(qtbot, ws)
    window.moves.record(pid, "已申报", "审核中")   # (as if it had been moved here by this window)
    refused = []
    monkeypatch.setattr(window.board, "say_refusal", lambda title, intro, reasons: refused.append(reasons))
    monkeypatch.setattr(window.edit_actions, "ask_reason", lambda text: "误操作")
    assert window.edit_actions.undo_last_move() is False
    assert "第九条、第十条" in refused[0][0]
    assert ws.projects.get(pid).stage == Stage.REVIEWING


# ---------------------------------------------------------------------- help


def test_help_has_the_manual_and_the_searchable_regulation(qtbot, ws):
    from xxh_desktop.gui.dialogs.help import ManualDialog, RegulationDialog
    from xxh_desktop.resources import resource_path

    window = MainWindow(ws)
    qtbot.addWidget(window)
    help_texts = [a.text() for a in window.menus["帮助"].actions() if a.text()]
    assert help_texts == ["使用说明", "管理办法原文", "关于"]
    next(a for a in window.menus["帮助"].actions() if a.text() == "使用说明").trigger()
    manual = window.findChild(ManualDialog)
    assert manual.isVisible() and "撤销上一步阶段移动" in manual.browser.toPlainText()
    html = resource_path("help", "manual.html").read_text(encoding="utf-8")
    pictures = [part.split('"')[1] for part in html.split("<img src=")[1:]]
    assert pictures and all(resource_path("help", p).is_file() for p in pictures)
    next(a for a in window.menus["帮助"].actions() if a.text() == "管理办法原文").trigger()
    regulation = window.findChild(RegulationDialog)
    regulation.search_edit.setText("试运行")
    assert regulation.count_label.text().endswith("处") and int(regulation.count_label.text().split()[0]) >= 2
    assert regulation.find_next() and "试运行" in regulation.browser.textCursor().selectedText()
    assert regulation.show_article(17)
    assert regulation.article_list.currentItem().text() == "第十七条"
    assert not regulation.show_article(99)


# ---------------------------------------------------------------------- file dialogs


def test_qts_own_file_dialog_is_chinese_with_a_whole_date_column(qtbot, tmp_path):
    from xxh_desktop.gui import file_dialogs

    (tmp_path / "备份.db").write_bytes(b"")
    (tmp_path / "文件夹").mkdir()
    dialog = file_dialogs.make_dialog(None, "从备份恢复", str(tmp_path), "数据库备份 (*.db)")
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)   # offscreen has no native dialog
    for label, text in file_dialogs.LABELS.items():
        assert dialog.labelText(label) == text
    assert dialog.iconProvider().type(__import__("PySide6.QtCore", fromlist=["QFileInfo"]).QFileInfo(
        str(tmp_path / "文件夹"))) == "文件夹"
    tree = dialog.findChild(QTreeView, "treeView")
    needed = tree.fontMetrics().horizontalAdvance(file_dialogs.DATE_SAMPLE)
    assert tree.header().sectionSize(3) >= needed
    assert tree.header().sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch


# ---------------------------------------------------------------------- dates


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_click_on_a_blank_date_enters_nothing_until_a_day_is_picked(qtbot, ws):
    from xxh_desktop.gui.editors.procurement_editor import ProcurementEditor

    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    case = ws.procurements.create("县教育体育局")
    editor = ProcurementEditor(ws, case)
    qtbot.addWidget(editor)
    editor.show()
    edit = editor.ui.filledOnEdit
    assert edit.text() == "未填写"
    # A press anywhere on the blank field — the arrows too — opens the calendar and enters nothing.
    for where in (QPoint(5, edit.height() // 2), QPoint(edit.width() - 5, edit.height() // 2)):
        press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(where), edit.mapToGlobal(QPointF(where)),
                            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(edit, press)
        assert edit.date() == edit.minimumDate() and edit.text() == "未填写"
    from xxh_desktop.gui.editors.common import BlankDateStarter

    popup = edit.findChild(BlankDateStarter).popup
    today = QDate.currentDate()
    assert popup.isVisible()
    assert (popup.yearShown(), popup.monthShown()) == (today.year(), today.month())   # opens on today
    assert editor.form()["filled_on"] == ""
    popup.clicked.emit(today.addDays(-3))
    assert editor.form()["filled_on"] == today.addDays(-3).toString("yyyy-MM-dd")
    assert not popup.isVisible()


def test_the_first_arrow_key_on_a_blank_date_lands_on_today(qtbot, ws):
    from xxh_desktop.gui.editors.procurement_editor import ProcurementEditor

    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    editor = ProcurementEditor(ws, ws.procurements.create("县教育体育局"))
    qtbot.addWidget(editor)
    edit = editor.ui.filledOnEdit
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.date() == QDate.currentDate()   # not a year before it, not the year 2000


# ---------------------------------------------------------------------- first start


def test_first_start_offers_the_countys_units(qtbot):
    from xxh_desktop.county import county_units
    from xxh_desktop.gui.dialogs.first_start import FirstStartDialog

    dialog = FirstStartDialog(["县某新设单位"], offer_demo=False)
    qtbot.addWidget(dialog)
    combo = dialog.ui.unitCombo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[:len(county_units())] == list(county_units()) and names[-1] == "县某新设单位"
    assert "县教育体育局" in names and "梅山镇人民政府" in names
    dialog.ui.unitRadio.setChecked(True)
    completer = combo.completer()
    completer.setCompletionPrefix("教育")   # a few characters anywhere in the name
    assert completer.currentCompletion() == "县教育体育局"
    combo.setCurrentText("县教育体育局")
    assert dialog.unit() == "县教育体育局" and dialog.role() == Side.UNIT
