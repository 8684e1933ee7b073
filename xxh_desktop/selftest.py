"""The packaged app checks itself: ``xxh --self-test`` and ``xxh-desktop --self-test``.

IT runs it on a freshly installed machine, and ``installer/build.py`` runs it
in the frozen bundle: whatever PyInstaller left out (a module, a data file, a
Qt plugin, the font) shows up here as a failed check with a Chinese reason,
not later in front of a clerk. Everything happens in a temporary folder that
is removed afterwards; the user's own database is never opened.

The core checks (this module, no Qt): a new database, the demo data, the
integrity check, the PDF font and its glyphs, 附件1 and 附件2 rendered with the
font embedded, an ``.xxh`` exported and imported into a second database (a
department's). The window checks live in ``gui/selftest.py``. The result is
written as JSON (`write_result`); the exit code is 0 only if every check
passed — a windowed ``xxh-desktop.exe`` has no console, so the file is what a
caller reads.

Each use of the core API sits in one small function below (``_new_database``,
``_render`` …), so a renamed function is adapted in one place.
"""

from __future__ import annotations

import ctypes
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import XxhError, describe_exception
from .fileio import atomic_write

RESULT_FILE_NAME = "selftest.json"
PASSED, FAILED, NOT_RUN = "通过", "失败", "未执行"

# Linux: what the window needs from the system, with the package that provides
# it on Debian / 统信UOS / 麒麟 (the same names there). The bundle carries Qt and
# most libraries, but leaves the graphics stack (OpenGL/EGL, the X connection)
# and fontconfig's configuration to the system they must match.
WINDOW_SYSTEM_LIBRARIES = (
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libxcb.so.1", "libxcb1"),
    ("libfontconfig.so.1", "libfontconfig1"),
)
FONTCONFIG_FILE = Path("/etc/fonts/fonts.conf")


@dataclass
class Check:
    name: str
    status: str          # PASSED / FAILED / NOT_RUN
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == PASSED


@dataclass
class SelfTest:
    """The checks run so far and the temporary folder they work in.

    `run` records one check; after a failure the later checks are recorded
    as 未执行 (each builds on the one before: no database, no demo, no PDF).
    """

    folder: Path
    program: str
    checks: list[Check] = field(default_factory=list)
    db: Path | None = None
    pdfs: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def run(self, name: str, check: Callable[[], str]) -> bool:
        if any(not c.ok for c in self.checks):
            self.checks.append(Check(name, NOT_RUN, "前面的检查未通过"))
            return False
        try:
            detail = check()
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, it never crashes
            self.checks.append(Check(name, FAILED, failure_text(exc)))
            return False
        self.checks.append(Check(name, PASSED, detail))
        return True


def failure_text(exc: BaseException) -> str:
    """A Chinese sentence for an expected failure; the traceback's last lines for anything else."""
    if isinstance(exc, XxhError):
        return str(exc)
    known = describe_exception(exc)
    if known:
        return known
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "程序内部错误：" + "".join(lines[-3:]).strip()


def new_self_test(program: str) -> SelfTest:
    return SelfTest(Path(tempfile.mkdtemp(prefix="xxh-selftest-")), program)


def cleanup(test: SelfTest) -> None:
    shutil.rmtree(test.folder, ignore_errors=True)


# ---------------------------------------------------------------------- system


def missing_window_libraries() -> list[tuple[str, str]]:
    """(library, package) pairs the window needs and this Linux system lacks; [] elsewhere."""
    if not sys.platform.startswith("linux"):
        return []
    missing = []
    for soname, package in WINDOW_SYSTEM_LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append((soname, package))
    if not FONTCONFIG_FILE.is_file():
        missing.append((str(FONTCONFIG_FILE), "fontconfig-config"))
    return missing


def missing_libraries_message(missing: list[tuple[str, str]]) -> str:
    """The start-up message naming each missing library and the command that installs them."""
    names = "、".join(f"{lib}（软件包 {pkg}）" for lib, pkg in missing)
    packages = " ".join(dict.fromkeys(pkg for _lib, pkg in missing))
    return (f"无法打开窗口：本机缺少窗口所需的系统库 {names}。\n"
            f"请信息技术人员安装后重试：sudo apt install {packages}\n"
            "（统信UOS、麒麟的软件包同名。命令行工具 xxh 不需要这些库，仍可使用。）")


def _system_libraries() -> str:
    missing = missing_window_libraries()
    if missing:
        raise XxhError(missing_libraries_message(missing))
    if not sys.platform.startswith("linux"):
        return "无需检查（仅 Linux）"
    return "、".join(lib for lib, _pkg in WINDOW_SYSTEM_LIBRARIES) + " 均已安装"


# ---------------------------------------------------------------------- core checks


def _new_database(test: SelfTest) -> str:
    from .domain.fields import Side
    from .workspace import Workspace

    test.db = test.folder / "office" / "xxh.db"
    test.db.parent.mkdir()
    with Workspace.open(test.db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        return f"结构版本 {ws.schema_version}"


def _load_demo(test: SelfTest) -> str:
    from .demo import load_demo

    with _open(test) as ws:
        result = load_demo(ws)
    if result.projects < 1 or result.procurements < 1:
        raise XxhError(f"演示数据不完整：项目 {result.projects} 个，采购申报 {result.procurements} 个。")
    return f"项目 {result.projects} 个，采购申报 {result.procurements} 个"


def _integrity(test: SelfTest) -> str:
    with _open(test) as ws:
        problems = ws.check()
    if problems:
        raise XxhError("；".join(problems[:5]))
    return "完整性、结构版本、附件摘要与审计日志无误"


def _font(test: SelfTest) -> str:
    """The font every PDF uses: resolved, registered (reportlab refuses a face that forbids
    embedding) and able to draw every character of the regulation the forms quote. A bundle
    that carries its own font (Linux) has that one checked too: it is what a machine
    without a Song face falls back to."""
    from .printing.fonts import resolve_font
    from .printing.registry import font_setting
    from .resources import resource_path

    with _open(test) as ws:
        font = _usable_font(resolve_font(font_setting(ws)))
    detail = f"{font.face_name}（{font.source}：{font.path}）"
    if resource_path("fonts").is_dir():
        bundled = _usable_font(resolve_font(None, windows_dir=False, system_dirs=[]))
        detail += f"；程序自带 {bundled.face_name} 可用"
    return detail


def _usable_font(font: Any) -> Any:
    from .printing.fonts import missing_glyphs, register_font
    from .resources import resource_path

    font = register_font(font)
    text = resource_path("regulation", "jinzhai-measures-2022.txt").read_text(encoding="utf-8")
    missing = missing_glyphs(font.name, text)
    if missing:
        raise XxhError(f"字体 {font.face_name}（{font.path}）缺少 {len(missing)} 个字的字形："
                       + "".join(missing[:20]) + "。请安装宋体类 TrueType 字体。")
    return font


def _render(test: SelfTest, form: str) -> str:
    """Render `form` for the first demo record, write it, and check the font went in whole."""
    from .printing.registry import render_form

    with _open(test) as ws:
        key = ws.views.summaries()[0].number if form == "附件1" else ws.procurements.list()[0].number
        output = render_form(ws, form, key)
    if output.warnings:
        raise XxhError("；".join(output.warnings))
    problem = pdf_font_problem(output.data)
    if problem:
        raise XxhError(f"{form} PDF {problem}")
    path = output.write(test.folder / f"{form}.pdf")
    test.pdfs[form] = path
    return f"{key}，{output.pages} 页，{len(output.data) // 1024} KB，字体已嵌入"


def pdf_font_problem(data: bytes) -> str | None:
    """Why a PDF would not print the same everywhere, or None: every font must be an
    embedded TrueType subset (``ABCDEF+Name`` with a FontFile2), never a viewer's fallback."""
    if not data.startswith(b"%PDF-"):
        return "不是 PDF 文件"
    fonts = re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", data)
    if not fonts:
        return "没有使用任何字体"
    unembedded = sorted({f.decode("latin-1") for f in fonts if not re.match(rb"[A-Z]{6}\+", f)})
    if unembedded:
        return "使用了未嵌入的字体：" + "、".join(unembedded)
    if data.count(b"/FontFile2") < len(fonts):
        return "有字体未嵌入字形数据"
    return None


def _exchange(test: SelfTest) -> str:
    """The USB round trip: the office (the demo database) registers a unit; the unit takes in the
    office's key from the registration file, declares a project with its materials on its own new
    database and exports it; the office registers the unit's key and imports it whole."""
    from .domain.materials import DECLARATION_KINDS
    from .exchange import NEW, apply_import, export_package, export_registration, preview_import
    from .domain.fields import Side
    from .exchange.signing import stored_fingerprint
    from .workspace import Workspace

    registration, path = test.folder / "登记.xxh", test.folder / "自检.xxh"
    dept_db = test.folder / "department" / "xxh.db"
    dept_db.parent.mkdir()
    with _open(test) as ws:
        export_registration(ws, SELF_TEST_UNIT, registration)
        office_fingerprint = stored_fingerprint(ws)
    with Workspace.open(dept_db) as dept:
        dept.settings.choose_side(Side.UNIT, SELF_TEST_UNIT)
        with preview_import(dept, registration) as preview:
            apply_import(dept, preview, trust_key=office_fingerprint)
        project = _declare(dept)
        exported = export_package(dept, [project.id], path)
        dept_fingerprint = stored_fingerprint(dept)
    with _open(test) as ws, preview_import(ws, path) as preview:
        statuses = {r.record_id: r.status for r in preview.records}
        if statuses != {project.id: NEW}:
            raise XxhError(f"导入预览与预期不符：{statuses}")
        apply_import(ws, preview, trust_key=dept_fingerprint)
        arrived = ws.projects.get(project.id)
        materials = len(ws.materials.list(arrived.id))
        problems = ws.check()
    if arrived.name != project.name or materials != len(DECLARATION_KINDS):
        raise XxhError(f"导入后的项目与导出的不一致：{arrived.name}，材料 {materials} 份"
                       f"（应为 {project.name}，材料 {len(DECLARATION_KINDS)} 份）。")
    if problems:
        raise XxhError("导入后的数据库检查未通过：" + "；".join(problems[:5]))
    return (f"{arrived.number} 导出 {exported.size // 1024} KB（附件 {exported.attachments} 个），"
            f"导入后材料 {materials} 份，检查通过")


SELF_TEST_UNIT = "县教育体育局"


def _declare(dept: Any) -> Any:
    """A department's declaration, submitted with its 第八条 materials (the self-test's own data)."""
    from datetime import date
    from decimal import Decimal

    from .domain.declaration import Declaration
    from .domain.materials import DECLARATION_KINDS
    from .lifecycle import move_stage
    from .submission import submit_declaration

    today = date.today()
    pid = dept.projects.create("程序自检项目", SELF_TEST_UNIT, today.year + 1)
    for kind in DECLARATION_KINDS:
        dept.materials.attach(pid, kind, f"{kind}.txt", f"程序自检：{kind}".encode())
    submit_declaration(dept, pid, Declaration(
        applicant_unit=SELF_TEST_UNIT, declared_on=today, leader="自检", contact="自检", phone="0564-5012345",
        email="selftest@jinzhai.gov.cn", project_name="程序自检项目", start_month=date(today.year + 1, 1, 1),
        end_month=date(today.year + 1, 12, 1), investment=Decimal("10"), fund_fiscal=Decimal("10"),
        content="程序自检：检查交换文件的导出与导入。"))
    result = move_stage(dept, pid, "已申报", on=today)
    if not result:
        raise XxhError("自检项目未能申报：" + "；".join(result.refusals))
    return dept.projects.get(pid)


def _open(test: SelfTest) -> Any:
    from .workspace import Workspace

    if test.db is None:
        raise XxhError("数据库尚未建立。")
    return Workspace.open(test.db, create=False)


def run_core_checks(test: SelfTest) -> None:
    test.run("窗口所需系统库", _system_libraries)
    test.run("新建数据库", lambda: _new_database(test))
    test.run("载入演示数据", lambda: _load_demo(test))
    test.run("数据库检查", lambda: _integrity(test))
    test.run("PDF 字体与字形", lambda: _font(test))
    test.run("附件1 PDF", lambda: _render(test, "附件1"))
    test.run("附件2 PDF", lambda: _render(test, "附件2"))
    test.run("交换文件导出与导入", lambda: _exchange(test))


# ---------------------------------------------------------------------- the window, from the CLI


def desktop_command() -> list[str]:
    """How to start the window program beside this one (the frozen folder, or this interpreter)."""
    if getattr(sys, "frozen", False):
        name = "xxh-desktop.exe" if sys.platform == "win32" else "xxh-desktop"
        return [str(Path(sys.executable).with_name(name))]
    # Started as a program, not imported: the core stays free of the gui package.
    return [sys.executable, "-c", "import sys; from xxh_desktop.gui.launch import main; sys.exit(main())"]


def run_window_program(test: SelfTest, command: list[str] | None = None, timeout: float = 600) -> None:
    """``xxh --self-test``: run ``xxh-desktop --self-test`` and take over its window checks.

    The CLI has no Qt (PySide6 is not in its part of the bundle); the window
    program checks itself and reports through its result file.
    """
    result = test.folder / "window-selftest.json"
    command = (command or desktop_command()) + ["--self-test", str(result)]

    def window() -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise XxhError(f"无法运行窗口程序 {command[0]}：{exc}") from None
        report = read_result(result)
        if report is None:
            tail = (done.stderr or done.stdout).strip()[-800:]
            raise XxhError(f"窗口程序退出（代码 {done.returncode}）而没有写出自检结果。{tail}")
        theirs = [Check(**c) for c in report["checks"]]
        # the window's own checks, and any core check that failed only there (its part of the bundle differs)
        mine = {c.name for c in test.checks}
        test.checks.extend(Check(f"窗口程序：{c.name}", c.status, c.detail)
                           for c in theirs if c.name not in mine or not c.ok)
        failed = [c for c in theirs if not c.ok]
        if failed:
            raise XxhError(f"窗口程序的自检有 {len(failed)} 项未通过（见上）。")
        return f"{command[0]}（退出代码 {done.returncode}）"

    test.run("窗口程序自检", window)


# ---------------------------------------------------------------------- the result


def default_result_path() -> Path:
    """Beside the error log in the user's data folder, where IT looks first."""
    from .paths import default_data_dir

    return default_data_dir() / "logs" / RESULT_FILE_NAME


def result_document(test: SelfTest) -> dict[str, Any]:
    return {
        "program": test.program, "version": __version__, "ok": test.ok,
        "frozen": bool(getattr(sys, "frozen", False)), "executable": sys.executable,
        "platform": platform.platform(), "python": platform.python_version(),
        "checks": [asdict(c) for c in test.checks],
    }


def write_result(test: SelfTest, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result_document(test), ensure_ascii=False, indent=2) + "\n"
    return atomic_write(path, text.encode("utf-8"))


def read_result(path: Path) -> dict[str, Any] | None:
    """A result file written by `write_result`, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("checks"), list) else None


def report_lines(test: SelfTest) -> list[str]:
    lines = [f"{test.program} {__version__} 自检：{'全部通过' if test.ok else '未通过'}"]
    lines += [f"  [{c.status}] {c.name}：{c.detail}" for c in test.checks]
    return lines


def finish(test: SelfTest, result_path: Path | None) -> int:
    """Write the result file, print the report where there is a console, clean up; the exit code."""
    path = result_path or default_result_path()
    try:
        written: Path | None = write_result(test, path)
    except (XxhError, OSError) as exc:
        test.checks.append(Check("写出自检结果", FAILED, failure_text(exc)))
        written = None
    finally:
        cleanup(test)
    if sys.stdout is not None:   # a windowed program on Windows has none
        for line in report_lines(test):
            sys.stdout.write(line + "\n")
        if written is not None:
            sys.stdout.write(f"自检结果已写入：{written}\n")
        sys.stdout.flush()
    return 0 if test.ok else 1


def run_cli_self_test(result_path: str | None) -> int:
    """``xxh --self-test [RESULT.json]``: the core checks here, then the window program's."""
    test = new_self_test("xxh")
    run_core_checks(test)
    run_window_program(test)
    return finish(test, Path(result_path) if result_path else None)

