"""The reviewer's checklist as a table model: one row per 第九条 item.

Columns: 条款, 审核内容, 结果, 意见说明. A stored answer shows as it is; an
item the app can judge but nobody has answered yet shows its suggestion in
grey, prefixed «建议：», until the reviewer confirms it. Hovering any cell
shows the article's own words (from the regulation file).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ... import checklist
from ...errors import XxhError
from ...regulation import article_text
from ...workspace import Workspace
from ..plain_text import tip as plain_tip

COLUMNS = ("条款", "审核内容", "结果", "意见说明")
COL_ARTICLE, COL_TITLE, COL_ANSWER, COL_COMMENT = range(4)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ANSWER_ROLE = Qt.ItemDataRole.UserRole + 2        # the stored answer, '' when open
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 3    # the app's suggestion, '' when none
COLORS = {"符合": QColor("#1b7f3a"), "不符合": QColor("#b3261e"), "需补充": QColor("#a15c00")}
SUGGESTION_COLOR = QColor("#7a7a7a")

Index = QModelIndex | QPersistentModelIndex


def _tooltip(article: str) -> str:
    try:
        return article_text(article)
    except XxhError as exc:
        return str(exc)


class ChecklistModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, parent=None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._project: str | None = None
        self._answers: dict[str, checklist.Answer] = {}
        self._suggestions: dict[str, checklist.Suggestion] = {}
        self._tips = {i.key: _tooltip(i.article) for i in checklist.ITEMS}

    # ------------------------------------------------------------------ loading

    @property
    def project_id(self) -> str | None:
        return self._project

    def set_project(self, project_id: str | None) -> None:
        """Show another project: a reset (the row count goes 0 ↔ 11)."""
        self.beginResetModel()
        self._project = project_id
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        if self._project is None:
            self._answers, self._suggestions = {}, {}
        else:
            self._answers = checklist.answers(self._ws, self._project)
            self._suggestions = checklist.suggestions(self._ws, self._project)

    def reload(self) -> None:
        """Re-read answers and suggestions of the same project; the rows (the items) stay."""
        self._load()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    # ------------------------------------------------------------------ queries

    def item_at(self, row: int) -> checklist.Item:
        return checklist.ITEMS[row]

    def answer_at(self, row: int) -> checklist.Answer | None:
        return self._answers.get(checklist.ITEMS[row].key)

    def suggestion_at(self, row: int) -> checklist.Suggestion | None:
        return self._suggestions.get(checklist.ITEMS[row].key)

    def progress(self) -> tuple[int, int]:
        return len(self._answers), len(checklist.ITEMS)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._project is None else len(checklist.ITEMS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = checklist.ITEMS[index.row()]
        col = index.column()
        answer = self._answers.get(item.key)
        suggestion = None if answer else self._suggestions.get(item.key)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_ARTICLE:
                return item.article
            if col == COL_TITLE:
                return item.title
            if col == COL_ANSWER:
                if answer:
                    # 第九条: a 需补充 the reviewer accepted as it is no longer holds the review.
                    return answer.answer + ("（可以接受）" if answer.accepted_reason else "")
                return f"建议：{suggestion.answer}" if suggestion else "未审"
            if answer:
                return answer.comment + (f"；可以接受：{answer.accepted_reason}" if answer.accepted_reason else "")
            return suggestion.comment if suggestion else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tips[item.key]
            if col == COL_COMMENT and (answer or suggestion):
                tip = (answer.comment if answer else "建议：" + suggestion.comment) + "\n\n" + tip
            if col == COL_ANSWER and answer:
                tip = f"{answer.answer}（{answer.by}，{answer.at[:16].replace('T', ' ')}）\n\n{tip}"
            return plain_tip(tip)
        if role == Qt.ItemDataRole.ForegroundRole:
            if answer is None and col in (COL_ANSWER, COL_COMMENT):
                return QBrush(SUGGESTION_COLOR)
            if answer is not None and col == COL_ANSWER:
                return QBrush(COLORS[answer.answer])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ARTICLE, COL_ANSWER):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == KEY_ROLE:
            return item.key
        if role == ANSWER_ROLE:
            return answer.answer if answer else ""
        if role == SUGGESTION_ROLE:
            return suggestion.answer if suggestion else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return str(section + 1)
