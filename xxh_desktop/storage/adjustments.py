"""Owner of `adjustments`: 项目调整申请 (第十五条) — the unit asks, the county approves, the office files."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import authority
from ..domain.records import Adjustment
from ..errors import XxhError
from .changes import Area
from .owner import Owner, check_texts, checked, from_date, plain, to_date


def _adjustment(row: dict[str, Any]) -> Adjustment:
    return Adjustment(int(row["id"]), row["content"], date.fromisoformat(row["requested_on"]),
                      to_date(row["county_approved_on"]), to_date(row["office_filed_on"]))


class Adjustments(Owner):
    def of(self, project_id: str) -> list[Adjustment]:
        return [_adjustment(r) for r in self.db["adjustments"].rows_where(
            "project_id = ?", [project_id], order_by="id")]

    def get(self, adjustment_id: int) -> tuple[str, Adjustment]:
        """(project id, adjustment)."""
        row = self.database.first("SELECT * FROM adjustments WHERE id = ?", (adjustment_id,))
        if row is None:
            raise XxhError(f"找不到项目调整申请 {adjustment_id}。")
        return row["project_id"], _adjustment(row)

    def request(self, project_id: str, content: str, requested_on: date) -> int:
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, ["adjustment.content", "adjustment.requested_on"], project.unit)
        checked("adjustment.content", content)
        with self.database.transaction():
            aid = int(self.db["adjustments"].insert({"project_id": project.id, "content": content,
                                                     "requested_on": requested_on.isoformat()}).last_pk)
            self.database.note(Area.ADJUSTMENTS, project=project.id)
            self.ws.audit_log.append("项目调整申请", project.label, after={
                "id": aid, "content": content, "requested_on": requested_on.isoformat()})
        return aid

    def record(self, adjustment_id: int, values: dict[str, date]) -> None:
        """The county's approval (county_approved_on) and the office's 备案 (office_filed_on)."""
        pid, before = self.get(adjustment_id)
        project = self.ws.projects.get(pid)
        authority.require_fields(self.actor, [f"adjustment.{k}" for k in values], project.unit)
        with self.database.transaction():
            self.db["adjustments"].update(adjustment_id, {k: from_date(v) for k, v in values.items()})
            self.database.note(Area.ADJUSTMENTS, project=project.id)
            self.ws.audit_log.append("项目调整记录", project.label,
                                     before={k: plain(getattr(before, k)) for k in values},
                                     after={k: plain(v) for k, v in values.items()})

    def replace_all(self, project_id: str, rows: list[Adjustment]) -> None:
        """The list as another machine holds it (an import): each side's columns from their owner."""
        project = self.ws.projects.get(project_id)
        current = self.of(project.id)
        keys = _changed_keys([_cols(a) for a in current], [_cols(a) for a in rows])
        authority.require_fields(self.actor, keys, project.unit)
        for a in rows:
            check_texts("adjustment", _cols(a))
        with self.database.transaction():
            self.db["adjustments"].delete_where("project_id = ?", [project.id])
            if rows:
                self.db["adjustments"].insert_all([{"project_id": project.id, **_cols(a)} for a in rows])
            self.database.note(Area.ADJUSTMENTS, project=project.id)


def _cols(a: Adjustment) -> dict[str, Any]:
    return {"content": a.content, "requested_on": from_date(a.requested_on),
            "county_approved_on": from_date(a.county_approved_on), "office_filed_on": from_date(a.office_filed_on)}


def _changed_keys(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """The catalogue keys (``adjustment.x``) whose values differ between two lists, row by row."""
    keys: set[str] = set()
    for i in range(max(len(before), len(after))):
        a = before[i] if i < len(before) else {}
        b = after[i] if i < len(after) else {}
        keys |= {f"adjustment.{k}" for k in set(a) | set(b) if a.get(k) != b.get(k)}
    return sorted(keys)
