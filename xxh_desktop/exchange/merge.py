"""Comparing an incoming record with the local one, and merging the clerk's choices.

Revisions (docs/xxh-format.md §4): a record carries `revision` (its version
count) and `base_revision` (the other side's revision it last took in). With L
the local record (its revision already counting unsaved content changes) and
I the incoming one:

- no L                                   → 新增
- same content                           → 无变化
- I.revision ≤ L.base_revision           → 旧版本（忽略）: L already took in that version or a newer one
- L.revision = L.base_revision (L not edited since it last took in the other side's version),
  or I.base_revision = L.revision (the sender built on exactly L)
                                         → 更新
- otherwise both sides changed it        → 冲突: the clerk chooses, per record or per field
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .records import KIND_PROJECT, flatten, merged_history, unflatten

NEW = "新增"
UPDATE = "更新"
UNCHANGED = "无变化"
CONFLICT = "冲突"
OLDER = "旧版本（忽略）"
STATUSES = (NEW, UPDATE, UNCHANGED, CONFLICT, OLDER)

MINE = "mine"
THEIRS = "theirs"


@dataclass(frozen=True)
class Version:
    revision: int
    base_revision: int
    digest: str


def classify(local: Version | None, incoming: Version) -> str:
    if local is None:
        return NEW
    if local.digest == incoming.digest:
        return UNCHANGED
    if incoming.revision <= local.base_revision:
        return OLDER
    if local.revision == local.base_revision or incoming.base_revision == local.revision:
        return UPDATE
    return CONFLICT


def differing_fields(kind: str, local: dict[str, Any] | None, incoming: dict[str, Any]) -> list[str]:
    """Field keys whose values differ, in a stable order (record order, then the rest)."""
    theirs = flatten(kind, incoming)
    mine = flatten(kind, local) if local is not None else {}
    keys = list(theirs) + [k for k in mine if k not in theirs]
    return [k for k in keys if mine.get(k) != theirs.get(k)]


def merge(kind: str, local: dict[str, Any], incoming: dict[str, Any],
          choice: str | dict[str, str]) -> dict[str, Any]:
    """The record to store: each field from the side chosen for it (mine unless said otherwise)."""
    mine, theirs = flatten(kind, local), flatten(kind, incoming)
    merged: dict[str, Any] = {}
    for key in list(mine) + [k for k in theirs if k not in mine]:
        pick = choice if isinstance(choice, str) else choice.get(key, MINE)
        merged[key] = theirs.get(key) if pick == THEIRS else mine.get(key)
    meta: dict[str, Any] = {"id": local["id"], "created_at": local.get("created_at")}
    if kind == KIND_PROJECT:
        meta["stage_history"] = merged_history(local["stage_history"], incoming["stage_history"])
    return unflatten(kind, merged, meta)


def revisions_after(status: str, local: Version | None, incoming: Version, took_all_theirs: bool) -> tuple[int, int]:
    """(revision, base_revision) of the stored record after taking in `incoming`.

    Taking the other side's version whole makes it ours at its own revision; a
    record that keeps anything of ours is a new version beyond both.
    """
    if status in (NEW, UPDATE) or (status == CONFLICT and took_all_theirs):
        return incoming.revision, incoming.revision
    assert local is not None
    return max(local.revision, incoming.revision) + 1, incoming.revision
