"""Annual plan (第七条) totals, its .xlsx, the ledger .xlsx, and the 附件2 review flow."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xxh_desktop import annual_plan, procurement_review
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.domain.records import PlanFiling
from xxh_desktop.domain.stages import CaseStatus, SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.excel.ledger import write_ledger_xlsx
from xxh_desktop.excel.plan import write_plan_xlsx

from builders import as_unit, choose, new_case, new_project, seeded

pytestmark = pytest.mark.usefixtures("late_today")

# amounts chosen so that a float sum would drift: 0.1 + 0.2 + 0.0001 …
PROJECTS = [
    ("县数据资源局", "城市大脑二期", "120.1", ("100.1", "20", "0", "0"), 2027, None),
    ("县教育局", "智慧校园平台建设项目（一期）", "0.2", ("0.2", "0", "0", "0"), 2027, None),
    ("县卫健委", "基层医疗信息系统", "33.0001", ("30", "3.0001", "0", "0"), 2027, None),
    ("县应急局", "应急指挥调度系统", "15.5", ("15.5", "0", "0", "0"), None, date(2027, 4, 8)),
    ("县人社局", "不在计划的项目", "99", ("99", "0", "0", "0"), 2026, None),
]


def _build(ws):
    ids = []
    for unit, name, inv, funds, plan_year, temp in PROJECTS:
        # 第七条、第十条: the plan holds what the county approved.
        values = {"plan_year": plan_year, "approval_doc_no": "金政秘〔2027〕1号", "approval_date": date(2026, 11, 18)}
        if temp:
            values.update(temp_approval_date=temp, temp_approval_doc_no="金政办〔2027〕9号")
        pid = new_project(ws, name, unit, 2027, stage=Stage.APPROVED, **values)
        f = [Decimal(x) for x in funds]
        with as_unit(ws, unit):
            ws.declarations.save(pid, Declaration(
                applicant_unit=unit, project_name=name, investment=Decimal(inv),
                fund_fiscal=f[0], fund_self=f[1], fund_bank=f[2], fund_other=f[3],
                start_month=date(2027, 1, 1), end_month=date(2027, 12, 1)))
        ids.append(pid)
    return ids


def test_plan_rows_and_exact_totals(ws):
    _build(ws)
    plan = annual_plan.annual_plan(ws, 2027)
    assert sorted(r.name for r in plan.rows) == sorted(
        ["城市大脑二期", "基层医疗信息系统", "应急指挥调度系统", "智慧校园平台建设项目（一期）"])
    # the plan's own projects by number, then the 临时报批 one in its section
    assert [r.number for r in plan.planned_rows] == sorted(r.number for r in plan.planned_rows)
    assert [r.temporary for r in plan.rows] == [False, False, False, True]
    assert plan.temporary_count == 1
    temp = next(r for r in plan.rows if r.temporary)
    assert temp.name == "应急指挥调度系统" and temp.note.startswith("临时报批（金政办〔2027〕9号")
    assert plan.rows[-1].span == "2027年01月至2027年12月"
    assert plan.planned_totals["investment"] == Decimal("153.3001")
    assert plan.temporary_totals["investment"] == Decimal("15.5")
    for field, _ in annual_plan.AMOUNT_FIELDS:
        assert plan.totals[field] == sum((r.amounts[field] or Decimal(0) for r in plan.rows), Decimal(0))
    assert plan.totals["investment"] == Decimal("168.8001")
    assert plan.totals["fund_self"] == Decimal("23.0001")


def test_plan_excludes_refused_projects(ws):
    ids = _build(ws)
    with seeded(ws):   # 第十条: a project the county refused
        ws.projects.update(ids[0], {"side_state": SideState.REJECTED})
    assert "城市大脑二期" not in [r.name for r in annual_plan.annual_plan(ws, 2027).rows]


def test_filing_recorded_and_audited(ws):
    _build(ws)
    with pytest.raises(XxhError, match="第七条：2027年度计划尚未编制"):
        annual_plan.record_filing(ws, 2027, finance_filed_on=date(2027, 1, 10))
    annual_plan.compile_plan(ws, 2027, date(2027, 1, 8))
    annual_plan.record_filing(ws, 2027, finance_filed_on=date(2027, 1, 10))
    f = annual_plan.record_filing(ws, 2027, ndrc_filed_on=date(2027, 1, 12))
    assert f == PlanFiling(2027, date(2027, 1, 10), date(2027, 1, 12), date(2027, 1, 8))
    assert annual_plan.filing(ws, 2027) == f
    rows = [e for e in ws.audit_log.entries() if e.action == "年度计划备案"]
    assert json.loads(rows[-1].after) == {"财政局": "2027-01-10", "发改委": "2027-01-12"}
    with pytest.raises(XxhError, match="第七条"):
        annual_plan.record_filing(ws, 2027)


def test_plan_xlsx_is_print_ready_with_exact_totals(ws, tmp_path):
    _build(ws)
    annual_plan.compile_plan(ws, 2027, date(2027, 1, 8))
    annual_plan.record_filing(ws, 2027, finance_filed_on=date(2027, 1, 10))
    plan = annual_plan.annual_plan(ws, 2027)
    path = write_plan_xlsx(plan, tmp_path / "plan.xlsx")
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "金寨县2027年度政务信息化项目建设计划"
    assert "A1:K1" in {str(m) for m in sheet.merged_cells.ranges}
    assert "G3:J3" in {str(m) for m in sheet.merged_cells.ranges}   # 资金渠道
    assert sheet["A2"].value == "单位：万元"
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # 第七条: 年度计划项目 (rows 6-8) and their 小计 (9); 临时报批项目 (11) and their 小计 (12)
    assert sheet["A5"].value == annual_plan.PLAN_SECTION and "A5:K5" in {str(m) for m in sheet.merged_cells.ranges}
    assert sheet["A10"].value == annual_plan.TEMPORARY_SECTION
    assert (sheet["A9"].value, sheet["A12"].value) == ("小计（3个）", "小计（1个）")
    assert "A9:E9" in {str(m) for m in sheet.merged_cells.ranges}
    assert Decimal(str(sheet["F9"].value)) == Decimal("153.3001") and Decimal(str(sheet["F12"].value)) == Decimal("15.5")
    data = [6, 7, 8, 11]
    for r in data:
        assert sheet.cell(row=r, column=6).number_format == "#,##0.0000"
    total_row = 13
    assert sheet.cell(row=total_row, column=1).value == "合计"
    for i, (field, _) in enumerate(annual_plan.AMOUNT_FIELDS):
        cell = sheet.cell(row=total_row, column=6 + i)
        assert not str(cell.value).startswith("=")  # a value, not a formula
        assert Decimal(str(cell.value)) == plan.totals[field]
        assert cell.number_format == "#,##0.0000"
        col_sum = sum(Decimal(str(sheet.cell(row=r, column=6 + i).value or 0)) for r in data)
        assert col_sum == plan.totals[field]
    assert "临时报批1个" in sheet.cell(row=total_row, column=11).value
    note = sheet.cell(row=total_row + 2, column=1).value
    assert "编制日期：2027年1月8日" in note and "备案：县财政局 2027年1月10日" in note   # as the PDF writes dates
    assert sheet.print_area == "'2027年度建设计划'!$A$1:$K$" + str(total_row + 2)
    # CJK counts double: the name column is wider than the number column
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["B"].width


def test_plan_xlsx_refuses_other_suffix(ws, tmp_path):
    with pytest.raises(XxhError, match=".xlsx"):
        write_plan_xlsx(annual_plan.annual_plan(ws, 2027), tmp_path / "plan.xls")


def _procurement(ws, unit="县教育局", submit=True):
    key = new_case(ws, unit, year=2027)
    with as_unit(ws, unit):
        ws.procurements.save(key, Procurement(
            applicant_unit=unit, filled_on=date(2027, 3, 1), reason="更新老旧电脑",
            items=[ProcurementItem("台式计算机", "i5/16G", 10, Decimal("4999.50")),
                   ProcurementItem("打印机", "A4", 2, Decimal("1200.05"))]),
            status=CaseStatus.DECLARED if submit else None)
    return key


def test_procurement_flow_and_refusals(ws):
    key = _procurement(ws)
    with pytest.raises(XxhError, match="第五条第二款"):
        procurement_review.decide(ws, key, "通过", "同意")
    procurement_review.start_review(ws, key)
    with pytest.raises(XxhError, match="须写明审核意见"):
        procurement_review.decide(ws, key, "退回修改", " ")
    procurement_review.decide(ws, key, "退回修改", "请补充规格", on=date(2027, 3, 5))
    row = ws.procurements.get(key)
    assert (row.status, row.review_opinion, row.reviewed_by, row.reviewed_on) == (
        "退回修改", "请补充规格", "测试员", date(2027, 3, 5))
    with pytest.raises(XxhError, match="不能改为"):
        procurement_review.start_review(ws, key)
    with as_unit(ws, "县教育局"):   # the unit resubmits
        ws.procurements.save(key, ws.procurements.form(key), status=CaseStatus.DECLARED)
    procurement_review.start_review(ws, key)
    procurement_review.decide(ws, key, "通过", "")
    assert ws.procurements.get(key).review_opinion == procurement_review.DEFAULT_APPROVAL_TEXT
    assert procurement_review.allowed("通过") == ()
    audits = [e for e in ws.audit_log.entries() if e.action == "采购申报审核"]
    assert len(audits) == 4


def test_a_department_machine_cannot_review_procurement(ws):
    key = _procurement(ws)
    choose(ws, Side.UNIT, "县教育局")   # even the case's own unit
    with pytest.raises(XxhError, match="第五条第二款：采购申报的审核由县智慧办办理，项目建设单位不能办理"):
        procurement_review.start_review(ws, key)
    assert ws.procurements.get(key).status == CaseStatus.DECLARED


def test_ledger_xlsx_has_both_sheets_autofilter_and_totals(ws, tmp_path):
    _build(ws)
    _procurement(ws)
    _procurement(ws, "县民政局", submit=False)  # a unit's draft is not the office's business
    path = write_ledger_xlsx(ws, tmp_path / "ledger.xlsx", made_on=date(2027, 6, 1))
    wb = load_workbook(path)
    assert wb.sheetnames == ["项目台账", "采购申报", "项目调整"]
    sheet = wb["项目台账"]
    assert sheet["A1"].value == "金寨县政务信息化项目台账"
    assert sheet["A2"].value == "截至2027年6月1日　　单位：万元"
    assert sheet.auto_filter.ref == "A3:AA8"
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.print_title_cols is None
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0   # one page wide
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["A9"].value == "合计"
    assert Decimal(str(sheet["H9"].value)) == Decimal("267.8001")
    assert sheet["H4"].number_format == "#,##0.0000"
    stages = {sheet.cell(row=r, column=6).value for r in range(4, 9)}
    assert stages == {"已批准·列入计划"}
    procs = wb["采购申报"]
    assert procs.page_setup.fitToWidth == 1 and procs.print_title_rows == "$3:$3"
    assert procs.max_row == 5  # title, unit, header, one case, totals
    assert procs["E4"].value == "台式计算机×10；打印机×2"
    assert procs["D4"].value == datetime(2027, 3, 1) and procs["D4"].number_format == 'yyyy"年"m"月"d"日"'
    assert Decimal(str(procs["F4"].value)) == Decimal("52395.10")
    assert procs["F4"].number_format == "#,##0.00"
    assert Decimal(str(procs["F5"].value)) == Decimal("52395.10")


def test_a_temporary_project_is_in_one_plan_only(ws):
    # 第七条 临时报批: a 2027 project approved in December 2026 belongs to the
    # plan of its year, not to both (the two years' totals would count it twice).
    pid = new_project(ws, "防汛应急指挥系统", "县应急局", 2027, stage=Stage.APPROVED,
                      temp_approval_date=date(2026, 12, 20), temp_approval_doc_no="金政秘〔2026〕150号")
    with as_unit(ws, "县应急局"):
        ws.declarations.save(pid, Declaration(applicant_unit="县应急局", project_name="防汛应急指挥系统",
                                              investment=Decimal("50"), fund_fiscal=Decimal("50")))
    in_2027 = [r.name for r in annual_plan.annual_plan(ws, 2027).rows]
    in_2026 = [r.name for r in annual_plan.annual_plan(ws, 2026).rows]
    assert in_2027 == ["防汛应急指挥系统"] and in_2026 == []
