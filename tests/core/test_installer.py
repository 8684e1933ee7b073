"""The packaging files (installer/), checked without running PyInstaller.

A real build takes minutes (`python installer/build.py` freezes, then
self-tests the result; tests/frozen/ runs it on request); these tests check
what can go stale quietly: the version files carry `__version__` and say
which program is which, the rendered Inno Setup script refuses old compilers
and old Windows, cleans up before an upgrade, registers `.xxh`, signs when
asked and points at nothing outside the repository, and the spec — run here
with stand-ins for PyInstaller's build classes — bundles resources/, names
importable hidden imports and trims the right files.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from xxh_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """installer/build.py imported as a module (it is a script, not a package)."""
    monkeypatch.setattr(sys, "path", list(sys.path))  # build.py prepends the repository root
    spec = importlib.util.spec_from_file_location("xxh_installer_build", INSTALLER / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------- version files


@pytest.fixture
def written(build: ModuleType, tmp_path: Path) -> dict[str, Path]:
    return build.write_version_files(tmp_path / "build", tmp_path / "build-xxh-desktop.iss")


@pytest.mark.parametrize("name", ["xxh-desktop", "xxh"])
def test_each_program_has_its_own_full_version_info(build: ModuleType, written: dict[str, Path], name: str) -> None:
    info = written[name]
    assert info == info.parent / f"version_info_{name}.txt"   # the name the spec reads
    text = info.read_text(encoding="utf-8")
    v0, v1, v2 = build.numeric_version(__version__)
    assert f"filevers=({v0}, {v1}, {v2}, 0)" in text and f"prodvers=({v0}, {v1}, {v2}, 0)" in text
    fields = dict(re.findall(r"StringStruct\('(\w+)', '([^']*)'\)", text))
    assert fields["FileVersion"] == fields["ProductVersion"] == __version__
    assert fields["CompanyName"] == "金寨县智慧城市管理服务中心"
    assert fields["OriginalFilename"] == f"{name}.exe" and fields["InternalName"] == name
    assert fields["LegalCopyright"].startswith("©") and "金寨县智慧城市管理服务中心" in fields["LegalCopyright"]
    assert fields["FileDescription"] == build.PROGRAMS[name]
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as one Python expression


def test_the_two_programs_describe_themselves_differently(build: ModuleType) -> None:
    assert len(set(build.PROGRAMS.values())) == len(build.PROGRAMS) == 2
    assert "命令行" in build.PROGRAMS["xxh"]


def test_numeric_version_keeps_only_numbers(build: ModuleType) -> None:
    assert build.numeric_version("0.1.0") == (0, 1, 0)
    assert build.numeric_version("2.3") == (2, 3, 0)
    assert build.numeric_version("1.4.0rc2") == (1, 4, 0)


def test_render_uses_the_version_given(build: ModuleType, tmp_path: Path) -> None:
    written = build.write_version_files(tmp_path, tmp_path / "x.iss", version="9.8.7")
    text = written["iss"].read_text(encoding="utf-8-sig")
    assert '#define AppVersion "9.8.7"' in text
    assert "VersionInfoVersion=9.8.7.0" in text and "VersionInfoProductTextVersion=9.8.7" in text
    assert "StringStruct('ProductVersion', '9.8.7')" in written["xxh"].read_text(encoding="utf-8")


@pytest.fixture
def iss_text(written: dict[str, Path]) -> str:
    raw = written["iss"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a script as UTF-8 only with a BOM
    return raw.decode("utf-8-sig")


def section(iss_text: str, name: str) -> str:
    return iss_text.split(f"\n[{name}]\n", 1)[1].split("\n[", 1)[0]


def test_iss_carries_the_version_and_full_version_info(iss_text: str) -> None:
    assert f'#define AppVersion "{__version__}"' in iss_text
    assert "AppVersion={#AppVersion}" in iss_text
    assert "OutputBaseFilename=xxh-desktop-setup-{#AppVersion}" in iss_text
    setup = section(iss_text, "Setup")
    for directive in ("VersionInfoCompany=金寨县智慧城市管理服务中心", "VersionInfoProductName=金寨县政务信息化项目管理系统",
                      f"VersionInfoTextVersion={__version__}", "AppCopyright=©", "VersionInfoCopyright=©"):
        assert directive in setup


def test_iss_refuses_an_inno_setup_older_than_6_5_with_a_clear_error(build: ModuleType, iss_text: str) -> None:
    lines = iss_text.splitlines()
    check = lines.index("#if VER < EncodeVer(6,5,0)")
    assert lines[check + 1].strip().startswith("#error ") and "6.5.0" in lines[check + 1]
    assert lines[check + 2] == "#endif"
    assert check < lines.index("[Setup]")       # before anything the old compiler could trip on
    assert build.INNO_MIN_VERSION == "6.5.0"
    # the official translation shipped with 6.5, nothing to download
    assert 'MessagesFile: "compiler:Languages\\ChineseSimplified.isl"' in section(iss_text, "Languages")


def test_every_document_names_the_same_inno_setup_version() -> None:
    for path in (ROOT / "README.md", INSTALLER / "README.md", INSTALLER / "build.py", INSTALLER / "xxh-desktop.iss.in"):
        text = path.read_text(encoding="utf-8")
        assert "6.5" in text, path
        assert not re.search(r"Inno Setup 6\.[0-4]\b|6\.3\+", text), path


def test_iss_refuses_windows_older_than_10_1809(iss_text: str) -> None:
    assert re.search(r"^MinVersion=10\.0\.17763$", section(iss_text, "Setup"), re.MULTILINE)


def test_iss_removes_the_previous_libraries_before_an_upgrade(iss_text: str) -> None:
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in section(iss_text, "InstallDelete")


def test_iss_installs_per_machine_with_start_menu_and_optional_desktop_icon(iss_text: str) -> None:
    setup = section(iss_text, "Setup")
    assert "PrivilegesRequired=admin" in setup and "PrivilegesRequiredOverridesAllowed" not in setup
    assert "DefaultDirName={autopf}\\xxh-desktop" in setup
    icons = section(iss_text, "Icons")
    assert '"{group}\\{cm:AppShortcut}"; Filename: "{app}\\xxh-desktop.exe"' in icons
    assert 'Filename: "{uninstallexe}"' in icons
    assert '"{autodesktop}\\{cm:AppShortcut}"; Filename: "{app}\\xxh-desktop.exe"; Tasks: desktopicon' in icons
    assert 'Name: "desktopicon"' in section(iss_text, "Tasks") and "Flags: unchecked" in section(iss_text, "Tasks")
    # the self-test shortcut keeps its console open: cmd /k "…\xxh.exe" --self-test
    assert 'Parameters: "/k """"{app}\\xxh.exe"" --self-test"""' in icons


def test_iss_registers_xxh_files_with_an_icon_to_open_in_the_window(iss_text: str) -> None:
    registry = section(iss_text, "Registry")
    assert 'Subkey: "Software\\Classes\\.xxh"; ValueType: string; ValueName: ""; ValueData: "XxhDesktop.Package"' \
        in registry
    command = next(line for line in registry.splitlines() if "shell\\open\\command" in line)
    # Inno doubles quotes inside a quoted value: the registry gets "C:\…\xxh-desktop.exe" "%1"
    assert 'ValueData: """{app}\\xxh-desktop.exe"" ""%1"""' in command
    icon = next(line for line in registry.splitlines() if "DefaultIcon" in line)
    assert 'ValueData: "{app}\\xxh-desktop.exe,0"' in icon
    assert all("Tasks: assoc" in line for line in registry.splitlines() if line.startswith("Root:"))
    assert "ChangesAssociations=yes" in iss_text


def test_iss_texts_are_the_projects_own_chinese_custom_messages(iss_text: str) -> None:
    messages = dict(line.split("=", 1) for line in section(iss_text, "CustomMessages").splitlines()
                    if "=" in line and not line.startswith(";"))
    used = set(re.findall(r"\{cm:(\w+)\}", iss_text))
    assert used and {f"chs.{name}" for name in used} <= set(messages)
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in messages.values())
    assert "XxhFileType" in used and "AssocTask" in used and "DesktopIconTask" in used


def test_uninstall_keeps_every_users_data_and_says_so(iss_text: str) -> None:
    assert "[UninstallDelete]" not in iss_text and "{userappdata}" not in iss_text and "{localappdata}" not in iss_text
    assert "%%APPDATA%%\\xxh-desktop" in section(iss_text, "Messages")   # "%%" is one "%" in an Inno message


def test_iss_signs_both_programs_the_installer_and_the_uninstaller_when_asked(iss_text: str) -> None:
    lines = iss_text.splitlines()
    start = lines.index("#ifdef XxhSign")
    assert lines[start + 1:start + 4] == ["SignTool=xxhsign", "SignedUninstaller=yes", "#endif"]
    files = section(iss_text, "Files")
    for exe in ("xxh-desktop.exe", "xxh.exe"):
        line = next(x for x in files.splitlines() if x.startswith(f'Source: "..\\dist\\xxh-desktop\\{exe}"'))
        assert "signonce" in line
    # the rest of the folder, without storing the two programs twice
    assert 'Excludes: "\\xxh-desktop.exe,\\xxh.exe"' in files


def test_iss_refers_to_no_file_outside_the_repository(iss_text: str) -> None:
    body = [line for line in iss_text.splitlines() if not line.startswith(";")]
    paths = []
    for line in body:
        paths += re.findall(r'Source: "([^"]+)"', line)
        paths += re.findall(r"^(?:SetupIconFile|OutputDir|LicenseFile|InfoBeforeFile|InfoAfterFile|"
                            r"WizardImageFile|WizardSmallImageFile)=(.+)$", line)
        paths += re.findall(r'MessagesFile: "([^"]+)"', line)
        assert not re.search(r'#include|[A-Za-z]:\\|\\\\\\\\|https?://', line), line
    assert len(paths) >= 5
    for path in paths:
        if path.startswith("compiler:"):   # Inno Setup's own files
            continue
        resolved = (INSTALLER / path.replace("\\", "/")).resolve()
        assert resolved.is_relative_to(ROOT), path
    assert (ROOT / "resources" / "icons" / "xxh.ico").is_file()


def test_iss_braces_are_inno_constants_only(iss_text: str) -> None:
    """Every single "{" left after str.format opens an Inno constant (a stray one breaks ISCC)."""
    body = "\n".join(line for line in iss_text.splitlines() if not line.startswith(";"))
    body = body.replace("{{", "")
    constants = {c.split(":")[0] for c in re.findall(r"\{([^{}]*)\}", body)}
    assert constants == {"app", "group", "autopf", "autodesktop", "uninstallexe", "cmd", "cm", "#AppVersion"}
    assert "{" not in re.sub(r"\{[^{}]*\}", "", body)  # a lone "}" is literal in Inno, a lone "{" is not


# --------------------------------------------------------------- signing and Inno Setup


def test_signing_is_skipped_with_a_warning_when_no_sign_tool_is_set(build: ModuleType,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert build.sign_options({}) == []
    assert "NOT signed" in capsys.readouterr().out


def test_a_sign_tool_signs_through_inno_setup(build: ModuleType) -> None:
    command = "signtool sign /fd SHA256 /f C:\\keys\\county.pfx /p secret $f"
    assert build.sign_options({"XXH_SIGNTOOL": command}) == [f"/Sxxhsign={command}", "/DXxhSign"]


@pytest.mark.parametrize("command, says", [
    ("signtool sign /f C:\\keys\\county.pfx", "$f"),
    ('signtool sign /f "C:\\my keys\\county.pfx" $f', "$q"),
])
def test_a_malformed_sign_tool_stops_the_build(build: ModuleType, command: str, says: str) -> None:
    with pytest.raises(SystemExit, match=re.escape(says)):
        build.sign_options({"XXH_SIGNTOOL": command})


def test_iscc_is_found_where_inno_setup_installs_it(build: ModuleType, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    iscc = tmp_path / "Inno Setup 6" / "ISCC.exe"
    iscc.parent.mkdir()
    iscc.write_bytes(b"MZ")
    monkeypatch.delenv("ISCC", raising=False)
    monkeypatch.setattr(build.shutil, "which", lambda _name: None)
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path))
    assert build.find_iscc() == str(iscc)
    monkeypatch.setenv("ISCC", "D:\\tools\\ISCC.exe")
    assert build.find_iscc() == "D:\\tools\\ISCC.exe"


# --------------------------------------------------------------- the spec


class _Analysis:
    """Stand-in for PyInstaller's Analysis: records arguments, offers TOC lists to trim."""

    made: list[_Analysis] = []

    def __init__(self, scripts: list[str], **kwargs: Any) -> None:
        self.scripts_in = scripts
        self.kwargs = kwargs
        self.pure: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str, str]] = []
        self.binaries = [(dest, "/src/" + dest, "BINARY") for dest in FAKE_BINARIES]
        self.datas = [(dest, "/src/" + dest, "DATA") for dest in FAKE_DATAS]
        _Analysis.made.append(self)


FAKE_BINARIES = {
    "PySide6/Qt/lib/libQt6Widgets.so.6": True,
    "PySide6/Qt/lib/libQt6Pdf.so.6": True,
    "PySide6/Qt/lib/libQt6Charts.so.6": True,
    "PySide6/Qt/lib/libicudata.so.73": True,
    "PySide6/Qt/plugins/platforms/libqxcb.so": True,
    "PySide6/Qt/plugins/platforms/libqwayland-generic.so": True,
    "PySide6\\plugins\\platforms\\qwindows.dll": True,
    "PySide6/Qt/lib/libQt6Quick.so.6": False,
    "PySide6/Qt/lib/libQt6Qml.so.6": False,
    "PySide6\\Qt6QmlModels.dll": False,
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so": False,
    "PySide6/Qt/plugins/platforms/libqvnc.so": False,
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so": False,
    # kept: the portal theme (file dialogs), SVG theme icons, printing, headless, Windows 11 style
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so": True,
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so": True,
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so": True,
    "PySide6/Qt/plugins/platforms/libqoffscreen.so": True,
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll": True,
    # dropped: GTK theme, image formats, TLS, network information, evdev input, GPU fallbacks
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so": False,
    "PySide6/Qt/plugins/imageformats/libqjpeg.so": False,
    "PySide6\\plugins\\imageformats\\qsvg.dll": False,
    "PySide6/Qt/plugins/tls/libqopensslbackend.so": False,
    "PySide6\\plugins\\tls\\qschannelbackend.dll": False,
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so": False,
    "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so": False,
    "PySide6\\opengl32sw.dll": False,
    "PySide6\\d3dcompiler_47.dll": False,
}
FAKE_DATAS = {
    "PySide6/Qt/translations/qtbase_zh_CN.qm": True,
    "PySide6/Qt/translations/qt_zh_CN.qm": True,
    "PySide6\\translations\\qtbase_zh_CN.qm": True,
    "PySide6/Qt/translations/qtbase_de.qm": False,
    "PySide6/Qt/translations/qt_zh_TW.qm": False,
    "resources/demo/projects.json": True,
}


@pytest.fixture
def spec(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Run installer/xxh-desktop.spec with stand-ins; returns what it built."""
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec prepends the repository root
    _Analysis.made = []
    collected: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    exes: list[dict[str, Any]] = []
    namespace: dict[str, Any] = {
        "SPECPATH": str(INSTALLER),
        "Analysis": _Analysis,
        "PYZ": lambda *args, **kwargs: ("PYZ", args),
        "EXE": lambda *args, **kwargs: exes.append(kwargs) or kwargs["name"],
        "COLLECT": lambda *args, **kwargs: collected.append((args, kwargs)),
    }
    path = INSTALLER / "xxh-desktop.spec"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    gui, cli = _Analysis.made
    return SimpleNamespace(gui=gui, cli=cli, exes=exes, collected=collected, ns=namespace)


def test_spec_bundles_the_resources_folder(spec: SimpleNamespace) -> None:
    datas = spec.gui.kwargs["datas"]
    assert (str(ROOT / "resources"), "resources") in datas
    # ... under the name xxh_desktop/resources.py looks for in sys._MEIPASS
    from xxh_desktop import resources

    assert resources.SOURCE_ROOT == ROOT / "resources"
    assert (ROOT / "resources" / "demo" / "projects.json").is_file()


def test_spec_builds_window_and_cli_into_one_folder(spec: SimpleNamespace) -> None:
    assert spec.gui.scripts_in == [str(INSTALLER / "entry_gui.py")]
    assert spec.cli.scripts_in == [str(INSTALLER / "entry_cli.py")]
    assert {e["name"]: e["console"] for e in spec.exes} == {"xxh-desktop": False, "xxh": True}
    (args, kwargs), = spec.collected
    assert kwargs["name"] == "xxh-desktop" and "xxh-desktop" in args and "xxh" in args
    # The CLI is the Qt-free core: PySide6 must not creep into its analysis.
    assert "PySide6" in spec.cli.kwargs["excludes"]
    hook = str(INSTALLER / "rthook_no_pillow.py")
    assert spec.gui.kwargs["runtime_hooks"] == spec.cli.kwargs["runtime_hooks"] == [hook]


def test_every_hidden_import_in_the_spec_is_importable(spec: SimpleNamespace) -> None:
    hidden = spec.gui.kwargs["hiddenimports"] + spec.cli.kwargs["hiddenimports"]
    assert "PySide6.QtPdf" in hidden and "PySide6.QtCharts" in hidden
    for name in hidden:
        importlib.import_module(name)


def test_excluded_modules_are_not_used_by_the_app(spec: SimpleNamespace) -> None:
    excluded = set(spec.gui.kwargs["excludes"])
    assert {"PIL", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDBus"} <= excluded
    used = set()
    for source in (ROOT / "xxh_desktop").rglob("*.py"):
        for name in re.findall(r"^\s*(?:from|import) (PySide6\.\w+|PIL(?:\.\w+)?|tkinter)",
                               source.read_text(encoding="utf-8"), re.MULTILINE):
            used.update({name, name.split(".")[0]} if name.startswith("PIL") else {name})
    assert used & excluded == set()


def test_the_pillow_stand_in_lets_every_form_and_an_excel_import_work() -> None:
    """The bundle has no Pillow: with the runtime hook's stand-in, reportlab and openpyxl still work."""
    code = (
        "import runpy, sys, tempfile\n"
        f"runpy.run_path({str(INSTALLER / 'rthook_no_pillow.py')!r})\n"
        "from pathlib import Path\n"
        "from xxh_desktop import demo\n"
        "from xxh_desktop.errors import XxhError\n"
        "from xxh_desktop.workspace import Workspace\n"
        "from xxh_desktop.printing.registry import FORMS, render_form\n"
        "from xxh_desktop.excel.ledger import export_ledger\n"
        "import openpyxl\n"
        "from reportlab.lib import utils\n"
        "assert utils.haveImages is False\n"
        "folder = Path(tempfile.mkdtemp())\n"
        "with Workspace.open(folder / 'a.db') as ws:\n"
        "    demo.load_demo(ws)\n"
        "    projects = [r.number for r in ws.views.summaries()]\n"
        "    cases = [r.number for r in ws.procurements.list()]\n"
        "    for form, (_maker, what) in FORMS.items():\n"
        "        made = []\n"
        "        for key in cases if what == '采购申报编号' else projects:\n"
        "            try:\n"
        "                made.append(render_form(ws, form, key))\n"
        "            except XxhError:\n"
        "                continue   # not every record has every document (no 整改 yet …)\n"
        "            break\n"
        "        assert made and made[0].data.startswith(b'%PDF-'), form\n"
        "    export_ledger(ws, folder / 'ledger.xlsx')\n"
        "assert openpyxl.load_workbook(folder / 'ledger.xlsx').worksheets[0].max_row > 1\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PIL'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['PIL']"   # only the stand-in: nothing asked for a real Pillow module


def test_spec_keeps_only_the_system_libraries_a_kept_binary_links(spec: SimpleNamespace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    links = {
        "/qt/libqxcb.so": [("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0"), ("libX11.so.6", "/usr/lib/libX11.so.6")],
        "/py/_sqlite3.cpython-311-x86_64-linux-gnu.so": [("libsqlite3.so.0", "/usr/lib/libsqlite3.so.0")],
        "/usr/lib/libX11.so.6": [("libxcb.so.1", "/usr/lib/libxcb.so.1")],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/libqxcb.so", "BINARY"),
        ("python3.11/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so",
         "/py/_sqlite3.cpython-311-x86_64-linux-gnu.so", "EXTENSION"),
        ("libxcb-cursor.so.0", "/usr/lib/libxcb-cursor.so.0", "BINARY"),
        ("libX11.so.6", "/usr/lib/libX11.so.6", "BINARY"),
        ("libsqlite3.so.0", "/usr/lib/libsqlite3.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),        # only the dropped GTK theme linked it
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    kept = spec.ns["prune_unlinked"](binaries, imports=lambda src: links.get(src, []))
    assert [dest for dest, _src, _kind in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "python3.11/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so",
        "libxcb-cursor.so.0", "libX11.so.6", "libsqlite3.so.0", "libpython3.11.so.1.0"]
    monkeypatch.setattr(sys, "platform", "win32")    # Windows DLLs are left as PyInstaller found them
    assert spec.ns["prune_unlinked"](binaries, imports=None) == binaries


def test_spec_gives_each_windows_program_its_own_version_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    exes: list[dict[str, Any]] = []
    namespace: dict[str, Any] = {
        "SPECPATH": str(INSTALLER), "Analysis": _Analysis, "PYZ": lambda *a, **k: None,
        "EXE": lambda *a, **k: exes.append(k) or k["name"], "COLLECT": lambda *a, **k: None,
    }
    monkeypatch.setattr(sys, "path", list(sys.path))
    path = INSTALLER / "xxh-desktop.spec"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    assert {e["name"]: e["version"] for e in exes} == {
        name: str(ROOT / "build" / f"version_info_{name}.txt") for name in ("xxh-desktop", "xxh")}
    assert all(e["icon"] == str(ROOT / "resources" / "icons" / "xxh.ico") for e in exes)


def test_spec_drops_unused_qt_files_and_keeps_chinese(spec: SimpleNamespace) -> None:
    for analysis in (spec.gui, spec.cli):
        kept = {dest for dest, _src, _kind in analysis.binaries + analysis.datas}
        wanted = {dest for dest, keep in {**FAKE_BINARIES, **FAKE_DATAS}.items() if keep}
        assert kept == wanted


def test_qt_chinese_catalogue_exists_where_the_app_loads_it() -> None:
    """gui/app.py loads qtbase_zh_CN from QLibraryInfo's TranslationsPath; the spec keeps *_zh_CN.qm."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / "qtbase_zh_CN.qm").is_file()
    assert folder.name == "translations"  # what the spec's filter matches on
