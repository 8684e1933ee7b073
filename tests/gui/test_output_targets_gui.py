"""The window's own PDF saves (导出PDF in the preview, the 单位登记单) go through the same check as
the core's exports: never over the database or the machine key (probe finding F1)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from xxh_support import office

from builders import as_unit, new_project
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.errors import XxhError
from xxh_desktop.gui.dialogs.print_preview import preview_dialog


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_preview_does_not_export_over_the_database(qtbot, ws, tmp_path: Path) -> None:
    pid = new_project(ws, "智慧教育云平台", "县教育体育局", 2027)
    with as_unit(ws, "县教育体育局"):
        ws.declarations.save(pid, Declaration(applicant_unit="县教育体育局", project_name="智慧教育云平台"))
    dialog = preview_dialog(ws, "附件1", pid)
    qtbot.addWidget(dialog)
    entries = ws.audit_log.count()
    with pytest.raises(XxhError, match="这是本系统自己的数据库文件"):
        dialog.export_to(ws.path)
    with pytest.raises(XxhError, match="这是本机密钥文件"):
        dialog.export_to(ws.path.parent / "machine.key")
    assert ws.projects.count() == 1 and ws.check() == [] and ws.audit_log.count() == entries


def test_the_registration_sheet_is_not_written_over_the_machine_key(qtbot, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.gui.dialogs.unit_registration import UnitRegistrationDialog

    off = office(tmp_path)
    dialog = UnitRegistrationDialog(off)
    qtbot.addWidget(dialog)
    assert dialog.make("县林业局", tmp_path / "登记-县林业局.xxh") is not None
    key = off.path.parent / "machine.key"
    kept = sha256(key)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    assert dialog.write_sheet(key) is None
    assert "这是本机密钥文件" in warnings[-1] and sha256(key) == kept
    off.close()
