"""A refusal, said as a numbered list: one line per reason, each with its article.

The core's refusals name their articles («第十七条：…»); each article becomes a
link that opens the regulation there (帮助 → 管理办法原文).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ...regulation import cn_number
from ..screen import fit_to_screen
from .help import ARTICLE_REF, article_numbers, open_regulation


def refusal_html(reasons: Sequence[str]) -> str:
    """Each reason a numbered line; a reason that lists many things («尚有 11 项未回答（甲；乙；…）»)
    lists them beneath it, one a line."""
    items = []
    for reason in reasons:
        head, parts = split_listing(reason)
        text = _linked(head)
        if parts:
            text += "<ul>" + "".join(f"<li>{_linked(p)}</li>" for p in parts) + "</ul>"
        items.append(f"<li style='margin-bottom:6px'>{text}</li>")
    return f"<ol style='margin-left:-10px'>{''.join(items)}</ol>"


def split_listing(reason: str, at_least: int = 3) -> tuple[str, list[str]]:
    """«…（甲；乙；丙）» → («…：», [甲, 乙, 丙]) when the closing parenthesis lists `at_least` things."""
    if not reason.endswith("）") or "（" not in reason:
        return reason, []
    head, _, listed = reason[:-1].rpartition("（")
    parts = [p.strip() for p in listed.split("；") if p.strip()]
    if len(parts) < at_least or "（" in listed:
        return reason, []
    return head + "：", parts


def _linked(text: str) -> str:
    return ARTICLE_REF.sub(lambda m: f"<a href='article:{_number(m.group(0))}'>{m.group(0)}</a>", html.escape(text))


def _number(ref: str) -> int:
    return article_numbers(ref)[0]


class RefusalDialog(QDialog):
    """«不能…» with the reasons numbered; Esc or 关闭 closes it."""

    def __init__(self, title: str, intro: str, reasons: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reasons = list(reasons)
        layout = QVBoxLayout(self)
        head = QLabel(intro, self)
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: bold;")
        layout.addWidget(head)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(refusal_html(self.reasons))
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        layout.addWidget(self.browser, 1)
        cited = article_numbers("".join(self.reasons))
        if cited:
            hint = QLabel("点击条款可查看管理办法原文（" + "、".join(f"第{cn_number(n)}条" for n in cited) + "）。", self)
            hint.setWordWrap(True)
            hint.setProperty("role", "hint")
            layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, min(220 + 48 * len(self.reasons), 600))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "article":
            open_regulation(self.parentWidget() or self, int(url.path()))


def show_refusal(parent: QWidget | None, title: str, intro: str, reasons: Sequence[str]) -> None:
    dialog = RefusalDialog(title, intro, reasons, parent)
    dialog.exec()
    dialog.deleteLater()
