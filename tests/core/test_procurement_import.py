"""附件2 rows from a department's .xlsx: header by name, row errors in Chinese, untrusted input bounded."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from builders import write_xlsx
from xxh_desktop.errors import XxhError
from xxh_desktop.excel import procurement_import as imp
from xxh_desktop.excel.procurement_import import read_procurement_items


GOOD = [
    ["教育局2027年电脑采购明细"],
    [],
    ["序号", "采购品目", "规格 型号", "数量", "单 价（元）", "金额（元）"],
    [1, "台式计算机", "国产 i5/16G/512G", 3, 4999, 14997],
    [2, "打印机", "A4 黑白激光", 1, 1010.05, 1010.05],
    [3, "显示器", "23.8英寸", "2", "899.50", None],
    [],
    ["合计", None, None, None, None, 17806.05],
]


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_good_file(tmp_path: Path) -> None:
    result = read_procurement_items(write_xlsx(tmp_path / "good.xlsx", GOOD))
    assert result.header_row == 3 and result.errors == []
    items = result.items()
    assert [(i.item, i.spec, i.quantity, i.unit_price) for i in items] == [
        ("台式计算机", "国产 i5/16G/512G", 3, Decimal("4999")),
        ("打印机", "A4 黑白激光", 1, Decimal("1010.05")),
        ("显示器", "23.8英寸", 2, Decimal("899.50")),
    ]
    assert sum(i.amount for i in items) == Decimal("17806.05")


def test_header_found_anywhere_and_on_a_later_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["说明：本表由各单位填写"])
    sheet = book.create_sheet("明细")
    for _ in range(5):
        sheet.append([])
    sheet.append([None, "数量", "采购品目", "单价", "规格型号"])
    sheet.append([None, 4, "笔记本电脑", "5,600.00", "14英寸"])
    book.save(tmp_path / "later.xlsx")
    result = read_procurement_items(tmp_path / "later.xlsx")
    assert result.sheet == "明细"
    item = result.items()[0]
    assert (item.item, item.spec, item.quantity, item.unit_price) == ("笔记本电脑", "14英寸", 4, Decimal("5600.00"))


def test_bad_rows_named_and_nothing_imported(tmp_path: Path) -> None:
    rows = GOOD[:3] + [
        [1, "台式计算机", "i5", 3, 4999, None],
        [2, "打印机", "激光", "两台", 1000, None],
        [3, "", "x", 1, 5, None],
        [4, "扫描仪", "A4", 1, "12.345", None],
        [5, "鼠标", "有线", 2, 30, 70],
    ]
    result = read_procurement_items(write_xlsx(tmp_path / "bad.xlsx", rows))
    messages = [e.message for e in result.errors]
    assert messages == [
        "第5行：数量“两台”不是整数",
        "第6行：采购品目为空",
        "第7行：单价“12.345”超过2位小数（最小到分）",
        "第8行：金额“70”≠ 数量×单价 60.00",
    ]
    with pytest.raises(XxhError, match="未导入任何行"):
        result.items()
    good = result.items(take_good_only=True)
    assert [i.item for i in good] == ["台式计算机"]


def test_no_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nohead.xlsx", [["品名", "数目"], ["电脑", 1]])
    with pytest.raises(XxhError, match="找不到表头"):
        read_procurement_items(path)


def test_broken_file_gives_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(XxhError, match="不是有效的 Excel"):
        read_procurement_items(path)
    zpath = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(XxhError, match="不是有效的 Excel"):
        read_procurement_items(zpath)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(XxhError, match="另存为不加密的 .xlsx"):
        read_procurement_items(old)


def test_oversized_file_refused_before_opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", GOOD)
    monkeypatch.setattr(imp, "MAX_FILE_BYTES", 100)
    with pytest.raises(XxhError, match="超过"):
        read_procurement_items(path)


def test_zip_bomb_refused_by_uncompressed_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    assert path.stat().st_size < 50_000
    monkeypatch.setattr(imp, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    with pytest.raises(XxhError, match="压缩炸弹"):
        read_procurement_items(path)
    assert opened == []


def test_xml_entity_expansion_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ent.xlsx", GOOD)
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":  # the "billion laughs" shape
                data = (b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + data)
            dst.writestr(info, data)
    with pytest.raises(XxhError, match="不是有效的 Excel") as info:
        read_procurement_items(evil)
    from defusedxml import EntitiesForbidden

    cause = info.value.__cause__
    assert isinstance(cause, EntitiesForbidden) or isinstance(cause.__cause__, EntitiesForbidden)
