"""The import preview dialog: who sent it, what changes (the review first), choices, the fingerprint check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from xxh_support import DEPT, declare, department, fingerprint, office, pair, register, send

from xxh_desktop.domain.fields import Side
from xxh_desktop.exchange import CONFLICT, NEW, export_package, export_registration, preview_import
from xxh_desktop.gui.dialogs import import_preview as dialog_module
from xxh_desktop.gui.dialogs.import_preview import ImportPreviewDialog, open_import_preview
from xxh_desktop.gui.models.import_preview import REVIEW_RED
from xxh_desktop.workspace import Workspace


def _reopen(ws: Workspace) -> Workspace:
    path = ws.path
    ws.close()
    reopened = Workspace.open(path)
    reopened.user = DEPT
    return reopened


@pytest.fixture
def conflict_file(tmp_path: Path):
    """The department restored an old backup and edited again: its part forks from what the office
    took in (a conflict), and the same file brings a new project."""
    off, dept = pair(tmp_path)
    pid = declare(dept)
    send(dept, off, [pid], tmp_path / "usb" / "v1.xxh")
    dept.close()
    shutil.copy(dept.path, tmp_path / "old-backup.db")
    dept = _reopen(dept)
    dept.projects.update(pid, {"responsible_person": "单位改的人"})
    send(dept, off, [pid], tmp_path / "usb" / "v2.xxh")
    dept.close()
    shutil.copy(tmp_path / "old-backup.db", dept.path)
    for wal in (Path(str(dept.path) + "-wal"), Path(str(dept.path) + "-shm")):
        wal.unlink(missing_ok=True)
    dept = _reopen(dept)
    dept.projects.update(pid, {"responsible_person": "恢复备份后改的人", "supplier": "恢复后的供应商"})
    second = declare(dept, "数字档案馆")
    path = export_package(dept, [pid, second], tmp_path / "usb" / "v3.xxh").path
    yield off, pid, second, path
    dept.close()
    off.close()


def test_a_conflict_is_chosen_field_by_field_and_only_the_senders_part(qtbot, qtmodeltester, conflict_file) -> None:
    off, pid, second, path = conflict_file
    with preview_import(off, path) as preview:
        dialog = ImportPreviewDialog(off, preview)
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.record_model)
        qtmodeltester.check(dialog.field_model)
        model = dialog.record_model
        assert [model.index(r, 0).data() for r in range(model.rowCount())] == [CONFLICT, NEW]
        assert model.index(0, 5).data() == "待选择" and model.index(1, 5).data() == "导入"
        assert model.index(1, 2).data() == "SB-2027-002"        # the unit's 申报编号 until the office numbers it
        assert not dialog.import_button.isEnabled()
        assert "还有 1 条冲突未选择" in dialog.pending_label.text()
        assert not dialog.trust_check.isVisible() and "已登记" in dialog.trust_box.findChild(type(dialog.header)).text()

        assert dialog.current_row() == 0
        fm = dialog.field_model
        rows = {fm.index(r, 0).data(): (fm.index(r, 1).data(), fm.index(r, 2).data()) for r in range(fm.rowCount())}
        assert rows == {"项目·项目责任人": ("单位改的人", "恢复备份后改的人"), "项目·中标供应商": ("（空）", "恢复后的供应商")}
        dialog.show()
        dialog.grab().save(str(Path("/tmp") / "xxh-import-conflict.png"))

        person = next(r for r in range(fm.rowCount()) if fm.index(r, 0).data() == "项目·项目责任人")
        supplier = 1 - person
        assert fm.index(person, 3).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
        assert fm.setData(fm.index(supplier, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        assert dialog.fields_radio.isChecked()
        assert model.index(0, 5).data() == "逐项：采用对方 1 项，保留本机 0 项，1 项待选择"
        assert not dialog.import_button.isEnabled()
        assert fm.setData(fm.index(person, 3), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
        assert model.index(0, 5).data() == "逐项：采用对方 1 项，保留本机 1 项"
        assert dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_ is not None and dialog.result_.counts["合并"] == 1 and dialog.result_.counts[NEW] == 1
    project = off.projects.get(pid)
    assert (project.responsible_person, project.supplier) == ("单位改的人", "恢复后的供应商")
    arrived = off.projects.get(second)
    assert (arrived.number, arrived.declaration_no) == ("JZ-2027-002", "SB-2027-002")   # numbered on receipt


def test_whole_record_buttons_and_not_importing_a_new_record(qtbot, conflict_file) -> None:
    off, pid, second, path = conflict_file
    with preview_import(off, path) as preview:
        dialog = ImportPreviewDialog(off, preview)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.take_all_button, Qt.MouseButton.LeftButton)
        assert dialog.record_model.index(0, 5).data() == "采用对方" and dialog.theirs_radio.isChecked()
        qtbot.mouseClick(dialog.mine_radio, Qt.MouseButton.LeftButton)
        assert dialog.choices[pid] == "mine"
        dialog.record_view.selectRow(1)
        qtbot.mouseClick(dialog.mine_radio, Qt.MouseButton.LeftButton)
        assert dialog.record_model.index(1, 5).data() == "不导入"
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert off.projects.get(pid).responsible_person == "单位改的人"
    assert not off.projects.exists(second)


def test_the_offices_review_is_listed_first_in_red(qtbot, tmp_path: Path) -> None:
    from xxh_support import review

    off, dept = pair(tmp_path)
    pid = declare(dept)
    send(dept, off, [pid], tmp_path / "usb" / "a.xxh")
    review(off, pid)
    back = export_package(off, [pid], tmp_path / "usb" / "back.xxh").path
    with preview_import(dept, back) as preview:
        dialog = ImportPreviewDialog(dept, preview)
        qtbot.addWidget(dialog)
        fm = dialog.field_model
        labels = [fm.index(r, 0).data() for r in range(fm.rowCount())]
        assert labels[0] == "阶段" and fm.index(0, 2).data() == "已申报 → 审核中 → 待县政府批准"
        assert "书面审核意见" in labels and "项目·项目编号" in labels
        red = [fm.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) for r in range(fm.rowCount())]
        assert all(b is not None and b.color().name() == REVIEW_RED for b in red)
        assert dialog.record_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == REVIEW_RED
        dialog.show()
        dialog.grab().save(str(Path("/tmp") / "xxh-import-review.png"))
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dept.projects.get(pid).number == "JZ-2027-001"


def test_a_first_key_waits_for_the_fingerprint_check(qtbot, tmp_path: Path) -> None:
    off, dept = pair(tmp_path)
    pid = declare(dept)
    path = export_package(dept, [pid], tmp_path / "usb" / "first.xxh").path
    with preview_import(off, path) as preview:
        dialog = ImportPreviewDialog(off, preview)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.trust_check.isVisible() and not dialog.trust_check.isChecked()
        assert fingerprint(dept) in dialog.trust_box.findChild(type(dialog.header)).text()
        assert "附件1或附件2页脚" in dialog.trust_box.findChild(type(dialog.header)).text()
        assert not dialog.import_button.isEnabled() and "请先核对密钥指纹" in dialog.pending_label.text()
        dialog.grab().save(str(Path("/tmp") / "xxh-import-first-key.png"))
        dialog.trust_check.setChecked(True)
        assert dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_ is not None and off.projects.exists(pid)
    assert off.keys.current(Side.UNIT, DEPT).fingerprint == fingerprint(dept)


def test_a_registration_file_shows_the_offices_fingerprint(qtbot, tmp_path: Path) -> None:
    off, dept = office(tmp_path), department(tmp_path)
    path = export_registration(off, DEPT, tmp_path / "reg.xxh").path
    with preview_import(dept, path) as preview:
        dialog = ImportPreviewDialog(dept, preview)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.import_button.text() == "登记" and not dialog.import_button.isEnabled()
        assert f"为「<b>{DEPT}</b>」制作的单位登记文件" in dialog.header.text()
        assert fingerprint(off) in dialog.trust_box.findChild(type(dialog.header)).text()
        assert "单位登记单" in dialog.trust_box.findChild(type(dialog.header)).text()
        dialog.grab().save(str(Path("/tmp") / "xxh-import-registration.png"))
        dialog.trust_check.setChecked(True)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dept.keys.current(Side.OFFICE).fingerprint == fingerprint(off)
    dept.close()
    off.close()


def test_open_import_preview_shows_a_refusal_and_the_office_can_see_it(qtbot, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    off = office(tmp_path)
    bad = tmp_path / "bad.xxh"
    bad.write_bytes(b"not a zip at all")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    assert open_import_preview(off, bad, None) is None
    assert warned and "不是 zip 格式" in warned[0] and "数据库未作任何改动" in warned[0]
    refused = [e for e in off.audit_log.entries() if e.action == "拒绝导入交换文件"]
    assert len(refused) == 1 and refused[0].target == "bad.xxh" and refused[0].result == "拒绝"
    off.close()


def test_open_import_preview_imports_once(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off, dept = pair(tmp_path)
    pid = declare(dept)
    send(dept, off, [pid], tmp_path / "usb" / "a.xxh")
    dept.projects.update(pid, {"supplier": "某公司"})
    path = export_package(dept, [pid], tmp_path / "usb" / "b.xxh").path
    monkeypatch.setattr(dialog_module.ImportPreviewDialog, "exec",
                        lambda self: (self._on_import(), self.result())[1])
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: infos.append(text))
    result = open_import_preview(off, path, None)
    assert result is not None and result.counts["更新"] == 1 and off.projects.get(pid).supplier == "某公司"
    assert open_import_preview(off, path, None) is None
    assert "此文件已于" in infos[-1]
    dept.close()
    off.close()


def test_text_from_the_file_is_shown_escaped(qtbot, tmp_path: Path) -> None:
    from datetime import date

    from xxh_desktop import checklist, lifecycle
    from xxh_desktop.domain.stages import Stage
    from xxh_desktop.lifecycle import move_stage

    off, dept = pair(tmp_path)
    pid = declare(dept)
    send(dept, off, [pid], tmp_path / "usb" / "a.xxh")
    assert move_stage(off, pid, Stage.REVIEWING, on=date(2026, 9, 20)).ok
    lifecycle.update_facts(off, pid, {"consulted_units": "县财政局", "consulted_on": "2026-09-25"})   # 第九条
    for item in checklist.ITEMS:
        checklist.set_answer(off, pid, item.key, "符合")
    checklist.write_opinion(off, pid, "同意", "同意建设。\n[更新] 伪造的一行", issued_on=date(2026, 10, 10))
    path = export_package(off, [pid], tmp_path / "usb" / "b.xxh").path
    with preview_import(dept, path) as preview:
        dialog = ImportPreviewDialog(dept, preview)
        qtbot.addWidget(dialog)
        fm = dialog.field_model
        opinion = next(r for r in range(fm.rowCount()) if fm.index(r, 0).data() == "书面审核意见")
        assert fm.index(opinion, 2).data() == "同意（2026-10-10）：同意建设。⏎[更新] 伪造的一行"
    dept.close()
    off.close()


def test_export_from_the_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.gui.dialogs.export_xxh import export_records

    off, dept = pair(tmp_path)
    pid = declare(dept)
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: infos.append(text))
    result = export_records(dept, [pid], None, out=tmp_path / "usb.xxh")
    assert result is not None and "已导出并读回校验" in infos[-1] and result.file_sm3 in infos[-1]
    with preview_import(off, result.path) as preview:
        assert [r.status for r in preview.records] == [NEW]
    assert export_records(dept, [], None) is None and "请先在项目列表中选择" in infos[-1]
    dept.close()
    off.close()


def test_unit_registration_makes_the_file_and_its_sheet(qtbot, tmp_path: Path) -> None:
    from xxh_desktop.gui.dialogs.unit_registration import UnitRegistrationDialog

    off, dept = office(tmp_path), department(tmp_path, "县林业局")
    dialog = UnitRegistrationDialog(off)
    qtbot.addWidget(dialog)
    assert not dialog.sheet_button.isEnabled()
    made = dialog.make("县林业局", tmp_path / "登记-县林业局.xxh")
    assert made is not None and dialog.sheet_button.isEnabled() and "县林业局" in off.units.names()
    sheet = dialog.write_sheet(tmp_path / "登记单.pdf")
    with pdfplumber.open(sheet) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "县林业局" in text and fingerprint(off) in text and made.file_sm3[:16] in text.replace("\n", "")
    dialog.show()
    dialog.grab().save(str(Path("/tmp") / "xxh-unit-registration.png"))
    register(off, dept, tmp_path / "usb2")      # the same office registers the unit again: still one key
    assert [k.fingerprint for k in dept.keys.all()] == [fingerprint(off)]
    dept.close()
    off.close()


def test_the_office_menu_has_unit_registration_and_a_department_does_not(qtbot, ws, tmp_path: Path) -> None:
    from xxh_desktop.gui.main_window import MainWindow

    window = MainWindow(ws)
    qtbot.addWidget(window)
    assert [a.text() for a in window.menus["文件"].actions()][:2] == ["导入交换文件（.xxh）…", "导出交换文件（.xxh）…"]
    assert "单位登记…" in [a.text() for a in window.menus["工具"].actions()]
    dept = department(tmp_path)
    unit_window = MainWindow(dept)
    qtbot.addWidget(unit_window)
    assert "单位登记…" not in [a.text() for a in unit_window.menus["工具"].actions() if a.isVisible()]
    dept.close()


def test_the_window_checks_and_imports_a_file_in_the_background(qtbot, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """From the window the file is read and checked, then imported, on the operations' worker; the
    board shows the new project without a reload."""
    from PySide6.QtWidgets import QDialog

    from xxh_desktop.gui.main_window import MainWindow

    off, dept = pair(tmp_path)
    pid = declare(dept)
    path = export_package(dept, [pid], tmp_path / "usb" / "a.xxh").path
    window = MainWindow(off)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.is_loaded, timeout=10000)

    begun: list[Path] = []

    def exec_(dialog: ImportPreviewDialog) -> int:
        begun.append(dialog.preview.backup.path)   # copied and checked while the clerk reads
        dialog.trust_check.setChecked(True)
        dialog._on_import()
        assert not dialog.buttons.isEnabled()        # no second click, no closing, while it runs
        qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=10000)
        assert dialog.result_.backup_path == begun[0]   # the preview's backup, finished by the import
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: infos.append(text))
    window.open_exchange_file(path)
    qtbot.waitUntil(lambda: any(t.startswith("导入完成") for t in infos), timeout=10000)
    assert off.projects.get(pid).number == "JZ-2027-001"
    qtbot.waitUntil(lambda: pid in {c.id for c in window.board.model.cards()}, timeout=10000)
    assert window.board.model.card(pid).number == "JZ-2027-001"
    dept.close()
