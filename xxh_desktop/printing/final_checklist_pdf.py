"""终验材料清单 (第十七条): the seven materials with present / missing, and the 终验 date."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND
from . import fonts
from .facts import OFFICE_SHORT, ProjectFacts, cn_date, project_facts
from .flow import Flow, render_twice
from .style import MM, PdfOutput, draw_signature, new_canvas

if TYPE_CHECKING:
    from ..workspace import Workspace

TITLE = "金寨县政务信息化项目终验材料清单"
BASIS = ("根据《金寨县政务信息化项目管理办法》第十七条，初验合格且试运行3个月后，项目建设单位组织相关单位、"
         "专家进行终验，验收内容包括下列材料，并形成终验报告。")
PRESENT, MISSING = "已提交", "缺"


@dataclass(frozen=True)
class MaterialLine:
    kind: str
    status: str       # 已提交 / 缺 / 暂缺（原因）
    filename: str
    added_on: str


@dataclass(frozen=True)
class FinalChecklistDoc:
    facts: ProjectFacts
    lines: tuple[MaterialLine, ...]          # the seven, in the article's order
    report: MaterialLine                     # the 终验报告
    initial_acceptance: str                  # 初验 date and result
    final_acceptance_on: date | None

    @property
    def missing(self) -> list[str]:
        return [m.kind for m in self.lines if m.status != PRESENT]


def final_checklist_doc(ws: Workspace, key: str) -> FinalChecklistDoc:
    p = ws.projects.get(key)
    mats = ws.materials.by_kind(p.id)

    def line(kind: str) -> MaterialLine:
        m = mats.get(kind)
        if m is None:
            return MaterialLine(kind, MISSING, "", "")
        if not m.sm3:
            return MaterialLine(kind, f"暂缺（{m.waived_reason}）", "", m.added_at[:10])
        return MaterialLine(kind, PRESENT, m.filename, m.added_at[:10])

    initial = f"{cn_date(p.initial_acceptance_date)} {p.initial_acceptance_result}".strip()
    return FinalChecklistDoc(project_facts(ws, key), tuple(line(k) for k in FINAL_ACCEPTANCE_KINDS),
                             line(FINAL_REPORT_KIND), initial, p.final_acceptance_date)


def render_final_checklist(doc: FinalChecklistDoc, font_path: str | None = None, *,
                           invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    warnings = fonts.coverage_warnings(font, {m.kind: m.filename for m in (*doc.lines, doc.report)}
                                       | dict(doc.facts.rows()))

    def draw(total: int | None) -> tuple[bytes, int]:
        buf = io.BytesIO()
        c = new_canvas(buf, font.name, f"{TITLE} {doc.facts.number}", invariant=invariant)
        f = Flow(c, font.name, total_pages=total)
        f.title(TITLE)
        f.line(f"项目编号：{doc.facts.number}", align="right")
        f.space(2 * MM)
        w = f.width
        f.table([30 * MM, w - 30 * MM], [], [
            ["项目名称", doc.facts.name], ["项目建设单位", doc.facts.unit],
            ["初验日期及结果", doc.initial_acceptance],
            ["终验日期", cn_date(doc.final_acceptance_on) or "（尚未终验）"],
        ], aligns=["center", "left"])
        f.space(4 * MM)
        f.paragraph(BASIS)
        f.space(2 * MM)
        widths = [12 * MM, 44 * MM, 22 * MM, w - 12 * MM - 44 * MM - 22 * MM - 24 * MM, 24 * MM]
        rows = [[str(n), m.kind, m.status, m.filename, m.added_on]
                for n, m in enumerate(doc.lines, start=1)]
        r = doc.report
        rows.append(["", f"{r.kind}（终验形成）", r.status, r.filename, r.added_on])
        f.table(widths, [["序号", "材料名称", "情况", "文件", "提交日期"]], rows,
                aligns=["center", "left", "center", "left", "center"],
                fields=["序号", "材料名称", "情况", "文件", "提交日期"])
        f.space(3 * MM)
        if doc.missing:
            f.paragraph(f"以上七项材料缺{len(doc.missing)}项：{'、'.join(doc.missing)}。"
                        "材料齐全前不能组织终验（第十七条）。", indent_chars=0)
        else:
            f.paragraph("以上七项材料齐全。", indent_chars=0)
        f.space(12 * MM)
        f.ensure(30 * MM)
        draw_signature(c, f.left, f.y - 6 * MM, "项目建设单位经办人", font.name)
        draw_signature(c, f.left, f.y - 20 * MM, f"{OFFICE_SHORT}核对人", font.name)
        f.space(26 * MM)
        pages = f.finish()
        c.save()
        return buf.getvalue(), pages

    data, pages = render_twice(draw)
    return PdfOutput(data, pages, tuple(warnings))
