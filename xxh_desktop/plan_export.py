"""The annual plan written out: .xlsx for 财政局 and 发改委, .pdf for stamping (第七条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import authority
from .annual_plan import annual_plan
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class PlanExport:
    path: Path
    rows: int
    pages: int | None = None            # PDF only
    warnings: tuple[str, ...] = ()       # characters the font lacks (PDF only)

    @property
    def summary(self) -> str:
        return f"{self.rows} 个项目" + (f"，{self.pages} 页" if self.pages else "")


def export_plan(ws: Workspace, year: int, out: str | Path, *, made_on: date | None = None) -> PlanExport:
    """Write the plan of `year` as .xlsx or .pdf (by the suffix of `out`), audited; the audit
    chain's anchor is printed in its footer (`audit_anchors`)."""
    authority.require_document(ws.actor, "年度计划")
    path = Path(out)
    plan = annual_plan(ws, year)
    anchor = ws.audit_log.head().printed
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from .excel.plan import write_plan_xlsx

        write_plan_xlsx(plan, path, made_on=made_on, footer=anchor)
        result = PlanExport(path, len(plan.rows))
    elif suffix == ".pdf":
        from .printing.plan_pdf import render_plan
        from .printing.registry import font_setting

        pdf = render_plan(plan, font_setting(ws), made_on=made_on, footnote=anchor)
        pdf.write(path)
        result = PlanExport(path, len(plan.rows), pdf.pages, pdf.warnings)
    else:
        raise XxhError(f"年度计划只能导出为 .xlsx 或 .pdf：{path.name}")
    ws.audit_log.append("导出年度计划", plan.title, after={"file": str(path), "rows": len(plan.rows),
                                                        "investment": str(plan.totals["investment"])})
    return result
