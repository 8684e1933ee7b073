"""What a project's record says about its own regularity: the marks `show`, the ledger and
the window print beside it, each with its article.

逾期申报 and 当年申报 (第五条, handled as 临时 projects: 第七条), a 绩效自评价报告
sent late (第十八条), 项目调整 and their state (第十五条), a contract above the
approved 投资额 (第十五条), 暂缺 materials the office has not accepted (第八条),
and 涉密 (第三条). Read from the recorded facts, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from . import deadlines
from .domain.materials import declaration_kinds
from .domain.records import Adjustment, Project
from .domain.stages import Stage
from .lifecycle.adjustments import approved_investment
from .lifecycle.rules import contract_refusals

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class Flag:
    kind: str     # late_declaration / same_year / late_report / adjustment / contract / absent / classified
    text: str     # Chinese, naming its article
    short: str = ""   # a few characters, for the ledger's 标记 column

    def __str__(self) -> str:
        return self.text


def declaration_flag(declared_on: date | None, budget_year: int, month_day: str) -> Flag | None:
    """第五条: declared after the yearly deadline for the budget year, or within that year itself."""
    if not deadlines.is_late_declaration(declared_on, budget_year, month_day):
        return None
    assert declared_on is not None
    due = deadlines.deadline_in_year(month_day, budget_year - 1)
    if declared_on.year >= budget_year:
        return Flag("same_year", f"当年申报：{budget_year}年度项目于 {declared_on.isoformat()} 申报，"
                                 f"晚于上年申报截止日 {due.isoformat()}（第五条；按第七条临时项目程序报批）",
                    "当年申报（第五条）")
    return Flag("late_declaration", f"逾期申报：申报日期 {declared_on.isoformat()} 晚于截止日 {due.isoformat()}"
                                    "（第五条；按第七条临时项目程序报批）", "逾期申报（第五条）")


def adjustment_flag(adjustments: list[Adjustment]) -> Flag | None:
    """第十五条: the project's adjustments and where each stands."""
    if not adjustments:
        return None
    parts = [f"{a.kind or '调整'} {a.requested_on.isoformat()} 申请，{a.state}" for a in adjustments]
    open_ = sum(1 for a in adjustments if a.office_filed_on is None)
    return Flag("adjustment", f"项目调整 {len(adjustments)} 项（第十五条）：" + "；".join(parts),
                f"调整{len(adjustments)}项" + (f"（{open_}项未备案）" if open_ else "") + "（第十五条）")


def _flags(p: Project, declared_on: date | None, month_day: str, adjustments: list[Adjustment],
           late: list[deadlines.LateReport], investment: Decimal | None) -> list[Flag]:
    out: list[Flag] = []
    if p.classified:
        out.append(Flag("classified", f"涉密项目，不属于本办法管辖范围（第三条）：{p.classified_note}", "涉密（第三条）"))
    if p.stage != Stage.DRAFT and (f := declaration_flag(declared_on, p.year, month_day)) is not None:
        out.append(f)
    out += [Flag("late_report", r.text, f"自评价逾期报送{r.recipient}（第十八条）") for r in late]
    if (f := adjustment_flag(adjustments)) is not None:
        out.append(f)
    out += [Flag("contract", why, "合同超批准投资额（第十五条）")
            for why in contract_refusals(p.contract_amount, approved_investment(investment, adjustments))]
    return out


def project_flags(ws: Workspace, key: str) -> list[Flag]:
    """Every mark of one project (number or UUID)."""
    p = ws.projects.get(key)
    decl = ws.declarations.get(p.id)
    out = _flags(p, decl.declared_on, deadlines.declaration_deadline_setting(ws), ws.adjustments.of(p.id),
                 deadlines.late_reports(ws, p.id), decl.investment)
    if p.stage > Stage.DECLARED:
        # 第八条: a 暂缺 declaration material the office has not accepted holds every later gate.
        mats = ws.materials.by_kind(p.id)
        absent = [k for k in declaration_kinds(p.is_existing_system)
                  if k in mats and not mats[k].sm3 and not mats[k].accepted_reason]
        if absent:
            out.append(Flag("absent", f"申报材料暂缺未补交：{'、'.join(absent)}（第八条：报县政府批准前须补交，"
                                      "或由县智慧办写明同意暂缺的理由）", "材料暂缺（第八条）"))
    return out


def all_flags(ws: Workspace) -> dict[str, list[Flag]]:
    """Every project's marks, by project id, in a handful of reads (the ledger, 10,000 projects)."""
    month_day = deadlines.declaration_deadline_setting(ws)
    summaries = {s.id: s for s in ws.views.summaries()}
    adjustments = ws.adjustments.all()
    late: dict[str, list[deadlines.LateReport]] = {}
    for r in deadlines.late_reports(ws):
        late.setdefault(r.project_id, []).append(r)
    return {p.id: _flags(p, summaries[p.id].declared_on, month_day, adjustments.get(p.id, []), late.get(p.id, []),
                         summaries[p.id].investment)
            for p in ws.projects.all()}
