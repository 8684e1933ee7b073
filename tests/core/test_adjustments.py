"""第十五条: an adjustment is a record with a state (申请 → 县政府批准 → 智慧办备案), sides enforced,
dates in order; a contract above the approved 投资额 needs an approved adjustment; `show` and the ledger list them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xxh_desktop import lifecycle
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.excel.ledger import write_ledger_xlsx
from xxh_desktop.lifecycle import move_stage
from xxh_desktop.report import describe

from builders import as_unit, freeze_today, new_project

TODAY = date(2027, 6, 30)
UNIT = "县应急管理局"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, TODAY)


def approved(ws, stage=Stage.CONSTRUCTION, **facts) -> str:
    pid = new_project(ws, "防汛视频会商系统扩容", UNIT, 2026, stage=stage, approval_date=date(2026, 4, 8), **facts)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="防汛视频会商系统扩容",
                                              investment=Decimal("64.8"), fund_fiscal=Decimal("64.8")))
    return pid


def request(ws, pid, **kw):
    with as_unit(ws, UNIT):
        values = {"requested_on": date(2027, 3, 1), "kind": "投资概算", "new_investment": Decimal("80")} | kw
        return lifecycle.request_adjustment(ws, pid, "增加会商终端8台", **values)


def test_an_adjustment_moves_through_its_states_in_order(ws):
    pid = approved(ws)
    aid = request(ws, pid)
    [a] = ws.adjustments.of(pid)
    assert (a.kind, a.new_investment, a.state) == ("投资概算", Decimal("80"), "已申请")
    with pytest.raises(XxhError, match="第十五条：该调整尚未经县政府批准，不能备案"):
        lifecycle.record_adjustment(ws, aid, office_filed_on=date(2027, 3, 20))
    with pytest.raises(XxhError, match="第十五条：县政府批准调整日期 2027-02-20 早于调整申请日期 2027-03-01"):
        lifecycle.record_adjustment(ws, aid, county_approved_on=date(2027, 2, 20))
    lifecycle.record_adjustment(ws, aid, county_approved_on=date(2027, 3, 15))
    assert ws.adjustments.of(pid)[0].state == "县政府已批准"
    with pytest.raises(XxhError, match="第十五条：该调整已于 2027-03-15 经县政府批准"):
        lifecycle.record_adjustment(ws, aid, county_approved_on=date(2027, 3, 16))
    with pytest.raises(XxhError, match="第十五条：县智慧办备案日期 2027-03-10 早于县政府批准调整日期 2027-03-15"):
        lifecycle.record_adjustment(ws, aid, office_filed_on=date(2027, 3, 10))
    with pytest.raises(XxhError, match="第十五条：县智慧办备案日期 2027-07-01 晚于今天"):
        lifecycle.record_adjustment(ws, aid, office_filed_on=date(2027, 7, 1))
    lifecycle.record_adjustment(ws, aid, office_filed_on=date(2027, 3, 18))
    assert ws.adjustments.of(pid)[0].state == "已备案"
    assert [h.event for h in ws.history.list(pid)] == ["项目调整申请", "项目调整县政府批准", "项目调整县智慧办备案"]


def test_sides_are_enforced(ws):
    pid = approved(ws)
    with pytest.raises(NotPermitted, match="第十五条：「调整类别」由项目建设单位填报"):
        lifecycle.request_adjustment(ws, pid, "办公室代报", requested_on=date(2027, 3, 1), kind="工期")
    aid = request(ws, pid)
    with as_unit(ws, UNIT), pytest.raises(NotPermitted, match="第十五条：「县政府批准调整日期」由县智慧办办理"):
        lifecycle.record_adjustment(ws, aid, county_approved_on=date(2027, 3, 15))
    assert ws.adjustments.of(pid)[0].county_approved_on is None


@pytest.mark.parametrize(("stage", "facts", "expected"), [
    (Stage.DRAFT, {}, "第十五条：项目尚未经县政府批准（在「草稿」阶段），没有可调整的审核意见和投资概算"),
    (Stage.CONSTRUCTION, {"side_state": SideState.TERMINATED}, "第二十条：项目已终止，终止是最终状态"),
])
def test_no_adjustment_of_a_draft_or_a_terminated_project(ws, stage, facts, expected):
    pid = new_project(ws, "项目", UNIT, 2026, stage=stage, **facts)
    with as_unit(ws, UNIT), pytest.raises(XxhError) as refused:
        lifecycle.request_adjustment(ws, pid, "增加功能", requested_on=date(2027, 3, 1), kind="建设内容")
    assert expected in str(refused.value) and ws.adjustments.of(pid) == []


def test_a_request_says_what_changes_and_follows_the_approval(ws):
    pid = approved(ws)
    with pytest.raises(XxhError, match="第十五条：调整投资概算须填写调整后投资额"):
        request(ws, pid, new_investment=None)
    with pytest.raises(XxhError, match="第十五条：只有投资概算调整填写调整后投资额"):
        request(ws, pid, kind="工期")
    with pytest.raises(XxhError, match="请选择调整类别"):
        request(ws, pid, kind="", new_investment=None)
    with pytest.raises(XxhError, match="第十五条：调整申请日期 2026-04-01 早于县政府批准日期 2026-04-08"):
        request(ws, pid, requested_on=date(2026, 4, 1))
    with pytest.raises(XxhError, match="「调整后投资额」应为不小于 0 的金额，且小于一万亿元"):
        request(ws, pid, new_investment=Decimal("100000000"))   # 10^8 万元 = 一万亿元
    request(ws, pid, new_investment=Decimal("99999999.9999"))
    assert [a.new_investment for a in ws.adjustments.of(pid)] == [Decimal("99999999.9999")]


def test_a_contract_above_the_approved_investment_needs_an_approved_adjustment(ws):
    # The issue: a contract of 9,999 万元 against an approved 投资额 of 64.8 万元 was accepted.
    pid = approved(ws, Stage.PROCUREMENT)
    with as_unit(ws, UNIT):
        with pytest.raises(XxhError, match="第十五条：合同金额 9,999 万元超过县政府批准的投资额 64.8 万元"):
            lifecycle.update_facts(ws, pid, {"contract_amount": "9999"})
        lifecycle.update_facts(ws, pid, {"contract_amount": "64.8"})
    aid = request(ws, pid)
    with as_unit(ws, UNIT), pytest.raises(XxhError, match="超过县政府批准的投资额 64.8 万元"):
        lifecycle.update_facts(ws, pid, {"contract_amount": "78"})   # asked, not yet approved
    lifecycle.record_adjustment(ws, aid, county_approved_on=date(2027, 3, 15))
    with as_unit(ws, UNIT):
        lifecycle.update_facts(ws, pid, {"contract_amount": "78"})
        with pytest.raises(XxhError, match="超过县政府批准的投资额 80 万元"):
            lifecycle.update_facts(ws, pid, {"contract_amount": "80.01"})
    assert ws.projects.get(pid).contract_amount == Decimal("78")


def test_the_construction_gate_checks_a_contract_that_arrived_above_the_investment(ws):
    pid = approved(ws, Stage.PROCUREMENT, contract_amount=Decimal("9999"), contract_date=date(2026, 5, 20),
                   supplier="某公司", responsible_person="吴俊")
    refused = move_stage(ws, pid, Stage.CONSTRUCTION, on=date(2026, 5, 21))
    assert any(r.startswith("第十五条：合同金额 9,999 万元超过") for r in refused.refusals)


def test_show_ledger_and_flags_list_the_adjustments(ws, tmp_path):
    pid = approved(ws)
    aid = request(ws, pid)
    lifecycle.record_adjustment(ws, aid, county_approved_on=date(2027, 3, 15))
    text = describe(ws, pid)
    assert "项目调整（第十五条）：" in text
    assert "2027-03-01 投资概算：增加会商终端8台，调整后投资额 80 万元（县政府已批准：县政府批准 2027-03-15）" in text
    assert "项目调整 1 项（第十五条）：投资概算 2027-03-01 申请，县政府已批准" in text
    wb = load_workbook(write_ledger_xlsx(ws, tmp_path / "l.xlsx"))
    sheet = wb["项目调整"]
    assert [c.value for c in sheet[4]][1:5] == [ws.projects.get(pid).label, "防汛视频会商系统扩容", "投资概算",
                                              "增加会商终端8台"]
    assert sheet.cell(row=4, column=10).value == "县政府已批准"
    flags = [c.value for c in wb["项目台账"][4]][-1]
    assert flags == "调整1项（1项未备案）（第十五条）"
