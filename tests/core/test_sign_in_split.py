"""The sign-in in two steps (`accounts.begin_sign_in` → `PendingSignIn.finish`): the password's
scrypt runs on a worker thread while the window builds, and the finish does exactly what
`sign_in` does — the same refusals, failure count, lockout and audit entries."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from accounts_support import NAMES, PASSWORD, one_per_role

from xxh_desktop import accounts
from xxh_desktop.accounts import SignInRefused
from xxh_desktop.domain.accounts import LOCKOUT_FAILURES, Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace

from builders import seeded

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)
NAME = NAMES[Role.REVIEW]
# A lockout, its refusal of the right password, an unknown name, a success after the lockout.
ATTEMPTS = [(NAME, "Wrong#Pass2027", timedelta(seconds=i)) for i in range(1, LOCKOUT_FAILURES + 1)] + [
    (NAME, PASSWORD, timedelta(minutes=10)),
    ("nobody", PASSWORD, timedelta(minutes=11)),
    (NAME, PASSWORD, timedelta(minutes=16)),
]


def _office(path: Path) -> Workspace:
    ws = Workspace.open(path)
    ws.settings.choose_side(Side.OFFICE)
    return one_per_role(ws)


def _log(ws: Workspace) -> list[tuple[str, str, str, str]]:
    with seeded(ws):
        return [(e.action, e.target, e.result, e.who) for e in ws.audit_log.entries()]


def _outcomes(ws: Workspace, sign_in) -> list[str]:
    said = []
    for name, password, after in ATTEMPTS:
        try:
            said.append(f"成功 {sign_in(ws, name, password, T0 + after).account.name}")
        except SignInRefused as exc:
            said.append(str(exc))
    return said


def test_begin_and_finish_say_and_audit_exactly_what_sign_in_does(tmp_path: Path) -> None:
    whole, split = _office(tmp_path / "a.db"), _office(tmp_path / "b.db")
    try:
        said_whole = _outcomes(whole, lambda ws, n, p, now: ws.sign_in(n, p, now=now))
        said_split = _outcomes(split, lambda ws, n, p, now: accounts.begin_sign_in(ws, n, p, now=now).finish())
        assert said_split == said_whole
        assert sum("已锁定" in s for s in said_split) == 2 and said_split[-1] == f"成功 {NAME}"
        assert _log(split) == _log(whole) and ("账户锁定", NAME, f"连续 {LOCKOUT_FAILURES} 次密码错误",
                                               accounts.NOBODY) in _log(split)
        assert split.person is not None and split.person.name == NAME
        assert split.accounts.get(NAME).failed_count == whole.accounts.get(NAME).failed_count == 0
    finally:
        whole.close()
        split.close()


def test_nothing_is_written_before_the_finish_and_a_wrong_password_is_counted_there(ws: Workspace) -> None:
    one_per_role(ws)
    before = _log(ws)
    pending = accounts.begin_sign_in(ws, NAME, "Wrong#Pass2027", now=T0)
    assert _log(ws) == before and ws.accounts.get(NAME).failed_count == 0 and ws.person is None
    with pytest.raises(SignInRefused, match=f"再错 {LOCKOUT_FAILURES - 1} 次"):
        pending.finish()
    assert pending.done
    assert _log(ws)[len(before):] == [("登录失败", NAME, "失败：密码错误（连续第 1 次）", accounts.NOBODY)]
    assert ws.accounts.get(NAME).failed_count == 1 and ws.person is None


def test_the_password_is_checked_on_another_thread(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    one_per_role(ws)
    threads = []
    verify = accounts.verify_password

    def noted(password: str, stored: str) -> bool:
        threads.append(threading.current_thread())
        return verify(password, stored)

    monkeypatch.setattr(accounts, "verify_password", noted)
    done = accounts.begin_sign_in(ws, NAME, PASSWORD, now=T0).finish()
    assert done.account.name == NAME and ws.person.name == NAME
    assert len(threads) == 1 and threads[0] is not threading.main_thread()


def test_a_locked_account_is_refused_without_checking_the_password(ws: Workspace,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    one_per_role(ws)
    for i in range(LOCKOUT_FAILURES):
        with pytest.raises(SignInRefused):
            ws.sign_in(NAME, "nope", now=T0 + timedelta(seconds=i))
    monkeypatch.setattr(accounts, "verify_password", lambda *_: pytest.fail("checked a locked account's password"))
    pending = accounts.begin_sign_in(ws, NAME, PASSWORD, now=T0 + timedelta(minutes=1))
    assert pending.done
    with pytest.raises(SignInRefused, match="已锁定"):
        pending.finish()
    assert ws.person is None


def test_a_pending_sign_in_is_finished_once(ws: Workspace) -> None:
    one_per_role(ws)
    pending = accounts.begin_sign_in(ws, NAME, PASSWORD, now=T0)
    pending.finish()
    ws.sign_out()
    with pytest.raises(XxhError, match="已经处理过"):
        pending.finish()
    assert ws.person is None


def test_an_error_of_the_check_is_raised_by_the_finish_and_nothing_is_written(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    one_per_role(ws)
    before = _log(ws)

    def broken(password: str, stored: str) -> bool:
        raise MemoryError("scrypt")

    monkeypatch.setattr(accounts, "verify_password", broken)
    with pytest.raises(MemoryError):
        accounts.begin_sign_in(ws, NAME, PASSWORD, now=T0).finish()
    assert _log(ws) == before and ws.accounts.get(NAME).failed_count == 0 and ws.person is None
