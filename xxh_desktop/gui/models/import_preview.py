"""Qt models of an import preview: the records with their status and choice, and one record's fields.

Everything shown comes from the file, so every text goes through `shown()`:
no line break, control or direction character of a hostile file reaches the
screen as itself.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain.text import shown
from ...exchange.preview import FieldDiff, RecordPreview
from ...exchange.merge import CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, UPDATE, Choice
from ..plain_text import tip

Index = QModelIndex | QPersistentModelIndex

RECORD_COLUMNS = ("状态", "类型", "编号", "名称", "单位", "处理")
FIELD_COLUMNS = ("内容", "本机", "对方", "采用对方")
TAKE = 3   # the checkable column
REVIEW_RED = "#b71c1c"   # a stage, a status or the office's review: what the receiver must not miss

_STATUS_COLOURS = {
    NEW: "#e3f4e1", UPDATE: "#e1ecf8", CONFLICT: "#fbe0dc", UNCHANGED: "#f2f2f2", OLDER: "#f2f2f2",
}


def is_complete(record: RecordPreview, choice: Choice | None) -> bool:
    """A choice covers the record: whole, or every differing field."""
    if isinstance(choice, dict):
        return all(f.key in choice for f in record.fields)
    return choice is not None


def choice_text(record: RecordPreview, choice: Choice | None) -> str:
    """What will happen to a record, in the clerk's words."""
    if record.status == OLDER or (record.status == UNCHANGED and not record.moves):
        return "不处理"
    if choice is None:
        return "待选择"
    if isinstance(choice, dict):
        taken = sum(1 for f in record.fields if choice.get(f.key) == THEIRS)
        kept = sum(1 for f in record.fields if choice.get(f.key) == MINE)
        open_ = len(record.fields) - taken - kept
        return f"逐项：采用对方 {taken} 项，保留本机 {kept} 项" + (f"，{open_} 项待选择" if open_ else "")
    if record.status == NEW:
        return "导入" if choice == THEIRS else "不导入"
    return "采用对方" if choice == THEIRS else "保留本机"


class RecordListModel(QAbstractTableModel):
    """One row per incoming record; the last column shows the current choice."""

    def __init__(self, records: list[RecordPreview], choices: dict[str, Choice], parent=None) -> None:
        super().__init__(parent)
        self._records = records
        self._choices = choices

    def record(self, row: int) -> RecordPreview:
        return self._records[row]

    def choice_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(RECORD_COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(RECORD_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (rec.status, rec.kind_label, shown(rec.number, 40), shown(rec.title, 80), shown(rec.unit, 40),
                    choice_text(rec, self._choices.get(rec.record_id)))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.column() == 5 and rec.status == CONFLICT and not is_complete(rec, self._choices.get(rec.record_id)):
                return QBrush(QColor("#f8c9c0"))
            return QBrush(QColor(_STATUS_COLOURS[rec.status]))
        if role == Qt.ItemDataRole.ForegroundRole and any(f.important for f in rec.fields):
            return QBrush(QColor(REVIEW_RED))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return RECORD_COLUMNS[section]
        return None


class FieldDiffModel(QAbstractTableModel):
    """One record's changes side by side, the office's review and the stage first, in red;
    采用对方 is checkable where the clerk may choose (a conflict).

    `picked` maps field keys to MINE / THEIRS; a key missing from it is still
    to be chosen and shows as partially checked.
    """

    field_toggled = Signal(str, bool)   # field key, take theirs

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._fields: list[FieldDiff] = []
        self._picked: dict[str, str] = {}
        self._choosable = False

    def show(self, fields: list[FieldDiff], picked: dict[str, str], choosable: bool) -> None:
        self.beginResetModel()
        self._fields, self._picked, self._choosable = list(fields), dict(picked), choosable
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIELD_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self._fields[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole and col < TAKE:
            return shown((f.label, f.mine, f.theirs)[col], 2000)
        if role == Qt.ItemDataRole.ToolTipRole and col < TAKE:
            return tip(shown((f.label, f.mine, f.theirs)[col], 2000))
        if role == Qt.ItemDataRole.ForegroundRole and col < TAKE and f.important:
            return QBrush(QColor(REVIEW_RED))
        if role == Qt.ItemDataRole.CheckStateRole and col == TAKE and self._choosable:
            pick = self._picked.get(f.key)
            if pick is None:
                return Qt.CheckState.PartiallyChecked
            return Qt.CheckState.Checked if pick == THEIRS else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and self._choosable and col in (1, 2):
            pick = self._picked.get(f.key)
            if pick is not None:
                return QBrush(QColor("#d7f0d2" if (pick == THEIRS) == (col == 2) else "#ffffff"))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TAKE and self._choosable:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != TAKE \
                or not self._choosable:
            return False
        key = self._fields[index.row()].key
        theirs = value if isinstance(value, bool) else Qt.CheckState(value) == Qt.CheckState.Checked
        self._picked[key] = THEIRS if theirs else MINE
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), TAKE))
        self.field_toggled.emit(key, theirs)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return FIELD_COLUMNS[section]
        return None
