"""Settings the program reads hold what it reads them as (`storage/setting_domains.py`).

Planted with sqlite3, as anyone with the file can: «abc» as the 第十三条 interval ended `deadlines`
in «程序内部错误», 0 or −5 made it count due dates from no interval at all, and `check` passed the
file. Each such value is now named — by the command that reads it, by `check`, by the full check
of a backup — and the setting's own setter puts it right.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from cli_support import xxh
from xxh_desktop import accounts, deadlines
from xxh_desktop.errors import UnreadableValue
from xxh_desktop.printing import registry
from xxh_desktop.storage import backup, setting_domains
from xxh_desktop.storage.verify import verify_file
from xxh_desktop.workspace import Workspace

# key → (stored JSON, the command that reads it: one that ended in an internal error or used it as it was)
BAD = {
    "security_months_words": ("security_assessment_months", '"abc"', ("deadlines",)),
    "security_months_zero": ("security_assessment_months", "0", ("deadlines",)),
    "security_months_negative": ("security_assessment_months", "-5", ("deadlines",)),
    "security_months_float": ("security_assessment_months", "1.5", ("deadlines",)),
    "security_months_true": ("security_assessment_months", "true", ("deadlines",)),
    "security_months_huge": ("security_assessment_months", "1e9", ("deadlines",)),
    "deadline_no_day": ("declaration_deadline", '"02-30"', ("deadlines",)),
    "deadline_number": ("declaration_deadline", "930", ("deadlines",)),
    "font_number": ("pdf_font_path", "12", ("pdf", "--form", "附件1", "{number}", "--out", "{dir}/f.pdf")),
    "unit_list": ("unit", "[1]", ("show-settings",)),
    "side_number": ("role", "0", ("show-settings",)),
    "idle_words": ("idle_lock_minutes", '"abc"', None),
    "idle_too_long": ("idle_lock_minutes", "121", None),
    "version_object": ("created_by_version", '{"v": 1}', None),
    "signing_key_short": ("signing_key", '"QUJD"', ("show-settings",)),
}


@pytest.fixture
def demo(tmp_path: Path, _demo_template: Path) -> Path:
    """The demo database (an office machine, no accounts) with its machine key and anchors."""
    folder = tmp_path / "demo"
    folder.mkdir()
    for companion in (_demo_template, *_demo_template.parent.glob("demo.db.anchors"),
                      _demo_template.parent / "machine.key"):
        shutil.copyfile(companion, folder / companion.name)
    return folder / "demo.db"


def _plant(db: Path, key: str, value: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
    conn.close()


def _number(db: Path) -> str:
    conn = sqlite3.connect(db)
    (number,) = conn.execute("SELECT min(number) FROM projects WHERE trashed_at IS NULL").fetchone()
    conn.close()
    return number


def _line(key: str) -> str:
    return f"设置「{setting_domains.DOMAINS[key].title}」（{key}）的值"


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_setting_that_does_not_read_is_named_by_check_and_by_what_reads_it(demo: Path, case: str) -> None:
    key, value, command = BAD[case]
    number = _number(demo)
    _plant(demo, key, value)

    checked = xxh("--db", str(demo), "check")
    assert checked.returncode == 1 and _line(key) in checked.stderr, checked.stdout + checked.stderr
    assert "检查通过" not in checked.stdout and "内部错误" not in checked.stderr
    if command is not None:
        run = xxh("--db", str(demo), *(a.format(dir=demo.parent, number=number) for a in command))
        assert run.returncode == 1 and _line(key) in run.stderr and "无法读取" in run.stderr, run.stderr
        assert "内部错误" not in run.stderr and "Traceback" not in run.stderr
        assert not (demo.parent / "f.pdf").exists()
    else:
        with Workspace.open(demo) as ws, pytest.raises(UnreadableValue, match=_line(key)):
            ws.settings.get(key)


def test_a_backup_holding_such_a_setting_fails_its_full_check(demo: Path) -> None:
    with Workspace.open(demo) as ws:
        ws.user = "测试员"
        copy = backup.backup_to(ws, demo.parent / "backup.db")
    assert verify_file(copy).sound
    _plant(copy, "security_assessment_months", "-5")
    problems = verify_file(copy).problems
    assert f"{_line('security_assessment_months')}「-5」不是 1 至 36 之间的整数（月数）" in problems, problems


def test_a_value_nested_deeper_than_python_reads_is_named(demo: Path) -> None:
    _plant(demo, "security_assessment_months", "[" * 1500 + "]" * 1500)   # JSON to SQLite (its limit: 2000)
    with Workspace.open(demo) as ws:
        assert any(p.startswith(_line("security_assessment_months")) and p.endswith("嵌套过深，无法读取")
                   for p in ws.check()), ws.check()
        with pytest.raises(UnreadableValue, match="不是有效的 JSON 数据"):
            deadlines.security_interval(ws)


def test_every_value_the_setters_store_is_in_its_domain(demo: Path) -> None:
    with Workspace.open(demo) as ws:
        ws.user = "测试员"
        for months in (1, 36):
            deadlines.set_security_interval(ws, months)
            assert deadlines.security_interval(ws) == months and ws.check() == []
        for month_day in ("02-29", "12-31", " 9-30 "):
            deadlines.set_declaration_deadline(ws, month_day)
            assert deadlines.declaration_deadline_setting(ws) == month_day.strip() and ws.check() == []
        for minutes in (1, 120):
            accounts.set_idle_minutes(ws, minutes)
            assert accounts.idle_minutes(ws) == minutes and ws.check() == []
        registry.set_font_setting(ws, None)
        assert registry.font_setting(ws) is None and ws.check() == []


def test_the_setter_puts_a_value_changed_outside_the_program_right(demo: Path) -> None:
    _plant(demo, "security_assessment_months", '"abc"')
    with Workspace.open(demo) as ws:
        ws.user = "测试员"
        deadlines.set_security_interval(ws, 12)
        assert deadlines.security_interval(ws) == 12 and ws.check() == []
        entry = ws.audit_log.entries()[-1]
        assert entry.action == "设置检测与风险评估间隔" and json.loads(entry.after) == 12
