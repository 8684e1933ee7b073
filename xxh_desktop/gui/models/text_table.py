"""A read-only table of records shown as text: one tuple of strings per record, made once when the
records are set, so painting never formats anything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Record = TypeVar("Record")


class TextTableModel(QAbstractTableModel, Generic[Record]):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._records: list[Record] = []
        self._texts: list[tuple[str, ...]] = []

    def _set(self, records: Sequence[Record], texts: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._texts = texts
        self.endResetModel()

    def record(self, row: int) -> Record:
        return self._records[row]

    def text(self, index: Index) -> str:
        return self._texts[index.row()][index.column()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.text(index)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None
