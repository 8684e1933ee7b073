"""excel/common.py places each appended row's own cells (`_cells_placed`) instead of openpyxl's
`_values_to_row`, which tries each cell as a value first: the files written either way are the same."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xxh_desktop.excel import common
from xxh_desktop.excel.common import Column, Table


def openpyxl_own(cells, row_idx):
    return WriteOnlyWorksheet._values_to_row(cells[0].parent, cells, row_idx)


def tables() -> list[tuple[str, Table]]:
    columns = [Column("序号", "center", 4), Column("项目名称", "text", 12, 30), Column("总投资", "wan"),
               Column("金额（元）", "yuan"), Column("申报日期", "date"), Column("导出时间", "datetime"),
               Column("备注", "text", size=9)]
    rows = [[n + 1, f"金寨县政务信息化项目第{n}期" * (1 + n % 4), Decimal("123.4567") * n, 1000 * n,
             date(2026, 1 + n % 12, 1 + n % 28), datetime(2026, 12, 1, 8, n % 60),
             ["", None, "=SUM(A1:A2)", "坏\x07字符", "第一行\n第二行"][n % 5]] for n in range(60)]
    return [
        ("台账", Table("项目台账", "单位：万元", columns, rows, total=["合计", None, Decimal("9.5"), 10, None, None, None],
                      total_label_span=2, note="编制单位：县智慧办\n说明：测试", autofilter=True,
                      body_merges=[(3, 2, 4)], footer="审计链锚点 1:ABC")),
        ("计划", Table("年度计划", "", columns[:3], [[1, "甲", Decimal("1")], [2, None, None]],
                      header=[["序号", "项目", None], [None, None, "金额"]], header_merges=[(1, 2, 1, 3)])),
    ]


def sheets_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/")}


def test_the_workbook_is_the_one_openpyxls_own_path_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = common.write_workbook(tmp_path / "ours.xlsx", tables())
    monkeypatch.setattr(common, "_cells_placed", openpyxl_own)
    theirs = common.write_workbook(tmp_path / "theirs.xlsx", tables())
    a, b = sheets_xml(ours), sheets_xml(theirs)
    assert set(a) == set(b) and "xl/worksheets/sheet1.xml" in a
    assert a == b
    sheet = a["xl/worksheets/sheet1.xml"].decode()
    assert '<c r="G6" s="10" t="inlineStr"><is><t>=SUM(A1:A2)</t></is></c>' in sheet   # text, never a formula
    assert "<f>" not in sheet and "<c r=\"A61\"" in sheet and "\ufffd" in sheet


def test_openpyxl_still_has_the_method_it_replaces() -> None:
    # Renamed, the assignment would leave openpyxl's slower path in place: the same file, slower.
    assert callable(getattr(WriteOnlyWorksheet, "_values_to_row", None))
