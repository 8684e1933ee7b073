"""A project's facts as the gates see them, and the facts a clerk records between moves.

`load_facts` reads the snapshot `rules.check_move` judges; `update_facts`
records what the project detail edits (第十一条, 第十二条, 第七条 …) through the
projects owner, which refuses a fact the actor's side does not own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import deadlines
from ..amounts import to_decimal
from ..domain.fields import label
from ..domain.materials import FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND, declaration_kinds
from ..domain.records import Asset
from ..domain.stages import Stage
from ..errors import XxhError
from ..storage.changes import Changes
from .rules import RECTIFICATION_FAILED, Facts

if TYPE_CHECKING:
    from ..workspace import Workspace


def load_facts(ws: Workspace, project_id: str) -> Facts:
    from ..submission import declaration_problems

    p = ws.projects.get(project_id)
    materials = {m.kind: ("" if m.sm3 else (m.waived_reason or "暂缺")) for m in ws.materials.list(p.id)}
    answers = ws.checklist.of(p.id)
    rectifications = ws.rectifications.of(p.id)
    open_deadlines = [r.deadline for r in rectifications if r.closed_on is None]
    problems = []
    for problem in declaration_problems(ws, p.id):
        # 第五条: 附件1 is what is submitted; form messages name no article of their own.
        msg = problem.message
        problems.append(msg if msg.startswith("第") else f"第五条：申报表（附件1）{msg}")
    return Facts(
        stage=p.stage, side_state=p.side_state, supply_list=p.supply_list,
        is_existing_system=p.is_existing_system, declaration_problems=tuple(problems), materials=materials,
        checklist_answered=frozenset(k for k, a in answers.items() if a.answer),
        checklist_needs_supply=frozenset(k for k, a in answers.items() if a.answer == "需补充"),
        has_opinion=ws.opinions.get(p.id) is not None,
        approval_date=p.approval_date, approval_doc_no=p.approval_doc_no, plan_year=p.plan_year,
        temp_approval_date=p.temp_approval_date, responsible_person=p.responsible_person,
        supplier=p.supplier, contract_date=p.contract_date,
        initial_acceptance_date=p.initial_acceptance_date,
        initial_acceptance_result=p.initial_acceptance_result,
        final_acceptance_date=p.final_acceptance_date, self_eval_office_date=p.self_eval_office_date,
        self_eval_finance_date=p.self_eval_finance_date,
        open_rectification_deadline=min(open_deadlines) if open_deadlines else None,
        rectification_failed=any(r.closed_on is not None and r.result == RECTIFICATION_FAILED
                                 for r in rectifications),
    )


# ---------------------------------------------------------------------------
# Facts the clerk edits in the project detail
# ---------------------------------------------------------------------------

TEXT_FACTS = ("responsible_person", "procurement_method", "supplier", "supervisor_unit", "tester_unit",
              "approval_doc_no", "temp_approval_doc_no")
DATE_FACTS = ("procurement_date", "contract_date", "temp_approval_date")
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


def update_facts(ws: Workspace, project_id: str, values: dict[str, Any]) -> Changes:
    """Record project facts (text, ISO dates, contract_amount as Decimal/str 万元, plan_year)."""
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
    with ws.transaction() as tx:
        ws.projects.update(ws.projects.get(project_id).id, clean, action="修改项目信息")
    return tx.changes


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
            out.append(GateMaterial(stage, article, kind, "暂缺",
                                    facts.materials[kind] + ("" if waivable else "（终验须提交文件）")))
        else:
            out.append(GateMaterial(stage, article, kind, "缺"))
    return out


def key_dates(ws: Workspace, project_id: str) -> dict[str, date | None]:
    """初验, 试运行届满, 终验, 绩效自评价 due and sent — computed from the recorded facts."""
    p = ws.projects.get(project_id)
    ia_ok = p.initial_acceptance_date if p.initial_acceptance_result == "合格" else None
    return {
        "初验合格": ia_ok,
        "试运行届满（可终验）": deadlines.trial_end(ia_ok) if ia_ok else None,
        "终验": p.final_acceptance_date,
        "绩效自评价截止": deadlines.self_eval_due(p.final_acceptance_date) if p.final_acceptance_date else None,
        "报送县智慧办": p.self_eval_office_date,
        "报送县财政局": p.self_eval_finance_date,
    }
