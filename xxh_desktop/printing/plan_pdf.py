"""年度建设计划表 (第七条) as an A4 landscape PDF: the same table as the .xlsx.

The title, then a table whose first three rows («单位：万元» and the two header
rows) repeat on every page; later pages are headed by the title «（续表）».
Under the table the 编制单位 line, then the projects left out (第二十条) as
paragraphs that run on over as many pages as the list needs.
Amounts, project numbers, document numbers and dates never break: their
columns are as wide as their widest entry (the 合计 included), and the names
share what is left. Only if the amounts leave the names no room at all are
they set smaller (小五, then 六号, 小六), and the PDF's warnings say so.

Margins: GB/T 9704-2012 (10, 公文中的横排表格) puts a landscape table's head at
the bound edge, so the 28 mm binding margin is at the top; the other three
are 15 mm.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..annual_plan import AMOUNT_FIELDS, PLAN_SECTION, TEMPORARY_MARK, TEMPORARY_SECTION, Plan
from . import fonts
from .facts import OFFICE, cn_date
from .linebreak import min_width
from .paragraphs import CELL_PAD_Y, RunningHead, Title, build, cell, grid_table, paragraphs, style
from .style import CELL_PAD_X, LINE_WIDTH, MM, WUHAO, PdfOutput

HEADER_TOP = ("序号", "项目编号", "建设单位", "项目名称", "建设年度", "投资额", "资金渠道", "备注")
CHANNELS = ("财政资金", "单位自筹", "银行贷款", "其它")
PAGE = landscape(A4)
MARGINS = (15 * MM, 15 * MM, 28 * MM, 15 * MM)   # left, right, top (bound), bottom
# narrower steps for the amounts only, as a last resort: 小五, 六号, 小六
SMALLER = ((9.0, "小五"), (7.5, "六号"), (6.5, "小六"))
NAME_MIN = 24 * MM   # 建设单位 / 项目名称 never narrower than this


def _amount(v: Decimal | None) -> str:
    """万元 to 4 decimals, as the .xlsx shows them, so the columns line up."""
    return "" if v is None else f"{v:,.4f}"


def _widest_unit(texts: list[str], font_name: str, size: float = WUHAO) -> float:
    """The widest piece of ``texts`` that may not break (a number, a date, a 文号,
    with the punctuation 避头尾 keeps beside it)."""
    return max((min_width(text, font_name, size) for text in texts), default=0.0)


def _column_widths(plan: Plan, rows: list[list[str]], font_name: str) -> tuple[list[float], float]:
    """Column widths (points) and the amounts' font size: fixed columns as wide as
    their widest unit, amounts as wide as their widest figure, names the rest."""
    pad = 2 * CELL_PAD_X + LINE_WIDTH
    total_w = PAGE[0] - MARGINS[0] - MARGINS[1]
    col = list(zip(*rows)) if rows else [()] * 11

    def fixed(k: int, header: str) -> float:
        return max(_widest_unit([*col[k], header], font_name), stringWidth(header, font_name, WUHAO)) + pad

    widths = [fixed(0, "序号"), fixed(1, "项目编号"), 0.0, 0.0,
              max(fixed(4, "建设年度"), stringWidth("0000年00月至", font_name, WUHAO) + pad)]
    note_w = max(fixed(10, "备注"), 30 * MM)
    for size in (WUHAO, *(s for s, _name in SMALLER)):
        amounts = [max(max((stringWidth(t, font_name, size) for t in col[k]), default=0.0),
                       stringWidth(h, font_name, WUHAO)) + pad
                   for k, h in zip(range(5, 10), ("投资额", *CHANNELS))]
        rest = total_w - sum(widths) - sum(amounts) - note_w
        if rest >= 2 * NAME_MIN:
            break
    else:
        # beyond 小六 (amounts near 一万亿 in every column): the size that just fits
        per_pt = [max((stringWidth(t, font_name, 1) for t in col[k]), default=0.0) for k in range(5, 10)]
        room = total_w - sum(widths) - note_w - 2 * NAME_MIN - 5 * pad
        size = room / sum(per_pt)
        amounts = [max(w * size, stringWidth(h, font_name, WUHAO)) + pad
                   for w, h in zip(per_pt, ("投资额", *CHANNELS))]
        rest = total_w - sum(widths) - sum(amounts) - note_w
    names = max(rest, 2 * NAME_MIN)
    widths[2], widths[3] = names * 0.42, names * 0.58
    return [*widths, *amounts, note_w], size


def plan_note(plan: Plan) -> str:
    """编制单位, the 编制日期 the office recorded (blank until the plan is compiled) and the 备案."""
    made = cn_date(plan.compiled_on) if plan.compiled_on else "　　年　　月　　日（尚未编制）"
    note = f"编制单位：{OFFICE}（盖章）　　编制日期：{made}"
    filing = plan.filing
    if filing and (filing.finance_filed_on or filing.ndrc_filed_on):
        parts = [f"县财政局 {cn_date(filing.finance_filed_on)}" if filing.finance_filed_on else "",
                 f"县发改委 {cn_date(filing.ndrc_filed_on)}" if filing.ndrc_filed_on else ""]
        note += "　　备案：" + "，".join(p for p in parts if p)
    return note


def render_plan(plan: Plan, font_path: str | None = None, *, invariant: bool = False,
                footnote: str = "") -> PdfOutput:
    """The plan as an A4 landscape PDF; `footnote` (the audit chain's anchor) at the foot of every page."""
    font = fonts.load_font(font_path)
    name = font.name
    warnings = fonts.coverage_warnings(font, {f"{r.number} {r.name}": f"{r.unit}{r.name}{r.note}"
                                              for r in plan.rows})
    sections = [(None, plan.rows)] if not plan.temporary_count else [
        (PLAN_SECTION, plan.planned_rows), (TEMPORARY_SECTION, plan.temporary_rows)]
    texts = [[str(n), r.number, r.unit, r.name, r.span,
              *(_amount(r.amounts[f]) for f, _ in AMOUNT_FIELDS), r.note]
             for n, r in enumerate(plan.rows, start=1)]
    count = f"共{len(plan.rows)}个项目" + (
        f"，其中{TEMPORARY_MARK}{plan.temporary_count}个" if plan.temporary_count else "")
    totals = [_amount(plan.totals[f]) for f, _ in AMOUNT_FIELDS]
    subtotals = [[_amount(t[f]) for f, _ in AMOUNT_FIELDS] for t in (plan.planned_totals, plan.temporary_totals)]
    widths, amount_size = _column_widths(plan, [*texts, ["", "", "", "", "", *totals, ""],
                                                *(["", "", "", "", "", *t, ""] for t in subtotals)], name)
    if amount_size != WUHAO:
        named = dict(SMALLER).get(amount_size)
        size_text = f"{named}字（{amount_size:g} 磅）" if named else f"{amount_size:.1f} 磅的字"
        warnings.append(f"计划表金额位数过多，五号字放不下，金额栏改用{size_text}打印。")
    money = style(name, size=amount_size, align="right")
    aligns = ("center", "center", "left", "left", "center")

    def amount_cell(text: str) -> list:
        return paragraphs(text, money) if text else []

    header = [
        [cell("单位：万元", name, "right"), *[""] * 10],
        [*(cell(t, name, "center") for t in HEADER_TOP[:6]), cell("资金渠道", name, "center"),
         "", "", "", cell("备注", name, "center")],
        ["", "", "", "", "", "", *(cell(t, name, "center") for t in CHANNELS), ""],
    ]
    body: list[list] = []
    spans = [((0, 0), (-1, 0)), *(((k, 1), (k, 2)) for k in range(6)), ((6, 1), (9, 1)), ((10, 1), (10, 2))]
    offset = 0
    for (title, rows), sub in zip(sections, subtotals):
        # 第七条: the 临时报批 projects are a section of their own, with their own subtotal.
        if title is not None:
            spans.append(((0, len(header) + len(body)), (-1, len(header) + len(body))))
            body.append([cell(title, name), *[""] * 10])
        for row in texts[offset:offset + len(rows)]:
            body.append([*(cell(t, name, a) for t, a in zip(row[:5], aligns)),
                         *(amount_cell(t) for t in row[5:10]), cell(row[10], name)])
        offset += len(rows)
        if title is not None:
            spans.append(((0, len(header) + len(body)), (4, len(header) + len(body))))
            body.append([cell(f"小计（{len(rows)}个）", name, "center"), "", "", "", "",
                         *(amount_cell(t) for t in sub), ""])
    total_row = [cell("合计", name, "center"), "", "", "", "", *(amount_cell(t) for t in totals),
                 cell(count, name)]
    last = len(body) + 3          # the 合计 row; the 编制单位 line under the grid follows it
    marks = RunningHead(name, f"{plan.title}（续表）", MARGINS, PAGE, footnote)
    spans += [((0, last), (4, last)), ((0, last + 1), (-1, last + 1))]
    table = grid_table([*header, *body, total_row, [cell(plan_note(plan), name), *[""] * 10]], widths,
                       repeat_rows=3, spans=spans, ruled=(1, last),
                       room=PAGE[1] - MARGINS[2] - MARGINS[3] - marks.height, extra=[
                           ("BOTTOMPADDING", (0, 0), (-1, 0), CELL_PAD_Y),
                           ("TOPPADDING", (0, last + 1), (-1, last + 1), 3 * MM),
                           ("LEFTPADDING", (0, last + 1), (-1, -1), 0),
                           # the 合计 and the 编制单位 line never start a page alone
                           ("NOSPLIT", (0, max(last - 1, 3)), (-1, last + 1))])
    # The projects left out (第二十条) are listed under the table as paragraphs, not as a table row:
    # a row cannot split across pages, a paragraph runs on over as many pages as the list needs.
    listed = style(name, space_before=CELL_PAD_Y, space_after=CELL_PAD_Y + 1)
    story = [Title(plan.title, name, after=2 * MM), table,
             *(p for text in plan.notes() for p in paragraphs(text, listed))]
    data, pages = build(story, title=plan.title, font_name=name, pagesize=PAGE, margins=MARGINS,
                        later_head=marks.height, decorate=marks, invariant=invariant)
    return PdfOutput(data, pages, tuple(warnings))


def write_plan_pdf(plan: Plan, path: str | Path, font_path: str | None = None) -> PdfOutput:
    out = render_plan(plan, font_path)
    out.write(path)
    return out
