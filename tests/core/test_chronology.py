"""Chronology as a rule (issue 13): every event date against what it follows and against today.

Each refusal names the two dates and the article; what is already on file out
of order is listed by `check` as a warning, not silently kept. Today is fixed
here (`TODAY`), as the rules take it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xxh_desktop import checklist, cli, lifecycle
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import FIELDS, Kind
from xxh_desktop.domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.lifecycle import Facts, check_move, move_stage
from xxh_desktop.lifecycle.chronology import order_problems

from builders import as_office, as_unit, freeze_today, new_project

TODAY = date(2027, 6, 30)
UNIT = "县数据资源局"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, TODAY)


def project(ws, stage=Stage.DRAFT, **facts) -> str:
    return new_project(ws, "县级政务协同平台", UNIT, 2027, stage=stage, **facts)


def attach(ws, pid, *kinds):
    with as_office(ws):
        for kind in kinds:
            ws.materials.attach(pid, kind, f"{kind}.pdf", b"%PDF")


# ---------------------------------------------------------------------- the catalogue's windows


def test_only_deadlines_and_plans_may_lie_ahead():
    future = {k for k, f in FIELDS.items() if f.kind == Kind.DATE and f.future}
    assert future == {"rectification.deadline", "asset.warranty_until", "project.cloud_migration_due"}


def test_every_date_it_follows_is_a_date_of_the_catalogue():
    for key, f in FIELDS.items():
        for prior in f.after:
            assert FIELDS[prior].kind == Kind.DATE, (key, prior)
        assert not f.after or f.kind == Kind.DATE, key


def test_order_problems_name_both_dates_and_the_article():
    problems = order_problems({"project.contract_date": date(2026, 8, 15),
                               "project.initial_acceptance_date": date(2020, 1, 1),
                               "project.final_acceptance_date": date(2027, 7, 1)}, TODAY)
    assert problems == [
        "第十七条：初验日期 2020-01-01 早于合同签订日期 2026-08-15",
        "第十七条：终验日期 2027-07-01 晚于今天 2027-06-30，已发生的事项不能预先登记日期",
    ]


# ---------------------------------------------------------------------- the cases, refused


def test_backdated_trial_and_final_acceptance_are_refused(ws):
    # The issue: a contract of 2026-08-15, 试运行 on 2020-01-01 and 终验 on 2020-04-01 beat the 3 months.
    pid = project(ws, Stage.INITIAL_ACCEPTANCE, contract_date=date(2026, 8, 15), supplier="某公司",
                  responsible_person="王五", approval_date=date(2026, 1, 16))
    refused = move_stage(ws, pid, Stage.TRIAL, on=date(2020, 1, 1))
    assert not refused.ok
    assert "第十七条：初验日期 2020-01-01 早于合同签订日期 2026-08-15" in refused.refusals
    assert ws.projects.get(pid).stage == Stage.INITIAL_ACCEPTANCE and ws.history.list(pid) == []
    assert move_stage(ws, pid, Stage.TRIAL, on=date(2026, 12, 1)).ok
    attach(ws, pid, *FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)
    back = move_stage(ws, pid, Stage.FINAL_ACCEPTANCE, on=date(2020, 4, 1))
    assert "第四条" not in " ".join(back.refusals)
    assert "第十七条：终验通过日期 2020-04-01 早于项目进入「试运行」阶段的日期 2026-12-01" in back.refusals
    assert "第十七条：初验合格后试运行满3个月方可终验（试运行至 2027-03-01 届满）" in back.refusals


def test_future_dates_are_refused_except_deadlines(ws):
    pid = project(ws, Stage.INITIAL_ACCEPTANCE, contract_date=date(2027, 1, 10))
    refused = move_stage(ws, pid, Stage.TRIAL, on=date(2027, 7, 1))
    assert refused.refusals == ("第十七条：初验合格日期 2027-07-01 晚于今天 2027-06-30，已发生的事项不能预先登记日期",)
    # a deadline may lie ahead: 限期整改 ordered today for a month from now
    assert lifecycle.set_side_state(ws, pid, SideState.RECTIFYING, on=TODAY, reason="未开展等保测评",
                                    deadline=date(2027, 7, 31)).ok


def test_approval_dated_before_the_written_opinion_is_refused(ws):
    pid = project(ws, Stage.AWAITING_APPROVAL)
    with as_office(ws):
        ws.opinions.set(pid, "同意", "同意建设。", date(2027, 3, 10))
    refused = move_stage(ws, pid, Stage.APPROVED, on=date(2027, 3, 1), details={"approval_doc_no": "金政秘〔2027〕3号"})
    assert refused.refusals == ("第十条：县政府批准日期 2027-03-01 早于审核意见日期 2027-03-10",)
    assert move_stage(ws, pid, Stage.APPROVED, on=date(2027, 3, 12),
                      details={"approval_doc_no": "金政秘〔2027〕3号"}).ok


@pytest.mark.parametrize(("stage", "to", "facts", "expected"), [
    (Stage.DECLARED, Stage.REVIEWING, {},
     "第九条：开始审核日期 2026-09-01 早于申报日期 2026-09-10"),
    (Stage.APPROVED, Stage.PROCUREMENT, {"approval_date": date(2026, 11, 18), "plan_year": 2027},
     "第七条：启动招标采购日期 2026-09-01 早于县政府批准日期 2026-11-18"),
    (Stage.PROCUREMENT, Stage.CONSTRUCTION, {"contract_date": date(2026, 9, 5), "supplier": "某公司",
                                              "responsible_person": "王五"},
     "第十二条：开工建设日期 2026-09-01 早于合同签订日期 2026-09-05"),
])
def test_a_move_recording_no_fact_of_its_own_follows_what_it_depends_on(ws, stage, to, facts, expected):
    pid = project(ws, stage, **facts)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, declared_on=date(2026, 9, 10)))
    refused = move_stage(ws, pid, to, on=date(2026, 9, 1))
    assert expected in refused.refusals


def test_a_backward_move_cannot_be_dated_before_the_stage_it_leaves(ws):
    pid = project(ws, Stage.INITIAL_ACCEPTANCE, contract_date=date(2027, 1, 10))
    assert move_stage(ws, pid, Stage.TRIAL, on=date(2027, 2, 1)).ok
    back = move_stage(ws, pid, Stage.INITIAL_ACCEPTANCE, on=date(2027, 1, 20), reason="初验问题未整改")
    assert back.refusals == ("第十六条：退回日期 2027-01-20 早于项目进入「试运行」阶段的日期 2027-02-01",)


def test_report_dates_follow_operation_start(ws):
    pid = project(ws, Stage.SELF_EVALUATION, final_acceptance_date=date(2027, 1, 15),
                  operation_started_on=date(2027, 1, 20))
    attach(ws, pid, SELF_EVALUATION_KIND)
    refused = move_stage(ws, pid, Stage.OPERATION, on=date(2027, 1, 18))
    assert "第十八条：绩效自评价报告报送县智慧办日期 2027-01-18 早于投入运行日期 2027-01-20" in refused.refusals
    with pytest.raises(XxhError, match="第十八条：绩效自评价报告报送县财政局日期 2027-07-02 晚于今天"):
        lifecycle.update_facts(ws, pid, {"self_eval_finance_date": "2027-07-02"})


def test_facts_edited_between_moves_keep_the_order(ws):
    pid = project(ws, Stage.PROCUREMENT, approval_date=date(2027, 1, 16))
    with as_unit(ws, UNIT):
        with pytest.raises(XxhError, match="第十一条：合同签订日期 2027-01-10 早于县政府批准日期 2027-01-16"):
            lifecycle.update_facts(ws, pid, {"contract_date": "2027-01-10"})
        with pytest.raises(XxhError, match="第十一条：合同签订日期 2027-02-01 早于采购日期 2027-02-05"):
            lifecycle.update_facts(ws, pid, {"procurement_date": "2027-02-05", "contract_date": "2027-02-01"})
        lifecycle.update_facts(ws, pid, {"procurement_date": "2027-02-05", "contract_date": "2027-02-20"})
    assert ws.projects.get(pid).contract_date == date(2027, 2, 20)


def test_the_opinion_is_not_dated_before_the_declaration_nor_after_today(ws):
    pid = project(ws, Stage.REVIEWING, consulted_units="县财政局", consulted_on=date(2026, 10, 1))
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, declared_on=date(2026, 9, 20)))
    for item in checklist.ITEMS:
        checklist.set_answer(ws, pid, item.key, "符合")
    with pytest.raises(XxhError, match="第十条：审核意见日期 2026-09-25 早于会同审核日期 2026-10-01"):
        checklist.write_opinion(ws, pid, "同意", "同意。", date(2026, 9, 25))
    with pytest.raises(XxhError, match="第十条：审核意见日期 2027-07-01 晚于今天 2027-06-30"):
        checklist.write_opinion(ws, pid, "同意", "同意。", date(2027, 7, 1))
    checklist.write_opinion(ws, pid, "同意", "同意。", date(2026, 10, 10))


def test_a_rectification_is_ordered_after_the_approval_and_closed_after_its_order(ws):
    pid = project(ws, Stage.CONSTRUCTION, approval_date=date(2027, 1, 16))
    refused = lifecycle.set_side_state(ws, pid, SideState.RECTIFYING, on=date(2027, 1, 10), reason="x",
                                       deadline=date(2027, 2, 10))
    assert "第二十条：整改下达日期 2027-01-10 早于县政府批准日期 2027-01-16" in refused.refusals
    assert lifecycle.set_side_state(ws, pid, SideState.RECTIFYING, on=date(2027, 3, 1), reason="x",
                                    deadline=date(2027, 4, 1)).ok
    early = lifecycle.clear_side_state(ws, pid, on=date(2027, 2, 20), reason="已整改")
    assert "第二十条：解除状态日期 2027-02-20 早于整改下达日期 2027-03-01" in early.refusals
    assert lifecycle.clear_side_state(ws, pid, on=date(2027, 3, 20), reason="已整改").ok


def test_pure_check_move_takes_today(ws):
    facts = Facts(stage=Stage.APPROVED, approval_date=date(2027, 1, 16), plan_year=2027)
    assert check_move(facts, Stage.PROCUREMENT, date(2027, 2, 1), today=date(2027, 2, 1)) == []
    assert check_move(facts, Stage.PROCUREMENT, date(2027, 2, 1), today=date(2027, 1, 31)) == [
        "第十一条：启动招标采购日期 2027-02-01 晚于今天 2027-01-31，已发生的事项不能预先登记日期"]


# ---------------------------------------------------------------------- what is already on file


def test_check_lists_records_out_of_order_as_warnings(ws, capsys):
    bad = project(ws, Stage.TRIAL, contract_date=date(2026, 8, 15), initial_acceptance_date=date(2020, 1, 1),
                  initial_acceptance_result="合格")
    project(ws, Stage.APPROVED, plan_year=2027)   # listed in a plan, never approved
    warnings = lifecycle.chronology_warnings(ws)
    assert f"{ws.projects.get(bad).label}：第十七条：初验日期 2020-01-01 早于合同签订日期 2026-08-15" in warnings
    assert any("第七条：项目列入2027年度计划，却尚未经县政府批准" in w for w in warnings)
    db = str(ws.path)
    ws.close()
    assert cli.main(["--db", db, "check"]) == 0        # a warning, not an integrity fault
    captured = capsys.readouterr()
    assert "检查通过" in captured.out
    assert "日期顺序等警告 2 条" in captured.err and "警告：JZ-2027-001：第十七条：初验日期 2020-01-01" in captured.err


def test_the_demo_is_told_in_order(demo_ws, monkeypatch):
    freeze_today(monkeypatch, date(2026, 11, 26))   # the demo's story date
    assert lifecycle.chronology_warnings(demo_ws) == []


def test_amounts_unchanged_by_a_refused_move(ws):
    pid = project(ws, Stage.PROCUREMENT, approval_date=date(2027, 1, 16), contract_amount=Decimal("50"),
                  contract_date=date(2027, 3, 1), supplier="某公司", responsible_person="王五")
    before = ws.projects.get(pid)
    assert not move_stage(ws, pid, Stage.CONSTRUCTION, on=date(2027, 2, 1)).ok
    assert ws.projects.get(pid) == before


def test_a_declaration_dated_ahead_is_not_submitted(ws):
    from xxh_desktop.submission import FormInvalid, submit_declaration

    pid = project(ws)
    decl = Declaration(applicant_unit=UNIT, declared_on=date(2027, 7, 1), leader="张三", contact="李四",
                       phone="0564-5012345", email="li@jinzhai.gov.cn", project_name="县级政务协同平台",
                       start_month=date(2028, 1, 1), end_month=date(2028, 12, 1), investment=Decimal("10"),
                       fund_fiscal=Decimal("10"), content="依托县云计算中心建设。")
    with as_unit(ws, UNIT):
        for kind in ("项目建设依据", "项目建设方案", "项目概算", "项目可行性研究报告", "信息资源目录"):
            ws.materials.attach(pid, kind, f"{kind}.pdf", b"%PDF")
        with pytest.raises(FormInvalid, match="第五条：申报日期 2027-07-01 晚于今天 2027-06-30"):
            submit_declaration(ws, pid, decl)
        submit_declaration(ws, pid, Declaration(**{**decl.__dict__, "declared_on": date(2027, 6, 30)}))
