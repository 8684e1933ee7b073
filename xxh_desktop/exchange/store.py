"""Writing an imported record, through the same owners the editors write through.

The caller's transaction holds it all, and the caller's actor is the sender:
each part that differs from the local record is written by the owner of its
table, which refuses a field the sender's side does not own. The sender's
moves are replayed through the lifecycle (`move_stage`), so a move the
sender's side may not make, or whose gate does not hold, refuses the package
(PRODUCT.md §8: nothing in a file moves a project past a gate).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..amounts import fen_to_yuan, yuan_to_wan
from ..authority import Actor, move_refusal
from ..domain.declaration import Declaration
from ..domain.procurement import Procurement, ProcurementItem
from ..domain.records import Adjustment, Asset, Project, Rectification
from ..domain.stages import CaseStatus, SideState, Stage
from ..lifecycle.facts import record_order_problems
from .limits import Refused
from .parts import history_side
from .records import PROJECT_COLUMNS, collect_procurement, collect_project, history_key

if TYPE_CHECKING:
    from ..workspace import Workspace


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _wan(yuan: int | None) -> Decimal | None:
    return None if yuan is None else yuan_to_wan(yuan)


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)


_DATES = ("approval_date", "temp_approval_date", "procurement_date", "contract_date", "initial_acceptance_date",
          "final_acceptance_date", "self_eval_office_date", "self_eval_finance_date", "operation_started_on",
          "consulted_on", "security_assessed_on", "cloud_migration_due")
# Set when the record is made, or by moves and the office's numbering, never as plain facts.
_NOT_FACTS = ("number", "declaration_no", "name", "year", "is_existing_system", "stage")


def _project_facts(body: dict[str, Any]) -> dict[str, Any]:
    """The format's project columns as the projects owner's typed facts."""
    facts: dict[str, Any] = {}
    for col in PROJECT_COLUMNS:
        if col in _NOT_FACTS:
            continue
        value = body.get(col)
        if col in _DATES:
            value = _d(value)
        elif col == "contract_amount":
            value = _wan(value)
        elif col == "side_state":
            value = SideState(value) if value else None
        elif col == "classified":
            value = bool(value)
        elif col == "initial_acceptance_result":
            value = value or ""
        elif value is None and col != "plan_year":
            value = ""
        facts[col] = value
    return facts


def _declaration(body: dict[str, Any], existing: bool) -> Declaration:
    return Declaration(
        applicant_unit=body["applicant_unit"], declared_on=_d(body["declared_on"]), leader=body["leader"],
        contact=body["contact"], phone=body["phone"], email=body["email"], project_name=body["project_name"],
        start_month=_d(body["start_month"] + "-01") if body["start_month"] else None,
        end_month=_d(body["end_month"] + "-01") if body["end_month"] else None,
        investment=_wan(body["investment"]), fund_fiscal=_wan(body["fund_fiscal"]),
        fund_self=_wan(body["fund_self"]), fund_bank=_wan(body["fund_bank"]), fund_other=_wan(body["fund_other"]),
        content=body["content"], dept_opinion=body["dept_opinion"], is_existing_system=existing)


def _rectifications(record: dict[str, Any]) -> list[Rectification]:
    return [Rectification(0, date.fromisoformat(r["issued_on"]), r["findings"], date.fromisoformat(r["deadline"]),
                          _d(r["closed_on"]), r["result"]) for r in record["rectifications"]]


def _adjustments(record: dict[str, Any]) -> list[Adjustment]:
    return [Adjustment(0, a["content"], date.fromisoformat(a["requested_on"]), _d(a["county_approved_on"]),
                       _d(a["office_filed_on"]), a["kind"], _wan(a["new_investment"])) for a in record["adjustments"]]


def record_problems(record: dict[str, Any], today: date, stage: str | None = None) -> list[str]:
    """What the write will hold a project record to once stored (`record_order_problems`: the dates'
    order, 第七条's plan, 第十五条's contract, 第十七条's trial), judged on the record itself — at
    `stage`, where the moves it brings will have taken it — so that the preview refuses what the
    write would."""
    body, decl, opinion = record["project"], record["declaration"] or {}, record["opinion"]
    project = Project(id=record["id"], unit=record["unit"], number=body["number"] or "", name=body["name"],
                      year=body["year"], stage=Stage(stage or body["stage"]),
                      declaration_no=body["declaration_no"] or "", is_existing_system=bool(body["is_existing_system"]),
                      revision=0, created_at="", updated_at="", **_project_facts(body))
    return record_order_problems(project, _d(decl.get("declared_on")),
                                 _d(opinion["issued_on"]) if opinion else None, _wan(decl.get("investment")),
                                 _adjustments(record), _rectifications(record), today)


def write_project(ws: Workspace, record: dict[str, Any], incoming: dict[str, Any], *, moves: bool = True) -> None:
    """Make the local project say what `record` (the merge) says, and — unless the clerk kept ours
    whole — make the sender's new moves of `incoming` again, in the order made."""
    pid = record["id"]
    body = record["project"]
    if not ws.projects.exists(pid):
        ws.projects.create(body["name"], record["unit"], body["year"], declaration_no=body["declaration_no"] or None,
                           project_id=pid, is_existing_system=bool(body["is_existing_system"]),
                           created_at=record.get("created_at"))
    local = collect_project(ws, pid)
    if body.get("number") and ws.projects.get(pid).number != body["number"]:
        ws.projects.renumber(pid, body["number"])
    if record["declaration"] is not None and record["declaration"] != local["declaration"]:
        decl = {k: v for k, v in record["declaration"].items() if k != "status"}
        if decl != {k: v for k, v in local["declaration"].items() if k != "status"} or \
                bool(body["is_existing_system"]) != bool(local["project"]["is_existing_system"]):
            ws.declarations.save(pid, _declaration(decl, bool(body["is_existing_system"])))
    facts = _project_facts(body)
    if moves:   # the side state follows the history while the moves are made again (_replay_history)
        now = ws.projects.get(pid)
        facts.update(side_state=now.side_state, supply_list=now.supply_list)
    ws.projects.update(pid, facts, action=None)
    _write_materials(ws, pid, local, record)
    _write_checklist(ws, pid, local["checklist"], record["checklist"])
    if record["opinion"] != local["opinion"]:
        op = record["opinion"]
        if op is None:
            ws.opinions.remove(pid)
        else:
            ws.opinions.set(pid, op["conclusion"], op["text"], date.fromisoformat(op["issued_on"]), by=op["by"])
    if record["rectifications"] != local["rectifications"]:
        ws.rectifications.replace_all(pid, _rectifications(record))
    if record["adjustments"] != local["adjustments"]:
        ws.adjustments.replace_all(pid, _adjustments(record))
    if record["existing_assets"] != local["existing_assets"]:
        ws.assets.replace_all(pid, [
            Asset(a["name"], a["quantity"], _d(a["purchased_on"]), _d(a["warranty_until"]), a["usage"],
                  a["category"]) for a in record["existing_assets"]], action=None)
    if not moves:
        return
    _replay_history(ws, pid, local["stage_history"], incoming["stage_history"])
    ws.projects.update(pid, _project_facts(body), action=None)   # as the record says, whatever the events wrote
    final = ws.projects.get(pid).stage
    wanted = Stage(incoming["project"]["stage"])
    if final != wanted and wanted.value not in _stages_seen(collect_project(ws, pid)["stage_history"]):
        raise Refused(f"文件中项目的阶段「{wanted}」与其阶段记录不符（本机为「{final}」）")


def _stages_seen(history: list[dict[str, Any]]) -> set[str]:
    return {s for h in history for s in (h["from_stage"], h["to_stage"]) if s}


def new_entries(have: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries of `incoming` we do not have, in the order they were made."""
    known = {history_key(h) for h in have}
    return sorted((h for h in incoming if history_key(h) not in known), key=lambda h: (h["at"], h["on_date"]))


def replay_problem(stage: str, have: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> str | None:
    """Why the new moves of `incoming` cannot be made again here, one after the other, from `stage`."""
    for entry in new_entries(have, incoming):
        start, end = entry["from_stage"], entry["to_stage"]
        if start is not None and start != end:
            if start != stage:
                return f"阶段记录「{start} → {end}」接不上本机的阶段「{stage}」"
            stage = end
    return None


def replayed_stage(stage: str, have: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> str:
    """The stage the new moves of `incoming` lead to from `stage` (`replay_problem` says whether they can)."""
    for entry in new_entries(have, incoming):
        if entry["from_stage"] is not None and entry["from_stage"] != entry["to_stage"]:
            stage = entry["to_stage"]
    return stage


def _replay_history(ws: Workspace, pid: str, have: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> None:
    """Add the entries we do not have, in the order they were made; a move is made again, by the
    sender, through the lifecycle: its side must be allowed it and its gate must hold."""
    from ..lifecycle import move_stage

    for entry in new_entries(have, incoming):
        start, end = entry["from_stage"], entry["to_stage"]
        on = date.fromisoformat(entry["on_date"])
        if start is not None and start != end:
            current = ws.projects.get(pid).stage
            if current.value != start:
                raise Refused(f"文件中的阶段记录「{start} → {end}」接不上本机的阶段「{current}」")
            result = move_stage(ws, pid, end, on=on, reason=entry["reason"],
                                recorded={"by": entry["by"], "at": entry["at"], "event": entry["event"],
                                          "reason": entry["reason"]})
            if not result:
                raise Refused(f"文件中的移动「{start} → {end}」不被接受：{'；'.join(result.refusals)}")
        else:
            # a side state of "" is none (history_key reads them alike): not a side-state entry
            ws.history.add(pid, Stage(start) if start else None, Stage(end), on=on, reason=entry["reason"],
                           event=entry["event"], side_state=entry["side_state"] or None, by=entry["by"],
                           at=entry["at"])
            if entry["side_state"] and start == end:
                _follow_side_state(ws, pid, entry)


def _follow_side_state(ws: Workspace, pid: str, entry: dict[str, Any]) -> None:
    """The side state a side-state entry sets or lifts (lifecycle.set_side_state / clear_side_state write
    «设置状态：…» and «解除状态：…»), so a later move meets the state it met where it was made: a review
    made before a 退回补充 is not refused by it."""
    lifted = entry["event"].startswith("解除状态")
    ws.projects.update(pid, {"side_state": None if lifted else SideState(entry["side_state"])}, action=None)


def sender_entries_only(have: list[dict[str, Any]], incoming: list[dict[str, Any]], sender: Any) -> list[str]:
    """The new history entries in a package that are not its sender's to make (each as «from → to»):
    another side's entry, or a move no side may make (authority.move_refusal: into or out of 草稿 by
    the office)."""
    def foreign(h: dict[str, Any]) -> bool:
        start, end = h["from_stage"], h["to_stage"]
        if history_side(h) != sender:
            return True
        return start is not None and start != end and move_refusal(Actor(sender), Stage(start), Stage(end)) is not None

    known = {history_key(h) for h in have}
    return [f"{h['from_stage'] or '—'} → {h['to_stage']}（{h['event'] or h['side_state'] or ''}）"
            for h in incoming if history_key(h) not in known and foreign(h)]


def _write_materials(ws: Workspace, pid: str, local: dict[str, Any], record: dict[str, Any]) -> None:
    have, incoming = local["materials"], record["materials"]
    for kind, m in incoming.items():
        if have.get(kind) != m:
            ws.materials.put(pid, kind, m["filename"], m["sm3"], m["waived_reason"], m["added_at"], m["added_by"])
    for kind in have:
        if kind not in incoming:
            ws.materials.remove(pid, kind)
    # 第八条: a material written again above has lost its acceptance; the record's stands.
    accepted = {m.kind: m.accepted_reason for m in ws.materials.list(pid) if not m.sm3}
    for kind, reason in accepted.items():
        wanted = record["material_acceptances"].get(kind, "")
        if wanted != reason:
            ws.materials.accept_absence(pid, kind, wanted)


def _write_checklist(ws: Workspace, pid: str, local: dict[str, Any], incoming: dict[str, Any]) -> None:
    for key, a in incoming.items():
        if local.get(key) != a:
            ws.checklist.set(pid, key, a["answer"], a["comment"], by=a["by"], at=a["at"],
                             accepted_reason=a["accepted_reason"])
    for key in local:
        if key not in incoming:
            ws.checklist.clear(pid, key)


# 第五条第二款: the unit submits (→ 已申报), the office reviews.
_UNIT_MOVES = {(CaseStatus.DRAFT, CaseStatus.DECLARED), (CaseStatus.RETURNED, CaseStatus.DECLARED)}
_REVIEW = (CaseStatus.REVIEWING, CaseStatus.PASSED, CaseStatus.RETURNED, CaseStatus.REFUSED)


def case_status_claim(local: CaseStatus | None, incoming: CaseStatus, sender: Any, saw_ours: bool) -> str:
    """'apply', 'stale' (the sender has not seen where we are: ignored) or 'refuse' for a status the
    package brings. The office's decision is applied only on the submission it saw."""
    from ..domain.fields import Side

    if local is None:   # a new case: the unit files it, as a draft or submitted
        return "apply" if sender == Side.UNIT and incoming in (CaseStatus.DRAFT, CaseStatus.DECLARED) else "refuse"
    if local == incoming:
        return "apply"

    if sender == Side.UNIT:
        if (local, incoming) in _UNIT_MOVES:
            return "apply"
        if incoming in (CaseStatus.DRAFT, CaseStatus.DECLARED) and local in (*_REVIEW, CaseStatus.DECLARED):
            return "stale"
        return "refuse"
    if incoming in _REVIEW and local in (CaseStatus.DECLARED, CaseStatus.REVIEWING) and saw_ours:
        return "apply" if not (local == CaseStatus.REVIEWING and incoming == CaseStatus.REVIEWING) else "stale"
    if incoming in _REVIEW and local in (CaseStatus.DECLARED, *_REVIEW):
        return "stale"
    return "refuse"


def write_procurement(ws: Workspace, record: dict[str, Any], incoming: dict[str, Any], apply_status: bool) -> None:
    """Make the local case say what `record` (the merge) says, and — with `apply_status` — take the
    status `incoming` brings (the merge keeps ours: a status changes only as a move, judged as one)."""
    cid = record["id"]
    body = record["procurement"]
    if ws.procurements.find(cid) is None:
        year = int((body.get("filled_on") or record.get("created_at") or str(date.today()))[:4])
        ws.procurements.create(record["unit"], declaration_no=body["declaration_no"] or None, case_id=cid,
                               year=year, created_at=record.get("created_at"))
    if body.get("number") and ws.procurements.get(cid).number != body["number"]:
        ws.procurements.renumber(cid, body["number"])
    local = collect_procurement(ws, cid)
    status = CaseStatus(incoming["procurement"]["status"])
    form_keys = [k for k in body if k not in ("number", "declaration_no", "status", "review_opinion", "reviewed_by",
                                              "reviewed_on")]
    form_changed = any(body[k] != local["procurement"][k] for k in form_keys) or record["items"] != local["items"]
    submit = apply_status and status == CaseStatus.DECLARED and local["procurement"]["status"] != status.value
    if form_changed or submit:
        form = Procurement(
            applicant_unit=body["applicant_unit"], filled_on=_d(body["filled_on"]),
            items=tuple(ProcurementItem(i["item"], i["spec"], i["quantity"], _yuan(i["unit_price"]))
                        for i in sorted(record["items"], key=lambda i: i["seq"])),
            reason=body["reason"], fund_budget=_yuan(body["fund_budget"]), fund_special=_yuan(body["fund_special"]),
            fund_other=_yuan(body["fund_other"]), handler=body["handler"], handler_phone=body["handler_phone"],
            unit_leader=body["unit_leader"], unit_opinion=body["unit_opinion"], dept_opinion=body["dept_opinion"])
        ws.procurements.save(cid, form, status=CaseStatus.DECLARED if submit else None)
        local = collect_procurement(ws, cid)
    review = ("review_opinion", "reviewed_by", "reviewed_on")
    status_changes = apply_status and status in _REVIEW and local["procurement"]["status"] != status.value
    if status_changes or any(body[k] != local["procurement"][k] for k in review):
        ws.procurements.review(cid, status if status_changes else CaseStatus(local["procurement"]["status"]),
                               opinion=body["review_opinion"], reviewed_by=body["reviewed_by"],
                               reviewed_on=_d(body["reviewed_on"]))
