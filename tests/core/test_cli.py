"""The CLI through a real subprocess: exit codes, stdout, Chinese stderr, nothing changed on error."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from xxh_desktop.storage.schema import SCHEMA_VERSION
from xxh_desktop.workspace import Workspace

from builders import as_unit, new_project


def xxh(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xxh_desktop", *args], capture_output=True, text=True,
        encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120,
    )


def test_init_creates_the_database(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    result = xxh("--db", str(db), "init")
    assert result.returncode == 0, result.stderr
    assert "数据库已就绪" in result.stdout
    assert db.exists()


def test_default_database_lives_in_xxh_data_dir(tmp_path: Path) -> None:
    result = xxh("init", env={"XXH_DATA_DIR": str(tmp_path / "portable")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "portable" / "xxh.db").exists()
    result = xxh("--data-dir", str(tmp_path / "other"), "init")
    assert (tmp_path / "other" / "xxh.db").exists()


def test_list_prints_exact_tab_separated_columns_and_filters(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    from decimal import Decimal

    from xxh_desktop.domain.declaration import Declaration

    with Workspace.open(db) as ws:
        a = new_project(ws, "金寨县智慧教育云平台二期", "县教育体育局", 2027)
        with as_unit(ws, "县教育体育局"):
            ws.declarations.save(a, Declaration(project_name="金寨县智慧教育云平台二期", investment=Decimal("180.5")))
        new_project(ws, "梅山镇网格化社会治理平台", "梅山镇人民政府", 2026, stage="已申报")
    result = xxh("--db", str(db), "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "JZ-2026-001\t梅山镇网格化社会治理平台\t梅山镇人民政府\t已申报\t",
        "JZ-2027-001\t金寨县智慧教育云平台二期\t县教育体育局\t草稿\t180.5",
    ]
    assert xxh("--db", str(db), "list", "--year", "2027").stdout.count("\n") == 1
    assert xxh("--db", str(db), "list", "--unit", "梅山镇人民政府").stdout.startswith("JZ-2026-001\t")
    assert xxh("--db", str(db), "list", "--stage", "运维").stdout == ""


def test_show_prints_one_project(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        new_project(ws, "县域医共体远程心电诊断系统", "县卫生健康委", 2027)
    result = xxh("--db", str(db), "show", "JZ-2027-001")
    assert result.returncode == 0, result.stderr
    assert "县域医共体远程心电诊断系统" in result.stdout
    assert "申请单位：县卫生健康委" in result.stdout


def test_unknown_project_is_a_chinese_error(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    xxh("--db", str(db), "init")
    result = xxh("--db", str(db), "show", "JZ-1999-999")
    assert result.returncode == 1
    assert "找不到" in result.stderr and result.stdout == ""


def test_list_on_a_missing_database_changes_nothing(tmp_path: Path) -> None:
    result = xxh("--db", str(tmp_path / "absent.db"), "list")
    assert result.returncode == 1
    assert "不存在" in result.stderr
    assert not (tmp_path / "absent.db").exists()


def test_bad_option_is_a_usage_error_in_chinese(tmp_path: Path) -> None:
    result = xxh("--db", str(tmp_path / "a.db"), "list", "--year", "明年")
    assert result.returncode == 2
    assert "参数错误" in result.stderr


def test_check_is_zero_when_sound_and_nonzero_when_not(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        pid = new_project(ws, "项目", "县民政局", 2026)
        with as_unit(ws, "县民政局"):
            ws.materials.attach(pid, "项目概算", "概算.xlsx", b"budget")
    ok = xxh("--db", str(db), "check")
    assert ok.returncode == 0, ok.stderr
    conn = sqlite3.connect(db)
    conn.execute("UPDATE blobs SET content = x'00'")
    conn.commit()
    conn.close()
    bad = xxh("--db", str(db), "check")
    assert bad.returncode == 1
    assert "SM3" in bad.stderr


def test_newer_database_is_refused_by_every_command(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for command in ("init", "list", "check"):
        result = xxh("--db", str(db), command)
        assert result.returncode == 1
        assert "更新版本" in result.stderr
    assert db.read_bytes() == before


def test_backup_restore_and_audit_commands(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目甲", "县民政局", 2026)
    (tmp_path / "usb").mkdir()
    result = xxh("--db", str(db), "backup", str(tmp_path / "usb"))
    assert result.returncode == 0, result.stderr
    saved = next((tmp_path / "usb").glob("*.db"))
    with Workspace.open(db) as ws:
        new_project(ws, "项目乙", "县民政局", 2026)
    refused = xxh("--db", str(db), "restore", str(saved))
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert len(xxh("--db", str(db), "list").stdout.splitlines()) == 2
    restored = xxh("--db", str(db), "restore", str(saved), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert [line.split("\t")[1] for line in xxh("--db", str(db), "list").stdout.splitlines()] == ["项目甲"]
    verify = xxh("--db", str(db), "audit", "verify")
    assert verify.returncode == 0 and "摘要链无断裂" in verify.stdout
    exported = xxh("--db", str(db), "audit", "export", str(tmp_path / "审计.xlsx"))
    assert exported.returncode == 0, exported.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "审计.xlsx").active
    actions = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "新建项目" in actions and "恢复备份" in actions


def test_audit_verify_fails_on_a_broken_chain(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目甲", "县民政局", 2026)
    conn = sqlite3.connect(db)   # a raw SQLite tool on the file
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 1")
    conn.commit()
    conn.close()
    result = xxh("--db", str(db), "audit", "verify")
    assert result.returncode == 1
    assert "末尾的记录缺失" in result.stderr


def test_audit_verify_fails_when_a_middle_entry_is_removed(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        for name in ("甲", "乙", "丙"):
            new_project(ws, name, "县民政局", 2026)
    conn = sqlite3.connect(db)   # a raw SQLite tool on the file
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.commit()
    conn.close()
    result = xxh("--db", str(db), "audit", "verify")
    assert result.returncode == 1
    assert "第 3 条" in result.stderr


def test_a_full_disk_is_a_chinese_message_and_nothing_changes(tmp_path: Path, monkeypatch, capsys) -> None:
    import sqlite3 as sqlite

    from xxh_desktop import cli

    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目甲", "县民政局", 2026)

    def full_disk(_args):
        with Workspace.open(db) as ws:
            with ws.transaction():
                new_project(ws, "写到一半的项目", "县民政局", 2026)
                raise sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(cli, "cmd_init", full_disk)
    assert cli.main(["--db", str(db), "init"]) == 1
    assert "磁盘空间不足" in capsys.readouterr().err
    with Workspace.open(db) as ws:
        assert [r.name for r in ws.projects.all()] == ["项目甲"]
