"""What every table owner shares: the workspace it serves and the column conversions.

An owner is the one module that reads and writes its table. It maps rows to the
typed records of `domain.records`, converts money and dates once, asks
`authority` before every write, notes what it changed, and writes the audit entry.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..amounts import fen_to_yuan, wan_to_yuan, yuan_to_fen, yuan_to_wan
from ..authority import Actor, NotPermitted

if TYPE_CHECKING:
    import sqlite_utils

    from ..workspace import Workspace
    from .database import Database


class Owner:
    table = ""   # the table the owner keeps (several owners keep two or more and name none)
    seed_tables: tuple[str, ...] = ()   # tables the demo loader may fill in bulk besides `table`

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @property
    def database(self) -> Database:
        return self.ws.database

    @property
    def db(self) -> sqlite_utils.Database:
        return self.ws.database.utils

    @property
    def actor(self) -> Actor:
        return self.ws.actor

    def seed_many(self, rows: list[dict[str, Any]], table: str = "") -> None:
        """Rows of the demo's synthetic projects, in bulk; the demo loader only. `table` names
        one of the owner's `seed_tables` (default: its one `table`)."""
        table = table or self.table
        if not self.actor.seed or not table or table not in (self.table, *self.seed_tables):
            raise NotPermitted("只有演示数据可以成批写入。")
        if rows:
            with self.database.transaction():
                self.db[table].insert_all(rows, batch_size=500)


def to_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def from_date(d: date | None) -> str | None:
    return d.isoformat() if d else None


def to_month(text: str | None) -> date | None:
    return date.fromisoformat(text + "-01") if text else None


def from_month(d: date | None) -> str | None:
    return d.strftime("%Y-%m") if d else None


def to_wan(yuan: int | None) -> Decimal | None:
    """An integer 元 column as Decimal 万元."""
    return None if yuan is None else yuan_to_wan(yuan)


def from_wan(wan: Decimal | None) -> int | None:
    return None if wan is None else wan_to_yuan(wan)


def to_yuan(fen: int | None) -> Decimal | None:
    """An integer 分 column as Decimal 元."""
    return None if fen is None else fen_to_yuan(fen)


def from_yuan(yuan: Decimal | None) -> int | None:
    return None if yuan is None else yuan_to_fen(yuan)


def plain(value: Any) -> Any:
    """A typed value as the audit log writes it (dates ISO, Decimal as text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value
