"""What every exported sheet shares: print set-up, widths, styles, a safe save.

Print-ready means (PRODUCT.md §9): a merged title row, the unit line, a
frozen header, columns as wide as their text (a CJK character counts two),
A4 landscape, fitted to the page width, the header rows repeated on every
printed page.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import XxhError
from ..fileio import atomic_write

WAN_FORMAT = "#,##0.0000"     # 万元 to the yuan
YUAN_FORMAT = "#,##0.00"      # 元 to the fen
FONT_NAME = "宋体"             # SimSun on Windows; WPS and LibreOffice substitute a Song face
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10.5, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10.5)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
MAX_WIDTH = 30  # wider text wraps (the cells wrap) instead of shrinking the printed page


def text_width(value: object) -> int:
    """Display width in Excel character units: wide (CJK) characters count two."""
    if value is None:
        return 0
    text = format(value, ",.4f") if isinstance(value, Decimal) else str(value)
    return max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
                for line in text.splitlines() or [""]), default=0)


def wan(value: Decimal | None) -> Decimal | None:
    """万元 written to the sheet to 4 decimals (1.2E+2 would read oddly in the XML)."""
    return None if value is None else value.quantize(Decimal("0.0001"))


def title_rows(ws: Worksheet, title: str, unit_line: str, ncols: int) -> None:
    """Row 1: the merged title; row 2: «单位：万元» on the right."""
    ws.cell(row=1, column=1, value=title).font = TITLE_FONT
    ws.cell(row=1, column=1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 30
    if unit_line:
        cell = ws.cell(row=2, column=1, value=unit_line)
        cell.font = BODY_FONT
        cell.alignment = Alignment(horizontal="right", vertical="center")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)


def grid(ws: Worksheet, first_row: int, last_row: int, ncols: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=ncols):
        for cell in row:
            cell.border = GRID
            if cell.font is None or cell.font.name != FONT_NAME:
                cell.font = BODY_FONT


def fit_columns(ws: Worksheet, widths: Iterable[int], first_row: int, last_row: int,
                max_width: int = MAX_WIDTH) -> None:
    """Each column as wide as its widest cell (from `first_row`), at least `widths`, at most `max_width`."""
    for col, minimum in enumerate(widths, start=1):
        widest = max((text_width(ws.cell(row=r, column=col).value)
                      for r in range(first_row, last_row + 1)), default=0)
        ws.column_dimensions[get_column_letter(col)].width = min(max(minimum, widest + 2), max_width)


LINE_HEIGHT = 14.5  # points per line of 10.5 pt text


def fit_rows(ws: Worksheet, first_row: int, last_row: int) -> None:
    """Row heights for wrapped text, set explicitly: LibreOffice and some WPS versions
    do not grow a row for wrapped text on their own, so a long 备注 would spill."""
    for r in range(first_row, last_row + 1):
        lines = 1
        for cell in ws[r]:
            if cell.value is None or not cell.alignment or not cell.alignment.wrap_text:
                continue
            width = ws.column_dimensions[cell.column_letter].width or 10
            usable = max(1.0, width - 1.5)
            need = sum(max(1, math.ceil(text_width(line) / usable))
                       for line in str(cell.value).splitlines() or [""])
            lines = max(lines, need)
        ws.row_dimensions[r].height = lines * LINE_HEIGHT + 4


def print_setup(ws: Worksheet, header_first: int, header_last: int, *, pages_wide: int = 1,
                title_cols: str | None = None) -> None:
    """A4 landscape, fit to `pages_wide` pages wide, header rows repeated, frozen below them.

    A table too wide for one readable page (the ledger) prints two pages
    wide with its key columns (`title_cols`, e.g. "A:C") repeated on each.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = pages_wide
    if title_cols:
        ws.print_title_cols = title_cols
    ws.page_setup.fitToHeight = 0        # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.freeze_panes = ws.cell(row=header_last + 1, column=1)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "xxh-desktop"
    return wb


def save_workbook(wb: Workbook, path: str | Path) -> Path:
    """Write to a temporary name, sync, rename, then read it back (PRODUCT.md §10)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise XxhError(f"导出文件须以 .xlsx 结尾：{path}")
    atomic_write(path, wb.save)
    try:
        load_workbook(path, read_only=True).close()
    except Exception as exc:  # the read-back check: anything unreadable is a failed export
        raise XxhError(f"导出的文件 {path} 读回校验失败：{exc}") from exc
    return path
