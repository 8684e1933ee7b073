"""附件1 金寨县政务信息化建设项目申报表 — one A4 page, as the regulation's table, and its 续页.

The grid follows the table at the end of the regulation (第五条, 附件1): the
same rows, labels and merged cells, the title printed on the attachment
itself, and the notes 说明1–3 word for word under the table. Every value is
宋体五号 (说明1), never smaller: a one-line field holds what
`domain.text_limits.DECLARATION` allows (measured on this grid by
`capacities`), and the two long fields (项目实施依据及主要内容,
项目主管部门意见) continue on a 续页 when their cell is full (`continuation`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..amounts import format_wan
from ..domain import text_limits
from ..domain.declaration import Declaration
from . import continuation, fonts
from .linebreak import capacity, wrap
from .facts import footer as form_footer
from .style import (
    CELL_PAD_X, CELL_PAD_Y, LEADING, MARGIN_LEFT, MARGIN_TOP, MM, PAGE_H, PAGE_W, SIHAO, TEXT_W, WUHAO,
    XIAOER, Box, Cell, FittedText, Grid, PdfOutput, cn_date, draw_footer, draw_grid, draw_lines, draw_notes,
    draw_seam_mark, draw_stamp_area, draw_text, draw_title, finish, lines_in, new_canvas,
    start_page,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

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

# Column widths (mm): label | sub-label | value | label | value = 156 mm 版心.
# The right value column is the widest: it holds the e-mail address on one line.
COLS_MM = (23, 19, 40, 19, 55)
# Row heights (mm): 7 rows of two-line fields, 实施依据, 主管部门意见 text, its stamp row.
ROWS_MM = (11, 11, 11, 11, 11, 11, 11, 41, 19, 50)
LONG_FIELDS = ("项目实施依据及主要内容", "项目主管部门意见")
HEAD_H = 8 * MM + XIAOER + 6 * MM      # «附件1», the title, a gap
CONT_BOTTOM = 30 * MM                   # bottom margin of a 续页


@dataclass(frozen=True)
class DeclarationDoc:
    """附件1 as printed: the form and the project's number (on a 续页)."""

    declaration: Declaration
    number: str = ""
    footer: tuple[str, ...] = ()     # numbers and the unit's key fingerprint (`facts.footer`)


def declaration_doc(ws: Workspace, key: str) -> DeclarationDoc:
    project = ws.projects.get(key)
    return DeclarationDoc(ws.declarations.get(project.id), project.number,
                          form_footer(ws, project.unit, project.number, project.declaration_no, "项目编号"))


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
    """Printed label → printed value (what the coverage check and tests look at).

    One-line fields print on one line of text (line breaks become spaces);
    phone and e-mail print in the form their check read them in (NFKC,
    the phone without spaces): a full-width «＠» is an «@» on paper.
    """
    one = text_limits.one_line
    return {
        "申请单位": one(decl.applicant_unit), "申报日期": cn_date(decl.declared_on),
        "负责人": one(decl.leader), "联系人": one(decl.contact),
        "联系电话": text_limits.phone_form(decl.phone), "电子邮箱": text_limits.email_form(decl.email),
        "项目名称": one(decl.project_name), "建设年度": cn_period(decl.start_month, decl.end_month),
        "投资额": wan_text(decl.investment), "财政资金": wan_text(decl.fund_fiscal),
        "单位自筹": wan_text(decl.fund_self), "银行贷款": wan_text(decl.fund_bank),
        "其它": wan_text(decl.fund_other), "项目实施依据及主要内容": decl.content.strip("\n"),
        "项目主管部门意见": decl.dept_opinion.strip("\n"),
    }


def _money_cell(row: int, col: int, value: str, field: str, key: str) -> Cell:
    # «（万元）» at the right end, the figure before it; a long figure keeps its
    # line and the unit goes below it (an amount never breaks).
    text = f"{value} {UNIT_SUFFIX}" if value else UNIT_SUFFIX
    return Cell(row, col, text, align="right", field=field, key=key)


def layout_cells(decl: Declaration, long_texts: dict[str, str] | None = None) -> list[Cell]:
    """The grid's cells; ``long_texts`` replaces the two long fields by what fits
    their cell (the rest is on the 续页)."""
    v = field_values(decl) | (long_texts or {})
    lab = dict(align="center")
    return [
        Cell(0, 0, "申请单位", **lab), Cell(0, 1, v["申请单位"], colspan=2, field="申请单位", key="申请单位"),
        Cell(0, 3, "申报日期", **lab), Cell(0, 4, v["申报日期"], field="申报日期", key="申报日期"),
        Cell(1, 0, "负 责 人", **lab), Cell(1, 1, v["负责人"], colspan=2, field="负责人", key="负责人"),
        Cell(1, 3, "联 系 人", **lab), Cell(1, 4, v["联系人"], field="联系人", key="联系人"),
        Cell(2, 0, "联系电话", **lab),
        Cell(2, 1, v["联系电话"], colspan=2, field="联系电话", key="联系电话", max_lines=1),
        Cell(2, 3, "电子邮箱", **lab), Cell(2, 4, v["电子邮箱"], field="电子邮箱", key="电子邮箱", max_lines=1),
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
    return Grid(MARGIN_LEFT, PAGE_H - MARGIN_TOP - HEAD_H, [w * MM for w in COLS_MM],
                [h * MM for h in ROWS_MM])


def cell_boxes(decl: Declaration | None = None) -> dict[str, Box]:
    """Each keyed cell's box on the page (the layout tests check text against)."""
    grid = _grid()
    return {cell.key: grid.box(cell.row, cell.col, cell.rowspan, cell.colspan)
            for cell in layout_cells(decl or Declaration()) if cell.key}


def capacities(font_name: str) -> dict[str, int]:
    """What each one-line field's cell holds at 五号, measured on this grid with
    the font (`linebreak.capacity`): the limits `text_limits.DECLARATION` states."""
    boxes = cell_boxes()
    cap = capacity

    def inner(key: str) -> float:
        return boxes[key].w - 2 * CELL_PAD_X

    def lines(key: str) -> int:
        return lines_in(boxes[key].h - 2 * CELL_PAD_Y)

    out = {name: cap(inner(label), lines(label), font_name)
           for name, label in (("applicant_unit", "申请单位"), ("leader", "负责人"),
                               ("contact", "联系人"), ("project_name", "项目名称"))}
    out["phone"] = cap(inner("联系电话"), 1, font_name)
    out["email"] = cap(inner("电子邮箱"), 1, font_name, ascii_only=True)
    for name, label in (("investment", "投资额"), ("fund_fiscal", "财政资金"), ("fund_self", "单位自筹"),
                        ("fund_bank", "银行贷款"), ("fund_other", "其它")):
        out[name] = cap(inner(label), 1, font_name, ascii_only=True)
    return out


def _page_head(c, name: str, number: str, page: int, pages: int) -> float:
    """«附件1», the page mark, the title; returns the y below them."""
    top = PAGE_H - MARGIN_TOP
    draw_text(c, ATTACHMENT, Box(MARGIN_LEFT, top - 8 * MM, 30 * MM, 8 * MM), name, field=ATTACHMENT,
              pad_x=0, pad_y=0, size=SIHAO, valign="top")
    if pages > 1:
        mark = f"{'续页　' if page > 1 else ''}第{page}页　共{pages}页"
        draw_text(c, mark, Box(MARGIN_LEFT + 30 * MM, top - 8 * MM, TEXT_W - 30 * MM, 8 * MM), name,
                  field="页码", pad_x=0, pad_y=0, align="right", valign="top")
        draw_seam_mark(c, name)
    draw_title(c, TITLE + ("（续页）" if page > 1 else ""), PAGE_W / 2, top - 8 * MM - XIAOER, name, XIAOER)
    return top - HEAD_H


def ident_lines(number: str, project: str, font_name: str) -> tuple[str, ...]:
    """«项目编号：… 项目名称：…», the line under a 续页's title."""
    text = "　".join(x for x in (f"项目编号：{number}" if number else "",
                                 f"项目名称：{project}" if project else "") if x)
    return tuple(wrap(text, font_name, WUHAO, TEXT_W)) if text else ()


def draw_ident(c, name: str, lines: tuple[str, ...], top: float) -> float:
    """Draw `ident_lines` below ``top``; returns the y below them."""
    if not lines:
        return top
    fitted = FittedText(WUHAO, WUHAO * LEADING, lines)
    draw_lines(c, fitted, Box(MARGIN_LEFT, top - fitted.height, TEXT_W, fitted.height), name, valign="top")
    return top - fitted.height - 3 * MM


def render_declaration(decl: Declaration, font_path: str | None = None, *, number: str = "",
                       footer: tuple[str, ...] = (), invariant: bool = False) -> PdfOutput:
    """附件1 (and its 续页) as A4 pages with the Song face embedded.

    ``font_path`` is the workspace setting ``pdf_font_path`` (None/"" = find
    one, see `fonts.resolve_font`); ``number`` the project's number, printed
    on 续页; ``footer`` a line at the foot of every page. Raises `XxhError` if no usable font exists or a one-line field
    is longer than its cell holds at 五号 (`text_limits`); characters the
    font lacks come back as ``PdfOutput.warnings``.
    """
    font = fonts.load_font(font_path)
    name = font.name
    values = field_values(decl)
    texts = {label.replace(" ", ""): label for label in LABELS}
    texts.update({k: v for k, v in values.items() if v})
    warnings = fonts.coverage_warnings(font, texts | {"标题": TITLE, "说明": "".join(NOTES)})

    boxes = cell_boxes(decl)
    shown: dict[str, str] = {}
    parts: list[continuation.Continued] = []
    for label in LONG_FIELDS:
        inner = boxes[label].inset(CELL_PAD_X, CELL_PAD_Y)
        lines, rest = continuation.split_field(values[label], name, inner.w, inner.h)
        shown[label] = "\n".join(lines)
        if rest:
            parts.append(continuation.Continued(label, rest))
    ident = ident_lines(number, values["项目名称"], name)
    cont_top = PAGE_H - MARGIN_TOP - HEAD_H - FittedText(WUHAO, WUHAO * LEADING, ident).height - 3 * MM
    cont_pages = continuation.layout_pages(parts, name, TEXT_W, cont_top - CONT_BOTTOM)
    pages = 1 + len(cont_pages)

    buf = io.BytesIO()
    c = new_canvas(buf, name, f"{TITLE} {decl.project_name}".strip(), invariant=invariant)
    _page_head(c, name, number, 1, pages)
    grid = _grid()
    cells = draw_grid(c, grid, layout_cells(decl, shown), name)
    draw_stamp_area(c, cells["盖章"], name, date=False)
    draw_notes(c, NOTES, MARGIN_LEFT, grid.bottom - 3 * MM, TEXT_W, name)
    draw_footer(c, footer, name)
    c.showPage()
    for page, chunks in enumerate(cont_pages, start=2):
        start_page(c, name)
        y = _page_head(c, name, number, page, pages)
        y = draw_ident(c, name, ident, y)
        continuation.draw_page(c, name, chunks, MARGIN_LEFT, y, TEXT_W)
        draw_footer(c, footer, name)
        c.showPage()
    return finish(c, buf, pages, warnings)


def write_declaration(decl: Declaration, path: str | Path, font_path: str | None = None) -> PdfOutput:
    out = render_declaration(decl, font_path)
    out.write(path)
    return out

