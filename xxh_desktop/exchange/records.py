"""What a project or a procurement case carries in a package, and how it is read and written.

A record travels whole: the project with its 附件1, materials (named by SM3),
stage history, checklist answers, opinion, rectifications, adjustments and
existing assets; a procurement case with its item rows. For comparison a
record is *flattened* into fields ("project.stage", "materials.项目概算",
"checklist.security", ...), each owned by one side (the field catalogue;
`parts.py` splits a record into the two sides' parts). Stage history is never
a choice: both sides' entries are kept (a move is kept forever, PRODUCT.md §4).

The columns below are the format (docs/xxh-format.md); a column added to the
database later travels only once it is added here and the format version rises.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..amounts import fen_to_yuan, format_wan, format_yuan, wan_to_yuan, yuan_to_fen, yuan_to_wan
from ..domain import fields
from ..domain.fields import Kind, Side
from ..domain.materials import ALL_KINDS
from ..domain.review_items import ITEMS

if TYPE_CHECKING:
    from ..workspace import Workspace

# Column types: s text, s? text or null, i integer, i? integer or null,
# b 0/1, d? date or null (YYYY-MM-DD), m? month or null (YYYY-MM), t timestamp text.
PROJECT_COLUMNS: dict[str, str] = {
    "number": "s?", "declaration_no": "s", "name": "s", "year": "year", "stage": "stage", "side_state": "side?",
    "supply_list": "s", "is_existing_system": "b", "responsible_person": "s",
    "approval_date": "d?", "approval_doc_no": "s", "plan_year": "year?", "temp_approval_date": "d?",
    "temp_approval_doc_no": "s", "procurement_method": "s", "procurement_date": "d?", "supplier": "s",
    "contract_amount": "amt?", "contract_date": "d?", "supervisor_unit": "s", "tester_unit": "s",
    "initial_acceptance_date": "d?", "initial_acceptance_result": "s?", "final_acceptance_date": "d?",
    "self_eval_office_date": "d?", "self_eval_finance_date": "d?", "operation_started_on": "d?",
    "classified": "b", "classified_note": "s", "consulted_units": "s", "consulted_on": "d?",
    "security_assessed_on": "d?", "cloud_migration": "s", "cloud_migration_due": "d?",
}
DECLARATION_COLUMNS: dict[str, str] = {
    "status": "s", "applicant_unit": "s", "declared_on": "d?", "leader": "s", "contact": "s",
    "phone": "s", "email": "s", "project_name": "s", "start_month": "m?", "end_month": "m?",
    "investment": "amt?", "fund_fiscal": "amt?", "fund_self": "amt?", "fund_bank": "amt?", "fund_other": "amt?",
    "content": "s", "dept_opinion": "s",
}
MATERIAL_COLUMNS: dict[str, str] = {
    "filename": "s", "sm3": "sm3?", "waived_reason": "s", "added_at": "t", "added_by": "s",
}
CHECKLIST_COLUMNS: dict[str, str] = {"answer": "answer", "comment": "s", "by": "s", "at": "t", "accepted_reason": "s"}
OPINION_COLUMNS: dict[str, str] = {"conclusion": "conclusion", "text": "s", "by": "s", "issued_on": "d"}
HISTORY_COLUMNS: dict[str, str] = {
    "from_stage": "stage?", "to_stage": "stage", "side_state": "side?", "on_date": "d", "at": "t", "by": "s",
    "reason": "s", "event": "s",
}
LIST_TABLES: dict[str, dict[str, str]] = {   # child rows compared as a whole list
    "rectifications": {"issued_on": "d", "findings": "s", "deadline": "d", "closed_on": "d?", "result": "s"},
    "adjustments": {"kind": "s", "content": "s", "new_investment": "amt?", "requested_on": "d",
                    "county_approved_on": "d?", "office_filed_on": "d?"},
    "existing_assets": {"category": "s", "name": "s", "quantity": "qty?", "purchased_on": "d?",
                        "warranty_until": "d?", "usage": "s"},
}
PROCUREMENT_COLUMNS: dict[str, str] = {
    "number": "s?", "declaration_no": "s", "status": "case", "applicant_unit": "s", "filled_on": "d?", "reason": "s",
    "fund_budget": "amt?", "fund_special": "amt?", "fund_other": "amt?", "handler": "s", "handler_phone": "s",
    "unit_leader": "s", "unit_opinion": "s", "dept_opinion": "s", "review_opinion": "s",
    "reviewed_by": "s", "reviewed_on": "d?",
}
ITEM_COLUMNS: dict[str, str] = {"seq": "i", "item": "s", "spec": "s", "quantity": "qty?", "unit_price": "amt?"}

SECTION_LABELS = {
    "project": "项目", "declaration": "申报表", "materials": "材料", "checklist": "审核要点",
    "opinion": "书面审核意见", "rectifications": "整改记录", "adjustments": "项目调整申请",
    "existing_assets": "现有软硬件资源", "procurement": "采购申报", "items": "采购明细",
    "stage_history": "阶段记录", "history": "阶段记录", "created_at": "建立时间", "versions": "版本记录",
    "material_acceptances": "县智慧办同意暂缺",
}
# Keys of a side's part (parts.py) that are not fields of the catalogue.
PART_LABELS = {
    "adjustments.requests": "项目调整申请·调整类别、内容、调整后投资额及申请日期",
    "adjustments.decisions": "项目调整申请·县政府批准调整日期及县智慧办备案日期",
    "materials.filename": "材料·文件名", "materials.waived_reason": "材料·暂缺原因",
    "materials.added_at": "材料·添加时间", "materials.added_by": "材料·添加人",
    "project.declaration_no": "项目·申报编号", "procurement.declaration_no": "采购申报·申报编号",
}
# The article that gives a part's key to its owner, where the catalogue names no single field.
PART_ARTICLES = {
    "history": "第九条、第十条", "rectifications": "第二十条", "adjustments.requests": "第十五条",
    "adjustments.decisions": "第十五条", "existing_assets": "第八条第二款", "items": "第五条第二款",
}

KIND_PROJECT = "project"
KIND_PROCUREMENT = "procurement"


# ---------------------------------------------------------------------- reading the database


def _wire(value: Any) -> Any:
    """A typed value as the format writes it (dates ISO, stages by name)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


def _month(d: date | None) -> str | None:
    return d.strftime("%Y-%m") if d else None


def _yuan(wan: Decimal | None) -> int | None:
    """万元 as the format's integer 元."""
    return None if wan is None else wan_to_yuan(wan)


def _fen(yuan: Decimal | None) -> int | None:
    """元 as the format's integer 分."""
    return None if yuan is None else yuan_to_fen(yuan)


def collect_project(ws: Workspace, project_id: str) -> dict[str, Any]:
    """A project with all its parts, as the format carries it (read through the owners)."""
    p = ws.projects.get(project_id)
    d = ws.declarations.get(p.id)
    project = {col: _wire(getattr(p, col)) for col in PROJECT_COLUMNS}
    project.update(number=p.number or None, contract_amount=_yuan(p.contract_amount),
                   initial_acceptance_result=p.initial_acceptance_result or None)
    declaration = {col: _wire(getattr(d, col)) for col in DECLARATION_COLUMNS if col != "status"}
    declaration.update(status=ws.declarations.status(p.id), start_month=_month(d.start_month),
                       end_month=_month(d.end_month),
                       **{c: _yuan(getattr(d, c)) for c in ("investment", "fund_fiscal", "fund_self",
                                                           "fund_bank", "fund_other")})
    opinion = ws.opinions.get(p.id)
    record: dict[str, Any] = {
        "id": p.id, "created_at": p.created_at, "unit": p.unit, "project": project, "declaration": declaration,
        "materials": {m.kind: {"filename": m.filename, "sm3": m.sm3, "waived_reason": m.waived_reason,
                               "added_at": m.added_at, "added_by": m.added_by} for m in ws.materials.list(p.id)},
        # 第八条: the office's acceptance of a 暂缺 material is the office's, beside the unit's material.
        "material_acceptances": {m.kind: m.accepted_reason for m in ws.materials.list(p.id) if m.accepted_reason},
        "checklist": {k: {"answer": a.answer, "comment": a.comment, "by": a.by, "at": a.at,
                          "accepted_reason": a.accepted_reason}
                      for k, a in sorted(ws.checklist.of(p.id).items())},
        "opinion": ({"conclusion": opinion.conclusion, "text": opinion.text, "by": opinion.by,
                     "issued_on": opinion.issued_on.isoformat()} if opinion else None),
        "stage_history": [{col: _wire(getattr(h, col)) for col in HISTORY_COLUMNS} for h in ws.history.list(p.id)],
        "rectifications": [{col: _wire(getattr(r, col)) for col in LIST_TABLES["rectifications"]}
                           for r in ws.rectifications.of(p.id)],
        "adjustments": [{**{col: _wire(getattr(a, col)) for col in LIST_TABLES["adjustments"]},
                         "new_investment": _yuan(a.new_investment)} for a in ws.adjustments.of(p.id)],
        "existing_assets": [{col: _wire(getattr(a, col)) for col in LIST_TABLES["existing_assets"]}
                            for a in ws.assets.of(p.id)],
    }
    return record


def collect_procurement(ws: Workspace, procurement_id: str) -> dict[str, Any]:
    case = ws.procurements.get(procurement_id)
    form = ws.procurements.form(case.id)
    body = {col: _wire(getattr(form, col, getattr(case, col, None))) for col in PROCUREMENT_COLUMNS}
    body.update(number=case.number or None, declaration_no=case.declaration_no, status=case.status.value,
                review_opinion=case.review_opinion,
                reviewed_by=case.reviewed_by, reviewed_on=_wire(case.reviewed_on),
                **{c: _fen(getattr(form, c)) for c in ("fund_budget", "fund_special", "fund_other")})
    return {
        "id": case.id, "created_at": case.created_at, "unit": case.unit, "procurement": body,
        "items": [{"seq": n, "item": i.item, "spec": i.spec, "quantity": i.quantity,
                   "unit_price": _fen(i.unit_price)} for n, i in enumerate(form.items, start=1)],
    }


def attachments_of(record: dict[str, Any]) -> set[str]:
    return {m["sm3"] for m in (record.get("materials") or {}).values() if m.get("sm3")}


# ---------------------------------------------------------------------- flat fields


def flatten(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """Field key -> value; a key absent on one side compares as None."""
    flat: dict[str, Any] = {}
    if kind == KIND_PROJECT:   # in the order of the form, so the preview reads like it
        flat["project.unit"] = record["unit"]
        for col in PROJECT_COLUMNS:
            flat[f"project.{col}"] = record["project"].get(col)
        if record["declaration"] is not None:
            for col in DECLARATION_COLUMNS:
                flat[f"declaration.{col}"] = record["declaration"].get(col)
        for mkind in sorted(record["materials"], key=_kind_order):
            flat[f"materials.{mkind}"] = record["materials"][mkind]
        for mkind in sorted(record["material_acceptances"], key=_kind_order):
            flat[f"material_acceptances.{mkind}"] = record["material_acceptances"][mkind]
        for key in sorted(record["checklist"], key=_item_order):
            flat[f"checklist.{key}"] = record["checklist"][key]
        flat["opinion"] = record["opinion"]
        for table in LIST_TABLES:
            flat[table] = record[table]
    else:
        flat["procurement.unit"] = record["unit"]
        for col in PROCUREMENT_COLUMNS:
            flat[f"procurement.{col}"] = record["procurement"].get(col)
        flat["items"] = record["items"]
    return flat


def _kind_order(kind: str) -> tuple[int, str]:
    return (ALL_KINDS.index(kind) if kind in ALL_KINDS else len(ALL_KINDS), kind)


_ITEM_KEYS = [item.key for item in ITEMS]


def _item_order(key: str) -> tuple[int, str]:
    return (_ITEM_KEYS.index(key) if key in _ITEM_KEYS else len(_ITEM_KEYS), key)


def unflatten(kind: str, flat: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """A record from flat fields plus `meta` (id, created_at, stage_history)."""
    record: dict[str, Any] = dict(meta)
    if kind == KIND_PROJECT:
        record["unit"] = flat["project.unit"]
        record["project"] = {col: flat.get(f"project.{col}") for col in PROJECT_COLUMNS}
        decl = {col: flat.get(f"declaration.{col}") for col in DECLARATION_COLUMNS}
        record["declaration"] = decl if any(f"declaration.{c}" in flat for c in DECLARATION_COLUMNS) else None
        record["materials"] = {k.split(".", 1)[1]: v for k, v in flat.items()
                               if k.startswith("materials.") and v is not None}
        record["material_acceptances"] = {k.split(".", 1)[1]: v for k, v in flat.items()
                                          if k.startswith("material_acceptances.") and v}
        record["checklist"] = {k.split(".", 1)[1]: v for k, v in flat.items()
                               if k.startswith("checklist.") and v is not None}
        record["opinion"] = flat.get("opinion")
        for table in LIST_TABLES:
            record[table] = flat.get(table) or []
    else:
        record["unit"] = flat["procurement.unit"]
        record["procurement"] = {col: flat.get(f"procurement.{col}") for col in PROCUREMENT_COLUMNS}
        record["items"] = flat.get("items") or []
    return record


def history_key(entry: dict[str, Any]) -> tuple[str, ...]:
    return tuple("" if entry.get(c) is None else str(entry.get(c)) for c in HISTORY_COLUMNS)


def merged_history(*sides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Both sides' stage history, each move once, in the order it was recorded."""
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    for side in sides:
        for entry in side:
            seen.setdefault(history_key(entry), entry)
    return sorted(seen.values(), key=lambda e: (str(e.get("at")), str(e.get("on_date"))))


@lru_cache(maxsize=4096)   # keys come from files too: bounded
def catalogue_key(key: str) -> str | None:
    """The field catalogue's key for a flat field key (None for a whole list or the opinion)."""
    section, _, rest = key.partition(".")
    if not rest:
        return "opinion.conclusion" if section == "opinion" else None
    if section == "items":
        return "item." + rest
    if section == "material_acceptances":
        return "material.accepted_reason"
    if section == "procurement" and rest == "unit":
        return "project.unit"
    return key if key in fields.FIELDS else None


@lru_cache(maxsize=4096)   # keys come from files too: bounded
def owner(key: str) -> Side | None:
    """The side that owns a flat field (None where the catalogue names none: a list of both sides')."""
    if key in ("rectifications",):
        return Side.OFFICE
    if key in ("existing_assets", "items"):
        return Side.UNIT
    ck = catalogue_key(key)
    return fields.owner(ck) if ck else None


def owned_label(key: str) -> str:
    """A key with the article that gives it to its owner: 项目·批准文号（第十条）."""
    ck = catalogue_key(key)
    article = fields.field(ck).article if ck else PART_ARTICLES.get(key, "")
    return f"{label(key)}（{article}）" if article else label(key)


def label(key: str) -> str:
    """A field key in the clerk's words: 申报表·投资额（万元）, 审核要点·技术可行 …"""
    if key in PART_LABELS:
        return PART_LABELS[key]
    section, _, rest = key.partition(".")
    head = SECTION_LABELS.get(section, section)
    if not rest:
        return head
    if section == "material_acceptances":   # one entry per material: named by the material
        return f"{head}·{rest}"
    ck = catalogue_key(key)
    if ck is None:
        return f"{head}·{rest}"
    return f"{head}·{fields.field(ck).title_with_unit}"


def display_field(key: str, value: Any) -> str:
    """A field's value for the preview: 是/否 for flags, amounts in the form's unit, with separators."""
    ck = catalogue_key(key)
    kind = fields.field(ck).kind if ck else None
    if kind == Kind.FLAG and value in (0, 1):
        return "是" if value else "否"
    if kind == Kind.WAN and isinstance(value, int) and not isinstance(value, bool):
        return format_wan(yuan_to_wan(value))
    if kind == Kind.YUAN and isinstance(value, int) and not isinstance(value, bool):
        return format_yuan(fen_to_yuan(value))
    return display(value)


def display(value: Any) -> str:
    """A value as one short line of text for the preview."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, dict):
        if "sm3" in value and "filename" in value:
            if value.get("sm3"):
                return f"{value['filename']}（SM3 {value['sm3'][:8]}…）"
            return f"暂缺：{value.get('waived_reason', '')}"
        if "answer" in value:
            return value["answer"] + (f"：{value['comment']}" if value.get("comment") else "")
        if "conclusion" in value:
            return f"{value['conclusion']}（{value.get('issued_on', '')}）：{value.get('text', '')}"
        return "；".join(f"{column_label(k)} {display(v)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "（无）"
        return f"{len(value)} 条：" + " | ".join(
            "，".join(str(v) for v in row.values() if v not in (None, "")) for row in value[:5]
        ) + (" …" if len(value) > 5 else "")
    return str(value)


def column_label(column: str) -> str:
    """A column in the clerk's words (整改期限, 调整内容, 品种 …); the column itself when unknown."""
    for record in ("rectification", "adjustment", "asset", "project", "declaration", "procurement"):
        key = f"{record}.{column}"
        if key in fields.FIELDS:
            return fields.field(key).title
    return column
