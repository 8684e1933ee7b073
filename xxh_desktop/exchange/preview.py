"""What an import would do, as plain data: the preview of each record and of the file, and
the result of applying it (`importer.py` makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..storage.backup import PendingBackup
from .identity import Sender
from .merge import CONFLICT, NEW, STATUSES, UPDATE
from .reader import Package
from .records import KIND_PROJECT

# What the office decides about a record: shown first in the preview (PRODUCT.md §8).
_REVIEW_KEYS = ("project.stage", "procurement.status", "project.number", "procurement.number", "project.side_state",
                "opinion", "checklist.", "project.consulted_", "material_acceptances.", "rectifications",
                "procurement.review_opinion", "declaration.status")


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: str
    mine: str
    theirs: str

    @property
    def important(self) -> bool:
        """A stage, a status or the office's review: what the receiver most needs to see."""
        return self.key.startswith(_REVIEW_KEYS)


@dataclass
class RecordPreview:
    kind: str                 # project / procurement
    record_id: str
    number: str               # 项目编号, or the unit's 申报编号 before the office allots one
    title: str
    unit: str
    status: str               # one of merge.STATUSES
    fields: list[FieldDiff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    receiver_stale: bool = False
    moves: bool = False       # the sender's stage or status moves are applied

    @property
    def kind_label(self) -> str:
        return "项目" if self.kind == KIND_PROJECT else "采购申报"

    @property
    def changes(self) -> bool:
        return self.status in (NEW, UPDATE, CONFLICT) or self.moves


@dataclass
class Preview:
    path: Path
    file_sm3: str
    package_id: str
    format_version: str
    app_version: str
    created_at: str
    purpose: str
    sender: Sender
    attachments: int
    records: list[RecordPreview]
    registration: dict[str, str] | None = None
    already_imported_at: str | None = None
    warnings: list[str] = field(default_factory=list)
    package: Package | None = None     # the verified private copy, held until `close`
    backup: PendingBackup | None = None   # begun by `backup_ahead`, dropped by `close` if unused
    judged_on: date | None = None   # the day the records were judged (their dates are judged against it)

    @property
    def sender_unit(self) -> str:
        return self.sender.name

    @property
    def sender_role(self) -> str:
        return self.sender.side.value

    @property
    def fingerprint(self) -> str:
        return self.sender.fingerprint

    @property
    def key_status(self) -> str:
        return self.sender.status

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def conflicts(self) -> list[RecordPreview]:
        return [r for r in self.records if r.status == CONFLICT]

    def summary(self) -> str:
        return "，".join(f"{s} {self.count(s)}" for s in STATUSES if self.count(s)) or "没有记录"

    def close(self, *, wait: bool = True) -> None:
        """Drop the verified copy and an unused backup (`wait=False`: without waiting for its check)."""
        if self.backup is not None:
            self.backup.discard(wait=wait)
            self.backup = None
        if self.package is not None:
            self.package.close()
            self.package = None

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class ImportResult:
    message: str
    counts: dict[str, int] = field(default_factory=dict)
    backup_path: Path | None = None
    changed: bool = False
