"""Bad input to the CLI gets a Chinese message naming the problem, a non-zero exit, no traceback,
and nothing saved changes: filters nothing could match, dates outside the calendar or the
catalogue's window, argparse's own refusals, a damaged file, a full disk (issues F6, F9, F10)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from xxh_desktop import cli
from xxh_desktop.errors import describe_exception
from xxh_desktop.workspace import Workspace

from builders import new_project
from cli_support import xxh

MARKER = "损坏标记项目"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    with Workspace.open(path) as ws:
        new_project(ws, MARKER, "县民政局", 2026, stage="试运行")
    assert not Path(f"{path}-wal").exists()
    return path


def _said(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """stderr of a refused command: the exit code, Chinese, the `words`, no traceback, no stdout."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    assert CJK.search(result.stderr)
    for w in words:
        assert w in result.stderr, result.stderr
    assert result.stdout == ""
    return result.stderr


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


# ---------------------------------------------------------------------- list filters


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999"])
def test_list_refuses_a_year_as_plan_does(db: Path, year: str) -> None:
    said = _said(xxh("--db", str(db), "list", "--year", year), 1, f"年度 {year} 不合理")
    assert said == _said(xxh("--db", str(db), "plan", "--year", year, "--out", str(db.parent / "p.xlsx")), 1)


def test_list_refuses_an_unknown_stage_naming_the_stages_and_keeps_its_columns(db: Path) -> None:
    for stage in ("已批准.列入计划", "' OR 1=1 --", "建设實施"):
        _said(xxh("--db", str(db), "list", "--stage", stage), 1, "未知的阶段", "可用的阶段", "已批准·列入计划", "运维")
    result = xxh("--db", str(db), "list", "--stage", "试运行", "--year", "2026")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"JZ-2026-001\t{MARKER}\t县民政局\t试运行\t"]


# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_deadlines_outside_the_catalogues_window_are_refused(db: Path, on: str) -> None:
    _said(xxh("--db", str(db), "deadlines", "--date", on), 1, on, "超出", "2000-01-01", "2100-12-31")
    assert xxh("--db", str(db), "deadlines", "--date", "2100-12-31").returncode == 0


@pytest.mark.parametrize(("text", "why"), [
    ("2027-02-30", "2027年2月没有30日"),
    ("2026-02-29", "2026年2月没有29日"),
    ("2027-04-31", "2027年4月没有31日"),
    ("2027-13-01", "月份应为 01 至 12"),
    ("0000-01-01", "没有公元 0 年"),
])
def test_an_impossible_date_is_said_not_to_exist(db: Path, text: str, why: str) -> None:
    said = _said(xxh("--db", str(db), "deadlines", "--date", text), 2, f"日期“{text}”不存在", why)
    assert "格式不对" not in said


def test_only_yyyy_mm_dd_is_a_date(db: Path) -> None:
    # ISO's other forms, which date.fromisoformat takes, first.
    for text in ("20261202", "2026-W49-3", "２０２６-12-02", "2026-12-02T00:00", "2026-1-2"):
        _said(xxh("--db", str(db), "stage", "JZ-2026-001", "--to", "终验", "--date", text), 2,
              f"日期“{text}”格式不对，应为 YYYY-MM-DD")


# ---------------------------------------------------------------------- argparse in Chinese


@pytest.mark.parametrize(("args", "says"), [
    (["list", "--year", "0x10"], "参数错误：--year 的值“0x10”不是整数"),
    (["demo", "--projects", "1.5"], "参数错误：--projects 的值“1.5”不是整数"),
    (["pdf", "JZ-2026-001", "--form", "附件9", "--out", "a.pdf"],
     "参数错误：--form 的值“附件9”不是可选的值。可选：附件1、附件2"),
    (["audit", "nope"], "参数错误：action 的值“nope”不是可选的值。可选：verify、export"),
    (["frobnicate"], "参数错误：没有“frobnicate”这个命令。可用的命令：init、"),
    (["pdf", "JZ-2026-001"], "参数错误：缺少必需的参数：--form、--out"),
    (["list", "--bogus", "1"], "参数错误：无法识别的参数：--bogus 1"),
    (["list", "--year"], "参数错误：--year 后面缺少一个值"),
    (["deadlines", "--date", "明天"], "参数错误：--date：日期“明天”格式不对"),
])
def test_argparse_refusals_are_in_chinese_and_name_the_option(db: Path, args: list[str], says: str) -> None:
    line = _last_line(_said(xxh("--db", str(db), *args), 2, says))
    for english in ("argument", "invalid", "expected", "required", "unrecognized", "choose from"):
        assert english not in line


# ---------------------------------------------------------------------- a damaged file


def _damaged_copy(db: Path, find: bytes, offset: int) -> Path:
    """A copy of `db` with the byte at `offset` into the first `find` made 0xFF (never UTF-8)."""
    data = bytearray(db.read_bytes())
    data[data.index(find) + offset] = 0xFF
    copy = db.with_name("damaged.db")
    copy.write_bytes(data)
    for companion in db.parent.glob("a.db.anchors"):
        copy.with_name("damaged.db.anchors").write_bytes(companion.read_bytes())
    return copy


@pytest.mark.parametrize("command", [["check"], ["list"], ["show", "JZ-2026-001"]])
def test_a_damaged_schema_is_said_damaged(db: Path, command: list[str]) -> None:
    # A table's name in sqlite_master no longer UTF-8: SQLite's own refusal quotes it.
    damaged = _damaged_copy(db, b"tableprojectsprojects", len(b"table"))
    before = damaged.read_bytes()
    said = _said(xxh("--db", str(damaged), *command), 1, "数据库已损坏", str(damaged), "从备份恢复")
    assert "\ufffd" not in said and "malformed" not in said
    assert damaged.read_bytes() == before


def test_check_names_a_damaged_text_and_does_not_speak_of_undoing(db: Path) -> None:
    # The audit log's record of the new project, its 修改后 no longer UTF-8 (the probe's case).
    damaged = _damaged_copy(db, f'{{"name": "{MARKER}'.encode(), len(b'{"name": "'))
    said = _said(xxh("--db", str(damaged), "check"), 1, "审计日志", "「修改后」（after）", "数据已损坏")
    assert "撤销" not in said and "Could not decode" not in said and "\ufffd" not in said
    verify = _said(xxh("--db", str(damaged), "audit", "verify"), 1, "数据库文件已损坏", "文字无法读取")
    assert "撤销" not in verify and "Could not decode" not in verify and "\ufffd" not in verify


def test_a_value_too_large_is_not_a_damaged_database() -> None:
    said = describe_exception(sqlite3.DataError("string or blob too big"))
    assert said is not None and "过大" in said
    assert "损坏" not in said and "string" not in said


# ---------------------------------------------------------------------- a full disk

# The real CLI, with files written in one folder on a disk that has ROOM bytes left: what a
# full USB stick does to the zip archive openpyxl writes (ENOSPC mid-member, then again when the
# member is closed, the first error still being handled).
FULL_DISK = """
import errno, io, os, sys

FOLDER, ROOM = sys.argv[1], 20_000   # the demo's log fills its sheet well past this
real_open = io.open


class Full(io.FileIO):
    room = ROOM   # once a write did not fit, none that makes the file longer does

    def write(self, data):
        if self.tell() + len(data) > self.room:
            self.room = os.fstat(self.fileno()).st_size
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


def full_open(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, os.PathLike)) and os.path.dirname(os.fspath(file)) == FOLDER and "w" in mode:
        return io.BufferedRandom(Full(file, "w+"))   # buffered as any file: ENOSPC comes when it flushes
    return real_open(file, mode, *args, **kwargs)


io.open = full_open
from xxh_desktop.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_audit_export_on_a_full_disk_prints_only_the_message(demo_ws: Workspace, tmp_path: Path) -> None:
    db, entries = demo_ws.path, demo_ws.audit_log.count()
    demo_ws.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(usb), "--db", str(db), "audit", "export",
                             str(usb / "审计.xlsx")], capture_output=True, text=True, encoding="utf-8",
                            env=dict(os.environ), timeout=120)
    assert result.returncode == 1
    # The message alone: no «Exception ignored in: ZipFile.__del__» traceback after it.
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("错误：磁盘空间不足") and "审计.xlsx" in result.stderr
    assert list(usb.iterdir()) == []
    with Workspace.open(db) as ws:
        assert ws.audit_log.count() == entries


# ---------------------------------------------------------------------- what nobody foresaw


def test_an_unforeseen_error_is_said_in_chinese_and_its_traceback_kept_for_it(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(cls, *args: object, **kwargs: object) -> Workspace:
        raise KeyError("未预料的键")

    monkeypatch.setattr(Workspace, "open", classmethod(broken))
    assert cli.main(["--db", str(db), "list"]) == 1
    said = capsys.readouterr().err
    log = db.parent / "logs" / "errors.log"
    assert "程序内部错误：KeyError" in said and str(log) in said and "Traceback" not in said
    assert "Traceback" in log.read_text(encoding="utf-8") and "未预料的键" in log.read_text(encoding="utf-8")


def test_a_number_that_is_not_there_is_quoted_shortened(db: Path) -> None:
    said = _said(xxh("--db", str(db), "show", "JZ-" + "9" * 100_000), 1, "找不到")
    assert len(said) < 300 and "…" in said


@pytest.mark.parametrize("code", ["EIO", "EISDIR", "ENOTDIR", "ENAMETOOLONG", "EBUSY", "EFBIG", "EINVAL"])
def test_a_failed_write_is_said_in_chinese(code: str) -> None:
    import errno

    from xxh_desktop.errors import describe_os_error

    said = describe_os_error(OSError(getattr(errno, code), "English words"), Path("/u/台账.xlsx"))
    assert said.startswith("无法写入 /u/台账.xlsx：") and "English" not in said and CJK.search(said.split("：", 1)[1])
