"""The window's interactions at scale, each beside its floor, in one fresh process.

    python gui_interact.py DB REPEAT      (DB is a scratch copy: the moves write to it)

Builds the real `MainWindow` on DB as the program does (`gui.app.create_application`,
`Workspace.open`, the reviewer signed in, `MainWindow(ws)`, shown maximised), waits until
its projects are shown,
then measures through the window's public widgets, signals and methods only:

- ``board_key``: one keystroke in the kanban's search box until the board is repainted;
- ``list_key``: the same in the project list's search box;
- ``board_unit``: choosing a unit in the kanban's unit filter (and back to 全部);
- ``detail``: selecting a project (``project_selected``) until the detail is repainted;
- ``refresh``: a stage move made on the board (建设实施 → 初验, and back with a reason)
  until every view shows it;

and the floors: ``query_text`` / ``query_unit``, a raw sqlite3 query for the same filter;
``query_detail``, a raw read of the project's rows; ``core_move``, the same moves through
the core alone before the window exists. A search box that waits for a pause in typing
is flushed through its ``apply_search_now()`` when it has one: the figure is the work a
keystroke causes, not the pause. One JSON line: lists of seconds, and notes.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QTabWidget, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, rss_mb, sign_in_as  # noqa: E402

from xxh_desktop.domain.accounts import Role  # noqa: E402
from xxh_desktop.domain.stages import Stage  # noqa: E402
from xxh_desktop.gui.app import create_application  # noqa: E402
from xxh_desktop.gui.main_window import MainWindow  # noqa: E402
from xxh_desktop.lifecycle import move_stage  # noqa: E402
from xxh_desktop.workspace import Workspace  # noqa: E402

TYPED = ("县", "教", "育")            # typed one at a time, then erased one at a time
MOVE_FROM, MOVE_TO = Stage.CONSTRUCTION, Stage.INITIAL_ACCEPTANCE
REASON = "性能测试：退回"

FILTER_SQL = ("SELECT p.id, p.number, p.name, u.name, p.stage FROM projects p JOIN units u ON u.id = p.unit_id "
              "WHERE p.number LIKE ?1 OR p.name LIKE ?1 OR u.name LIKE ?1 OR p.stage LIKE ?1")
UNIT_SQL = "SELECT p.id, p.number, p.name, p.stage FROM projects p JOIN units u ON u.id = p.unit_id WHERE u.name = ?"
DETAIL_SQL = ("SELECT * FROM projects WHERE id = ?1", "SELECT * FROM declarations WHERE project_id = ?1",
              "SELECT * FROM materials WHERE project_id = ?1", "SELECT * FROM stage_history WHERE project_id = ?1",
              "SELECT * FROM checklist_answers WHERE project_id = ?1")


WINDOW: list = []   # the window measured, once made: `settle` waits for its background work too


def settle(app: QApplication) -> None:
    """Deliver what is posted (the repaint included), as the event loop would right away, and wait
    for any work the window handed to its background operations (`ops.busy`, `ops.wait()`)."""
    app.sendPostedEvents()
    app.processEvents()
    ops = getattr(WINDOW[0], "ops", None) if WINDOW else None
    if ops is not None and ops.busy:
        ops.wait()
        app.sendPostedEvents()
        app.processEvents()


def measure(app: QApplication, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    settle(app)
    return time.perf_counter() - start


def refuse_dialogs() -> None:
    """A modal box would wait forever offscreen: any box the window opens fails the run instead."""
    def refuse(*args, **_kwargs):
        raise RuntimeError(f"the window asked: {args[1:3]}")

    for name in ("warning", "critical", "information", "question"):
        setattr(QMessageBox, name, refuse)
    from xxh_desktop.gui.dialogs.refusal import RefusalDialog   # a refused move: the rules' own box

    RefusalDialog.exec = lambda self: refuse(None, self.windowTitle(), "；".join(self.reasons))


def show_tab_of(tabs: QTabWidget, widget: QWidget) -> None:
    """Bring to front the tab that holds `widget` (whatever page it sits in)."""
    w: QWidget | None = widget
    while w is not None and tabs.indexOf(w) < 0:
        w = w.parentWidget()
    if w is not None:
        tabs.setCurrentWidget(w)


def ime_commit(edit: QLineEdit, text: str) -> None:
    """Chinese is typed through an input method, which commits each character to the box."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def type_keys(app: QApplication, edit: QLineEdit, owner: QWidget, repeat: int) -> list[float]:
    flush = getattr(owner, "apply_search_now", None)

    def key(action: Callable[[], None]) -> float:
        return measure(app, lambda: (action(), flush() if flush else None))

    samples = []
    for _ in range(repeat):
        for ch in TYPED:
            samples.append(key(lambda ch=ch: ime_commit(edit, ch)))
        for _ch in TYPED:
            samples.append(key(lambda: QTest.keyClick(edit, Qt.Key.Key_Backspace)))
    return samples


def sql_samples(db: Path, sql: str, params_list: list[tuple], repeat: int) -> list[float]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    samples = []
    for _ in range(repeat):
        for params in params_list:
            start = time.perf_counter()
            conn.execute(sql, params).fetchall()
            samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def detail_floor(db: Path, ids: list[str]) -> list[float]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    samples = []
    for pid in ids:
        start = time.perf_counter()
        for sql in DETAIL_SQL:
            conn.execute(sql, (pid,)).fetchall()
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def main(db: Path, repeat: int) -> dict:
    notes: list[str] = []
    refuse_dialogs()
    app = create_application(["xxh-desktop"])
    ws = Workspace.open(db)
    ws.user = "性能测试"
    sign_in_as(ws, Role.REVIEW)   # the reviewer: the office's stage moves are 审核's
    movable = [p.id for p in ws.projects.all() if p.stage == MOVE_FROM and not p.side_state]
    if len(movable) < 2 * repeat:
        raise SystemExit(f"need {2 * repeat} projects in {MOVE_FROM}, found {len(movable)}")
    core_ids, window_ids = movable[:repeat], movable[repeat:2 * repeat]
    today = date.today()

    # The floor of a move: the core alone, before any window listens.
    core_move = []
    for pid in core_ids:
        core_move.append(_timed(lambda: _ok(move_stage(ws, pid, MOVE_TO, on=today))))
        core_move.append(_timed(lambda: _ok(move_stage(ws, pid, MOVE_FROM, on=today, reason=REASON))))

    window = MainWindow(ws)
    WINDOW.append(window)
    window.showMaximized()
    if hasattr(window, "wait_loaded"):
        window.wait_loaded()
    settle(app)
    result: dict = {"rss_mb": rss_mb()}

    board = window.board
    show_tab_of(window.tabs, board)
    settle(app)
    result["board_key"] = type_keys(app, board.search_edit, board, repeat)
    units = getattr(board, "unit_combo", None)
    if units is not None and units.count() > 1:
        samples = []
        for n in range(repeat):
            samples.append(measure(app, lambda n=n: units.setCurrentIndex(1 + n % (units.count() - 1))))
            samples.append(measure(app, lambda: units.setCurrentIndex(0)))
        result["board_unit"] = samples
        chosen = [units.itemText(1 + n % (units.count() - 1)) for n in range(repeat)]
    else:
        notes.append("the board has no unit_combo: unit filter not measured")
        chosen = []

    list_edit = window.search_edit
    show_tab_of(window.tabs, list_edit)
    settle(app)
    owner = getattr(window, "project_list", window)
    result["list_key"] = type_keys(app, list_edit, owner, repeat)

    sample_ids = [p.id for p in ws.projects.all()[:: max(1, ws.projects.count() // repeat)]][:repeat]
    result["detail"] = [measure(app, lambda pid=pid: window.project_selected.emit(pid)) for pid in sample_ids]

    show_tab_of(window.tabs, board)
    settle(app)
    board.ask_reason = lambda _proj, _stage: REASON
    board.ask_event = lambda _proj, _stage, _events: (today, {})
    refresh = []
    for pid in window_ids:
        refresh.append(measure(app, lambda pid=pid: _moved(board.move_project(pid, MOVE_TO))))
        refresh.append(measure(app, lambda pid=pid: _moved(board.move_project(pid, MOVE_FROM))))
    result["refresh"] = refresh
    result["core_move"] = core_move

    texts = ["".join(TYPED[:k]) for k in range(1, len(TYPED) + 1)]
    text_params = [(f"%{t}%",) for t in texts + texts[-2::-1] + [""]]
    result["query_text"] = sql_samples(db, FILTER_SQL, text_params, repeat)
    if chosen:
        result["query_unit"] = sql_samples(db, UNIT_SQL, [(u,) for u in chosen], 2)
    result["query_detail"] = detail_floor(db, sample_ids)
    result["notes"] = notes
    result["hooks"] = {"apply_search_now": hasattr(board, "apply_search_now"),
                       "wait_loaded": hasattr(window, "wait_loaded")}
    window.close()
    ws.close()
    return result


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _ok(result) -> None:
    if not result.ok:
        raise RuntimeError(f"the core refused a benchmark move: {result.refusals}")


def _moved(done: bool) -> None:
    if not done:
        raise RuntimeError("the board did not move the project")


if __name__ == "__main__":
    emit(main(Path(sys.argv[1]), int(sys.argv[2])))
