"""Owner of `procurements` and `procurement_items`: the 附件2 cases (第五条第二款).

The form's content is the department's; the review status and opinion are the
office's. Amounts are Decimal 元 in code, integer 分 in SQLite.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from .. import authority
from ..clock import now_iso
from ..domain.accounts import Role
from ..domain.fields import Side
from ..domain.procurement import Procurement, ProcurementItem
from ..domain.records import ProcurementCase
from ..domain.stages import CaseStatus
from ..domain.text import shown
from ..errors import XxhError
from .changes import Area
from .owner import Owner, check_texts, checked, checked_note, from_date, from_yuan, plain, to_date, to_yuan

_TEXTS = ("applicant_unit", "reason", "handler", "handler_phone", "unit_leader", "unit_opinion", "dept_opinion")
_AMOUNTS = ("fund_budget", "fund_special", "fund_other")
_SELECT = (
    "SELECT p.*, u.name AS unit, "
    "(SELECT coalesce(sum(quantity * unit_price), 0) FROM procurement_items i "
    " WHERE i.procurement_id = p.id) AS total_fen, "
    "(SELECT group_concat(item || '×' || coalesce(quantity, ''), '；') FROM "
    " (SELECT item, quantity FROM procurement_items i WHERE i.procurement_id = p.id ORDER BY seq)) AS items_text "
    "FROM procurements p JOIN units u ON u.id = p.unit_id"
)


def _case(row: dict[str, Any]) -> ProcurementCase:
    return ProcurementCase(
        id=row["id"], number=row["number"] or "", unit=row["unit"], status=CaseStatus(row["status"]),
        applicant_unit=row["applicant_unit"], filled_on=to_date(row["filled_on"]),
        review_opinion=row["review_opinion"], reviewed_by=row["reviewed_by"],
        reviewed_on=to_date(row["reviewed_on"]), revision=row["revision"],
        created_at=row["created_at"], updated_at=row["updated_at"],
        total=to_yuan(row["total_fen"] or 0) or Decimal("0.00"), items_text=row["items_text"] or "",
        declaration_no=row["declaration_no"])


def _content_columns(proc: Procurement) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(proc, name) for name in _TEXTS}
    values.update({name: from_yuan(getattr(proc, name)) for name in _AMOUNTS})
    values["filled_on"] = from_date(proc.filled_on)
    return values


def _item_rows(items: tuple[ProcurementItem, ...]) -> list[dict[str, Any]]:
    return [{"seq": seq, "item": i.item, "spec": i.spec, "quantity": i.quantity,
             "unit_price": from_yuan(i.unit_price)} for seq, i in enumerate(items, start=1)]


class Procurements(Owner):
    seed_tables = ("procurements", "procurement_items")

    # ------------------------------------------------------------------ reading

    def find(self, key: str, *, trashed: bool = False) -> ProcurementCase | None:
        """A case by its number, UUID or (where only one case has it) 申报编号;
        `trashed=True` looks in the 回收站 instead."""
        where = "p.trashed_at IS NOT NULL" if trashed else "p.trashed_at IS NULL"
        row = self.database.first(f"{_SELECT} WHERE (p.number = ? OR p.id = ?) AND {where}", (key, key))
        if row is None:
            rows = self.database.rows(f"{_SELECT} WHERE p.declaration_no = ? AND {where} LIMIT 2", (key,))
            row = rows[0] if len(rows) == 1 else None
        return _case(row) if row else None

    def get(self, key: str) -> ProcurementCase:
        case = self.find(key)
        if case is None:
            raise XxhError(f"找不到采购申报「{shown(key, 40)}」。")
        return case

    def list(self, *, submitted_only: bool = False) -> list[ProcurementCase]:
        """Every case by number; `submitted_only` leaves out the units' drafts (the office's view)."""
        where = " WHERE p.trashed_at IS NULL" + (" AND p.status != '草稿'" if submitted_only else "")
        return [_case(r) for r in self.database.rows(f"{_SELECT}{where} ORDER BY p.number")]

    def trashed(self) -> list[tuple[ProcurementCase, str]]:
        """The cases in the 回收站 with when each was moved there, latest first."""
        return [(_case(r), r["trashed_at"]) for r in self.database.rows(
            f"{_SELECT} WHERE p.trashed_at IS NOT NULL ORDER BY p.trashed_at DESC, p.declaration_no")]

    def ids(self) -> set[str]:
        return {r["id"] for r in self.db["procurements"].rows_where(select="id")}

    def form(self, key: str) -> Procurement:
        """The case's 附件2 as filled in."""
        case = self.get(key)
        row = self.db["procurements"].get(case.id)
        items = tuple(ProcurementItem(i["item"], i["spec"], i["quantity"], to_yuan(i["unit_price"]))
                      for i in self.db["procurement_items"].rows_where(
                          "procurement_id = ?", [case.id], order_by="seq"))
        return Procurement(
            applicant_unit=row["applicant_unit"], filled_on=to_date(row["filled_on"]), items=items,
            reason=row["reason"], fund_budget=to_yuan(row["fund_budget"]),
            fund_special=to_yuan(row["fund_special"]), fund_other=to_yuan(row["fund_other"]),
            handler=row["handler"], handler_phone=row["handler_phone"], unit_leader=row["unit_leader"],
            unit_opinion=row["unit_opinion"], dept_opinion=row["dept_opinion"])

    def revision(self, case_id: str) -> tuple[int, str] | None:
        row = self.database.first("SELECT revision, updated_at FROM procurements WHERE id = ?", (case_id,))
        return (row["revision"], row["updated_at"]) if row else None

    def number_taken(self, number: str, *, other_than: str = "") -> str | None:
        row = self.database.first("SELECT id FROM procurements WHERE number = ? AND id != ?", (number, other_than))
        return row["id"] if row else None

    def next_declaration_no(self, unit_id: int, year: int) -> str:
        """The unit's next provisional 申报编号 of a 附件2 case: CGSB-2027-002."""
        prefix = f"CGSB-{year}-"
        n = self.database.scalar(
            "SELECT max(CAST(substr(declaration_no, ?) AS INTEGER)) FROM procurements "
            "WHERE unit_id = ? AND declaration_no LIKE ?", (len(prefix) + 1, unit_id, prefix + "%"))
        return f"{prefix}{(n or 0) + 1:03d}"

    def next_number(self, year: int, prefix: str | None = None) -> str:
        prefix = prefix or f"CG-{year}-"
        n = self.database.scalar(
            "SELECT max(CAST(substr(number, ?) AS INTEGER)) FROM procurements WHERE number LIKE ?",
            (len(prefix) + 1, prefix + "%"))
        return f"{prefix}{(n or 0) + 1:03d}"

    # ------------------------------------------------------------------ writing

    def create(self, unit: str, *, number: str | None = None, declaration_no: str | None = None,
               case_id: str | None = None, year: int | None = None, created_at: str | None = None) -> str:
        """A new 附件2 case (草稿) of `unit`; 第五条第二款: the unit itself files it."""
        actor = self.actor
        if not actor.seed and actor.side == Side.OFFICE:
            raise authority.NotPermitted(
                "第五条第二款：办公电脑采购由项目建设单位申报，县智慧办不能代为新建；申报会随其交换文件（.xxh）送达。")
        authority.require_unit(actor, unit.strip())
        authority.require_role(actor, Role.ENTRY, "新建采购申报")
        if number:
            checked("procurement.number", number)
        if declaration_no:
            checked_note("申报编号", declaration_no, multiline=False)
        cid = case_id or str(uuid.uuid4())
        stamp = now_iso()
        with self.database.transaction():
            unit_id = self.ws.units.ensure(unit)
            year = year or date.today().year
            if actor.side == Side.UNIT:   # the office allots the number on receipt (第四条)
                number = None
                declaration_no = declaration_no or self.next_declaration_no(unit_id, year)
            else:
                number = number or self.next_number(year)
            self.db["procurements"].insert({
                "id": cid, "number": number, "declaration_no": declaration_no or "", "unit_id": unit_id,
                "applicant_unit": unit.strip(),
                "created_at": created_at or stamp, "updated_at": stamp,
            })
            self.database.note(Area.PROCUREMENT, procurement=cid)
            self.ws.audit_log.append("新建采购申报", number or declaration_no or cid)
        return cid

    def save(self, key: str, proc: Procurement, *, status: CaseStatus | None = None) -> int:
        """Store the case's 附件2 (and, on submission, its status); returns the new revision."""
        with self.database.transaction():
            case = self.get(key)
            before = self.db["procurements"].get(case.id)
            values = _content_columns(proc)
            changed = [f"procurement.{k}" for k, v in values.items() if before.get(k) != v]
            old_items = [{k: r[k] for k in ("seq", "item", "spec", "quantity", "unit_price")}
                         for r in self.db["procurement_items"].rows_where(
                             "procurement_id = ?", [case.id], order_by="seq")]
            new_items = _item_rows(proc.items)
            if old_items != new_items:
                changed.append("item.item")
            if status is not None and status != case.status:
                self._require_status_move(case, status)
                values["status"] = status.value
            authority.require_fields(self.actor, changed, case.unit)
            check_texts("procurement", {name: values[name] for name in _TEXTS})
            for row in new_items:
                check_texts("item", row)
            revision = case.revision + 1
            self.db["procurements"].update(case.id, {**values, "revision": revision, "updated_at": now_iso()})
            if old_items != new_items:
                self.db["procurement_items"].delete_where("procurement_id = ?", [case.id])
                if new_items:
                    self.db["procurement_items"].insert_all(
                        [{"procurement_id": case.id, **row} for row in new_items])
            self.database.note(Area.PROCUREMENT, procurement=case.id)
            self.ws.audit_log.append("保存采购申报", case.number, after={"revision": revision})
        return revision

    def review(self, key: str, status: CaseStatus, *, opinion: str | None = None, reviewed_by: str = "",
               reviewed_on: date | None = None) -> None:
        """The office's review step (第五条第二款): a status, and with a decision the written opinion."""
        with self.database.transaction():
            case = self.get(key)
            self._require_status_move(case, status)
            values: dict[str, Any] = {"status": status.value}
            if opinion is not None:
                values.update(review_opinion=opinion, reviewed_by=reviewed_by, reviewed_on=from_date(reviewed_on))
            authority.require_fields(self.actor, [f"procurement.{k}" for k in values], case.unit)
            check_texts("procurement", values)
            before = {k: plain(getattr(case, k)) for k in values}
            self.db["procurements"].update(case.id, {**values, "revision": case.revision + 1,
                                                     "updated_at": now_iso()})
            self.database.note(Area.PROCUREMENT, procurement=case.id)
            self.ws.audit_log.append("采购申报审核", case.number or case.id,
                                     before=before, after=values)

    def _require_status_move(self, case: ProcurementCase, status: CaseStatus) -> None:
        """草稿/退回修改 → 已申报 is the unit's submission; every other status is the office's review."""
        submission = status == CaseStatus.DECLARED
        owner = Side.UNIT if submission else Side.OFFICE
        what = "采购申报的提交" if submission else "采购申报的审核"
        authority.require_side(self.actor, owner, what, "第五条第二款", Role.ENTRY if submission else Role.REVIEW)
        authority.require_unit(self.actor, case.unit)

    def set_trashed(self, case_id: str, trashed_at: str | None) -> None:
        """Move the case into the 回收站 (a time) or back out of it (None); `recycle.py` judges and audits."""
        with self.database.transaction():
            self.db["procurements"].update(case_id, {"trashed_at": trashed_at})
            self.database.note(Area.PROCUREMENT, procurement=case_id)

    def purge(self, case_id: str) -> None:
        """Delete a case in the 回收站 for good, its item rows with it (ON DELETE CASCADE)."""
        with self.database.transaction():
            if self.find(case_id, trashed=True) is None:
                raise XxhError("只能永久删除回收站中的采购申报。")
            self.db["procurements"].delete_where("id = ? AND trashed_at IS NOT NULL", [case_id])
            self.database.note(Area.PROCUREMENT, procurement=case_id)

    def renumber(self, case_id: str, number: str) -> None:
        with self.database.transaction():
            case = self.get(case_id)
            authority.require_fields(self.actor, ["procurement.number"], case.unit)
            checked("procurement.number", number)
            self.db["procurements"].update(case.id, {"number": number, "revision": case.revision + 1})
            self.database.note(Area.PROCUREMENT, procurement=case.id)
            self.ws.audit_log.append("改编号", number, before={"number": case.number}, after={"number": number})
