"""Owner of `declarations`: each project's 附件1, the department's (第五条).

Amounts are Decimal 万元 in `Declaration`, integer 元 in SQLite.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import authority
from ..clock import now_iso
from ..domain.declaration import Declaration
from ..errors import XxhError
from .changes import Area
from .owner import Owner, check_texts, from_date, from_month, from_wan, to_date, to_month, to_wan

DRAFT = "草稿"
DECLARED = "已申报"
_AMOUNTS = ("investment", "fund_fiscal", "fund_self", "fund_bank", "fund_other")
_TEXTS = ("applicant_unit", "leader", "contact", "phone", "email", "project_name", "content", "dept_opinion")


def _columns(decl: Declaration) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(decl, name) for name in _TEXTS}
    values.update({name: from_wan(getattr(decl, name)) for name in _AMOUNTS})
    values["declared_on"] = from_date(decl.declared_on)
    values["start_month"] = from_month(decl.start_month)
    values["end_month"] = from_month(decl.end_month)
    return values


class Declarations(Owner):
    table = "declarations"

    def _row(self, project_id: str) -> dict[str, Any]:
        row = self.database.first("SELECT * FROM declarations WHERE project_id = ?", (project_id,))
        if row is None:
            raise XxhError(f"项目 {project_id} 没有申报表。")
        return row

    def get(self, project_id: str) -> Declaration:
        """The project's 附件1 (the 已建成系统 flag is the project's own)."""
        row = self._row(project_id)
        existing = self.database.scalar("SELECT is_existing_system FROM projects WHERE id = ?", (project_id,))
        return Declaration(
            applicant_unit=row["applicant_unit"], declared_on=to_date(row["declared_on"]),
            leader=row["leader"], contact=row["contact"], phone=row["phone"], email=row["email"],
            project_name=row["project_name"], start_month=to_month(row["start_month"]),
            end_month=to_month(row["end_month"]), investment=to_wan(row["investment"]),
            fund_fiscal=to_wan(row["fund_fiscal"]), fund_self=to_wan(row["fund_self"]),
            fund_bank=to_wan(row["fund_bank"]), fund_other=to_wan(row["fund_other"]),
            content=row["content"], dept_opinion=row["dept_opinion"],
            is_existing_system=bool(existing),
        )

    def status(self, project_id: str) -> str:
        row = self.database.first("SELECT status FROM declarations WHERE project_id = ?", (project_id,))
        return row["status"] if row else ""

    def revision(self, project_id: str) -> tuple[int, str] | None:
        """(revision, updated_at), for drafts that must not outrank a newer record."""
        row = self.database.first("SELECT revision, updated_at FROM declarations WHERE project_id = ?",
                                  (project_id,))
        return (row["revision"], row["updated_at"]) if row else None

    def create_empty(self, project_id: str, unit: str, name: str) -> None:
        """The blank 附件1 every new project starts with (projects.create calls it)."""
        with self.database.transaction():
            self.insert_row("declarations", {"project_id": project_id, "applicant_unit": unit,
                                             "project_name": name, "updated_at": now_iso()})

    def save(self, project_id: str, decl: Declaration, *, status: str | None = None) -> int:
        """Store 附件1 as the project's current declaration; returns its new revision."""
        with self.database.transaction():
            project = self.ws.projects.get(project_id)
            before = self._row(project.id)
            values = _columns(decl)
            changed = {k: v for k, v in values.items() if before.get(k) != v}
            if status and status != before["status"]:
                changed["status"] = status
            keys = [f"declaration.{k}" for k in changed]
            if decl.is_existing_system != project.is_existing_system:
                keys.append("project.is_existing_system")
            authority.require_fields(self.actor, keys, project.unit)
            check_texts("declaration", {name: values[name] for name in _TEXTS})
            revision = before["revision"] + 1
            self.update_row("declarations", "project_id", project.id, {
                **values, **({"status": status} if status else {}), "revision": revision, "updated_at": now_iso()})
            facts: dict[str, Any] = {"is_existing_system": decl.is_existing_system}
            if decl.project_name.strip():
                facts["name"] = decl.project_name.strip()
            self.ws.projects.update(project.id, facts)
            self.database.note(Area.DECLARATION, project=project.id)
            self.ws.audit_log.append("保存申报表", project.label,
                                     before={k: before.get(k) for k in changed}, after=changed)
        return revision

    def mark(self, project_id: str, status: str, declared_on: date | None = None) -> None:
        """The declaration's status as a stage move leaves it (已申报 on declaring, 草稿 when moved back)."""
        with self.database.transaction():
            project = self.ws.projects.get(project_id)
            before = self._row(project.id)
            values: dict[str, Any] = {"status": status}
            if declared_on is not None and not before["declared_on"]:
                values["declared_on"] = declared_on.isoformat()
            if all(before.get(k) == v for k, v in values.items()):
                return
            authority.require_fields(self.actor, [f"declaration.{k}" for k in values], project.unit)
            self.update_row("declarations", "project_id", project.id, values)
            self.database.note(Area.DECLARATION, project=project.id)
