"""The editor's 附加 goes through the core's check of the file: an empty file is refused with the
core's own message (issue F8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from builders import new_project
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.gui import file_dialogs
from xxh_desktop.gui.editors import DeclarationEditor
from xxh_desktop.storage.materials import read_material_file
from xxh_desktop.workspace import Workspace

UNIT = "金寨县数据资源局"
KIND = "项目建设方案"


def test_an_empty_file_is_refused_in_the_editor_with_the_cores_message(qtbot, ws: Workspace, tmp_path: Path,
                                                                       monkeypatch) -> None:
    ws.settings.choose_side(Side.UNIT, UNIT)
    pid = new_project(ws, "县政务数据共享平台二期", UNIT, 2027)
    editor = DeclarationEditor(ws, pid)
    qtbot.addWidget(editor)
    editor.show()
    empty = tmp_path / "方案.pdf"
    empty.write_bytes(b"")
    with pytest.raises(XxhError) as refused:
        read_material_file(empty)
    core_says = str(refused.value)
    shown: list[str] = []
    monkeypatch.setattr(file_dialogs, "open_file", lambda *_args, **_kwargs: str(empty))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    model = editor.materials_model
    editor.ui.materialsView.selectRow([model.kind(r) for r in range(model.rowCount())].index(KIND))
    qtbot.mouseClick(editor.ui.attachButton, Qt.MouseButton.LeftButton)
    assert shown == [core_says]
    assert "文件是空的（0 字节）" in core_says
    assert ws.materials.list(pid) == []
