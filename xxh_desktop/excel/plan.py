"""The annual 建设计划 (第七条) as a print-ready .xlsx for 县财政局 and 县发改委.

Totals are written as values computed exactly in the core (`annual_plan`):
openpyxl stores a formula without its cached result, and viewers that do not
recalculate would show a blank total.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ..annual_plan import AMOUNT_FIELDS, TEMPORARY_MARK, Plan
from . import common

OFFICE = "金寨县智慧城市管理服务中心"
HEADERS = ("序号", "项目编号", "建设单位", "项目名称", "建设年度",
           "投资额", "财政资金", "单位自筹", "银行贷款", "其它", "备注")
MIN_WIDTHS = (6, 13, 14, 24, 12, 12, 12, 12, 12, 10, 14)
FUND_GROUP = "资金渠道"
HEADER_FIRST, HEADER_LAST = 3, 4
FIRST_AMOUNT_COL = 6  # 投资额


def write_plan_xlsx(plan: Plan, path: str | Path, *, made_on: date | None = None) -> Path:
    wb = common.new_workbook()
    ws = wb.active
    ws.title = f"{plan.year}年度建设计划"
    ncols = len(HEADERS)
    common.title_rows(ws, plan.title, "单位：万元", ncols)

    # Two header rows: 资金渠道 spans the four channels; the other titles span both rows.
    for col, title in enumerate(HEADERS, start=1):
        if FIRST_AMOUNT_COL < col < FIRST_AMOUNT_COL + 5:
            ws.cell(row=HEADER_LAST, column=col, value=title)
        else:
            ws.cell(row=HEADER_FIRST, column=col, value=title)
            ws.merge_cells(start_row=HEADER_FIRST, start_column=col, end_row=HEADER_LAST, end_column=col)
    ws.cell(row=HEADER_FIRST, column=FIRST_AMOUNT_COL + 1, value=FUND_GROUP)
    ws.merge_cells(start_row=HEADER_FIRST, start_column=FIRST_AMOUNT_COL + 1,
                   end_row=HEADER_FIRST, end_column=FIRST_AMOUNT_COL + 4)
    for row in ws.iter_rows(min_row=HEADER_FIRST, max_row=HEADER_LAST, max_col=ncols):
        for cell in row:
            cell.font = common.HEADER_FONT
            cell.alignment = common.CENTER

    r = HEADER_LAST
    for n, row in enumerate(plan.rows, start=1):
        r += 1
        values = (n, row.number, row.unit, row.name, row.span,
                  *(common.wan(row.amounts[f]) for f, _ in AMOUNT_FIELDS), row.note)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if FIRST_AMOUNT_COL <= col < FIRST_AMOUNT_COL + 5:
                cell.number_format = common.WAN_FORMAT
                cell.alignment = common.RIGHT
            elif col in (1, 2, 5):
                cell.alignment = common.CENTER
            else:
                cell.alignment = common.LEFT

    r += 1
    ws.cell(row=r, column=1, value="合计").alignment = common.CENTER
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=FIRST_AMOUNT_COL - 1)
    for i, (f, _) in enumerate(AMOUNT_FIELDS):
        cell = ws.cell(row=r, column=FIRST_AMOUNT_COL + i, value=common.wan(plan.totals[f]))
        cell.number_format = common.WAN_FORMAT
        cell.alignment = common.RIGHT
    count = f"共{len(plan.rows)}个项目"
    if plan.temporary_count:
        count += f"，其中{TEMPORARY_MARK}{plan.temporary_count}个"
    ws.cell(row=r, column=ncols, value=count).alignment = common.LEFT
    for cell in ws[r]:
        cell.font = common.HEADER_FONT
    total_row = r

    common.grid(ws, HEADER_FIRST, total_row, ncols)
    common.fit_columns(ws, MIN_WIDTHS, HEADER_LAST, total_row)
    common.fit_rows(ws, HEADER_LAST + 1, total_row)

    r += 2
    made_on = made_on or date.today()
    filed = plan.filing
    note = f"编制单位：{OFFICE}（盖章）　　编制日期：{made_on:%Y年%m月%d日}"
    if filed and (filed.finance_filed_on or filed.ndrc_filed_on):
        parts = []
        if filed.finance_filed_on:
            parts.append(f"县财政局 {filed.finance_filed_on:%Y年%m月%d日}")
        if filed.ndrc_filed_on:
            parts.append(f"县发改委 {filed.ndrc_filed_on:%Y年%m月%d日}")
        note += "　　备案：" + "，".join(parts)
    cell = ws.cell(row=r, column=1, value=note)
    cell.font = common.BODY_FONT
    cell.alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    ws.row_dimensions[r].height = 24

    common.print_setup(ws, HEADER_FIRST, HEADER_LAST)
    ws.print_area = f"A1:{get_column_letter(ncols)}{r}"
    return common.save_workbook(wb, path)

