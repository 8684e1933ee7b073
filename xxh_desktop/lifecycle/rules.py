"""The lifecycle's rules, pure: gates, side states and who may move (PRODUCT.md §4).

`check_move` judges a `Facts` snapshot and returns every refusal, each naming
its article; nothing here reads or writes the database (`moves.py` persists a
move, `facts.py` loads the snapshot). Each rule is written once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from .. import authority, clock, deadlines
from ..amounts import format_wan
from ..authority import Actor
from ..domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND, declaration_kinds
from ..domain.review_items import AGREE, DISAGREE, ITEMS, RESUBMIT
from ..domain.stages import ESCALATIONS, SideState, Stage, stages_between
from .chronology import before_problem, event_problems, new_problems

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
    Stage.SELF_EVALUATION: Event("投入运行", True),           # 第十八条: the 6 months run from 投入运行
    Stage.OPERATION: Event("绩效自评价报告报送", True),       # 第十八条: received by 智慧办 (and 财政局)
}
BACKWARD_EVENT = "退回"
# The article each stage is entered under (the date of a move into it is judged by it).
STAGE_ARTICLES: dict[Stage, str] = {
    Stage.DRAFT: "第五条", Stage.DECLARED: "第五条", Stage.REVIEWING: "第九条", Stage.AWAITING_APPROVAL: "第十条",
    Stage.APPROVED: "第十条", Stage.PROCUREMENT: "第十一条", Stage.CONSTRUCTION: "第十二条",
    Stage.INITIAL_ACCEPTANCE: "第十六条", Stage.TRIAL: "第十七条", Stage.FINAL_ACCEPTANCE: "第十七条",
    Stage.SELF_EVALUATION: "第十八条", Stage.OPERATION: "第十八条",
}


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
    checklist_needs_supply: frozenset[str] = frozenset()  # items answered 需补充 the reviewer has not accepted
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
    open_rectification_issued_on: date | None = None  # latest open 整改 order
    rectification_failed: bool = False               # a closed 整改 still 不符合要求
    # The regulation closed (issue 13): what the chronology, the plan, the review and
    # 第十五条 look at besides the gates above.
    declared_on: date | None = None                  # 申报日期 (第五条)
    entered_on: date | None = None                   # the day the project entered its stage
    opinion_conclusion: str = ""
    opinion_issued_on: date | None = None
    checklist_failed: frozenset[str] = frozenset()   # items answered 不符合
    materials_accepted: frozenset[str] = frozenset()  # 暂缺 kinds the office accepted (第八条)
    consulted_on: date | None = None
    procurement_date: date | None = None
    operation_started_on: date | None = None          # 投入运行 (第十八条)
    security_assessed_on: date | None = None          # 第十三条
    cloud_migration_due: date | None = None           # 第十四条 (a plan: may lie ahead)
    investment: Decimal | None = None                 # 附件1 投资额, 万元
    approved_investment: Decimal | None = None        # after county-approved 投资概算 adjustments
    contract_amount: Decimal | None = None
    classified: bool = False                          # 涉密: out of scope (第三条)
    filed_plans: Mapping[int, date] = field(default_factory=dict)  # year → its 备案 (第七条)

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage", Stage.parse(self.stage))
        if self.side_state:
            object.__setattr__(self, "side_state", SideState.parse(self.side_state))

    def has_file(self, kind: str) -> bool:
        return self.materials.get(kind) == ""

    def has_or_waived(self, kind: str) -> bool:
        return kind in self.materials

    def dates(self) -> dict[str, date | None]:
        """The project's event dates, keyed as the field catalogue keys them (chronology)."""
        return {
            "declaration.declared_on": self.declared_on, "project.consulted_on": self.consulted_on,
            "opinion.issued_on": self.opinion_issued_on, "project.approval_date": self.approval_date,
            "project.temp_approval_date": self.temp_approval_date,
            "project.procurement_date": self.procurement_date, "project.contract_date": self.contract_date,
            "project.initial_acceptance_date": self.initial_acceptance_date,
            "project.final_acceptance_date": self.final_acceptance_date,
            "project.operation_started_on": self.operation_started_on,
            "project.self_eval_office_date": self.self_eval_office_date,
            "project.self_eval_finance_date": self.self_eval_finance_date,
            "project.security_assessed_on": self.security_assessed_on,
            "project.cloud_migration_due": self.cloud_migration_due,
        }


def with_event(facts: Facts, stage: Stage, on: date, details: dict[str, Any]) -> Facts:
    """The facts as they will be once the move into `stage` on `on` records its event."""
    if stage == Stage.DECLARED:
        return replace(facts, declared_on=facts.declared_on or on)
    if stage == Stage.APPROVED:
        return replace(facts, approval_date=on,
                       approval_doc_no=(details.get("approval_doc_no") or facts.approval_doc_no).strip(),
                       plan_year=details.get("plan_year", facts.plan_year))
    if stage == Stage.TRIAL:
        return replace(facts, initial_acceptance_date=on, initial_acceptance_result="合格")
    if stage == Stage.FINAL_ACCEPTANCE:
        return replace(facts, final_acceptance_date=on)
    if stage == Stage.SELF_EVALUATION:
        # 第十八条: the move stands for 投入运行 (by default the day of the move).
        return replace(facts, operation_started_on=details.get("operation_started_on") or on)
    if stage == Stage.OPERATION:
        # 第十八条: the report reached 县智慧办 on the move's day (or the date given); its
        # 报送 to 县财政局 is a date of its own, recorded when known.
        return replace(facts, self_eval_office_date=details.get("self_eval_office_date")
                       or facts.self_eval_office_date or on,
                       self_eval_finance_date=details.get("self_eval_finance_date") or facts.self_eval_finance_date)
    return facts


def _quote(kinds: list[str] | tuple[str, ...]) -> str:
    return "、".join(f"「{k}」" for k in kinds)


def gate_refusals(facts: Facts, stage: Stage, on: date) -> list[str]:
    """Why `facts` may not enter `stage` on `on` (facts already carry the move's event)."""
    out: list[str] = []
    if stage >= Stage.AWAITING_APPROVAL:
        out += absent_material_refusals(facts)
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
        elif facts.opinion_conclusion == RESUBMIT:
            out.append(f"第十条：书面审核意见为「{RESUBMIT}」，须待项目建设单位补充并重新审核后方可报县政府批准")
        elif not pending:
            out += opinion_refusals(facts.opinion_conclusion, facts.checklist_failed, facts.checklist_needs_supply,
                                    facts.checklist_answered)
    elif stage == Stage.APPROVED:
        # 第十条: approved by the county government — date and document number.
        if facts.approval_date is None:
            out.append("第十条：未记录县政府批准日期")
        if not facts.approval_doc_no:
            out.append("第十条：未记录县政府批准文号（请填写批准文件的文号）")
        if facts.plan_year is not None:
            out += plan_refusals(facts, facts.plan_year, stage)
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
        out += contract_refusals(facts.contract_amount, facts.approved_investment)
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


# What the day of a move that records no fact of its own may not precede (chronology).
_MOVE_FOLLOWS: dict[Stage, tuple[str, tuple[tuple[str, str], ...]]] = {
    Stage.REVIEWING: ("第九条", (("申报日期", "declared_on"),)),
    Stage.AWAITING_APPROVAL: ("第十条", (("书面审核意见日期", "opinion_issued_on"),)),
    Stage.PROCUREMENT: ("第七条", (("县政府批准日期", "approval_date"), ("临时报批日期", "temp_approval_date"))),
    Stage.CONSTRUCTION: ("第十二条", (("合同签订日期", "contract_date"),)),
    Stage.INITIAL_ACCEPTANCE: ("第十六条", (("合同签订日期", "contract_date"),)),
}


def move_date_refusals(facts: Facts, to: Stage, on: date, today: date) -> list[str]:
    """The move's own day: not after today, not before the project entered its stage, and
    not before what the stages it enters follow."""
    article = STAGE_ARTICLES[to]
    event = EVENTS[to].name if to > facts.stage else BACKWARD_EVENT
    out = event_problems(article, event, on, today, [(f"项目进入「{facts.stage}」阶段的日期", facts.entered_on)])
    if to > facts.stage:
        for stage in stages_between(facts.stage, to):
            if stage in _MOVE_FOLLOWS:
                stage_article, priors = _MOVE_FOLLOWS[stage]
                known = [(label, getattr(facts, name)) for label, name in priors]
                # 第七条: either approval opens procurement — the later of those recorded.
                if stage == Stage.PROCUREMENT:
                    known = [max(((lb, d) for lb, d in known if d), key=lambda x: x[1], default=("", None))]
                out += event_problems(stage_article, EVENTS[stage].name, on, None, known)
    return out


def check_move(facts: Facts, to: Stage | str, on: date, *, reason: str = "",
               details: dict[str, Any] | None = None, actor: Actor | None = None,
               today: date | None = None) -> list[str]:
    """Every reason the move of a project with `facts` to `to` on `on` is refused; [] = allowed.

    A forward move over several stages must pass every gate on the way. With an
    `actor`, whether that actor's side may make the move is judged too. `today`
    (default: the clock's) bounds every date the move records (chronology).
    """
    to = Stage.parse(to)
    details = details or {}
    today = today or clock.today()
    if facts.stage == to:
        return [f"项目已处于「{to}」阶段"]
    forward = to > facts.stage
    refusals = []
    if actor is not None and (why := authority.move_refusal(actor, facts.stage, to)) is not None:
        refusals.append(why)
    if facts.classified:
        refusals.append(CLASSIFIED)
    refusals += side_state_refusals(facts, forward)
    refusals += move_date_refusals(facts, to, on, today)
    if not forward:
        if not reason.strip():
            refusals.append(f"从「{facts.stage}」退回「{to}」须写明理由")
        return refusals
    current = facts
    for stage in stages_between(facts.stage, to):
        current = with_event(current, stage, on, details)
        refusals += gate_refusals(current, stage, on)
    # A move dated after today is refused once, as a move: not again for each fact it records that day.
    refusals += new_problems(facts.dates(), current.dates(), max(today, on))
    return list(dict.fromkeys(refusals))


def check_side_state(facts: Facts, state: SideState | str, on: date, *, reason: str = "",
                     supply_list: str = "", deadline: date | None = None, today: date | None = None) -> list[str]:
    """Every reason setting side state `state` on `on` is refused; [] = allowed."""
    state = SideState.parse(state)
    if (why := closed_refusal(facts)) is not None:
        return [why]
    if facts.side_state == state:
        return [f"项目已处于「{state}」状态"]
    out: list[str] = [CLASSIFIED] if facts.classified else []
    out += event_problems("第九条、第十条、第二十条", f"设置「{state}」", on, today or clock.today(),
                          [(f"项目进入「{facts.stage}」阶段的日期", facts.entered_on)])
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
        if facts.approval_date is not None:
            out += [why for why in (before_problem("rectification.issued_on", on, "project.approval_date",
                                                   facts.approval_date),) if why]
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


def check_clear_side_state(facts: Facts, *, reason: str = "", on: date | None = None,
                           today: date | None = None) -> list[str]:
    """Every reason lifting the current side state on `on` is refused; [] = allowed."""
    out = []
    if facts.side_state is None:
        out.append("项目当前没有需要解除的状态")
    elif (why := closed_refusal(facts)) is not None:
        out.append(why)
    if not reason.strip():
        out.append("解除状态须写明理由")
    if on is not None:
        # 第二十条: closing a 整改 cannot precede its order, nor lie ahead.
        out += event_problems("第二十条", "解除状态", on, today or clock.today(),
                              [("整改下达日期", facts.open_rectification_issued_on),
                               (f"项目进入「{facts.stage}」阶段的日期", facts.entered_on)])
    return out


# ---------------------------------------------------------------------------
# 第三条: a 涉密 project is outside the regulation
# ---------------------------------------------------------------------------

CLASSIFIED = "第三条：项目涉密，不属于本办法管辖范围，不再按本办法办理（如标记有误，请先取消涉密标记）"


# ---------------------------------------------------------------------------
# 第八条: 暂缺 materials, re-checked before the county sees the project
# ---------------------------------------------------------------------------


def absent_material_refusals(facts: Facts) -> list[str]:
    """第八条: a declaration material still 暂缺 holds 报县政府批准 and every gate after it,
    until it is supplied or the office writes why its absence is acceptable."""
    absent = [k for k in declaration_kinds(facts.is_existing_system)
              if k in facts.materials and facts.materials[k] != "" and k not in facts.materials_accepted]
    if not absent:
        return []
    listed = "；".join(f"「{k}」（{facts.materials[k]}）" for k in absent)
    return [f"第八条：申报材料仍暂缺：{listed}。须补交，或由县智慧办写明同意暂缺的理由"]


# ---------------------------------------------------------------------------
# 第九条、第十条: the written opinion agrees with the checklist
# ---------------------------------------------------------------------------


def _titles(keys: frozenset[str]) -> str:
    return "；".join(f"{i.article}「{i.title}」" for i in ITEMS if i.key in keys)


def opinion_refusals(conclusion: str, failed: frozenset[str], pending: frozenset[str],
                     answered: frozenset[str] = frozenset(i.key for i in ITEMS)) -> list[str]:
    """Why `conclusion` contradicts the answers: `failed` items 不符合, `pending` items 需补充 not
    accepted by the reviewer, `answered` every answered item. [] when it agrees with them."""
    out = []
    if pending and conclusion != RESUBMIT:
        out.append(f"第九条：审核清单尚有需补充项（{_titles(pending)}），结论只能为「{RESUBMIT}」；"
                   "如可以接受，请逐项写明可以接受的理由")
    if conclusion == RESUBMIT and not pending:
        out.append(f"第九条：审核清单没有待补充的项，结论不能为「{RESUBMIT}」")
    if conclusion == AGREE and failed:
        out.append(f"第十条：审核清单中{_titles(failed)}为不符合，结论不能为「{AGREE}」"
                   "（可为修改后同意或不同意，并写明理由）")
    if conclusion == DISAGREE and not failed and not pending and answered >= {i.key for i in ITEMS}:
        out.append(f"第十条：审核清单各项均为符合，结论不能为「{DISAGREE}」；如有不同意的理由，请在相应审核项中答不符合")
    return out


def opinion_text_refusals(conclusion: str, text: str, failed: frozenset[str], pending: frozenset[str]) -> list[str]:
    """第十条: the written reasons name each item they rest on and do not say the opposite
    of the conclusion. The generated draft always passes; an edit may not drop a finding."""
    out = []
    named = failed if conclusion != RESUBMIT else pending
    if conclusion != AGREE:
        missing = [i for i in ITEMS if i.key in named and i.article not in text and i.title not in text]
        if missing:
            out.append(f"第十条：审核意见的理由须写明{'、'.join(f'{i.article}「{i.title}」' for i in missing)}"
                       "（可用「生成草稿」按审核清单生成后修改）")
    if conclusion == AGREE and any(w in text for w in ("不同意", "不予同意", "不符合")):
        out.append(f"第十条：结论为「{AGREE}」，审核意见中却写有否定的意见（不同意／不符合），请改正其一")
    return out


# ---------------------------------------------------------------------------
# 第七条: the annual plan holds projects the county approved
# ---------------------------------------------------------------------------


def plan_refusals(facts: Facts, plan_year: int | None, stage: Stage | None = None) -> list[str]:
    """Why the project may not be listed in (or, with None, taken out of) the plan of `plan_year`."""
    stage = stage or facts.stage
    out = []
    if plan_year is None:
        if facts.plan_year is not None and (filed := facts.filed_plans.get(facts.plan_year)) is not None:
            out.append(f"第七条：{facts.plan_year}年度计划已于 {filed.isoformat()} 报送备案，不能再移出项目")
        return out
    if facts.classified:
        out.append(CLASSIFIED)
    if stage < Stage.APPROVED or facts.approval_date is None:
        out.append(f"第七条、第十条：只有经县政府批准的项目可以列入年度建设计划（项目在「{stage}」阶段，"
                   "尚未记录县政府批准）")
    elif plan_year < facts.approval_date.year:
        out.append(f"第七条：{facts.approval_date.isoformat()} 批准的项目不能列入更早的{plan_year}年度计划")
    if plan_year != facts.plan_year and (filed := facts.filed_plans.get(plan_year)) is not None:
        out.append(f"第七条：{plan_year}年度计划已于 {filed.isoformat()} 报送备案，不能再列入项目；"
                   "临时确需建设的项目请按程序临时报批")
    return out


# ---------------------------------------------------------------------------
# 第十五条: the contract within the approved 投资概算 (adjustments: `adjustments.py`)
# ---------------------------------------------------------------------------


def contract_refusals(amount: Decimal | None, approved: Decimal | None) -> list[str]:
    """第十五条: the contract stays within the approved 投资概算 unless the county approved more."""
    if amount is None or approved is None or amount <= approved:
        return []
    return [f"第十五条：合同金额 {format_wan(amount)} 万元超过县政府批准的投资额 {format_wan(approved)} 万元，"
            "须先向县政府申请调整投资概算并经批准（同时向县智慧办备案）"]
