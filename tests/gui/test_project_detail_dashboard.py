"""Project detail (timeline, materials, dates, editable facts and assets) and the 首页 dashboard."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from qt_text import shown_as
from builders import as_office, as_unit, new_project, seeded
from xxh_desktop import lifecycle
from xxh_desktop.authority import Actor
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.gui.models.lifecycle_tables import ID_ROLE, AssetsModel
from xxh_desktop.gui.widgets.dashboard import Dashboard
from xxh_desktop.gui.widgets.project_detail import ProjectDetail

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from test_deadlines import build_fixture  # noqa: E402

pytestmark = pytest.mark.usefixtures("late_today")


def test_detail_shows_dates_materials_and_history(qtbot, qtmodeltester, ws):
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="初验")
    lifecycle.move_stage(ws, pid, "试运行", on=date(2026, 11, 30))
    with ws.acting_as(Actor.office("审核员甲")):
        lifecycle.move_stage(ws, pid, "初验", on=date(2026, 12, 5), reason="试运行中发现严重缺陷")
    ws.materials.attach(pid, "试运行报告", "r.pdf", b"%PDF")
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    assert detail.isEnabled()
    assert detail.date_labels["初验合格"].text() == "2026-11-30"
    assert detail.date_labels["试运行届满（可终验）"].text() == "2027-02-28"
    qtmodeltester.check(detail.history_model)
    qtmodeltester.check(detail.materials_model)
    newest = detail.history_model.index(0, 0)
    assert newest.data() == "2026-12-05  试运行 → 初验（退回）"
    assert shown_as(newest.data(Qt.ItemDataRole.ToolTipRole)).splitlines()[1].startswith("审核员甲 · 记录于 ")
    assert shown_as(newest.data(Qt.ItemDataRole.ToolTipRole)).endswith("试运行中发现严重缺陷")
    assert detail.history_model.index(1, 0).data() == "2026-11-30  初验 → 试运行（初验合格）"
    detail.tabs.setCurrentWidget(detail.history_view)
    detail.show()
    detail.grab()  # paints the timeline through its delegate
    rows = {detail.materials_model.index(r, 2).data(): detail.materials_model.index(r, 3).data()
            for r in range(detail.materials_model.rowCount())}
    assert rows["试运行报告"] == "已提交" and rows["终验报告"] == "缺"


def test_detail_edits_responsible_person_and_procurement(qtbot, ws):
    # 第十一条、第十二条: the department records who is responsible and the contract.
    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="招标采购")
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    changed = []
    detail.changed.connect(changed.append)
    detail.fact_edits["responsible_person"].setText("王五")
    detail.fact_edits["procurement_method"].setCurrentText("单一来源")
    detail.fact_edits["contract_amount"].setText("98.5")
    detail.fact_edits["contract_date"].setText("2027-03-01")
    detail.fact_edits["supplier"].setText("安徽某科技有限公司")
    detail.save_facts_button.click()
    p = ws.projects.get(pid)
    assert (p.responsible_person, p.procurement_method, p.contract_amount, p.contract_date) == (
        "王五", "单一来源", Decimal("98.5"), date(2027, 3, 1))
    assert changed == [pid]
    with as_office(ws):   # the move itself is the office's (第九条、第十条: it keeps the lifecycle)
        assert lifecycle.move_stage(ws, pid, "建设实施", on=date(2027, 3, 2)).ok


def test_at_the_office_the_departments_facts_are_read_only(qtbot, ws):
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="招标采购")
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    edit = detail.fact_edits["contract_date"]
    assert edit.isReadOnly() and "第十一条" in edit.toolTip() and "项目建设单位" in edit.toolTip()
    with pytest.raises(XxhError, match="第十一条"):   # around the window: the core refuses the same
        lifecycle.update_facts(ws, pid, {"contract_date": "2027-03-01"})
    assert ws.projects.get(pid).contract_date is None


def test_detail_refuses_a_malformed_date_with_a_message(qtbot, ws, monkeypatch):
    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="招标采购")
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    detail.fact_edits["contract_date"].setText("2027/3/1")
    detail.save_facts_button.click()
    assert shown == ["合同签订日期“2027/3/1”格式不对，应为 YYYY-MM-DD。"]
    assert ws.projects.get(pid).contract_date is None


def test_assets_table_edits_and_feeds_the_deadlines(qtbot, qtmodeltester, ws):
    ws.settings.choose_side(Side.UNIT, "县政府办")   # 第八条第二款: the department lists its systems
    pid = new_project(ws, "OA系统升级", "县政府办", 2027, stage="审核中", is_existing_system=True)
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    model: AssetsModel = detail.assets_model
    detail.add_asset_button.click()
    for col, value in enumerate(("硬件", "服务器", "2", "2021-03-01", "2027-03-01", "在用")):
        assert model.setData(model.index(0, col), value)
    qtmodeltester.check(model)
    detail.save_assets_button.click()
    assert ws.assets.of(pid)[0].warranty_until == date(2027, 3, 1)
    from xxh_desktop.deadlines import deadline_lines

    assert deadline_lines(ws, date(2027, 2, 15))[-1].endswith("过保：服务器（第八条第二款）\t临近")


def test_dashboard_lists_deadlines_and_opens_a_project(qtbot, qtmodeltester, ws):
    ids = build_fixture(ws)
    with seeded(ws):
        ws.declarations.save(ids["trial"], Declaration(project_name="智慧教育云平台", investment=Decimal(120),
                                                       fund_fiscal=Decimal(100), fund_bank=Decimal(20)))
    dash = Dashboard(ws, today=date(2027, 2, 15))
    qtbot.addWidget(dash)
    qtmodeltester.check(dash.deadline_model)
    model = dash.deadline_model
    assert model.rowCount() == 5
    assert [model.index(r, 1).data() for r in range(5)] == [
        "JZ-2027-001", "JZ-2027-004", "JZ-2026-001", "JZ-2027-002", "JZ-2027-005"]
    assert model.index(0, 4).data() == "逾期（138天）"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#d98200"
    assert "2027-09-30" in dash.deadline_label.text() and "9月30日" in dash.deadline_label.text()
    assert "逾期 2 项，30天内到期 3 项" in dash.summary_label.text()
    assert "可按第二十条暂缓/暂停/终止的项目 1 个" in dash.summary_label.text()
    with qtbot.waitSignal(dash.project_activated) as blocker:
        dash.deadline_view.doubleClicked.emit(model.index(3, 0))
    assert blocker.args == [ids["trial"]] == [model.index(3, 0).data(ID_ROLE)]
    # Charts: stages and 2027 investment by channel are drawn from the core's figures.
    bars = dash.stage_chart.series()[0].barSets()[0]
    assert bars.at(list(reversed(lifecycle.STAGES)).index("试运行")) == 2
    year_sets = {s.label(): s for s in dash.year_chart.series()[0].barSets()}
    assert [year_sets["银行贷款"].at(i) for i in range(3)] == [0.0, 20.0, 0.0]  # 2026, 2027, 2028


def test_main_window_has_home_and_board_tabs_and_move_menu(qtbot, ws, monkeypatch):
    from xxh_desktop.gui.main_window import MainWindow

    ids = build_fixture(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    assert [window.tabs.tabText(i) for i in range(2)] == ["首页", "看板"]
    assert "移动阶段…" in [a.text() for a in window.menus["项目"].actions()]
    window.dashboard.project_activated.emit(ids["trial"])
    assert window.current_project_id() == ids["trial"]
    assert window.detail.project_id == ids["trial"]
    # 项目 → 移动阶段… (Ctrl+M): the refusal names the article.
    shown = []
    monkeypatch.setattr(window.board, "say_refusal", lambda title, intro, refusals: shown.append(refusals))
    monkeypatch.setattr(window.board, "ask_event", lambda proj, stage, events: (date(2027, 1, 1), {}))
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("终验", True))
    move = next(a for a in window.menus["项目"].actions() if a.text() == "移动阶段…")
    assert move.shortcut().toString() == "Ctrl+M"
    move.trigger()
    assert shown and "第十七条" in shown[0][0]


def test_detail_records_an_adjustment_request_approval_and_filing(qtbot, qtmodeltester, ws, monkeypatch):
    # 第十五条: the department applies; the county's approval and the 备案 the office records.
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="建设实施", approval_date=date(2027, 1, 16))
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    monkeypatch.setattr(detail, "ask_adjustment", lambda: {
        "requested_on": date(2027, 3, 1), "kind": "投资概算", "content": "增加移动端功能", "new_investment": "120"})
    with as_unit(ws, "县教育体育局"):
        detail.new_adjustment_button.click()
    model = detail.adjustments_model
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(7)] == [
        "2027-03-01", "投资概算", "增加移动端功能", "120", "已申请", "—", "—"]
    detail.adjustments_view.setCurrentIndex(model.index(0, 0))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(detail, "ask_date", lambda title: date(2027, 3, 12))
    detail.file_adjustment_button.click()   # 备案 before the county approved it
    assert shown and "第十五条：该调整尚未经县政府批准，不能备案" in shown[0]
    detail.adjustments_view.setCurrentIndex(model.index(0, 0))
    monkeypatch.setattr(detail, "ask_date", lambda title: date(2027, 3, 10))
    detail.approve_adjustment_button.click()
    detail.adjustments_view.setCurrentIndex(model.index(0, 0))
    monkeypatch.setattr(detail, "ask_date", lambda title: date(2027, 3, 12))
    detail.file_adjustment_button.click()
    assert [model.index(0, c).data() for c in range(7)] == [
        "2027-03-01", "投资概算", "增加移动端功能", "120", "已备案", "2027-03-10", "2027-03-12"]
    assert detail.history_model.index(0, 0).data() == "2027-03-12  项目调整县智慧办备案"
    assert "项目调整 1 项（第十五条）" in detail.flags_label.text()


def test_an_empty_workspace_shows_the_two_first_actions(qtbot, ws):
    dash = Dashboard(ws)
    qtbot.addWidget(dash)
    assert dash.pages.currentIndex() == 1   # no empty axes
    assert dash.import_button.text() == "导入交换文件…"
    assert dash.new_project_button.isHidden()   # 第五条: the office does not create projects
    with qtbot.waitSignal(dash.import_requested):
        dash.import_button.click()
    ws.settings.choose_side("项目建设单位", "县教育体育局")
    department = Dashboard(ws)
    qtbot.addWidget(department)
    assert not department.new_project_button.isHidden()
    with qtbot.waitSignal(department.new_project_requested):
        department.new_project_button.click()


def test_charts_are_rebuilt_whole_after_a_change_and_keep_their_names(qtbot, ws):
    ids = build_fixture(ws)
    dash = Dashboard(ws, today=date(2027, 2, 15))
    qtbot.addWidget(dash)
    dash.show()
    before = dash.stage_chart
    lifecycle.set_side_state(ws, ids["trial"], "整改中", on=date(2027, 2, 15), reason="材料不全",
                             deadline=date(2027, 3, 1))
    qtbot.waitUntil(lambda: dash.stage_chart is not before, timeout=2000)
    for chart in (dash.stage_chart, dash.unit_chart, dash.year_chart):
        assert len(chart.axes()) == 2   # one set of axes, never a second drawn over the first
        assert all(not a.truncateLabels() for a in chart.axes() if hasattr(a, "categories"))
    stages = next(a for a in dash.stage_chart.axes() if hasattr(a, "categories")).categories()
    assert "已批准·列入计划" in stages and "绩效自评价" in stages   # whole names, not «…»
    model = dash.deadline_model   # the deadline list followed the change of that one project
    rows = [(model.index(r, 0).data(ID_ROLE), model.index(r, 3).data()) for r in range(model.rowCount())]
    assert (ids["trial"], "限期整改期满（第二十条）") in rows
