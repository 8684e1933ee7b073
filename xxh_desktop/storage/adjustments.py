"""Owner of `adjustments`: 项目调整申请 (第十五条) — the unit asks, the county approves, the office files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from .. import authority
from ..domain.records import Adjustment
from ..domain.validation import fact_problem
from ..errors import XxhError
from .changes import Area
from .owner import Owner, check_texts, checked, from_date, from_wan, plain, to_date, to_wan


def _adjustment(row: dict[str, Any]) -> Adjustment:
    return Adjustment(int(row["id"]), row["content"], date.fromisoformat(row["requested_on"]),
                      to_date(row["county_approved_on"]), to_date(row["office_filed_on"]), row["kind"] or "",
                      to_wan(row["new_investment"]))


class Adjustments(Owner):
    def of(self, project_id: str) -> list[Adjustment]:
        return [_adjustment(r) for r in self.database.rows(
            "SELECT * FROM adjustments WHERE project_id = ? ORDER BY id", (project_id,))]

    def get(self, adjustment_id: int) -> tuple[str, Adjustment]:
        """(project id, adjustment)."""
        row = self.database.first("SELECT * FROM adjustments WHERE id = ?", (adjustment_id,))
        if row is None:
            raise XxhError(f"找不到项目调整申请 {adjustment_id}。")
        return row["project_id"], _adjustment(row)

    def all(self) -> dict[str, list[Adjustment]]:
        """Every project's adjustments, by project id (for the ledger and the flags)."""
        out: dict[str, list[Adjustment]] = {}
        for row in self.db["adjustments"].rows_where(order_by="id"):
            out.setdefault(row["project_id"], []).append(_adjustment(row))
        return out

    def request(self, project_id: str, content: str, requested_on: date, *, kind: str = "",
                new_investment: Decimal | None = None) -> int:
        project = self.ws.projects.get(project_id)
        keys = ["adjustment.kind", "adjustment.content", "adjustment.requested_on"]
        authority.require_fields(self.actor, keys + (["adjustment.new_investment"] if new_investment else []),
                                 project.unit)
        checked("adjustment.content", content)
        if new_investment is not None and (problem := fact_problem("adjustment.new_investment", new_investment)):
            raise XxhError(f"{problem}，未保存。")
        with self.database.transaction():
            aid = int(self.db["adjustments"].insert({"project_id": project.id, "kind": kind, "content": content,
                                                     "requested_on": requested_on.isoformat(),
                                                     "new_investment": from_wan(new_investment)}).last_pk)
            self.database.note(Area.ADJUSTMENTS, project=project.id)
            self.ws.audit_log.append("项目调整申请", project.label, after={
                "id": aid, "kind": kind, "content": content, "requested_on": requested_on.isoformat(),
                "new_investment": plain(new_investment)})
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
        """The list as another machine holds it (an import): each side's columns from their owner.

        A row that comes without its kind (a package format that does not carry it yet)
        keeps the kind and adjusted amount this machine holds for the same request."""
        project = self.ws.projects.get(project_id)
        current = self.of(project.id)
        held = {(a.requested_on, a.content): a for a in current}
        rows = [replace(a, kind=held[(a.requested_on, a.content)].kind,
                        new_investment=held[(a.requested_on, a.content)].new_investment)
                if not a.kind and (a.requested_on, a.content) in held else a for a in rows]
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
    return {"kind": a.kind, "content": a.content, "requested_on": from_date(a.requested_on),
            "new_investment": from_wan(a.new_investment),
            "county_approved_on": from_date(a.county_approved_on), "office_filed_on": from_date(a.office_filed_on)}


def _changed_keys(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """The catalogue keys (``adjustment.x``) whose values differ between two lists, row by row."""
    keys: set[str] = set()
    for i in range(max(len(before), len(after))):
        a = before[i] if i < len(before) else {}
        b = after[i] if i < len(after) else {}
        keys |= {f"adjustment.{k}" for k in set(a) | set(b) if a.get(k) != b.get(k)}
    return sorted(keys)
