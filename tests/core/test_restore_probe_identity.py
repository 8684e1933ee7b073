"""What a sound backup must still not do when restored (probe-restore F3, F4, F5).

F3: the backup's log is compared with the head its `.audit-head` sidecar holds, as `audit verify`
compares sidecars: a tail cut off, or a sidecar of another log, refuses the restore.
F4: a log sealed with another computer's key (or claiming one) is said to be so, with its key id,
before and after the restore, and what `check` reports afterwards.
F5: a backup of another side or unit, or one without accounts over a database with accounts, is
refused: it would replace this machine's identity, or remove sign-in.

Every attack goes through the installed command, signed in as the office's 系统管理; the live
database keeps its identity, accounts, projects and log, and no safety backup is made.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from accounts_support import NAMES, PASSWORD
from cli_support import xxh
from restore_support import office_beside as _office
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.storage import backup
from xxh_desktop.workspace import Workspace


def _department(db: Path, unit: str) -> Path:
    """A department's database (no accounts) and a backup of it."""
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.UNIT, unit)
        return backup.backup_to(ws, db.with_name(f"{db.stem}-backup.db"))


@pytest.fixture
def live(tmp_path: Path) -> Path:
    db = tmp_path / "live.db"
    _office(db)
    return db


def _state(db: Path) -> tuple:
    """What a refused restore must leave as it was: identity, accounts, projects, the restores logged."""
    conn = sqlite3.connect(db)
    try:
        return (dict(conn.execute("SELECT key, value FROM settings WHERE key IN ('role', 'unit')")),
                conn.execute("SELECT name, roles, password_hash FROM accounts ORDER BY name").fetchall(),
                conn.execute("SELECT number, name FROM projects ORDER BY id").fetchall(),
                conn.execute("SELECT count(*) FROM audit_log WHERE action = '恢复备份'").fetchone())
    finally:
        conn.close()


def _admin_restores(live: Path, src: Path, *extra: str):
    return xxh("--db", str(live), "--user", NAMES[Role.ADMIN], "restore", str(src), *extra, password=PASSWORD)


def _refused(live: Path, src: Path, *words: str) -> None:
    """The dry run and the confirmed restore both refuse `src`, naming `words`; nothing changes."""
    before = _state(live)
    dry = _admin_restores(live, src)
    assert dry.returncode == 1 and "完整无误" not in dry.stdout, dry.stdout
    confirmed = _admin_restores(live, src, "--yes")
    assert confirmed.returncode == 1, confirmed.stdout
    assert "未恢复" in confirmed.stderr and "Traceback" not in confirmed.stderr
    for said in (dry.stderr, confirmed.stderr):
        for word in words:
            assert word in said, said
    assert _state(live) == before
    assert not list((live.parent / "backups").glob("auto-*-before-restore.db"))


def _cut(src: Path, dest: Path, entries: int) -> None:
    """`src` with its last `entries` audit entries deleted and its recorded head moved back to
    match (what the probe's cut_tail.py does); its sidecar copied beside it unchanged."""
    shutil.copyfile(src, dest)
    shutil.copyfile(f"{src}.audit-head", f"{dest}.audit-head")
    conn = sqlite3.connect(dest, isolation_level=None)
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
                            ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("DELETE FROM audit_log WHERE id > (SELECT max(id) FROM audit_log) - ?", (entries,))
    last, digest = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'", (json.dumps({"id": last, "hash": digest}),))
    for _, sql in triggers:
        conn.execute(sql)
    conn.close()


# ---------------------------------------------------------------------- F3: the sidecar


def test_a_backup_whose_log_was_cut_short_of_its_sidecar_is_refused(live: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.db"
    _cut(live.with_name("live-backup.db"), cut, 3)
    head = json.loads(Path(f"{cut}.audit-head").read_text(encoding="utf-8"))["id"]
    _refused(live, cut, "有问题", "被截断", f"记录到第 {head} 条")


def test_a_backup_beside_another_logs_sidecar_is_refused(live: Path, tmp_path: Path) -> None:
    # Two databases of this folder (the same key): the other one's sidecar beside this backup is
    # genuine, but its head is not this log's entry at that id.
    other = _office(tmp_path / "other.db")
    mine = live.with_name("live-backup.db")
    shutil.copyfile(f"{other}.audit-head", f"{mine}.audit-head")
    _refused(live, mine, "有问题", "与备份附注", "不符")


def test_a_backup_is_compared_with_its_sidecar_and_one_without_it_says_so(live: Path, tmp_path: Path) -> None:
    genuine = live.with_name("live-backup.db")
    dry = _admin_restores(live, genuine)
    assert dry.returncode == 1 and "完整无误" in dry.stdout
    assert "已与备份旁的审计附注 live-backup.db.audit-head 比对" in dry.stdout
    bare = tmp_path / "bare.db"
    shutil.copyfile(genuine, bare)   # copied without its sidecar: still a backup
    dry = _admin_restores(live, bare)
    assert dry.returncode == 1 and "完整无误" in dry.stdout
    assert "备份旁没有审计附注 bare.db.audit-head" in dry.stdout
    restored = _admin_restores(live, bare, "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "备份旁没有审计附注" in restored.stdout


# ---------------------------------------------------------------------- F4: another key


def _other_computer(_live: Path, tmp_path: Path) -> tuple[Path, str]:
    """A backup of the office's database made on another computer (its own machine.key), and that key's id."""
    folder = tmp_path / "other-computer"
    folder.mkdir()
    made = _office(folder / "xxh.db")
    with Workspace.open(folder / "xxh.db") as ws:
        return made, ws.machine_key.key_id


def _forged_key_id(live: Path, tmp_path: Path) -> tuple[Path, str]:
    """This office's backup, its log claiming to be sealed with a key that is not this computer's."""
    forged = tmp_path / "forged.db"
    shutil.copyfile(live.with_name("live-backup.db"), forged)
    conn = sqlite3.connect(forged)
    with conn:
        conn.execute("UPDATE settings SET value = '\"0000000000000000\"' WHERE key = 'audit_key_id'")
    conn.close()
    return forged, "0000000000000000"


@pytest.mark.parametrize(("made", "passes_check"), [(_other_computer, False), (_forged_key_id, True)])
def test_a_log_sealed_with_another_key_is_said_so_before_and_after(live: Path, tmp_path: Path, made,
                                                                    passes_check: bool) -> None:
    src, key_id = made(live, tmp_path)
    dry = _admin_restores(live, src)
    assert dry.returncode == 1 and "完整无误" not in dry.stdout
    restored = _admin_restores(live, src, "--yes")
    assert restored.returncode == 0, restored.stderr
    for said in (dry.stdout, restored.stdout):
        assert f"另一台电脑的密钥封存（密钥编号 {key_id}" in said, said
        assert "无法在本机核对" in said and "由另一把密钥封存的记录将一直被报告为密钥校验码不符" in said
    # What was said holds: entries another computer sealed fail `check` from now on; a log that only
    # claimed another key was this computer's all along.
    checked = xxh("--db", str(live), "--user", NAMES[Role.ADMIN], "check", password=PASSWORD)
    assert (checked.returncode == 0) is passes_check
    assert passes_check or "密钥校验码不符" in checked.stderr


# ---------------------------------------------------------------------- F5: whose backup


def test_a_departments_backup_is_refused_at_the_office(live: Path, tmp_path: Path) -> None:
    department = _department(tmp_path / "dept.db", "县教育体育局")
    _refused(live, department, "不能用来恢复当前数据库", "「项目建设单位（县教育体育局）」", "「县智慧办」",
             "没有任何账户", "4 个账户")


def test_the_offices_backup_is_refused_at_a_department(live: Path, tmp_path: Path) -> None:
    department = tmp_path / "dept.db"
    _department(department, "县教育体育局")
    _refused(department, live.with_name("live-backup.db"), "「县智慧办」", "「项目建设单位（县教育体育局）」")


def test_another_units_backup_is_refused_at_a_department(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    _department(mine, "县教育体育局")
    other = _department(tmp_path / "other.db", "县民政局")
    _refused(mine, other, "「项目建设单位（县民政局）」", "「项目建设单位（县教育体育局）」")


def test_a_backup_without_accounts_is_refused_over_a_database_with_accounts(live: Path, tmp_path: Path) -> None:
    bare = _office(tmp_path / "early.db", accounts=False)
    _refused(live, bare, "备份中没有任何账户", "4 个账户", "不需登录")


def test_the_dry_run_names_whose_backup_it_is_and_a_genuine_one_restores(live: Path) -> None:
    genuine = live.with_name("live-backup.db")
    dry = _admin_restores(live, genuine)
    assert "备份中的本机身份：县智慧办；账户 4 个。" in dry.stdout
    restored = _admin_restores(live, genuine, "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "比对" in restored.stdout and _state(live)[3] == (1,)
