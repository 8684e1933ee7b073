"""The forms as typed: plain dicts of text, and their conversion to the models.

A draft keeps exactly what the user typed (a 数量 of “两台” included), so it
is a dict of strings, JSON-ready: the scalar fields of the dataclass by name,
dates as ``YYYY-MM-DD``, months as ``YYYY-MM``, amounts as typed, and for
附件2 ``items``: a list of ``{item, spec, quantity, unit_price}`` dicts.
`*_from_form` returns the model plus the problems of reading it (a number that
is not a number); `domain.validation` adds the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from ..amounts import to_decimal
from ..errors import XxhError
from .declaration import Declaration
from .procurement import Procurement, ProcurementItem
from .validation import (
    AMOUNT_LIMIT, DECLARATION_LABELS, PROCUREMENT_LABELS, QUANTITY_LIMIT, Problem, validate_declaration,
    validate_procurement,
)

Form = dict[str, Any]

DECL_AMOUNTS = ("investment", "fund_fiscal", "fund_self", "fund_bank", "fund_other")
DECL_TEXTS = ("applicant_unit", "leader", "contact", "phone", "email", "project_name",
              "content", "dept_opinion")
PROC_AMOUNTS = ("fund_budget", "fund_special", "fund_other")
PROC_TEXTS = ("applicant_unit", "reason", "handler", "handler_phone", "unit_leader",
              "unit_opinion", "dept_opinion")
ITEM_KEYS = ("item", "spec", "quantity", "unit_price")


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def declaration_to_form(decl: Declaration) -> Form:
    form: Form = {name: getattr(decl, name) for name in DECL_TEXTS}
    form.update({name: _plain(getattr(decl, name)) for name in DECL_AMOUNTS})
    form["declared_on"] = decl.declared_on.isoformat() if decl.declared_on else ""
    form["start_month"] = decl.start_month.strftime("%Y-%m") if decl.start_month else ""
    form["end_month"] = decl.end_month.strftime("%Y-%m") if decl.end_month else ""
    form["is_existing_system"] = bool(decl.is_existing_system)
    return form


def item_to_form(item: ProcurementItem) -> dict[str, str]:
    return {"item": item.item, "spec": item.spec,
            "quantity": "" if item.quantity is None else str(item.quantity),
            "unit_price": _plain(item.unit_price)}


def procurement_to_form(proc: Procurement) -> Form:
    form: Form = {name: getattr(proc, name) for name in PROC_TEXTS}
    form.update({name: _plain(getattr(proc, name)) for name in PROC_AMOUNTS})
    form["filled_on"] = proc.filled_on.isoformat() if proc.filled_on else ""
    form["items"] = [item_to_form(i) for i in proc.items]
    return form


def _text(form: Form, name: str) -> str:
    value = form.get(name, "")
    return "" if value is None else str(value)


def parse_amount(text: str, label: str) -> tuple[Decimal | None, str | None]:
    """(value, None), or (None, message) when the text is not a number; blank is None."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None, None
    try:
        value = to_decimal(text, what=label)
    except XxhError as exc:
        return None, str(exc)
    if abs(value) >= AMOUNT_LIMIT:  # would overflow Decimal/SQLite further on
        return None, f"{label}“{text}”过大，请核对。"
    return value, None


def parse_quantity(text: str) -> tuple[int | None, str | None]:
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    if not text:
        return None, None
    if re.fullmatch(r"[+-]?\d+", text):
        if abs(int(text)) >= QUANTITY_LIMIT:  # 金额 = 数量 × 单价 must stay computable
            return None, f"数量“{text}”过大，请核对。"
        return int(text), None
    return None, f"数量“{text}”不是整数。"


def _parse_date(text: str, label: str, *, month: bool = False) -> tuple[date | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    try:
        return date.fromisoformat(text + "-01" if month else text), None
    except ValueError:
        return None, f"{label}“{text}”不是有效的{'月份' if month else '日期'}。"


def declaration_from_form(form: Form) -> tuple[Declaration, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {name: _text(form, name) for name in DECL_TEXTS}
    for name in DECL_AMOUNTS:
        values[name], msg = parse_amount(_text(form, name), DECLARATION_LABELS[name])
        if msg:
            problems.append(Problem(name, msg))
    for name, is_month in (("declared_on", False), ("start_month", True), ("end_month", True)):
        values[name], msg = _parse_date(_text(form, name), DECLARATION_LABELS[name], month=is_month)
        if msg:
            problems.append(Problem(name, msg))
    values["is_existing_system"] = bool(form.get("is_existing_system", False))
    known = {f.name for f in fields(Declaration)}
    return Declaration(**{k: v for k, v in values.items() if k in known}), problems


def procurement_from_form(form: Form) -> tuple[Procurement, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {name: _text(form, name) for name in PROC_TEXTS}
    for name in PROC_AMOUNTS:
        values[name], msg = parse_amount(_text(form, name), PROCUREMENT_LABELS[name])
        if msg:
            problems.append(Problem(name, msg))
    values["filled_on"], msg = _parse_date(_text(form, "filled_on"), "日期")
    if msg:
        problems.append(Problem("filled_on", msg))
    items: list[ProcurementItem] = []
    for index, row in enumerate(form.get("items") or []):
        quantity, qmsg = parse_quantity(str(row.get("quantity", "") or ""))
        if qmsg:
            problems.append(Problem(f"items[{index}].quantity", f"第{index + 1}行：{qmsg}"))
        price, pmsg = parse_amount(str(row.get("unit_price", "") or ""), "单价")
        if pmsg:
            problems.append(Problem(f"items[{index}].unit_price", f"第{index + 1}行：{pmsg}"))
        items.append(ProcurementItem(str(row.get("item", "") or ""), str(row.get("spec", "") or ""),
                                     quantity, price))
    values["items"] = items
    return Procurement(**values), problems


def declaration_form_problems(form: Form) -> list[Problem]:
    """Problems of a typed 附件1: reading errors first, then the rules (a field
    that could not be read is not judged again by the rules)."""
    decl, problems = declaration_from_form(form)
    unread = {p.field for p in problems}
    return problems + [p for p in validate_declaration(decl) if p.field not in unread]


def procurement_form_problems(form: Form) -> list[Problem]:
    proc, problems = procurement_from_form(form)
    unread = {p.field for p in problems}
    return problems + [p for p in validate_procurement(proc) if p.field not in unread]
