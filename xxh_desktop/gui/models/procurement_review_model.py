"""附件2 cases the office reviews, as a table model (编号, 单位, 日期, 品目, 金额, 状态, 审核意见)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...amounts import format_yuan
from ...domain.records import ProcurementCase
from ...procurement_review import review_rows
from ...workspace import Workspace

COLUMNS = ("申报编号", "申请单位", "申报日期", "采购品目", "合计金额（元）", "状态", "审核意见")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_COLORS = {"已申报": "#1565c0", "审核中": "#a15c00", "通过": "#1b7f3a",
                 "退回修改": "#a15c00", "不予通过": "#b3261e"}

Index = QModelIndex | QPersistentModelIndex


class ProcurementReviewModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._rows: list[ProcurementCase] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = review_rows(self._ws)
        self.endResetModel()

    def row_of(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), -1)

    def case(self, row: int) -> ProcurementCase:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (r.number, r.applicant_unit, r.filled_on.isoformat() if r.filled_on else "", r.items_text,
                      format_yuan(r.total), r.status.value, r.review_opinion)
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 5:
            return QBrush(QColor(STATUS_COLORS.get(r.status, "#000000")))
        if role == ID_ROLE:
            return r.id
        if role == STATUS_ROLE:
            return r.status.value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
