"""Calendar-month arithmetic, the 第五条 declaration deadline and the watched deadlines (CLI too)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from xxh_desktop import deadlines, lifecycle
from xxh_desktop.deadlines import add_months, self_eval_due, trial_end
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace

from builders import as_unit, choose, new_project

pytestmark = pytest.mark.usefixtures("late_today")


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2027, 11, 30), 3, date(2028, 2, 29)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2027, 5, 31), 1, date(2027, 6, 30)),
    (date(2027, 2, 28), 3, date(2027, 5, 28)),
    (date(2027, 10, 15), 3, date(2028, 1, 15)),
])
def test_add_months_is_month_end_safe(start, months, expected):
    assert add_months(start, months) == expected


def test_trial_and_self_evaluation_dates():
    assert trial_end(date(2026, 11, 30)) == date(2027, 2, 28)
    assert trial_end(date(2027, 11, 30)) == date(2028, 2, 29)
    assert self_eval_due(date(2027, 8, 31)) == date(2028, 2, 29)


def test_declaration_deadline_setting_defaults_to_30_september(ws):
    assert deadlines.declaration_deadline_setting(ws) == "09-30"
    assert deadlines.declaration_deadline(ws, 2027) == date(2026, 9, 30)
    assert "10月份前" in deadlines.DECLARATION_DEADLINE_HELP and "9月30日" in deadlines.DECLARATION_DEADLINE_HELP
    assert not deadlines.is_late_declaration(date(2026, 9, 30), 2027, "09-30")
    assert deadlines.is_late_declaration(date(2026, 10, 1), 2027, "09-30")
    assert not deadlines.is_late_declaration(None, 2027, "09-30")
    deadlines.set_declaration_deadline(ws, "10-15")
    assert deadlines.declaration_deadline(ws, 2027) == date(2026, 10, 15)
    assert deadlines.next_declaration_deadline(ws, date(2026, 10, 16)) == date(2027, 10, 15)
    with pytest.raises(XxhError, match="09-30"):
        deadlines.set_declaration_deadline(ws, "9月30日")
    with pytest.raises(XxhError):
        deadlines.set_declaration_deadline(ws, "02-30")


def build_fixture(ws: Workspace) -> dict[str, str]:
    """Projects with deadlines before, inside and beyond the 30-day window of 2027-02-15 (`ws`: the office)."""
    p = {}
    p["draft"] = new_project(ws, "乡镇便民服务平台", "梅山镇人民政府", 2028)          # due 2027-09-30: beyond
    p["late_draft"] = new_project(ws, "应急指挥调度系统", "县应急管理局", 2027)       # due 2026-09-30: overdue
    p["trial"] = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage=Stage.TRIAL,
                             initial_acceptance_date=date(2026, 11, 30), initial_acceptance_result="合格")
    p["trial_far"] = new_project(ws, "不动产登记系统", "县自然资源局", 2027, stage=Stage.TRIAL,
                                 initial_acceptance_date=date(2027, 1, 20), initial_acceptance_result="合格")
    p["self_eval"] = new_project(ws, "社保经办系统升级", "县人社局", 2026, stage=Stage.SELF_EVALUATION,
                                 final_acceptance_date=date(2026, 8, 31))   # due 2027-02-28
    p["self_eval_done"] = new_project(ws, "医保结算系统", "县医保局", 2026, stage=Stage.OPERATION,
                                      final_acceptance_date=date(2026, 8, 31),
                                      self_eval_office_date=date(2027, 1, 5), self_eval_finance_date=date(2027, 1, 5))
    p["rect"] = new_project(ws, "城市大脑数据中台对接", "县数据资源局", 2027, stage=Stage.CONSTRUCTION)
    assert lifecycle.set_side_state(ws, p["rect"], "整改中", on=date(2027, 1, 2), reason="未开展等保测评",
                                    deadline=date(2027, 2, 10)).ok
    p["assets"] = new_project(ws, "OA系统升级", "县政府办", 2027, stage=Stage.REVIEWING, is_existing_system=True)
    with as_unit(ws, "县政府办"):
        lifecycle.set_existing_assets(ws, p["assets"], [
            lifecycle.Asset("服务器", 2, date(2021, 3, 1), date(2027, 3, 1), "在用"),
            lifecycle.Asset("存储", 1, date(2021, 3, 1), date(2029, 3, 1), "在用"),
        ])
    # 草稿 with an overdue deadline, but closed
    p["closed"] = new_project(ws, "已终止项目", "县政府办", 2027, side_state=SideState.TERMINATED)
    return p


def test_watched_deadlines_as_of_a_date(ws):
    build_fixture(ws)
    lines = deadlines.deadline_lines(ws, date(2027, 2, 15))
    assert lines == [
        "2026-09-30\tJZ-2027-001\t应急指挥调度系统\t年度申报截止（第五条）\t逾期",
        "2027-02-10\tJZ-2027-004\t城市大脑数据中台对接\t限期整改期满（第二十条）\t逾期",
        "2027-02-28\tJZ-2026-001\t社保经办系统升级\t绩效自评价报告报送县智慧办和县财政局"
        "（第十八条，自终验 2026-08-31 起6个月，未记录投入运行日期）\t临近",
        "2027-02-28\tJZ-2027-002\t智慧教育云平台\t试运行届满，应组织终验（第十七条）\t临近",
        "2027-03-01\tJZ-2027-005\tOA系统升级\t过保：服务器（第八条第二款）\t临近",
    ]


def test_next_deadline_per_project_includes_far_ones(ws):
    p = build_fixture(ws)
    nxt = deadlines.next_deadlines(ws)
    assert nxt[p["trial_far"]].due == date(2027, 4, 20)
    assert nxt[p["draft"]].due == date(2027, 9, 30)
    assert p["closed"] not in nxt
    # 第十三条: a system in 运维 owes its next 检测与风险评估 a year after it started running.
    assert (nxt[p["self_eval_done"]].kind, nxt[p["self_eval_done"]].due) == ("security", date(2027, 8, 31))


def xxh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xxh_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=dict(os.environ), timeout=120)


def test_cli_deadlines_lists_exactly_the_right_projects(tmp_path: Path):
    db = tmp_path / "d.db"
    with Workspace.open(db) as ws:
        ws.user = "测试员"
        build_fixture(choose(ws, Side.OFFICE))
    result = xxh("--db", str(db), "deadlines", "--date", "2027-02-15")
    assert result.returncode == 0, result.stderr
    numbers = [line.split("\t")[1] for line in result.stdout.splitlines()]
    assert numbers == ["JZ-2027-001", "JZ-2027-004", "JZ-2026-001", "JZ-2027-002", "JZ-2027-005"]
    assert all(len(line.split("\t")) == 5 for line in result.stdout.splitlines())
    # A day later than the trial end: now 逾期.
    later = xxh("--db", str(db), "deadlines", "--date", "2027-03-01").stdout
    assert "2027-02-28\tJZ-2027-002\t智慧教育云平台\t试运行届满，应组织终验（第十七条）\t逾期" in later


def test_cli_stage_refuses_with_articles_and_moves(tmp_path: Path):
    db = tmp_path / "s.db"
    with Workspace.open(db) as ws:
        choose(ws, Side.OFFICE)   # 第十七条: the office keeps the acceptance and its materials
        # A subprocess counts from the real today: the story is told in the past.
        pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage=Stage.TRIAL,
                          initial_acceptance_date=date(2025, 11, 30), initial_acceptance_result="合格")
    refused = xxh("--db", str(db), "stage", "JZ-2027-001", "--to", "终验", "--date", "2026-02-27")
    assert refused.returncode == 1
    assert "第十七条：初验合格后试运行满3个月方可终验（试运行至 2026-02-28 届满）" in refused.stderr
    assert "第十七条：终验材料缺少" in refused.stderr
    report = tmp_path / "r.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    for kind in ("项目建设总结", "试运行报告", "初验及问题整改报告", "信息资源共享落实情况", "第三方测评报告",
                 "安全风险评估报告", "密码应用安全性评估报告", "终验报告"):
        r = xxh("--db", str(db), "attach", "JZ-2027-001", "--kind", kind, str(report))
        assert r.returncode == 0, r.stderr
    ok = xxh("--db", str(db), "stage", "JZ-2027-001", "--to", "终验", "--date", "2026-02-28")
    assert ok.returncode == 0, ok.stderr
    assert "试运行 → 终验" in ok.stdout
    back = xxh("--db", str(db), "stage", "JZ-2027-001", "--to", "试运行")
    assert back.returncode == 1 and "须写明理由" in back.stderr
    with Workspace.open(db) as ws:
        p = ws.projects.get("JZ-2027-001")
        assert (p.stage, p.final_acceptance_date) == (Stage.FINAL_ACCEPTANCE, date(2026, 2, 28))
        assert ws.history.list(pid)[-1].by == "命令行"
    bad = xxh("--db", str(db), "attach", "JZ-2027-001", "--kind", "照片", str(report))
    assert bad.returncode == 1 and "未知的材料类别" in bad.stderr


def test_long_expired_warranty_is_not_a_deadline_any_more(ws):
    pid = new_project(ws, "老系统升级", "县政府办", 2027, stage=Stage.REVIEWING, is_existing_system=True)
    with as_unit(ws, "县政府办"):
        lifecycle.set_existing_assets(ws, pid, [lifecycle.Asset("交换机", 1, date(2015, 1, 1), date(2020, 1, 1)),
                                                lifecycle.Asset("服务器", 1, date(2019, 1, 1), date(2027, 1, 20))])
    assert [line.split("\t")[3] for line in deadlines.deadline_lines(ws, date(2027, 2, 15))] == [
        "过保：服务器（第八条第二款）"]                       # expired 26 days ago: still shown
    assert deadlines.deadline_lines(ws, date(2027, 2, 20)) == []   # 31 days ago: a fact, not a deadline
    assert deadlines.next_deadlines(ws, date(2027, 2, 20)) == {}


def test_a_project_moved_back_before_final_acceptance_has_no_self_evaluation_due(ws):
    # 第十八条 counts from 终验; a project moved back to 试运行 (终验 annulled, with
    # a reason) keeps the old date in its record but owes no self-evaluation yet.
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage=Stage.FINAL_ACCEPTANCE,
                      initial_acceptance_date=date(2026, 11, 30), initial_acceptance_result="合格",
                      final_acceptance_date=date(2027, 3, 1))
    assert [d.kind for d in deadlines.project_deadlines(ws, pid)] == ["self_eval"]
    assert lifecycle.move_stage(ws, pid, "试运行", on=date(2027, 3, 5), reason="终验报告有误，重新试运行").ok
    assert [d.kind for d in deadlines.project_deadlines(ws, pid)] == ["trial"]
