"""Autosaved drafts of the two forms: what was typed, kept without validation.

Every revision is a row of `drafts` (kind, record_id, payload JSON, saved_at);
the editors write one a couple of seconds after the last keystroke and on
close, so nothing typed is lost. Submitting a form clears its drafts. Drafts
are scratch copies, not changes to the record, so they are not audited; the
submission that follows them is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import XxhError
from .workspace import Workspace, now_iso

KINDS = ("declaration", "procurement")
KEEP_REVISIONS = 20  # older autosaves of one record are pruned


@dataclass(frozen=True)
class Draft:
    id: int
    form: dict[str, Any]
    saved_at: str
    saved_by: str
    record_revision: int | None = None


def _record_row(ws: Workspace, kind: str, record_id: str) -> dict[str, Any] | None:
    if kind == "declaration":
        return ws.query_one("SELECT revision, updated_at FROM declarations WHERE project_id = ?", (record_id,))
    return ws.query_one("SELECT revision, updated_at FROM procurements WHERE id = ?", (record_id,))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise XxhError(f"未知的草稿类别「{kind}」。")


def save_draft(ws: Workspace, kind: str, record_id: str, form: dict[str, Any]) -> int:
    """Store `form` as the newest draft of the record; returns the draft's id.

    A form identical to the newest draft is not stored again.
    """
    _check_kind(kind)
    payload = json.dumps(form, ensure_ascii=False, sort_keys=True)
    with ws.transaction():
        last = ws.query_one(
            "SELECT id, payload FROM drafts WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT 1",
            (kind, record_id))
        if last and last["payload"] == payload:
            return int(last["id"])
        current = _record_row(ws, kind, record_id)
        draft_id = ws.insert("drafts", {"kind": kind, "record_id": record_id, "payload": payload,
                                        "saved_at": now_iso(), "saved_by": ws.user,
                                        "record_revision": current["revision"] if current else None})
        ws.execute(
            "DELETE FROM drafts WHERE kind = ? AND record_id = ? AND id NOT IN "
            "(SELECT id FROM drafts WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT ?)",
            (kind, record_id, kind, record_id, KEEP_REVISIONS))
    return draft_id


def latest_draft(ws: Workspace, kind: str, record_id: str) -> Draft | None:
    _check_kind(kind)
    row = ws.query_one(
        "SELECT * FROM drafts WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT 1",
        (kind, record_id))
    if row is None:
        return None
    return Draft(int(row["id"]), json.loads(row["payload"]), row["saved_at"], row["saved_by"],
                 row["record_revision"])


def draft_count(ws: Workspace, kind: str, record_id: str) -> int:
    row = ws.query_one("SELECT count(*) AS n FROM drafts WHERE kind = ? AND record_id = ?",
                       (kind, record_id))
    return int(row["n"]) if row else 0


def clear_drafts(ws: Workspace, kind: str, record_id: str) -> None:
    _check_kind(kind)
    with ws.transaction():
        ws.execute("DELETE FROM drafts WHERE kind = ? AND record_id = ?", (kind, record_id))


def usable_draft(ws: Workspace, kind: str, record_id: str) -> tuple[Draft | None, Draft | None]:
    """(the draft to show, a draft set aside): the newest draft unless the
    record itself changed after it (e.g. an imported answer from 县智慧办) —
    then the record wins and the old draft is only mentioned, never applied."""
    draft = latest_draft(ws, kind, record_id)
    if draft is None:
        return None, None
    row = _record_row(ws, kind, record_id)
    # A changed revision says so even within the second the draft was saved in.
    if row and ((draft.record_revision is not None and row["revision"] != draft.record_revision)
                or datetime.fromisoformat(row["updated_at"]) > datetime.fromisoformat(draft.saved_at)):
        return None, draft
    return draft, None
