"""Owners of the `.xxh` bookkeeping: `packages` (files sent and taken in), `exchange_marks`
(a record's content SM3 at its revision) and `exchange_snapshots` (records as last sent or
taken in, the common ancestor of a conflict); and `pinned_keys` (the senders' public keys).

None of this is a fact of a project: it is what the exchange remembers about
itself, written by the export and the import only.
"""

from __future__ import annotations

import json
from typing import Any

from .. import authority
from ..clock import now_iso
from ..domain.accounts import Role
from ..domain.records import PackageRecord, PinnedKey
from .changes import Area
from .owner import Owner

KEEP_SNAPSHOTS = 3


class Packages(Owner):
    def imported_at(self, package_id: str) -> str | None:
        row = self.database.first("SELECT at FROM packages WHERE package_id = ? AND direction = 'in'",
                                  (package_id,))
        return row["at"] if row else None

    def record(self, package_id: str, direction: str, file_sm3: str, sender_unit: str, summary: str) -> None:
        authority.require_role(self.actor, Role.ENTRY, "导入交换文件" if direction == "in" else "导出交换文件")
        with self.database.transaction():
            self.db["packages"].insert({"package_id": package_id, "direction": direction, "file_sm3": file_sm3,
                                        "sender_unit": sender_unit, "at": now_iso(), "summary": summary})
            self.database.note(Area.EXCHANGE)

    def last_received(self, from_units: set[str] | None = None) -> str | None:
        """The newest package taken in (from any of `from_units`, when given)."""
        if from_units is None:
            row = self.database.first(
                "SELECT package_id FROM packages WHERE direction = 'in' ORDER BY at DESC, rowid DESC LIMIT 1")
        else:
            marks = ",".join("?" for _ in from_units)
            row = self.database.first(
                f"SELECT package_id FROM packages WHERE direction = 'in' AND sender_unit IN ({marks}) "
                "ORDER BY at DESC, rowid DESC LIMIT 1", tuple(from_units))
        return row["package_id"] if row else None

    def all(self) -> list[PackageRecord]:
        return [PackageRecord(**r) for r in self.db["packages"].rows_where(order_by="at")]

    # ------------------------------------------------------------------ marks and snapshots

    def mark(self, kind: str, record_id: str) -> tuple[int, str] | None:
        """(revision, content SM3) last marked for a record."""
        row = self.database.first("SELECT revision, content_sm3 FROM exchange_marks WHERE kind = ? AND record_id = ?",
                                  (kind, record_id))
        return (row["revision"], row["content_sm3"]) if row else None

    def set_mark(self, kind: str, record_id: str, revision: int, digest: str) -> None:
        with self.database.transaction():
            self.db["exchange_marks"].upsert({"kind": kind, "record_id": record_id, "revision": revision,
                                              "content_sm3": digest}, pk=("kind", "record_id"))

    def snapshot(self, kind: str, record: dict[str, Any], origin: str) -> None:
        """Keep `record` as sent (origin 'out') or taken in ('in'), the last few per record."""
        with self.database.transaction():
            self.db["exchange_snapshots"].upsert({
                "kind": kind, "record_id": record["id"], "origin": origin, "revision": record["revision"],
                "content": json.dumps(record, ensure_ascii=False, sort_keys=True)},
                pk=("kind", "record_id", "origin", "revision"))
            keep = [r["revision"] for r in self.db["exchange_snapshots"].rows_where(
                "kind = ? AND record_id = ? AND origin = ?", [kind, record["id"], origin],
                order_by="revision desc", limit=KEEP_SNAPSHOTS, select="revision")]
            self.db["exchange_snapshots"].delete_where(
                f"kind = ? AND record_id = ? AND origin = ? AND revision NOT IN ({','.join('?' * len(keep))})",
                [kind, record["id"], origin, *keep])

    def snapshot_at(self, kind: str, record_id: str, origin: str, revision: int) -> dict[str, Any] | None:
        row = self.database.first("SELECT content FROM exchange_snapshots WHERE kind = ? AND record_id = ? "
                                  "AND origin = ? AND revision = ?", (kind, record_id, origin, revision))
        return json.loads(row["content"]) if row else None


class PinnedKeys(Owner):
    def get(self, unit: str) -> PinnedKey | None:
        row = self.database.first("SELECT * FROM pinned_keys WHERE unit_name = ?", (unit,))
        if row is None:
            return None
        return PinnedKey(row["unit_name"], row["public_key"], row["fingerprint"], row["pinned_at"])

    def pin(self, unit: str, public_key: str, fingerprint: str) -> None:
        """Pin (or deliberately re-pin) a unit's key; audited with both fingerprints."""
        with self.database.transaction():
            before = self.get(unit)
            self.db["pinned_keys"].upsert({"unit_name": unit, "public_key": public_key,
                                           "fingerprint": fingerprint, "pinned_at": now_iso()}, pk="unit_name")
            self.database.note(Area.EXCHANGE)
            self.ws.audit_log.append("重新固定密钥" if before else "固定密钥", unit,
                                     before={"fingerprint": before.fingerprint} if before else "",
                                     after={"fingerprint": fingerprint})
