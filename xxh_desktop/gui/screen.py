"""Windows that fit the screen they open on (a 1366×768 county laptop: 1366×728 above the taskbar).

Every window and dialog is sized through `fit_to_screen`: the size it would
like, cut down to the screen's available geometry (`QScreen.availableGeometry`,
which leaves out the taskbar) less room for the window frame, and centred on
its parent or the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# The title bar and borders the window manager adds around a window's client area.
FRAME = QSize(16, 40)
# Below this width (1366 at 100 %, less at 125 %) views switch to their compact layout.
COMPACT_WIDTH = 1400


def screen_of(widget: QWidget | None = None) -> QScreen:
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.screen() if parent is not None else None) or widget.screen()
    return screen or QGuiApplication.primaryScreen()


def available(widget: QWidget | None = None) -> QRect:
    """The screen's usable area for `widget` (its parent's screen when it has one)."""
    return screen_of(widget).availableGeometry()


def client_room(widget: QWidget | None = None) -> QSize:
    """The largest client size whose framed window still fits the available area."""
    area = available(widget)
    return QSize(max(area.width() - FRAME.width(), 200), max(area.height() - FRAME.height(), 200))


def is_compact(widget: QWidget | None = None) -> bool:
    return available(widget).width() < COMPACT_WIDTH


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Give `widget` (a window or dialog) `width`×`height`, or as much as the screen allows; centred."""
    room = client_room(widget)
    size = QSize(min(width, room.width()), min(height, room.height()))
    # A layout's minimum larger than the screen would push the buttons off it: the
    # minimum yields too (the content scrolls or wraps inside instead).
    if widget.minimumWidth() > room.width() or widget.minimumHeight() > room.height():
        widget.setMinimumSize(min(widget.minimumWidth(), room.width()), min(widget.minimumHeight(), room.height()))
    widget.resize(size)
    centre_on_parent(widget)
    return size


def centre_on_parent(widget: QWidget) -> None:
    area = available(widget)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    frame = QRect(0, 0, widget.width() + FRAME.width(), widget.height() + FRAME.height())
    frame.moveCenter(centre)
    # Clamp into the available area: the title bar must never sit above the screen's top.
    x = min(max(frame.left(), area.left()), area.right() - frame.width() + 1)
    y = min(max(frame.top(), area.top()), area.bottom() - frame.height() + 1)
    widget.move(max(x, area.left()), max(y, area.top()))


def fits(widget: QWidget, area: QRect | None = None) -> bool:
    """Whether `widget`'s window, frame included, lies within the available area."""
    area = area or available(widget)
    geometry = widget.frameGeometry()
    if geometry.size() == widget.size():   # not framed yet (offscreen): count the frame ourselves
        geometry = QRect(widget.pos(), widget.size() + FRAME)
    return area.contains(geometry)
