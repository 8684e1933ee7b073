"""A record's revision as the exchange sees it.

`revision` counts a record's versions and `base_revision` is the other side's
revision this side last took in (PRODUCT.md §8). Most edits bump the revision
(`Workspace.update_project`, `save_procurement`), but some do not (a new
material, a checklist answer); so the SM3 of the record's content at its
revision is kept in `exchange_marks`, and a content change the revision missed
counts as one more revision. `effective` only looks; `settle` also writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import KIND_PROJECT, content_sm3

if TYPE_CHECKING:
    from ..workspace import Workspace

def effective(ws: Workspace, kind: str, record: dict[str, Any]) -> int:
    """The revision `record` (as just collected) should carry; writes nothing."""
    marked = ws.packages.mark(kind, record["id"])
    revision = int(record["revision"])
    if marked and marked[0] == revision and marked[1] != content_sm3(kind, record):
        return revision + 1
    return revision


def settle(ws: Workspace, kind: str, record: dict[str, Any]) -> int:
    """Make the stored revision count every content change; returns it (and updates `record`)."""
    revision = effective(ws, kind, record)
    with ws.transaction():
        if revision != record["revision"]:
            owner = ws.projects if kind == KIND_PROJECT else ws.procurements
            owner.set_revisions(record["id"], revision, record["base_revision"])
            record["revision"] = revision
        mark(ws, kind, record["id"], revision, content_sm3(kind, record))
    return revision


def mark(ws: Workspace, kind: str, record_id: str, revision: int, digest: str) -> None:
    ws.packages.set_mark(kind, record_id, revision, digest)


def snapshot(ws: Workspace, kind: str, record: dict[str, Any], origin: str) -> None:
    """Keep `record` as sent (origin 'out') or taken in ('in'), the last few per record."""
    ws.packages.snapshot(kind, record, origin)


def ancestor(ws: Workspace, kind: str, record_id: str, local_base: int, incoming_base: int) -> dict[str, Any] | None:
    """The last version both sides held: ours they took in (their base) or theirs we took in (our base)."""
    found = []
    for origin, revision in (("out", incoming_base), ("in", local_base)):
        content = ws.packages.snapshot_at(kind, record_id, origin, revision)
        if content:
            found.append((revision, content))
    return max(found, key=lambda f: f[0])[1] if found else None
