"""Lifecycle gates (PRODUCT.md §4): each refused and allowed at its edge, with its article.

`ws` is the office's machine (县智慧办), which makes every move past 已申报;
the department's own steps (附件1, the 第八条 materials, the contract, the
move 草稿 → 已申报) run as that unit (`as_unit`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xxh_desktop import lifecycle
from xxh_desktop.checklist import ITEMS
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side, owner
from xxh_desktop.domain.materials import (
    DECLARATION_KINDS, EXISTING_SYSTEM_KIND, FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND,
    SELF_EVALUATION_KIND,
)
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.lifecycle import Facts, check_move, move_stage
from xxh_desktop.lifecycle.rules import RECTIFICATION_FAILED

from builders import as_office, as_unit, choose, new_project

pytestmark = pytest.mark.usefixtures("late_today")

D = date(2027, 3, 1)
UNIT = "县数据资源局"


def project(ws, stage: Stage | str = Stage.DRAFT, existing: bool = False, **facts) -> str:
    return new_project(ws, "县级政务协同平台", UNIT, 2027, stage=stage, is_existing_system=existing, **facts)


def valid_declaration(existing: bool = False) -> Declaration:
    return Declaration(
        applicant_unit=UNIT, declared_on=date(2026, 9, 1), leader="张三", contact="李四",
        phone="0564-5012345", email="li@jinzhai.gov.cn", project_name="县级政务协同平台",
        start_month=date(2027, 1, 1), end_month=date(2027, 12, 1), investment=Decimal("100"),
        fund_fiscal=Decimal("100"), content="依托县云计算中心建设协同办公平台。", is_existing_system=existing,
    )


def attach(ws, pid: str, *kinds: str) -> None:
    """Each material by the side that hands it in: 第八条 the unit's, 第十七条/第十八条 the office's."""
    for kind in kinds:
        with (as_unit(ws, UNIT) if owner(f"materials.{kind}") == Side.UNIT else as_office(ws)):
            ws.materials.attach(pid, kind, f"{kind}.pdf", f"%PDF {kind}".encode())


def declare(ws, pid: str, decl: Declaration) -> None:
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, decl)


def refusals(ws, pid, to, on=D, **kw) -> list[str]:
    return list(move_stage(ws, pid, to, on=on, **kw).refusals)


def unit_refusals(ws, pid, to, on=D, **kw) -> list[str]:
    with as_unit(ws, UNIT):
        return refusals(ws, pid, to, on, **kw)


def answer_all(ws, pid: str, answer: str = "符合", items=ITEMS) -> None:
    """The office's answers as stored (the checklist's own rules are tested in test_checklist)."""
    for item in items:
        ws.checklist.set(pid, item.key, answer, "")


# ---------------------------------------------------------------------- 已申报 (第五条、第八条)


def test_declared_gate_refuses_incomplete_form_and_missing_materials(ws):
    pid = project(ws)
    with as_unit(ws, UNIT):
        result = move_stage(ws, pid, Stage.DECLARED, on=D)
    assert not result.ok
    text = "\n".join(result.refusals)
    assert "第五条：申报表（附件1）请填写负责人" in text
    assert "第八条" in text and "项目概算" in text
    assert ws.projects.get(pid).stage == Stage.DRAFT


def test_declared_gate_allows_valid_form_with_materials_or_waivers(ws):
    pid = project(ws)
    declare(ws, pid, valid_declaration())
    attach(ws, pid, *DECLARATION_KINDS[:-1])
    assert any("信息资源目录" in r for r in unit_refusals(ws, pid, Stage.DECLARED))
    with as_unit(ws, UNIT):
        ws.materials.waive(pid, DECLARATION_KINDS[-1], "随建设方案一并提交")
        result = move_stage(ws, pid, Stage.DECLARED, on=D)
    assert result.ok, result.refusals
    assert result.event == "提交申报"
    assert ws.declarations.status(pid) == "已申报"
    assert ws.history.list(pid)[-1].by == "测试员"


def test_declared_gate_asks_existing_systems_for_their_hardware_and_software(ws):
    pid = project(ws, existing=True)
    declare(ws, pid, valid_declaration(existing=True))
    attach(ws, pid, *DECLARATION_KINDS)
    assert any(EXISTING_SYSTEM_KIND in r and r.startswith("第八条") for r in unit_refusals(ws, pid, Stage.DECLARED))
    attach(ws, pid, EXISTING_SYSTEM_KIND)
    assert unit_refusals(ws, pid, Stage.DECLARED) == []


# ---------------------------------------------------------------------- 待县政府批准 (第九条、第十条)


def test_county_gate_needs_every_checklist_item_and_an_opinion(ws):
    pid = project(ws, Stage.REVIEWING)
    answer_all(ws, pid, items=ITEMS[:-1])
    rs = refusals(ws, pid, Stage.AWAITING_APPROVAL)
    assert any(r.startswith("第九条：审核清单尚有 1 项未回答") for r in rs)
    assert any(r.startswith("第十条：尚未形成书面审核意见") for r in rs)
    answer_all(ws, pid, items=ITEMS[-1:])
    rs = refusals(ws, pid, Stage.AWAITING_APPROVAL)
    assert rs == ["第十条：尚未形成书面审核意见（请在审核面板写出审核意见）"]
    ws.opinions.set(pid, "同意", "同意", date(2027, 2, 1))
    assert refusals(ws, pid, Stage.AWAITING_APPROVAL) == []


# ---------------------------------------------------------------------- 已批准 (第十条)


def test_approval_records_date_and_needs_document_number(ws):
    pid = project(ws, Stage.AWAITING_APPROVAL)
    assert refusals(ws, pid, Stage.APPROVED) == ["第十条：未记录县政府批准文号（请填写批准文件的文号）"]
    result = move_stage(ws, pid, Stage.APPROVED, on=date(2027, 1, 15),
                        details={"approval_doc_no": "金政秘〔2027〕3号", "plan_year": 2027})
    assert result.ok and result.event == "县政府批准"
    p = ws.projects.get(pid)
    assert (p.approval_date, p.approval_doc_no, p.plan_year) == (date(2027, 1, 15), "金政秘〔2027〕3号", 2027)
    assert ws.history.list(pid)[-1].reason == "批准文号：金政秘〔2027〕3号"


# ---------------------------------------------------------------------- 招标采购 (第七条)


def test_procurement_gate_needs_annual_plan_or_temporary_approval(ws):
    pid = project(ws, Stage.APPROVED)
    assert refusals(ws, pid, Stage.PROCUREMENT) == [
        "第七条：项目未列入年度政务信息化项目建设计划，也没有临时项目报批的批准记录"]
    lifecycle.update_facts(ws, pid, {"temp_approval_date": "2027-02-01"})
    assert refusals(ws, pid, Stage.PROCUREMENT) == []
    other = project(ws, Stage.APPROVED, plan_year=2027)
    assert move_stage(ws, other, Stage.PROCUREMENT, on=D).ok


# ---------------------------------------------------------------------- 建设实施 (第十一条、第十二条)


def test_construction_gate_needs_responsible_person_and_contract(ws):
    pid = project(ws, Stage.PROCUREMENT)
    rs = refusals(ws, pid, Stage.CONSTRUCTION)
    assert rs[0].startswith("第十二条：") and "项目责任人" in rs[0]
    assert rs[1] == "第十一条：尚未记录采购合同（缺少合同签订日期、中标供应商）"
    with as_unit(ws, UNIT):   # 第十一条、第十二条: the unit's own facts
        lifecycle.update_facts(ws, pid, {"responsible_person": "王五", "contract_date": "2027-02-20",
                                         "supplier": "安徽某科技有限公司", "contract_amount": "98.5",
                                         "procurement_method": "竞争性磋商"})
    assert ws.projects.get(pid).contract_amount == Decimal("98.5")
    assert refusals(ws, pid, Stage.CONSTRUCTION) == []


# ---------------------------------------------------------------------- 试运行 / 终验 (第十七条)


def test_trial_move_records_initial_acceptance_on_its_date(ws):
    pid = project(ws, Stage.INITIAL_ACCEPTANCE)
    result = move_stage(ws, pid, Stage.TRIAL, on=date(2026, 11, 30))
    assert result.ok and result.event == "初验合格"
    p = ws.projects.get(pid)
    assert (p.initial_acceptance_date, p.initial_acceptance_result) == (date(2026, 11, 30), "合格")


def final_ready(ws, initial: date) -> str:
    pid = project(ws, Stage.TRIAL, initial_acceptance_date=initial, initial_acceptance_result="合格")
    attach(ws, pid, *FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)
    return pid


@pytest.mark.parametrize(("initial", "first_day"), [
    (date(2026, 11, 30), date(2027, 2, 28)),   # month-end: no 2027-02-30
    (date(2027, 11, 30), date(2028, 2, 29)),   # leap year
    (date(2027, 1, 15), date(2027, 4, 15)),
])
def test_final_acceptance_refused_the_day_before_trial_ends_and_allowed_on_it(ws, initial, first_day):
    pid = final_ready(ws, initial)
    day_before = date.fromordinal(first_day.toordinal() - 1)
    assert refusals(ws, pid, Stage.FINAL_ACCEPTANCE, on=day_before) == [
        f"第十七条：初验合格后试运行满3个月方可终验（试运行至 {first_day.isoformat()} 届满）"]
    result = move_stage(ws, pid, Stage.FINAL_ACCEPTANCE, on=first_day)
    assert result.ok and result.event == "终验通过"
    assert ws.projects.get(pid).final_acceptance_date == first_day


def test_final_acceptance_needs_every_listed_material_and_the_report(ws):
    pid = project(ws, Stage.TRIAL, initial_acceptance_date=date(2026, 11, 30), initial_acceptance_result="合格")
    attach(ws, pid, *FINAL_ACCEPTANCE_KINDS[:-1])
    ws.materials.waive(pid, FINAL_ACCEPTANCE_KINDS[-1], "尚在测评")   # waived is not present
    rs = refusals(ws, pid, Stage.FINAL_ACCEPTANCE, on=date(2027, 3, 1))
    assert rs == ["第十七条：终验材料缺少「密码应用安全性评估报告」",
                  "第十七条：终验须形成终验报告（请附上「终验报告」）"]


def test_operation_needs_self_evaluation_report_and_records_dates_sent(ws):
    pid = project(ws, Stage.SELF_EVALUATION, final_acceptance_date=date(2027, 8, 31))
    assert refusals(ws, pid, Stage.OPERATION, on=date(2028, 1, 10)) == [
        "第十八条：须提交绩效自评价报告（请附上「绩效自评价报告」）"]
    attach(ws, pid, SELF_EVALUATION_KIND)
    assert move_stage(ws, pid, Stage.OPERATION, on=date(2028, 1, 10)).ok
    p = ws.projects.get(pid)
    # 第十八条: the move is the report reaching 县智慧办; its 报送 to 县财政局 is a date of its own.
    assert (p.self_eval_office_date, p.self_eval_finance_date) == (date(2028, 1, 10), None)


def test_operation_records_both_report_dates_when_given(ws):
    pid = project(ws, Stage.SELF_EVALUATION, final_acceptance_date=date(2027, 8, 31))
    attach(ws, pid, SELF_EVALUATION_KIND)
    assert move_stage(ws, pid, Stage.OPERATION, on=date(2028, 1, 10),
                      details={"self_eval_finance_date": date(2028, 1, 12)}).ok
    p = ws.projects.get(pid)
    assert (p.self_eval_office_date, p.self_eval_finance_date) == (date(2028, 1, 10), date(2028, 1, 12))


# ---------------------------------------------------------------------- pure check_move


def test_check_move_is_pure_and_checks_every_gate_on_a_skip():
    facts = Facts(stage="已批准·列入计划")
    rs = check_move(facts, "建设实施", D)
    assert [r.split("：")[0] for r in rs] == ["第七条", "第十二条", "第十一条"]
    assert check_move(Facts(stage="建设实施"), "初验", D) == []


def test_a_skip_applies_the_events_on_its_way():
    facts = Facts(stage="初验", materials={k: "" for k in (*FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)})
    # 初验合格 and 终验 the same day: the trial has not run.
    assert check_move(facts, "终验", D) == [
        "第十七条：初验合格后试运行满3个月方可终验（试运行至 2027-06-01 届满）"]


# ---------------------------------------------------------------------- backward, side states, history


def test_backward_move_needs_a_reason_and_is_kept_in_history(ws):
    pid = project(ws, Stage.REVIEWING)
    assert refusals(ws, pid, Stage.DECLARED) == ["从「审核中」退回「已申报」须写明理由"]
    assert move_stage(ws, pid, Stage.DECLARED, on=D, reason="   ").ok is False
    ws.user = "审核员甲"
    result = move_stage(ws, pid, Stage.DECLARED, on=D, reason="方案须重新编制")
    assert result.ok and result.event == "退回"
    h = ws.history.list(pid)[-1]
    assert (h.from_stage, h.to_stage, h.by, h.reason, h.on_date) == (
        Stage.REVIEWING, Stage.DECLARED, "审核员甲", "方案须重新编制", D)
    assert len([e for e in ws.audit_log.entries() if e.action == "移动阶段" and e.result == "成功"]) == 1


def test_refused_move_is_audited_and_changes_nothing(ws):
    pid = project(ws, Stage.APPROVED)
    before = ws.projects.get(pid)
    assert not move_stage(ws, pid, Stage.PROCUREMENT, on=D).ok
    assert ws.projects.get(pid) == before
    assert ws.history.list(pid) == []
    last = [e for e in ws.audit_log.entries() if e.action == "移动阶段"][-1]
    assert last.result.startswith("拒绝：第七条")


def test_same_stage_and_unknown_stage():
    assert check_move(Facts(stage="初验"), "初验", D) == ["项目已处于「初验」阶段"]
    with pytest.raises(XxhError, match="未知的阶段"):
        check_move(Facts(stage="初验"), "验收", D)


def test_terminated_is_final(ws):
    pid = project(ws, Stage.CONSTRUCTION)
    assert lifecycle.set_side_state(ws, pid, "整改中", on=date(2027, 3, 1), reason="未落实等保测评",
                                    deadline=date(2027, 4, 30)).ok
    early = lifecycle.set_side_state(ws, pid, "已终止", on=date(2027, 4, 30), reason="逾期")
    assert early.refusals == ("第二十条：逾期不整改或整改后仍不符合要求的，方可终止项目（整改期限 2027-04-30 尚未届满）",)
    assert lifecycle.set_side_state(ws, pid, "已终止", on=date(2027, 5, 1), reason="逾期不整改").ok
    final = "第二十条：项目已终止，终止是最终状态，阶段和状态都不能再改变"
    assert refusals(ws, pid, Stage.INITIAL_ACCEPTANCE) == [final]
    assert refusals(ws, pid, Stage.PROCUREMENT, reason="重新采购") == [final]
    assert lifecycle.clear_side_state(ws, pid, on=D, reason="恢复").refusals == (final,)
    assert ws.projects.get(pid).side_state == SideState.TERMINATED


def test_rectification_deadline_flags_the_project_once_overdue(ws):
    pid = project(ws, Stage.CONSTRUCTION)
    lifecycle.set_side_state(ws, pid, "整改中", on=date(2027, 3, 1), reason="资金使用不规范",
                             deadline=date(2027, 3, 31))
    assert lifecycle.escalation_flags(ws, date(2027, 3, 31)) == {}
    flags = lifecycle.escalation_flags(ws, date(2027, 4, 1))
    assert flags[pid].startswith("第二十条：限期整改已逾期（期限 2027-03-31）")
    assert lifecycle.set_side_state(ws, pid, "暂停建设", on=date(2027, 4, 1), reason="逾期未整改").ok
    assert refusals(ws, pid, Stage.INITIAL_ACCEPTANCE) == ["第二十条：项目处于「暂停建设」状态，解除后方可推进"]


def test_rectification_needs_a_deadline_and_closing_records_the_result(ws):
    pid = project(ws, Stage.CONSTRUCTION)
    r = lifecycle.set_side_state(ws, pid, "整改中", on=D, reason="未建立网络安全管理制度")
    assert r.refusals == ("第二十条：限期整改须规定整改期限",)
    lifecycle.set_side_state(ws, pid, "整改中", on=D, reason="未建立网络安全管理制度", deadline=date(2027, 4, 1))
    assert lifecycle.clear_side_state(ws, pid, on=date(2027, 3, 20), reason="复查",
                                      result=RECTIFICATION_FAILED).ok
    [rect] = ws.rectifications.of(pid)
    assert (rect.closed_on, rect.result) == (date(2027, 3, 20), "整改后仍不符合要求")
    # 整改后仍不符合要求 allows escalation before any deadline passes.
    assert lifecycle.set_side_state(ws, pid, "暂缓安排投资计划", on=date(2027, 3, 21), reason="整改不合格").ok


def test_return_for_supplement_needs_a_list_and_blocks_forward_moves(ws):
    pid = project(ws, Stage.REVIEWING)
    assert lifecycle.set_side_state(ws, pid, "退回补充", on=D, reason="材料不全").refusals == (
        "第九条：退回补充须列明需要补充的材料或内容",)
    assert lifecycle.set_side_state(ws, pid, "退回补充", on=D, reason="材料不全",
                                    supply_list="1. 项目概算明细").ok
    assert ws.projects.get(pid).supply_list == "1. 项目概算明细"
    assert refusals(ws, pid, Stage.AWAITING_APPROVAL)[0] == (
        "第九条：申报已退回补充（待补充：1. 项目概算明细），补充完毕并解除「退回补充」后方可推进")
    h = ws.history.list(pid)[-1]
    assert (h.side_state, h.event) == ("退回补充", "设置状态：退回补充")
    assert lifecycle.clear_side_state(ws, pid, on=D, reason="已补充").ok
    assert ws.projects.get(pid).side_state is None


def test_not_approved_closes_the_declaration(ws):
    pid = project(ws, Stage.AWAITING_APPROVAL)
    assert lifecycle.set_side_state(ws, pid, "不予批准", on=D, reason="与已有系统重复（第十四条）").ok
    assert refusals(ws, pid, Stage.APPROVED, details={"approval_doc_no": "x"}) == [
        "第十条：县政府不予批准，该申报已关闭，阶段和状态都不能再改变（如需再申报请新建项目）"]
    assert not lifecycle.clear_side_state(ws, pid, on=D, reason="复议").ok
    assert ws.projects.get(pid).side_state == SideState.REJECTED


def test_adjustment_request_approval_and_filing(ws):
    pid = project(ws, Stage.CONSTRUCTION, approval_date=date(2027, 1, 16))
    with as_unit(ws, UNIT):   # 第十五条: the unit applies
        with pytest.raises(XxhError, match="第十五条"):
            lifecycle.request_adjustment(ws, pid, " ", requested_on=D, kind="建设内容")
        adj = lifecycle.request_adjustment(ws, pid, "增加移动端功能，概算增加 10 万元", requested_on=D,
                                           kind="投资概算", new_investment=Decimal("110"))
    with pytest.raises(XxhError, match="第十五条"):
        lifecycle.record_adjustment(ws, adj, county_approved_on=date(2027, 2, 1))
    lifecycle.record_adjustment(ws, adj, county_approved_on=date(2027, 3, 10), office_filed_on=date(2027, 3, 12))
    [row] = ws.adjustments.of(pid)
    assert (row.county_approved_on, row.office_filed_on) == (date(2027, 3, 10), date(2027, 3, 12))
    assert [h.event for h in ws.history.list(pid)] == ["项目调整申请", "项目调整县政府批准", "项目调整县智慧办备案"]


def test_existing_assets_round_trip_and_validation(ws):
    pid = project(ws, existing=True)
    assets = [lifecycle.Asset("服务器", 2, date(2019, 5, 1), date(2024, 5, 1), "在用", "硬件")]
    with as_unit(ws, UNIT):   # 第八条第二款: the unit lists what it has
        lifecycle.set_existing_assets(ws, pid, assets)
        assert ws.assets.of(pid) == assets
        with pytest.raises(XxhError, match="过保时间早于购置时间"):
            lifecycle.set_existing_assets(ws, pid, [lifecycle.Asset("交换机", 1, date(2020, 1, 1), date(2019, 1, 1))])
    assert ws.assets.of(pid) == assets


def test_gate_materials_and_key_dates(ws):
    pid = project(ws, Stage.FINAL_ACCEPTANCE, initial_acceptance_date=date(2026, 11, 30),
                  initial_acceptance_result="合格", final_acceptance_date=date(2027, 8, 31))
    attach(ws, pid, "试运行报告")
    with as_unit(ws, UNIT):
        ws.materials.waive(pid, "项目概算", "待财政评审")
    status = {(m.stage, m.kind): m.status for m in lifecycle.gate_materials(ws, pid)}
    assert status[(Stage.FINAL_ACCEPTANCE, "试运行报告")] == "已提交"
    assert status[(Stage.DECLARED, "项目概算")] == "暂缺"
    assert status[(Stage.FINAL_ACCEPTANCE, "终验报告")] == "缺"
    dates = lifecycle.key_dates(ws, pid)
    assert dates["试运行届满（可终验）"] == date(2027, 2, 28)
    assert dates["绩效自评价截止"] == date(2028, 2, 29)


def test_full_path_from_draft_to_operation(ws):
    pid = project(ws)
    declare(ws, pid, valid_declaration())
    attach(ws, pid, *DECLARATION_KINDS)
    with as_unit(ws, UNIT):
        assert move_stage(ws, pid, Stage.DECLARED, on=date(2026, 9, 1)).ok
    assert move_stage(ws, pid, Stage.REVIEWING, on=date(2026, 9, 5)).ok
    answer_all(ws, pid)
    ws.opinions.set(pid, "同意", "", date(2026, 10, 1))
    assert move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=date(2026, 10, 1)).ok
    assert move_stage(ws, pid, Stage.APPROVED, on=date(2026, 11, 1),
                      details={"approval_doc_no": "金政〔2026〕9号", "plan_year": 2027}).ok
    assert move_stage(ws, pid, Stage.PROCUREMENT, on=date(2027, 1, 5)).ok
    with as_unit(ws, UNIT):
        lifecycle.update_facts(ws, pid, {"responsible_person": "王五", "contract_date": "2027-03-01",
                                         "supplier": "甲公司"})
    assert move_stage(ws, pid, Stage.INITIAL_ACCEPTANCE, on=date(2027, 8, 1)).ok  # 建设实施 passed on the way
    assert move_stage(ws, pid, Stage.TRIAL, on=date(2027, 8, 31)).ok
    attach(ws, pid, *FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)
    assert move_stage(ws, pid, Stage.FINAL_ACCEPTANCE, on=date(2027, 11, 30)).ok
    assert move_stage(ws, pid, Stage.SELF_EVALUATION, on=date(2027, 12, 1)).ok
    attach(ws, pid, SELF_EVALUATION_KIND)
    assert move_stage(ws, pid, Stage.OPERATION, on=date(2028, 5, 1)).ok
    events = [h.event for h in ws.history.list(pid)]
    assert events[5] == "开工建设、组织初验"
    assert ws.projects.get(pid).stage == Stage.OPERATION
    assert ws.check() == []


# ---------------------------------------------------------------------- who may move (第四条、第五条、第九条、第十条)


def _first(ws, stage: Stage, side_state: SideState | None = None):
    return next(r for r in ws.views.summaries() if r.stage == stage and r.side_state == side_state)


def test_a_department_cannot_move_a_project_into_review(demo_ws) -> None:
    row = _first(demo_ws, Stage.DECLARED)
    choose(demo_ws, Side.UNIT, row.unit)
    result = lifecycle.move_stage(demo_ws, row.id, Stage.REVIEWING, on=date(2026, 11, 26))
    assert not result.ok
    assert any(r.startswith("第九条、第十条：") and "县智慧办" in r for r in result.refusals)
    assert demo_ws.projects.get(row.id).stage == Stage.DECLARED


def test_a_department_moves_only_its_own_declaration(demo_ws) -> None:
    # 第五条: the department declares (草稿 ↔ 已申报); every later move is the office's,
    # the building stages included (第四条: the office keeps and supervises the lifecycle).
    approved = _first(demo_ws, Stage.APPROVED)
    choose(demo_ws, Side.UNIT, approved.unit)
    facts = lifecycle.load_facts(demo_ws, approved.id)
    assert check_move(facts, Stage.PROCUREMENT, date(2026, 11, 26)) == []          # the gate holds …
    refused = check_move(facts, Stage.PROCUREMENT, date(2026, 11, 26), actor=demo_ws.actor)
    assert len(refused) == 1 and refused[0].startswith("第九条、第十条：")       # … the side does not
    declared = _first(demo_ws, Stage.DECLARED)
    choose(demo_ws, Side.UNIT, declared.unit)
    withdrawn = lifecycle.move_stage(demo_ws, declared.id, Stage.DRAFT, on=date(2026, 11, 26), reason="补充概算后再申报")
    assert withdrawn.ok, withdrawn.refusals
    assert demo_ws.declarations.status(declared.id) == "草稿"


def test_a_department_cannot_set_or_lift_side_states(demo_ws) -> None:
    returned = _first(demo_ws, Stage.REVIEWING, SideState.RETURNED)
    choose(demo_ws, Side.UNIT, returned.unit)
    lifted = lifecycle.clear_side_state(demo_ws, returned.id, on=date(2026, 11, 26), reason="已补充")
    assert not lifted.ok
    assert lifted.refusals[0].startswith("第九条、第十条、第二十条：") and "项目建设单位不能" in lifted.refusals[0]
    assert demo_ws.projects.get(returned.id).side_state == SideState.RETURNED
    building = _first(demo_ws, Stage.CONSTRUCTION)
    choose(demo_ws, Side.UNIT, building.unit)
    ordered = lifecycle.set_side_state(demo_ws, building.id, SideState.RECTIFYING, on=date(2026, 11, 26),
                                       reason="x", deadline=date(2026, 12, 31))
    assert not ordered.ok and "项目建设单位不能" in ordered.refusals[0]
    assert demo_ws.projects.get(building.id).side_state is None
    assert demo_ws.rectifications.open_of(building.id) == []


def test_the_office_is_not_restricted(demo_ws) -> None:
    choose(demo_ws, Side.OFFICE)
    row = _first(demo_ws, Stage.DECLARED)
    facts = lifecycle.load_facts(demo_ws, row.id)
    assert check_move(facts, Stage.REVIEWING, date(2026, 11, 26), actor=demo_ws.actor) == []


# ---------------------------------------------------------------------- review findings


def test_county_gate_refuses_while_an_item_still_needs_supplement(ws):
    # 第九条: a 需补充 answer means the review is not finished, even when the
    # 退回补充 state was lifted by hand and an older opinion is on file.
    pid = project(ws, Stage.REVIEWING)
    answer_all(ws, pid, items=ITEMS[1:])
    answer_all(ws, pid, "需补充", items=ITEMS[:1])
    ws.opinions.set(pid, "同意", "同意", date(2027, 2, 1))
    rs = refusals(ws, pid, Stage.AWAITING_APPROVAL)
    assert len(rs) == 1 and rs[0].startswith("第九条：") and "需补充" in rs[0]
    answer_all(ws, pid, items=ITEMS[:1])
    assert refusals(ws, pid, Stage.AWAITING_APPROVAL) == []


def test_return_for_supplement_needs_a_received_declaration(ws):
    # 第九条: 县智慧办 returns what it has received; a draft was never declared.
    pid = project(ws, Stage.DRAFT)
    r = lifecycle.set_side_state(ws, pid, "退回补充", on=D, reason="材料不全", supply_list="1. 概算")
    assert not r.ok and r.refusals[0].startswith("第九条：")
    assert ws.projects.get(pid).side_state is None
    pid2 = project(ws, Stage.DECLARED)
    assert lifecycle.set_side_state(ws, pid2, "退回补充", on=D, reason="材料不全", supply_list="1. 概算").ok


def test_lifting_a_suspension_after_an_overdue_rectification_closes_it(ws):
    # 第二十条: 整改中 → (逾期) 暂停建设 → rectified, the office lifts the suspension.
    # The overdue 整改 must not stay red on the dashboard with no state left to close it.
    from xxh_desktop import deadlines

    pid = project(ws, Stage.CONSTRUCTION)
    lifecycle.set_side_state(ws, pid, "整改中", on=date(2027, 3, 1), reason="资金使用不规范",
                             deadline=date(2027, 3, 31))
    assert lifecycle.set_side_state(ws, pid, "暂停建设", on=date(2027, 4, 1), reason="逾期未整改").ok
    assert lifecycle.clear_side_state(ws, pid, on=date(2027, 5, 6), reason="已完成整改，恢复建设").ok
    [rect] = ws.rectifications.of(pid)
    assert (rect.closed_on, rect.result) == (date(2027, 5, 6), "已整改")
    assert lifecycle.escalation_flags(ws, date(2027, 5, 7)) == {}
    assert [d.kind for d in deadlines.project_deadlines(ws, pid)] == []
    assert "整改结果：已整改" in ws.history.list(pid)[-1].reason


def test_plan_year_typed_in_the_detail_is_checked_not_crashed_on(ws):
    # 第七条 列入计划年度 is a line edit in the project detail: what a clerk types
    # is either a four-digit year or a Chinese refusal, never a ValueError.
    pid = project(ws, Stage.APPROVED, approval_date=date(2026, 11, 18))
    lifecycle.update_facts(ws, pid, {"plan_year": "２０２７年"})
    assert ws.projects.get(pid).plan_year == 2027
    for bad in ("明年", "27", "2027.5"):
        with pytest.raises(XxhError, match="列入计划年度"):
            lifecycle.update_facts(ws, pid, {"plan_year": bad})
    assert ws.projects.get(pid).plan_year == 2027
    lifecycle.update_facts(ws, pid, {"plan_year": ""})
    assert ws.projects.get(pid).plan_year is None
