"""附件2 item rows as typed: 序号 and 金额 computed, the rest editable text.

The rows hold the user's text (a 数量 of “两台” stays visible, flagged), so the
model is also what a draft saves; the core parses and validates it
(`domain.form_data.procurement_from_form`). Cells with a problem carry its
message as tooltip and a pale red background.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...amounts import format_yuan
from ...domain.form_data import ITEM_KEYS, parse_amount, parse_quantity
from ..plain_text import tip

COLUMNS = ("序号", "采购品目", "规格型号", "数量", "单价（元）", "金额（元）")
# column → key of the row dict; 序号 (0) and 金额 (5) are computed
KEY_OF_COLUMN = {1: "item", 2: "spec", 3: "quantity", 4: "unit_price"}
COLUMN_OF_KEY = {v: k for k, v in KEY_OF_COLUMN.items()}
NUMERIC_COLUMNS = (0, 3, 4, 5)
ERROR_BRUSH = QBrush(QColor("#fde2e1"))

Index = QModelIndex | QPersistentModelIndex


def blank_row() -> dict[str, str]:
    return {key: "" for key in ITEM_KEYS}


class ProcurementItemsModel(QAbstractTableModel):
    items_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, str]] = []
        self._problems: dict[tuple[int, int], str] = {}

    # ------------------------------------------------------------------ content

    def rows(self) -> list[dict[str, str]]:
        return [dict(r) for r in self._rows]

    def set_rows(self, rows: list[dict[str, str]]) -> None:
        self.beginResetModel()
        self._rows = [{key: str(r.get(key, "") or "") for key in ITEM_KEYS} for r in rows]
        self._problems = {}
        self.endResetModel()
        self.items_changed.emit()

    def is_blank(self, row: int) -> bool:
        return all(not v.strip() for v in self._rows[row].values())

    def insert_row(self, at: int | None = None, values: dict[str, str] | None = None) -> int:
        at = len(self._rows) if at is None else max(0, min(at, len(self._rows)))
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, {**blank_row(), **(values or {})})
        self.endInsertRows()
        self._renumbered(at)
        self.items_changed.emit()
        return at

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self._renumbered(row)
        self.items_changed.emit()

    def move_row(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns its new position."""
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)) or delta == 0:
            return row
        # beginMoveRows wants the destination *before* which the row lands.
        dest = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self._renumbered(min(row, target))
        self.items_changed.emit()
        return target

    def _renumbered(self, first: int) -> None:
        if first < len(self._rows):
            self.dataChanged.emit(self.index(first, 0), self.index(len(self._rows) - 1, 0))

    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        """Problems by (row, key) → message; shown as tooltip and background."""
        new = {(row, COLUMN_OF_KEY[key]): msg for (row, key), msg in problems.items()
               if key in COLUMN_OF_KEY and 0 <= row < len(self._rows)}
        if new == self._problems:
            return
        self._problems = new
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 4),
                                  [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole])

    def problem_at(self, row: int, column: int) -> str | None:
        return self._problems.get((row, column))

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in KEY_OF_COLUMN:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def amount_text(self, row: int) -> str:
        quantity, _ = parse_quantity(self._rows[row]["quantity"])
        price, _ = parse_amount(self._rows[row]["unit_price"], "单价")
        if quantity is None or price is None:
            return ""
        return format_yuan(price * quantity)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return str(row + 1)
            if col == 5:
                return self.amount_text(row)
            text = self._rows[row][KEY_OF_COLUMN[col]]
            if col == 4 and role == Qt.ItemDataRole.DisplayRole:
                price, msg = parse_amount(text, "单价")
                if price is not None and msg is None:
                    return format_yuan(price)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self._problems.get((row, col)))
        if role == Qt.ItemDataRole.BackgroundRole and (row, col) in self._problems:
            return ERROR_BRUSH
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in KEY_OF_COLUMN:
            return False
        text = "" if value is None else str(value)
        key = KEY_OF_COLUMN[index.column()]
        if self._rows[index.row()][key] == text:
            return False
        self._rows[index.row()][key] = text
        self.dataChanged.emit(index, index)
        if key in ("quantity", "unit_price"):
            amount = self.index(index.row(), 5)
            self.dataChanged.emit(amount, amount)
        self.items_changed.emit()
        return True
