"""The project list: a table model over `ws.views.summaries()`."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...amounts import format_wan
from ...domain.records import ProjectSummary
from ...workspace import Workspace

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("项目编号", "项目名称", "申请单位", "预算年度", "阶段", "状态", "投资额（万元）")

Index = QModelIndex | QPersistentModelIndex


class ProjectTableModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._rows: list[ProjectSummary] = []
        self._texts: list[tuple[str, ...]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._ws.views.summaries()
        # Display texts are made once per reload: sorting thousands of rows asks for them often.
        self._texts = [(r.number, r.name, r.unit, str(r.year), r.stage.value,
                        r.side_state.value if r.side_state else "", format_wan(r.investment)) for r in self._rows]
        self.endResetModel()

    def project_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, project_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == project_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][col]
        if role == SORT_ROLE:
            if col == 6:
                return float(self._rows[index.row()].investment or 0)
            return self._texts[index.row()][col]
        if role == ID_ROLE:
            return self._rows[index.row()].id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self._rows[index.row()].name
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
