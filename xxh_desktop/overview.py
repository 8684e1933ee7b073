"""What the board and the dashboard show about all projects, read in a few queries.

Kept Qt-free so the figures are testable; the GUI only draws them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from . import deadlines
from .amounts import yuan_to_wan
from .lifecycle import STAGES

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
    number: str
    name: str
    unit: str
    year: int
    stage: str
    side_state: str
    investment: Decimal | None          # 万元
    channels: frozenset[str]            # 资金渠道 with an amount > 0
    next_due: date | None = None        # the project's earliest watched deadline
    next_matter: str = ""
    late_declaration: bool = False      # 逾期申报 (第五条 / 第七条), from declared_on


_SQL = (
    "SELECT p.id, p.number, p.name, u.name AS unit, p.year, p.stage, p.side_state, d.declared_on, "
    "d.investment, d.fund_fiscal, d.fund_self, d.fund_bank, d.fund_other "
    "FROM projects p JOIN units u ON u.id = p.unit_id LEFT JOIN declarations d ON d.project_id = p.id"
)


def board_rows(ws: Workspace, project_id: str | None = None, *, on: date | None = None) -> list[BoardRow]:
    """Every project's card (or one project's) as of `on` (today), ordered by number."""
    on = on or date.today()
    where, params = ("", ()) if project_id is None else (" WHERE p.id = ?", (project_id,))
    rows = ws.query(_SQL + where + " ORDER BY p.number", params)
    if project_id is None:
        nxt = deadlines.next_deadlines(ws, on)
    else:
        live = [d for d in deadlines.project_deadlines(ws, project_id) if not deadlines.is_stale(d, on)]
        nxt = {project_id: live[0]} if live else {}
    month_day = deadlines.declaration_deadline_setting(ws)
    out = []
    for r in rows:
        n = nxt.get(r["id"])
        declared = date.fromisoformat(r["declared_on"]) if r["declared_on"] else None
        out.append(BoardRow(
            r["id"], r["number"] or "", r["name"], r["unit"], r["year"], r["stage"], r["side_state"] or "",
            None if r["investment"] is None else yuan_to_wan(r["investment"]),
            frozenset(name for col, name in CHANNELS if (r[col] or 0) > 0),
            n.due if n else None, n.matter if n else "",
            r["stage"] != "草稿" and deadlines.is_late_declaration(declared, r["year"], month_day),
        ))
    return out


def stage_counts(ws: Workspace) -> dict[str, int]:
    counts = {s: 0 for s in STAGES}
    for r in ws.query("SELECT stage, count(*) AS n FROM projects GROUP BY stage"):
        if r["stage"] in counts:
            counts[r["stage"]] = r["n"]
    return counts


def investment_by_year_and_channel(ws: Workspace) -> dict[int, dict[str, Decimal]]:
    """万元 per budget year and 资金渠道 (projects not closed as 不予批准 / 已终止)."""
    out: dict[int, dict[str, Decimal]] = {}
    cols = ", ".join(f"coalesce(sum(d.{c}), 0) AS {c}" for c, _ in CHANNELS)
    for r in ws.query(
            f"SELECT p.year, {cols} FROM projects p JOIN declarations d ON d.project_id = p.id "
            "WHERE coalesce(p.side_state, '') NOT IN ('不予批准', '已终止') GROUP BY p.year ORDER BY p.year"):
        out[r["year"]] = {name: yuan_to_wan(r[c]) for c, name in CHANNELS}
    return out


def investment_by_unit(ws: Workspace, limit: int = 10) -> list[tuple[str, Decimal]]:
    """The units with the largest total 投资额 (万元), largest first."""
    totals: dict[str, int] = defaultdict(int)
    for r in ws.query(
            "SELECT u.name AS unit, coalesce(sum(d.investment), 0) AS total FROM projects p "
            "JOIN units u ON u.id = p.unit_id JOIN declarations d ON d.project_id = p.id "
            "WHERE coalesce(p.side_state, '') NOT IN ('不予批准', '已终止') GROUP BY u.name"):
        totals[r["unit"]] += r["total"]
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(unit, yuan_to_wan(total)) for unit, total in ranked if total]
