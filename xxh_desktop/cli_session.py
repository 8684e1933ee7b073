"""What every CLI command shares: the database it opens, who signs in, and its output.

On a database with accounts every command signs in as the window does
(PRODUCT.md §11): ``--user NAME``, the password from ``XXH_PASSWORD`` or asked
for when a terminal is attached. A database without accounts (a fresh
``init``) and a department's single local account without a password ask for
nobody. The core then checks the person's roles.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from .accounts import automatic_person
from .domain.text import terminal_safe
from .errors import XxhError
from .paths import canonical, default_db_path
from .workspace import Workspace

PASSWORD_VARIABLE = "XXH_PASSWORD"


def db_path(args: argparse.Namespace) -> Path:
    if args.db:
        return canonical(args.db)
    return canonical(default_db_path(Path(args.data_dir) if args.data_dir else None))


OPENED: list[Workspace] = []   # this command's workspaces, for what they could not log (`unlogged`)


def open_workspace(args: argparse.Namespace, *, create: bool = True) -> Workspace:
    ws = Workspace.open(db_path(args), create=create)
    ws.user = "命令行"
    OPENED.append(ws)
    try:
        sign_in(ws, args)
    except BaseException:
        ws.close()
        raise
    return ws


def ask_password(prompt: str, variable: str) -> str:
    """A password from `variable`, else typed at the terminal (never echoed); refused without either."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise XxhError(f"需要密码：请在环境变量 {variable} 中提供，或在终端中运行以便输入。")


def sign_in(ws: Workspace, args: argparse.Namespace) -> None:
    """Sign in as `--user` when the database has accounts (等保: 身份鉴别)."""
    if not ws.accounts.exist():
        return
    alone = automatic_person(ws)
    if alone is not None and not args.user:
        ws.sign_in(alone.name, "", via="命令行")
        return
    if not args.user:
        raise XxhError("本数据库已设账户，请用 --user 用户名 登录（密码取自环境变量 XXH_PASSWORD，"
                       "或在终端中输入）。")
    ws.sign_in(args.user, ask_password(f"用户 {args.user} 的密码：", PASSWORD_VARIABLE), via="命令行")


def out(line: str = "") -> None:
    """A line on stdout; what came from data or a file cannot drive the terminal (`terminal_safe`)."""
    sys.stdout.write(terminal_safe(line) + "\n")


def unlogged() -> list[str]:
    """One line per read-only database this command used whose audit entries could not be written."""
    return [f"提示：{ws.read_only}，这次操作（{'、'.join(dict.fromkeys(ws.audit_log.unlogged))}）未能记入审计日志。"
            for ws in OPENED if ws.audit_log.unlogged]
