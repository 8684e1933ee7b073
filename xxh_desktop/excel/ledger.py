"""The project ledger (台账): every project with its key fields, dates and stage, as .xlsx.

A second sheet lists the 附件2 procurement cases the office reviewed
(第五条第二款). Same print set-up as the plan; an autofilter on the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.validation import format_period
from ..procurement_review import review_rows
from . import common

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass(frozen=True)
class Column:
    title: str
    key: str
    kind: str = "text"   # text / wan / yuan / center
    min_width: int = 10


LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("序号", "seq", "center", 6),
    Column("项目编号", "number", "center", 13),
    Column("项目名称", "name", "text", 24),
    Column("建设单位", "unit", "text", 14),
    Column("预算年度", "year", "center", 8),
    Column("阶段", "stage", "center", 10),
    Column("状态", "side_state", "center", 8),
    Column("投资额", "investment", "wan", 12),
    Column("财政资金", "fund_fiscal", "wan", 12),
    Column("建设年度", "span", "center", 12),
    Column("申报日期", "declared_on", "center", 11),
    Column("审核结论", "conclusion", "center", 10),
    Column("审核意见日期", "opinion_on", "center", 11),
    Column("批准日期", "approval_date", "center", 11),
    Column("批准文号", "approval_doc_no", "text", 14),
    Column("列入计划", "plan", "center", 10),
    Column("采购方式", "procurement_method", "center", 10),
    Column("合同金额", "contract_amount", "wan", 12),
    Column("合同日期", "contract_date", "center", 11),
    Column("项目责任人", "responsible_person", "center", 10),
    Column("初验日期", "initial_acceptance_date", "center", 11),
    Column("终验日期", "final_acceptance_date", "center", 11),
    Column("绩效自评价报送", "self_eval", "center", 12),
    Column("整改期限", "rectify_deadline", "center", 11),
)
WAN_TOTALS = ("investment", "fund_fiscal", "contract_amount")

PROCUREMENT_COLUMNS: tuple[Column, ...] = (
    Column("序号", "seq", "center", 6),
    Column("申报编号", "number", "center", 13),
    Column("申请单位", "unit", "text", 16),
    Column("申报日期", "filled_on", "center", 11),
    Column("采购品目及数量", "items", "text", 28),
    Column("合计金额", "total", "yuan", 14),
    Column("状态", "status", "center", 10),
    Column("审核意见", "review_opinion", "text", 28),
    Column("审核人", "reviewed_by", "center", 8),
    Column("审核日期", "reviewed_on", "center", 11),
)
HEADER_ROW = 3


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def ledger_rows(ws: Workspace) -> list[dict[str, Any]]:
    """One dict per project, keyed by LEDGER_COLUMNS keys; amounts Decimal 万元."""
    summaries = {s.id: s for s in ws.views.summaries()}
    opinions = ws.opinions.all()
    open_rects = ws.rectifications.open_all()
    out = []
    for n, p in enumerate(ws.projects.all(), start=1):
        s = summaries[p.id]
        op = opinions.get(p.id)
        if p.plan_year:
            plan = f"{p.plan_year}年度计划"
        elif p.temp_approval_date:
            plan = "临时报批"
        else:
            plan = ""
        evals = [x for x in (p.self_eval_office_date and f"智慧办{p.self_eval_office_date.isoformat()}",
                             p.self_eval_finance_date and f"财政局{p.self_eval_finance_date.isoformat()}") if x]
        rects = open_rects.get(p.id, [])
        out.append({
            "seq": n, "number": p.number, "name": p.name, "unit": p.unit, "year": p.year, "stage": p.stage.value,
            "side_state": p.side_state.value if p.side_state else "", "investment": s.investment,
            "fund_fiscal": s.fund_fiscal, "span": format_period(s.start_month, s.end_month),
            "declared_on": _iso(s.declared_on), "conclusion": op.conclusion if op else "",
            "opinion_on": _iso(op.issued_on) if op else None, "approval_date": _iso(p.approval_date),
            "approval_doc_no": p.approval_doc_no, "plan": plan, "procurement_method": p.procurement_method,
            "contract_amount": p.contract_amount, "contract_date": _iso(p.contract_date),
            "responsible_person": p.responsible_person, "initial_acceptance_date": _iso(p.initial_acceptance_date),
            "final_acceptance_date": _iso(p.final_acceptance_date), "self_eval": "；".join(evals),
            "rectify_deadline": _iso(min(r.deadline for r in rects)) if rects else None,
        })
    return out


def ledger_totals(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {k: sum((r[k] for r in rows if r[k] is not None), Decimal(0)) for k in WAN_TOTALS}


def procurement_rows(ws: Workspace) -> list[dict[str, Any]]:
    return [{"seq": n, "number": c.number, "unit": c.applicant_unit, "filled_on": _iso(c.filled_on),
             "items": c.items_text, "total": c.total, "status": c.status.value, "review_opinion": c.review_opinion,
             "reviewed_by": c.reviewed_by, "reviewed_on": _iso(c.reviewed_on)}
            for n, c in enumerate(review_rows(ws), start=1)]


def _write_table(sheet: Any, title: str, unit_line: str, columns: tuple[Column, ...],
                 rows: list[dict[str, Any]], totals: dict[str, Decimal], total_note: str) -> None:
    ncols = len(columns)
    # A sheet printed two pages wide keeps its title on the first page.
    common.title_rows(sheet, title, unit_line, ncols if ncols <= 12 else 12)
    for col, c in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=c.title)
        cell.font = common.HEADER_FONT
        cell.alignment = common.CENTER
    r = HEADER_ROW
    for row in rows:
        r += 1
        for col, c in enumerate(columns, start=1):
            value = row.get(c.key)
            if c.kind == "wan":
                value = common.wan(value)
            elif c.kind == "yuan":
                value = None if value is None else value.quantize(Decimal("0.01"))
            elif value is None:
                value = ""
            cell = sheet.cell(row=r, column=col, value=value)
            if c.kind in ("wan", "yuan"):
                cell.number_format = common.WAN_FORMAT if c.kind == "wan" else common.YUAN_FORMAT
                cell.alignment = common.RIGHT
            else:
                cell.alignment = common.CENTER if c.kind == "center" else common.LEFT
    last_data = r
    # An autofilter over the header and the data only: the totals row stays put.
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{sheet.cell(row=max(last_data, HEADER_ROW), column=ncols).coordinate}"
    r += 1
    sheet.cell(row=r, column=1, value="合计").alignment = common.CENTER
    sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    sheet.cell(row=r, column=3, value=total_note).alignment = common.LEFT
    for col, c in enumerate(columns, start=1):
        if c.key in totals:
            cell = sheet.cell(row=r, column=col, value=totals[c.key].quantize(
                Decimal("0.0001") if c.kind == "wan" else Decimal("0.01")))
            cell.number_format = common.WAN_FORMAT if c.kind == "wan" else common.YUAN_FORMAT
            cell.alignment = common.RIGHT
    common.grid(sheet, HEADER_ROW, r, ncols)
    for cell in sheet[r]:
        cell.font = common.HEADER_FONT
    common.fit_columns(sheet, [c.min_width for c in columns], HEADER_ROW, r)
    common.fit_rows(sheet, HEADER_ROW, r)
    wide = len(columns) > 12
    common.print_setup(sheet, HEADER_ROW, HEADER_ROW, pages_wide=2 if wide else 1,
                       title_cols="A:C" if wide else None)


def write_ledger_xlsx(ws: Workspace, path: str | Path, *, made_on: date | None = None) -> Path:
    made_on = made_on or date.today()
    wb = common.new_workbook()
    sheet = wb.active
    sheet.title = "项目台账"
    rows = ledger_rows(ws)
    _write_table(sheet, "金寨县政务信息化项目台账", f"截至{made_on:%Y年%m月%d日}　　单位：万元",
                 LEDGER_COLUMNS, rows, ledger_totals(rows), f"共{len(rows)}个项目")
    sheet2 = wb.create_sheet("采购申报")
    procs = procurement_rows(ws)
    _write_table(sheet2, "金寨县行政事业单位办公电脑采购申报审核台账",
                 f"截至{made_on:%Y年%m月%d日}　　单位：元", PROCUREMENT_COLUMNS, procs,
                 {"total": sum((p["total"] for p in procs), Decimal(0))}, f"共{len(procs)}件")
    return common.save_workbook(wb, path)


def export_ledger(ws: Workspace, path: str | Path, *, made_on: date | None = None) -> Path:
    """Write the ledger .xlsx, audited as an export."""
    written = write_ledger_xlsx(ws, path, made_on=made_on)
    ws.audit_log.append("导出台账", "项目台账", after={"file": str(written), "projects": ws.projects.count()})
    return written
