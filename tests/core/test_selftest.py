"""The self-test IT and the build run on an installed program (xxh_desktop/selftest.py).

`xxh --self-test` runs here un-frozen, the window program included (as a
child process, offscreen); the frozen bundle runs the same code through
installer/build.py (tests/frozen/ on request).
"""

from __future__ import annotations

import json
import runpy
import sys
import tempfile
from pathlib import Path

import pytest

from xxh_desktop import cli, selftest
from xxh_desktop.errors import XxhError

ROOT = Path(__file__).resolve().parents[2]


def test_xxh_self_test_passes_every_check_and_writes_its_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))          # the window program's temporary folder too
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = tmp_path / "自检.json"
    with pytest.raises(SystemExit) as done:
        cli.main(["--self-test", str(result)])
    assert done.value.code == 0
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["ok"] is True and report["program"] == "xxh"
    names = [c["name"] for c in report["checks"]]
    for wanted in ("新建数据库", "载入演示数据", "数据库检查", "PDF 字体与字形", "附件1 PDF", "附件2 PDF",
                   "交换文件导出与导入", "窗口程序：主窗口", "窗口程序：PDF 预览（QtPdf）", "窗口程序自检"):
        assert wanted in names
    assert all(c["status"] == "通过" for c in report["checks"])
    out = capsys.readouterr().out
    assert "全部通过" in out and str(result) in out
    # everything happened in temporary folders that are gone again
    assert list(scratch.iterdir()) == []


def test_the_self_test_never_touches_the_users_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("XXH_DATA_DIR", str(data))
    test = selftest.new_self_test("xxh")
    try:
        selftest.run_core_checks(test)
        assert test.ok, test.checks
        assert test.db is not None and test.db.is_relative_to(test.folder)
    finally:
        selftest.cleanup(test)
    assert not test.folder.exists()
    assert selftest.finish(test, None) == 0
    # the result goes beside the error log; no database was made there
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*")) == ["logs", "logs/selftest.json"]


def test_a_failed_check_fails_the_test_and_the_later_ones_are_not_run(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_demo(_test: selftest.SelfTest) -> str:
        raise XxhError("演示数据文件缺失：resources/demo/projects.json")

    monkeypatch.setattr(selftest, "_load_demo", broken_demo)
    test = selftest.new_self_test("xxh")
    selftest.run_core_checks(test)
    result = tmp_path / "r.json"
    assert selftest.finish(test, result) == 1
    report = json.loads(result.read_text(encoding="utf-8"))
    statuses = {c["name"]: (c["status"], c["detail"]) for c in report["checks"]}
    assert report["ok"] is False
    assert statuses["新建数据库"][0] == "通过"
    assert statuses["载入演示数据"] == ("失败", "演示数据文件缺失：resources/demo/projects.json")
    assert statuses["附件1 PDF"][0] == statuses["交换文件导出与导入"][0] == "未执行"


def test_an_unexpected_error_is_reported_with_its_type_not_raised() -> None:
    test = selftest.SelfTest(Path("."), "xxh")
    assert not test.run("坏的检查", lambda: {}["missing"])
    assert test.checks[0].status == "失败" and "KeyError" in test.checks[0].detail


@pytest.mark.parametrize("pdf, problem", [
    (b"<html>", "不是 PDF 文件"),
    (b"%PDF-1.4 /BaseFont /Helvetica /FontFile2", "未嵌入的字体：Helvetica"),
    (b"%PDF-1.4 /BaseFont /AAAAAA+UMingCN-0 /BaseFont /AAAAAB+UMingCN-0 /FontFile2", "有字体未嵌入字形数据"),
    (b"%PDF-1.4 /Type /Page", "没有使用任何字体"),
    (b"%PDF-1.4 /BaseFont /AAAAAA+SimSun /FontFile2 obj", None),
])
def test_a_pdf_must_carry_every_font_it_uses(pdf: bytes, problem: str | None) -> None:
    found = selftest.pdf_font_problem(pdf)
    assert found == problem if problem is None else problem in found


def test_missing_window_libraries_name_their_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(selftest, "WINDOW_SYSTEM_LIBRARIES",
                        (("libc.so.6", "libc6"), ("libxxh-gone.so.1", "libxxh-gone1")))
    monkeypatch.setattr(selftest, "FONTCONFIG_FILE", tmp_path / "fonts.conf")
    missing = selftest.missing_window_libraries()
    assert missing == [("libxxh-gone.so.1", "libxxh-gone1"), (str(tmp_path / "fonts.conf"), "fontconfig-config")]
    message = selftest.missing_libraries_message(missing)
    assert "libxxh-gone.so.1（软件包 libxxh-gone1）" in message
    assert "sudo apt install libxxh-gone1 fontconfig-config" in message and "xxh 不需要" in message
    monkeypatch.setattr(sys, "platform", "win32")
    assert selftest.missing_window_libraries() == []


def test_the_frozen_window_says_which_libraries_are_missing_before_loading_qt(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(selftest, "WINDOW_SYSTEM_LIBRARIES", (("libxxh-gone.so.1", "libxxh-gone1"),))
    monkeypatch.setattr(sys, "argv", ["xxh-desktop", "--self-test"])   # no desktop dialog in a test
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(ROOT / "installer" / "entry_gui.py"), run_name="__main__")
    assert done.value.code == 1
    assert "sudo apt install libxxh-gone1" in capsys.readouterr().err


def test_the_cli_reports_a_window_program_that_dies_without_a_result(tmp_path: Path) -> None:
    test = selftest.SelfTest(tmp_path, "xxh")
    dying = [sys.executable, "-c", "import sys; sys.stderr.write('qt.qpa.plugin: no platform'); sys.exit(134)"]
    selftest.run_window_program(test, dying)
    check, = test.checks
    assert check.status == "失败" and "134" in check.detail and "no platform" in check.detail


def test_the_cli_takes_over_a_failed_window_check(tmp_path: Path) -> None:
    test = selftest.SelfTest(tmp_path, "xxh", [selftest.Check("新建数据库", selftest.PASSED, "")])
    writer = ("import json, sys; json.dump({'checks': ["
              "{'name': '新建数据库', 'status': '通过', 'detail': ''},"
              "{'name': '主窗口', 'status': '失败', 'detail': '主窗口没有画出来'}]}, "
              "open(sys.argv[-1], 'w', encoding='utf-8')); sys.exit(1)")
    selftest.run_window_program(test, [sys.executable, "-c", writer])
    assert [(c.name, c.status) for c in test.checks] == [
        ("新建数据库", "通过"), ("窗口程序：主窗口", "失败"), ("窗口程序自检", "失败")]
    assert not test.ok
