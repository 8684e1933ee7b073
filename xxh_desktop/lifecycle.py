"""The lifecycle of a project: main stages (the kanban's columns) and side states.

PRODUCT.md §4; each stage names the article it stands on.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import deadlines, settings
from .amounts import to_decimal, wan_to_yuan
from .checklist import ITEMS
from .domain.materials import (
    FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND,
    declaration_kinds,
)
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace

# Main stages, in order (第五条 … 第二十一条).
STAGES: tuple[str, ...] = (
    "草稿",
    "已申报",          # 第五条、第八条
    "审核中",          # 第九条
    "待县政府批准",    # 第十条
    "已批准·列入计划",  # 第七条、第十条
    "招标采购",        # 第十一条
    "建设实施",        # 第十二—十五条
    "初验",            # 第十六、十七条
    "试运行",          # 第十七条 (≥ 3 个月)
    "终验",            # 第十七条
    "绩效自评价",      # 第十八条 (≤ 终验后 6 个月)
    "运维",            # 第二十一条
)

# Side states, shown on the card, not as columns.
SIDE_STATES: tuple[str, ...] = (
    "退回补充",          # 第九条: returned to the department with a list to supply
    "不予批准",          # 第十条: closes the declaration
    "整改中",            # 第二十条: with a deadline
    "暂缓安排投资计划",  # 第二十条
    "暂停建设",          # 第二十条
    "已终止",            # 第二十条: final
)

# ---------------------------------------------------------------------------
# Gates, events and side states (PRODUCT.md §4). `check_move` is pure: it
# judges a `Facts` snapshot; `move_stage` loads the facts, asks `check_move`,
# and on success records the event the move stands for, the history row and
# the audit entry in one transaction.
# ---------------------------------------------------------------------------


STAGE_INDEX = {s: i for i, s in enumerate(STAGES)}
APPROVED = "已批准·列入计划"

# Side states that close the case for good.
FINAL_SIDE_STATES = ("已终止", "不予批准")
# 第二十条: only after 逾期不整改 or 整改后仍不符合要求.
ESCALATIONS = ("暂缓安排投资计划", "暂停建设", "已终止")
# The rectification result that allows escalation although the deadline was met.
RECTIFICATION_FAILED = "整改后仍不符合要求"
PROCUREMENT_METHODS = ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "单一来源", "询价", "框架协议采购")


@dataclass(frozen=True)
class Event:
    name: str           # what the move records, e.g. 初验合格
    needs_date: bool    # the GUI asks for the date it happened
    needs_doc_no: bool = False


# The event each forward move stands for (stage_history.event).
EVENTS: dict[str, Event] = {
    "已申报": Event("提交申报", True),              # 第五条: declared_on
    "审核中": Event("开始审核", False),             # 第九条
    "待县政府批准": Event("报县政府批准", False),   # 第十条
    APPROVED: Event("县政府批准", True, True),      # 第十条: approval date and 文号
    "招标采购": Event("启动招标采购", False),       # 第十一条
    "建设实施": Event("开工建设", False),           # 第十二条
    "初验": Event("组织初验", False),               # 第十六条
    "试运行": Event("初验合格", True),              # 第十七条: the trial starts that day
    "终验": Event("终验通过", True),                # 第十七条
    "绩效自评价": Event("投入运行", False),         # 第十八条: the 6 months run from 终验
    "运维": Event("绩效自评价报告报送", True),      # 第十八条: sent to 智慧办 and 财政局
}
BACKWARD_EVENT = "退回"


def stage_index(stage: str) -> int:
    if stage not in STAGE_INDEX:
        raise XxhError(f"未知的阶段「{stage}」。可用的阶段：{'、'.join(STAGES)}")
    return STAGE_INDEX[stage]


def is_backward(from_stage: str, to_stage: str) -> bool:
    return stage_index(to_stage) < stage_index(from_stage)


@dataclass(frozen=True)
class Facts:
    """What the gates look at, for one project."""

    stage: str
    side_state: str = ""
    supply_list: str = ""
    is_existing_system: bool = False
    declaration_problems: tuple[str, ...] = ()
    materials: dict[str, str] = field(default_factory=dict)  # kind → '' (file) or the 暂缺 reason
    checklist_answered: frozenset[str] = frozenset()
    checklist_needs_supply: frozenset[str] = frozenset()  # items answered 需补充
    has_opinion: bool = False
    approval_date: date | None = None
    approval_doc_no: str = ""
    plan_year: int | None = None
    temp_approval_date: date | None = None
    responsible_person: str = ""
    supplier: str = ""
    contract_date: date | None = None
    initial_acceptance_date: date | None = None
    initial_acceptance_result: str = ""
    final_acceptance_date: date | None = None
    self_eval_office_date: date | None = None
    self_eval_finance_date: date | None = None
    open_rectification_deadline: date | None = None  # earliest open 整改 deadline
    rectification_failed: bool = False               # a closed 整改 still 不符合要求
    role: str | None = None                          # this machine's side (settings.role)

    def has_file(self, kind: str) -> bool:
        return self.materials.get(kind) == ""

    def has_or_waived(self, kind: str) -> bool:
        return kind in self.materials


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _declaration_problems(ws: Workspace, project_id: str) -> tuple[str, ...]:
    """What keeps 附件1 from being 已申报: the form's rules (§5.1) and the 第八条
    materials, as `submission.declaration_problems` states them (the rules live there, once)."""
    from .submission import declaration_problems

    out = []
    for p in declaration_problems(ws, project_id):
        msg = str(getattr(p, "message", p))
        # 第五条: 附件1 is what is submitted; form messages name no article of their own.
        out.append(msg if msg.startswith("第") else f"第五条：申报表（附件1）{msg}")
    return tuple(out)


def load_facts(ws: Workspace, project_id: str) -> Facts:
    p = ws.project(project_id)
    pid = p["id"]
    materials = {m["kind"]: ("" if m["sm3"] else (m["waived_reason"] or "暂缺"))
                 for m in ws.materials(pid)}
    answered = frozenset(r["item_key"] for r in ws.query(
        "SELECT item_key FROM checklist_answers WHERE project_id = ? AND answer != ''", (pid,)))
    needs_supply = frozenset(r["item_key"] for r in ws.query(
        "SELECT item_key FROM checklist_answers WHERE project_id = ? AND answer = '需补充'", (pid,)))
    opinion = ws.query_one("SELECT 1 AS x FROM opinions WHERE project_id = ?", (pid,)) is not None
    rect = ws.query_one("SELECT min(deadline) AS d FROM rectifications WHERE project_id = ? "
                        "AND closed_on IS NULL", (pid,))
    failed = ws.query_one("SELECT count(*) AS n FROM rectifications WHERE project_id = ? "
                          "AND closed_on IS NOT NULL AND result = ?", (pid, RECTIFICATION_FAILED))
    return Facts(
        stage=p["stage"], side_state=p["side_state"] or "", supply_list=p["supply_list"] or "",
        is_existing_system=bool(p["is_existing_system"]),
        declaration_problems=_declaration_problems(ws, pid),
        materials=materials,
        checklist_answered=answered, checklist_needs_supply=needs_supply, has_opinion=opinion,
        approval_date=_d(p["approval_date"]), approval_doc_no=p["approval_doc_no"] or "",
        plan_year=p["plan_year"], temp_approval_date=_d(p["temp_approval_date"]),
        responsible_person=p["responsible_person"] or "", supplier=p["supplier"] or "",
        contract_date=_d(p["contract_date"]),
        initial_acceptance_date=_d(p["initial_acceptance_date"]),
        initial_acceptance_result=p["initial_acceptance_result"] or "",
        final_acceptance_date=_d(p["final_acceptance_date"]),
        self_eval_office_date=_d(p["self_eval_office_date"]),
        self_eval_finance_date=_d(p["self_eval_finance_date"]),
        open_rectification_deadline=_d(rect["d"] if rect else None),
        rectification_failed=bool(failed and failed["n"]),
        role=settings.role(ws),
    )


def _apply_event(facts: Facts, stage: str, on: date, details: dict[str, Any]) -> Facts:
    """The facts as they will be once the move into `stage` on `on` records its event."""
    if stage == APPROVED:
        return replace(facts, approval_date=on,
                       approval_doc_no=(details.get("approval_doc_no") or facts.approval_doc_no).strip(),
                       plan_year=details.get("plan_year", facts.plan_year))
    if stage == "试运行":
        return replace(facts, initial_acceptance_date=on, initial_acceptance_result="合格")
    if stage == "终验":
        return replace(facts, final_acceptance_date=on)
    if stage == "运维":
        return replace(facts, self_eval_office_date=details.get("self_eval_office_date")
                       or facts.self_eval_office_date or on,
                       self_eval_finance_date=details.get("self_eval_finance_date")
                       or facts.self_eval_finance_date or on)
    return facts


def _quote(kinds: list[str]) -> str:
    return "、".join(f"「{k}」" for k in kinds)


def gate_refusals(facts: Facts, stage: str, on: date) -> list[str]:
    """Why `facts` may not enter `stage` on `on` (facts already carry the move's event)."""
    out: list[str] = []
    if stage == "已申报":
        # 第五条、第八条: 附件1 complete and valid; each 第八条 material (and, for
        # already-built systems, the 现有软硬件资源情况) attached or marked 暂缺 with a reason.
        out += list(facts.declaration_problems)
    elif stage == "待县政府批准":
        # 第九条: every review item answered; 第十条: a written opinion formed.
        missing = [i.title for i in ITEMS if i.key not in facts.checklist_answered]
        if missing:
            out.append(f"第九条：审核清单尚有 {len(missing)} 项未回答（{'；'.join(missing)}）")
        pending = [i.title for i in ITEMS if i.key in facts.checklist_needs_supply]
        if pending:
            # An item still 需补充 is not yet reviewed, whatever opinion is on file.
            out.append(f"第九条：审核清单尚有 {len(pending)} 项需补充（{'；'.join(pending)}），"
                       "补充并重新审核后方可报县政府批准")
        if not facts.has_opinion:
            out.append("第十条：尚未形成书面审核意见（请在审核面板写出审核意见）")
    elif stage == APPROVED:
        # 第十条: approved by the county government — date and document number.
        if facts.approval_date is None:
            out.append("第十条：未记录县政府批准日期")
        if not facts.approval_doc_no:
            out.append("第十条：未记录县政府批准文号（请填写批准文件的文号）")
    elif stage == "招标采购":
        # 第七条: in the annual plan, or a 临时 project approved through the procedure.
        if facts.plan_year is None and facts.temp_approval_date is None:
            out.append("第七条：项目未列入年度政务信息化项目建设计划，也没有临时项目报批的批准记录")
    elif stage == "建设实施":
        # 第十二条: a 项目责任人; 第十一条: procurement done and the contract signed.
        if not facts.responsible_person.strip():
            out.append("第十二条：项目建设单位须确定项目责任人（尚未填写项目责任人）")
        missing = [label for label, ok in (("合同签订日期", facts.contract_date is not None),
                                           ("中标供应商", bool(facts.supplier.strip()))) if not ok]
        if missing:
            out.append(f"第十一条：尚未记录采购合同（缺少{'、'.join(missing)}）")
    elif stage == "试运行":
        # 第十七条: the trial starts on the day 初验 is passed.
        if facts.initial_acceptance_date is None or facts.initial_acceptance_result != "合格":
            out.append("第十七条：须记录初验合格的日期，试运行自该日起算")
    elif stage == "终验":
        # 第十七条: 初验合格 and 3 calendar months of 试运行, then the listed materials.
        ia = facts.initial_acceptance_date
        if ia is None or facts.initial_acceptance_result != "合格":
            out.append("第十七条：尚未记录初验合格，不能终验")
        else:
            end = deadlines.trial_end(ia)
            if on < end:
                out.append(f"第十七条：初验合格后试运行满3个月方可终验（试运行至 {end.isoformat()} 届满）")
        missing = [k for k in FINAL_ACCEPTANCE_KINDS if not facts.has_file(k)]
        if missing:
            out.append(f"第十七条：终验材料缺少{_quote(missing)}")
        if not facts.has_file(FINAL_REPORT_KIND):
            out.append(f"第十七条：终验须形成终验报告（请附上「{FINAL_REPORT_KIND}」）")
    elif stage == "绩效自评价":
        # 第十八条: the self-evaluation follows 终验 and 投入运行.
        if facts.final_acceptance_date is None:
            out.append("第十八条：尚未记录终验日期，不能进入绩效自评价")
    elif stage == "运维":
        # 第十八条: the report, sent to 县智慧办 and 县财政局.
        if not facts.has_file(SELF_EVALUATION_KIND):
            out.append(f"第十八条：须提交绩效自评价报告（请附上「{SELF_EVALUATION_KIND}」）")
    return out


def side_state_refusals(facts: Facts, forward: bool) -> list[str]:
    side = facts.side_state
    if side == "已终止":
        return ["第二十条：项目已终止，不能再移动阶段"]
    if side == "不予批准":
        return ["第十条：县政府不予批准，该申报已关闭，不能再移动阶段"]
    if not forward:
        return []
    if side == "退回补充":
        need = f"（待补充：{facts.supply_list}）" if facts.supply_list else ""
        return [f"第九条：申报已退回补充{need}，补充完毕并解除「退回补充」后方可推进"]
    if side in ("暂停建设", "暂缓安排投资计划"):
        return [f"第二十条：项目处于「{side}」状态，解除后方可推进"]
    return []


def check_move(facts: Facts, to: str, on: date, *, reason: str = "",
               details: dict[str, Any] | None = None) -> list[str]:
    """Every reason the move of a project with `facts` to `to` on `on` is refused; [] = allowed.

    A forward move over several stages must pass every gate on the way.
    """
    details = details or {}
    here, there = stage_index(facts.stage), stage_index(to)
    if here == there:
        return [f"项目已处于「{to}」阶段"]
    forward = there > here
    refusals = role_refusals(facts, to)
    refusals += side_state_refusals(facts, forward)
    if not forward:
        if not reason.strip():
            refusals.append(f"从「{facts.stage}」退回「{to}」须写明理由")
        return refusals
    current = facts
    for stage in STAGES[here + 1: there + 1]:
        current = _apply_event(current, stage, on, details)
        refusals += gate_refusals(current, stage, on)
    return refusals


# 第四条、第九条、第十条: review, the written opinion and the county's approval are
# the office's; a department (项目建设单位) declares, then builds, accepts, evaluates
# and runs its project.
OFFICE_STAGES = ("审核中", "待县政府批准", APPROVED)


def role_refusals(facts: Facts, to: str) -> list[str]:
    """A department machine may not move a project into or out of the office's stages."""
    if facts.role != settings.ROLE_UNIT:
        return []
    if to in OFFICE_STAGES or (facts.stage in OFFICE_STAGES and facts.stage != APPROVED):
        return ["第九条、第十条：审核、报县政府批准由县智慧办办理，项目建设单位不能将项目"
                f"从「{facts.stage}」移到「{to}」；审核结果会随县智慧办的交换文件（.xxh）送达"]
    return []


@dataclass(frozen=True)
class MoveResult:
    ok: bool
    refusals: tuple[str, ...] = ()
    event: str = ""

    def __bool__(self) -> bool:
        return self.ok


def _project_changes(before: Facts, after: Facts) -> dict[str, Any]:
    names = ("approval_date", "approval_doc_no", "plan_year", "initial_acceptance_date",
             "initial_acceptance_result", "final_acceptance_date", "self_eval_office_date",
             "self_eval_finance_date")
    out = {}
    for n in names:
        a, b = getattr(after, n), getattr(before, n)
        if a != b:
            out[n] = a.isoformat() if isinstance(a, date) else a
    return out


def move_stage(ws: Workspace, project_id: str, to: str, *, on: date, by: str | None = None,
               reason: str = "", details: dict[str, Any] | None = None) -> MoveResult:
    """Move a project to stage `to` on date `on`, if the regulation allows it.

    Returns the refusals (each naming its article) or records, in one
    transaction: the facts of the event the move stands for, the new stage,
    a stage_history row and an audit entry. `details` carries what an event
    needs beyond its date (approval_doc_no, plan_year).
    """
    details = details or {}
    by = by or ws.user
    stage_index(to)
    with ws.transaction():
        proj = ws.project(project_id)
        pid, number = proj["id"], proj["number"] or proj["id"]
        facts = load_facts(ws, pid)
        refusals = check_move(facts, to, on, reason=reason, details=details)
        if refusals:
            ws.audit("移动阶段", number, before=facts.stage, after=to,
                     result="拒绝：" + "；".join(refusals))
            return MoveResult(False, tuple(refusals))
        backward = is_backward(facts.stage, to)
        after = facts
        events = []
        if not backward:
            for stage in STAGES[stage_index(facts.stage) + 1: stage_index(to) + 1]:
                after = _apply_event(after, stage, on, details)
                events.append(EVENTS[stage].name)
        changes = _project_changes(facts, after)
        _write_project(ws, proj, {"stage": to, **changes})
        if "已申报" in STAGES[stage_index(facts.stage) + 1: stage_index(to) + 1] and not backward:
            decl = ws.query_one("SELECT declared_on FROM declarations WHERE project_id = ?", (pid,))
            ws.update("declarations", {"project_id": pid},
                      {"status": "已申报", "declared_on": (decl or {}).get("declared_on") or on.isoformat()})
        if backward and stage_index(to) < stage_index("已申报"):
            ws.update("declarations", {"project_id": pid}, {"status": "草稿"})
        event = BACKWARD_EVENT if backward else "、".join(events)
        note = reason.strip()
        if not note and "approval_doc_no" in changes:
            note = f"批准文号：{changes['approval_doc_no']}"
        ws.insert("stage_history", {
            "project_id": pid, "from_stage": facts.stage, "to_stage": to, "side_state": None,
            "on_date": on.isoformat(), "at": _now(), "by": by, "reason": note, "event": event,
        })
        ws.audit("移动阶段", number, before={"stage": facts.stage},
                 after={"stage": to, "event": event, "on": on.isoformat(), "reason": reason.strip(), **changes})
    return MoveResult(True, (), event)


def _write_project(ws: Workspace, proj: dict[str, Any], values: dict[str, Any]) -> None:
    """Change project columns and bump its revision; the caller writes the one audit entry."""
    ws.update("projects", {"id": proj["id"]},
              {**values, "revision": proj["revision"] + 1, "updated_at": _now()})


def _now() -> str:
    from .workspace import now_iso

    return now_iso()


# ---------------------------------------------------------------------------
# Side states (shown on the card, not as columns)
# ---------------------------------------------------------------------------


def check_side_state(facts: Facts, state: str, on: date, *, reason: str = "",
                     supply_list: str = "", deadline: date | None = None) -> list[str]:
    """Every reason setting side state `state` on `on` is refused; [] = allowed."""
    if state not in SIDE_STATES:
        raise XxhError(f"未知的状态「{state}」。可用的状态：{'、'.join(SIDE_STATES)}")
    out: list[str] = []
    if facts.role == settings.ROLE_UNIT:
        # 第九条、第十条、第二十条: returns, refusals and rectification orders are the office's.
        return [f"第九条、第十条、第二十条：「{state}」由县智慧办或有关部门决定，项目建设单位不能自行设置或解除"]
    if facts.side_state == "已终止":
        return ["第二十条：项目已终止，状态不能再改变"]
    if facts.side_state == "不予批准":
        return ["第十条：县政府不予批准，该申报已关闭，状态不能再改变"]
    if facts.side_state == state:
        return [f"项目已处于「{state}」状态"]
    if not reason.strip():
        out.append(f"设置「{state}」须写明理由")
    idx = stage_index(facts.stage)
    if state == "退回补充":
        # 第九条: the office returns a declaration under review for supplements.
        if idx < stage_index("已申报"):
            out.append("第九条：项目尚未申报（草稿），不能退回补充")
        elif idx > stage_index("待县政府批准"):
            out.append(f"第九条：退回补充用于审核中的申报，项目已在「{facts.stage}」阶段")
        if not supply_list.strip():
            out.append("第九条：退回补充须列明需要补充的材料或内容")
    elif state == "不予批准":
        # 第十条: the county government decides on the office's opinion.
        if not stage_index("审核中") <= idx <= stage_index("待县政府批准"):
            out.append("第十条：只有审核中或待县政府批准的项目可以记为不予批准")
    elif state == "整改中":
        # 第二十条: 限期整改 — a deadline is part of the order.
        if idx < stage_index(APPROVED):
            out.append("第二十条：限期整改针对已批准实施的项目")
        if deadline is None:
            out.append("第二十条：限期整改须规定整改期限")
        elif deadline < on:
            out.append(f"第二十条：整改期限（{deadline.isoformat()}）不能早于下达日期（{on.isoformat()}）")
    elif state in ESCALATIONS:
        # 第二十条: 逾期不整改或者整改后仍不符合要求的 → 暂缓 / 暂停 / 终止.
        overdue = facts.open_rectification_deadline is not None and facts.open_rectification_deadline < on
        if not (overdue or facts.rectification_failed):
            if facts.open_rectification_deadline is not None:
                why = f"整改期限 {facts.open_rectification_deadline.isoformat()} 尚未届满"
            else:
                why = "尚无逾期未整改或整改后仍不符合要求的记录"
            out.append(f"第二十条：逾期不整改或整改后仍不符合要求的，方可{_verb(state)}（{why}）")
    return out


def _verb(state: str) -> str:
    return {"暂缓安排投资计划": "暂缓安排投资计划", "暂停建设": "暂停项目建设", "已终止": "终止项目"}[state]


def _history(ws: Workspace, pid: str, stage: str, side_state: str | None, on: date, by: str,
             reason: str, event: str) -> None:
    ws.insert("stage_history", {
        "project_id": pid, "from_stage": stage, "to_stage": stage, "side_state": side_state,
        "on_date": on.isoformat(), "at": _now(), "by": by, "reason": reason, "event": event,
    })


def set_side_state(ws: Workspace, project_id: str, state: str | None, *, on: date | None = None,
                   by: str | None = None, reason: str = "", supply_list: str = "",
                   deadline: date | None = None) -> MoveResult:
    """Set a side state (audited, in the history); 整改中 opens a rectification with its deadline.

    `state=None` lifts the current one (`clear_side_state`). Setting 退回补充 again
    with a different list updates what the unit must supply. `on` defaults to today.
    """
    on = on or date.today()
    if state is None:
        return clear_side_state(ws, project_id, on=on, by=by, reason=reason)
    by = by or ws.user
    with ws.transaction():
        proj = ws.project(project_id)
        pid, number = proj["id"], proj["number"] or proj["id"]
        facts = load_facts(ws, pid)
        if state == facts.side_state == "退回补充" and supply_list.strip() != facts.supply_list:
            facts = replace(facts, side_state="")  # a new list for the same return
        refusals = check_side_state(facts, state, on, reason=reason, supply_list=supply_list,
                                    deadline=deadline)
        if refusals:
            ws.audit("设置状态", number, before=facts.side_state, after=state,
                     result="拒绝：" + "；".join(refusals))
            return MoveResult(False, tuple(refusals))
        values: dict[str, Any] = {"side_state": state}
        text = reason.strip()
        if state == "退回补充":
            values["supply_list"] = supply_list.strip()
            text = f"{text}；需补充：{supply_list.strip()}"
        if state == "整改中":
            assert deadline is not None
            ws.insert("rectifications", {"project_id": pid, "issued_on": on.isoformat(),
                                         "findings": reason.strip(), "deadline": deadline.isoformat()})
            text = f"{text}；整改期限：{deadline.isoformat()}"
        _write_project(ws, proj, values)
        _history(ws, pid, facts.stage, state, on, by, text, f"设置状态：{state}")
        ws.audit("设置状态", number, before={"side_state": facts.side_state or None},
                 after={"side_state": state, "on": on.isoformat(), "reason": text})
    return MoveResult(True, (), f"设置状态：{state}")


def clear_side_state(ws: Workspace, project_id: str, *, on: date | None = None, by: str | None = None,
                     reason: str = "", result: str = "") -> MoveResult:
    """Lift the current side state. 已终止 and 不予批准 are final; lifting 整改中 closes its
    rectification with `result` (e.g. 已整改, or 整改后仍不符合要求 — 第二十条)."""
    on = on or date.today()
    by = by or ws.user
    with ws.transaction():
        proj = ws.project(project_id)
        pid, number = proj["id"], proj["number"] or proj["id"]
        side = proj["side_state"] or ""
        refusals = []
        if settings.role(ws) == settings.ROLE_UNIT:
            refusals.append(f"第九条、第十条、第二十条：「{side}」由县智慧办或有关部门决定，项目建设单位不能自行解除")
        elif not side:
            refusals.append("项目当前没有需要解除的状态")
        elif side == "已终止":
            refusals.append("第二十条：项目已终止，终止是最终状态，不能解除")
        elif side == "不予批准":
            refusals.append("第十条：县政府不予批准，该申报已关闭，不能解除（如需再申报请新建项目）")
        if not reason.strip():
            refusals.append("解除状态须写明理由")
        if refusals:
            ws.audit("解除状态", number, before=side, result="拒绝：" + "；".join(refusals))
            return MoveResult(False, tuple(refusals))
        # 第二十条: an escalation replaced 整改中 but the 整改 stays open until the
        # project is released; lifting either closes it (else it stays overdue forever).
        closes = side == "整改中" or (side in ESCALATIONS and ws.query_one(
            "SELECT 1 AS x FROM rectifications WHERE project_id = ? AND closed_on IS NULL", (pid,)) is not None)
        if closes:
            ws.execute("UPDATE rectifications SET closed_on = ?, result = ? WHERE project_id = ? "
                       "AND closed_on IS NULL", (on.isoformat(), result.strip() or "已整改", pid))
        values: dict[str, Any] = {"side_state": None}
        if side == "退回补充":
            values["supply_list"] = ""
        _write_project(ws, proj, values)
        ws.audit("解除状态", number, before={"side_state": side}, after={"on": on.isoformat(), "reason": reason.strip()})
        text = reason.strip() + (f"；整改结果：{result.strip() or '已整改'}" if closes else "")
        _history(ws, pid, proj["stage"], side, on, by, text, f"解除状态：{side}")
    return MoveResult(True, (), f"解除状态：{side}")


def escalation_flags(ws: Workspace, on: date) -> dict[str, str]:
    """第二十条: projects whose 限期整改 is overdue → a message offering 暂缓 / 暂停 / 终止."""
    rows = ws.query(
        "SELECT r.project_id, min(r.deadline) AS d FROM rectifications r JOIN projects p "
        "ON p.id = r.project_id WHERE r.closed_on IS NULL AND coalesce(p.side_state, '') != '已终止' "
        "GROUP BY r.project_id")
    return {r["project_id"]: f"第二十条：限期整改已逾期（期限 {r['d']}），可暂缓安排投资计划、暂停项目建设直至终止项目"
            for r in rows if date.fromisoformat(r["d"]) < on}


# ---------------------------------------------------------------------------
# 项目调整申请 (第十五条)
# ---------------------------------------------------------------------------


def request_adjustment(ws: Workspace, project_id: str, content: str, *, requested_on: date,
                       by: str | None = None) -> int:
    """第十五条: the unit asks the county government to adjust the project."""
    if not content.strip():
        raise XxhError("第十五条：项目调整申请须写明调整内容。")
    with ws.transaction():
        proj = ws.project(project_id)
        adj = ws.insert("adjustments", {"project_id": proj["id"], "content": content.strip(),
                                        "requested_on": requested_on.isoformat()})
        _history(ws, proj["id"], proj["stage"], None, requested_on, by or ws.user, content.strip(),
                 "项目调整申请")
        ws.audit("项目调整申请", proj["number"], after={"id": adj, "content": content.strip(),
                                                   "requested_on": requested_on.isoformat()})
    return adj


def record_adjustment(ws: Workspace, adjustment_id: int, *, county_approved_on: date | None = None,
                      office_filed_on: date | None = None, by: str | None = None) -> None:
    """第十五条: the county's approval of an adjustment, and its 备案 with 县智慧办."""
    with ws.transaction():
        adj = ws.query_one("SELECT * FROM adjustments WHERE id = ?", (adjustment_id,))
        if adj is None:
            raise XxhError(f"找不到项目调整申请 {adjustment_id}。")
        proj = ws.project(adj["project_id"])
        values = {}
        if county_approved_on:
            if county_approved_on < date.fromisoformat(adj["requested_on"]):
                raise XxhError("第十五条：县政府批准日期不能早于调整申请日期。")
            values["county_approved_on"] = county_approved_on.isoformat()
            _history(ws, proj["id"], proj["stage"], None, county_approved_on, by or ws.user,
                     adj["content"], "项目调整县政府批准")
        if office_filed_on:
            values["office_filed_on"] = office_filed_on.isoformat()
            _history(ws, proj["id"], proj["stage"], None, office_filed_on, by or ws.user,
                     adj["content"], "项目调整县智慧办备案")
        if values:
            ws.update("adjustments", {"id": adjustment_id}, values)
            ws.audit("项目调整记录", proj["number"], before={k: adj[k] for k in values}, after=values)


def adjustments(ws: Workspace, project_id: str) -> list[dict[str, Any]]:
    return ws.query("SELECT * FROM adjustments WHERE project_id = ? ORDER BY id", (project_id,))


# ---------------------------------------------------------------------------
# Facts the clerk edits in the project detail (第十一条, 第十二条, 第八条第二款)
# ---------------------------------------------------------------------------

_TEXT_FACTS = ("responsible_person", "procurement_method", "supplier", "supervisor_unit",
               "tester_unit", "approval_doc_no", "temp_approval_doc_no")
_DATE_FACTS = ("procurement_date", "contract_date", "temp_approval_date")
FACT_LABELS = {
    "responsible_person": "项目责任人", "procurement_method": "采购方式", "procurement_date": "采购日期",
    "supplier": "中标供应商", "contract_amount": "合同金额（万元）", "contract_date": "合同签订日期",
    "supervisor_unit": "监理单位", "tester_unit": "第三方测评单位", "approval_doc_no": "批准文号",
    "temp_approval_date": "临时报批日期", "temp_approval_doc_no": "临时报批文号", "plan_year": "列入计划年度",
}


def _parse_date(text: Any, label: str) -> str | None:
    if text in (None, ""):
        return None
    if isinstance(text, date):
        return text.isoformat()
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise XxhError(f"{label}“{text}”格式不对，应为 YYYY-MM-DD。") from None


def _parse_year(value: Any, label: str) -> int | None:
    """A year typed in a line edit («2027», «２０２７年»); XxhError unless a plausible one."""
    if value in (None, ""):
        return None
    if isinstance(value, int):
        year = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().removesuffix("年").strip()
        if not text:
            return None
        if not text.isdigit():
            raise XxhError(f"{label}“{value}”应为四位年份，例如 2027。")
        year = int(text)
    if not 2000 <= year <= 2100:
        raise XxhError(f"{label}“{value}”应为四位年份，例如 2027。")
    return year


def update_facts(ws: Workspace, project_id: str, values: dict[str, Any]) -> None:
    """Record project facts (strings, ISO dates, contract_amount as Decimal/str 万元, plan_year)."""
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in _TEXT_FACTS:
            clean[key] = str(value or "").strip()
        elif key in _DATE_FACTS:
            clean[key] = _parse_date(value, FACT_LABELS[key])
        elif key == "contract_amount":
            if value in (None, ""):
                clean[key] = None
            else:
                amount: Decimal = to_decimal(value, what="合同金额")
                if amount < 0:
                    raise XxhError("合同金额不能为负数。")
                clean[key] = wan_to_yuan(amount)
        elif key == "plan_year":
            clean[key] = _parse_year(value, FACT_LABELS[key])
        else:
            raise XxhError(f"不能在此修改「{key}」。")
    with ws.transaction():
        ws.update_project(ws.project(project_id)["id"], clean, action="修改项目信息")


# ---------------------------------------------------------------------------
# 现有软硬件资源情况 (第八条第二款)
# ---------------------------------------------------------------------------


@dataclass
class Asset:
    name: str = ""                # 品种
    quantity: int | None = None   # 数量
    purchased_on: date | None = None   # 购置时间
    warranty_until: date | None = None  # 过保时间 (feeds the deadlines)
    usage: str = ""               # 应用情况
    category: str = ""            # 硬件 / 系统软件 / 应用系统 / 数据库


def existing_assets(ws: Workspace, project_id: str) -> list[Asset]:
    return [Asset(r["name"], r["quantity"], _d(r["purchased_on"]), _d(r["warranty_until"]),
                  r["usage"], r["category"])
            for r in ws.query("SELECT * FROM existing_assets WHERE project_id = ? ORDER BY id",
                              (project_id,))]


def set_existing_assets(ws: Workspace, project_id: str, assets: list[Asset]) -> None:
    """Replace the project's list of existing hardware and software."""
    for n, a in enumerate(assets, start=1):
        if not a.name.strip():
            raise XxhError(f"现有软硬件第 {n} 行：须填写品种。")
        if a.quantity is not None and a.quantity < 0:
            raise XxhError(f"现有软硬件第 {n} 行：数量不能为负数。")
        if a.purchased_on and a.warranty_until and a.warranty_until < a.purchased_on:
            raise XxhError(f"现有软硬件第 {n} 行：过保时间早于购置时间。")
    with ws.transaction():
        pid = ws.project(project_id)["id"]
        before = len(ws.query("SELECT id FROM existing_assets WHERE project_id = ?", (pid,)))
        ws.execute("DELETE FROM existing_assets WHERE project_id = ?", (pid,))
        for a in assets:
            ws.insert("existing_assets", {
                "project_id": pid, "category": a.category.strip(), "name": a.name.strip(),
                "quantity": a.quantity,
                "purchased_on": a.purchased_on.isoformat() if a.purchased_on else None,
                "warranty_until": a.warranty_until.isoformat() if a.warranty_until else None,
                "usage": a.usage.strip(),
            })
        ws.audit("修改现有软硬件", ws.project(pid)["number"], before={"rows": before},
                 after=json.loads(json.dumps([a.__dict__ for a in assets], default=str)))


# ---------------------------------------------------------------------------
# What each gate needs, for the project detail
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GateMaterial:
    stage: str
    article: str
    kind: str
    status: str   # 已提交 / 缺 / 暂缺
    note: str = ""


def gate_materials(ws: Workspace, project_id: str) -> list[GateMaterial]:
    facts = load_facts(ws, project_id)
    needed: list[tuple[str, str, str, bool]] = [
        ("已申报", "第八条", k, True) for k in declaration_kinds(facts.is_existing_system)]
    needed += [("终验", "第十七条", k, False) for k in (*FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)]
    needed.append(("运维", "第十八条", SELF_EVALUATION_KIND, False))
    out = []
    for stage, article, kind, waivable in needed:
        if facts.has_file(kind):
            out.append(GateMaterial(stage, article, kind, "已提交"))
        elif kind in facts.materials:
            out.append(GateMaterial(stage, article, kind, "暂缺",
                                    facts.materials[kind] + ("" if waivable else "（终验须提交文件）")))
        else:
            out.append(GateMaterial(stage, article, kind, "缺"))
    return out


def key_dates(ws: Workspace, project_id: str) -> dict[str, date | None]:
    """初验, 试运行届满, 终验, 绩效自评价 due and sent — computed from the recorded facts."""
    f = load_facts(ws, project_id)
    ia_ok = f.initial_acceptance_date if f.initial_acceptance_result == "合格" else None
    return {
        "初验合格": ia_ok,
        "试运行届满（可终验）": deadlines.trial_end(ia_ok) if ia_ok else None,
        "终验": f.final_acceptance_date,
        "绩效自评价截止": deadlines.self_eval_due(f.final_acceptance_date) if f.final_acceptance_date else None,
        "报送县智慧办": f.self_eval_office_date,
        "报送县财政局": f.self_eval_finance_date,
    }
