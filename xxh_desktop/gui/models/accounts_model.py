"""The accounts of this machine, for the 系统管理 role's dialog."""

from __future__ import annotations

from ...accounts import local_text
from ...domain.accounts import Account, roles_text
from .text_table import TextTableModel

COLUMNS = ("用户名", "姓名", "角色", "状态", "上次登录", "上次登录失败")


def state(account: Account, locked: bool) -> str:
    if not account.active:
        return "已停用"
    if locked:
        return f"已锁定至 {local_text(account.locked_until)}"
    return "本机单账户" if account.local else "正常"


class AccountsModel(TextTableModel[Account]):
    COLUMNS = COLUMNS

    def set_accounts(self, accounts: list[Account], locked: set[str]) -> None:
        self._set(accounts, [(a.name, a.full_name, roles_text(a.roles), state(a, a.name in locked),
                              local_text(a.last_success_at), local_text(a.last_failure_at)) for a in accounts])

    def account(self, row: int) -> Account:
        return self.record(row)
