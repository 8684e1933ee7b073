"""The demo data set: believable, consistent with the regulation's gates, idempotent, scalable."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xxh_desktop import deadlines, lifecycle
from xxh_desktop.checklist import ITEMS
from xxh_desktop.demo import STORY_DATE, demo_data, load_demo, stage_dates
from xxh_desktop.domain.fields import field
from xxh_desktop.domain.materials import (
    DECLARATION_KINDS, EXISTING_SYSTEM_KIND, FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND,
    SELF_EVALUATION_KIND,
)
from xxh_desktop.domain.records import Project
from xxh_desktop.domain.validation import validate_declaration, validate_procurement
from xxh_desktop.exchange.records import collect_procurement, collect_project
from xxh_desktop.lifecycle import SIDE_STATES, STAGES
from xxh_desktop.resources import resource_path
from xxh_desktop.workspace import Workspace

from builders import new_project

ROOT = Path(__file__).resolve().parents[2]
CURATED = demo_data()["projects"]["projects"]
PROCUREMENT_METHODS = field("project.procurement_method").choices


def _idx(stage: str) -> int:
    return STAGES.index(stage)


def _projects(ws: Workspace) -> list[Project]:
    return ws.projects.all()


# ---------------------------------------------------------------------- shape


def test_counts_units_stages_years(demo_ws: Workspace) -> None:
    rows = _projects(demo_ws)
    assert len(rows) >= 30
    assert len({r.unit for r in rows}) >= 10
    assert {"梅山镇人民政府", "白塔畈镇人民政府", "县数据资源管理局"} <= {r.unit for r in rows}
    assert {r.stage for r in rows} == set(STAGES)
    assert {r.year for r in rows} == {2025, 2026, 2027}
    early = [r for r in rows if r.stage in ("草稿", "已申报", "审核中")]
    assert len(early) >= 8
    # 2027 projects are still in the office's hands; 2025 ones are past 终验 or stopped.
    assert all(_idx(r.stage) <= _idx("已批准·列入计划") for r in rows if r.year == 2027)
    assert all(_idx(r.stage) >= _idx("终验") or r.side_state == "已终止"
               for r in rows if r.year == 2025)


def test_side_states_carry_their_facts(demo_ws: Workspace) -> None:
    rows = {r.side_state: r for r in _projects(demo_ws) if r.side_state}
    assert {"退回补充", "不予批准", "整改中", "暂停建设", "已终止"} <= set(rows)
    assert set(rows) <= set(SIDE_STATES)
    assert "概算" in rows["退回补充"].supply_list
    rect = demo_ws.rectifications.open_of(rows["整改中"].id)
    assert len(rect) == 1 and rect[0].deadline > STORY_DATE
    assert demo_ws.opinions.get(rows["不予批准"].id).conclusion == "不同意"
    # 第二十条: 暂停建设 / 终止 only after 逾期不整改 or 整改后仍不符合要求.
    for state in ("暂停建设", "已终止"):
        facts = lifecycle.load_facts(demo_ws, rows[state].id)
        overdue = facts.open_rectification_deadline is not None and facts.open_rectification_deadline < STORY_DATE
        assert overdue or facts.rectification_failed, state
    # Every side state set is in the history, as lifecycle.set_side_state writes it.
    for state, row in rows.items():
        events = [h.event for h in demo_ws.history.list(row.id)]
        assert f"设置状态：{state}" in events


def test_investments_and_funds_add_up_exactly(demo_ws: Workspace) -> None:
    decls = [demo_ws.declarations.get(p.id) for p in _projects(demo_ws)]
    assert len(decls) == len(CURATED)
    for d in decls:
        funds = sum((getattr(d, k) or Decimal(0) for k in d.FUND_FIELDS), Decimal(0))
        assert funds == d.investment, d.project_name
        assert 8 <= d.investment <= 1200, d.project_name  # 万元
    spread = [d.investment for d in decls]
    assert min(spread) < 20 and max(spread) > 1000


def test_every_demo_declaration_validates(demo_ws: Workspace) -> None:
    for r in _projects(demo_ws):
        decl = demo_ws.declarations.get(r.id)
        assert validate_declaration(decl) == [], (r.number, validate_declaration(decl))
        assert demo_ws.declarations.status(r.id) == ("草稿" if r.stage == "草稿" else "已申报")


def test_declaration_dates_follow_the_yearly_deadline(demo_ws: Workspace) -> None:
    late = []
    for r in _projects(demo_ws):
        decl = demo_ws.declarations.get(r.id)
        assert decl.declared_on <= STORY_DATE
        assert decl.start_month.year == r.year
        if r.stage != "草稿" and decl.declared_on > date(r.year - 1, 9, 30):  # 第五条
            late.append(r.number)
    assert 1 <= len(late) <= 2, late   # one 逾期申报 and the 临时报批 project


# ---------------------------------------------------------------------- the regulation's gates


def test_each_project_passed_every_gate_on_its_way(demo_ws: Workspace) -> None:
    for r in _projects(demo_ws):
        facts = lifecycle.load_facts(demo_ws, r.id)
        for stage in STAGES[1: _idx(r.stage) + 1]:
            assert lifecycle.gate_refusals(facts, stage, STORY_DATE) == [], (r.number, stage)


def test_stage_facts_match_the_stage(demo_ws: Workspace) -> None:
    for r in _projects(demo_ws):
        i, pid = _idx(r.stage), r.id
        answered = set(demo_ws.checklist.of(pid))
        if i >= _idx("待县政府批准"):
            assert answered == {item.key for item in ITEMS}
            assert demo_ws.opinions.get(pid) is not None
        if i >= _idx("已批准·列入计划"):
            assert r.approval_date and r.approval_doc_no.startswith("金政秘〔")
            assert r.plan_year == r.year or r.temp_approval_date
        if i >= _idx("建设实施"):
            assert r.procurement_method in PROCUREMENT_METHODS
            assert r.supplier.endswith("有限公司") and r.responsible_person
            assert r.supervisor_unit and r.tester_unit
            assert 0 < r.contract_amount <= demo_ws.declarations.get(pid).investment
            assert r.procurement_date <= r.contract_date
        if i >= _idx("试运行"):
            assert r.initial_acceptance_result == "合格"
        if i >= _idx("终验"):
            assert r.final_acceptance_date >= deadlines.trial_end(r.initial_acceptance_date)
        if i >= _idx("运维"):
            assert r.self_eval_office_date <= deadlines.self_eval_due(r.final_acceptance_date)
        for on in (r.approval_date, r.contract_date, r.initial_acceptance_date, r.final_acceptance_date,
                   r.self_eval_office_date):
            assert on is None or on <= STORY_DATE


def test_one_temporary_approval_outside_the_plan(demo_ws: Workspace) -> None:
    temp = [r for r in _projects(demo_ws) if r.temp_approval_date]
    assert len(temp) == 1 and temp[0].plan_year is None


def test_deadlines_dashboard_has_content(demo_ws: Workspace) -> None:
    rows = _projects(demo_ws)
    trial_ends = [deadlines.trial_end(r.initial_acceptance_date) for r in rows if r.stage == "试运行"]
    assert any(STORY_DATE < end <= date(2026, 12, 26) for end in trial_ends)
    overdue = [r for r in rows if r.stage == "绩效自评价"
               and deadlines.self_eval_due(r.final_acceptance_date) < STORY_DATE]
    assert len(overdue) == 1
    warranties = [a.warranty_until for _, a in demo_ws.assets.with_warranty()]
    assert any(STORY_DATE < w <= date(2027, 1, 31) for w in warranties)
    with_assets = [r for r in rows if demo_ws.assets.of(r.id)]
    assert with_assets and all(r.is_existing_system for r in with_assets)


def test_histories_walk_the_stages_with_dates(demo_ws: Workspace) -> None:
    backward, bys = [], set()
    for r in _projects(demo_ws):
        hist = demo_ws.history.list(r.id)
        moves = [h for h in hist if h.from_stage != h.to_stage]
        assert moves[0].from_stage is None and moves[0].to_stage == "草稿"
        assert moves[-1].to_stage == r.stage
        on = [h.on_date for h in hist]
        assert on == sorted(on)
        for h in moves[1:]:
            if _idx(h.to_stage) < _idx(h.from_stage):
                assert h.reason and h.event == "退回"
                backward.append(r.number)
        assert all(h.by for h in hist)
        bys |= {h.by for h in hist}
    assert backward
    assert "县智慧办 王静" in bys


def test_demo_json_dates_are_ordered() -> None:
    for p in CURATED:
        dates = stage_dates(p)
        assert list(dates) == list(STAGES[: _idx(p["stage"]) + 1])


# ---------------------------------------------------------------------- materials


def test_materials_per_stage(demo_ws: Workspace) -> None:
    waived = []
    for r in _projects(demo_ws):
        mats = demo_ws.materials.by_kind(r.id)
        i = _idx(r.stage)
        if i >= _idx("已申报"):
            kinds = DECLARATION_KINDS + ((EXISTING_SYSTEM_KIND,) if r.is_existing_system else ())
            assert set(kinds) <= set(mats), r.number
            waived += [(r.number, k) for k, m in mats.items() if m.waived_reason]
        if i >= _idx("终验"):
            assert set(FINAL_ACCEPTANCE_KINDS) | {FINAL_REPORT_KIND} <= {k for k, m in mats.items() if m.sm3}
        assert (SELF_EVALUATION_KIND in mats) == (i >= _idx("运维"))
        for m in mats.values():
            if m.sm3:
                text = demo_ws.materials.blob(m.sm3).decode("utf-8-sig")
                assert m.kind in text and r.number in text
                assert not set(m.filename) & set('<>:"/\\|?*'), m.filename  # Windows-safe
    assert len(waived) == 1 and waived[0][1] == "信息资源目录"


def test_a_trial_that_ended_shows_what_final_acceptance_still_lacks(demo_ws: Workspace) -> None:
    # 第十七条: the clerk can try 终验 on JZ-2026-013 and read exactly what is missing.
    p = demo_ws.projects.get("JZ-2026-013")
    facts = lifecycle.load_facts(demo_ws, p.id)
    refusals = lifecycle.gate_refusals(facts, "终验", STORY_DATE)
    assert len(refusals) == 2
    assert "密码应用安全性评估报告" in refusals[0] and "项目建设总结" not in refusals[0]
    assert FINAL_REPORT_KIND in refusals[1]


# ---------------------------------------------------------------------- procurements (附件2)


def test_procurement_cases(demo_ws: Workspace) -> None:
    cases = demo_ws.procurements.list()
    assert len(cases) >= 6
    assert {"草稿", "已申报", "审核中", "通过", "退回修改", "不予通过"} <= {c.status for c in cases}
    assert len({c.unit for c in cases}) >= 5
    sizes = []
    for c in cases:
        proc = demo_ws.procurements.form(c.number)
        sizes.append(len(proc.items))
        paid = sum(v for v in (proc.fund_budget, proc.fund_special, proc.fund_other) if v is not None)
        assert paid == proc.total == c.total > 0, c.number
        assert validate_procurement(proc) == [], c.number
        if c.status in ("通过", "退回修改", "不予通过"):
            assert c.review_opinion and c.reviewed_on
    assert max(sizes) > 6


# ---------------------------------------------------------------------- loading


def _everything(ws: Workspace) -> tuple[list, list, list]:
    """Every project and 附件2 case with all their parts, and the plan filings."""
    return ([collect_project(ws, p.id) for p in ws.projects.all()],
            [collect_procurement(ws, c.id) for c in ws.procurements.list()],
            [ws.plan_filings.get(year) for year in (2025, 2026, 2027)])


def test_reload_is_idempotent(demo_ws: Workspace) -> None:
    before = _everything(demo_ws)
    result = load_demo(demo_ws)
    assert _everything(demo_ws) == before
    assert (result.added_projects, result.added_procurements) == (0, 0)
    assert result.projects == len(CURATED) and result.procurements >= 6
    assert demo_ws.check() == []


def test_loaded_workspace_checks_clean(demo_ws: Workspace) -> None:
    assert demo_ws.check() == []
    assert demo_ws.audit_log.count() > len(CURATED)


def test_load_rolls_back_as_one_transaction(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import xxh_desktop.demo as demo

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "_load_procurement", broken)
    with pytest.raises(RuntimeError):
        load_demo(ws)
    assert ws.projects.count() == 0 and ws.units.names() == []


def test_load_beside_the_users_own_numbers(ws: Workspace) -> None:
    own = new_project(ws, "本单位自建项目", "县数据资源管理局", 2027, number="JZ-2027-001")
    new_project(ws, "另一个项目", "县教育体育局", 2025, number="JZ-2025-1001")
    result = load_demo(ws, extra_projects=60)
    assert ws.projects.count() == 62 and result.added_projects == 60
    assert ws.projects.get("JZ-2027-001").id == own
    demo_first = ws.projects.get(CURATED[0]["id"])
    assert demo_first.number.startswith("JZ-2027-") and demo_first.number != "JZ-2027-001"
    assert ws.check() == []


def test_scale_5000_projects(ws: Workspace) -> None:
    result = load_demo(ws, extra_projects=5000)
    assert result.projects == 5000 == ws.projects.count()
    rows = ws.views.summaries()
    assert len(rows) == 5000
    assert {r.year for r in rows} == {2025, 2026, 2027}
    assert {r.stage for r in rows} == set(STAGES)
    channels = ("fund_fiscal", "fund_self", "fund_bank", "fund_other")
    bad = [r.number for r in rows if r.investment is None
           or r.investment != sum((getattr(r, c) or Decimal(0) for c in channels), Decimal(0))]
    assert bad == []
    again = load_demo(ws, extra_projects=5000)
    assert again.added_projects == 0 and ws.projects.count() == 5000
    assert ws.check() == []


def test_synthetic_projects_are_deterministic_and_grow(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "a.db") as a, Workspace.open(tmp_path / "b.db") as b:
        load_demo(a, extra_projects=120)
        load_demo(a, extra_projects=300)
        load_demo(b, extra_projects=300)
        def key(ws: Workspace) -> list[tuple]:
            return sorted((p.id, p.number, p.name, p.stage, p.year) for p in ws.projects.all())

        assert key(a) == key(b)
        assert a.projects.count() == 300


def test_synthetic_facts_fit_their_stage(ws: Workspace) -> None:
    load_demo(ws, extra_projects=600)
    for r in _projects(ws):
        i = _idx(r.stage)
        assert (r.approval_date is not None) == (i >= _idx("已批准·列入计划")), r.number
        assert (r.contract_date is not None) == (i >= _idx("建设实施")), r.number
        if i >= _idx("终验"):
            assert r.final_acceptance_date >= deadlines.trial_end(r.initial_acceptance_date)
        if r.contract_date:
            assert r.approval_date < r.contract_date <= STORY_DATE
        if r.initial_acceptance_date:
            assert r.contract_date < r.initial_acceptance_date <= STORY_DATE


# ---------------------------------------------------------------------- resources


def test_resource_path_prefers_the_pyinstaller_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resource_path("demo", "projects.json") == ROOT / "resources" / "demo" / "projects.json"
    bundled = tmp_path / "resources" / "demo" / "projects.json"
    bundled.parent.mkdir(parents=True)
    bundled.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("demo", "projects.json") == bundled
    # Not in the bundle: fall back to the source tree.
    assert resource_path("demo", "units.json") == ROOT / "resources" / "demo" / "units.json"


# ---------------------------------------------------------------------- CLI


def _xxh(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"XXH_PASSWORD": password} if password is not None else {})}
    return subprocess.run([sys.executable, "-m", "xxh_desktop", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120, env=env)


def test_cli_demo_list_check(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    done = _xxh("--db", db, "demo")
    assert done.returncode == 0, done.stderr
    assert f"{len(CURATED)} 个项目" in done.stdout
    # the demo made one account per role, so from now on the CLI asks who is there (README: 演示账户)
    assert "luru\tDemo#Entry2027\t业务录入" in done.stdout
    refused = _xxh("--db", db, "list")
    assert refused.returncode == 1 and "--user" in refused.stderr
    entry = ("--db", db, "--user", "luru")
    listed = _xxh(*entry, "list", password="Demo#Entry2027")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == len(CURATED)
    assert all(len(line.split("\t")) == 5 for line in lines)
    assert "JZ-2027-002\t金寨县智慧教育云平台二期\t县教育体育局\t待县政府批准\t486.5" in lines
    refused_demo = _xxh(*entry, "demo", password="Demo#Entry2027")
    assert refused_demo.returncode == 1 and "载入演示数据需要「系统管理」角色" in refused_demo.stderr
    again = _xxh("--db", db, "--user", "guanli", "demo", password="Demo#Admin2027")
    assert again.returncode == 0 and "本次新增 0 个项目、0 个采购申报" in again.stdout
    assert "演示账户" not in again.stdout   # made once
    assert len(_xxh(*entry, "list", password="Demo#Entry2027").stdout.splitlines()) == len(CURATED)
    check = _xxh(*entry, "check", password="Demo#Entry2027")
    assert check.returncode == 0, check.stderr
