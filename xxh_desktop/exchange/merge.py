"""What an incoming record becomes here: the sender's part taken in, ours kept (docs/xxh-format.md §4).

Statuses of an incoming record: 新增 (we did not have it), 更新 (the sender's
part goes on from what we last took in), 无变化, 旧版本（忽略） (a version we took
in before), 冲突 (the sender's part forks from what we took in: the clerk
chooses, per record or per field of the sender's part). Nothing of our own
part is ever taken from the other side.
"""

from __future__ import annotations

from typing import Any

from ..domain.fields import Side
from .parts import ACCEPTANCES, ADJUSTMENT_OFFICE_COLUMNS, ADJUSTMENT_UNIT_COLUMNS, FIXED, MOVES
from .records import KIND_PROJECT, flatten, owner, unflatten

NEW = "新增"
UPDATE = "更新"
UNCHANGED = "无变化"
CONFLICT = "冲突"
OLDER = "旧版本（忽略）"
STATUSES = (NEW, UPDATE, UNCHANGED, CONFLICT, OLDER)

MINE = "mine"
THEIRS = "theirs"

Choice = str | dict[str, str]   # MINE, THEIRS, or field key -> MINE/THEIRS


def sender_keys(kind: str, local: dict[str, Any] | None, incoming: dict[str, Any], sender: Side) -> list[str]:
    """The sender's fields whose values differ from ours, in the order of the form."""
    theirs = flatten(kind, incoming)
    mine = flatten(kind, local) if local is not None else {}
    keys = list(theirs) + [k for k in mine if k not in theirs]
    accepted = _acceptances(mine, theirs, mine if sender == Side.OFFICE else theirs, sender)
    return [k for k in keys if k not in MOVES and k not in FIXED and mine.get(k) != theirs.get(k)
            and (owner(k) == sender or k == "adjustments")
            and (not k.startswith(ACCEPTANCES) or accepted.get(k) != mine.get(k))]


def merge(kind: str, local: dict[str, Any], incoming: dict[str, Any], sender: Side,
          choice: Choice = THEIRS) -> dict[str, Any]:
    """`local` with the sender's fields taken from `incoming` (those the choice keeps as ours aside)."""
    mine, theirs = flatten(kind, local), flatten(kind, incoming)
    merged: dict[str, Any] = {}
    for key in list(mine) + [k for k in theirs if k not in mine]:
        pick = choice if isinstance(choice, str) else choice.get(key, THEIRS)
        if key == "adjustments":
            merged[key] = _adjustments(mine.get(key) or [], theirs.get(key) or [], sender, pick)
        elif key.startswith(ACCEPTANCES):
            continue
        elif owner(key) == sender and key not in MOVES and key not in FIXED and pick == THEIRS:
            merged[key] = theirs.get(key)
        else:
            merged[key] = mine.get(key)
    merged.update(_acceptances(mine, theirs, merged, sender))
    meta: dict[str, Any] = {"id": local["id"], "created_at": local.get("created_at")}
    if kind == KIND_PROJECT:
        meta["stage_history"] = local["stage_history"]
    return unflatten(kind, merged, meta)


def _adjustments(mine: list[dict[str, Any]], theirs: list[dict[str, Any]], sender: Side,
                 pick: str) -> list[dict[str, Any]]:
    """第十五条: the requests are the unit's, the approval and 备案 the office's, row by row."""
    if pick != THEIRS:
        return mine
    unit_rows, office_rows = (theirs, mine) if sender == Side.UNIT else (mine, theirs)
    out = []
    for i, row in enumerate(unit_rows):
        decided = office_rows[i] if i < len(office_rows) else {}
        out.append({**{c: row.get(c) for c in ADJUSTMENT_UNIT_COLUMNS},
                    **{c: decided.get(c) for c in ADJUSTMENT_OFFICE_COLUMNS}})
    return out


def _acceptances(mine: dict[str, Any], theirs: dict[str, Any], merged: dict[str, Any],
                 sender: Side) -> dict[str, Any]:
    """第八条: the acceptances the merged record holds. One holds while the material's entry is the one
    accepted: a material changed here voids ours; the office's is taken where it saw the entry we keep."""
    out: dict[str, Any] = {}
    kinds = {k.removeprefix(ACCEPTANCES) for k in (*mine, *theirs) if k.startswith(ACCEPTANCES)}
    for kind in kinds:
        key, material = ACCEPTANCES + kind, f"materials.{kind}"
        ours = mine.get(key) if merged.get(material) == mine.get(material) else None
        if sender == Side.OFFICE and theirs.get(material) == merged.get(material):
            ours = theirs.get(key)
        if ours:
            out[key] = ours
    return out
