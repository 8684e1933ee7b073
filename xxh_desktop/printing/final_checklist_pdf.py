"""终验材料清单 (第十七条): the seven materials with present / missing, and the 终验 date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.platypus import KeepTogether, Spacer

from ..domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND
from . import fonts
from .facts import OFFICE_SHORT, ProjectFacts, cn_date, project_facts
from .paragraphs import RunningHead, Signatures, Title, build, cell, grid_table, paragraphs, style
from .style import MARGIN_LEFT, MARGIN_RIGHT, MM, PAGE_W, PdfOutput

if TYPE_CHECKING:
    from ..workspace import Workspace

TITLE = "金寨县政务信息化项目终验材料清单"
BASIS = ("根据《金寨县政务信息化项目管理办法》第十七条，初验合格且试运行3个月后，项目建设单位组织相关单位、"
         "专家进行终验，验收内容包括下列材料，并形成终验报告。")
PRESENT, MISSING = "已提交", "缺"
MARGINS = (MARGIN_LEFT, MARGIN_RIGHT, 25 * MM, 22 * MM)   # left (bound), right, top, bottom


@dataclass(frozen=True)
class MaterialLine:
    kind: str
    status: str       # 已提交 / 缺 / 暂缺（原因）
    filename: str
    added_on: date | None


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
            return MaterialLine(kind, MISSING, "", None)
        added = date.fromisoformat(m.added_at[:10]) if m.added_at else None
        if not m.sm3:
            return MaterialLine(kind, f"暂缺（{m.waived_reason}）", "", added)
        return MaterialLine(kind, PRESENT, m.filename, added)

    initial = f"{cn_date(p.initial_acceptance_date)} {p.initial_acceptance_result}".strip()
    return FinalChecklistDoc(project_facts(ws, key), tuple(line(k) for k in FINAL_ACCEPTANCE_KINDS),
                             line(FINAL_REPORT_KIND), initial, p.final_acceptance_date)


def render_final_checklist(doc: FinalChecklistDoc, font_path: str | None = None, *,
                           invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    name = font.name
    warnings = fonts.coverage_warnings(font, {m.kind: m.filename for m in (*doc.lines, doc.report)}
                                       | dict(doc.facts.rows()))
    width = PAGE_W - MARGINS[0] - MARGINS[1]
    facts = grid_table([
        [cell("项目名称", name, "center"), cell(doc.facts.name, name)],
        [cell("项目编号", name, "center"), cell(doc.facts.number, name)],
        [cell("项目建设单位", name, "center"), cell(doc.facts.unit, name)],
        [cell("初验日期及结果", name, "center"), cell(doc.initial_acceptance, name)],
        [cell("终验日期", name, "center"), cell(cn_date(doc.final_acceptance_on) or "（尚未终验）", name)],
    ], [32 * MM, width - 32 * MM])
    widths = [10 * MM, 36 * MM, 18 * MM, width - 10 * MM - 36 * MM - 18 * MM - 30 * MM, 30 * MM]
    rows: list[list[object]] = [[cell(h, name, "center") for h in ("序号", "材料名称", "情况", "文件", "提交日期")]]
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for n, m in enumerate(doc.lines, start=1):
        waived = m.status not in (PRESENT, MISSING)
        if waived:   # «暂缺（原因）»: the reason takes the 文件 column too (there is no file)
            spans.append(((2, n), (3, n)))
        rows.append([cell(str(n), name, "center"), cell(m.kind, name),
                     cell(m.status, name, "left" if waived else "center"),
                     "" if waived else cell(m.filename, name), cell(cn_date(m.added_on), name, "center")])
    r = doc.report
    rows.append([cell("", name), cell(f"{r.kind}（终验形成）", name), cell(r.status, name, "center"),
                 cell(r.filename, name), cell(cn_date(r.added_on), name, "center")])
    if doc.missing:
        summary = (f"以上七项材料缺{len(doc.missing)}项：{'、'.join(doc.missing)}。"
                   "材料齐全前不能组织终验（第十七条）。")
    else:
        summary = "以上七项材料齐全。"
    marks = RunningHead(name, doc.facts.ident(), MARGINS)
    story = [
        Title(TITLE, name, after=4 * MM),
        facts,
        Spacer(0, 4 * MM),
        *paragraphs(BASIS, style(name, indent_chars=2)),
        Spacer(0, 2 * MM),
        grid_table(rows, widths, repeat_rows=1, spans=spans,
                   room=A4[1] - MARGINS[2] - MARGINS[3] - marks.height),
        Spacer(0, 3 * MM),
        KeepTogether([*paragraphs(summary, style(name)), Spacer(0, 10 * MM),
                      Signatures(name, ("项目建设单位经办人", f"{OFFICE_SHORT}核对人"), gap=14 * MM)]),
    ]
    data, pages = build(story, title=f"{TITLE} {doc.facts.number}", font_name=name, pagesize=A4,
                        margins=MARGINS, later_head=marks.height, decorate=marks, invariant=invariant)
    return PdfOutput(data, pages, tuple(warnings))
