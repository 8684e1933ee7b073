"""Accounts for tests: one per role on a machine, and signing in as one of them."""

from __future__ import annotations

from xxh_desktop import accounts
from xxh_desktop.domain.accounts import Role
from xxh_desktop.workspace import Workspace

from builders import seeded

PASSWORD = "Test#Pass2027"
NAMES = {Role.ADMIN: "guanli", Role.ENTRY: "luru", Role.REVIEW: "shenhe", Role.AUDIT: "shenji"}
FULL_NAMES = {Role.ADMIN: "张管理", Role.ENTRY: "王录入", Role.REVIEW: "李审核", Role.AUDIT: "赵审计"}


def one_per_role(ws: Workspace) -> Workspace:
    """The four accounts (系统管理 first, as a machine's first account must be), nobody signed in."""
    accounts.create_account(ws, NAMES[Role.ADMIN], FULL_NAMES[Role.ADMIN], frozenset({Role.ADMIN}), PASSWORD)
    with seeded(ws):
        for role in (Role.ENTRY, Role.REVIEW, Role.AUDIT):
            accounts.create_account(ws, NAMES[role], FULL_NAMES[role], frozenset({role}), PASSWORD)
    return ws


def sign_in_as(ws: Workspace, role: Role) -> Workspace:
    if ws.person is not None:
        ws.sign_out()
    ws.sign_in(NAMES[role], PASSWORD)
    return ws
