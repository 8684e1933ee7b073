"""The annual plan written out: .xlsx for 财政局 and 发改委, .pdf for stamping (第七条)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import authority
from .annual_plan import Plan, annual_plan
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class PlanExport:
    path: Path
    rows: int
    pages: int | None = None            # PDF only
    warnings: tuple[str, ...] = ()       # the plan not compiled yet; characters the font lacks (PDF)

    @property
    def summary(self) -> str:
        return f"{self.rows} 个项目" + (f"，{self.pages} 页" if self.pages else "")


def plan_warnings(plan: Plan) -> list[str]:
    """What the clerk should know before the plan goes out (第七条)."""
    out = plan.compile_problems()
    if plan.compiled_on is None:
        out.append(f"第七条：{plan.year}年度计划尚未编制（未记录编制日期），打印件的编制日期留空；"
                   "报送备案前请先编制计划")
    return out


def export_plan(ws: Workspace, year: int, out: str | Path) -> PlanExport:
    """Write the plan of `year` as .xlsx or .pdf (by the suffix of `out`), audited; the audit
    chain's anchor is printed in its footer (`audit_anchors`).

    第七条: an empty year is refused rather than printed as a zero plan."""
    authority.require_document(ws.actor, "年度计划")
    path = ws.check_output(out)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise XxhError(f"年度计划只能导出为 .xlsx 或 .pdf：{path.name}")
    plan = annual_plan(ws, year)
    if plan.is_empty:
        raise XxhError(f"第七条：{year}年度没有经县政府批准列入计划或临时报批的项目，不生成空白的计划表"
                       "（请核对年度，或先将经县政府批准的项目列入计划）。")
    anchor = ws.audit_log.head().printed
    warnings = plan_warnings(plan)
    if suffix == ".xlsx":
        from .excel.plan import write_plan_xlsx

        write_plan_xlsx(plan, path, footer=anchor)
        result = PlanExport(path, len(plan.rows), warnings=tuple(warnings))
    else:
        from .printing.plan_pdf import render_plan
        from .printing.registry import font_setting

        pdf = render_plan(plan, font_setting(ws), footnote=anchor)
        pdf.write(path)
        result = PlanExport(path, len(plan.rows), pdf.pages, tuple(warnings) + pdf.warnings)
    ws.audit_log.append("导出年度计划", plan.title, after={"file": str(path), "rows": len(plan.rows),
                                                        "investment": str(plan.totals["investment"])})
    return result
