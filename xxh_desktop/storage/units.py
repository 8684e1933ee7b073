"""Owner of `units`: the county's 项目建设单位 by name."""

from __future__ import annotations

from ..domain.text import identity_key, shown
from ..errors import XxhError
from .changes import Area
from .owner import Owner, checked


class Units(Owner):
    def ensure(self, name: str, kind: str = "") -> int:
        """The unit's id, adding it to the register when it is new."""
        name = name.strip()
        if not name:
            raise XxhError("单位名称不能为空。")
        checked("project.unit", name)
        row = self.database.first("SELECT id FROM units WHERE name = ?", (name,))
        if row:
            return int(row["id"])
        key = identity_key(name)
        if (alike := next((n for n in self.names() if identity_key(n) == key), None)) is not None:
            # A second spelling would be a second unit: its projects, its key, its 附件 apart.
            raise XxhError(f"单位名录中已有「{alike}」，与「{shown(name, 40)}」只差空格、全角半角或大小写。"
                           "请用名录中的名称。")
        with self.database.transaction():
            self.database.note(Area.UNITS)
            return int(self.db["units"].insert({"name": name, "kind": kind}).last_pk)

    def names(self) -> list[str]:
        return [r["name"] for r in self.database.rows("SELECT name FROM units ORDER BY name")]

    def ids(self) -> dict[str, int]:
        return {r["name"]: r["id"] for r in self.db["units"].rows_where(select="id, name")}
