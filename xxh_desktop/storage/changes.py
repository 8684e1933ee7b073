"""What a write changed, so a window redraws only that (Anki's OpChanges).

Each owner notes the project or 附件2 case it wrote and the area of it; the
transaction gathers the notes and hands them back to the caller (and, after
COMMIT, to the workspace's listeners).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Area(StrEnum):
    PROJECT = "project"            # a project's own facts (name, numbers, approval, contract …)
    STAGE = "stage"                # stage, side state, history, rectifications
    DECLARATION = "declaration"    # 附件1
    MATERIALS = "materials"
    REVIEW = "review"              # checklist answers and the written opinion
    ADJUSTMENTS = "adjustments"
    ASSETS = "assets"
    PROCUREMENT = "procurement"    # 附件2 cases
    PLAN = "plan"                  # annual plan filings
    DRAFTS = "drafts"
    SETTINGS = "settings"          # this machine's side, unit, deadlines, fonts
    UNITS = "units"
    EXCHANGE = "exchange"          # packages, keys
    AUDIT = "audit"
    ACCOUNTS = "accounts"          # accounts and roles


@dataclass(frozen=True)
class Changes:
    projects: frozenset[str] = frozenset()       # project UUIDs
    procurements: frozenset[str] = frozenset()   # 附件2 case UUIDs
    areas: frozenset[Area] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.projects | other.projects, self.procurements | other.procurements,
                       self.areas | other.areas)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def touches(self, *areas: Area) -> bool:
        return any(a in self.areas for a in areas)


NOTHING = Changes()
