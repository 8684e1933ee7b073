"""A record's revision as the exchange sees it.

`revision` counts a record's versions and `base_revision` is the other side's
revision this side last took in (PRODUCT.md §8). Most edits bump the revision
(`Workspace.update_project`, `save_procurement`), but some do not (a new
material, a checklist answer); so the SM3 of the record's content at its
revision is kept in `exchange_marks`, and a content change the revision missed
counts as one more revision. `effective` only looks; `settle` also writes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .records import KIND_PROJECT, content_sm3

if TYPE_CHECKING:
    from ..workspace import Workspace

TABLES = {KIND_PROJECT: "projects", "procurement": "procurements"}


def effective(ws: Workspace, kind: str, record: dict[str, Any]) -> int:
    """The revision `record` (as just collected) should carry; writes nothing."""
    mark = ws.query_one("SELECT revision, content_sm3 FROM exchange_marks WHERE kind = ? AND record_id = ?",
                        (kind, record["id"]))
    revision = int(record["revision"])
    if mark and mark["revision"] == revision and mark["content_sm3"] != content_sm3(kind, record):
        return revision + 1
    return revision


def settle(ws: Workspace, kind: str, record: dict[str, Any]) -> int:
    """Make the stored revision count every content change; returns it (and updates `record`)."""
    revision = effective(ws, kind, record)
    with ws.transaction():
        if revision != record["revision"]:
            ws.execute(f"UPDATE {TABLES[kind]} SET revision = ? WHERE id = ?", (revision, record["id"]))
            record["revision"] = revision
        mark(ws, kind, record["id"], revision, content_sm3(kind, record))
    return revision


def mark(ws: Workspace, kind: str, record_id: str, revision: int, digest: str) -> None:
    ws.execute(
        "INSERT INTO exchange_marks (kind, record_id, revision, content_sm3) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, record_id) DO UPDATE SET revision = excluded.revision, "
        "content_sm3 = excluded.content_sm3", (kind, record_id, revision, digest))


KEEP_SNAPSHOTS = 3


def snapshot(ws: Workspace, kind: str, record: dict[str, Any], origin: str) -> None:
    """Keep `record` as sent (origin 'out') or taken in ('in'), the last few per record."""
    ws.execute(
        "INSERT OR REPLACE INTO exchange_snapshots (kind, record_id, origin, revision, content) VALUES (?, ?, ?, ?, ?)",
        (kind, record["id"], origin, record["revision"], json.dumps(record, ensure_ascii=False, sort_keys=True)))
    ws.execute(
        "DELETE FROM exchange_snapshots WHERE kind = ? AND record_id = ? AND origin = ? AND revision NOT IN "
        "(SELECT revision FROM exchange_snapshots WHERE kind = ? AND record_id = ? AND origin = ? "
        " ORDER BY revision DESC LIMIT ?)",
        (kind, record["id"], origin, kind, record["id"], origin, KEEP_SNAPSHOTS))


def ancestor(ws: Workspace, kind: str, record_id: str, local_base: int, incoming_base: int) -> dict[str, Any] | None:
    """The last version both sides held: ours they took in (their base) or theirs we took in (our base)."""
    found = []
    for origin, revision in (("out", incoming_base), ("in", local_base)):
        row = ws.query_one("SELECT content FROM exchange_snapshots WHERE kind = ? AND record_id = ? "
                           "AND origin = ? AND revision = ?", (kind, record_id, origin, revision))
        if row:
            found.append((revision, json.loads(row["content"])))
    return max(found, key=lambda f: f[0])[1] if found else None
