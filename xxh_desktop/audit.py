"""The audit log for the 审计 role and for inspections: choosing entries and exporting them.

The log itself is kept by `storage/audit_log.py`; reading it needs the 审计
role (checked there). Times are stored in UTC and shown in local time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.records import AuditEntry

if TYPE_CHECKING:
    from .workspace import Workspace


def local_moment(entry: AuditEntry) -> datetime | None:
    """When the entry was written, in this machine's local time (naive)."""
    try:
        moment = datetime.fromisoformat(entry.at)
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


@dataclass(frozen=True)
class Filter:
    """What the viewer shows: all entries, or those of a person, an action, a project, a date range."""

    who: str = ""
    action: str = ""
    targets: frozenset[str] = frozenset()   # a project's number and id; empty: every target
    start: date | None = None
    end: date | None = None
    text: str = ""                          # anywhere in the entry

    def matches(self, entry: AuditEntry) -> bool:
        if self.who and entry.who != self.who:
            return False
        if self.action and entry.action != self.action:
            return False
        if self.targets and entry.target not in self.targets:
            return False
        if self.start or self.end:
            moment = local_moment(entry)
            if moment is None or (self.start and moment.date() < self.start) or (self.end and moment.date() > self.end):
                return False
        if self.text:
            haystack = " ".join((entry.who, entry.action, entry.target, entry.before, entry.after, entry.result))
            if self.text.casefold() not in haystack.casefold():
                return False
        return True


def select(entries: Iterable[AuditEntry], chosen: Filter) -> list[AuditEntry]:
    return [e for e in entries if chosen.matches(e)]


def project_targets(ws: Workspace, key: str) -> frozenset[str]:
    """How the log names a project: its number and its UUID (entries before it had a number)."""
    project = ws.projects.get(key)
    return frozenset(t for t in (project.id, project.number) if t)


def export_xlsx(ws: Workspace, path: str | Path, chosen: Filter | None = None) -> Path:
    """The log (or the entries `chosen`) as a print-ready worksheet; audited."""
    from .excel.audit_log import write_audit_xlsx

    path = ws.check_output(path)
    entries = ws.audit_log.entries()
    if chosen is not None:
        entries = select(entries, chosen)
    written = write_audit_xlsx([asdict(e) for e in entries], path, chain_breaks=len(ws.audit_log.verify()))
    ws.audit_log.append("导出审计日志", Path(written).name, after={"file": str(written), "entries": len(entries)})
    return written
