"""What the 回收站 holds, as a table: kind, 申报编号, name, unit, when it was deleted."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...recycle import TrashedItem

COLUMNS = ("类别", "申报编号", "名称", "单位", "移入回收站时间")

Index = QModelIndex | QPersistentModelIndex


def _local(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M")


class RecycleModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[TrashedItem] = []
        self._texts: list[tuple[str, ...]] = []

    def set_items(self, items: list[TrashedItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._texts = [(i.kind_name, i.label, i.name, i.unit, _local(i.trashed_at)) for i in self._items]
        self.endResetModel()

    def item(self, row: int) -> TrashedItem:
        return self._items[row]

    def row_of(self, record_id: str) -> int:
        return next((n for n, i in enumerate(self._items) if i.id == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
