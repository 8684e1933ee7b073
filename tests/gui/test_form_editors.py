"""附件1 and 附件2 editors: live messages, counter, item table, totals, autosave, Excel import."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from qt_text import shown_as
from builders import new_project, seeded, write_xlsx
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.materials import declaration_kinds
from xxh_desktop.domain.stages import CaseStatus, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.gui.editors import DeclarationEditor, ProcurementEditor
from xxh_desktop.gui.models.materials import MaterialsModel
from xxh_desktop.gui.models.procurement_items import ProcurementItemsModel
from xxh_desktop.workspace import Workspace

UNIT = "金寨县数据资源局"


@pytest.fixture
def ws(ws: Workspace) -> Workspace:
    """The forms are filled in on a department's machine (第五条)."""
    ws.settings.choose_side(Side.UNIT, UNIT)
    return ws


@pytest.fixture
def project(ws: Workspace) -> str:
    return new_project(ws, "县政务数据共享平台二期", UNIT, 2027)


@pytest.fixture
def case(ws: Workspace) -> str:
    return ws.procurements.create(UNIT, year=2026)


def decl_editor(qtbot, ws: Workspace, pid: str) -> DeclarationEditor:
    editor = DeclarationEditor(ws, pid)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def proc_editor(qtbot, ws: Workspace, cid: str) -> ProcurementEditor:
    editor = ProcurementEditor(ws, cid)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def fill_declaration(qtbot, editor: DeclarationEditor) -> None:
    ui = editor.ui
    ui.leaderEdit.insert("张三")  # QTest types no CJK; an input method inserts like this
    ui.contactEdit.insert("李四")
    qtbot.keyClicks(ui.phoneEdit, "0564-5012345")
    qtbot.keyClicks(ui.emailEdit, "sjj@jinzhai.gov.cn")
    ui.declaredOnEdit.setDate(QDate(2026, 9, 15))
    ui.startMonthEdit.setDate(QDate(2027, 1, 1))
    ui.endMonthEdit.setDate(QDate(2027, 12, 1))
    qtbot.keyClicks(ui.investmentEdit, "200")
    qtbot.keyClicks(ui.fundFiscalEdit, "180.5")
    qtbot.keyClicks(ui.fundSelfEdit, "19.5")
    ui.contentEdit.insertPlainText("依据《金寨县政务信息化项目管理办法》，建设数据共享交换通道。")


# ---------------------------------------------------------------- 附件1

def test_messages_appear_beside_fields_as_you_type(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    assert not editor.ui.phoneError.isVisible()  # nothing shouts on an untouched form
    qtbot.keyClicks(editor.ui.phoneEdit, "12345")
    assert editor.ui.phoneError.isVisible()
    assert "联系电话“12345”格式不对" in editor.ui.phoneError.text()
    editor.ui.phoneEdit.clear()
    qtbot.keyClicks(editor.ui.phoneEdit, "13905641234")
    assert not editor.ui.phoneError.isVisible()
    qtbot.keyClicks(editor.ui.investmentEdit, "200")
    qtbot.keyClicks(editor.ui.fundFiscalEdit, "180.5")
    assert editor.ui.fundsSumError.text() == "资金渠道合计 180.5 万元 ≠ 投资额 200 万元。"
    qtbot.keyClicks(editor.ui.fundBankEdit, "19.5")
    assert not editor.ui.fundsSumError.isVisible()
    editor.ui.startMonthEdit.setDate(QDate(2027, 6, 1))
    editor.ui.endMonthEdit.setDate(QDate(2027, 3, 1))
    assert "早于开始月份" in editor.ui.endMonthError.text()


def test_amounts_shown_with_separators_and_unit(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    qtbot.keyClicks(editor.ui.investmentEdit, "1200.5")
    editor.ui.investmentEdit.editingFinished.emit()
    assert editor.ui.investmentEdit.text() == "1,200.5"
    assert editor.ui.investmentCellUnit.text() == "万元"
    qtbot.keyClicks(editor.ui.fundSelfEdit, "1.00005")  # too many decimals: kept as typed
    editor.ui.fundSelfEdit.editingFinished.emit()
    assert editor.ui.fundSelfEdit.text() == "1.00005"
    assert "超过4位小数" in editor.ui.fundSelfError.text()


def test_live_counter_at_200_and_201(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    text = ("依据第8条，建设ABC平台（2027年）；" * 20)[:200]
    editor.ui.contentEdit.insertPlainText(text)
    assert editor.ui.contentCounter.text() == "已输入 200/200 字"
    assert not editor.ui.contentError.isVisible()
    qtbot.keyClicks(editor.ui.contentEdit, "x")
    assert editor.ui.contentCounter.text() == "已输入 201/200 字"
    assert "超过 200 字" in editor.ui.contentError.text()


def test_a_name_that_fits_its_printed_cell_is_still_held_to_the_catalogues_length(
        qtbot, ws: Workspace, project: str) -> None:
    """负责人: 25 Latin characters fit the cell's 57 columns but not the catalogue's 20 characters,
    which the owner holds every stored text to: the editor says so beside the field, before a save."""
    editor = decl_editor(qtbot, ws, project)
    qtbot.keyClicks(editor.ui.leaderEdit, "Zhang San, Li Si, Wang Wu")
    editor.ui.leaderEdit.editingFinished.emit()
    assert "负责人共 25 字，超过 20 字" in editor.ui.leaderError.text()
    editor.ui.leaderEdit.selectAll()
    qtbot.keyClicks(editor.ui.leaderEdit, "Zhang San")
    editor.ui.leaderEdit.editingFinished.emit()
    assert editor.ui.leaderError.text() == ""


def test_autosave_survives_closing_the_editor(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    qtbot.keyClicks(editor.ui.phoneEdit, "0564-501")
    editor.ui.leaderEdit.insert("王五")
    editor.close()  # closing writes the pending draft at once
    draft = ws.drafts.latest("declaration", project)
    assert draft is not None and draft.form["phone"] == "0564-501"
    again = decl_editor(qtbot, ws, project)
    assert again.ui.phoneEdit.text() == "0564-501"
    assert again.ui.leaderEdit.text() == "王五"
    assert again.ui.draftBanner.isVisible() and "草稿" in again.ui.draftBanner.text()
    assert "格式不对" in again.ui.phoneError.text()


def test_autosave_happens_shortly_after_typing(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    qtbot.keyClicks(editor.ui.emailEdit, "a@b.cn")
    qtbot.waitUntil(lambda: ws.drafts.latest("declaration", project) is not None, timeout=6000)
    assert ws.drafts.latest("declaration", project).form["email"] == "a@b.cn"
    assert "草稿已自动保存" in editor.ui.autosaveLabel.text()


def test_autosave_waits_while_another_write_is_under_way(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    qtbot.keyClicks(editor.ui.emailEdit, "a@b.cn")
    editor.ui.autosaveLabel.clear()
    try:
        with ws.transaction():   # an import behind a progress dialog lets the timer fire
            editor.save_draft_now()
            raise XxhError("导入失败，整体撤销")
    except XxhError:
        pass
    # no draft went down with the failed import while the editor claimed it was saved
    assert "草稿已自动保存" not in editor.ui.autosaveLabel.text()
    assert ws.drafts.latest("declaration", project) is None
    editor.autosaver.flush()     # the draft is written once the database is free
    assert ws.drafts.latest("declaration", project).form["email"] == "a@b.cn"


def test_submit_shows_every_problem_then_succeeds(qtbot, ws: Workspace, project: str) -> None:
    editor = decl_editor(qtbot, ws, project)
    problems = editor.submit()
    fields = {p.field for p in problems}
    assert {"leader", "phone", "investment", "content"} <= fields
    assert editor.ui.leaderError.isVisible()  # required fields now speak up
    assert ws.declarations.status(project) == "草稿"
    fill_declaration(qtbot, editor)
    remaining = editor.submit()
    assert {p.field for p in remaining} == {f"materials.{k}" for k in declaration_kinds(False)}
    for kind in declaration_kinds(False)[:-1]:
        editor.attach_file(kind, _file(editor, kind))
    editor.waive(declaration_kinds(False)[-1], "信息资源目录随建设方案一并编制")
    with qtbot.waitSignal(editor.submitted):
        assert editor.submit() == []
    assert ws.declarations.status(project) == "已申报"
    assert ws.projects.get(project).stage == "已申报"  # moved by lifecycle.move_stage
    assert "已申报" in editor.ui.autosaveLabel.text()
    decl = ws.declarations.get(project)
    assert decl.investment == Decimal("200") and decl.leader == "张三"
    assert ws.drafts.latest("declaration", project) is None


def _file(editor: DeclarationEditor, kind: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / f"{kind}.pdf"
    path.write_bytes(f"%PDF {kind}".encode())
    return path


def test_materials_attach_open_replace_waive(qtbot, ws: Workspace, project: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    editor = decl_editor(qtbot, ws, project)
    model = editor.materials_model
    assert [model.status(r) for r in range(model.rowCount())] == ["缺"] * 5
    first = tmp_path / "方案v1.pdf"
    first.write_bytes(b"v1")
    editor.attach_file("项目建设方案", first)
    row = [model.kind(r) for r in range(model.rowCount())].index("项目建设方案")
    assert model.status(row) == "已附"
    assert model.index(row, 2).data() == "方案v1.pdf"
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    path = editor.open_material("项目建设方案")
    assert opened == [str(path)] and path.read_bytes() == b"v1"
    second = tmp_path / "方案v2.pdf"
    second.write_bytes(b"v2")
    editor.attach_file("项目建设方案", second)  # replace
    assert model.index(row, 2).data() == "方案v2.pdf"
    assert editor.material_file("项目建设方案").read_bytes() == b"v2"
    editor.waive("项目概算", "概算正在编制，10月10日前补交")
    concept = [model.kind(r) for r in range(model.rowCount())].index("项目概算")
    assert model.status(concept) == "暂缺"
    assert "10月10日前补交" in model.index(concept, 4).data()
    with pytest.raises(XxhError):
        editor.waive("项目概算", "  ")
    with pytest.raises(XxhError):
        editor.open_material("信息资源目录")
    editor.ui.existingSystemCheck.setChecked(True)  # 第八条第二款 adds a material
    assert model.kind(model.rowCount() - 1) == "现有软硬件资源情况"


def test_materials_model(qtmodeltester, ws: Workspace, project: str) -> None:
    ws.materials.attach(project, "项目建设依据", "依据.pdf", b"x")
    ws.materials.waive(project, "项目概算", "后补")
    model = MaterialsModel(ws, project)
    model.reload(True)
    qtmodeltester.check(model)
    assert model.rowCount() == 6


# ---------------------------------------------------------------- 附件2

def set_row(model: ProcurementItemsModel, row: int, *values: str) -> None:
    for col, value in enumerate(values, start=1):
        assert model.setData(model.index(row, col), value)


def test_items_model(qtmodeltester) -> None:
    model = ProcurementItemsModel()
    model.set_rows([{"item": "台式计算机", "spec": "i5", "quantity": "3", "unit_price": "4999"},
                    {"item": "打印机", "spec": "激光", "quantity": "两台", "unit_price": "1010.05"}])
    model.set_problems({(1, "quantity"): "第2行：数量“两台”不是整数。"})
    qtmodeltester.check(model)
    assert model.index(0, 5).data() == "14,997.00"
    assert model.index(1, 5).data() == ""
    assert shown_as(model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)) == "第2行：数量“两台”不是整数。"
    assert not model.flags(model.index(0, 5)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable


def test_rows_totals_and_upper_case_live(qtbot, ws: Workspace, case: str) -> None:
    editor = proc_editor(qtbot, ws, case)
    model = editor.items_model
    assert model.rowCount() == 1 and editor.upper_text() == "人民币零元整"
    set_row(model, 0, "台式计算机", "国产 i5/16G/512G", "3", "4999")
    assert editor.total_text() == "¥14,997.00 元"
    assert editor.upper_text() == "人民币壹万肆仟玖佰玖拾柒元整"
    editor.add_row()
    set_row(model, 1, "打印机", "A4 黑白激光", "1", "1010.05")
    assert model.index(1, 0).data() == "2" and model.index(1, 5).data() == "1,010.05"
    assert editor.total_text() == "¥16,007.05 元"
    assert editor.upper_text() == "人民币壹万陆仟零柒元零伍分"
    for i in range(7):  # more than the paper's 6 rows
        row = editor.add_row()
        set_row(model, row, f"鼠标{i}", "有线", "1", "10.5")
    assert model.rowCount() == 9 and model.index(8, 0).data() == "9"
    assert editor.upper_text() == "人民币壹万陆仟零捌拾元伍角伍分"
    editor.ui.itemsView.setCurrentIndex(model.index(1, 1))
    editor.ui.moveUpButton.click()
    assert model.index(0, 1).data() == "打印机" and model.index(0, 0).data() == "1"
    editor.ui.moveDownButton.click()
    assert model.index(1, 1).data() == "打印机"
    editor.ui.itemsView.setCurrentIndex(model.index(8, 1))
    editor.ui.removeRowButton.click()
    assert model.rowCount() == 8 and editor.upper_text() == "人民币壹万陆仟零柒拾元零伍分"


def test_typing_into_the_table_and_cell_messages(qtbot, ws: Workspace, case: str) -> None:
    editor = proc_editor(qtbot, ws, case)
    view, model = editor.ui.itemsView, editor.items_model
    qtbot.waitExposed(editor)
    index = model.index(0, 3)
    view.setCurrentIndex(index)  # moving to a cell opens its editor, as in a spreadsheet
    assert view.state() == QAbstractItemView.State.EditingState
    cell = view.viewport().findChild(QLineEdit)
    assert cell is not None
    qtbot.keyClicks(cell, "2x")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(0, 3).data() == "2x")
    assert "不是整数" in editor.ui.itemsError.text()
    assert shown_as(model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)) == "第1行：数量“2x”不是整数。"
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_procurement_funding_and_submission(qtbot, ws: Workspace, case: str) -> None:
    editor = proc_editor(qtbot, ws, case)
    ui = editor.ui
    set_row(editor.items_model, 0, "台式计算机", "i5", "2", "5000")
    editor.add_row()  # a blank row is dropped at submission
    ui.filledOnEdit.setDate(QDate(2026, 10, 8))
    ui.reasonEdit.insertPlainText("现有电脑已使用8年。")
    ui.handlerEdit.insert("王五")
    qtbot.keyClicks(ui.handlerPhoneEdit, "13905641234")
    qtbot.keyClicks(ui.fundBudgetEdit, "9000")
    assert "资金来源合计 9,000.00 元 ≠ 合计金额 10,000.00 元" in ui.fundsSumError.text()
    assert {p.field for p in editor.submit()} == {"funds"}
    assert ws.procurements.get(case).status == "草稿"
    qtbot.keyClicks(ui.fundSpecialEdit, "1000")
    assert not ui.fundsSumError.isVisible()
    assert editor.submit() == []
    assert ws.procurements.get(case).status == "已申报"
    stored = ws.procurements.form(case)
    assert len(stored.items) == 1 and stored.total == Decimal("10000.00")


def test_procurement_autosave_survives_closing(qtbot, ws: Workspace, case: str) -> None:
    editor = proc_editor(qtbot, ws, case)
    set_row(editor.items_model, 0, "笔记本电脑", "14英寸", "两台", "5600")
    editor.close()
    again = proc_editor(qtbot, ws, case)
    assert again.items_model.index(0, 3).data() == "两台"
    assert again.items_model.index(0, 1).data() == "笔记本电脑"
    assert again.ui.draftBanner.isVisible()


HEADER = ["序号", "采购品目", "规格型号", "数量", "单价（元）"]


def test_excel_import_good_file(qtbot, ws: Workspace, case: str, tmp_path: Path) -> None:
    editor = proc_editor(qtbot, ws, case)
    path = write_xlsx(tmp_path / "good.xlsx", [HEADER, [1, "台式计算机", "i5", 3, 4999],
                                               [2, "打印机", "激光", 1, 1010.05]])
    assert editor.import_excel(path) == 2
    assert editor.items_model.rowCount() == 2  # the blank starting row was replaced
    assert editor.upper_text() == "人民币壹万陆仟零柒元零伍分"
    qtbot.waitUntil(lambda: ws.drafts.latest("procurement", case) is not None, timeout=6000)


def test_excel_import_bad_file(qtbot, ws: Workspace, case: str, tmp_path: Path) -> None:
    editor = proc_editor(qtbot, ws, case)
    set_row(editor.items_model, 0, "扫描仪", "A4", "1", "800")
    path = write_xlsx(tmp_path / "bad.xlsx", [["采购清单"], HEADER, [1, "台式计算机", "i5", 3, 4999],
                                              [2, "打印机", "激光", "两台", 1000]])
    with pytest.raises(XxhError, match="第4行：数量“两台”不是整数"):
        editor.import_excel(path)
    assert editor.items_model.rowCount() == 1  # nothing imported
    assert editor.import_excel(path, take_good_only=True) == 1
    assert [editor.items_model.index(r, 1).data() for r in range(2)] == ["扫描仪", "台式计算机"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(XxhError, match="Excel"):
        editor.import_excel(broken)


def test_editors_render(qtbot, ws: Workspace, project: str, case: str, tmp_path: Path) -> None:
    for editor in (decl_editor(qtbot, ws, project), proc_editor(qtbot, ws, case)):
        editor.resize(960, 900)
        image = editor.grab().toImage()
        assert image.width() >= 900 and image.height() >= 800
        assert editor.ui.titleLabel.text().startswith("金寨县")


def test_declaration_read_only_under_review(qtbot, ws: Workspace, project: str) -> None:
    with seeded(ws):
        ws.projects.update(project, {"stage": Stage.REVIEWING})
    editor = decl_editor(qtbot, ws, project)
    assert editor.locked and editor.ui.leaderEdit.isReadOnly()
    assert not editor.ui.submitButton.isEnabled()
    assert "第九条" in editor.ui.draftBanner.text()


def test_procurement_read_only_once_reviewed(qtbot, ws: Workspace, case: str) -> None:
    with seeded(ws):
        ws.procurements.review(case, CaseStatus.PASSED, opinion="同意")
    editor = proc_editor(qtbot, ws, case)
    assert editor.locked and editor.ui.reasonEdit.isReadOnly()
    assert not editor.ui.addRowButton.isEnabled() and not editor.ui.submitButton.isEnabled()
    assert "第五条第二款" in editor.ui.draftBanner.text()


def test_draft_older_than_the_record_is_not_applied(qtbot, ws: Workspace, project: str) -> None:
    from dataclasses import replace

    ws.drafts.save("declaration", project, {"leader": "旧草稿"})
    decl = replace(ws.declarations.get(project), leader="导入的负责人")
    ws.declarations.save(project, decl)  # e.g. an import changed the record after the draft
    editor = decl_editor(qtbot, ws, project)
    assert editor.ui.leaderEdit.text() == "导入的负责人"
    assert "草稿未恢复" in editor.ui.draftBanner.text()


def test_import_button_asks_before_taking_only_good_rows(qtbot, ws: Workspace, case: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.gui import file_dialogs

    editor = proc_editor(qtbot, ws, case)
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, [1, "台式计算机", "i5", 3, 4999],
                                              [2, "打印机", "激光", "两台", 1000]])
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: str(path))
    asked: list[list[str]] = []
    answer = [False]
    monkeypatch.setattr(editor, "ask_take_good_rows",
                        lambda result: asked.append([e.message for e in result.errors]) or answer[0])
    editor.ui.importButton.click()
    assert asked == [["第3行：数量“两台”不是整数"]]
    assert editor.items_model.rowCount() == 1 and editor.items_model.is_blank(0)  # the user said no
    answer[0] = True
    editor.ui.importButton.click()
    assert [editor.items_model.index(r, 1).data() for r in range(editor.items_model.rowCount())] == ["台式计算机"]
    assert editor.ui.autosaveLabel.text() == "已从 Excel 导入 1 行"
