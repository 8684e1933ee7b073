"""The field catalogue against the regulation's own forms (issue 10: one field catalogue).

The captions of 附件1 and 附件2 are read from the regulation's text, not
copied into this test: the table cells after «附件1» / «附件2», compared
without whitespace and NFKC-normalised (the text mixes 「(元）」 and 「（元）」).
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from xxh_desktop.domain import fields
from xxh_desktop.domain.fields import FIELDS, FORM_CAPTIONS, Side
from xxh_desktop.errors import XxhError
from xxh_desktop.regulation import regulation_path

REGULATION = regulation_path()   # resources/regulation: 金政办秘〔2022〕46号 as published
# What a cell may hold besides captions: the 序号 of the six item rows, and 日期's 年 月 日 blanks.
BLANKS = re.compile(r"\d*|年月日")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _cells(form: str) -> list[str]:
    """The text of each table cell of `form` as the regulation prints it.

    In the text a cell starts with a tab; an unindented line without one goes on
    with the cell above (「项目实施 / 依据及主要 / 内容」, 「单 价 / (元）」); the table
    ends at the form's 说明 or at the next attachment.
    """
    lines = REGULATION.read_text(encoding="utf-8").splitlines()
    start = lines.index(form) + 1
    while not lines[start].strip():
        start += 1
    start += 1   # the form's title, above the table
    cells: list[str] = []
    for line in lines[start:]:
        if line.startswith(("说明", "附件")):
            break
        if line.startswith("\t") or (line.strip() and line[0].isspace()):
            cells.append(line)
        elif line.strip():
            cells[-1] += line
    return cells


def printed_captions(form: str) -> list[str]:
    """The captions in the order printed, normalised: a cell may hold several («预算安排资金：…
    财政专项资金：…»), and a unit or 盖章 mark directly after a caption belongs to it."""
    captions: list[str] = []
    follows = False   # the last piece was a caption (no blank cell since)
    for cell in _cells(form):
        for piece in _norm(cell).split(":"):
            if BLANKS.fullmatch(piece):
                follows = False
            elif piece.startswith("(") and follows:
                captions[-1] += piece
            else:
                captions.append(piece)
                follows = True
    return captions


@pytest.mark.parametrize("form", ["附件1", "附件2"])
def test_every_printed_label_is_a_caption_of_the_catalogue_in_the_forms_order(form: str) -> None:
    printed = printed_captions(form)
    catalogue = [_norm(caption) for caption, _ in FORM_CAPTIONS[form]]
    assert len(printed) >= 15
    assert [c for c in printed if c not in catalogue] == []
    assert printed == catalogue


def test_the_reader_of_the_regulation_sees_the_joined_cells() -> None:
    # The control for the test above: the cells the text splits over lines are read whole.
    assert {"项目实施依据及主要内容", "投资额(万元)", "(盖章)"} <= set(printed_captions("附件1"))
    assert {"单价(元)", "金额(元)", "单位意见(盖章)", "项目主管部门意见(盖章)"} <= set(printed_captions("附件2"))


@pytest.mark.parametrize("form", ["附件1", "附件2"])
def test_every_caption_heads_fields_of_the_catalogue_printed_on_that_form(form: str) -> None:
    headed = set()
    for caption, keys in FORM_CAPTIONS[form]:
        for key in keys:
            assert key in FIELDS, (caption, key)
            assert FIELDS[key].form == form, (caption, key)
        headed |= set(keys)
    # and every field the catalogue prints on the form is under one of its captions
    assert {f.key for f in FIELDS.values() if f.form == form} == headed


def test_every_field_has_one_owner_side_and_an_article() -> None:
    for f in FIELDS.values():
        assert f.owner in (Side.OFFICE, Side.UNIT), f.key
        assert f.article.startswith("第") and "条" in f.article, f.key
        assert f.key == f"{f.record}.{f.name}"


def test_caption_lookup_refuses_a_caption_the_form_does_not_print() -> None:
    assert fields.caption("附件1", "投资额（万元）") == "投资额（万元）"
    with pytest.raises(XxhError, match="附件1 没有「项目经理」这一栏"):
        fields.caption("附件1", "项目经理")
    assert fields.label("declaration.start_month") == "建设年度（起）"
