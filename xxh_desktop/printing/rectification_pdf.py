"""整改通知 (督办单, 第二十条): the findings, the deadline, and the consequences the article names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.platypus import KeepTogether, Spacer

from ..errors import XxhError
from . import fonts
from .facts import OFFICE, OFFICE_SHORT, ProjectFacts, cn_date, project_facts
from .paragraphs import CutLine, RunningHead, SealBlock, Signatures, Title, build, paragraphs, style
from .style import MARGIN_LEFT, MARGIN_RIGHT, MM, PdfOutput

if TYPE_CHECKING:
    from ..workspace import Workspace

TITLE = "金寨县政务信息化项目限期整改通知书"
MARGINS = (MARGIN_LEFT, MARGIN_RIGHT, 25 * MM, 22 * MM)   # left (bound), right, top, bottom
# 第二十条, its own words.
CONSEQUENCES = "逾期不整改或者整改后仍不符合要求的，相关部门可对其暂缓安排投资计划，暂停项目建设直至终止项目。"


@dataclass(frozen=True)
class RectificationDoc:
    facts: ProjectFacts
    findings: str
    issued_on: date
    deadline: date
    serial: int           # the project's n-th rectification


def rectification_doc(ws: Workspace, key: str, rectification_id: int | None = None) -> RectificationDoc:
    """The notice of a project's rectification (the latest when no id is given)."""
    p = ws.projects.get(key)
    rows = ws.rectifications.of(p.id)
    if not rows:
        raise XxhError(f"第二十条：项目 {p.label} 没有限期整改记录。请先下达限期整改（设置状态“整改中”，写明问题和整改期限）。")
    if rectification_id is None:
        row, serial = rows[-1], len(rows)
    else:
        matches = [(n, r) for n, r in enumerate(rows, 1) if r.id == rectification_id]
        if not matches:
            raise XxhError(f"项目 {p.label} 没有编号为 {rectification_id} 的整改记录。")
        serial, row = matches[0]
    return RectificationDoc(project_facts(ws, key), row.findings, row.issued_on, row.deadline, serial)


def render_rectification(doc: RectificationDoc, font_path: str | None = None, *,
                         invariant: bool = False) -> PdfOutput:
    """The notice; the clerk's findings print exactly as written (their own
    numbering, «一、» included), one paragraph per line."""
    font = fonts.load_font(font_path)
    name = font.name
    warnings = fonts.coverage_warnings(font, {"整改问题": doc.findings} | dict(doc.facts.rows()))
    body = style(name, indent_chars=2)
    flat = style(name)
    serial = f"{doc.facts.number}-整改-{doc.serial}"
    findings = "\n".join(line for line in doc.findings.replace("\r\n", "\n").split("\n") if line.strip())
    story = [
        Title(TITLE, name, after=3 * MM),
        *paragraphs(f"编号：{serial}", style(name, align="right")),
        Spacer(0, 4 * MM),
        *paragraphs(f"{doc.facts.unit}：", flat),
        Spacer(0, 1 * MM),
        *paragraphs(f"经检查，你单位建设的“{doc.facts.name}”（项目编号 {doc.facts.number}）"
                    "存在以下违反有关规定或者批复要求的问题：", body),
        *paragraphs(findings, body),
        Spacer(0, 1 * MM),
        *paragraphs(f"根据《金寨县政务信息化项目管理办法》第二十条，请你单位于{cn_date(doc.deadline)}前"
                    f"完成整改，并将整改情况书面报送{OFFICE_SHORT}。", body),
        *paragraphs(CONSEQUENCES, body),
        *paragraphs("特此通知。", body),
        Spacer(0, 4 * MM),
        SealBlock(name, f"{OFFICE}（盖章）", cn_date(doc.issued_on)),
        Spacer(0, 6 * MM),
        KeepTogether([
            CutLine(name, "回　执"),
            Spacer(0, 2 * MM),
            *paragraphs(f"已收到{OFFICE_SHORT}{cn_date(doc.issued_on)}下达的限期整改通知书（{serial}）。", flat),
            Spacer(0, 4 * MM),
            Signatures(name, ("项目建设单位签收人",)),
        ]),
    ]
    marks = RunningHead(name, doc.facts.ident(), MARGINS)
    data, pages = build(story, title=f"{TITLE} {doc.facts.number}", font_name=name, pagesize=A4,
                        margins=MARGINS, later_head=marks.height, decorate=marks, invariant=invariant)
    return PdfOutput(data, pages, tuple(warnings))
