"""The printed documents after the print probe (notes/probe-print.md): a paragraph runs over as
many pages as it needs (F0), invisible format characters are not drawn (F1b), decomposed accents
print composed (F1c), a run of closing marks longer than a line fills its lines (F2)."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4

from xxh_desktop import lifecycle
from xxh_desktop.domain.stages import Stage
from xxh_desktop.printing import fonts
from xxh_desktop.printing.declaration_pdf import render_declaration
from xxh_desktop.printing.facts import ProjectFacts
from xxh_desktop.printing.linebreak import wrap
from xxh_desktop.printing.opinion_pdf import ItemLine, OpinionDoc, render_opinion
from xxh_desktop.printing.paragraphs import CJKParagraph, build, paragraphs, style
from xxh_desktop.printing.rectification_pdf import RectificationDoc, render_rectification
from xxh_desktop.printing.registry import render_form
from xxh_desktop.printing.style import WUHAO

from builders import new_project
from pdf_text import flow, page_texts
from test_printing import make_declaration

FACTS = ProjectFacts(number="JZ-2027-001", name="城市大脑数据中台二期", unit="县数据资源局",
                     declared_on="2026年9月20日", span="2027年01月至2027年12月", investment="380.5000",
                     funds="财政资金 300.0000 万元", stage="审核中")
INVISIBLE = "\u200d\u200c\u00ad\u200b\ufeff\u2060"


def _chars(data: bytes) -> str:
    """Every glyph drawn, in drawing order (what the ToUnicode map says each one is)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(c["text"] for p in pdf.pages for c in p.chars)


def _font() -> str:
    return fonts.load_font().name


# ---------------------------------------------------------------------- F0: a paragraph over pages


def test_a_rectification_with_the_longest_findings_prints_every_character(ws, late_today):
    # the probe's own text (1980 字, under 第二十条's 2000-字 limit): one paragraph over a page break
    findings = "经检查，该项目存在以下问题：系统未按要求部署在县云计算中心，未落实网络安全等级保护测评。" * 45
    pid = new_project(ws, "城市大脑数据中台二期", "县数据资源局", 2027, stage=Stage.CONSTRUCTION)
    assert lifecycle.set_side_state(ws, pid, "整改中", on=date(2027, 8, 1), deadline=date(2027, 9, 30),
                                    reason=findings)
    out = render_form(ws, "整改通知", pid)
    pages = page_texts(out.data)
    assert out.pages == len(pages) >= 2
    body = flow(pages, f"项目编号：{ws.projects.get(pid).number}项目名称：城市大脑数据中台二期")
    assert "存在以下违反有关规定或者批复要求的问题：" + findings + "根据《金寨县政务信息化项目管理办法》第二十条" in body
    assert "特此通知。" in pages[-1]


def test_one_paragraph_runs_over_as_many_pages_as_it_needs():
    # longer than any field holds, so that it is split again and again
    findings = "".join(f"第{n}项问题：系统未部署在县云计算中心，未落实等级保护测评；" for n in range(1, 201))
    out = render_rectification(RectificationDoc(FACTS, findings, date(2026, 12, 1), date(2027, 6, 30), 1))
    pages = page_texts(out.data)
    assert out.pages == len(pages) >= 4
    assert findings in flow(pages, "项目编号：JZ-2027-001项目名称：城市大脑数据中台二期")


def test_a_split_paragraph_hands_on_its_text_with_the_spaces_between_words():
    name = _font()
    text = " ".join(f"word{n}" for n in range(600))
    para = CJKParagraph(text, style(name, indent_chars=2))
    para.wrap(300, 10_000)
    head, tail = para.split(300, 200)
    done = " ".join(words[0] for _extra, words in head.blPara.lines)
    assert f"{done} {tail.getPlainText()}" == text
    assert tail.style.firstLineIndent == 0      # the rest is no new paragraph: no indent


@pytest.mark.parametrize("text", [
    "同意" + "！" * 300 + "。",    # the probe's: each «！» took a line, 300 lines over several pages
    "经审核，该项目建设内容与已建系统存在重复，需进一步整合资源，优化建设方案。" * 110,   # longer than a page
])
def test_an_opinion_whose_reasons_run_over_pages_prints(text):
    doc = OpinionDoc(FACTS, tuple(ItemLine("第八条", "需求分析", "符合", "材料齐全，" * 80) for _ in range(5)),
                     "不同意", text, date(2026, 10, 15), "李审核")
    out = render_opinion(doc)
    pages = page_texts(out.data)
    assert out.pages == len(pages) >= 2
    assert "理由及意见：" + text in flow(pages, "项目编号：JZ-2027-001项目名称：城市大脑数据中台二期")
    assert "金寨县智慧城市管理服务中心（盖章）" in pages[-1]


def test_every_platypus_document_splits_its_paragraphs():
    # the other callers of `paragraphs` (终验清单, 年度计划, 登记表) build through the same `build`
    name = _font()
    text = "项目终验材料齐全，符合第二十一条的要求。" * 400
    data, pages = build(paragraphs(text, style(name)), title="t", font_name=name, pagesize=A4,
                        margins=(70, 70, 70, 70))
    assert pages >= 3 and text in "".join(page_texts(data))


# ---------------------------------------------------------------------- F1b/F1c: what is printed


def test_invisible_format_characters_are_neither_drawn_nor_warned_about():
    decl = make_declaration(leader="张\u200d三", project_name="金寨县\u00ad智慧林业\u200c平台",
                            content="建设内容\u200d包括\u200b森林\ufeff防火\u2060监测。", contact="李四😀")
    out = render_declaration(decl)
    drawn = _chars(out.data)
    assert not set(INVISIBLE) & set(drawn)
    text = "".join(page_texts(out.data))
    assert "张三" in text and "金寨县智慧林业平台" in text and "建设内容包括森林防火监测。" in text
    # the warning names what really prints as a box, and only that
    assert len(out.warnings) == 1 and "“联系人”" in out.warnings[0] and "U+1F600" in out.warnings[0]


def test_invisible_characters_are_not_drawn_in_the_flowing_documents():
    findings = "整改事项\u200d：机房\u00ad未达标，\u200c请整改。"
    out = render_rectification(RectificationDoc(FACTS, findings, date(2026, 12, 1), date(2027, 6, 30), 1))
    assert not set(INVISIBLE) & set(_chars(out.data))
    assert "整改事项：机房未达标，请整改。" in "".join(page_texts(out.data))
    assert out.warnings == ()


def test_decomposed_accents_print_composed():
    out = render_declaration(make_declaration(content="外籍专家Jose\u0301 Mu\u0308ller及拼音lu\u0308\u0300指导。"))
    drawn = _chars(out.data)
    assert "José" in drawn and "Müller" in drawn and "lǜ" in drawn
    assert not {"\u0301", "\u0308", "\u0300", "´", "¨", "`"} & set(drawn)
    assert out.warnings == ()


def test_a_decomposed_text_that_continues_on_a_second_sheet_loses_nothing():
    # the 续页 takes what the cell could not hold: counted on the printed (composed) text
    opinion = "同意该项目，由Jose\u0301 Mu\u0308ller担任技术顾问。" * 16
    out = render_declaration(make_declaration(dept_opinion=opinion))
    assert out.pages == 2
    printed = "".join(page_texts(out.data))
    assert printed.count("José") == 16 and printed.count("Müller") == 16
    assert printed.count("担任技术顾问") == 16


# ---------------------------------------------------------------------- F2: runs of closing marks


@pytest.mark.parametrize("text", [
    "系统功能包括" + "…" * 80 + "等。",
    "同意" + "！" * 300 + "。",
    "甲" * 35 + "（" * 50 + "乙",
])
def test_a_run_of_marks_longer_than_a_line_fills_its_lines(text):
    name = _font()
    lines = wrap(text, name, WUHAO, 36 * WUHAO)
    assert "".join(lines) == text
    assert all(len(line) == 36 for line in lines[:-1]), [len(line) for line in lines]


def test_the_probes_ellipsis_row_keeps_its_cell_and_its_words():
    out = render_declaration(make_declaration(content="系统功能包括" + "…" * 80 + "等。"))
    assert out.pages == 1
    text = "".join(page_texts(out.data))
    assert "系统功能包括" + "…" * 80 + "等。" in text


def test_a_run_that_fits_the_next_line_is_still_carried_by_kinsoku_one_that_does_not_fills():
    name = _font()
    assert len(wrap("甲" * 30 + "…" * 80, name, WUHAO, 36 * WUHAO)) == 4   # 110 characters: 4 full lines
    assert wrap("甲" * 35 + "乙。丙丁", name, WUHAO, 36 * WUHAO) == ["甲" * 35, "乙。丙丁"]
    assert wrap("甲" * 34 + "“好。”", name, WUHAO, 36 * WUHAO) == ["甲" * 34, "“好。”"]
    assert wrap("甲" * 35 + "（乙）", name, WUHAO, 36 * WUHAO) == ["甲" * 35, "（乙）"]
