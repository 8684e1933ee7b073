"""Targeted refresh: a write anywhere redraws exactly the projects it changed, in every view;
the first read of many projects happens after the window is shown."""

from __future__ import annotations

from datetime import date

import pytest

from builders import new_project, seeded
from xxh_desktop import deadlines, lifecycle
from xxh_desktop.domain.stages import Stage
from xxh_desktop.gui import main_window
from xxh_desktop.gui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("late_today")   # the story is told in 2027


class Signals:
    """Counts a model's resets and which rows it said changed."""

    def __init__(self, model) -> None:
        self.resets = 0
        self.changed: list[int] = []
        self.inserted = self.removed = 0
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(lambda a, b, roles=(): self.changed.extend(range(a.row(), b.row() + 1)))
        model.rowsInserted.connect(lambda *_: self._add("inserted"))
        model.rowsRemoved.connect(lambda *_: self._add("removed"))

    def _reset(self) -> None:
        self.resets += 1

    def _add(self, what: str) -> None:
        setattr(self, what, getattr(self, what) + 1)


def fill(ws, n: int = 6) -> list[str]:
    return [new_project(ws, f"项目{i}", "县教育体育局", 2027, stage="审核中") for i in range(n)]


def test_one_project_changed_redraws_its_row_and_card_only(qtbot, ws):
    ids = fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.detail.set_project(ids[3])
    listed = Signals(window.project_model)
    column = Signals(window.board.model.columns[Stage.REVIEWING])
    with seeded(ws):
        ws.projects.update(ids[3], {"name": "项目3（改名）"})
    assert (listed.resets, listed.inserted, listed.removed) == (0, 0, 0)
    assert set(listed.changed) == {window.project_model.row_of(ids[3])}
    assert column.resets == 0 and set(column.changed) == {3}
    assert "项目3（改名）" in window.detail.title.text()   # the detail showed it was this project
    assert window.project_model.index(window.project_model.row_of(ids[3]), 1).data() == "项目3（改名）"


def test_a_stage_move_moves_one_card_between_two_columns(qtbot, ws, monkeypatch):
    ids = fill(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    source = Signals(window.board.model.columns[Stage.REVIEWING])
    target = Signals(window.board.model.columns[Stage.DECLARED])
    others = [Signals(m) for s, m in window.board.model.columns.items() if s not in (Stage.REVIEWING, Stage.DECLARED)]
    listed = Signals(window.project_model)
    result = lifecycle.move_stage(ws, ids[0], Stage.DECLARED, on=date(2027, 1, 5), reason="材料需补充")
    assert result.ok
    assert (source.removed, target.inserted, source.resets, target.resets) == (1, 1, 0, 0)
    assert all(o.resets == o.inserted == o.removed == 0 and not o.changed for o in others)
    assert listed.resets == 0 and listed.changed == [window.project_model.row_of(ids[0])] * len(listed.changed)
    assert window.project_model.index(window.project_model.row_of(ids[0]), 4).data() == "已申报"


def test_a_new_project_is_added_and_a_wide_change_reloads(qtbot, ws):
    fill(ws, 2)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    listed = Signals(window.project_model)
    pid = new_project(ws, "新增项目", "县卫生健康委", 2028)
    assert listed.inserted == 1 and listed.resets == 0
    assert window.project_model.row_of(pid) == 2
    assert window.board.model.columns[Stage.DRAFT].positions == {pid: 0}
    assert "县卫生健康委" in [window.board.unit_combo.itemText(i) for i in range(window.board.unit_combo.count())]
    assert window.count_label.text() == "项目：3 个"
    # A setting every card depends on (the declaration deadline, 第五条): the board reads everything again.
    board = Signals(window.board.model.columns[Stage.DRAFT])
    deadlines.set_declaration_deadline(ws, "08-31")
    assert board.resets + len(board.changed) >= 1


def test_many_projects_are_read_after_the_first_paint(qtbot, ws, monkeypatch):
    ids = fill(ws, 4)
    monkeypatch.setattr(main_window, "READ_BEFORE_SHOW", 2)   # beyond it: read on a worker thread
    window = MainWindow(ws)
    qtbot.addWidget(window)
    assert not window.is_loaded and window.project_model.rowCount() == 0
    assert "正在读取 4 个项目" in window.loading_label.text()
    window.show()
    with seeded(ws):   # a write while the projects are being read is not lost
        ws.projects.update(ids[1], {"name": "读取时改名"})
    assert window.wait_loaded()
    assert window.project_model.rowCount() == 4
    assert window.board.model.total() == 4 and window.dashboard.loaded
    assert window.project_model.index(window.project_model.row_of(ids[1]), 1).data() == "读取时改名"
    assert window.loading_label.text() == ""


def test_with_many_projects_the_hidden_tabs_are_made_after_the_first_paint(qtbot, ws, monkeypatch):
    fill(ws, 4)
    monkeypatch.setattr(main_window, "READ_BEFORE_SHOW", 2)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["首页", "看板", "项目列表", "采购申报审核"]   # the first frame shows every tab's name
    assert window.tabs.currentWidget() is window.dashboard and window.view_placeholders   # not made yet
    window.show()
    assert window.wait_loaded()
    assert not window.view_placeholders
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == titles
    assert [window.tabs.widget(i) for i in range(1, 4)] == [window.board, window.project_list,
                                                            window.procurement_review]
    assert window.tabs.currentWidget() is window.dashboard
    assert window.board.model.total() == 4


def test_a_hidden_tab_asked_for_before_the_first_paint_is_made_then(qtbot, ws, monkeypatch):
    fill(ws, 4)
    monkeypatch.setattr(main_window, "READ_BEFORE_SHOW", 2)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(1)   # the clerk clicks 看板 at once
    assert not window.view_placeholders
    assert window.tabs.currentWidget() is window.board
    assert window.wait_loaded() and window.board.model.total() == 4


def test_f5_reads_everything_again(qtbot, ws):
    ids = fill(ws, 2)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    listed = Signals(window.project_model)
    refresh = next(a for a in window.menus["编辑"].actions() if a.text() == "刷新")
    assert refresh.shortcut().toString() == "F5"
    refresh.trigger()
    assert listed.resets == 1 and window.project_model.rowCount() == len(ids)


def test_a_wide_change_with_many_projects_is_read_again_off_the_ui_thread(qtbot, ws, monkeypatch):
    fill(ws, 4)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    monkeypatch.setattr(main_window, "READ_BEFORE_SHOW", 2)
    board = Signals(window.board.model.columns[Stage.REVIEWING])
    deadlines.set_declaration_deadline(ws, "08-31")   # every card's 逾期申报 flag may change
    assert not window.is_loaded and board.resets == 0 and not board.changed   # not reloaded in place
    assert window.wait_loaded()
    assert board.changed or board.resets   # the read reached the board
    assert window.loading_label.text() == ""
