"""Owner of `drafts`: autosaved, unvalidated revisions of the two forms.

Every revision is a row (kind, record_id, payload JSON, saved_at); the editors
write one a couple of seconds after the last keystroke and on close, so nothing
typed is lost. Submitting a form clears its drafts. Drafts are scratch copies,
not changes to the record, so they are not audited; the submission that
follows them is. Only the side that fills in the form keeps drafts of it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from .. import authority
from ..clock import now_iso
from ..domain.records import Draft
from ..errors import XxhError
from .changes import Area
from .owner import Owner

KINDS = ("declaration", "procurement")
KEEP_REVISIONS = 20  # older autosaves of one record are pruned


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class Drafts(Owner):
    def _check(self, kind: str) -> None:
        if kind not in KINDS:
            raise XxhError(f"未知的草稿类别「{kind}」。")

    def _record(self, kind: str, record_id: str) -> tuple[int, str] | None:
        if kind == "declaration":
            return self.ws.declarations.revision(record_id)
        return self.ws.procurements.revision(record_id)

    def _unit(self, kind: str, record_id: str) -> str:
        if kind == "declaration":
            return self.ws.projects.get(record_id).unit
        return self.ws.procurements.get(record_id).unit

    def save(self, kind: str, record_id: str, form: dict[str, Any]) -> int:
        """Store `form` as the newest draft of the record; returns the draft's id.

        A form identical to the newest draft is not stored again.
        """
        self._check(kind)
        first = "declaration.content" if kind == "declaration" else "procurement.reason"
        authority.require_fields(self.actor, [first], self._unit(kind, record_id))
        payload = json.dumps(form, ensure_ascii=False, sort_keys=True)
        if not payload.isascii() and _unencodable(payload):
            # A lone surrogate pasted into an editor: kept as JSON's \\udxxx escape, not lost.
            payload = json.dumps(form, ensure_ascii=True, sort_keys=True)
        with self.database.transaction():
            last = self.database.first(
                "SELECT id, payload FROM drafts WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT 1",
                (kind, record_id))
            if last and last["payload"] == payload:
                return int(last["id"])
            current = self._record(kind, record_id)
            draft_id = int(self.db["drafts"].insert({
                "kind": kind, "record_id": record_id, "payload": payload, "saved_at": now_iso(),
                "saved_by": self.actor.who, "record_revision": current[0] if current else None}).last_pk)
            keep = [r["id"] for r in self.db["drafts"].rows_where(
                "kind = ? AND record_id = ?", [kind, record_id], order_by="id desc", limit=KEEP_REVISIONS,
                select="id")]
            self.db["drafts"].delete_where(
                f"kind = ? AND record_id = ? AND id NOT IN ({','.join('?' * len(keep))})",
                [kind, record_id, *keep])
            self.database.note(Area.DRAFTS, **({"project": record_id} if kind == "declaration"
                                               else {"procurement": record_id}))
        return draft_id

    def latest(self, kind: str, record_id: str) -> Draft | None:
        self._check(kind)
        row = self.database.first(
            "SELECT * FROM drafts WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT 1", (kind, record_id))
        if row is None:
            return None
        return Draft(int(row["id"]), json.loads(row["payload"]), row["saved_at"], row["saved_by"],
                     row["record_revision"])

    def saved_times(self, kind: str) -> dict[str, str]:
        """Each record's newest autosave time (ISO), for the lists that show drafts."""
        self._check(kind)
        return {r["record_id"]: r["saved_at"] for r in self.database.rows(
            "SELECT record_id, max(saved_at) AS saved_at FROM drafts WHERE kind = ? GROUP BY record_id", (kind,))}

    def count(self, kind: str, record_id: str) -> int:
        return self.db["drafts"].count_where("kind = ? AND record_id = ?", [kind, record_id])

    def clear(self, kind: str, record_id: str) -> None:
        self._check(kind)
        with self.database.transaction():
            self.db["drafts"].delete_where("kind = ? AND record_id = ?", [kind, record_id])
            self.database.note(Area.DRAFTS)

    def usable(self, kind: str, record_id: str) -> tuple[Draft | None, Draft | None]:
        """(the draft to show, a draft set aside): the newest draft unless the
        record itself changed after it (e.g. an imported answer from 县智慧办) —
        then the record wins and the old draft is only mentioned, never applied."""
        draft = self.latest(kind, record_id)
        if draft is None:
            return None, None
        current = self._record(kind, record_id)
        # A changed revision says so even within the second the draft was saved in.
        if current and ((draft.record_revision is not None and current[0] != draft.record_revision)
                        or datetime.fromisoformat(current[1]) > datetime.fromisoformat(draft.saved_at)):
            return None, draft
        return draft, None
