"""Text the core lets in, and text it lets out (issue 17, failures 7 and 8).

Every text write goes through one sanitiser in the owners, so the window, the
CLI and imports meet the same refusal, naming the field by its catalogue label.
What goes to a terminal is escaped; `list` keeps one project a line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from builders import as_unit, new_project, seeded
from xxh_desktop import cli
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("text", "why"), [
    ("智慧\ud800民政", "代理项"),
    ("智慧\x00民政", "控制字符"),
    ("智慧\x1b[31m民政", "控制字符"),
    ("txt.\u202eexe", "显示方向"),
    ("第一行\n第二行", "换行符"),
])
def test_a_name_the_core_refuses_names_the_field(ws: Workspace, text: str, why: str) -> None:
    # A lone surrogate raised an uncaught UnicodeEncodeError («程序内部错误»); the rest were stored.
    with pytest.raises(XxhError) as refused:
        new_project(ws, text, "县民政局", 2027)
    assert "「项目名称」" in str(refused.value) and why in str(refused.value)
    assert ws.projects.count() == 0


def test_multi_line_fields_keep_line_breaks_and_tabs_but_not_other_controls(ws: Workspace) -> None:
    pid = new_project(ws, "智慧民政", "县民政局", 2027)
    with as_unit(ws, "县民政局"):
        content = "一、建设依据：\n\t《办法》第五条。\r\n二、主要内容：平台建设。"
        ws.declarations.save(pid, Declaration(project_name="智慧民政", content=content))
        assert ws.declarations.get(pid).content == content
        with pytest.raises(XxhError, match="「项目实施依据及主要内容」含有控制字符"):
            ws.declarations.save(pid, Declaration(project_name="智慧民政", content="内容\x07"))
        with pytest.raises(XxhError, match="「联系人」含有换行符"):
            ws.declarations.save(pid, Declaration(project_name="智慧民政", contact="张\n三"))
    assert ws.declarations.get(pid).content == content


def test_the_catalogues_limits_hold_in_the_core(ws: Workspace) -> None:
    # 10 MB of 项目实施依据及主要内容 was stored, and then could be neither exported nor printed.
    pid = new_project(ws, "智慧民政", "县民政局", 2027)
    with as_unit(ws, "县民政局"):
        with pytest.raises(XxhError, match="「项目实施依据及主要内容」共 10000000 字，超过 200 字"):
            ws.declarations.save(pid, Declaration(project_name="智慧民政", content="字" * 10_000_000))
        with pytest.raises(XxhError, match="「申请单位」太长：表格一栏按五号字"):
            ws.declarations.save(pid, Declaration(project_name="智慧民政", applicant_unit="县" * 40))
        ws.declarations.save(pid, Declaration(project_name="智慧民政", content="字" * 200))
    with pytest.raises(XxhError, match="「项目名称」共 61 字，超过 60 字"):
        new_project(ws, "名" * 61, "县民政局", 2027)


def test_every_owner_meets_the_same_sanitiser(ws: Workspace) -> None:
    pid = new_project(ws, "智慧民政", "县民政局", 2027)
    with pytest.raises(XxhError, match="「书面审核意见」"):
        ws.opinions.set(pid, "同意", "同意\u202e", date(2027, 3, 1))
    with pytest.raises(XxhError, match="「整改事项」"):
        ws.rectifications.issue(pid, "整改\x00", date(2027, 4, 1), date(2027, 3, 1))
    with pytest.raises(XxhError, match="「批准文号」含有换行符"):
        ws.projects.update(pid, {"approval_doc_no": "金政\n2027"})
    with pytest.raises(XxhError, match="「理由」"):
        ws.history.add(pid, None, ws.projects.get(pid).stage, on=date(2027, 3, 1), reason="\x1b]0;x\x07")
    with seeded(ws), pytest.raises(XxhError, match="「暂缺原因」"):
        ws.materials.waive(pid, "项目概算", "\ud83d")
    with as_unit(ws, "县民政局"), pytest.raises(XxhError, match="「申请单位」"):
        ws.units.ensure("县民政\t局")
    assert ws.check() == []


def test_a_draft_with_a_lone_surrogate_is_kept(ws: Workspace) -> None:
    pid = new_project(ws, "智慧民政", "县民政局", 2027)
    with as_unit(ws, "县民政局"):
        ws.drafts.save("declaration", pid, {"content": "粘贴来的\ud800字"})
        assert ws.drafts.latest("declaration", pid).form == {"content": "粘贴来的\ud800字"}


def _stored_by_an_earlier_version(db: Path, name: str) -> None:
    with Workspace.open(db) as ws:
        pid = new_project(ws, "占位", "县民政局", 2027)
        ws.database.connection().execute("UPDATE projects SET name = ? WHERE id = ?", (name, pid))


def test_list_keeps_one_project_a_line_and_its_columns(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    _stored_by_an_earlier_version(db, "第一行\n第二行\t第二列\\末尾")
    assert cli.main(["--db", str(db), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    columns = lines[0].split("\t")
    assert len(columns) == 5
    assert columns[1] == "第一行\\n第二行\\t第二列\\\\末尾"


def test_nothing_raw_reaches_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _stored_by_an_earlier_version(db, "\x1b[2J\x1b]0;pwned\x07清屏\u202e")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for command in (["list"], ["show", "JZ-2027-001"], ["show", "\x1b[31m\udcff"]):
        result = subprocess.run([sys.executable, "-m", "xxh_desktop", "--db", str(db), *command], cwd=ROOT,
                                capture_output=True, env=env)
        output = result.stdout + result.stderr
        assert b"\x1b" not in output and b"\x07" not in output and "\u202e".encode() not in output, command
        assert b"Traceback" not in output
    shown = subprocess.run([sys.executable, "-m", "xxh_desktop", "--db", str(db), "list"], cwd=ROOT,
                           capture_output=True, env=env).stdout.decode("utf-8")
    assert "\\x1b[2J" in shown and "清屏\\u202e" in shown


@pytest.mark.parametrize("command", [["ledger", "--out"], ["audit", "export"]])
def test_a_full_disk_under_an_export_is_a_message_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    # The message was right, and a traceback from ZipFile.__del__ followed it.
    db = tmp_path / "a.db"
    with Workspace.open(db) as ws:
        new_project(ws, "项目甲", "县民政局", 2027)
    out = tmp_path / "导出.xlsx"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from xxh_desktop import cli, fileio\n"
        f"full = Path({str(tmp_path / '.full.part')!r})\n"
        "full.symlink_to('/dev/full')\n"   # a real device that is always full
        "fileio.temp_path = lambda target: full\n"
        f"sys.exit(cli.main(['--db', {str(db)!r}, *{command!r}, {str(out)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 1
    assert "磁盘空间不足" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert not out.exists()
