"""编辑 → 回收站…: the department's deleted drafts, each restored or deleted for good (`recycle.py`).

The window's views hear the restore or the delete from the core's `Changes`
(gui/refresh.py); this dialog only reads the 回收站 again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHeaderView, QMessageBox, QWidget

from ... import recycle
from ...errors import XxhError
from ...recycle import TrashedItem
from ...workspace import Workspace
from ..forms.ui_recycle_bin_dialog import Ui_RecycleBinDialog
from ..models.recycle_model import RecycleModel
from ..screen import fit_to_screen
from ..plain_text import plain_message


def purge_question(item: TrashedItem) -> str:
    return (f"永久删除{item.kind_name}「{item.label} {item.name}」？\n\n"
            "附件1（或采购明细）、材料附件和未保存的草稿将一并删除，不能恢复。")


class RecycleBinDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ui = Ui_RecycleBinDialog()
        self.ui.setupUi(self)
        fit_to_screen(self, self.width(), self.height())
        self.model = RecycleModel(self)
        view = self.ui.itemsView
        view.setModel(self.model)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((80, 120, 300, 150)):
            view.setColumnWidth(column, width)
        self.ui.restoreButton.clicked.connect(self.restore_selected)
        self.ui.purgeButton.clicked.connect(self.purge_selected)
        view.selectionModel().selectionChanged.connect(self._update_buttons)
        view.doubleClicked.connect(lambda _index: self.restore_selected())
        self.reload()

    def reload(self) -> None:
        self.model.set_items(recycle.items(self.ws))
        count = self.model.rowCount()
        self.ui.countLabel.setText(f"共 {count} 项" if count else "回收站是空的。")
        if count:
            self.ui.itemsView.selectRow(0)
        self._update_buttons()

    def select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.ui.itemsView.selectRow(row)

    def current(self) -> TrashedItem | None:
        rows = self.ui.itemsView.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        chosen = self.current() is not None
        self.ui.restoreButton.setEnabled(chosen)
        self.ui.purgeButton.setEnabled(chosen)

    def restore_selected(self) -> bool:
        item = self.current()
        if item is None:
            return False
        return self._done(recycle.restore, item, "未能恢复")

    def purge_selected(self) -> bool:
        item = self.current()
        if item is None:
            return False
        answer = QMessageBox.question(self, "永久删除", plain_message(purge_question(item)),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._done(recycle.purge, item, "未能删除")

    def _done(self, action, item, failed: str) -> bool:
        """Run `action` on the item; a refusal is shown and nothing changes."""
        try:
            action(self.ws, item.kind, item.id)
        except XxhError as exc:
            QMessageBox.warning(self, failed, plain_message(str(exc)))
            return False
        self.reload()
        return True
