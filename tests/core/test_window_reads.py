"""What the window reads from the core, each in one place: the first read of everything
(`overview.snapshot`), one project's card and flags, draft times, the machine's own 附件2 cases."""

from __future__ import annotations

from datetime import date

from builders import as_unit, new_project, seeded
from xxh_desktop import deadlines, lifecycle, overview, procurement_review
from xxh_desktop.county import county_units, unit_choices
from xxh_desktop.domain.fields import Side

ON = date(2027, 2, 15)


def test_the_snapshot_equals_the_separate_reads(demo_ws):
    snap = overview.snapshot(demo_ws, ON)
    assert [s.id for s in snap.summaries] == [s.id for s in demo_ws.views.summaries()]
    assert snap.cards == overview.board_rows(demo_ws, on=ON)
    assert snap.watched == deadlines.watched_deadlines(demo_ws, ON)
    assert snap.escalations == lifecycle.escalation_flags(demo_ws, ON)
    assert snap.sums.stages == overview.stage_counts(demo_ws)
    assert snap.sums.by_year == overview.investment_by_year_and_channel(demo_ws)
    assert snap.sums.by_unit == overview.investment_by_unit(demo_ws, 10)


def test_one_projects_card_and_flags_match_the_whole_read(demo_ws):
    every = {c.id: c for c in overview.board_rows(demo_ws, on=ON)}
    flags = lifecycle.escalation_flags(demo_ws, ON)
    for pid in list(every)[:12] + list(flags):
        assert overview.board_rows(demo_ws, pid, on=ON) == [every[pid]]
        assert lifecycle.escalation_flags(demo_ws, ON, pid) == ({pid: flags[pid]} if pid in flags else {})


def test_watched_and_next_are_filters_of_one_list(demo_ws):
    found = deadlines.project_deadlines(demo_ws)
    assert deadlines.watched(found, ON) == deadlines.watched_deadlines(demo_ws, ON)
    assert deadlines.next_of(found, ON) == deadlines.next_deadlines(demo_ws, ON)
    assert all(d.due <= date(2027, 3, 17) for d in deadlines.watched(found, ON))


def test_draft_times_are_the_newest_autosave_of_each_record(ws):
    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    a = new_project(ws, "甲", "县教育体育局", 2027)
    b = new_project(ws, "乙", "县教育体育局", 2027)
    ws.drafts.save("declaration", a, {"leader": "一"})
    ws.drafts.save("declaration", a, {"leader": "二"})
    times = ws.drafts.saved_times("declaration")
    assert set(times) == {a} and times[a] == ws.drafts.latest("declaration", a).saved_at
    assert b not in times and ws.drafts.saved_times("procurement") == {}


def test_a_department_lists_its_own_cases_drafts_included(ws):
    with as_unit(ws, "县教育体育局"):
        mine = ws.procurements.create("县教育体育局")
    with as_unit(ws, "县民政局"):
        theirs = ws.procurements.create("县民政局")
    assert procurement_review.machine_rows(ws) == []   # the office: nothing submitted yet
    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    assert [c.id for c in procurement_review.machine_rows(ws)] == [mine]
    assert theirs not in {c.id for c in procurement_review.machine_rows(ws)}


def test_the_county_register_offers_units_and_keeps_the_workspaces_own(ws):
    names = county_units()
    assert "县教育体育局" in names and "天堂寨镇人民政府" in names and len(names) == len(set(names))
    with seeded(ws):
        ws.units.ensure("县新设机构")
    choices = unit_choices(ws.units.names())
    assert choices[:len(names)] == list(names) and choices[-1] == "县新设机构"
