"""Chinese line breaking for every printed document: 避头尾, units that never split, no orphans.

reportlab's own CJK wrapping (``Paragraph(wordWrap='CJK')``) breaks between
any two characters and only hangs a closing mark into the margin; it knows
neither «，» nor the other rules of GB/T 15834, and it cuts amounts, e-mail
addresses and document numbers. `wrap` is the one function that does it
here; `paragraphs.CJKParagraph` plugs it into Platypus and the fixed forms
call it through `fit_lines` (`style.fit_text`).

Rules, in order of precedence:

- ``\\n`` is a hard break.
- A unit never splits unless it alone is wider than the line: an amount
  (``2,320.0000``, ``¥1,200.00``, ``380.5万元``, ``人民币壹万元整``), an e-mail address, a
  document number (``金政办秘〔2022〕46号``), a date (``2026年11月6日``,
  ``2026-11-06``), a short code (``JZ-2027-001``), a Latin word (``Müller`` too), a file
  name's extension with the character before it (``报告.txt``), a short
  bracketed word (``（万元）``, ``（三）``). Long model
  numbers (more than 12 characters) may break after «/», «-» or «_».
- No line starts with `NO_LINE_START` nor ends with `NO_LINE_END`: the
  offending character goes to the next line with its neighbour (推出);
  unless they would not fit the next line either (a run of «…» longer than
  a line): then the line is filled, as in ``"fill"`` mode.
- A paragraph's last line never holds a single character (孤字): it takes
  the last unit of the line above along.
- Spaces vanish at both ends of a wrapped line; the lines hold the text as
  printed (`printable`: composed, invisible format characters left out).

``mode`` relaxes the rules for a cell of a fixed form whose text would need
more lines than the cell has: ``"chars"`` lets Latin words and codes break
anywhere (避头尾 still holds), ``"fill"`` fills every line to the brim (no
rule but the width). A text within `domain.text_limits` always fits at
``"fill"``; real text fits at ``"units"``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Literal

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from .printable import printable

Mode = Literal["units", "chars", "fill"]
MODES: tuple[Mode, ...] = ("units", "chars", "fill")

# 避头尾 (GB/T 15834 usage): these may not begin a line …
# (ASCII «-» «/» too: when a model number must break inside, it breaks after them)
NO_LINE_START = frozenset("，。、；：？！）》」』”’…—〕】〗〉｝］〙〛,.;:?!)]}%·～〜°℃‰-/")
# … and these may not end one.
NO_LINE_END = frozenset("（《「『“‘〔【〖〈｛［〘〚([{¥￥")
_PUNCT = NO_LINE_START | NO_LINE_END

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# letters of Latin words, accented ones too (José, Müller, lǜ), and a combining mark left over after
# NFC, which stays with its letter
_ALNUM = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_MARKS = "\u0300-\u036f"
_LATIN = rf"{_ALNUM}{_MARKS}_.@\-/+%&#:~"
_UNIT = re.compile(
    "|".join((
        r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*",           # e-mail
        rf"[{_CJK}]{{0,4}}〔\d{{4}}〕\d+号",                                    # 金政办秘〔2022〕46号
        r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}年",           # Chinese dates
        r"[（(][^（）()\s]{1,4}[）)]",                                            # （万元） （三） （盖章）
        r"(?:人民币)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]{2,}",                  # 大写 amounts
        # amounts with a currency sign, thousands commas and a 万元/元 after them
        r"[¥￥]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?: ?万?元)?",
        rf"[¥￥]?[{_ALNUM}][{_LATIN}]*[{_ALNUM}{_MARKS}%)](?: ?万?元)?|[¥￥]?[{_ALNUM}][{_MARKS}]*(?: ?万?元)?",
    ))
)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}(?![A-Za-z0-9])")
_SOFT_BREAK = re.compile(r"(?<=[/\-_])(?=.)")
_LONG_CODE = 12


def tokens(text: str, mode: Mode = "units") -> list[str]:
    """The pieces a line may not split (see the module docstring); in
    ``"chars"``/``"fill"`` mode every character is its own piece."""
    if mode != "units":
        return list(text)
    out: list[str] = []
    i = 0
    while i < len(text):
        m = _UNIT.match(text, i)
        ext = _EXTENSION.match(text, i)
        if ext and out and out[-1] != " " and not m:
            out[-1] += ext.group()          # 报告.txt: the extension stays with its name
            i = ext.end()
            continue
        if m:
            unit = m.group()
            if len(unit) > _LONG_CODE and "@" not in unit and not re.search(r"\d,\d", unit):
                out.extend(p for p in _SOFT_BREAK.split(unit) if p)   # a long model number
            else:
                out.append(unit)
            i = m.end()
        else:
            out.append(text[i])
            i += 1
    return out


def _split_wide(token: str, measure: Callable[[str], float], width: float) -> list[str]:
    """A unit wider than the whole line, cut into line-wide pieces (the last resort)."""
    parts, cur = [], ""
    for ch in token:
        if cur and measure(cur + ch) > width + 1e-6:
            cut = _kinsoku_cut(cur, ch)
            if measure(cur[cut:] + ch) > width + 1e-6:   # what 避头尾 would carry does not fit: cut plainly
                cut = len(cur)
            parts.append(cur[:cut])
            cur = cur[cut:] + ch
        else:
            cur += ch
    return [*parts, cur] if cur else parts


def _kinsoku_cut(cur: str, ch: str) -> int:
    """Where to cut `cur` before `ch` so that the next piece does not start with a closing mark
    (it takes the character before it along) and this one does not end with an opening mark;
    this piece keeps at least one character."""
    cut = len(cur)
    if ch in NO_LINE_START:
        cut -= 1
        while cut > 1 and cur[cut] in NO_LINE_START:
            cut -= 1
    while cut > 1 and cur[cut - 1] in NO_LINE_END:
        cut -= 1
    return max(cut, 1)


def _group(pieces: list[str], k: int, measure: Callable[[str], float], width: float) -> str:
    """``pieces[k]`` with the pieces 避头尾 keeps on its line (closing marks after
    it, what follows an opening mark), as far as needed to tell whether they fit ``width``."""
    out = pieces[k]
    j = k + 1
    while (j < len(pieces) and (pieces[j - 1][-1] in NO_LINE_END or pieces[j][0] in NO_LINE_START)
           and measure(out) <= width + 1e-6):
        out += pieces[j]
        j += 1
    return out


def _carry_off(line: list[str], closing_next: bool, group: str,
               measure: Callable[[str], float], width: float) -> list[str]:
    """Pieces to move from the end of a full ``line`` to the next one (推出), so
    the next line does not start with closing punctuation and this one does
    not end with opening punctuation; ``line`` keeps at least one piece.
    ``group`` is what comes next with what 避头尾 keeps with it (`_group`).
    Nothing moves, the line is filled as in ``"fill"`` mode, when the line has
    no such break or what would move does not fit the next line (``width``)
    beside ``group`` either: a rule must give way somewhere, and moving would
    only leave lines of one mark each (a run of «…» longer than a line)."""
    carry: list[str] = []
    while len(line) > 1 and line[-1] == " ":
        line.pop()
    if closing_next:
        while len(line) > 1 and (line[-1][0] in NO_LINE_START or line[-1] == " "):
            carry.insert(0, line.pop())
        if len(line) > 1:
            carry.insert(0, line.pop())
    while len(line) > 1 and (line[-1][-1] in NO_LINE_END or line[-1] == " "):
        carry.insert(0, line.pop())
    while carry and carry[0] == " ":
        carry.pop(0)
    legal = (carry[0] if carry else group)[0] not in NO_LINE_START and line[-1][-1] not in NO_LINE_END
    if not legal or measure("".join(carry) + group) > width + 1e-6:
        line.extend(carry)
        return []
    return carry


def _orphan(line: list[str]) -> bool:
    text = "".join(line).strip()
    return len([c for c in text if c not in _PUNCT]) == 1 and len(text) <= 2


def _avoid_orphan(lines: list[list[str]], measure: Callable[[str], float], width: float) -> None:
    """孤字: a last line of one character takes the previous line's last piece along."""
    if len(lines) < 2 or not _orphan(lines[-1]):
        return
    prev, moved = list(lines[-2]), []
    while len(prev) > 2:
        moved.insert(0, prev.pop())
        if (moved[0] != " " and moved[0][0] not in NO_LINE_START
                and prev[-1] != " " and prev[-1][-1] not in NO_LINE_END):
            break
    else:
        return
    candidate = moved + lines[-1]
    if measure("".join(candidate).strip(" ")) > width + 1e-6:
        return
    lines[-2], lines[-1] = prev, candidate


def _wrap_para(para: str, measure: Callable[[str], float], widths: Sequence[float], start: int,
               mode: Mode) -> list[str]:
    def width_of(n: int) -> float:
        return widths[min(start + n, len(widths) - 1)]

    widest = max(widths)
    pieces: list[str] = []
    for tok in tokens(para, mode):
        pieces.extend(_split_wide(tok, measure, widest) if measure(tok) > widest + 1e-6 else [tok])
    lines: list[list[str]] = []
    cur: list[str] = []
    cur_w = 0.0
    for k, tok in enumerate(pieces):
        limit = width_of(len(lines))
        tw = measure(tok)
        if cur and cur_w + tw > limit + 1e-6:
            lines.append(cur)
            if mode != "fill":
                room = width_of(len(lines))
                cur = _carry_off(cur, tok[0] in NO_LINE_START, _group(pieces, k, measure, room), measure, room)
            else:
                cur = []
            if tok == " " and not cur:
                cur_w = 0.0
                continue
            cur_w = measure("".join(cur))
        elif not cur and lines and tok[0] in NO_LINE_START and mode != "fill":
            # the line broke at a space before a closing mark
            room = width_of(len(lines))
            cur = _carry_off(lines[-1], True, _group(pieces, k, measure, room), measure, room)
            cur_w = measure("".join(cur))
        cur.append(tok)
        cur_w += tw
    lines.append(cur)
    if mode != "fill":
        _avoid_orphan(lines, measure, width_of(len(lines) - 1))
    return ["".join(line).strip(" ") for line in lines]


def wrap(text: str, font_name: str, size: float, width: float | Sequence[float], *,
         mode: Mode = "units") -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (or ``width[i]`` for
    line i, the last repeating, e.g. a first-line indent) at ``size`` pt.
    The lines hold ``printable(text)``: what the page shows (`printable`)."""
    widths = [width] if isinstance(width, (int, float)) else list(width)
    text = printable(text)
    cache: dict[str, float] = {}

    def measure(s: str) -> float:
        w = cache.get(s)
        if w is None:
            w = cache[s] = stringWidth(s, font_name, size)
        return w

    lines: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_para(para, measure, widths, len(lines), mode))
    return lines


def remainder(text: str, lines: Sequence[str]) -> str:
    """What of one paragraph ``text`` is left after ``lines``, the first lines `wrap` made of it
    (wrapping drops only spaces and what `printable` leaves out); in its printable form."""
    text = printable(text)
    i = 0
    for ch in "".join(lines):
        while i < len(text) and text[i] != ch:
            i += 1
        i += 1
    return text[i:].lstrip(" ")


def fit_lines(text: str, font_name: str, size: float, width: float, max_lines: int) -> list[str] | None:
    """The first of `MODES` whose lines number at most ``max_lines`` (None: none fits)."""
    for mode in MODES:
        lines = wrap(text, font_name, size, width, mode=mode)
        if len(lines) <= max_lines:
            return lines
    return None


@functools.lru_cache(maxsize=8)
def _widest(font_name: str, ascii_only: bool) -> float:
    """The widest advance (in em) of the registered face: over printable ASCII,
    or over every character it maps (a character it lacks prints as a box of
    its default width, narrower still)."""
    face = getFont(font_name).face
    if ascii_only:
        return max(stringWidth(chr(c), font_name, 1000) for c in range(0x20, 0x7F)) / 1000
    return max(max(face.charWidths.values()), face.defaultWidth) / 1000


def capacity(width: float, lines: int, font_name: str, *, ascii_only: bool = False,
             size: float = 10.5) -> int:
    """How many columns (`domain.text_limits.columns`) a cell ``width`` pt wide
    and ``lines`` lines high holds at ``size`` for *any* text, whatever its
    characters and breaks: each line holds C columns of the widest glyph and
    a filled line wastes at most one (a full-width character that did not fit),
    so L lines hold L·(C−1)+1. ``ascii_only``: one column per ASCII character
    (figures, e-mail addresses), on one line."""
    if ascii_only:
        return int(width / (_widest(font_name, True) * size) + 1e-9)
    per_line = int(width / (_widest(font_name, False) * size / 2) + 1e-9)
    return per_line if lines == 1 else lines * (per_line - 1) + 1


def min_width(text: str, font_name: str, size: float) -> float:
    """The narrowest line that holds ``text`` by the rules: its widest unit
    together with the opening marks before it and the closing marks after it
    (which 避头尾 keeps on its line). A table column at least this wide never
    needs a rule broken."""
    widest = 0.0
    for para in text.split("\n"):
        group = ""
        pieces = [t for t in tokens(para) if t != " "]
        for k, tok in enumerate(pieces):
            group += tok
            nxt = pieces[k + 1] if k + 1 < len(pieces) else ""
            if tok[-1] in NO_LINE_END or (nxt and nxt[0] in NO_LINE_START):
                continue
            widest = max(widest, stringWidth(group, font_name, size))
            group = ""
        if group:
            widest = max(widest, stringWidth(group, font_name, size))
    return widest
