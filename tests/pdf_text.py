"""A PDF's text as the tests read it: page by page, or as one flow without running heads and feet."""

from __future__ import annotations

import io
import re

import pdfplumber


def page_texts(data: bytes) -> list[str]:
    """Each page's text layer, whitespace removed."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages]


def flow(texts: list[str], head: str) -> str:
    """The pages' text as one, each without its foot «第 i 页　共 N 页» and every later one without
    the running head `head` above its text (both asserted), so that a text broken over two pages
    reads whole."""
    out = []
    for n, text in enumerate(texts, start=1):
        foot = f"第{n}页共{len(texts)}页"
        assert text.endswith(foot), n
        text = text[:-len(foot)]
        if n > 1:
            assert text.startswith(head), n
            text = text[len(head):]
        out.append(text)
    return "".join(out)
