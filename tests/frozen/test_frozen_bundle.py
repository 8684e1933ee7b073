"""The frozen Linux bundle, built by installer/build.py, passes its self-test and is trimmed.

build.py itself stops unless `xxh-desktop --self-test` and `xxh --self-test`
pass in the bundle; this test runs it, then runs the frozen CLI's self-test
once more and looks at what the folder holds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "xxh-desktop"


@pytest.fixture(scope="module")
def bundle() -> Path:
    assert importlib.util.find_spec("PyInstaller") is not None, \
        "PyInstaller is not installed: .venv/bin/pip install pyinstaller"
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py")], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=1800)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "self-test ok: both programs passed every check" in done.stdout
    return BUNDLE


def test_the_frozen_cli_and_window_pass_their_self_test(bundle: Path, tmp_path: Path) -> None:
    result = tmp_path / "selftest.json"
    env = {**os.environ, "XXH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([str(bundle / "xxh"), "--self-test", str(result)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["frozen"] is True and report["ok"] is True
    checks = {c["name"]: c["detail"] for c in report["checks"]}
    assert "程序自带 AR PL UMing" in checks["PDF 字体与字形"]      # the bundled font works on its own
    assert "窗口程序：主窗口" in checks and "窗口程序：PDF 预览（QtPdf）" in checks
    assert not (tmp_path / "data" / "xxh.db").exists()


def test_the_bundle_leaves_out_what_is_never_loaded(bundle: Path) -> None:
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    internal = "_internal/"
    assert not any(f.startswith((internal + "PIL/", internal + "pillow.libs/")) for f in files)
    for gone in ("PySide6/QtOpenGL.abi3.so", "PySide6/QtDBus.abi3.so",
                 "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "libcairo.so.2", "libpango-1.0.so.0"):
        assert internal + gone not in files
    for folder in ("imageformats", "tls", "networkinformation", "generic"):
        assert not any(f.startswith(f"{internal}PySide6/Qt/plugins/{folder}/") for f in files)
    # and keeps what the window needs
    for kept in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                 "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
                 "PySide6/Qt/translations/qtbase_zh_CN.qm", "resources/fonts/uming.ttc",
                 "resources/fonts/arphic-uming/copyright",
                 "PySide6/Qt/lib/libQt6OpenGL.so.6"):       # QtCharts links it
        assert internal + kept in files
    size = sum((bundle / f).stat().st_size for f in files if not (bundle / f).is_symlink())
    assert size < 190 * 2**20, f"{size / 2**20:.0f} MB: something big crept back in"
