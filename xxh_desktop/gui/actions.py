"""The main window's menus and shortcuts.

文件 Ctrl+O 导入 · Ctrl+E 导出 · Ctrl+Q 退出; 编辑 Ctrl+Z 撤销上一步阶段移动 · Ctrl+F 查找 ·
F5 刷新 · Delete 移入回收站; 项目 Ctrl+N 新建项目申报 · Ctrl+M 移动阶段; 审核 Ctrl+R 审核清单; 打印 Ctrl+P 打印预览;
帮助 F1 使用说明. In the editors Ctrl+S saves the draft and Esc closes; Esc closes every dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from ..errors import XxhError
from . import file_dialogs
from .kanban.dialogs import ReasonDialog
from .recycle_actions import RecycleActions
from .undo import UNDO_REASON, StaleStep
from .window_actions import WindowActions, documents_dir, export_ledger, ledger_name
from .plain_text import plain_message


def install_actions(window) -> None:
    from .editors.windows import EditorWindows
    from .print_actions import PrintActions

    window.window_actions = WindowActions(window)
    _install_exchange(window)
    window.edit_actions = EditActions(window)
    window.recycle_actions = RecycleActions(window)
    window.editor_windows = EditorWindows(window)
    _install_project_menu(window)
    _install_review_menu(window)
    window.print_actions = PrintActions(window)
    _install_help_menu(window)

    window.dashboard.new_project_requested.connect(window.editor_windows.action_new_project.trigger)
    window.dashboard.import_requested.connect(window.action_import_xxh.trigger)


def connect_views(window, board, project_list, procurement_review) -> None:
    """The 看板, 项目列表 and 采购申报 tabs to the editors, printing and export (once they are made:
    gui/window_tabs.py)."""
    board.edit_requested.connect(window.editor_windows.open_declaration)
    board.print_requested.connect(lambda pid: window.print_actions.open_preview("附件1", pid))
    board.export_requested.connect(lambda pid: export_projects(window, [pid]))
    project_list.project_activated.connect(window.editor_windows.open_declaration)
    procurement_review.open_requested.connect(window.editor_windows.open_procurement)


# ---------------------------------------------------------------------- 文件: the .xxh exchange


def _install_exchange(window) -> None:
    """文件 → 导入/导出交换文件（.xxh）, first in the menu (the dialogs are gui/dialogs/import_preview.py,
    export_xxh.py)."""
    menu = window.menus["文件"]
    first = menu.actions()[0] if menu.actions() else None
    window.action_import_xxh = window.add_action("文件", "导入交换文件（.xxh）…", lambda: import_file(window),
                                                 QKeySequence.StandardKey.Open)
    window.action_export_xxh = window.add_action("文件", "导出交换文件（.xxh）…", lambda: export_current(window),
                                                 "Ctrl+E")
    window.action_export_xxh.setStatusTip("导出项目列表中选中的项目；在采购申报页时导出当前采购申报")
    menu.removeAction(window.action_import_xxh)
    menu.removeAction(window.action_export_xxh)
    menu.insertActions(first, [window.action_import_xxh, window.action_export_xxh])
    menu.insertSeparator(first)
    # The office's own actions: made on every machine, shown on the office's (window_tabs.show_side).
    window.office_actions = [window.add_action("工具", "单位登记…", lambda: _unit_registration(window))]


def _unit_registration(window) -> None:
    from .dialogs.unit_registration import UnitRegistrationDialog

    UnitRegistrationDialog(window.ws, window).exec()


def import_file(window) -> None:
    chosen = file_dialogs.open_file(window, "导入交换文件", "交换文件 (*.xxh)", str(documents_dir()))
    if chosen:
        window.open_exchange_file(Path(chosen))


def export_current(window) -> None:
    review = window.procurement_review
    if window.tabs.currentWidget() is review and review.current_case_id():
        export_projects(window, [review.current_case_id()])
        return
    keys = window.selected_project_ids() or ([window.current_project_id()] if window.current_project_id() else [])
    export_projects(window, keys)


def export_projects(window, keys: list[str]) -> None:
    from .dialogs.export_xxh import export_records

    export_records(window.ws, keys, window, ops=window.ops)


# ---------------------------------------------------------------------- 编辑


class EditActions(QObject):
    """编辑: 撤销上一步阶段移动, 查找, 刷新."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.undo_action = window.add_action("编辑", "撤销上一步阶段移动", self.undo_last_move,
                                             QKeySequence.StandardKey.Undo)
        window.menus["编辑"].addSeparator()
        self.find_action = window.add_action("编辑", "查找…", self.focus_search, QKeySequence.StandardKey.Find)
        self.refresh_action = window.add_action("编辑", "刷新", window.refresh, QKeySequence.StandardKey.Refresh)
        window.moves.changed.connect(self.update_undo)
        self.update_undo()

    def update_undo(self) -> None:
        step = self.window.moves.last()
        # A project moved to the 回收站 since has no move to undo.
        project = self.window.ws.projects.find(step.project_id) if step is not None else None
        if step is None or project is None:
            self.undo_action.setText("撤销上一步阶段移动")
            self.undo_action.setEnabled(False)
            return
        number = project.label
        self.undo_action.setText(f"撤销上一步阶段移动：{number} {step.from_stage} → {step.to_stage}")
        self.undo_action.setEnabled(True)

    def ask_reason(self, text: str) -> str | None:
        dialog = ReasonDialog("撤销上一步阶段移动", text + "\n\n撤销是一次新的阶段移动，记入项目历史。理由：", self.window)
        dialog.text.setPlainText(UNDO_REASON)
        dialog.text.selectAll()
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reason():
            return None
        return dialog.reason()

    def undo_last_move(self) -> bool:
        window = self.window
        step = window.moves.last()
        if step is None:
            return False
        number = window.ws.projects.get(step.project_id).label
        reason = self.ask_reason(f"将 {number} 从「{step.to_stage}」移回「{step.from_stage}」。")
        if reason is None:
            return False
        try:
            moved = window.moves.undo(window.board.move_project, lambda pid: window.ws.projects.get(pid).stage,
                                      reason)
        except StaleStep:
            QMessageBox.information(window, "无法撤销", plain_message(f"{number} 已不在「{step.to_stage}」阶段（此后又有变动），"
                                                                  "不能撤销那一步。请在看板上直接移动。"))
            return False
        except XxhError as exc:
            window.show_error(exc, "无法撤销")
            return False
        if moved:
            window.board.select_project(step.project_id)
            window.statusBar().showMessage(f"已撤销：{number} 移回「{step.from_stage}」。", 5000)
        return moved

    def focus_search(self) -> None:
        window = self.window
        if window.tabs.currentWidget() is window.board:
            window.board.search_edit.setFocus()
            window.board.search_edit.selectAll()
            return
        window.tabs.setCurrentWidget(window.project_list)
        window.project_list.focus_search()


# ---------------------------------------------------------------------- 项目, 审核, 帮助


def _install_project_menu(window) -> None:
    menu = window.menus["项目"]
    menu.addSeparator()
    window.add_action("项目", "移动阶段…", lambda: _with_project(window, window.board.ask_target_stage), "Ctrl+M")
    window.add_action("项目", "设置状态…", lambda: _with_project(window, window.board.ask_side_state))
    window.add_action("项目", "解除状态…", lambda: _with_project(window, window.board.ask_clear_side_state))
    menu.addSeparator()
    menu.addAction(window.detail_dock.toggleViewAction())


def _with_project(window, action) -> None:
    pid = window.current_project_id()
    if not pid:
        QMessageBox.information(window, "请选择项目", "请先在项目列表或看板中选择一个项目。")
        return
    action(pid)


def _install_review_menu(window) -> None:
    """审核: the checklist dock (第九条), 书面审核意见 / 终验清单 / 整改通知, the 附件2 review (第五条第二款);
    工具: 导出年度计划… / 导出台账…."""
    office = window.office_actions
    office.append(window.add_action("审核", "审核清单", window.show_checklist, "Ctrl+R"))
    # A department reads the opinion it received and prints its own 终验 list.
    window.add_action("审核", "书面审核意见…", lambda: _preview_review_form(window, "审核意见"))
    window.menus["审核"].addSeparator()
    window.add_action("审核", "终验材料清单…", lambda: _preview_review_form(window, "终验清单"))
    window.add_action("审核", "整改通知…", lambda: _preview_review_form(window, "整改通知"))
    office.append(window.menus["审核"].addSeparator())
    office.append(window.add_action("审核", "采购申报审核",
                                    lambda: window.tabs.setCurrentWidget(window.procurement_review)))
    office.append(window.menus["工具"].addSeparator())
    office.append(window.add_action("工具", "导出年度计划…", lambda: _export_plan(window)))
    office.append(window.add_action("工具", "导出台账…", lambda: _export_ledger(window)))
    for action in office:
        action.setVisible(window.is_office)


def _preview_review_form(window, form: str) -> None:
    pid = window.current_project_id()
    if not pid:
        QMessageBox.information(window, form, "请先在项目列表或看板中选择一个项目。")
        return
    window.print_actions.open_preview(form, pid)


def _export_plan(window) -> None:
    from .dialogs.annual_plan import AnnualPlanDialog

    dialog = AnnualPlanDialog(window.ws, window, ops=window.ops)
    dialog.exec()
    dialog.deleteLater()


def _export_ledger(window) -> None:
    path = file_dialogs.save_file(window, "导出台账", str(documents_dir() / ledger_name()),
                                  "Excel 工作簿 (*.xlsx)", ".xlsx")
    if path:
        export_ledger(window, Path(path))


def _install_help_menu(window) -> None:
    window.add_action("帮助", "使用说明", lambda: _help(window, "manual"), QKeySequence.StandardKey.HelpContents)
    window.add_action("帮助", "管理办法原文", lambda: _help(window, "regulation"))
    window.menus["帮助"].addSeparator()
    window.add_action("帮助", "关于", lambda: _help(window, "about"))


def _help(window, what: str) -> None:
    from .dialogs.about import AboutDialog
    from .dialogs.help import open_manual, open_regulation

    if what == "manual":
        open_manual(window)
    elif what == "regulation":
        open_regulation(window)
    else:
        AboutDialog(str(window.ws.path), window).exec()
