"""Money: Decimal in code, integers in SQLite.

附件1 amounts are 万元 with at most 4 decimals (to the yuan), stored as 元;
附件2 amounts are 元 with 2 decimals, stored as 分.
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
