"""Owner of `checklist_answers`: the office's 第九条 review, one current answer per item."""

from __future__ import annotations

from .. import authority
from ..clock import now_iso
from ..domain.records import ChecklistAnswer
from ..domain.review_items import ITEM_BY_KEY
from .changes import Area
from .owner import Owner, checked


class ChecklistAnswers(Owner):
    seed_tables = ("checklist_answers",)

    def of(self, project_id: str) -> dict[str, ChecklistAnswer]:
        """The stored answers of a project, by item key (items no longer asked are left out)."""
        return {r["item_key"]: ChecklistAnswer(r["item_key"], r["answer"], r["comment"], r["by"], r["at"],
                                               r["accepted_reason"])
                for r in self.database.rows("SELECT * FROM checklist_answers WHERE project_id = ? ORDER BY item_key",
                                            (project_id,))
                if r["item_key"] in ITEM_BY_KEY}

    def set(self, project_id: str, key: str, answer: str, comment: str, *, by: str | None = None,
            at: str | None = None, accepted_reason: str = "") -> None:
        """The answer to one item; a new answer drops an earlier acceptance unless it is given again."""
        project = self.ws.projects.get(project_id)
        keys = [f"checklist.{key}"] + (["checklist.accepted_reason"] if accepted_reason else [])
        authority.require_fields(self.actor, keys, project.unit)
        checked("checklist.comment", comment)
        checked("checklist.accepted_reason", accepted_reason)
        with self.database.transaction():
            self.db["checklist_answers"].upsert({
                "project_id": project.id, "item_key": key, "answer": answer, "comment": comment,
                "by": self.actor.who if by is None else by, "at": at or now_iso(),
                "accepted_reason": accepted_reason,
            }, pk=("project_id", "item_key"))
            self.database.note(Area.REVIEW, project=project.id)

    def clear(self, project_id: str, key: str) -> None:
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, [f"checklist.{key}"], project.unit)
        with self.database.transaction():
            self.db["checklist_answers"].delete_where("project_id = ? AND item_key = ?", [project.id, key])
            self.database.note(Area.REVIEW, project=project.id)
