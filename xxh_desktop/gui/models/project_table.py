"""The project list: every project in one table model, filtered and sorted inside the model.

At 10,000 projects a `QSortFilterProxyModel` asks Python's `data()` for
every cell on every keystroke and every sort. Here the display texts and a
search key are made once per project when it is loaded or changed; a search
is one pass over the keys (`set_filter`), a sort one Python `sorted` over
prepared keys (`sort`). Rows arrive ordered by number, so the first paint
sorts nothing. `update_projects` redraws only the projects a write changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...amounts import format_wan
from ...domain.records import ProjectSummary
from ...workspace import Workspace
from ..plain_text import tip

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("项目编号", "项目名称", "申请单位", "预算年度", "阶段", "状态", "投资额（万元）")
DRAFT_COLUMN = "草稿自动保存"
COL_YEAR, COL_INVESTMENT = 3, 6

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Row:
    summary: ProjectSummary
    texts: tuple[str, ...]
    key: str            # what a search looks in, casefolded once


def saved_text(saved_at: str) -> str:
    """An autosave time as the lists show it: «2026-11-30 10:21»."""
    return saved_at[:16].replace("T", " ")


def _row(s: ProjectSummary, saved_at: str) -> _Row:
    texts = (s.label, s.name, s.unit, str(s.year), s.stage.value, s.side_state.value if s.side_state else "",
             format_wan(s.investment), saved_text(saved_at) if saved_at else "")
    return _Row(s, texts, "\x1f".join(texts).casefold())


class ProjectTableModel(QAbstractTableModel):
    """`drafts=True` (a department machine): a column with each 附件1 draft's last autosave."""

    def __init__(self, ws: Workspace, parent=None, *, drafts: bool = False) -> None:
        super().__init__(parent)
        self._ws = ws
        self.drafts = drafts
        self._rows: dict[str, _Row] = {}
        self._order: list[str] = []      # every id, in the sort order
        self._visible: list[str] = []    # the ids the filter lets through, in order
        self._pos: dict[str, int] = {}   # visible id → row
        self._needle = ""
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self.loaded = False

    # ------------------------------------------------------------------ loading

    def _saved_times(self) -> dict[str, str]:
        return self._ws.drafts.saved_times("declaration") if self.drafts else {}

    def reload(self) -> None:
        self.load(self._ws.views.summaries())

    def set_drafts(self, drafts: bool) -> None:
        """Show the drafts column or not (the machine's side changed); the caller reloads the rows."""
        if drafts != self.drafts:
            self.beginResetModel()
            self.drafts = drafts
            self.endResetModel()

    def load(self, summaries: list[ProjectSummary]) -> None:
        """Show `summaries` (ordered by number, as `views.summaries` returns them)."""
        saved = self._saved_times()
        self.beginResetModel()
        self._rows = {s.id: _row(s, saved.get(s.id, "")) for s in summaries}
        self._order = [s.id for s in summaries]
        if self._sort != (0, Qt.SortOrder.AscendingOrder):
            self._order = self._sorted(self._order)
        self._refilter()
        self.loaded = True
        self.endResetModel()

    def update_projects(self, ids: set[str] | frozenset[str]) -> None:
        """Redraw exactly the projects in `ids`: changed rows, new ones, deleted ones."""
        saved = self._saved_times()
        for pid in sorted(ids):
            fresh = self._ws.views.summaries(project_id=pid)
            if not fresh:
                self._remove(pid)
                continue
            row = _row(fresh[0], saved.get(pid, ""))
            if pid not in self._rows:
                self._rows[pid] = row
                self._order.append(pid)   # a new project has the newest number: last by number
                if self._passes(row):
                    self._insert_visible(pid)
                continue
            self._rows[pid] = row
            shown, passes = pid in self._pos, self._passes(row)
            if shown and passes:
                r = self._pos[pid]
                self.dataChanged.emit(self.index(r, 0), self.index(r, self.columnCount() - 1))
            elif shown:
                self._remove_visible(pid)
            elif passes:
                self._insert_visible(pid)

    def _remove(self, pid: str) -> None:
        if pid in self._pos:
            self._remove_visible(pid)
        if pid in self._rows:
            del self._rows[pid]
            self._order.remove(pid)

    def _remove_visible(self, pid: str) -> None:
        r = self._pos[pid]
        self.beginRemoveRows(QModelIndex(), r, r)
        del self._visible[r]
        self._reindex()
        self.endRemoveRows()

    def _insert_visible(self, pid: str) -> None:
        # Its place among the visible rows follows the sort order.
        rank = {i: n for n, i in enumerate(self._order)}
        target = rank[pid]
        r = next((n for n, v in enumerate(self._visible) if rank[v] > target), len(self._visible))
        self.beginInsertRows(QModelIndex(), r, r)
        self._visible.insert(r, pid)
        self._reindex()
        self.endInsertRows()

    def _reindex(self) -> None:
        self._pos = {pid: r for r, pid in enumerate(self._visible)}

    # ------------------------------------------------------------------ search and sort

    def _passes(self, row: _Row) -> bool:
        return not self._needle or self._needle in row.key

    def _refilter(self) -> None:
        needle = self._needle
        self._visible = [i for i in self._order if needle in self._rows[i].key] if needle else list(self._order)
        self._reindex()

    def set_filter(self, text: str) -> None:
        """Show the projects whose number, name, unit, year, stage, state or amount contain `text`."""
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._refilter()
        self.endResetModel()

    def _sorted(self, ids: list[str]) -> list[str]:
        column, order = self._sort

        def key(pid: str):
            s = self._rows[pid].summary
            if column == COL_INVESTMENT:
                return (s.investment is None, s.investment or Decimal(0), s.label)
            if column == COL_YEAR:
                return (s.year, s.label)
            return (self._rows[pid].texts[column], s.label)

        return sorted(ids, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort or not 0 <= column < self.columnCount():
            return
        self.layoutAboutToBeChanged.emit()
        before = [(self._visible[i.row()], i.column()) for i in self.persistentIndexList()]
        self._sort = (column, order)
        self._order = self._sorted(self._order)
        self._refilter()
        self.changePersistentIndexList(self.persistentIndexList(),
                                       [self.index(self._pos[pid], col) for pid, col in before])
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ queries

    def project_id(self, row: int) -> str:
        return self._visible[row]

    def row_of(self, project_id: str) -> int:
        """The project's row, or -1 when the search hides it (or it does not exist)."""
        return self._pos.get(project_id, -1)

    def has_project(self, project_id: str) -> bool:
        return project_id in self._rows

    def total(self) -> int:
        return len(self._rows)

    def summary(self, project_id: str) -> ProjectSummary:
        return self._rows[project_id].summary

    # ------------------------------------------------------------------ Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS) + (1 if self.drafts else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[col]
        if role == ID_ROLE:
            return row.summary.id
        if role == SORT_ROLE:
            return row.texts[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_YEAR, COL_INVESTMENT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return tip(row.summary.name)
        if role == Qt.ItemDataRole.ToolTipRole and col == len(COLUMNS) and row.texts[col]:
            return "本机有尚未提交的申报表草稿（双击打开，继续填写）"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (*COLUMNS, DRAFT_COLUMN)[section]
        return None
