"""Owner of `opinions`: the office's 书面审核意见 (第十条), one per project."""

from __future__ import annotations

from datetime import date

from .. import authority
from ..domain.records import Opinion
from .changes import Area
from .owner import Owner, checked, checked_note


class Opinions(Owner):
    seed_tables = ("opinions",)

    def get(self, project_id: str) -> Opinion | None:
        row = self.database.first("SELECT * FROM opinions WHERE project_id = ?", (project_id,))
        if row is None:
            return None
        return Opinion(row["conclusion"], row["text"], row["by"], date.fromisoformat(row["issued_on"]))

    def all(self) -> dict[str, Opinion]:
        """Every project's opinion, by project id (for the ledger)."""
        return {r["project_id"]: Opinion(r["conclusion"], r["text"], r["by"], date.fromisoformat(r["issued_on"]))
                for r in self.db["opinions"].rows_where()}

    def set(self, project_id: str, conclusion: str, text: str, issued_on: date, *, by: str | None = None) -> None:
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, ["opinion.conclusion", "opinion.text", "opinion.issued_on"],
                                 project.unit)
        checked("opinion.text", text)
        checked_note("审核人", self.actor.who if by is None else by, multiline=False)
        with self.database.transaction():
            self.db["opinions"].upsert({"project_id": project.id, "conclusion": conclusion, "text": text,
                                        "by": self.actor.who if by is None else by,
                                        "issued_on": issued_on.isoformat()}, pk="project_id")
            self.database.note(Area.REVIEW, project=project.id)

    def remove(self, project_id: str) -> None:
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, ["opinion.conclusion"], project.unit)
        with self.database.transaction():
            self.db["opinions"].delete_where("project_id = ?", [project.id])
            self.database.note(Area.REVIEW, project=project.id)
