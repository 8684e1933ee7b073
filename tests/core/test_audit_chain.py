"""The audit trail no one can rewrite (issue 12, 等保 安全审计).

Each attack is made as someone holding the database file would make it, with a raw
SQLite connection: dropping the triggers, editing, deleting, reordering, recomputing
the SM3 chain, cutting the tail and fixing the head, wiping the log. Each one makes
`audit verify` (and `check`) fail and name what it found — the first entry that
disagrees. Without the key outside the database the HMAC-SM3 cannot be recomputed;
with the key, the anchors outside the database still disagree.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from accounts_support import NAMES, PASSWORD, one_per_role, sign_in_as
from openpyxl import load_workbook

from xxh_desktop import accounts, audit, hashing, machine_key
from xxh_desktop.audit_anchors import anchors_file, sidecar
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.excel.ledger import export_ledger
from xxh_desktop.exchange import signing
from xxh_desktop.plan_export import export_plan
from xxh_desktop.restore import restore
from xxh_desktop.storage import audit_log as audit_module
from xxh_desktop.storage.backup import backup_to
from xxh_desktop.workspace import Workspace

from builders import new_project, seeded


def _log(ws: Workspace, n: int = 6) -> Path:
    """`n` projects, each leaving its entry; returns the file, closed."""
    for i in range(n):
        new_project(ws, f"项目{i}", "县民政局", 2026)
    path = ws.path
    ws.close()
    return path


def _raw(path: Path) -> sqlite3.Connection:
    """Someone with the file and a SQLite tool: the triggers are the first thing they drop."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def _restore_triggers(conn: sqlite3.Connection) -> None:
    """...and put back afterwards, so only the chain can tell."""
    for sql in audit_module.TRIGGERS.values():
        conn.execute(sql)


def _rechain(conn: sqlite3.Connection) -> None:
    """Recompute every SM3 link and the in-database head, as the algorithm is public (no key)."""
    prev = audit_module.GENESIS
    last = None
    for row in conn.execute("SELECT id, at, who, action, target, before, after, result FROM audit_log "
                            "ORDER BY id").fetchall():
        digest = audit_module._digest(prev, *row[1:])
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row[0]))
        prev, last = digest, row[0]
    conn.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'",
                 (json.dumps({"id": last or 0, "hash": prev}),))


def _problems(path: Path, printed: tuple[str, ...] = ()) -> list[str]:
    with Workspace.open(path, create=False) as ws:
        report = ws.audit_log.report(printed)
        assert ws.check() == report.problems or printed
        return report.problems


def test_an_untouched_log_verifies_and_names_its_anchors(ws: Workspace) -> None:
    path = _log(ws)
    with Workspace.open(path) as again:
        report = again.audit_log.report()
    assert report.problems == [] and report.entries == 7
    assert report.anchors["commit"] >= 7   # one anchor line per committed write


def test_an_edited_entry_is_named(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    conn.execute("UPDATE audit_log SET who = '某人' WHERE id = 4")
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    assert _problems(path) == ["审计日志第 4 条：内容与其摘要不符（记录被改动）"]


def test_recomputing_the_chain_without_the_key_is_named(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    conn.execute("UPDATE audit_log SET after = '{}' WHERE id = 4")
    _rechain(conn)
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert problems == ["审计日志第 4 条起有 4 条的密钥校验码不符（记录被改动、删除、调换，"
                        "或摘要链在没有密钥的情况下被重算）"]


def test_a_deleted_entry_is_named_even_with_the_chain_recomputed(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    conn.execute("DELETE FROM audit_log WHERE id = 3")
    _rechain(conn)
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert problems[0] == "审计日志第 3 条缺失（记录被删除）"
    assert any(p.startswith("审计日志第 4 条起有") for p in problems)


def test_reordered_entries_are_named(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    rows = {r[0]: r[1:] for r in conn.execute("SELECT id, at, who, action, target, before, after, result, mac "
                                                "FROM audit_log WHERE id IN (3, 5)")}
    for row_id, other in ((3, 5), (5, 3)):
        conn.execute("UPDATE audit_log SET at=?, who=?, action=?, target=?, before=?, after=?, result=?, mac=? "
                     "WHERE id = ?", (*rows[other], row_id))
    _rechain(conn)
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    assert _problems(path)[0].startswith("审计日志第 3 条起有")


def test_cutting_the_tail_and_fixing_the_head_is_named_by_the_anchors(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    conn.execute("DELETE FROM audit_log WHERE id > 4")
    _rechain(conn)   # the chain up to 4 is untouched, so every MAC still verifies
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    assert _problems(path) == ["审计日志在第 4 条之后被截断：锚点文件第 7 行记录到第 7 条（第 5 条起的记录被删除）"]


def test_cutting_the_tail_with_the_key_in_hand_still_shows_in_a_backup_sidecar(ws: Workspace, tmp_path: Path) -> None:
    new_project(ws, "项目甲", "县民政局", 2026)
    head = ws.audit_log.head()   # what the backup holds (its own 备份 entry comes after)
    (tmp_path / "backups").mkdir()
    backup_to(ws, tmp_path / "backups" / "usb.db")
    path = _log(ws, 2)
    # the chain up to any entry verifies: cut back to before the backup, and lose the anchors file too
    conn = _raw(path)
    conn.execute("DELETE FROM audit_log WHERE id >= ?", (head.id,))
    _rechain(conn)
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    anchors_file(path).unlink()
    assert sidecar(tmp_path / "backups" / "usb.db").exists()
    assert _problems(path) == [f"审计日志在第 {head.id - 1} 条之后被截断：备份附注 usb.db.audit-head记录到第 "
                               f"{head.id} 条（第 {head.id} 条起的记录被删除）"]


def test_a_wiped_log_is_named(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    conn.execute("DELETE FROM audit_log")
    conn.execute("DELETE FROM settings WHERE key = 'audit_head'")
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    assert _problems(path) == ["审计日志被清空：锚点文件第 7 行记录到第 7 条"]


def test_erased_keys_are_named(ws: Workspace) -> None:
    path = _log(ws)
    conn = _raw(path)
    conn.execute("UPDATE audit_log SET mac = '' WHERE id >= 5")
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert problems[:3] == [f"审计日志第 {n} 条：缺少密钥校验码（在已用密钥封存的记录之后，记录是伪造的）" for n in (5, 6, 7)]


def test_a_dropped_or_defused_trigger_fails_check(ws: Workspace) -> None:
    path = _log(ws, 1)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    with Workspace.open(path) as again:
        problems = again.check()
    assert problems == ["审计日志的防篡改触发器 audit_log_no_update 被改动（不再阻止改写）",
                        "审计日志的防篡改触发器 audit_log_no_delete 不存在（被删除：日志可被改写）"]


def test_the_cli_fails_and_names_what_it_found(ws: Workspace) -> None:
    import subprocess

    path = _log(ws)
    conn = _raw(path)
    conn.execute("UPDATE audit_log SET target = 'x' WHERE id = 2")
    conn.commit()
    conn.close()
    result = subprocess.run([sys.executable, "-m", "xxh_desktop", "--db", str(path), "audit", "verify"],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1
    assert "防篡改触发器 audit_log_no_update 不存在" in result.stderr
    assert "审计日志第 2 条：内容与其摘要不符" in result.stderr


def test_a_changed_anchor_line_is_named(ws: Workspace) -> None:
    path = _log(ws, 2)
    lines = anchors_file(path).read_text(encoding="utf-8").splitlines()
    line = json.loads(lines[1])
    line["id"] = 1
    lines[1] = json.dumps(line, ensure_ascii=False)
    anchors_file(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _problems(path) == ["锚点文件第 2 行的校验码不符（被改动，或由另一把密钥写入）"]


def test_another_key_says_so_and_its_change_is_logged(ws: Workspace, tmp_path: Path) -> None:
    path = _log(ws, 1)
    (path.parent / machine_key.KEY_FILE).unlink()   # the key file replaced (or the file moved to another PC)
    problems = _problems(path)
    assert "本数据库的审计链由另一把密钥封存" in problems[0]
    with Workspace.open(path) as again:
        new_project(again, "换钥之后", "县民政局", 2026)
        with seeded(again):
            entries = again.audit_log.entries()
        assert [e.action for e in entries][-2:] == ["审计密钥更换", "新建项目"]
        changed = entries[-2].id
        problems = again.audit_log.verify()
    assert problems[0] == (f"审计日志第 1 条起有 {changed - 1} 条的密钥校验码不符（记录被改动、删除、调换，"
                           f"或摘要链在没有密钥的情况下被重算）；第 {changed} 条记录了本机审计密钥的更换，"
                           "此前的记录无法用现在的密钥校验")


# ---------------------------------------------------------------------- anchors printed on paper


def test_the_ledger_and_the_plan_print_the_head_and_verify_reads_it_back(ws: Workspace, tmp_path: Path) -> None:
    import pdfplumber

    # 第七条: a plan holds what the county approved
    new_project(ws, "列入计划的项目", "县民政局", 2027, stage="已批准·列入计划", plan_year=2027,
                approval_date=date(2026, 11, 18))
    head = ws.audit_log.head()
    ledger = load_workbook(export_ledger(ws, tmp_path / "台账.xlsx"))
    assert ledger.active.oddFooter.left.text == head.printed
    plan_head = ws.audit_log.head()
    export_plan(ws, 2027, tmp_path / "计划.pdf")
    with pdfplumber.open(tmp_path / "计划.pdf") as pdf:
        assert plan_head.printed in pdf.pages[0].extract_text()
    xlsx_head = ws.audit_log.head()
    plan = load_workbook(export_plan(ws, 2027, tmp_path / "计划.xlsx").path)
    assert plan.active.oddFooter.left.text == xlsx_head.printed
    printed = head.printed
    assert ws.audit_log.report((printed,)).problems == []
    # the log rewritten from the printed entry on: the paper disagrees
    path = ws.path
    ws.close()
    conn = _raw(path)
    conn.execute("UPDATE audit_log SET mac = ? WHERE id = ?", ("0" * 64, head.id))
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    problems = _problems(path, (printed,))
    assert f"审计日志第 {head.id} 条与打印的锚点「{printed}」不符（该条或其前的记录被改写）" in problems
    assert any(p.startswith("「审计链锚点 12」不是打印的审计链锚点") for p in _problems(path, ("审计链锚点 12",)))


# ---------------------------------------------------------------------- every security event leaves a row


def test_every_audited_action_leaves_a_row(ws: Workspace, tmp_path: Path) -> None:
    one_per_role(ws)
    with pytest.raises(XxhError):
        ws.sign_in(NAMES[Role.ENTRY], "Wrong#Pass2027")
    for _ in range(5):
        with pytest.raises(XxhError):
            ws.sign_in(NAMES[Role.REVIEW], "Wrong#Pass2027")
    sign_in_as(ws, Role.ADMIN)
    ws.accounts.set_roles(NAMES[Role.ENTRY], frozenset({Role.ENTRY, Role.REVIEW}))
    ws.accounts.unlock(NAMES[Role.REVIEW])
    accounts.reset_password(ws, NAMES[Role.ENTRY], "Reset#Pass2027")
    ws.accounts.set_active(NAMES[Role.AUDIT], False)
    ws.accounts.set_active(NAMES[Role.AUDIT], True)
    saved = backup_to(ws, tmp_path / "b.db")
    accounts.lock(ws)
    accounts.unlock(ws, PASSWORD)
    accounts.change_password(ws, PASSWORD, "Changed#Pass2027")
    ws.sign_out()
    sign_in_as(ws, Role.AUDIT)
    audit.export_xlsx(ws, tmp_path / "审计.xlsx")
    admin = ws.accounts.get(NAMES[Role.ADMIN])
    path = ws.path
    ws.close()
    from xxh_desktop.authority import Actor

    restore(path, saved, actor=Actor(Side.OFFICE, "", admin.who, person=admin.name, roles=admin.roles))
    with Workspace.open(path) as again, seeded(again):
        restored = [(e.action, e.who) for e in again.audit_log.entries()]
    assert restored[-1] == ("恢复备份", "张管理")
    with Workspace.open(tmp_path / "b.db") as copy, seeded(copy):
        before = [(e.action, e.target, e.who) for e in copy.audit_log.entries()]
    # the backup holds everything up to itself; the rest is in the safety backup
    expected = [
        ("新建账户", "guanli", "测试员"), ("新建账户", "luru", "demo"), ("登录失败", "luru", "未登录"),
        ("账户锁定", "shenhe", "未登录"), ("登录", "guanli", "张管理"), ("修改角色", "luru", "张管理"),
        ("解除锁定", "shenhe", "张管理"), ("重置密码", "luru", "张管理"), ("停用账户", "shenji", "张管理"),
        ("启用账户", "shenji", "张管理"),
    ]
    for action, target, who in expected:
        assert any(b[0] == action and b[1] == target and (who == "demo" or b[2] == who) for b in before), action
    safety = sorted((path.parent / "backups").glob("auto-*-before-restore.db"))[-1]
    with Workspace.open(safety) as copy, seeded(copy):
        later = [(e.action, e.who) for e in copy.audit_log.entries()]
    for step in (("备份", "张管理"), ("锁定", "张管理"), ("解锁", "张管理"), ("修改密码", "张管理"),
                 ("登出", "张管理"), ("导出审计日志", "赵审计")):
        assert step in later, step


# ---------------------------------------------------------------------- the key outside the database


def test_the_key_file_is_private_and_sealed_where_the_system_can(tmp_path: Path) -> None:
    key = machine_key.load(tmp_path)
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / machine_key.KEY_FILE).stat().st_mode) == 0o600
    os.chmod(tmp_path / machine_key.KEY_FILE, 0o644)
    assert machine_key.load(tmp_path).secret == key.secret
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / machine_key.KEY_FILE).stat().st_mode) == 0o600


class FakeDpapi:
    """Stands in for Windows' DPAPI: sealed bytes that only this «user» opens."""

    name = "dpapi"

    def protect(self, data: bytes) -> bytes:
        return bytes(b ^ 0x5A for b in data)[::-1]

    def unprotect(self, data: bytes) -> bytes:
        return bytes(b ^ 0x5A for b in data[::-1])


def test_a_sealed_key_opens_only_where_it_was_sealed(tmp_path: Path) -> None:
    key = machine_key.load(tmp_path, FakeDpapi())
    content = json.loads((tmp_path / machine_key.KEY_FILE).read_text())
    assert content["protection"] == "dpapi"
    import base64

    assert base64.b64decode(content["secret"]) != key.secret
    assert machine_key.load(tmp_path, FakeDpapi()).secret == key.secret
    with pytest.raises(XxhError, match="另一台电脑"):
        machine_key.load(tmp_path, machine_key.FileMode())


def test_a_damaged_key_file_is_said(tmp_path: Path) -> None:
    (tmp_path / machine_key.KEY_FILE).write_text("not a key")
    with pytest.raises(XxhError, match="已损坏或不是本程序的密钥文件"):
        machine_key.load(tmp_path)


def test_the_signing_key_is_never_in_the_database_in_the_clear(ws: Workspace, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    key = signing.ensure_key(ws)
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    assert ws.settings.get("signing_key") is None
    assert "ENCRYPTED PRIVATE KEY" in ws.settings.get(signing.SETTING)
    ws.database.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    import base64

    content = ws.path.read_bytes()
    assert raw not in content and base64.b64encode(raw) not in content
    # the database alone, in a folder with another key: the signing key does not open
    elsewhere = tmp_path / "stolen"
    elsewhere.mkdir()
    shutil.copyfile(ws.path, elsewhere / "xxh.db")
    with Workspace.open(elsewhere / "xxh.db") as copy, pytest.raises(XxhError, match="签名密钥无法解开"):
        signing.stored_fingerprint(copy)


def test_a_signing_key_kept_in_the_clear_by_an_earlier_version_is_encrypted_on_use(ws: Workspace) -> None:
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    old = Ed25519PrivateKey.generate()
    ws.settings.put_internal("signing_key", base64.b64encode(
        old.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode())
    fingerprint = signing.fingerprint(signing.public_key_b64(old))
    assert signing.stored_fingerprint(ws) == fingerprint
    assert ws.settings.get("signing_key") is None
    assert signing.fingerprint(signing.own_public_key(ws)) == fingerprint


# ---------------------------------------------------------------------- SM3, and a log from before the key


def test_the_sm3_known_answer_test(monkeypatch: pytest.MonkeyPatch) -> None:
    hashing.self_test()
    assert hashing.sm3_hex(b"abc").startswith("66c7f0f4") and hashing.sm3_hex(b"abc").endswith("8e0")
    monkeypatch.setattr(hashing, "sm3_hex", lambda data: "0" * 64)
    with pytest.raises(XxhError, match="SM3 自检失败"):
        hashing.self_test()


def test_sm3_is_the_same_from_openssl_and_from_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python's OpenSSL SM3 where it has one (it lets other threads run), `cryptography`'s where not."""
    data, key = bytes(range(256)) * 300, b"k" * 32
    ours = (hashing.sm3_hex(data), hashing.hmac_sm3(key, data))
    monkeypatch.setattr(hashing, "_OPENSSL_SM3", False)
    hashing.self_test()
    stream = hashing.Sm3Stream()
    for start in range(0, len(data), 4096):
        stream.update(data[start:start + 4096])
    assert (stream.hexdigest(), hashing.hmac_sm3(key, data)) == ours
    assert hashing.sm3_hex(b"abc") == hashing.KNOWN_ANSWERS[0][1]


def test_a_log_written_before_the_key_is_sealed_at_the_upgrade(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.storage import database as database_module

    path = tmp_path / "v2.db"
    monkeypatch.setattr(database_module, "MIGRATIONS", database_module.MIGRATIONS[:2])   # before ACCOUNTS
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", 2)
    with Workspace.open(path) as old:
        old.settings.choose_side(Side.OFFICE)
        # a write the old schema holds (a project row would be read with this version's columns)
        old.settings.put("declaration_deadline", "10-15", action="设置申报截止日")
    monkeypatch.undo()
    with Workspace.open(path) as ws, seeded(ws):
        entries = ws.audit_log.entries()
        assert [e.action for e in entries][-2:] == ["备份", "审计日志启用密钥"]   # the backup before the upgrade
        assert ws.audit_log.verify() == []
    conn = _raw(path)
    conn.execute("UPDATE audit_log SET who = '某人' WHERE id = 1")
    _rechain(conn)
    _restore_triggers(conn)
    conn.commit()
    conn.close()
    seal = len(entries)
    assert _problems(path)[0].startswith(f"审计日志第 {seal} 条起有")


def test_one_entry_gathers_the_changes_of_one_step_by_one_actor(ws: Workspace) -> None:
    # An import writes each record as one step: the owners' entries go inside one, before → after kept.
    before = len(ws.audit_log.snapshot())
    with ws.audit_log.gathered("导入记录", "第一条", {"id": "r1"}):
        ws.audit_log.append("修改项目", "甲", before={"name": "旧"}, after={"name": "新"})
        ws.audit_log.append("登录", "乙", who="另一个人")   # someone else's entry is never folded in
        ws.audit_log.append("添加材料", "甲", after={"kind": "建设方案"})
    added = ws.audit_log.snapshot()[before:]
    assert [e.action for e in added] == ["登录", "导入记录"]
    assert json.loads(added[1].after) == {"id": "r1", "changes": [
        {"action": "修改项目", "target": "甲", "before": {"name": "旧"}, "after": {"name": "新"}, "result": "成功"},
        {"action": "添加材料", "target": "甲", "before": "", "after": {"kind": "建设方案"}, "result": "成功"}]}
    with pytest.raises(ZeroDivisionError), ws.audit_log.gathered("导入记录", "第二条", {"id": "r2"}):
        ws.audit_log.append("修改项目", "甲")
        raise ZeroDivisionError
    assert [e.action for e in ws.audit_log.snapshot()[before:]] == ["登录", "导入记录"]   # a failed step: none
    ws.audit_log.append("修改项目", "丙")   # and entries are single again after it
    assert ws.audit_log.snapshot()[-1].target == "丙"
    assert ws.audit_log.verify() == []
