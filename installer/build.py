"""Build the packaged app: version files → PyInstaller → smoke run → installer.

    python installer/build.py            # from the repository root, in .venv

1. Writes build/version_info.txt and installer/build-xxh-desktop.iss from
   their templates and the one version number, xxh_desktop.__version__ (the
   .iss sits beside its template because its paths are relative to it).
2. Freezes the app with PyInstaller (one folder: dist/xxh-desktop/).
3. Smoke-runs the result with a temporary data folder (as qutebrowser does
   before packaging): the frozen CLI's `init`, `demo`, `list`, `check` and
   `pdf` (fonts and reportlab work frozen), then the frozen window, started
   headless, must stay up without a traceback.
4. On Windows, with Inno Setup's ISCC.exe on PATH, builds
   dist/xxh-desktop-setup-<version>.exe.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(ROOT))

from xxh_desktop import __version__  # noqa: E402

VERSION_INFO = ROOT / "build" / "version_info.txt"
ISS = INSTALLER / "build-xxh-desktop.iss"
DIST = ROOT / "dist" / "xxh-desktop"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
GUI_SECONDS = 8  # how long the frozen window must stay up in the smoke run


def numeric_version(version: str = __version__) -> tuple[int, int, int]:
    """'0.1.0' → (0, 1, 0); '1.2rc1' → (1, 2, 0): Windows version resources take numbers only."""
    parts = [int(m.group()) if (m := re.match(r"\d+", p)) else 0 for p in version.split(".")[:3]]
    return tuple((parts + [0, 0, 0])[:3])  # type: ignore[return-value]


def render(template: str, out: Path, version: str = __version__, *, bom: bool = False) -> Path:
    """Fill ``{version}``, ``{v0}``, ``{v1}``, ``{v2}`` in installer/<template>, write `out`."""
    v0, v1, v2 = numeric_version(version)
    text = (INSTALLER / template).read_text(encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Inno Setup reads a script as UTF-8 only with a BOM (older 6.x releases
    # take a BOM-less file as the ANSI code page and garble the Chinese).
    out.write_text(text.format(version=version, v0=v0, v1=v1, v2=v2),
                   encoding="utf-8-sig" if bom else "utf-8")
    return out


def write_version_files(version_info: Path = VERSION_INFO, iss: Path = ISS,
                        version: str = __version__) -> tuple[Path, Path]:
    return (render("version_info.txt.in", version_info, version),
            render("xxh-desktop.iss.in", iss, version, bom=True))


def freeze() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(DIST.parent), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(INSTALLER / "xxh-desktop.spec")], check=True, cwd=ROOT)
    return DIST


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run_cli(exe: Path, args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"smoke run failed: xxh {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def set_role(db: Path) -> None:
    """Answer the first-start question (role) in the database the frozen CLI made.

    The CLI has no command for it, so the source tree's own settings API does
    it; the schema is the same because both come from this checkout.
    """
    from xxh_desktop import settings
    from xxh_desktop.workspace import Workspace

    ws = Workspace.open(db, create=False)
    try:
        settings.set_role(ws, settings.ROLE_OFFICE, "")
    finally:
        ws.close()


def smoke_gui(exe: Path, env: dict[str, str], seconds: float = GUI_SECONDS) -> str:
    """Start the frozen window headless; it must still run after `seconds`, with no traceback."""
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen([str(exe)], env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            time.sleep(seconds)
            code = proc.poll()
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        err.seek(0)
        stderr = err.read()
    if code is not None:
        raise SystemExit(f"smoke run failed: the frozen window exited with {code}\n{stderr}")
    if "Traceback" in stderr or "Fatal Python error" in stderr:
        raise SystemExit(f"smoke run failed: the frozen window wrote an error\n{stderr}")
    return stderr


def smoke_run(folder: Path) -> None:
    cli = folder / f"xxh{EXE_SUFFIX}"
    gui = folder / f"xxh-desktop{EXE_SUFFIX}"
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "XXH_DATA_DIR": data}
        env.pop("QT_QPA_PLATFORM", None)
        for args in (["init"], ["demo"]):
            run_cli(cli, args, env)
        listed = len(run_cli(cli, ["list"], env).splitlines())
        if listed < 30:
            raise SystemExit(f"smoke run failed: the frozen app listed {listed} demo projects")
        run_cli(cli, ["check"], env)
        pdf = Path(data) / "附件1.pdf"
        run_cli(cli, ["pdf", "JZ-2027-001", "--form", "附件1", "--out", str(pdf)], env)
        head = pdf.read_bytes()[:5] if pdf.is_file() else b""
        if head != b"%PDF-" or pdf.stat().st_size < 10_000:  # a font-less PDF would be tiny
            raise SystemExit(f"smoke run failed: no usable PDF at {pdf}")
        print(f"smoke run ok: {listed} demo projects listed, check passed, "
              f"附件1 PDF {pdf.stat().st_size // 1024} KB")
        if os.environ.get("XXH_KEEP_SMOKE_PDF"):
            shutil.copy(pdf, os.environ["XXH_KEEP_SMOKE_PDF"])
        set_role(Path(data) / "xxh.db")
        stderr = smoke_gui(gui, env)
        print(f"smoke run ok: the frozen window ran {GUI_SECONDS} s headless"
              + (f" (stderr: {stderr.strip()})" if stderr.strip() else ""))


def build_installer() -> None:
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    if sys.platform != "win32" or not iscc:
        print("Inno Setup (ISCC.exe) not found: skipping the installer; the folder dist/xxh-desktop is ready.")
        return
    languages = Path(iscc).parent / "Languages" / "ChineseSimplified.isl"
    if not languages.is_file():
        raise SystemExit(f"Inno Setup lacks {languages}: use Inno Setup 6.5 or later, or copy "
                         "ChineseSimplified.isl (jrsoftware.org/files/istrans/) there.")
    subprocess.run([iscc, str(ISS)], check=True)


def main() -> int:
    write_version_files()
    folder = freeze()
    print(f"bundle: {folder} is {folder_size(folder) / 2**20:.0f} MB")
    smoke_run(folder)
    build_installer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
