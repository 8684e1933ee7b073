"""Build the packaged app: version files → PyInstaller → smoke run → installer.

    python installer/build.py            # from the repository root, in .venv

1. Writes build/version_info.txt and build/xxh-desktop.iss from their
   templates and the one version number, xxh_desktop.__version__.
2. Freezes the app with PyInstaller (one folder: dist/xxh-desktop/).
3. Smoke-runs the frozen CLI with a temporary data folder: `init`, `demo`,
   `list`, `check` must succeed (as qutebrowser does before packaging).
4. On Windows, with Inno Setup's ISCC.exe on PATH, builds
   dist/xxh-desktop-setup-<version>.exe.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xxh_desktop import __version__  # noqa: E402


def render(template: str, out: Path) -> None:
    v = (__version__.split(".") + ["0", "0"])[:3]
    text = (ROOT / "installer" / template).read_text(encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.format(version=__version__, v0=v[0], v1=v[1], v2=v[2]), encoding="utf-8")


def write_version_files() -> None:
    render("version_info.txt.in", ROOT / "build" / "version_info.txt")
    render("xxh-desktop.iss.in", ROOT / "installer" / "build-xxh-desktop.iss")


def freeze() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "installer" / "xxh-desktop.spec")], check=True, cwd=ROOT)
    return ROOT / "dist" / "xxh-desktop"


def smoke_run(folder: Path) -> None:
    exe = folder / ("xxh.exe" if sys.platform == "win32" else "xxh")
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "XXH_DATA_DIR": data}
        listed = 0
        for args in (["init"], ["demo"], ["list"], ["check"]):
            result = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                                    encoding="utf-8", timeout=300)
            if result.returncode != 0:
                raise SystemExit(f"smoke run failed: xxh {' '.join(args)}\n{result.stderr}")
            if args == ["list"]:
                listed = len(result.stdout.splitlines())
        if listed < 30:
            raise SystemExit(f"smoke run failed: the frozen app listed {listed} demo projects")
        print(f"smoke run ok: {listed} demo projects listed, check passed")


def build_installer() -> None:
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    if sys.platform != "win32" or not iscc:
        print("Inno Setup (ISCC.exe) not found: skipping the installer; the folder dist/xxh-desktop is ready.")
        return
    subprocess.run([iscc, str(ROOT / "installer" / "build-xxh-desktop.iss")], check=True)


def main() -> int:
    write_version_files()
    folder = freeze()
    smoke_run(folder)
    build_installer()
    return 0


if __name__ == "__main__":
    sys.exit(main())
