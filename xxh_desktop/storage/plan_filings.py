"""Owner of `plan_filings`: the annual plan's 备案 with 县财政局 and 县发改委 (第七条)."""

from __future__ import annotations

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
        return PlanFiling(year, to_date(row["finance_filed_on"]), to_date(row["ndrc_filed_on"]))

    def set(self, filing: PlanFiling) -> None:
        authority.require_side(self.actor, Side.OFFICE, "年度建设计划的备案", "第七条", Role.REVIEW)
        with self.database.transaction():
            self.db["plan_filings"].upsert({"year": filing.year,
                                            "finance_filed_on": from_date(filing.finance_filed_on),
                                            "ndrc_filed_on": from_date(filing.ndrc_filed_on)}, pk="year")
            self.database.note(Area.PLAN)
