"""How much text each one-line field of 附件1 / 附件2 may hold: what its cell prints at 五号.

说明1 asks for 宋体五号 (10.5 pt) and nothing is printed smaller, so a
field may hold only what its cell holds at that size; the long multi-line
fields (附件1 项目实施依据及主要内容 — 说明2's 200 字 — and 项目主管部门意见;
附件2 购置依据或理由, 单位意见, 项目主管部门意见) have no limit here: they
continue on a 续页.

Limits count **columns** (`columns`): an ASCII letter, digit, space or sign
takes one, every other character (汉字, full-width signs) two — the width
each takes in a Song face (SimSun, AR PL UMing: Latin half an em, the rest
one em). Each was measured on the printed grid with the embedded face by
`printing.linebreak.capacity` (lines × (columns per line − 1) + 1, the widest
glyph 1.014 em; an amount, e-mail or phone on one line); a test re-measures
every one against the layout. Amount fields count the printed figure
(``1,234.5678``).
"""

from __future__ import annotations

import unicodedata

from . import fields

# The numbers live in the field catalogue (`Field.columns`); by record, for the printers and validation.
DECLARATION: dict[str, int] = fields.print_columns("declaration")
PROCUREMENT: dict[str, int] = fields.print_columns("procurement")
PROCUREMENT_ITEM: dict[str, int] = fields.print_columns("item")


def columns(text: str) -> int:
    """Printed width in columns: ASCII takes 1, any other character 2."""
    return sum(1 if " " <= ch <= "~" else 2 for ch in unicodedata.normalize("NFC", text))


def one_line(text: str) -> str:
    """A one-line field as printed: trimmed, any run of spaces or line breaks one space."""
    return " ".join(text.split())


def email_form(text: str) -> str:
    """An e-mail address as checked and printed (NFKC: «ｌｉ＠…» is «li@…»)."""
    return unicodedata.normalize("NFKC", text).strip()


def phone_form(text: str) -> str:
    """A phone number as checked and printed (NFKC, without spaces)."""
    return "".join(unicodedata.normalize("NFKC", text).split())
