"""The kanban's models: one board model with its filter and stage index, one thin list per column.

`BoardModel` holds every card, a search key per card (made once), the
board's filter, and the stage index: for each stage, the cards the filter lets
through. A filter change is one pass over the cards; each column's
`StageColumnModel` then shows its stage's list (no Python `filterAcceptsRow`
per column per card). `update_projects` moves or redraws only the cards that
changed.

Drag and drop carries project IDs in a private MIME type. A drop never moves
a row by itself: the column reports the request, the board asks the core
(`lifecycle.move_stage`), and only a move the core accepts changes the
project's stage — whereupon the card leaves one column and enters the other.
`removeRows` refuses, so Qt cannot also delete the dragged row after a
MoveAction (the move would otherwise happen twice).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractListModel, QByteArray, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal,
)

from ...domain.stages import STAGES, Stage
from ...lifecycle import escalation_flags
from ...overview import BoardRow, board_rows
from ...workspace import Workspace
from ..plain_text import tip

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


def search_key(card: BoardRow) -> str:
    return f"{card.number}\x1f{card.name}\x1f{card.unit}".casefold()


@dataclass
class BoardFilter:
    """The board's filters, shared by every column."""

    year: int | None = None
    unit: str = ""
    channel: str = ""        # 资金渠道 with an amount
    side_state: str | None = None   # None = any; "" = 正常 (none)
    text: str = ""           # casefolded

    def accepts(self, r: BoardRow, key: str) -> bool:
        if self.year is not None and r.year != self.year:
            return False
        if self.unit and r.unit != self.unit:
            return False
        if self.channel and self.channel not in r.channels:
            return False
        if self.side_state is not None and r.side_state != self.side_state:
            return False
        return not self.text or self.text in key


class BoardModel(QObject):
    """Every card, the filter, and which cards each stage column shows.

    `today` is the date deadlines are judged against (a test may set it).
    `changed` fires after any change of what the columns show.
    """

    changed = Signal()

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self.today = date.today()
        self.filter = BoardFilter()
        self._cards: dict[str, BoardRow] = {}
        self._keys: dict[str, str] = {}
        self._rank: dict[str, int] = {}     # position by number: each column keeps this order
        self.escalations: dict[str, str] = {}
        self.columns: dict[Stage, StageColumnModel] = {s: StageColumnModel(self, s) for s in STAGES}
        self.loaded = False

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.load(board_rows(self._ws, on=self.today), escalation_flags(self._ws, self.today))

    def load(self, cards: list[BoardRow], escalations: dict[str, str]) -> None:
        """Show `cards` (ordered by number) and their 第二十条 flags."""
        self._cards = {c.id: c for c in cards}
        self._keys = {c.id: search_key(c) for c in cards}
        self._rank = {c.id: i for i, c in enumerate(cards)}
        self.escalations = dict(escalations)
        self.loaded = True
        self.refilter()

    def refilter(self) -> None:
        """One pass over the cards: the stage index, then each column shows its list.

        Each condition narrows the ids in one comprehension (a keystroke at 10,000
        cards costs a few milliseconds, not a Python call per card and condition).
        """
        f, cards, keys = self.filter, self._cards, self._keys
        ids = list(cards)   # in number order
        if f.text:
            ids = [i for i in ids if f.text in keys[i]]
        if f.year is not None:
            ids = [i for i in ids if cards[i].year == f.year]
        if f.unit:
            ids = [i for i in ids if cards[i].unit == f.unit]
        if f.channel:
            ids = [i for i in ids if f.channel in cards[i].channels]
        if f.side_state is not None:
            ids = [i for i in ids if cards[i].side_state == f.side_state]
        index: dict[Stage, list[str]] = {s: [] for s in STAGES}
        for i in ids:
            index[cards[i].stage].append(i)
        for stage, column in self.columns.items():
            column.set_ids(index[stage])
        self.changed.emit()

    def update_projects(self, ids: set[str] | frozenset[str]) -> None:
        """Re-read the cards in `ids` and redraw, move, add or drop only those."""
        for pid in ids:
            fresh = board_rows(self._ws, pid, on=self.today)
            old = self._cards.get(pid)
            was = self.columns[old.stage] if old is not None and pid in self.columns[old.stage].positions else None
            self.escalations.pop(pid, None)
            if not fresh:   # deleted
                if was is not None:
                    was.remove_id(pid)
                self._cards.pop(pid, None)
                self._keys.pop(pid, None)
                continue
            card = fresh[0]
            self._rank.setdefault(pid, len(self._rank))
            self._cards[pid] = card
            self._keys[pid] = search_key(card)
            self.escalations.update(escalation_flags(self._ws, self.today, pid))
            now = self.columns[card.stage] if self.filter.accepts(card, self._keys[pid]) else None
            if was is not None and was is now:
                was.redraw_id(pid)   # same column: the card repaints in place
                continue
            if was is not None:
                was.remove_id(pid)
            if now is not None:
                now.add_id(pid)
        self.changed.emit()

    # ------------------------------------------------------------------ queries

    def card(self, project_id: str) -> BoardRow:
        return self._cards[project_id]

    def cards(self) -> list[BoardRow]:
        return list(self._cards.values())

    def has(self, project_id: str) -> bool:
        return project_id in self._cards

    def total(self) -> int:
        return len(self._cards)

    def shown(self) -> int:
        return sum(c.rowCount() for c in self.columns.values())

    def rank(self, project_id: str) -> int:
        return self._rank[project_id]


class StageColumnModel(QAbstractListModel):
    """The cards of one stage that pass the board's filter; a drop here requests a move."""

    move_requested = Signal(list, str)   # project ids, target stage

    def __init__(self, board: BoardModel, stage: Stage) -> None:
        super().__init__(board)
        self.board = board
        self.stage = stage
        self.ids: list[str] = []
        self.positions: dict[str, int] = {}

    # -- what the board calls

    def set_ids(self, ids: list[str]) -> None:
        if ids == self.ids:
            # Same cards: their content may still have changed (a reload).
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, 0))
            return
        self.beginResetModel()
        self.ids = ids
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self.positions = {pid: r for r, pid in enumerate(self.ids)}

    def remove_id(self, pid: str) -> None:
        r = self.positions[pid]
        self.beginRemoveRows(QModelIndex(), r, r)
        del self.ids[r]
        self._reindex()
        self.endRemoveRows()

    def add_id(self, pid: str) -> None:
        ranks = [self.board.rank(i) for i in self.ids]
        r = bisect_left(ranks, self.board.rank(pid))
        self.beginInsertRows(QModelIndex(), r, r)
        self.ids.insert(r, pid)
        self._reindex()
        self.endInsertRows()

    def redraw_id(self, pid: str) -> None:
        index = self.index(self.positions[pid], 0)
        self.dataChanged.emit(index, index)

    def project_id(self, row: int) -> str:
        return self.ids[row]

    # -- Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        r = self.board.card(self.ids[index.row()])
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
            if r.id in self.board.escalations:
                lines.append(self.board.escalations[r.id])
            lines.append("双击打开；右键可移动、打印、导出")
            return tip("\n".join(lines))
        if role == ID_ROLE:
            return r.id
        if role == STAGE_ROLE:
            return r.stage
        if role == CARD_ROLE:
            return r
        if role == ESCALATION_ROLE:
            return self.board.escalations.get(r.id)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

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
        return bool(decode_ids(data))

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        ids = decode_ids(data)
        if not ids or action == Qt.DropAction.IgnoreAction:
            return False
        self.move_requested.emit(ids, self.stage.value)
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        # A project leaves a column only when the core moved it; never on Qt's say-so.
        return False
