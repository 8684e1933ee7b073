"""A project's facts as the gates see them, and the facts a clerk records between moves.

`load_facts` reads the snapshot `rules.check_move` judges; `update_facts`
records what the project detail edits (第十一条, 第十二条, 第七条 …) through the
projects owner, which refuses a fact the actor's side does not own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import authority, clock, deadlines
from ..amounts import to_decimal
from ..domain.fields import CLOUD_STATES, label
from ..domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND, declaration_kinds
from ..domain.records import Adjustment, Asset, Project, Rectification
from ..domain.stages import Stage
from ..errors import XxhError
from ..storage.changes import Changes
from .adjustments import approved_investment
from .chronology import new_problems, order_problems, trial_problem
from .rules import (
    CLASSIFIED, RECTIFICATION_FAILED, Facts, closed_refusal, contract_refusals, plan_refusals,
)

if TYPE_CHECKING:
    from ..workspace import Workspace


def load_facts(ws: Workspace, project_id: str) -> Facts:
    from ..submission import declaration_problems

    p = ws.projects.get(project_id)
    mats = ws.materials.list(p.id)
    materials = {m.kind: ("" if m.sm3 else (m.waived_reason or "暂缺")) for m in mats}
    answers = ws.checklist.of(p.id)
    rectifications = ws.rectifications.of(p.id)
    open_rects = [r for r in rectifications if r.closed_on is None]
    opinion = ws.opinions.get(p.id)
    investment = ws.declarations.get(p.id).investment
    declared_on = ws.declarations.get(p.id).declared_on
    entered = [h.on_date for h in ws.history.list(p.id) if h.from_stage != h.to_stage and h.to_stage == p.stage]
    filed = {year: min(d for d in (f.finance_filed_on, f.ndrc_filed_on) if d)
             for year, f in ws.plan_filings.all().items() if f.filed}
    problems = []
    for problem in declaration_problems(ws, p.id):
        # 第五条: 附件1 is what is submitted; form messages name no article of their own.
        msg = problem.message
        problems.append(msg if msg.startswith("第") else f"第五条：申报表（附件1）{msg}")
    return Facts(
        stage=p.stage, side_state=p.side_state, supply_list=p.supply_list,
        is_existing_system=p.is_existing_system, declaration_problems=tuple(problems), materials=materials,
        checklist_answered=frozenset(k for k, a in answers.items() if a.answer),
        checklist_needs_supply=frozenset(k for k, a in answers.items() if a.pending),
        checklist_failed=frozenset(k for k, a in answers.items() if a.answer == "不符合"),
        has_opinion=opinion is not None, opinion_conclusion=opinion.conclusion if opinion else "",
        materials_accepted=frozenset(m.kind for m in mats if not m.sm3 and m.accepted_reason),
        approval_doc_no=p.approval_doc_no, plan_year=p.plan_year, responsible_person=p.responsible_person,
        supplier=p.supplier, initial_acceptance_result=p.initial_acceptance_result,
        open_rectification_deadline=min((r.deadline for r in open_rects), default=None),
        open_rectification_issued_on=max((r.issued_on for r in open_rects), default=None),
        rectification_failed=any(r.closed_on is not None and r.result == RECTIFICATION_FAILED
                                 for r in rectifications),
        entered_on=max(entered, default=None), investment=investment,
        approved_investment=approved_investment(investment, ws.adjustments.of(p.id)),
        contract_amount=p.contract_amount, classified=p.classified, filed_plans=filed,
        **event_dates(p, declared_on, opinion.issued_on if opinion else None),
    )


def event_dates(p: Project, declared_on: date | None, opinion_issued_on: date | None) -> dict[str, date | None]:
    """The project's event dates as `Facts` attributes (the chronology's part of the snapshot)."""
    return {
        "declared_on": declared_on, "consulted_on": p.consulted_on, "opinion_issued_on": opinion_issued_on,
        "approval_date": p.approval_date, "temp_approval_date": p.temp_approval_date,
        "procurement_date": p.procurement_date, "contract_date": p.contract_date,
        "initial_acceptance_date": p.initial_acceptance_date, "final_acceptance_date": p.final_acceptance_date,
        "operation_started_on": p.operation_started_on, "self_eval_office_date": p.self_eval_office_date,
        "self_eval_finance_date": p.self_eval_finance_date, "security_assessed_on": p.security_assessed_on,
        "cloud_migration_due": p.cloud_migration_due,
    }


# ---------------------------------------------------------------------------
# Facts the clerk edits in the project detail
# ---------------------------------------------------------------------------

TEXT_FACTS = ("responsible_person", "procurement_method", "supplier", "supervisor_unit", "tester_unit",
              "approval_doc_no", "temp_approval_doc_no", "consulted_units", "cloud_migration")
DATE_FACTS = ("procurement_date", "contract_date", "temp_approval_date", "consulted_on", "operation_started_on",
              "self_eval_office_date", "self_eval_finance_date", "security_assessed_on", "cloud_migration_due")
EDITABLE_FACTS = (*TEXT_FACTS, *DATE_FACTS, "contract_amount", "plan_year")


def _parse_date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise XxhError(f"{label('project.' + name)}“{value}”格式不对，应为 YYYY-MM-DD。") from None


def parse_year(value: Any, what: str) -> int | None:
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
            raise XxhError(f"{what}“{value}”应为四位年份，例如 2027。")
        year = int(text)
    if not 2000 <= year <= 2100:
        raise XxhError(f"{what}“{value}”应为四位年份，例如 2027。")
    return year


def update_facts(ws: Workspace, project_id: str, values: dict[str, Any], *, today: date | None = None) -> Changes:
    """Record project facts (text, ISO dates, contract_amount as Decimal/str 万元, plan_year).

    The regulation's order holds (chronology: no date after `today` unless a
    deadline, none before what it follows), the plan holds approved projects only
    (第七条) and the contract stays within the approved 投资额 (第十五条); a
    refusal names every problem and records nothing.
    """
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in TEXT_FACTS:
            clean[key] = str(value or "").strip()
        elif key in DATE_FACTS:
            clean[key] = _parse_date(value, key)
        elif key == "contract_amount":
            if value in (None, ""):
                clean[key] = None
            else:
                amount: Decimal = to_decimal(value, what="合同金额")
                if amount < 0:
                    raise XxhError("合同金额不能为负数。")
                clean[key] = amount
        elif key == "plan_year":
            clean[key] = parse_year(value, label("project.plan_year"))
        else:
            raise XxhError(f"不能在此修改「{key}」。")
    if clean.get("cloud_migration") and clean["cloud_migration"] not in CLOUD_STATES:
        raise XxhError(f"第十四条：迁移上云情况应为：{'、'.join(CLOUD_STATES)}。")
    with ws.transaction() as tx:
        project = ws.projects.get(project_id)
        changed = {k: v for k, v in clean.items() if getattr(project, k) != v}
        # Who may record a fact is asked first: a fact not one's own is refused as such.
        authority.require_fields(ws.actor, [f"project.{k}" for k in changed], project.unit)
        refusals = fact_refusals(load_facts(ws, project.id), changed, today or clock.today())
        if refusals:
            raise XxhError("；".join(refusals) + "。")
        ws.projects.update(project.id, clean, action="修改项目信息")
    return tx.changes


def fact_refusals(facts: Facts, changed: dict[str, Any], today: date) -> list[str]:
    """Why recording `changed` facts on a project with `facts` breaks the regulation."""
    if not changed:
        return []
    out = [CLASSIFIED] if facts.classified else []
    after = replace(facts, **{k: v for k, v in changed.items() if hasattr(facts, k)})
    out += new_problems(facts.dates(), after.dates(), today)
    if "plan_year" in changed:
        if changed["plan_year"] is not None and (why := closed_refusal(facts)) is not None:
            out.append(why)
        out += plan_refusals(facts, changed["plan_year"])
    if "contract_amount" in changed:
        out += contract_refusals(changed["contract_amount"], facts.approved_investment)
    return out


def chronology_warnings(ws: Workspace, today: date | None = None) -> list[str]:
    """`check`: every recorded project whose dates break the regulation's order (kept, not hidden).

    Read in a handful of queries: `check` runs over 10,000 projects."""
    today = today or clock.today()
    summaries = {s.id: s for s in ws.views.summaries()}
    opinions = ws.opinions.all()
    adjustments = ws.adjustments.all()
    rectifications = ws.rectifications.all()
    out = []
    for p in ws.projects.all():
        s, op = summaries[p.id], opinions.get(p.id)
        problems = record_order_problems(p, s.declared_on, op.issued_on if op else None, s.investment,
                                         adjustments.get(p.id, []), rectifications.get(p.id, []), today)
        out += [f"{p.label}：{why}" for why in dict.fromkeys(problems)]
    return out


def project_order_problems(ws: Workspace, project_id: str, today: date | None = None) -> list[str]:
    """`record_order_problems` of one project as stored (an import judges what it wrote with it)."""
    p = ws.projects.get(project_id)
    op = ws.opinions.get(p.id)
    decl = ws.declarations.get(p.id)
    return record_order_problems(p, decl.declared_on, op.issued_on if op else None, decl.investment,
                                 ws.adjustments.of(p.id), ws.rectifications.of(p.id), today or clock.today())


def record_order_problems(p: Project, declared_on: date | None, opinion_issued_on: date | None,
                          investment: Decimal | None, adjustments: list[Adjustment],
                          rectifications: list[Rectification], today: date) -> list[str]:
    """Every date of one project's record out of the regulation's order, and what else the record
    says against the rules whoever wrote it (第七条 plan, 第十五条 contract)."""
    facts = Facts(stage=p.stage, **event_dates(p, declared_on, opinion_issued_on))
    problems = order_problems(facts.dates(), today)
    if (why := trial_problem(p.initial_acceptance_date, p.final_acceptance_date)) is not None:
        problems.append(why)
    for a in adjustments:
        problems += order_problems({"project.approval_date": p.approval_date,
                                    "adjustment.requested_on": a.requested_on,
                                    "adjustment.county_approved_on": a.county_approved_on,
                                    "adjustment.office_filed_on": a.office_filed_on}, today)
        if a.office_filed_on and not a.county_approved_on:
            problems.append("第十五条：项目调整已备案，却没有县政府批准的记录")
    for r in rectifications:
        problems += order_problems({"project.approval_date": p.approval_date,
                                    "rectification.issued_on": r.issued_on, "rectification.deadline": r.deadline,
                                    "rectification.closed_on": r.closed_on}, today)
    if p.plan_year is not None and (p.stage < Stage.APPROVED or p.approval_date is None):
        problems.append(f"第七条：项目列入{p.plan_year}年度计划，却尚未经县政府批准（在「{p.stage}」阶段），"
                        "不计入计划")
    problems += contract_refusals(p.contract_amount, approved_investment(investment, adjustments))
    return list(dict.fromkeys(problems))


def set_existing_assets(ws: Workspace, project_id: str, assets: list[Asset]) -> Changes:
    """Replace the project's list of existing hardware and software (第八条第二款)."""
    for n, a in enumerate(assets, start=1):
        if not a.name.strip():
            raise XxhError(f"现有软硬件第 {n} 行：须填写品种。")
        if a.quantity is not None and a.quantity < 0:
            raise XxhError(f"现有软硬件第 {n} 行：数量不能为负数。")
        if a.purchased_on and a.warranty_until and a.warranty_until < a.purchased_on:
            raise XxhError(f"现有软硬件第 {n} 行：过保时间早于购置时间。")
    cleaned = [Asset(a.name.strip(), a.quantity, a.purchased_on, a.warranty_until, a.usage.strip(),
                     a.category.strip()) for a in assets]
    with ws.transaction() as tx:
        ws.assets.replace_all(ws.projects.get(project_id).id, cleaned)
    return tx.changes


# ---------------------------------------------------------------------------
# What each gate needs, for the project detail
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GateMaterial:
    stage: Stage
    article: str
    kind: str
    status: str   # 已提交 / 缺 / 暂缺
    note: str = ""


def gate_materials(ws: Workspace, project_id: str) -> list[GateMaterial]:
    facts = load_facts(ws, project_id)
    needed: list[tuple[Stage, str, str, bool]] = [
        (Stage.DECLARED, "第八条", k, True) for k in declaration_kinds(facts.is_existing_system)]
    needed += [(Stage.FINAL_ACCEPTANCE, "第十七条", k, False) for k in (*FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)]
    needed.append((Stage.OPERATION, "第十八条", SELF_EVALUATION_KIND, False))
    out = []
    for stage, article, kind, waivable in needed:
        if facts.has_file(kind):
            out.append(GateMaterial(stage, article, kind, "已提交"))
        elif kind in facts.materials:
            note = facts.materials[kind] + ("" if waivable else "（终验须提交文件）")
            if kind in facts.materials_accepted:
                note += "；县智慧办已同意暂缺"
            elif waivable:
                note += "；报县政府批准前须补交或经县智慧办同意暂缺（第八条）"
            out.append(GateMaterial(stage, article, kind, "暂缺", note))
        else:
            out.append(GateMaterial(stage, article, kind, "缺"))
    return out


def key_dates(ws: Workspace, project_id: str) -> dict[str, date | None]:
    """初验, 试运行届满, 终验, 投入运行, 绩效自评价 due and sent — computed from the recorded facts."""
    p = ws.projects.get(project_id)
    ia_ok = p.initial_acceptance_date if p.initial_acceptance_result == "合格" else None
    return {
        "初验合格": ia_ok,
        "试运行届满（可终验）": deadlines.trial_end(ia_ok) if ia_ok else None,
        "终验": p.final_acceptance_date,
        "投入运行": p.operation_started_on,
        "绩效自评价截止": deadlines.self_eval_due_of(p),
        "报送县智慧办": p.self_eval_office_date,
        "报送县财政局": p.self_eval_finance_date,
    }
