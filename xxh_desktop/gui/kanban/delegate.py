"""Paints a project card: number, name, unit, 投资额, side-state badge, next deadline."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...amounts import format_wan
from ...deadlines import UPCOMING_DAYS
from ...overview import BoardRow
from .model import CARD_ROLE, ESCALATION_ROLE

CARD_HEIGHT = 84   # at least; grows with the font
MARGIN = 4

ARTICLE_SUFFIX = re.compile(r"（第[^（）]*条[^（）]*）$")
OVERDUE_COLOR = QColor("#c62828")
UPCOMING_COLOR = QColor("#d98200")
QUIET_COLOR = QColor("#5a6472")

# Badge colours per side state: warnings amber, stops red, closed grey.
BADGE_COLORS = {
    "退回补充": QColor("#d98200"),
    "整改中": QColor("#d98200"),
    "暂缓安排投资计划": QColor("#b2541a"),
    "暂停建设": QColor("#c62828"),
    "不予批准": QColor("#6b7280"),
    "已终止": QColor("#374151"),
}


def deadline_color(due: date | None, today: date) -> QColor:
    """Red when overdue, amber within 30 days, else quiet (PRODUCT.md §4)."""
    if due is None:
        return QUIET_COLOR
    if due < today:
        return OVERDUE_COLOR
    if (due - today).days <= UPCOMING_DAYS:
        return UPCOMING_COLOR
    return QUIET_COLOR


class CardDelegate(QStyledItemDelegate):
    """`compact`: narrow cards for a 1366-pixel screen (the name and unit elide sooner)."""

    def __init__(self, today_source=None, parent=None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self._today_source = today_source   # callable returning the board's "today"
        self.compact = compact

    def _today(self) -> date:
        return self._today_source() if self._today_source else date.today()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line_h = QFontMetrics(option.font).height() + 3
        width = max(option.rect.width(), 120 if self.compact else 180)
        return QSize(width, max(CARD_HEIGHT - (8 if self.compact else 0), 4 * line_h + 2 * MARGIN + (8 if self.compact else 14)))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        card: BoardRow | None = index.data(CARD_ROLE)
        if card is None:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(MARGIN, MARGIN / 2, -MARGIN, -MARGIN / 2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        closed = card.side_state in ("已终止", "不予批准")
        painter.setPen(QPen(QColor("#2f6bb8") if selected else QColor("#c9ced6"), 2 if selected else 1))
        painter.setBrush(QColor("#eef4fc") if selected else QColor("#f3f4f6") if closed else QColor("white"))
        painter.drawRoundedRect(rect, 6, 6)

        pad = 6 if self.compact else 10
        inner = rect.adjusted(pad, 4 if self.compact else 6, -pad, -4 if self.compact else -6).toRect()
        base = QFont(option.font)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 7))
        bold = QFont(base)
        bold.setBold(True)
        line_h = QFontMetrics(base).height() + 3

        # Line 1: number, and the side-state badge at the right.
        painter.setFont(small)
        painter.setPen(QUIET_COLOR)
        top = QRect(inner.left(), inner.top(), inner.width(), line_h)
        badge_w = 0
        escalate = bool(index.data(ESCALATION_ROLE))
        if card.side_state or card.late_declaration or escalate:
            # 第二十条: an overdue 整改 may lead to 暂缓 / 暂停 / 终止 — say so on the card.
            text = "整改逾期" if escalate and card.side_state == "整改中" else card.side_state or "逾期申报"
            fm = QFontMetrics(small)
            badge_w = fm.horizontalAdvance(text) + 12
            badge = QRectF(inner.right() - badge_w, top.top() + 1, badge_w, fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(OVERDUE_COLOR if text == "整改逾期" else BADGE_COLORS.get(card.side_state, UPCOMING_COLOR))
            painter.drawRoundedRect(badge, 7, 7)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            painter.setPen(QUIET_COLOR)
        painter.drawText(top.adjusted(0, 0, -badge_w - 4, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, card.number)

        # Line 2: the name, bold, elided.
        painter.setFont(bold)
        painter.setPen(QColor("#1b1f24"))
        name_rect = QRect(inner.left(), top.bottom(), inner.width(), line_h)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(card.name, Qt.TextElideMode.ElideRight, inner.width()))

        # Line 3: unit left, 投资额 right.
        painter.setFont(base)
        painter.setPen(QColor("#374151"))
        unit_word = "万" if self.compact else " 万元"   # a narrow card keeps room for the unit's name
        money = f"{format_wan(card.investment)}{unit_word}" if card.investment is not None else f"—{unit_word}"
        money_w = QFontMetrics(base).horizontalAdvance(money)
        unit_rect = QRect(inner.left(), name_rect.bottom(), inner.width() - money_w - 8, line_h)
        painter.drawText(unit_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(base).elidedText(card.unit, Qt.TextElideMode.ElideRight, unit_rect.width()))
        painter.drawText(QRect(inner.left(), name_rect.bottom(), inner.width(), line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, money)

        # Line 4: the next deadline, coloured by urgency.
        painter.setFont(small)
        if card.next_due:
            today = self._today()
            painter.setPen(deadline_color(card.next_due, today))
            prefix = "已逾期 " if card.next_due < today else "期限 "
            matter = ARTICLE_SUFFIX.sub("", card.next_matter).split("，")[0]   # the tooltip has it all
            text = f"{prefix}{card.next_due.isoformat()} {matter}"
        else:
            painter.setPen(QUIET_COLOR)
            text = "无待办期限"
        due_rect = QRect(inner.left(), unit_rect.bottom(), inner.width(), line_h)
        painter.drawText(due_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
        painter.restore()
