"""Backups whose definitions or audit keys were tampered with (probe-restore F1, F2).

F1: the structure check compared tables through SQLite's pragmas, which show no CHECK, COLLATE,
ON CONFLICT or partial index WHERE: a `CHECK (id < 505)` on the audit log passed, restored, and
then refused every sign-in — and so every restore. The CREATE statements are compared too; and a
live database that refuses every write is restored by the backup's 系统管理.
F2: a log rewritten with its SM3 chain recomputed (no key needed) and every MAC wiped passed as a
log from before keys existed.

Each attack is made with sqlite3 on a backup the program wrote, and goes through the installed
command signed in as 系统管理: refused in Chinese, the live database as it was. Genuine backups of
every schema version, and of a file upgraded step by step from the first, still pass.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from accounts_support import NAMES, PASSWORD
from builders import new_project
from cli_support import xxh
from restore_support import NAME, office_beside as _office
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.storage import audit_log as audit_module
from xxh_desktop.storage import backup
from xxh_desktop.storage import database as database_module
from xxh_desktop.storage.schema import ACCOUNTS, MIGRATIONS, SCHEMA_VERSION
from xxh_desktop.workspace import Workspace

AUDIT_END = ", mac TEXT NOT NULL DEFAULT '')"


@pytest.fixture
def live(tmp_path: Path) -> Path:
    db = tmp_path / "live.db"
    _office(db)
    return db


def _state(db: Path) -> tuple:
    """What a refused restore must leave as it was (a sign-in's own entry aside): the schema,
    the settings, the accounts, the projects and the log's entries with their MACs."""
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(),
                conn.execute("SELECT key, value FROM settings WHERE key != 'audit_head' ORDER BY key").fetchall(),
                conn.execute("SELECT name, roles, password_hash FROM accounts ORDER BY name").fetchall(),
                conn.execute("SELECT number, name FROM projects ORDER BY id").fetchall(),
                conn.execute("SELECT id, who, action, hash, mac FROM audit_log WHERE action != '登录' "
                             "ORDER BY id").fetchall())
    finally:
        conn.close()


def _scalar(db: Path, sql: str) -> object:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _admin(live: Path, *args: str):
    return xxh("--db", str(live), "--user", NAMES[Role.ADMIN], *args, password=PASSWORD)


def _refused(live: Path, src: Path, *words: str) -> None:
    """The dry run and the confirmed restore both refuse `src`, naming `words`; nothing changes."""
    before = _state(live)
    dry = _admin(live, "restore", str(src))
    assert dry.returncode == 1 and "完整无误" not in dry.stdout, dry.stdout
    confirmed = _admin(live, "restore", str(src), "--yes")
    assert confirmed.returncode == 1, confirmed.stdout
    assert "未恢复" in confirmed.stderr
    for said in (dry.stderr, confirmed.stderr):
        assert "Traceback" not in said
        for word in words:
            assert word in said, said
    assert _state(live) == before
    assert not list((live.parent / "backups").glob("auto-*-before-restore.db"))


def _edited(src: Path, dest: Path, name: str, old: str, new: str) -> Path:
    """`src` copied (without its sidecar) with the CREATE statement of `name` edited in place, as
    `PRAGMA writable_schema` lets anyone do: the rows still satisfy it, so SQLite's own check passes."""
    shutil.copyfile(src, dest)
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        assert old in sql, sql
        (version,) = conn.execute("PRAGMA schema_version").fetchone()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new, 1), name))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return dest


def _wiped(src: Path, dest: Path, *, forget_key: bool = False) -> Path:
    """`src` copied (without its sidecar), its log rewritten — entry 2's author changed, the last
    entry deleted —, its SM3 chain and head recomputed (the algorithm is public) and every MAC
    blanked, as the probe's forge.py strip_macs; with `forget_key` the key id setting deleted too."""
    shutil.copyfile(src, dest)
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE audit_log SET who = '伪造者' WHERE id = 2")
        conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
        prev = audit_module.GENESIS
        rows = conn.execute("SELECT id, at, who, action, target, before, after, result FROM audit_log "
                            "ORDER BY id").fetchall()
        for row in rows:
            digest = audit_module._digest(prev, *row[1:])
            conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, mac = '' WHERE id = ?", (prev, digest, row[0]))
            prev = digest
        conn.execute("UPDATE settings SET value = ? WHERE key = ?",
                     (json.dumps({"id": rows[-1][0], "hash": prev}), audit_module.HEAD_SETTING))
        if forget_key:
            conn.execute("DELETE FROM settings WHERE key = ?", (audit_module.KEY_ID_SETTING,))
        for _, sql in triggers:
            conn.execute(sql)
    finally:
        conn.close()
    return dest


# ---------------------------------------------------------------------- F1: what the pragmas do not show


@pytest.mark.parametrize(("table", "old", "new", "words"), [
    # the probe's: refuses the entry after the 504th, and with it every sign-in
    ("audit_log", AUDIT_END, ", mac TEXT NOT NULL DEFAULT '', CHECK (id < 505))",
     ("表「audit_log」的定义与本程序的不同", "CHECK (id < 505)")),
    # the same on a chosen day, long after the restore was checked
    ("audit_log", AUDIT_END, ", mac TEXT NOT NULL DEFAULT '', CHECK (at < '2099-01-01'))",
     ("表「audit_log」的定义与本程序的不同", "CHECK (at < '2099-01-01')")),
    ("projects", "name TEXT NOT NULL,", "name TEXT NOT NULL COLLATE NOCASE,",
     ("表「projects」的定义与本程序的不同", "COLLATE NOCASE")),
    # a second unit of the same name would silently replace the first
    ("units", "name TEXT NOT NULL UNIQUE", "name TEXT NOT NULL UNIQUE ON CONFLICT REPLACE",
     ("表「units」的定义与本程序的不同", "ON CONFLICT REPLACE")),
    # the 申报编号 no longer unique: the partial index's WHERE covers no row
    ("projects_declaration_no", "WHERE declaration_no != ''", "WHERE declaration_no != '' AND unit_id < 0",
     ("表「projects」的索引「projects_declaration_no」的定义与本程序的不同", "AND unit_id < 0")),
])
def test_a_backup_whose_definitions_differ_only_where_the_pragmas_do_not_look_is_refused(
        live: Path, tmp_path: Path, table: str, old: str, new: str, words: tuple[str, ...]) -> None:
    forged = _edited(live.with_name("live-backup.db"), tmp_path / "forged.db", table, old, new)
    _refused(live, forged, f"数据库结构与本程序（结构版本 {SCHEMA_VERSION}）的不符", *words)
    # the live database's own check says so too
    shutil.copyfile(_edited(live, tmp_path / "live-edited.db", table, old, new), live)
    checked = _admin(live, "check")
    assert checked.returncode == 1 and all(word in checked.stderr for word in words), checked.stderr


def test_a_table_named_like_sqlites_own_is_not_overlooked(live: Path, tmp_path: Path) -> None:
    # LIKE 'sqlite_%' reads `_` as any character: «sqlitex_notes» was taken for SQLite's own.
    forged = tmp_path / "forged.db"
    shutil.copyfile(live.with_name("live-backup.db"), forged)
    with sqlite3.connect(forged) as conn:
        conn.execute("CREATE TABLE sqlitex_notes (text TEXT)")
    conn.close()
    _refused(live, forged, "多出本程序没有的表「sqlitex_notes」")


def test_a_live_database_that_refuses_every_write_is_restored_by_the_administrator(live: Path) -> None:
    """Such a file (the probe's, once restored) fails every sign-in's own entry: it counts as
    damaged — kept byte for byte — and the backup's 系统管理 restores over it; nobody else."""
    next_id = _scalar(live, "SELECT max(id) + 1 FROM audit_log")
    bombed = _edited(live, live.with_name("bombed.db"), "audit_log", AUDIT_END,
                     f", mac TEXT NOT NULL DEFAULT '', CHECK (id < {next_id}))")
    shutil.copyfile(bombed, live)
    listed = xxh("--db", str(live), "--user", NAMES[Role.ENTRY], "list", password=PASSWORD)
    assert listed.returncode == 1 and "CHECK constraint failed" in listed.stderr
    src = live.with_name("live-backup.db")
    wrong = xxh("--db", str(live), "--user", NAMES[Role.ADMIN], "restore", str(src), "--yes", password="Wrong#Pass2027")
    assert wrong.returncode == 1 and "用户名或密码错误" in wrong.stderr and "Traceback" not in wrong.stderr
    assert live.read_bytes() == bombed.read_bytes()
    restored = _admin(live, "restore", str(src), "--yes")
    assert restored.returncode == 0, restored.stderr
    [kept] = (live.parent / "backups").glob("damaged-*.db")
    assert kept.read_bytes() == bombed.read_bytes()
    checked = _admin(live, "check")
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stderr
    listed = xxh("--db", str(live), "--user", NAMES[Role.ENTRY], "list", password=PASSWORD)
    assert listed.returncode == 0 and NAME in listed.stdout, listed.stderr


# ---------------------------------------------------------------------- F2: a keyed log without its keys


@pytest.mark.parametrize("forget_key", [False, True])
def test_a_backup_whose_log_was_rewritten_and_its_macs_wiped_is_refused(live: Path, tmp_path: Path,
                                                                       forget_key: bool) -> None:
    forged = _wiped(live.with_name("live-backup.db"), tmp_path / "forged.db", forget_key=forget_key)
    _refused(live, forged, "审计日志没有任何带密钥校验码的记录")
    # after the refused restore the log `audit verify` certifies is still keyed throughout
    verified = xxh("--db", str(live), "--user", NAMES[Role.AUDIT], "audit", "verify", password=PASSWORD)
    assert verified.returncode == 0, verified.stderr
    assert _scalar(live, "SELECT count(*) FROM audit_log WHERE mac = '' OR who = '伪造者'") == 0


# ---------------------------------------------------------------------- genuine backups of every version


def _made_at(path: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database as the program at schema `version` made it, with an audited write, and the
    program's backup of it."""
    with monkeypatch.context() as patched:
        patched.setattr(database_module, "MIGRATIONS", MIGRATIONS[:version])
        patched.setattr(database_module, "SCHEMA_VERSION", version)
        with Workspace.open(path) as ws:
            ws.settings.choose_side(Side.OFFICE)
            # a write every version's schema holds (a project row is read with this version's columns)
            ws.settings.put("declaration_deadline", "10-15", action="设置申报截止日")
            return backup.backup_to(ws, path.with_name(f"{path.stem}-backup.db"))


def _upgraded_from_first(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file of the first version upgraded by this program step by step (its log sealed), then
    written to and backed up."""
    _made_at(path, 1, monkeypatch)
    with Workspace.open(path) as ws:
        new_project(ws, NAME, "县应急管理局", 2027)
        return backup.backup_to(ws, path.with_name(f"{path.stem}-backup.db"))


@pytest.mark.parametrize("made", [*range(1, SCHEMA_VERSION + 1), "upgraded"])
def test_genuine_backups_of_every_version_pass_and_their_forgeries_do_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: int | str) -> None:
    live = tmp_path / "plain.db"
    _office(live, accounts=False)
    if made == "upgraded":
        genuine, version = _upgraded_from_first(tmp_path / "v1.db", monkeypatch), SCHEMA_VERSION
    else:
        genuine, version = _made_at(tmp_path / f"v{made}.db", made, monkeypatch), made
    assert _scalar(genuine, "PRAGMA user_version") == version
    dry = xxh("--db", str(live), "restore", str(genuine))
    assert dry.returncode == 1 and "完整无误" in dry.stdout, dry.stderr
    # the hash column is in the audit log's first definition: every version has it
    forged = _edited(genuine, tmp_path / "forged.db", "audit_log", "hash TEXT NOT NULL\n",
                     "hash TEXT NOT NULL CHECK (length(hash) = 64)\n")
    _refused(live, forged, f"结构版本 {version}", "表「audit_log」的定义与本程序的不同",
             "CHECK (length (hash) = 64)")
    if version > MIGRATIONS.index(ACCOUNTS):   # the log has keys
        _refused(live, _wiped(genuine, tmp_path / "wiped.db"), "审计日志没有任何带密钥校验码的记录")
    restored = xxh("--db", str(live), "restore", str(genuine), "--yes")
    assert restored.returncode == 0, restored.stderr
    checked = xxh("--db", str(live), "check")
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stderr
