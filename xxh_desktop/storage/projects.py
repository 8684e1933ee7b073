"""Owner of `projects`: one 政务信息化项目 and the facts the office keeps about it.

Each fact has one owner side (the field catalogue); `update` refuses a fact the
actor does not own, and a stage change the actor's side may not make
(`authority.move_refusal`). Money is Decimal 万元 here, integer 元 in SQLite.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from .. import authority
from ..clock import now_iso
from ..domain.accounts import Role
from ..domain.fields import Side
from ..domain.records import Project
from ..domain.stages import SideState, Stage
from ..domain.text import shown
from ..domain.validation import fact_problem
from ..errors import XxhError
from .changes import Area
from .owner import Owner, checked, checked_note, from_date, from_wan, plain, to_date, to_wan

if TYPE_CHECKING:
    from ..workspace import Workspace

_SELECT = "SELECT p.*, u.name AS unit FROM projects p JOIN units u ON u.id = p.unit_id"
# A project in the 回收站 is out of every read but identity (ids, numbers taken) and the 回收站's own.
LIVE = "p.trashed_at IS NULL"
_DATES = ("approval_date", "temp_approval_date", "procurement_date", "contract_date",
          "initial_acceptance_date", "final_acceptance_date", "self_eval_office_date",
          "self_eval_finance_date", "consulted_on", "operation_started_on", "security_assessed_on",
          "cloud_migration_due")
# What a change of each fact redraws in the window.
_STAGE_FACTS = ("stage", "side_state", "supply_list")


def _project(row: dict[str, Any]) -> Project:
    return Project(
        id=row["id"], number=row["number"] or "", name=row["name"], unit=row["unit"], year=row["year"],
        stage=Stage(row["stage"]), side_state=SideState(row["side_state"]) if row["side_state"] else None,
        supply_list=row["supply_list"] or "", is_existing_system=bool(row["is_existing_system"]),
        responsible_person=row["responsible_person"] or "",
        approval_date=to_date(row["approval_date"]), approval_doc_no=row["approval_doc_no"] or "",
        plan_year=row["plan_year"], temp_approval_date=to_date(row["temp_approval_date"]),
        temp_approval_doc_no=row["temp_approval_doc_no"] or "",
        procurement_method=row["procurement_method"] or "", procurement_date=to_date(row["procurement_date"]),
        supplier=row["supplier"] or "", contract_amount=to_wan(row["contract_amount"]),
        contract_date=to_date(row["contract_date"]), supervisor_unit=row["supervisor_unit"] or "",
        tester_unit=row["tester_unit"] or "",
        initial_acceptance_date=to_date(row["initial_acceptance_date"]),
        initial_acceptance_result=row["initial_acceptance_result"] or "",
        final_acceptance_date=to_date(row["final_acceptance_date"]),
        self_eval_office_date=to_date(row["self_eval_office_date"]),
        self_eval_finance_date=to_date(row["self_eval_finance_date"]),
        revision=row["revision"], created_at=row["created_at"], updated_at=row["updated_at"],
        declaration_no=row["declaration_no"],
        classified=bool(row["classified"]), classified_note=row["classified_note"] or "",
        consulted_units=row["consulted_units"] or "", consulted_on=to_date(row["consulted_on"]),
        operation_started_on=to_date(row["operation_started_on"]),
        security_assessed_on=to_date(row["security_assessed_on"]),
        cloud_migration=row["cloud_migration"] or "", cloud_migration_due=to_date(row["cloud_migration_due"]),
    )


def _column(name: str, value: Any) -> Any:
    """A typed fact as its column stores it."""
    if value is None:
        return None
    if name == "contract_amount":
        return from_wan(Decimal(value))
    if name in _DATES:
        return from_date(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


class Projects(Owner):
    table = "projects"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        # The last live project read inside a write, kept while nothing changed: an import's owners
        # and lifecycle ask for the same project a dozen times between two of their writes.
        self._last: tuple[tuple[int, int, int], str, Project] | None = None

    # ------------------------------------------------------------------ reading

    def find(self, key: str, *, trashed: bool = False) -> Project | None:
        """A project by its number, UUID or (where only one project has it) 申报编号;
        `trashed=True` looks in the 回收站 instead."""
        mark = None if trashed else self.database.unchanged_since()
        if mark is not None and self._last is not None and self._last[:2] == (mark, key):
            return self._last[2]
        project = self._read(key, trashed)
        if mark is not None and project is not None:
            self._last = (mark, key, project)
        return project

    def _read(self, key: str, trashed: bool) -> Project | None:
        where = "p.trashed_at IS NOT NULL" if trashed else LIVE
        row = self.database.first(f"{_SELECT} WHERE (p.number = ? OR p.id = ?) AND {where}", (key, key))
        if row is None:
            rows = self.database.rows(f"{_SELECT} WHERE p.declaration_no = ? AND {where} LIMIT 2", (key,))
            row = rows[0] if len(rows) == 1 else None
        return _project(row) if row else None

    def get(self, key: str) -> Project:
        project = self.find(key)
        if project is None:
            raise XxhError(f"找不到项目「{shown(key, 40)}」。请用 list 命令查看项目编号。")
        return project

    def all(self) -> list[Project]:
        """Every project, by number (one query: the deadlines and the ledger read them all)."""
        return [_project(r) for r in self.database.rows(f"{_SELECT} WHERE {LIVE} ORDER BY p.number")]

    def trashed(self) -> list[tuple[Project, str]]:
        """The projects in the 回收站 with when each was moved there, latest first."""
        return [(_project(r), r["trashed_at"]) for r in self.database.rows(
            f"{_SELECT} WHERE p.trashed_at IS NOT NULL ORDER BY p.trashed_at DESC, p.declaration_no")]

    def exists(self, project_id: str) -> bool:
        return self.database.first("SELECT 1 FROM projects WHERE id = ?", (project_id,)) is not None

    def count(self) -> int:
        return self.database.scalar("SELECT count(*) FROM projects WHERE trashed_at IS NULL")

    def ids(self) -> set[str]:
        return {r["id"] for r in self.db["projects"].rows_where(select="id")}

    def numbers(self) -> set[str]:
        return {r["number"] for r in self.db["projects"].rows_where("number IS NOT NULL", select="number")}

    def number_taken(self, number: str, *, other_than: str = "") -> str | None:
        """The id of another project holding `number`, if any."""
        row = self.database.first("SELECT id FROM projects WHERE number = ? AND id != ?", (number, other_than))
        return row["id"] if row else None

    def next_declaration_no(self, unit_id: int, year: int) -> str:
        """The unit's next provisional 申报编号 of the year: SB-2027-003."""
        prefix = f"SB-{year}-"
        n = self.database.scalar(
            "SELECT max(CAST(substr(declaration_no, ?) AS INTEGER)) FROM projects "
            "WHERE unit_id = ? AND declaration_no LIKE ?", (len(prefix) + 1, unit_id, prefix + "%"))
        return f"{prefix}{(n or 0) + 1:03d}"

    def next_number(self, year: int, prefix: str | None = None) -> str:
        """The next free number of the year: JZ-2027-014."""
        prefix = prefix or f"JZ-{year}-"
        n = self.database.scalar(
            "SELECT max(CAST(substr(number, ?) AS INTEGER)) FROM projects WHERE number LIKE ?",
            (len(prefix) + 1, prefix + "%"))
        return f"{prefix}{(n or 0) + 1:03d}"

    def unit_of(self, project_id: str) -> str:
        return self.get(project_id).unit

    # ------------------------------------------------------------------ writing

    def create(self, name: str, unit: str, year: int, *, number: str | None = None,
               declaration_no: str | None = None, project_id: str | None = None,
               is_existing_system: bool = False, created_at: str | None = None) -> str:
        """A new project (草稿) with its empty 附件1; returns its UUID.

        第五条: a project is declared by its own unit, so only that unit (or an
        import carrying that unit's verified package) creates it. The unit gives
        it a provisional 申报编号; the 项目编号 is the office's to allot (第四条),
        on receipt (only the demo's seed writes one here).
        """
        actor = self.actor
        if not actor.seed and actor.side == Side.OFFICE:
            raise authority.NotPermitted(
                "第五条：项目由项目建设单位申报，县智慧办不能代为新建；申报会随项目建设单位的交换文件（.xxh）送达。")
        authority.require_unit(actor, unit.strip())
        authority.require_role(actor, Role.ENTRY, "新建项目申报")
        checked("project.name", name)
        if number:
            checked("project.number", number)
        if declaration_no:
            checked_note("申报编号", declaration_no, multiline=False)
        pid = project_id or str(uuid.uuid4())
        stamp = now_iso()
        with self.database.transaction():
            unit_id = self.ws.units.ensure(unit)
            if actor.side == Side.UNIT:
                number = None
                declaration_no = declaration_no or self.next_declaration_no(unit_id, year)
            else:
                number = number or self.next_number(year)
            self.insert_row("projects", {
                "id": pid, "number": number, "declaration_no": declaration_no or "", "name": name,
                "unit_id": unit_id, "year": year, "stage": Stage.DRAFT.value,
                "is_existing_system": int(is_existing_system),
                "created_at": created_at or stamp, "updated_at": stamp,
            })
            self.ws.declarations.create_empty(pid, unit.strip(), name)
            self.database.note(Area.PROJECT, project=pid)
            self.ws.audit_log.append("新建项目", pid, after={"name": name, "unit": unit, "year": year})
        return pid

    def update(self, project_id: str, values: dict[str, Any], *, action: str | None = "修改项目") -> dict[str, Any]:
        """Change facts (attributes of `Project`, typed), bump the revision, audit before → after.

        Returns the changed facts (empty when nothing changed). `action=None`
        leaves the audit entry to the caller, which writes one for the whole step.
        """
        with self.database.transaction():
            before = self.get(project_id)
            changed = {k: v for k, v in values.items() if getattr(before, k) != v}
            if not changed:
                return {}
            refusals = []
            for key, value in changed.items():
                if key == "stage":
                    why = authority.move_refusal(self.actor, before.stage, Stage(value))
                else:
                    why = authority.field_refusal(self.actor, f"project.{key}", before.unit)
                if why and why not in refusals:
                    refusals.append(why)
            if refusals:
                raise authority.NotPermitted("；".join(refusals) + "。")
            bad = [p for k, v in changed.items() if k != "stage" and (p := fact_problem(f"project.{k}", v))]
            if bad:
                raise XxhError("；".join(bad) + "。")
            self.update_row("projects", "id", before.id, {
                **{k: _column(k, v) for k, v in changed.items()},
                "revision": before.revision + 1, "updated_at": now_iso()})
            stage_area = any(k in _STAGE_FACTS for k in changed)
            self.database.note(Area.STAGE if stage_area else Area.PROJECT, project=before.id)
            if action:
                self.ws.audit_log.append(action, before.label,
                                         before={k: plain(getattr(before, k)) for k in changed},
                                         after={k: plain(v) for k, v in changed.items()})
            return changed

    def renumber(self, project_id: str, number: str) -> None:
        """Give the project another office number (the office allots numbers: 第四条)."""
        with self.database.transaction():
            before = self.get(project_id)
            authority.require_fields(self.actor, ["project.number"], before.unit)
            checked("project.number", number)
            self.update_row("projects", "id", before.id, {"number": number, "revision": before.revision + 1})
            self.database.note(Area.PROJECT, project=before.id)
            self.ws.audit_log.append("改编号", number, before={"number": before.number}, after={"number": number})

    def set_trashed(self, project_id: str, trashed_at: str | None) -> None:
        """Move the project into the 回收站 (a time) or back out of it (None); the caller
        (`recycle.py`) judges whether it may and writes the audit entry."""
        with self.database.transaction():
            self.db["projects"].update(project_id, {"trashed_at": trashed_at})
            self.database.note(Area.STAGE, project=project_id)

    def purge(self, project_id: str) -> None:
        """Delete a project in the 回收站 for good: its 附件1, materials and history go with it
        (ON DELETE CASCADE); unreferenced attachment content is the materials owner's to drop."""
        with self.database.transaction():
            if self.find(project_id, trashed=True) is None:
                raise XxhError("只能永久删除回收站中的项目。")
            self.db["projects"].delete_where("id = ? AND trashed_at IS NOT NULL", [project_id])
            self.database.note(Area.STAGE, project=project_id)

    def touch_created(self, project_id: str, created_at: str) -> None:
        """The demo's story dates (demo.py only)."""
        with self.database.transaction():
            self.db["projects"].update(project_id, {"created_at": created_at})
