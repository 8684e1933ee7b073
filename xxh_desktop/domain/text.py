"""Text as the core accepts it, and text as it is shown back.

One sanitiser for every text field (the field catalogue says which are
multi-line and how long): no lone surrogates, no NUL or other control
characters (line breaks and tabs only where a field has several lines), no
bidirectional overrides (which make a name display reversed), no Unicode
noncharacters (U+FFFE, U+FFFF …, which XML and so a spreadsheet cannot hold). And one way to
show untrusted text on a screen or a terminal, with what is invisible made
visible.
"""

from __future__ import annotations

import unicodedata

# Bidirectional overrides and isolates: «txt.exe» shown as «exe.txt».
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_MULTILINE_OK = frozenset("\n\r\t")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored as text (in Chinese), or None."""
    for ch in value:
        if "\ud800" <= ch <= "\udfff":
            return "含有无效的字符（孤立的代理项）"
        if ch in BIDI:
            return "含有改变文字显示方向的控制字符"
        if ch >= "\ufdd0" and (ch <= "\ufdef" or ord(ch) & 0xFFFE == 0xFFFE):
            # Unicode noncharacters: U+FFFE/U+FFFF are not XML, so a spreadsheet holding one does not open.
            return f"含有无效的字符（Unicode 非字符 U+{ord(ch):04X}）"
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in _MULTILINE_OK):
            return "含有换行符" if ch in _MULTILINE_OK else "含有控制字符"
    return None


def shown(text: str, limit: int | None = None) -> str:
    """`text` safe to print on one line: line breaks as ⏎, control and direction characters escaped."""
    out = []
    for ch in text if limit is None else text[:limit]:
        if ch == "\n":
            out.append("⏎")
        elif ch == "\r":
            continue
        elif ch == "\t":
            out.append(" ")
        elif ch in BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            out.append(_escaped(ch))
        else:
            out.append(ch)
    cut = limit is not None and len(text) > limit
    return "".join(out) + ("…" if cut else "")


def _escaped(ch: str) -> str:
    return f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def terminal_safe(text: str) -> str:
    """`text` for a terminal: its lines and tabs kept, every other control character, direction
    override and lone surrogate written as an escape — no ESC sequence reaches the screen raw."""
    return "".join(
        _escaped(ch) if (ch in BIDI or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t")) else ch
        for ch in text)


def tsv_field(text: str) -> str:
    """One field of a tab-separated line: backslash, tab and line breaks escaped (\\\\ \\t \\n \\r),
    so a value can neither split its line nor shift its columns; then `terminal_safe`."""
    return terminal_safe(text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def identity_key(text: str) -> str:
    """What two names are the same by when a person reads them: full-width and half-width,
    case, spaces and invisible format characters (zero-width, direction) do not tell them apart."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")
