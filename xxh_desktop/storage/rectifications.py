"""Owner of `rectifications`: 限期整改 (第二十条), ordered and closed by the office."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import authority
from ..domain.records import Rectification
from .changes import Area
from .owner import Owner, check_texts, checked, from_date, to_date

FAILED = "整改后仍不符合要求"   # 第二十条: the result that allows escalation


def _rectification(row: dict[str, Any]) -> Rectification:
    return Rectification(int(row["id"]), date.fromisoformat(row["issued_on"]), row["findings"],
                         date.fromisoformat(row["deadline"]), to_date(row["closed_on"]), row["result"])


_KEYS = ["rectification.issued_on", "rectification.findings", "rectification.deadline",
         "rectification.closed_on", "rectification.result"]


class Rectifications(Owner):
    seed_tables = ("rectifications",)

    def of(self, project_id: str) -> list[Rectification]:
        return [_rectification(r) for r in self.database.rows(
            "SELECT * FROM rectifications WHERE project_id = ? ORDER BY id", (project_id,))]

    def open_of(self, project_id: str) -> list[Rectification]:
        return [r for r in self.of(project_id) if r.closed_on is None]

    def all(self) -> dict[str, list[Rectification]]:
        """Every project's rectifications, by project id (for `check`)."""
        out: dict[str, list[Rectification]] = {}
        for row in self.db["rectifications"].rows_where(order_by="id"):
            out.setdefault(row["project_id"], []).append(_rectification(row))
        return out

    def open_all(self) -> dict[str, list[Rectification]]:
        """Every project's open rectifications, by project id."""
        out: dict[str, list[Rectification]] = {}
        for row in self.db["rectifications"].rows_where("closed_on IS NULL", order_by="id"):
            out.setdefault(row["project_id"], []).append(_rectification(row))
        return out

    def issue(self, project_id: str, findings: str, deadline: date, issued_on: date) -> int:
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, _KEYS[:3], project.unit)
        checked("rectification.findings", findings)
        with self.database.transaction():
            self.database.note(Area.STAGE, project=project.id)
            return int(self.db["rectifications"].insert({
                "project_id": project.id, "issued_on": issued_on.isoformat(), "findings": findings,
                "deadline": deadline.isoformat()}).last_pk)

    def close_open(self, project_id: str, closed_on: date, result: str) -> None:
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, _KEYS[3:], project.unit)
        checked("rectification.result", result)
        with self.database.transaction():
            for r in self.open_of(project.id):
                self.db["rectifications"].update(r.id, {"closed_on": closed_on.isoformat(), "result": result})
            self.database.note(Area.STAGE, project=project.id)

    def replace_all(self, project_id: str, rows: list[Rectification]) -> None:
        """The list as the office holds it (an import)."""
        project = self.ws.projects.get(project_id)
        if [_cols(r) for r in self.of(project.id)] != [_cols(r) for r in rows]:
            authority.require_fields(self.actor, _KEYS, project.unit)
        for r in rows:
            check_texts("rectification", _cols(r))
        with self.database.transaction():
            self.db["rectifications"].delete_where("project_id = ?", [project.id])
            if rows:
                self.db["rectifications"].insert_all([{"project_id": project.id, **_cols(r)} for r in rows])
            self.database.note(Area.STAGE, project=project.id)


def _cols(r: Rectification) -> dict[str, Any]:
    return {"issued_on": r.issued_on.isoformat(), "findings": r.findings, "deadline": r.deadline.isoformat(),
            "closed_on": from_date(r.closed_on), "result": r.result}
