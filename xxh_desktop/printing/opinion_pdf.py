"""书面审核意见 (第十条): the office's written opinion on one declaration, for stamping.

Title, the project's facts, each checklist item with its result and comment,
the conclusion (同意 / 修改后同意 / 不同意, the chosen one ticked) with its
reasons, and «金寨县智慧城市管理服务中心（盖章）» with the date in a free
square for the 42 mm seal. The demo's opinions fit one A4 page; a longer one
runs over with the project's number and name heading every later page, and
the conclusion, date and seal always stay together on the last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.platypus import KeepTogether, Spacer

from .. import checklist
from ..errors import XxhError
from . import fonts
from .facts import OFFICE, ProjectFacts, cn_date, project_facts
from .paragraphs import (
    Choices, CJKParagraph, RunningHead, SealBlock, Title, build, cell, grid_table, paragraphs,
    style,
)
from .style import MARGIN_LEFT, MARGIN_RIGHT, MM, PAGE_W, PdfOutput

if TYPE_CHECKING:
    from ..workspace import Workspace

TITLE = "金寨县政务信息化项目书面审核意见"
BASIS = ("根据《金寨县政务信息化项目管理办法》（金政办秘〔2022〕46号）第九条、第十条，"
         "县智慧办对该项目申报材料进行了审核，意见如下。")
MARGINS = (MARGIN_LEFT, MARGIN_RIGHT, 18 * MM, 16 * MM)   # left (bound), right, top, bottom


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


def articles_of(items: tuple[ItemLine, ...]) -> str:
    """«第八条、第九条、第十三条、第十四条»: the articles the checklist rows cite, in order."""
    seen: list[str] = []
    for item in items:
        m = re.match(r"第[一二三四五六七八九十百]+条", item.article)
        if m and m.group() not in seen:
            seen.append(m.group())
    return "、".join(seen)


def _facts_table(doc: OpinionDoc, name: str, width: float):
    f = doc.facts
    label = 24 * MM
    value = (width - 2 * label) / 2
    investment = f"{f.investment} 万元" if f.investment else ""
    if f.funds:
        investment += f"（{f.funds}）"
    rows = [
        [cell("项目名称", name, "center"), cell(f.name, name), "", ""],
        [cell("项目编号", name, "center"), cell(f.number, name),
         cell("申请单位", name, "center"), cell(f.unit, name)],
        [cell("申报日期", name, "center"), cell(f.declared_on, name),
         cell("建设年度", name, "center"), cell(f.span, name)],
        [cell("投资额", name, "center"), cell(investment, name), "", ""],
    ]
    return grid_table(rows, [label, value, label, value],
                      spans=[((1, 0), (3, 0)), ((1, 3), (3, 3))],
                      extra=[("TOPPADDING", (0, 0), (-1, -1), 1.0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2.0)])


def _items_table(doc: OpinionDoc, name: str, width: float):
    tight = style(name, align="left", leading=1.15)
    widths = [26 * MM, width - 26 * MM - 15 * MM, 15 * MM]
    rows: list[list[object]] = [[cell("条款", name, "center"), cell("审核内容及意见", name, "center"),
                                 cell("结果", name, "center")]]
    for item in doc.items:
        text = item.title + (f"。意见：{item.comment}" if item.comment else "")
        rows.append([cell(item.article, name, "center"), paragraphs(text, tight),
                     cell(item.answer, name, "center")])
    return grid_table(rows, widths, repeat_rows=1,
                      extra=[("TOPPADDING", (0, 1), (-1, -1), 0.8),
                             ("BOTTOMPADDING", (0, 1), (-1, -1), 1.8)])


def render_opinion(doc: OpinionDoc, font_path: str | None = None, *,
                   invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    name = font.name
    texts = {label: value for label, value in doc.facts.rows()}
    texts.update({f"{i.article} 意见": i.comment for i in doc.items})
    texts["审核意见理由"] = doc.text
    warnings = fonts.coverage_warnings(font, texts)
    width = PAGE_W - MARGINS[0] - MARGINS[1]
    body = style(name, indent_chars=2)
    flat = style(name)
    heading = style(name, align="left", space_before=2 * MM, space_after=1 * MM)

    story = [
        Title(TITLE, name, after=3 * MM),
        _facts_table(doc, name, width),
        Spacer(0, 3 * MM),
        *paragraphs(BASIS, body),
        CJKParagraph(f"一、审核内容（{articles_of(doc.items)}）", heading),
        _items_table(doc, name, width),
    ]
    ending = [Choices(name, checklist.CONCLUSIONS, doc.conclusion, lead="二、审核结论（第十条）：")]
    if doc.text:
        first, *rest = doc.text.replace("\r\n", "\n").split("\n")
        ending += [CJKParagraph("理由及意见：" + first, flat), *paragraphs("\n".join(rest), flat)]
    ending += [SealBlock(name, f"{OFFICE}（盖章）", cn_date(doc.issued_on),
                         f"审核人：{doc.reviewer}" if doc.reviewer else "")]
    story.append(KeepTogether(ending))

    marks = RunningHead(name, doc.facts.ident(), MARGINS)
    data, pages = build(story, title=f"{TITLE} {doc.facts.number}", font_name=name, pagesize=A4,
                        margins=MARGINS, later_head=marks.height, decorate=marks,
                        invariant=invariant)
    return PdfOutput(data, pages, tuple(warnings))

