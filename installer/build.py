"""Build the packaged app: version files → PyInstaller → self-test → installer.

    python installer/build.py            # from the repository root, in .venv

1. Writes build/version_info_xxh-desktop.txt, build/version_info_xxh.txt
   (Windows version resources) and installer/build-xxh-desktop.iss from their
   templates and the one version number, xxh_desktop.__version__ (the .iss
   sits beside its template because its paths are relative to it).
2. Freezes the app with PyInstaller (one folder: dist/xxh-desktop/) and
   reports its size; on Linux, checks that every bundled library finds what
   it links and measures the newest glibc the bundle needs.
3. Self-tests the result in a temporary folder: ``xxh-desktop --self-test``
   and ``xxh --self-test`` (xxh_desktop/selftest.py), read from their result
   files, so a windowed xxh-desktop.exe is tested as well as a console one.
4. On Windows, with Inno Setup 6.5+ (ISCC.exe), builds
   dist/xxh-desktop-setup-<version>.exe, signed when XXH_SIGNTOOL is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(ROOT))

from xxh_desktop import __version__  # noqa: E402

BUILD = ROOT / "build"
ISS = INSTALLER / "build-xxh-desktop.iss"
DIST = ROOT / "dist" / "xxh-desktop"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

# What Windows shows for the programs and the installer (Properties → Details,
# the installer's wizard, Programs and Features): one place for all three.
COMPANY = "金寨县智慧城市管理服务中心"
PRODUCT = "金寨县政务信息化项目管理系统"
PROGRAMS = {   # executable name -> FileDescription
    "xxh-desktop": PRODUCT,
    "xxh": f"{PRODUCT}（命令行）",
}
INNO_MIN_VERSION = "6.5.0"   # the .iss refuses older compilers with #error; keep the two in step

# XXH_SIGNTOOL: the code-signing command, Inno Setup's Sign Tool syntax ($f is
# the file; $q a quote), e.g.
#   signtool sign /fd SHA256 /f C:\keys\county.pfx /p PASSWORD /tr http://timestamp.example /td SHA256 $f
SIGN_ENV = "XXH_SIGNTOOL"
SIGN_TOOL_NAME = "xxhsign"


def numeric_version(version: str = __version__) -> tuple[int, int, int]:
    """'0.1.0' → (0, 1, 0); '1.2rc1' → (1, 2, 0): Windows version resources take numbers only."""
    parts = [int(m.group()) if (m := re.match(r"\d+", p)) else 0 for p in version.split(".")[:3]]
    return tuple((parts + [0, 0, 0])[:3])  # type: ignore[return-value]


def copyright_line(year: int | None = None) -> str:
    return f"© {year or date.today().year} {COMPANY}"


def render(template: str, out: Path, version: str = __version__, *, bom: bool = False, **fields: str) -> Path:
    """Fill installer/<template> (``{version}``, ``{v0}``…, ``{company}``, ``{product}``,
    ``{copyright}`` and `fields`) and write `out`."""
    v0, v1, v2 = numeric_version(version)
    text = (INSTALLER / template).read_text(encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    values = {"version": version, "v0": v0, "v1": v1, "v2": v2, "company": COMPANY, "product": PRODUCT,
              "copyright": copyright_line(), **fields}
    # Inno Setup reads a script as UTF-8 only with a BOM (older 6.x releases
    # take a BOM-less file as the ANSI code page and garble the Chinese).
    out.write_text(text.format(**values), encoding="utf-8-sig" if bom else "utf-8")
    return out


def write_version_files(build_dir: Path = BUILD, iss: Path = ISS, version: str = __version__) -> dict[str, Path]:
    """The version resource of each program and the installer script; name → path ("iss" for the script)."""
    written = {
        name: render("version_info.txt.in", build_dir / f"version_info_{name}.txt", version,
                     name=name, exe=f"{name}.exe", description=description)
        for name, description in PROGRAMS.items()
    }
    written["iss"] = render("xxh-desktop.iss.in", iss, version, bom=True)
    return written


def freeze() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(DIST.parent), "--workpath", str(BUILD / "pyinstaller"),
                    str(INSTALLER / "xxh-desktop.spec")], check=True, cwd=ROOT)
    return DIST


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, symlinks not counted twice."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


# ---------------------------------------------------------------------- Linux checks


# glibc itself and its loader: always the system's (PyInstaller never bundles them).
_GLIBC = re.compile(r"^(ld-linux.*|lib(c|m|dl|pthread|rt|resolv|util|nsl|anl|mvec)\.so\..*)$")


def elf_files(folder: Path) -> list[Path]:
    out = []
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def needed(path: Path) -> list[str]:
    text = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", text, re.MULTILINE)


def unresolved_links(folder: Path) -> list[str]:
    """Libraries a bundled binary links that are neither in the bundle nor left to the system.

    PyInstaller leaves some libraries to the system on purpose (glibc, OpenGL,
    libxcb …: `dylib.include_library` says which); anything else must be in
    the folder, or the spec's trimming removed too much.
    """
    from PyInstaller.depend import dylib

    present = {p.name for p in folder.rglob("*")}
    problems = []
    for path in elf_files(folder):
        for name in needed(path):
            if name in present or _GLIBC.match(name) or not dylib.include_library(name):
                continue
            problems.append(f"{path.relative_to(folder)} → {name}")
    return problems


def system_libraries(folder: Path) -> list[str]:
    """The libraries (outside glibc) the bundle expects the system to provide."""
    present = {p.name for p in folder.rglob("*")}
    names = {n for path in elf_files(folder) for n in needed(path)}
    return sorted(n for n in names if n not in present and not _GLIBC.match(n))


def glibc_needed(folder: Path) -> tuple[str, list[str]]:
    """The newest GLIBC_x.y symbol version any bundled binary needs, and which files need it."""
    def key(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in v.split("."))

    by_file = {}
    for path in elf_files(folder):
        text = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        versions = re.findall(r"GLIBC_(\d+(?:\.\d+)+)", text)
        if versions:
            by_file[str(path.relative_to(folder))] = max(versions, key=key)
    if not by_file:
        return "", []
    newest = max(by_file.values(), key=key)
    return newest, sorted(f for f, v in by_file.items() if v == newest)


def check_linux_bundle(folder: Path) -> None:
    if not shutil.which("objdump"):
        print("objdump not found (binutils): skipping the library and glibc checks.")
        return
    problems = unresolved_links(folder)
    if problems:
        raise SystemExit("the bundle lacks libraries its binaries link:\n  " + "\n  ".join(problems))
    print("bundle libraries: every link resolves; left to the system: " + ", ".join(system_libraries(folder)))
    newest, files = glibc_needed(folder)
    print(f"bundle needs glibc >= {newest} (for {', '.join(files)})")


# ---------------------------------------------------------------------- self-test


def self_test(exe: Path, env: dict[str, str], folder: Path) -> dict:
    """Run ``exe --self-test RESULT`` and return its result file; stop the build unless all passed."""
    result = folder / f"{exe.stem}-selftest.json"
    done = subprocess.run([str(exe), "--self-test", str(result)], env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=900)
    try:
        report = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SystemExit(f"self-test failed: {exe.name} wrote no result (exit {done.returncode})\n"
                         f"{done.stdout}\n{done.stderr}") from None
    for check in report["checks"]:
        print(f"  [{check['status']}] {check['name']}: {check['detail']}")
    if not report["ok"] or done.returncode != 0:
        raise SystemExit(f"self-test failed: {exe.name} (exit {done.returncode})\n{done.stderr}")
    return report


def run_self_tests(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "XXH_DATA_DIR": data, "QT_QPA_PLATFORM": "offscreen"}
        for name in ("xxh-desktop", "xxh"):
            print(f"self-test: {name}{EXE_SUFFIX} --self-test")
            self_test(folder / f"{name}{EXE_SUFFIX}", env, Path(data))
        if os.environ.get("XXH_KEEP_SELFTEST"):
            shutil.copy(Path(data) / "xxh-desktop-selftest.png", os.environ["XXH_KEEP_SELFTEST"])
    print("self-test ok: both programs passed every check")


# ---------------------------------------------------------------------- installer


def find_iscc() -> str | None:
    """ISCC.exe: on PATH, in ISCC (an explicit path), or where Inno Setup installs by default."""
    if os.environ.get("ISCC"):
        return os.environ["ISCC"]
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs")):
        if base:
            candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def sign_options(env: Mapping[str, str] = os.environ) -> list[str]:
    """ISCC options that sign both programs, the installer and its uninstaller; [] (with a warning) unsigned."""
    command = (env.get(SIGN_ENV) or "").strip()
    if not command:
        print(f"WARNING: {SIGN_ENV} is not set: the programs and the installer are NOT signed. Unsigned "
              "programs are often quarantined by antivirus products and warned about by SmartScreen; "
              "see installer/README.md.")
        return []
    if "$f" not in command:
        raise SystemExit(f"{SIGN_ENV} must contain $f where the file to sign goes (Inno Setup's Sign Tool syntax).")
    if '"' in command:
        raise SystemExit(f'{SIGN_ENV}: write $q for each quote ("): ISCC takes the command on its command line.')
    return [f"/S{SIGN_TOOL_NAME}={command}", "/DXxhSign"]


def build_installer() -> None:
    iscc = find_iscc() if sys.platform == "win32" else None
    if iscc is None:
        print(f"Inno Setup {INNO_MIN_VERSION}+ (ISCC.exe) not found: skipping the installer; "
              "the folder dist/xxh-desktop is ready.")
        return
    subprocess.run([iscc, *sign_options(), str(ISS)], check=True)


def main() -> int:
    write_version_files()
    folder = freeze()
    size, files = folder_size(folder)
    print(f"bundle: {folder} is {size / 2**20:.0f} MB in {files} files")
    if sys.platform.startswith("linux"):
        check_linux_bundle(folder)
    run_self_tests(folder)
    build_installer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
