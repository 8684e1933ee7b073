"""书面审核意见 (第十条): the office's written opinion on one declaration, for stamping.

Title, the project's facts, each 第九条 checklist item with its result and
comment, the conclusion (同意 / 修改后同意 / 不同意, the chosen one ticked) with
its reasons, and «金寨县智慧城市管理服务中心（盖章）» with the date, leaving a
free square for the 42 mm seal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .. import checklist
from ..errors import XxhError
from . import fonts
from .facts import OFFICE, ProjectFacts, cn_date, project_facts
from .flow import Flow, render_twice
from .style import (
    ASCENT, MM, STAMP_MM, WUHAO, PdfOutput, Box, draw_checkbox, draw_stamp_area,
    new_canvas,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

TITLE = "金寨县政务信息化项目书面审核意见"
BASIS = "根据《金寨县政务信息化项目管理办法》（金政办秘〔2022〕46号）第九条、第十条，县智慧办对该项目申报材料进行了审核，意见如下。"


@dataclass(frozen=True)
class ItemLine:
    article: str
    title: str
    answer: str
    comment: str


@dataclass(frozen=True)
class OpinionDoc:
    facts: ProjectFacts
    items: tuple[ItemLine, ...]
    conclusion: str
    text: str
    issued_on: date
    reviewer: str


def opinion_doc(ws: Workspace, key: str) -> OpinionDoc:
    """The opinion's content from the workspace; XxhError until the opinion is written."""
    op = checklist.opinion(ws, key)
    if op is None:
        raise XxhError("第十条：该项目尚未形成书面审核意见，请先在审核清单中写出审核意见。")
    done = checklist.answers(ws, key)
    items = tuple(ItemLine(i.article, i.title, done[i.key].answer if i.key in done else "未审",
                           done[i.key].comment if i.key in done else "") for i in checklist.ITEMS)
    return OpinionDoc(project_facts(ws, key), items, op.conclusion, op.text, op.issued_on, op.by)


def render_opinion(doc: OpinionDoc, font_path: str | None = None, *,
                   invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    texts = {label: value for label, value in doc.facts.rows()}
    texts.update({f"{i.article} 意见": i.comment for i in doc.items})
    texts["审核意见理由"] = doc.text
    warnings = fonts.coverage_warnings(font, texts)

    def draw(total: int | None) -> tuple[bytes, int]:
        buf = io.BytesIO()
        c = new_canvas(buf, font.name, f"{TITLE} {doc.facts.number}", invariant=invariant)
        f = Flow(c, font.name, total_pages=total)
        f.title(TITLE)
        f.line(f"项目编号：{doc.facts.number}", align="right")
        f.space(2 * MM)
        w = f.width
        facts = doc.facts
        f.table([28 * MM, w - 28 * MM], [], [
            ["项目名称", facts.name], ["申请单位", facts.unit],
            ["申报日期", facts.declared_on], ["建设年度", facts.span],
            ["投资额", f"{facts.investment} 万元" if facts.investment else ""],
            ["资金渠道", facts.funds],
        ], aligns=["center", "left"], fields=["项目", "项目"])
        f.space(4 * MM)
        f.paragraph(BASIS)
        f.space(2 * MM)
        f.line("一、审核内容（第九条）")
        f.space(1 * MM)
        widths = [12 * MM, 28 * MM, w - 12 * MM - 28 * MM - 17 * MM - 48 * MM, 17 * MM, 48 * MM]
        rows = [[str(n), i.article, i.title, i.answer, i.comment] for n, i in enumerate(doc.items, 1)]
        f.table(widths, [["序号", "条款", "审核内容", "结果", "意见说明"]], rows,
                aligns=["center", "center", "left", "center", "left"],
                fields=["序号", "条款", "审核内容", "结果", "意见说明"])
        f.space(5 * MM)
        f.ensure(WUHAO * 4)
        f.line("二、审核结论（第十条）")
        f.space(1 * MM)
        # 同意 / 修改后同意 / 不同意 as drawn check boxes (☑ is in no embedded font).
        f.ensure(WUHAO * 2)
        x = f.left + 2 * WUHAO
        baseline = f.y - ASCENT * WUHAO
        for choice in checklist.CONCLUSIONS:
            draw_checkbox(c, x, baseline, choice == doc.conclusion)
            c.setFont(font.name, WUHAO)
            c.drawString(x + WUHAO * 1.2, baseline, choice)
            x += WUHAO * (len(choice) + 4)
        f.space(WUHAO * 1.8)
        if doc.text:
            f.line("理由及意见：", size=WUHAO)
            f.paragraph(doc.text)
        f.space(6 * MM)
        # The issuing office and the date at the right, inside the seal's free square.
        block = STAMP_MM * MM + 4 * MM
        f.ensure(block + WUHAO * 2)
        area = Box(f.left, f.y - block, f.width, block)
        square = draw_stamp_area(c, area, font.name, label="", date=False)
        c.setFont(font.name, WUHAO)
        mid = square.y + square.h / 2
        c.drawRightString(square.right, mid + WUHAO * 0.8, f"{OFFICE}（盖章）")
        c.drawRightString(square.right - 6 * MM, mid - WUHAO * 1.2, cn_date(doc.issued_on))
        if doc.reviewer:
            c.drawString(f.left, square.y + 2 * MM, f"审核人：{doc.reviewer}")
        f.y = area.y
        pages = f.finish()
        c.save()
        return buf.getvalue(), pages

    data, pages = render_twice(draw)
    return PdfOutput(data, pages, tuple(warnings))
