"""The lifecycle's rules, pure: gates, side states and who may move (PRODUCT.md §4).

`check_move` judges a `Facts` snapshot and returns every refusal, each naming
its article; nothing here reads or writes the database (`moves.py` persists a
move, `facts.py` loads the snapshot). Each rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .. import authority, deadlines
from ..authority import Actor
from ..domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND
from ..domain.review_items import ITEMS
from ..domain.stages import ESCALATIONS, SideState, Stage, stages_between

RECTIFICATION_FAILED = "整改后仍不符合要求"   # 第二十条: the result that allows escalation although the deadline was met


@dataclass(frozen=True)
class Event:
    name: str           # what the move records, e.g. 初验合格
    needs_date: bool    # the window asks for the date it happened
    needs_doc_no: bool = False


# The event each forward move stands for (stage_history.event).
EVENTS: dict[Stage, Event] = {
    Stage.DECLARED: Event("提交申报", True),                  # 第五条: declared_on
    Stage.REVIEWING: Event("开始审核", False),                # 第九条
    Stage.AWAITING_APPROVAL: Event("报县政府批准", False),    # 第十条
    Stage.APPROVED: Event("县政府批准", True, True),          # 第十条: approval date and 文号
    Stage.PROCUREMENT: Event("启动招标采购", False),          # 第十一条
    Stage.CONSTRUCTION: Event("开工建设", False),             # 第十二条
    Stage.INITIAL_ACCEPTANCE: Event("组织初验", False),       # 第十六条
    Stage.TRIAL: Event("初验合格", True),                     # 第十七条: the trial starts that day
    Stage.FINAL_ACCEPTANCE: Event("终验通过", True),          # 第十七条
    Stage.SELF_EVALUATION: Event("投入运行", False),          # 第十八条: the 6 months run from 终验
    Stage.OPERATION: Event("绩效自评价报告报送", True),       # 第十八条: sent to 智慧办 and 财政局
}
BACKWARD_EVENT = "退回"


@dataclass(frozen=True)
class Facts:
    """What the gates look at, for one project."""

    stage: Stage
    side_state: SideState | None = None
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage", Stage.parse(self.stage))
        if self.side_state:
            object.__setattr__(self, "side_state", SideState.parse(self.side_state))

    def has_file(self, kind: str) -> bool:
        return self.materials.get(kind) == ""

    def has_or_waived(self, kind: str) -> bool:
        return kind in self.materials


def with_event(facts: Facts, stage: Stage, on: date, details: dict[str, Any]) -> Facts:
    """The facts as they will be once the move into `stage` on `on` records its event."""
    if stage == Stage.APPROVED:
        return replace(facts, approval_date=on,
                       approval_doc_no=(details.get("approval_doc_no") or facts.approval_doc_no).strip(),
                       plan_year=details.get("plan_year", facts.plan_year))
    if stage == Stage.TRIAL:
        return replace(facts, initial_acceptance_date=on, initial_acceptance_result="合格")
    if stage == Stage.FINAL_ACCEPTANCE:
        return replace(facts, final_acceptance_date=on)
    if stage == Stage.OPERATION:
        return replace(facts, self_eval_office_date=details.get("self_eval_office_date")
                       or facts.self_eval_office_date or on,
                       self_eval_finance_date=details.get("self_eval_finance_date")
                       or facts.self_eval_finance_date or on)
    return facts


def _quote(kinds: list[str] | tuple[str, ...]) -> str:
    return "、".join(f"「{k}」" for k in kinds)


def gate_refusals(facts: Facts, stage: Stage, on: date) -> list[str]:
    """Why `facts` may not enter `stage` on `on` (facts already carry the move's event)."""
    out: list[str] = []
    if stage == Stage.DECLARED:
        # 第五条、第八条: 附件1 complete and valid; each 第八条 material (and, for
        # already-built systems, the 现有软硬件资源情况) attached or marked 暂缺 with a reason.
        out += list(facts.declaration_problems)
    elif stage == Stage.AWAITING_APPROVAL:
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
    elif stage == Stage.APPROVED:
        # 第十条: approved by the county government — date and document number.
        if facts.approval_date is None:
            out.append("第十条：未记录县政府批准日期")
        if not facts.approval_doc_no:
            out.append("第十条：未记录县政府批准文号（请填写批准文件的文号）")
    elif stage == Stage.PROCUREMENT:
        # 第七条: in the annual plan, or a 临时 project approved through the procedure.
        if facts.plan_year is None and facts.temp_approval_date is None:
            out.append("第七条：项目未列入年度政务信息化项目建设计划，也没有临时项目报批的批准记录")
    elif stage == Stage.CONSTRUCTION:
        # 第十二条: a 项目责任人; 第十一条: procurement done and the contract signed.
        if not facts.responsible_person.strip():
            out.append("第十二条：项目建设单位须确定项目责任人（尚未填写项目责任人）")
        missing = [label for label, ok in (("合同签订日期", facts.contract_date is not None),
                                           ("中标供应商", bool(facts.supplier.strip()))) if not ok]
        if missing:
            out.append(f"第十一条：尚未记录采购合同（缺少{'、'.join(missing)}）")
    elif stage == Stage.TRIAL:
        # 第十七条: the trial starts on the day 初验 is passed.
        if facts.initial_acceptance_date is None or facts.initial_acceptance_result != "合格":
            out.append("第十七条：须记录初验合格的日期，试运行自该日起算")
    elif stage == Stage.FINAL_ACCEPTANCE:
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
    elif stage == Stage.SELF_EVALUATION:
        # 第十八条: the self-evaluation follows 终验 and 投入运行.
        if facts.final_acceptance_date is None:
            out.append("第十八条：尚未记录终验日期，不能进入绩效自评价")
    elif stage == Stage.OPERATION:
        # 第十八条: the report, sent to 县智慧办 and 县财政局.
        if not facts.has_file(SELF_EVALUATION_KIND):
            out.append(f"第十八条：须提交绩效自评价报告（请附上「{SELF_EVALUATION_KIND}」）")
    return out


def closed_refusal(facts: Facts) -> str | None:
    """第十条、第二十条: a case closed for good (不予批准, 已终止) changes no more."""
    if facts.side_state == SideState.TERMINATED:
        return "第二十条：项目已终止，终止是最终状态，阶段和状态都不能再改变"
    if facts.side_state == SideState.REJECTED:
        return "第十条：县政府不予批准，该申报已关闭，阶段和状态都不能再改变（如需再申报请新建项目）"
    return None


def side_state_refusals(facts: Facts, forward: bool) -> list[str]:
    if (why := closed_refusal(facts)) is not None:
        return [why]
    if not forward:
        return []
    side = facts.side_state
    if side == SideState.RETURNED:
        need = f"（待补充：{facts.supply_list}）" if facts.supply_list else ""
        return [f"第九条：申报已退回补充{need}，补充完毕并解除「退回补充」后方可推进"]
    if side in (SideState.SUSPENDED, SideState.FUNDING_DEFERRED):
        return [f"第二十条：项目处于「{side}」状态，解除后方可推进"]
    return []


def check_move(facts: Facts, to: Stage | str, on: date, *, reason: str = "",
               details: dict[str, Any] | None = None, actor: Actor | None = None) -> list[str]:
    """Every reason the move of a project with `facts` to `to` on `on` is refused; [] = allowed.

    A forward move over several stages must pass every gate on the way. With an
    `actor`, whether that actor's side may make the move is judged too.
    """
    to = Stage.parse(to)
    details = details or {}
    if facts.stage == to:
        return [f"项目已处于「{to}」阶段"]
    forward = to > facts.stage
    refusals = []
    if actor is not None and (why := authority.move_refusal(actor, facts.stage, to)) is not None:
        refusals.append(why)
    refusals += side_state_refusals(facts, forward)
    if not forward:
        if not reason.strip():
            refusals.append(f"从「{facts.stage}」退回「{to}」须写明理由")
        return refusals
    current = facts
    for stage in stages_between(facts.stage, to):
        current = with_event(current, stage, on, details)
        refusals += gate_refusals(current, stage, on)
    return refusals


def check_side_state(facts: Facts, state: SideState | str, on: date, *, reason: str = "",
                     supply_list: str = "", deadline: date | None = None) -> list[str]:
    """Every reason setting side state `state` on `on` is refused; [] = allowed."""
    state = SideState.parse(state)
    if (why := closed_refusal(facts)) is not None:
        return [why]
    if facts.side_state == state:
        return [f"项目已处于「{state}」状态"]
    out: list[str] = []
    if not reason.strip():
        out.append(f"设置「{state}」须写明理由")
    stage = facts.stage
    if state == SideState.RETURNED:
        # 第九条: the office returns a declaration under review for supplements.
        if stage < Stage.DECLARED:
            out.append("第九条：项目尚未申报（草稿），不能退回补充")
        elif stage > Stage.AWAITING_APPROVAL:
            out.append(f"第九条：退回补充用于审核中的申报，项目已在「{stage}」阶段")
        if not supply_list.strip():
            out.append("第九条：退回补充须列明需要补充的材料或内容")
    elif state == SideState.REJECTED:
        # 第十条: the county government decides on the office's opinion.
        if not Stage.REVIEWING <= stage <= Stage.AWAITING_APPROVAL:
            out.append("第十条：只有审核中或待县政府批准的项目可以记为不予批准")
    elif state == SideState.RECTIFYING:
        # 第二十条: 限期整改 — a deadline is part of the order.
        if stage < Stage.APPROVED:
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
            out.append(f"第二十条：逾期不整改或整改后仍不符合要求的，方可{ESCALATION_VERBS[state]}（{why}）")
    return out


ESCALATION_VERBS = {SideState.FUNDING_DEFERRED: "暂缓安排投资计划", SideState.SUSPENDED: "暂停项目建设",
                    SideState.TERMINATED: "终止项目"}


def check_clear_side_state(facts: Facts, *, reason: str = "") -> list[str]:
    """Every reason lifting the current side state is refused; [] = allowed."""
    out = []
    if facts.side_state is None:
        out.append("项目当前没有需要解除的状态")
    elif (why := closed_refusal(facts)) is not None:
        out.append(why)
    if not reason.strip():
        out.append("解除状态须写明理由")
    return out
