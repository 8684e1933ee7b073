"""What every table owner shares: the workspace it serves and the column conversions.

An owner is the one module that reads and writes its table. It maps rows to the
typed records of `domain.records`, converts money and dates once, asks
`authority` before every write, notes what it changed, and writes the audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..amounts import fen_to_yuan, wan_to_yuan, yuan_to_fen, yuan_to_wan
from ..authority import Actor, NotPermitted
from ..domain import fields
from ..domain.text import text_problem
from ..domain.validation import content_length, fact_problem
from ..errors import XxhError

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

    def insert_row(self, table: str, row: Mapping[str, Any], *, or_ignore: bool = False) -> int:
        """One row, on the connection; its rowid. The writes an import repeats for every record go
        this way: sqlite-utils looks the table up again on each call."""
        columns = ", ".join(f'"{c}"' for c in row)
        cursor = self.database.connection().execute(
            f'INSERT{" OR IGNORE" if or_ignore else ""} INTO "{table}" ({columns}) '
            f'VALUES ({", ".join("?" * len(row))})', tuple(row.values()))
        return int(cursor.lastrowid)

    def update_row(self, table: str, key: str, value: Any, values: Mapping[str, Any]) -> None:
        """Set `values` in the row whose `key` column is `value` (the caller has read it), on the connection."""
        if values:
            self.database.connection().execute(
                f'UPDATE "{table}" SET {", ".join(f""""{c}" = ?""" for c in values)} WHERE "{key}" = ?',
                (*values.values(), value))

    def seed_many(self, rows: list[dict[str, Any]], table: str = "") -> None:
        """Rows of the demo's synthetic projects, in bulk; the demo loader only. `table` names
        one of the owner's `seed_tables` (default: its one `table`)."""
        table = table or self.table
        if not self.actor.seed or not table or table not in (self.table, *self.seed_tables):
            raise NotPermitted("只有演示数据可以成批写入。")
        if rows:
            with self.database.transaction():
                self.db[table].insert_all(rows, batch_size=500)


# Free text kept beside the records that the catalogue does not list as a field of a form.
NOTE_LIMIT = 2000


def checked(key: str, value: str) -> str:
    """`value` as field `key` of the catalogue may hold it, else XxhError naming the field.

    The one sanitiser every text write passes (the window, the CLI and imports alike):
    `validation.fact_problem` — no lone surrogates, NUL or other control characters (line
    breaks and tabs only in a multi-line field), no direction overrides, the catalogue's
    length (附件1 说明2: 200 字) and a printed one-line field within its cell's columns (说明1).
    """
    if problem := fact_problem(key, value):
        raise XxhError(f"{problem}，未保存。")
    return value


def checked_note(label: str, value: str, *, multiline: bool = True) -> str:
    """Free text that is not a form's field (a move's reason, why a material is missing)."""
    problem = text_problem(value, multiline=multiline)
    if problem is None and (n := content_length(value)) > NOTE_LIMIT:
        problem = f"共 {n} 字，超过 {NOTE_LIMIT} 字"
    if problem:
        raise XxhError(f"「{label}」{problem}，未保存。")
    return value


def check_texts(record: str, values: Mapping[str, Any]) -> None:
    """`checked` for every text value of a record's attributes that the catalogue lists."""
    for name, value in values.items():
        key = f"{record}.{name}"
        if isinstance(value, str) and key in fields.FIELDS:
            checked(key, value)


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
