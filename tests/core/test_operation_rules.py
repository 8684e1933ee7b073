"""第十八条 投入运行 and the two 报送; 第十三条 periodic assessment; 第十四条 migration; 第三条 涉密;
第五条 late declarations — each flagged where the clerk looks: the deadlines, `show`, the ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xxh_desktop import cli, deadlines, lifecycle
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.materials import SELF_EVALUATION_KIND
from xxh_desktop.domain.stages import Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.excel.ledger import LEDGER_COLUMNS, write_ledger_xlsx
from xxh_desktop.flags import project_flags
from xxh_desktop.lifecycle import move_stage
from xxh_desktop.report import describe

from builders import as_office, as_unit, freeze_today, new_project

TODAY = date(2027, 12, 31)
UNIT = "县人社局"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch, TODAY)


def project(ws, stage, **facts) -> str:
    return new_project(ws, "社保经办系统升级", UNIT, 2026, stage=stage, **facts)


# ---------------------------------------------------------------------- 第十八条


def test_operation_start_is_recorded_and_the_six_months_run_from_it(ws):
    pid = project(ws, Stage.FINAL_ACCEPTANCE, final_acceptance_date=date(2027, 3, 10))
    assert move_stage(ws, pid, Stage.SELF_EVALUATION, on=date(2027, 3, 20)).ok
    p = ws.projects.get(pid)
    assert p.operation_started_on == date(2027, 3, 20)
    [due] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "self_eval"]
    assert due.due == date(2027, 9, 20)
    assert due.matter == "绩效自评价报告报送县智慧办和县财政局（第十八条，自投入运行 2027-03-20 起6个月）"


def test_without_an_operation_date_the_months_run_from_final_acceptance_and_it_says_so(ws):
    pid = project(ws, Stage.SELF_EVALUATION, final_acceptance_date=date(2027, 3, 10))
    [due] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "self_eval"]
    assert (due.due, due.matter.endswith("自终验 2027-03-10 起6个月，未记录投入运行日期）")) == (date(2027, 9, 10), True)


def test_the_operation_date_follows_final_acceptance(ws):
    pid = project(ws, Stage.FINAL_ACCEPTANCE, final_acceptance_date=date(2027, 3, 10))
    refused = move_stage(ws, pid, Stage.SELF_EVALUATION, on=date(2027, 3, 20),
                         details={"operation_started_on": date(2027, 3, 1)})
    assert refused.refusals == ("第十八条：投入运行日期 2027-03-01 早于终验日期 2027-03-10",)


def test_the_two_reports_are_dated_separately_and_a_late_one_is_flagged(ws, tmp_path):
    pid = project(ws, Stage.SELF_EVALUATION, final_acceptance_date=date(2027, 1, 10),
                  operation_started_on=date(2027, 1, 15))
    with as_office(ws):
        ws.materials.attach(pid, SELF_EVALUATION_KIND, "自评价.pdf", b"%PDF")
    assert move_stage(ws, pid, Stage.OPERATION, on=date(2027, 7, 10)).ok
    p = ws.projects.get(pid)
    assert (p.self_eval_office_date, p.self_eval_finance_date) == (date(2027, 7, 10), None)
    [open_] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "self_eval"]
    assert open_.matter.startswith("绩效自评价报告报送县财政局（第十八条")
    with as_unit(ws, UNIT), pytest.raises(NotPermitted, match="第十八条：「绩效自评价报告报送县财政局日期」由县智慧办办理"):
        lifecycle.update_facts(ws, pid, {"self_eval_finance_date": "2027-08-02"})
    lifecycle.update_facts(ws, pid, {"self_eval_finance_date": "2027-08-02"})   # three weeks after it was due
    assert not [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "self_eval"]
    [late] = deadlines.late_reports(ws)
    assert late.text == ("绩效自评价报告逾期报送县财政局：2027-08-02 报送，应于 2027-07-15 前"
                         "（第十八条，自投入运行 2027-01-15 起6个月，逾期 18 天）")
    assert [f.kind for f in project_flags(ws, pid)] == ["late_report"]
    assert late.text in describe(ws, pid)
    sheet = load_workbook(write_ledger_xlsx(ws, tmp_path / "l.xlsx"))["项目台账"]
    col = [c.key for c in LEDGER_COLUMNS]
    row = [c.value for c in sheet[4]]
    assert row[col.index("flags")] == "自评价逾期报送县财政局（第十八条）"
    assert row[col.index("operation_started_on")].date() == date(2027, 1, 15)


# ---------------------------------------------------------------------- 第十三条、第十四条 运维 reminders


def test_periodic_assessment_is_a_setting_default_yearly(ws):
    pid = project(ws, Stage.OPERATION, final_acceptance_date=date(2026, 8, 31), operation_started_on=date(2026, 9, 5),
                  self_eval_office_date=date(2027, 1, 5), self_eval_finance_date=date(2027, 1, 5))
    assert deadlines.security_interval(ws) == 12
    [due] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "security"]
    assert (due.due, due.matter) == (date(2027, 9, 5), "网络安全检测与风险评估（第十三条，每12个月；自投入运行 2026-09-05）")
    with as_unit(ws, UNIT):
        lifecycle.update_facts(ws, pid, {"security_assessed_on": "2027-10-20"})
        with pytest.raises(NotPermitted, match="第十三条：网络安全检测与风险评估间隔的设置由县智慧办办理"):
            deadlines.set_security_interval(ws, 6)
    deadlines.set_security_interval(ws, 6)
    [due] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "security"]
    assert (due.due, due.matter) == (date(2028, 4, 20), "网络安全检测与风险评估（第十三条，每6个月；上次 2027-10-20）")
    with pytest.raises(XxhError, match="1 至 36 个月"):
        deadlines.set_security_interval(ws, 0)


def test_an_existing_system_is_reminded_to_move_to_the_cloud(ws):
    pid = project(ws, Stage.CONSTRUCTION, is_existing_system=True, approval_date=date(2027, 1, 16))
    [due] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "migration"]
    assert (due.due, due.matter) == (date(2027, 1, 16), "已建成系统迁移至县云计算中心：尚未制定迁移计划（第十四条）")
    with as_unit(ws, UNIT):
        with pytest.raises(XxhError, match="迁移上云情况应为"):
            lifecycle.update_facts(ws, pid, {"cloud_migration": "差不多"})
        lifecycle.update_facts(ws, pid, {"cloud_migration": "迁移中", "cloud_migration_due": "2028-06-30"})  # ahead: a plan
    [due] = [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "migration"]
    assert (due.due, due.matter) == (date(2028, 6, 30), "已建成系统迁移至县云计算中心（第十四条，迁移中，计划完成）")
    with as_unit(ws, UNIT):
        lifecycle.update_facts(ws, pid, {"cloud_migration": "确需本地部署"})
    assert not [d for d in deadlines.project_deadlines(ws, pid) if d.kind == "migration"]


# ---------------------------------------------------------------------- 第三条 涉密


def test_a_classified_project_is_out_of_scope_with_a_note(ws):
    pid = project(ws, Stage.TRIAL, initial_acceptance_date=date(2027, 1, 5), initial_acceptance_result="合格",
                  approval_date=date(2026, 4, 1), plan_year=2026)
    assert [d.kind for d in deadlines.project_deadlines(ws, pid)] == ["trial"]
    with pytest.raises(XxhError, match="第三条：标记涉密须写明依据"):
        lifecycle.set_classified(ws, pid, True, " ")
    with as_unit(ws, UNIT), pytest.raises(NotPermitted, match="第三条：「涉密项目（不适用本办法）」由县智慧办办理"):
        lifecycle.set_classified(ws, pid, True, "按保密规定")
    lifecycle.set_classified(ws, pid, True, "依据省保密局文件，系统涉及国家秘密")
    assert deadlines.project_deadlines(ws, pid) == []
    refused = move_stage(ws, pid, Stage.FINAL_ACCEPTANCE, on=date(2027, 6, 1))
    assert refused.refusals[0].startswith("第三条：项目涉密，不属于本办法管辖范围")
    assert "涉密项目，不属于本办法管辖范围（第三条）：依据省保密局文件" in describe(ws, pid)
    lifecycle.set_classified(ws, pid, False)
    assert ws.projects.get(pid).classified_note == "" and deadlines.project_deadlines(ws, pid)


# ---------------------------------------------------------------------- the CLI shows the same


def test_cli_show_prints_the_flags_and_deadlines_lists_the_new_items(ws, capsys):
    late = new_project(ws, "逾期申报的平台", "县教育局", 2027, stage=Stage.DECLARED)
    same_year = new_project(ws, "当年申报的系统", "县教育局", 2027, stage=Stage.DECLARED)
    for pid, declared in ((late, date(2026, 10, 15)), (same_year, date(2027, 3, 18))):
        with as_unit(ws, "县教育局"):
            ws.declarations.save(pid, Declaration(applicant_unit="县教育局", project_name="x", declared_on=declared,
                                                  investment=Decimal("5"), fund_fiscal=Decimal("5")))
    running = project(ws, Stage.OPERATION, final_acceptance_date=date(2026, 11, 30),
                      operation_started_on=date(2026, 12, 20), self_eval_office_date=date(2027, 6, 1),
                      self_eval_finance_date=date(2027, 6, 1))
    db = str(ws.path)
    numbers = [ws.projects.get(p).label for p in (late, same_year, running)]
    ws.close()
    assert cli.main(["--db", db, "show", numbers[0]]) == 0
    assert "逾期申报：申报日期 2026-10-15 晚于截止日 2026-09-30（第五条；按第七条临时项目程序报批）" in capsys.readouterr().out
    assert cli.main(["--db", db, "show", numbers[1]]) == 0
    assert "当年申报：2027年度项目于 2027-03-18 申报" in capsys.readouterr().out
    assert cli.main(["--db", db, "deadlines", "--date", "2027-12-10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"2027-12-20\t{numbers[2]}\t社保经办系统升级\t网络安全检测与风险评估（第十三条，每12个月；自投入运行 2026-12-20）\t临近" in lines
    assert all(len(line.split("\t")) == 5 for line in lines)
