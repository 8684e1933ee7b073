"""The synthetic county (`xxh demo --projects N`): each project carries what a real one at its stage carries."""

from __future__ import annotations

from decimal import Decimal

from xxh_desktop.demo import demo_data, load_demo
from xxh_desktop.demo_synthetic import CASES_EVERY, EVENT_NAMES, MATERIAL_KB, STORY_DATE
from xxh_desktop.domain.materials import DECLARATION_KINDS, EXISTING_SYSTEM_KIND, FINAL_ACCEPTANCE_KINDS
from xxh_desktop.domain.review_items import ITEMS
from xxh_desktop.domain.stages import STAGES, SideState, Stage
from xxh_desktop.workspace import Workspace

N = 900


def _synthetic(ws: Workspace) -> list:
    curated = {p["id"] for p in demo_data()["projects"]["projects"]}
    return [p for p in ws.projects.all() if p.id not in curated]


def test_histories_walk_every_stage_in_order_up_to_the_projects_stage(ws: Workspace) -> None:
    load_demo(ws, extra_projects=N)
    projects = _synthetic(ws)
    assert len(projects) == N - len(demo_data()["projects"]["projects"])
    for p in projects:
        moves = [m for m in ws.history.list(p.id) if m.side_state is None]
        assert [m.to_stage for m in moves] == list(STAGES[: p.stage.index + 1]), p.number
        assert moves[0].from_stage is None and all(m.event == EVENT_NAMES[m.to_stage] for m in moves)
        dates = [m.on_date for m in ws.history.list(p.id)]
        assert dates == sorted(dates) and dates[-1] <= STORY_DATE, p.number
        states = [m for m in ws.history.list(p.id) if m.side_state]
        assert [m.side_state for m in states] == ([p.side_state.value] if p.side_state else []), p.number


def test_materials_reviews_and_assets_fit_the_stage(ws: Workspace) -> None:
    load_demo(ws, extra_projects=N)
    kinds_seen = set()
    for p in _synthetic(ws):
        materials = ws.materials.by_kind(p.id)
        kinds_seen |= set(materials)
        if p.stage >= Stage.DECLARED:
            wanted = set(DECLARATION_KINDS) | ({EXISTING_SYSTEM_KIND} if p.is_existing_system else set())
            assert wanted <= set(materials), p.number
            assert all(m.sm3 or m.waived_reason for m in materials.values())
        if p.stage >= Stage.FINAL_ACCEPTANCE:
            assert set(FINAL_ACCEPTANCE_KINDS) <= set(materials), p.number
        answers = ws.checklist.of(p.id)
        if p.stage >= Stage.AWAITING_APPROVAL:
            assert set(answers) == {i.key for i in ITEMS} and ws.opinions.get(p.id) is not None, p.number
            # 第八条: past the review, each absent material's absence was accepted by the office
            assert all(m.sm3 or m.accepted_reason for m in materials.values()), p.number
        elif p.stage < Stage.REVIEWING:
            assert not answers and ws.opinions.get(p.id) is None, p.number
        assert bool(ws.assets.of(p.id)) == p.is_existing_system, p.number
        if p.side_state == SideState.RECTIFYING:
            assert ws.rectifications.open_of(p.id), p.number
    assert "项目建设方案" in kinds_seen and "绩效自评价报告" in kinds_seen
    sizes = {m.size for p in _synthetic(ws)[:200] for m in ws.materials.list(p.id) if m.sm3}
    low, high = min(min(kb) for kb in MATERIAL_KB.values()), max(max(kb) for kb in MATERIAL_KB.values())
    assert sizes and all(low * 1024 <= s <= high * 1024 + 4096 for s in sizes)


def test_procurement_cases_come_with_the_county_and_add_up(ws: Workspace) -> None:
    result = load_demo(ws, extra_projects=N)
    synthetic = [c for c in ws.procurements.list() if c.number.startswith(("CG-2025-1", "CG-2026-1"))]
    curated = len(demo_data()["procurements"]["procurements"])
    assert len(synthetic) == (N - len(demo_data()["projects"]["projects"])) // CASES_EVERY
    assert result.procurements == curated + len(synthetic) == len(ws.procurements.list())
    for case in synthetic[:50]:
        form = ws.procurements.form(case.id)
        assert form.items and form.fund_budget == sum((i.amount for i in form.items), Decimal(0)), case.number
        assert (case.reviewed_on is not None) == bool(case.review_opinion), case.number


def test_the_county_is_whole_and_loading_again_adds_nothing(ws: Workspace) -> None:
    load_demo(ws, extra_projects=N)
    counts = (ws.projects.count(), len(ws.procurements.list()))
    again = load_demo(ws, extra_projects=N)
    assert again.added_projects == again.added_procurements == 0
    assert (ws.projects.count(), len(ws.procurements.list())) == counts
    assert ws.check() == []
