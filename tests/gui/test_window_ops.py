"""The window's long actions run through gui/ops.py: the window stays free, the result is said,
and what they wrote is redrawn."""

from __future__ import annotations


import openpyxl
import pypdf
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from builders import new_project
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.paths import backups_dir


def window_for(qtbot, ws, monkeypatch) -> tuple[MainWindow, list[str]]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: said.append(text))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    return window, said


def test_demo_load_runs_in_the_background_and_the_views_follow(qtbot, ws, monkeypatch):
    window, _said = window_for(qtbot, ws, monkeypatch)
    running = window.window_actions.load_demo()
    assert window.ops.writing   # the window takes no other write meanwhile
    assert window.ops.wait(running)
    assert window.project_model.rowCount() == ws.projects.count() > 30
    assert window.board.model.total() == ws.projects.count()
    assert window.count_label.text() == f"项目：{ws.projects.count()} 个"
    assert "演示数据：本次新增" in window.statusBar().currentMessage()


def test_the_ledger_is_written_off_the_ui_thread(qtbot, demo_ws, monkeypatch, tmp_path):
    from xxh_desktop.gui.window_actions import export_ledger

    window, said = window_for(qtbot, demo_ws, monkeypatch)
    out = tmp_path / "台账.xlsx"
    running = export_ledger(window, out)
    assert not window.ops.writing   # a read: the window stays free
    assert window.ops.wait(running)
    assert said and str(out) in said[0]
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row > demo_ws.projects.count()


def test_batch_print_runs_on_the_worker_as_one_job(qtbot, ws, monkeypatch, tmp_path):
    window, said = window_for(qtbot, ws, monkeypatch)
    ids = [new_project(ws, f"项目{i}", "县教育体育局", 2027) for i in range(2)]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "batch.pdf"
    printer.setOutputFileName(str(out))
    running = window.print_actions.batch_print("附件1", ids, printer)
    assert window.ops.wait(running)
    assert said and said[0].startswith("已打印 2 个项目")
    assert len(pypdf.PdfReader(out).pages) == 2


def test_backup_and_the_backup_at_close(qtbot, ws, monkeypatch, tmp_path):
    window, said = window_for(qtbot, ws, monkeypatch)
    running = window.window_actions.backup_to(tmp_path)
    assert window.ops.wait(running)
    copies = list(tmp_path.glob("xxh-backup-*.db"))
    assert len(copies) == 1 and str(copies[0]) in said[0]
    # Closing: a quick check, a backup on the worker, then the window closes.
    window.backup_on_close = True
    window.show()
    window.close()
    assert window.isVisible()   # not yet: the backup runs first
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert window.close_backup_done
    assert list(backups_dir(ws.path).glob("auto-*-on-close.db"))


def test_restore_swaps_the_file_and_asks_for_a_new_window(qtbot, tmp_path, monkeypatch):
    from xxh_desktop.domain.fields import Side
    from xxh_desktop.workspace import Workspace

    ws = Workspace.open(tmp_path / "ws.db")
    ws.settings.choose_side(Side.OFFICE)
    window, said = window_for(qtbot, ws, monkeypatch)
    (tmp_path / "copies").mkdir()
    running = window.window_actions.backup_to(tmp_path / "copies")
    assert window.ops.wait(running)
    [copy] = list((tmp_path / "copies").glob("*.db"))
    new_project(ws, "备份之后的项目", "县教育体育局", 2027)
    window.show()
    running = window.window_actions.restore_from(copy)
    assert ws.closed   # the window let go of the file
    assert window.ops.wait(running)
    assert window.restart_requested and not window.isVisible()
    assert "已从备份恢复" in said[-1]
    with Workspace.open(tmp_path / "ws.db") as again:
        assert again.projects.count() == 0   # the project made after the backup is gone


def test_the_signed_in_administrator_restores_a_database_with_accounts(qtbot, tmp_path, monkeypatch):
    # Every real office has accounts: the window restores as the person signed in to it.
    from accounts_support import FULL_NAMES, one_per_role, sign_in_as
    from xxh_desktop.domain.accounts import Role
    from xxh_desktop.domain.fields import Side
    from xxh_desktop.workspace import Workspace

    ws = Workspace.open(tmp_path / "ws.db")
    ws.settings.choose_side(Side.OFFICE)
    sign_in_as(one_per_role(ws), Role.ADMIN)
    window, said = window_for(qtbot, ws, monkeypatch)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: said.append(text))
    (tmp_path / "copies").mkdir()
    assert window.ops.wait(window.window_actions.backup_to(tmp_path / "copies"))
    [copy] = list((tmp_path / "copies").glob("*.db"))
    window.show()
    assert window.ops.wait(window.window_actions.restore_from(copy))
    assert "已从备份恢复" in said[-1]
    with Workspace.open(tmp_path / "ws.db") as again:
        restored = [e for e in sign_in_as(again, Role.AUDIT).audit_log.entries() if e.action == "恢复备份"]
        assert restored[-1].who == FULL_NAMES[Role.ADMIN]
