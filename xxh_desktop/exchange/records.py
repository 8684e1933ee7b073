"""What a project or a procurement case carries in a package, and how it is read and written.

A record travels whole: the project with its 附件1, materials (named by SM3),
stage history, checklist answers, opinion, rectifications, adjustments and
existing assets; a procurement case with its item rows. For comparison a
record is *flattened* into fields ("project.stage", "materials.项目概算",
"checklist.security", ...), each of which the clerk can take from either side.
Stage history is never a choice: both sides' entries are kept (a move is kept
forever, PRODUCT.md §4).

The columns below are the format (docs/xxh-format.md); a column added to the
database later travels only once it is added here and the format version rises.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..amounts import fen_to_yuan
from ..checklist import ITEMS
from ..domain.materials import ALL_KINDS
from ..hashing import sm3_hex

if TYPE_CHECKING:
    from ..workspace import Workspace

# Column types: s text, s? text or null, i integer, i? integer or null,
# b 0/1, d? date or null (YYYY-MM-DD), m? month or null (YYYY-MM), t timestamp text.
PROJECT_COLUMNS: dict[str, str] = {
    "number": "s?", "name": "s", "year": "i", "stage": "stage", "side_state": "side?",
    "supply_list": "s", "is_existing_system": "b", "responsible_person": "s",
    "approval_date": "d?", "approval_doc_no": "s", "plan_year": "i?", "temp_approval_date": "d?",
    "temp_approval_doc_no": "s", "procurement_method": "s", "procurement_date": "d?", "supplier": "s",
    "contract_amount": "i?", "contract_date": "d?", "supervisor_unit": "s", "tester_unit": "s",
    "initial_acceptance_date": "d?", "initial_acceptance_result": "s?", "final_acceptance_date": "d?",
    "self_eval_office_date": "d?", "self_eval_finance_date": "d?",
}
DECLARATION_COLUMNS: dict[str, str] = {
    "status": "s", "applicant_unit": "s", "declared_on": "d?", "leader": "s", "contact": "s",
    "phone": "s", "email": "s", "project_name": "s", "start_month": "m?", "end_month": "m?",
    "investment": "i?", "fund_fiscal": "i?", "fund_self": "i?", "fund_bank": "i?", "fund_other": "i?",
    "content": "s", "dept_opinion": "s",
}
MATERIAL_COLUMNS: dict[str, str] = {
    "filename": "s", "sm3": "sm3?", "waived_reason": "s", "added_at": "t", "added_by": "s",
}
CHECKLIST_COLUMNS: dict[str, str] = {"answer": "answer", "comment": "s", "by": "s", "at": "t"}
OPINION_COLUMNS: dict[str, str] = {"conclusion": "conclusion", "text": "s", "by": "s", "issued_on": "d"}
HISTORY_COLUMNS: dict[str, str] = {
    "from_stage": "s?", "to_stage": "s", "side_state": "s?", "on_date": "d", "at": "t", "by": "s",
    "reason": "s", "event": "s",
}
LIST_TABLES: dict[str, dict[str, str]] = {   # child rows compared as a whole list
    "rectifications": {"issued_on": "d", "findings": "s", "deadline": "d", "closed_on": "d?", "result": "s"},
    "adjustments": {"content": "s", "requested_on": "d", "county_approved_on": "d?", "office_filed_on": "d?"},
    "existing_assets": {"category": "s", "name": "s", "quantity": "i?", "purchased_on": "d?",
                        "warranty_until": "d?", "usage": "s"},
}
PROCUREMENT_COLUMNS: dict[str, str] = {
    "number": "s?", "status": "s", "applicant_unit": "s", "filled_on": "d?", "reason": "s",
    "fund_budget": "i?", "fund_special": "i?", "fund_other": "i?", "handler": "s", "handler_phone": "s",
    "unit_leader": "s", "unit_opinion": "s", "dept_opinion": "s", "review_opinion": "s",
    "reviewed_by": "s", "reviewed_on": "d?",
}
ITEM_COLUMNS: dict[str, str] = {"seq": "i", "item": "s", "spec": "s", "quantity": "i?", "unit_price": "i?"}

LABELS: dict[str, str] = {
    "unit": "单位", "number": "编号", "name": "项目名称", "year": "预算年度", "stage": "阶段",
    "side_state": "状态", "supply_list": "需补充材料", "is_existing_system": "已建系统",
    "responsible_person": "项目责任人", "approval_date": "批准日期", "approval_doc_no": "批准文号",
    "plan_year": "列入年度计划", "temp_approval_date": "临时报批日期", "temp_approval_doc_no": "临时报批文号",
    "procurement_method": "采购方式", "procurement_date": "采购日期", "supplier": "供应商",
    "contract_amount": "合同金额（元）", "contract_date": "合同日期", "supervisor_unit": "监理单位",
    "tester_unit": "第三方测评单位", "initial_acceptance_date": "初验日期",
    "initial_acceptance_result": "初验结果", "final_acceptance_date": "终验日期",
    "self_eval_office_date": "绩效自评价报智慧办日期", "self_eval_finance_date": "绩效自评价报财政局日期",
    "status": "状态", "applicant_unit": "申请单位", "declared_on": "申报日期", "leader": "负责人",
    "contact": "联系人", "phone": "联系电话", "email": "电子邮箱", "project_name": "项目名称",
    "start_month": "建设起始年月", "end_month": "建设结束年月", "investment": "投资额（元）",
    "fund_fiscal": "财政资金（元）", "fund_self": "单位自筹（元）", "fund_bank": "银行贷款（元）",
    "fund_other": "其它资金（元）", "content": "实施依据及主要内容", "dept_opinion": "主管部门意见",
    "filled_on": "填表日期", "reason": "购置依据或理由", "fund_budget": "预算安排资金（元）",
    "fund_special": "财政专项资金（元）", "handler": "经办人", "handler_phone": "经办人电话",
    "unit_leader": "单位负责人", "unit_opinion": "单位意见", "review_opinion": "审核意见",
    "reviewed_by": "审核人", "reviewed_on": "审核日期",
}
SECTION_LABELS = {
    "project": "项目", "declaration": "申报表", "materials": "材料", "checklist": "审核要点",
    "opinion": "书面审核意见", "rectifications": "整改记录", "adjustments": "项目调整申请",
    "existing_assets": "现有软硬件资源", "procurement": "采购申报", "items": "采购明细",
}
_ITEM_TITLES = {item.key: item.title for item in ITEMS}

KIND_PROJECT = "project"
KIND_PROCUREMENT = "procurement"


# ---------------------------------------------------------------------- reading the database


def _pick(row: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    return {col: row.get(col) for col in columns}


def collect_project(ws: Workspace, project_id: str) -> dict[str, Any]:
    row = ws.query_one("SELECT p.*, u.name AS unit FROM projects p JOIN units u ON u.id = p.unit_id "
                       "WHERE p.id = ?", (project_id,))
    assert row is not None
    decl = ws.query_one("SELECT * FROM declarations WHERE project_id = ?", (project_id,))
    materials = {
        m["kind"]: _pick(m, MATERIAL_COLUMNS)
        for m in ws.query("SELECT * FROM materials WHERE project_id = ? ORDER BY id", (project_id,))
    }
    checklist = {
        c["item_key"]: _pick(c, CHECKLIST_COLUMNS)
        for c in ws.query("SELECT * FROM checklist_answers WHERE project_id = ? ORDER BY item_key",
                          (project_id,))
    }
    opinion = ws.query_one("SELECT * FROM opinions WHERE project_id = ?", (project_id,))
    history = [_pick(h, HISTORY_COLUMNS) for h in
               ws.query("SELECT * FROM stage_history WHERE project_id = ? ORDER BY id", (project_id,))]
    record: dict[str, Any] = {
        "id": row["id"], "revision": row["revision"], "base_revision": row["base_revision"],
        "created_at": row["created_at"], "unit": row["unit"],
        "project": _pick(row, PROJECT_COLUMNS),
        "declaration": _pick(decl, DECLARATION_COLUMNS) if decl else None,
        "materials": materials, "checklist": checklist,
        "opinion": _pick(opinion, OPINION_COLUMNS) if opinion else None,
        "stage_history": history,
    }
    for table, columns in LIST_TABLES.items():
        record[table] = [_pick(r, columns) for r in
                         ws.query(f"SELECT * FROM {table} WHERE project_id = ? ORDER BY id", (project_id,))]
    return record


def collect_procurement(ws: Workspace, procurement_id: str) -> dict[str, Any]:
    row = ws.query_one("SELECT p.*, u.name AS unit FROM procurements p JOIN units u ON u.id = p.unit_id "
                       "WHERE p.id = ?", (procurement_id,))
    assert row is not None
    items = ws.query("SELECT * FROM procurement_items WHERE procurement_id = ? ORDER BY seq", (procurement_id,))
    return {
        "id": row["id"], "revision": row["revision"], "base_revision": row["base_revision"],
        "created_at": row["created_at"], "unit": row["unit"],
        "procurement": _pick(row, PROCUREMENT_COLUMNS),
        "items": [_pick(i, ITEM_COLUMNS) for i in items],
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


def content_sm3(kind: str, record: dict[str, Any]) -> str:
    """SM3 of what a record says (not its revision numbers), for 'did it change'."""
    payload: dict[str, Any] = {"fields": flatten(kind, record)}
    if kind == KIND_PROJECT:
        payload["history"] = sorted(history_key(h) for h in record["stage_history"])
    return sm3_hex(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def label(key: str) -> str:
    """A field key in the clerk's words: 申报表·投资额（元）, 审核要点·技术可行 ..."""
    section, _, rest = key.partition(".")
    head = SECTION_LABELS.get(section, section)
    if not rest:
        return head
    if section == "checklist":
        return f"{head}·{_ITEM_TITLES.get(rest, rest)}"
    if section == "materials":
        return f"{head}·{rest}"
    return f"{head}·{LABELS.get(rest, rest)}"


_YES_NO = {"project.is_existing_system"}
_FEN = {"procurement.fund_budget", "procurement.fund_special", "procurement.fund_other"}   # 附件2: stored in 分


def display_field(key: str, value: Any) -> str:
    """A field's value for the preview: 是/否 for flags, amounts with thousands separators."""
    if key in _YES_NO and value in (0, 1):
        return "是" if value else "否"
    if key in _FEN and isinstance(value, int):
        return f"{fen_to_yuan(value):,.2f}"
    if isinstance(value, int) and not isinstance(value, bool) and "（元）" in label(key):
        return f"{value:,}"
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
        return "；".join(f"{LABELS.get(k, k)} {display(v)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "（无）"
        return f"{len(value)} 条：" + " | ".join(
            "，".join(str(v) for v in row.values() if v not in (None, "")) for row in value[:5]
        ) + (" …" if len(value) > 5 else "")
    return str(value)
