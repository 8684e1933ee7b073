"""The kanban: drops ask the core, refusals show the article, filters narrow, 5,000 cards build,
and a change redraws only the card it concerns."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl

from qt_text import shown_as
from builders import new_project, seeded
from xxh_desktop import lifecycle
from xxh_desktop.gui.kanban import MIME_TYPE, KanbanBoard
from xxh_desktop.gui.kanban.model import ID_ROLE, encode_ids
from xxh_desktop.clock import now_iso
from xxh_desktop.workspace import Workspace

pytestmark = pytest.mark.usefixtures("late_today")

TODAY = date(2027, 2, 15)


def fill(ws: Workspace) -> dict[str, str]:
    p = {}
    p["initial"] = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="初验")
    p["trial"] = new_project(ws, "不动产登记系统", "县自然资源局", 2027, stage="试运行")
    with seeded(ws):
        ws.projects.update(p["trial"], {"initial_acceptance_date": date(2026, 11, 30),
                                        "initial_acceptance_result": "合格"})
    p["review"] = new_project(ws, "政务协同平台", "县数据资源局", 2026, stage="审核中")
    p["draft"] = new_project(ws, "乡镇便民服务平台", "梅山镇人民政府", 2028)
    lifecycle.set_side_state(ws, p["review"], "退回补充", on=TODAY, reason="材料不全", supply_list="项目概算")
    return p


@pytest.fixture
def board(qtbot, ws):
    ids = fill(ws)
    b = KanbanBoard(ws, load=False)
    b.model.today = TODAY
    b.reload()
    qtbot.addWidget(b)
    b.resize(1400, 600)
    b.show()
    b.ids = ids
    return b


def stage_of(board: KanbanBoard, pid: str) -> str:
    return board.model.card(pid).stage


def ids_in(board: KanbanBoard, stage: str) -> list[str]:
    column = board.model.columns[lifecycle.Stage(stage)]
    return [column.project_id(r) for r in range(column.rowCount())]


def refusals_of(board: KanbanBoard, monkeypatch) -> list[list[str]]:
    shown: list[list[str]] = []
    monkeypatch.setattr(board, "say_refusal", lambda title, intro, refusals: shown.append(list(refusals)))
    return shown


def test_models_pass_the_model_tester(qtmodeltester, board):
    for stage in ("初验", "审核中", "运维"):
        qtmodeltester.check(board.model.columns[lifecycle.Stage(stage)])


def test_one_column_per_stage_with_counts(board):
    assert list(board.columns) == list(lifecycle.STAGES)
    assert board.columns["初验"].header.text() == "初验（1）"
    assert board.columns["运维"].header.text() == "运维（0）"
    assert board.total_label.text() == "共 4 个"
    view = board.columns["试运行"].view
    assert view.dragEnabled() and view.acceptDrops()
    assert view.defaultDropAction() == Qt.DropAction.MoveAction
    assert board.model.columns[lifecycle.Stage.TRIAL].supportedDragActions() == Qt.DropAction.MoveAction


def test_a_column_folds_to_a_narrow_strip_and_opens_again(board):
    column = board.columns["初验"]
    column.header.click()
    assert column.folded and column.width() == 30 and not column.view.isVisible()
    assert column.header.text().startswith("初\n验") and column.header.text().endswith("1")
    assert board.select_project(board.ids["initial"])   # selecting a card opens its column
    assert not column.folded and column.view.isVisible()


def test_mime_type_carries_project_ids_and_qt_cannot_remove_a_row(board):
    pid = board.ids["initial"]
    column = board.model.columns[lifecycle.Stage.INITIAL_ACCEPTANCE]
    mime = column.mimeData([column.index(column.positions[pid], 0)])
    assert mime.formats() == [MIME_TYPE]
    assert column.removeRows(0, 1, QModelIndex()) is False
    assert column.rowCount() == 1
    assert board.model.columns[lifecycle.Stage.TRIAL].canDropMimeData(
        mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def test_accepted_drop_moves_the_card_and_records_the_event(qtbot, board, monkeypatch):
    asked = []
    monkeypatch.setattr(board, "ask_event", lambda proj, stage, events: (
        asked.append([e.name for e in events]) or (date(2027, 2, 10), {})))
    pid = board.ids["initial"]
    with qtbot.waitSignal(board.project_moved, timeout=2000):
        accepted = board.model.columns[lifecycle.Stage.TRIAL].dropMimeData(
            encode_ids([pid]), Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert accepted
    assert asked == [["初验合格"]]
    assert stage_of(board, pid) == "试运行"
    assert pid in ids_in(board, "试运行") and pid not in ids_in(board, "初验")
    assert board.model.total() == 4 and board.model.shown() == 4  # moved once, not removed
    assert board.columns["试运行"].header.text() == "试运行（2）"
    assert board.columns["初验"].header.text() == "初验（0）"
    assert board.ws.projects.get(pid).initial_acceptance_date == date(2027, 2, 10)
    assert board.ws.history.list(pid)[-1].event == "初验合格"


def test_refused_drop_lists_each_reason_with_its_article_and_the_card_stays(qtbot, board, monkeypatch):
    shown = refusals_of(board, monkeypatch)
    monkeypatch.setattr(board, "ask_event", lambda proj, stage, events: (date(2027, 2, 27), {}))
    pid = board.ids["trial"]
    board.model.columns[lifecycle.Stage.FINAL_ACCEPTANCE].dropMimeData(
        encode_ids([pid]), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    reasons = shown[0]
    assert reasons[0] == "第十七条：初验合格后试运行满3个月方可终验（试运行至 2027-02-28 届满）"
    assert reasons[1].startswith("第十七条：终验材料缺少")
    assert all(r.startswith("第") for r in reasons)   # one reason a line, each with its article
    assert stage_of(board, pid) == "试运行"
    assert ids_in(board, "试运行") == [pid]
    assert board.ws.projects.get(pid).stage == "试运行"


def test_backward_move_asks_a_reason_and_cancel_changes_nothing(board, monkeypatch):
    pid = board.ids["initial"]
    monkeypatch.setattr(board, "ask_reason", lambda proj, stage: None)
    assert board.move_project(pid, "建设实施") is False
    assert stage_of(board, pid) == "初验"
    monkeypatch.setattr(board, "ask_reason", lambda proj, stage: "初验发现功能缺失，返回建设")
    assert board.move_project(pid, "建设实施") is True
    assert stage_of(board, pid) == "建设实施"
    h = board.ws.history.list(pid)[-1]
    assert (h.from_stage, h.to_stage, h.reason) == ("初验", "建设实施", "初验发现功能缺失，返回建设")


def test_side_state_blocks_forward_drop_with_article(board, monkeypatch):
    shown = refusals_of(board, monkeypatch)
    assert board.move_project(board.ids["review"], "待县政府批准") is False
    assert "第九条：申报已退回补充（待补充：项目概算）" in shown[0][0]


def test_the_refusal_dialog_numbers_the_reasons_and_links_each_article(qtbot):
    from xxh_desktop.gui.dialogs.refusal import RefusalDialog

    dialog = RefusalDialog("不能移动阶段", "不能移至「终验」：", [
        "第十七条：初验合格后试运行满3个月方可终验", "第九条、第十条：由县智慧办办理"])
    qtbot.addWidget(dialog)
    html = dialog.browser.toHtml()
    assert html.count("<li") == 2
    assert 'href="article:17"' in html and 'href="article:9"' in html and 'href="article:10"' in html
    dialog.browser.anchorClicked.emit(QUrl("article:17"))
    from xxh_desktop.gui.dialogs.help import RegulationDialog

    viewer = dialog.findChild(RegulationDialog)
    qtbot.addWidget(viewer)
    assert viewer.isVisible() and viewer.article_list.currentItem().text() == "第十七条"


def test_filters_and_search_narrow_the_board(qtbot, board):
    board.year_combo.setCurrentText("2027")
    assert sum(board.counts().values()) == 2
    board.year_combo.setCurrentIndex(0)
    board.unit_combo.setCurrentText("梅山镇人民政府")
    assert board.counts()["草稿"] == 1 and sum(board.counts().values()) == 1
    board.unit_combo.setCurrentIndex(0)
    board.side_combo.setCurrentText("退回补充")
    assert ids_in(board, "审核中") == [board.ids["review"]] and sum(board.counts().values()) == 1
    board.side_combo.setCurrentText("正常（无状态）")
    assert sum(board.counts().values()) == 3
    board.side_combo.setCurrentIndex(0)
    board.search_edit.insert("不动产")
    # The search waits for a pause in typing, then filters every column in one pass.
    assert sum(board.counts().values()) == 4
    qtbot.waitUntil(lambda: sum(board.counts().values()) == 1, timeout=2000)
    assert ids_in(board, "试运行") == [board.ids["trial"]]
    assert board.total_label.text() == "1 / 4 个"
    board.search_edit.clear()
    board.apply_search_now()
    assert sum(board.counts().values()) == 4


def test_funding_channel_filter(qtbot, ws):
    from decimal import Decimal

    from xxh_desktop.domain.declaration import Declaration

    a = new_project(ws, "甲", "县教育体育局", 2027)
    with seeded(ws):
        ws.declarations.save(a, Declaration(project_name="甲", investment=Decimal(50), fund_bank=Decimal(50)))
    new_project(ws, "乙", "县教育体育局", 2027)
    b = KanbanBoard(ws)
    qtbot.addWidget(b)
    b.channel_combo.setCurrentText("银行贷款")
    assert ids_in(b, "草稿") == [a]


def test_a_change_redraws_only_its_card(qtbot, board):
    """Targeted refresh: a write to one project touches its card only — no column is reset."""
    resets, changed, moved = [], [], []
    for stage, column in board.model.columns.items():
        column.modelReset.connect(lambda s=stage: resets.append(s))
        column.dataChanged.connect(lambda a, b, roles=(), s=stage: changed.append((s, a.row())))
        column.rowsRemoved.connect(lambda parent, first, last, s=stage: moved.append(("out", s)))
        column.rowsInserted.connect(lambda parent, first, last, s=stage: moved.append(("in", s)))
    pid = board.ids["initial"]
    with seeded(board.ws):
        board.ws.projects.update(pid, {"responsible_person": "张三"})
    assert resets == [] and moved == []
    assert changed == [(lifecycle.Stage.INITIAL_ACCEPTANCE, 0)]
    changed.clear()
    board.move_project(pid, "建设实施", reason="初验发现问题")
    assert resets == [] and changed == []
    assert moved == [("out", lifecycle.Stage.INITIAL_ACCEPTANCE), ("in", lifecycle.Stage.CONSTRUCTION)]


def test_the_cards_menu_offers_open_move_print_and_export(qtbot, board, monkeypatch):
    pid = board.ids["trial"]
    menu = board.card_menu(pid)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:4] == ["打开", "编辑申报表…", "移动到", "设置状态…"]
    assert "打印预览 附件1…" in texts and "导出交换文件…" in texts
    move = next(a.menu() for a in menu.actions() if a.text() == "移动到")
    stages = {a.text(): a.isEnabled() for a in move.actions()}
    assert list(stages) == [s.value for s in lifecycle.STAGES] and stages["试运行"] is False
    with qtbot.waitSignal(board.print_requested) as printed:
        next(a for a in menu.actions() if a.text() == "打印预览 附件1…").trigger()
    assert printed.args == [pid]
    with qtbot.waitSignal(board.export_requested) as exported:
        next(a for a in menu.actions() if a.text() == "导出交换文件…").trigger()
    assert exported.args == [pid]
    monkeypatch.setattr(board, "ask_reason", lambda proj, stage: "复核")
    next(a for a in move.actions() if a.text() == "初验").trigger()
    assert board.ws.projects.get(pid).stage == "初验"


def test_select_project_and_activation_signal(qtbot, board):
    pid = board.ids["trial"]
    assert board.select_project(pid)
    view = board.columns["试运行"].view
    assert view.currentIndex().data(ID_ROLE) == pid
    with qtbot.waitSignal(board.project_activated) as blocker:
        view.doubleClicked.emit(view.currentIndex())
    assert blocker.args == [pid]


def insert_synthetic(ws: Workspace, n: int) -> None:
    """n projects spread over every stage, in bulk (the demo loader's seed path: fast)."""
    stamp = now_iso()
    with ws.transaction(), seeded(ws):
        units = [ws.units.ensure(f"县第{i}局") for i in range(40)]
        projects, decls = [], []
        for i in range(n):
            pid = str(uuid.uuid4())
            stage = lifecycle.STAGES[i % len(lifecycle.STAGES)]
            projects.append({"id": pid, "number": f"JZ-S-{i:05d}", "name": f"合成项目{i}", "unit_id": units[i % 40],
                             "year": 2024 + i % 4, "stage": stage.value,
                             "side_state": "整改中" if i % 50 == 0 else None, "created_at": stamp, "updated_at": stamp})
            decls.append({"project_id": pid, "project_name": f"合成项目{i}", "investment": (i % 300 + 1) * 10000,
                          "fund_fiscal": (i % 300 + 1) * 10000, "updated_at": stamp})
        ws.projects.seed_many(projects)
        ws.declarations.seed_many(decls)


def test_board_builds_with_5000_projects(qtbot, ws):
    insert_synthetic(ws, 5000)
    b = KanbanBoard(ws)
    qtbot.addWidget(b)
    b.resize(1600, 800)
    b.show()
    qtbot.waitExposed(b)
    counts = b.counts()
    assert sum(counts.values()) == 5000
    assert counts["草稿"] == 417 and counts["运维"] == 416
    b.side_combo.setCurrentText("整改中")
    assert sum(b.counts().values()) == 100
    b.grab()  # paints the visible cards through the delegate
    b.side_combo.setCurrentIndex(0)
    b.search_edit.setText("合成项目4999")
    b.apply_search_now()
    assert sum(b.counts().values()) == 1


def test_side_state_dialog_sets_rectification_and_refuses_early_termination(board, monkeypatch):
    import xxh_desktop.gui.kanban.board as board_module
    from PySide6.QtWidgets import QDialog

    answers = []

    class FakeDialog:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

        def values(self):
            return answers.pop(0)

    monkeypatch.setattr(board_module, "SideStateDialog", FakeDialog)
    shown = refusals_of(board, monkeypatch)
    pid = board.ids["initial"]
    answers.append({"state": "整改中", "on": TODAY, "reason": "未开展密码应用安全性评估",
                    "supply_list": "", "deadline": date(2027, 3, 1)})
    assert board.ask_side_state(pid)
    card = board.model.card(pid)
    assert (card.side_state, card.next_due) == ("整改中", date(2027, 3, 1))
    answers.append({"state": "已终止", "on": TODAY, "reason": "拒不整改", "supply_list": "", "deadline": None})
    assert not board.ask_side_state(pid)
    assert shown[0] == ["第二十条：逾期不整改或整改后仍不符合要求的，方可终止项目（整改期限 2027-03-01 尚未届满）"]
    assert board.model.card(pid).side_state == "整改中"


def test_overdue_rectification_is_flagged_on_the_card(qtbot, ws):
    from xxh_desktop.gui.kanban.model import ESCALATION_ROLE

    pid = new_project(ws, "数字乡村平台", "梅山镇人民政府", 2026, stage="建设实施")
    lifecycle.set_side_state(ws, pid, "整改中", on=date(2027, 1, 1), reason="资金使用不规范",
                             deadline=date(2027, 2, 1))
    b = KanbanBoard(ws)
    qtbot.addWidget(b)
    b.model.today = TODAY
    b.reload()
    column = b.model.columns[lifecycle.Stage.CONSTRUCTION]
    index = column.index(column.positions[pid], 0)
    assert index.data(ESCALATION_ROLE).startswith("第二十条：限期整改已逾期（期限 2027-02-01）")
    assert "可暂缓安排投资计划、暂停项目建设直至终止项目" in shown_as(index.data(Qt.ItemDataRole.ToolTipRole))
    b.show()
    b.grab()



def test_a_department_window_is_refused_the_offices_move(qtbot, ws, monkeypatch):
    """Issue 10: the window meets the core's refusal, whatever the board lets a user drag."""
    from xxh_desktop.domain.fields import Side

    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="已申报")
    b = KanbanBoard(ws)
    qtbot.addWidget(b)
    shown = refusals_of(b, monkeypatch)
    assert b.move_project(pid, "审核中") is False
    assert "第九条、第十条" in shown[0][0] and "由县智慧办办理" in shown[0][0]
    assert ws.projects.get(pid).stage == "已申报"
    assert ws.history.list(pid) == []


def test_a_reason_listing_many_items_lists_them_one_a_line():
    from xxh_desktop.gui.dialogs.refusal import refusal_html, split_listing

    reason = "第九条：审核清单尚有 3 项未回答（技术可行；信息安全性有保障；经济合理）"
    assert split_listing(reason) == ("第九条：审核清单尚有 3 项未回答：", ["技术可行", "信息安全性有保障", "经济合理"])
    kept = "第十七条：初验合格后试运行满3个月方可终验（试运行至 2027-02-28 届满）"
    assert split_listing(kept) == (kept, [])
    html = refusal_html([reason, kept])
    assert html.count("<li") == 5 and "<ul>" in html


def test_the_one_pass_filter_agrees_with_the_single_card_filter(board):
    """update_projects judges one card with `BoardFilter.accepts`; a refilter judges all in one pass."""
    from xxh_desktop.gui.kanban.model import search_key

    f = board.model.filter
    for year, unit, side, text in ((2027, "", None, ""), (None, "县教育体育局", None, ""), (None, "", "", ""),
                                   (None, "", "退回补充", ""), (None, "", None, "平台"), (2027, "", "", "系统")):
        f.year, f.unit, f.side_state, f.text = year, unit, side, text
        board.model.refilter()
        shown = {pid for column in board.model.columns.values() for pid in column.ids}
        assert shown == {c.id for c in board.model.cards() if f.accepts(c, search_key(c))}
