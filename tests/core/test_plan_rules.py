"""第七条: the annual plan holds what the county approved; 临时报批 apart; held projects named, not summed;
编制日期 a recorded fact frozen by 备案; an empty year refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xxh_desktop import annual_plan, cli, lifecycle
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.plan_export import export_plan

from builders import as_unit, freeze_today, new_project, seeded

TODAY = date(2027, 3, 31)
UNIT = "县数据资源局"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, TODAY)


def project(ws, name: str, investment: str, stage=Stage.APPROVED, **facts) -> str:
    pid = new_project(ws, name, UNIT, 2027, stage=stage, **facts)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name=name, investment=Decimal(investment),
                                              fund_fiscal=Decimal(investment), declared_on=date(2026, 9, 10)))
    return pid


APPROVED = {"approval_date": date(2026, 11, 18), "approval_doc_no": "金政秘〔2026〕131号"}


def test_plan_year_only_for_a_project_the_county_approved(ws):
    draft = project(ws, "草稿项目", "10", Stage.DRAFT)
    declared = project(ws, "已申报项目", "10", Stage.DECLARED)
    for pid, stage in ((draft, "草稿"), (declared, "已申报")):
        with pytest.raises(XxhError, match=f"第七条、第十条：只有经县政府批准的项目可以列入年度建设计划（项目在「{stage}」阶段"):
            lifecycle.update_facts(ws, pid, {"plan_year": 2027})
        assert ws.projects.get(pid).plan_year is None
    approved = project(ws, "已批准项目", "10", **APPROVED)
    lifecycle.update_facts(ws, approved, {"plan_year": 2027})
    with pytest.raises(XxhError, match="第七条：2026-11-18 批准的项目不能列入更早的2025年度计划"):
        lifecycle.update_facts(ws, approved, {"plan_year": 2025})
    assert [r.name for r in annual_plan.annual_plan(ws, 2027).rows] == ["已批准项目"]


def test_the_approval_move_checks_the_plan_it_lists_the_project_in(ws):
    pid = project(ws, "待批项目", "10", Stage.AWAITING_APPROVAL)
    with seeded(ws):
        ws.opinions.set(pid, "同意", "同意。", date(2026, 11, 1))
    refused = lifecycle.move_stage(ws, pid, Stage.APPROVED, on=date(2027, 3, 1),
                                   details={"approval_doc_no": "金政秘〔2027〕9号", "plan_year": 2026})
    assert "第七条：2027-03-01 批准的项目不能列入更早的2026年度计划" in refused.refusals


def test_unapproved_and_held_projects_leave_the_totals_and_are_named(ws):
    project(ws, "在建项目", "100", **APPROVED, plan_year=2027)
    project(ws, "暂停项目", "40", **APPROVED, plan_year=2027, side_state=SideState.SUSPENDED)
    project(ws, "终止项目", "30", **APPROVED, plan_year=2027, side_state=SideState.TERMINATED)
    project(ws, "暂缓项目", "20", **APPROVED, plan_year=2027, side_state=SideState.FUNDING_DEFERRED)
    project(ws, "未批项目", "5", Stage.DECLARED, plan_year=2027)          # a record from before the rule
    project(ws, "涉密项目", "7", **APPROVED, plan_year=2027, classified=True, classified_note="保密规定")
    plan = annual_plan.annual_plan(ws, 2027)
    assert [r.name for r in plan.rows] == ["在建项目"]
    assert plan.totals["investment"] == Decimal("100")
    notes = "\n".join(plan.notes())
    for name, state in (("暂停项目", "暂停建设"), ("终止项目", "已终止"), ("暂缓项目", "暂缓安排投资计划")):
        assert f"{name}（{state}）" in notes
    assert "第二十条" in notes and "不计入合计" in notes
    assert "尚未经县政府批准（第七条、第十条），未列入" in notes and "未批项目" in notes
    assert "涉密项目" not in notes        # 第三条: out of scope, and out of a plan others read


def test_temporary_approvals_are_a_section_with_their_own_subtotal(ws, tmp_path):
    project(ws, "计划项目", "100", **APPROVED, plan_year=2027)
    project(ws, "临时项目", "12.5", temp_approval_date=date(2027, 3, 2), temp_approval_doc_no="金政秘〔2027〕21号")
    plan = annual_plan.annual_plan(ws, 2027)
    assert ([r.name for r in plan.planned_rows], [r.name for r in plan.temporary_rows]) == (["计划项目"], ["临时项目"])
    assert (plan.planned_totals["investment"], plan.temporary_totals["investment"], plan.totals["investment"]) == (
        Decimal("100"), Decimal("12.5"), Decimal("112.5"))
    annual_plan.compile_plan(ws, 2027, date(2026, 12, 20))
    sheet = load_workbook(export_plan(ws, 2027, tmp_path / "p.xlsx").path).active
    column_a = [sheet.cell(row=r, column=1).value for r in range(5, 11)]
    assert column_a == [annual_plan.PLAN_SECTION, 1, "小计（1个）", annual_plan.TEMPORARY_SECTION, 2, "小计（1个）"]
    assert Decimal(str(sheet["F10"].value)) == Decimal("12.5") and sheet["A11"].value == "合计"


def test_compiled_on_is_a_recorded_fact_not_the_print_date(ws, tmp_path):
    project(ws, "计划项目", "100", **APPROVED, plan_year=2027)
    with pytest.raises(XxhError, match="第七条：编制日期 2026-11-10 早于项目 JZ-2027-001 的县政府批准日期 2026-11-18"):
        annual_plan.compile_plan(ws, 2027, date(2026, 11, 10))
    with pytest.raises(XxhError, match="第七条：编制日期 2027-04-01 晚于今天 2027-03-31"):
        annual_plan.compile_plan(ws, 2027, date(2027, 4, 1))
    first = export_plan(ws, 2027, tmp_path / "draft.xlsx")
    assert any("尚未编制" in w for w in first.warnings)
    assert "编制日期：　　年　　月　　日（尚未编制）" in _note(tmp_path / "draft.xlsx")
    annual_plan.compile_plan(ws, 2027, date(2026, 12, 20))
    with pytest.raises(XxhError, match="第七条：县财政局备案日期 2026-12-19 早于编制日期 2026-12-20"):
        annual_plan.record_filing(ws, 2027, finance_filed_on=date(2026, 12, 19))
    annual_plan.record_filing(ws, 2027, finance_filed_on=date(2027, 1, 5))
    with pytest.raises(XxhError, match="第七条：2027年度计划已于 2027-01-05 报送备案，编制日期不能再改"):
        annual_plan.compile_plan(ws, 2027, date(2027, 1, 10))
    export_plan(ws, 2027, tmp_path / "filed.xlsx")      # printed months later: still the recorded day
    assert "编制日期：2026年12月20日" in _note(tmp_path / "filed.xlsx")
    assert [e.action for e in ws.audit_log.entries()].count("编制年度计划") == 1


def _note(path) -> str:
    sheet = load_workbook(path).active
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))


def test_a_filed_plan_takes_no_more_projects(ws):
    project(ws, "计划项目", "100", **APPROVED, plan_year=2027)
    late = project(ws, "后批项目", "8", approval_date=date(2027, 2, 1), approval_doc_no="金政秘〔2027〕15号")
    annual_plan.compile_plan(ws, 2027, date(2026, 12, 20))
    annual_plan.record_filing(ws, 2027, ndrc_filed_on=date(2027, 1, 6))
    with pytest.raises(XxhError, match="第七条：2027年度计划已于 2027-01-06 报送备案，不能再列入项目；临时确需建设的项目请按程序临时报批"):
        lifecycle.update_facts(ws, late, {"plan_year": 2027})
    lifecycle.update_facts(ws, late, {"temp_approval_date": "2027-02-01", "temp_approval_doc_no": "金政秘〔2027〕15号"})
    assert [r.name for r in annual_plan.annual_plan(ws, 2027).temporary_rows] == ["后批项目"]


def test_an_empty_year_is_refused_with_a_message(ws, tmp_path, capsys):
    project(ws, "计划项目", "100", **APPROVED, plan_year=2027)
    with pytest.raises(XxhError, match="第七条：2030年度没有经县政府批准列入计划或临时报批的项目"):
        export_plan(ws, 2030, tmp_path / "empty.pdf")
    with pytest.raises(XxhError, match="不能编制计划"):
        annual_plan.compile_plan(ws, 2030, date(2027, 1, 1))
    assert not (tmp_path / "empty.pdf").exists()
    db = str(ws.path)
    ws.close()
    assert cli.main(["--db", db, "plan", "--year", "2030", "--out", str(tmp_path / "empty.xlsx")]) == 1
    assert "第七条：2030年度没有" in capsys.readouterr().err
    assert not (tmp_path / "empty.xlsx").exists()


def test_a_late_declaration_says_so_in_the_plan(ws):
    pid = project(ws, "逾期申报项目", "10", **APPROVED, plan_year=2027)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="逾期申报项目",
                                              investment=Decimal("10"), fund_fiscal=Decimal("10"),
                                              declared_on=date(2026, 10, 15)))
    [row] = annual_plan.annual_plan(ws, 2027).rows
    assert row.note == "金政秘〔2026〕131号；逾期申报（第五条）"
