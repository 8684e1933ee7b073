"""Text from the data, shown as it is written: never read as HTML.

Qt takes a tooltip's or an automatic label's text for rich text when its first line holds
something like a tag (`Qt.mightBeRichText`): a project named «<b>…</b>», arriving in a
department's file, would be drawn as HTML — bold, coloured, or hidden. A tooltip made of
data is given as escaped rich text (`tip`); a label that shows data is plain text
(`plain_label`); a label that is HTML on purpose escapes what it quotes (`html.escape`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as TextQt
from PySide6.QtWidgets import QLabel


def tip(text: object) -> object:
    """A tooltip that shows `text` exactly, its line breaks kept; no text, no tooltip."""
    if not isinstance(text, str) or not text:
        return text
    return TextQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def plain_label(label: QLabel) -> QLabel:
    """`label`, showing whatever it is given as plain text."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message(text: str) -> str:
    """A message box's text as written: a message box too takes text whose first line holds a tag
    for HTML (a file's name quoted in a refusal, a project's name in an error)."""
    return tip(text) if TextQt.mightBeRichText(text) else text
