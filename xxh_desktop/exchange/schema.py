"""The JSON Schema of data.json (format 2.x), built from the record columns.

The same schema is shipped inside every package as schema.json, so a reader of
the file alone knows its shape; the receiver validates against its *own* copy,
never the sender's. A violation is reported naming the record and the field.
"""

from __future__ import annotations

from typing import Any

from ..domain.materials import ALL_KINDS
from ..domain.review_items import ANSWERS, CONCLUSIONS
from ..domain.fields import QUANTITY_LIMIT, REVISION_LIMIT
from ..domain.stages import CASE_STATUSES, SIDE_STATES, STAGES
from ..domain.text import shown
from .limits import Refused
from .manifest import HEX64, TIMESTAMP, UUID
from .records import (
    CHECKLIST_COLUMNS, DECLARATION_COLUMNS, HISTORY_COLUMNS, ITEM_COLUMNS, LIST_TABLES, MATERIAL_COLUMNS,
    OPINION_COLUMNS, PROCUREMENT_COLUMNS, PROJECT_COLUMNS, SECTION_LABELS, column_label,
)
from .schema_check import Validator
from .schema_errors import WHY, problem_detail

TEXT_MAX = 20000
DATE = r"^\d{4}-\d{2}-\d{2}$"
MONTH = r"^\d{4}-\d{2}$"
INT_MAX = 10**15
# Money as integer 元 or 分: never negative; a bound above every field's own limit
# (一万亿元, `fields.AMOUNT_LIMITS`), which `validate.py` holds each amount to.
AMOUNT_MAX = 10**15


def _type(token: str) -> dict[str, Any]:
    nullable = token.endswith("?")
    base = token.rstrip("?")
    schema: dict[str, Any] = {
        "s": {"type": "string", "maxLength": TEXT_MAX},
        "t": {"type": "string", "pattern": TIMESTAMP},
        "i": {"type": "integer", "minimum": 0, "maximum": INT_MAX},
        "amt": {"type": "integer", "minimum": 0, "maximum": AMOUNT_MAX},
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "qty": {"type": "integer", "minimum": 0, "maximum": QUANTITY_LIMIT},
        "case": {"enum": [s.value for s in CASE_STATUSES]},
        "b": {"enum": [0, 1]},
        "d": {"type": "string", "pattern": DATE},
        "m": {"type": "string", "pattern": MONTH},
        "sm3": {"type": "string", "pattern": HEX64},
        "stage": {"enum": [s.value for s in STAGES]},
        "side": {"enum": ["", *(s.value for s in SIDE_STATES)]},
        "answer": {"enum": list(ANSWERS)},
        "conclusion": {"enum": list(CONCLUSIONS)},
    }[base]
    return or_null(schema) if nullable else schema


def or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` or null, as one schema rather than an anyOf: the same values pass, and a
    validator judges each value once instead of against two branches (half the time)."""
    if "enum" in schema:
        return {**schema, "enum": [None, *schema["enum"]]}
    return {**schema, "type": [schema["type"], "null"]}


def _object(columns: dict[str, str]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(columns),
            "properties": {col: _type(token) for col, token in columns.items()}}


def _list(columns: dict[str, str], max_items: int = 5000) -> dict[str, Any]:
    return {"type": "array", "maxItems": max_items, "items": _object(columns)}


_VERSION = {"type": "integer", "minimum": 1, "maximum": REVISION_LIMIT}
_SM3 = {"type": "string", "pattern": HEX64}
_META = {
    "id": {"type": "string", "pattern": UUID},
    "created_at": {"type": "string", "pattern": TIMESTAMP},
    "unit": {"type": "string", "minLength": 1, "maxLength": 200},
    # docs/xxh-format.md §4: the sender's part, its last versions, and what it last received of ours.
    "versions": {
        "type": "object", "additionalProperties": False, "required": ["sender", "seen"],
        "properties": {
            "sender": {"type": "object", "additionalProperties": False, "required": ["version", "sm3", "history"],
                       "properties": {"version": _VERSION, "sm3": _SM3,
                                      "history": {"type": "array", "minItems": 1, "maxItems": 20,
                                                  "items": {"type": "array", "prefixItems": [_VERSION, _SM3],
                                                            "minItems": 2, "maxItems": 2}}}},
            "seen": or_null({"type": "object", "additionalProperties": False, "required": ["version", "sm3"],
                             "properties": {"version": _VERSION, "sm3": _SM3}}),
        },
    },
}

PROJECT_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": [*_META, "project", "declaration", "materials", "material_acceptances", "checklist", "opinion",
                 "stage_history", *LIST_TABLES],
    "properties": {
        **_META,
        "project": _object(PROJECT_COLUMNS),
        "declaration": or_null(_object(DECLARATION_COLUMNS)),
        "materials": {"type": "object", "propertyNames": {"enum": list(ALL_KINDS)},
                      "additionalProperties": _object(MATERIAL_COLUMNS)},
        "material_acceptances": {"type": "object", "propertyNames": {"enum": list(ALL_KINDS)},
                                 "additionalProperties": _type("s")},
        "checklist": {"type": "object", "maxProperties": 200,
                      "propertyNames": {"pattern": "^[a-z][a-z0-9_]{0,39}$"},
                      "additionalProperties": _object(CHECKLIST_COLUMNS)},
        "opinion": or_null(_object(OPINION_COLUMNS)),
        "stage_history": _list(HISTORY_COLUMNS),
        **{table: _list(columns) for table, columns in LIST_TABLES.items()},
    },
}
PROCUREMENT_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": [*_META, "procurement", "items"],
    "properties": {**_META, "procurement": _object(PROCUREMENT_COLUMNS), "items": _list(ITEM_COLUMNS, 1000)},
}
DATA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:xxh-desktop:xxh-exchange:data:2",
    "title": "金寨县政务信息化项目 .xxh 交换文件 data.json（格式 2.x）",
    "type": "object", "additionalProperties": False,
    "required": ["projects", "procurements", "attachments", "registration"],
    "properties": {
        # A registration file (purpose 登记): the unit the office registered, and the office's fingerprint.
        "registration": or_null({
            "type": "object", "additionalProperties": False, "required": ["unit", "office_fingerprint"],
            "properties": {"unit": {"type": "string", "minLength": 1, "maxLength": 200},
                           "office_fingerprint": {"type": "string", "maxLength": 100}}}),
        "projects": {"type": "array", "maxItems": 10000, "items": PROJECT_SCHEMA},
        "procurements": {"type": "array", "maxItems": 10000, "items": PROCUREMENT_SCHEMA},
        "attachments": {
            "type": "array", "maxItems": 100000,
            "items": {"type": "object", "additionalProperties": False, "required": ["sm3", "size", "filename"],
                      "properties": {"sm3": {"type": "string", "pattern": HEX64},
                                     "size": {"type": "integer", "minimum": 0, "maximum": INT_MAX},
                                     "filename": {"type": "string", "maxLength": 300}}},
        },
    },
}

_VALIDATOR = Validator(DATA_SCHEMA)

def validate(data: Any) -> None:
    """Refuse data.json that breaks the schema, naming the first bad record and field."""
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    err = errors[0]
    path = list(err.absolute_path)
    where = "data.json"
    if len(path) >= 2 and path[0] in ("projects", "procurements") and isinstance(path[1], int):
        record = data[path[0]][path[1]]
        number = ""
        if isinstance(record, dict):
            body = record.get("project" if path[0] == "projects" else "procurement")
            number = (body.get("number") or body.get("declaration_no")) if isinstance(body, dict) else ""
            number = number or record.get("id") or ""
        kind = "项目" if path[0] == "projects" else "采购申报"
        where = f"第 {path[1] + 1} 个{kind}（{shown(str(number), 40) or '无编号'}）"
        path = path[2:]
    detail = problem_detail(err)
    field = _readable(path) if path else "（整条记录）"
    raise Refused(f"数据不符合格式：{where}的字段「{field}」{WHY.get(str(err.validator), '不符合格式')}（{detail}）")


def _readable(path: list[Any]) -> str:
    parts = []
    for p in path:
        text = shown(str(p), 40)
        parts.append(f"第{p + 1}条" if isinstance(p, int) else SECTION_LABELS.get(text) or column_label(text))
    return "·".join(parts) + f"（{shown('.'.join(str(p) for p in path), 80)}）"
