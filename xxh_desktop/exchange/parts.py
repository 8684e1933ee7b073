"""A record's two parts: what each side owns of it, hashed, so each side's part is versioned alone.

Every flat field of a record (`records.flatten`) has one owner side in the
field catalogue; a side's *part* is its fields and the history entries of the
moves and events that side makes. The stage of a project and the status of a
附件2 case are not in either part: they change only by moves, which the import
judges as moves. A package may change only its sender's part; the receiver's
part in it must be what the receiver holds, or what it sent the sender
(docs/xxh-format.md §4).
"""

from __future__ import annotations

import json
from typing import Any

from ..domain.fields import Side
from ..domain.stages import Stage
from ..hashing import sm3_hex
from .records import KIND_PROJECT, flatten, history_key, owner

# Changed by moves only (judged as moves), or fixed when the record is made.
MOVES = frozenset({"project.stage", "declaration.status", "procurement.status"})
FIXED = frozenset({"project.unit", "procurement.unit", "project.declaration_no", "procurement.declaration_no"})
# Events a department records itself (第十五条: it applies for an adjustment); every other event is the office's.
UNIT_EVENTS = frozenset({"项目调整申请"})
ADJUSTMENT_UNIT_COLUMNS = ("kind", "content", "new_investment", "requested_on")
ADJUSTMENT_OFFICE_COLUMNS = ("county_approved_on", "office_filed_on")
# 第八条: the office's acceptance of a 暂缺 material holds only while the unit's entry is the one it
# accepted; the unit's own change voids it. So it is in neither part and is judged on its own
# (`acceptance_problems`, `merge.acceptances`): the office may set or withdraw one, a unit's file may
# only lack one (made before the office's), never add or alter one.
ACCEPTANCES = "material_acceptances."


def acceptance_problems(kind: str, local: dict[str, Any] | None, incoming: dict[str, Any],
                        sender: Side) -> list[str]:
    """The acceptances a unit's file adds or alters (flat keys); an office's file may set any."""
    if kind != KIND_PROJECT or sender != Side.UNIT:
        return []
    have = (local or {}).get("material_acceptances", {})
    mats = (local or {}).get("materials", {})
    return [f"{ACCEPTANCES}{k}" for k, reason in incoming.get("material_acceptances", {}).items()
            if reason != have.get(k) or incoming["materials"].get(k) != mats.get(k)]


def history_side(entry: dict[str, Any]) -> Side:
    """Which side makes the move or event an entry records (authority.move_refusal, 第五条 …)."""
    start, end = entry.get("from_stage"), entry.get("to_stage")
    if start != end:
        declaration_moves = {None, Stage.DRAFT.value, Stage.DECLARED.value}
        return Side.UNIT if start in declaration_moves and end in declaration_moves else Side.OFFICE
    if entry.get("side_state"):
        return Side.OFFICE
    return Side.UNIT if entry.get("event") in UNIT_EVENTS else Side.OFFICE


def part(kind: str, record: dict[str, Any], side: Side) -> dict[str, Any]:
    """The fields and history entries of `record` that `side` owns (a plain, comparable dict)."""
    flat = flatten(kind, record)
    out: dict[str, Any] = {}
    for key, value in flat.items():
        if key in MOVES or key in FIXED or key.startswith(ACCEPTANCES):
            continue
        if key == "adjustments":
            out.update(_adjustments(value or [], side))
            continue
        if owner(key) == side:
            out[key] = value
    if kind == KIND_PROJECT:
        out["history"] = sorted(list(history_key(h)) for h in record.get("stage_history", [])
                                if history_side(h) == side)
    return out


def _adjustments(rows: list[dict[str, Any]], side: Side) -> dict[str, Any]:
    """第十五条: the unit applies (content, date); the office records the approval and 备案."""
    if side == Side.UNIT:
        return {"adjustments.requests": [[r.get(c) for c in ADJUSTMENT_UNIT_COLUMNS] for r in rows]}
    return {"adjustments.decisions": [[i, *(r.get(c) for c in ADJUSTMENT_OFFICE_COLUMNS)]
                                      for i, r in enumerate(rows)
                                      if any(r.get(c) for c in ADJUSTMENT_OFFICE_COLUMNS)]}


def digest(part_: dict[str, Any]) -> str:
    return sm3_hex(json.dumps(part_, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))


def is_blank(part_: dict[str, Any]) -> bool:
    """A part nobody has written yet (a record the other side just made)."""
    return all(value in (None, "", 0, [], {}) for value in part_.values())


def differing(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Keys whose values differ, in a stable order."""
    keys = list(a) + [k for k in b if k not in a]
    return [k for k in keys if a.get(k) != b.get(k)]
