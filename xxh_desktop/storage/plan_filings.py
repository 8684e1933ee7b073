"""Owner of `plan_filings`: the annual plan's 备案 with 县财政局 and 县发改委 (第七条)."""

from __future__ import annotations

from typing import Any

from .. import authority
from ..domain.accounts import Role
from ..domain.fields import Side
from ..domain.records import PlanFiling
from .changes import Area
from .owner import Owner, from_date, to_date


class PlanFilings(Owner):
    def get(self, year: int) -> PlanFiling:
        row = self.database.first("SELECT * FROM plan_filings WHERE year = ?", (year,))
        if row is None:
            return PlanFiling(year, None, None)
        return _filing(row)

    def all(self) -> dict[int, PlanFiling]:
        """Every year's plan record, by year."""
        return {r["year"]: _filing(r) for r in self.database.rows("SELECT * FROM plan_filings ORDER BY year")}

    def set(self, filing: PlanFiling) -> None:
        authority.require_side(self.actor, Side.OFFICE, "年度建设计划的编制和备案", "第七条", Role.REVIEW)
        with self.database.transaction():
            self.db["plan_filings"].upsert({"year": filing.year,
                                            "finance_filed_on": from_date(filing.finance_filed_on),
                                            "ndrc_filed_on": from_date(filing.ndrc_filed_on),
                                            "compiled_on": from_date(filing.compiled_on)}, pk="year")
            self.database.note(Area.PLAN)


def _filing(row: dict[str, Any]) -> PlanFiling:
    return PlanFiling(row["year"], to_date(row["finance_filed_on"]), to_date(row["ndrc_filed_on"]),
                      to_date(row["compiled_on"]))
