"""The 回收站: a department's own unsent drafts, deleted and restorable.

What a clerk may delete is only their own work that never left the machine: a
project still 草稿 with no office number that was never exported, and a 附件2
case still 草稿 likewise. Anything submitted, exchanged or numbered by the
office is the office's record too (第四条、第五条) and is never deleted here;
the refusal says what to do instead. Deleting moves the record to the 回收站
(`trashed_at`); it is then out of the board, the lists, the deadlines, the
plan, the ledger, the exports and the CLI's `list`, until restored or deleted
for good. Unsaved editor drafts follow the record: kept while it is in the
回收站 (a restore brings the typing back), dropped with it for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import authority
from .clock import now_iso
from .domain.accounts import Role
from .domain.fields import Side
from .domain.records import Project, ProcurementCase
from .domain.stages import CaseStatus, Stage
from .domain.text import shown
from .errors import XxhError
from .storage.changes import Changes

if TYPE_CHECKING:
    from .workspace import Workspace

# The record kinds as the exchange's parts name them (exchange/records.py).
PROJECT = "project"
PROCUREMENT = "procurement"
KIND_NAMES = {PROJECT: "项目", PROCUREMENT: "采购申报"}
# The kind of the editors' unsaved drafts of each record (storage/drafts.py).
DRAFT_KIND = {PROJECT: "declaration", PROCUREMENT: "procurement"}
ROLE_WHAT = "删除（移入回收站、恢复、永久删除）"


@dataclass(frozen=True)
class TrashedItem:
    kind: str           # PROJECT / PROCUREMENT
    id: str
    label: str          # 申报编号 (or the UUID)
    name: str           # the project's name, or the case's items
    unit: str
    trashed_at: str     # ISO timestamp

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


Record = Project | ProcurementCase


def items(ws: Workspace) -> list[TrashedItem]:
    """What the 回收站 holds, latest first."""
    found = [TrashedItem(PROJECT, p.id, p.label, p.name, p.unit, at) for p, at in ws.projects.trashed()]
    found += [TrashedItem(PROCUREMENT, c.id, c.label, c.items_text or "办公电脑采购", c.unit, at)
              for c, at in ws.procurements.trashed()]
    return sorted(found, key=lambda i: i.trashed_at, reverse=True)


def _live(ws: Workspace, kind: str, key: str) -> Record:
    record = ws.projects.find(key) if kind == PROJECT else ws.procurements.find(key)
    if record is None:
        raise XxhError(f"找不到{KIND_NAMES[kind]}「{shown(key, 40)}」。")
    return record


def _trashed(ws: Workspace, kind: str, key: str) -> Record:
    record = ws.projects.find(key, trashed=True) if kind == PROJECT else ws.procurements.find(key, trashed=True)
    if record is None:
        raise XxhError(f"回收站中没有{KIND_NAMES[kind]}「{key}」。")
    return record


def _who_refusal(ws: Workspace, record: Record) -> str | None:
    """The side, unit and role: only the department's 业务录入 deletes its own records."""
    actor = ws.actor
    if (why := authority.side_refusal(actor)) is not None:
        return why
    if not actor.seed and actor.side == Side.OFFICE:
        return ("第五条：项目和采购申报由项目建设单位填报，县智慧办收到的记录不能删除。"
                "不再建设的项目请设为「已终止」，不予支持的申报请用「不予批准」或「不予通过」")
    return authority.unit_refusal(actor, record.unit) or authority.role_refusal(actor, Role.ENTRY, ROLE_WHAT)


def refusal(ws: Workspace, kind: str, record: Record) -> str | None:
    """Why `record` may not go to the 回收站; None when it may."""
    if (why := _who_refusal(ws, record)) is not None:
        return why
    label = record.label
    if kind == PROJECT:
        assert isinstance(record, Project)
        # 第四条: the number is the office's; a numbered project is in the office's ledger.
        if record.number:
            return (f"第四条：项目「{label}」已由县智慧办编号，是县智慧办台账中的记录，不能删除。"
                    "不再建设的，请告知县智慧办，由其将项目设为「已终止」")
        # 第五条: once exported, the office may hold it; deleting here would split the two records.
        if ws.parts.known(PROJECT, record.id):
            return (f"第五条：项目「{label}」已随交换文件（.xxh）导出或收到过县智慧办的答复，县智慧办处可能已有记录，"
                    "不能删除。不再申报的，请告知县智慧办，由其将项目设为「已终止」")
        if record.stage == Stage.DECLARED:
            return (f"第五条：项目「{label}」已提交（已申报），不能删除。如要放弃申报，"
                    "请先在看板上将它撤回「草稿」，再移入回收站")
        if record.stage != Stage.DRAFT or record.side_state:
            return (f"第五条：项目「{label}」已在「{record.stage}」阶段，不是未提交的草稿，不能删除。"
                    "不再建设的，请告知县智慧办，由其将项目设为「已终止」")
        return None
    assert isinstance(record, ProcurementCase)
    if record.number:
        return (f"第五条第二款：采购申报「{label}」已由县智慧办编号，不能删除。"
                "不再采购的，请告知县智慧办")
    if ws.parts.known(PROCUREMENT, record.id):
        return (f"第五条第二款：采购申报「{label}」已随交换文件（.xxh）导出或收到过县智慧办的答复，"
                "县智慧办处可能已有记录，不能删除。不再采购的，请告知县智慧办")
    if record.status != CaseStatus.DRAFT:
        return (f"第五条第二款：采购申报「{label}」已提交（{record.status}），由县智慧办审核，不能删除。"
                "不再采购的，请告知县智慧办")
    return None


def trash(ws: Workspace, kind: str, key: str) -> Changes:
    """Move a live record to the 回收站, or raise `NotPermitted` saying why not (and audit the refusal)."""
    record = _live(ws, kind, key)
    if (why := refusal(ws, kind, record)) is not None:
        ws.audit_log.append("移入回收站", record.label, result="拒绝：" + why)
        raise authority.NotPermitted(why + "。")
    with ws.transaction() as tx:
        owner = ws.projects if kind == PROJECT else ws.procurements
        owner.set_trashed(record.id, now_iso())
        ws.audit_log.append("移入回收站", record.label, after=_described(kind, record))
    return tx.changes


def restore(ws: Workspace, kind: str, key: str) -> Changes:
    """Take a record out of the 回收站, as it was."""
    record = _trashed(ws, kind, key)
    if (why := _who_refusal(ws, record)) is not None:
        raise authority.NotPermitted(why + "。")
    with ws.transaction() as tx:
        owner = ws.projects if kind == PROJECT else ws.procurements
        owner.set_trashed(record.id, None)
        ws.audit_log.append("从回收站恢复", record.label, after=_described(kind, record))
    return tx.changes


def purge(ws: Workspace, kind: str, key: str) -> Changes:
    """Delete a record in the 回收站 for good: with its 附件1 or items, materials, history and
    unsaved drafts, and the attachments' content no other project shares."""
    record = _trashed(ws, kind, key)
    if (why := _who_refusal(ws, record)) is not None:
        raise authority.NotPermitted(why + "。")
    with ws.transaction() as tx:
        ws.drafts.clear(DRAFT_KIND[kind], record.id)
        if kind == PROJECT:
            digests = {m.sm3 for m in ws.materials.list(record.id) if m.sm3}
            ws.projects.purge(record.id)
            ws.materials.drop_unused_blobs(digests)
        else:
            ws.procurements.purge(record.id)
        ws.audit_log.append("永久删除", record.label, before=_described(kind, record))
    return tx.changes


def _described(kind: str, record: Record) -> dict[str, str]:
    name = record.name if isinstance(record, Project) else (record.items_text or "办公电脑采购")
    return {"类别": KIND_NAMES[kind], "名称": name, "单位": record.unit}
