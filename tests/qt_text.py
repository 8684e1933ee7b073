"""What a rich-text tooltip or label puts on the screen, for the window's tests."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument


def shown_as(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()
