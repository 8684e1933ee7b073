"""Import: a preview of every record (plain data), then one all-or-nothing apply.

`preview_import` reads and verifies the file once, into a private copy it
holds open, finds out who sent it (`identity`), and judges each record part by
part (`versions`); it writes nothing but an audit entry when it refuses the
file. `apply_import` writes what the preview showed, from the same verified
copy, in one transaction after a checked backup, judging every record again
under the write lock. A caller that means to import asks the preview to begin
that backup (`backup_ahead`): it is copied before the file is read and checked
on a worker meanwhile; the import takes it — and the preview's judgement as it
stands — only if nothing was committed to the database since that copy.

A package may change only its sender's part of a record; anything else in it
refuses the whole file, naming what (docs/xxh-format.md §4).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import authority, clock
from ..authority import Actor, NotPermitted
from ..domain.fields import Side
from ..domain.stages import CaseStatus, SideState, Stage
from ..domain.text import shown
from ..errors import XxhError
from ..lifecycle.facts import project_order_problems
from ..storage import backup
from . import store
from .identity import KEY_KNOWN, REGISTRATION, Sender, confirm, identify, unit_name
from .limits import DEFAULT_LIMITS, Limits, Refused
from .merge import CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, UPDATE, Choice, merge, sender_keys
from .parts import FIXED, acceptance_problems, digest, part
from .preview import FieldDiff, ImportResult, Preview, RecordPreview
from .reader import Package, PackageRefused, open_package
from .records import (
    KIND_PROCUREMENT, KIND_PROJECT, collect_procurement, collect_project, display_field, flatten, history_key, label,
    owned_label,
)
from .validate import declaration_gate
from .versions import DESCENDS, FORK, REPLAY, SAME, judge, other, took_in
from .versions import NEW as PART_NEW

if TYPE_CHECKING:
    from ..workspace import Workspace

Progress = Callable[[int, int], None]

_STATUS = {PART_NEW: NEW, DESCENDS: UPDATE, SAME: UNCHANGED, REPLAY: OLDER, FORK: CONFLICT}
# ---------------------------------------------------------------------- preview


def preview_import(ws: Workspace, path: str | Path, *, limits: Limits = DEFAULT_LIMITS,
                   backup_ahead: bool = False) -> Preview:
    """What importing `path` would do. The caller closes the preview (it holds the verified copy).
    A refused file is written to the audit log, and nothing else is written. With
    `backup_ahead` (a caller that means to import it, on this or another workspace of the
    file), the backup `apply_import` needs is begun first."""
    path = Path(path)
    judged_on = clock.today()
    ahead = _backup_ahead(ws) if backup_ahead else None
    try:
        pkg = open_package(path, limits)
    except PackageRefused as exc:
        _discard(ahead)
        _audit_refusal(ws, exc)
        raise
    except BaseException:
        _discard(ahead)
        raise
    try:
        preview = _preview(ws, pkg)
    except Refused as exc:
        pkg.close()
        _discard(ahead)
        raise _refusal(ws, path, str(exc), pkg.file_sm3, pkg.manifest.claimed) from None
    except BaseException:
        pkg.close()
        _discard(ahead)
        raise
    preview.package, preview.backup, preview.judged_on = pkg, ahead, judged_on
    return preview


def _backup_ahead(ws: Workspace) -> backup.PendingBackup | None:
    try:
        return backup.start_automatic_backup(ws, "before-import")
    except XxhError:
        return None   # a read-only place, no room for it: said if the import is asked for, the preview shown


def _discard(pending: backup.PendingBackup | None) -> None:
    if pending is not None:
        pending.discard()


def _refusal(ws: Workspace, path: Path, problem: str, file_sm3: str, claimed: str) -> PackageRefused:
    refused = PackageRefused(path, problem, file_sm3, claimed)
    _audit_refusal(ws, refused)
    return refused


def _audit_refusal(ws: Workspace, refused: PackageRefused) -> None:
    """第二十六条 asks for a trail: who tried to bring what in, and why it was not taken."""
    try:
        ws.audit_log.append("拒绝导入交换文件", shown(refused.path.name, 80), after={
            "file_sm3": refused.file_sm3, "sender_claimed": refused.claimed, "problem": refused.problem},
            result="拒绝")
    except XxhError:
        pass   # a read-only or locked database: the refusal itself still reaches the clerk


def _records(pkg: Package) -> Iterator[tuple[str, dict[str, Any]]]:
    for record in pkg.data["projects"]:
        yield KIND_PROJECT, record
    for record in pkg.data["procurements"]:
        yield KIND_PROCUREMENT, record


def _body(kind: str) -> str:
    return "project" if kind == KIND_PROJECT else "procurement"


def _local(ws: Workspace, kind: str, record_id: str) -> dict[str, Any] | None:
    if kind == KIND_PROJECT:
        return collect_project(ws, record_id) if ws.projects.exists(record_id) else None
    return collect_procurement(ws, record_id) if ws.procurements.find(record_id) else None


def _name_of(record: dict[str, Any], kind: str, local: dict[str, Any] | None = None) -> str:
    """How the clerk knows the record: the number this machine holds, else the file's (or its 申报编号)."""
    body = record[_body(kind)]
    here = local[_body(kind)].get("number") if local is not None else None
    return shown(str(here or body.get("number") or body.get("declaration_no") or record["id"]), 40)


def _preview(ws: Workspace, pkg: Package) -> Preview:
    m = pkg.manifest
    registration = pkg.data.get("registration")
    if (m.purpose == REGISTRATION) != (registration is not None):
        raise Refused("文件的用途与内容不符（单位登记文件只含登记信息）")
    sender = identify(ws, m, registration)
    warnings: list[str] = []
    if registration is not None:
        _check_registration(ws, registration, m.fingerprint)
    records = [_judge_record(ws, sender, kind, incoming) for kind, incoming in _records(pkg)]
    return Preview(
        path=pkg.path, file_sm3=pkg.file_sm3, package_id=m.package_id, format_version=m.format_version,
        app_version=m.app_version, created_at=m.created_at, purpose=m.purpose, sender=sender,
        attachments=len(pkg.data["attachments"]), records=records, registration=registration,
        already_imported_at=ws.packages.imported_at(m.package_id), warnings=warnings)


def _check_registration(ws: Workspace, registration: dict[str, str], fingerprint: str) -> None:
    """A registration names this unit and carries the key that signed it."""
    if registration["office_fingerprint"] != fingerprint:
        raise Refused("登记文件中的指纹与签名密钥不符")
    own = ws.settings.unit or ""
    if not own or unit_name(registration["unit"]) != unit_name(own):
        raise Refused(f"此登记文件是县智慧办为「{shown(registration['unit'], 40)}」制作的，本机是"
                      f"「{shown(own, 40) or '未填写单位'}」。请向县智慧办索取本单位的登记文件")


def _judge_record(ws: Workspace, sender: Sender, kind: str, incoming: dict[str, Any]) -> RecordPreview:
    """One record of the package: what it would change, or `Refused` when it says what its sender may not."""
    me = other(sender.side)
    local = _local(ws, kind, incoming["id"])
    name = _name_of(incoming, kind, local)
    what = f"{'项目' if kind == KIND_PROJECT else '采购申报'} {name}"
    own_unit = ws.settings.unit or ""
    if sender.side == Side.UNIT:
        # A department's file carries its own records only: it can neither add nor change another unit's.
        for unit in (incoming["unit"], local["unit"] if local else incoming["unit"]):
            if unit_name(unit) != unit_name(sender.unit):
                raise Refused(f"文件由「{sender.unit}」发出，却含有「{shown(unit, 40)}」的{what}；"
                              "项目建设单位只能报送本单位的项目和采购申报")
        incoming["unit"] = local["unit"] if local else sender.unit   # the register's spelling
    else:
        if unit_name(incoming["unit"]) != unit_name(own_unit):
            raise Refused(f"文件中的{what}属于「{shown(incoming['unit'], 40)}」，不是本单位的")
        if local is None:
            raise Refused(f"文件中的{what}在本机不存在；项目和采购申报由项目建设单位在本机新建，"
                          "县智慧办的文件只能带回审核结果")
        incoming["unit"] = local["unit"]
    if local is not None:
        for key in sorted(FIXED):
            section, _, col = key.partition(".")
            if section == _body(kind) and _fixed(local, key) != _fixed(incoming, key):
                raise Refused(f"文件中的{what}改动了建立后不能更改的「{label(key)}」")
    _check_versions(kind, incoming, sender.side, what)
    verdict = judge(ws, kind, local, incoming, sender.side)
    if forged := acceptance_problems(kind, local, incoming, sender.side):
        raise Refused(f"文件中的{what}改动了{me.value}的内容：{'、'.join(label(k) for k in forged[:6])}"
                      f"（第八条）。这些内容只能由{me.value}填写，{sender.side.value}的文件无权更改")
    if verdict.receiver_forged:
        labels = "、".join(dict.fromkeys(owned_label(k) for k in verdict.receiver_forged[:6]))
        if verdict.receiver_unverified:
            raise Refused(f"文件中的{what}所带的{me.value}的内容（{labels}）不是本机发出过的任何版本：可能是本机"
                          "恢复过备份或换过电脑（对方收到过本机已没有记录的内容），也可能是伪造的文件。本机的内容不会"
                          f"被改动。请先把本机的最新内容导出给对方导入（对方会看到冲突并选择），再请对方重新导出")
        raise Refused(f"文件中的{what}改动了{me.value}的内容：{labels}。这些内容只能由{me.value}填写，"
                      f"{sender.side.value}的文件无权更改")
    if kind == KIND_PROJECT:
        # PRODUCT.md §4: the record as it would be stored keeps the regulation's order of dates and amounts,
        # judged as the write judges it (what was out of order here before is `check`'s to list, not this
        # file's fault).
        merged = incoming if local is None else merge(kind, local, incoming, sender.side)
        today = clock.today()
        stage = store.replayed_stage(local["project"]["stage"] if local else Stage.DRAFT.value,
                                     local["stage_history"] if local else [], incoming["stage_history"])
        before = set(store.record_problems(local, today)) if local is not None else set()
        if broken := [p for p in store.record_problems(merged, today, stage) if p not in before]:
            raise Refused(f"文件中的{what}不符合管理办法：{'；'.join(broken[:5])}")
    status = _STATUS[verdict.sender_part]
    rec = RecordPreview(kind=kind, record_id=incoming["id"], number=name, title=_title(kind, incoming),
                        unit=incoming["unit"], status=status, receiver_stale=verdict.receiver_stale)
    if status == OLDER:
        rec.notes.append("这是对方此前发来过的版本，本机已有其后的内容，不会导入")
        return rec
    if kind == KIND_PROJECT:
        have = local["stage_history"] if local else []
        if bad := store.sender_entries_only(have, incoming["stage_history"], sender.side):
            raise Refused(f"文件中的{what}含有{sender.side.value}不能办理的阶段记录：{'；'.join(bad[:3])}")
        stage = local["project"]["stage"] if local else Stage.DRAFT.value
        if problem := store.replay_problem(stage, have, incoming["stage_history"]):
            raise Refused(f"文件中的{what}的{problem}")
        if sender.side == Side.UNIT and (refused := _department_moves_refused(ws, sender, local, incoming)):
            raise Refused(f"文件中的{what}的移动{refused}")
        rec.moves = _project_moves(rec, local, incoming)
    else:
        # A decision the office made since its last file stands, even if our part crossed it in the mail.
        stale = verdict.receiver_stale and verdict.sender_part != DESCENDS
        rec.moves = _procurement_status(rec, local, incoming, sender.side, stale, what)
    mine = _flat_for_display(kind, local)
    theirs = _flat_for_display(kind, incoming)
    for key in sender_keys(kind, local, incoming, sender.side):
        if local is None and theirs.get(key) in (None, "", [], {}):
            continue
        rec.fields.append(FieldDiff(key, label(key), display_field(key, mine.get(key)) if local else "",
                                    display_field(key, theirs.get(key))))
    if kind == KIND_PROJECT and sender.side == Side.UNIT and local is not None and _declaration_reviewed(local):
        if changed := [d.label for d in rec.fields if d.key.startswith("declaration.")]:
            # An edit that crossed the review in the mail, or a forgery: the office decides. Returned
            # for supplements (退回补充), the same file is taken in.
            raise Refused(f"第九条：文件中的{what}改动了申报表（{'、'.join(changed[:6])}），而本机的项目已在"
                          f"「{local['project']['stage']}」阶段，申报表由县智慧办审核，不能再改。"
                          "如同意修改，请先退回补充，再导入此文件")
    rec.fields.sort(key=lambda d: not d.important)
    if verdict.receiver_stale:
        rec.notes.append(f"对方尚未收到本机最近的改动，文件中{me.value}填写的内容是旧的；本机的内容保持不变")
    if status == CONFLICT:
        rec.notes.append("对方的内容与本机此前收到的不是同一条线（对方可能恢复过备份或换过电脑），请逐项选择")
    return rec


def _declaration_reviewed(local: dict[str, Any]) -> bool:
    """第九条: 附件1 is the department's while 草稿 or 已申报, and again when returned for supplements."""
    return (local["project"]["stage"] not in (Stage.DRAFT.value, Stage.DECLARED.value)
            and local["project"]["side_state"] != SideState.RETURNED.value)


def _check_versions(kind: str, incoming: dict[str, Any], sender: Side, what: str) -> None:
    """The versions a record lists are the sender's own count of its part: ascending, ending at the
    version sent, whose SM3 is that of the part the record carries (docs/xxh-format.md §4)."""
    sent = incoming["versions"]["sender"]
    numbers = [v for v, _ in sent["history"]]
    if (sent["history"][-1] != [sent["version"], sent["sm3"]] or numbers != sorted(set(numbers))
            or digest(part(kind, incoming, sender)) != sent["sm3"]):
        raise Refused(f"文件中的{what}的版本记录与其内容不符（版本记录被改动过）")


def _department_moves_refused(ws: Workspace, sender: Sender, local: dict[str, Any] | None,
                              incoming: dict[str, Any]) -> str | None:
    """A department's new moves (草稿 ↔ 已申报) judged here as apply will judge them — the lifecycle's
    rules on this machine's facts, with the 附件1 and materials the file brings — so that a move that
    would be refused is refused in the preview, before anything is written."""
    from ..lifecycle import Facts, check_move, load_facts

    facts = load_facts(ws, local["id"]) if local else Facts(
        stage=Stage.DRAFT, is_existing_system=bool(incoming["project"]["is_existing_system"]))
    facts = replace(facts, declaration_problems=tuple(declaration_gate(incoming)))
    actor = Actor(sender.side, sender.unit)
    for entry in store.new_entries(local["stage_history"] if local else [], incoming["stage_history"]):
        start, end = entry["from_stage"], entry["to_stage"]
        if start is None or start == end:
            continue
        refusals = check_move(facts, end, date.fromisoformat(entry["on_date"]), reason=entry["reason"], actor=actor)
        if refusals:
            return f"「{start} → {end}」不被接受：{'；'.join(refusals)}"
        facts = replace(facts, stage=Stage(end))
    return None


def _fixed(record: dict[str, Any], key: str) -> Any:
    section, _, col = key.partition(".")
    return record["unit"] if col == "unit" else record[section].get(col) or ""


def _title(kind: str, record: dict[str, Any]) -> str:
    if kind == KIND_PROJECT:
        return record["project"]["name"]
    return record["procurement"]["applicant_unit"] + " 办公电脑采购"


def _flat_for_display(kind: str, record: dict[str, Any] | None) -> dict[str, Any]:
    return flatten(kind, record) if record is not None else {}


def _project_moves(rec: RecordPreview, local: dict[str, Any] | None, incoming: dict[str, Any]) -> bool:
    """The sender's new moves, listed first; whether there are any."""
    have = {history_key(h) for h in (local or {}).get("stage_history", [])}
    new = [h for h in incoming["stage_history"] if history_key(h) not in have]
    moves = [h for h in new if h["from_stage"] and h["from_stage"] != h["to_stage"]]
    if moves:
        steps = " → ".join([moves[0]["from_stage"], *(h["to_stage"] for h in moves)])
        rec.fields.append(FieldDiff("project.stage", "阶段", local["project"]["stage"] if local else "",
                                    steps if local else incoming["project"]["stage"]))
    events = len(new) - len(moves)
    if events:
        rec.notes.append(f"阶段记录新增 {events} 条事件（双方的阶段记录都会保留）")
    return bool(new)


def _procurement_status(rec: RecordPreview, local: dict[str, Any] | None, incoming: dict[str, Any],
                        sender: Side, stale: bool, what: str) -> bool:
    """第五条第二款: the unit submits, the office reviews; a status the sender may not set refuses."""
    theirs = CaseStatus(incoming["procurement"]["status"])
    mine = CaseStatus(local["procurement"]["status"]) if local else None
    claim = store.case_status_claim(mine, theirs, sender, saw_ours=not stale)
    if claim == "refuse":
        here = f"本机为「{mine}」" if mine else "新的采购申报只能是草稿或已申报"
        raise Refused(f"文件中的{what}的状态「{theirs}」不能由{sender.value}设为（{here}）（第五条第二款）")
    if claim == "stale" or mine == theirs:
        if claim == "stale":
            rec.notes.append(f"文件中的状态「{theirs}」是旧的，本机保持「{mine}」")
        return False
    rec.fields.append(FieldDiff("procurement.status", "状态", mine.value if mine else "", theirs.value))
    return mine is not None


# ---------------------------------------------------------------------- apply


def resolve_choices(preview: Preview, choices: dict[str, Choice] | None, on_conflict: str) -> dict[str, Choice]:
    """Every record's choice; XxhError naming the conflicts still undecided under 'ask'."""
    if on_conflict not in ("ask", "keep", "theirs"):
        raise XxhError(f"--on-conflict 只能是 ask、keep 或 theirs，不能是「{on_conflict}」。")
    chosen = dict(choices or {})
    undecided = []
    for rec in preview.records:
        if rec.record_id in chosen:
            continue
        if rec.status == CONFLICT:
            if on_conflict == "ask":
                undecided.append(rec.number)
            chosen[rec.record_id] = MINE if on_conflict == "keep" else THEIRS
        else:
            chosen[rec.record_id] = THEIRS
    if undecided:
        raise XxhError(
            f"有 {len(undecided)} 条记录与本机此前收到的不是同一版本（冲突）：{'、'.join(undecided)}。"
            "请逐条选择，或加 --on-conflict keep（全部保留本机）或 --on-conflict theirs（全部采用对方）后重试。")
    return chosen


def apply_import(ws: Workspace, preview: Preview, choices: dict[str, Choice] | None = None, *,
                 on_conflict: str = "ask", trust_key: str | None = None,
                 progress: Progress | None = None) -> ImportResult:
    """Write what `preview` showed, as chosen, in one transaction after a backup.

    A first or changed key is taken only with `trust_key`, the fingerprint the
    clerk compared with the one printed on paper."""
    if preview.package is None:
        raise XxhError("导入预览已关闭，请重新打开导入预览。")
    authority.require_document(ws.actor, "交换文件")   # the clerk's right, before anything is written
    if preview.already_imported_at:
        return ImportResult(_already(preview.already_imported_at))
    claimed = preview.package.manifest.claimed
    try:
        confirm(preview.sender, trust_key)
    except Refused as exc:
        raise _refusal(ws, preview.path, str(exc), preview.file_sm3, claimed) from None
    chosen = resolve_choices(preview, choices, on_conflict)
    # Checked while the records are written; nothing commits before it passed (nor a stale preview).
    pending, preview.backup = preview.backup, None
    ahead = pending is not None and pending.holds_current()
    if ahead:
        pending.adopt(ws)   # begun where the file was previewed (in the window, another connection)
    else:   # written to since: a copy of now instead
        _discard(pending)
        pending = backup.start_automatic_backup(ws, "before-import")
    try:
        counts, summary = _apply_in_transaction(ws, preview.package, preview, chosen, progress, pending, ahead)
    except BaseException as exc:
        # Nothing was written (one transaction), so the copy taken for this import holds nothing new.
        pending.discard()
        if isinstance(exc, sqlite3.IntegrityError):
            raise XxhError(f"导入未完成，数据库未作任何改动：文件中的记录与本机数据相抵触（{exc}）。"
                           "请把此文件和本消息交给信息技术人员。") from exc
        if isinstance(exc, (Refused, NotPermitted)):   # found under the write lock: a move whose gate fails here …
            raise _refusal(ws, preview.path, str(exc), preview.file_sm3, claimed) from None
        raise
    return ImportResult(f"导入完成：{summary}。导入前已自动备份到 {pending.path}。", counts, pending.path,
                        any(v for k, v in counts.items() if k not in (UNCHANGED, "忽略")))


def _view(p: Preview) -> list[tuple[Any, ...]]:
    return [(r.record_id, r.status, r.fields, r.notes, r.moves) for r in p.records]


def _judged_again(ws: Workspace, pkg: Package, preview: Preview) -> Preview:
    """The file judged again: another window or the CLI may have written since the preview."""
    fresh = _preview(ws, pkg)
    if fresh.already_imported_at:
        raise XxhError(_already(fresh.already_imported_at))
    if _view(fresh) != _view(preview) or fresh.sender != preview.sender:
        raise XxhError("预览之后本机数据有了改动，未导入。请重新打开导入预览。")
    return fresh


def _apply_in_transaction(ws: Workspace, pkg: Package, preview: Preview, chosen: dict[str, Choice],
                          progress: Progress | None, pending: backup.PendingBackup,
                          ahead: bool) -> tuple[dict[str, int], str]:
    with ws.transaction():
        ws.database.checkpoint_beside()   # tens of MB of attachments: the commit need not copy them twice
        # Under the write lock: judged again unless nothing was committed since the copy the preview
        # began before it judged (the judgement reads the database, the file and the day, nothing else).
        unchanged = ahead and pending.holds_current() and preview.judged_on == clock.today()
        fresh = preview if unchanged else _judged_again(ws, pkg, preview)
        pending.audit()   # the 备份 entry first: it stands only if the import commits, after the check
        sender = fresh.sender
        if sender.status != KEY_KNOWN:
            ws.keys.register(sender.public_key, sender.fingerprint, sender.side, sender.unit)
        with ws.acting_as(Actor(sender.side, sender.unit, f"{sender.name}（交换文件）")):
            counts, created = _write_all(ws, pkg, fresh, chosen, progress)
        if ws.settings.side == Side.OFFICE:
            _allot_numbers(ws, created)
        summary = "，".join(f"{k} {v}" for k, v in counts.items() if v) or (
            "登记县智慧办密钥" if fresh.registration else UNCHANGED)
        ws.packages.record(pkg.manifest.package_id, "in", pkg.file_sm3, sender.name, summary)
        ws.audit_log.append("导入交换文件", pkg.path.name, after={
            "package_id": pkg.manifest.package_id, "file_sm3": pkg.file_sm3, "sender": sender.name,
            "fingerprint": sender.fingerprint, "summary": summary})
        pending.finish()   # the copy taken before any of this is a sound backup, or nothing commits
    return counts, summary


def _already(at: str) -> str:
    return f"此文件已于 {at} 导入，本次未作任何改动。"


def _write_all(ws: Workspace, pkg: Package, preview: Preview, chosen: dict[str, Choice],
               progress: Progress | None) -> tuple[dict[str, int], list[tuple[str, str]]]:
    counts = {NEW: 0, UPDATE: 0, "合并": 0, "保留本机": 0, UNCHANGED: 0, "忽略": 0}
    side = preview.sender.side
    plans = []
    for (kind, incoming), rec in zip(_records(pkg), preview.records, strict=True):
        choice = chosen.get(rec.record_id, THEIRS)
        if rec.status == OLDER:
            counts["忽略"] += 1
            continue
        if rec.status in (NEW, UPDATE) and choice == MINE:
            counts["忽略"] += 1
            continue
        local = _local(ws, kind, incoming["id"])
        if local is None:
            record, moves = incoming, True
            counts[NEW] += 1
        else:
            record = merge(kind, local, incoming, side, choice)
            moves = rec.moves and choice == THEIRS
            if rec.status == CONFLICT and choice == MINE:
                counts["保留本机"] += 1
            elif rec.status == CONFLICT and isinstance(choice, dict):
                counts["合并"] += 1
            elif rec.status == UNCHANGED and not moves:
                counts[UNCHANGED] += 1
            else:
                counts[UPDATE] += 1
        plans.append((kind, incoming, record, moves, local is None, choice == THEIRS))
    needed = sorted({m["sm3"] for kind, _, r, *_ in plans if kind == KIND_PROJECT
                     for m in r["materials"].values() if m.get("sm3")})
    missing = [d for d in needed if not ws.materials.has_blob(d)]
    total = len(missing) + len(plans)
    for done, sm3 in enumerate(missing, start=1):
        ws.materials.put_blob(pkg.attachment(sm3), sm3)   # verified against its SM3 by the reader
        if progress:
            progress(done, total)
    created: list[tuple[str, str]] = []
    for done, (kind, incoming, record, moves, is_new, whole) in enumerate(plans, start=len(missing) + 1):
        # One audit entry per record, by the sender, holding each owner's change with its before → after.
        with _refused_if_unsaved(incoming, kind), ws.audit_log.gathered("导入记录", _name_of(incoming, kind),
                                                                         {"id": incoming["id"]}):
            if kind == KIND_PROJECT:
                # PRODUCT.md §4: what the file brings keeps the regulation's order of dates and amounts,
                # as the editors keep it (what was out of order here before is `check`'s to list).
                before = set() if is_new else set(project_order_problems(ws, incoming["id"]))
                store.write_project(ws, record, incoming, moves=moves)
                if broken := [p for p in project_order_problems(ws, incoming["id"]) if p not in before]:
                    raise Refused(f"文件中的项目 {_name_of(incoming, kind)} 不符合管理办法：{'；'.join(broken[:5])}")
            else:
                store.write_procurement(ws, record, incoming, apply_status=moves or is_new)
            if whole:
                # Only the sender's part taken whole is its line from now on. Kept (a conflict settled
                # otherwise), the next file from the sender meets the same fork: its part is its own.
                took_in(ws, kind, incoming, side)
        if is_new:
            created.append((kind, incoming["id"]))
        if progress:
            progress(done, total)
    for (kind, incoming), rec in zip(_records(pkg), preview.records, strict=True):
        if rec.status == UNCHANGED and all(incoming["id"] != r[1]["id"] for r in plans):
            took_in(ws, kind, incoming, side)     # the same part as ours: heard
    return counts, created


@contextmanager
def _refused_if_unsaved(incoming: dict[str, Any], kind: str) -> Iterator[None]:
    """An owner's refusal of a value while a record is written refuses the whole file (audited as
    every refusal is): the checks before the preview hold each value to the owners' rules, so this
    is the last line, should one of them ever say less than its owner."""
    try:
        yield
    except (Refused, NotPermitted):
        raise
    except XxhError as exc:
        what = "项目" if kind == KIND_PROJECT else "采购申报"
        raise Refused(f"文件中的{what} {_name_of(incoming, kind)} 有本机不能保存的内容：{exc}") from None


def _allot_numbers(ws: Workspace, created: list[tuple[str, str]]) -> None:
    """第四条: the office numbers what it takes in, by the year of the declaration (JZ-2027-014, CG-…)."""
    following: dict[int, str] = {}   # year → the number after the last one given (we hold the write lock)
    for kind, record_id in created:
        if kind == KIND_PROJECT:
            project = ws.projects.get(record_id)
            if not project.number:
                number = following.get(project.year) or ws.projects.next_number(project.year)
                ws.projects.renumber(record_id, number)
                stem, _, n = number.rpartition("-")
                following[project.year] = f"{stem}-{int(n) + 1:03d}"
        else:
            case = ws.procurements.get(record_id)
            if not case.number:
                filled = ws.procurements.form(record_id).filled_on
                year = filled.year if filled else date.today().year
                ws.procurements.renumber(record_id, ws.procurements.next_number(year))
