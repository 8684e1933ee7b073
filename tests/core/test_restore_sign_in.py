"""Who may restore: a person signed in with the 系统管理 role, never nobody (PRODUCT.md §10).

Where the current database can be read, the person signs in to it. Where it is damaged (the
reason most restores happen) or missing, nobody can sign in to it: the backup's own accounts
then say who may restore it — and a refusal leaves the damaged file exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts_support import FULL_NAMES, NAMES, PASSWORD, one_per_role, sign_in_as
from builders import new_project, seeded
from xxh_desktop import cli
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.accounts import Role
from xxh_desktop.restore import restore
from xxh_desktop.storage import backup
from xxh_desktop.workspace import Workspace

NAME = "金寨县智慧应急指挥平台"


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """An office database with one account per role and a project, and a backup of it."""
    db = tmp_path / "live.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side("县智慧办")
        one_per_role(ws)
        sign_in_as(ws, Role.ENTRY)
        with seeded(ws):
            new_project(ws, NAME, "县应急管理局", 2027)
        sign_in_as(ws, Role.ADMIN)
        backup.backup_to(ws, tmp_path / "backup.db")
    return db


def _damage(db: Path) -> bytes:
    data = bytearray(db.read_bytes())
    for i in range(100, 140):   # the first page's schema: SQLite cannot read the file at all
        data[i] ^= 0x5A
    db.write_bytes(bytes(data))
    return bytes(data)


def _restore_entry(db: Path):
    with Workspace.open(db, create=False) as ws:
        return [e for e in sign_in_as(ws, Role.AUDIT).audit_log.entries() if e.action == "恢复备份"][-1]


def _restore(live: Path, tmp_path: Path, user: str | None, password: str,
             monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("XXH_PASSWORD", password)
    signed = ["--user", user] if user else []
    return cli.main(["--db", str(live), *signed, "restore", str(tmp_path / "backup.db"), "--yes"])


@pytest.mark.parametrize(("user", "password", "why"), [
    ("nobody", "whatever", "用户名或密码错误"),
    (NAMES[Role.ADMIN], "Wrong#Pass2027", "用户名或密码错误"),
    (NAMES[Role.ENTRY], PASSWORD, "系统管理"),
    (None, "", "--user"),
])
def test_a_damaged_database_is_not_replaced_without_the_backups_own_administrator(
        live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        user: str | None, password: str, why: str) -> None:
    damaged = _damage(live)
    assert _restore(live, tmp_path, user, password, monkeypatch) == 1
    assert why in capsys.readouterr().err
    assert live.read_bytes() == damaged   # not replaced
    assert not (live.parent / "backups").exists() or not list((live.parent / "backups").glob("damaged-*.db"))


def test_the_backups_administrator_restores_a_damaged_database_and_is_named_for_it(
        live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _damage(live)
    assert _restore(live, tmp_path, NAMES[Role.ADMIN], PASSWORD, monkeypatch) == 0
    assert "已从" in capsys.readouterr().out
    with Workspace.open(live, create=False) as ws:
        assert [p.name for p in ws.projects.all()] == [NAME]
    assert _restore_entry(live).who == FULL_NAMES[Role.ADMIN]


def test_a_missing_database_is_restored_only_by_the_backups_administrator(
        live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "new" / "live.db"
    gone.parent.mkdir()
    assert cli.main(["--db", str(gone), "restore", str(tmp_path / "backup.db"), "--yes"]) == 1
    assert not gone.exists()
    monkeypatch.setenv("XXH_PASSWORD", PASSWORD)
    assert cli.main(["--db", str(gone), "--user", NAMES[Role.ADMIN], "restore", str(tmp_path / "backup.db"),
                     "--yes"]) == 0
    assert _restore_entry(gone).who == FULL_NAMES[Role.ADMIN]


def test_the_core_refuses_a_restore_nobody_signed_in_to(live: Path, tmp_path: Path) -> None:
    with pytest.raises(NotPermitted, match="系统管理"):
        restore(live, tmp_path / "backup.db")


def test_the_person_signed_in_to_the_current_database_restores_it(live: Path, tmp_path: Path) -> None:
    # The window's way: its signed-in person is the actor.
    with Workspace.open(live) as ws:
        actor = sign_in_as(ws, Role.ADMIN).actor
        with seeded(ws):
            sign_in_as(ws, Role.ENTRY)
            new_project(ws, "备份之后的项目", "县教育体育局", 2027)
    assert restore(live, tmp_path / "backup.db", actor=actor) is not None
    with Workspace.open(live, create=False) as ws:
        assert [p.name for p in ws.projects.all()] == [NAME]
    assert _restore_entry(live).who == FULL_NAMES[Role.ADMIN]
