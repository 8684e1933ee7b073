"""Delete on a card or a list row moves a department's draft to the 回收站; the dialog restores it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import Stage
from xxh_desktop.gui.dialogs.recycle_bin import RecycleBinDialog
from xxh_desktop.gui.main_window import MainWindow

from builders import new_project

UNIT = "县教育体育局"


class Boxes:
    """QMessageBox answers and what each box said."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer=QMessageBox.StandardButton.Yes) -> None:
        self.said: list[tuple[str, str, str]] = []
        self.answer = answer
        for kind in ("question", "warning", "information"):
            monkeypatch.setattr(QMessageBox, kind, self._record(kind))

    def _record(self, kind: str):
        def box(_parent, title, text, *_args):
            self.said.append((kind, title, text))
            return self.answer if kind == "question" else QMessageBox.StandardButton.Ok
        return box


@pytest.fixture
def window(qtbot, ws) -> MainWindow:
    ws.settings.choose_side(Side.UNIT, UNIT)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    return w


def own_draft(ws, name: str) -> str:
    pid = ws.projects.create(name, UNIT, 2027)
    return pid


def press_delete(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)


def test_delete_on_a_board_card_asks_then_trashes_and_the_bin_restores_it(qtbot, window, ws, monkeypatch,
                                                                           qtmodeltester):
    pid = own_draft(ws, "智慧校园一卡通")
    label = ws.projects.get(pid).label
    boxes = Boxes(monkeypatch, QMessageBox.StandardButton.No)
    window.tabs.setCurrentWidget(window.board)
    assert window.board.select_project(pid)
    view = window.board.columns[Stage.DRAFT].view

    press_delete(qtbot, view)   # answered 否: nothing happens
    assert boxes.said == [("question", "移入回收站",
                           f"将项目「{label} 智慧校园一卡通」移入回收站？可在 编辑 → 回收站 中恢复。")]
    assert window.board.model.has(pid)

    boxes.answer = QMessageBox.StandardButton.Yes
    press_delete(qtbot, view)
    assert not window.board.model.has(pid)
    assert window.project_model.row_of(pid) < 0
    assert window.count_label.text() == "项目：0 个"

    dialog = RecycleBinDialog(ws, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 1).data() == label
    qtbot.mouseClick(dialog.ui.restoreButton, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0 and dialog.ui.countLabel.text() == "回收站是空的。"
    assert window.board.model.has(pid)
    assert window.project_model.row_of(pid) >= 0


def test_delete_on_a_list_row_and_permanent_delete_asks_first(qtbot, window, ws, monkeypatch):
    pid = own_draft(ws, "教育资源公共服务平台")
    boxes = Boxes(monkeypatch)
    window.tabs.setCurrentWidget(window.project_list)
    assert window.project_list.select_project(pid)
    press_delete(qtbot, window.project_view)
    assert window.project_model.row_of(pid) < 0

    dialog = RecycleBinDialog(ws, window)
    qtbot.addWidget(dialog)
    boxes.answer = QMessageBox.StandardButton.No
    assert not dialog.purge_selected()
    assert boxes.said[-1][:2] == ("question", "永久删除") and "不能恢复" in boxes.said[-1][2]
    assert ws.projects.exists(pid)
    boxes.answer = QMessageBox.StandardButton.Yes
    assert dialog.purge_selected()
    assert not ws.projects.exists(pid) and dialog.model.rowCount() == 0


def test_a_submitted_project_is_refused_with_the_reason_and_nothing_asked(qtbot, window, ws, monkeypatch):
    pid = new_project(ws, "已申报的项目", UNIT, 2027, stage=Stage.DECLARED)
    boxes = Boxes(monkeypatch)
    window.tabs.setCurrentWidget(window.project_list)
    assert window.project_list.select_project(pid)
    press_delete(qtbot, window.project_view)
    [(kind, title, text)] = boxes.said
    assert (kind, title) == ("warning", "不能删除") and text.startswith("第四条：") and "已终止" in text
    assert window.project_model.row_of(pid) >= 0


def test_delete_in_the_search_field_edits_text(qtbot, window, ws, monkeypatch):
    pid = own_draft(ws, "不应被删除")
    boxes = Boxes(monkeypatch)
    window.tabs.setCurrentWidget(window.project_list)
    window.project_list.select_project(pid)
    edit = window.search_edit
    edit.setText("abc")
    edit.setCursorPosition(0)
    press_delete(qtbot, edit)
    assert edit.text() == "bc" and boxes.said == []
    assert QApplication.focusWidget() is edit and ws.projects.find(pid) is not None


def test_a_procurement_draft_row_goes_too(qtbot, window, ws, monkeypatch):
    cid = ws.procurements.create(UNIT)
    Boxes(monkeypatch)
    review = window.procurement_review
    window.tabs.setCurrentWidget(review)
    review.select_case(cid)
    press_delete(qtbot, review.view)
    assert review.model.row_of(cid) < 0
    assert ws.procurements.find(cid, trashed=True) is not None


def test_a_declaration_withdrawn_to_draft_then_deleted_leaves_no_undo(qtbot, tmp_path, monkeypatch):
    from xxh_support import DEPT, declare, department

    dept = department(tmp_path)
    w = MainWindow(dept)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    pid = declare(dept)
    assert w.board.move_project(pid, Stage.DRAFT, reason="补充材料后再报")   # 撤回: the department's own move, undoable
    assert w.edit_actions.undo_action.isEnabled()
    boxes = Boxes(monkeypatch)
    w.tabs.setCurrentWidget(w.board)
    assert w.board.select_project(pid)
    press_delete(qtbot, w.board.columns[Stage.DRAFT].view)
    assert [b[0] for b in boxes.said] == ["question"]
    assert dept.projects.find(pid) is None
    assert not w.edit_actions.undo_action.isEnabled()
    assert DEPT in w.windowTitle()
    w.close()
    dept.close()
