"""Writing an imported (or merged) record into the database, inside the caller's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..workspace import now_iso
from .records import (
    CHECKLIST_COLUMNS, DECLARATION_COLUMNS, HISTORY_COLUMNS, ITEM_COLUMNS, KIND_PROJECT, LIST_TABLES,
    MATERIAL_COLUMNS, OPINION_COLUMNS, PROCUREMENT_COLUMNS, PROJECT_COLUMNS, content_sm3, history_key,
)
from .revisions import mark

if TYPE_CHECKING:
    from ..workspace import Workspace


def write(ws: Workspace, kind: str, record: dict[str, Any], revision: int, base_revision: int) -> None:
    """Replace the local record by `record` (all its parts), at the given revisions."""
    assert ws.conn is not None and ws.conn.in_transaction
    if kind == KIND_PROJECT:
        _write_project(ws, record, revision, base_revision)
    else:
        _write_procurement(ws, record, revision, base_revision)
    record = {**record, "revision": revision}
    mark(ws, kind, record["id"], revision, content_sm3(kind, record))


def _upsert(ws: Workspace, table: str, key: str, key_value: str, values: dict[str, Any],
            created: dict[str, Any]) -> None:
    exists = ws.query_one(f"SELECT 1 AS x FROM {table} WHERE {key} = ?", (key_value,))
    if exists:
        ws.update(table, {key: key_value}, values)
    else:
        ws.insert(table, {key: key_value, **values, **created})


def _write_project(ws: Workspace, record: dict[str, Any], revision: int, base_revision: int) -> None:
    pid = record["id"]
    stamp = now_iso()
    unit_id = ws.ensure_unit(record["unit"])
    values = {col: record["project"].get(col) for col in PROJECT_COLUMNS}
    _upsert(ws, "projects", "id", pid,
            {**values, "unit_id": unit_id, "revision": revision, "base_revision": base_revision,
             "updated_at": stamp},
            {"created_at": record.get("created_at") or stamp})
    if record["declaration"] is not None:
        decl = {col: record["declaration"].get(col) for col in DECLARATION_COLUMNS}
        before = ws.query_one("SELECT * FROM declarations WHERE project_id = ?", (pid,))
        if before is None:
            ws.insert("declarations", {"project_id": pid, **decl, "updated_at": stamp})
        elif any(before.get(c) != v for c, v in decl.items()):
            ws.update("declarations", {"project_id": pid},
                      {**decl, "revision": before["revision"] + 1, "updated_at": stamp})
    ws.execute("DELETE FROM materials WHERE project_id = ?", (pid,))
    for kind, material in record["materials"].items():
        ws.insert("materials", {"project_id": pid, "kind": kind,
                                **{c: material.get(c) for c in MATERIAL_COLUMNS}})
    ws.execute("DELETE FROM checklist_answers WHERE project_id = ?", (pid,))
    for key, answer in record["checklist"].items():
        ws.insert("checklist_answers", {"project_id": pid, "item_key": key,
                                        **{c: answer.get(c) for c in CHECKLIST_COLUMNS}})
    ws.execute("DELETE FROM opinions WHERE project_id = ?", (pid,))
    if record["opinion"] is not None:
        ws.insert("opinions", {"project_id": pid, **{c: record["opinion"].get(c) for c in OPINION_COLUMNS}})
    for table, columns in LIST_TABLES.items():
        ws.execute(f"DELETE FROM {table} WHERE project_id = ?", (pid,))
        for row in record[table]:
            ws.insert(table, {"project_id": pid, **{c: row.get(c) for c in columns}})
    # History is kept forever: add the moves this side does not have, never remove one.
    have = {history_key(h) for h in ws.query("SELECT * FROM stage_history WHERE project_id = ?", (pid,))}
    for entry in record["stage_history"]:
        if history_key(entry) not in have:
            ws.insert("stage_history", {"project_id": pid, **{c: entry.get(c) for c in HISTORY_COLUMNS}})
            have.add(history_key(entry))


def _write_procurement(ws: Workspace, record: dict[str, Any], revision: int, base_revision: int) -> None:
    pid = record["id"]
    stamp = now_iso()
    unit_id = ws.ensure_unit(record["unit"])
    values = {col: record["procurement"].get(col) for col in PROCUREMENT_COLUMNS}
    _upsert(ws, "procurements", "id", pid,
            {**values, "unit_id": unit_id, "revision": revision, "base_revision": base_revision,
             "updated_at": stamp},
            {"created_at": record.get("created_at") or stamp})
    ws.execute("DELETE FROM procurement_items WHERE procurement_id = ?", (pid,))
    for item in record["items"]:
        ws.insert("procurement_items", {"procurement_id": pid, **{c: item.get(c) for c in ITEM_COLUMNS}})
