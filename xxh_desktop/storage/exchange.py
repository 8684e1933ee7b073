"""Owners of the `.xxh` bookkeeping: `packages` (files sent and taken in), `exchange_parts`
(each side's part of a record, version by version) and `exchange_keys` (who each key is).

None of this is a fact of a project: it is what the exchange remembers about
itself, written by the export and the import only (docs/xxh-format.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..clock import now_iso
from ..domain.fields import Side
from ..domain.records import PackageRecord
from .changes import Area
from .owner import Owner

KEEP_VERSIONS = 20   # per record and side: what a package's history can name


class Packages(Owner):
    def imported_at(self, package_id: str) -> str | None:
        row = self.database.first("SELECT at FROM packages WHERE package_id = ? AND direction = 'in'",
                                  (package_id,))
        return row["at"] if row else None

    def record(self, package_id: str, direction: str, file_sm3: str, sender_unit: str, summary: str) -> None:
        with self.database.transaction():
            self.insert_row("packages", {"package_id": package_id, "direction": direction, "file_sm3": file_sm3,
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


@dataclass(frozen=True)
class PartVersion:
    version: int
    sm3: str
    content: dict[str, Any]


class Parts(Owner):
    """Versions of one side's part of one record: ours as we sent them, theirs as we received them."""

    def versions(self, kind: str, record_id: str, side: Side) -> list[PartVersion]:
        """Oldest first."""
        return [PartVersion(r["version"], r["sm3"], json.loads(r["content"]))
                for r in self.database.rows(
                    "SELECT version, sm3, content FROM exchange_parts WHERE kind = ? AND record_id = ? AND side = ? "
                    "ORDER BY version", (kind, record_id, side.value))]

    def known(self, kind: str, record_id: str) -> bool:
        """Whether the record ever travelled: sent in a package, or received in one."""
        return self.db["exchange_parts"].count_where("kind = ? AND record_id = ?", [kind, record_id]) > 0

    def latest(self, kind: str, record_id: str, side: Side) -> PartVersion | None:
        versions = self.versions(kind, record_id, side)
        return versions[-1] if versions else None

    def add(self, kind: str, record_id: str, side: Side, version: int, sm3: str, content: dict[str, Any]) -> None:
        """Keep a version (a version already kept is left as it is), and only the newest KEEP_VERSIONS."""
        with self.database.transaction():
            self.db["exchange_parts"].insert({
                "kind": kind, "record_id": record_id, "side": side.value, "version": version, "sm3": sm3,
                "content": json.dumps(content, ensure_ascii=False, sort_keys=True), "at": now_iso()}, ignore=True)
            keep = [r["version"] for r in self.db["exchange_parts"].rows_where(
                "kind = ? AND record_id = ? AND side = ?", [kind, record_id, side.value],
                order_by="version desc", limit=KEEP_VERSIONS, select="version")]
            self.db["exchange_parts"].delete_where(
                f"kind = ? AND record_id = ? AND side = ? AND version NOT IN ({','.join('?' * len(keep))})",
                [kind, record_id, side.value, *keep])


    def reset(self, kind: str, record_id: str, side: Side, versions: list[PartVersion]) -> None:
        """Hold exactly `versions` for one side of a record (the other side's line, as it last said it)."""
        with self.database.transaction():
            self.database.connection().execute(
                "DELETE FROM exchange_parts WHERE kind = ? AND record_id = ? AND side = ?", (kind, record_id, side.value))
            stamp = now_iso()
            for v in versions[-KEEP_VERSIONS:]:
                self.insert_row("exchange_parts", {
                    "kind": kind, "record_id": record_id, "side": side.value, "version": v.version, "sm3": v.sm3,
                    "content": json.dumps(v.content, ensure_ascii=False, sort_keys=True), "at": stamp})


@dataclass(frozen=True)
class RegisteredKey:
    public_key: str
    fingerprint: str
    side: Side
    unit: str                  # a department key's unit; '' for the office's
    registered_at: str
    revoked_at: str | None


class Keys(Owner):
    """Who a key speaks for: registered once, after the clerk compared its fingerprint on paper."""

    def find(self, public_key: str) -> RegisteredKey | None:
        row = self.database.first("SELECT * FROM exchange_keys WHERE public_key = ?", (public_key,))
        return _key(row) if row else None

    def current(self, side: Side, unit: str = "") -> RegisteredKey | None:
        """The key that speaks for the office, or for `unit`, now."""
        row = self.database.first("SELECT * FROM exchange_keys WHERE side = ? AND unit = ? AND revoked_at IS NULL "
                                  "ORDER BY registered_at DESC LIMIT 1", (side.value, unit))
        return _key(row) if row else None

    def all(self) -> list[RegisteredKey]:
        return [_key(r) for r in self.db["exchange_keys"].rows_where(order_by="registered_at")]

    def register(self, public_key: str, fingerprint: str, side: Side, unit: str = "") -> None:
        """Register `public_key` as the office's, or `unit`'s; the key it replaces is revoked. Audited."""
        with self.database.transaction():
            before = self.current(side, unit)
            stamp = now_iso()
            if before is not None and before.public_key != public_key:
                self.update_row("exchange_keys", "public_key", before.public_key, {"revoked_at": stamp})
            self.database.connection().execute(
                "INSERT INTO exchange_keys (public_key, fingerprint, side, unit, registered_at, revoked_at) "
                "VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (public_key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                "side = excluded.side, unit = excluded.unit, registered_at = excluded.registered_at, revoked_at = NULL",
                (public_key, fingerprint, side.value, unit, stamp))
            self.database.note(Area.EXCHANGE)
            who = unit or side.value
            self.ws.audit_log.append("更换交换密钥" if before else "登记交换密钥", who,
                                     before={"fingerprint": before.fingerprint} if before else "",
                                     after={"fingerprint": fingerprint, "side": side.value})


def _key(row: dict[str, Any]) -> RegisteredKey:
    return RegisteredKey(row["public_key"], row["fingerprint"], Side(row["side"]), row["unit"],
                         row["registered_at"], row["revoked_at"])
