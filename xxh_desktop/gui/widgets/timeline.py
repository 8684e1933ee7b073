"""A vertical timeline of a project's history: a dot per entry, date and move, who, reason."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from ...domain.records import StageMove
from ...lifecycle import BACKWARD_EVENT
from ..models.lifecycle_tables import HistoryModel

RAIL_X = 14
TEXT_X = 30


class TimelineDelegate(QStyledItemDelegate):
    def _lines(self, option: QStyleOptionViewItem, entry: StageMove, width: int) -> list[tuple[str, QFont, QColor]]:
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() - 1, 7))
        lines = [(HistoryModel.headline(entry), bold, QColor("#1b1f24")),
                 (HistoryModel.byline(entry), small, QColor("#5a6472"))]
        if entry.reason:
            lines.append((f"理由：{entry.reason}", option.font, QColor("#374151")))
        return lines

    def _height(self, font: QFont, text: str, width: int) -> int:
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, max(width, 50), 10_000),
                                               int(Qt.TextFlag.TextWordWrap), text)
        return rect.height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        entry = index.data(HistoryModel.ENTRY_ROLE)
        width = option.rect.width() - TEXT_X - 8 if option.rect.width() > 0 else 300
        if not entry:
            return super().sizeHint(option, index)
        height = sum(self._height(f, t, width) for t, f, _ in self._lines(option, entry, width))
        return QSize(width + TEXT_X, height + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        entry = index.data(HistoryModel.ENTRY_ROLE)
        if not entry:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = option.rect
        painter.setPen(QPen(QColor("#c9ced6"), 2))
        painter.drawLine(r.left() + RAIL_X, r.top(), r.left() + RAIL_X, r.bottom())
        moved = entry.from_stage != entry.to_stage
        backward = entry.event == BACKWARD_EVENT
        color = QColor("#c62828") if backward else QColor("#2f6bb8") if moved else QColor("#d98200")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(r.left() + RAIL_X, r.top() + 12), 5, 5)
        y = r.top() + 4
        width = r.width() - TEXT_X - 8
        for text, font, pen in self._lines(option, entry, width):
            h = self._height(font, text, width)
            painter.setFont(font)
            painter.setPen(pen)
            painter.drawText(QRect(r.left() + TEXT_X, y, width, h), int(Qt.TextFlag.TextWordWrap), text)
            y += h
        painter.restore()
