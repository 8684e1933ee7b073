"""The projects owner's read side: projects joined with their unit and 附件1 figures.

One query per view, so the list, the board, the dashboard and the plan read
10,000 projects at once; every write stays with the table's owner.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..domain.records import ProjectSummary
from ..domain.stages import SideState, Stage
from .owner import Owner, to_date, to_month, to_wan

_SUMMARY = (
    "SELECT p.id, p.number, p.declaration_no, p.name, u.name AS unit, p.year, p.stage, p.side_state, p.plan_year, "
    "p.approval_doc_no, p.temp_approval_date, p.temp_approval_doc_no, p.approval_date, p.classified, "
    "d.declared_on, d.start_month, "
    "d.end_month, d.investment, d.fund_fiscal, d.fund_self, d.fund_bank, d.fund_other "
    "FROM projects p JOIN units u ON u.id = p.unit_id LEFT JOIN declarations d ON d.project_id = p.id"
)
CHANNELS = ("fund_fiscal", "fund_self", "fund_bank", "fund_other")


def _summary(r: dict[str, Any]) -> ProjectSummary:
    return ProjectSummary(
        id=r["id"], number=r["number"] or "", name=r["name"], unit=r["unit"], year=r["year"],
        stage=Stage(r["stage"]), side_state=SideState(r["side_state"]) if r["side_state"] else None,
        declared_on=to_date(r["declared_on"]), start_month=to_month(r["start_month"]),
        end_month=to_month(r["end_month"]), investment=to_wan(r["investment"]),
        fund_fiscal=to_wan(r["fund_fiscal"]), fund_self=to_wan(r["fund_self"]),
        fund_bank=to_wan(r["fund_bank"]), fund_other=to_wan(r["fund_other"]),
        plan_year=r["plan_year"], approval_doc_no=r["approval_doc_no"] or "",
        temp_approval_date=to_date(r["temp_approval_date"]), temp_approval_doc_no=r["temp_approval_doc_no"] or "",
        declaration_no=r["declaration_no"] or "", approval_date=to_date(r["approval_date"]),
        classified=bool(r["classified"]))


class Views(Owner):
    def summaries(self, *, stage: Stage | str | None = None, year: int | None = None, unit: str | None = None,
                  project_id: str | None = None) -> list[ProjectSummary]:
        """Projects by number, filtered as the CLI's `list` filters them."""
        conds, params = ["p.trashed_at IS NULL"], []
        for column, value in (("p.stage", stage), ("p.year", year), ("u.name", unit), ("p.id", project_id)):
            if value:
                conds.append(f"{column} = ?")
                params.append(str(value) if column != "p.year" else value)
        where = " WHERE " + " AND ".join(conds)
        return [_summary(r) for r in self.database.rows(f"{_SUMMARY}{where} ORDER BY p.number IS NULL, p.number, p.declaration_no", params)]

    def in_plan(self, year: int) -> list[ProjectSummary]:
        """第七条: the projects listed in the plan of `year`, and those of that budget year
        built on a 临时报批 approval instead (in that one plan only: by the approval's
        year too, a project approved in December would sit in two plans)."""
        return [_summary(r) for r in self.database.rows(
            f"{_SUMMARY} WHERE p.trashed_at IS NULL AND (p.plan_year = ? OR (p.plan_year IS NULL "
            "AND p.temp_approval_date IS NOT NULL AND p.year = ?)) ORDER BY p.number", (year, year))]

    def stage_counts(self) -> dict[Stage, int]:
        counts = {s: 0 for s in Stage}
        for r in self.database.rows("SELECT stage, count(*) AS n FROM projects WHERE trashed_at IS NULL GROUP BY stage"):
            if r["stage"] in counts:
                counts[Stage(r["stage"])] = r["n"]
        return counts

    def investment_by_year(self, excluded: tuple[SideState, ...]) -> dict[int, dict[str, Decimal]]:
        """万元 per budget year and 资金渠道, leaving out projects in the `excluded` side states."""
        cols = ", ".join(f"coalesce(sum(d.{c}), 0) AS {c}" for c in CHANNELS)
        marks = ",".join("?" for _ in excluded)
        rows = self.database.rows(
            f"SELECT p.year, {cols} FROM projects p JOIN declarations d ON d.project_id = p.id "
            f"WHERE p.trashed_at IS NULL AND coalesce(p.side_state, '') NOT IN ({marks}) GROUP BY p.year ORDER BY p.year",
            [s.value for s in excluded])
        return {r["year"]: {c: to_wan(r[c]) or Decimal(0) for c in CHANNELS} for r in rows}

    def investment_by_unit(self, excluded: tuple[SideState, ...]) -> dict[str, Decimal]:
        """万元 per unit, leaving out projects in the `excluded` side states."""
        marks = ",".join("?" for _ in excluded)
        rows = self.database.rows(
            "SELECT u.name AS unit, coalesce(sum(d.investment), 0) AS total FROM projects p "
            "JOIN units u ON u.id = p.unit_id JOIN declarations d ON d.project_id = p.id "
            f"WHERE p.trashed_at IS NULL AND coalesce(p.side_state, '') NOT IN ({marks}) GROUP BY u.name",
            [s.value for s in excluded])
        return {r["unit"]: to_wan(r["total"]) or Decimal(0) for r in rows}
