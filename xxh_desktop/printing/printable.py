"""Text as it goes onto paper: composed (NFC), with what should show as nothing left out.

The core stores text as typed; pasted text often carries a zero-width joiner,
a soft hyphen or a decomposed accent. reportlab draws every code point as its
own glyph and shapes nothing, so AR PL UMing prints U+200D as a dotted box
labelled «ZWJ», U+00AD as a hyphen and «e» + U+0301 as «e´». Every printed
line of text passes through `linebreak.wrap`, which calls `printable` first
(the one line drawn unwrapped, the reviewer under the seal, calls it itself),
and `fonts.missing_glyphs` checks the same form, so a warning names only what
really prints as a box.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex


@functools.cache
def _ignorable() -> regex.Pattern[str]:
    import regex   # here, not at import: 10–20 ms a start that prints nothing need not pay

    # Unicode's Default_Ignorable_Code_Point: the format characters meant to be invisible (ZWJ,
    # ZWNJ, soft hyphen, zero-width space, BOM, word joiner …), variation selectors, Hangul
    # fillers. Visible format marks (the Arabic number signs) are not in it and still print.
    return regex.compile(r"\p{Default_Ignorable_Code_Point}+")


def printable(text: str) -> str:
    """``text`` composed (a letter and its combining accent as one glyph where Unicode has one)
    and without default-ignorable code points; a mark with no composed form stays as it is."""
    if text.isascii():
        return text
    return _ignorable().sub("", unicodedata.normalize("NFC", text))
