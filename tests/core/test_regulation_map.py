"""docs/regulation-map.md names, for each obligation of articles 二–二十一, a test: each test named exists."""

from __future__ import annotations

import re

from conftest import ROOT

MAP = ROOT / "docs" / "regulation-map.md"
DIGITS = "一二三四五六七八九"


def _articles() -> list[str]:
    """第二条 … 第二十一条."""
    return ([f"第{d}条" for d in DIGITS[1:]] + ["第十条"] + [f"第十{d}条" for d in DIGITS]
            + ["第二十条", "第二十一条"])


def test_every_article_from_two_to_twenty_one_has_a_section():
    text = MAP.read_text(encoding="utf-8")
    headings = re.findall(r"^## (第[一二三四五六七八九十]+条)", text, re.M)
    assert headings == _articles()


def test_every_test_the_map_names_exists():
    text = MAP.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:core|gui)/test_\w+\.py)::(test_\w+)`", text))
    # «`file::a`, `::b`» names b in the file named before it
    last = None
    for file, name in re.findall(r"`(?:((?:core|gui)/test_\w+\.py))?::(test_\w+)`", text):
        last = file or last
        named.add((last, name))
    assert len(named) > 80
    missing = [f"{f}::{n}" for f, n in sorted(named)
               if not re.search(rf"^def {n}\(", (ROOT / "tests" / f).read_text(encoding="utf-8"), re.M)]
    assert missing == []
