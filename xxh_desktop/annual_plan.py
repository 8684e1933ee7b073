"""The annual 政务信息化项目建设计划 (第七条): what it holds, its 编制日期 and its 备案.

The plan of year Y holds the projects the county approved and the office listed
in it (plan_year = Y), then, in a section of their own with their own subtotal,
the projects of that year built on a 临时报批 approval instead (第七条: «因临时确需
建设的政务信息化项目，按程序报批后实施»). Projects 已终止, 暂停建设 or 暂缓安排投资计划
count in no total and are named in a note (第二十条); a project marked for the
year but never approved is named too, and not counted. 编制日期 is a fact the
office records when it compiles the plan, frozen once the plan is filed (备案).
Totals are summed here, exactly, in Decimal from the stored yuan; the Excel and
PDF writers only print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from . import clock, deadlines
from .domain.records import PlanFiling, ProjectSummary
from .domain.stages import SideState, Stage
from .domain.validation import format_period
from .errors import XxhError
from .lifecycle.chronology import before_problem, future_problem

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
PLAN_SECTION = "年度计划项目"
TEMPORARY_SECTION = "临时报批项目（第七条：因临时确需建设，按程序报批后实施）"
# 第二十条: a project held or ended is named under the plan, not summed in it.
HELD_SIDE_STATES = (SideState.TERMINATED, SideState.SUSPENDED, SideState.FUNDING_DEFERRED)
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
    approved_on: date | None = None  # 县政府批准 (or the 临时报批)


@dataclass(frozen=True)
class Excluded:
    """A project of the year not counted in the plan, and why (listed in the plan's note)."""

    number: str
    name: str
    reason: str


def _sum(rows: list[PlanRow]) -> dict[str, Decimal]:
    # Decimal sums of 万元 to the yuan: exact.
    return {f: sum((r.amounts[f] or Decimal(0) for r in rows), Decimal(0)) for f, _ in AMOUNT_FIELDS}


@dataclass(frozen=True)
class Plan:
    year: int
    rows: list[PlanRow]             # the plan's projects, then the 临时报批 ones
    totals: dict[str, Decimal] = field(default_factory=dict)
    filing: PlanFiling | None = None
    excluded: tuple[Excluded, ...] = ()

    @property
    def title(self) -> str:
        return plan_title(self.year)

    @property
    def planned_rows(self) -> list[PlanRow]:
        return [r for r in self.rows if not r.temporary]

    @property
    def temporary_rows(self) -> list[PlanRow]:
        return [r for r in self.rows if r.temporary]

    @property
    def temporary_count(self) -> int:
        return len(self.temporary_rows)

    @property
    def planned_totals(self) -> dict[str, Decimal]:
        return _sum(self.planned_rows)

    @property
    def temporary_totals(self) -> dict[str, Decimal]:
        return _sum(self.temporary_rows)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def compiled_on(self) -> date | None:
        return self.filing.compiled_on if self.filing else None

    def notes(self) -> list[str]:
        """The lines printed under the table: who is left out of the totals, and why."""
        held = [e for e in self.excluded if e.reason != UNAPPROVED]
        unapproved = [e for e in self.excluded if e.reason == UNAPPROVED]
        out = []
        if held:
            out.append("说明：以下项目已终止、暂停建设或暂缓安排投资计划（第二十条），不计入合计：" +
                       "；".join(f"{e.number} {e.name}（{e.reason}）" for e in held) + "。")
        if unapproved:
            out.append("以下项目标为本年度计划，但尚未经县政府批准（第七条、第十条），未列入：" +
                       "；".join(f"{e.number} {e.name}" for e in unapproved) + "。")
        return out

    def compile_problems(self) -> list[str]:
        """第七条: a regular row approved after the recorded 编制日期 (the plan must be compiled again)."""
        on = self.compiled_on
        if on is None:
            return []
        return [f"第七条：编制日期 {on.isoformat()} 早于项目 {r.number} 的县政府批准日期 {r.approved_on.isoformat()}，"
                "请重新编制计划" for r in self.planned_rows if r.approved_on and r.approved_on > on]


UNAPPROVED = "尚未经县政府批准"


def _row(r: ProjectSummary, year: int, month_day: str) -> PlanRow:
    temporary = r.plan_year != year
    if temporary:
        approved = r.temp_approval_date
        approved_text = f"{approved.year}年{approved.month}月{approved.day}日" if approved else ""
        note = TEMPORARY_MARK + "（" + "，".join(x for x in (r.temp_approval_doc_no, approved_text) if x) + "）"
    else:
        note = r.approval_doc_no
    # 第五条: a declaration after the yearly deadline, or in the budget year itself, says so.
    if deadlines.is_late_declaration(r.declared_on, r.year, month_day):
        late = "当年申报" if r.declared_on and r.declared_on.year >= r.year else "逾期申报"
        note = "；".join(x for x in (note, f"{late}（第五条）") if x)
    return PlanRow(
        project_id=r.id, number=r.number, unit=r.unit, name=r.name, span=format_period(r.start_month, r.end_month),
        amounts={f: getattr(r, f) for f, _ in AMOUNT_FIELDS}, temporary=temporary, note=note,
        approved_on=r.temp_approval_date if temporary else r.approval_date)


def check_year(year: int) -> None:
    """Refuse a year no record of this program can have (a year asked for: a plan, a `list --year`)."""
    if not 2000 <= year <= 2100:
        raise XxhError(f"年度 {year} 不合理，请输入四位年份。")


def annual_plan(ws: Workspace, year: int) -> Plan:
    """The plan of `year` with exact totals (万元); it may be empty (`Plan.is_empty`)."""
    check_year(year)
    month_day = deadlines.declaration_deadline_setting(ws)
    rows: list[PlanRow] = []
    excluded: list[Excluded] = []
    for r in ws.views.in_plan(year):
        if r.side_state in EXCLUDED_SIDE_STATES or r.classified:   # 第三条: 涉密 is not this plan's
            continue
        if r.side_state in HELD_SIDE_STATES:
            excluded.append(Excluded(r.number, r.name, r.side_state.value))
        elif r.plan_year == year and (r.approval_date is None or r.stage < Stage.APPROVED):
            excluded.append(Excluded(r.number, r.name, UNAPPROVED))
        else:
            rows.append(_row(r, year, month_day))
    rows.sort(key=lambda row: (row.temporary, row.number))
    return Plan(year, rows, _sum(rows), ws.plan_filings.get(year), tuple(excluded))


def filing(ws: Workspace, year: int) -> PlanFiling:
    return ws.plan_filings.get(year)


def _filed_refusal(before: PlanFiling) -> str | None:
    if not before.filed:
        return None
    on = min(d for d in (before.finance_filed_on, before.ndrc_filed_on) if d)
    return f"第七条：{before.year}年度计划已于 {on.isoformat()} 报送备案，编制日期不能再改"


def compile_plan(ws: Workspace, year: int, on: date, *, today: date | None = None) -> PlanFiling:
    """第七条: the office compiles the plan of `year` on `on` (its 编制日期), audited.

    Refused for an empty year, a plan already filed, a date after today, or a date
    before the approval of a project it holds."""
    today = today or clock.today()
    with ws.transaction():
        plan = annual_plan(ws, year)
        before = plan.filing or PlanFiling(year, None, None)
        refusals = [why for why in (_filed_refusal(before), future_problem("plan_filing.compiled_on", on, today))
                    if why]
        if plan.is_empty:
            refusals.append(f"第七条：{year}年度没有经县政府批准列入计划或临时报批的项目，不能编制计划")
        latest = max((r for r in plan.planned_rows if r.approved_on), key=lambda r: r.approved_on, default=None)
        if latest is not None and latest.approved_on and on < latest.approved_on:
            refusals.append(f"第七条：编制日期 {on.isoformat()} 早于项目 {latest.number} 的县政府批准日期 "
                            f"{latest.approved_on.isoformat()}")
        if refusals:
            raise XxhError("；".join(refusals) + "。")
        after = PlanFiling(year, before.finance_filed_on, before.ndrc_filed_on, on)
        ws.plan_filings.set(after)
        ws.audit_log.append("编制年度计划", plan_title(year), before={"编制日期": _iso(before.compiled_on)},
                            after={"编制日期": on.isoformat(), "项目": len(plan.rows)})
    return after


def record_filing(ws: Workspace, year: int, *, finance_filed_on: date | None = None,
                  ndrc_filed_on: date | None = None, today: date | None = None) -> PlanFiling:
    """Record the plan's 备案 (第七条: «报县财政局、县发改委备案»); a date given replaces the old one.

    The plan is filed as compiled: after its 编制日期, and not after today."""
    if finance_filed_on is None and ndrc_filed_on is None:
        raise XxhError("第七条：请填写报县财政局或县发改委备案的日期。")
    today = today or clock.today()
    with ws.transaction():
        before = ws.plan_filings.get(year)
        if before.compiled_on is None:
            raise XxhError(f"第七条：{year}年度计划尚未编制（没有编制日期），请先编制计划再报送备案。")
        refusals = []
        for key, on in (("plan_filing.finance_filed_on", finance_filed_on), ("plan_filing.ndrc_filed_on", ndrc_filed_on)):
            if on is not None:
                refusals += [why for why in (future_problem(key, on, today),
                                             before_problem(key, on, "plan_filing.compiled_on", before.compiled_on))
                             if why]
        if refusals:
            raise XxhError("；".join(refusals) + "。")
        after = PlanFiling(year, finance_filed_on or before.finance_filed_on, ndrc_filed_on or before.ndrc_filed_on,
                           before.compiled_on)
        ws.plan_filings.set(after)

        def as_dict(f: PlanFiling) -> dict[str, str | None]:
            return {"财政局": _iso(f.finance_filed_on), "发改委": _iso(f.ndrc_filed_on)}

        ws.audit_log.append("年度计划备案", plan_title(year), before=as_dict(before), after=as_dict(after))
    return after


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
