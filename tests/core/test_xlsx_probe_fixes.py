"""The spreadsheets hold whatever the core holds (probe «printed and spreadsheet outputs», F1, F2b, F3).

F1: a Unicode noncharacter (U+FFFF) in a name made the 台账 and the 审计日志 .xlsx files not
well-formed XML — they did not open, while the commands said success. The core now refuses
noncharacters, and the writer replaces every character XML 1.0 cannot hold (old records, the
append-only audit log, may hold them). F2b: a long text made a row taller than Excel allows and
a text beyond a cell's 32,767 characters was cut silently. F3: the largest amounts accepted
did not survive a spreadsheet's 15 significant digits (一万亿 万元 was accepted).
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import as_office, as_unit, new_project
from xxh_desktop import audit
from xxh_desktop.annual_plan import AMOUNT_FIELDS, Plan, PlanRow
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.stages import CaseStatus
from xxh_desktop.domain.text import text_problem
from xxh_desktop.domain.validation import fact_issue, validate_declaration
from xxh_desktop.errors import XxhError
from xxh_desktop.excel import common
from xxh_desktop.excel.audit_log import CUT_NOTE as AUDIT_CUT_NOTE
from xxh_desktop.excel.audit_log import write_audit_xlsx
from xxh_desktop.excel.ledger import LEDGER_COLUMNS, write_ledger_xlsx
from xxh_desktop.excel.plan import write_plan_xlsx
from xxh_desktop.exchange.limits import Refused
from xxh_desktop.exchange.validate import _check_values
from xxh_desktop.workspace import Workspace

NONCHARACTERS = ["\uffff", "\ufffe", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


def _cells(path: Path) -> list[str]:
    """Every text of every sheet, read back by openpyxl (which fails on a file that is not XML)."""
    wb = load_workbook(path)
    return [c.value for sheet in wb.worksheets for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str)]


# ---------------------------------------------------------------------- F1


@pytest.mark.parametrize("ch", NONCHARACTERS)
def test_the_core_refuses_a_noncharacter_naming_the_field(ws: Workspace, ch: str) -> None:
    code = f"U+{ord(ch):04X}"
    assert text_problem(f"智慧{ch}旅游") == f"含有无效的字符（Unicode 非字符 {code}）"
    # What the .xxh import holds each catalogued text to (`exchange/validate.py`).
    assert fact_issue("declaration.project_name", f"智慧{ch}旅游") == f"含有无效的字符（Unicode 非字符 {code}）"
    with pytest.raises(XxhError, match=re.escape(f"「项目名称」含有无效的字符（Unicode 非字符 {code}），未保存")):
        new_project(ws, f"智慧{ch}旅游", "县文旅局", 2027)
    pid = new_project(ws, "智慧旅游", "县文旅局", 2027)
    with as_unit(ws, "县文旅局"), pytest.raises(XxhError, match="「项目实施依据及主要内容」含有无效的字符"):
        ws.declarations.save(pid, Declaration(project_name="智慧旅游", content=f"建设内容{ch}"))
    assert ws.projects.get(pid).name == "智慧旅游" and not ws.declarations.get(pid).content


def test_only_the_noncharacters_are_refused_not_their_neighbours() -> None:
    for refused, kept in (("\ufdd0", "\ufdcf"), ("\ufdef", "\ufdf0"), ("\ufffe", "\ufffd"),
                          ("\U0001fffe", "\U0001fffd"), ("\U0002ffff", "\U00020000")):
        assert text_problem(f"甲{refused}") is not None and text_problem(f"甲{kept}") is None, hex(ord(kept))
    assert text_problem("私用区\ue000表情\U0001f600") is None


def test_cell_text_replaces_every_character_xml_cannot_hold() -> None:
    bad = "\x00\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff"
    assert common.cell_text("甲" + bad + "乙\t丙\n丁\r") == "甲" + "\ufffd" * len(bad) + "乙\t丙\n丁\r"
    assert common.cell_text("\U0001f600\U0010fffd\ud7ff\ue000\ufffd") == "\U0001f600\U0010fffd\ud7ff\ue000\ufffd"


def test_ledger_plan_and_audit_export_of_old_records_holding_uffff_open(ws: Workspace, tmp_path: Path) -> None:
    # Records written before the core refused noncharacters: a project's name, an audit entry.
    pid = new_project(ws, "天堂寨镇智慧旅游安全监测平台", "天堂寨镇人民政府", 2027)
    ws.database.connection().execute("UPDATE projects SET name = ? WHERE id = ?",
                                     ("天堂寨镇智慧旅游\uffff安全监测平台\ufdd0", pid))
    ws.audit_log.append("修改项目", "JZ-2027-014", after={"name": "天堂寨镇智慧旅游\uffff安全监测平台"})
    shown = "天堂寨镇智慧旅游\ufffd安全监测平台\ufdd0"   # U+FDD0 is XML, only the text check refuses it

    ledger = write_ledger_xlsx(ws, tmp_path / "台账.xlsx", made_on=date(2027, 6, 1))
    sheet = load_workbook(ledger)["项目台账"]
    assert sheet.cell(row=4, column=3).value == shown

    log = audit.export_xlsx(ws, tmp_path / "审计日志.xlsx")
    assert "name：天堂寨镇智慧旅游\ufffd安全监测平台" in _cells(log)

    row = PlanRow(pid, "JZ-2027-014", "天堂寨镇人民政府", "天堂寨镇智慧旅游\uffff安全监测平台\ufdd0",
                  "2027年01月至2027年12月", {f: Decimal("10") for f, _ in AMOUNT_FIELDS}, False, "备注\ufffe")
    plan = write_plan_xlsx(Plan(2027, [row], {f: Decimal("10") for f, _ in AMOUNT_FIELDS}), tmp_path / "计划.xlsx")
    assert shown in _cells(plan) and "备注\ufffd" in _cells(plan)
    for path in (ledger, log, plan):
        with zipfile.ZipFile(path) as archive:
            xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        assert "\uffff" not in xml and "\ufffe" not in xml, path.name


# ---------------------------------------------------------------------- F2b


def _one_column_table(texts: list[str], note: str = "") -> common.Table:
    return common.Table(title="长文本", unit_line="", columns=(common.Column("内容", "text", 20, 28),),
                        rows=[[t] for t in texts], note=note)


def test_no_row_is_taller_than_excel_allows(tmp_path: Path) -> None:
    long = "经审核，拟采购的台式计算机配置明显超出办公通用需求。" * 200
    path = common.write_workbook(tmp_path / "t.xlsx", [("表", _one_column_table(["短", long], note=long))])
    sheet = load_workbook(path)["表"]
    heights = [sheet.row_dimensions[r].height for r in range(1, sheet.max_row + 1)]
    assert max(heights) == common.MAX_ROW_HEIGHT == 409
    assert heights[3] == common.LINE_HEIGHT + 2 * common.ROW_PADDING   # a short row keeps its one line
    assert sheet["A5"].value == long                                   # the text itself is whole


def test_a_long_review_opinion_in_the_ledger_keeps_its_row_within_409_points(demo_ws: Workspace,
                                                                             tmp_path: Path) -> None:
    # The probe's case: a 1000-字 审核意见 (the field's own limit) made a 1095.5-point row.
    text = ("经审核，拟采购的台式计算机配置明显超出办公通用需求和县直单位配置标准，且未选用信创产品；" * 30)[:1000]
    with as_office(demo_ws):
        demo_ws.procurements.review("CG-2026-005", CaseStatus.REVIEWING)
        demo_ws.procurements.review("CG-2026-005", CaseStatus.RETURNED, opinion=text,
                                    reviewed_by="县智慧办 李审核", reviewed_on=date(2026, 11, 25))
    path = write_ledger_xlsx(demo_ws, tmp_path / "台账.xlsx", made_on=date(2026, 12, 1))
    wb = load_workbook(path)
    for sheet in wb.worksheets:
        assert max(sheet.row_dimensions[r].height or 0 for r in range(1, sheet.max_row + 1)) <= 409, sheet.title
    sheet = wb["采购申报"]
    row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(row=r, column=8).value == text)
    assert sheet.row_dimensions[row].height == 409


@pytest.mark.parametrize("unit", ["龘", "\U0001f600"])   # one UTF-16 unit, two
def test_a_cell_cut_to_excels_limit_says_so(tmp_path: Path, unit: str) -> None:
    # 5000 附件2 rows made a 采购品目及数量 of more than 32,767 characters, cut mid-item, silently.
    text = unit * 40_000
    path = common.write_workbook(tmp_path / "t.xlsx", [("表", _one_column_table([text]))])
    value = load_workbook(path)["表"]["A4"].value
    assert value.endswith(common.CUT_NOTE) and "超出单元格容量" in common.CUT_NOTE
    kept = value[:-len(common.CUT_NOTE)]
    assert kept == unit * len(kept)
    units = len(value.encode("utf-16-le")) // 2     # what Excel counts: a character beyond U+FFFF is two
    assert common.MAX_CELL - len(unit.encode("utf-16-le")) // 2 < units <= common.MAX_CELL


def test_the_audit_export_cuts_with_its_own_note_and_a_text_that_fits_is_whole(tmp_path: Path) -> None:
    rows = [{"id": 1, "at": "2026-12-01T09:00:00+08:00", "who": "王敏", "action": "备注", "target": "x",
             "before": "字" * common.MAX_CELL, "after": "\uffff" + "字" * (common.MAX_CELL + 1), "result": "成功",
             "hash": "ab" * 32}]
    sheet = load_workbook(write_audit_xlsx(rows, tmp_path / "a.xlsx", made_at=datetime(2026, 12, 2, 8, 0))).active
    assert sheet["F4"].value == "字" * common.MAX_CELL
    after = sheet["G4"].value
    assert after.startswith("\ufffd字") and after.endswith(AUDIT_CUT_NOTE) and len(after) == common.MAX_CELL


# ---------------------------------------------------------------------- F3


LARGEST_WAN = Decimal("99999999.9999")    # just under 一万亿元, in 万元


def _declaration(name: str, unit: str, investment: Decimal) -> Declaration:
    half = (investment / 2).quantize(Decimal("0.0001"))
    return Declaration(applicant_unit=unit, declared_on=date(2026, 9, 1), leader="张三", contact="李四",
                       phone="0564-5012345", email="a@b.cn", project_name=name, start_month=date(2027, 1, 1),
                       end_month=date(2027, 12, 1), investment=investment, fund_fiscal=half,
                       fund_other=investment - half, content="内容")


def test_amounts_are_limited_to_one_trillion_yuan_in_their_own_unit() -> None:
    assert validate_declaration(_declaration("大额项目", "县审计局", LARGEST_WAN)) == []
    refused = validate_declaration(_declaration("大额项目", "县审计局", Decimal(10) ** 8))
    assert [p.message for p in refused if p.field == "investment"] == [
        "投资额 100000000 万元过大（应小于一万亿元），请核对。"]
    assert fact_issue("project.contract_amount", Decimal(10) ** 8) == "应为不小于 0 的金额，且小于一万亿元"
    assert fact_issue("project.contract_amount", LARGEST_WAN) is None
    assert fact_issue("procurement.fund_budget", Decimal(10) ** 8) is None          # 元: 一亿元 is fine
    assert fact_issue("procurement.fund_budget", Decimal(10) ** 12) is not None
    # A .xxh brings 万元 as integer 元 and 元 as integer 分: each held to 一万亿元.
    with pytest.raises(Refused, match="合同金额.*小于一万亿元"):
        _check_values("第 1 个项目", "project", {"contract_amount": 10 ** 12}, {"contract_amount": "amt?"})
    with pytest.raises(Refused, match="项目调整申请.*小于一万亿元"):
        _check_values("第 1 个项目", "adjustments", {"new_investment": 10 ** 12}, {"new_investment": "amt?"})
    _check_values("第 1 个项目", "project", {"contract_amount": 10 ** 12 - 1}, {"contract_amount": "amt?"})
    _check_values("第 1 个采购申报", "procurement", {"fund_budget": 10 ** 14 - 1}, {"fund_budget": "amt?"})


def test_a_ledger_of_the_largest_amounts_accepted_totals_exactly(ws: Workspace, tmp_path: Path) -> None:
    amounts = [LARGEST_WAN, LARGEST_WAN, LARGEST_WAN - Decimal("0.0002")]
    assert validate_declaration(_declaration("大额项目", "县审计局", LARGEST_WAN + Decimal("0.0001")))
    for n, amount in enumerate(amounts):
        unit = f"县第{n}局"
        declaration = _declaration(f"大额项目{n}", unit, amount)
        assert validate_declaration(declaration) == []
        pid = new_project(ws, declaration.project_name, unit, 2027)
        with as_unit(ws, unit):
            ws.declarations.save(pid, declaration)
    path = write_ledger_xlsx(ws, tmp_path / "台账.xlsx", made_on=date(2027, 6, 1))
    sheet = load_workbook(path)["项目台账"]
    col = 1 + [c.key for c in LEDGER_COLUMNS].index("investment")
    total_row = 4 + len(amounts)
    assert sheet.cell(row=total_row, column=1).value == "合计"
    cells = [sheet.cell(row=r, column=col).value for r in range(4, total_row)]
    assert sorted(Decimal(repr(v)) for v in cells) == sorted(amounts)
    total = sheet.cell(row=total_row, column=col).value
    assert Decimal(repr(total)) == sum(amounts) == Decimal("299999999.9995")
