"""What every exported sheet shares: one print-ready table, written in one pass, and a safe save.

Print-ready means (PRODUCT.md §9): a merged title row, the unit line, a
frozen header repeated on every printed page, columns as wide as their text
(a CJK character counts two) and wrapped beyond a cap, amounts and dates
never wrapped, row heights that fit the wrapped text (up to Excel's tallest
row, 409 pt), A4 landscape fitted to one page wide, and page numbers in a
footer the bottom margin holds.

Speed (10,000 projects): the sheet is written in openpyxl's write-only mode,
row by row, in one pass; each column's cells carry one of a few named styles,
one styled cell per column serving every row. Widths and heights are measured
from the values before writing, never by reading the sheet back (openpyxl's
`ws[r]` scans the whole sheet each time: quadratic).
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import XxhError
from ..fileio import atomic_write

WAN_FORMAT = "#,##0.0000"     # 万元 to the yuan
YUAN_FORMAT = "#,##0.00"      # 元 to the fen
DATE_FORMAT = 'yyyy"年"m"月"d"日"'                 # 2025年2月20日, as the printed documents write it
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm:ss'
FONT_NAME = "宋体"             # SimSun on Windows; WPS and LibreOffice substitute a Song face
BODY_SIZE = 10.5               # 五号
TITLE_SIZE = 16
MAX_WIDTH = 30                 # wider text wraps instead of shrinking the printed page
LINE_HEIGHT = 14.5             # points per line of 五号 text
ROW_PADDING = 4                # points above and below the text of every row
MAX_ROW_HEIGHT = 409           # points: Excel's tallest row; it also leaves the row on one printed page
MAX_CELL = 32767               # Excel's limit on a cell's text (UTF-16 units); openpyxl cuts silently beyond
CUT_NOTE = "……（超出单元格容量，全文见系统内记录）"
# What XML 1.0 cannot hold (its Char production): control characters, lone surrogates,
# U+FFFE/U+FFFF. One of them in a sheet makes the whole file fail to open.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TITLE_HEIGHT = 30
FIRST_HEADER_ROW = 3           # row 1 the title, row 2 the unit line

# Bottom margin (1.9 cm) well above the footer (0.8 cm): the page numbers
# never touch the table (a 0.5″ footer in a 0.6″ margin was clipped).
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.75, "header": 0.3, "footer": 0.3}
FOOTER_TEXT = "第 &P 页，共 &N 页"

# kind → (horizontal alignment, wraps, number format, style name shown in Excel)
KINDS: dict[str, tuple[str, bool, str, str]] = {
    "text": ("left", True, "General", "表格文本"),
    "center": ("center", True, "General", "表格居中"),
    "wan": ("right", False, WAN_FORMAT, "金额万元"),
    "yuan": ("right", False, YUAN_FORMAT, "金额元"),
    "date": ("center", False, DATE_FORMAT, "日期"),
    "datetime": ("center", False, DATETIME_FORMAT, "日期时间"),
}
# What a value of a kind that never wraps is at its widest, and the room beside it:
# a bold total (SimSun has no bold face; Excel thickens the strokes) runs wider than its digits.
DATE_WIDTH = 14      # 2000年12月31日
DATETIME_WIDTH = 23  # 2000年12月31日 23:59:59
NO_WRAP_ROOM = {"wan": 2, "yuan": 2, "date": 1, "datetime": 1}

_THIN = Side(style="thin", color="000000")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def cn_date(d: date | None) -> str:
    """A date in running text, the way the printed documents write it: 2025年2月20日."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def text_width(value: object) -> int:
    """Display width in Excel character units of the widest line: wide (CJK) characters count two,
    and so do the ambiguous ones (“”、×、①), which a Song face draws full width."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and "\n" not in text:
        return len(text)
    return _wide_text_width(text)


@functools.lru_cache(maxsize=1 << 16)
def _wide_text_width(text: str) -> int:
    # A ledger measures each cell twice (column widths, row heights) and repeats its units and stages.
    return max((sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)
                for line in text.splitlines() or [""]), default=0)


def cell_text(text: str, cut_note: str = CUT_NOTE) -> str:
    """`text` as a cell can hold it: each character XML cannot hold shown as �, and text beyond
    Excel's 32,767 characters cut, ending with `cut_note` (never cut silently).

    Every text a sheet gets passes here: old records (the append-only audit log) may hold
    characters the text check now refuses."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    if len(text) <= MAX_CELL // 2:
        return text
    units = text.encode("utf-16-le")
    if len(units) <= 2 * MAX_CELL:
        return text
    # A pair of surrogates split by the cut is dropped whole ("ignore").
    return units[:2 * (MAX_CELL - len(cut_note))].decode("utf-16-le", "ignore") + cut_note


def wan(value: Decimal | None) -> Decimal | None:
    """万元 written to the sheet to 4 decimals (1.2E+2 would read oddly in the XML)."""
    return None if value is None else value.quantize(Decimal("0.0001"))


def yuan(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Column:
    """One column. Dates go in "date"/"datetime" columns only: the row's cells are
    shared by every row, and openpyxl gives a cell a date format when it is handed a date."""
    title: str
    kind: str = "text"           # a key of KINDS
    min_width: int = 8
    max_width: int = MAX_WIDTH   # for text kinds: wider text wraps
    size: float = BODY_SIZE      # font size of the body cells
    key: str = ""                # the row's field, for writers that build rows from dicts


@dataclass(frozen=True)
class Table:
    """One sheet's table. Rows and the total are value sequences in column order."""
    title: str
    unit_line: str                                   # right-aligned under the title («单位：万元»)
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    header: Sequence[Sequence[str | None]] = ()      # default: one row of the column titles
    header_merges: Sequence[tuple[int, int, int, int]] = ()  # (row, col, last row, last col) in the header, 1-based
    total: Sequence[Any] | None = None               # the 合计 row; its first cell the label
    total_label_span: int = 1                        # columns merged under the label
    note: str = ""                                   # lines under the table (编制单位…), one per line
    autofilter: bool = False                         # on the header and the data, not the totals
    body_merges: Sequence[tuple[int, int, int]] = ()  # (body row from 0, first col, last col), 1-based cols
    footer: str = ""                                 # left of the page footer (the audit chain's anchor)


class _Styles:
    """The workbook's named styles, registered on first use: one style id per kind, not per cell."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.names: dict[tuple[str, bool, float], str] = {}

    def get(self, kind: str, *, bold: bool = False, size: float = BODY_SIZE) -> str:
        key = (kind, bold, size)
        if key not in self.names:
            name = self._register(kind, bold, size)
            self.names[key] = name
        return self.names[key]

    def _register(self, kind: str, bold: bool, size: float) -> str:
        font = Font(name=FONT_NAME, size=size, bold=bold)
        if kind == "title":
            return self._add("表格标题", Font(name=FONT_NAME, size=TITLE_SIZE, bold=True),
                             Alignment(horizontal="center", vertical="center", wrap_text=True), None)
        if kind == "unit_line":
            return self._add("表格单位行", font, Alignment(horizontal="right", vertical="center"), None)
        if kind == "note":
            return self._add("表格附注", font, Alignment(horizontal="left", vertical="center", wrap_text=True), None)
        if kind == "header":
            return self._add("表头", font, Alignment(horizontal="center", vertical="center", wrap_text=True),
                             "General", border=True)
        horizontal, wraps, number_format, name = KINDS[kind]
        if bold:
            name += "（合计）"
        if size != BODY_SIZE:
            name += f"（{size:g}磅）"
        return self._add(name, font, Alignment(horizontal=horizontal, vertical="center", wrap_text=wraps),
                         number_format, border=True)

    def _add(self, name: str, font: Font, alignment: Alignment, number_format: str | None, *,
             border: bool = False) -> str:
        if name not in self.wb.named_styles:   # a second sheet of the workbook shares them
            self.wb.add_named_style(NamedStyle(
                name=name, font=font, alignment=alignment, number_format=number_format or "General",
                border=_GRID if border else Border()))
        return name


def _widest(column: Column, values: list[Any]) -> int:
    kind = column.kind
    present = [v for v in values if v is not None]
    if not present:
        return 0
    if kind in ("wan", "yuan"):
        numbers = [v for v in present if isinstance(v, (int, Decimal))]
        texts = [v for v in present if not isinstance(v, (int, Decimal))]
        width = max((text_width(t) for t in texts), default=0)
        if numbers:
            pattern = ",.4f" if kind == "wan" else ",.2f"
            width = max(width, len(format(max(numbers, key=abs), pattern))
                        + (1 if min(numbers) < 0 else 0))
        return width
    if kind in ("date", "datetime"):
        fixed = DATE_WIDTH if kind == "date" else DATETIME_WIDTH
        return max([fixed] + [text_width(v) for v in present if not isinstance(v, date)])
    return max(text_width(v) for v in present)


def column_widths(table: Table, header: Sequence[Sequence[str | None]]) -> list[int]:
    """Each column as wide as its widest value or title, within its bounds; values that never
    wrap (amounts, dates) are never cut, whatever the cap."""
    body = [list(row) for row in table.rows]
    for r, c, last in table.body_merges:   # a section title or a subtotal's label spans columns
        if last > c:
            body[r][c - 1] = None
    if table.total is not None:
        body.append([None] + list(table.total[1:]))   # the label spans columns; it does not widen one
    # A title merged across several columns (资金渠道) does not widen the first of them.
    spanning = {(r - 1, c - 1) for r, c, _, last_col in table.header_merges if last_col > c}
    widths = []
    for i, column in enumerate(table.columns):
        widest = _widest(column, [row[i] for row in body])
        titles = max((text_width(h[i]) for n, h in enumerate(header)
                      if h[i] is not None and (n, i) not in spanning), default=0)
        if KINDS[column.kind][1]:
            width = min(max(column.min_width, widest + 2, titles + 2), column.max_width)
        else:
            width = max(column.min_width, widest + NO_WRAP_ROOM[column.kind], min(titles + 2, column.max_width))
        widths.append(width)
    return widths


def _lines(value: Any, width: float, size: float) -> int:
    """Lines a wrapped cell takes at `width` (Excel character units)."""
    if not isinstance(value, str) or not value:
        return 1
    usable = max(1.0, width - 1)   # the cell's own padding
    scale = size / BODY_SIZE
    if "\n" not in value and text_width(value) * scale <= usable:
        return 1
    return sum(max(1, math.ceil(text_width(line) * scale / usable)) for line in value.splitlines() or [""])


def row_height(values: Sequence[Any], columns: Sequence[Column], widths: Sequence[float]) -> float:
    """The same formula for every row: lines × line height + padding (one-line rows all alike)."""
    height = LINE_HEIGHT
    for value, column, width in zip(values, columns, widths):
        if value is None or not KINDS[column.kind][1]:
            continue
        lines = _lines(value, width, column.size)
        if lines > 1:
            height = max(height, lines * LINE_HEIGHT * column.size / BODY_SIZE)
    return min(height + 2 * ROW_PADDING, MAX_ROW_HEIGHT)


def _range(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


def write_table(wb: Workbook, sheet_name: str, table: Table) -> None:
    """Add a sheet holding `table`, print-ready, written top to bottom in one pass."""
    sheet = wb.create_sheet(sheet_name)
    sheet._values_to_row = _cells_placed   # every row appended below is a list of this sheet's cells
    columns = table.columns
    ncols = len(columns)
    header = [list(h) for h in table.header] or [[c.title for c in columns]]
    widths = column_widths(table, header)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    header_first = FIRST_HEADER_ROW
    header_last = header_first + len(header) - 1
    sheet.freeze_panes = f"A{header_last + 1}"   # written with the sheet's top: set before any row

    _print_setup(sheet, header_first, header_last, table.footer)   # fit-to-page too is written with the top
    styles = _Styles(wb)
    row_number = 0

    def styled(style_names: Sequence[str]) -> list[WriteOnlyCell]:
        cells = [WriteOnlyCell(sheet) for _ in style_names]
        for cell, style in zip(cells, style_names):
            cell.style = style
        return cells

    def put(values: Sequence[Any], cells: list[WriteOnlyCell], height: float) -> int:
        """Append one row. A write-only sheet writes each row out at once, so the
        same styled cells serve every row: no style lookups per cell."""
        nonlocal row_number
        row_number += 1
        sheet.row_dimensions[row_number].height = height
        for cell, value in zip(cells, values):
            cell.value = cell_text(value) if isinstance(value, str) else value
            if cell.data_type == "f":   # text typed or imported is never a formula (Excel injection)
                cell.data_type = "s"
        sheet.append(cells)
        return row_number

    single = LINE_HEIGHT + 2 * ROW_PADDING
    put([table.title], styled([styles.get("title")]), TITLE_HEIGHT)
    put([table.unit_line or None], styled([styles.get("unit_line")]), single)
    header_cells = styled([styles.get("header")] * ncols)
    for titles in header:
        put(titles, header_cells, row_height(titles, [Column("", "center")] * ncols, widths))

    body_cells = styled([styles.get(c.kind, size=c.size) for c in columns])
    spans = {r: (c, last) for r, c, last in table.body_merges}
    first_body = row_number + 1
    for r, values in enumerate(table.rows):
        measured = list(widths)
        if r in spans:   # the merged cell wraps at the width of all it spans
            c, last = spans[r]
            measured[c - 1] = sum(widths[c - 1:last])
        put(values, body_cells, row_height(values, columns, measured))
    data_last = row_number

    total_row = None
    if table.total is not None:
        total_styles = [styles.get(c.kind, bold=True) for c in columns]
        total_styles[0] = styles.get("center", bold=True)
        total_row = put(table.total, styled(total_styles), row_height(table.total, columns, widths))

    merges = [(1, 1, 1, ncols), (2, 1, 2, ncols)]
    merges += [(first_body + r, c, first_body + r, last) for r, c, last in table.body_merges if last > c]
    merges += [(header_first + r - 1, c, header_first + lr - 1, lc) for r, c, lr, lc in table.header_merges]
    if total_row is not None and table.total_label_span > 1:
        merges.append((total_row, 1, total_row, table.total_label_span))
    last_row = row_number
    if table.note:
        note_cells = styled([styles.get("note")])
        put([None], note_cells, single)     # a blank line before the note
        for line in table.note.splitlines():
            last_row = put([line], note_cells, min(_lines(line, sum(widths), BODY_SIZE) * LINE_HEIGHT
                                                   + 2 * ROW_PADDING, MAX_ROW_HEIGHT))
            merges.append((last_row, 1, last_row, ncols))
    for merge in merges:
        sheet.merged_cells.add(_range(*merge))
    if table.autofilter:
        sheet.auto_filter.ref = _range(header_last, 1, max(data_last, header_last), ncols)
    sheet.print_area = _range(1, 1, last_row, ncols)


def _cells_placed(cells: Sequence[Any], row_idx: int) -> Iterator[Any]:
    """The cells of a row appended to a write-only sheet, placed in the row as they are.

    openpyxl's own `_values_to_row` takes any value: it first tries each cell as a value — a
    ValueError whose message formats the cell — and makes a new cell after each styled one,
    about a fifth of the ledger's time at 10,000 projects. What it then hands the writer for a
    row of cells is these same cells, numbered; should openpyxl rename the method, its own
    slower path writes the same file (tests/core/test_excel_cells_placed.py compares them)."""
    for col_idx, cell in enumerate(cells, 1):
        cell.column = col_idx
        cell.row = row_idx
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        yield cell


def _print_setup(sheet: Any, header_first: int, header_last: int, footer: str = "") -> None:
    """A4 landscape, one page wide and as many tall as needed, header rows repeated, page numbers."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    for side, inches in MARGINS.items():
        setattr(sheet.page_margins, side, inches)
    sheet.print_title_rows = f"{header_first}:{header_last}"
    sheet.oddFooter.center.text = FOOTER_TEXT
    sheet.oddFooter.center.font = f"{FONT_NAME},Regular"
    sheet.oddFooter.center.size = 9
    if footer:
        sheet.oddFooter.left.text = footer
        sheet.oddFooter.left.font = f"{FONT_NAME},Regular"
        sheet.oddFooter.left.size = 7


def _save(wb: Workbook, target: Path) -> None:
    """`Workbook.save`, but the zip archive is closed when writing fails (a full disk): left to the
    garbage collector, it would try to flush again and print «Exception ignored in ZipFile.__del__»
    with a traceback after the clear message."""
    archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(wb, archive).save()
    except BaseException:
        with contextlib.suppress(OSError, ValueError):
            archive.close()   # the file is let go of even when its last bytes cannot be written
        raise


def write_workbook(path: str | Path, sheets: Sequence[tuple[str, Table]]) -> Path:
    """Write one sheet per (name, table) to `path`: a temporary name, synced, renamed,
    then read back (PRODUCT.md §10).

    The read-back checks every member's CRC, so every byte written is read
    again. (openpyxl's own reader would parse each whole sheet only to find its
    size, which a write-only sheet does not record: a third of the time.)"""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise XxhError(f"导出文件须以 .xlsx 结尾：{path}")
    wb = Workbook(write_only=True)
    wb.properties.creator = "xxh-desktop"
    try:
        for name, table in sheets:
            write_table(wb, name, table)
        atomic_write(path, functools.partial(_save, wb))
    except BaseException:
        # A write-only sheet streams into a temporary file: close what is still open.
        for sheet in wb.worksheets:
            if not sheet.closed:
                sheet.close()
        raise
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            complete = "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise XxhError(f"导出的文件 {path} 读回校验失败：{exc}") from exc
    if bad is not None or not complete:
        raise XxhError(f"导出的文件 {path} 读回校验失败：{bad or '缺少工作簿'} 已损坏，请换一个位置重新导出。")
    return path
