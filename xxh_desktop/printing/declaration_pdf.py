"""附件1 金寨县政务信息化建设项目申报表 — one A4 page, as the regulation's table.

The grid follows the table at the end of the regulation (第五条, 附件1): the
same rows, labels and merged cells, the title printed on the attachment
itself, and the notes 说明1–3 word for word under the table. Body text is
宋体五号 (说明1); a value that does not fit steps down to 小五, and one that
does not fit even then stops the print with the field's name.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..amounts import format_wan
from ..domain.declaration import Declaration
from . import fonts
from .style import (
    MARGIN_LEFT, MARGIN_TOP, MM, PAGE_H, PAGE_W, SIHAO, TEXT_W, XIAOER, Box, Cell, Grid,
    PdfOutput, draw_grid, draw_notes, draw_stamp_area, draw_text, draw_title, finish,
    new_canvas,
)

TITLE = "金寨县政务信息化建设项目申报表"
ATTACHMENT = "附件1"
NOTES = (
    "1.本表由项目建设单位填写，主管部门盖章，字体为宋体五号字。",
    "2.每个项目的简要说明字数控制在200字。",
    "3.“建设年度”填写“202X年XX月至202X年XX月”以内。",
)
UNIT_SUFFIX = "（万元）"

# The printed labels, as in the regulation (spaces in 负 责 人 / 联 系 人 too).
LABELS = (
    "申请单位", "申报日期", "负 责 人", "联 系 人", "联系电话", "电子邮箱", "项目名称",
    "建设年度", "投资额", "资金渠道", "财政资金", "单位自筹", "银行贷款", "其它",
    "项目实施依据及主要内容", "项目主管部门意见", "（盖章）",
)

# Column widths (mm): label | sub-label | value | label | value  = 156 mm 版心.
COLS_MM = (24, 20, 44, 22, 46)
# Row heights (mm): 7 rows of fields, 实施依据, 主管部门意见 text, its stamp row.
ROWS_MM = (10, 10, 10, 10, 10, 10, 10, 48, 19, 50)


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def cn_period(start: date | None, end: date | None) -> str:
    """说明3: «202X年XX月至202X年XX月»."""
    if not start and not end:
        return ""
    left = f"{start.year}年{start.month:02d}月" if start else "　　年　　月"
    right = f"{end.year}年{end.month:02d}月" if end else "　　年　　月"
    return f"{left}至{right}"


def wan_text(value: Decimal | None) -> str:
    return format_wan(value) if value is not None else ""


def field_values(decl: Declaration) -> dict[str, str]:
    """Printed label → printed value (what the coverage check and tests look at)."""
    return {
        "申请单位": decl.applicant_unit, "申报日期": cn_date(decl.declared_on),
        "负责人": decl.leader, "联系人": decl.contact, "联系电话": decl.phone,
        "电子邮箱": decl.email, "项目名称": decl.project_name,
        "建设年度": cn_period(decl.start_month, decl.end_month),
        "投资额": wan_text(decl.investment), "财政资金": wan_text(decl.fund_fiscal),
        "单位自筹": wan_text(decl.fund_self), "银行贷款": wan_text(decl.fund_bank),
        "其它": wan_text(decl.fund_other), "项目实施依据及主要内容": decl.content,
        "项目主管部门意见": decl.dept_opinion,
    }


def _money_cell(row: int, col: int, value: str, field: str, key: str) -> Cell:
    # «（万元）» stays at the right end, the figure just before it (as on the paper form).
    text = f"{value}　{UNIT_SUFFIX}" if value else UNIT_SUFFIX
    return Cell(row, col, text, align="right", field=field, key=key, max_lines=1)


def layout_cells(decl: Declaration) -> list[Cell]:
    v = field_values(decl)
    lab = dict(align="center")
    return [
        Cell(0, 0, "申请单位", **lab), Cell(0, 1, v["申请单位"], colspan=2, field="申请单位", key="申请单位"),
        Cell(0, 3, "申报日期", **lab), Cell(0, 4, v["申报日期"], field="申报日期", key="申报日期"),
        Cell(1, 0, "负 责 人", **lab), Cell(1, 1, v["负责人"], colspan=2, field="负责人", key="负责人"),
        Cell(1, 3, "联 系 人", **lab), Cell(1, 4, v["联系人"], field="联系人", key="联系人"),
        Cell(2, 0, "联系电话", **lab), Cell(2, 1, v["联系电话"], colspan=2, field="联系电话", key="联系电话"),
        Cell(2, 3, "电子邮箱", **lab), Cell(2, 4, v["电子邮箱"], field="电子邮箱", key="电子邮箱"),
        Cell(3, 0, "项目名称", **lab), Cell(3, 1, v["项目名称"], colspan=4, field="项目名称", key="项目名称"),
        Cell(4, 0, "建设年度", **lab), Cell(4, 1, v["建设年度"], colspan=2, field="建设年度", key="建设年度"),
        Cell(4, 3, "投资额", **lab), _money_cell(4, 4, v["投资额"], "投资额（万元）", "投资额"),
        Cell(5, 0, "资金渠道", rowspan=2, **lab),
        Cell(5, 1, "财政资金", **lab), _money_cell(5, 2, v["财政资金"], "财政资金（万元）", "财政资金"),
        Cell(5, 3, "单位自筹", **lab), _money_cell(5, 4, v["单位自筹"], "单位自筹（万元）", "单位自筹"),
        Cell(6, 1, "银行贷款", **lab), _money_cell(6, 2, v["银行贷款"], "银行贷款（万元）", "银行贷款"),
        Cell(6, 3, "其它", **lab), _money_cell(6, 4, v["其它"], "其它（万元）", "其它"),
        Cell(7, 0, "项目实施\n依据及主要\n内容", **lab),
        Cell(7, 1, v["项目实施依据及主要内容"], colspan=4, valign="top",
             field="项目实施依据及主要内容", key="项目实施依据及主要内容"),
        Cell(8, 0, "项目主管\n部门意见", rowspan=2, **lab),
        Cell(8, 1, v["项目主管部门意见"], colspan=4, valign="top",
             field="项目主管部门意见", key="项目主管部门意见"),
        Cell(9, 1, "", colspan=4, key="盖章"),
    ]


def _grid() -> Grid:
    # below «附件1» (8 mm), the title (小二) and a 6 mm gap
    top = PAGE_H - MARGIN_TOP - 8 * MM - XIAOER - 6 * MM
    return Grid(MARGIN_LEFT, top, [w * MM for w in COLS_MM], [h * MM for h in ROWS_MM])


def render_declaration(decl: Declaration, font_path: str | None = None, *,
                       invariant: bool = False) -> PdfOutput:
    """附件1 as a one-page A4 PDF with the Song face embedded.

    ``font_path`` is the workspace setting ``pdf_font_path`` (None/"" = find
    one, see `fonts.resolve_font`). Raises `XxhError` if no usable font exists
    or a field does not fit at 小五; characters the font lacks come back as
    ``PdfOutput.warnings``.
    """
    font = fonts.load_font(font_path)
    texts = {label.replace(" ", ""): label for label in LABELS}
    texts.update({k: v for k, v in field_values(decl).items() if v})
    warnings = fonts.coverage_warnings(font, texts | {"标题": TITLE, "说明": "".join(NOTES)})
    name = font.name

    buf = io.BytesIO()
    c = new_canvas(buf, name, f"{TITLE} {decl.project_name}".strip(), invariant=invariant)
    x = MARGIN_LEFT
    top = PAGE_H - MARGIN_TOP
    draw_text(c, ATTACHMENT, Box(x, top - 8 * MM, 30 * MM, 8 * MM), name, field=ATTACHMENT,
              pad_x=0, pad_y=0, sizes=(SIHAO,), valign="top")
    draw_title(c, TITLE, PAGE_W / 2, top - 8 * MM - XIAOER, name, XIAOER)
    grid = _grid()
    boxes = draw_grid(c, grid, layout_cells(decl), name)
    draw_stamp_area(c, boxes["盖章"], name, date=False)
    draw_notes(c, NOTES, x, grid.bottom - 3 * MM, TEXT_W, name)
    c.showPage()
    return finish(c, buf, 1, warnings)


def cell_boxes(decl: Declaration) -> dict[str, Box]:
    """Each keyed cell's box on the page (the layout tests check text against)."""
    grid = _grid()
    return {cell.key: grid.box(cell.row, cell.col, cell.rowspan, cell.colspan)
            for cell in layout_cells(decl) if cell.key}


def write_declaration(decl: Declaration, path: str | Path, font_path: str | None = None) -> PdfOutput:
    out = render_declaration(decl, font_path)
    out.write(path)
    return out
