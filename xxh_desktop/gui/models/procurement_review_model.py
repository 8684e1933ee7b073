"""附件2 cases as a table model (编号, 单位, 日期, 品目, 金额, 状态, 审核意见).

The office sees the submitted cases it reviews. A department sees its own
cases, drafts included, with each draft's last autosave: an unsubmitted 附件2
stays in view until it is handed in (`procurement_review.machine_rows`).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...amounts import format_yuan
from ...domain.records import ProcurementCase
from ...domain.stages import CaseStatus
from ...procurement_review import machine_rows
from ...workspace import Workspace
from ..plain_text import tip
from .project_table import saved_text

COLUMNS = ("申报编号", "申请单位", "申报日期", "采购品目", "合计金额（元）", "状态", "审核意见")
DRAFT_COLUMN = "草稿自动保存"
COL_STATUS = 5
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_COLORS = {"草稿": "#6b7280", "已申报": "#1565c0", "审核中": "#a15c00", "通过": "#1b7f3a",
                 "退回修改": "#a15c00", "不予通过": "#b3261e"}
DRAFT_STATUS = "草稿（未提交）"

Index = QModelIndex | QPersistentModelIndex
Cases = tuple[list[ProcurementCase], dict[str, str]]   # the rows, and each draft's last autosave


def read_cases(ws: Workspace, *, drafts: bool) -> Cases:
    """What the list shows, read without touching a widget (the window reads it off the UI thread)."""
    return machine_rows(ws), (ws.drafts.saved_times("procurement") if drafts else {})


class ProcurementReviewModel(QAbstractTableModel):
    """`drafts=True` (a department machine): drafts listed, with their last autosave."""

    def __init__(self, ws: Workspace, parent=None, *, drafts: bool = False, load: bool = True) -> None:
        super().__init__(parent)
        self._ws = ws
        self.drafts = drafts
        self._rows: list[ProcurementCase] = []
        self._saved: dict[str, str] = {}
        self.loaded = False
        if load:
            self.reload()

    def reload(self) -> None:
        self.load(read_cases(self._ws, drafts=self.drafts))

    def load(self, cases: Cases) -> None:
        """Show `cases` (`read_cases`, read here or on the window's worker thread)."""
        self.beginResetModel()
        self._rows, self._saved = cases
        self.loaded = True
        self.endResetModel()

    def update_cases(self, ids: set[str] | frozenset[str]) -> None:
        """Redraw the cases in `ids` only (a case new to this list is added in number order)."""
        fresh = {c.id: c for c in machine_rows(self._ws) if c.id in ids}
        if self.drafts:
            self._saved = self._ws.drafts.saved_times("procurement")
        for case_id in ids:
            row = self.row_of(case_id)
            case = fresh.get(case_id)
            if case is None and row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
            elif case is not None and row >= 0:
                self._rows[row] = case
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            elif case is not None:
                at = next((i for i, r in enumerate(self._rows) if r.label > case.label), len(self._rows))
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, case)
                self.endInsertRows()

    def row_of(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), -1)

    def case(self, row: int) -> ProcurementCase:
        return self._rows[row]

    def status_text(self, case: ProcurementCase) -> str:
        return DRAFT_STATUS if case.status == CaseStatus.DRAFT else case.status.value

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS) + (1 if self.drafts else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            saved = self._saved.get(r.id, "")
            values = (r.label, r.applicant_unit, r.filled_on.isoformat() if r.filled_on else "", r.items_text,
                      format_yuan(r.total), self.status_text(r), r.review_opinion, saved_text(saved) if saved else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return "尚未提交县智慧办。双击打开，继续填写后「提交申报」。" if r.status == CaseStatus.DRAFT else tip(values[col])
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return QBrush(QColor(STATUS_COLORS.get(r.status.value, "#000000")))
        if role == ID_ROLE:
            return r.id
        if role == STATUS_ROLE:
            return r.status.value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (*COLUMNS, DRAFT_COLUMN)[section]
        return None
