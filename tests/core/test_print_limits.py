"""Every form that validates prints at 五号 with nothing clipped, and the limits are what the cells hold.

`domain.text_limits` states how many columns each one-line field of 附件1 /
附件2 may hold; these tests re-measure every limit on the printed grid with
the embedded font, check that validation refuses one column more (naming
the field and the limit), and generate forms at the limits — the longest
valid text in every field, the widest characters, unbroken Latin and digit
runs, long multi-line fields that continue on 续页 — and check with
pdfplumber that every character is printed at ≥ 10.5 pt inside its cell.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxh_desktop.domain import fields, text_limits
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.domain.validation import validate_declaration, validate_procurement
from xxh_desktop.printing import declaration_pdf, fonts, procurement_pdf
from xxh_desktop.printing.style import WUHAO

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
WIDE = "字＠（），“”。、"          # full-width: two columns each, the widest glyphs
NARROW = "WMm@0#%"                 # ASCII: one column each, the widest Latin
FORM_FONT = str(UMING)


def font_name() -> str:
    return fonts.load_font(FORM_FONT).name


def squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------- the limits are measured


def test_declaration_limits_are_what_its_cells_hold():
    assert declaration_pdf.capacities(font_name()) == text_limits.DECLARATION


def test_procurement_limits_are_what_its_cells_hold():
    measured = procurement_pdf.capacities(font_name())
    items = {k.removeprefix("items."): v for k, v in measured.items() if k.startswith("items.")}
    assert {k: v for k, v in measured.items() if not k.startswith("items.")} == text_limits.PROCUREMENT
    assert items == text_limits.PROCUREMENT_ITEM


def test_columns_count_ascii_one_and_everything_else_two():
    assert text_limits.columns("Wm@0 ") == 5
    assert text_limits.columns("字＠，“") == 8
    assert text_limits.one_line("  金寨县\n教育局  ") == "金寨县 教育局"
    assert text_limits.email_form("ｌｉ＠ｊｚ．ｃｎ") == "li@jz.cn"
    assert text_limits.phone_form("0564 - 501 2345") == "0564-5012345"


@pytest.mark.parametrize(("field", "label"), [("applicant_unit", "申请单位"), ("contact", "联系人"),
                                              ("project_name", "项目名称")])
def test_validation_refuses_one_over_the_limit_naming_field_and_limit(field, label):
    """The tighter of the field's two limits binds: its printed cell's columns (申请单位: 28 汉字 and
    a W fill 57), or the catalogue's length (联系人: 20 汉字 are 40 of its 53 columns)."""
    from form_samples import good_declaration

    columns = text_limits.DECLARATION[field]
    at_limit = ("字" * (columns // 2) + "W" * (columns % 2))[:fields.field(f"declaration.{field}").max_length]
    limit = columns if text_limits.columns(at_limit) == columns else len(at_limit)
    assert validate_declaration(good_declaration(**{field: at_limit})) == []
    problems = validate_declaration(good_declaration(**{field: at_limit + "W"}))
    assert [p.field for p in problems] == [field]
    assert label in problems[0].message and str(limit) in problems[0].message


def test_validation_limits_item_cells_and_amount_figures():
    from form_samples import good_procurement

    first, second = good_procurement().items
    items = [ProcurementItem(first.item, "W" * (text_limits.PROCUREMENT_ITEM["spec"] + 1), first.quantity,
                             first.unit_price),
             ProcurementItem(second.item, second.spec, 1, Decimal("1000000.00"))]  # 12 > 11 columns
    problems = {p.field: p.message for p in validate_procurement(good_procurement(items=items))}
    assert "第1行" in problems["items[0].spec"] and "53" in problems["items[0].spec"]
    assert "单价" in problems["items[1].unit_price"] and "11" in problems["items[1].unit_price"]


# ---------------------------------------------------------------------- forms at the limits


@st.composite
def text_at(draw, columns: int, *, kind: str | None = None) -> str:
    """A one-line text of exactly ``columns`` columns: all wide, one Latin run,
    or mixed (wide, Latin, digits, single inner spaces, closing marks)."""
    kind = kind or draw(st.sampled_from(["wide", "latin", "mixed"]))
    if kind == "wide":
        text = "字" * (columns // 2) + "W" * (columns % 2)
    elif kind == "latin":
        text = "W" * columns
    else:
        pieces = draw(st.lists(st.sampled_from([*WIDE, *NARROW, " ", "2,320.0000", "金政秘〔2026〕9号"]),
                               min_size=1, max_size=columns))
        text = ""
        for piece in pieces:
            if piece == " " and (not text or text.endswith(" ")):
                continue
            if text_limits.columns(text + piece) > columns:
                break
            text += piece
        text = text.strip()
        while text_limits.columns(text) < columns:
            text += "W" if columns - text_limits.columns(text) == 1 else draw(st.sampled_from(WIDE + "字"))
    assert text_limits.columns(text) == columns
    return text


@st.composite
def widest(draw, key: str) -> str:
    """The widest text one-line field `key` may hold: its printed cell's columns, and within the
    catalogue's length too (the owner holds a stored text to both: «W» × 57 is no 负责人)."""
    f = fields.field(key)
    assert f.columns is not None and f.max_length is not None
    return draw(text_at(f.columns))[:f.max_length].strip()


def _max(key: str) -> int:
    """The longest text the field catalogue lets a long field hold (it continues on a 续页)."""
    limit = fields.field(key).max_length
    assert limit is not None
    return limit


@st.composite
def long_text(draw, *, max_chars: int) -> str:
    """A long multi-line field: wide characters, Latin runs and line breaks."""
    lines = draw(st.lists(st.one_of(
        st.just("依据《金寨县政务信息化项目管理办法》第五条，建设数据共享交换平台；"),
        st.just("W" * 60), st.just("字" * 45), st.just("一、"), st.just("2,320.0000万元，金政秘〔2026〕9号。")),
        min_size=1, max_size=12))
    text = "\n".join(lines)
    return text[:max_chars]


# (investment, fiscal, self, bank, other): the widest figures validation allows
AMOUNTS = [
    (Decimal("99999999.9999"), Decimal("49999999.9999"), Decimal("0.0001"), Decimal("49999999.9999"), None),
    (Decimal("180.5"), Decimal("150"), Decimal("30.5"), None, None),
]
PHONES = ["(0564)12345678转123456", "+86-138-0564-1234", "0564-5012345"]


@st.composite
def declarations(draw) -> Declaration:
    lim = text_limits.DECLARATION
    email_user = lim["email"] - len("@jinzhai.gov.cn")
    email = draw(st.sampled_from(["W" * email_user + "@jinzhai.gov.cn",
                                  "ｗ" * email_user + "＠ｊｉｎｚｈａｉ．ｇｏｖ．ｃｎ", "a@jz.cn"]))
    investment, fiscal, own, bank, other = draw(st.sampled_from(AMOUNTS))
    content = draw(st.one_of(
        st.just("字" * 200), st.just("＠" * 200),
        st.just("\n".join(["一、建设内容。"] * 28)),
        long_text(max_chars=200)))
    return Declaration(
        applicant_unit=draw(widest("declaration.applicant_unit")), declared_on=date(2026, 12, 31),
        leader=draw(widest("declaration.leader")), contact=draw(widest("declaration.contact")),
        phone=draw(st.sampled_from(PHONES)), email=email,
        project_name=draw(widest("declaration.project_name")),
        start_month=date(2027, 1, 1), end_month=date(2028, 12, 1),
        investment=investment, fund_fiscal=fiscal, fund_self=own, fund_bank=bank, fund_other=other,
        content=content, dept_opinion=draw(long_text(max_chars=_max('declaration.dept_opinion'))))


@st.composite
def procurements(draw) -> Procurement:
    n = draw(st.sampled_from([1, 6, 7, 13]))
    # the widest 单价, 数量 and 金额 the cells hold, with a 合计 still below 100,000,000.00
    prices = [(99, Decimal("999999.99")), (99999, Decimal("0.01"))] + [(1, Decimal("0.01"))] * 11
    items = [ProcurementItem(draw(widest("item.item")), draw(widest("item.spec")), q, p)
             for q, p in prices[:n]]
    total = sum((i.amount for i in items), Decimal("0.00"))
    return Procurement(
        applicant_unit=draw(widest("procurement.applicant_unit")), filled_on=date(2026, 12, 31), items=items,
        reason=draw(long_text(max_chars=_max('procurement.reason'))), fund_budget=total,
        handler="王五", handler_phone=draw(st.sampled_from(PHONES)),
        unit_leader="赵六", unit_opinion=draw(long_text(max_chars=_max('procurement.unit_opinion'))),
        dept_opinion=draw(long_text(max_chars=_max('procurement.dept_opinion'))))


def assert_printed_at_wuhao_inside_cells(data: bytes) -> list:
    """Every character at ≥ 五号 and, if it lies in a drawn box, wholly inside the smallest one."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            rects = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects]
            for ch in page.chars:
                assert ch["size"] >= WUHAO - 0.01, ch
                assert 0 <= ch["x0"] and ch["x1"] <= page.width and 0 <= ch["top"] and ch["bottom"] <= page.height
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                owners = [r for r in rects if r[0] <= cx <= r[2] and r[1] <= cy <= r[3]]
                if owners:
                    x0, top, x1, bottom = min(owners, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
                    assert x0 - 0.01 <= ch["x0"] and ch["x1"] <= x1 + 0.01, ch
                    assert top - 0.01 <= ch["top"] and ch["bottom"] <= bottom + 0.01, ch
        return [squash(p.extract_text() or "") for p in pdf.pages]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decl=declarations())
def test_every_valid_declaration_prints_at_wuhao_with_nothing_clipped(decl):
    assert validate_declaration(decl) == []
    out = declaration_pdf.render_declaration(decl, FORM_FONT, number="JZ-2027-001")
    pages = assert_printed_at_wuhao_inside_cells(out.data)
    assert len(pages) == out.pages
    boxes = declaration_pdf.cell_boxes(decl)
    values = declaration_pdf.field_values(decl)
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        first = pdf.pages[0]
        for label in ("申请单位", "负责人", "联系人", "联系电话", "电子邮箱", "项目名称"):
            x0, top, x1, bottom = boxes[label].to_top_left()
            inside = first.within_bbox((x0, top, x1, bottom)).extract_text() or ""
            assert squash(inside) == squash(values[label]), label
    whole = "".join(pages)
    for label in ("项目实施依据及主要内容", "项目主管部门意见"):
        for line in values[label].split("\n"):      # continued, not lost
            assert squash(line)[:20] in whole
    for later in pages[1:]:
        assert "项目编号：JZ-2027-001" in later and "（续）" in later


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proc=procurements())
def test_every_valid_procurement_prints_at_wuhao_with_nothing_clipped(proc):
    assert validate_procurement(proc) == []
    out = procurement_pdf.render_procurement(proc, FORM_FONT, number="CG-2026-001")
    pages = assert_printed_at_wuhao_inside_cells(out.data)
    assert len(pages) == out.pages >= procurement_pdf.item_pages(len(proc.items))
    if out.pages > 1:
        assert all("CG-2026-001" in p for p in pages)
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        for seq, item in enumerate(proc.items, start=1):
            page = pdf.pages[(seq - 1) // procurement_pdf.ROWS_PER_PAGE]
            boxes = procurement_pdf.item_boxes((seq - 1) // procurement_pdf.ROWS_PER_PAGE + 1)
            for key, value in (("采购品目", item.item), ("规格型号", item.spec)):
                x0, top, x1, bottom = boxes[f"{key}{seq}"].to_top_left()
                assert squash(page.within_bbox((x0, top, x1, bottom)).extract_text() or "") == squash(value)
    assert squash(proc.reason.split("\n")[-1])[:20] in "".join(pages)
