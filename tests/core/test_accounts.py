"""Accounts (issue 12, PRODUCT.md §11, 等保 身份鉴别): strong passwords, slow salted hashes,
lockout with an injected clock, what is shown after sign-in, the separation of duties,
a department's single local account, and the CLI signing in as the window does."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from accounts_support import NAMES, PASSWORD, one_per_role, sign_in_as

from xxh_desktop import accounts, passwords
from xxh_desktop.accounts import SignInRefused
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.accounts import LOCKOUT_FAILURES, Role, password_problems
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace

from builders import choose, seeded
from cli_support import xxh

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)


def _actions(ws: Workspace) -> list[tuple[str, str, str]]:
    with seeded(ws):   # reading the log is the 审计 role's; the test reads it as the demo loader would
        return [(e.action, e.target, e.result) for e in ws.audit_log.entries()]


# ---------------------------------------------------------------------- passwords


@pytest.mark.parametrize("password, problem", [
    ("Ab1#xyz", "至少 10 个字符"),                  # too short
    ("abcdefghijk", "至少三类"),                     # one class
    ("abcdefgh1234", "至少三类"),                    # two classes
    ("ABCDEFGH12#$", None),                          # upper, digit, symbol: three
    ("Guanli#2027abc", "不能包含用户名"),            # the name inside, any case
    ("密码很长很长的中文Ab", None),                  # 汉字 count as «other»: upper, lower, other
])
def test_weak_passwords_are_refused_naming_what_is_wrong(password: str, problem: str | None) -> None:
    problems = password_problems(password, "guanli")
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def test_a_weak_password_is_refused_and_no_account_is_made(ws: Workspace) -> None:
    with pytest.raises(XxhError, match="密码不符合要求：密码至少 10 个字符"):
        accounts.create_account(ws, "guanli", "张管理", frozenset({Role.ADMIN}), "Short#1")
    assert not ws.accounts.exist()


def test_the_first_account_must_administer(ws: Workspace) -> None:
    with pytest.raises(XxhError, match="第一个账户须担任「系统管理」"):
        accounts.create_account(ws, "luru", "王录入", frozenset({Role.ENTRY}), PASSWORD)


def test_only_a_salted_scrypt_hash_is_stored_with_its_parameters(ws: Workspace) -> None:
    accounts.create_account(ws, "guanli", "张管理", frozenset({Role.ADMIN}), PASSWORD)
    stored = ws.accounts.get("guanli").password_hash
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", passwords.N, passwords.R, passwords.P)
    assert passwords.verify_password(PASSWORD, stored) and not passwords.verify_password(PASSWORD + "x", stored)
    assert passwords.hash_password(PASSWORD) != stored   # salted: the same password hashes differently
    ws.database.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert PASSWORD.encode() not in ws.path.read_bytes()


# ---------------------------------------------------------------------- signing in, lockout


def test_lockout_after_five_failures_in_a_row_and_its_release(ws: Workspace) -> None:
    one_per_role(ws)
    name = NAMES[Role.REVIEW]
    for i in range(1, LOCKOUT_FAILURES):
        with pytest.raises(SignInRefused, match=f"再错 {LOCKOUT_FAILURES - i} 次"):
            ws.sign_in(name, "Wrong#Pass2027", now=T0 + timedelta(seconds=i))
    with pytest.raises(SignInRefused, match="已锁定"):
        ws.sign_in(name, "Wrong#Pass2027", now=T0 + timedelta(seconds=5))
    # locked: even the right password is refused for 15 minutes
    with pytest.raises(SignInRefused, match="已锁定"):
        ws.sign_in(name, PASSWORD, now=T0 + timedelta(minutes=15))
    assert ws.person is None
    # released after 15 minutes
    done = ws.sign_in(name, PASSWORD, now=T0 + timedelta(minutes=15, seconds=6))
    assert ws.person is not None and ws.actor.person == name and ws.actor.roles == frozenset({Role.REVIEW})
    assert "上次登录失败" in done.summary and "如非本人所为" in done.summary
    logged = _actions(ws)
    assert [a for a in logged if a[0] == "账户锁定"] == [("账户锁定", name, f"连续 {LOCKOUT_FAILURES} 次密码错误")]
    assert sum(1 for a in logged if a[0] == "登录失败") == LOCKOUT_FAILURES + 1
    assert ("登录", name, "成功") in logged


def test_a_success_resets_the_count(ws: Workspace) -> None:
    one_per_role(ws)
    name = NAMES[Role.ENTRY]
    for i in range(LOCKOUT_FAILURES - 1):
        with pytest.raises(SignInRefused):
            ws.sign_in(name, "nope", now=T0 + timedelta(seconds=i))
    ws.sign_in(name, PASSWORD, now=T0 + timedelta(seconds=10))
    ws.sign_out()
    with pytest.raises(SignInRefused, match=f"再错 {LOCKOUT_FAILURES - 1} 次"):
        ws.sign_in(name, "nope", now=T0 + timedelta(seconds=11))


def test_an_unknown_name_says_the_same_as_a_wrong_password_and_is_audited(ws: Workspace) -> None:
    one_per_role(ws)
    with pytest.raises(SignInRefused, match="^用户名或密码错误。$"):
        ws.sign_in("nobody", PASSWORD)
    assert ("登录失败", "nobody", "失败：用户名或密码错误") in _actions(ws)


def test_the_last_logins_are_shown_after_signing_in(ws: Workspace) -> None:
    one_per_role(ws)
    name = NAMES[Role.ENTRY]
    first = ws.sign_in(name, PASSWORD, now=T0)
    assert first.summary.startswith("上次成功登录：无；上次登录失败：无")
    ws.sign_out()
    with pytest.raises(SignInRefused):
        ws.sign_in(name, "nope", now=T0 + timedelta(hours=1))
    second = ws.sign_in(name, PASSWORD, now=T0 + timedelta(hours=2))
    assert second.previous_success == T0 and second.previous_failure == T0 + timedelta(hours=1)
    assert accounts.local_text(T0) in second.summary


def test_a_sign_in_the_audit_log_could_not_record_leaves_nobody_signed_in(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sign-in and its audit entry stand or fall together: nobody acts unaudited."""
    one_per_role(ws)
    before = ws.accounts.get(NAMES[Role.REVIEW]).last_success_at
    written = ws.audit_log.append

    def full(action: str, *args, **kwargs) -> None:
        if action == "登录":
            raise XxhError("磁盘空间不足")
        written(action, *args, **kwargs)

    monkeypatch.setattr(ws.audit_log, "append", full)
    with pytest.raises(XxhError, match="磁盘空间不足"):
        ws.sign_in(NAMES[Role.REVIEW], PASSWORD, now=T0)
    assert ws.person is None and not ws.actor.person and not ws.actor.roles
    assert ws.accounts.get(NAMES[Role.REVIEW]).last_success_at == before


def test_a_disabled_account_cannot_sign_in(ws: Workspace) -> None:
    one_per_role(ws)
    sign_in_as(ws, Role.ADMIN)
    ws.accounts.set_active(NAMES[Role.ENTRY], False)
    ws.sign_out()
    with pytest.raises(SignInRefused, match="已停用"):
        ws.sign_in(NAMES[Role.ENTRY], PASSWORD)


def test_nobody_signed_in_writes_nothing_on_a_machine_with_accounts(ws: Workspace) -> None:
    one_per_role(ws)
    with pytest.raises(NotPermitted, match="本机已设账户，请先登录；设置本机身份需要「系统管理」角色"):
        ws.settings.choose_side(Side.OFFICE)


# ---------------------------------------------------------------------- passwords changed and reset


def test_changing_a_password_needs_the_old_one(ws: Workspace) -> None:
    one_per_role(ws)
    sign_in_as(ws, Role.ENTRY)
    with pytest.raises(SignInRefused, match="原密码不对"):
        accounts.change_password(ws, "Wrong#Pass2027", "New#Pass20270")
    with pytest.raises(XxhError, match="密码不符合要求"):
        accounts.change_password(ws, PASSWORD, "weak")
    accounts.change_password(ws, PASSWORD, "New#Pass20270")
    ws.sign_out()
    with pytest.raises(SignInRefused):
        ws.sign_in(NAMES[Role.ENTRY], PASSWORD)
    ws.sign_in(NAMES[Role.ENTRY], "New#Pass20270")
    assert ("修改密码", NAMES[Role.ENTRY], "成功") in _actions(ws)


def test_an_administrator_resets_a_password_audited_and_unlocks(ws: Workspace) -> None:
    one_per_role(ws)
    name = NAMES[Role.REVIEW]
    for i in range(LOCKOUT_FAILURES):
        with pytest.raises(SignInRefused):
            ws.sign_in(name, "nope", now=T0 + timedelta(seconds=i))
    sign_in_as(ws, Role.ENTRY)
    with pytest.raises(NotPermitted, match="重置他人密码需要「系统管理」角色"):
        accounts.reset_password(ws, name, "Reset#Pass2027")
    sign_in_as(ws, Role.ADMIN)
    accounts.reset_password(ws, name, "Reset#Pass2027")
    entry = [e for e in _actions(ws) if e[0] == "重置密码"]
    assert entry == [("重置密码", name, "成功")]
    ws.sign_out()
    ws.sign_in(name, "Reset#Pass2027", now=T0 + timedelta(seconds=30))   # within the lockout: lifted by the reset
    # an administrator can reset, never read: nothing but the hash is kept
    assert "Reset#Pass2027" not in repr(ws.accounts.get(name))


# ---------------------------------------------------------------------- separation of duties


def test_the_last_administrator_cannot_also_audit_nor_stop_administering(ws: Workspace) -> None:
    one_per_role(ws)
    sign_in_as(ws, Role.ADMIN)
    admin = NAMES[Role.ADMIN]
    with pytest.raises(NotPermitted, match="最后一个「系统管理」账户「guanli」不能同时担任「审计」"):
        ws.accounts.set_roles(admin, frozenset({Role.ADMIN, Role.AUDIT}))
    with pytest.raises(NotPermitted, match="至少要保留一个启用的「系统管理」账户"):
        ws.accounts.set_roles(admin, frozenset({Role.ENTRY}))
    with pytest.raises(XxhError, match="不能停用自己"):
        ws.accounts.set_active(admin, False)
    # with a second administrator, the first may also audit
    ws.accounts.set_roles(NAMES[Role.ENTRY], frozenset({Role.ENTRY, Role.ADMIN}))
    ws.accounts.set_roles(admin, frozenset({Role.ADMIN, Role.AUDIT}))
    assert ws.accounts.get(admin).roles == frozenset({Role.ADMIN, Role.AUDIT})
    changes = [e for e in _actions(ws) if e[0] == "修改角色"]
    assert [c[1] for c in changes] == [NAMES[Role.ENTRY], admin]


def test_a_role_change_applies_at_the_next_sign_in_and_is_refused_to_others(ws: Workspace) -> None:
    one_per_role(ws)
    sign_in_as(ws, Role.REVIEW)
    with pytest.raises(NotPermitted, match="分配角色需要「系统管理」角色"):
        ws.accounts.set_roles(NAMES[Role.REVIEW], frozenset({Role.REVIEW, Role.ADMIN}))
    with pytest.raises(NotPermitted, match="新建账户需要「系统管理」角色"):
        accounts.create_account(ws, "xinren", "新人", frozenset({Role.ENTRY}), PASSWORD)


# ---------------------------------------------------------------------- a department's single local account


def test_a_department_may_run_with_one_local_account_without_a_password(ws: Workspace) -> None:
    choose(ws, Side.UNIT, "县教育体育局")
    accounts.create_local_account(ws, "jiaoyu", "陈老师")
    assert accounts.automatic_person(ws) is not None and not accounts.needs_sign_in(ws)
    ws.sign_in("jiaoyu", "")
    assert ws.actor.who == "陈老师" and ws.actor.roles == frozenset({Role.ENTRY, Role.ADMIN})
    with pytest.raises(XxhError, match="本机已有账户"):
        accounts.create_local_account(ws, "other")


def test_the_office_has_no_passwordless_account(ws: Workspace) -> None:
    with pytest.raises(XxhError, match="只用于项目建设单位"):
        accounts.create_local_account(ws, "zhihuiban")


def test_a_passwordless_local_account_brought_to_the_office_lets_no_password_in(ws: Workspace) -> None:
    """Re-probe N11: a backup edited outside the program, restored at the office, made its 系统管理 a
    local account without a password — and any password signed in. Only a department's may."""
    choose(ws, Side.UNIT, "县教育体育局")
    accounts.create_local_account(ws, "jiaoyu", "陈老师")
    ws.sign_out()
    ws.database.connection().execute("UPDATE settings SET value = ? WHERE key = 'role'", (f'"{Side.OFFICE}"',))
    ws.database.connection().commit()
    with pytest.raises(SignInRefused):
        ws.sign_in("jiaoyu", "")
    with pytest.raises(SignInRefused):
        ws.sign_in("jiaoyu", "anything")


def test_a_local_account_with_a_password_needs_it(ws: Workspace) -> None:
    choose(ws, Side.UNIT, "县教育体育局")
    accounts.create_local_account(ws, "jiaoyu", "陈老师", PASSWORD)
    assert accounts.needs_sign_in(ws)
    with pytest.raises(SignInRefused):
        ws.sign_in("jiaoyu", "")


# ---------------------------------------------------------------------- the CLI


def test_the_cli_signs_in_like_the_window(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert xxh("--db", db, "init", "--side", "县智慧办").returncode == 0   # no accounts: no sign-in
    made = xxh("--db", db, "account", "add", "guanli", "--role", "系统管理", "--full-name", "张管理", new=PASSWORD)
    assert made.returncode == 0, made.stderr
    asked = xxh("--db", db, "list")
    assert asked.returncode == 1 and "--user" in asked.stderr
    no_password = xxh("--db", db, "--user", "guanli", "list")
    assert no_password.returncode == 1 and "XXH_PASSWORD" in no_password.stderr
    wrong = xxh("--db", db, "--user", "guanli", "list", password="Wrong#Pass2027")
    assert wrong.returncode == 1 and "用户名或密码错误" in wrong.stderr
    admin = ("--db", db, "--user", "guanli")
    added = xxh(*admin, "account", "add", "luru", "--role", "业务录入", "--full-name", "王录入", password=PASSWORD,
                new="Entry#Pass2027")
    assert added.returncode == 0, added.stderr
    listed = xxh(*admin, "account", "list", password=PASSWORD)
    assert [line.split("\t")[:3] for line in listed.stdout.splitlines()] == [
        ["guanli", "张管理", "系统管理"], ["luru", "王录入", "业务录入"]]
    refused = xxh("--db", db, "--user", "luru", "backup", str(tmp_path), password="Entry#Pass2027")
    assert refused.returncode == 1 and "备份数据库需要「系统管理」角色" in refused.stderr
    assert xxh(*admin, "backup", str(tmp_path), password=PASSWORD).returncode == 0
    weak = xxh(*admin, "account", "reset", "luru", password=PASSWORD, new="weak")
    assert weak.returncode == 1 and "密码不符合要求" in weak.stderr
    with Workspace.open(tmp_path / "a.db") as ws:
        logged = _actions(ws)
    assert ("登录", "guanli", "成功") in logged and ("新建账户", "luru", "成功") in logged
    assert ("备份", str(next(tmp_path.glob("xxh-backup-*.db"))), "成功") in logged
