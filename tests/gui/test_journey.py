"""The whole journey, as two real machines run it: a department declares, the
office reviews and approves, the answer travels back, and a conflict is settled.

Two Workspaces in tmp_path stand for the two computers; a folder stands for
the USB stick. Every step goes through the widgets a clerk uses (typed into,
clicked, keyed), and the core is only asked to confirm what the screens did.
Screenshots of the key screens go to /tmp/journey/*.png.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from builders import new_project
from xxh_desktop import checklist, lifecycle
from xxh_desktop.annual_plan import export_plan
from xxh_desktop.domain.materials import DECLARATION_KINDS
from xxh_desktop.excel.ledger import export_ledger
from xxh_desktop.exchange import apply_import, export_package, preview_import
from xxh_desktop.exchange.merge import CONFLICT, NEW, UPDATE
from xxh_desktop.gui.dialogs.import_preview import ImportPreviewDialog, open_import_preview
from xxh_desktop.gui.dialogs.print_preview import preview_dialog
from xxh_desktop.gui.editors import DeclarationEditor, ProcurementEditor
from xxh_desktop.gui.kanban import KanbanBoard
from xxh_desktop.gui.kanban.dialogs import MoveEventDialog
from xxh_desktop.gui.main_window import MainWindow
from xxh_desktop.gui.widgets.checklist_panel import ChecklistPanel
from xxh_desktop.gui.widgets.procurement_review import ProcurementReviewWidget
from xxh_desktop.printing.registry import export_form
from xxh_desktop.workspace import Workspace

DEPT = "县教育体育局"
SHOTS = Path("/tmp/journey")
YEAR = date.today().year + 1      # 第五条: declared this autumn for next year
APPROVAL_DOC = "金政秘〔2027〕8号"


def shot(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    QApplication.processEvents()   # let pending layouts settle, as the event loop would
    assert widget.grab().save(str(path))
    return path


def machine(path: Path, role: str, unit: str = "") -> Workspace:
    path.parent.mkdir(parents=True)
    ws = Workspace.open(path)
    settings.set_role(ws, role, unit)
    ws.user = unit or "智慧办审核员"
    return ws


@pytest.fixture
def machines(tmp_path: Path):
    dept = machine(tmp_path / "dept" / "xxh.db", settings.ROLE_UNIT, DEPT)
    office = machine(tmp_path / "office" / "xxh.db", settings.ROLE_OFFICE)
    usb = tmp_path / "usb"
    usb.mkdir()
    yield dept, office, usb
    dept.close()
    office.close()


@pytest.fixture
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes answer at once (and are recorded); file/input dialogs never open."""
    shown: list[tuple[str, str]] = []

    def box(kind: str, answer):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((kind, f"{title}｜{text}"))
            return answer
        return show

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, box(kind, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(("exec", self.text())) or 0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    return shown


# ---------------------------------------------------------------------- 1. the department declares


def material_files(folder: Path) -> dict[str, Path]:
    """One file per 第八条 material, binary and distinct (the byte-exact check needs it)."""
    folder.mkdir()
    out = {}
    for n, kind in enumerate(DECLARATION_KINDS):
        path = folder / f"{kind}.pdf"
        path.write_bytes(b"%PDF-1.4\n" + bytes([n]) * 64 + bytes(range(256)) * (n + 3) + b"\n%%EOF\n")
        out[kind] = path
    return out


def declare_through_the_editor(qtbot, dept: Workspace, files: dict[str, Path],
                               editor: DeclarationEditor | None = None) -> str:
    if editor is None:
        editor = DeclarationEditor(dept, new_project(dept, "智慧校园安防平台", DEPT, YEAR))
        qtbot.addWidget(editor)
    pid = editor.project_id
    editor.resize(960, 1100)
    editor.show()
    ui = editor.ui
    assert ui.applicantUnitEdit.text() == DEPT and ui.projectNameEdit.text() == "智慧校园安防平台"

    ui.leaderEdit.insert("王建国")       # an input method inserts CJK text like this
    ui.contactEdit.insert("刘晓梅")
    qtbot.keyClicks(ui.phoneEdit, "0564-52")
    assert "格式不对" in editor.messages_for("phone")          # live: a bad phone number
    assert ui.phoneError.isVisible()
    qtbot.keyClicks(ui.phoneEdit, "13579")                        # … finished: 0564-5213579
    assert not ui.phoneError.isVisible()
    qtbot.keyClicks(ui.emailEdit, "jtj@jinzhai.gov.cn")
    ui.declaredOnEdit.setDate(QDate.currentDate())
    ui.startMonthEdit.setDate(QDate(YEAR, 3, 1))
    ui.endMonthEdit.setDate(QDate(YEAR, 11, 1))
    qtbot.keyClicks(ui.investmentEdit, "386.25")
    ui.investmentEdit.editingFinished.emit()
    qtbot.keyClicks(ui.fundFiscalEdit, "300")
    qtbot.keyClicks(ui.fundSelfEdit, "50")
    assert ui.fundsSumError.isVisible()                           # live: 350 ≠ 386.25
    assert "≠ 投资额 386.25 万元" in ui.fundsSumError.text()
    qtbot.keyClicks(ui.fundBankEdit, "36.25")
    assert not ui.fundsSumError.isVisible()
    ui.contentEdit.insertPlainText("依据《金寨县政务信息化项目管理办法》和县教育信息化规划，"
                                   "建设全县中小学校园视频安防统一平台，接入县政务云，"
                                   "实现校园出入口、食堂、宿舍重点部位的联网监控与告警。")
    ui.deptOpinionEdit.insertPlainText("同意申报。")
    assert ui.contentCounter.text().startswith("已输入 ")

    # Only the 第八条 materials are still missing.
    problems = editor.submit()
    assert {p.field for p in problems} == {f"materials.{k}" for k in DECLARATION_KINDS}
    for kind in DECLARATION_KINDS[:-1]:
        editor.attach_file(kind, files[kind])
    editor.waive(DECLARATION_KINDS[-1], "信息资源目录随建设方案一并编制，10月底前补交")
    assert ui.problemsLabel.text() == "申报表已填写完整，可以提交"
    shot(editor, "1-declaration-editor-filled")

    with qtbot.waitSignal(editor.submitted):
        ui.submitButton.click()
    assert dept.declaration_status(pid) == "已申报"
    assert dept.project(pid)["stage"] == "已申报"
    decl = dept.load_declaration(pid)
    assert (decl.leader, decl.phone, decl.investment) == ("王建国", "0564-5213579", Decimal("386.25"))
    assert decl.fund_bank == Decimal("36.25")
    editor.close()
    return pid


def procure_through_the_editor(qtbot, dept: Workspace) -> str:
    cid = dept.create_procurement(DEPT, year=YEAR - 1)
    editor = ProcurementEditor(dept, cid)
    qtbot.addWidget(editor)
    editor.resize(960, 1000)
    editor.show()
    ui, model = editor.ui, editor.items_model
    rows = [("台式计算机", "国产i5/16G/512G", "10", "4999"), ("激光打印机", "A4黑白", "2", "1280.5"),
            ("交换机", "24口千兆", "1", "2300"), ("不间断电源", "3kVA", "1", "3650"),
            ("投影仪", "5000流明", "2", "6200"), ("扫描仪", "A4高速", "1", "2980"),
            ("移动硬盘", "4TB", "3", "699.9")]
    for n, values in enumerate(rows):
        row = n if n == 0 else editor.add_row()
        for col, value in enumerate(values, start=1):
            assert model.setData(model.index(row, col), value)
    assert model.rowCount() == 7
    total = sum(Decimal(q) * Decimal(p) for _i, _s, q, p in rows)
    assert editor.total_text() == f"¥{total:,.2f} 元"
    ui.filledOnEdit.setDate(QDate.currentDate())
    ui.reasonEdit.insertPlainText("县实验小学教务办公设备已使用9年，故障频繁。")
    ui.handlerEdit.insert("赵文")
    qtbot.keyClicks(ui.handlerPhoneEdit, "13905640001")
    ui.unitLeaderEdit.insert("孙校长")
    qtbot.keyClicks(ui.fundBudgetEdit, str(total - 10000))
    assert ui.fundsSumError.isVisible()
    qtbot.keyClicks(ui.fundSpecialEdit, "10000")
    assert not ui.fundsSumError.isVisible()
    ui.unitOpinionEdit.insertPlainText("同意采购。")
    assert editor.submit() == []
    assert dept.procurement_row(cid)["status"] == "已申报"
    assert len(dept.load_procurement(cid).items) == 7
    assert dept.load_procurement(cid).total == total
    editor.close()
    return cid


# ---------------------------------------------------------------------- the journey


def test_department_and_office_journey(qtbot, qtmodeltester, machines, no_blocking_dialogs,
                                       tmp_path: Path) -> None:
    dept, office, usb = machines
    files = material_files(tmp_path / "materials")
    pid = declare_through_the_editor(qtbot, dept, files)
    cid = procure_through_the_editor(qtbot, dept)
    # the paper forms the department prints and stamps carry what was typed
    flat = pdf_text(export_form(dept, "附件1", pid, tmp_path / "附件1.pdf").data)
    for expected in ("金寨县政务信息化建设项目申报表", "智慧校园安防平台", "王建国", "0564-5213579", "386.25"):
        assert expected in flat, expected
    flat = pdf_text(export_form(dept, "附件2", cid, tmp_path / "附件2.pdf").data)
    for expected in ("移动硬盘", "台式计算机", "13905640001", "人民币"):
        assert expected in flat, expected
    assert "赵文" not in flat and "孙校长" not in flat   # signatures are left for the pen

    # 2. the department writes the file to the USB stick
    stick_file = usb / "县教育体育局-申报.xxh"
    sent = export_package(dept, [pid, cid], stick_file)
    assert (sent.projects, sent.procurements, sent.attachments) == (1, 1, 4)

    # 3. the office imports it through the preview
    preview = preview_import(office, stick_file)
    dialog = import_through_the_dialog(qtbot, qtmodeltester, office, preview, "3-import-preview")
    assert dialog.statuses() == [NEW, NEW]
    assert dialog.field_view.isColumnHidden(1) and not dialog.field_view.isColumnHidden(2)   # nothing here yet
    assert dialog.result_.changed
    proj = office.project(pid)
    assert (proj["stage"], proj["unit"], proj["name"]) == ("已申报", DEPT, "智慧校园安防平台")
    assert office.load_declaration(pid).investment == Decimal("386.25")
    stored = {m["kind"]: m for m in office.materials(pid)}
    for kind in DECLARATION_KINDS[:-1]:
        assert office.blob(stored[kind]["sm3"]) == files[kind].read_bytes()    # byte-exact
    assert "10月底前补交" in stored[DECLARATION_KINDS[-1]]["waived_reason"]
    assert len(office.load_procurement(cid).items) == 7

    review_the_procurement(qtbot, office, cid)
    review_on_the_office_machine(qtbot, office, pid)
    approve_on_the_board(qtbot, office, pid)
    check_office_documents(office, pid, tmp_path)

    # 4. the answer travels back
    back_file = usb / "县智慧办-审核反馈.xxh"
    export_package(office, [pid, cid], back_file)
    preview = preview_import(dept, back_file)
    assert preview.purpose == "审核反馈"
    dialog = import_through_the_dialog(qtbot, qtmodeltester, dept, preview, "4-import-review-back")
    assert dialog.statuses() == [UPDATE, UPDATE]
    seen = ProcurementReviewWidget(dept, reviewer=False)     # the department's 采购申报 tab
    qtbot.addWidget(seen)
    seen.select_case(cid)
    assert seen.opinion_edit.toPlainText() == "同意采购，请按政府采购程序办理。"
    assert "当前：通过" in seen.case_label.text()
    locked = ProcurementEditor(dept, cid)
    qtbot.addWidget(locked)
    assert locked.locked and "第五条第二款" in locked.ui.draftBanner.text()
    proj = dept.project(pid)
    assert (proj["stage"], proj["approval_doc_no"], proj["plan_year"]) == (lifecycle.APPROVED, APPROVAL_DOC, YEAR)
    assert len(checklist.answers(dept, pid)) == 11
    # the department reads the answers and the opinion where its window offers them: 审核 → 书面审核意见…
    preview = preview_dialog(dept, "审核意见", pid)
    qtbot.addWidget(preview)
    flat = pdf_text(preview.output.data)
    for expected in ("同意建设。请按批复抓紧组织实施。", "已通过等保二级测评", "智慧校园安防平台"):
        assert expected in flat, expected
    board = KanbanBoard(dept)
    qtbot.addWidget(board)
    assert board.counts()[lifecycle.APPROVED] == 1 and board.counts()["已申报"] == 0
    editor = DeclarationEditor(dept, pid)   # 附件1 is the office's now: read-only, and says why
    qtbot.addWidget(editor)
    assert editor.locked and "第九条" in editor.ui.draftBanner.text()

    before = db_state(dept)
    no_blocking_dialogs.clear()
    assert open_import_preview(dept, back_file) is None
    assert any("此文件已于" in text for _kind, text in no_blocking_dialogs)
    assert db_state(dept) == before


# ---------------------------------------------------------------------- steps of the journey


class _Dialog(ImportPreviewDialog):
    def statuses(self) -> list[str]:
        return [self.record_model.index(r, 0).data() for r in range(self.record_model.rowCount())]


def import_through_the_dialog(qtbot, qtmodeltester, ws: Workspace, preview, name: str) -> _Dialog:
    dialog = _Dialog(ws, preview)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.record_model)
    dialog.show()
    shot(dialog, name)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.result_ is not None
    return dialog


def review_the_procurement(qtbot, office: Workspace, cid: str) -> None:
    tab = ProcurementReviewWidget(office)
    qtbot.addWidget(tab)
    tab.select_case(cid)
    assert tab.current_case_id() == cid
    tab.start_button.click()
    assert office.procurement_row(cid)["status"] == "审核中"
    tab.opinion_edit.clear()
    tab.opinion_edit.insertPlainText("同意采购，请按政府采购程序办理。")
    tab.decision_buttons["通过"].click()
    row = office.procurement_row(cid)
    assert (row["status"], row["review_opinion"]) == ("通过", "同意采购，请按政府采购程序办理。")


def review_on_the_office_machine(qtbot, office: Workspace, pid: str) -> None:
    board = KanbanBoard(office)
    qtbot.addWidget(board)
    assert board.move_project(pid, "审核中")      # no event date needed: a plain move
    assert office.project(pid)["stage"] == "审核中"

    panel = ChecklistPanel(office)
    qtbot.addWidget(panel)
    panel.resize(820, 900)
    panel.show()
    panel.set_project(pid)
    view = panel.view
    view.setFocus()
    n = panel.model.rowCount()
    assert n == len(checklist.ITEMS) == 11
    security = [i.key for i in checklist.ITEMS].index("security")
    for row in range(n // 2):
        assert panel.current_row() == row
        qtbot.keyClick(view, Qt.Key.Key_1)
        qtbot.keyClick(view, Qt.Key.Key_Down)
    # 需补充 returns the project (第九条), answering it after the supplement lifts the return
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert office.project(pid)["side_state"] == checklist.RETURN_STATE
    assert "请按 Tab 写明需要补充什么" in panel.message_label.text()
    shot(panel, "3-checklist-mid-review")
    assert not panel.submit_for_approval()
    assert "第九条：审核清单尚有" in panel.message_label.text()
    refused = lifecycle.move_stage(office, pid, "待县政府批准", on=date.today())
    assert not refused and any(r.startswith("第九条：") for r in refused.refusals)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert not office.project(pid)["side_state"]
    while panel.current_row() < n - 1:
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.keyClick(view, Qt.Key.Key_1)
    # a comment: Tab to the box, type, Enter saves it
    view.selectRow(security)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert panel.comment_edit.hasFocus()
    panel.comment_edit.clear()
    panel.comment_edit.insert("已通过等保二级测评")
    qtbot.keyClick(panel.comment_edit, Qt.Key.Key_Return)
    assert checklist.answers(office, pid)["security"].comment == "已通过等保二级测评"
    assert panel.progress_label.text() == "已审 11/11"
    answers = checklist.answers(office, pid)
    assert all(a.answer == "符合" for a in answers.values())
    # a grey suggestion's reason («未附信息资源目录») is not recorded with a different answer
    assert answers["resource_catalog"].comment == ""

    panel.conclusion_combo.setCurrentText("同意")
    panel.opinion_edit.clear()
    panel.opinion_edit.insertPlainText("同意建设。请按批复抓紧组织实施。")
    panel.save_opinion_button.click()
    assert checklist.opinion(office, pid).conclusion == "同意"
    panel.submit_button.click()
    assert office.project(pid)["stage"] == "待县政府批准", panel.message_label.text()
    # what was reported to the county stays as reported
    panel.view.selectRow(0)
    panel.view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert "审核结果已报出" in panel.message_label.text()
    assert not panel.save_opinion_button.isEnabled() and "只读" in panel.project_label.text()
    assert checklist.answers(office, pid)["materials"].answer == "符合"


def approve_on_the_board(qtbot, office: Workspace, pid: str) -> None:
    board = KanbanBoard(office)
    qtbot.addWidget(board)
    board.resize(1400, 700)
    board.show()

    def ask_event(proj, stage, events):       # the real dialog, filled in as the clerk would
        dialog = MoveEventDialog(f"{proj['number']} 移至「{stage}」", events, date.today(), proj["year"], board)
        qtbot.addWidget(dialog)
        assert dialog.doc_edit is not None and dialog.plan_year.value() == YEAR
        dialog.doc_edit.insert(APPROVAL_DOC)
        return dialog.on(), dialog.details()

    board.ask_event = ask_event
    assert board.move_project(pid, lifecycle.APPROVED)
    proj = office.project(pid)
    assert (proj["stage"], proj["approval_doc_no"], proj["plan_year"]) == (lifecycle.APPROVED, APPROVAL_DOC, YEAR)
    assert proj["approval_date"] == date.today().isoformat()
    board.reload()
    assert board.counts()[lifecycle.APPROVED] == 1
    assert board.select_project(pid)
    shot(board, "3-kanban-after-approval")


def check_office_documents(office: Workspace, pid: str, tmp_path: Path) -> None:
    flat = pdf_text(export_form(office, "审核意见", pid, tmp_path / "审核意见.pdf").data)
    for expected in ("金寨县政务信息化项目书面审核意见", "智慧校园安防平台", DEPT, "同意建设。请按批复抓紧组织实施。",
                     "已通过等保二级测评"):
        assert expected in flat, expected

    xlsx = tmp_path / "年度计划.xlsx"
    export_plan(office, YEAR, xlsx)
    sheet = openpyxl.load_workbook(xlsx).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    number = office.project(pid)["number"]
    mine = next(r for r in rows if number in r)
    total = next(r for r in rows if r[0] == "合计")
    amounts = [Decimal(str(v)) for v in mine if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)][1:]
    assert amounts[:4] == [Decimal("386.25"), Decimal("300"), Decimal("50"), Decimal("36.25")]
    assert "智慧校园安防平台" in mine and APPROVAL_DOC in mine
    assert Decimal(str(total[5])) == Decimal("386.25")

    book = openpyxl.load_workbook(export_ledger(office, tmp_path / "台账.xlsx"))
    rows = [[c for c in row if c is not None] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    project_row = next(r for r in rows if number in r)
    assert {"智慧校园安防平台", lifecycle.APPROVED, "同意", APPROVAL_DOC, f"{YEAR}年度计划"} <= set(project_row)
    case_row = next(r for r in rows if any(str(c).startswith("CG-") for c in r))
    assert "通过" in case_row and Decimal(str(case_row[5])) == Decimal("75980.7")


def pdf_text(data: bytes) -> str:
    """The PDF's text without white space (the layout breaks lines anywhere)."""
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)


def db_state(ws: Workspace) -> bytes:
    import hashlib

    ws.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = Path(str(ws.path) + "-wal")
    return hashlib.sha256(ws.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).digest()


# ---------------------------------------------------------------------- 5. both sides edit


def edit_and_resubmit(qtbot, ws: Workspace, pid: str, *, phone: str | None = None, contact: str | None = None,
                      more_content: str | None = None) -> None:
    editor = DeclarationEditor(ws, pid)
    qtbot.addWidget(editor)
    editor.show()
    ui = editor.ui
    assert not editor.locked
    if phone is not None:
        ui.phoneEdit.clear()
        qtbot.keyClicks(ui.phoneEdit, phone)
    if contact is not None:
        ui.contactEdit.clear()
        ui.contactEdit.insert(contact)
    if more_content is not None:
        ui.contentEdit.moveCursor(ui.contentEdit.textCursor().MoveOperation.End)
        ui.contentEdit.insertPlainText(more_content)
    assert editor.submit() == []
    editor.close()


def test_both_sides_edit_and_the_clerk_chooses_per_field(qtbot, qtmodeltester, machines, no_blocking_dialogs,
                                                         tmp_path: Path) -> None:
    dept, office, usb = machines
    pid = declare_through_the_editor(qtbot, dept, material_files(tmp_path / "materials"))
    first = export_package(dept, [pid], usb / "第一次.xxh").path
    apply_import(office, preview_import(office, first))

    edit_and_resubmit(qtbot, dept, pid, phone="0564-5219999", more_content="另建设统一告警平台。")
    edit_and_resubmit(qtbot, office, pid, phone="0564-5210000", contact="刘小梅")
    second = export_package(dept, [pid], usb / "第二次.xxh").path

    preview = preview_import(office, second)
    dialog = _Dialog(office, preview)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.statuses() == [CONFLICT]
    assert not dialog.import_button.isEnabled()
    assert not any(dialog.field_view.isColumnHidden(c) for c in range(5))
    fm = dialog.field_model
    qtmodeltester.check(fm)
    rows = {fm.index(r, 0).data(): r for r in range(fm.rowCount())}
    by = {label: fm.index(r, 3).data() for label, r in rows.items()}
    assert by["申报表·联系电话"] == "双方都改过"
    assert by["申报表·联系人"] == "本机改过"
    assert by["申报表·实施依据及主要内容"] == "对方改过"
    dialog.suggest_button.click()                  # each field from the side that changed it …
    assert not dialog.import_button.isEnabled()    # … the phone both changed is the clerk's
    take = Qt.CheckState.Checked.value
    assert fm.setData(fm.index(rows["申报表·联系电话"], 4), take, Qt.ItemDataRole.CheckStateRole)
    assert dialog.import_button.isEnabled()
    shot(dialog, "5-import-conflict")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_ is not None and dialog.result_.counts.get("合并") == 1
    decl = office.load_declaration(pid)
    assert decl.phone == "0564-5219999"                      # theirs, chosen by the clerk
    assert decl.contact == "刘小梅"                           # mine, only the office changed it
    assert decl.content.endswith("另建设统一告警平台。")        # theirs, only the department changed it


# ---------------------------------------------------------------------- the whole window, both roles


def all_actions(menu) -> list:
    out = []
    for action in menu.actions():
        if action.menu() is not None:
            out += all_actions(action.menu())
        elif not action.isSeparator():
            out.append(action)
    return out


@pytest.mark.parametrize(("role", "unit"), [(settings.ROLE_OFFICE, ""), (settings.ROLE_UNIT, DEPT)])
def test_every_menu_action_of_the_main_window(qtbot, demo_ws: Workspace, no_blocking_dialogs,
                                              monkeypatch: pytest.MonkeyPatch, role: str, unit: str) -> None:
    window = window_with_modal_dialogs_cancelled(qtbot, demo_ws, monkeypatch, role, unit)
    window.select_project(demo_ws.project("JZ-2027-002")["id"])   # 县教育体育局, 待县政府批准, opinion written
    assert window.current_project_id() == demo_ws.project("JZ-2027-002")["id"]
    triggered = trigger_every_action(qtbot, window)
    assert len(triggered) >= 15, triggered
    # 第五条: only the office sets the county's declaration deadline
    assert window.dashboard.edit_deadline_button.isHidden() == (role == settings.ROLE_UNIT)
    shot(window, f"6-main-window-{'office' if role == settings.ROLE_OFFICE else 'unit'}")


@pytest.mark.parametrize(("role", "unit"), [(settings.ROLE_OFFICE, ""), (settings.ROLE_UNIT, DEPT)])
def test_every_menu_action_on_a_new_empty_machine(qtbot, ws: Workspace, no_blocking_dialogs,
                                                  monkeypatch: pytest.MonkeyPatch, role: str, unit: str) -> None:
    window = window_with_modal_dialogs_cancelled(qtbot, ws, monkeypatch, role, unit)
    assert window.current_project_id() is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)  # no demo data
    trigger_every_action(qtbot, window)
    assert ws.project_count() == 0


def window_with_modal_dialogs_cancelled(qtbot, ws: Workspace, monkeypatch: pytest.MonkeyPatch, role: str,
                                        unit: str) -> MainWindow:
    # Every modal dialog answers «取消» at once (C++ subclasses that override exec too).
    for cls in (QDialog, QPrintDialog, QPrintPreviewDialog, QFileDialog, QInputDialog):
        monkeypatch.setattr(cls, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    settings.set_role(ws, role, unit)
    ws.user = unit or role
    window = MainWindow(ws, role, unit)
    qtbot.addWidget(window)
    window.show()
    return window


def trigger_every_action(qtbot, window) -> list[str]:
    """Trigger each enabled menu action but 退出; no exception may escape (slots report through sys.excepthook)."""
    hooked: list[BaseException] = []
    saved = sys.excepthook
    sys.excepthook = lambda _t, value, _tb: hooked.append(value)
    triggered = []
    try:
        with qtbot.captureExceptions() as exceptions:
            for name, menu in window.menus.items():
                for action in all_actions(menu):
                    if action is getattr(window, "action_quit", None) or not action.isEnabled():
                        continue
                    triggered.append(f"{name} → {action.text()}")
                    action.trigger()
                    QApplication.processEvents()
    finally:
        sys.excepthook = saved
    assert not exceptions, [f"{t.__name__}: {v}" for t, v, _tb in exceptions]
    assert not hooked, hooked
    for editor in list(window.editor_windows.open_editors.values()):
        editor.close()
    return triggered


# ---------------------------------------------------------------------- 退回补充 there and back


def test_return_for_supplements_travels_both_ways(qtbot, qtmodeltester, machines, no_blocking_dialogs,
                                                 tmp_path: Path) -> None:
    dept, office, usb = machines
    files = material_files(tmp_path / "materials")
    pid = declare_through_the_editor(qtbot, dept, files)
    apply_import(office, preview_import(office, export_package(dept, [pid], usb / "申报.xxh").path))
    assert lifecycle.move_stage(office, pid, "审核中", on=date.today())

    panel = ChecklistPanel(office)
    qtbot.addWidget(panel)
    panel.set_project(pid)
    catalog = [i.key for i in checklist.ITEMS].index("resource_catalog")
    panel.view.selectRow(catalog)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_3)            # 需补充, with the suggested reason
    proj = office.project(pid)
    assert proj["side_state"] == checklist.RETURN_STATE and "未附信息资源目录" in proj["supply_list"]

    back = export_package(office, [pid], usb / "退回.xxh").path
    dialog = import_through_the_dialog(qtbot, qtmodeltester, dept, preview_import(dept, back), "7-import-return")
    assert dialog.statuses() == [UPDATE]
    proj = dept.project(pid)
    assert (proj["stage"], proj["side_state"]) == ("审核中", checklist.RETURN_STATE)

    editor = DeclarationEditor(dept, pid)               # unlocked while 退回补充
    qtbot.addWidget(editor)
    assert not editor.locked
    editor.attach_file(DECLARATION_KINDS[-1], files[DECLARATION_KINDS[-1]])
    assert editor.submit() == []
    editor.close()
    assert dept.project(pid)["stage"] == "审核中"

    # meanwhile the office reviewed on: both sides changed the project since the last exchange
    technical = [i.key for i in checklist.ITEMS].index("technical")
    panel.view.selectRow(technical)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_1)

    again = export_package(dept, [pid], usb / "补充.xxh").path
    dialog = _Dialog(office, preview_import(office, again))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.statuses() == [CONFLICT]
    dialog.suggest_button.click()        # each side changed different fields: nothing left to the clerk
    assert dialog.import_button.isEnabled(), dialog.pending_label.text()
    shot(dialog, "7-import-supplement-conflict")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_ is not None
    assert checklist.answers(office, pid)["technical"].answer == "符合"
    assert office.project(pid)["side_state"] == checklist.RETURN_STATE
    stored = {m["kind"]: m for m in office.materials(pid)}
    assert office.blob(stored[DECLARATION_KINDS[-1]]["sm3"]) == files[DECLARATION_KINDS[-1]].read_bytes()
    panel.set_project(pid)
    panel.view.selectRow(catalog)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_1)            # supplied: the return is lifted
    assert not office.project(pid)["side_state"]


# ---------------------------------------------------------------------- the same trip through the menus


def test_the_file_menu_carries_a_declaration_across(qtbot, machines, no_blocking_dialogs, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    dept, office, usb = machines
    sent = usb / "申报.xxh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sent), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sent), ""))
    # the preview is confirmed as the clerk would: the 导入 button
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: (self.import_button.click(), self.result())[1])

    dept_window = MainWindow(dept)
    qtbot.addWidget(dept_window)
    # 项目 → 新建项目申报… asks the name, creates the project of this unit and opens its 附件1
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("智慧校园安防平台", True))
    dept_window.editor_windows.action_new_project.trigger()
    (kind, pid), editor = next(iter(dept_window.editor_windows.open_editors.items()))
    assert kind == "declaration" and dept.project(pid)["unit"] == DEPT and dept.project(pid)["year"] == YEAR
    assert dept_window.project_model.row_of(pid) >= 0
    declare_through_the_editor(qtbot, dept, material_files(tmp_path / "materials"), editor)
    assert dept_window.board.counts()["已申报"] == 1          # the window followed the submission
    dept_window.select_project(pid)
    dept_window.action_export_xxh.trigger()
    assert sent.is_file()
    assert any(kind == "information" and "已导出并读回校验" in text for kind, text in no_blocking_dialogs)
    cid = procure_through_the_editor(qtbot, dept)    # 附件2 leaves from the 采购申报 tab
    case_file = usb / "采购.xxh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(case_file), ""))
    dept_window.refresh()
    dept_window.tabs.setCurrentWidget(dept_window.procurement_review)
    dept_window.procurement_review.select_case(cid)
    dept_window.action_export_xxh.trigger()
    assert preview_import(office, case_file).records[0].record_id == cid

    office_window = MainWindow(office, settings.ROLE_OFFICE, "")
    qtbot.addWidget(office_window)
    assert office_window.project_model.row_of(pid) < 0
    office_window.action_import_xxh.trigger()
    assert any("导入完成" in text for _kind, text in no_blocking_dialogs)
    assert office_window.project_model.row_of(pid) >= 0          # the list, the board and the
    assert office_window.board.counts()["已申报"] == 1            # status bar follow the import
    assert office_window.count_label.text() == "项目：1 个"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(case_file), ""))
    office_window.action_import_xxh.trigger()
    office_window.procurement_review.select_case(cid)
    assert office_window.procurement_review.current_case_id() == cid    # in the 采购申报审核 tab
