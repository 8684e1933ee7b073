"""The 第八条 material list of one project: one row per kind asked for."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.materials import declaration_kinds
from ...domain.records import Material
from ...workspace import Workspace

COLUMNS = ("材料类别", "状态", "文件名", "大小", "说明")
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
MISSING_BRUSH = QBrush(QColor("#b3261e"))
WAIVED_BRUSH = QBrush(QColor("#8a5a00"))

Index = QModelIndex | QPersistentModelIndex


def _size(n: int | None) -> str:
    if not n:
        return ""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


class MaterialsModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, project_id: str, parent=None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._project_id = project_id
        self._existing = False
        self._rows: list[tuple[str, Material | None]] = []

    def reload(self, is_existing_system: bool | None = None) -> None:
        if is_existing_system is not None:
            self._existing = is_existing_system
        have = self._ws.materials.by_kind(self._project_id)
        self.beginResetModel()
        self._rows = [(kind, have.get(kind)) for kind in declaration_kinds(self._existing)]
        self.endResetModel()

    def kind(self, row: int) -> str:
        return self._rows[row][0]

    def material(self, row: int) -> Material | None:
        return self._rows[row][1]

    def status(self, row: int) -> str:
        m = self._rows[row][1]
        if m is None:
            return "缺"
        return "已附" if m.sm3 else "暂缺"

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, m = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return kind
            if col == 1:
                return self.status(index.row())
            if m is None:
                return "请附上文件，或标记暂缺并写明原因" if col == 4 else ""
            if col == 2:
                return m.filename
            if col == 3:
                return _size(m.size)
            return f"暂缺原因：{m.waived_reason}" if not m.sm3 else f"{m.added_by} {m.added_at[:16].replace('T', ' ')}"
        if role == KIND_ROLE:
            return kind
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            status = self.status(index.row())
            return MISSING_BRUSH if status == "缺" else WAIVED_BRUSH if status == "暂缺" else None
        return None
