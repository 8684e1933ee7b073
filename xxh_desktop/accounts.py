"""Signing in and managing accounts (PRODUCT.md §11, 等保2.0 第二级: 身份鉴别, 访问控制).

The window and the CLI both sign in here (`ws.sign_in`); afterwards
`ws.actor` is the person, with their roles, and every refusal of the core
names the role a write needs. Five failed passwords in a row lock the account
for fifteen minutes; every sign-in, failure, lockout, sign-out and change to an
account is audited. Times are UTC here and local when shown; `now` is
injectable, so the lockout is tested without waiting.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING

from . import authority
from .domain.accounts import (
    IDLE_LOCK_DEFAULT_MINUTES, LOCAL_ROLES, LOCKOUT_FAILURES, LOCKOUT_TIME, Account, Role, full_name_problem,
    name_problems, require_strong,
)
from .domain.fields import Side
from .errors import XxhError
from .passwords import hash_password, verify_password
from .storage.setting_domains import IDLE_MINUTES, IDLE_RANGE

if TYPE_CHECKING:
    from .workspace import Workspace

WRONG = "用户名或密码错误。"
NOBODY = "未登录"


@cache
def _decoy() -> str:
    return hash_password("decoy")


class SignInRefused(XxhError):
    """A refused sign-in: wrong name or password, a locked or disabled account."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_text(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "无"


@dataclass(frozen=True)
class SignIn:
    """A successful sign-in, with what the person should see about the earlier ones."""

    account: Account
    previous_success: datetime | None
    previous_failure: datetime | None

    @property
    def failed_since(self) -> bool:
        """A failed sign-in since the last successful one: someone may have tried this account."""
        return bool(self.previous_failure and (self.previous_success is None
                                               or self.previous_failure > self.previous_success))

    @property
    def summary(self) -> str:
        text = f"上次成功登录：{local_text(self.previous_success)}；上次登录失败：{local_text(self.previous_failure)}"
        if self.failed_since:
            text += "（在上次成功登录之后，如非本人所为请告知系统管理员）"
        return text

    @property
    def brief(self) -> str:
        """For the status bar: the last sign-in, and a failure since then."""
        text = f"上次登录：{local_text(self.previous_success)}"
        if self.failed_since:
            text += f"，其后登录失败：{local_text(self.previous_failure)}"
        return text


def sign_in(ws: Workspace, name: str, password: str, *, now: datetime | None = None, via: str = "窗口") -> SignIn:
    """Check `password` for account `name`; on success `ws` acts as that person."""
    return begin_sign_in(ws, name, password, now=now, via=via).finish()


def begin_sign_in(ws: Workspace, name: str, password: str, *, now: datetime | None = None,
                  via: str = "窗口") -> PendingSignIn:
    """Read account `name` and begin checking `password` on a worker thread; `finish()` on this
    thread ends it as `sign_in` does. A window is built meanwhile: scrypt runs without Python's lock."""
    return PendingSignIn(ws, name, password, now or utc_now(), via)


class PendingSignIn:
    """A sign-in begun: the account read (nothing written), the password's scrypt on a thread.

    Whether the password matched is known only inside `finish`, which does everything `sign_in`
    always did — the sign-out of whoever was signed in, the refusals, the failure count and
    lockout, the audit entries, `ws.person` — on the caller's thread and connection."""

    def __init__(self, ws: Workspace, name: str, password: str, now: datetime, via: str) -> None:
        self._ws = ws
        self._name = name
        self._now = now
        self._via = via
        self._account = ws.accounts.get(name)
        self._matches = False
        self._error: BaseException | None = None
        self._finished = False
        self._thread: threading.Thread | None = None
        account = self._account
        if account is not None and account.active and account.locked_at(now):
            return   # refused without a check, as always
        side = ws.settings.side

        def check() -> None:
            try:
                if account is None:
                    # as slow as a wrong password: the time taken must not tell which names exist
                    verify_password(password, _decoy())
                else:
                    # a disabled account's password too: only the right one is told it is disabled
                    self._matches = _password_matches(account, password, side)
            except BaseException as exc:   # raised again by `finish`, on the caller's thread
                self._error = exc

        self._thread = threading.Thread(target=check, name="xxh-sign-in", daemon=True)
        self._thread.start()

    @property
    def done(self) -> bool:
        """The check has ended: `finish` will not wait."""
        return self._thread is None or not self._thread.is_alive()

    def finish(self) -> SignIn:
        """Wait for the check, then sign in or raise `SignInRefused` (audited either way)."""
        if self._finished:
            raise XxhError("这次登录已经处理过了，请重新输入密码。")
        self._finished = True
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        ws, account, now = self._ws, self._account, self._now
        if ws.person is not None:
            sign_out(ws)
        if account is None or not (account.active or self._matches):
            # A disabled account answers a wrong password as an unknown name does: a stranger cannot
            # learn which accounts exist. It counts no failures: it cannot sign in anyway.
            ws.audit_log.append("登录失败", self._name.strip(), result="失败：用户名或密码错误" if account is None
                                else "失败：账户已停用，密码错误", who=NOBODY)
            raise SignInRefused(WRONG)
        if not account.active:
            ws.audit_log.append("登录失败", self._name.strip(), result="失败：账户已停用", who=NOBODY)
            raise SignInRefused(f"账户「{account.name}」已停用，请联系系统管理员。")
        if account.locked_at(now):
            ws.audit_log.append("登录失败", account.name, result="拒绝：账户已锁定", who=NOBODY)
            raise SignInRefused(_locked_message(account, account.locked_until))
        if not self._matches:
            _failed(ws, account, now)
        try:
            with ws.transaction():   # the sign-in and its audit entry stand or fall together: one commit
                ws.accounts.record_success(account.name, now)
                ws.person = ws.accounts.get(account.name)
                ws.forget_actor()
                ws.audit_log.append("登录", account.name, after={"方式": self._via})
        except BaseException:
            ws.person = None   # nobody is signed in whose sign-in the audit log does not hold
            ws.forget_actor()
            raise
        return SignIn(ws.person, account.last_success_at, account.last_failure_at)


def _password_matches(account: Account, password: str, side: Side | None) -> bool:
    if not account.has_password:
        # A department's local account without a password (PRODUCT.md §11), on a department's
        # machine only: at the office such a row (a restored backup edited outside the program)
        # would let any password in.
        return account.local and side == Side.UNIT
    return verify_password(password, account.password_hash)


def _failed(ws: Workspace, account: Account, now: datetime) -> None:
    """Count a wrong password; the fifth in a row locks the account (等保: 登录失败处理)."""
    failures = account.failed_count + 1
    locked_until = now + LOCKOUT_TIME if failures >= LOCKOUT_FAILURES else None
    with ws.transaction():
        ws.accounts.record_failure(account.name, 0 if locked_until else failures, locked_until, now)
        ws.audit_log.append("登录失败", account.name, result=f"失败：密码错误（连续第 {failures} 次）", who=NOBODY)
        if locked_until:
            ws.audit_log.append("账户锁定", account.name, after={"锁定至": local_text(locked_until)},
                                result=f"连续 {failures} 次密码错误", who=NOBODY)
    if locked_until:
        raise SignInRefused(_locked_message(account, locked_until))
    raise SignInRefused(WRONG + f"（再错 {LOCKOUT_FAILURES - failures} 次，账户将锁定 "
                                f"{int(LOCKOUT_TIME.total_seconds() // 60)} 分钟）")


def _locked_message(account: Account, until: datetime | None) -> str:
    return (f"账户「{account.name}」因连续 {LOCKOUT_FAILURES} 次密码错误已锁定，请于 {local_text(until)} 后再试，"
            "或请系统管理员解除锁定。")


def sign_out(ws: Workspace) -> None:
    if ws.person is None:
        return
    ws.audit_log.append("登出", ws.person.name)
    ws.person = None
    ws.forget_actor()


def read_as_sign_in(ws: Workspace) -> None:
    """Read what every sign-in reads: the accounts, then this machine's side and unit for its audit
    entry. Raises `UnreadableValue` where they were changed outside the program and do not read:
    nobody can sign in to such a file (a restore counts it as damaged)."""
    ws.accounts.all()
    ws.forget_actor()
    _ = ws.actor


def automatic_person(ws: Workspace) -> Account | None:
    """A department machine's single local account without a password: no sign-in asked."""
    active = [a for a in ws.accounts.all() if a.active]
    if len(active) == 1 and active[0].local and not active[0].has_password:
        return active[0]
    return None


def needs_sign_in(ws: Workspace) -> bool:
    """Whether this database asks who is there: it has accounts and none signs in by itself."""
    return ws.accounts.exist() and automatic_person(ws) is None


# ---------------------------------------------------------------------- the idle lock


def idle_minutes(ws: Workspace) -> int:
    """After how many idle minutes the window locks (a setting, default 15)."""
    return int(ws.settings.get(IDLE_MINUTES, IDLE_LOCK_DEFAULT_MINUTES))


def set_idle_minutes(ws: Workspace, minutes: int) -> None:
    low, high = IDLE_RANGE
    if not low <= minutes <= high:
        raise XxhError(f"自动锁定时间应在 {low} 到 {high} 分钟之间。")
    ws.settings.put(IDLE_MINUTES, minutes, action="设置自动锁定时间")


def lock(ws: Workspace) -> None:
    """The window locked itself after idle time (or by hand): audited, the person stays signed in."""
    if ws.person is not None:
        ws.audit_log.append("锁定", ws.person.name)


def unlock(ws: Workspace, password: str, *, now: datetime | None = None) -> None:
    """The signed-in person's password again; failures count toward the lockout as at sign-in."""
    person = ws.person
    if person is None:
        raise SignInRefused("没有登录的账户。")
    now = now or utc_now()
    account = ws.accounts.get(person.name)
    if account is None or not account.active:
        raise SignInRefused("账户已停用，请联系系统管理员。")
    if account.locked_at(now):
        raise SignInRefused(_locked_message(account, account.locked_until))
    if not _password_matches(account, password, ws.settings.side):
        _failed(ws, account, now)
    ws.accounts.record_success(account.name, now)
    ws.audit_log.append("解锁", account.name)


# ---------------------------------------------------------------------- accounts


def listing(ws: Workspace) -> list[Account]:
    """Every account, for the one who manages them (系统管理)."""
    authority.require_role(ws.actor, Role.ADMIN, "查看和管理账户")
    return ws.accounts.all()


def _checked_name(name: str) -> str:
    problems = name_problems(name)
    if problems:
        raise XxhError("用户名不符合要求：" + "；".join(problems) + "。")
    return name.strip()


def _checked_full_name(full_name: str) -> str:
    problem = full_name_problem(full_name)
    if problem:
        raise XxhError(problem)
    return full_name.strip()


def create_account(ws: Workspace, name: str, full_name: str, roles: frozenset[Role], password: str,
                   *, now: datetime | None = None) -> Account:
    """A new account with a strong password; the first of a machine must be able to administer."""
    name = _checked_name(name)
    full_name = _checked_full_name(full_name)
    if not roles:
        raise XxhError("请至少选择一个角色。")
    if not ws.accounts.exist() and Role.ADMIN not in roles:
        raise XxhError("本机的第一个账户须担任「系统管理」（由它管理其他账户）。")
    require_strong(password, name)
    account = Account(name, full_name, frozenset(roles), hash_password(password))
    ws.accounts.add(account, now or utc_now())
    return account


def create_local_account(ws: Workspace, name: str, full_name: str = "", password: str = "",
                         *, now: datetime | None = None) -> Account:
    """A department machine's single local account (业务录入 and 系统管理); the password may be left out."""
    from .domain.fields import Side

    if ws.settings.side != Side.UNIT:
        raise XxhError("本机单账户只用于项目建设单位的电脑；县智慧办须设系统管理员并设置密码。")
    if ws.accounts.exist():
        raise XxhError("本机已有账户，不能再设本机单账户。")
    name = _checked_name(name)
    full_name = _checked_full_name(full_name)
    if password:
        require_strong(password, name)
    account = Account(name, full_name, LOCAL_ROLES, hash_password(password) if password else "", local=True)
    ws.accounts.add(account, now or utc_now())
    return account


def change_password(ws: Workspace, old: str, new: str, *, now: datetime | None = None) -> None:
    """The signed-in person's own password: the old one first (等保: 鉴别信息)."""
    person = ws.person
    if person is None:
        raise XxhError("请先登录，再修改自己的密码。")
    account = ws.accounts.get(person.name)
    side = ws.settings.side
    if account is None or not _password_matches(account, old, side) or (account.has_password and not old):
        raise SignInRefused("原密码不对，密码未修改。")
    if old == new:
        raise XxhError("新密码不能与原密码相同。")
    require_strong(new, account.name)
    ws.accounts.change_own_password(account.name, hash_password(new), now or utc_now())


def reset_password(ws: Workspace, name: str, new: str, *, now: datetime | None = None) -> None:
    """An administrator gives `name` a new password (audited; the old one is never shown)."""
    require_strong(new, name.strip())
    ws.accounts.reset_password(name, hash_password(new), now or utc_now())
