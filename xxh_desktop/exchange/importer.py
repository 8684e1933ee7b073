"""Import: a preview of every record (plain data), then one all-or-nothing apply.

`preview_import` reads and verifies the file and compares each record with the
database; it writes nothing. `apply_import` verifies the same file again
(refusing it if its bytes changed since the preview), backs the database up,
and writes everything the clerk chose in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import authority
from ..authority import Actor
from ..domain.fields import Side
from ..domain.stages import CaseStatus, Stage
from ..errors import XxhError
from ..storage import backup
from . import signing, store
from .limits import DEFAULT_LIMITS, Limits
from .merge import (
    CONFLICT, MINE, NEW, OLDER, STATUSES, THEIRS, UNCHANGED, UPDATE, Version, classify, differing_fields, merge,
    revisions_after,
)
from .reader import Package, open_package
from .records import (
    KIND_PROJECT, KIND_PROCUREMENT, catalogue_key, collect_procurement, collect_project, content_sm3, display_field,
    flatten, label, owner,
)
from .revisions import ancestor, effective, snapshot

if TYPE_CHECKING:
    from ..workspace import Workspace

KEY_PINNED = "已固定"
KEY_FIRST = "首次收到，确认后固定"
KEY_CHANGED = "已更换，确认后重新固定"

Choice = str | dict[str, str]   # MINE, THEIRS, or field key -> MINE/THEIRS


class KeyChanged(XxhError):
    """The sender's key differs from the one pinned for its unit."""

    def __init__(self, unit: str, pinned_fp: str, new_fp: str, file_sm3: str) -> None:
        self.unit, self.pinned_fingerprint, self.new_fingerprint = unit, pinned_fp, new_fp
        super().__init__(
            f"「{unit}」的签名密钥与此前固定的不同：已固定的指纹 {pinned_fp}，此文件的指纹 {new_fp}。"
            "可能是对方重装了系统，也可能是伪造的文件。请先与对方电话核对新指纹，核实无误后在导入预览中"
            f"选择「重新固定密钥」再导入。\n数据库未作任何改动。\n文件 SM3：{file_sm3}")


BY_THEM = "对方改过"
BY_ME = "本机改过"
BY_BOTH = "双方都改过"


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: str
    mine: str
    theirs: str
    changed_by: str = ""      # in a conflict, against the last version both held; "" when unknown

    @property
    def suggestion(self) -> str | None:
        """Take the side that changed the field when only one did; None when the clerk must judge."""
        return {BY_THEM: THEIRS, BY_ME: MINE}.get(self.changed_by)


@dataclass
class RecordPreview:
    kind: str                 # project / procurement
    record_id: str
    number: str
    title: str
    unit: str
    status: str               # one of merge.STATUSES
    revision: int
    base_revision: int
    local_revision: int | None
    local_base_revision: int | None
    fields: list[FieldDiff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return "项目" if self.kind == KIND_PROJECT else "采购申报"


@dataclass
class Preview:
    path: Path
    file_sm3: str
    package_id: str
    format_version: str
    app_version: str
    created_at: str
    sender_unit: str
    sender_role: str
    purpose: str
    fingerprint: str
    key_status: str
    last_received_package_id: str | None
    attachments: int
    records: list[RecordPreview]
    already_imported_at: str | None = None
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def conflicts(self) -> list[RecordPreview]:
        return [r for r in self.records if r.status == CONFLICT]

    def summary(self) -> str:
        return "，".join(f"{s} {self.count(s)}" for s in STATUSES if self.count(s))or "没有记录"


@dataclass
class ImportResult:
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    backup_path: Path | None = None
    changed: bool = False


# ---------------------------------------------------------------------- preview


def preview_import(ws: Workspace, path: str | Path, *, accept_new_key: bool = False,
                   limits: Limits = DEFAULT_LIMITS) -> Preview:
    """What importing `path` would do; writes nothing, anywhere but a removed temporary folder."""
    with open_package(path, limits) as pkg:
        return _preview(ws, pkg, accept_new_key)


def _local(ws: Workspace, kind: str, record_id: str) -> dict[str, Any] | None:
    if kind == KIND_PROJECT:
        return collect_project(ws, record_id) if ws.projects.exists(record_id) else None
    return collect_procurement(ws, record_id) if ws.procurements.find(record_id) else None


def _incoming(pkg: Package) -> list[tuple[str, dict[str, Any]]]:
    return ([(KIND_PROJECT, r) for r in pkg.data["projects"]]
            + [(KIND_PROCUREMENT, r) for r in pkg.data["procurements"]])


def _versions(ws: Workspace, kind: str, local: dict[str, Any] | None,
              incoming: dict[str, Any]) -> tuple[Version | None, Version]:
    theirs = Version(incoming["revision"], incoming["base_revision"], content_sm3(kind, incoming))
    if local is None:
        return None, theirs
    mine = Version(effective(ws, kind, local), local["base_revision"], content_sm3(kind, local))
    return mine, theirs


def _preview(ws: Workspace, pkg: Package, accept_new_key: bool) -> Preview:
    m = pkg.manifest
    own = ws.settings.get(signing.SETTING)
    if own and m.public_key == signing.own_public_key(ws):
        raise XxhError(f"「{pkg.path.name}」是本机导出的文件，不能导入本机。请把它拷到对方的电脑上导入。")
    done = ws.packages.imported_at(m.package_id)
    pin = signing.pinned(ws, m.sender_unit)
    if pin is None:
        key_status = KEY_FIRST
    elif pin.public_key == m.public_key:
        key_status = KEY_PINNED
    elif accept_new_key or done:   # a file imported before (under an older pin) is only reported as such
        key_status = KEY_CHANGED
    else:
        raise KeyChanged(m.sender_unit, pin.fingerprint, m.fingerprint, pkg.file_sm3)
    warnings = []
    role = ws.settings.side
    if role and role == m.sender_role:
        warnings.append(f"发送方也是「{role}」，请确认这是给本机的文件。")
    records = []
    for kind, incoming in _incoming(pkg):
        local = _local(ws, kind, incoming["id"])
        body = incoming["project" if kind == KIND_PROJECT else "procurement"]
        shown = body["number"] or incoming["id"]
        if m.sender_role == Side.UNIT and (
                incoming["unit"] != m.sender_unit or (local is not None and local["unit"] != m.sender_unit)):
            # a department's file carries its own records only: it can neither add nor change another unit's
            owner = local["unit"] if local is not None and local["unit"] != m.sender_unit else incoming["unit"]
            raise XxhError(f"已拒绝导入「{pkg.path.name}」：文件由「{m.sender_unit}」发出，却含有「{owner}」的记录 "
                           f"{shown}；项目建设单位只能报送本单位的项目和采购申报。\n数据库未作任何改动。\n"
                           f"文件 SM3：{pkg.file_sm3}")
        if incoming["unit"] != ws.settings.unit and role == Side.UNIT:
            warnings.append(f"记录 {shown} 属于「{incoming['unit']}」，不是本单位的项目。")
        mine, theirs = _versions(ws, kind, local, incoming)
        status = classify(mine, theirs)
        if status == UPDATE and local is not None and (
                refused := _not_owned(_actor(m.sender_role, m.sender_unit), kind, local, incoming)):
            raise XxhError(f"已拒绝导入「{pkg.path.name}」：文件由「{m.sender_unit}」（{m.sender_role}）发出，"
                           f"其中记录 {shown} 改动了发送方不能办理的内容：{'；'.join(refused)}。\n"
                           f"数据库未作任何改动。\n文件 SM3：{pkg.file_sm3}")
        body = incoming["project" if kind == KIND_PROJECT else "procurement"]
        title = body["name"] if kind == KIND_PROJECT else (body["applicant_unit"] + " 办公电脑采购")
        rec = RecordPreview(
            kind=kind, record_id=incoming["id"], number=body["number"] or "", title=title,
            unit=incoming["unit"], status=status, revision=theirs.revision, base_revision=theirs.base_revision,
            local_revision=mine.revision if mine else None, local_base_revision=mine.base_revision if mine else None,
        )
        mine_flat = flatten(kind, local) if local else {}
        theirs_flat = flatten(kind, incoming)
        base = None
        if status == CONFLICT and mine is not None:
            found = ancestor(ws, kind, incoming["id"], mine.base_revision, theirs.base_revision)
            base = flatten(kind, found) if found else None
        for key in differing_fields(kind, local, incoming):
            if local is None and theirs_flat.get(key) in (None, "", [], {}):
                continue
            rec.fields.append(FieldDiff(key, label(key), display_field(key, mine_flat.get(key)) if local else "",
                                        display_field(key, theirs_flat.get(key)),
                                        _changed_by(base, key, mine_flat, theirs_flat)))
        if kind == KIND_PROJECT and status in (NEW, UPDATE, CONFLICT):
            rec.notes.extend(_history_note(local, incoming))
        note = _number_clash(ws, kind, incoming, role)[2]
        if note and status in (NEW, UPDATE, CONFLICT):
            rec.notes.append(note)
        records.append(rec)
    return Preview(
        path=pkg.path, file_sm3=pkg.file_sm3, package_id=m.package_id, format_version=m.format_version,
        app_version=m.app_version, created_at=m.created_at, sender_unit=m.sender_unit, sender_role=m.sender_role,
        purpose=m.purpose, fingerprint=m.fingerprint, key_status=key_status,
        last_received_package_id=m.last_received_package_id, attachments=len(pkg.data["attachments"]),
        records=records, already_imported_at=done, warnings=warnings,
    )


def _changed_by(base: dict[str, Any] | None, key: str, mine: dict[str, Any], theirs: dict[str, Any]) -> str:
    if base is None:
        return ""
    if mine.get(key) == base.get(key):
        return BY_THEM
    if theirs.get(key) == base.get(key):
        return BY_ME
    return BY_BOTH


def _history_note(local: dict[str, Any] | None, incoming: dict[str, Any]) -> list[str]:
    from .records import history_key

    have = {history_key(h) for h in (local or {}).get("stage_history", [])}
    new = [h for h in incoming["stage_history"] if history_key(h) not in have]
    return [f"阶段记录新增 {len(new)} 条（双方的阶段记录都会保留）"] if new else []


def _number_clash(ws: Workspace, kind: str, incoming: dict[str, Any],
                  role: Side | None) -> tuple[str | None, str | None, str]:
    """(number for the incoming record, other local record to renumber, note) when its number is taken.

    The office assigns numbers (PRODUCT.md §3): at the office an incoming record
    whose number is taken gets the next free one; at a department the office's
    number wins and the local record holding it is renumbered.
    """
    owner_ = ws.projects if kind == KIND_PROJECT else ws.procurements
    body = incoming["project" if kind == KIND_PROJECT else "procurement"]
    number = body["number"]
    local = owner_.find(incoming["id"])
    mine = local.number if local else ""
    if role == Side.OFFICE and mine:
        if number != mine:
            return mine, None, f"编号由县智慧办分配，保留本机编号 {mine}（对方为 {number or '空'}）"
        return number, None, ""
    if not number:
        return None, None, ""
    other = owner_.number_taken(number, other_than=incoming["id"])
    if other is None:
        return number, None, ""
    if role == Side.OFFICE:
        fresh = _next_number(ws, kind, number)
        return fresh, None, f"编号 {number} 在本机已被其他记录使用，导入后改为 {fresh}"
    return number, other, f"编号 {number} 由县智慧办分配，本机原用此编号的记录将改用新编号"


def _next_number(ws: Workspace, kind: str, number: str) -> str:
    prefix = number.rsplit("-", 1)[0] + "-" if "-" in number else ("JZ-" if kind == KIND_PROJECT else "CG-")
    owner_ = ws.projects if kind == KIND_PROJECT else ws.procurements
    return owner_.next_number(0, prefix)


def sender_actor(preview: Preview) -> Actor:
    """Who the package's writes are by: its sender's side and unit."""
    return _actor(preview.sender_role, preview.sender_unit)


def _actor(role: str, unit: str) -> Actor:
    side = Side(role)
    return Actor(side, unit if side == Side.UNIT else "", f"{unit}（交换文件）")


# A field an 更新 changes whose owner is not the sender refuses the whole file (PRODUCT.md §8);
# lists are judged by a field of theirs, the numbers are settled by `_number_clash`.
_LIST_FIELDS = {"rectifications": "rectification.findings", "existing_assets": "asset.name", "items": "item.item"}


def _not_owned(actor: Actor, kind: str, local: dict[str, Any], incoming: dict[str, Any]) -> list[str]:
    """Why `actor` may not make the changes an 更新 of `local` into `incoming` makes, as the owners say."""
    body = "project" if kind == KIND_PROJECT else "procurement"
    out: list[str] = []
    for key in differing_fields(kind, local, incoming):
        if key == f"{body}.number":
            continue
        if key == "project.stage":
            why = authority.move_refusal(actor, Stage(local[body]["stage"]), Stage(incoming[body]["stage"]))
        elif key == "procurement.status":
            why = _status_refusal(actor, CaseStatus(incoming[body]["status"]))
        else:
            field_key = _LIST_FIELDS.get(key) or catalogue_key(key)
            why = authority.field_refusal(actor, field_key) if field_key else None
        if why and why not in out:
            out.append(why)
    return out


def _status_refusal(actor: Actor, status: CaseStatus) -> str | None:
    """第五条第二款: the unit submits (→ 已申报), the office reviews (every other status)."""
    submission = status == CaseStatus.DECLARED
    try:
        authority.require_side(actor, Side.UNIT if submission else Side.OFFICE,
                               "采购申报的提交" if submission else "采购申报的审核", "第五条第二款")
    except authority.NotPermitted as exc:
        return str(exc).rstrip("。")
    return None


# ---------------------------------------------------------------------- apply


def resolve_choices(preview: Preview, choices: dict[str, Choice] | None, on_conflict: str) -> dict[str, Choice]:
    """Every record's choice; XxhError naming the conflicts still undecided under 'ask'."""
    if on_conflict not in ("ask", "keep", "theirs"):
        raise XxhError(f"--on-conflict 只能是 ask、keep 或 theirs，不能是「{on_conflict}」。")
    choices = dict(choices or {})
    undecided = []
    for rec in preview.records:
        if rec.record_id in choices:
            continue
        if rec.status == CONFLICT:
            if on_conflict == "keep":
                choices[rec.record_id] = MINE
            elif on_conflict == "theirs":
                choices[rec.record_id] = THEIRS
            else:
                undecided.append(rec.number or rec.record_id)
        else:
            choices[rec.record_id] = THEIRS
    if undecided:
        raise XxhError(
            f"有 {len(undecided)} 条记录双方都改过（冲突）：{'、'.join(undecided)}。请逐条选择保留哪一方，"
            "或加 --on-conflict keep（全部保留本机）或 --on-conflict theirs（全部采用对方）后重试。")
    return choices


def apply_import(ws: Workspace, preview: Preview, choices: dict[str, Choice] | None = None, *,
                 on_conflict: str = "ask", limits: Limits = DEFAULT_LIMITS,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Write what `preview` showed, as chosen, in one transaction after a backup."""
    if preview.already_imported_at:
        return ImportResult(_already(preview.already_imported_at))
    chosen = resolve_choices(preview, choices, on_conflict)
    with open_package(preview.path, limits) as pkg:
        if pkg.file_sm3 != preview.file_sm3:
            raise XxhError("文件在预览之后被改动过（SM3 不同），未导入。请重新打开导入预览。")
        fresh = _preview(ws, pkg, accept_new_key=preview.key_status == KEY_CHANGED)
        if fresh.already_imported_at:
            return ImportResult(_already(fresh.already_imported_at))
        _refuse_if_changed_since(preview, fresh)
        backup_path = backup.automatic_backup(ws, "before-import")
        try:
            counts, summary = _apply_in_transaction(ws, pkg, preview, chosen, progress)
        except sqlite3.IntegrityError as exc:
            raise XxhError(f"导入未完成，数据库未作任何改动：文件中的记录与本机数据相抵触（{exc}）。"
                           "请把此文件和本消息交给信息技术人员。") from exc
    changed = any(v for k, v in counts.items() if k not in ("无变化", "忽略"))
    return ImportResult(f"导入完成：{summary}。导入前已自动备份到 {backup_path}。", counts, backup_path, changed)


def _apply_in_transaction(ws: Workspace, pkg: Package, preview: Preview, chosen: dict[str, Choice],
                          progress: Callable[[int, int], None] | None) -> tuple[dict[str, int], str]:
    with ws.transaction():
        # Checked again under the write lock: another window or the CLI may have written since.
        fresh = _preview(ws, pkg, accept_new_key=preview.key_status == KEY_CHANGED)
        if fresh.already_imported_at:
            raise XxhError(_already(fresh.already_imported_at))
        _refuse_if_changed_since(preview, fresh)
        preview = fresh
        with ws.acting_as(sender_actor(preview)):
            counts = _write_all(ws, pkg, preview, chosen, progress)
        if preview.key_status != KEY_PINNED:
            signing.pin(ws, pkg.manifest.sender_unit, pkg.manifest.public_key)
        summary = "，".join(f"{k} {v}" for k, v in counts.items() if v) or "无变化"
        ws.packages.record(pkg.manifest.package_id, "in", pkg.file_sm3, pkg.manifest.sender_unit, summary)
        ws.audit_log.append("导入交换文件", pkg.path.name, after={
            "package_id": pkg.manifest.package_id, "file_sm3": pkg.file_sm3,
            "sender": pkg.manifest.sender_unit, "summary": summary})
    return counts, summary


def _refuse_if_changed_since(shown: Preview, fresh: Preview) -> None:
    """The clerk chose from `shown`: a local change since then (even one that keeps a record's
    status, e.g. a further edit of a conflicting record) was never seen, so nothing is written."""
    def view(p: Preview) -> list[tuple[Any, ...]]:
        return [(r.record_id, r.status, r.local_revision, r.local_base_revision, r.fields, r.notes)
                for r in p.records]

    if view(fresh) != view(shown):
        raise XxhError("预览之后本机数据有了改动，未导入。请重新打开导入预览。")


def _already(at: str) -> str:
    return f"此文件已于 {at} 导入，本次未作任何改动。"


def _owned_choice(kind: str, local: dict[str, Any], incoming: dict[str, Any], choice: Choice,
                  sender: Side) -> Choice:
    """In a conflict each field follows its owner, whatever was chosen: one the sender's side does
    not own stays as it is here, one it owns takes the sender's value (this side's copy is only what
    the sender said before, and keeping it would send the sender a change of its own field, which it
    must refuse). The clerk chooses the rest: lists both sides write (项目调整申请), and at the
    department the office's stage, as the department moves its declaration too (草稿 ↔ 已申报)."""
    keys = differing_fields(kind, local, incoming)
    picks = {k: choice for k in keys} if isinstance(choice, str) else {k: choice.get(k, MINE) for k in keys}

    def follow_owner(key: str, pick: str) -> str:
        side = owner(key)
        if side is None or (side == sender and key == "project.stage"):
            return pick
        return THEIRS if side == sender else MINE

    owned = {k: follow_owner(k, v) for k, v in picks.items()}
    if not owned:
        return choice
    for whole in (THEIRS, MINE):
        if all(v == whole for v in owned.values()):
            return whole
    return owned


def _write_all(ws: Workspace, pkg: Package, preview: Preview, chosen: dict[str, Choice],
               progress: Callable[[int, int], None] | None) -> dict[str, int]:
    counts = {"新增": 0, "更新": 0, "合并": 0, "保留本机": 0, "无变化": 0, "忽略": 0}
    role = ws.settings.side
    sender = Side(preview.sender_role)
    plans = []
    for (kind, incoming), rec in zip(_incoming(pkg), preview.records, strict=True):
        local = _local(ws, kind, incoming["id"])
        mine, theirs = _versions(ws, kind, local, incoming)
        choice = chosen.get(rec.record_id, THEIRS)
        if rec.status == OLDER:
            counts["忽略"] += 1
            continue
        snapshot(ws, kind, incoming, "in")   # a version both sides now hold: the next conflict's ancestor
        if rec.status == UNCHANGED:
            counts["无变化"] += 1
            assert local is not None and mine is not None
            if theirs.revision > mine.base_revision:   # both hold the same content: note we took it in
                store.write(ws, kind, local, max(mine.revision, theirs.revision), theirs.revision)
            continue
        if rec.status in (NEW, UPDATE) and choice == MINE:
            counts["忽略"] += 1
            continue
        if local is None:
            record, took_all = incoming, True
            counts["新增"] += 1
        else:
            if rec.status == CONFLICT:
                choice = _owned_choice(kind, local, incoming, choice, sender)
            record = merge(kind, local, incoming, choice)
            took_all = choice == THEIRS
            if rec.status == UPDATE:
                counts["更新"] += 1
            elif choice == MINE:
                counts["保留本机"] += 1
            else:
                counts["合并" if isinstance(choice, dict) else "更新"] += 1
        revision, base = revisions_after(rec.status, mine, theirs, took_all)
        plans.append((kind, record, revision, base))
    needed = sorted({m["sm3"] for _, r, _, _ in plans if r.get("materials")
                     for m in r["materials"].values() if m.get("sm3")})
    missing = [d for d in needed if not ws.materials.has_blob(d)]
    total = len(missing) + len(plans)
    for done, digest in enumerate(missing, start=1):
        ws.materials.put_blob(pkg.attachment(digest), digest)   # verified against its SM3 by the reader
        if progress:
            progress(done, total)
    for done, (kind, record, revision, base) in enumerate(plans, start=len(missing) + 1):
        number, other, _ = _number_clash(ws, kind, record, role)
        body_key = "project" if kind == KIND_PROJECT else "procurement"
        if number is not None:
            if number != record[body_key]["number"]:
                record = {**record, body_key: {**record[body_key], "number": number}}
                revision = max(revision, base + 1)   # renumbered here: a local change the sender has not seen
            if other is not None:
                year = record[body_key].get("year") or 0
                if kind == KIND_PROJECT:
                    ws.projects.renumber(other, ws.projects.next_number(year) if year else _next_number(ws, kind, number))
                else:
                    ws.procurements.renumber(other, _next_number(ws, kind, number))
        store.write(ws, kind, record, revision, base)
        ws.audit_log.append("导入记录", record[body_key]["number"] or record["id"],
                            after={"revision": revision, "base_revision": base})
        if progress:
            progress(done, total)
    return counts
