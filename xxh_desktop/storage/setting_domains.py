"""What each setting the program reads may hold: one domain per key.

A setting is JSON in the `settings` table. Edited outside the program, «abc» as the idle lock's
minutes or −5 as the 第十三条 interval made the window's start or `deadlines` end in an internal
error, or compute due dates from a negative interval, while `check` passed the file. Each key the
program reads is declared here with its domain; `Settings.get` refuses a value outside it with
the setting named (`UnreadableValue`), and `value_problems` names every such value of a file
(`check`, the backup's and the restore's full check). The audit log's own two (its head and its
key's id) are checked with the chain (`audit_log.py`, `verify.py`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.fields import Side
from ..domain.text import shown

SIDE = "role"
UNIT = "unit"
IDLE_MINUTES = "idle_lock_minutes"
SECURITY_MONTHS = "security_assessment_months"
DECLARATION_DEADLINE = "declaration_deadline"
PDF_FONT = "pdf_font_path"
SIGNING_KEY = "signing_key_encrypted"
SIGNING_KEY_CLEAR = "signing_key"   # before issue 12: base64 of the raw key
CREATED_BY = "created_by_version"

IDLE_RANGE = (1, 120)
SECURITY_RANGE = (1, 36)
PEM_START = "-----BEGIN ENCRYPTED PRIVATE KEY-----"
SHOWN = 40   # characters of a value quoted


def read_month_day(text: object) -> tuple[int, int] | None:
    """'09-30' → (9, 30): a day of a (leap) year as 月-日; None when it is not one."""
    try:
        month_s, day_s = str(text).strip().split("-")
        month, day = int(month_s), int(day_s)
        date(2000, month, day)   # 2000 is a leap year, so 02-29 is accepted
    except (ValueError, TypeError):
        return None
    return month, day


def _whole(low: int, high: int, what: str) -> Callable[[Any], str]:
    def problem(value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return ""
        return f"不是 {low} 至 {high} 之间的整数（{what}）"
    return problem


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, str) else "不是文字"


def _side(value: Any) -> str:
    # None and '' are «not chosen yet» (the first start asks).
    return "" if value in (None, "", *(s.value for s in Side)) else f"不是「{Side.OFFICE}」或「{Side.UNIT}」"


def _month_day(value: Any) -> str:
    return "" if isinstance(value, str) and read_month_day(value) else "不是 月-日（例如 09-30）"


def _pem(value: Any) -> str:
    if isinstance(value, str) and value.isascii() and value.lstrip().startswith(PEM_START):
        return ""
    return "不是加密的签名密钥"


def _clear_key(value: Any) -> str:
    try:
        if isinstance(value, str) and len(base64.b64decode(value, validate=True)) == 32:
            return ""
    except (binascii.Error, ValueError):
        pass
    return "不是签名密钥"


@dataclass(frozen=True)
class Domain:
    title: str                          # as the clerk knows the setting
    problem: Callable[[Any], str]       # of the value read as JSON: '' when it is one the program reads


DOMAINS: dict[str, Domain] = {
    SIDE: Domain("本机身份", _side),
    UNIT: Domain("本机单位", _text),
    IDLE_MINUTES: Domain("自动锁定时间", _whole(*IDLE_RANGE, "分钟")),
    SECURITY_MONTHS: Domain("检测与风险评估间隔", _whole(*SECURITY_RANGE, "月数")),
    DECLARATION_DEADLINE: Domain("申报截止日", _month_day),
    PDF_FONT: Domain("PDF字体", _text),
    SIGNING_KEY: Domain("签名密钥", _pem),
    SIGNING_KEY_CLEAR: Domain("签名密钥", _clear_key),
    CREATED_BY: Domain("创建数据库的程序版本", _text),
}


def setting_problem(key: str, value: Any) -> str:
    """'' when `value` (read as JSON) is one the program reads as setting `key`, or `key` has no
    domain here; else a Chinese line naming the setting, quoting the value and saying what it is not."""
    domain = DOMAINS.get(key)
    problem = domain.problem(value) if domain else ""
    return problem and f"设置「{domain.title}」（{key}）的值「{shown(str(value), SHOWN)}」{problem}"
