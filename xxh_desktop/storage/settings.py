"""Owner of `settings`: this machine's side and unit, preferences, and internal bookkeeping.

Values are JSON. The machine's side (县智慧办 / 项目建设单位) and unit are chosen
at first start (or by `xxh init --side`), and make the actor every write of
this machine carries (`authority.Actor`).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .. import authority
from ..domain.accounts import Role
from ..domain.fields import Side
from ..domain.text import shown
from ..errors import UNREADABLE_ADVICE, UnreadableValue, XxhError
from .changes import Area
from .owner import Owner
from .setting_domains import SIDE, UNIT, setting_problem


def stored_identity(conn: sqlite3.Connection) -> dict[str, str] | None:
    """The side and unit as the file on `conn` stores them (JSON text, by key), read without a
    workspace (a backup before it is restored); None when the file has no settings."""
    if not conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'settings'").fetchone()[0]:
        return None
    return dict(conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", (SIDE, UNIT)))


class Settings(Owner):
    def get(self, key: str, default: Any = None) -> Any:
        """The setting's value, `default` when it has none; `UnreadableValue` naming it when the
        stored value is not one the program reads as that setting (`setting_domains`)."""
        row = self.database.first("SELECT value FROM settings WHERE key = ?", (key,))
        if not row:
            return default
        value = _decoded(key, row["value"])
        if problem := setting_problem(key, value):
            raise UnreadableValue(f"数据库中的{problem}，无法读取{UNREADABLE_ADVICE}")
        return value

    def _before(self, key: str) -> Any:
        """What a change replaces, as stored: a value changed outside the program is set right by
        its setter, not refused by it."""
        row = self.database.first("SELECT value FROM settings WHERE key = ?", (key,))
        try:
            return _decoded(key, row["value"]) if row else None
        except UnreadableValue:
            return None

    def _write(self, key: str, value: Any) -> None:
        # On the connection: the audit chain's head is written with every audit entry (audit_log.py).
        self.database.connection().execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)))

    def put_internal(self, key: str, value: Any) -> None:
        """Bookkeeping the program keeps for itself (the audit head, the version that created the file)."""
        with self.database.transaction():
            self._write(key, value)

    def remove_internal(self, key: str) -> None:
        with self.database.transaction():
            self.db["settings"].delete_where("key = ?", [key])

    def put(self, key: str, value: Any, *, action: str | None = None) -> None:
        """A setting a person chose; audited as `action` when one is given. An audited
        setting is the 系统管理 role's; an unaudited one is a preference (the last folder)."""
        if action:
            authority.require_role(self.actor, Role.ADMIN, action)
        with self.database.transaction():
            before = self._before(key)
            if before == value:
                return
            self._write(key, value)
            self.database.note(Area.SETTINGS)
            if action:
                self.ws.audit_log.append(action, key, before=before if before is not None else "",
                                         after=value if value is not None else "")

    # ------------------------------------------------------------------ the machine's side

    @property
    def side(self) -> Side | None:
        value = self.get(SIDE)
        return Side(value) if value else None

    @property
    def unit(self) -> str:
        return self.get(UNIT, "") or ""

    def choose_side(self, side: Side | str, unit: str = "") -> None:
        """Set this machine's side (and, for a 项目建设单位, its unit), audited."""
        try:
            side = Side(side)
        except ValueError:
            raise XxhError(f"本机身份只能是「{Side.OFFICE}」或「{Side.UNIT}」，不能是「{side}」。") from None
        unit = unit.strip() if side == Side.UNIT else ""
        if side == Side.UNIT and not unit:
            raise XxhError("项目建设单位须填写本单位名称。")
        authority.require_role(self.actor, Role.ADMIN, "设置本机身份")
        with self.database.transaction():
            before = {"role": self._before(SIDE), "unit": self._before(UNIT)}
            self._write(SIDE, side.value)
            self._write(UNIT, unit)
            if unit:
                self.ws.units.ensure(unit)
            self.ws.forget_actor()
            self.database.note(Area.SETTINGS)
            self.ws.audit_log.append("设置本机身份", before=before, after={"role": side.value, "unit": unit})


def _decoded(key: str, stored: Any) -> Any:
    try:
        return json.loads(stored)
    except (TypeError, ValueError, RecursionError):
        raise UnreadableValue(f"设置「{shown(key, 40)}」的值「{shown(str(stored), 40)}」不是有效的 JSON 数据，"
                              f"无法读取{UNREADABLE_ADVICE}") from None
