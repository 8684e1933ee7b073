"""The main window: menus, the tabs (首页, 看板, 项目列表, 采购申报), the docks, and how they stay current.

Start-up reads the projects once (`overview.snapshot`) for every view — on a
worker thread after the first paint when there are many — and from then on
each view redraws only what a write changed: the `ChangeHub` passes on the
core's `Changes` after every commit, from any widget or operation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from .. import overview
from ..domain.fields import Side
from ..storage.changes import Changes
from ..workspace import Workspace
from .first_paint import AfterFirstPaint
from .models.procurement_review_model import Cases, read_cases
from .ops import Op, Operations, error_text
from .refresh import ChangeHub
from .screen import fit_to_screen, is_compact
from .title import APP_TITLE
from .undo import MoveHistory
from .widgets.dashboard import TOP_UNITS
from .window_tabs import build_tabs, build_views
from .plain_text import plain_message

if TYPE_CHECKING:
    from .kanban.board import KanbanBoard
    from .widgets.procurement_review import ProcurementReviewWidget
    from .widgets.project_list import ProjectList

MENU_NAMES = ("文件", "编辑", "项目", "审核", "打印", "工具", "帮助")
# Up to this many projects the first read is done before the window shows (a blink);
# beyond it, on a worker thread after the first paint.
READ_BEFORE_SHOW = 1500
DOCK_WIDTH, COMPACT_DOCK_WIDTH = 420, 330


class MainWindow(QMainWindow):
    project_selected = Signal(str)
    loaded = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, backup_on_close: bool = False,
                 today: date | None = None, load: bool = True) -> None:
        """`load=False`: built without reading the projects; `start_loading` reads them (the
        program builds its window while the sign-in is asked, and reads once someone signed in)."""
        super().__init__(parent)
        self.ws = ws
        self.today = today or date.today()
        self.role = ws.settings.side or Side.OFFICE
        self.unit = ws.settings.unit
        # What the window shows follows this machine's side (PRODUCT.md §1); the core
        # refuses the other side's writes whatever the window shows (authority.py).
        self.is_office = self.role == Side.OFFICE
        self.backup_on_close = backup_on_close
        self.restart_requested = False
        self.close_backup_done = False   # the backup at close was made (or tried and said why not)
        self._closing = False
        self._pending: list[Changes] = []
        self.is_loaded = False
        self.setWindowTitle(window_title(self.role, self.unit))
        fit_to_screen(self, 1366, 768)

        self.hub = ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)
        self.hub.reader = self._read_all_again
        self.ops = Operations(ws, self, self.hub.publish)
        self.moves = MoveHistory(self)

        self.menus: dict[str, QMenu] = {name: self.menuBar().addMenu(name) for name in MENU_NAMES}
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._install_status_bar()
        build_tabs(self)   # 首页, the docks, the tab bar, and their wiring
        self._install_actions()
        self._docks_sized = False
        if load:
            self.start_loading()

    # ------------------------------------------------------------------ the views made later

    def set_views(self, board: KanbanBoard, project_list: ProjectList,
                  procurement_review: ProcurementReviewWidget) -> None:
        self._board, self._project_list, self._procurement_review = board, project_list, procurement_review

    @property
    def board(self) -> KanbanBoard:
        build_views(self)
        return self._board

    @property
    def project_list(self) -> ProjectList:
        build_views(self)
        return self._project_list

    @property
    def procurement_review(self) -> ProcurementReviewWidget:
        build_views(self)
        return self._procurement_review

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._docks_sized:
            # Docks take their width once the window has its size: the board keeps six columns at 1366.
            self._docks_sized = True
            width = COMPACT_DOCK_WIDTH if is_compact(self) else DOCK_WIDTH
            QTimer.singleShot(0, self, lambda: self.resizeDocks([self.detail_dock], [width],
                                                                  Qt.Orientation.Horizontal))

    # ------------------------------------------------------------------ the first read

    def start_loading(self) -> None:
        count = self.ws.projects.count()   # a scan of the projects: once
        self._update_status(count)
        if count <= READ_BEFORE_SHOW:
            build_views(self)
            self._apply_snapshot(self._read(self.ws))
            return
        self.loading_label.setText(f"正在读取 {count} 个项目…")
        self._first_paint = AfterFirstPaint(self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self._read_in_background()
        build_views(self)   # while the worker reads: they are filled when the read is done

    def _read_all_again(self) -> bool:
        """A change too wide to follow project by project (an import, a setting every card
        depends on): with many projects, one read on the worker for every view (coalesced)."""
        if self.ws.projects.count() <= READ_BEFORE_SHOW:
            return False
        if self.is_loaded:
            self.is_loaded = False   # changes meanwhile wait for the read (`_pending`)
            self.loading_label.setText("正在重新读取项目…")
            QTimer.singleShot(0, self, self._read_in_background)
        return True

    def _read(self, ws: Workspace) -> tuple[overview.Snapshot, Cases]:
        """What every view shows; `ws` is the worker's own when read off the UI thread."""
        return (overview.snapshot(ws, self.today, top_units=TOP_UNITS),
                read_cases(ws, drafts=not self.is_office))

    def _read_in_background(self) -> None:
        self.ops.run(Op("读取项目", lambda ws, _p: self._read(ws),
                        on_done=self._apply_snapshot, on_error=self._on_read_failed, quiet=True))

    def _on_read_failed(self, exc: BaseException) -> None:
        self.is_loaded = True   # later changes still redraw what they touch; F5 tries the read again
        self._pending.clear()
        self.loading_label.setText("读取项目未完成，按 F5 重试")
        QMessageBox.warning(self, "读取项目未完成", plain_message(error_text(exc)))

    def _apply_snapshot(self, read: tuple[overview.Snapshot, Cases]) -> None:
        snap, cases = read
        self.project_list.load(snap.summaries)
        self.procurement_review.load(cases)
        self.board.load(snap.cards, snap.escalations)
        self.dashboard.load(snap.watched, snap.escalations, snap.sums, snap.late)
        self.is_loaded = True
        self.loading_label.clear()
        self._update_status()
        # Writes made while the projects were being read: redraw those projects now.
        pending, self._pending = self._pending, []
        for changes in pending:
            self.hub.publish(changes)
        self.loaded.emit()

    def wait_loaded(self, timeout_ms: int = 60_000) -> bool:
        """For tests and scripts: until the first read has reached every view."""
        deadline = QDeadlineTimer(timeout_ms)
        while not self.is_loaded and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            self.ops.pool.waitForDone(10)
        return self.is_loaded

    # ------------------------------------------------------------------ changes

    def _on_changes(self, changes: Changes) -> None:
        if not self.is_loaded:
            self._pending.append(changes)
            return
        self._update_status()
        self.edit_actions.update_undo()

    def refresh(self) -> None:
        """F5: read everything again (after work outside this window, e.g. the CLI)."""
        self.procurement_review.refresh()
        self.detail.reload()
        if self.is_office:
            self.checklist_panel.refresh()
        if self._read_all_again():   # many projects: on the worker
            return
        current = self.current_project_id()
        self.project_list.reload()
        self.board.reload()
        self.dashboard.reload()
        if current:
            self.project_list.select_project(current, emit=False)
        self._update_status()
        self.statusBar().showMessage("已刷新。", 3000)

    def apply_identity(self) -> None:
        """本机身份设置 changed this machine's side or unit: the window follows at once — title,
        the side's menus and docks, the lists (window_tabs.show_side), every view read again.
        The caller closes the editors before the change (their drafts are written as the old side)."""
        from .window_tabs import show_side

        self.role = self.ws.settings.side or Side.OFFICE
        self.unit = self.ws.settings.unit
        self.is_office = self.role == Side.OFFICE
        self.setWindowTitle(window_title(self.role, self.unit))
        show_side(self)
        self.refresh()

    # ------------------------------------------------------------------ status bar

    def _install_status_bar(self) -> None:
        self.db_label = QLabel(f"数据库：{self.ws.path}", self)
        self.loading_label = QLabel(self)
        self.count_label = QLabel(self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.loading_label)
        self.statusBar().addPermanentWidget(self.count_label)

    def _update_status(self, count: int | None = None) -> None:
        self.count_label.setText(f"项目：{self.ws.projects.count() if count is None else count} 个")

    # ------------------------------------------------------------------ the project list's selection

    @property
    def project_model(self):
        return self.project_list.model

    @property
    def project_view(self):
        return self.project_list.view

    @property
    def search_edit(self):
        return self.project_list.search_edit

    def current_project_id(self) -> str | None:
        """The project the clerk is working on: the board's card on the 看板 tab, else the list's row."""
        if self.tabs.currentWidget() is self.board:
            pid = self.board.current_project_id()
            if pid:
                return pid
        return self.project_list.current_project_id() or self.detail.project_id

    def selected_project_ids(self) -> list[str]:
        return self.project_list.selected_project_ids()

    def select_project(self, project_id: str) -> None:
        """Show a project in the list (e.g. when the dashboard opens one)."""
        if self.project_list.select_project(project_id, emit=False):
            self.project_selected.emit(project_id)

    def open_project(self, project_id: str) -> None:
        """Show one project: selected in the list and on the board, its detail raised."""
        self.select_project(project_id)
        self.board.select_project(project_id)
        self.detail.set_project(project_id)
        self.detail_dock.show()
        self.detail_dock.raise_()

    def show_checklist(self) -> None:
        """审核 → 审核清单 (Ctrl+R): the dock on the current project, keyboard in the items."""
        panel = self.checklist_panel
        panel.set_project(self.current_project_id())
        panel.show()
        panel.raise_()
        panel.view.setFocus()

    # ------------------------------------------------------------------ actions

    def add_action(self, menu: str, text: str, slot, shortcut: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(shortcut)
            action.setToolTip(f"{text}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）")
        action.triggered.connect(slot)
        self.menus[menu].addAction(action)
        return action

    def _install_actions(self) -> None:
        from .actions import install_actions

        install_actions(self)

    def show_error(self, exc: Exception, title: str = "操作未完成") -> None:
        QMessageBox.warning(self, title, plain_message(str(exc)))

    def open_exchange_file(self, path: Path) -> None:
        """Open a .xxh file's import preview (``xxh-desktop F.xxh``, double-click)."""
        from .dialogs.import_preview import open_import_preview

        # An editor left open would save its older copy over what the import brings:
        # its typing is kept as a draft, and reopening it shows the imported record.
        self.editor_windows.close_all()
        open_import_preview(self.ws, path, self, self.ops)

    # ------------------------------------------------------------------ closing

    def request_restart(self) -> None:
        """Close and open again on the same file (after a restore)."""
        self.restart_requested = True
        self.backup_on_close = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            super().closeEvent(event)
            return
        self.editor_windows.close_all()   # each editor writes its pending draft first
        self.ops.wait(quiet_only=True)    # the window's own first read finishes (a read: moments)
        if self.ops.busy:
            QMessageBox.information(self, "请稍候", "还有操作正在进行（见进度窗口），完成后再关闭。")
            event.ignore()
            return
        if self.backup_on_close and not self.ws.closed and not self.ws.database.quick_check():
            # Anki's order: a quick check, a backup, then close — the backup off the UI thread.
            event.ignore()
            self.backup_on_close = False
            self.close_backup_done = True
            self.window_actions.backup_on_close(self._close_now)
            return
        self._closing = True
        super().closeEvent(event)

    def _close_now(self) -> None:
        self._closing = True
        QTimer.singleShot(0, self.close)


def window_title(side: Side, unit: str) -> str:
    return f"{APP_TITLE} — {side}（{unit}）" if unit else f"{APP_TITLE} — {side.value}"

