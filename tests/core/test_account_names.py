"""Account names (probe F5, F10, F11): a 姓名 is one clean line of at most 20 characters and tells
the person apart in the audit log; a new user name is ASCII and no look-alike of another; `account
roles` without a role removes nothing; a disabled account is told only to whoever knows its password.
Accounts made before these rules keep signing in."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from accounts_support import FULL_NAMES, NAMES, PASSWORD, one_per_role, sign_in_as

from xxh_desktop import accounts
from xxh_desktop.accounts import WRONG, SignInRefused
from xxh_desktop.demo_accounts import DEMO_ACCOUNTS, create_demo_accounts
from xxh_desktop.domain.accounts import SAME_FULL_NAME, Account, Role, full_name_problem, name_problems
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.passwords import hash_password
from xxh_desktop.workspace import Workspace

from builders import seeded
from cli_support import xxh

ASCII_ONLY = "用户名只能由英文字母、数字和 . _ - 组成，且以字母或数字开头和结尾"


def _add(ws: Workspace, name: str, full_name: str) -> Account:
    return accounts.create_account(ws, name, full_name, frozenset({Role.REVIEW}), PASSWORD)


def _admin(ws: Workspace) -> Workspace:
    one_per_role(ws)
    return sign_in_as(ws, Role.ADMIN)


def _names(ws: Workspace) -> list[str]:
    return [a.name for a in ws.accounts.all()]


def _older_account(ws: Workspace, name: str, full_name: str) -> None:
    """An account as an older version stored it, before the name rules."""
    with ws.database.transaction():
        ws.database.connection().execute(
            "INSERT INTO accounts (name, full_name, roles, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            (name, full_name, '["审核"]', hash_password(PASSWORD), "2026-01-01T00:00:00+00:00"))


def _who(ws: Workspace) -> list[tuple[str, str, str]]:
    with seeded(ws):
        return [(e.who, e.action, e.target) for e in ws.audit_log.entries()]


# ---------------------------------------------------------------------- 姓名


UNSEEN = "姓名含有看不见或叠加在前一字上的字符（如零宽字符、填充符、组合附加符号）。"


@pytest.mark.parametrize("full_name, message", [
    ("", "请填写姓名：审计日志以姓名记录是谁操作。"),
    ("   ", "请填写姓名：审计日志以姓名记录是谁操作。"),
    ("王\n录入", "姓名含有换行符。"),
    ("王\x1b[31m录入", "姓名含有控制字符。"),
    ("王\u202e入录", "姓名含有改变文字显示方向的控制字符。"),
    ("王\u200b录入", UNSEEN),
    ("张管理\u3164", UNSEEN),   # a Hangul filler: shows as nothing
    ("张管理\u115f", UNSEEN),
    ("\u2800张管理", UNSEEN),   # the Braille blank
    ("张\u034f管理", UNSEEN),   # a combining grapheme joiner
    ("张管理\u0301", UNSEEN),   # an accent riding on 理
    ("张管理\ufe0f", UNSEEN),   # a variation selector
    ("王" * 21, "姓名共 21 字，超过 20 字。"),
    ("王" * 5000, "姓名共 5000 字，超过 20 字。"),
])
def test_a_full_name_that_cannot_name_a_person_is_refused(ws: Workspace, full_name: str, message: str) -> None:
    _admin(ws)
    with pytest.raises(XxhError) as refused:
        _add(ws, "xinren", full_name)
    assert str(refused.value) == message
    assert "xinren" not in _names(ws)


def test_a_full_name_may_have_twenty_characters_as_负责人_may(ws: Workspace) -> None:
    _admin(ws)
    with pytest.raises(XxhError, match="姓名共 21 字，超过 20 字"):
        _add(ws, "xinren", "王" * 20 + "甲")
    _add(ws, "xinren", " " + "王" * 19 + "甲 ")
    assert ws.accounts.get("xinren").full_name == "王" * 19 + "甲"


@pytest.mark.parametrize("full_name", [FULL_NAMES[Role.ENTRY], " 王 录入 ", "王录入\u3000"])
def test_another_accounts_full_name_is_refused_without_naming_that_account(ws: Workspace, full_name: str) -> None:
    _admin(ws)
    with pytest.raises(XxhError) as refused:
        _add(ws, "tst5", full_name)
    assert str(refused.value) == SAME_FULL_NAME
    assert NAMES[Role.ENTRY] not in str(refused.value)
    assert "tst5" not in _names(ws)


def test_a_latin_full_name_differing_only_in_case_or_width_is_the_same(ws: Workspace) -> None:
    _admin(ws)
    _add(ws, "anna", "Anna Li")
    for alike in ("ANNA LI", "Ａｎｎａ Ｌｉ", "annali"):
        with pytest.raises(XxhError, match=SAME_FULL_NAME):
            _add(ws, "anna2", alike)
    assert "anna2" not in _names(ws)


def test_a_full_name_cannot_be_what_an_older_account_without_one_is_logged_as(ws: Workspace) -> None:
    # An account stored without a 姓名 is named by its user name in the audit log.
    _admin(ws)
    _older_account(ws, "laowang", "")
    with pytest.raises(XxhError, match=SAME_FULL_NAME):
        _add(ws, "xinren", "LaoWang")


def test_two_people_are_never_one_who_in_the_audit_log(ws: Workspace) -> None:
    _admin(ws)
    with pytest.raises(XxhError, match=SAME_FULL_NAME):
        _add(ws, "tst5", FULL_NAMES[Role.ENTRY])
    _add(ws, "tst5", "王录入（办公室）")
    sign_in_as(ws, Role.ENTRY)
    ws.sign_out()
    ws.sign_in("tst5", PASSWORD)
    logged = _who(ws)
    assert ("王录入", "登录", NAMES[Role.ENTRY]) in logged
    assert ("王录入（办公室）", "登录", "tst5") in logged


def test_a_local_account_is_held_to_the_same_full_name_rules(ws: Workspace) -> None:
    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    with pytest.raises(XxhError, match="姓名含有换行符"):
        accounts.create_local_account(ws, "jiaoyu", "陈\n老师")
    with pytest.raises(XxhError, match="请填写姓名"):
        accounts.create_local_account(ws, "jiaoyu", "")
    assert not ws.accounts.exist()


def test_the_demo_accounts_are_made_as_before_and_pass_the_rules(ws: Workspace) -> None:
    assert create_demo_accounts(ws)
    made = [(a.name, a.full_name, a.roles) for a in ws.accounts.all()]
    assert made == [(d.name, d.full_name, frozenset({d.role})) for d in DEMO_ACCOUNTS]
    assert all(full_name_problem(d.full_name) is None and not name_problems(d.name) for d in DEMO_ACCOUNTS)
    for d in DEMO_ACCOUNTS:
        ws.sign_in(d.name, d.password)
        assert ws.actor.who == d.full_name
    # the probe's case: a fifth account under a demo person's name
    ws.sign_in(DEMO_ACCOUNTS[0].name, DEMO_ACCOUNTS[0].password)
    with pytest.raises(XxhError, match=SAME_FULL_NAME):
        _add(ws, "tst5", "王录入")


# ---------------------------------------------------------------------- user names


@pytest.mark.parametrize("name", ["Ｌｕｒｕ", "lurս", "../x", "x/y", "_luru", ".luru", "luru.", "luru-", "王录入"])
def test_a_new_user_name_is_ascii_letters_digits_and_dot_underscore_hyphen(ws: Workspace, name: str) -> None:
    _admin(ws)
    with pytest.raises(XxhError) as refused:
        _add(ws, name, "新人")
    assert str(refused.value) == f"用户名不符合要求：{ASCII_ONLY}（如 wanglr）。"
    assert len(_names(ws)) == 4


@pytest.mark.parametrize("older, alike", [("ｚｈａｎｇ", "Zhang"), ("Ｌｕｒｕ2", "luru2"), ("old name", "OldName")])
def test_an_older_account_keeps_its_name_and_no_new_one_looks_like_it(ws: Workspace, older: str, alike: str) -> None:
    _admin(ws)
    _older_account(ws, older, "旧账户")
    with pytest.raises(XxhError) as refused:
        _add(ws, alike, "新人")
    assert str(refused.value) == f"用户名「{alike}」与已有账户「{older}」看起来相同，请另取一个。"
    with pytest.raises(XxhError, match="账户「LURU」已存在。"):
        _add(ws, "LURU", "新人")
    assert alike not in _names(ws) and "LURU" not in _names(ws)
    ws.sign_out()
    ws.sign_in(older, PASSWORD)   # made before the rules: it signs in as it always did
    assert ws.person.name == older and ws.actor.who == "旧账户"


# ---------------------------------------------------------------------- roles and the disabled account


def test_roles_are_not_all_removed_by_an_empty_choice(ws: Workspace) -> None:
    _admin(ws)
    with pytest.raises(XxhError, match="请至少选择一个角色；要让此人不再使用本程序，请停用其账户。"):
        ws.accounts.set_roles(NAMES[Role.ENTRY], frozenset())
    assert ws.accounts.get(NAMES[Role.ENTRY]).roles == frozenset({Role.ENTRY})


def test_a_disabled_account_is_told_only_to_whoever_knows_its_password(ws: Workspace) -> None:
    _admin(ws)
    ws.accounts.set_active(NAMES[Role.REVIEW], False)
    ws.sign_out()
    with pytest.raises(SignInRefused) as unknown:
        ws.sign_in("nobody", "Wrong#Pass2027")
    with pytest.raises(SignInRefused) as disabled:
        ws.sign_in(NAMES[Role.REVIEW], "Wrong#Pass2027")
    assert str(disabled.value) == str(unknown.value) == WRONG
    assert ws.accounts.get(NAMES[Role.REVIEW]).failed_count == 0   # a disabled account counts no failures
    with pytest.raises(SignInRefused, match="账户「shenhe」已停用，请联系系统管理员。"):
        ws.sign_in(NAMES[Role.REVIEW], PASSWORD)
    with seeded(ws):
        results = [(e.target, e.result) for e in ws.audit_log.entries() if e.action == "登录失败"]
    assert results == [("nobody", "失败：用户名或密码错误"), ("shenhe", "失败：账户已停用，密码错误"),
                       ("shenhe", "失败：账户已停用")]
    # an active account's wrong password still counts toward its lockout, as before
    with pytest.raises(SignInRefused, match="再错 4 次"):
        ws.sign_in(NAMES[Role.ENTRY], "Wrong#Pass2027")
    assert ws.accounts.get(NAMES[Role.ENTRY]).failed_count == 1


# ---------------------------------------------------------------------- the CLI


def _refused(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 1, done.stdout
    assert message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_the_cli_refuses_bad_names_and_an_empty_roles_change(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        one_per_role(ws)
    admin = ("--db", str(db), "--user", NAMES[Role.ADMIN])

    def add(name: str, *more: str) -> subprocess.CompletedProcess[str]:
        return xxh(*admin, "account", "add", name, "--role", "审核", *more, password=PASSWORD, new=PASSWORD)

    _refused(add("tst5", "--full-name", "王录入"), SAME_FULL_NAME)
    _refused(add("tst5", "--full-name", "王\n录入"), "姓名含有换行符。")
    _refused(add("tst5", "--full-name", "王\u202e录入"), "姓名含有改变文字显示方向的控制字符。")
    _refused(add("tst5", "--full-name", "x" * 5000), "姓名共 5000 字，超过 20 字。")
    _refused(add("tst5", "--full-name", "  "), "请填写姓名")
    _refused(add("tst5"), "account add 需要 --full-name 姓名")
    for name in ("Ｌｕｒｕ", "lurս", "../x"):
        _refused(add(name, "--full-name", "新人"), ASCII_ONLY)
    _refused(xxh(*admin, "account", "roles", NAMES[Role.ENTRY], password=PASSWORD),
             "account roles 须至少给出一个 --role")
    listed = xxh(*admin, "account", "list", password=PASSWORD)
    assert [line.split("\t")[:3] for line in listed.stdout.splitlines()] == [
        [NAMES[r], FULL_NAMES[r], r.value] for r in (Role.ADMIN, Role.ENTRY, Role.REVIEW, Role.AUDIT)]


def test_the_cli_lists_an_older_multi_line_full_name_on_one_line(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        one_per_role(ws)
        _older_account(ws, "laowang", "王\n老\t师\\")
    listed = xxh("--db", str(db), "--user", NAMES[Role.ADMIN], "account", "list", password=PASSWORD)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 5
    assert ["laowang", "王\\n老\\t师\\\\"] in [line.split("\t")[:2] for line in lines]


def test_the_cli_tells_a_disabled_account_only_with_its_password(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        sign_in_as(one_per_role(ws), Role.ADMIN)
        ws.accounts.set_active(NAMES[Role.REVIEW], False)
    as_reviewer = ("--db", str(db), "--user", NAMES[Role.REVIEW], "list")
    _refused(xxh(*as_reviewer, password="Wrong#Pass2027"), "错误：用户名或密码错误。")
    _refused(xxh(*as_reviewer, password=PASSWORD), "账户「shenhe」已停用")
