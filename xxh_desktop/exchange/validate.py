"""The same validation as the forms, for every record a package brings (docs/xxh-format.md §5).

The JSON Schema has checked shapes and enumerations; here each value is held
to what the editors and the owners allow: real dates within the catalogue's
window, amounts and counts within their limits, text without control or
direction characters and within its length, material file names that are
data and never paths, and the forms' own rules (a submitted 附件1 or 附件2
must be complete). One bad value refuses the whole package, naming the record
and the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..amounts import fen_to_yuan, yuan_to_wan
from ..domain import fields
from ..domain.declaration import Declaration
from ..domain.filenames import filename_problem
from ..domain.materials import declaration_kinds
from ..domain.procurement import Procurement, ProcurementItem
from ..domain.stages import Stage
from ..domain.text import shown, text_problem
from ..domain.validation import content_length, fact_issue, is_incomplete, validate_declaration, validate_procurement
from ..storage.owner import NOTE_LIMIT
from .limits import Refused
from .manifest import real_timestamp
from .records import (
    DECLARATION_COLUMNS, HISTORY_COLUMNS, ITEM_COLUMNS, LIST_TABLES, MATERIAL_COLUMNS,
    PROCUREMENT_COLUMNS, PROJECT_COLUMNS, label,
)

# Free text outside the catalogue that may hold line breaks (a move's reason, why a material is missing).
_MULTILINE = frozenset({"reason", "waived_reason"})


def check_data(data: dict[str, Any]) -> None:
    """Refuse the package when any record holds a value the forms would not (`Refused`, in Chinese)."""
    for n, record in enumerate(data["projects"], start=1):
        _check_project(record, f"第 {n} 个项目（{_name(record, 'project')}）")
    for n, record in enumerate(data["procurements"], start=1):
        _check_procurement(record, f"第 {n} 个采购申报（{_name(record, 'procurement')}）")
    for attachment in data["attachments"]:
        if attachment["filename"] and (problem := filename_problem(attachment["filename"])):
            raise Refused(f"附件「{shown(attachment['filename'], 40)}」的文件名不可用：{problem}")


def _name(record: dict[str, Any], body: str) -> str:
    b = record.get(body) or {}
    return shown(str(b.get("number") or b.get("declaration_no") or record.get("id") or "无编号"), 40)


def _refuse(where: str, key: str, why: str) -> None:
    raise Refused(f"{where}的字段「{label(key)}」{why}")


def _check_values(where: str, section: str, row: dict[str, Any], columns: dict[str, str]) -> None:
    """Every value of one row: dates real and in the window, integers in range, text clean and short enough."""
    for col, token in columns.items():
        value = row.get(col)
        key = f"{section}.{col}"
        if value is None:
            continue
        base = token.rstrip("?")
        if base in ("d", "m"):
            try:
                day = date.fromisoformat(value if base == "d" else value + "-01")
            except ValueError:
                _refuse(where, key, f"不是有效的日期（{shown(str(value), 20)}）")
            if not fields.EARLIEST_DATE <= day <= fields.LATEST_DATE:
                _refuse(where, key, f"超出合理的日期范围（{value}）")
        elif base == "t" and not real_timestamp(value):
            _refuse(where, key, f"不是有效的时间（{shown(str(value), 30)}）")
        elif base == "amt" and (catalogued := _catalogue(section, col)) in fields.FIELDS:
            # The catalogue's limit in the field's unit: 万元 travel as integer 元, 元 as integer 分.
            wan = fields.field(catalogued).kind == fields.Kind.WAN
            if (problem := fact_issue(catalogued, yuan_to_wan(value) if wan else fen_to_yuan(value))) is not None:
                _refuse(where, key, problem)
        elif base == "s" and isinstance(value, str):
            catalogued = _catalogue(section, col)
            if catalogued in fields.FIELDS:
                # The owner's own rule (`storage.owner.checked`): what passes here is never refused at the write.
                if (problem := fact_issue(catalogued, value)) is not None:
                    _refuse(where, key, problem)
            else:
                if (problem := text_problem(value, multiline=col in _MULTILINE)) is not None:
                    _refuse(where, key, problem)
                if (n := content_length(value)) > NOTE_LIMIT:   # as `storage.owner.checked_note`
                    _refuse(where, key, f"过长（{n} 个字，最多 {NOTE_LIMIT} 个）")


def _catalogue(section: str, col: str) -> str:
    return {"items": "item", "rectifications": "rectification", "adjustments": "adjustment",
            "existing_assets": "asset"}.get(section, section) + "." + col


def _check_created(record: dict[str, Any], where: str) -> None:
    if not real_timestamp(record["created_at"]):
        raise Refused(f"{where}的建立时间不是有效的时间（{shown(record['created_at'], 30)}）")


def _check_stage(record: dict[str, Any], where: str) -> None:
    """The stage a record claims is where its history's moves lead (PRODUCT.md §4: a stage changes only
    by a move, and every move is kept); a history starts at 草稿."""
    moves = []
    for entry in record["stage_history"]:
        if entry["from_stage"] is None and entry["to_stage"] != Stage.DRAFT.value:
            _refuse(where, "stage_history", f"中有一条没有起点的记录「→ {entry['to_stage']}」；只有新建（→ 草稿）没有起点")
        if entry["from_stage"] is not None and entry["from_stage"] != entry["to_stage"]:
            moves.append(entry["to_stage"])
    reached = moves[-1] if moves else Stage.DRAFT.value
    if record["project"]["stage"] != reached:
        _refuse(where, "project.stage", f"「{record['project']['stage']}」与阶段记录不符：阶段记录止于「{reached}」")


def _check_project(record: dict[str, Any], where: str) -> None:
    body = record["project"]
    _check_created(record, where)
    _check_stage(record, where)
    _check_values(where, "project", body, PROJECT_COLUMNS)
    for col in ("year", "plan_year"):
        if body.get(col) is not None and not 2000 <= body[col] <= 2100:
            _refuse(where, f"project.{col}", f"不是合理的年份（{body[col]}）")
    if body.get("contract_amount") is not None and body["contract_amount"] < 0:
        _refuse(where, "project.contract_amount", "不能为负数")
    decl = record["declaration"]
    if decl is not None:
        _check_values(where, "declaration", decl, DECLARATION_COLUMNS)
        form = _declaration(decl, bool(body["is_existing_system"]))
        problems = validate_declaration(form)
        if decl["status"] != "已申报":   # a draft may be incomplete, never malformed
            problems = [p for p in problems if not is_incomplete(p)]
        if problems:
            p = problems[0]
            _refuse(where, f"declaration.{p.field}" if p.field != "funds" else "declaration.investment",
                    f"不符合附件1的要求：{p.message.rstrip('。')}")
    for kind, material in record["materials"].items():
        _check_values(where, "materials", material, MATERIAL_COLUMNS)
        if (material["sm3"] or material["filename"]) and (problem := filename_problem(material["filename"])):
            _refuse(where, f"materials.{kind}", f"的文件名「{shown(material['filename'], 40)}」不可用：{problem}")
    for key, answer in record["checklist"].items():
        if key not in {f.name for f in fields.of_record("checklist")}:
            _refuse(where, f"checklist.{key}", "不是审核清单中的一项")
        _check_values(where, "checklist", answer, {"comment": "s", "by": "s", "at": "t", "accepted_reason": "s"})
    for kind, reason in record["material_acceptances"].items():
        material = record["materials"].get(kind)
        if material is None or material["sm3"]:   # 第八条: only the absence of a material is accepted
            _refuse(where, f"material_acceptances.{kind}", "只能用于标记暂缺的材料")
        if (problem := text_problem(reason, multiline=True)) is not None:
            _refuse(where, f"material_acceptances.{kind}", problem)
        if (n := content_length(reason)) > fields.field("material.accepted_reason").max_length:
            _refuse(where, f"material_acceptances.{kind}", f"过长（{n} 个字）")
    if record["opinion"] is not None:
        _check_values(where, "opinion", record["opinion"], {"text": "s", "by": "s", "issued_on": "d"})
    for entry in record["stage_history"]:
        _check_values(where, "stage_history", entry, HISTORY_COLUMNS)
    for table, columns in LIST_TABLES.items():
        for row in record[table]:
            _check_values(where, table, row, columns)
    for row in record["existing_assets"]:
        if row.get("quantity") is not None and row["quantity"] < 0:
            _refuse(where, "existing_assets", "的数量不能为负数")


def declaration_gate(record: dict[str, Any]) -> list[str]:
    """What keeps a project record from being declared (草稿 → 已申报), as the lifecycle's gate asks it
    (`submission.declaration_problems`): 附件1 complete and valid, each 第八条 material attached or 暂缺."""
    existing = bool(record["project"]["is_existing_system"])
    decl = record["declaration"]
    if decl is None:
        return ["第五条：没有申报表（附件1）"]
    problems = [p.message if p.message.startswith("第") else f"第五条：申报表（附件1）{p.message}"
                for p in validate_declaration(_declaration(decl, existing))]
    have = {kind for kind, m in record["materials"].items() if m["sm3"] or m["waived_reason"].strip()}
    return problems + [f"第八条：缺少申报材料「{kind}」（未附文件，也未标记暂缺）"
                       for kind in declaration_kinds(existing) if kind not in have]


def _check_procurement(record: dict[str, Any], where: str) -> None:
    body = record["procurement"]
    _check_created(record, where)
    _check_values(where, "procurement", body, PROCUREMENT_COLUMNS)
    for row in record["items"]:
        _check_values(where, "items", row, ITEM_COLUMNS)
    form = Procurement(
        applicant_unit=body["applicant_unit"], filled_on=_day(body["filled_on"]),
        items=tuple(ProcurementItem(i["item"], i["spec"], i["quantity"],
                                    None if i["unit_price"] is None else fen_to_yuan(i["unit_price"]))
                    for i in sorted(record["items"], key=lambda i: i["seq"])),
        reason=body["reason"], fund_budget=_yuan(body["fund_budget"]), fund_special=_yuan(body["fund_special"]),
        fund_other=_yuan(body["fund_other"]), handler=body["handler"], handler_phone=body["handler_phone"],
        unit_leader=body["unit_leader"], unit_opinion=body["unit_opinion"], dept_opinion=body["dept_opinion"])
    problems = validate_procurement(form)
    if body["status"] == "草稿":
        problems = [p for p in problems if not is_incomplete(p)]
    if problems:
        p = problems[0]
        field = p.field.split(".")[-1] if p.field.startswith("items[") else p.field
        section = "items" if p.field.startswith("items[") else "procurement"
        _refuse(where, f"{section}.{field}" if field != "funds" else "procurement.fund_budget",
                f"不符合附件2的要求：{p.message.rstrip('。')}")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _wan(yuan: int | None) -> Decimal | None:
    return None if yuan is None else yuan_to_wan(yuan)


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)


def _declaration(body: dict[str, Any], existing: bool) -> Declaration:
    return Declaration(
        applicant_unit=body["applicant_unit"], declared_on=_day(body["declared_on"]), leader=body["leader"],
        contact=body["contact"], phone=body["phone"], email=body["email"], project_name=body["project_name"],
        start_month=_day(body["start_month"] + "-01") if body["start_month"] else None,
        end_month=_day(body["end_month"] + "-01") if body["end_month"] else None,
        investment=_wan(body["investment"]), fund_fiscal=_wan(body["fund_fiscal"]),
        fund_self=_wan(body["fund_self"]), fund_bank=_wan(body["fund_bank"]), fund_other=_wan(body["fund_other"]),
        content=body["content"], dept_opinion=body["dept_opinion"], is_existing_system=existing)
