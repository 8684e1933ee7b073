"""采购申报审核 tab and the 年度计划 dialog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from builders import as_unit, new_case, new_project
from xxh_desktop.domain.stages import CaseStatus
from xxh_desktop import annual_plan
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.gui.dialogs.annual_plan import AnnualPlanDialog
from xxh_desktop.gui.models.plan_model import PlanTableModel
from xxh_desktop.gui.models.procurement_review_model import ProcurementReviewModel
from xxh_desktop.gui.widgets.procurement_review import ProcurementReviewWidget

pytestmark = pytest.mark.usefixtures("late_today")


def _case(ws, unit="县教育局"):
    """A case the unit submitted (as its package would bring it)."""
    with as_unit(ws, unit):
        key = ws.procurements.create(unit, year=2027)
        ws.procurements.save(key, Procurement(
            applicant_unit=unit, filled_on=date(2027, 3, 1), reason="更新老旧电脑",
            items=(ProcurementItem("台式计算机", "i5", 3, Decimal("4800")),)), status=CaseStatus.DECLARED)
    return key


def test_procurement_model(qtmodeltester, ws):
    _case(ws)
    draft = new_case(ws, "县民政局", year=2027)  # a draft stays with its unit
    model = ProcurementReviewModel(ws)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, 4).data() == "14,400.00"
    assert draft not in {model.case(r).id for r in range(model.rowCount())}


def test_procurement_review_flow_in_the_widget(qtbot, ws):
    key = _case(ws)
    w = ProcurementReviewWidget(ws)
    qtbot.addWidget(w)
    w.show()
    w.view.selectRow(0)
    assert w.start_button.isEnabled()
    assert not any(b.isEnabled() for b in w.decision_buttons.values())
    w.start_button.click()
    assert ws.procurements.get(key).status == "审核中"
    assert all(b.isEnabled() for b in w.decision_buttons.values())
    w.opinion_edit.setPlainText("")
    assert not w.decide("不予通过")
    assert "须写明审核意见" in w.message_label.text()
    w.opinion_edit.setPlainText("数量超出配置标准，请按标准调整。")
    w.decision_buttons["退回修改"].click()
    row = ws.procurements.get(key)
    assert (row.status, row.review_opinion) == ("退回修改", "数量超出配置标准，请按标准调整。")
    assert not w.start_button.isEnabled()
    w.status_filter.setCurrentText("通过")
    assert w.proxy.rowCount() == 0
    w.status_filter.setCurrentText("退回修改")
    assert w.proxy.rowCount() == 1


def _plan_ws(ws):
    for name, inv, plan_year in (("城市大脑", "100.0001", 2027), ("智慧校园", "0.1", 2027), ("旧项目", "9", 2026)):
        pid = new_project(ws, name, "县数据资源局", 2027, stage="已批准·列入计划", plan_year=plan_year,
                          approval_date=date(2026, 1, 16))   # 第七条: a plan holds approved projects
        with as_unit(ws, "县数据资源局"):
            ws.declarations.save(pid, Declaration(applicant_unit="县数据资源局", project_name=name,
                                                  investment=Decimal(inv), fund_fiscal=Decimal(inv)))


def test_plan_model(qtmodeltester, ws):
    _plan_ws(ws)
    model = PlanTableModel()
    qtmodeltester.check(model)
    model.set_plan(annual_plan.annual_plan(ws, 2027))
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_plan_dialog_years_filing_and_export(qtbot, ws, tmp_path):
    _plan_ws(ws)
    d = AnnualPlanDialog(ws, year=2027)
    qtbot.addWidget(d)
    assert d.model.rowCount() == 2
    assert "100.1001" in d.totals_label.text()
    d.year_spin.setValue(2026)
    assert d.model.rowCount() == 1
    d.year_spin.setValue(2027)
    assert not d.record_filing()   # nothing ticked
    assert "第七条" in d.message_label.text()
    d.finance_check.setChecked(True)
    assert not d.record_filing()   # 第七条: filed as compiled — compile first
    assert "尚未编制" in d.message_label.text() and d.compiled_label.text() == "尚未编制"
    d.compiled_date.setDate(QDate(2026, 11, 30))
    assert d.compile_plan()
    assert d.compiled_label.text() == "已编制：2026-11-30"
    d.finance_check.setChecked(True)
    assert d.record_filing()
    assert annual_plan.filing(ws, 2027).finance_filed_on == date.today()
    assert not d.compile_button.isEnabled()   # frozen once filed
    out = tmp_path / "plan.xlsx"
    assert d.export_to(out)
    assert Decimal(str(load_workbook(out).active["F7"].value)) == Decimal("100.1001")
    assert d.export_to(tmp_path / "plan.pdf")
    assert Path(tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert not d.export_to(tmp_path / "plan.txt")
    assert ".xlsx 或 .pdf" in d.message_label.text()
    d.year_spin.setValue(2031)   # 第七条: an empty year is said so, and not exported
    assert d.model.rowCount() == 0 and "没有经县政府批准" in d.totals_label.text()
    assert not d.xlsx_button.isEnabled() and not d.export_to(tmp_path / "empty.xlsx")
    assert not (tmp_path / "empty.xlsx").exists()
