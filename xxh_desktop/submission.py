"""Submitting the forms: validation enforced once, when the form is handed in.

While typing, an editor only saves drafts (`ws.drafts`); `submit_declaration`
and `submit_procurement` check everything, store the form with status 已申报
and clear the drafts. The project's lifecycle move 草稿 → 已申报 belongs to
`lifecycle`, whose gate asks `declaration_problems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import authority
from .domain.declaration import Declaration
from .domain.materials import declaration_kinds
from .domain.procurement import Procurement
from .domain.stages import CaseStatus, SideState, Stage
from .domain.validation import Problem, validate_declaration, validate_procurement
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace

SUBMITTED = "已申报"
# 附件2 may be (re)submitted while still the department's: not once 智慧办 has it.
_PROCUREMENT_EDITABLE = (CaseStatus.DRAFT, CaseStatus.RETURNED, CaseStatus.DECLARED)


class FormInvalid(XxhError):
    """A form refused at submission; `problems` holds every (field, message)."""

    def __init__(self, title: str, problems: list[Problem]) -> None:
        lines = "\n".join(f"{i}. {p.message}" for i, p in enumerate(problems, start=1))
        super().__init__(f"{title}还有 {len(problems)} 处问题，不能申报：\n{lines}")
        self.problems = problems


def material_problems(ws: Workspace, project_id: str, is_existing_system: bool) -> list[Problem]:
    """第八条: each declaration material attached, or marked 暂缺 with a reason."""
    have = {m.kind for m in ws.materials.list(project_id) if m.sm3 or m.waived_reason.strip()}
    return [
        Problem(f"materials.{kind}",
                f"第八条：缺少申报材料「{kind}」，请附上文件，或标记暂缺并写明原因。")
        for kind in declaration_kinds(is_existing_system) if kind not in have
    ]


def declaration_problems(ws: Workspace, project_id: str) -> list[Problem]:
    """Everything that keeps a project's stored 附件1 from being 已申报 (the
    lifecycle gate's question): the form's rules and the 第八条 materials."""
    project_id = ws.projects.get(project_id).id  # a project number works too
    decl = ws.declarations.get(project_id)
    return validate_declaration(decl) + material_problems(ws, project_id, decl.is_existing_system)


# 附件1 is the department's while the project is 草稿 or 已申报; once 县智慧办
# reviews it (第九条) it changes only when returned for supplements (退回补充).
_DECLARATION_EDITABLE_STAGES = (Stage.DRAFT, Stage.DECLARED)


def declaration_locked_reason(ws: Workspace, project_id: str) -> str | None:
    """Why 附件1 may not be changed now, by this actor (None when it may)."""
    p = ws.projects.get(project_id)
    if (why := authority.field_refusal(ws.actor, "declaration.content", p.unit)) is not None:
        return why
    if p.stage in _DECLARATION_EDITABLE_STAGES or p.side_state == SideState.RETURNED:
        return None
    return (f"第九条：项目 {p.label} 已进入「{p.stage}」阶段，申报表由县智慧办审核，"
            "不能再修改；县智慧办退回补充后可修改。")


def submit_declaration(ws: Workspace, project_id: str, decl: Declaration) -> int:
    """Validate and store 附件1 with status 已申报, clearing its drafts.

    Raises `FormInvalid` listing every problem, and writes nothing then.
    Returns the declaration's new revision.
    """
    project_id = ws.projects.get(project_id).id  # a project number works too
    locked = declaration_locked_reason(ws, project_id)
    if locked:
        raise XxhError(locked)
    problems = validate_declaration(decl) + material_problems(ws, project_id, decl.is_existing_system)
    if problems:
        raise FormInvalid("附件1 申报表（第五条、第八条）", problems)
    with ws.transaction():
        revision = ws.declarations.save(project_id, decl, status=SUBMITTED)
        ws.drafts.clear("declaration", project_id)
    return revision


def procurement_problems(ws: Workspace, procurement_id: str) -> list[Problem]:
    return validate_procurement(ws.procurements.form(procurement_id))


def procurement_locked_reason(ws: Workspace, procurement_id: str) -> str | None:
    """Why 附件2 may not be changed now, by this actor (None when it may)."""
    case = ws.procurements.get(procurement_id)
    if (why := authority.field_refusal(ws.actor, "procurement.reason", case.unit)) is not None:
        return why
    if case.status in _PROCUREMENT_EDITABLE:
        return None
    return (f"第五条第二款：采购申报 {case.label} 当前状态为「{case.status}」，已由县智慧办办理，"
            "不能再修改或再次申报。")


def submit_procurement(ws: Workspace, procurement_id: str, proc: Procurement) -> int:
    """Validate and store 附件2 with status 已申报 (第五条第二款: 报县智慧办审核)."""
    case = ws.procurements.get(procurement_id)
    locked = procurement_locked_reason(ws, case.id)
    if locked:
        raise XxhError(locked)
    problems = validate_procurement(proc)
    if problems:
        raise FormInvalid("附件2 采购申报表（第五条第二款）", problems)
    with ws.transaction():
        revision = ws.procurements.save(case.id, proc, status=CaseStatus.DECLARED)
        ws.drafts.clear("procurement", case.id)
    return revision
