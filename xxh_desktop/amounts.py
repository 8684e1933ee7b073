"""Money: Decimal in code, integers in SQLite; 人民币大写 by 会计基础工作规范 第五十二条.

附件1 amounts are 万元 with at most 4 decimals (to the yuan), stored as 元;
附件2 amounts are 元 with 2 decimals, stored as 分.

第五十二条 of 会计基础工作规范 (财会字〔1996〕19号) rules the capitals in its
clauses （三） (the characters; «整» after 元 or 角, none after 分), （四）
(the currency's name in front when the form does not pre-print it, with no
gap) and （五） (零 for zeros between digits). `rmb_upper` writes the words,
`rmb_upper_prefixed` the words with «人民币» in front, as every printed form
and screen of ours shows them (none pre-prints the name).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .errors import XxhError

WAN = Decimal(10000)
FEN = Decimal("0.01")


def to_decimal(value: Decimal | str | int, *, what: str = "金额") -> Decimal:
    """Parse a user's amount (thousand separators allowed); XxhError if not a number."""
    if isinstance(value, Decimal):
        result = value
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise XxhError(f"{what}“{value}”不是数字。") from None
    if not result.is_finite():
        raise XxhError(f"{what}“{value}”不是有效数字。")
    return result


def wan_to_yuan(wan: Decimal) -> int:
    yuan = wan * WAN
    if yuan != yuan.to_integral_value():
        raise XxhError(f"金额 {wan} 万元超过4位小数（最小单位为元）。")
    return int(yuan)


def yuan_to_wan(yuan: int) -> Decimal:
    return (Decimal(yuan) / WAN).normalize() if yuan else Decimal(0)


def yuan_to_fen(yuan: Decimal) -> int:
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise XxhError(f"金额 {yuan} 元超过2位小数（最小单位为分）。")
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def format_wan(value: Decimal | None) -> str:
    """万元 for display: thousand separators, trailing zeros dropped (180.5, 1,200)."""
    if value is None:
        return ""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


def format_yuan(value: Decimal | None) -> str:
    """元 for display: thousand separators and 2 decimals (12,345.60)."""
    return "" if value is None else f"{value.quantize(FEN):,.2f}"


# ---------------------------------------------------------------------- 人民币大写

_UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UPPER_PLACES = ("", "拾", "佰", "仟")
# Amounts up to 9999 9999 9999 9999.99 元 (亿 of 亿 would need 兆/亿亿, which
# no form of ours can reach); larger amounts are refused, not mis-spelt.
RMB_UPPER_LIMIT = Decimal(10) ** 16


def rmb_upper(amount: Decimal | str | int) -> str:
    """人民币大写 of an amount in 元, by 会计基础工作规范 第五十二条.

    Written here rather than taken from cn2an's "rmb" mode: cn2an follows the
    banks' 正确填写票据和结算凭证的基本规定 and leaves 整 off an amount that
    ends in 角 (1.5 → 壹元伍角), while 第五十二条（三） says an amount that stops
    at 元 *or 角* gets 整 (壹元伍角整); it drops the 零 when a whole 万 group is
    zero (2000003002 → 贰拾亿叁仟零贰元, where 第五十二条（五） asks for 贰拾亿零叁仟…);
    and it rounds sub-分 input silently (1.005 → 壹元整). Everywhere else the two
    agree, and a test compares them on many amounts.

    Choices where 第五十二条（五） allows either form: a run of zeros is written
    as one 零; a zero absorbed by 万 or 亿 (105000 → 壹拾万伍仟) takes none; when
    the 元 digit is 0 but 角 is not (10.5) no 零 is written (壹拾元伍角整).
    Negative, non-numeric and sub-分 amounts are refused with an XxhError.
    """
    if isinstance(amount, float):
        raise XxhError("金额不能用浮点数表示，请传入 Decimal 或文本。")
    value = to_decimal(amount)
    if value < 0:
        raise XxhError(f"金额“{amount}”为负数，不能写成人民币大写。")
    if value != value.quantize(FEN):
        raise XxhError(f"金额“{amount}”超过2位小数（最小单位为分），不能写成人民币大写。")
    if value >= RMB_UPPER_LIMIT:
        raise XxhError(f"金额“{amount}”过大，不能写成人民币大写。")
    fen_total = int(value.quantize(FEN) * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return "零元整"
    text = _integer_upper(yuan) + "元" if yuan else ""
    if jiao:
        text += _UPPER_DIGITS[jiao] + "角"
    elif fen and yuan:
        text += "零"  # 1010.05 → 壹仟零壹拾元零伍分: the 0 between 元 and 分
    if fen:
        return text + _UPPER_DIGITS[fen] + "分"  # 第五十二条（三）: no 整 after 分
    return text + "整"  # 第五十二条（三）: 到元或者角为止的 … 应当写“整”


def rmb_upper_prefixed(amount: Decimal | str | int) -> str:
    """«人民币» + `rmb_upper`: 第五十二条（四） asks for the currency's name in front
    of capitals where the form does not print it, with no gap between them."""
    return "人民币" + rmb_upper(amount)


def _integer_upper(n: int) -> str:
    """A positive whole number of 元 in capitals, grouped by 亿 and 万."""
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            text = _integer_upper(high) + unit
            if low == 0:
                return text
            # 第五十二条（五）: a zero between digits is written 零 — also when it
            # sits just after the 万/亿 unit (10005 → 壹万零伍).
            return text + ("零" if low < size // 10 else "") + _integer_upper(low)
    digits = str(n)
    out, zero_pending = [], False
    for i, ch in enumerate(digits):
        d = int(ch)
        if d == 0:
            zero_pending = True
            continue
        if zero_pending and out:
            out.append("零")
        zero_pending = False
        out.append(_UPPER_DIGITS[d] + _UPPER_PLACES[len(digits) - 1 - i])
    return "".join(out)
