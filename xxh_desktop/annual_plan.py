"""The annual 政务信息化项目建设计划 (第七条) and its 备案 to 县财政局 and 县发改委.

The plan of year Y holds the projects listed in it (plan_year = Y) and the
projects of that year built on a 临时报批 approval instead (第七条: «因临时确需
建设的政务信息化项目，按程序报批后实施»), which are marked. Totals are summed
here, exactly, in Decimal from the stored yuan; the Excel and PDF writers only
print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from .domain.records import PlanFiling
from .domain.stages import SideState
from .domain.validation import format_period
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace

# (field, column title); the amounts are 万元.
AMOUNT_FIELDS: tuple[tuple[str, str], ...] = (
    ("investment", "投资额"),
    ("fund_fiscal", "财政资金"),
    ("fund_self", "单位自筹"),
    ("fund_bank", "银行贷款"),
    ("fund_other", "其它"),
)
TEMPORARY_MARK = "临时报批"
EXCLUDED_SIDE_STATES = (SideState.REJECTED,)  # 第十条: never approved, so never in a plan


def plan_title(year: int) -> str:
    return f"金寨县{year}年度政务信息化项目建设计划"


@dataclass(frozen=True)
class PlanRow:
    project_id: str
    number: str
    unit: str
    name: str
    span: str                       # 建设年度
    amounts: dict[str, Decimal | None]  # AMOUNT_FIELDS keys → 万元 (None: not filled in)
    temporary: bool                 # 临时报批, not in the compiled plan
    note: str                       # 备注


@dataclass(frozen=True)
class Plan:
    year: int
    rows: list[PlanRow]
    totals: dict[str, Decimal] = field(default_factory=dict)
    filing: PlanFiling | None = None

    @property
    def title(self) -> str:
        return plan_title(self.year)

    @property
    def temporary_count(self) -> int:
        return sum(1 for r in self.rows if r.temporary)


def annual_plan(ws: Workspace, year: int) -> Plan:
    """The plan of `year` with exact totals (万元)."""
    if not 2000 <= year <= 2100:
        raise XxhError(f"年度 {year} 不合理，请输入四位年份。")
    plan_rows: list[PlanRow] = []
    totals = {f: Decimal(0) for f, _ in AMOUNT_FIELDS}
    for r in ws.views.in_plan(year):
        if r.side_state in EXCLUDED_SIDE_STATES:
            continue
        temporary = r.plan_year != year
        amounts: dict[str, Decimal | None] = {f: getattr(r, f) for f, _ in AMOUNT_FIELDS}
        for f, _ in AMOUNT_FIELDS:
            totals[f] += amounts[f] or 0   # Decimal sums of 万元 to the yuan: exact
        if temporary:
            approved = r.temp_approval_date
            approved_text = f"{approved.year}年{approved.month}月{approved.day}日" if approved else ""
            note = TEMPORARY_MARK + "（" + "，".join(
                x for x in (r.temp_approval_doc_no, approved_text) if x) + "）"
        else:
            note = r.approval_doc_no
        plan_rows.append(PlanRow(
            project_id=r.id, number=r.number, unit=r.unit, name=r.name,
            span=format_period(r.start_month, r.end_month), amounts=amounts, temporary=temporary, note=note))
    return Plan(year, plan_rows, totals, ws.plan_filings.get(year))


def filing(ws: Workspace, year: int) -> PlanFiling:
    return ws.plan_filings.get(year)


def record_filing(ws: Workspace, year: int, *, finance_filed_on: date | None = None,
                  ndrc_filed_on: date | None = None) -> PlanFiling:
    """Record the plan's 备案 (第七条: «报县财政局、县发改委备案»); a date given replaces the old one."""
    if finance_filed_on is None and ndrc_filed_on is None:
        raise XxhError("第七条：请填写报县财政局或县发改委备案的日期。")
    with ws.transaction():
        before = ws.plan_filings.get(year)
        after = PlanFiling(year, finance_filed_on or before.finance_filed_on, ndrc_filed_on or before.ndrc_filed_on)
        ws.plan_filings.set(after)

        def as_dict(f: PlanFiling) -> dict[str, str | None]:
            return {"财政局": _iso(f.finance_filed_on), "发改委": _iso(f.ndrc_filed_on)}

        ws.audit_log.append("年度计划备案", plan_title(year), before=as_dict(before), after=as_dict(after))
    return after


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
