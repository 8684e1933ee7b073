"""Text from the data is shown as written, never read as HTML (a department names its project
«<b>…</b>», and the name arrives in its file): tooltips, the detail's title, the review panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from qt_text import shown_as
from builders import new_project
from xxh_desktop.domain.stages import Stage
from xxh_desktop.gui.kanban.model import ID_ROLE
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.gui.plain_text import plain_message, tip
from xxh_desktop.workspace import Workspace

NAME = "<b>平台</b><span style='display:none'>已批准</span>"


def test_a_tooltip_shows_its_text_as_written() -> None:
    assert shown_as(tip(NAME + "\n第二行")) == NAME + "\n第二行"
    assert tip("") == "" and tip(None) is None


def test_a_message_quoting_a_name_with_tags_is_shown_as_written() -> None:
    text = f"已拒绝导入「{NAME}.xxh」：签名无效。\n数据库未作任何改动。"
    assert shown_as(plain_message(text)) == text
    assert plain_message("数据库未作任何改动。") == "数据库未作任何改动。"   # plain text stays as it is


def test_a_name_with_tags_is_shown_as_written(qtbot, ws: Workspace) -> None:
    pid = new_project(ws, NAME, "县应急管理局", 2027, stage=Stage.REVIEWING)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.select_project(pid)

    model = window.project_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == NAME)
    assert shown_as(model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)) == NAME

    column = window.board.model.columns[Stage.REVIEWING]
    card = next(column.index(r, 0) for r in range(column.rowCount()) if column.index(r, 0).data(ID_ROLE) == pid)
    assert NAME in shown_as(card.data(Qt.ItemDataRole.ToolTipRole)).splitlines()[0]

    assert window.detail.title.textFormat() == Qt.TextFormat.PlainText
    assert NAME in window.detail.title.text()
    assert NAME in shown_as(window.checklist_panel.project_label.text())
