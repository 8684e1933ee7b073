"""Moves that persist: a stage move with the event it stands for, side states, adjustments.

Each asks the pure rules (`rules.py`) first, with this workspace's actor, and
on success writes through the owners in one transaction — the facts of the
event, the new stage, a history entry and one audit entry. A refusal is
audited too and returned, never half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import authority
from ..domain.stages import ESCALATIONS, SideState, Stage, stages_between
from ..errors import XxhError
from ..storage.changes import NOTHING, Changes
from ..storage.owner import plain
from .facts import load_facts
from .rules import BACKWARD_EVENT, EVENTS, check_clear_side_state, check_move, check_side_state, with_event

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass(frozen=True)
class MoveResult:
    ok: bool
    refusals: tuple[str, ...] = ()
    event: str = ""
    changes: Changes = NOTHING

    def __bool__(self) -> bool:
        return self.ok


_EVENT_FACTS = ("approval_date", "approval_doc_no", "plan_year", "initial_acceptance_date",
                "initial_acceptance_result", "final_acceptance_date", "self_eval_office_date",
                "self_eval_finance_date")


def move_stage(ws: Workspace, project_id: str, to: Stage | str, *, on: date, reason: str = "",
               details: dict[str, Any] | None = None, recorded: dict[str, str] | None = None) -> MoveResult:
    """Move a project to stage `to` on date `on`, if the regulation allows it.

    Returns the refusals (each naming its article) or records, in one
    transaction: the facts of the event the move stands for, the new stage,
    a history entry and an audit entry. `details` carries what an event
    needs beyond its date (approval_doc_no, plan_year). `recorded` (by, at,
    event, reason) is the history entry as the other side made it, when an
    import makes its move again here.
    """
    to = Stage.parse(to)
    details = details or {}
    with ws.transaction() as tx:
        project = ws.projects.get(project_id)
        facts = load_facts(ws, project.id)
        refusals = check_move(facts, to, on, reason=reason, details=details, actor=ws.actor)
        if refusals:
            ws.audit_log.append("移动阶段", project.label, before=facts.stage.value, after=to.value,
                                result="拒绝：" + "；".join(refusals))
            return MoveResult(False, tuple(refusals))
        backward = to < facts.stage
        after = facts
        events = []
        if not backward:
            for stage in stages_between(facts.stage, to):
                after = with_event(after, stage, on, details)
                events.append(EVENTS[stage].name)
        changed = {n: getattr(after, n) for n in _EVENT_FACTS if getattr(after, n) != getattr(facts, n)}
        ws.projects.update(project.id, {"stage": to, **changed}, action=None)
        if not backward and Stage.DECLARED in stages_between(facts.stage, to):
            ws.declarations.mark(project.id, "已申报", declared_on=on)
        if backward and to < Stage.DECLARED:
            ws.declarations.mark(project.id, "草稿")
        event = BACKWARD_EVENT if backward else "、".join(events)
        note = reason.strip()
        if not note and "approval_doc_no" in changed:
            note = f"批准文号：{changed['approval_doc_no']}"
        if recorded:
            ws.history.add(project.id, facts.stage, to, on=on, reason=recorded["reason"], event=recorded["event"],
                           by=recorded["by"], at=recorded["at"])
        else:
            ws.history.add(project.id, facts.stage, to, on=on, reason=note, event=event)
        ws.audit_log.append("移动阶段", project.label, before={"stage": facts.stage.value},
                            after={"stage": to.value, "event": event, "on": on.isoformat(),
                                   "reason": reason.strip(), **{k: plain(v) for k, v in changed.items()}})
    return MoveResult(True, (), event, tx.changes)


# ---------------------------------------------------------------------------
# Side states (shown on the card, not as columns)
# ---------------------------------------------------------------------------


def _side_state_owner(ws: Workspace, unit: str) -> list[str]:
    """第九条、第十条、第二十条: returns, refusals and rectification orders are the office's."""
    why = authority.field_refusal(ws.actor, "project.side_state", unit)
    return [why] if why else []


def set_side_state(ws: Workspace, project_id: str, state: SideState | str | None, *, on: date | None = None,
                   reason: str = "", supply_list: str = "", deadline: date | None = None) -> MoveResult:
    """Set a side state (audited, in the history); 整改中 opens a rectification with its deadline.

    `state=None` lifts the current one (`clear_side_state`). Setting 退回补充 again
    with a different list updates what the unit must supply. `on` defaults to today.
    """
    on = on or date.today()
    if state is None:
        return clear_side_state(ws, project_id, on=on, reason=reason)
    state = SideState.parse(state)
    with ws.transaction() as tx:
        project = ws.projects.get(project_id)
        facts = load_facts(ws, project.id)
        if state == facts.side_state == SideState.RETURNED and supply_list.strip() != facts.supply_list:
            facts = replace(facts, side_state=None)  # a new list for the same return
        refusals = _side_state_owner(ws, project.unit) or check_side_state(
            facts, state, on, reason=reason, supply_list=supply_list, deadline=deadline)
        if refusals:
            ws.audit_log.append("设置状态", project.label, before=(facts.side_state or ""), after=state.value,
                                result="拒绝：" + "；".join(refusals))
            return MoveResult(False, tuple(refusals))
        values: dict[str, Any] = {"side_state": state}
        text = reason.strip()
        if state == SideState.RETURNED:
            values["supply_list"] = supply_list.strip()
            text = f"{text}；需补充：{supply_list.strip()}"
        if state == SideState.RECTIFYING:
            assert deadline is not None
            ws.rectifications.issue(project.id, reason.strip(), deadline, on)
            text = f"{text}；整改期限：{deadline.isoformat()}"
        ws.projects.update(project.id, values, action=None)
        ws.history.add(project.id, facts.stage, facts.stage, on=on, reason=text, event=f"设置状态：{state}",
                       side_state=state.value)
        ws.audit_log.append("设置状态", project.label, before={"side_state": facts.side_state},
                            after={"side_state": state.value, "on": on.isoformat(), "reason": text})
    return MoveResult(True, (), f"设置状态：{state}", tx.changes)


def clear_side_state(ws: Workspace, project_id: str, *, on: date | None = None, reason: str = "",
                     result: str = "") -> MoveResult:
    """Lift the current side state. 已终止 and 不予批准 are final; lifting 整改中 closes its
    rectification with `result` (e.g. 已整改, or 整改后仍不符合要求 — 第二十条)."""
    on = on or date.today()
    with ws.transaction() as tx:
        project = ws.projects.get(project_id)
        facts = load_facts(ws, project.id)
        side = facts.side_state
        refusals = _side_state_owner(ws, project.unit) or check_clear_side_state(facts, reason=reason)
        if refusals:
            ws.audit_log.append("解除状态", project.label, before=(side or ""), result="拒绝：" + "；".join(refusals))
            return MoveResult(False, tuple(refusals))
        assert side is not None
        # 第二十条: an escalation replaced 整改中 but the 整改 stays open until the
        # project is released; lifting either closes it (else it stays overdue forever).
        closes = side == SideState.RECTIFYING or (side in ESCALATIONS and bool(ws.rectifications.open_of(project.id)))
        if closes:
            ws.rectifications.close_open(project.id, on, result.strip() or "已整改")
        values: dict[str, Any] = {"side_state": None}
        if side == SideState.RETURNED:
            values["supply_list"] = ""
        ws.projects.update(project.id, values, action=None)
        ws.audit_log.append("解除状态", project.label, before={"side_state": side.value},
                            after={"on": on.isoformat(), "reason": reason.strip()})
        text = reason.strip() + (f"；整改结果：{result.strip() or '已整改'}" if closes else "")
        ws.history.add(project.id, facts.stage, facts.stage, on=on, reason=text, event=f"解除状态：{side}",
                       side_state=side.value)
    return MoveResult(True, (), f"解除状态：{side}", tx.changes)


def escalation_flags(ws: Workspace, on: date, project_id: str | None = None) -> dict[str, str]:
    """第二十条: projects whose 限期整改 is overdue → a message offering 暂缓 / 暂停 / 终止.

    For one project with `project_id` (a window redrawing the card that changed).
    """
    opened = ({project_id: ws.rectifications.open_of(project_id)} if project_id
              else ws.rectifications.open_all())
    out = {}
    for pid, rects in opened.items():
        due = min((r.deadline for r in rects), default=None)
        # Few projects have an open 整改: their side state is read one by one, not all 10,000.
        if due is not None and due < on and ws.projects.get(pid).side_state != SideState.TERMINATED:
            out[pid] = f"第二十条：限期整改已逾期（期限 {due.isoformat()}），可暂缓安排投资计划、暂停项目建设直至终止项目"
    return out


# ---------------------------------------------------------------------------
# 项目调整申请 (第十五条)
# ---------------------------------------------------------------------------


def request_adjustment(ws: Workspace, project_id: str, content: str, *, requested_on: date) -> int:
    """第十五条: the unit asks the county government to adjust the project."""
    if not content.strip():
        raise XxhError("第十五条：项目调整申请须写明调整内容。")
    with ws.transaction():
        project = ws.projects.get(project_id)
        adjustment = ws.adjustments.request(project.id, content.strip(), requested_on)
        ws.history.add(project.id, project.stage, project.stage, on=requested_on, reason=content.strip(),
                       event="项目调整申请")
    return adjustment


def record_adjustment(ws: Workspace, adjustment_id: int, *, county_approved_on: date | None = None,
                      office_filed_on: date | None = None) -> None:
    """第十五条: the county's approval of an adjustment, and its 备案 with 县智慧办."""
    with ws.transaction():
        pid, adjustment = ws.adjustments.get(adjustment_id)
        project = ws.projects.get(pid)
        values: dict[str, date] = {}
        if county_approved_on:
            if county_approved_on < adjustment.requested_on:
                raise XxhError("第十五条：县政府批准日期不能早于调整申请日期。")
            values["county_approved_on"] = county_approved_on
        if office_filed_on:
            values["office_filed_on"] = office_filed_on
        if not values:
            return
        ws.adjustments.record(adjustment_id, values)
        if county_approved_on:
            ws.history.add(project.id, project.stage, project.stage, on=county_approved_on,
                           reason=adjustment.content, event="项目调整县政府批准")
        if office_filed_on:
            ws.history.add(project.id, project.stage, project.stage, on=office_filed_on,
                           reason=adjustment.content, event="项目调整县智慧办备案")
