"""Owner of `accounts`: who may sign in, with which roles, and the sign-in bookkeeping.

Passwords are never stored, only their scrypt hashes (`passwords.py`). Managing
accounts is the 系统管理 role's (`authority`), except the first account of a
machine, which makes the administrator (or a department's local account).
Separation of duties: the last active 系统管理 account cannot also hold 审计,
and the last one cannot lose the role or be disabled.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import Any

from .. import authority
from ..domain.accounts import ROLES, SAME_FULL_NAME, Account, Role, roles_text
from ..domain.text import identity_key, shown
from ..errors import UNREADABLE_ADVICE, UnreadableValue, XxhError
from .changes import Area
from .owner import Owner


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds") if moment else None


_ROLE_NAMES = frozenset(r.value for r in ROLES)


def read_roles(stored: str) -> frozenset[Role] | None:
    """An account's roles as stored (a JSON list of role names); None when they do not read so."""
    try:
        names = json.loads(stored)
    except (TypeError, ValueError):
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) and n in _ROLE_NAMES for n in names):
        return None
    return frozenset(Role(n) for n in names)


def stored_accounts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Each account as the file on `conn` stores it — user name, full name, roles (JSON text),
    active, local, password hash, locked until — in the order `Accounts.all` lists them, read
    without a workspace (a backup before it is restored); none when the file has no such table
    (its first versions)."""
    if not conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'accounts'").fetchone()[0]:
        return []
    return conn.execute("SELECT name, full_name, roles, active, local, password_hash, locked_until FROM accounts "
                        "ORDER BY created_at, name").fetchall()


def _unreadable(row: dict[str, Any], what: str) -> UnreadableValue:
    # Every sign-in reads every account (`automatic_person`): one such row stops everyone's.
    return UnreadableValue(f"账户「{shown(str(row['name']), 40)}」{what}，无法读取{UNREADABLE_ADVICE}")


def _account(row: dict[str, Any]) -> Account:
    roles = read_roles(row["roles"])
    if roles is None:
        raise _unreadable(row, f"的角色「{shown(str(row['roles']), 40)}」不是本系统角色的列表")
    try:
        return Account(
            name=row["name"], full_name=row["full_name"], roles=roles,
            password_hash=row["password_hash"], local=bool(row["local"]), active=bool(row["active"]),
            failed_count=row["failed_count"], locked_until=_time(row["locked_until"]),
            last_success_at=_time(row["last_success_at"]), last_failure_at=_time(row["last_failure_at"]),
            created_at=_time(row["created_at"]))
    except (TypeError, ValueError):
        raise _unreadable(row, "的登录时间记录不是有效的时间") from None


def separation_problem(accounts: list[Account]) -> str | None:
    """等保 三权分立 as far as one machine allows: someone must administer, and not audit themself."""
    admins = [a for a in accounts if a.active and Role.ADMIN in a.roles]
    if not admins:
        return "至少要保留一个启用的「系统管理」账户（否则无人能管理账户和备份）"
    if len(admins) == 1 and Role.AUDIT in admins[0].roles:
        return (f"最后一个「系统管理」账户「{admins[0].name}」不能同时担任「审计」（管理与审计须分开）；"
                "请另设审计账户")
    return None


class Accounts(Owner):
    table = "accounts"

    def exist(self) -> bool:
        # A file of the first version has no such table while the backup before its upgrade is audited.
        # Read on the connection: every CLI command asks, sqlite-utils need not be loaded for it.
        if not self.database.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'accounts'"):
            return False
        return bool(self.database.scalar("SELECT EXISTS (SELECT 1 FROM accounts)"))

    def get(self, name: str) -> Account | None:
        row = self.database.first("SELECT * FROM accounts WHERE name = ?", (name.strip(),))
        return _account(row) if row else None

    def all(self) -> list[Account]:
        return [_account(r) for r in self.database.rows("SELECT * FROM accounts ORDER BY created_at, name")]

    # ------------------------------------------------------------------ managed by 系统管理

    def _require_admin(self, what: str) -> None:
        if self.exist():
            authority.require_role(self.actor, Role.ADMIN, what)

    def _check_separation(self, changed: Account) -> None:
        after = [changed if a.name.casefold() == changed.name.casefold() else a for a in self.all()]
        if all(a.name.casefold() != changed.name.casefold() for a in after):
            after.append(changed)
        why = separation_problem(after)
        if why:
            raise authority.NotPermitted(why + "。")

    def add(self, account: Account, now: datetime) -> None:
        with self.database.transaction():
            self._require_admin("新建账户")
            if self.get(account.name) is not None:
                raise XxhError(f"账户「{account.name}」已存在。")
            self._check_distinct(account)
            self._check_separation(account)
            self.db["accounts"].insert({
                "name": account.name, "full_name": account.full_name,
                "roles": json.dumps([r.value for r in ROLES if r in account.roles], ensure_ascii=False),
                "password_hash": account.password_hash, "local": int(account.local), "active": 1,
                "created_at": _stamp(now), "password_changed_at": _stamp(now) if account.password_hash else None,
            })
            self.database.note(Area.ACCOUNTS)
            self.ws.forget_actor()
            self.ws.audit_log.append("新建账户", account.name, after={
                "姓名": account.full_name, "角色": roles_text(account.roles),
                "密码": "已设置" if account.password_hash else "未设置（本机单账户）"})

    def _check_distinct(self, new: Account) -> None:
        """A new account is told apart from every other: by its user name when signing in (an older
        database may hold a full-width or foreign look-alike), and by `who` in the audit log."""
        others = self.all()
        name = identity_key(new.name)
        alike = next((a for a in others if identity_key(a.name) == name), None)
        if alike is not None:
            raise XxhError(f"用户名「{new.name}」与已有账户「{alike.name}」看起来相同，请另取一个。")
        if any(identity_key(a.who) == identity_key(new.who) for a in others):
            raise XxhError(SAME_FULL_NAME)

    def _existing(self, name: str) -> Account:
        account = self.get(name)
        if account is None:
            raise XxhError(f"没有名为「{name}」的账户。")
        return account

    def set_roles(self, name: str, roles: frozenset[Role]) -> None:
        with self.database.transaction():
            self._require_admin("分配角色")
            before = self._existing(name)
            if not roles:
                raise XxhError("请至少选择一个角色；要让此人不再使用本程序，请停用其账户。")
            if before.roles == roles:
                return
            self._check_separation(Account(before.name, before.full_name, roles, active=before.active))
            self.db["accounts"].update(before.name, {
                "roles": json.dumps([r.value for r in ROLES if r in roles], ensure_ascii=False)})
            self.database.note(Area.ACCOUNTS)
            self.ws.forget_actor()
            self.ws.audit_log.append("修改角色", before.name, before=roles_text(before.roles), after=roles_text(roles))

    def set_active(self, name: str, active: bool) -> None:
        with self.database.transaction():
            self._require_admin("启用或停用账户")
            before = self._existing(name)
            if before.active == active:
                return
            if not active and self.ws.person is not None and self.ws.person.name.casefold() == name.casefold():
                raise XxhError("不能停用自己正在使用的账户。")
            self._check_separation(Account(before.name, before.full_name, before.roles, active=active))
            self.db["accounts"].update(before.name, {"active": int(active)})
            self.database.note(Area.ACCOUNTS)
            self.ws.audit_log.append("启用账户" if active else "停用账户", before.name)

    def reset_password(self, name: str, password_hash: str, now: datetime) -> None:
        """An administrator sets a new password for someone (who never sees the old one)."""
        with self.database.transaction():
            self._require_admin("重置他人密码")
            before = self._existing(name)
            self._write_password(before.name, password_hash, now)
            self.ws.audit_log.append("重置密码", before.name, after={"解除锁定": "是"})

    def unlock(self, name: str) -> None:
        with self.database.transaction():
            self._require_admin("解除账户锁定")
            before = self._existing(name)
            self.db["accounts"].update(before.name, {"failed_count": 0, "locked_until": None})
            self.database.note(Area.ACCOUNTS)
            self.ws.audit_log.append("解除锁定", before.name)

    # ------------------------------------------------------------------ the person's own

    def change_own_password(self, name: str, password_hash: str, now: datetime) -> None:
        """The signed-in person's new password (`accounts.change_password` has checked the old one)."""
        with self.database.transaction():
            person = self.ws.person
            if person is None or person.name.casefold() != name.casefold():
                raise authority.NotPermitted("只能修改自己的密码；他人的密码由系统管理员重置。")
            self._write_password(person.name, password_hash, now)
            self.ws.audit_log.append("修改密码", person.name)

    def _write_password(self, name: str, password_hash: str, now: datetime) -> None:
        self.db["accounts"].update(name, {"password_hash": password_hash, "password_changed_at": _stamp(now),
                                          "failed_count": 0, "locked_until": None})
        self.database.note(Area.ACCOUNTS)

    # ------------------------------------------------------------------ sign-in bookkeeping

    def record_success(self, name: str, now: datetime) -> None:
        # On the connection, as `exist` and `all`: every CLI command on an office signs in first.
        with self.database.transaction():
            self.database.connection().execute(
                "UPDATE accounts SET failed_count = 0, locked_until = NULL, last_success_at = ? WHERE name = ?",
                (_stamp(now), name))

    def record_failure(self, name: str, failed_count: int, locked_until: datetime | None, now: datetime) -> None:
        with self.database.transaction():
            self.db["accounts"].update(name, {"failed_count": failed_count, "locked_until": _stamp(locked_until),
                                              "last_failure_at": _stamp(now)})
