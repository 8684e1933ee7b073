"""Stored values the program cannot read are named by the full check, never restored, never a crash
(probe-restore F6, F7).

Each value of the probe's `oddvals.py` is planted with sqlite3, as anyone with the file can: in a
real backup made by the program (restore refuses it, naming the value, and the live database is
left as it was) and in the live database (`check` names it and exits 1, never «程序内部错误»).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cli_support import xxh
from xxh_desktop.errors import XxhError
from xxh_desktop.restore import restore
from xxh_desktop.storage import backup
from xxh_desktop.storage.database import reading_connection
from xxh_desktop.storage.values import CAP, value_problems
from xxh_desktop.storage.verify import verify_file
from xxh_desktop.workspace import Workspace

# (what is planted: SQL with the project number as its one parameter, the Chinese line that names it)
ODD_VALUES = {
    "stage": ("UPDATE projects SET stage = '不存在的阶段' WHERE number = ?",
              "的「阶段」值「不存在的阶段」不是本系统的阶段"),
    "approval_date": ("UPDATE projects SET approval_date = '明天' WHERE number = ?",
                      "的「县政府批准日期」值「明天」不是 2000 年至 2100 年之间的有效日期"),
    "no_such_day": ("UPDATE projects SET final_acceptance_date = '2026-02-30' WHERE number = ?",
                    "的「终验日期」值「2026-02-30」不是 2000 年至 2100 年之间的有效日期"),
    "amount_overflow": ("UPDATE projects SET contract_amount = 9223372036854775807 WHERE number = ?",
                        "的「合同金额」值「9223372036854775807」不是有效的金额"),
    "amount_words": ("UPDATE projects SET contract_amount = '一百万' WHERE number = ?",
                     "的「合同金额」值「一百万」不是有效的金额"),
    "amount_float": ("UPDATE projects SET contract_amount = 12.5 WHERE number = ?",
                     "的「合同金额」值「12.5」不是有效的金额"),
    "year": ("UPDATE projects SET year = -5 WHERE number = ?", "的「预算年度」值「-5」不是 2000 年至 2100 年之间的年份"),
    "plan_year": ("UPDATE projects SET plan_year = 99999 WHERE number = ?",
                  "的「列入计划年度」值「99999」不是 2000 年至 2100 年之间的年份"),
    "side_state": ("UPDATE projects SET side_state = '乱写' WHERE number = ?", "的「状态」值「乱写」不是本系统的状态"),
    "date_float": ("UPDATE projects SET consulted_on = 1e308 WHERE number = ?",
                   "的「会同审核日期」值「1.0e+308」不是 2000 年至 2100 年之间的有效日期"),
    "date_nines": ("UPDATE projects SET operation_started_on = '9999-99-99' WHERE number = ?",
                   "的「投入运行日期」值「9999-99-99」不是 2000 年至 2100 年之间的有效日期"),
    # F7: far past the catalogue's 60 characters of a project name (and past a free note's 2000).
    "huge_name": ("UPDATE projects SET name = printf('%.2500c', '项') WHERE number = ?",
                  f"的「项目名称」值「{'项' * 40}…」长 2500 字，远超本栏的上限（最多 2000 字）"),
    # re-probe N2: a blob where the program reads text ends every listing in an internal error
    "name_blob": ("UPDATE projects SET name = CAST('金寨县项目' AS BLOB) WHERE number = ?", "的「项目名称」值"),
    "history_stage": ("UPDATE stage_history SET to_stage = '乱写' WHERE id = (SELECT min(h.id) FROM stage_history h "
                      "JOIN projects p ON p.id = h.project_id WHERE p.number = ?)",
                      "的「新阶段」值「乱写」不是本系统的阶段"),
    "declared_on": ("UPDATE declarations SET declared_on = '昨天' WHERE project_id = "
                    "(SELECT id FROM projects WHERE number = ?)",
                    " 的申报表（附件1）的「申报日期」值「昨天」不是"),
}


@pytest.fixture
def demo(tmp_path: Path, _demo_template: Path) -> Path:
    """The demo database (an office machine, no accounts) with its machine key and anchors, closed,
    and a backup of it made by the program beside it (backup.db)."""
    folder = tmp_path / "demo"
    folder.mkdir()
    for companion in (_demo_template, *_demo_template.parent.glob("demo.db.anchors"),
                      _demo_template.parent / "machine.key"):
        shutil.copyfile(companion, folder / companion.name)
    with Workspace.open(folder / "demo.db") as ws:
        ws.user = "测试员"
        backup.backup_to(ws, folder / "backup.db")
    return folder / "demo.db"


def _number(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT min(number) FROM projects WHERE trashed_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def _plant(db: Path, sql: str, number: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        assert conn.execute(sql, (number,)).rowcount == 1
    finally:
        conn.close()


def _plant_all(db: Path) -> dict[str, tuple[str, str]]:
    """Every odd value, each in a project of its own (as `oddvals.py` does): name → (number, line)."""
    conn = sqlite3.connect(db)
    numbers = [n for (n,) in conn.execute(
        "SELECT number FROM projects WHERE number IS NOT NULL AND trashed_at IS NULL ORDER BY number")]
    conn.close()
    planted = {}
    for number, (name, (sql, line)) in zip(numbers, ODD_VALUES.items(), strict=False):
        _plant(db, sql, number)
        planted[name] = (number, line)
    assert len(planted) == len(ODD_VALUES)
    return planted


def _named(output: str, number: str, line: str) -> bool:
    """Whether one line of `output` names the project `number` and says `line` of it."""
    return any(out.strip().startswith(f"项目 {number} ") and line in out for out in output.splitlines())


@pytest.mark.parametrize("odd", sorted(ODD_VALUES))
def test_a_backup_holding_a_value_the_program_cannot_read_is_refused(demo: Path, odd: str) -> None:
    src = demo.parent / "backup.db"
    assert verify_file(src).sound   # the program's own backup of the genuine demo passes
    number = _number(src)
    sql, line = ODD_VALUES[odd]
    _plant(src, sql, number)
    before = demo.read_bytes()
    folder = sorted(p.name for p in demo.parent.iterdir())

    checked = verify_file(src)
    assert not checked.sound
    named = [p for p in checked.problems if line in p]
    assert named and named[0].startswith(f"项目 {number}"), checked.problems
    with pytest.raises(XxhError) as refused:
        restore(demo, src)
    assert line in str(refused.value) and "未恢复" in str(refused.value)
    assert demo.read_bytes() == before
    assert sorted(p.name for p in demo.parent.iterdir()) == folder   # no safety backup, no copy left


def test_every_odd_value_of_the_probe_is_named_by_the_restore_command(demo: Path) -> None:
    src = demo.parent / "backup.db"
    planted = _plant_all(src)
    before = demo.read_bytes()

    for args in ((), ("--yes",)):
        run = xxh("--db", str(demo), "restore", str(src), *args)
        assert run.returncode == 1, run.stderr
        assert "程序内部错误" not in run.stderr and "Traceback" not in run.stderr
        assert "有问题，不能用来恢复" in run.stderr and "完整无误" not in run.stdout
        for name, (number, line) in planted.items():
            assert _named(run.stderr, number, line), (name, run.stderr)
    assert demo.read_bytes() == before


def test_check_names_odd_values_of_the_live_database_and_never_crashes(demo: Path) -> None:
    genuine = xxh("--db", str(demo), "check")
    assert genuine.returncode == 0 and "检查通过" in genuine.stdout, genuine.stderr
    planted = _plant_all(demo)

    run = xxh("--db", str(demo), "check")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "程序内部错误" not in run.stderr and "Traceback" not in run.stderr
    assert "检查通过" not in run.stdout
    for name, (number, line) in planted.items():
        assert _named(run.stderr, number, line), (name, run.stderr)
    assert "的阶段记录（第 " in run.stderr and "的「新阶段」值「乱写」不是本系统的阶段" in run.stderr


@pytest.mark.parametrize("command", [("list",), ("deadlines",), ("ledger", "--out", "{dir}/l.xlsx"),
                                     ("plan", "--year", "2025", "--out", "{dir}/p.xlsx"), ("show", "{number}")])
def test_commands_that_cannot_read_a_value_name_it_instead_of_an_internal_error(demo: Path,
                                                                               command: tuple[str, ...]) -> None:
    planted = _plant_all(demo)
    number, line = planted["stage"]
    args = [a.format(dir=demo.parent, number=number) for a in command]

    run = xxh("--db", str(demo), *args)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "程序内部错误" not in run.stderr and "Traceback" not in run.stderr
    assert "数据库中有本程序无法读取的值" in run.stderr and _named(run.stderr, number, line), run.stderr
    assert not (demo.parent / "l.xlsx").exists() and not (demo.parent / "p.xlsx").exists()


def test_check_of_the_live_database_names_a_huge_value_without_reading_it(demo: Path) -> None:
    number = _number(demo)
    _plant(demo, "UPDATE projects SET name = printf('%.3000000c', '项') WHERE number = ?", number)
    with Workspace.open(demo) as ws:
        problems = ws.check()
    assert problems == [f"项目 {number} 的「项目名称」值「{'项' * 40}…」长 3000000 字，远超本栏的上限（最多 2000 字）"]


def test_a_text_with_no_catalogue_limit_is_bounded_too(demo: Path) -> None:
    src = demo.parent / "backup.db"
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute("INSERT INTO settings (key, value) VALUES ('note', json_quote(printf('%.*c', ?, 'a')))", (CAP + 1,))
    conn.close()
    checked = verify_file(src)
    assert any(p.startswith("设置「note」的「设置值」值「\"aaa") and f"长 {CAP + 3} 字，远超本栏的上限（最多 {CAP} 字）" in p
               for p in checked.problems), checked.problems


def test_settings_that_json_cannot_read_are_named(demo: Path) -> None:
    src = demo.parent / "backup.db"
    for path in (demo, src):   # the genuine demo and its backup hold none
        conn = reading_connection(path)
        assert value_problems(conn) == []
        conn.close()
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute("UPDATE settings SET value = '{半个' WHERE key = 'role'")
    conn.close()
    assert "设置「role」的「设置值」值「{半个」不是有效的 JSON 数据" in verify_file(src).problems


def test_an_account_whose_name_is_no_text_is_named(tmp_path: Path) -> None:
    """Re-probe N2: the 系统管理's 姓名 as a blob ended `check`, `account list` and the restore back
    in an internal error; the check of stored values names it."""
    from accounts_support import one_per_role

    with Workspace.open(tmp_path / "a.db") as ws:
        ws.user = "测试员"
        one_per_role(ws)
    conn = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    conn.execute("UPDATE accounts SET full_name = CAST(full_name AS BLOB) WHERE name = 'guanli'")
    conn.close()
    conn = reading_connection(tmp_path / "a.db")
    try:
        problems = value_problems(conn)
    finally:
        conn.close()
    assert [p for p in problems if p.startswith("账户 guanli 的「姓名」") and p.endswith("不是文字")] == problems != []


def test_a_project_with_millions_of_rows_is_named(demo: Path) -> None:
    """Re-probe F7: 3,000,000 history rows of one project passed as «完整无误»; once restored,
    `show` took minutes and gigabytes. A real project has tens."""
    number = _number(demo)
    src = demo.parent / "backup.db"
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute("INSERT INTO stage_history (project_id, from_stage, to_stage, on_date, reason, event, by, at) "
                 "SELECT h.project_id, h.from_stage, h.to_stage, h.on_date, h.reason, h.event, h.by, h.at "
                 "FROM stage_history h, (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001) "
                 "SELECT i FROM n) WHERE h.id = (SELECT min(s.id) FROM stage_history s JOIN projects p "
                 "ON p.id = s.project_id WHERE p.number = ?)", (number,))
    conn.close()
    checked = verify_file(src)
    assert any(p.startswith(f"项目 {number} 在「阶段记录」中有 100") and "远超一个项目应有的（至多 10000 行）" in p
               for p in checked.problems), checked.problems
