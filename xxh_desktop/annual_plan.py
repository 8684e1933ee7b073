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
from pathlib import Path
from typing import TYPE_CHECKING

from .amounts import yuan_to_wan
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
EXCLUDED_SIDE_STATES = ("不予批准",)  # 第十条: never approved, so never in a plan


def plan_title(year: int) -> str:
    return f"金寨县{year}年度政务信息化项目建设计划"


def span_text(start_month: str | None, end_month: str | None) -> str:
    """建设年度 as the form writes it: «2027年01月至2027年12月»."""
    def month(text: str | None) -> str:
        return f"{text[:4]}年{text[5:7]}月" if text else ""

    if not start_month and not end_month:
        return ""
    return f"{month(start_month)}至{month(end_month)}"


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
class Filing:
    year: int
    finance_filed_on: date | None   # 县财政局
    ndrc_filed_on: date | None      # 县发改委


@dataclass(frozen=True)
class Plan:
    year: int
    rows: list[PlanRow]
    totals: dict[str, Decimal] = field(default_factory=dict)
    filing: Filing | None = None

    @property
    def title(self) -> str:
        return plan_title(self.year)

    @property
    def temporary_count(self) -> int:
        return sum(1 for r in self.rows if r.temporary)


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def annual_plan(ws: Workspace, year: int) -> Plan:
    """The plan of `year` with exact totals (万元)."""
    if not 2000 <= year <= 2100:
        raise XxhError(f"年度 {year} 不合理，请输入四位年份。")
    placeholders = ", ".join("?" for _ in EXCLUDED_SIDE_STATES)
    rows = ws.query(
        "SELECT p.id, p.number, p.name, u.name AS unit, p.plan_year, p.temp_approval_date, "
        "p.temp_approval_doc_no, p.approval_doc_no, d.start_month, d.end_month, "
        "d.investment, d.fund_fiscal, d.fund_self, d.fund_bank, d.fund_other "
        "FROM projects p JOIN units u ON u.id = p.unit_id "
        "LEFT JOIN declarations d ON d.project_id = p.id "
        # A 临时报批 project belongs to the plan of its own (budget) year only — by
        # the approval's year too it would sit in two plans (approved in December
        # for next year) and the years' totals would count it twice.
        "WHERE (p.plan_year = ? OR (p.plan_year IS NULL AND p.temp_approval_date IS NOT NULL "
        "       AND p.year = ?)) "
        f"AND coalesce(p.side_state, '') NOT IN ({placeholders}) "
        "ORDER BY p.number",
        (year, year, *EXCLUDED_SIDE_STATES),
    )
    plan_rows: list[PlanRow] = []
    totals_yuan = {f: 0 for f, _ in AMOUNT_FIELDS}
    for r in rows:
        temporary = r["plan_year"] != year
        amounts: dict[str, Decimal | None] = {}
        for f, _ in AMOUNT_FIELDS:
            amounts[f] = None if r[f] is None else yuan_to_wan(r[f])
            totals_yuan[f] += r[f] or 0
        if temporary:
            approved = _d(r["temp_approval_date"])
            approved_text = f"{approved.year}年{approved.month}月{approved.day}日" if approved else ""
            note = TEMPORARY_MARK + "（" + "，".join(
                x for x in (r["temp_approval_doc_no"], approved_text) if x) + "）"
        else:
            note = r["approval_doc_no"] or ""
        plan_rows.append(PlanRow(
            project_id=r["id"], number=r["number"] or "", unit=r["unit"], name=r["name"],
            span=span_text(r["start_month"], r["end_month"]), amounts=amounts,
            temporary=temporary, note=note))
    # Decimal(yuan) / 10000 is exact: the totals are the sums of the rows to the yuan.
    totals = {f: (Decimal(v) / 10000) for f, v in totals_yuan.items()}
    return Plan(year, plan_rows, totals, filing(ws, year))


def filing(ws: Workspace, year: int) -> Filing:
    row = ws.query_one("SELECT * FROM plan_filings WHERE year = ?", (year,))
    if row is None:
        return Filing(year, None, None)
    return Filing(year, _d(row["finance_filed_on"]), _d(row["ndrc_filed_on"]))


def record_filing(ws: Workspace, year: int, *, finance_filed_on: date | None = None,
                  ndrc_filed_on: date | None = None) -> Filing:
    """Record the plan's 备案 (第七条: «报县财政局、县发改委备案»); a date given replaces the old one."""
    if finance_filed_on is None and ndrc_filed_on is None:
        raise XxhError("第七条：请填写报县财政局或县发改委备案的日期。")
    with ws.transaction():
        before = filing(ws, year)
        after = Filing(year, finance_filed_on or before.finance_filed_on,
                       ndrc_filed_on or before.ndrc_filed_on)
        ws.execute(
            "INSERT INTO plan_filings (year, finance_filed_on, ndrc_filed_on) VALUES (?, ?, ?) "
            "ON CONFLICT(year) DO UPDATE SET finance_filed_on = excluded.finance_filed_on, "
            "ndrc_filed_on = excluded.ndrc_filed_on",
            (year, _iso(after.finance_filed_on), _iso(after.ndrc_filed_on)))

        def as_dict(f: Filing) -> dict[str, str | None]:
            return {"财政局": _iso(f.finance_filed_on), "发改委": _iso(f.ndrc_filed_on)}

        ws.audit("年度计划备案", plan_title(year), before=as_dict(before), after=as_dict(after))
    return after


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None



@dataclass(frozen=True)
class PlanExport:
    path: Path
    rows: int
    pages: int | None = None            # PDF only
    warnings: tuple[str, ...] = ()       # characters the font lacks (PDF only)

    @property
    def summary(self) -> str:
        return f"{self.rows} 个项目" + (f"，{self.pages} 页" if self.pages else "")


def export_plan(ws: Workspace, year: int, out: str | Path, *, made_on: date | None = None) -> PlanExport:
    """Write the plan of `year` as .xlsx or .pdf (by the suffix of `out`), audited."""
    path = Path(out)
    plan = annual_plan(ws, year)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from .excel.plan import write_plan_xlsx

        write_plan_xlsx(plan, path, made_on=made_on)
        result = PlanExport(path, len(plan.rows))
    elif suffix == ".pdf":
        from .printing.plan_pdf import render_plan
        from .printing.registry import font_setting

        pdf = render_plan(plan, font_setting(ws), made_on=made_on)
        try:
            pdf.write(path)
        except OSError as exc:
            raise XxhError(f"无法写入 {path}：{exc}") from exc
        result = PlanExport(path, len(plan.rows), pdf.pages, pdf.warnings)
    else:
        raise XxhError(f"年度计划只能导出为 .xlsx 或 .pdf：{path.name}")
    ws.audit("导出年度计划", plan.title, after={"file": str(path), "rows": len(plan.rows),
                                            "investment": str(plan.totals["investment"])})
    return result
