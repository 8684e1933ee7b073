"""The import preview dialog: records with their status, choices on one screen, applying writes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from xxh_support import declare, department, office

from xxh_desktop.exchange import CONFLICT, NEW, apply_import, export_package, preview_import
from xxh_desktop.gui.dialogs import import_preview as dialog_module
from xxh_desktop.gui.dialogs.import_preview import ImportPreviewDialog, open_import_preview


@pytest.fixture
def conflict_file(tmp_path: Path):
    """The office holds JZ-2027-001 edited on both sides, and the file also brings a new project."""
    dept, off = department(tmp_path), office(tmp_path)
    pid = declare(dept)
    first = export_package(dept, ["JZ-2027-001"], tmp_path / "v1.xxh").path
    apply_import(off, preview_import(off, first))
    dept.update_project(pid, {"responsible_person": "单位改的人", "supplier": "单位改的供应商"})
    off.update_project(pid, {"responsible_person": "智慧办改的人"})
    declare(dept, "数字档案馆", "JZ-2027-002")
    path = export_package(dept, ["JZ-2027-001", "JZ-2027-002"], tmp_path / "v2.xxh").path
    yield off, pid, path
    dept.close()
    off.close()


def test_dialog_lists_records_and_applies_field_choices(qtbot, qtmodeltester, conflict_file) -> None:
    off, pid, path = conflict_file
    preview = preview_import(off, path)
    dialog = ImportPreviewDialog(off, preview)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.record_model)
    qtmodeltester.check(dialog.field_model)
    model = dialog.record_model
    statuses = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert statuses == [CONFLICT, NEW]
    assert model.index(0, 5).data() == "待选择" and model.index(1, 5).data() == "导入"
    assert not dialog.import_button.isEnabled()
    assert "还有 1 条冲突未选择" in dialog.pending_label.text()

    # the conflict is selected first; both versions side by side
    assert dialog.current_row() == 0
    fm = dialog.field_model
    rows = {fm.index(r, 0).data(): (fm.index(r, 1).data(), fm.index(r, 2).data()) for r in range(fm.rowCount())}
    assert rows["项目·项目责任人"] == ("智慧办改的人", "单位改的人")
    dialog.show()
    dialog.grab().save(str(Path("/tmp") / "xxh-import-preview.png"))

    # who changed what, against the version both sides last held
    by = {fm.index(r, 0).data(): fm.index(r, 3).data() for r in range(fm.rowCount())}
    assert by == {"项目·项目责任人": "双方都改过", "项目·供应商": "对方改过"}

    # per field: take their supplier, keep our responsible person
    supplier_row = next(r for r in range(fm.rowCount()) if fm.index(r, 0).data() == "项目·供应商")
    person_row = 1 - supplier_row
    assert fm.index(person_row, 4).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    assert fm.setData(fm.index(supplier_row, 4), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.fields_radio.isChecked()
    assert model.index(0, 5).data() == "逐项：采用对方 1 项，保留本机 0 项，1 项待选择"
    assert not dialog.import_button.isEnabled()        # a field both sides changed is still open
    assert fm.setData(fm.index(person_row, 4), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.index(0, 5).data() == "逐项：采用对方 1 项，保留本机 1 项"
    assert dialog.import_button.isEnabled()
    qtmodeltester.check(fm)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_ is not None and dialog.result_.counts["合并"] == 1
    row = off.project(pid)
    assert (row["responsible_person"], row["supplier"]) == ("智慧办改的人", "单位改的供应商")
    assert off.project("JZ-2027-002")["name"] == "数字档案馆"


def test_suggestions_leave_fields_both_sides_changed_to_the_clerk(qtbot, conflict_file) -> None:
    off, pid, path = conflict_file
    dialog = ImportPreviewDialog(off, preview_import(off, path))
    qtbot.addWidget(dialog)
    assert dialog.suggest_button.isVisible() or not dialog.isVisible()
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert dialog.choices[pid] == {"project.supplier": "theirs"}
    assert not dialog.import_button.isEnabled() and "还有 1 条冲突未选择" in dialog.pending_label.text()


def test_whole_record_buttons(qtbot, conflict_file) -> None:
    off, pid, path = conflict_file
    dialog = ImportPreviewDialog(off, preview_import(off, path))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.take_all_button, Qt.MouseButton.LeftButton)
    assert dialog.record_model.index(0, 5).data() == "采用对方"
    assert dialog.theirs_radio.isChecked()
    qtbot.mouseClick(dialog.mine_radio, Qt.MouseButton.LeftButton)
    assert dialog.choices[pid] == "mine"
    dialog.record_view.selectRow(1)                    # the new project: do not import it
    qtbot.mouseClick(dialog.mine_radio, Qt.MouseButton.LeftButton)
    assert dialog.record_model.index(1, 5).data() == "不导入"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert off.project(pid)["responsible_person"] == "智慧办改的人"
    assert off.query_one("SELECT count(*) AS n FROM projects WHERE number = 'JZ-2027-002'")["n"] == 0


def test_open_import_preview_shows_a_refusal(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off = office(tmp_path)
    bad = tmp_path / "bad.xxh"
    bad.write_bytes(b"not a zip at all")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert open_import_preview(off, bad, None) is None
    assert shown and "不是 zip 格式" in shown[0] and "数据库未作任何改动" in shown[0]
    off.close()


def test_open_import_preview_confirms_and_imports(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dept, off = department(tmp_path), office(tmp_path)
    declare(dept)
    path = export_package(dept, ["JZ-2027-001"], tmp_path / "a.xxh").path
    monkeypatch.setattr(dialog_module.ImportPreviewDialog, "exec",
                        lambda self: (self._on_import(), self.result())[1])
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: infos.append(text))
    result = open_import_preview(off, path, None)
    assert result is not None and result.counts["新增"] == 1
    assert open_import_preview(off, path, None) is None
    assert "此文件已于" in infos[-1]
    dept.close()
    off.close()


def test_export_from_the_window_side(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.gui.dialogs.export_xxh import export_records

    dept, off = department(tmp_path), office(tmp_path)
    pid = declare(dept)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    result = export_records(dept, [pid], None, out=tmp_path / "usb.xxh")
    assert result is not None and "已导出并读回校验" in shown[-1] and result.file_sm3 in shown[-1]
    assert [r.status for r in preview_import(off, result.path).records] == [NEW]
    assert export_records(dept, [], None) is None and "请先在项目列表中选择" in shown[-1]
    dept.close()
    off.close()


def test_main_window_has_the_exchange_actions(qtbot, ws) -> None:
    from xxh_desktop.gui.main_window import MainWindow

    window = MainWindow(ws, "县智慧办")
    qtbot.addWidget(window)
    texts = [a.text() for a in window.menus["文件"].actions()]
    assert texts[:2] == ["导入交换文件（.xxh）…", "导出交换文件（.xxh）…"]


def test_a_changed_key_can_be_repinned_deliberately(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_support import resign

    from xxh_desktop.workspace import Workspace

    dept, off = department(tmp_path), office(tmp_path)
    declare(dept)
    first = export_package(dept, ["JZ-2027-001"], tmp_path / "a.xxh").path
    apply_import(off, preview_import(off, first))
    dept.update_project(dept.project("JZ-2027-001")["id"], {"supplier": "重装系统后"})
    reinstalled = Workspace.open(tmp_path / "reinstalled.db")
    path = resign(reinstalled, export_package(dept, ["JZ-2027-001"], tmp_path / "b.xxh").path, tmp_path / "c.xxh")

    def click(label: str):
        def exec_(box: QMessageBox) -> int:
            next(b for b in box.buttons() if b.text() == label).click()
            return 0
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", click("取消"))
    assert open_import_preview(off, path, None) is None
    assert off.project("JZ-2027-001")["supplier"] == ""
    monkeypatch.setattr(QMessageBox, "exec", click("我已电话核实，重新固定密钥"))
    monkeypatch.setattr(dialog_module.ImportPreviewDialog, "exec",
                        lambda self: (self._on_import(), self.result())[1])
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    assert open_import_preview(off, path, None) is not None
    assert off.project("JZ-2027-001")["supplier"] == "重装系统后"
    reinstalled.close()
    dept.close()
    off.close()
