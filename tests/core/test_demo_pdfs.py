"""Every document the app prints, at the demo's data, read as the clerk who stamps it.

Renders every document of the demo set (附件1 and 附件2 of every case, every
书面审核意见, 整改通知 and 终验材料清单, the plan of every year) and checks
the printed text: nothing below 五号 (the plan aside, which may step its
amounts down and then says so), no line that is a lone fragment of a number
and no amount split over two lines, no ISO date, no 「」 quotes, and every
page of a multi-page document naming its project (or the plan's title and
«单位：万元»). Page images of each document go to ``out/page-images/`` (git-ignored)
for a person to look at.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from xxh_desktop import annual_plan, checklist
from xxh_desktop.printing.plan_pdf import render_plan
from xxh_desktop.printing.registry import render_form
from xxh_desktop.printing.style import WUHAO

IMAGES = Path(__file__).resolve().parents[2] / "out" / "page-images"
NUMBER = re.compile(r"^[¥￥]?[\d,.]+$")
WHOLE_NUMBER = re.compile(r"^[¥￥]?\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$")


def _lines(page) -> list[list[str]]:
    """The printed lines, grouped per table cell (or free text): each group's lines top to bottom."""
    rects = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects]
    groups: dict[object, dict[float, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for ch in page.chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        owners = [r for r in rects if r[0] <= cx <= r[2] and r[1] <= cy <= r[3]]
        owner = min(owners, key=lambda r: (r[2] - r[0]) * (r[3] - r[1])) if owners else None
        groups[owner][round(ch["top"])].append(ch)
    out = []
    for rows in groups.values():
        lines = []
        for _top, chars in sorted(rows.items()):
            chars.sort(key=lambda c: c["x0"])
            lines.append("".join(c["text"] for c in chars))
        out.append(lines)
    return out


def _check_lines(groups: list[list[str]], where: str) -> None:
    for lines in groups:
        for k, line in enumerate(lines):
            bare = line.strip()
            if NUMBER.match(bare):
                assert WHOLE_NUMBER.match(bare), f"{where}: a lone number fragment {bare!r}"
            if k and re.search(r"[\d,.]$", lines[k - 1].strip()) and re.match(r"^[\d,.]", bare) \
                    and re.search(r"\d,$|\.$|,\d{0,2}$", lines[k - 1].strip()):
                pytest.fail(f"{where}: an amount split over two lines: {lines[k - 1]!r} / {line!r}")


def _check(data: bytes, where: str, idents: tuple[str, ...], *, min_size: float = WUHAO) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            text = "".join((page.extract_text() or "").split())
            assert min(c["size"] for c in page.chars) >= min_size - 0.01, f"{where} p{n}"
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text), f"{where} p{n}: an ISO date"
            assert "「" not in text and "」" not in text, f"{where} p{n}"
            if len(pdf.pages) > 1:
                assert all(i in text for i in idents), f"{where} p{n} does not name {idents}"
            _check_lines(_lines(page), f"{where} p{n}")
        return len(pdf.pages)


def _images(data: bytes, name: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    pdf = IMAGES / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(IMAGES / name)], check=True)
    pdf.unlink()


def test_every_demo_document_prints_as_a_clerk_would_stamp_it(demo_ws):
    ws = demo_ws
    seen_kinds: set[str] = set()
    for p in ws.projects.all():
        number, name = p.number, p.name
        forms = ["附件1"]
        if checklist.opinion(ws, number):
            forms.append("审核意见")
        if ws.rectifications.of(p.id):
            forms.append("整改通知")
        if p.initial_acceptance_date:
            forms.append("终验清单")
        for form in forms:
            out = render_form(ws, form, number)
            if form == "审核意见":
                assert out.pages == 1, f"{number} 审核意见 runs over one page"
            pages = _check(out.data, f"{form} {number}", (number,) if form != "附件1" else (name,))
            if form not in seen_kinds or pages > 1:
                _images(out.data, f"{form}-{number}")
                seen_kinds.add(form)
    for case in ws.procurements.list():
        out = render_form(ws, "附件2", case.number)
        _check(out.data, f"附件2 {case.number}", (case.number,))
        _images(out.data, f"附件2-{case.number}")
    for year in (2025, 2026, 2027):
        plan = annual_plan.annual_plan(ws, year)
        out = render_plan(plan)
        assert not out.warnings
        _check(out.data, f"计划 {year}", (plan.title, "单位：万元"))
        _images(out.data, f"计划-{year}")
    assert seen_kinds == {"附件1", "审核意见", "整改通知", "终验清单"}


def test_the_line_check_catches_what_the_old_plan_printed():
    """The plan once printed «2,» over «320.0000»: the check above would have failed."""
    with pytest.raises(AssertionError, match="lone number fragment"):
        _check_lines([["2,", "320.0000"]], "old plan")
    with pytest.raises(pytest.fail.Exception, match="split"):
        _check_lines([["合计 1,2", "34.5"]], "old plan")
    _check_lines([["2,320.0000"], ["金政秘〔2026〕9号"], ["共16个项目"]], "new plan")
