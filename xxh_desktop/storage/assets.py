"""Owner of `existing_assets`: 现有软硬件资源情况 of an already-built system (第八条第二款)."""

from __future__ import annotations

from typing import Any

from .. import authority
from ..domain.records import Asset
from .changes import Area
from .owner import Owner, check_texts, from_date, to_date

_KEYS = ["asset.category", "asset.name", "asset.quantity", "asset.purchased_on", "asset.warranty_until",
         "asset.usage"]


def _cols(a: Asset) -> dict[str, Any]:
    return {"category": a.category, "name": a.name, "quantity": a.quantity,
            "purchased_on": from_date(a.purchased_on), "warranty_until": from_date(a.warranty_until),
            "usage": a.usage}


class Assets(Owner):
    seed_tables = ("existing_assets",)

    def of(self, project_id: str) -> list[Asset]:
        return [Asset(r["name"], r["quantity"], to_date(r["purchased_on"]), to_date(r["warranty_until"]),
                      r["usage"], r["category"])
                for r in self.database.rows("SELECT * FROM existing_assets WHERE project_id = ? ORDER BY id", (project_id,))]

    def with_warranty(self) -> list[tuple[str, Asset]]:
        """(project id, asset) of every asset with a 过保时间, for the deadlines."""
        return [(r["project_id"], Asset(r["name"], r["quantity"], to_date(r["purchased_on"]),
                                        to_date(r["warranty_until"]), r["usage"], r["category"]))
                for r in self.db["existing_assets"].rows_where(
                    "warranty_until IS NOT NULL AND warranty_until != ''", order_by="id")]

    def replace_all(self, project_id: str, assets: list[Asset], *, action: str | None = "修改现有软硬件") -> None:
        project = self.ws.projects.get(project_id)
        before = self.of(project.id)
        if before != list(assets):
            authority.require_fields(self.actor, _KEYS, project.unit)
        for a in assets:
            check_texts("asset", _cols(a))
        with self.database.transaction():
            self.db["existing_assets"].delete_where("project_id = ?", [project.id])
            if assets:
                self.db["existing_assets"].insert_all([{"project_id": project.id, **_cols(a)} for a in assets])
            self.database.note(Area.ASSETS, project=project.id)
            if action:
                self.ws.audit_log.append(action, project.label, before={"rows": len(before)},
                                         after=[_cols(a) for a in assets])
