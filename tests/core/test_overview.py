"""What the board and the dashboard read: cards (逾期申报 computed), counts, investment sums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xxh_desktop import deadlines, overview
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.stages import SideState, Stage

from builders import as_unit, new_project, seeded


def declare(ws, name, unit, year, declared_on, stage=Stage.DECLARED, **funds):
    pid = new_project(ws, name, unit, year, stage=stage)
    total = sum(funds.values(), Decimal(0))
    with as_unit(ws, unit):
        ws.declarations.save(pid, Declaration(project_name=name, declared_on=declared_on, investment=total, **funds))
    return pid


def test_late_declaration_is_computed_from_declared_on_and_the_setting(ws):
    on_time = declare(ws, "甲", "县教育体育局", 2027, date(2026, 9, 30), fund_fiscal=Decimal(10))
    late = declare(ws, "乙", "县教育体育局", 2027, date(2026, 10, 8), fund_fiscal=Decimal(10))
    draft = declare(ws, "丙", "县教育体育局", 2027, date(2026, 12, 1), stage=Stage.DRAFT, fund_fiscal=Decimal(10))
    cards = {c.id: c for c in overview.board_rows(ws, on=date(2026, 11, 1))}
    assert (cards[on_time].late_declaration, cards[late].late_declaration, cards[draft].late_declaration) == (
        False, True, False)
    deadlines.set_declaration_deadline(ws, "10-15")   # nothing stored per project: the mark follows
    assert not overview.board_rows(ws, late, on=date(2026, 11, 1))[0].late_declaration


def test_counts_and_investment_sums(ws):
    declare(ws, "甲", "县教育体育局", 2027, None, fund_fiscal=Decimal("100.5"), fund_bank=Decimal(20))
    declare(ws, "乙", "县卫生健康委", 2027, None, fund_self=Decimal(30))
    closed = declare(ws, "丙", "县卫生健康委", 2026, None, fund_fiscal=Decimal(999))
    with seeded(ws):   # 第十条: closed by the county's refusal
        ws.projects.update(closed, {"side_state": SideState.REJECTED})
    counts = overview.stage_counts(ws)
    assert counts["已申报"] == 3 and sum(counts.values()) == 3
    by_year = overview.investment_by_year_and_channel(ws)
    assert list(by_year) == [2027]
    assert by_year[2027] == {"财政资金": Decimal("100.5"), "单位自筹": Decimal(30), "银行贷款": Decimal(20),
                             "其它": Decimal(0)}
    assert overview.investment_by_unit(ws) == [("县教育体育局", Decimal("120.5")), ("县卫生健康委", Decimal(30))]
    card = next(c for c in overview.board_rows(ws) if c.name == "甲")
    assert card.channels == frozenset({"财政资金", "银行贷款"}) and card.investment == Decimal("120.5")
