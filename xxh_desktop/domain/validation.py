"""The rules of the two declaration forms: every problem at once, in Chinese.

`validate_declaration` (附件1) and `validate_procurement` (附件2) return a list
of `Problem(field, message)` — all of them, never only the first — so an
editor can put each message beside its field. Field names are the dataclass
attributes; an item row's field is ``items[i].attr`` (i from 0); ``funds`` is
the sum of the funding channels against the total.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..amounts import FEN, format_wan, format_yuan
from . import fields, text_limits
from .declaration import FUND_FIELDS, Declaration
from .procurement import Procurement, ProcurementItem
from .text import shown, text_problem

if TYPE_CHECKING:
    import regex


class Problem(NamedTuple):
    field: str
    message: str


# Labels and limits come from the field catalogue (one copy, `domain.fields`).
DECLARATION_LABELS = fields.labels("declaration")
PROCUREMENT_LABELS = {**fields.labels("procurement"), "items": "采购明细"}
ITEM_LABELS = fields.labels("item")
CONTENT_LIMIT = fields.field("declaration.content").max_length or 200  # 附件1 说明2: 控制在200字
AMOUNT_LIMIT = fields.AMOUNT_LIMIT
QUANTITY_LIMIT = fields.QUANTITY_LIMIT

# 第五条: 附件1 is what a project is declared with; every line of the paper form
# is required except 项目主管部门意见, written by the 主管部门 (blank for hand-writing).
# 第五条第二款: 附件2 goes to 县智慧办 for review; its signatures, seals and
# opinions are written by hand on the paper, the rest is required.
_DECLARATION_REQUIRED = tuple(f.name for f in fields.of_record("declaration") if f.required)
_PROCUREMENT_REQUIRED = tuple(f.name for f in fields.of_record("procurement") if f.required)

# A landline with its area code (0564-5012345, the hyphen optional, the area
# code also written (0564), an extension after - or 转) or an 11-digit mainland
# mobile number (also written 138-0564-1234, or with +86 in front).
_LANDLINE = re.compile(r"(0\d{2,3}-?|\(0\d{2,3}\))\d{7,8}((-|转)\d{1,6})?")
_MOBILE = re.compile(r"(\+?86-?)?1[3-9]\d-?\d{4}-?\d{4}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def length_problems(record: str, value: object, *, prefix: str = "", row: str = "") -> list[Problem]:
    """Text longer than the catalogue's limit for its field (characters as a person counts them).
    A printed one-line field is held to its cell's columns as well (`_limit_problems`): both limits,
    as the owner holds every stored text to both (`fact_problem`)."""
    problems = []
    for f in fields.of_record(record):
        if f.max_length is None or f.kind not in (fields.Kind.TEXT, fields.Kind.LONG_TEXT):
            continue
        text = getattr(value, f.name, None)
        if not isinstance(text, str) or f.key == "declaration.content":
            continue   # 说明2's own message below
        n = content_length(text)
        if n > f.max_length:
            problems.append(Problem(prefix + f.name, f"{row}{f.title}共 {n} 字，超过 {f.max_length} 字，请精简。"))
    return problems


def _amount_problem(name: str, label: str, value: Decimal, unit: str, step: Decimal,
                    too_fine: str) -> Problem | None:
    """The one problem a filled-in amount can have: too large, negative, or finer than `step`."""
    if abs(value) >= fields.AMOUNT_LIMITS[unit]:
        return Problem(name, f"{label} {value} {unit}过大（应小于一万亿元），请核对。")
    if value < 0:
        return Problem(name, f"{label}不能为负数。")
    if value != value.quantize(step):
        return Problem(name, f"{label} {value} {unit}{too_fine}。")
    return None


@functools.cache
def _graphemes() -> regex.Pattern[str]:
    import regex   # here, not at import: 10–20 ms of a cold start, which counts no text

    return regex.compile(r"\X")


def content_length(text: str) -> int:
    """Characters of 项目实施依据及主要内容 as a person counts them.

    Every character counts one, Chinese, Latin, digit or punctuation alike;
    the text is trimmed first, line breaks are not characters, and what a
    person sees as one character counts once: a letter with its accents, an
    emoji with its variation selector or skin tone, a ZWJ family, a flag
    (Unicode extended grapheme clusters, UAX #29).
    """
    trimmed = unicodedata.normalize("NFC", text.strip())
    return sum(1 for g in _graphemes().findall(trimmed) if g not in ("\r", "\n", "\r\n"))


def format_period(start: date | None, end: date | None) -> str:
    """建设年度 as 附件1 说明3 writes it: «2027年01月至2027年12月»."""
    if start is None or end is None:
        return ""
    return f"{start.year}年{start.month:02d}月至{end.year}年{end.month:02d}月"


def phone_problem(phone: str, label: str = "联系电话") -> str | None:
    text = unicodedata.normalize("NFKC", phone).strip().replace(" ", "")
    if _LANDLINE.fullmatch(text) or _MOBILE.fullmatch(text):
        return None
    return (f"{label}“{phone.strip()}”格式不对：请填写带区号的固定电话（如 0564-5012345）"
            "或11位手机号。")


def email_problem(email: str) -> str | None:
    text = unicodedata.normalize("NFKC", email).strip()
    if _EMAIL.fullmatch(text):
        return None
    return f"电子邮箱“{email.strip()}”格式不对，应形如 name@example.gov.cn。"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _printed(name: str, value: object, money: str) -> str:
    """A field as the printed form shows it (what `text_limits` counts)."""
    if isinstance(value, Decimal):
        return format_wan(value) if money == "万元" else format_yuan(value)
    if isinstance(value, int):
        return str(value)
    if name.endswith("phone"):
        return text_limits.phone_form(value)  # type: ignore[arg-type]
    if name == "email":
        return text_limits.email_form(value)  # type: ignore[arg-type]
    return text_limits.one_line(value)  # type: ignore[arg-type]


def _limit_problems(obj: object, limits: dict[str, int], labels: dict[str, str], *,
                    money: str, prefix: str = "", row: str = "", said: Iterable[Problem] = ()) -> list[Problem]:
    """说明1: printed at 五号, a field holds what its cell holds (`text_limits`); a field `said`
    to be too long already is not told twice."""
    problems = []
    too_long = {p.field for p in said}
    for name, limit in limits.items():
        value = getattr(obj, name, None)
        if value is None or value == "" or prefix + name in too_long:
            continue
        n = text_limits.columns(_printed(name, value, money))
        if n <= limit:
            continue
        label = labels[name]
        if isinstance(value, (Decimal, int)):
            message = f"{row}{label}位数太多：表格一栏按五号字（说明1）最多印 {limit} 位（含分隔符），现为 {n} 位，请核对。"
        else:
            message = (f"{row}{label}太长：表格一栏按五号字（说明1）最多印 {limit} 个半角字符"
                       f"（汉字算 2 个），现有 {n} 个，请精简。")
        problems.append(Problem(prefix + name, message))
    return problems


def is_incomplete(problem: Problem) -> bool:
    """A problem a draft may still have (a field not filled in, funds not yet adding up), as
    opposed to one no stored form may have (a malformed value, a figure or a text too long)."""
    return "请填写" in problem.message or "请至少填写" in problem.message or problem.field == "funds"


def validate_declaration(decl: Declaration) -> list[Problem]:
    """Every problem of one 附件1, each with the field it belongs to."""
    problems: list[Problem] = []
    for name in _DECLARATION_REQUIRED:
        if _blank(getattr(decl, name)):
            problems.append(Problem(name, f"请填写{DECLARATION_LABELS[name]}。"))
    if decl.phone.strip() and (msg := phone_problem(decl.phone)):
        problems.append(Problem("phone", msg))
    if decl.email.strip() and (msg := email_problem(decl.email)):
        problems.append(Problem("email", msg))
    # 附件1 说明3: 建设年度 «202X年XX月至202X年XX月», a start month not after the end.
    if decl.start_month and decl.end_month and decl.start_month > decl.end_month:
        problems.append(Problem(
            "end_month",
            f"建设年度的结束月份 {decl.end_month:%Y年%m月} 早于开始月份 {decl.start_month:%Y年%m月}。"))
    # Amounts are 万元 to the yuan: at most 4 decimals, none negative.
    amounts_ok = True
    for name in ("investment", *FUND_FIELDS):
        value: Decimal | None = getattr(decl, name)
        if value is None:
            continue
        problem = _amount_problem(name, DECLARATION_LABELS[name], value, "万元", fields.WAN_STEP,
                                  "超过4位小数（万元金额最小到元）")
        if problem:
            problems.append(problem)
            amounts_ok = False
    if decl.investment is not None and decl.investment == 0:
        problems.append(Problem("investment", "投资额应大于0。"))
    # 资金渠道: the four channels (blank = 0) must add up exactly to 投资额.
    funds = [getattr(decl, n) for n in FUND_FIELDS]
    if decl.investment is not None and amounts_ok:
        if all(f is None for f in funds):
            problems.append(Problem("funds", "请填写资金渠道（财政资金、单位自筹、银行贷款、其它至少一项）。"))
        else:
            total = sum((f for f in funds if f is not None), Decimal(0))
            if total != decl.investment:
                problems.append(Problem(
                    "funds",
                    f"资金渠道合计 {format_wan(total)} 万元 ≠ 投资额 {format_wan(decl.investment)} 万元。"))
    # 附件1 说明2: 简要说明字数控制在200字.
    length = content_length(decl.content)
    if length > CONTENT_LIMIT:
        problems.append(Problem(
            "content",
            f"项目实施依据及主要内容共 {length} 字，超过 {CONTENT_LIMIT} 字（附件1 说明2），"
            f"请删去 {length - CONTENT_LIMIT} 字。"))
    lengths = length_problems("declaration", decl)
    problems += lengths
    problems.extend(_limit_problems(decl, text_limits.DECLARATION, DECLARATION_LABELS, money="万元", said=lengths))
    return problems


def validate_item(index: int, item: ProcurementItem) -> list[Problem]:
    """The problems of one 附件2 row; `index` from 0, messages say 第N行 from 1."""
    row = f"第{index + 1}行"
    prefix = f"items[{index}]."
    lengths = length_problems("item", item, prefix=prefix, row=f"{row}：")
    problems: list[Problem] = list(lengths)
    for name in ("item", "spec"):
        if not getattr(item, name).strip():
            problems.append(Problem(prefix + name, f"{row}：请填写{ITEM_LABELS[name]}。"))
    if item.quantity is None:
        problems.append(Problem(prefix + "quantity", f"{row}：请填写数量。"))
    elif item.quantity <= 0:
        problems.append(Problem(prefix + "quantity", f"{row}：数量应为正整数。"))
    elif item.quantity >= QUANTITY_LIMIT:
        problems.append(Problem(prefix + "quantity", f"{row}：数量 {item.quantity} 过大，请核对。"))
    if item.unit_price is None:
        problems.append(Problem(prefix + "unit_price", f"{row}：请填写单价。"))
    elif item.unit_price <= 0:
        problems.append(Problem(prefix + "unit_price", f"{row}：单价应大于0。"))
    elif item.unit_price >= AMOUNT_LIMIT:
        problems.append(Problem(prefix + "unit_price", f"{row}：单价 {item.unit_price} 元过大，请核对。"))
    elif item.unit_price != item.unit_price.quantize(FEN):
        # 金额 = 数量 × 单价 must be exact to the 分; a 单价 below the 分 cannot be paid.
        problems.append(Problem(prefix + "unit_price", f"{row}：单价 {item.unit_price} 元超过2位小数（最小到分）。"))
    labels = ITEM_LABELS | {"amount": "金额"}
    problems.extend(_limit_problems(item, text_limits.PROCUREMENT_ITEM, labels, money="元",
                                    prefix=prefix, row=f"{row}：", said=lengths))
    return problems


def validate_procurement(proc: Procurement) -> list[Problem]:
    """Every problem of one 附件2 case."""
    problems: list[Problem] = []
    for name in _PROCUREMENT_REQUIRED:
        if _blank(getattr(proc, name)):
            problems.append(Problem(name, f"请填写{PROCUREMENT_LABELS[name]}。"))
    lengths = length_problems("procurement", proc)
    problems += lengths
    if proc.handler_phone.strip() and (msg := phone_problem(proc.handler_phone, "经办人联系电话")):
        problems.append(Problem("handler_phone", msg))
    if not proc.items:
        problems.append(Problem("items", "请至少填写一行采购明细。"))
    items_ok = True
    for index, item in enumerate(proc.items):
        row_problems = validate_item(index, item)
        items_ok = items_ok and not row_problems
        problems.extend(row_problems)
    funds_ok = True
    for name in ("fund_budget", "fund_special", "fund_other"):
        value = getattr(proc, name)
        if value is None:
            continue
        problem = _amount_problem(name, PROCUREMENT_LABELS[name], value, "元", FEN, "超过2位小数（最小到分）")
        if problem:
            problems.append(problem)
            funds_ok = False
    # 第五条第二款: 县智慧办 reviews the case, and a case whose money does not add
    # up cannot be reviewed. So the three sources (blank = 0) must together cover
    # exactly the 合计 — no less (the purchase would be unfunded), and no more
    # (money raised for nothing). Enforced at submission; shown while typing.
    if items_ok and proc.items and funds_ok:
        funds = [proc.fund_budget, proc.fund_special, proc.fund_other]
        if all(f is None for f in funds):
            problems.append(Problem("funds", "请填写资金来源（预算安排资金、财政专项资金、其他资金至少一项）。"))
        else:
            total_funds = sum((f for f in funds if f is not None), Decimal(0))
            if total_funds != proc.total:
                problems.append(Problem(
                    "funds",
                    f"资金来源合计 {format_yuan(total_funds)} 元 ≠ 合计金额 {format_yuan(proc.total)} 元"
                    "（预算安排资金、财政专项资金、其他资金之和须等于合计）。"))
    problems.extend(_limit_problems(proc, text_limits.PROCUREMENT, PROCUREMENT_LABELS | {"total": "合计金额"},
                                    money="元", said=lengths))
    return problems


def choice_problem(key: str, value: str) -> str | None:
    """Why `value` is not one of the choices of catalogue field `key` ('' is no choice yet), or None."""
    f = fields.field(key)
    named = [str(getattr(c, "value", c)) for c in f.choices or ()]
    if f.kind != fields.Kind.CHOICE or not named or not value or value in named:
        return None
    return f"应为{'、'.join(f'「{c}」' for c in named)}之一，不能是「{shown(value, 20)}」"


def fact_problem(key: str, value: object) -> str | None:
    """Why one fact may not be stored in field `key` of the catalogue (in Chinese), or None: text
    clean and within its length (line breaks only in long text), a printed one-line field within its
    cell's columns (说明1), dates within the catalogue's window, amounts and counts non-negative and
    within their limits. What an owner checks on every write, whoever writes (the editors, the CLI,
    an imported file), and what an imported file is held to before its preview."""
    problem = fact_issue(key, value)
    return f"「{fields.field(key).title}」{problem}" if problem else None


def fact_issue(key: str, value: object) -> str | None:
    """`fact_problem` without the field's name in front (for a message that names it otherwise)."""
    f = fields.field(key)
    if isinstance(value, str):
        problem = text_problem(value, multiline=f.kind == fields.Kind.LONG_TEXT)
        if problem is None and f.max_length is not None and content_length(value) > f.max_length:
            problem = f"共 {content_length(value)} 字，超过 {f.max_length} 字"
        if problem is None:
            problem = choice_problem(key, value)
        if problem is None and f.columns is not None and f.kind == fields.Kind.TEXT:
            # 说明1: a printed one-line field holds what its cell holds
            if (n := text_limits.columns(_printed(f.name, value, ""))) > f.columns:
                problem = f"太长：表格一栏按五号字（说明1）最多印 {f.columns} 个半角字符（汉字算 2 个），现有 {n} 个"
    elif isinstance(value, date):
        problem = (None if fields.EARLIEST_DATE <= value <= fields.LATEST_DATE else
                   f"应在 {fields.EARLIEST_DATE:%Y} 年至 {fields.LATEST_DATE:%Y} 年之间")
    elif isinstance(value, Decimal):
        limit = fields.AMOUNT_LIMITS.get(f.unit, AMOUNT_LIMIT)
        problem = None if Decimal(0) <= value < limit else "应为不小于 0 的金额，且小于一万亿元"
    elif isinstance(value, int) and not isinstance(value, bool):
        problem = None if 0 <= value <= fields.REVISION_LIMIT else "超出范围"
    else:
        problem = None
    return problem
