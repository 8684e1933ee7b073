"""Restores that would lock the office out, and live files nobody could restore over
(probe-restore F14, F1b, F15, F9).

F14: a backup whose accounts hold no active 系统管理 is refused; the dry run lists the backup's
accounts. F15: a backup with no side is refused over a database that has one. F1b: a live file
whose side, unit or accounts the program cannot read is named by `check` (never «程序内部错误»),
and the backup's 系统管理 restores over it as over a damaged file. F9: the dry run signs in as
the restore does, and needs 系统管理.

Every command goes through the installed command; a refused restore leaves the live database's
identity, accounts, projects and log as they were, and makes no safety backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from accounts_support import FULL_NAMES, NAMES, PASSWORD
from cli_support import xxh
from restore_support import NAME, make_office
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.storage import backup
from xxh_desktop.workspace import Workspace

ADMIN = NAMES[Role.ADMIN]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """The office's database (one account per role, a project) and a sound backup of it (`_good`)."""
    db = tmp_path / "live.db"
    make_office(db, _good(db))
    return db


def _good(live: Path) -> Path:
    return live.with_name("good-backup.db")


def _edited(src: Path, dest: Path, sql: str) -> Path:
    """A copy of `src` (its sidecar too) with one row edit made outside the program."""
    dest.write_bytes(src.read_bytes())
    Path(f"{dest}.audit-head").write_bytes(Path(f"{src}.audit-head").read_bytes())
    conn = sqlite3.connect(dest)
    with conn:
        conn.execute(sql)
    conn.close()
    return dest


def _state(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT key, value FROM settings WHERE key IN ('role', 'unit') ORDER BY key").fetchall(),
                conn.execute("SELECT name, roles, active, password_hash FROM accounts ORDER BY name").fetchall(),
                conn.execute("SELECT number, name FROM projects ORDER BY id").fetchall(),
                conn.execute("SELECT count(*) FROM audit_log WHERE action = '恢复备份'").fetchone())
    finally:
        conn.close()


def _as(live: Path, role: Role, *args: str):
    return xxh("--db", str(live), "--user", NAMES[role], *args, password=PASSWORD)


def _refused(live: Path, src: Path, *words: str) -> None:
    """The administrator's dry run and confirmed restore both refuse `src`, naming `words`; nothing changes."""
    before = _state(live)
    dry = _as(live, Role.ADMIN, "restore", str(src))
    confirmed = _as(live, Role.ADMIN, "restore", str(src), "--yes")
    for run in (dry, confirmed):
        assert run.returncode == 1 and "完整无误" not in run.stdout, run.stdout
        assert "不能用来恢复当前数据库" in run.stderr and "Traceback" not in run.stderr
        for word in words:
            assert word in run.stderr, run.stderr
    assert "未恢复" in confirmed.stderr
    assert _state(live) == before
    assert not list((live.parent / "backups").glob("auto-*-before-restore.db"))


# ---------------------------------------------------------------------- F14: nobody to administer


@pytest.mark.parametrize(("sql", "listed"), [
    (f"UPDATE accounts SET roles = '[\"业务录入\"]' WHERE name = '{ADMIN}'", f"{ADMIN}（{FULL_NAMES[Role.ADMIN]}）：业务录入，启用"),
    ("UPDATE accounts SET active = 0", f"{ADMIN}（{FULL_NAMES[Role.ADMIN]}）：系统管理，已停用"),
    # re-probe N1, N3, N11: an administrator nobody can sign in as
    (f"UPDATE accounts SET locked_until = '2099-01-01T00:00:00+00:00' WHERE name = '{ADMIN}'",
     f"{ADMIN}（{FULL_NAMES[Role.ADMIN]}）：系统管理，启用，已锁定"),
    (f"UPDATE accounts SET password_hash = 'scrypt$x' WHERE name = '{ADMIN}'",
     f"{ADMIN}（{FULL_NAMES[Role.ADMIN]}）：系统管理，启用，密码记录无法使用"),
    (f"UPDATE accounts SET local = 1, password_hash = '' WHERE name = '{ADMIN}'",
     f"{ADMIN}（{FULL_NAMES[Role.ADMIN]}）：系统管理，启用，密码记录无法使用"),
    (f"UPDATE accounts SET name = ' {ADMIN}' WHERE name = '{ADMIN}'", "系统管理，启用，用户名首尾有空格，无法登录"),
])
def test_a_backup_without_an_administrator_who_can_sign_in_is_refused(live: Path, tmp_path: Path, sql: str,
                                                                      listed: str) -> None:
    _refused(live, _edited(_good(live), tmp_path / "noadmin.db", sql),
             "4 个账户没有一个是能登录的「系统管理」账户", listed, "无人能管理账户")


def test_a_backup_whose_roles_do_not_read_is_refused(live: Path, tmp_path: Path) -> None:
    # Valid JSON, so the check of stored values lets it through; no sign-in could read it.
    forged = _edited(_good(live), tmp_path / "mars.db",
                     f"UPDATE accounts SET roles = '[\"火星\"]' WHERE name = '{ADMIN}'")
    _refused(live, forged, f"账户 {ADMIN} 的角色「[\"火星\"]」不是本系统角色的列表", "任何人都无法登录")


def test_the_dry_run_lists_the_backups_accounts_with_roles_and_state(live: Path, tmp_path: Path) -> None:
    src = _edited(_good(live), tmp_path / "one-off.db",
                  f"UPDATE accounts SET active = 0 WHERE name = '{NAMES[Role.ENTRY]}'")
    dry = _as(live, Role.ADMIN, "restore", str(src))
    assert dry.returncode == 1 and "完整无误" in dry.stdout, dry.stderr
    for role in Role:
        state = "已停用" if role == Role.ENTRY else "启用"
        assert f"  账户 {NAMES[role]}（{FULL_NAMES[role]}）：{role.value}，{state}\n" in dry.stdout, dry.stdout


# ---------------------------------------------------------------------- F15: no side


@pytest.mark.parametrize("sql", ["UPDATE settings SET value = 'null' WHERE key = 'role'",
                                 "DELETE FROM settings WHERE key = 'role'"])
def test_a_backup_with_no_side_is_refused_over_a_database_that_has_one(live: Path, tmp_path: Path, sql: str) -> None:
    _refused(live, _edited(_good(live), tmp_path / "nobody.db", sql), "备份中没有本机身份", "「县智慧办」")


# ---------------------------------------------------------------------- F1b: a live file that does not read


BAD_LIVE = {
    "side": ("UPDATE settings SET value = '\"火星\"' WHERE key = 'role'", "「本机身份」（role）的值「火星」"),
    "unit": ("UPDATE settings SET value = '{bad' WHERE key = 'unit'", "设置「unit」的值「{bad」"),
    "roles": (f"UPDATE accounts SET roles = 'not json' WHERE name = '{ADMIN}'", f"账户「{ADMIN}」的角色「not json」"),
    "role": (f"UPDATE accounts SET roles = '[\"火星\"]' WHERE name = '{NAMES[Role.AUDIT]}'",
             f"账户「{NAMES[Role.AUDIT]}」的角色「[\"火星\"]」"),
}


def _spoiled(live: Path, which: str) -> str:
    sql, named = BAD_LIVE[which]
    conn = sqlite3.connect(live)
    with conn:
        conn.execute(sql)
    conn.close()
    return named


@pytest.mark.parametrize("which", sorted(BAD_LIVE))
def test_check_names_a_live_value_no_sign_in_can_read(live: Path, which: str) -> None:
    named = _spoiled(live, which)
    for role in (Role.ADMIN, Role.AUDIT):
        checked = _as(live, role, "check")
        assert checked.returncode == 1, checked.stdout
        assert named in checked.stderr and "在本程序之外被改动过" in checked.stderr, checked.stderr
        assert "内部错误" not in checked.stderr and "Traceback" not in checked.stderr
        assert "从备份恢复" in checked.stderr   # … which works: see below


@pytest.mark.parametrize("which", sorted(BAD_LIVE))
def test_the_administrator_restores_a_good_backup_over_a_live_file_that_does_not_read(live: Path, which: str) -> None:
    _spoiled(live, which)
    # nobody could sign in to it: the backup's accounts say who may restore, and only 系统管理
    entry = _as(live, Role.ENTRY, "restore", str(_good(live)), "--yes")
    assert entry.returncode == 1 and "须用备份中具有「系统管理」角色的账户登录" in entry.stderr, entry.stderr
    restored = _as(live, Role.ADMIN, "restore", str(_good(live)), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "内部错误" not in restored.stderr and "已从" in restored.stdout
    checked = _as(live, Role.ADMIN, "check")
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stderr
    assert [p[1] for p in _state(live)[2]] == [NAME]


# ---------------------------------------------------------------------- F9: the dry run signs in


def test_the_dry_run_needs_the_administrators_sign_in(live: Path) -> None:
    src = str(_good(live))
    anyone = xxh("--db", str(live), "restore", src)
    stranger = xxh("--db", str(live), "--user", "nobody", "restore", src, password=PASSWORD)
    entry = _as(live, Role.ENTRY, "restore", src)
    for refused in (anyone, stranger, entry):
        assert refused.returncode == 1 and "完整无误" not in refused.stdout, refused.stdout
        assert "Traceback" not in refused.stderr
    assert "请用 --user 用户名 登录" in anyone.stderr
    assert "用户名或密码错误" in stranger.stderr
    assert "恢复备份需要「系统管理」角色" in entry.stderr
    admin = _as(live, Role.ADMIN, "restore", src)
    assert admin.returncode == 1 and "完整无误" in admin.stdout, admin.stderr


def test_the_dry_run_over_a_live_file_nobody_can_sign_in_to_asks_nobody(live: Path) -> None:
    _spoiled(live, "side")
    dry = xxh("--db", str(live), "restore", str(_good(live)))
    assert dry.returncode == 1 and "完整无误" in dry.stdout, dry.stderr
    assert "须用备份中的系统管理账户登录" in dry.stderr
    restored = _as(live, Role.ADMIN, "restore", str(_good(live)), "--yes")
    assert restored.returncode == 0, restored.stderr


def test_a_database_without_accounts_whose_side_does_not_read_is_named_by_check_and_restored(tmp_path: Path) -> None:
    # Nobody signs in there: `check` itself reads what every write reads.
    db = tmp_path / "dept.db"
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.UNIT, "县教育体育局")
        made = backup.backup_to(ws, tmp_path / "dept-backup.db")
    _spoiled(db, "side")
    checked = xxh("--db", str(db), "check")
    assert checked.returncode == 1 and "「本机身份」（role）的值「火星」" in checked.stderr, checked.stdout
    assert "内部错误" not in checked.stderr and "检查通过" not in checked.stdout
    restored = xxh("--db", str(db), "restore", str(made), "--yes")
    assert restored.returncode == 0, restored.stderr
    checked = xxh("--db", str(db), "check")
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stderr


def test_a_backup_whose_recorded_end_is_no_number_is_refused_in_chinese(live: Path, tmp_path: Path) -> None:
    """Re-probe N6: `{"id": 1e400}` is valid JSON; its int() overflowed into an internal error."""
    forged = _edited(_good(live), tmp_path / "head.db", "UPDATE settings SET value = '{\"id\": 1e400}' "
                     "WHERE key = 'audit_head'")
    before = _state(live)
    for run in (_as(live, Role.ADMIN, "restore", str(forged)), _as(live, Role.ADMIN, "restore", str(forged), "--yes")):
        assert run.returncode == 1 and "有问题，不能用来恢复" in run.stderr, run.stderr
        assert "audit_head）的编号「inf」不是整数" in run.stderr and "内部错误" not in run.stderr
    assert _state(live) == before


def test_this_computers_key_id_in_another_spelling_is_this_computers_key(live: Path, tmp_path: Path) -> None:
    """Re-probe N4: a backup naming this computer's key id in capitals was taken for another
    computer's, and its MACs went unchecked; they are checked with this computer's key."""
    conn = sqlite3.connect(_good(live))
    (key_id,) = conn.execute("SELECT value FROM settings WHERE key = 'audit_key_id'").fetchone()
    conn.close()
    src = _edited(_good(live), tmp_path / "caps.db",
                  f"UPDATE settings SET value = '{key_id.upper()} ' WHERE key = 'audit_key_id'")
    dry = _as(live, Role.ADMIN, "restore", str(src))
    assert "完整无误" in dry.stdout and "另一台电脑" not in dry.stdout, dry.stdout + dry.stderr


@pytest.mark.parametrize(("key", "value"), [("signing_key_encrypted", '{"x": 1}'), ("signing_key", "12")])
def test_a_signing_key_setting_that_does_not_read_is_named(live: Path, key: str, value: str) -> None:
    """Re-probe N10: such a setting (valid JSON of the wrong shape) ended `show-settings` and
    `export-xxh` in an internal error."""
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
    conn.close()
    shown = _as(live, Role.ADMIN, "show-settings")
    assert shown.returncode == 1 and f"（{key}）的值" in shown.stderr and "无法读取" in shown.stderr, shown.stderr
    assert "内部错误" not in shown.stderr
