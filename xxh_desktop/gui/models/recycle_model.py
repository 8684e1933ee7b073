"""What the 回收站 holds, as a table: kind, 申报编号, name, unit, when it was deleted."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from ...recycle import TrashedItem
from ..plain_text import tip
from .text_table import Index, TextTableModel

COLUMNS = ("类别", "申报编号", "名称", "单位", "移入回收站时间")


def _local(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M")


class RecycleModel(TextTableModel[TrashedItem]):
    COLUMNS = COLUMNS

    def set_items(self, items: list[TrashedItem]) -> None:
        self._set(items, [(i.kind_name, i.label, i.name, i.unit, _local(i.trashed_at)) for i in items])

    def item(self, row: int) -> TrashedItem:
        return self.record(row)

    def row_of(self, record_id: str) -> int:
        return next((n for n, i in enumerate(self._records) if i.id == record_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:   # long names are elided in the cells
            return tip(self.text(index))
        return super().data(index, role)
