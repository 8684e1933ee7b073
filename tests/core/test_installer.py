"""The packaging files (installer/), checked without running PyInstaller.

A real build takes minutes (`python installer/build.py` freezes, then
smoke-runs the result); these tests check what can go stale quietly: the
version files carry `__version__`, the Inno Setup script registers `.xxh`,
and the spec — run here with stand-ins for PyInstaller's build classes —
bundles resources/, names importable hidden imports and trims the right Qt
files.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
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


def test_version_info_carries_the_version(build: ModuleType, tmp_path: Path) -> None:
    info, _iss = build.write_version_files(tmp_path / "version_info.txt", tmp_path / "x.iss")
    text = info.read_text(encoding="utf-8")
    v0, v1, v2 = build.numeric_version(__version__)
    assert f"filevers=({v0}, {v1}, {v2}, 0)" in text
    assert f"prodvers=({v0}, {v1}, {v2}, 0)" in text
    assert f"StringStruct('FileVersion', '{__version__}')" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as one Python expression


def test_numeric_version_keeps_only_numbers(build: ModuleType) -> None:
    assert build.numeric_version("0.1.0") == (0, 1, 0)
    assert build.numeric_version("2.3") == (2, 3, 0)
    assert build.numeric_version("1.4.0rc2") == (1, 4, 0)


def test_render_uses_the_version_given(build: ModuleType, tmp_path: Path) -> None:
    _info, iss = build.write_version_files(tmp_path / "v.txt", tmp_path / "x.iss", version="9.8.7")
    text = iss.read_text(encoding="utf-8-sig")
    assert '#define AppVersion "9.8.7"' in text
    assert "VersionInfoVersion=9.8.7.0" in text


@pytest.fixture
def iss_text(build: ModuleType, tmp_path: Path) -> str:
    _info, iss = build.write_version_files(tmp_path / "v.txt", tmp_path / "build-xxh-desktop.iss")
    raw = iss.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a script as UTF-8 only with a BOM
    return raw.decode("utf-8-sig")


def test_iss_carries_the_version(iss_text: str) -> None:
    assert f'#define AppVersion "{__version__}"' in iss_text
    assert "AppVersion={#AppVersion}" in iss_text
    assert "OutputBaseFilename=xxh-desktop-setup-{#AppVersion}" in iss_text


def test_iss_registers_xxh_files_to_open_in_the_window(iss_text: str) -> None:
    registry = iss_text.split("[Registry]", 1)[1].split("\n[", 1)[0]
    assert 'Subkey: "Software\\Classes\\.xxh"; ValueType: string; ValueName: ""; ValueData: "XxhDesktop.Package"' \
        in registry
    command = next(line for line in registry.splitlines() if "shell\\open\\command" in line)
    # Inno doubles quotes inside a quoted value: the registry gets "C:\…\xxh-desktop.exe" "%1"
    assert 'ValueData: """{app}\\xxh-desktop.exe"" ""%1"""' in command
    assert "ChangesAssociations=yes" in iss_text


def test_iss_has_start_menu_uninstaller_and_chinese_wizard(iss_text: str) -> None:
    assert 'Filename: "{app}\\xxh-desktop.exe"' in iss_text.split("[Icons]", 1)[1]
    assert 'Filename: "{uninstallexe}"' in iss_text
    assert 'MessagesFile: "compiler:Languages\\ChineseSimplified.isl"' in iss_text
    assert "AppId={{6A0F3C52-8C1B-4C57-9C1E-2F3C7A9B1D20}" in iss_text  # "{{" is Inno's literal brace
    # The data folder is the user's: nothing deletes it on uninstall.
    assert "[UninstallDelete]" not in iss_text and "{userappdata}" not in iss_text


def test_iss_braces_are_inno_constants_only(iss_text: str) -> None:
    """Every single "{" left after str.format opens an Inno constant (a stray one breaks ISCC)."""
    body = "\n".join(line for line in iss_text.splitlines() if not line.startswith(";"))
    body = body.replace("{{", "")
    constants = set(re.findall(r"\{([^{}]*)\}", body))
    assert constants == {"app", "group", "autopf", "uninstallexe", "#AppVersion"}
    assert "{" not in re.sub(r"\{[^{}]*\}", "", body)  # a lone "}" is literal in Inno, a lone "{" is not


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


def test_every_hidden_import_in_the_spec_is_importable(spec: SimpleNamespace) -> None:
    hidden = spec.gui.kwargs["hiddenimports"] + spec.cli.kwargs["hiddenimports"]
    assert "PySide6.QtPdf" in hidden and "PySide6.QtCharts" in hidden
    for name in hidden:
        importlib.import_module(name)


def test_excluded_modules_are_not_used_by_the_app(spec: SimpleNamespace) -> None:
    excluded = set(spec.gui.kwargs["excludes"])
    used = set()
    for source in (ROOT / "xxh_desktop").rglob("*.py"):
        used.update(re.findall(r"^\s*(?:from|import) (PySide6\.\w+|PIL\.\w+|tkinter)",
                               source.read_text(encoding="utf-8"), re.MULTILINE))
    assert used & excluded == set()


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
