"""年度建设计划表 (第七条) as an A4 landscape PDF: the same table as the .xlsx, header repeated per page."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..annual_plan import AMOUNT_FIELDS, TEMPORARY_MARK, Plan
from . import fonts
from .facts import OFFICE, cn_date
from .flow import Flow, Span, render_twice
from .style import MM, PdfOutput, new_canvas

HEADER_TOP = ("序号", "项目编号", "建设单位", "项目名称", "建设年度", "投资额", "资金渠道", "备注")
CHANNELS = ("财政资金", "单位自筹", "银行贷款", "其它")
# mm; the landscape text width is 267 mm
WIDTHS_MM = (8, 24, 30, 39, 26, 22, 22, 22, 22, 22, 30)


def _amount(v: Decimal | None) -> str:
    """万元 to 4 decimals, as the .xlsx shows them, so the columns line up."""
    return "" if v is None else f"{v:,.4f}"


def render_plan(plan: Plan, font_path: str | None = None, *, made_on: date | None = None,
                invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    made_on = made_on or date.today()
    texts = {f"{r.number} {r.name}": f"{r.unit}{r.name}{r.note}" for r in plan.rows}
    warnings = fonts.coverage_warnings(font, texts)
    widths = [w * MM for w in WIDTHS_MM]
    # 资金渠道 spans the four channels; the other titles span both header rows.
    header: list[list[str | Span | None]] = [
        [*(Span(t, rowspan=2) for t in HEADER_TOP[:6]), Span("资金渠道", 4), Span("备注", rowspan=2)],
        [None] * 6 + list(CHANNELS) + [None],
    ]
    rows: list[list[str | Span | None]] = []
    for n, r in enumerate(plan.rows, start=1):
        rows.append([str(n), r.number, r.unit, r.name, r.span,
                     *(_amount(r.amounts[f]) for f, _ in AMOUNT_FIELDS), r.note])
    count = f"共{len(plan.rows)}个项目" + (
        f"，其中{TEMPORARY_MARK}{plan.temporary_count}个" if plan.temporary_count else "")
    rows.append([Span("合计", 5, "center"), *(_amount(plan.totals[f]) for f, _ in AMOUNT_FIELDS),
                 count])
    aligns = ["center", "center", "left", "left", "center", "right", "right", "right", "right",
              "right", "left"]

    def draw(total: int | None) -> tuple[bytes, int]:
        buf = io.BytesIO()
        c = new_canvas(buf, font.name, plan.title, invariant=invariant)
        f = Flow(c, font.name, landscape_page=True, total_pages=total)
        f.title(plan.title, after=2 * MM)
        f.line("单位：万元", align="right")
        f.space(1 * MM)
        f.table(widths, header, rows, aligns=aligns, min_row_h=7 * MM,
                fields=["序号", "项目编号", "建设单位", "项目名称", "建设年度", "投资额", *CHANNELS, "备注"])
        f.space(3 * MM)
        note = f"编制单位：{OFFICE}（盖章）　　编制日期：{cn_date(made_on)}"
        filing = plan.filing
        if filing and (filing.finance_filed_on or filing.ndrc_filed_on):
            parts = [f"县财政局 {cn_date(filing.finance_filed_on)}" if filing.finance_filed_on else "",
                     f"县发改委 {cn_date(filing.ndrc_filed_on)}" if filing.ndrc_filed_on else ""]
            note += "　　备案：" + "，".join(p for p in parts if p)
        f.line(note)
        pages = f.finish()
        c.save()
        return buf.getvalue(), pages

    data, pages = render_twice(draw)
    return PdfOutput(data, pages, tuple(warnings))


def write_plan_pdf(plan: Plan, path: str | Path, font_path: str | None = None, *,
                   made_on: date | None = None) -> PdfOutput:
    out = render_plan(plan, font_path, made_on=made_on)
    out.write(path)
    return out
