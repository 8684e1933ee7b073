"""帮助 → 使用说明 (the built-in manual) and 帮助 → 管理办法原文 (the regulation, searchable).

Both are windows the clerk can keep open beside the work. A refusal's article
opens the regulation at that article (`open_regulation(parent, "第十七条")`);
one viewer per main window, found in its children, raised if already open.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QSplitter, QTextBrowser, QTextEdit, QVBoxLayout, QWidget,
)

from ...errors import XxhError
from ...regulation import DOC_NO, TITLE, parse_cn_number, regulation_path
from ...resources import resource_path
from ..screen import fit_to_screen

ARTICLE_HEAD = re.compile(r"^\s*第([一二三四五六七八九十]+)\s*条")
CHAPTER_HEAD = re.compile(r"^\s*第[一二三四五六七八九十]+章")
ARTICLE_REF = re.compile(r"第([一二三四五六七八九十]+)条")
HIGHLIGHT = QColor("#fff1a8")
CURRENT = QColor("#ffb74d")


def article_numbers(text: str) -> list[int]:
    """The articles a message cites, in order, each once («第九条、第十条：…» → [9, 10])."""
    found: list[int] = []
    for match in ARTICLE_REF.finditer(text):
        n = parse_cn_number(match.group(1))
        if n not in found:
            found.append(n)
    return found


def regulation_html() -> tuple[str, list[tuple[int, str]]]:
    """The regulation as HTML with an anchor «a{N}» at each article, and the (N, heading) list."""
    try:
        lines = regulation_path().read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise XxhError(f"找不到管理办法原文（{regulation_path()}）：{exc}") from exc
    parts = [f"<h2 style='text-align:center'>{html.escape(TITLE)}</h2>",
             f"<p style='text-align:center;color:#555'>{html.escape(DOC_NO)}</p>"]
    heads: list[tuple[int, str]] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        text = html.escape(line)
        article = ARTICLE_HEAD.match(line)
        if article:
            n = parse_cn_number(article.group(1))
            if n not in dict(heads):
                heads.append((n, f"第{article.group(1)}条"))
                end = article.end()
                parts.append(f"<p><a name='a{n}'></a><b>{html.escape(line[:end])}</b>{html.escape(line[end:])}</p>")
                continue
        if CHAPTER_HEAD.match(line):
            parts.append(f"<h3 style='text-align:center'>{text}</h3>")
        else:
            parts.append(f"<p>{text}</p>")
    return "\n".join(parts), heads


class RegulationDialog(QDialog):
    """The regulation's text with its articles listed at the side and a search box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"管理办法原文 — {TITLE}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("查找：", self))
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("输入词语，回车查找下一处，如“终验”“试运行”")
        self.search_edit.setClearButtonEnabled(True)
        bar.addWidget(self.search_edit, 1)
        self.previous_button = QPushButton("上一处", self)
        self.next_button = QPushButton("下一处", self)
        self.count_label = QLabel(self)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        splitter = QSplitter(self)
        self.article_list = QListWidget(splitter)
        self.browser = QTextBrowser(splitter)
        self.browser.setOpenLinks(False)
        text, heads = regulation_html()
        self.browser.setHtml(text)
        for n, head in heads:
            item = QListWidgetItem(head)
            item.setData(Qt.ItemDataRole.UserRole, n)
            self.article_list.addItem(item)
        self.article_list.setMaximumWidth(110)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.article_list.currentItemChanged.connect(self._on_article_list_current_item_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search_edit.setFocus)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.find_next)
        fit_to_screen(self, 860, 700)

    # ------------------------------------------------------------------ articles

    def show_article(self, number: int) -> bool:
        """Scroll to article `number` and mark it; False if the regulation has no such article."""
        for row in range(self.article_list.count()):
            item = self.article_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == number:
                self.article_list.setCurrentRow(row)
                return True
        return False

    def _on_article_list_current_item_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is None:
            return
        number = item.data(Qt.ItemDataRole.UserRole)
        self.browser.scrollToAnchor(f"a{number}")
        cursor = self.browser.document().find(item.text())
        if not cursor.isNull():
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            self._mark([cursor], CURRENT)

    # ------------------------------------------------------------------ search

    def _on_search_edit_text_changed(self, text: str) -> None:
        """Every occurrence highlighted; the count beside the box."""
        needle = text.strip()
        found: list[QTextCursor] = []
        if needle:
            document = self.browser.document()
            cursor = document.find(needle)
            while not cursor.isNull():
                found.append(cursor)
                cursor = document.find(needle, cursor)
        self._mark(found, HIGHLIGHT)
        self.count_label.setText(f"{len(found)} 处" if needle else "")
        if found:
            self.browser.setTextCursor(QTextCursor(found[0].block()))
            self.browser.ensureCursorVisible()

    def _mark(self, cursors: list[QTextCursor], color: QColor) -> None:
        selections = []
        for cursor in cursors:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            selection.format = fmt
            selections.append(selection)
        self.browser.setExtraSelections(selections)

    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        needle = self.search_edit.text().strip()
        if not needle:
            return False
        if self.browser.find(needle, flags):
            return True
        # From the other end once (wrap around).
        cursor = self.browser.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if flags & QTextDocument.FindFlag.FindBackward
                            else QTextCursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(needle, flags)


class ManualDialog(QDialog):
    """使用说明: resources/help/manual.html with its screenshots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        path = resource_path("help", "manual.html")
        if path.exists():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setPlainText(f"找不到使用说明文件：{path}")
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 720)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        # «第十七条» links in the manual open the regulation there; #anchors scroll.
        if url.scheme() == "article":
            open_regulation(self.parentWidget() or self, int(url.path() or url.host() or 0))
        elif url.hasFragment() and url.path() in ("", self.browser.source().path()):
            self.browser.scrollToAnchor(url.fragment())


def _find_or_make(parent: QWidget, kind: type[QDialog]) -> QDialog:
    host = parent.window()
    dialog = host.findChild(kind)
    if dialog is None:
        dialog = kind(host)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def open_regulation(parent: QWidget, article: int | None = None) -> RegulationDialog:
    """Show the regulation (non-modal), at `article` if given."""
    dialog = _find_or_make(parent, RegulationDialog)
    assert isinstance(dialog, RegulationDialog)
    if article:
        dialog.show_article(article)
    return dialog


def open_manual(parent: QWidget) -> ManualDialog:
    dialog = _find_or_make(parent, ManualDialog)
    assert isinstance(dialog, ManualDialog)
    return dialog
