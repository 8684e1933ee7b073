"""附件2 import of a hostile or odd .xlsx: bounded before openpyxl parses it, each bad row named."""

from __future__ import annotations

import os
import re
import struct
import threading
import zipfile
import zlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from builders import write_xlsx
from xxh_desktop.errors import XxhError
from xxh_desktop.excel import procurement_import as imp
from xxh_desktop.excel.procurement_import import read_procurement_items

HEADER = ["采购品目", "规格型号", "数量", "单价（元）", "金额（元）"]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEAD_ROW = ('<row r="1">' + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                    for c, h in zip("ABCD", HEADER)) + "</row>")


def replace_part(path: Path, name: str, data: bytes) -> Path:
    """A good workbook with one part replaced (or added)."""
    src = write_xlsx(path.with_suffix(".src.xlsx"), [HEADER, ["电脑", "i5", 1, 100]])
    with zipfile.ZipFile(src) as s, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as d:
        for info in s.infolist():
            if info.filename != name:
                d.writestr(info.filename, s.read(info.filename))
        d.writestr(name, data)
    return path


def sheet_xml(rows: str, dimension: str = "") -> bytes:
    return f"<worksheet {NS}>{dimension}<sheetData>{HEAD_ROW}{rows}</sheetData></worksheet>".encode()


def refused_unopened(path: Path, match: str, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    with pytest.raises(XxhError, match=match):
        read_procurement_items(path)
    assert opened == []


# ---------------------------------------------------------------- memory and time bombs (F1, F2)

def test_member_with_a_high_compression_ratio_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = replace_part(tmp_path / "ratio.xlsx", "xl/worksheets/sheet1.xml",
                        sheet_xml('<row r="2">' + "<c/>" * 100_000 + "</row>"))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 500 * info.compress_size
    refused_unopened(path, "压缩比超过", monkeypatch)


def test_oversized_styles_part_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # random text packs about 2:1, so only the per-part cap can stop it, not the ratio
    noise = os.urandom(700 * 1024).hex()
    styles = f'<styleSheet {NS}><!--{noise}--></styleSheet>'.encode()
    path = replace_part(tmp_path / "styles.xlsx", "xl/styles.xml", styles)
    refused_unopened(path, "xl/styles.xml 解压后有", monkeypatch)


@pytest.mark.parametrize(("crc_of", "match"), [(0, "已损坏"), (1, "比它声明的大小更大")])
def test_member_larger_than_it_declares_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                crc_of: int, match: str) -> None:
    """Its header describes a good sheet, its CRC that of the sheet (or of one byte more); the
    deflate stream goes on for 2 MB more."""
    honest = sheet_xml('<row r="2"><c r="A2" t="inlineStr"><is><t>电脑</t></is></c><c r="B2" t="inlineStr">'
                       '<is><t>i5</t></is></c><c r="C2"><v>1</v></c><c r="D2"><v>100</v></c></row>')
    name = "xl/worksheets/sheet1.xml"
    path = replace_part(tmp_path / "lying.xlsx", name, honest + b" " * (2 * 1024 * 1024))
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    crc = zlib.crc32((honest + b" ")[:len(honest) + crc_of])
    struct.pack_into("<I", raw, offset + 14, crc)
    struct.pack_into("<I", raw, offset + 22, len(honest))
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46:central + 46 + length] == name.encode():
            struct.pack_into("<I", raw, central + 16, crc)
            struct.pack_into("<I", raw, central + 24, len(honest))
        central = raw.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(raw))
    refused_unopened(path, match, monkeypatch)


def test_one_very_wide_row_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = replace_part(tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml",
                        sheet_xml('<row r="2">' + "<c/>" * 30_000 + "</row>"))
    refused_unopened(path, "XML 元素", monkeypatch)


def test_a_row_tag_inside_a_comment_does_not_split_a_wide_row(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cells = ("<c/>" * 10_000 + "<!--<row>-->") * 3
    path = replace_part(tmp_path / "split.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(f'<row r="2">{cells}</row>'))
    refused_unopened(path, "XML 元素", monkeypatch)


def test_one_worksheet_listed_many_times_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 4_000))
    src = replace_part(tmp_path / "one.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(rows))
    workbook = (f'<workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                "<sheets>" + "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(200))
                + "</sheets></workbook>").encode()
    path = replace_part(tmp_path / "many.xlsx", "xl/workbook.xml", workbook)
    with zipfile.ZipFile(src) as s, zipfile.ZipFile(path, "a") as d:
        d.writestr("xl/worksheets/sheet2.xml", s.read("xl/worksheets/sheet1.xml"))
    with zipfile.ZipFile(path) as archive:  # point rId1 at the big sheet
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet1.xml", b"worksheets/sheet2.xml")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as d:
        for name, data in parts.items():
            d.writestr(name, data)
    refused_unopened(path, "列出 200 个工作表", monkeypatch)


@pytest.mark.parametrize("disguise", ["foreign rows between", "a prefix in another script", "an upper-case name"])
def test_a_cell_bomb_is_refused_however_its_rows_are_split_or_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disguise: str) -> None:
    # openpyxl builds an object per cell it meets: the elements of a part are bounded, not its rows.
    monkeypatch.setattr(imp, "MAX_PART_TAGS", 5_000)
    cells = "".join('<c r="B2"/>' + ('<o:row xmlns:o="urn:other"/>' if i % 1_000 == 0 else "")
                    for i in range(6_000)) if disguise == "foreign rows between" else '<c r="B2"/>' * 6_000
    xml = sheet_xml(f'<row r="2">{cells}</row>')
    name = "xl/worksheets/sheet1.xml"
    if disguise == "a prefix in another script":
        xml = xml.replace(b"<worksheet ", b'<\xd1\x88:worksheet xmlns:\xd1\x88="http://schemas.openxmlformats.org/'
                          b'spreadsheetml/2006/main" ').replace(b"</worksheet>", b"</\xd1\x88:worksheet>")
    path = replace_part(tmp_path / "bomb.xlsx", name, xml)
    if disguise == "an upper-case name":
        with zipfile.ZipFile(path) as archive:
            parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
        parts["xl/worksheets/sheet1.XML"] = parts.pop(name)
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"sheet1.xml", b"sheet1.XML")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as d:
            for part, data in parts.items():
                d.writestr(part, data)
    refused_unopened(path, "个 XML 元素，超过 5000 个的上限", monkeypatch)


def test_rows_are_cut_to_the_column_limit(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append([None] * (imp.MAX_COLS + 5) + HEADER)
    book.active.append([None] * (imp.MAX_COLS + 5) + ["电脑", "i5", 1, 100])
    book.save(tmp_path / "far.xlsx")
    with pytest.raises(XxhError, match="找不到表头"):
        read_procurement_items(tmp_path / "far.xlsx")


def test_only_so_many_sheets_are_searched(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for i in range(imp.MAX_SHEETS):
        book.create_sheet(f"说明{i}").append(["说明"])
    last = book.create_sheet("明细")  # the header is on the sheet after the limit
    for row in (HEADER, ["电脑", "i5", 1, 100]):
        last.append(row)
    book.save(tmp_path / "sheets.xlsx")
    with pytest.raises(XxhError, match="找不到表头"):
        read_procurement_items(tmp_path / "sheets.xlsx")


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_is_not_imported(tmp_path: Path, state: str) -> None:
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "隐藏"
    for row in (HEADER, ["隐藏的服务器", "x", 99, 99999]):
        hidden.append(row)
    hidden.sheet_state = state
    shown = book.create_sheet("明细")
    for row in (HEADER, ["台式计算机", "i5", 1, 4000]):
        shown.append(row)
    book.active = 1
    book.save(tmp_path / "hidden.xlsx")
    result = read_procurement_items(tmp_path / "hidden.xlsx")
    assert result.sheet == "明细"
    assert [i.item for i in result.items()] == ["台式计算机"]


def test_hidden_row_is_named(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "rows.xlsx", [HEADER, ["电脑", "i5", 1, 100], ["隐藏行的服务器", "x", 50, 88888]])
    book = openpyxl.load_workbook(path)
    book.active.row_dimensions[3].hidden = True
    book.save(path)
    result = read_procurement_items(path)
    assert [e.message for e in result.errors] == ["第3行：是隐藏的行，请在 Excel 或 WPS 中取消隐藏并核对后再导入。"]
    assert [i.item for i in result.items(take_good_only=True)] == ["电脑"]


# ---------------------------------------------------------------- not a regular file (F3)

def test_fifo_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)

    def writer() -> None:  # lets a reader that does open the pipe see an empty file, not block
        with open(fifo, "wb"):
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with pytest.raises(XxhError, match="不是普通文件"):
            read_procurement_items(fifo)
    finally:
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # release the writer
        thread.join(5)
        os.close(fd)


def test_device_directory_missing_and_loop_named_in_chinese(tmp_path: Path) -> None:
    device = tmp_path / "device.xlsx"
    device.symlink_to("/dev/null")
    with pytest.raises(XxhError, match="不是普通文件"):
        read_procurement_items(device)
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(XxhError, match="是一个文件夹"):
        read_procurement_items(folder)
    with pytest.raises(XxhError, match="找不到文件 nope.xlsx") as missing:
        read_procurement_items(tmp_path / "nope.xlsx")
    assert "No such file" not in str(missing.value)
    loop = tmp_path / "loop.xlsx"
    loop.symlink_to(loop)
    with pytest.raises(XxhError, match="循环的快捷方式"):
        read_procurement_items(loop)


def test_ole_file_named_xlsx_is_old_xls_or_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(XxhError, match="这是旧版 .xls 文件或设置了打开密码的 Excel 文件：请在 Excel 或 WPS 中"
                                       "另存为不加密的 .xlsx 后再导入"):
        read_procurement_items(path)


# ---------------------------------------------------------------- numbers and text (F4, F5)

def test_huge_numbers_are_their_rows_errors(tmp_path: Path) -> None:
    rows = [HEADER,
            ["电脑", "i5", 1, 10 ** 30, None],
            ["电脑", "i5", 1, 1e308, None],
            ["电脑", "i5", 1, "1e999999999", None],
            ["电脑", "i5", 1, 100, 1e300],
            ["电脑", "i5", "9" * 5000, 100, None],
            ["电脑", "i5", 10 ** 6, 100, None],
            ["电脑", "i5", 1, 10 ** 12, None],
            ["打印机", "A4", 2, "4,999.50", None]]
    result = read_procurement_items(write_xlsx(tmp_path / "big.xlsx", rows))
    messages = [e.message for e in result.errors]
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6, 7, 8]
    assert messages[0] == "第2行：单价“1E+30”过大（应小于一万亿元），请核对"
    assert messages[2] == "第4行：单价“1e999999999”不是数字"
    assert messages[3].startswith("第5行：金额“1E+300”≠ 数量×单价 100.00")
    assert messages[4].startswith("第6行：数量“99999") and "过大" in messages[4]
    assert "过大" in messages[5] and "过大" in messages[6]
    assert all("Error" not in m and "Invalid" not in m for m in messages)
    assert [(i.quantity, i.unit_price) for i in result.items(take_good_only=True)] == [
        (2, Decimal("4999.50"))]


def test_odd_number_text_is_not_a_number(tmp_path: Path) -> None:
    rows = [HEADER, ["电脑", "i5", 1, "1,2,3"], ["电脑", "i5", 1, "4_999"], ["电脑", "i5", 1, "1e3"],
            ["电脑", "i5", 1, "١٢٣"]]
    result = read_procurement_items(write_xlsx(tmp_path / "odd.xlsx", rows))
    assert [e.message for e in result.errors] == [
        "第2行：单价“1,2,3”不是数字", "第3行：单价“4_999”不是数字", "第4行：单价“1e3”不是数字",
        "第5行：单价“١٢٣”不是数字"]


def test_text_held_to_the_form_rules(tmp_path: Path) -> None:
    rows = [HEADER,
            ["电脑\u202egpj.exe", "i5", 1, 100],
            ["电\n脑", "i5", 1, 100],
            ["电脑", "规格\x7f", 1, 100],
            ["电" * 31, "i5", 1, 100],
            ["电脑", "", 1, 100],
            ["\u200b", "i5", 1, 100],
            ["台式计算机", "i5", 1, 100]]
    result = read_procurement_items(write_xlsx(tmp_path / "text.xlsx", rows))
    assert [e.message for e in result.errors] == [
        "第2行：采购品目含有改变文字显示方向的控制字符",
        "第3行：采购品目含有换行符",
        "第4行：规格型号含有控制字符",
        "第5行：采购品目共 31 字，超过 30 字，请精简",
        "第6行：请填写规格型号",
        "第7行：采购品目为空",
    ]
    assert [i.item for i in result.items(take_good_only=True)] == ["台式计算机"]


@pytest.mark.parametrize("header", ["单价（万元）", "金额(万元)"])
def test_a_table_in_wan_yuan_is_refused(tmp_path: Path, header: str) -> None:
    columns = ["采购品目", "规格型号", "数量", "单价", "金额"]
    columns[3 if header.startswith("单价") else 4] = header
    path = write_xlsx(tmp_path / "wan.xlsx", [columns, ["电脑", "i5", 2, 0.5, 1]])
    with pytest.raises(XxhError, match=re.escape(f"「{header}」以万元为单位：采购明细的单价和金额须以元为单位")):
        read_procurement_items(path)
    yuan = write_xlsx(tmp_path / "yuan.xlsx", [["采购品目", "规格型号", "数量", "单价（元/台）", "金额（含税）"],
                                               ["电脑", "i5", 2, 0.5, 1]])
    assert read_procurement_items(yuan).items()[0].unit_price == Decimal("0.5")


@pytest.mark.parametrize("header", ["单价（美元）", "单价(USD)", "金额（$）"])
def test_a_table_in_another_currency_is_refused(tmp_path: Path, header: str) -> None:
    columns = ["采购品目", "规格型号", "数量", "单价", "金额"]
    columns[3 if header.startswith("单价") else 4] = header
    with pytest.raises(XxhError, match="须以元为单位"):
        read_procurement_items(write_xlsx(tmp_path / "usd.xlsx", [columns, ["电脑", "i5", 2, 700, 1400]]))


@pytest.mark.parametrize("line", ["单位：万元", "金额单位: 万元", "单位 美元"])
def test_a_unit_line_above_the_header_holds_for_the_table(tmp_path: Path, line: str) -> None:
    rows = [["教育局2027年电脑采购明细"], [None, None, None, line], HEADER, ["电脑", "i5", 2, 0.5, 1]]
    with pytest.raises(XxhError, match="第2行写明「.*」：采购明细的单价和金额须以元为单位"):
        read_procurement_items(write_xlsx(tmp_path / "wan.xlsx", rows))
    rows[1] = [None, None, None, "单位：元"]
    assert read_procurement_items(write_xlsx(tmp_path / "yuan.xlsx", rows)).items()[0].unit_price == Decimal("0.5")


# ---------------------------------------------------------------- rows after 合计 (F6)

def test_rows_after_the_total_line_are_named(tmp_path: Path) -> None:
    rows = [["序号"] + HEADER,
            [1, "合计电脑", "i5", 1, 100],
            ["合 计", None, None, None, None, 100],
            [],
            [2, "打印机", "A4", 5, 2000],
            ["制表人：张三"]]
    result = read_procurement_items(write_xlsx(tmp_path / "total.xlsx", rows))
    assert [i.item for i in result.items(take_good_only=True)] == ["合计电脑"]
    assert [e.message for e in result.errors] == [
        f"第{n}行：在第3行「合计」之后，未作为采购明细读取；如是采购明细请移到合计行之前，如是备注请删去。"
        for n in (5, 6)]


# ---------------------------------------------------------------- messages (F7)

def test_booleans_dates_and_unsaved_formulas_said_plainly(tmp_path: Path) -> None:
    rows = [HEADER,
            ["电脑", "i5", True, 100],
            ["电脑", "i5", 1, datetime(2027, 1, 1)],
            ["电脑", "i5", "=1+1", "=B2*2"]]
    result = read_procurement_items(write_xlsx(tmp_path / "odd.xlsx", rows))
    assert [e.message for e in result.errors] == [
        "第2行：数量“TRUE”不是数字",
        "第3行：单价“2027-01-01”不是数字",
        "第4行：数量为空；单价为空（数量、单价是公式，但文件里没有保存公式的计算结果："
        "请在 Excel 或 WPS 中打开并保存后再导入）",
    ]


def test_damaged_parts_give_no_exception_names(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, ["电脑", "i5", 1, 100]])
    broken = tmp_path / "broken.xlsx"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10:start + 30] = b"\xff" * 20  # corrupt the deflate stream
    broken.write_bytes(bytes(data))
    with pytest.raises(XxhError, match="已损坏") as info_:
        read_procurement_items(broken)
    assert "（" not in str(info_.value) and "Error" not in str(info_.value)


def test_zip_level_encryption_said_plainly(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "enc.xlsx", [HEADER, ["电脑", "i5", 1, 100]])
    raw = bytearray(path.read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the "encrypted" bit of every header
        at = raw.find(signature)
        while at >= 0:
            raw[at + flags] |= 1
            at = raw.find(signature, at + 4)
    path.write_bytes(bytes(raw))
    with pytest.raises(XxhError, match="内容已加密，无法读取：请另存为不加密的 .xlsx"):
        read_procurement_items(path)
