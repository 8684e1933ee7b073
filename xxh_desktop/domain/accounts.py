"""Accounts and roles (PRODUCT.md §11, 等保2.0 第二级 安全计算环境): the plain values.

Four roles, least privilege: what each may write is decided in `authority.py`.
The password rules, the name rules and the lockout policy live here, once. The audit
log names a person by their 姓名 (`Account.who`), so no two accounts may read alike there.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from ..errors import XxhError
from . import fields
from .text import text_problem
from .validation import content_length

if TYPE_CHECKING:
    import regex


class Role(StrEnum):
    ENTRY = "业务录入"
    REVIEW = "审核"
    ADMIN = "系统管理"
    AUDIT = "审计"


ROLES = tuple(Role)

DUTIES: dict[Role, str] = {
    Role.ENTRY: "填写申报表和采购申报、上传材料、导入导出交换文件、导出和打印",
    Role.REVIEW: "审核清单、书面审核意见、阶段移动和项目状态、整改、计划备案、采购申报审核",
    Role.ADMIN: "账户和角色、本机设置、备份和恢复，不改业务数据",
    Role.AUDIT: "查看和导出审计日志，只读",
}

# A department machine's single local account: it fills in and sends its own
# forms and keeps its own machine (no separate reviewer or auditor there).
LOCAL_ROLES = frozenset({Role.ENTRY, Role.ADMIN})

MIN_PASSWORD_LENGTH = 10
MIN_CLASSES = 3
MAX_NAME_LENGTH = 32
# A new user name: ASCII only, so no full-width or foreign letter can pass for another's name.
LOGIN_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
# 姓名 holds a person's name, as the forms' 负责人 does.
FULL_NAME_LIMIT = fields.field("declaration.leader").max_length or 20
SAME_FULL_NAME = "已有账户使用此姓名，审计日志须能分清是谁，请加以区分（如 王录入（办公室））。"
LOCKOUT_FAILURES = 5                     # failures in a row …
LOCKOUT_TIME = timedelta(minutes=15)     # … lock the account this long
IDLE_LOCK_DEFAULT_MINUTES = 15


@dataclass(frozen=True)
class Account:
    name: str                           # what is typed to sign in
    full_name: str                      # 姓名, as the audit log names the person
    roles: frozenset[Role]
    password_hash: str = field(default="", repr=False)   # "" only for a department's local account
    local: bool = False                 # a department machine's single local account
    active: bool = True
    failed_count: int = 0               # failures in a row since the last success
    locked_until: datetime | None = None
    last_success_at: datetime | None = None
    last_failure_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def who(self) -> str:
        return self.full_name or self.name

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def roles_text(roles: frozenset[Role] | set[Role]) -> str:
    return "、".join(r.value for r in ROLES if r in roles) or "无"


def parse_roles(texts: list[str] | tuple[str, ...]) -> frozenset[Role]:
    roles = set()
    for text in texts:
        try:
            roles.add(Role(text.strip()))
        except ValueError:
            raise XxhError(f"没有「{text}」这个角色；角色只能是：{roles_text(set(ROLES))}。") from None
    return frozenset(roles)


def name_problems(name: str) -> list[str]:
    if not name.strip():
        return ["用户名不能为空"]
    problems = []
    if name != name.strip() or any(c.isspace() for c in name):
        problems.append("用户名不能含空格")
    if any(not c.isprintable() for c in name):
        problems.append("用户名不能含控制字符")
    if len(name) > MAX_NAME_LENGTH:
        problems.append(f"用户名最多 {MAX_NAME_LENGTH} 个字符")
    if not problems and not LOGIN_NAME.fullmatch(name):
        problems.append("用户名只能由英文字母、数字和 . _ - 组成，且以字母或数字开头和结尾（如 wanglr）")
    return problems


@functools.cache
def _unseen() -> regex.Pattern[str]:
    """What shows as nothing or rides on the character before it (a 姓名 «张管理ㅤ» must not pass
    for 张管理): default-ignorable code points (format characters, the Hangul fillers, variation
    selectors), the Braille blank, and combining marks left after NFC."""
    import regex   # here, not at import: the sign-in dialog does not need it

    return regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\u2800]")


def full_name_problem(full_name: str) -> str | None:
    """Why `full_name` cannot name a person in the audit log (in Chinese), or None: one clean line
    (`text_problem`), nothing invisible, not blank, and no longer than a person's name on the forms."""
    if not full_name.strip():
        return "请填写姓名：审计日志以姓名记录是谁操作。"
    problem = text_problem(full_name)
    if problem is None and _unseen().search(unicodedata.normalize("NFC", full_name)):
        problem = "含有看不见或叠加在前一字上的字符（如零宽字符、填充符、组合附加符号）"
    if problem is None and (n := content_length(full_name)) > FULL_NAME_LIMIT:
        problem = f"共 {n} 字，超过 {FULL_NAME_LIMIT} 字"
    return f"姓名{problem}。" if problem else None


def _classes(password: str) -> int:
    kinds = (str.isupper, str.islower, str.isdigit)
    found = {i for c in password for i, k in enumerate(kinds) if k(c)}
    if any(not (c.isupper() or c.islower() or c.isdigit()) for c in password):
        found.add(len(kinds))   # symbols, and any other character (汉字 among them)
    return len(found)


def password_problems(password: str, name: str) -> list[str]:
    """Why `password` is too weak for account `name` (等保: 口令复杂度); empty when strong."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符（现为 {len(password)} 个）")
    if _classes(password) < MIN_CLASSES:
        problems.append("密码须包含大写字母、小写字母、数字、符号中的至少三类")
    if name and name.casefold() in password.casefold():
        problems.append("密码不能包含用户名")
    if any(not c.isprintable() for c in password):
        problems.append("密码不能含控制字符")
    return problems


def require_strong(password: str, name: str) -> None:
    problems = password_problems(password, name)
    if problems:
        raise XxhError("密码不符合要求：" + "；".join(problems) + "。")
