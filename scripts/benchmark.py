"""Measure what a clerk waits for, at the scale of a whole county and more.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/benchmark.py [N]

Speed is measured here, never asserted in tests (machines are noisy). Each
line is the best of three runs, in milliseconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from xxh_desktop import settings
from xxh_desktop.demo import load_demo
from xxh_desktop.exchange.export import export_package
from xxh_desktop.exchange.importer import apply_import, preview_import
from xxh_desktop.printing.registry import render_form
from xxh_desktop.workspace import Workspace


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = Workspace.open(folder / "big.db")
        settings.set_role(ws, settings.ROLE_OFFICE)
        start = time.perf_counter()
        load_demo(ws, extra_projects=n)
        rows = [("load demo + synthetic projects", (time.perf_counter() - start) * 1000, f"{n} projects")]
        rows.append(("list_projects()", best_of(ws.list_projects), f"{ws.project_count()} rows"))
        rows.append(("check()", best_of(ws.check, 1), "integrity, SM3 of attachments, audit chain"))
        rows.append(("附件1 PDF", best_of(lambda: render_form(ws, "附件1", "JZ-2027-001")), "one page"))
        rows.append(("附件2 PDF", best_of(lambda: render_form(ws, "附件2", "CG-2026-002")), "9 items, 2 pages"))

        from PySide6.QtWidgets import QApplication

        from xxh_desktop.gui.kanban import KanbanBoard
        from xxh_desktop.gui.main_window import MainWindow

        app = QApplication.instance() or QApplication(sys.argv[:1])
        board = KanbanBoard(ws)
        rows.append(("kanban reload", best_of(lambda: (board.reload(), app.processEvents())), "all columns"))
        MainWindow(ws, settings.ROLE_OFFICE).close()  # the first one also imports every feature
        rows.append(("main window open", best_of(lambda: MainWindow(ws, settings.ROLE_OFFICE).close()), "every tab and dock"))

        dept = Workspace.open(folder / "dept.db")
        settings.set_role(dept, settings.ROLE_UNIT, "县数据资源管理局")
        load_demo(dept)
        numbers = [r.number for r in dept.list_projects(unit="县数据资源管理局")]
        out = folder / "send.xxh"
        rows.append(("export .xxh", best_of(lambda: export_package(dept, numbers, out), 1), f"{len(numbers)} projects"))
        office = Workspace.open(folder / "office.db")
        settings.set_role(office, settings.ROLE_OFFICE)
        start = time.perf_counter()
        apply_import(office, preview_import(office, out, accept_new_key=True))
        rows.append(("preview + import .xxh", (time.perf_counter() - start) * 1000, "with automatic backup"))
        for w in (ws, dept, office):
            w.close()
    width = max(len(r[0]) for r in rows)
    for name, ms, note in rows:
        print(f"{name:<{width}}  {ms:9.1f} ms  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
