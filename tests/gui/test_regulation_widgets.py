"""The closed regulation in the window: the unit warned in 附件1, the review's new answers, the
project's marks and facts, late reports on the dashboard, the 报送 to 财政局 asked at the move."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from builders import as_unit, new_project
from xxh_desktop import checklist
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.materials import DECLARATION_KINDS
from xxh_desktop.domain.stages import Stage
from xxh_desktop.gui.editors.declaration_editor import DeclarationEditor
from xxh_desktop.gui.kanban.dialogs import MoveEventDialog
from xxh_desktop.gui.widgets.checklist_panel import ChecklistPanel
from xxh_desktop.gui.widgets.dashboard import Dashboard
from xxh_desktop.gui.widgets.project_detail import ProjectDetail
from xxh_desktop.lifecycle import EVENTS

pytestmark = pytest.mark.usefixtures("late_today")

UNIT = "县数据资源局"


def test_the_declaration_editor_warns_before_submitting(qtbot, ws):
    ws.settings.choose_side(Side.UNIT, UNIT)
    pid = new_project(ws, "指挥中心升级", UNIT, 2027)
    editor = DeclarationEditor(ws, pid)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.warnings_label.isHidden()
    editor.edits["content"].setPlainText("新建机房，采购服务器10台，自建专网。")
    assert editor.warnings_label.isVisible()
    text = editor.warnings_label.text()
    assert "第八条第三款：申报内容提及机房、服务器" in text and "第十四条：申报内容提及专网" in text
    # the warnings sit above the submit button, in the window the unit submits from
    assert editor.warnings_label.mapTo(editor, editor.warnings_label.rect().topLeft()).y() < \
        editor.ui.submitButton.mapTo(editor, editor.ui.submitButton.rect().topLeft()).y()
    editor.edits["content"].setPlainText("依托县云计算中心部署。")
    assert editor.warnings_label.isHidden()


@pytest.fixture
def under_review(ws):
    pid = new_project(ws, "政务协同平台", UNIT, 2027, stage=Stage.REVIEWING)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="政务协同平台",
                                              declared_on=date(2026, 9, 20), content="依托县云计算中心。",
                                              investment=Decimal("50"), fund_fiscal=Decimal("50")))
        for kind in DECLARATION_KINDS:
            ws.materials.attach(pid, kind, f"{kind}.pdf", b"%PDF")
    return pid


def test_the_panel_records_the_consultation_and_accepts_a_need_supply_item(qtbot, ws, under_review, monkeypatch):
    panel = ChecklistPanel(ws)
    qtbot.addWidget(panel)
    panel.set_project(under_review)
    keys = [i.key for i in checklist.ITEMS]
    panel.view.selectRow(keys.index("consultation"))
    assert not panel.answer_current("符合")
    assert "请先记录会同审核的部门和日期" in panel.message_label.text()
    panel.consulted_units_edit.setText("县财政局、县发改委")
    panel.consulted_on_edit.setText("2026-10-20")
    assert panel.record_consultation()
    assert ws.projects.get(under_review).consulted_on == date(2026, 10, 20)
    panel.view.selectRow(keys.index("consultation"))
    assert panel.answer_current("符合")

    for item in checklist.ITEMS:
        if item.key != "economic":
            checklist.set_answer(ws, under_review, item.key, "符合")
    panel.refresh()
    panel.view.selectRow(keys.index("economic"))
    assert panel.answer_current("需补充", "补充单价依据")
    panel.draft_button.click()
    assert panel.conclusion_combo.currentText() == "补充后再审"
    monkeypatch.setattr(panel, "ask_acceptable_reason", lambda title: "单价已按财政评审价")
    panel.view.selectRow(keys.index("economic"))
    panel.acceptable_button.click()
    row = keys.index("economic")
    assert panel.model.index(row, 2).data() == "需补充（可以接受）"
    panel.draft_button.click()
    assert panel.conclusion_combo.currentText() == "同意"
    assert "单价已按财政评审价" in panel.opinion_edit.toPlainText()
    assert panel.save_opinion()


def test_the_detail_shows_marks_records_scope_and_accepts_an_absent_material(qtbot, ws, monkeypatch):
    pid = new_project(ws, "社保系统", UNIT, 2026, stage=Stage.AWAITING_APPROVAL)
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, Declaration(applicant_unit=UNIT, project_name="社保系统", declared_on=date(2025, 10, 20),
                                              investment=Decimal("5"), fund_fiscal=Decimal("5")))
        ws.materials.waive(pid, "项目概算", "财政评审中")
    detail = ProjectDetail(ws)
    qtbot.addWidget(detail)
    detail.set_project(pid)
    marks = detail.flags_label.text()
    assert "逾期申报：申报日期 2025-10-20 晚于截止日 2025-09-30" in marks and "申报材料暂缺未补交：项目概算" in marks
    row = next(r for r in range(detail.materials_model.rowCount())
               if detail.materials_model.index(r, 2).data() == "项目概算")
    detail.materials_view.setCurrentIndex(detail.materials_model.index(row, 0))
    monkeypatch.setattr(detail, "ask_absence_reason", lambda kind: "评审结论待出，不影响报批")
    detail.accept_absence_button.click()
    assert ws.materials.by_kind(pid)["项目概算"].accepted_reason == "评审结论待出，不影响报批"
    assert "县智慧办已同意暂缺" in detail.materials_model.index(row, 4).data()
    assert "暂缺未补交" not in detail.flags_label.text()

    detail.fact_edits["consulted_units"].setText("县财政局")
    detail.fact_edits["consulted_on"].setText("2025-11-02")
    detail.save_running_button.click()
    assert ws.projects.get(pid).consulted_units == "县财政局"
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    detail.classified_check.setChecked(True)
    detail.save_classified_button.click()           # no basis written
    assert shown and "第三条：标记涉密须写明依据" in shown[0]
    detail.classified_note.setText("依据保密规定")
    detail.save_classified_button.click()
    assert ws.projects.get(pid).classified and "涉密项目，不属于本办法管辖范围（第三条）" in detail.flags_label.text()


def test_the_dashboard_names_a_late_report(qtbot, ws):
    new_project(ws, "医保结算系统", "县医保局", 2026, stage=Stage.OPERATION, final_acceptance_date=date(2026, 3, 1),
                operation_started_on=date(2026, 3, 5), self_eval_office_date=date(2026, 9, 1),
                self_eval_finance_date=date(2026, 10, 9))
    dash = Dashboard(ws, today=date(2027, 2, 15))
    qtbot.addWidget(dash)
    assert not dash.late_label.isHidden()
    text = dash.late_label.text()
    assert "医保结算系统" in text and "绩效自评价报告逾期报送" in text and "应于 2026-09-05 前" in text
    assert dash.security_button.isVisibleTo(dash)   # the office sets the 第十三条 interval


def test_the_move_to_operation_asks_the_report_date_to_the_finance_bureau(qtbot):
    dialog = MoveEventDialog("移至运维", [EVENTS[Stage.OPERATION]], date(2027, 7, 10), 2026)
    qtbot.addWidget(dialog)
    assert dialog.details() == {}
    assert not dialog.finance_date.isEnabled()
    dialog.finance_check.setChecked(True)
    assert dialog.details() == {"self_eval_finance_date": date(2027, 7, 10)}
