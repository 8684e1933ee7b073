"""Writing an imported (or merged) record, through the same owners the editors write through.

The caller's transaction holds it all, and the caller's actor is the sender:
each part that differs from the local record is written by the owner of its
table, which refuses a field the sender's side does not own. Parts that are
the same are not written at all, so a package may carry the other side's
fields unchanged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..amounts import fen_to_yuan, yuan_to_wan
from ..domain.declaration import Declaration
from ..domain.procurement import Procurement, ProcurementItem
from ..domain.records import Adjustment, Asset, Rectification
from ..domain.stages import CaseStatus, SideState, Stage
from .records import KIND_PROJECT, PROJECT_COLUMNS, collect_procurement, collect_project, content_sm3, history_key
from .revisions import mark

if TYPE_CHECKING:
    from ..workspace import Workspace


def write(ws: Workspace, kind: str, record: dict[str, Any], revision: int, base_revision: int) -> None:
    """Make the local record say what `record` says (all its parts), at the given revisions."""
    assert ws.database.in_transaction
    if kind == KIND_PROJECT:
        _write_project(ws, record)
        ws.projects.set_revisions(record["id"], revision, base_revision)
    else:
        _write_procurement(ws, record)
        ws.procurements.set_revisions(record["id"], revision, base_revision)
    mark(ws, kind, record["id"], revision, content_sm3(kind, {**record, "revision": revision}))


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _month(text: str | None) -> date | None:
    return date.fromisoformat(text + "-01") if text else None


def _wan(yuan: int | None) -> Decimal | None:
    return None if yuan is None else yuan_to_wan(yuan)


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)


_DATES = ("approval_date", "temp_approval_date", "procurement_date", "contract_date", "initial_acceptance_date",
          "final_acceptance_date", "self_eval_office_date", "self_eval_finance_date")


def _project_facts(body: dict[str, Any]) -> dict[str, Any]:
    """The format's project columns as the projects owner's typed facts."""
    facts: dict[str, Any] = {}
    for col in PROJECT_COLUMNS:
        value = body.get(col)
        if col in _DATES:
            value = _d(value)
        elif col == "contract_amount":
            value = _wan(value)
        elif col == "stage":
            value = Stage(value)
        elif col == "side_state":
            value = SideState(value) if value else None
        elif col == "is_existing_system":
            value = bool(value)
        elif col in ("number", "initial_acceptance_result"):
            value = value or ""
        elif value is None and col not in ("plan_year",):
            value = ""
        facts[col] = value
    return facts


def _declaration(body: dict[str, Any], existing: bool) -> Declaration:
    return Declaration(
        applicant_unit=body["applicant_unit"], declared_on=_d(body["declared_on"]), leader=body["leader"],
        contact=body["contact"], phone=body["phone"], email=body["email"], project_name=body["project_name"],
        start_month=_month(body["start_month"]), end_month=_month(body["end_month"]),
        investment=_wan(body["investment"]), fund_fiscal=_wan(body["fund_fiscal"]),
        fund_self=_wan(body["fund_self"]), fund_bank=_wan(body["fund_bank"]), fund_other=_wan(body["fund_other"]),
        content=body["content"], dept_opinion=body["dept_opinion"], is_existing_system=existing)


def _write_project(ws: Workspace, record: dict[str, Any]) -> None:
    pid = record["id"]
    body = record["project"]
    incoming = _project_facts(body)
    if not ws.projects.exists(pid):
        ws.projects.create(body["name"], record["unit"], body["year"], number=body.get("number") or None,
                           project_id=pid, is_existing_system=bool(body["is_existing_system"]),
                           created_at=record.get("created_at"))
    if body.get("number") and ws.projects.get(pid).number != body["number"]:
        ws.projects.renumber(pid, body["number"])
    local = collect_project(ws, pid)
    if record["declaration"] is not None and record["declaration"] != local["declaration"]:
        decl = record["declaration"]
        ws.declarations.save(pid, _declaration(decl, incoming["is_existing_system"]), status=decl["status"])
    # The number is the office's (the importer renumbers before this), the rest the owners judge.
    facts = {k: v for k, v in incoming.items() if k not in ("number", "name", "year", "is_existing_system")}
    ws.projects.update(pid, facts, action=None)
    _write_materials(ws, pid, local["materials"], record["materials"])
    _write_checklist(ws, pid, local["checklist"], record["checklist"])
    if record["opinion"] != local["opinion"]:
        op = record["opinion"]
        if op is None:
            ws.opinions.remove(pid)
        else:
            ws.opinions.set(pid, op["conclusion"], op["text"], date.fromisoformat(op["issued_on"]), by=op["by"])
    if record["rectifications"] != local["rectifications"]:
        ws.rectifications.replace_all(pid, [
            Rectification(0, date.fromisoformat(r["issued_on"]), r["findings"], date.fromisoformat(r["deadline"]),
                          _d(r["closed_on"]), r["result"]) for r in record["rectifications"]])
    if record["adjustments"] != local["adjustments"]:
        ws.adjustments.replace_all(pid, [
            Adjustment(0, a["content"], date.fromisoformat(a["requested_on"]), _d(a["county_approved_on"]),
                       _d(a["office_filed_on"])) for a in record["adjustments"]])
    if record["existing_assets"] != local["existing_assets"]:
        ws.assets.replace_all(pid, [
            Asset(a["name"], a["quantity"], _d(a["purchased_on"]), _d(a["warranty_until"]), a["usage"],
                  a["category"]) for a in record["existing_assets"]], action=None)
    # History is kept forever: add the moves this side does not have, never remove one.
    have = {history_key(h) for h in local["stage_history"]}
    for entry in record["stage_history"]:
        if history_key(entry) not in have:
            ws.history.add(pid, Stage(entry["from_stage"]) if entry["from_stage"] else None,
                           Stage(entry["to_stage"]), on=date.fromisoformat(entry["on_date"]),
                           reason=entry["reason"], event=entry["event"], side_state=entry["side_state"],
                           by=entry["by"], at=entry["at"])
            have.add(history_key(entry))


def _write_materials(ws: Workspace, pid: str, local: dict[str, Any], incoming: dict[str, Any]) -> None:
    for kind, m in incoming.items():
        if local.get(kind) != m:
            ws.materials.put(pid, kind, m["filename"], m["sm3"], m["waived_reason"], m["added_at"], m["added_by"])
    for kind in local:
        if kind not in incoming:
            ws.materials.remove(pid, kind)


def _write_checklist(ws: Workspace, pid: str, local: dict[str, Any], incoming: dict[str, Any]) -> None:
    for key, a in incoming.items():
        if local.get(key) != a:
            ws.checklist.set(pid, key, a["answer"], a["comment"], by=a["by"], at=a["at"])
    for key in local:
        if key not in incoming:
            ws.checklist.clear(pid, key)


def _write_procurement(ws: Workspace, record: dict[str, Any]) -> None:
    cid = record["id"]
    body = record["procurement"]
    if ws.procurements.find(cid) is None:
        year = int((body.get("filled_on") or record.get("created_at") or str(date.today()))[:4])
        ws.procurements.create(record["unit"], number=body.get("number") or None, case_id=cid, year=year,
                               created_at=record.get("created_at"))
    if body.get("number") and ws.procurements.get(cid).number != body["number"]:
        ws.procurements.renumber(cid, body["number"])
    local = collect_procurement(ws, cid)
    status = CaseStatus(body["status"])
    form_keys = [k for k in body if k not in ("number", "status", "review_opinion", "reviewed_by", "reviewed_on")]
    form_changed = any(body[k] != local["procurement"][k] for k in form_keys) or record["items"] != local["items"]
    if form_changed or (status == CaseStatus.DECLARED and local["procurement"]["status"] != status.value):
        form = Procurement(
            applicant_unit=body["applicant_unit"], filled_on=_d(body["filled_on"]),
            items=tuple(ProcurementItem(i["item"], i["spec"], i["quantity"], _yuan(i["unit_price"]))
                        for i in sorted(record["items"], key=lambda i: i["seq"])),
            reason=body["reason"], fund_budget=_yuan(body["fund_budget"]), fund_special=_yuan(body["fund_special"]),
            fund_other=_yuan(body["fund_other"]), handler=body["handler"], handler_phone=body["handler_phone"],
            unit_leader=body["unit_leader"], unit_opinion=body["unit_opinion"], dept_opinion=body["dept_opinion"])
        ws.procurements.save(cid, form, status=status if status == CaseStatus.DECLARED else None)
        local = collect_procurement(ws, cid)
    review = ("status", "review_opinion", "reviewed_by", "reviewed_on")
    if any(body[k] != local["procurement"][k] for k in review):
        ws.procurements.review(cid, status, opinion=body["review_opinion"], reviewed_by=body["reviewed_by"],
                               reviewed_on=_d(body["reviewed_on"]))
