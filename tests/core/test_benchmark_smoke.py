"""benchmarks/run.py still runs end to end and reports every figure as numbers (no timing is judged here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {"demo", "start", "start_dialog", "start_loaded", "board_key", "board_unit", "list_key", "refresh", "detail", "rss",
           "pdf_signed_in", "pdf_reportlab", "pdf_inprocess", "ledger", "import"}
WITH_FLOOR = FIGURES - {"demo"}


def test_the_benchmark_reports_every_figure_with_its_floor(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--projects", "200", "--repeat", "1",
         "--import-projects", "3", "--no-libreoffice", "--json", str(out)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=300)
    # Exit 1 only says a target was missed (speed is not judged in tests); a crash writes no JSON.
    assert done.returncode in (0, 1) and out.exists(), done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = {f["key"]: f for f in report["figures"]}
    assert set(figures) == FIGURES
    for key, f in figures.items():
        assert isinstance(f["ours"], float) and f["ours"] > 0, key
        assert f["samples"] >= 1 and f["target"], key
        if key in WITH_FLOOR:
            assert isinstance(f["floor"], float) and f["floor"] > 0 and f["floor_name"], key
            assert f["ratio"] == f["ours"] / f["floor"], key
        assert f["passed"] in (True, False, None), key
    assert report["projects"] == 200 and report["import"]["attachments"] == 15
    assert "LibreOffice not measured: --no-libreoffice" in figures["pdf_reportlab"]["note"]
    for f in figures.values():   # the printed table has a line per figure
        assert f["figure"] in done.stdout


def test_the_measured_processes_run_the_program_as_installed_bytecode_only(tmp_path: Path,
                                                                             monkeypatch) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    monkeypatch.setenv("PYTHONPATH", "")
    try:
        from common import child_env, install_program
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    program = install_program(tmp_path)
    package = program / "xxh_desktop"
    assert not list(package.rglob("*.py"))
    assert (package / "gui" / "app.pyc").exists() and (program / "resources" / "icons").is_dir()
    done = subprocess.run([sys.executable, "-c", "import xxh_desktop.resources as r, xxh_desktop.gui.app;"
                           "print(r.__file__); print(r.resource_path('icons', 'xxh.png').is_file())"],
                          capture_output=True, text=True, env=child_env(), cwd=tmp_path, timeout=120)
    assert done.stdout.split() == [str(package / "resources.pyc"), "True"], done.stderr[-2000:]
