"""gui/ops.py: work on a worker thread with its own connection; results, errors and 取消 back on the
UI thread; what the worker wrote reaches the views; one writer at a time."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QWidget

from builders import as_unit, new_project, seeded
from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.ops import Cancelled, Op, Operations
from xxh_desktop.gui.refresh import ChangeHub
from xxh_desktop.storage.changes import Area


def make_ops(qtbot, ws):
    host = QWidget()
    qtbot.addWidget(host)
    hub = ChangeHub(ws, host)
    return Operations(ws, host, hub.publish), hub


def test_work_runs_off_the_ui_thread_on_its_own_connection(qtbot, ws):
    ops, _hub = make_ops(qtbot, ws)
    new_project(ws, "智慧教育云平台", "县教育体育局", 2027)
    seen = {}

    def work(worker_ws, progress):
        seen["thread"] = QThread.currentThread()
        seen["own connection"] = worker_ws is not ws and worker_ws.database.conn is not ws.database.conn
        progress(1, 2, "读取中")
        return worker_ws.projects.count()

    done = []
    running = ops.run(Op("读取", work, on_done=done.append))
    assert ops.wait(running)
    assert done == [1]
    assert seen["thread"] is not QThread.currentThread()
    assert seen["own connection"]
    assert not ops.busy


def test_a_write_on_the_worker_reaches_the_views_through_the_hub(qtbot, ws):
    ops, hub = make_ops(qtbot, ws)
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027)
    heard = []
    hub.changed.connect(heard.append)

    def work(worker_ws, _progress):
        with seeded(worker_ws):
            worker_ws.projects.update(pid, {"responsible_person": "张三"})

    running = ops.run(Op("写入", work, writes=True))
    assert ops.writing
    assert ops.wait(running)
    assert not ops.writing
    assert heard and pid in heard[-1].projects and Area.PROJECT in heard[-1].areas
    assert ws.projects.get(pid).responsible_person == "张三"   # the window's connection sees it


def test_a_failure_is_said_in_chinese_and_nothing_is_half_written(qtbot, ws, monkeypatch):
    ops, _hub = make_ops(qtbot, ws)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))

    def work(worker_ws, _progress):
        with worker_ws.transaction():
            worker_ws.settings.choose_side(Side.UNIT, "县教育体育局")
            raise OSError(28, "No space left on device")

    running = ops.run(Op("保存", work, writes=True))
    assert ops.wait(running)
    assert isinstance(running.error, OSError)
    assert shown and shown[0][0] == "保存未完成"
    assert ws.settings.side == Side.OFFICE   # rolled back with its transaction


def test_cancel_stops_the_work_at_its_next_step_and_rolls_back(qtbot, ws):
    ops, _hub = make_ops(qtbot, ws)
    started, release = threading.Event(), threading.Event()
    cancelled = []

    def work(worker_ws, progress):
        with worker_ws.transaction(), as_unit(worker_ws, "县教育体育局"):
            for i in range(100):
                worker_ws.projects.create(f"项目{i}", "县教育体育局", 2027)
                started.set()
                release.wait(5)
                progress(i, 100)   # raises Cancelled once 取消 was pressed

    running = ops.run(Op("批量新建", work, writes=True, cancellable=True, on_cancelled=lambda: cancelled.append(1)))
    assert started.wait(5)
    running.dialog.canceled.emit()   # the dialog's 取消 button
    release.set()
    assert ops.wait(running)
    assert isinstance(running.error, Cancelled) and cancelled == [1]
    assert ws.projects.count() == 0  # the transaction rolled back whole


def test_operations_run_one_at_a_time(qtbot, ws):
    ops, _hub = make_ops(qtbot, ws)
    order = []
    gate = threading.Event()

    def first(_ws, _p):
        order.append("first begins")
        gate.wait(5)
        order.append("first ends")

    def second(_ws, _p):
        order.append("second")

    a = ops.run(Op("一", first, writes=True))
    b = ops.run(Op("二", second, writes=True))
    gate.set()
    assert ops.wait(a) and ops.wait(b)
    assert order == ["first begins", "first ends", "second"]


def test_an_editor_autosave_waits_while_an_operation_writes(qtbot, ws):
    from xxh_desktop.gui.main_window import MainWindow

    ws.settings.choose_side(Side.UNIT, "县教育体育局")
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    editor = window.editor_windows.open_declaration(pid)
    gate = threading.Event()
    running = window.ops.run(Op("写入", lambda _ws, _p: gate.wait(5), writes=True))
    editor.ui.leaderEdit.setText("王五")
    editor.save_draft_now()
    assert ws.drafts.latest("declaration", pid) is None   # not written meanwhile …
    assert editor.autosaver.pending                        # … but kept for later
    gate.set()
    assert window.ops.wait(running)
    editor.autosaver.flush()
    assert ws.drafts.latest("declaration", pid).form["leader"] == "王五"


def test_the_worker_writes_as_the_person_signed_in_at_the_window(qtbot, ws):
    """With accounts (PRODUCT.md §11) the worker's own connection acts as the same person: the same
    roles let the write through, the audit log names the same person."""
    from accounts_support import FULL_NAMES, one_per_role, sign_in_as
    from xxh_desktop.domain.accounts import Role

    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027, stage="审核中")
    one_per_role(ws)
    sign_in_as(ws, Role.REVIEW)
    ops, _hub = make_ops(qtbot, ws)

    def work(worker_ws, _progress):
        from xxh_desktop import lifecycle

        return lifecycle.set_side_state(worker_ws, pid, "退回补充", reason="材料不全", supply_list="项目概算")

    running = ops.run(Op("退回补充", work, writes=True))
    assert ops.wait(running)
    assert running.result.ok, running.result.refusals
    assert ws.projects.get(pid).side_state == "退回补充"
    assert ws.history.list(pid)[-1].by == FULL_NAMES[Role.REVIEW]


def test_an_operation_ending_inside_its_own_progress_report_keeps_the_dialog_until_the_report_returns(
        qtbot, ws, monkeypatch):
    """A modal QProgressDialog.setValue runs the event loop: the operation's end (and a nested report)
    may be delivered inside it; the dialog is let go only when the outermost report has returned."""
    from PySide6.QtWidgets import QProgressDialog

    ops, _hub = make_ops(qtbot, ws)
    gate = threading.Event()
    running = ops.run(Op("写入", lambda _ws, _p: gate.wait(5), writes=True))
    dialog = running.dialog
    seen = []
    real = QProgressDialog.setValue

    def set_value(self, value):
        if value == 1:
            running._on_progress(2, 3, "")          # a nested report …
            running._on_finished(None, running.op.changes)   # … and the end, inside the outer report
            seen.append(running.dialog is dialog)
        real(self, value)

    monkeypatch.setattr(QProgressDialog, "setValue", set_value)
    running._on_progress(1, 3, "")
    assert seen == [True]                  # still held while the outer setValue ran
    assert running.done and running.dialog is None and running not in ops.running
    gate.set()
    ops.pool.waitForDone(5000)
