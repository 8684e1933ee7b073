"""``xxh account …``: accounts from the command line (PRODUCT.md §11), for IT and scripts.

Every change goes through the core (`accounts.py`, the `accounts` owner), so
the role checks, the password rules and the audit entries are the window's.
New passwords come from ``XXH_NEW_PASSWORD`` or are typed twice at a terminal.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from . import accounts
from .cli_session import ask_password, open_workspace, out
from .domain.accounts import ROLES, parse_roles, roles_text
from .domain.text import tsv_field
from .errors import XxhError

NEW_PASSWORD_VARIABLE = "XXH_NEW_PASSWORD"


def new_password(name: str, *, optional: bool = False) -> str:
    if os.environ.get(NEW_PASSWORD_VARIABLE) is not None:
        return os.environ[NEW_PASSWORD_VARIABLE]
    first = ask_password(f"账户 {name} 的新密码{'（直接回车表示不设密码）' if optional else ''}：",
                         NEW_PASSWORD_VARIABLE)
    if optional and not first:
        return ""
    if ask_password("再输入一次：", NEW_PASSWORD_VARIABLE) != first:
        raise XxhError("两次输入的密码不一致，未修改。")
    return first


def cmd_account(args: argparse.Namespace) -> int:
    with open_workspace(args, create=args.action in ("add", "local")) as ws:
        if args.action == "list":
            for a in ws.accounts.all():
                state = "启用" if a.active else "停用"
                out("\t".join(tsv_field(f) for f in (a.name, a.full_name, roles_text(a.roles), state,
                                                     accounts.local_text(a.last_success_at))))
            return 0
        if not args.name:
            raise XxhError(f"account {args.action} 需要账户名。")
        if args.action in ("add", "local") and not args.full_name:
            raise XxhError(f"account {args.action} 需要 --full-name 姓名（审计日志以姓名记录是谁操作）。")
        if args.action == "add":
            roles = parse_roles(args.role or [])
            accounts.create_account(ws, args.name, args.full_name, roles, new_password(args.name))
            out(f"已新建账户 {args.name}（{roles_text(roles)}）。")
        elif args.action == "local":
            password = new_password(args.name, optional=True)
            accounts.create_local_account(ws, args.name, args.full_name, password)
            out(f"已设本机单账户 {args.name}" + ("。" if password else "（无密码，打开即用）。"))
        elif args.action == "roles":
            if not args.role:
                # an account is taken out of use by `disable`, never by losing its roles unnoticed
                raise XxhError("account roles 须至少给出一个 --role（可重复给出）；"
                               "要让此人不再使用本程序，请用 account disable。")
            roles = parse_roles(args.role)
            ws.accounts.set_roles(args.name, roles)
            out(f"账户 {args.name} 的角色：{roles_text(roles)}。")
        elif args.action == "passwd":
            if ws.person is None or ws.person.name.casefold() != args.name.casefold():
                raise XxhError("只能修改自己的密码：请用 --user 以该账户登录（原密码即登录密码）。")
            accounts.change_password(ws, ask_password("原密码：", "XXH_PASSWORD"), new_password(args.name))
            out(f"账户 {args.name} 的密码已修改。")
        elif args.action == "reset":
            accounts.reset_password(ws, args.name, new_password(args.name))
            out(f"账户 {args.name} 的密码已重置并解除锁定，请当面告知本人并请其尽快修改。")
        elif args.action in ("disable", "enable"):
            ws.accounts.set_active(args.name, args.action == "enable")
            out(f"账户 {args.name} 已{'启用' if args.action == 'enable' else '停用'}。")
        elif args.action == "unlock":
            ws.accounts.unlock(args.name)
            out(f"账户 {args.name} 已解除锁定。")
    return 0


def add_account_commands(command: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]
                         ) -> None:
    p = command("account", cmd_account,
                "账户：list 列出；add 新建（--role 可重复）；local 设项目建设单位的本机单账户；roles 改角色；"
                "passwd 改自己的密码；reset 重置他人密码；disable/enable 停用/启用；unlock 解除锁定。"
                "新密码取自环境变量 XXH_NEW_PASSWORD，或在终端中输入两次")
    p.add_argument("action", choices=("list", "add", "local", "roles", "passwd", "reset", "disable", "enable",
                                      "unlock"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--role", action="append", metavar="|".join(r.value for r in ROLES))
    p.add_argument("--full-name", metavar="姓名", help="add 和 local 必填：审计日志中的操作人，各账户不能相同")
