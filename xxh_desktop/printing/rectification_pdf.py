"""整改通知 (督办单, 第二十条): the findings, the deadline, and the consequences the article names."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import XxhError
from . import fonts
from .facts import OFFICE, OFFICE_SHORT, ProjectFacts, cn_date, project_facts
from .flow import Flow, render_twice
from .style import MM, STAMP_MM, WUHAO, Box, PdfOutput, draw_signature, draw_stamp_area, new_canvas

if TYPE_CHECKING:
    from ..workspace import Workspace

TITLE = "金寨县政务信息化项目限期整改通知书"
_NUMBERED = re.compile(r"^(\d+|[一二三四五六七八九十]+)\s*[.、．)）]\s*")
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
        raise XxhError(f"第二十条：项目 {p.number} 没有限期整改记录。请先下达限期整改（设置状态「整改中」，写明问题和整改期限）。")
    if rectification_id is None:
        row, serial = rows[-1], len(rows)
    else:
        matches = [(n, r) for n, r in enumerate(rows, 1) if r.id == rectification_id]
        if not matches:
            raise XxhError(f"项目 {p.number} 没有编号为 {rectification_id} 的整改记录。")
        serial, row = matches[0]
    return RectificationDoc(project_facts(ws, key), row.findings, row.issued_on, row.deadline, serial)


def render_rectification(doc: RectificationDoc, font_path: str | None = None, *,
                         invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    warnings = fonts.coverage_warnings(font, {"整改问题": doc.findings} | dict(doc.facts.rows()))
    # The clerk may have numbered the findings already; the notice numbers them itself.
    findings = [_NUMBERED.sub("", ln.strip()) for ln in doc.findings.splitlines() if ln.strip()]

    def draw(total: int | None) -> tuple[bytes, int]:
        buf = io.BytesIO()
        c = new_canvas(buf, font.name, f"{TITLE} {doc.facts.number}", invariant=invariant)
        f = Flow(c, font.name, total_pages=total)
        f.title(TITLE)
        f.line(f"编号：{doc.facts.number}-整改-{doc.serial}", align="right")
        f.space(4 * MM)
        f.paragraph(f"{doc.facts.unit}：", indent_chars=0)
        f.space(1 * MM)
        f.paragraph(f"经检查，你单位建设的「{doc.facts.name}」（项目编号 {doc.facts.number}）"
                    "存在以下违反有关规定或者批复要求的问题：")
        for n, text in enumerate(findings, start=1):
            f.paragraph(text, hanging=f"{n}. " if len(findings) > 1 else "")
        f.space(1 * MM)
        f.paragraph(f"根据《金寨县政务信息化项目管理办法》第二十条，请你单位于{cn_date(doc.deadline)}前"
                    f"完成整改，并将整改情况书面报送{OFFICE_SHORT}。")
        f.paragraph(CONSEQUENCES)
        f.paragraph("特此通知。")
        f.space(8 * MM)
        block = STAMP_MM * MM + 4 * MM
        f.ensure(block)
        area = Box(f.left, f.y - block, f.width, block)
        square = draw_stamp_area(c, area, font.name, label="", date=False)
        c.setFont(font.name, WUHAO)
        mid = square.y + square.h / 2
        c.drawRightString(square.right, mid + WUHAO * 0.8, f"{OFFICE}（盖章）")
        c.drawRightString(square.right - 6 * MM, mid - WUHAO * 1.2, cn_date(doc.issued_on))
        f.y = area.y - 8 * MM
        f.ensure(24 * MM)
        # A dashed cut line with 回执 in its middle (cut off and returned by the unit).
        mid_y = f.y - WUHAO * 0.42
        gap = WUHAO * 3
        c.saveState()
        c.setDash(3, 3)
        c.setLineWidth(0.5)
        centre = f.left + f.width / 2
        c.line(f.left, mid_y, centre - gap, mid_y)
        c.line(centre + gap, mid_y, f.left + f.width, mid_y)
        c.restoreState()
        f.line("回　执", align="center")
        f.space(2 * MM)
        f.paragraph(f"已收到{OFFICE_SHORT}{cn_date(doc.issued_on)}下达的限期整改通知书（{doc.facts.number}-整改-{doc.serial}）。",
                    indent_chars=0)
        f.space(6 * MM)
        draw_signature(c, f.left, f.y - 4 * MM, "项目建设单位签收人", font.name)
        f.space(10 * MM)
        pages = f.finish()
        c.save()
        return buf.getvalue(), pages

    data, pages = render_twice(draw)
    return PdfOutput(data, pages, tuple(warnings))
