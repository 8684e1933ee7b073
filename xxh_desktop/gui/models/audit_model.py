"""Audit entries as a table: local times, Chinese column names, «字段：值» for before → after."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...audit import local_moment
from ...domain.records import AuditEntry
from ...excel.audit_log import readable

COLUMNS = ("序号", "时间", "操作人", "操作", "对象", "变更前", "变更后", "结果")

Index = QModelIndex | QPersistentModelIndex


def _one_line(text: str | None) -> str:
    return (text or "").replace("\n", "；")


class AuditModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[AuditEntry] = []
        self._texts: list[tuple[str, ...]] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self._texts = []
        for e in self._rows:
            moment = local_moment(e)
            self._texts.append((str(e.id), moment.strftime("%Y-%m-%d %H:%M:%S") if moment else e.at, e.who,
                                e.action, e.target, _one_line(readable(e.before)), _one_line(readable(e.after)),
                                e.result))
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (5, 6):
            return readable(self._rows[index.row()].before if index.column() == 5 else self._rows[index.row()].after)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
