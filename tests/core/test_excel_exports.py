"""The .xlsx exports (plan, ledger, audit log) reopened with openpyxl: print set-up, formats, dates, fonts.

Content and formats only; how fast they are is measured outside the suite.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from builders import as_unit, new_project
from xxh_desktop import annual_plan, audit
from xxh_desktop.plan_export import export_plan
from xxh_desktop.errors import XxhError
from xxh_desktop.excel import common
from xxh_desktop.excel.audit_log import CUT_NOTE, write_audit_xlsx
from xxh_desktop.excel.common import MAX_CELL
from xxh_desktop.excel.ledger import LEDGER_COLUMNS, export_ledger, write_ledger_xlsx

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
EMPTY_INLINE = re.compile(r'<c [^>]*t="inlineStr"[^>]*(/>|>\s*</c>|>\s*<is>\s*(<t[^>]*/>|<t[^>]*>\s*</t>)\s*</is>)')


def empty_inline_strings(path: Path) -> list[str]:
    """Cells written as empty inline strings, in every sheet's XML."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                found += [m.group(0) for m in EMPTY_INLINE.finditer(archive.read(name).decode("utf-8"))]
    return found


def assert_print_ready(sheet, header_rows: str) -> None:
    """A4 landscape, one page wide, header repeated, frozen under it, page numbers the margin holds."""
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == header_rows
    last_header = int(header_rows.split(":")[-1].strip("$"))
    assert sheet.freeze_panes == f"A{last_header + 1}"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    margins = sheet.page_margins
    # The footer line (9 pt ≈ 0.125″) sits between the footer offset and the body's bottom margin.
    assert margins.bottom - margins.footer >= 0.125 + 0.25
    assert margins.top - margins.header >= 0.25


def assert_fonts_are_song(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.has_style and not isinstance(cell, MergedCell):   # openpyxl reads merged parts unstyled
                assert cell.font.name == common.FONT_NAME, cell.coordinate


def test_ledger_prints_one_page_wide_with_real_dates(demo_ws, tmp_path):
    path = write_ledger_xlsx(demo_ws, tmp_path / "台账.xlsx", made_on=date(2026, 12, 1))
    assert empty_inline_strings(path) == []
    wb = load_workbook(path)
    sheet = wb["项目台账"]
    assert_print_ready(sheet, "$3:$3")
    assert_fonts_are_song(sheet)
    titles = [c.value for c in sheet[3]]
    assert titles == [c.title for c in LEDGER_COLUMNS]
    count = demo_ws.projects.count()
    total_row = 4 + count
    assert sheet.cell(row=total_row, column=1).value == "合计"
    assert sheet.print_area == f"'项目台账'!$A$1:$AA${total_row}"

    date_cols = [i for i, c in enumerate(LEDGER_COLUMNS, start=1) if c.kind == "date"]
    seen_dates = 0
    for r in range(4, total_row):
        for col in date_cols:
            cell = sheet.cell(row=r, column=col)
            assert cell.number_format == DATE_FORMAT
            if cell.value is not None:
                assert cell.is_date and isinstance(cell.value, datetime) and cell.value.time() == datetime.min.time()
                seen_dates += 1
        # no ISO text anywhere: a date is a date cell
        for cell in sheet[r]:
            assert not (isinstance(cell.value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell.value)), cell.coordinate
    assert seen_dates > count   # the demo has declaration, opinion, approval, acceptance … dates

    # the stored ISO date arrives as that day
    first = next(s for s in demo_ws.views.summaries() if s.declared_on is not None)
    row = next(r for r in range(4, total_row) if sheet.cell(row=r, column=2).value == first.number)
    declared = sheet.cell(row=row, column=1 + [c.key for c in LEDGER_COLUMNS].index("declared_on"))
    assert declared.value.date() == first.declared_on


def test_ledger_amounts_never_wrap_and_totals_are_exact(demo_ws, tmp_path):
    path = write_ledger_xlsx(demo_ws, tmp_path / "台账.xlsx", made_on=date(2026, 12, 1))
    sheet = load_workbook(path)["项目台账"]
    total_row = 4 + demo_ws.projects.count()
    stored = sum(s.investment for s in demo_ws.views.summaries() if s.investment is not None) * 10000
    for i, c in enumerate(LEDGER_COLUMNS, start=1):
        if c.kind != "wan":
            continue
        letter = sheet.cell(row=3, column=i).column_letter
        total = sheet.cell(row=total_row, column=i)
        assert total.number_format == common.WAN_FORMAT and not total.alignment.wrap_text
        assert total.font.bold
        column_sum = sum((Decimal(str(sheet.cell(row=r, column=i).value))
                          for r in range(4, total_row) if sheet.cell(row=r, column=i).value is not None), Decimal(0))
        assert Decimal(str(total.value)) == column_sum
        # wide enough for the widest figure (the total), so Excel never shows ####
        assert sheet.column_dimensions[letter].width >= len(format(column_sum, ",.4f")) + 1
        for r in range(4, total_row):
            assert not sheet.cell(row=r, column=i).alignment.wrap_text
    assert Decimal(str(sheet.cell(row=total_row, column=8).value)) == Decimal(stored) / 10000


def test_row_heights_follow_one_rule(demo_ws, tmp_path):
    path = write_ledger_xlsx(demo_ws, tmp_path / "台账.xlsx", made_on=date(2026, 12, 1))
    sheet = load_workbook(path)["项目台账"]
    single = common.LINE_HEIGHT + 2 * common.ROW_PADDING
    total_row = 4 + demo_ws.projects.count()
    heights = {r: sheet.row_dimensions[r].height for r in range(2, total_row + 1)}
    assert all(h is not None for h in heights.values())
    # every height is a whole number of lines plus the same padding
    for r, h in heights.items():
        lines = (h - 2 * common.ROW_PADDING) / common.LINE_HEIGHT
        assert lines == int(lines) and lines >= 1, (r, h)
    assert heights[2] == single
    name_col = 1 + [c.key for c in LEDGER_COLUMNS].index("name")
    width = sheet.column_dimensions[sheet.cell(row=3, column=name_col).column_letter].width
    for r in range(4, total_row):
        name = sheet.cell(row=r, column=name_col).value
        if common.text_width(name) > width:   # a name longer than its column wraps, and its row grows
            assert heights[r] > single


def test_plan_xlsx_and_pdf_write_the_same_dates(demo_ws, tmp_path):
    year = 2026
    annual_plan.record_filing(demo_ws, year, finance_filed_on=date(2026, 2, 5))
    xlsx = export_plan(demo_ws, year, tmp_path / "plan.xlsx").path
    pdf = export_plan(demo_ws, year, tmp_path / "plan.pdf").path
    assert empty_inline_strings(xlsx) == []
    sheet = load_workbook(xlsx).active
    assert_print_ready(sheet, "$3:$4")
    assert_fonts_are_song(sheet)
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as doc:
        printed = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
    # 编制日期 is the day the office compiled the plan (第七条), not the day it was written out
    for text in ("编制日期：2026年1月23日", "2026年2月5日"):
        assert text in cells and text in printed
    assert "2026年01月23日" not in cells


def test_audit_export_is_print_ready(ws, tmp_path):
    with as_unit(ws, "县数据资源局"):
        ws.projects.create("城市大脑二期", "县数据资源局", 2027)
    path = audit.export_xlsx(ws, tmp_path / "审计.xlsx")
    assert empty_inline_strings(path) == []
    sheet = load_workbook(path).active
    assert sheet.title == "审计日志"
    assert sheet["A1"].value == "金寨县政务信息化项目管理系统审计日志"
    assert "摘要链完整" in sheet["A2"].value and "共 2 条" in sheet["A2"].value   # the side chosen, the project
    assert [c.value for c in sheet[3]] == ["序号", "时间", "操作人", "操作", "对象", "变更前", "变更后",
                                          "结果", "摘要（SM3）"]
    assert_print_ready(sheet, "$3:$3")
    assert_fonts_are_song(sheet)
    entry = ws.audit_log.entries()[1]   # the last exported (the export itself is audited after it)
    assert ws.audit_log.entries()[-1].action == "导出审计日志"
    row = [c.value for c in sheet[5]]
    assert row[0] == 2 and row[2] == "测试员" and row[3] == "新建项目"
    assert isinstance(row[1], datetime) and sheet["B4"].number_format == 'yyyy"年"m"月"d"日" hh:mm:ss'
    assert row[1] == datetime.fromisoformat(entry.at).astimezone().replace(tzinfo=None)
    assert row[5] is None   # nothing before a new project: no cell text at all
    assert "name：城市大脑二期" in row[6].splitlines() and "year：2027" in row[6].splitlines()
    assert row[8] == entry.hash


def test_audit_export_names_a_broken_chain(ws, tmp_path):
    conn = ws.database.connection()   # an attacker with the file
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET who = '某人' WHERE id = 1")
    sheet = load_workbook(audit.export_xlsx(ws, tmp_path / "审计.xlsx")).active
    # the changed entry, and the trigger that should have stopped it
    assert "校验发现 2 处问题" in sheet["A2"].value
    assert sheet["C4"].value == "某人"   # the log as stored, broken or not


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_audit_times_are_local(shanghai, tmp_path):
    rows = [{"id": 1, "at": "2026-12-01T00:32:42+00:00", "who": "王敏", "action": "登录", "target": "",
             "before": "", "after": '{"reason": null, "tries": 2, "units": ["县教育局"]}', "result": "成功",
             "hash": "ab" * 32},
            {"id": 2, "at": "2026-12-01T09:00:00+08:00", "who": "王敏", "action": "备注", "target": "x",
             "before": "纯文本", "after": "x" * (MAX_CELL + 10), "result": "失败", "hash": "cd" * 32}]
    sheet = load_workbook(write_audit_xlsx(rows, tmp_path / "a.xlsx", made_at=datetime(2026, 12, 2, 8, 0))).active
    assert sheet["A2"].value.startswith("导出时间：2026年12月2日 08:00")
    assert sheet["B4"].value == datetime(2026, 12, 1, 8, 32, 42)   # UTC 00:32 is 08:32 in 金寨
    assert sheet["B5"].value == datetime(2026, 12, 1, 9, 0, 0)
    assert sheet["G4"].value.splitlines() == ["reason：（空）", "tries：2", 'units：["县教育局"]']
    assert sheet["F5"].value == "纯文本"
    assert len(sheet["G5"].value) == MAX_CELL and sheet["G5"].value.endswith(CUT_NOTE)


def test_a_failed_export_leaves_nothing_open(demo_ws, tmp_path):
    with pytest.raises(XxhError, match="文件夹不存在"):
        export_ledger(demo_ws, tmp_path / "无此文件夹" / "台账.xlsx")
    with pytest.raises(XxhError, match=r"\.xlsx"):
        write_audit_xlsx([], tmp_path / "a.xls")
    assert not (tmp_path / "a.xls").exists()


def test_hostile_text_stays_text(ws, tmp_path):
    # Names arrive from departments' packages: a leading «=» is text, not a live formula,
    # and a control character XML cannot hold does not stop the export.
    new_project(ws, '=HYPERLINK("http://example.com","点我")', "县民政局", 2027)
    # The core now refuses a control character (issue 17); a file from an earlier version may hold one.
    pid = new_project(ws, "智慧民政", "县民政局", 2027)
    ws.database.connection().execute("UPDATE projects SET name = ? WHERE id = ?", ("智慧\x07民政", pid))
    path = write_ledger_xlsx(ws, tmp_path / "台账.xlsx", made_on=date(2027, 6, 1))
    sheet = load_workbook(path)["项目台账"]
    names = {sheet.cell(row=r, column=3).value: sheet.cell(row=r, column=3).data_type for r in (4, 5)}
    assert names == {'=HYPERLINK("http://example.com","点我")': "s", "智慧\ufffd民政": "s"}
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
