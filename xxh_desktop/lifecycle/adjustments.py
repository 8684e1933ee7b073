"""第十五条, pure: the 投资概算 the county approved, and the adjustments that change it.

A project is built «严格按照县政府批准的审核意见和投资概算»; an adjustment is asked
by the unit of the county government, approved by it, then filed (备案) with the
office — each step once, in that order, dated after the one before and not after
today. `moves.py` records them through the owners.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.fields import ADJUSTMENT_KINDS
from ..domain.stages import SideState, Stage
from .chronology import Dates, new_problems, order_problems
from .rules import CLASSIFIED, Facts, closed_refusal


def approved_investment(investment: Decimal | None, adjustments: list[Any]) -> Decimal | None:
    """The 投资额 the county approved: the declaration's, or the latest county-approved
    投资概算 adjustment's (`Adjustment` records, oldest first)."""
    approved = [a for a in adjustments if a.kind == "投资概算" and a.county_approved_on and a.new_investment]
    if approved:
        return max(approved, key=lambda a: (a.county_approved_on, a.id)).new_investment
    return investment


def adjustment_request_refusals(facts: Facts, kind: str, content: str, new_investment: Decimal | None,
                                requested_on: date, today: date) -> list[str]:
    """第十五条: an approved project, a kind, what changes, and a date after the approval."""
    out = [CLASSIFIED] if facts.classified else []
    if (why := closed_refusal(facts)) is not None:
        out.append(why)
    elif facts.side_state == SideState.TERMINATED:
        out.append("第二十条：项目已终止，不能申请调整")
    if facts.stage < Stage.APPROVED or facts.approval_date is None:
        out.append(f"第十五条：项目尚未经县政府批准（在「{facts.stage}」阶段），没有可调整的审核意见和投资概算")
    if kind not in ADJUSTMENT_KINDS:
        out.append(f"第十五条：请选择调整类别（{'、'.join(ADJUSTMENT_KINDS)}）")
    if not content.strip():
        out.append("第十五条：项目调整申请须写明调整内容")
    if kind == "投资概算" and (new_investment is None or new_investment <= 0):
        out.append("第十五条：调整投资概算须填写调整后投资额（万元）")
    if kind != "投资概算" and new_investment is not None:
        out.append("第十五条：只有投资概算调整填写调整后投资额")
    out += order_problems({"project.approval_date": facts.approval_date, "adjustment.requested_on": requested_on},
                          today)
    return out


def adjustment_record_refusals(facts: Facts, adjustment: Any, what: str, on: date, today: date) -> list[str]:
    """第十五条: the county approves a request, then the office files it (`what`: county_approved_on
    or office_filed_on), each once, in that order, and not before the step it follows."""
    out = [CLASSIFIED] if facts.classified else []
    if facts.side_state in (SideState.TERMINATED, SideState.REJECTED):
        out.append(f"第十五条：项目已「{facts.side_state}」，不能再办理调整")
    if what == "county_approved_on" and adjustment.county_approved_on is not None:
        out.append(f"第十五条：该调整已于 {adjustment.county_approved_on.isoformat()} 经县政府批准")
    if what == "office_filed_on":
        if adjustment.office_filed_on is not None:
            out.append(f"第十五条：该调整已于 {adjustment.office_filed_on.isoformat()} 备案")
        if adjustment.county_approved_on is None:
            out.append("第十五条：该调整尚未经县政府批准，不能备案（先记录县政府批准）")
    dates: Dates = {"adjustment.requested_on": adjustment.requested_on,
                    "adjustment.county_approved_on": adjustment.county_approved_on,
                    "adjustment.office_filed_on": adjustment.office_filed_on}
    out += new_problems(dates, {**dates, f"adjustment.{what}": on}, today)
    return out
