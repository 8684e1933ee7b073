"""The audit log for inspections: its export (the log itself is kept by `storage/audit_log.py`)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .workspace import Workspace


def export_xlsx(ws: Workspace, path: Path) -> Path:
    """The whole log as a print-ready worksheet (for the 审计 role and inspections)."""
    from .excel.audit_log import write_audit_xlsx

    return write_audit_xlsx([asdict(e) for e in ws.audit_log.entries()], path,
                            chain_breaks=len(ws.audit_log.verify()))
