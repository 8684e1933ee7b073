"""编辑 → 移入回收站 (Delete) and 编辑 → 回收站…: deleting a department's own unsent draft.

Delete acts on the selected card of the 看板, the selected row of the 项目列表
or of the 采购申报 tab — only while the keyboard is in that view, so Delete in
a text field or a dock edits text as before. The core (`recycle.py`) judges
what may go; a refusal is shown before anything is asked.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import recycle
from ..errors import XxhError
from .plain_text import plain_message


def trash_question(kind_name: str, label: str, name: str) -> str:
    return f"将{kind_name}「{label} {name}」移入回收站？可在 编辑 → 回收站 中恢复。"


class RecycleActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        menu = window.menus["编辑"]
        menu.addSeparator()
        self.trash_action = window.add_action("编辑", "移入回收站", self.trash_selected, QKeySequence.StandardKey.Delete)
        self.bin_action = window.add_action("编辑", "回收站…", self.open_bin)

    def selected(self) -> tuple[str, str] | None:
        """(kind, id) of what the keyboard is on in the current tab, if it is a list of records."""
        window = self.window
        tab = window.tabs.currentWidget()
        focus = QApplication.focusWidget()
        # A menu click leaves the focus where it was; a focus in another view (a dock) names nothing here.
        if focus is not None and not tab.isAncestorOf(focus) and focus is not tab:
            return None
        if window.view_placeholders:   # the lists are not made yet (gui/window_tabs.py): nothing is selected
            return None
        if tab is window.board and (pid := window.board.current_project_id()):
            return recycle.PROJECT, pid
        if tab is window.project_list and (pid := window.project_list.current_project_id()):
            return recycle.PROJECT, pid
        if tab is window.procurement_review and (cid := window.procurement_review.current_case_id()):
            return recycle.PROCUREMENT, cid
        return None

    def trash_selected(self) -> bool:
        window, ws = self.window, self.window.ws
        chosen = self.selected()
        if chosen is None:
            QMessageBox.information(window, "移入回收站", "请先在看板、项目列表或采购申报中选中要删除的草稿。")
            return False
        kind, key = chosen
        record = ws.projects.find(key) if kind == recycle.PROJECT else ws.procurements.find(key)
        if record is None:
            return False
        if (why := recycle.refusal(ws, kind, record)) is not None:
            QMessageBox.warning(window, "不能删除", plain_message(why + "。"))
            return False
        name = record.name if kind == recycle.PROJECT else (record.items_text or "办公电脑采购")
        answer = QMessageBox.question(window, "移入回收站",
                                      plain_message(trash_question(recycle.KIND_NAMES[kind], record.label, name)),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        # Its open editor closes first: closing writes the typing as a draft, which follows the record.
        if (editor := window.editor_windows.open_editors.pop((recycle.DRAFT_KIND[kind], record.id), None)):
            editor.close()
        try:
            recycle.trash(ws, kind, key)
        except XxhError as exc:
            window.show_error(exc, "不能删除")
            return False
        window.statusBar().showMessage(f"已移入回收站：{record.label}（编辑 → 回收站 可恢复）。", 6000)
        return True

    def open_bin(self) -> None:
        from .dialogs.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(self.window.ws, self.window)
        dialog.exec()
        dialog.deleteLater()
