"""附件2 金寨县行政事业单位办公电脑采购申报表 (第五条第二款), with 续页.

The paper form has 6 item rows. More items print on continuation pages
(续页) with the same title, 申请单位名称/日期 line and column header, 序号
continuing and 6 rows a page (like the form itself); every page is marked
«第1页 共3页» / «续页 第2页 共3页», and the 合计金额（大写） on the first page
covers all rows.

GB/T 9704's 版心 height (225 mm) cannot hold this form with a 45 mm seal
space twice, so the top and bottom margins are narrower; the side margins
and the 156 mm width are the standard's.
"""

from __future__ import annotations

import io
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..amounts import format_yuan
from ..domain.procurement import Procurement, ProcurementItem
from . import fonts
from .style import (
    MARGIN_LEFT, MM, PAGE_H, PAGE_W, WUHAO, XIAOER, Box, Cell, Grid, PdfOutput,
    draw_grid, draw_signature, draw_stamp_area, draw_text, draw_title, finish, new_canvas,
    start_page,
)

TITLE = "金寨县行政事业单位办公电脑采购申报表"
ATTACHMENT = "附件2"
ROWS_PER_PAGE = 6
TOP = 22 * MM       # top margin (see module docstring)

HEADERS = ("序号", "采购品目", "规格型号", "数量", "单　价\n（元）", "金　额\n（元）")
COLS_MM = (12, 30, 48, 12, 25, 29)   # = 156 mm
ROW_MM = 10.0
HEAD_MM = 11.0
LINE_MM = 9.0          # 申请单位名称 / 日期 line
TOTAL_MM = 10.0        # 合计金额（大写）
REASON_MM = 26.0       # 购置依据或理由
FUNDS_MM = 9.0         # 预算安排资金 / 财政专项资金 / 其他资金
UNIT_MM = 62.0         # 经办人签名 / 单位意见（盖章）/ 单位负责人签名
DEPT_MM = 52.0         # 项目主管部门意见（盖章）

LABELS = (
    "申请单位名称：", "日期：", "序号", "采购品目", "规格型号", "数量", "单　价", "金　额",
    "合计金额（大写）", "购置依据或理由：", "预算安排资金：", "财政专项资金：", "其他资金：",
    "经办人签名（联系电话）：", "单位意见：", "（盖章）", "单位负责人签名：",
    "项目主管部门意见（盖章）：",
)


def cn_date_blanks(d: date | None) -> str:
    """«2026 年 9 月 15 日», or blanks to write by hand."""
    if d is None:
        return "　　　年　　月　　日"
    return f"{d.year}年{d.month}月{d.day}日"


def page_count(items: int) -> int:
    return 1 + max(0, math.ceil((items - ROWS_PER_PAGE) / ROWS_PER_PAGE))


def page_mark(page: int, pages: int) -> str:
    if pages == 1:
        return ""
    return f"{'续页　' if page > 1 else ''}第{page}页　共{pages}页"


def _yuan(v: Decimal | None) -> str:
    return format_yuan(v) if v is not None else ""


def _item_cells(row0: int, items: list[tuple[int, ProcurementItem | None]]) -> list[Cell]:
    cells = []
    for r, (seq, item) in enumerate(items, start=row0):
        f = f"第{seq}行"
        vals = ("", "", "", "", "") if item is None else (
            item.item, item.spec, "" if item.quantity is None else str(item.quantity),
            _yuan(item.unit_price), _yuan(item.amount))
        # the paper form pre-prints 序号 1–6; a 续页 numbers only the rows it uses
        number = str(seq) if item is not None or seq <= ROWS_PER_PAGE else ""
        cells += [
            Cell(r, 0, number, align="center", key=f"序号{seq}"),
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
    top = PAGE_H - TOP - 8 * MM - XIAOER - 5 * MM
    return Grid(MARGIN_LEFT, top, [w * MM for w in COLS_MM], [h * MM for h in rows_mm])


def first_page_rows() -> list[float]:
    return ([LINE_MM, HEAD_MM] + [ROW_MM] * ROWS_PER_PAGE
            + [TOTAL_MM, REASON_MM, FUNDS_MM, UNIT_MM, DEPT_MM])


def _total_text(proc: Procurement) -> str:
    from ..amounts import rmb_upper

    if not any(i.amount is not None for i in proc.items):
        return ""
    total = proc.total
    text = f"{rmb_upper(total)}　（¥{format_yuan(total)}）"
    if len(proc.items) > ROWS_PER_PAGE:
        text += f"　含续页，共{len(proc.items)}项"
    return text


def field_values(proc: Procurement) -> dict[str, str]:
    """Printed label → value, for the coverage check."""
    out = {
        "申请单位名称": proc.applicant_unit, "购置依据或理由": proc.reason,
        "经办人签名（联系电话）": " ".join(x for x in (proc.handler, proc.handler_phone) if x),
        "单位意见": proc.unit_opinion, "单位负责人签名": proc.unit_leader,
        "项目主管部门意见": proc.dept_opinion,
    }
    for seq, item in enumerate(proc.items, start=1):
        out[f"第{seq}行采购品目"] = item.item
        out[f"第{seq}行规格型号"] = item.spec
    return out


def _draw_head(c, name: str, proc: Procurement, grid: Grid, page: int, pages: int) -> None:
    """«附件2», the title, the 申请单位名称/日期 line (grid row 0 is drawn by the grid)."""
    top = PAGE_H - TOP
    draw_text(c, ATTACHMENT, Box(MARGIN_LEFT, top - 8 * MM, 30 * MM, 8 * MM), name,
              field=ATTACHMENT, pad_x=0, pad_y=0, sizes=(14.0,), valign="top")
    mark = page_mark(page, pages)
    if mark:
        draw_text(c, mark, Box(PAGE_W - MARGIN_LEFT - 60 * MM, top - 8 * MM, 60 * MM + 2 * MM, 8 * MM),
                  name, field="页码", pad_x=0, pad_y=0, sizes=(WUHAO,), align="right", valign="top")
    draw_title(c, TITLE, PAGE_W / 2, top - 8 * MM - XIAOER, name, XIAOER)


def _line_row(c, name: str, box: Box, proc: Procurement) -> None:
    left = Box(box.x, box.y, box.w * 0.62, box.h)
    right = Box(box.x + box.w * 0.62, box.y, box.w * 0.38, box.h)
    draw_text(c, f"申请单位名称：{proc.applicant_unit}", left, name, field="申请单位名称", max_lines=1)
    draw_text(c, f"日期：{cn_date_blanks(proc.filled_on)}", right, name, field="日期", max_lines=1)


def render_procurement(proc: Procurement, font_path: str | None = None, *,
                       invariant: bool = False) -> PdfOutput:
    """附件2 (and its 续页) as A4 pages with the Song face embedded.

    ``font_path`` is the workspace setting ``pdf_font_path``. Raises
    `XxhError` if no usable font exists or a field does not fit at 小五;
    missing glyphs come back as ``PdfOutput.warnings``.
    """
    font = fonts.load_font(font_path)
    name = font.name
    texts = {label: label for label in LABELS}
    texts.update({k: v for k, v in field_values(proc).items() if v})
    warnings = fonts.coverage_warnings(font, texts | {"标题": TITLE})
    total_text = _total_text(proc)   # before drawing: a bad amount stops here

    items = list(proc.items)
    pages = page_count(len(items))
    buf = io.BytesIO()
    c = new_canvas(buf, name, TITLE + (f" {proc.applicant_unit}" if proc.applicant_unit else ""),
                   invariant=invariant)

    for page in range(1, pages + 1):
        start_page(c, name)
        first = page == 1
        seqs = range((page - 1) * ROWS_PER_PAGE + 1, page * ROWS_PER_PAGE + 1)
        rows = [(s, items[s - 1] if s <= len(items) else None) for s in seqs]
        rows_mm = first_page_rows() if first else [LINE_MM, HEAD_MM] + [ROW_MM] * ROWS_PER_PAGE
        grid = _grid(rows_mm)
        _draw_head(c, name, proc, grid, page, pages)
        cells = [Cell(0, 0, "", colspan=6, key="申请单位行"), *_header_cells(), *_item_cells(2, rows)]
        n = 2 + ROWS_PER_PAGE
        if first:
            cells += [
                Cell(n, 0, "合计金额（大写）", colspan=2, align="center"),
                Cell(n, 2, total_text, colspan=4, field="合计金额（大写）", key="合计", max_lines=1),
                Cell(n + 1, 0, "", colspan=6, key="购置依据"),
                Cell(n + 2, 0, "", colspan=6, key="资金"),
                Cell(n + 3, 0, "", colspan=6, key="单位"),
                Cell(n + 4, 0, "", colspan=6, key="主管部门"),
            ]
        boxes = draw_grid(c, grid, cells, name)
        _line_row(c, name, boxes["申请单位行"], proc)
        if first:
            _draw_lower(c, name, boxes, proc)
        else:
            draw_text(c, "（续页，合计金额见第1页）", Box(grid.x, grid.bottom - 8 * MM, grid.width, 8 * MM),
                      name, field="续页说明", pad_x=0, align="right")
        c.showPage()
    return finish(c, buf, pages, warnings)


def _draw_lower(c, name: str, boxes: dict[str, Box], proc: Procurement) -> None:
    # 购置依据或理由: the label, then the text after it
    b = boxes["购置依据"]
    draw_text(c, "购置依据或理由：" + proc.reason, b, name, field="购置依据或理由", valign="top")

    # three funding figures, side by side as on the form
    b = boxes["资金"]
    third = b.w / 3
    for k, (label, value) in enumerate((("预算安排资金：", proc.fund_budget),
                                        ("财政专项资金：", proc.fund_special),
                                        ("其他资金：", proc.fund_other))):
        text = label + (f"{format_yuan(value)}元" if value is not None else "")
        draw_text(c, text, Box(b.x + k * third, b.y, third, b.h), name,
                  field=label.rstrip("："), max_lines=1)

    # 经办人签名（联系电话） | 单位意见（盖章） over 单位负责人签名
    b = boxes["单位"]
    split = 64 * MM
    left = Box(b.x, b.y, split, b.h)
    right = Box(b.x + split, b.y, b.w - split, b.h)
    sign_strip = 11 * MM
    draw_text(c, "经办人签名（联系电话）：", Box(left.x, left.top - 9 * MM, left.w, 9 * MM), name,
              field="经办人签名", max_lines=1, valign="top")
    handler = "　".join(x for x in (proc.handler, f"（{proc.handler_phone}）" if proc.handler_phone else "") if x)
    if handler:
        draw_text(c, handler, Box(left.x, left.top - 19 * MM, left.w, 10 * MM), name,
                  field="经办人签名（联系电话）", max_lines=2)
    stamp_box = Box(right.x, right.y + sign_strip, right.w, right.h - sign_strip)
    square = draw_stamp_area(c, stamp_box, name, date=True)
    opinion_box = stamp_box.left_of(square)
    draw_text(c, "单位意见：" + proc.unit_opinion, opinion_box, name, field="单位意见", valign="top")
    draw_signature(c, right.x + 1.8 * MM, right.y + 4 * MM, "单位负责人签名", name,
                   value=proc.unit_leader, line_mm=40, date=False)

    # 项目主管部门意见（盖章）
    b = boxes["主管部门"]
    square = draw_stamp_area(c, b, name, date=True, label="（盖章）")
    draw_text(c, "项目主管部门意见（盖章）：" + proc.dept_opinion, b.left_of(square), name,
              field="项目主管部门意见", valign="top")


def item_boxes(page: int) -> dict[str, Box]:
    """Boxes of the item cells on ``page`` (1-based), keyed like 采购品目7 — for layout tests."""
    grid = _grid(first_page_rows() if page == 1 else [LINE_MM, HEAD_MM] + [ROW_MM] * ROWS_PER_PAGE)
    seqs = range((page - 1) * ROWS_PER_PAGE + 1, page * ROWS_PER_PAGE + 1)
    return {cell.key: grid.box(cell.row, cell.col) for cell in _item_cells(2, [(s, None) for s in seqs])}


def first_page_boxes() -> dict[str, Box]:
    grid = _grid(first_page_rows())
    n = 2 + ROWS_PER_PAGE
    return {"合计": grid.box(n, 2, 1, 4), "购置依据": grid.box(n + 1, 0, 1, 6),
            "资金": grid.box(n + 2, 0, 1, 6), "单位": grid.box(n + 3, 0, 1, 6),
            "主管部门": grid.box(n + 4, 0, 1, 6), "申请单位行": grid.box(0, 0, 1, 6)}


def write_procurement(proc: Procurement, path: str | Path, font_path: str | None = None) -> PdfOutput:
    out = render_procurement(proc, font_path)
    out.write(path)
    return out
