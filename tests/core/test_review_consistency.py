"""第八条、第九条、第十条: the opinion agrees with the checklist; 需补充 → 补充后再审 unless accepted;
the 建设方案 and 会同有关部门 items; 暂缺 materials re-checked before the county; the unit warned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xxh_desktop import checklist, lifecycle
from xxh_desktop.checklist import ITEMS, declaration_warnings
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.materials import DECLARATION_KINDS
from xxh_desktop.domain.review_items import CONCLUSIONS
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.lifecycle import move_stage

from builders import as_unit, new_project

pytestmark = pytest.mark.usefixtures("late_today")

UNIT = "县数据资源局"
ON = date(2026, 11, 5)


def reviewed(ws, answers: dict[str, str] | None = None, **facts) -> str:
    """A project under review, its materials attached, consulted, every item answered (符合 unless given)."""
    pid = new_project(ws, "政务协同平台", UNIT, 2027, stage=Stage.REVIEWING, consulted_units="县财政局、县发改委",
                      consulted_on=date(2026, 10, 20), **facts)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="政务协同平台",
                                              declared_on=date(2026, 9, 20), investment=Decimal("50"),
                                              fund_fiscal=Decimal("50"), content="依托县云计算中心建设。"))
        for kind in DECLARATION_KINDS:
            ws.materials.attach(pid, kind, f"{kind}.pdf", b"%PDF")
    for item in ITEMS:
        answer = (answers or {}).get(item.key, "符合")
        checklist.set_answer(ws, pid, item.key, answer, "" if answer == "符合" else f"{item.title[:6]}的问题")
    return pid


def test_conclusions_include_resubmission():
    assert CONCLUSIONS == ("同意", "修改后同意", "不同意", "补充后再审")


def test_agree_with_an_item_not_conforming_is_refused_naming_the_items(ws):
    # The issue: 第八条第三款 (a new 机房) and 第十四条 (a private network) 不符合 beside «同意».
    pid = reviewed(ws, {"no_hardware": "不符合", "consolidation": "不符合"})
    with pytest.raises(XxhError) as refused:
        checklist.write_opinion(ws, pid, "同意", "同意建设。", ON)
    message = str(refused.value)
    assert "第十条：审核清单中第八条第三款「建设方案无独立机房、数据中心、大屏、服务器等硬件（或有法律法规依据）」" in message
    assert "第十四条「依托县云计算中心" in message and "结论不能为「同意」" in message
    assert checklist.opinion(ws, pid) is None
    checklist.write_opinion(ws, pid, "修改后同意", checklist.draft_opinion_text(ws, pid), ON)
    assert move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON).ok


def test_a_stored_opinion_that_no_longer_agrees_holds_the_county_gate(ws):
    pid = reviewed(ws)
    checklist.write_opinion(ws, pid, "同意", "同意建设。", ON)
    checklist.set_answer(ws, pid, "economic", "不符合", "概算偏高")   # answered otherwise after the opinion
    refused = move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON)
    assert any(r.startswith("第十条：审核清单中第九条（三）「经济合理」为不符合，结论不能为「同意」") for r in refused.refusals)
    assert any("结论不能为「同意」" in p for p in checklist.review_problems(ws, pid))


def test_need_supply_makes_the_opinion_resubmission(ws):
    pid = reviewed(ws, {"security": "需补充"})
    assert ws.projects.get(pid).side_state == SideState.RETURNED
    assert checklist.suggested_conclusion(ws, pid) == "补充后再审"
    for conclusion in ("同意", "修改后同意", "不同意"):
        with pytest.raises(XxhError, match="需补充项（第九条（三）「信息安全性有保障」），结论只能为「补充后再审」"):
            checklist.write_opinion(ws, pid, conclusion, "理由：信息安全性有保障不足", ON)
    text = checklist.draft_opinion_text(ws, pid)
    assert text.startswith("经审核，以下事项须项目建设单位补充后再审：")
    checklist.write_opinion(ws, pid, "补充后再审", text, ON)
    refused = move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON)
    assert not refused.ok and any("需补充" in r for r in refused.refusals)


def test_resubmission_without_any_item_to_supply_is_refused(ws):
    pid = reviewed(ws)
    with pytest.raises(XxhError, match="第九条：审核清单没有待补充的项，结论不能为「补充后再审」"):
        checklist.write_opinion(ws, pid, "补充后再审", "请补充。", ON)


def test_an_accepted_need_supply_item_lets_the_review_conclude(ws):
    pid = reviewed(ws, {"economic": "需补充"})
    with pytest.raises(XxhError, match="不是需补充项"):
        checklist.accept_item(ws, pid, "technical", "理由")
    checklist.accept_item(ws, pid, "economic", "概算已经财政评审，差额由单位自筹")
    answer = checklist.answers(ws, pid)["economic"]
    assert (answer.answer, answer.accepted_reason, answer.pending) == ("需补充", "概算已经财政评审，差额由单位自筹", False)
    assert ws.projects.get(pid).side_state is None and checklist.supply_list(ws, pid) == ""
    assert checklist.suggested_conclusion(ws, pid) == "同意"
    text = checklist.draft_opinion_text(ws, pid)
    assert "以下需补充事项经审核可以接受：" in text and "概算已经财政评审" in text
    checklist.write_opinion(ws, pid, "同意", text, ON)
    assert move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON).ok
    # a new comment on the same answer keeps the acceptance; another answer would drop it
    assert [e.action for e in ws.audit_log.entries()].count("需补充项可以接受") == 1


def test_a_new_answer_drops_the_acceptance(ws):
    pid = reviewed(ws, {"economic": "需补充"})
    checklist.accept_item(ws, pid, "economic", "已说明")
    checklist.set_answer(ws, pid, "economic", "需补充", "请补充单价依据")
    assert checklist.answers(ws, pid)["economic"].accepted_reason == "已说明"
    checklist.set_answer(ws, pid, "economic", "不符合", "概算偏高")
    checklist.set_answer(ws, pid, "economic", "需补充", "请补充单价依据")
    assert checklist.answers(ws, pid)["economic"].pending and ws.projects.get(pid).side_state == SideState.RETURNED


def test_the_text_names_the_items_it_rests_on_and_never_says_the_opposite(ws):
    pid = reviewed(ws, {"economic": "不符合"})
    with pytest.raises(XxhError, match="第十条：审核意见的理由须写明第九条（三）「经济合理」"):
        checklist.write_opinion(ws, pid, "修改后同意", "请修改后报批。", ON)
    checklist.write_opinion(ws, pid, "修改后同意", "经济合理方面：概算偏高，请修改后报批。", ON)
    clean = reviewed(ws)
    with pytest.raises(XxhError, match="第十条：结论为「同意」，审核意见中却写有否定的意见"):
        checklist.write_opinion(ws, clean, "同意", "经审核，该项目不符合要求。", ON)


def test_every_answer_set_gives_a_draft_that_is_accepted(ws):
    for answers, conclusion in (({}, "同意"), ({"economic": "不符合", "security": "不符合"}, "修改后同意"),
                                ({"resource_catalog": "需补充"}, "补充后再审")):
        pid = reviewed(ws, answers)
        assert checklist.suggested_conclusion(ws, pid) == conclusion
        checklist.write_opinion(ws, pid, conclusion, checklist.draft_opinion_text(ws, pid), ON)


# ---------------------------------------------------------------------- the two new items


def test_the_plan_contents_and_consultation_items_are_asked(ws):
    keys = {i.key: i for i in ITEMS}
    assert keys["plan_contents"].article == "第八条第一款" and "监理、第三方评测、等保费用" in keys["plan_contents"].title
    assert keys["consultation"].article == "第九条"
    pid = new_project(ws, "未会同的项目", UNIT, 2027, stage=Stage.REVIEWING)
    s = checklist.suggestions(ws, pid)
    assert s["plan_contents"] == checklist.Suggestion("需补充", "未附项目建设方案，无法核对其内容")
    assert "consultation" not in s
    with pytest.raises(XxhError, match="第九条：答「符合」前请先记录会同审核的部门和日期"):
        checklist.set_answer(ws, pid, "consultation", "符合")
    lifecycle.update_facts(ws, pid, {"consulted_units": "县财政局、县公管局", "consulted_on": "2026-10-12"})
    assert checklist.suggestions(ws, pid)["consultation"] == checklist.Suggestion(
        "符合", "已会同县财政局、县公管局审核（2026-10-12）")
    checklist.set_answer(ws, pid, "consultation", "符合")


def test_a_department_may_not_record_the_consultation(ws):
    pid = new_project(ws, "项目", UNIT, 2027, stage=Stage.REVIEWING)
    with as_unit(ws, UNIT), pytest.raises(XxhError, match="第九条：「会同审核的部门」由县智慧办办理"):
        lifecycle.update_facts(ws, pid, {"consulted_units": "县财政局"})


# ---------------------------------------------------------------------- 暂缺 re-checked (第八条)


def test_waived_materials_hold_the_county_gate_and_every_later_one(ws):
    # The issue: all five materials 暂缺 and the project reported to 县政府 all the same.
    pid = reviewed(ws)
    with as_unit(ws, UNIT):
        for kind in DECLARATION_KINDS:
            ws.materials.waive(pid, kind, "稍后补交")
    checklist.write_opinion(ws, pid, "同意", "同意建设。", ON)
    refused = move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON)
    assert refused.refusals == ("第八条：申报材料仍暂缺：" + "；".join(f"「{k}」（稍后补交）" for k in DECLARATION_KINDS)
                                + "。须补交，或由县智慧办写明同意暂缺的理由",)
    for kind in DECLARATION_KINDS[:-1]:
        lifecycle.accept_absent_material(ws, pid, kind, "纸质件已收，电子件随后补交")
    with as_unit(ws, UNIT), pytest.raises(XxhError, match="第八条：「县智慧办同意暂缺的理由」由县智慧办办理"):
        lifecycle.accept_absent_material(ws, pid, DECLARATION_KINDS[-1], "单位自己同意")
    refused = move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON)
    assert refused.refusals == ("第八条：申报材料仍暂缺：「信息资源目录」（稍后补交）。须补交，或由县智慧办写明同意暂缺的理由",)
    with as_unit(ws, UNIT):
        ws.materials.attach(pid, "信息资源目录", "目录.xlsx", b"catalogue")
    assert move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=ON).ok


def test_a_later_gate_holds_too_and_a_new_reason_needs_a_new_acceptance(ws):
    pid = new_project(ws, "已批准项目", UNIT, 2027, stage=Stage.APPROVED, approval_date=date(2026, 11, 18),
                      plan_year=2027)
    with as_unit(ws, UNIT):
        ws.materials.waive(pid, "项目概算", "财政评审中")
    refused = move_stage(ws, pid, Stage.PROCUREMENT, on=date(2026, 12, 1))
    assert refused.refusals == ("第八条：申报材料仍暂缺：「项目概算」（财政评审中）。须补交，或由县智慧办写明同意暂缺的理由",)
    with pytest.raises(XxhError, match="不能为空|须写明理由"):
        lifecycle.accept_absent_material(ws, pid, "项目概算", " ")
    lifecycle.accept_absent_material(ws, pid, "项目概算", "评审结论待出，不影响采购")
    assert move_stage(ws, pid, Stage.PROCUREMENT, on=date(2026, 12, 1)).ok
    with as_unit(ws, UNIT):
        ws.materials.waive(pid, "项目概算", "另有原因")
    assert ws.materials.by_kind(pid)["项目概算"].accepted_reason == ""


# ---------------------------------------------------------------------- the unit, warned before it submits


def test_the_department_sees_the_concerns_before_submitting():
    warnings = declaration_warnings("县指挥中心建设", "新建机房一间，采购服务器10台，建设大屏，自建专网。")
    assert len(warnings) == 2
    assert warnings[0].startswith("第八条第三款：申报内容提及机房、大屏、服务器")
    assert warnings[1].startswith("第十四条：申报内容提及专网")
    assert declaration_warnings("协同平台", "依托县云计算中心部署。") == []
