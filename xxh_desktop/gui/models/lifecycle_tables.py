"""Table models of the project detail and the dashboard: read-only records, editable assets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.records import Asset, StageMove
from ...errors import XxhError
from ..plain_text import tip

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RecordsModel(QAbstractTableModel):
    """Rows of text under fixed headers; each row may carry an id and a text colour."""

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[str] = []
        self._colors: list[QColor | None] = []

    def set_rows(self, rows: Sequence[Sequence[Any]], ids: Sequence[str] | None = None,
                 colors: Sequence[QColor | None] | None = None) -> None:
        self.beginResetModel()
        self._rows = [tuple("" if v is None else str(v) for v in r) for r in rows]
        self._ids = list(ids) if ids is not None else [""] * len(self._rows)
        self._colors = list(colors) if colors is not None else [None] * len(self._rows)
        self.endResetModel()

    def row_id(self, row: int) -> str:
        return self._ids[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self._rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and self._colors[index.row()] is not None:
            return QBrush(self._colors[index.row()])
        if role == ID_ROLE:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None


ASSET_HEADERS = ("类别", "品种", "数量", "购置时间", "过保时间", "应用情况")


class AssetsModel(QAbstractTableModel):
    """现有软硬件资源情况 (第八条第二款), edited in place; dates as YYYY-MM-DD."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self.dirty = False

    def set_assets(self, assets: Sequence[Asset]) -> None:
        self.beginResetModel()
        self._rows = [[a.category, a.name, "" if a.quantity is None else str(a.quantity),
                       a.purchased_on.isoformat() if a.purchased_on else "",
                       a.warranty_until.isoformat() if a.warranty_until else "", a.usage] for a in assets]
        self.dirty = False
        self.endResetModel()

    def assets(self) -> list[Asset]:
        """The rows as assets; XxhError naming the row and column of a malformed value."""
        out = []
        for n, (category, name, qty, bought, warranty, usage) in enumerate(self._rows, start=1):
            def day(text: str, label: str) -> date | None:
                if not text.strip():
                    return None
                try:
                    return date.fromisoformat(text.strip())
                except ValueError:
                    raise XxhError(f"现有软硬件第 {n} 行：{label}“{text}”应为 YYYY-MM-DD。") from None
            try:
                quantity = int(qty) if qty.strip() else None
            except ValueError:
                raise XxhError(f"现有软硬件第 {n} 行：数量“{qty}”不是整数。") from None
            out.append(Asset(name.strip(), quantity, day(bought, "购置时间"), day(warranty, "过保时间"),
                             usage.strip(), category.strip()))
        return out

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ASSET_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][index.column()] = "" if value is None else str(value)
        self.dirty = True
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ASSET_HEADERS[section] if 0 <= section < len(ASSET_HEADERS) else None
        return None

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or not 0 <= row <= len(self._rows) or count < 1:
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for _ in range(count):
            self._rows.insert(row, ["硬件", "", "", "", "", ""])
        self.endInsertRows()
        self.dirty = True
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row:row + count]
        self.endRemoveRows()
        self.dirty = True
        return True



class HistoryModel(QAbstractListModel):
    """A project's stage history, newest first, one entry per row (for the timeline)."""

    ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[StageMove] = []

    def set_history(self, history: Sequence[StageMove]) -> None:
        self.beginResetModel()
        self._rows = list(reversed(history))
        self.endResetModel()

    @staticmethod
    def headline(h: StageMove) -> str:
        if h.from_stage == h.to_stage:
            what = h.event or (h.side_state or "")
        else:
            what = f"{h.from_stage or '—'} → {h.to_stage}"
            if h.event:
                what += f"（{h.event}）"
        return f"{h.on_date.isoformat()}  {what}"

    @staticmethod
    def byline(h: StageMove) -> str:
        at = h.at[:16].replace("T", " ")
        return f"{h.by or '—'} · 记录于 {at}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        h = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headline(h)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip("\n".join(x for x in (self.headline(h), self.byline(h), h.reason) if x))
        if role == self.ENTRY_ROLE:
            return h
        return None
