"""The time stamps the database records, and the day the rules count from.

`today()` is the one place the core asks for the date: the rules refuse an
event dated after it (PRODUCT.md §4, chronology), and tests fix it.
"""

from __future__ import annotations

from datetime import date, datetime


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def today() -> date:
    return date.today()
