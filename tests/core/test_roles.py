"""Roles checked in the core (issue 12, PRODUCT.md §11, 等保 访问控制): each role is refused,
through the core, every action outside it — naming the role the action needs — and
nothing is written; the holder of the role does the same action.

业务录入: forms, materials, exports. 审核: checklist, opinion, stage moves, side states,
the office's records. 系统管理: accounts, settings, backup and restore. 审计: the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from accounts_support import NAMES, PASSWORD, one_per_role, sign_in_as
from xxh_support import db_state

from xxh_desktop import accounts, annual_plan, audit, checklist, deadlines, lifecycle, procurement_review
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.accounts import ROLES, Role
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.records import PlanFiling
from xxh_desktop.domain.review_items import ITEMS
from xxh_desktop.domain.stages import CaseStatus, SideState, Stage
from xxh_desktop.excel.ledger import export_ledger
from xxh_desktop.exchange import export_package, export_registration
from xxh_desktop.lifecycle.moves import MoveResult
from xxh_desktop.plan_export import export_plan
from xxh_desktop.printing.registry import export_form
from xxh_desktop.restore import restore
from xxh_desktop.storage.backup import backup_to
from xxh_desktop.workspace import Workspace

from builders import choose, new_case, new_project, seeded

pytestmark = pytest.mark.usefixtures("late_today")   # the story is told in 2027

UNIT = "县教育体育局"
D = date(2027, 3, 1)


@dataclass(frozen=True)
class Case:
    """The projects an action works on, as the office has them."""

    declared: str      # 已申报: the office may start the review
    reviewing: str     # 审核中, every item answered: opinion, return, move on
    reviewed: str      # 待县政府批准 with its opinion: the 审核意见 prints
    building: str      # 建设实施: 整改, materials of 第十七条
    case: str          # a 附件2 case 已申报


def _setup(ws: Workspace) -> Case:
    declared = new_project(ws, "已申报的项目", UNIT, 2027, stage=Stage.DECLARED, number="JZ-2027-001")
    reviewing = new_project(ws, "审核中的项目", UNIT, 2027, stage=Stage.REVIEWING, number="JZ-2027-002")
    reviewed = new_project(ws, "已审核的项目", UNIT, 2027, stage=Stage.AWAITING_APPROVAL, number="JZ-2027-003")
    # 第七条: the plan holds what the county approved, and is compiled before it is filed
    new_project(ws, "已批准的项目", UNIT, 2027, stage=Stage.APPROVED, number="JZ-2027-004", plan_year=2027,
                approval_date=date(2026, 11, 18))
    building = new_project(ws, "建设中的项目", UNIT, 2026, stage=Stage.CONSTRUCTION, number="JZ-2026-001")
    case = new_case(ws, UNIT)
    new_project(ws, "草稿中的项目", UNIT, 2027, number="JZ-2027-009")   # whole as it is: it exports
    with seeded(ws):
        for pid in (reviewing, reviewed):
            ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="项目"), status="已申报")
            for item in ITEMS:
                ws.checklist.set(pid, item.key, "符合", "")
        ws.opinions.set(reviewed, "同意", "同意建设。", D)
        ws.plan_filings.set(PlanFiling(2027, None, None, date(2027, 1, 5)))
        ws.procurements.review(case, CaseStatus.DECLARED)
    return Case(declared, reviewing, reviewed, building, case)


Action = Callable[[Workspace, Case, Path], Any]

# (what, the role it needs, the action through the core)
ACTIONS: list[tuple[str, Role, Action]] = [
    ("第十七条材料", Role.ENTRY, lambda ws, c, t: ws.materials.attach(c.building, "试运行报告", "r.pdf", b"%PDF")),
    ("项目编号", Role.ENTRY, lambda ws, c, t: ws.projects.renumber(c.declared, "JZ-2027-099")),
    ("附件1 PDF", Role.ENTRY, lambda ws, c, t: export_form(ws, "附件1", "JZ-2027-001", t / "a.pdf")),
    ("台账", Role.ENTRY, lambda ws, c, t: export_ledger(ws, t / "l.xlsx")),
    ("导出交换文件", Role.ENTRY, lambda ws, c, t: export_package(ws, ["JZ-2027-009"], t / "a.xxh")),
    ("单位登记文件", Role.ADMIN, lambda ws, c, t: export_registration(ws, UNIT, t / "reg.xxh")),
    ("审核清单", Role.REVIEW, lambda ws, c, t: checklist.set_answer(ws, c.reviewing, ITEMS[0].key, "需补充", "补概算")),
    ("书面审核意见", Role.REVIEW, lambda ws, c, t: checklist.write_opinion(ws, c.reviewing, "同意", "同意。")),
    ("移动阶段", Role.REVIEW, lambda ws, c, t: lifecycle.move_stage(ws, c.declared, Stage.REVIEWING, on=D)),
    ("退回补充", Role.REVIEW, lambda ws, c, t: lifecycle.set_side_state(ws, c.reviewing, SideState.RETURNED, on=D,
                                                                      reason="概算不全", supply_list="补充概算")),
    ("限期整改", Role.REVIEW, lambda ws, c, t: ws.rectifications.issue(c.building, "进度滞后", date(2027, 6, 1), D)),
    ("计划备案", Role.REVIEW, lambda ws, c, t: annual_plan.record_filing(ws, 2027, finance_filed_on=D)),
    ("采购申报审核", Role.REVIEW, lambda ws, c, t: procurement_review.start_review(ws, c.case)),
    ("审核意见 PDF", Role.REVIEW, lambda ws, c, t: export_form(ws, "审核意见", "JZ-2027-003", t / "o.pdf")),
    ("年度计划", Role.REVIEW, lambda ws, c, t: export_plan(ws, 2027, t / "p.xlsx")),
    ("备份", Role.ADMIN, lambda ws, c, t: backup_to(ws, t)),
    ("申报截止日", Role.ADMIN, lambda ws, c, t: deadlines.set_declaration_deadline(ws, "09-15")),
    ("本机身份", Role.ADMIN, lambda ws, c, t: ws.settings.choose_side(Side.UNIT, UNIT)),
    ("新建账户", Role.ADMIN, lambda ws, c, t: accounts.create_account(ws, "xinren", "新人", frozenset({Role.ENTRY}),
                                                                    PASSWORD)),
    ("分配角色", Role.ADMIN, lambda ws, c, t: ws.accounts.set_roles(NAMES[Role.ENTRY],
                                                                    frozenset({Role.ENTRY, Role.REVIEW}))),
    ("重置密码", Role.ADMIN, lambda ws, c, t: accounts.reset_password(ws, NAMES[Role.ENTRY], "Reset#Pass2027")),
    ("解除锁定", Role.ADMIN, lambda ws, c, t: ws.accounts.unlock(NAMES[Role.ENTRY])),
    ("查看审计日志", Role.AUDIT, lambda ws, c, t: ws.audit_log.entries()),
    ("导出审计日志", Role.AUDIT, lambda ws, c, t: audit.export_xlsx(ws, t / "audit.xlsx")),
]


@pytest.fixture
def office(ws: Workspace) -> tuple[Workspace, Case]:
    case = _setup(ws)
    return one_per_role(ws), case


def _refused(result: Any) -> str | None:
    """A move's refusals come back in its result (audited as refused); other actions raise."""
    if isinstance(result, MoveResult):
        return "；".join(result.refusals) if not result.ok else None
    return None


@pytest.mark.parametrize("what, needed, action", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_each_role_is_refused_each_action_outside_it(office, tmp_path: Path, what: str, needed: Role,
                                                     action: Action) -> None:
    ws, case = office
    for role in ROLES:
        if role == needed:
            continue
        sign_in_as(ws, role)
        before = db_state(ws)
        try:
            result = action(ws, case, tmp_path)
        except NotPermitted as exc:
            message = str(exc)
            assert db_state(ws) == before, f"{role} refused {what} but something was written"
        else:
            message = _refused(result)
            assert message is not None, f"「{role}」 may do {what}, which needs 「{needed}」"
        assert f"需要「{needed}」角色" in message, message
        assert f"账户「{ws.person.who}」的角色是：{role}" in message
    sign_in_as(ws, needed)
    result = action(ws, case, tmp_path)
    assert _refused(result) is None


def test_a_refused_move_is_audited_with_the_role(office) -> None:
    ws, case = office
    sign_in_as(ws, Role.ENTRY)
    result = lifecycle.move_stage(ws, case.declared, Stage.REVIEWING, on=D)
    assert not result.ok
    assert ws.projects.get(case.declared).stage == Stage.DECLARED
    sign_in_as(ws, Role.AUDIT)
    last = [e for e in ws.audit_log.entries() if e.action == "移动阶段"][-1]
    assert last.who == "王录入" and last.result.startswith("拒绝：") and "需要「审核」角色" in last.result


def test_restore_is_the_administrators(office, tmp_path: Path) -> None:
    ws, _case = office
    sign_in_as(ws, Role.ADMIN)
    saved = backup_to(ws, tmp_path / "b.db")
    path = ws.path
    sign_in_as(ws, Role.REVIEW)
    reviewer = ws.actor
    sign_in_as(ws, Role.ADMIN)
    admin = ws.actor
    ws.close()
    with pytest.raises(NotPermitted, match="恢复备份需要「系统管理」角色"):
        restore(path, saved, actor=reviewer)
    with pytest.raises(NotPermitted, match="本机已设账户，请先登录"):
        restore(path, saved)
    restore(path, saved, actor=admin)
    with Workspace.open(path) as again:
        again.sign_in(NAMES[Role.AUDIT], PASSWORD)
        last = again.audit_log.entries()[-2]   # before the auditor's own sign-in
        assert (last.action, last.who) == ("恢复备份", "张管理")


def test_a_department_account_fills_in_and_sends_but_does_not_review(ws: Workspace, tmp_path: Path) -> None:
    choose(ws, Side.UNIT, UNIT)
    one_per_role(ws)
    sign_in_as(ws, Role.REVIEW)
    with pytest.raises(NotPermitted, match="新建项目申报需要「业务录入」角色"):
        ws.projects.create("智慧校园平台", UNIT, 2027)
    sign_in_as(ws, Role.ENTRY)
    pid = ws.projects.create("智慧校园平台", UNIT, 2027)
    ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="智慧校园平台"))
    export_form(ws, "附件1", pid, tmp_path / "a.pdf")
    for role in (Role.REVIEW, Role.ADMIN, Role.AUDIT):
        sign_in_as(ws, role)
        with pytest.raises(NotPermitted, match="填写或修改「项目名称」需要「业务录入」角色"):
            ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="改名"))
    assert ws.declarations.get(pid).project_name == "智慧校园平台"


def test_a_machine_without_accounts_has_no_role_layer(ws: Workspace, tmp_path: Path) -> None:
    case = _setup(ws)
    assert ws.actor.roles is None
    checklist.set_answer(ws, case.reviewing, ITEMS[0].key, "符合")
    backup_to(ws, tmp_path)
    assert ws.audit_log.entries()
