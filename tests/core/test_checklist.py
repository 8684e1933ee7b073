"""The 第九条 checklist: answers stored and audited, suggestions, 需补充 → 退回补充, the opinion."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from xxh_desktop import checklist
from xxh_desktop.checklist import ITEMS
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.materials import DECLARATION_KINDS
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.lifecycle import move_stage, set_side_state

from builders import as_unit, choose, new_project

pytestmark = pytest.mark.usefixtures("late_today")

UNIT = "县数据资源局"


def _declared(ws, content="建设全县统一的政务服务协同平台，依托县云计算中心部署。", stage=Stage.REVIEWING):
    """A project under the office's review (`ws` is the office), its 附件1 written by its unit."""
    # 第九条: reviewed 会同有关部门 (recorded, so the item can be answered 符合).
    pid = new_project(ws, "政务协同平台", UNIT, 2027, stage=stage, consulted_units="县财政局、县发改委",
                      consulted_on=date(2026, 10, 20))
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(
            applicant_unit=UNIT, project_name="政务协同平台", content=content,
            investment=Decimal("120.5"), fund_fiscal=Decimal("120.5")))
    return pid


def _audit_rows(ws, action):
    return [e for e in ws.audit_log.entries() if e.action == action]


def test_answer_persists_with_who_and_when_and_is_audited(ws, tmp_path):
    pid = _declared(ws)
    checklist.set_answer(ws, pid, "technical", "符合", " 架构合理 ")
    checklist.set_answer(ws, pid, "technical", "不符合", "未说明容灾")
    ws.close()
    from xxh_desktop.workspace import Workspace

    with Workspace.open(tmp_path / "ws.db") as again:
        got = checklist.answers(again, pid)["technical"]
        assert (got.answer, got.comment, got.by) == ("不符合", "未说明容灾", "测试员")
        assert got.at[:4].isdigit()
        rows = _audit_rows(again, "审核清单")
        assert len(rows) == 2
        assert rows[0].before == ""
        assert json.loads(rows[1].before) == {"technical": {"answer": "符合", "comment": "架构合理"}}
        assert json.loads(rows[1].after) == {"technical": {"answer": "不符合", "comment": "未说明容灾"}}
        assert again.check() == []


def test_same_answer_twice_is_not_audited_again(ws):
    pid = _declared(ws)
    checklist.set_answer(ws, pid, "economic", "符合")
    checklist.set_answer(ws, pid, "economic", "符合")
    assert len(_audit_rows(ws, "审核清单")) == 1


def test_invalid_answer_and_item_and_draft_are_refused(ws):
    pid = _declared(ws)
    with pytest.raises(XxhError, match="无效"):
        checklist.set_answer(ws, pid, "economic", "差不多")
    with pytest.raises(XxhError, match="没有"):
        checklist.set_answer(ws, pid, "nonsense", "符合")
    draft = new_project(ws, "草稿项目", "县教育局", 2027)
    with pytest.raises(XxhError, match="第九条"):
        checklist.set_answer(ws, draft, "economic", "符合")
    assert checklist.answers(ws, pid) == {}


def test_progress_counts_answered_items(ws):
    pid = _declared(ws)
    assert checklist.progress(ws, pid) == (0, len(ITEMS)) == (0, 13)
    for i in ITEMS[:7]:
        checklist.set_answer(ws, pid, i.key, "符合")
    assert checklist.progress(ws, pid) == (7, 13)
    assert [i.key for i in checklist.unanswered(ws, pid)] == [i.key for i in ITEMS[7:]]


def test_need_supply_returns_the_project_with_the_list(ws):
    pid = _declared(ws)
    checklist.set_answer(ws, pid, "materials", "需补充", "补充项目概算")
    proj = ws.projects.get(pid)
    assert proj.side_state == SideState.RETURNED
    assert proj.supply_list == "1. 第八条：补充项目概算"
    checklist.set_answer(ws, pid, "security", "需补充", "补充等保定级材料")
    assert ws.projects.get(pid).supply_list == "1. 第八条：补充项目概算\n2. 第九条（三）：补充等保定级材料"
    assert any(h.side_state == "退回补充" for h in ws.history.list(pid))
    # answered otherwise after the unit supplied: the return is lifted
    checklist.set_answer(ws, pid, "materials", "符合")
    checklist.set_answer(ws, pid, "security", "符合")
    proj = ws.projects.get(pid)
    assert proj.side_state is None and proj.supply_list == ""


def test_need_supply_does_not_override_another_side_state(ws):
    pid = _declared(ws)
    assert set_side_state(ws, pid, SideState.REJECTED, on=date(2027, 1, 5), reason="与已有系统重复").ok
    checklist.set_answer(ws, pid, "materials", "需补充", "补充概算")
    assert ws.projects.get(pid).side_state == SideState.REJECTED


def test_suggestions_from_materials_words_and_catalog(ws):
    pid = _declared(ws, content="新建机房一间，采购服务器10台，建设指挥中心大屏。")
    s = checklist.suggestions(ws, pid)
    assert s["materials"].answer == "需补充"
    assert "项目概算" in s["materials"].comment and "信息资源目录" in s["materials"].comment
    assert s["no_hardware"].answer == "需补充"
    assert "机房、大屏、服务器" in s["no_hardware"].comment
    assert s["resource_catalog"] == checklist.Suggestion("需补充", "未附信息资源目录")
    assert "technical" not in s  # only a person can judge that

    with as_unit(ws, UNIT):
        for kind in DECLARATION_KINDS:
            ws.materials.attach(pid, kind, f"{kind}.pdf", kind.encode())
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="政务协同平台",
                                              content="依托县云计算中心建设协同平台。"))
    s = checklist.suggestions(ws, pid)
    assert s["materials"].answer == "符合"
    assert s["no_hardware"].answer == "符合"
    assert s["resource_catalog"].answer == "符合" and "信息资源目录.pdf" in s["resource_catalog"].comment


def test_waived_material_and_existing_system_suggest_need_supply(ws):
    pid = new_project(ws, "老系统升级", "县人社局", 2027, stage=Stage.REVIEWING, is_existing_system=True)
    with as_unit(ws, "县人社局"):
        for kind in DECLARATION_KINDS:
            ws.materials.attach(pid, kind, "x.pdf", kind.encode())
    s = checklist.suggestions(ws, pid)["materials"]
    assert s.answer == "需补充" and "现有软硬件资源情况" in s.comment
    with as_unit(ws, "县人社局"):
        ws.materials.waive(pid, "现有软硬件资源情况", "资产清点中")
    s = checklist.suggestions(ws, pid)["materials"]
    assert s.answer == "需补充" and "暂缺：资产清点中" in s.comment


def test_accept_suggestions_keeps_existing_answers(ws):
    pid = _declared(ws)
    checklist.set_answer(ws, pid, "materials", "符合", "纸质材料已收")
    n = checklist.accept_suggestions(ws, pid)
    got = checklist.answers(ws, pid)
    assert n == 4  # plan_contents (no 建设方案 attached), no_hardware, consultation (recorded), resource_catalog
    assert got["materials"].comment == "纸质材料已收"
    assert got["resource_catalog"].answer == "需补充"
    assert ws.projects.get(pid).side_state == SideState.RETURNED


def test_opinion_needs_every_item_and_reasons(ws):
    pid = _declared(ws)
    with pytest.raises(XxhError, match="未审"):
        checklist.write_opinion(ws, pid, "同意", "")
    for i in ITEMS:
        checklist.set_answer(ws, pid, i.key, "符合")
    with pytest.raises(XxhError, match="第十条"):
        checklist.write_opinion(ws, pid, "不同意", "  ")
    with pytest.raises(XxhError, match="无效"):
        checklist.write_opinion(ws, pid, "基本同意", "x")
    with pytest.raises(XxhError, match="第十条：审核清单各项均为符合，结论不能为「不同意」"):
        checklist.write_opinion(ws, pid, "不同意", "重复建设")
    checklist.write_opinion(ws, pid, "同意", "符合要求", date(2027, 1, 5))
    op = checklist.opinion(ws, pid)
    assert op == checklist.Opinion("同意", "符合要求", "测试员", date(2027, 1, 5))
    assert checklist.review_problems(ws, pid) == []
    rows = _audit_rows(ws, "书面审核意见")
    assert json.loads(rows[-1].after)["conclusion"] == "同意"


def test_opinion_refused_while_items_need_supply(ws):
    pid = _declared(ws)
    for i in ITEMS:
        checklist.set_answer(ws, pid, i.key, "需补充" if i.key == "materials" else "符合")
    with pytest.raises(XxhError, match="需补充.*结论只能为「补充后再审」"):
        checklist.write_opinion(ws, pid, "同意", "")
    problems = checklist.review_problems(ws, pid)
    assert any("需补充" in p for p in problems) and any("第十条" in p for p in problems)


def test_draft_text_and_conclusion_follow_the_answers(ws):
    pid = _declared(ws)
    for i in ITEMS:
        checklist.set_answer(ws, pid, i.key, "不符合" if i.key == "economic" else "符合",
                             "概算偏高" if i.key == "economic" else "")
    assert checklist.suggested_conclusion(ws, pid) == "修改后同意"
    text = checklist.draft_opinion_text(ws, pid)
    assert "概算偏高" in text and "第九条（三）「经济合理」" in text
    checklist.write_opinion(ws, pid, "修改后同意", text, date(2027, 1, 5))   # the draft itself always passes


def test_lifecycle_gate_waits_for_every_item_and_the_opinion(ws):
    from xxh_desktop import lifecycle

    pid = _declared(ws)
    for i in ITEMS[:-1]:
        checklist.set_answer(ws, pid, i.key, "符合")
    refused = lifecycle.move_stage(ws, pid, "待县政府批准", on=date(2027, 1, 6))
    assert not refused and any("第九条" in r and "1 项" in r for r in refused.refusals)
    checklist.set_answer(ws, pid, ITEMS[-1].key, "符合")
    refused = lifecycle.move_stage(ws, pid, "待县政府批准", on=date(2027, 1, 6))
    assert not refused and any("第十条" in r for r in refused.refusals)
    checklist.write_opinion(ws, pid, "同意", "", date(2027, 1, 6))
    assert lifecycle.move_stage(ws, pid, "待县政府批准", on=date(2027, 1, 6))
    assert ws.projects.get(pid).stage == Stage.AWAITING_APPROVAL


def test_return_for_supply_goes_through_the_lifecycle_history(ws):
    pid = _declared(ws)
    checklist.set_answer(ws, pid, "materials", "需补充", "补充项目概算")
    last = ws.history.list(pid)[-1]
    assert last.side_state == "退回补充" and "补充项目概算" in last.reason


def test_show_lists_the_review(ws):
    from xxh_desktop.report import describe

    pid = _declared(ws)
    assert "审核清单" not in describe(ws, pid)
    checklist.set_answer(ws, pid, "economic", "不符合", "概算偏高")
    text = describe(ws, pid)
    assert "审核清单：已审 1/13" in text and "经济合理：不符合（概算偏高）" in text


def test_need_supply_after_approval_is_refused_and_nothing_is_stored(ws):
    pid = _declared(ws, stage=Stage.CONSTRUCTION)
    with pytest.raises(XxhError, match="第九条"):
        checklist.set_answer(ws, pid, "materials", "需补充", "补充概算")
    assert checklist.answers(ws, pid) == {}
    assert ws.projects.get(pid).side_state is None


def test_review_is_frozen_once_reported_to_the_county(ws):
    pid = _declared(ws)
    for i in ITEMS:
        checklist.set_answer(ws, pid, i.key, "符合")
    checklist.write_opinion(ws, pid, "同意", "同意建设。", date(2027, 1, 5))
    assert move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=date(2027, 1, 6)).ok
    with pytest.raises(XxhError, match="审核结果已报出"):
        checklist.set_answer(ws, pid, "economic", "不符合", "概算偏高")
    with pytest.raises(XxhError, match="第十条"):
        checklist.write_opinion(ws, pid, "不同意", "重新考虑")
    with pytest.raises(XxhError, match="退回「审核中」"):
        checklist.clear_answer(ws, pid, "economic")
    assert checklist.answers(ws, pid)["economic"].answer == "符合"
    assert checklist.opinion(ws, pid).conclusion == "同意"
    # returned for a new review (a backward move with its reason): open again
    assert move_stage(ws, pid, Stage.REVIEWING, on=date(2027, 1, 8), reason="县政府要求重新审核").ok
    checklist.set_answer(ws, pid, "economic", "不符合", "概算偏高")


def test_a_department_machine_cannot_answer_the_checklist(demo_ws) -> None:
    from xxh_desktop.checklist import set_answer
    from xxh_desktop.domain.fields import Side

    row = next(r for r in demo_ws.views.summaries() if r.stage == Stage.REVIEWING and not r.side_state)
    choose(demo_ws, Side.UNIT, row.unit)
    before = demo_ws.checklist.of(row.id)
    with pytest.raises(XxhError, match="第九条：「.+」由县智慧办办理，项目建设单位不能填写或修改"):
        set_answer(demo_ws, row.id, "materials", "不符合", "部门自己改的")
    assert demo_ws.checklist.of(row.id) == before


def test_a_return_set_by_hand_is_not_lifted_by_an_unrelated_answer(ws):
    # 第九条: the office returned the declaration with its own list (from the
    # board); answering checklist items 符合 must not silently lift that return.
    from xxh_desktop import lifecycle

    pid = _declared(ws)
    assert lifecycle.set_side_state(ws, pid, "退回补充", on=date(2027, 3, 1), reason="概算无盖章",
                                    supply_list="1. 加盖公章的项目概算").ok
    checklist.set_answer(ws, pid, "economic", "符合")
    proj = ws.projects.get(pid)
    assert proj.side_state == SideState.RETURNED and proj.supply_list == "1. 加盖公章的项目概算"
    # the checklist's own return is still lifted when its items are answered otherwise
    checklist.set_answer(ws, pid, "security", "需补充", "补充等保定级材料")
    assert "补充等保定级材料" in ws.projects.get(pid).supply_list
    assert "加盖公章的项目概算" in ws.projects.get(pid).supply_list
    checklist.set_answer(ws, pid, "security", "符合")
    proj = ws.projects.get(pid)
    assert proj.side_state == SideState.RETURNED and proj.supply_list == "1. 加盖公章的项目概算"
