"""Audit entries as a table: local times, Chinese column names, «字段：值» for before → after."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...audit import local_moment
from ...domain.records import AuditEntry
from ...excel.audit_log import readable
from ..plain_text import tip
from .text_table import Index, TextTableModel

COLUMNS = ("序号", "时间", "操作人", "操作", "对象", "变更前", "变更后", "结果")


def _one_line(text: str | None) -> str:
    return (text or "").replace("\n", "；")


class AuditModel(TextTableModel[AuditEntry]):
    COLUMNS = COLUMNS

    def set_entries(self, entries: list[AuditEntry]) -> None:
        texts = []
        for e in entries:
            moment = local_moment(e)
            texts.append((str(e.id), moment.strftime("%Y-%m-%d %H:%M:%S") if moment else e.at, e.who,
                          e.action, e.target, _one_line(readable(e.before)), _one_line(readable(e.after)),
                          e.result))
        self._set(entries, texts)

    def entry(self, row: int) -> AuditEntry:
        return self.record(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (5, 6):
            e = self.record(index.row())
            return tip(readable(e.before if index.column() == 5 else e.after))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)
