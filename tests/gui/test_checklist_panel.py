"""The checklist panel: keyboard answering, progress, tooltips from the regulation, the gate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from qt_text import shown_as
from builders import as_unit, new_project
from xxh_desktop import checklist
from xxh_desktop.checklist import ITEMS
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.materials import DECLARATION_KINDS
from xxh_desktop.gui.models.checklist_model import (
    ANSWER_ROLE, COL_ANSWER, COL_TITLE, SUGGESTION_ROLE, ChecklistModel,
)
from xxh_desktop.gui.widgets.checklist_panel import ChecklistPanel

pytestmark = pytest.mark.usefixtures("late_today")


@pytest.fixture
def project(ws):
    pid = new_project(ws, "政务协同平台", "县数据资源局", 2027, stage="审核中",
                      consulted_units="县财政局", consulted_on=date(2026, 10, 8))   # 第九条 会同有关部门
    with as_unit(ws, "县数据资源局"):   # what the department declared
        ws.declarations.save(pid, Declaration(
            applicant_unit="县数据资源局", project_name="政务协同平台",
            content="依托县云计算中心建设协同平台，另购服务器2台。",
            investment=Decimal("50"), fund_fiscal=Decimal("50")))
        for kind in DECLARATION_KINDS:
            ws.materials.attach(pid, kind, f"{kind}.pdf", kind.encode())
    return pid


@pytest.fixture
def panel(qtbot, ws, project):
    p = ChecklistPanel(ws)
    qtbot.addWidget(p)
    p.set_project(project)
    p.resize(760, 720)
    p.show()
    return p


def test_model_passes_the_model_tester(qtmodeltester, ws, project):
    model = ChecklistModel(ws)
    qtmodeltester.check(model)
    model.set_project(project)  # 0 → 13 rows while the tester watches
    qtmodeltester.check(model)
    assert model.rowCount() == len(ITEMS) == 13
    checklist.set_answer(ws, project, "technical", "符合")
    model.reload()
    qtmodeltester.check(model)
    empty = ChecklistModel(ws)
    qtmodeltester.check(empty)
    assert empty.rowCount() == 0


def test_tooltips_carry_the_articles_own_words(ws, project):
    model = ChecklistModel(ws)
    model.set_project(project)
    row = [i.key for i in ITEMS].index("no_hardware")
    tip = shown_as(model.index(row, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith("除法律、法规、规章另有规定的以外")
    row = [i.key for i in ITEMS].index("technical")
    assert shown_as(model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)) == "（三）是否符合技术可行性、信息安全性、经济合理性等；"


def test_suggestions_show_in_grey_until_confirmed(panel, ws, project):
    model = panel.model
    hw = [i.key for i in ITEMS].index("no_hardware")
    assert model.index(hw, COL_ANSWER).data() == "建议：需补充"
    assert model.index(hw, COL_ANSWER).data(SUGGESTION_ROLE) == "需补充"
    assert model.index(hw, COL_ANSWER).data(ANSWER_ROLE) == ""
    assert model.index(0, COL_ANSWER).data() == "建议：符合"
    panel.accept_button.click()
    assert model.index(0, COL_ANSWER).data() == "符合"
    assert panel.progress_label.text() == "已审 4/13"   # materials, no_hardware, consultation, catalogue
    assert ws.projects.get(project).side_state == "退回补充"
    assert "服务器" in panel.supply_label.text()


def test_keyboard_answers_and_tab_to_the_comment(panel, qtbot, ws, project):
    panel.view.setFocus()
    keys = [i.key for i in ITEMS]
    panel.view.selectRow(keys.index("declaration_requirements"))
    qtbot.keyClick(panel.view, Qt.Key.Key_1)
    assert checklist.answers(ws, project)["declaration_requirements"].answer == "符合"
    panel.view.selectRow(keys.index("economic"))
    qtbot.keyClick(panel.view, Qt.Key.Key_2)
    assert checklist.answers(ws, project)["economic"].answer == "不符合"
    assert panel.progress_label.text() == "已审 2/13"
    # Tab leaves the table for the comment box (not the next cell)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Tab)
    assert panel.comment_edit.hasFocus()
    panel.comment_edit.setText("概算偏高")
    qtbot.keyClick(panel.comment_edit, Qt.Key.Key_Return)
    assert checklist.answers(ws, project)["economic"].comment == "概算偏高"
    assert panel.current_row() == keys.index("economic") + 1 and panel.view.hasFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_3)
    assert ws.projects.get(project).side_state == "退回补充"


def test_submit_refused_until_everything_is_answered(panel, ws, project):
    assert not panel.submit_for_approval()
    assert "第九条" in panel.message_label.text()
    for i in ITEMS:
        checklist.set_answer(ws, project, i.key, "符合")
    panel.refresh()
    assert not panel.submit_for_approval()
    assert "第十条" in panel.message_label.text()
    panel.draft_button.click()
    assert panel.conclusion_combo.currentText() == "同意"
    assert panel.save_opinion()
    assert panel.submit_for_approval()
    assert ws.projects.get(project).stage == "待县政府批准"


def test_opinion_refusal_shows_in_the_panel(panel, ws, project):
    for i in ITEMS:
        checklist.set_answer(ws, project, i.key, "符合")
    panel.refresh()
    panel.conclusion_combo.setCurrentText("不同意")
    panel.opinion_edit.setPlainText("")
    assert not panel.save_opinion()
    assert "须写明理由" in panel.message_label.text()


def test_print_request_needs_an_opinion(panel, qtbot, ws, project):
    panel.print_button.click()
    assert "请先保存" in panel.message_label.text()
    for i in ITEMS:
        checklist.set_answer(ws, project, i.key, "符合")
    checklist.write_opinion(ws, project, "同意", "")
    with qtbot.waitSignal(panel.print_requested) as blocker:
        panel.print_button.click()
    assert blocker.args == [project, "审核意见"]


def test_nothing_selected_disables_the_panel(panel):
    panel.set_project(None)
    assert not panel.view.isEnabled() and panel.model.rowCount() == 0
