"""The office's review of 附件2 办公电脑采购申报 cases (第五条第二款: «报县智慧办审核»).

A short flow of its own: 已申报 → 审核中 → 通过 / 退回修改 / 不予通过, each
decision with a written opinion, who and when. A case sent back (退回修改)
comes in again as 已申报 when the unit resubmits it. The procurements owner
refuses every step of it to a department.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .domain.records import ProcurementCase
from .domain.stages import CASE_DECISIONS, CASE_STATUSES, CaseStatus
from .errors import XxhError
from .storage.changes import Changes

if TYPE_CHECKING:
    from .workspace import Workspace

STATUSES = CASE_STATUSES
DECISIONS = CASE_DECISIONS
# 第五条第二款: the allowed moves of the office's review.
TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.DECLARED: (CaseStatus.REVIEWING,),
    CaseStatus.REVIEWING: CASE_DECISIONS,
}
DEFAULT_APPROVAL_TEXT = "经审核，同意采购。"


def allowed(status: CaseStatus | str) -> tuple[CaseStatus, ...]:
    """Where a case in `status` may go next."""
    return TRANSITIONS.get(CaseStatus(status), ())


def _check_move(case: ProcurementCase, to: CaseStatus) -> None:
    if to not in allowed(case.status):
        nexts = "、".join(allowed(case.status)) or "无（审核已结束或尚未申报）"
        raise XxhError(f"第五条第二款：采购申报 {case.label} 当前为「{case.status}」，"
                       f"不能改为「{to}」。可办理：{nexts}。")


def start_review(ws: Workspace, key: str) -> Changes:
    """已申报 → 审核中."""
    with ws.transaction() as tx:
        case = ws.procurements.get(key)
        _check_move(case, CaseStatus.REVIEWING)
        ws.procurements.review(case.id, CaseStatus.REVIEWING)
    return tx.changes


def decide(ws: Workspace, key: str, to: CaseStatus | str, opinion: str, *, on: date | None = None) -> Changes:
    """审核中 → 通过 / 退回修改 / 不予通过, with the office's written opinion."""
    try:
        decision = CaseStatus(to)
    except ValueError:
        decision = None
    if decision not in DECISIONS:
        raise XxhError(f"审核结论「{to}」无效，应为：{'、'.join(DECISIONS)}。")
    assert decision is not None
    opinion = opinion.strip()
    if not opinion:
        if decision != CaseStatus.PASSED:
            raise XxhError(f"第五条第二款：「{decision}」须写明审核意见（退回修改写明修改要求，不予通过写明理由）。")
        opinion = DEFAULT_APPROVAL_TEXT
    with ws.transaction() as tx:
        case = ws.procurements.get(key)
        _check_move(case, decision)
        ws.procurements.review(case.id, decision, opinion=opinion, reviewed_by=ws.actor.who,
                               reviewed_on=on or date.today())
    return tx.changes


def review_rows(ws: Workspace) -> list[ProcurementCase]:
    """Every case the office sees (not the units' drafts), by number."""
    return ws.procurements.list(submitted_only=True)


def machine_rows(ws: Workspace) -> list[ProcurementCase]:
    """The cases this machine's list shows: the office sees what was submitted; a department
    sees its own cases, drafts included — an unsubmitted 附件2 must not vanish from sight."""
    actor = ws.actor
    if actor.is_department:
        return [c for c in ws.procurements.list() if c.unit == actor.unit]
    return review_rows(ws)
