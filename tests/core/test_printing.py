"""附件1 / 附件2 PDFs: labels and values inside their cells, embedded fonts,
pagination, fitting, missing glyphs, font resolution and refusal."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xxh_desktop.amounts import rmb_upper, rmb_upper_prefixed
from xxh_desktop.cli import main
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.errors import XxhError
from xxh_desktop.printing import declaration_pdf, fonts, procurement_pdf
from xxh_desktop.printing.linebreak import NO_LINE_END, NO_LINE_START, min_width, tokens, wrap
from xxh_desktop.printing.style import (
    MM, PAGE_H, STAMP_MM, WUHAO, Box, Cell, Grid, draw_grid, fit_text, new_canvas,
)

from builders import as_unit, new_case, new_project

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


# ---------------------------------------------------------------------- fixtures and helpers


def make_declaration(**over) -> Declaration:
    values = dict(
        applicant_unit="金寨县数据资源管理局", declared_on=date(2026, 9, 15), leader="张建国",
        contact="李晓明", phone="0564-7654321", email="lixiaoming@jinzhai.gov.cn",
        project_name="金寨县政务数据共享交换平台升级改造项目",
        start_month=date(2027, 1, 1), end_month=date(2027, 12, 1),
        investment=Decimal("180.5"), fund_fiscal=Decimal("150"), fund_self=Decimal("30.5"),
        fund_bank=Decimal("0"), fund_other=Decimal("0"),
        content="依据第五条、第八条，升级政务数据共享交换平台，对接城市大脑数据中台。",
        dept_opinion="同意申报。",
    )
    values.update(over)
    return Declaration(**values)


def make_procurement(n: int) -> Procurement:
    items = [ProcurementItem(f"台式计算机{i}", f"启天M437-{i} i5/16G/512G", 1 + i % 3, Decimal("5280.50"))
             for i in range(1, n + 1)]
    return Procurement(
        applicant_unit="金寨县教育局", filled_on=date(2026, 9, 15), items=items,
        reason="现有电脑已使用8年以上，不能满足电子政务外网办公需要。",
        fund_budget=Decimal("30000"), fund_special=Decimal("1000"), fund_other=Decimal("0"),
        handler="王芳", handler_phone="13800001234", unit_leader="陈明", unit_opinion="同意。",
        dept_opinion="",
    )


def squash(text: str) -> str:
    return "".join(text.split())


def chars_in(page, box: Box) -> list[dict]:
    """Characters whose centre lies in ``box``."""
    x0, top, x1, bottom = box.to_top_left()
    return [c for c in page.chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def text_in(page, box: Box) -> str:
    cs = sorted(chars_in(page, box), key=lambda c: (round(c["top"]), c["x0"]))
    return "".join(c["text"] for c in cs)


def assert_inside(page, box: Box) -> None:
    """Every character with its centre in ``box`` lies wholly inside it."""
    x0, top, x1, bottom = box.to_top_left()
    for c in chars_in(page, box):
        assert c["x0"] >= x0 - 0.01 and c["x1"] <= x1 + 0.01, c
        assert c["top"] >= top - 0.01 and c["bottom"] <= bottom + 0.01, c


def fonts_of(data: bytes) -> list[dict]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            out.append({"base": str(font["/BaseFont"]),
                        "embedded": desc is not None and "/FontFile2" in desc.get_object()})
    return out


def build_cff_font(path: Path) -> Path:
    """A tiny CFF-outline OpenType font (one glyph) built with fontTools."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((250, 700))
    pen.closePath()
    glyph = pen.getCharString()
    fb.setupCFF("TinyCFF", {"FullName": "Tiny CFF"}, {".notdef": glyph, "A": glyph}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Tiny CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.save(str(path))
    return path


# ---------------------------------------------------------------------- 附件1


def test_declaration_labels_values_each_inside_its_cell():
    decl = make_declaration()
    out = declaration_pdf.render_declaration(decl)
    assert out.pages == 1 and out.warnings == ()
    boxes = declaration_pdf.cell_boxes(decl)
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)   # A4
        whole = squash(page.extract_text())
        assert declaration_pdf.TITLE in whole
        for label in declaration_pdf.LABELS:
            assert squash(label) in whole, label
        for note in declaration_pdf.NOTES:   # 说明1–3 word for word
            assert squash(note) in whole, note
        values = declaration_pdf.field_values(decl)
        for key, box in boxes.items():
            assert_inside(page, box)
            if key in values and values[key]:
                assert squash(values[key]) in squash(text_in(page, box)), key
        assert "（万元）" in text_in(page, boxes["投资额"])
        assert text_in(page, boxes["盖章"]) == "（盖章）"
        # labels sit in their own cells, left of the values
        assert "申请单位" not in text_in(page, boxes["申请单位"])
        assert "2027年01月至2027年12月" in text_in(page, boxes["建设年度"])


def test_declaration_stays_in_the_gb9704_type_area():
    """附件1 fits GB/T 9704's 版心: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right."""
    out = declaration_pdf.render_declaration(make_declaration(content="内容" * 100))
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        page = pdf.pages[0]
        ink = page.chars + page.rects + page.lines
        assert min(o["top"] for o in ink) >= 37 * MM - 0.5
        assert max(o["bottom"] for o in ink) <= PAGE_H - 35 * MM
        assert min(o["x0"] for o in ink) >= 28 * MM - 0.5
        assert max(o["x1"] for o in ink) <= page.width - 26 * MM + 0.5


def test_declaration_every_char_inside_the_table_or_header():
    """No text crosses a cell border: each char is inside one grid cell or above/below the table."""
    decl = make_declaration(content=("依据《金寨县政务信息化项目管理办法》第五条、第八条，建设共享平台；"
                                     "实现部门间数据互通。") * 6)
    out = declaration_pdf.render_declaration(decl)
    grid = declaration_pdf._grid()
    cells = [grid.box(c.row, c.col, c.rowspan, c.colspan) for c in declaration_pdf.layout_cells(decl)]
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        page = pdf.pages[0]
        for ch in page.chars:
            top_y = PAGE_H - ch["top"]
            if top_y <= grid.bottom or PAGE_H - ch["bottom"] >= grid.top:
                continue  # title, 附件1, notes
            owners = [b for b in cells if b.contains(Box(ch["x0"], PAGE_H - ch["bottom"],
                                                         ch["x1"] - ch["x0"], ch["bottom"] - ch["top"]))]
            assert len(owners) == 1, ch


def test_declaration_200_chars_stay_in_cell_and_longer_text_continues_on_a_second_sheet():
    content = ("建设内容包括数据共享交换平台、政务服务事项库、电子证照库，以及网络安全等级保护测评；" * 10)[:200]
    assert len(content) == 200
    decl = make_declaration(content=content)
    out = declaration_pdf.render_declaration(decl)
    assert out.pages == 1
    box = declaration_pdf.cell_boxes(decl)["项目实施依据及主要内容"]
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        page = pdf.pages[0]
        assert_inside(page, box)
        inside = chars_in(page, box)
        assert squash(text_in(page, box)) == squash(content)
        assert {round(c["size"], 2) for c in inside} == {WUHAO}  # 200 字 fit at 五号
        lines = {}
        for c in inside:
            lines.setdefault(round(c["top"], 1), []).append(c)
        for row in lines.values():                                # 避头尾
            first = min(row, key=lambda c: c["x0"])["text"]
            last = max(row, key=lambda c: c["x0"])["text"]
            assert first not in NO_LINE_START and last not in NO_LINE_END

    # One paragraph a line: more lines than the cell holds. Nothing shrinks; the
    # rest goes onto a 续页 that repeats the title, the number and the label.
    lines_text = "\n".join(f"{n}、建设内容第{n}项。" for n in range(1, 15))
    out = declaration_pdf.render_declaration(make_declaration(content=lines_text), number="JZ-2027-001")
    assert out.pages == 2
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        first, second = pdf.pages
        assert min(c["size"] for c in first.chars + second.chars) >= WUHAO - 0.01
        assert_inside(first, box)
        assert "（下转续页）" in text_in(first, box)
        text2 = squash(second.extract_text())
        assert declaration_pdf.TITLE + "（续页）" in text2 and "项目编号：JZ-2027-001" in text2
        assert "项目实施依据及主要内容（续）" in text2 and "续页第2页共2页" in text2
        both = squash(text_in(first, box)) + text2
        for n in range(1, 15):
            assert f"{n}、建设内容第{n}项。" in both


def test_declaration_font_embedded_never_stsong():
    out = declaration_pdf.render_declaration(make_declaration(project_name="", content=""))
    found = fonts_of(out.data)
    assert found and all(f["embedded"] for f in found), found
    assert all("+" in f["base"] for f in found)          # subset tag ABCDEF+
    assert b"STSong" not in out.data and b"Helvetica" not in out.data


def test_renders_identically_without_any_system_font(tmp_path):
    """poppler with an empty fontconfig (no fonts at all) draws the same pixels: all is embedded."""
    pdf = tmp_path / "a1.pdf"
    declaration_pdf.render_declaration(make_declaration()).write(pdf)
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir>'
                    f'<cachedir>{tmp_path / "fc"}</cachedir></fontconfig>', encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    bare = subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf)], env=env,
                          capture_output=True, check=True).stdout
    normal = subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf)],
                            capture_output=True, check=True).stdout
    assert subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout.strip() == ""
    assert bare == normal and len(bare) > 1000


def test_blank_declaration_prints_the_empty_form():
    out = declaration_pdf.render_declaration(Declaration())
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        text = squash(pdf.pages[0].extract_text())
    assert text.count("（万元）") == 5 and "（盖章）" in text


def test_missing_glyph_is_named_in_a_warning():
    out = declaration_pdf.render_declaration(make_declaration(contact="吉𠮷", content="勾选☑"))
    joined = "\n".join(out.warnings)
    assert "𠮷" in joined and "U+20BB7" in joined and "“联系人”" in joined
    assert "☑" in joined and "U+2611" in joined


# ---------------------------------------------------------------------- 附件2


@pytest.mark.parametrize(("n", "pages"), [(3, 1), (6, 1), (7, 2), (13, 3)])
def test_procurement_pagination(n, pages):
    proc = make_procurement(n)
    out = procurement_pdf.render_procurement(proc)
    assert out.pages == pages
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        assert len(pdf.pages) == pages
        for number, page in enumerate(pdf.pages, start=1):
            text = squash(page.extract_text())
            assert procurement_pdf.TITLE in text and "申请单位名称：金寨县教育局" in text
            for head in ("序号", "采购品目", "规格型号", "数量"):
                assert head in text
            if pages > 1:
                mark = f"第{number}页共{pages}页"
                assert (("续页" + mark) if number > 1 else mark) in text
                assert ("续页" in text) == (number > 1) or number == 1
            boxes = procurement_pdf.item_boxes(number)
            for seq in range((number - 1) * 6 + 1, number * 6 + 1):
                if seq > n:
                    continue
                item = proc.items[seq - 1]
                assert text_in(page, boxes[f"序号{seq}"]) == str(seq)
                assert squash(text_in(page, boxes[f"采购品目{seq}"])) == item.item
                assert squash(text_in(page, boxes[f"规格型号{seq}"])) == squash(item.spec)
                assert text_in(page, boxes[f"金额{seq}"]) == f"{item.amount:,.2f}"
                for key in ("序号", "采购品目", "规格型号", "数量", "单价", "金额"):
                    assert_inside(page, boxes[f"{key}{seq}"])
        # 合计 on page 1 covers every row, on every page
        first = pdf.pages[0]
        total_box = procurement_pdf.first_page_boxes()["合计"]
        total = sum(i.amount for i in proc.items)
        assert rmb_upper_prefixed(total) in text_in(first, total_box)
        assert rmb_upper(total) in text_in(first, total_box)
        assert_inside(first, total_box)


def test_procurement_lower_part_and_stamp_space():
    proc = make_procurement(2)
    out = procurement_pdf.render_procurement(proc)
    boxes = procurement_pdf.first_page_boxes()
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        page = pdf.pages[0]
        text = squash(page.extract_text())
        for label in procurement_pdf.LABELS:
            assert squash(label) in text, label
        assert "购置依据或理由：" + squash(proc.reason) in squash(text_in(page, boxes["购置依据"]))
        funds = squash(text_in(page, boxes["资金"]))
        assert "预算安排资金：30,000.00元" in funds and "财政专项资金：1,000.00元" in funds
        # signatures are left for the pen; the typed phone stands under the 经办人's line
        assert "王芳" not in text and "陈明" not in text
        assert "（电话：13800001234）" in squash(text_in(page, boxes["单位"]))
        for key in ("合计", "购置依据", "资金", "单位", "主管部门"):
            assert_inside(page, boxes[key])
        # the 45 mm seal squares hold nothing but （盖章） and 年 月 日
        for key in ("单位", "主管部门"):
            b = boxes[key]
            side = STAMP_MM * MM
            if key == "单位":
                square = Box(b.right - 2 * MM - side, b.y + 11 * MM + 2 * MM, side, side)
            else:
                square = Box(b.right - 2 * MM - side, b.y + 2 * MM, side, side)
            assert squash(text_in(page, square)) == "（盖章）年月日", key
    assert all(f["embedded"] for f in fonts_of(out.data))


def test_procurement_closes_what_could_be_added_after_stamping():
    proc = make_procurement(9)
    out = procurement_pdf.render_procurement(proc, number="CG-2026-007")
    assert out.pages == 2
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        first, second = pdf.pages
        text1, text2 = squash(first.extract_text()), squash(second.extract_text())
        boxes = procurement_pdf.item_boxes(2)
        assert text_in(second, boxes["采购品目10"]) == procurement_pdf.BLANK     # after the last item
        assert procurement_pdf.BLANK not in text1
        assert any(ln["x0"] < ln["x1"] and abs(ln["top"] - ln["bottom"]) > 10 for ln in second.lines)  # struck
        subtotal = sum(i.amount for i in proc.items[6:])
        assert f"本页小计{subtotal:,.2f}" in text2
        for text in (text1, text2):
            assert "骑缝章" in text and "编号：CG-2026-007" in text
        assert "单位（盖章）" in text2 and "经办人签名：" in text2
        assert text1.count("人民币") == 1 and "含续页，共9项" in text1


def test_blank_procurement_prints_the_empty_form_with_six_numbered_rows():
    out = procurement_pdf.render_procurement(Procurement())
    assert out.pages == 1
    boxes = procurement_pdf.item_boxes(1)
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        page = pdf.pages[0]
        assert [text_in(page, boxes[f"序号{i}"]) for i in range(1, 7)] == ["1", "2", "3", "4", "5", "6"]
        assert text_in(page, procurement_pdf.first_page_boxes()["合计"]) == ""
        line = squash(text_in(page, procurement_pdf.first_page_boxes()["申请单位行"]))
        assert line == "申请单位名称：日期：年月日"   # blanks left for hand-writing


def test_procurement_row_too_long_names_the_field():
    good = make_procurement(2)
    proc = dataclasses.replace(good, items=[good.items[0],
                                            dataclasses.replace(good.items[1], spec="超长规格型号描述" * 20)])
    with pytest.raises(XxhError, match="第2行规格型号"):
        procurement_pdf.render_procurement(proc)


# ---------------------------------------------------------------------- fonts


def test_cff_font_refused_with_chinese_message(tmp_path):
    cff = build_cff_font(tmp_path / "tiny.otf")
    assert fonts.outline_kind(cff) == "cff"
    with pytest.raises(XxhError, match="CFF.*TrueType"):
        fonts.resolve_font(str(cff))
    with pytest.raises(XxhError, match="CFF"):
        declaration_pdf.render_declaration(make_declaration(), str(cff))


def test_font_resolution_order(tmp_path):
    # 1. the setting wins
    chosen = fonts.resolve_font(str(UMING), windows_dir=None, system_dirs=[])
    assert chosen.source == "设置" and chosen.face_name == "AR PL UMing CN"
    # 2. SimSun in the Windows fonts folder (a TrueType copy stands in for it)
    win = tmp_path / "Fonts"
    win.mkdir()
    shutil.copyfile(UMING, win / "simsun.ttc")
    assert fonts.resolve_font(None, windows_dir=win, system_dirs=[]).source == "Windows 宋体"
    # 3. a TrueType CJK serif on the system
    found = fonts.resolve_font(None, windows_dir=None, system_dirs=[UMING.parent.parent])
    assert found.source == "系统字体" and found.path == UMING
    # 4. the font the Linux bundle carries, when the system has none
    empty = tmp_path / "empty"
    empty.mkdir()
    bundled = fonts.resolve_font(None, windows_dir=empty, system_dirs=[empty], bundled_dir=UMING.parent)
    assert bundled.source == "程序自带字体" and bundled.path == UMING
    # 5. nothing: a Chinese error saying what to install
    with pytest.raises(XxhError, match="fonts-arphic-uming"):
        fonts.resolve_font(None, windows_dir=empty, system_dirs=[empty], bundled_dir=empty)
    # a chosen file that is missing or not a font is an error, not a silent fallback
    with pytest.raises(XxhError, match="找不到字体文件"):
        fonts.resolve_font(str(tmp_path / "nope.ttf"))
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    with pytest.raises(XxhError, match="不是 TrueType"):
        fonts.resolve_font(str(junk))


def test_font_setting_is_checked_stored_and_used(ws, tmp_path):
    from xxh_desktop.printing.registry import font_setting, render_form, set_font_setting

    with pytest.raises(XxhError, match="CFF"):
        set_font_setting(ws, str(build_cff_font(tmp_path / "tiny.otf")))
    assert font_setting(ws) is None
    copy = tmp_path / "my-song.ttc"
    shutil.copyfile(UMING, copy)
    set_font_setting(ws, str(copy))
    assert font_setting(ws) == str(copy)
    pid = new_project(ws, "平台", "县教育体育局", 2027)
    assert render_form(ws, "附件1", pid).pages == 1
    copy.unlink()   # the chosen file is gone: a clear error, not another face
    with pytest.raises(XxhError, match="找不到字体文件"):
        render_form(ws, "附件1", pid)
    set_font_setting(ws, None)
    assert font_setting(ws) is None and render_form(ws, "附件1", pid).pages == 1


# ---------------------------------------------------------------------- style helpers

PUNCT = "，。、；：？！）》”（《“"
CJK = "金寨县政务信息化项目申报表建设单位审核"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=CJK + PUNCT + "AB12 ", min_size=1, max_size=120),
       width_chars=st.integers(min_value=3, max_value=30))
@example(text="1“1”！", width_chars=3)   # found by this test: no break obeys 避头尾 at this width
def test_wrap_cjk_obeys_kinsoku_and_width(text, width_chars):
    name = fonts.load_font(str(UMING)).name
    width = width_chars * WUHAO
    lines = wrap(text, name, WUHAO, width)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for i, line in enumerate(lines):
        assert stringWidth(line, name, WUHAO) <= width + 1e-6
        if width < min_width(text, name, WUHAO):
            continue   # 避头尾 is promised only where a column is at least min_width (how the forms size them)
        if i > 0 and line:
            # a closing mark may start a line only if the previous line could give nothing up
            prev = tokens(lines[i - 1])
            assert line[0] not in NO_LINE_START or len(prev) <= 1 or \
                all(t[0] in NO_LINE_START for t in prev[1:])
        if i < len(lines) - 1 and len(tokens(line)) > 1:
            assert line[-1] not in NO_LINE_END or all(ch in NO_LINE_END for ch in line)


def test_a_unit_wider_than_the_line_is_still_cut_by_kinsoku_where_it_can():
    name = fonts.load_font(str(UMING)).name
    assert wrap("（1”）", name, WUHAO, 3 * WUHAO) == ["（", "1”）"]   # the closing mark takes 1” along
    assert wrap("（1“）", name, WUHAO, 3 * WUHAO) == ["（1", "“）"]   # no opening mark at a line's end


def test_wrap_keeps_words_and_breaks_after_slash():
    name = fonts.load_font(str(UMING)).name
    lines = wrap("联系邮箱lixiaoming@jinzhai.gov.cn请回复", name, WUHAO, 50 * MM)
    assert "lixiaoming@jinzhai.gov.cn" in lines  # the address is not cut
    assert wrap("第一段\n第二段", name, WUHAO, 100 * MM) == ["第一段", "第二段"]


def test_fit_text_never_shrinks_and_names_the_field_it_cannot_hold():
    name = fonts.load_font(str(UMING)).name
    one_line = 20 * WUHAO
    assert fit_text("字" * 20, name, one_line, 12, field="甲").lines == ("字" * 20,)
    two = fit_text("字" * 22, name, one_line, 30, field="甲")
    assert two.size == WUHAO and two.lines == ("字" * 20, "字" * 2)
    with pytest.raises(XxhError, match="“乙”.*五号"):
        fit_text("字" * 22, name, one_line, 12, field="乙")


def test_grid_must_tile_exactly():
    name = fonts.load_font(str(UMING)).name
    c = new_canvas(io.BytesIO(), name, "t")
    grid = Grid(0, 800, [50, 50], [20, 20])
    with pytest.raises(ValueError, match="covered"):
        draw_grid(c, grid, [Cell(0, 0, colspan=2), Cell(1, 0)], name)
    boxes = draw_grid(c, grid, [Cell(0, 0, colspan=2, key="a"), Cell(1, 0, key="b"), Cell(1, 1)], name)
    assert boxes["a"] == Box(0, 780, 100, 20) and boxes["b"] == Box(0, 760, 50, 20)


# ---------------------------------------------------------------------- CLI


def test_cli_pdf_writes_both_forms(tmp_path, ws, capsys):
    pid = new_project(ws, "政务数据共享交换平台", "金寨县数据资源管理局", 2027)
    with as_unit(ws, "金寨县数据资源管理局"):
        ws.declarations.save(pid, make_declaration(project_name="政务数据共享交换平台"))
    number = ws.projects.get(pid).number
    case = new_case(ws, "金寨县教育局", year=2026)
    with as_unit(ws, "金寨县教育局"):
        ws.procurements.save(case, make_procurement(8))
    case_no = ws.procurements.get(case).number
    db = str(ws.path)
    ws.close()

    out1 = tmp_path / "a1.pdf"
    assert main(["--db", db, "pdf", number, "--form", "附件1", "--out", str(out1)]) == 0
    with pdfplumber.open(out1) as pdf:
        assert "政务数据共享交换平台" in squash(pdf.pages[0].extract_text())
    out2 = tmp_path / "a2.pdf"
    assert main(["--db", db, "pdf", case_no, "--form", "附件2", "--out", str(out2)]) == 0
    assert len(pypdf.PdfReader(out2).pages) == 2
    assert "2 页" in capsys.readouterr().out

    assert main(["--db", db, "pdf", "JZ-1999-999", "--form", "附件1", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "找不到项目" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(SystemExit):
        main(["--db", db, "pdf", number, "--form", "附件9", "--out", str(out1)])
