"""The kanban's models: one list model over all projects, one filter proxy per stage column.

Drag and drop carries project IDs in a private MIME type. A drop never moves
a row by itself: the column proxy reports the request, the board asks the core
(`lifecycle.move_stage`), and only a move the core accepts changes the
project's stage — whereupon the proxies re-filter and the card shows in its
new column. `removeRows` refuses, so Qt cannot also delete the dragged row
after a MoveAction (the move would otherwise happen twice).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex,
    QSortFilterProxyModel, Qt, Signal,
)

from ...lifecycle import escalation_flags
from ...overview import BoardRow, board_rows
from ...workspace import Workspace

MIME_TYPE = "application/x-xxh-project-ids"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
CARD_ROLE = Qt.ItemDataRole.UserRole + 2   # the BoardRow
STAGE_ROLE = Qt.ItemDataRole.UserRole + 3
ESCALATION_ROLE = Qt.ItemDataRole.UserRole + 4   # 第二十条 message when a 整改 is overdue

Index = QModelIndex | QPersistentModelIndex


def encode_ids(ids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode("utf-8")))
    return mime


def decode_ids(mime: QMimeData | None) -> list[str]:
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return []
    try:
        ids = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


class ProjectCardsModel(QAbstractListModel):
    """Every project as a card; `refresh_project` updates one row after a move.

    `today` is the date deadlines are judged against (a test may set it).
    """

    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._rows: list[BoardRow] = []
        self._row_of: dict[str, int] = {}
        # Each row's stage, updated in place, so the column proxies can reject
        # the other stages' rows without a call back into the model.
        self.stages: list[str] = []
        self.escalations: dict[str, str] = {}
        self.today = date.today()
        self.reload()

    # -- loading

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = board_rows(self._ws, on=self.today)
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self.stages[:] = [r.stage for r in self._rows]
        self.escalations = escalation_flags(self._ws, self.today)
        self.endResetModel()

    def refresh_project(self, project_id: str) -> None:
        row = self._row_of.get(project_id)
        fresh = board_rows(self._ws, project_id, on=self.today)
        if row is None or not fresh:
            self.reload()
            return
        self._rows[row] = fresh[0]
        self.stages[row] = fresh[0].stage
        self.escalations = escalation_flags(self._ws, self.today)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def card(self, row: int) -> BoardRow:
        return self._rows[row]

    def cards(self) -> list[BoardRow]:
        return list(self._rows)

    def row_of(self, project_id: str) -> int:
        return self._row_of.get(project_id, -1)

    # -- Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{r.number} {r.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{r.number}  {r.name}", f"单位：{r.unit}", f"阶段：{r.stage}"]
            if r.side_state:
                lines.append(f"状态：{r.side_state}")
            if r.late_declaration:
                lines.append("逾期申报（第五条；按第七条临时项目程序报批）")
            if r.next_due:
                lines.append(f"下一期限：{r.next_due.isoformat()} {r.next_matter}")
            if r.id in self.escalations:
                lines.append(self.escalations[r.id])
            return "\n".join(lines)
        if role == ID_ROLE:
            return r.id
        if role == STAGE_ROLE:
            return r.stage
        if role == CARD_ROLE:
            return r
        if role == ESCALATION_ROLE:
            return self.escalations.get(r.id)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        ids: list[str] = []
        for index in indexes:
            pid = self.data(index, ID_ROLE)
            if pid and pid not in ids:
                ids.append(pid)
        return encode_ids(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return False  # drops are judged by the column proxies, which know their stage

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        return False

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        # A project leaves a column only when the core moved it; never on Qt's say-so.
        return False


@dataclass
class BoardFilter:
    """The board's filters, shared by every column."""

    year: int | None = None
    unit: str = ""
    channel: str = ""        # 资金渠道 with an amount
    side_state: str | None = None   # None = any; "" = 正常 (none)
    text: str = ""

    def accepts(self, r: BoardRow) -> bool:
        if self.year is not None and r.year != self.year:
            return False
        if self.unit and r.unit != self.unit:
            return False
        if self.channel and self.channel not in r.channels:
            return False
        if self.side_state is not None and r.side_state != self.side_state:
            return False
        if self.text:
            needle = self.text.casefold()
            return needle in r.number.casefold() or needle in r.name.casefold() or needle in r.unit.casefold()
        return True


class StageColumnProxy(QSortFilterProxyModel):
    """The cards of one stage that pass the board's filter; a drop here requests a move."""

    move_requested = Signal(list, str)   # project ids, target stage

    def __init__(self, stage: str, board_filter: BoardFilter, parent=None) -> None:
        super().__init__(parent)
        self.stage = stage
        self._filter = board_filter
        self._model: ProjectCardsModel | None = None
        self._stages: list[str] = []
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model) -> None:  # type: ignore[override]
        self._model = model if isinstance(model, ProjectCardsModel) else None
        self._stages = model.stages if self._model is not None else []
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called 12 × N times: reject other stages first, by a plain list lookup.
        if self._model is None or self._stages[source_row] != self.stage:
            return False
        return self._filter.accepts(self._model.card(source_row))

    def refilter(self) -> None:
        """Re-run the filter after the board's filter changed (Qt ≥ 6.10 API)."""
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return super().flags(index)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return bool(decode_ids(data))

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        ids = decode_ids(data)
        if not ids or action == Qt.DropAction.IgnoreAction:
            return False
        self.move_requested.emit(ids, self.stage)
        return True

    def project_id(self, row: int) -> str:
        return self.data(self.index(row, 0), ID_ROLE)
