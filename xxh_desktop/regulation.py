"""The regulation's own words: an article, a paragraph (款) or an item (项) by reference.

The text is 金政办秘〔2022〕46号 as published (resources/regulation/). References
read the way people cite them: «第八条», «第八条第三款» (third paragraph),
«第九条（三）» (item three). The checklist shows these on hover so the
reviewer reads the article itself, not our summary of it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import XxhError
from .resources import resource_path

REGULATION_FILE = "jinzhai-measures-2022.txt"
TITLE = "金寨县政务信息化项目管理办法（修订版）"
DOC_NO = "金政办秘〔2022〕46号"

_NUMERALS = "零一二三四五六七八九"
# An article's heading; the source has one typo «第十八  条项目…», hence the \s*.
_ARTICLE = re.compile(r"^\s*第([一二三四五六七八九十]+)\s*条[\s\u3000]*")
# Where an article's text ends besides the next article: a chapter heading or the attachments.
_STOP = re.compile(r"^\s*(第[一二三四五六七八九十]+章|附件)")
_REF = re.compile(r"^第([一二三四五六七八九十]+)条(?:第([一二三四五六七八九十]+)款)?(?:（([一二三四五六七八九十]+)）)?$")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")


def cn_number(n: int) -> str:
    """1..99 as Chinese numerals the way articles are numbered (十, 十八, 二十一)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _NUMERALS[ones]
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


def parse_cn_number(text: str) -> int:
    if "十" not in text:
        return _NUMERALS.index(text)
    tens, _, ones = text.partition("十")
    return (_NUMERALS.index(tens) if tens else 1) * 10 + (_NUMERALS.index(ones) if ones else 0)


def regulation_path() -> Path:
    return resource_path("regulation", REGULATION_FILE)


@lru_cache(maxsize=1)
def articles() -> dict[int, tuple[str, ...]]:
    """Article number → its paragraphs (the first begins after «第N条»)."""
    try:
        text = regulation_path().read_text(encoding="utf-8")
    except OSError as exc:
        raise XxhError(f"找不到管理办法原文（{regulation_path()}）：{exc}") from exc
    result: dict[int, list[str]] = {}
    current: list[str] | None = None
    started = False
    for raw in text.splitlines():
        line = raw.strip()
        match = _ARTICLE.match(line)
        if match:
            started = True
            current = result.setdefault(parse_cn_number(match.group(1)), [])
            line = line[match.end():].strip()
        elif not started or _STOP.match(line):
            current = None
            continue
        if current is not None and line:
            current.append(line)
    return {k: tuple(v) for k, v in result.items()}


def article_text(ref: str) -> str:
    """The regulation's text for `ref` («第八条», «第八条第三款», «第九条（三）»).

    A whole article comes back as «第八条 …» with its paragraphs on separate
    lines; a paragraph or an item alone comes back as it stands.
    """
    match = _REF.match(ref.replace(" ", ""))
    if not match:
        raise XxhError(f"条款引用「{ref}」格式不对，应如「第八条」「第八条第三款」「第九条（三）」。")
    number = parse_cn_number(match.group(1))
    paragraphs = articles().get(number)
    if not paragraphs:
        raise XxhError(f"管理办法中没有第{cn_number(number)}条。")
    if match.group(2):
        index = parse_cn_number(match.group(2))
        if index > len(paragraphs):
            raise XxhError(f"第{cn_number(number)}条没有第{match.group(2)}款。")
        return paragraphs[index - 1]
    if match.group(3):
        for paragraph in paragraphs:
            item = _ITEM.match(paragraph)
            if item and item.group(1) == match.group(3):
                return paragraph
        raise XxhError(f"第{cn_number(number)}条没有第（{match.group(3)}）项。")
    return f"第{cn_number(number)}条　" + "\n".join(paragraphs)
