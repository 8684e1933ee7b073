"""The annual 建设计划 (第七条) as a print-ready .xlsx for 县财政局 and 县发改委.

Totals are written as values computed exactly in the core (`annual_plan`):
openpyxl stores a formula without its cached result, and viewers that do not
recalculate would show a blank total. Dates are written as the plan's PDF
writes them (2025年2月20日).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..annual_plan import AMOUNT_FIELDS, TEMPORARY_MARK, Plan
from . import common
from .common import Column

OFFICE = "金寨县智慧城市管理服务中心"
COLUMNS: tuple[Column, ...] = (
    Column("序号", "center", 5),
    Column("项目编号", "center", 12),
    Column("建设单位", "text", 12, 16),
    Column("项目名称", "text", 20, 28),
    Column("建设年度", "center", 12, 24),   # one line: «2026年03月至2026年12月»
    Column("投资额", "wan", 11),
    Column("财政资金", "wan", 11),
    Column("单位自筹", "wan", 11),
    Column("银行贷款", "wan", 11),
    Column("其它", "wan", 10),
    Column("备注", "text", 14, 24),
)
FUND_GROUP = "资金渠道"
FIRST_AMOUNT_COL = 6  # 投资额


def _header() -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """Two header rows: 资金渠道 spans the four channels; every other title spans both rows."""
    top: list[str | None] = [None] * len(COLUMNS)
    bottom: list[str | None] = [None] * len(COLUMNS)
    merges = []
    for col, column in enumerate(COLUMNS, start=1):
        if FIRST_AMOUNT_COL < col < FIRST_AMOUNT_COL + 5:
            bottom[col - 1] = column.title
        else:
            top[col - 1] = column.title
            merges.append((1, col, 2, col))
    top[FIRST_AMOUNT_COL] = FUND_GROUP
    merges.append((1, FIRST_AMOUNT_COL + 1, 1, FIRST_AMOUNT_COL + 4))
    return [top, bottom], merges


def _note(plan: Plan, made_on: date) -> str:
    note = f"编制单位：{OFFICE}（盖章）　　编制日期：{common.cn_date(made_on)}"
    filed = plan.filing
    if filed and (filed.finance_filed_on or filed.ndrc_filed_on):
        parts = []
        if filed.finance_filed_on:
            parts.append(f"县财政局 {common.cn_date(filed.finance_filed_on)}")
        if filed.ndrc_filed_on:
            parts.append(f"县发改委 {common.cn_date(filed.ndrc_filed_on)}")
        note += "　　备案：" + "，".join(parts)
    return note


def write_plan_xlsx(plan: Plan, path: str | Path, *, made_on: date | None = None, footer: str = "") -> Path:
    rows = [[n, row.number or None, row.unit, row.name, row.span or None,
             *(common.wan(row.amounts[f]) for f, _ in AMOUNT_FIELDS), row.note or None]
            for n, row in enumerate(plan.rows, start=1)]
    count = f"共{len(plan.rows)}个项目"
    if plan.temporary_count:
        count += f"，其中{TEMPORARY_MARK}{plan.temporary_count}个"
    total = ["合计", None, None, None, None, *(common.wan(plan.totals[f]) for f, _ in AMOUNT_FIELDS), count]
    header, merges = _header()
    return common.write_workbook(path, [(f"{plan.year}年度建设计划", common.Table(
        title=plan.title, unit_line="单位：万元", columns=COLUMNS, rows=rows, header=header,
        header_merges=merges, total=total, total_label_span=FIRST_AMOUNT_COL - 1,
        note=_note(plan, made_on or date.today()), footer=footer))])
