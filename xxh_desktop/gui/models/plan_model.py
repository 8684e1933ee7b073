"""The annual plan's rows as a table model (第七条)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...annual_plan import AMOUNT_FIELDS, Plan, PlanRow
from ..plain_text import tip

COLUMNS = ("项目编号", "建设单位", "项目名称", "建设年度", *(t for _, t in AMOUNT_FIELDS), "备注")
TEMPORARY_COLOR = QColor("#a15c00")

Index = QModelIndex | QPersistentModelIndex


class PlanTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PlanRow] = []

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self._rows = list(plan.rows) if plan else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self.data(index))
        if role == Qt.ItemDataRole.DisplayRole:
            if col < 4:
                return (r.number, r.unit, r.name, r.span)[col]
            if col < 4 + len(AMOUNT_FIELDS):
                value = r.amounts[AMOUNT_FIELDS[col - 4][0]]
                return "" if value is None else f"{value:,.4f}"
            return r.note
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= col < 4 + len(AMOUNT_FIELDS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r.temporary:
            return QBrush(TEMPORARY_COLOR)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
