"""The project ledger (台账): every project with its key fields, dates and stage, as .xlsx.

A second sheet lists the 附件2 procurement cases the office reviewed
(第五条第二款), a third the 项目调整 (第十五条); the 标记 column carries each
project's marks (逾期申报, 自评价逾期报送, 调整 …: `flags.py`). Same print set-up as the plan (one page wide); dates are
Excel dates shown the Chinese way; an autofilter on the header.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import authority
from ..domain.validation import format_period
from ..flags import all_flags
from ..procurement_review import review_rows
from . import common

if TYPE_CHECKING:
    from ..workspace import Workspace

Column = common.Column
LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("序号", "center", 5, key="seq"),
    Column("项目编号", "center", 12, key="number"),
    Column("项目名称", "text", 16, 20, key="name"),
    Column("建设单位", "text", 10, 12, key="unit"),
    Column("预算\n年度", "center", 6, 6, key="year"),
    Column("阶段", "center", 8, 10, key="stage"),
    Column("状态", "center", 6, 10, key="side_state"),
    Column("投资额", "wan", 10, key="investment"),
    Column("财政资金", "wan", 10, key="fund_fiscal"),
    Column("建设年度", "center", 12, 13, key="span"),
    Column("申报日期", "date", key="declared_on"),
    Column("审核\n结论", "center", 6, 8, key="conclusion"),
    Column("审核意见日期", "date", key="opinion_on"),
    Column("批准日期", "date", key="approval_date"),
    Column("批准文号", "text", 10, 19, key="approval_doc_no"),
    Column("列入计划", "center", 8, 14, key="plan"),
    Column("采购\n方式", "center", 6, 8, key="procurement_method"),
    Column("合同金额", "wan", 10, key="contract_amount"),
    Column("合同日期", "date", key="contract_date"),
    Column("项目\n责任人", "center", 6, 8, key="responsible_person"),
    Column("初验日期", "date", key="initial_acceptance_date"),
    Column("终验日期", "date", key="final_acceptance_date"),
    Column("投入运行", "date", key="operation_started_on"),          # 第十八条
    Column("自评价报智慧办", "date", key="self_eval_office_date"),   # 第十八条
    Column("自评价报财政局", "date", key="self_eval_finance_date"),
    Column("整改期限", "date", key="rectify_deadline"),              # 第二十条
    Column("标记", "text", 12, 24, key="flags"),                     # flags.py: 第五条、第十五条、第十八条 …
)
WAN_TOTALS = ("investment", "fund_fiscal", "contract_amount")
DATE_KEYS = tuple(c.key for c in LEDGER_COLUMNS if c.kind == "date")

PROCUREMENT_COLUMNS: tuple[Column, ...] = (
    Column("序号", "center", 5, key="seq"),
    Column("申报编号", "center", 12, key="number"),
    Column("申请单位", "text", 12, 16, key="unit"),
    Column("申报日期", "date", key="filled_on"),
    Column("采购品目及数量", "text", 20, 28, key="items"),
    Column("合计金额", "yuan", 12, key="total"),
    Column("状态", "center", 8, 10, key="status"),
    Column("审核意见", "text", 20, 28, key="review_opinion"),
    Column("审核人", "center", 6, 8, key="reviewed_by"),
    Column("审核日期", "date", key="reviewed_on"),
)


def ledger_rows(ws: Workspace) -> list[dict[str, Any]]:
    """One dict per project, keyed by LEDGER_COLUMNS keys; amounts Decimal 万元, dates `date`.

    The ledger's one read of the workspace (through the owners: one query each)."""
    summaries = {s.id: s for s in ws.views.summaries()}
    opinions = ws.opinions.all()
    flags = all_flags(ws)
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
            plan = None
        rects = open_rects.get(p.id, [])
        out.append({
            "seq": n, "number": p.label, "name": p.name, "unit": p.unit, "year": p.year, "stage": p.stage.value,
            "side_state": p.side_state.value if p.side_state else None, "investment": s.investment,
            "fund_fiscal": s.fund_fiscal, "span": format_period(s.start_month, s.end_month) or None,
            "declared_on": s.declared_on, "conclusion": op.conclusion if op else None,
            "opinion_on": op.issued_on if op else None, "approval_date": p.approval_date,
            "approval_doc_no": p.approval_doc_no or None, "plan": plan,
            "procurement_method": p.procurement_method or None, "contract_amount": p.contract_amount,
            "contract_date": p.contract_date, "responsible_person": p.responsible_person or None,
            "initial_acceptance_date": p.initial_acceptance_date, "final_acceptance_date": p.final_acceptance_date,
            "operation_started_on": p.operation_started_on,
            "flags": "；".join(f.short for f in flags[p.id]) or None,
            "self_eval_office_date": p.self_eval_office_date, "self_eval_finance_date": p.self_eval_finance_date,
            "rectify_deadline": min(r.deadline for r in rects) if rects else None,
        })
    return out


ADJUSTMENT_COLUMNS: tuple[Column, ...] = (
    Column("序号", "center", 5, key="seq"),
    Column("项目编号", "center", 12, key="number"),
    Column("项目名称", "text", 16, 22, key="name"),
    Column("调整类别", "center", 8, 8, key="kind"),
    Column("调整内容", "text", 20, 30, key="content"),
    Column("调整后投资额", "wan", 10, key="new_investment"),
    Column("申请日期", "date", key="requested_on"),
    Column("县政府批准", "date", key="county_approved_on"),
    Column("县智慧办备案", "date", key="office_filed_on"),
    Column("状态", "center", 8, 12, key="state"),
)


def adjustment_rows(ws: Workspace) -> list[dict[str, Any]]:
    """第十五条: every adjustment of every project, by project number."""
    projects = {p.id: p for p in ws.projects.all()}
    rows = []
    for pid, adjustments in sorted(ws.adjustments.all().items(), key=lambda kv: projects[kv[0]].number):
        for a in adjustments:
            rows.append({"seq": len(rows) + 1, "number": projects[pid].number, "name": projects[pid].name,
                         "kind": a.kind or None, "content": a.content, "new_investment": a.new_investment,
                         "requested_on": a.requested_on, "county_approved_on": a.county_approved_on,
                         "office_filed_on": a.office_filed_on, "state": a.state})
    return rows


def ledger_totals(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {k: sum((r[k] for r in rows if r[k] is not None), Decimal(0)) for k in WAN_TOTALS}


def procurement_rows(ws: Workspace) -> list[dict[str, Any]]:
    """The office's 附件2 cases (`review_rows`), amounts Decimal 元, dates `date`."""
    return [{"seq": n, "number": c.number, "unit": c.applicant_unit, "filled_on": c.filled_on,
             "items": c.items_text or None, "total": c.total, "status": c.status.value,
             "review_opinion": c.review_opinion or None, "reviewed_by": c.reviewed_by or None,
             "reviewed_on": c.reviewed_on}
            for n, c in enumerate(review_rows(ws), start=1)]


def _table(title: str, unit_line: str, columns: tuple[Column, ...], rows: list[dict[str, Any]],
           totals: dict[str, Decimal], total_note: str, footer: str) -> common.Table:
    amount = {"wan": common.wan, "yuan": common.yuan}

    def value(row: dict[str, Any], column: Column) -> Any:
        v = row.get(column.key)
        if column.kind in amount:
            return amount[column.kind](v)
        return None if v == "" else v   # "" would be written as an empty inline string

    total: list[Any] = ["合计", None, total_note] + [None] * (len(columns) - 3)
    for i, c in enumerate(columns):
        if c.key in totals:
            total[i] = amount[c.kind](totals[c.key])
    return common.Table(title=title, unit_line=unit_line, columns=columns,
                        rows=[[value(r, c) for c in columns] for r in rows],
                        total=total, total_label_span=2, autofilter=True, footer=footer)


def write_ledger_xlsx(ws: Workspace, path: str | Path, *, made_on: date | None = None) -> Path:
    authority.require_document(ws.actor, "台账")
    made_on = made_on or date.today()
    anchor = ws.audit_log.head().printed   # the audit chain's head, printed: an anchor outside the database
    as_of = f"截至{common.cn_date(made_on)}"
    rows = ledger_rows(ws)
    procs = procurement_rows(ws)
    adjustments = adjustment_rows(ws)
    return common.write_workbook(path, [
        ("项目台账", _table("金寨县政务信息化项目台账", f"{as_of}　　单位：万元", LEDGER_COLUMNS, rows,
                           ledger_totals(rows), f"共{len(rows)}个项目", anchor)),
        ("采购申报", _table("金寨县行政事业单位办公电脑采购申报审核台账", f"{as_of}　　单位：元",
                           PROCUREMENT_COLUMNS, procs, {"total": sum((p["total"] for p in procs), Decimal(0))},
                           f"共{len(procs)}件", anchor)),
        ("项目调整", _table("金寨县政务信息化项目调整台账（第十五条）", f"{as_of}　　单位：万元", ADJUSTMENT_COLUMNS,
                           adjustments, {}, f"共{len(adjustments)}项", anchor)),
    ])


def export_ledger(ws: Workspace, path: str | Path, *, made_on: date | None = None) -> Path:
    """Write the ledger .xlsx, audited as an export."""
    written = write_ledger_xlsx(ws, ws.check_output(path), made_on=made_on)
    ws.audit_log.append("导出台账", "项目台账", after={"file": str(written), "projects": ws.projects.count()})
    return written
