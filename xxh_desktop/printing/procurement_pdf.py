"""附件2 金寨县行政事业单位办公电脑采购申报表 (第五条第二款), with 续页.

The paper form has 6 item rows. More items print on 续页 with the same title,
申请单位名称/日期 line and column header, 序号 continuing and 6 rows a page;
each 续页 closes with its 本页小计, the unit's seal square and the 骑缝章
position, and the last item is followed by «以下空白» (the unused rows struck
through), so nothing can be added after stamping. The 合计金额（大写） on the
first page covers all rows, «人民币» in front (会计基础工作规范 第五十二条（四）).
A long 购置依据或理由, 单位意见 or 项目主管部门意见 continues on a text 续页.
Signatures (经办人, 单位负责人) are left blank for the pen.

Every value is 五号, never smaller: one-line fields hold what
`domain.text_limits.PROCUREMENT` / `PROCUREMENT_ITEM` allow (`capacities`
measures them on this grid). GB/T 9704's 版心 height cannot hold this form
with two 45 mm seal spaces, so the top and bottom margins are narrower; the
28 mm binding margin and the 156 mm width are the standard's.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..amounts import format_yuan, rmb_upper_prefixed
from ..domain import text_limits
from ..domain.procurement import Procurement, ProcurementItem
from . import continuation, fonts
from .linebreak import capacity, fit_lines, wrap
from .facts import footer as form_footer
from .style import (
    CELL_PAD_X, CELL_PAD_Y, LEADING, MARGIN_LEFT, MM, PAGE_H, PAGE_W, SIHAO, TEXT_W, WUHAO,
    XIAOER, Box, Cell, FittedText, Grid, PdfOutput, draw_footer, draw_grid, draw_lines, draw_seam_mark,
    draw_signature, draw_stamp_area, draw_text, draw_title, finish, lines_in, new_canvas,
    start_page,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from ..workspace import Workspace

TITLE = "金寨县行政事业单位办公电脑采购申报表"
ATTACHMENT = "附件2"
ROWS_PER_PAGE = 6
TOP = 20 * MM       # top margin (see module docstring)
BOTTOM = 15 * MM
BLANK = "以下空白"

HEADERS = ("序号", "采购品目", "规格型号", "数量", "单　价\n（元）", "金　额\n（元）")
COLS_MM = (11.5, 23, 55.5, 14, 24, 28)   # = 156 mm; 规格型号 widest (model numbers)
ROW_MM = 11.0          # every row holds two lines at 五号
LINE_MM = 11.0         # 申请单位名称 / 日期 line
DATE_MM = 49.0         # its 日期 part: «日期：　　年　　月　　日» blank for the pen
REASON_MM = 24.0       # 购置依据或理由
UNIT_MM = 60.0         # 经办人签名 / 单位意见（盖章）/ 单位负责人签名
DEPT_MM = 49.0         # 项目主管部门意见（盖章）
SIGN_STRIP_MM = 11.0   # 单位负责人签名 under the unit's seal
HANDLER_MM = 64.0      # 经办人 part of the unit row

LABELS = (
    "申请单位名称：", "日期：", "序号", "采购品目", "规格型号", "数量", "单　价", "金　额",
    "合计金额（大写）", "购置依据或理由：", "预算安排资金：", "财政专项资金：", "其他资金：",
    "经办人签名（联系电话）：", "单位意见：", "（盖章）", "单位负责人签名：",
    "项目主管部门意见（盖章）：",
)
FUND_LABELS = (("预算安排资金：", "fund_budget"), ("财政专项资金：", "fund_special"),
               ("其他资金：", "fund_other"))


@dataclass(frozen=True)
class ProcurementDoc:
    """附件2 as printed: the form and its case number (on every page of a multi-page form)."""

    procurement: Procurement
    number: str = ""
    footer: tuple[str, ...] = ()     # numbers and the unit's key fingerprint (`facts.footer`)


def procurement_doc(ws: Workspace, key: str) -> ProcurementDoc:
    case = ws.procurements.get(key)
    return ProcurementDoc(ws.procurements.form(key), case.number,
                          form_footer(ws, case.unit, case.number, case.declaration_no, "采购申报编号"))


def cn_date_blanks(d: date | None) -> str:
    """«2026年9月15日», or blanks to write by hand."""
    if d is None:
        return "　　年　　月　　日"
    return f"{d.year}年{d.month}月{d.day}日"


def item_pages(items: int) -> int:
    return 1 + max(0, math.ceil((items - ROWS_PER_PAGE) / ROWS_PER_PAGE))


def page_mark(page: int, pages: int, number: str = "") -> str:
    if pages == 1:
        return ""
    ident = f"编号：{number}　" if number else ""
    return f"{ident}{'续页　' if page > 1 else ''}第{page}页　共{pages}页"


def _yuan(v: Decimal | None) -> str:
    return format_yuan(v) if v is not None else ""


def _item_cells(row0: int, items: list[tuple[int, ProcurementItem | None]]) -> list[Cell]:
    cells = []
    for r, (seq, item) in enumerate(items, start=row0):
        f = f"第{seq}行"
        vals = ("", "", "", "", "") if item is None else (
            text_limits.one_line(item.item), text_limits.one_line(item.spec),
            "" if item.quantity is None else str(item.quantity),
            _yuan(item.unit_price), _yuan(item.amount))
        # the paper form pre-prints 序号 1–6; a 续页 numbers only the rows it uses
        number = str(seq) if item is not None or seq <= ROWS_PER_PAGE else ""
        cells += [
            Cell(r, 0, number, align="center", key=f"序号{seq}", max_lines=1),
            Cell(r, 1, vals[0], field=f"{f}采购品目", key=f"采购品目{seq}"),
            Cell(r, 2, vals[1], field=f"{f}规格型号", key=f"规格型号{seq}"),
            Cell(r, 3, vals[2], align="center", field=f"{f}数量", key=f"数量{seq}", max_lines=1),
            Cell(r, 4, vals[3], align="right", field=f"{f}单价", key=f"单价{seq}", max_lines=1),
            Cell(r, 5, vals[4], align="right", field=f"{f}金额", key=f"金额{seq}", max_lines=1),
        ]
    return cells


def _header_cells() -> list[Cell]:
    return [Cell(1, k, h, align="center") for k, h in enumerate(HEADERS)]


def _grid(rows_mm: list[float]) -> Grid:
    top = PAGE_H - TOP - 8 * MM - XIAOER - 4 * MM
    return Grid(MARGIN_LEFT, top, [w * MM for w in COLS_MM], [h * MM for h in rows_mm])


def first_page_rows() -> list[float]:
    return ([LINE_MM, ROW_MM] + [ROW_MM] * ROWS_PER_PAGE
            + [ROW_MM, REASON_MM, ROW_MM, UNIT_MM, DEPT_MM])


def continuation_rows() -> list[float]:
    """An item 续页: the line, the header, 6 rows and 本页小计."""
    return [LINE_MM, ROW_MM] + [ROW_MM] * ROWS_PER_PAGE + [ROW_MM]


def _total_text(proc: Procurement) -> str:
    if not any(i.amount is not None for i in proc.items):
        return ""
    total = proc.total
    text = f"{rmb_upper_prefixed(total)} （¥{format_yuan(total)}）"
    if len(proc.items) > ROWS_PER_PAGE:
        text += f"　含续页，共{len(proc.items)}项"
    return text


def field_values(proc: Procurement) -> dict[str, str]:
    """Printed label → value, for the coverage check."""
    out = {
        "申请单位名称": text_limits.one_line(proc.applicant_unit), "购置依据或理由": proc.reason,
        "经办人联系电话": text_limits.phone_form(proc.handler_phone),
        "单位意见": proc.unit_opinion, "项目主管部门意见": proc.dept_opinion,
    }
    for seq, item in enumerate(proc.items, start=1):
        out[f"第{seq}行采购品目"] = item.item
        out[f"第{seq}行规格型号"] = item.spec
    return out


# ---------------------------------------------------------------------- boxes


def item_boxes(page: int) -> dict[str, Box]:
    """Boxes of the item cells on ``page`` (1-based), keyed like 采购品目7 — for layout tests."""
    grid = _grid(first_page_rows() if page == 1 else continuation_rows())
    seqs = range((page - 1) * ROWS_PER_PAGE + 1, page * ROWS_PER_PAGE + 1)
    return {cell.key: grid.box(cell.row, cell.col) for cell in _item_cells(2, [(s, None) for s in seqs])}


def first_page_boxes() -> dict[str, Box]:
    grid = _grid(first_page_rows())
    n = 2 + ROWS_PER_PAGE
    return {"合计": grid.box(n, 2, 1, 4), "购置依据": grid.box(n + 1, 0, 1, 6),
            "资金": grid.box(n + 2, 0, 1, 6), "单位": grid.box(n + 3, 0, 1, 6),
            "主管部门": grid.box(n + 4, 0, 1, 6), "申请单位行": grid.box(0, 0, 1, 6)}


def _line_parts(box: Box) -> tuple[Box, Box]:
    """The 申请单位名称 part and the 日期 part of the first grid row."""
    left = Box(box.x, box.y, box.w - DATE_MM * MM, box.h)
    return left, Box(left.right, box.y, DATE_MM * MM, box.h)


def _unit_parts(box: Box) -> tuple[Box, Box, Box]:
    """The unit row: 经办人 part, the seal box (单位意见 + square), the 单位负责人 strip."""
    left = Box(box.x, box.y, HANDLER_MM * MM, box.h)
    right = Box(left.right, box.y, box.w - HANDLER_MM * MM, box.h)
    seal = Box(right.x, right.y + SIGN_STRIP_MM * MM, right.w, right.h - SIGN_STRIP_MM * MM)
    return left, seal, Box(right.x, right.y, right.w, SIGN_STRIP_MM * MM)


def _stamp_square(box: Box) -> Box:
    side = 45 * MM
    return Box(box.right - 2 * MM - side, box.y + 2 * MM, side, side)


def capacities(font_name: str) -> dict[str, int]:
    """What each one-line field's cell holds at 五号, measured on this grid with the
    font (`linebreak.capacity`): the limits of `text_limits.PROCUREMENT` and
    `PROCUREMENT_ITEM` (item fields keyed ``items.item`` …)."""
    pad = 2 * CELL_PAD_X
    boxes = first_page_boxes()
    items = item_boxes(1)
    w = lambda s: stringWidth(s, font_name, WUHAO)   # noqa: E731

    name_part, _ = _line_parts(boxes["申请单位行"])
    handler, _seal, _strip = _unit_parts(boxes["单位"])
    third = boxes["资金"].w / 3
    out = {
        "applicant_unit": capacity(name_part.w - pad - w("申请单位名称："), 2, font_name),
        "handler_phone": capacity(handler.w - pad - w("（电话：）"), 1, font_name),
        "total": capacity(items["金额1"].w - pad, 1, font_name, ascii_only=True),
    }
    for _label, name in FUND_LABELS:
        out[name] = capacity(third - pad - w("元"), 1, font_name, ascii_only=True)
    two = lines_in(items["采购品目1"].h - 2 * CELL_PAD_Y)
    out["items.item"] = capacity(items["采购品目1"].w - pad, two, font_name)
    out["items.spec"] = capacity(items["规格型号1"].w - pad, two, font_name)
    for name, key in (("quantity", "数量1"), ("unit_price", "单价1"), ("amount", "金额1")):
        out[f"items.{name}"] = capacity(items[key].w - pad, 1, font_name, ascii_only=True)
    return out


# ---------------------------------------------------------------------- drawing


def _draw_head(c: Canvas, name: str, number: str, page: int, pages: int, subtitle: str = "") -> None:
    """«附件2», the page mark and number, the title; the 骑缝 position on a multi-page form."""
    top = PAGE_H - TOP
    draw_text(c, ATTACHMENT, Box(MARGIN_LEFT, top - 8 * MM, 30 * MM, 8 * MM), name,
              field=ATTACHMENT, pad_x=0, pad_y=0, size=SIHAO, valign="top")
    mark = page_mark(page, pages, number)
    if mark:
        draw_text(c, mark, Box(MARGIN_LEFT + 30 * MM, top - 8 * MM, TEXT_W - 30 * MM, 8 * MM),
                  name, field="页码", pad_x=0, pad_y=0, align="right", valign="top")
        draw_seam_mark(c, name)
    draw_title(c, TITLE + subtitle, PAGE_W / 2, top - 8 * MM - XIAOER, name, XIAOER)


def _draw_line_row(c: Canvas, name: str, box: Box, proc: Procurement) -> None:
    """«申请单位名称：…» (two lines, the name under itself) and «日期：…»."""
    left, right = _line_parts(box)
    inner = left.inset(CELL_PAD_X, CELL_PAD_Y)
    label = "申请单位名称："
    label_w = stringWidth(label, name, WUHAO)
    unit = text_limits.one_line(proc.applicant_unit)
    lines = fit_lines(unit, name, WUHAO, inner.w - label_w, 2) if unit else [""]
    if lines is None:
        draw_text(c, label + unit, left, name, field="申请单位名称", max_lines=2)   # raises
        return
    fitted = FittedText(WUHAO, WUHAO * LEADING, (label,))
    ink = draw_lines(c, FittedText(WUHAO, WUHAO * LEADING, tuple(lines)),
                     Box(inner.x + label_w, inner.y, inner.w - label_w, inner.h), name)
    draw_lines(c, fitted, Box(inner.x, ink.top - WUHAO, label_w, WUHAO), name, valign="top")
    draw_text(c, f"日期：{cn_date_blanks(proc.filled_on)}", right, name, field="日期", max_lines=1)


def _blank_rows(c: Canvas, grid: Grid, rows: list[tuple[int, ProcurementItem | None]], row0: int,
                name: str, last_page: bool, any_items: bool) -> None:
    """«以下空白» in the first unused row after the last item, the rest struck through."""
    if not (last_page and any_items):
        return
    unused = [r for r, (_seq, item) in enumerate(rows, start=row0) if item is None]
    if not unused:
        return
    first = grid.box(unused[0], 1)
    draw_text(c, BLANK, first, name, field=BLANK, max_lines=1)
    if len(unused) > 1:
        top_left = grid.box(unused[1], 1)
        bottom_right = grid.box(unused[-1], 5)
        c.saveState()
        c.setLineWidth(0.5)
        c.line(top_left.x, top_left.top, bottom_right.right, bottom_right.y)
        c.restoreState()


def _draw_lower(c: Canvas, name: str, boxes: dict[str, Box], proc: Procurement,
                shown: dict[str, list[str]]) -> None:
    def lines_at(box: Box, lines: list[str]) -> None:
        draw_lines(c, FittedText(WUHAO, WUHAO * LEADING, tuple(lines)),
                   box.inset(CELL_PAD_X, CELL_PAD_Y), name, valign="top")

    lines_at(boxes["购置依据"], shown["购置依据或理由"])

    # three funding figures, side by side as on the form
    b = boxes["资金"]
    third = b.w / 3
    for k, (label, attr) in enumerate(FUND_LABELS):
        value = getattr(proc, attr)
        text = label + (f"{format_yuan(value)}元" if value is not None else "")
        draw_text(c, text, Box(b.x + k * third, b.y, third, b.h), name, field=label.rstrip("："),
                  max_lines=2)

    # 经办人签名（联系电话）: the line left for the pen, the typed phone under it
    handler, seal, strip = _unit_parts(boxes["单位"])
    inner = handler.inset(CELL_PAD_X, CELL_PAD_Y)
    draw_text(c, "经办人签名（联系电话）：", Box(inner.x, inner.top - 8 * MM, inner.w, 8 * MM), name,
              field="经办人签名", pad_x=0, pad_y=0, valign="top", max_lines=1)
    c.saveState()
    c.setLineWidth(0.5)
    c.line(inner.x + 4 * MM, handler.y + 26 * MM, inner.right - 4 * MM, handler.y + 26 * MM)
    c.restoreState()
    phone = text_limits.phone_form(proc.handler_phone)
    if phone:
        draw_text(c, f"（电话：{phone}）", Box(inner.x, handler.y + 12 * MM, inner.w, 9 * MM), name,
                  field="经办人联系电话", pad_x=0, pad_y=0, max_lines=1)
    square = draw_stamp_area(c, seal, name, date=True)
    lines_at(seal.left_of(square), shown["单位意见"])
    draw_signature(c, strip.x + CELL_PAD_X, strip.y + 4 * MM, "单位负责人签名", name, line_mm=40,
                   date=False)

    # 项目主管部门意见（盖章）
    b = boxes["主管部门"]
    square = draw_stamp_area(c, b, name, date=True, label="（盖章）")
    lines_at(b.left_of(square), shown["项目主管部门意见"])


def _split_long_fields(proc: Procurement, name: str) -> tuple[dict[str, list[str]], list[continuation.Continued]]:
    """What of each long field prints on page 1, and what continues on 续页."""
    boxes = first_page_boxes()
    _handler, seal, _strip = _unit_parts(boxes["单位"])
    places = (
        ("购置依据或理由", "购置依据或理由：", proc.reason, boxes["购置依据"]),
        ("单位意见", "单位意见：", proc.unit_opinion, seal.left_of(_stamp_square(seal))),
        ("项目主管部门意见", "项目主管部门意见（盖章）：", proc.dept_opinion,
         boxes["主管部门"].left_of(_stamp_square(boxes["主管部门"]))),
    )
    shown: dict[str, list[str]] = {}
    parts: list[continuation.Continued] = []
    for label, head, text, box in places:
        inner = box.inset(CELL_PAD_X, CELL_PAD_Y)
        lines, rest = continuation.split_field(text.strip("\n"), name, inner.w, inner.h, first=head)
        shown[label] = lines
        if rest:
            parts.append(continuation.Continued(label, rest))
    return shown, parts


def _draw_item_page(c: Canvas, name: str, proc: Procurement, number: str, page: int, pages: int,
                    last_item_page: int) -> None:
    items = proc.items
    first = page == 1
    seqs = range((page - 1) * ROWS_PER_PAGE + 1, page * ROWS_PER_PAGE + 1)
    rows = [(s, items[s - 1] if s <= len(items) else None) for s in seqs]
    grid = _grid(first_page_rows() if first else continuation_rows())
    _draw_head(c, name, number, page, pages, "" if first else "（续页）")
    cells = [Cell(0, 0, "", colspan=6, key="申请单位行"), *_header_cells(), *_item_cells(2, rows)]
    n = 2 + ROWS_PER_PAGE
    if first:
        cells += [
            Cell(n, 0, "合计金额（大写）", colspan=2, align="center"),
            Cell(n, 2, _total_text(proc), colspan=4, field="合计金额（大写）", key="合计", max_lines=2),
            Cell(n + 1, 0, "", colspan=6, key="购置依据"),
            Cell(n + 2, 0, "", colspan=6, key="资金"),
            Cell(n + 3, 0, "", colspan=6, key="单位"),
            Cell(n + 4, 0, "", colspan=6, key="主管部门"),
        ]
    else:
        subtotal = sum((i.amount or Decimal(0) for _s, i in rows if i is not None), Decimal("0.00"))
        cells += [Cell(n, 0, "本页小计", colspan=2, align="center"),
                  Cell(n, 2, "", colspan=3, key="小计说明"),
                  Cell(n, 5, format_yuan(subtotal), align="right", field="本页小计", key="小计",
                       max_lines=1)]
    boxes = draw_grid(c, grid, cells, name)
    _draw_line_row(c, name, boxes["申请单位行"], proc)
    _blank_rows(c, grid, rows, 2, name, page == last_item_page, bool(items))
    if not first:
        note = Box(grid.x, grid.bottom - 9 * MM, grid.width, 9 * MM)
        draw_text(c, "（续页，合计金额见第1页）", note, name, field="续页说明", pad_x=0, align="right",
                  max_lines=1)
        seal = Box(grid.x, note.y - 52 * MM, grid.width, 50 * MM)
        draw_stamp_area(c, seal, name, label="单位（盖章）", date=True)
        draw_signature(c, seal.x, seal.y + 20 * MM, "经办人签名", name, date=False)


def render_procurement(proc: Procurement, font_path: str | None = None, *, number: str = "",
                       footer: tuple[str, ...] = (), invariant: bool = False) -> PdfOutput:
    """附件2 (and its 续页) as A4 pages with the Song face embedded.

    ``font_path`` is the workspace setting ``pdf_font_path``; ``number`` the
    case's number, printed on every page of a multi-page form; ``footer`` a
    line at the foot of every page. Raises
    `XxhError` if no usable font exists or a one-line field is longer than
    its cell holds at 五号 (`text_limits`); missing glyphs come back as
    ``PdfOutput.warnings``.
    """
    font = fonts.load_font(font_path)
    name = font.name
    texts = {label: label for label in LABELS}
    texts.update({k: v for k, v in field_values(proc).items() if v})
    warnings = fonts.coverage_warnings(font, texts | {"标题": TITLE})
    shown, parts = _split_long_fields(proc, name)
    ident = tuple(wrap("　".join(x for x in (f"编号：{number}" if number else "",
                                            f"申请单位名称：{text_limits.one_line(proc.applicant_unit)}")
                                  if x), name, WUHAO, TEXT_W))
    head_bottom = PAGE_H - TOP - 8 * MM - XIAOER - 4 * MM
    ident_h = FittedText(WUHAO, WUHAO * LEADING, ident).height + 3 * MM
    text_pages = continuation.layout_pages(parts, name, TEXT_W, head_bottom - ident_h - BOTTOM)
    n_item_pages = item_pages(len(proc.items))
    pages = n_item_pages + len(text_pages)

    buf = io.BytesIO()
    c = new_canvas(buf, name, TITLE + (f" {proc.applicant_unit}" if proc.applicant_unit else ""),
                   invariant=invariant)
    for page in range(1, n_item_pages + 1):
        start_page(c, name)
        _draw_item_page(c, name, proc, number, page, pages, n_item_pages)
        if page == 1:
            _draw_lower(c, name, first_page_boxes(), proc, shown)
        draw_footer(c, footer, name)
        c.showPage()
    for page, chunks in enumerate(text_pages, start=n_item_pages + 1):
        start_page(c, name)
        _draw_head(c, name, number, page, pages, "（续页）")
        draw_lines(c, FittedText(WUHAO, WUHAO * LEADING, ident),
                   Box(MARGIN_LEFT, head_bottom - ident_h, TEXT_W, ident_h), name, valign="top")
        continuation.draw_page(c, name, chunks, MARGIN_LEFT, head_bottom - ident_h, TEXT_W)
        draw_footer(c, footer, name)
        c.showPage()
    return finish(c, buf, pages, warnings)


def write_procurement(proc: Procurement, path: str | Path, font_path: str | None = None) -> PdfOutput:
    out = render_procurement(proc, font_path)
    out.write(path)
    return out
