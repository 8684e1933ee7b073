"""The demo's accounts: one per role, with passwords printed in the README — for the demo only.

`xxh demo` makes them on a database that has no accounts yet, so the
demonstration shows the sign-in and every role's refusals. A database meant
for real work must not keep them (README: «演示账户»).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .accounts import create_account
from .demo import SEED
from .domain.accounts import Role

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class DemoAccount:
    name: str
    full_name: str
    role: Role
    password: str


# 系统管理 first: a machine's first account administers.
DEMO_ACCOUNTS = (
    DemoAccount("guanli", "张管理", Role.ADMIN, "Demo#Admin2027"),
    DemoAccount("luru", "王录入", Role.ENTRY, "Demo#Entry2027"),
    DemoAccount("shenhe", "李审核", Role.REVIEW, "Demo#Review2027"),
    DemoAccount("shenji", "赵审计", Role.AUDIT, "Demo#Audit2027"),
)


def create_demo_accounts(ws: Workspace) -> bool:
    """The four demo accounts, when the database has none; False when it already had accounts."""
    if ws.accounts.exist():
        return False
    with ws.transaction(), ws.acting_as(SEED):
        for account in DEMO_ACCOUNTS:
            create_account(ws, account.name, account.full_name, frozenset({account.role}), account.password)
    return True
