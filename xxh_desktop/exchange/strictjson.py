"""JSON from an untrusted file, parsed strictly.

Python's json module accepts NaN and Infinity, keeps the last of duplicate
keys and parses integers of any length; each of these hides or smuggles data,
so each is refused here, as are floats (the format has none), nesting deeper
than the limit and strings that cannot be stored (lone surrogates).
"""

from __future__ import annotations

import json
from typing import Any

from .limits import Limits, Refused


class _Bad(Exception):
    pass


def loads(raw: bytes, what: str, limits: Limits, max_size: int) -> Any:
    if len(raw) > max_size:
        raise Refused(f"{what} 过大（{len(raw)} 字节，上限 {max_size} 字节）")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(f"{what} 不是 UTF-8 编码的文本") from None

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _Bad(f"{what} 中有重复的键「{key[:40]}」")
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise _Bad(f"{what} 中含有非数值 {name}（NaN/Infinity 不是合法的 JSON）")

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > limits.max_int_digits:
            raise _Bad(f"{what} 中有位数过多的整数（{len(digits)} 位，上限 {limits.max_int_digits} 位）")
        return int(digits)

    def floating(text: str) -> Any:
        raise _Bad(f"{what} 中有小数「{text[:20]}」，本格式只用整数（金额以元或分计）")

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=constant,
                           parse_int=integer, parse_float=floating)
    except _Bad as exc:
        raise Refused(str(exc)) from None
    except RecursionError:
        raise Refused(f"{what} 嵌套过深（上限 {limits.max_depth} 层）") from None
    except json.JSONDecodeError as exc:
        raise Refused(f"{what} 不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    except ValueError as exc:  # e.g. int() refusing a very long digit string
        raise Refused(f"{what} 不是合法的 JSON（{exc}）") from None
    _check_tree(value, what, limits)
    return value


def _check_tree(root: Any, what: str, limits: Limits) -> None:
    """Depth and storable strings, walked without recursion."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limits.max_depth:
                raise Refused(f"{what} 嵌套过深（超过 {limits.max_depth} 层）")
            children = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
            for key, child in children:
                if isinstance(key, str):
                    _check_text(key, what)
                stack.append((child, depth + 1))
        elif isinstance(value, str):
            _check_text(value, what)


def _check_text(text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(f"{what} 中有无效的字符（单独的代理码位）") from None


def dumps(value: Any) -> bytes:
    """The one way this format writes JSON: UTF-8, sorted keys, no NaN."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False).encode("utf-8")
