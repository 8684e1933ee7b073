"""What the board and the dashboard show about all projects, read in a few queries.

Kept Qt-free so the figures are testable; the GUI only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from . import deadlines
from .domain.records import ProjectSummary
from .domain.stages import SideState, Stage
from .lifecycle.moves import escalation_flags

if TYPE_CHECKING:
    from .workspace import Workspace

# 资金渠道 of 附件1, in the form's order.
CHANNELS: tuple[tuple[str, str], ...] = (
    ("fund_fiscal", "财政资金"), ("fund_self", "单位自筹"), ("fund_bank", "银行贷款"), ("fund_other", "其它"),
)
CHANNEL_NAMES = tuple(name for _, name in CHANNELS)


@dataclass(frozen=True)
class BoardRow:
    """One kanban card."""

    id: str
    number: str                         # the 项目编号, or the unit's 申报编号 until the office allots one
    name: str
    unit: str
    year: int
    stage: Stage
    side_state: str
    investment: Decimal | None          # 万元
    channels: frozenset[str]            # 资金渠道 with an amount > 0
    next_due: date | None = None        # the project's earliest watched deadline
    next_matter: str = ""
    late_declaration: bool = False      # 逾期申报 (第五条 / 第七条), from declared_on


def board_rows(ws: Workspace, project_id: str | None = None, *, on: date | None = None) -> list[BoardRow]:
    """Every project's card (or one project's) as of `on` (today), ordered by number."""
    on = on or date.today()
    found = deadlines.project_deadlines(ws, project_id)
    return _cards(ws, ws.views.summaries(project_id=project_id), deadlines.next_of(found, on))


def _cards(ws: Workspace, summaries: list[ProjectSummary], nxt: dict[str, deadlines.Deadline]) -> list[BoardRow]:
    month_day = deadlines.declaration_deadline_setting(ws)
    out = []
    for r in summaries:
        n = nxt.get(r.id)
        out.append(BoardRow(
            r.id, r.label, r.name, r.unit, r.year, r.stage, r.side_state or "", r.investment,
            frozenset(name for col, name in CHANNELS if (getattr(r, col) or 0) > 0),
            n.due if n else None, n.matter if n else "",
            r.stage != Stage.DRAFT and deadlines.is_late_declaration(r.declared_on, r.year, month_day),
        ))
    return out


@dataclass(frozen=True)
class Sums:
    """The dashboard's charts: projects per stage, 万元 per year and channel, the top units."""

    stages: dict[Stage, int]
    by_year: dict[int, dict[str, Decimal]]
    by_unit: list[tuple[str, Decimal]]


def sums(ws: Workspace, top_units: int = 10) -> Sums:
    return Sums(stage_counts(ws), investment_by_year_and_channel(ws), investment_by_unit(ws, top_units))


@dataclass(frozen=True)
class Snapshot:
    """What the window shows about all projects, read once at start (each query once)."""

    on: date
    summaries: list[ProjectSummary]     # the project list
    cards: list[BoardRow]               # the board
    watched: list[deadlines.Deadline]   # the dashboard's overdue and due-soon list
    escalations: dict[str, str]         # 第二十条 flags by project
    sums: Sums                          # the dashboard's charts


def snapshot(ws: Workspace, on: date | None = None, *, top_units: int = 10) -> Snapshot:
    """The list, the board, the watched deadlines and the sums, from one read of each."""
    on = on or date.today()
    summaries = ws.views.summaries()
    found = deadlines.project_deadlines(ws)
    return Snapshot(on, summaries, _cards(ws, summaries, deadlines.next_of(found, on)),
                    deadlines.watched(found, on), escalation_flags(ws, on), sums(ws, top_units))


def stage_counts(ws: Workspace) -> dict[Stage, int]:
    return ws.views.stage_counts()


# 第十条、第二十条: closed cases count in no total.
_NOT_COUNTED = (SideState.REJECTED, SideState.TERMINATED)


def investment_by_year_and_channel(ws: Workspace) -> dict[int, dict[str, Decimal]]:
    """万元 per budget year and 资金渠道 (projects not closed as 不予批准 / 已终止)."""
    return {year: {name: sums[col] for col, name in CHANNELS}
            for year, sums in ws.views.investment_by_year(_NOT_COUNTED).items()}


def investment_by_unit(ws: Workspace, limit: int = 10) -> list[tuple[str, Decimal]]:
    """The units with the largest total 投资额 (万元), largest first."""
    totals = ws.views.investment_by_unit(_NOT_COUNTED)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(unit, total) for unit, total in ranked if total]
