"""The main window: menus, the project list, tabs and docks of each feature."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow,
    QMenu, QMessageBox, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from ..domain.fields import Side
from ..errors import XxhError
from ..storage import backup
from ..workspace import Workspace
from .dialogs.about import AboutDialog
from .models.project_table import ID_ROLE, SORT_ROLE, ProjectTableModel

MENU_NAMES = ("文件", "项目", "审核", "打印", "工具", "帮助")
APP_TITLE = "金寨县政务信息化项目管理系统"


class MainWindow(QMainWindow):
    project_selected = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.role = ws.settings.side or Side.OFFICE
        self.unit = ws.settings.unit
        # What the window shows follows this machine's side (PRODUCT.md §1); the core
        # refuses the other side's writes whatever the window shows (authority.py).
        self.is_office = self.role == Side.OFFICE
        who = f"{self.role}（{self.unit}）" if self.unit else self.role.value
        self.setWindowTitle(f"{APP_TITLE} — {who}")
        self.resize(1280, 800)

        self.menus: dict[str, QMenu] = {name: self.menuBar().addMenu(name) for name in MENU_NAMES}
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self._install_project_list()
        self._install_status_bar()
        self._install_base_actions()
        self._install_printing()
        self._install_lifecycle()
        self._install_review()
        self._install_editors()
        self._install_exchange()
        # The docks share the right side; the board and the dashboard keep most of the width.
        self.resizeDocks([self.detail_dock], [400], Qt.Orientation.Horizontal)
        self._update_status()   # every model loaded itself when it was made

    # ------------------------------------------------------------------ project list

    def _install_project_list(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search_edit = QLineEdit(page)
        self.search_edit.setPlaceholderText("搜索：项目编号、名称、单位、阶段…")
        self.search_edit.setClearButtonEnabled(True)
        bar.addWidget(QLabel("搜索：", page))
        bar.addWidget(self.search_edit, 1)
        layout.addLayout(bar)

        self.project_model = ProjectTableModel(self.ws, self)
        self.project_proxy = QSortFilterProxyModel(self)
        self.project_proxy.setSourceModel(self.project_model)
        self.project_proxy.setFilterKeyColumn(-1)
        self.project_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.project_proxy.setSortRole(SORT_ROLE)

        self.project_view = QTableView(page)
        self.project_view.setModel(self.project_proxy)
        self.project_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.project_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.project_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.project_view.setSortingEnabled(True)   # sorts once, by the indicator
        self.project_view.setAlternatingRowColors(True)
        self.project_view.verticalHeader().setVisible(False)
        header = self.project_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 120), (2, 180), (3, 80), (4, 120), (5, 110), (6, 120)):
            self.project_view.setColumnWidth(col, width)
        layout.addWidget(self.project_view, 1)

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.project_view.selectionModel().selectionChanged.connect(self._on_project_selection_changed)
        self.tabs.addTab(page, "项目列表")

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.project_proxy.setFilterFixedString(text.strip())

    def _on_project_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        pid = self.current_project_id()
        if pid:
            self.project_selected.emit(pid)

    def current_project_id(self) -> str | None:
        index = self.project_view.currentIndex()
        if not index.isValid():
            return None
        return self.project_proxy.data(index, ID_ROLE)

    def selected_project_ids(self) -> list[str]:
        rows = self.project_view.selectionModel().selectedRows()
        return [self.project_proxy.data(i, ID_ROLE) for i in rows]

    def select_project(self, project_id: str) -> None:
        """Show a project in the list (e.g. when the dashboard opens one)."""
        row = self.project_model.row_of(project_id)
        if row < 0:
            return
        index = self.project_proxy.mapFromSource(self.project_model.index(row, 0))
        if not index.isValid():
            self.search_edit.clear()
            index = self.project_proxy.mapFromSource(self.project_model.index(row, 0))
        self.project_view.setCurrentIndex(index)
        self.project_view.scrollTo(index)
        self.project_selected.emit(project_id)

    # ------------------------------------------------------------------ status bar

    def _install_status_bar(self) -> None:
        self.db_label = QLabel(self)
        self.count_label = QLabel(self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)

    def refresh(self) -> None:
        """Reload every view after a change to the workspace."""
        current = self.current_project_id()
        self.project_model.reload()
        if current:
            self.select_project(current)
        self._update_status()
        if hasattr(self, "board"):
            self._refresh_lifecycle()
        if self.is_office:
            self.checklist_panel.refresh()
        if hasattr(self, "procurement_review"):
            self.procurement_review.refresh()

    def _update_status(self) -> None:
        self.db_label.setText(f"数据库：{self.ws.path}")
        self.count_label.setText(f"项目：{self.ws.projects.count()} 个")

    # ------------------------------------------------------------------ actions

    def add_action(self, menu: str, text: str, slot, shortcut: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.menus[menu].addAction(action)
        return action

    def _install_base_actions(self) -> None:
        self.add_action("文件", "备份数据库…", self._on_backup)
        self.menus["文件"].addSeparator()
        self.action_quit = self.add_action("文件", "退出", self.close, QKeySequence.StandardKey.Quit)
        self.add_action("工具", "本机身份设置…", self._on_settings)
        self.add_action("工具", "载入演示数据", self._on_load_demo)
        self.add_action("帮助", "关于", self._on_about)

    def show_error(self, exc: Exception, title: str = "操作未完成") -> None:
        QMessageBox.warning(self, title, str(exc))

    def _on_backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择备份位置（可以是U盘）")
        if not folder:
            return
        try:
            path = backup.backup_to(self.ws, Path(folder))
        except XxhError as exc:
            self.show_error(exc, "备份失败")
            return
        QMessageBox.information(self, "备份完成", f"已备份到：\n{path}")

    def _on_settings(self) -> None:
        from .dialogs.first_start import FirstStartDialog

        dialog = FirstStartDialog(self.ws.units.names(), offer_demo=False, parent=self)
        dialog.setWindowTitle("本机身份设置")
        if self.role == Side.UNIT:
            dialog.ui.unitRadio.setChecked(True)
            dialog.ui.unitCombo.setCurrentText(self.unit)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.ws.settings.choose_side(dialog.role(), dialog.unit())
        except XxhError as exc:
            self.show_error(exc, "未能保存")
            return
        QMessageBox.information(self, "已保存", "本机身份已更改，重新启动程序后生效。")

    def _on_load_demo(self) -> None:
        from ..demo import load_demo

        answer = QMessageBox.question(self, "载入演示数据", "将演示项目加入当前数据库，确定吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            result = load_demo(self.ws)
        except XxhError as exc:
            self.show_error(exc)
            return
        self.refresh()
        self.statusBar().showMessage(
            f"演示数据：本次新增 {result.added_projects} 个项目、{result.added_procurements} 个采购申报"
            f"（共 {result.projects} 个演示项目）。", 5000)

    def open_exchange_file(self, path: Path) -> None:
        """Open a .xxh file's import preview (``xxh-desktop F.xxh``, double-click)."""
        from .dialogs.import_preview import open_import_preview

        # An editor left open would save its older copy over what the import brings:
        # its typing is kept as a draft, and reopening it shows the imported record.
        self.editor_windows.close_all()
        open_import_preview(self.ws, path, self)
        self.refresh()

    def _install_exchange(self) -> None:
        """文件 → 导入/导出交换文件（.xxh） (issue 6, gui/dialogs/import_preview.py, export_xxh.py)."""
        menu = self.menus["文件"]
        first = menu.actions()[0] if menu.actions() else None
        self.action_import_xxh = QAction("导入交换文件（.xxh）…", self)
        self.action_import_xxh.triggered.connect(self._on_import_xxh)
        self.action_export_xxh = QAction("导出交换文件（.xxh）…", self)
        case_tab = "采购申报审核" if self.is_office else "采购申报"
        self.action_export_xxh.setStatusTip(f"导出项目列表中选中的项目；在「{case_tab}」页时导出当前采购申报")
        self.action_export_xxh.triggered.connect(self._on_export_xxh)
        menu.insertActions(first, [self.action_import_xxh, self.action_export_xxh])
        menu.insertSeparator(first)
        if self.is_office:
            self.add_action("工具", "单位登记…", self._on_unit_registration)

    def _on_unit_registration(self) -> None:
        from .dialogs.unit_registration import UnitRegistrationDialog

        UnitRegistrationDialog(self.ws, self).exec()

    def _on_import_xxh(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "导入交换文件", "", "交换文件 (*.xxh)")
        if chosen:
            self.open_exchange_file(Path(chosen))

    def _on_export_xxh(self) -> None:
        from .dialogs.export_xxh import export_records

        keys = self.selected_project_ids() or ([self.current_project_id()] if self.current_project_id() else [])
        review = getattr(self, "procurement_review", None)
        if review is not None and self.tabs.currentWidget() is review and review.current_case_id():
            keys = [review.current_case_id()]
        export_records(self.ws, keys, self)

    def _install_printing(self) -> None:
        """打印 menu: 打印预览 附件1 / 附件2, 导出PDF…, 批量打印… (gui/dialogs/print_preview.py)."""
        from .dialogs.print_preview import PrintActions

        self.print_actions = PrintActions(self)

    def _install_lifecycle(self) -> None:
        """首页 dashboard, 看板 kanban, the 项目详情 dock and 项目 → 移动阶段… (gui/kanban, gui/widgets)."""
        from PySide6.QtWidgets import QDockWidget

        from .kanban import KanbanBoard
        from .widgets.dashboard import Dashboard
        from .widgets.project_detail import ProjectDetail

        self.dashboard = Dashboard(self.ws, self)
        self.board = KanbanBoard(self.ws, self)
        self.tabs.insertTab(0, self.dashboard, "首页")
        self.tabs.insertTab(1, self.board, "看板")
        self.tabs.setCurrentIndex(0)
        self.detail = ProjectDetail(self.ws, self)
        self.detail_dock = QDockWidget("项目详情", self)
        self.detail_dock.setObjectName("project_detail_dock")
        self.detail_dock.setWidget(self.detail)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)
        self.menus["项目"].addAction(self.detail_dock.toggleViewAction())
        self.add_action("项目", "移动阶段…", self._on_move_stage)
        self.add_action("项目", "设置状态…", lambda: self._with_project(self.board.ask_side_state))
        self.add_action("项目", "解除状态…", lambda: self._with_project(self.board.ask_clear_side_state))
        self.project_selected.connect(self.detail.set_project)
        self.board.project_selected.connect(self.select_project)
        self.board.project_activated.connect(self._open_project)
        self.board.project_moved.connect(self._on_project_changed)
        self.dashboard.project_activated.connect(self._open_project)
        self.detail.changed.connect(self._on_project_changed)

    def _refresh_lifecycle(self) -> None:
        self.board.reload()
        self.dashboard.reload()
        self.detail.reload()

    def _open_project(self, project_id: str) -> None:
        """Show one project: selected in the list and on the board, its detail raised."""
        self.select_project(project_id)
        self.board.select_project(project_id)
        self.detail.set_project(project_id)
        self.detail_dock.show()
        self.detail_dock.raise_()

    def _on_project_changed(self, project_id: str) -> None:
        self.refresh()
        self.board.select_project(project_id)

    def _on_move_stage(self) -> None:
        self._with_project(self.board.ask_target_stage)

    def _with_project(self, action) -> None:
        pid = self.current_project_id()
        if not pid:
            QMessageBox.information(self, "请选择项目", "请先在项目列表或看板中选择一个项目。")
            return
        action(pid)

    # ------------------------------------------------------------------ form editors (issue 3)

    def _install_editors(self) -> None:
        """项目 → 新建项目申报… / 编辑申报表… / 新建采购申报…; double-click opens 附件1."""
        from .editors.windows import EditorWindows

        self.editor_windows = EditorWindows(self)

    # ------------------------------------------------------------------ review (issue 7)

    def _install_review(self) -> None:
        """审核 menu, the checklist dock (第九条), 书面审核意见 / 终验清单 / 整改通知 previews,
        the 采购申报审核 tab (第五条第二款), and 工具 → 导出年度计划… / 导出台账…."""
        from PySide6.QtWidgets import QDockWidget

        from .widgets.checklist_panel import ChecklistPanel
        from .widgets.procurement_review import ProcurementReviewWidget

        if self.is_office:
            self.checklist_panel = ChecklistPanel(self.ws, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.checklist_panel)
            detail_dock = getattr(self, "detail_dock", None)
            if isinstance(detail_dock, QDockWidget):
                self.tabifyDockWidget(detail_dock, self.checklist_panel)
            self.project_selected.connect(self.checklist_panel.set_project)
            self.checklist_panel.changed.connect(self.refresh)
            self.checklist_panel.print_requested.connect(self._on_checklist_panel_print_requested)
            self.add_action("审核", "审核清单", self.show_checklist, "Ctrl+R")
        self.procurement_review = ProcurementReviewWidget(self.ws, self, reviewer=self.is_office)
        self.tabs.addTab(self.procurement_review, "采购申报审核" if self.is_office else "采购申报")
        self.procurement_review.changed.connect(self.refresh)
        self.procurement_review.open_requested.connect(self._on_open_procurement)
        # A department reads the opinion it received and prints its own 终验 list.
        self.add_action("审核", "书面审核意见…", lambda: self._preview_review_form("审核意见"))
        self.menus["审核"].addSeparator()
        self.add_action("审核", "终验材料清单…", lambda: self._preview_review_form("终验清单"))
        self.add_action("审核", "整改通知…", lambda: self._preview_review_form("整改通知"))
        if self.is_office:
            self.menus["审核"].addSeparator()
            self.add_action("审核", "采购申报审核",
                            lambda: self.tabs.setCurrentWidget(self.procurement_review))
            self.add_action("工具", "导出年度计划…", self._on_export_plan)
            self.add_action("工具", "导出台账…", self._on_export_ledger)

    def _on_open_procurement(self, case_id: str) -> None:
        self.editor_windows.open_procurement(case_id)

    def show_checklist(self) -> None:
        self.checklist_panel.set_project(self.current_project_id())
        self.checklist_panel.show()
        self.checklist_panel.raise_()
        self.checklist_panel.view.setFocus()

    def _preview_review_form(self, form: str) -> None:
        pid = self.current_project_id()
        if not pid:
            QMessageBox.information(self, form, "请先在项目列表或看板中选择一个项目。")
            return
        self.print_actions.open_preview(form, pid)

    def _on_checklist_panel_print_requested(self, project_id: str, form: str) -> None:
        self.print_actions.open_preview(form, project_id)

    def _on_export_plan(self) -> None:
        from .dialogs.annual_plan import AnnualPlanDialog

        dialog = AnnualPlanDialog(self.ws, self)
        dialog.exec()
        dialog.deleteLater()

    def _on_export_ledger(self) -> None:
        from ..excel.ledger import export_ledger

        start = str(Path.home() / "金寨县政务信息化项目台账.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出台账", start, "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            written = export_ledger(self.ws, path)
        except (XxhError, OSError) as exc:
            self.show_error(exc, "导出失败")
            return
        QMessageBox.information(self, "导出完成", f"已导出台账：\n{written}")

    def _on_about(self) -> None:
        AboutDialog(str(self.ws.path), self).exec()

