"""Every window and dialog of the program, opened one after another on demo data.

`scripts/screenshot.py` saves a picture of each (for the README, the manual
and anyone who wants to look); `python -m xxh_desktop.gui.tour --check` says
as JSON whether each fits the screen it opened on — the test of the 1366×728
laptop screen (and of 125 % / 150 % scaling) runs it on such a screen.

Each stop is shown at the size it opens with (dialogs as `exec()` would show
them, the main window maximized).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, Qt, QThread
from PySide6.QtWidgets import QApplication, QWidget

from ..demo import load_demo
from ..domain.fields import Side
from ..domain.stages import Stage
from ..workspace import Workspace
from .screen import FRAME, available

OFFICE_USER = "王静"
DEPARTMENT = "白塔畈镇人民政府"   # the demo unit with a draft 附件1 (JZ-2027-011) and 附件2 (CG-2026-006)


@dataclass
class Stop:
    name: str        # a file name: «01-主窗口-首页»
    widget: QWidget


def settle(rounds: int = 4) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def settle_for(ms: int) -> None:
    """Let work that Qt does on its own threads (QPdfView renders pages there) reach the screen."""
    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(20)


def prepare(folder: Path) -> tuple[Path, Path]:
    """An office machine and a department machine, both with the demo, the department with drafts."""
    office, unit = folder / "office.db", folder / "unit.db"
    for path in (office, unit):
        with Workspace.open(path) as ws:
            ws.user = OFFICE_USER
            load_demo(ws)
    with Workspace.open(unit) as ws:
        ws.settings.choose_side(Side.UNIT, DEPARTMENT)
        ws.user = "吴晓东"
        pid = ws.projects.get("JZ-2027-011").id
        form = {"project_name": ws.projects.get(pid).name, "contact": "吴晓东", "phone": "0564-7512345"}
        ws.drafts.save("declaration", pid, form)
        case = ws.procurements.get("CG-2026-006").id
        ws.drafts.save("procurement", case, {"applicant_unit": DEPARTMENT, "handler": "吴晓东", "items": []})
    return office, unit


def fits(widget: QWidget) -> bool:
    area = available(widget)
    if widget.isMaximized() or widget.isFullScreen() or widget.windowType() == Qt.WindowType.Popup:
        return area.contains(widget.geometry())
    frame = widget.frameGeometry()
    if frame.size() == widget.size():   # offscreen: no window manager, so count the frame ourselves
        frame.setSize(widget.size() + FRAME)
    return area.contains(frame)


def _show(widget: QWidget) -> QWidget:
    widget.show()
    settle()
    return widget


def tour(folder: Path, today: date | None = None) -> Iterator[Stop]:
    """The stops, in order; each widget is closed when the next one is asked for."""
    from .dialogs.about import AboutDialog
    from .dialogs.annual_plan import AnnualPlanDialog
    from .dialogs.first_start import FirstStartDialog
    from .dialogs.help import ManualDialog, RegulationDialog
    from .dialogs.print_preview import preview_dialog
    from .dialogs.refusal import RefusalDialog
    from .file_dialogs import make_dialog
    from .kanban.dialogs import MoveEventDialog, ReasonDialog, SideStateDialog
    from .main_window import MainWindow

    today = today or date.today()
    office_db, unit_db = prepare(folder)
    ws = Workspace.open(office_db)
    ws.user = OFFICE_USER
    window = MainWindow(ws, today=today)
    window.showMaximized()
    settle()
    window.wait_loaded()
    settle()
    for i, label in enumerate(("首页", "看板", "项目列表", "采购申报审核")):
        window.tabs.setCurrentIndex(i)
        settle()
        yield Stop(f"0{i + 1}-主窗口-{label}", window)
    reviewing = ws.projects.get("JZ-2027-001").id
    window.tabs.setCurrentWidget(window.board)
    window.open_project(reviewing)
    window.show_checklist()
    settle()
    yield Stop("05-主窗口-审核清单", window)
    window.detail_dock.raise_()
    settle()
    yield Stop("06-主窗口-项目详情", window)

    simple: list[tuple[str, Callable[[], QWidget]]] = [
        ("10-打印预览-附件1", lambda: preview_dialog(ws, "附件1", reviewing, window)),
        ("11-年度计划", lambda: AnnualPlanDialog(ws, window, year=2027)),
        ("12-不能移动阶段", lambda: RefusalDialog(
            "不能移动阶段", "JZ-2026-002「金寨县中小学校园安全视频联网平台」不能移至「终验」，原因如下：",
            _refusals(ws, "JZ-2026-002", Stage.FINAL_ACCEPTANCE, today), window)),
        ("13-移动阶段-记录事件", lambda: MoveEventDialog(
            "JZ-2027-002 移至「已批准·列入计划」", [_approval_event()], today, 2027, window)),
        ("14-设置状态", lambda: SideStateDialog("JZ-2027-004 设置状态", ("退回补充", "整改中", "不予批准"), today,
                                                window)),
        ("15-退回须写明理由", lambda: ReasonDialog("退回须写明理由", "将 JZ-2027-001 退回「已申报」。请写明理由：",
                                                   window)),
        ("16-使用说明", lambda: ManualDialog(window)),
        ("17-管理办法原文", lambda: _regulation(RegulationDialog(window))),
        ("18-关于", lambda: AboutDialog(str(ws.path), window)),
        ("19-选择文件", lambda: make_dialog(window, "从备份恢复", str(folder), "数据库备份 (*.db)")),
        ("20-本机身份设置", lambda: _settings(FirstStartDialog(ws.units.names(), offer_demo=False, parent=window))),
    ]
    for name, make in simple:
        widget = _show(make())
        if name.startswith("10-"):
            settle_for(1500)
        yield Stop(name, widget)
        widget.close()
    window.close()
    window.deleteLater()
    ws.close()

    dialog = _show(FirstStartDialog([], offer_demo=True))
    yield Stop("21-首次使用", dialog)
    dialog.close()
    yield from _accounts_stops(folder)

    unit_ws = Workspace.open(unit_db)
    unit_ws.user = "吴晓东"
    unit_window = MainWindow(unit_ws, today=today)
    unit_window.showMaximized()
    settle()
    unit_window.wait_loaded()
    unit_window.tabs.setCurrentWidget(unit_window.project_list)
    settle()
    yield Stop("30-单位-项目列表（含草稿）", unit_window)
    unit_window.tabs.setCurrentWidget(unit_window.procurement_review)
    settle()
    yield Stop("31-单位-采购申报（含草稿）", unit_window)
    editor = unit_window.editor_windows.open_declaration(unit_ws.projects.get("JZ-2027-011").id)
    settle()
    yield Stop("32-附件1-申报表编辑", editor)
    editor.close()
    editor = unit_window.editor_windows.open_procurement(unit_ws.procurements.get("CG-2026-006").id)
    settle()
    yield Stop("33-附件2-采购申报表编辑", editor)
    from .editors.common import BlankDateStarter

    popup = editor.ui.filledOnEdit.findChild(BlankDateStarter).open_calendar()
    settle()
    yield Stop("34-附件2-日期选择（打开在今天，未选不填）", popup)
    popup.close()
    editor.close()
    yield from _recycle_stops(unit_ws, unit_window)
    unit_window.close()
    unit_window.deleteLater()
    unit_ws.close()


def _recycle_stops(ws: Workspace, window: QWidget) -> Iterator[Stop]:
    """编辑 → 回收站: the Delete key's question, the 回收站 with a project and a 附件2 draft, and its
    question before a permanent delete."""
    from PySide6.QtWidgets import QMessageBox

    from .. import recycle
    from .dialogs.recycle_bin import RecycleBinDialog, purge_question
    from .recycle_actions import trash_question

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    pid = ws.projects.create("白塔畈镇智慧党建平台（重复录入）", DEPARTMENT, 2027)
    label = ws.projects.get(pid).label
    box = _show(QMessageBox(QMessageBox.Icon.Question, "移入回收站",
                            trash_question("项目", label, "白塔畈镇智慧党建平台（重复录入）"), buttons, window))
    yield Stop("35-移入回收站-确认", box)
    box.close()
    recycle.trash(ws, recycle.PROJECT, pid)
    case = ws.procurements.create(DEPARTMENT)
    recycle.trash(ws, recycle.PROCUREMENT, case)
    dialog = _show(RecycleBinDialog(ws, window))
    yield Stop("36-单位-回收站", dialog)
    item = dialog.current()
    assert item is not None
    box = _show(QMessageBox(QMessageBox.Icon.Question, "永久删除", purge_question(item), buttons, dialog))
    yield Stop("37-回收站-永久删除确认", box)
    box.close()
    dialog.close()


def _accounts_stops(folder: Path) -> Iterator[Stop]:
    """Sign-in, 账户管理, 审计日志 and 单位登记, on an office machine with accounts (PRODUCT.md §11)."""
    from .. import accounts
    from ..domain.accounts import Role
    from .dialogs.accounts import AccountsDialog
    from .dialogs.audit_viewer import AuditViewer
    from .dialogs.login import LoginDialog
    from .dialogs.unit_registration import UnitRegistrationDialog

    password = "Tour#Pass2027"
    with Workspace.open(folder / "accounts.db") as ws:
        ws.settings.choose_side(Side.OFFICE)
        accounts.create_account(ws, "guanli", "张管理", frozenset({Role.ADMIN}), password)
        ws.sign_in("guanli", password)
        accounts.create_account(ws, "shenji", "赵审计", frozenset({Role.AUDIT}), password)
        stops: list[tuple[str, Callable[[], QWidget]]] = [
            ("22-登录", lambda: LoginDialog(ws)),
            ("23-账户管理", lambda: AccountsDialog(ws)),
            ("24-单位登记", lambda: UnitRegistrationDialog(ws)),
        ]
        for name, make in stops:
            widget = _show(make())
            yield Stop(name, widget)
            widget.close()
        ws.sign_in("shenji", password)
        widget = _show(AuditViewer(ws))
        yield Stop("25-审计日志", widget)
        widget.close()
        ws.sign_out()


def _refusals(ws: Workspace, number: str, stage: Stage, on: date) -> list[str]:
    from ..lifecycle import check_move, load_facts

    pid = ws.projects.get(number).id
    return check_move(load_facts(ws, pid), stage, on, actor=ws.actor) or ["（此移动现在可以进行）"]


def _approval_event():
    from ..lifecycle import EVENTS

    return EVENTS[Stage.APPROVED]


def _regulation(dialog):
    dialog.show_article(17)
    dialog.search_edit.setText("试运行")
    return dialog


def _settings(dialog):
    dialog.setWindowTitle("本机身份设置")
    dialog.ui.unitRadio.setChecked(True)
    dialog.ui.unitCombo.setCurrentText(DEPARTMENT)
    return dialog


def main(argv: list[str]) -> int:
    """``python -m xxh_desktop.gui.tour --check``: one JSON line per stop, and whether it fits."""
    from .app import create_application

    create_application(argv[:1])
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for stop in tour(Path(tmp)):
            ok = fits(stop.widget)
            failures += not ok
            g, a = stop.widget.geometry(), available(stop.widget)
            print(json.dumps({"name": stop.name, "fits": ok, "size": [g.width(), g.height()],
                              "at": [g.x(), g.y()], "screen": [a.width(), a.height()]}, ensure_ascii=False),
                  flush=True)
    QApplication.processEvents()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
