"""Platypus for the flowing documents (书面审核意见, 终验材料清单, 整改通知, 年度计划表).

reportlab lays them out: `CJKParagraph` is ``Paragraph(wordWrap='CJK')``
whose lines come from `linebreak.wrap` (避头尾, whole amounts, dates and
document numbers, no orphan) and whose full lines are justified by character
spacing, as Chinese text is set; `grid_table` is a ``Table`` with the forms'
grid and ``repeatRows``; `build` is a two-pass ``multiBuild`` that numbers
pages «第 i 页　共 N 页» and calls a running head on every page after the
first. `SealBlock`, `Choices`, `Signatures` and `CutLine` are the few
drawn pieces (seal square, check boxes, signature lines, 回执 cut).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle,
)

from .linebreak import remainder, wrap
from .printable import printable
from .style import (
    CELL_PAD_X, LEADING, LINE_WIDTH, MM, STAMP_MM, TITLE_STROKE, WUHAO, XIAOER, Box,
    draw_checkbox, draw_signature, draw_stamp_area,
)
from .tall_rows import fit_rows

FOOTNOTE_SIZE = 7.5   # 六号

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
CELL_PAD_Y = 2.0    # points above and below a table cell's text
# a full line is justified unless its gap is wider than this many characters
# (a long Latin word went to the next line: spreading would look worse)
JUSTIFY_MAX_GAP = 2.5


def style(font_name: str, *, size: float = WUHAO, align: str = "justify", indent_chars: float = 0,
          leading: float = LEADING, space_before: float = 0, space_after: float = 0,
          left_indent: float = 0) -> ParagraphStyle:
    """A body style: 五号 by default, CJK wrapping, first-line indent in characters."""
    return ParagraphStyle(
        f"xxh-{size}-{align}-{indent_chars}", fontName=font_name, fontSize=size,
        leading=size * leading, alignment=ALIGN[align], wordWrap="CJK",
        firstLineIndent=indent_chars * size, leftIndent=left_indent,
        spaceBefore=space_before, spaceAfter=space_after, allowWidows=0, allowOrphans=0)


class CJKParagraph(Paragraph):
    """A plain-text paragraph (no markup) broken by `linebreak.wrap` and justified.

    reportlab's CJK wrapping breaks anywhere and lets «，» start a line; this
    keeps Paragraph's layout, splitting across pages and table cells, and
    replaces only where the lines break (`breakLinesCJK`) and how a full line
    is spread (character spacing in `drawPara`).
    """

    def __init__(self, text: str | None, pstyle: ParagraphStyle, **kw: object) -> None:
        if text is None:   # reportlab's `split` makes its first part from lines already broken (frags=)
            super().__init__(None, pstyle, **kw)
            return
        # leading spaces (ideographic ones too) survive as no-break spaces
        body = text.lstrip(" \u3000")
        lead = text[:len(text) - len(body)].replace(" ", "\xa0")
        super().__init__(escape(lead + body), pstyle, **kw)

    def _own_text(self) -> str | None:
        """The text `wrap` breaks into lines; None where reportlab keeps its own lines
        (the first part of a split, already broken) or the paragraph is not plain text."""
        if getattr(self, "_splitpara", 0) or len(self.frags) != 1 or hasattr(self.frags[0], "cbDefn"):
            return None
        f = self.frags[0]
        return f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))

    def breakLinesCJK(self, maxWidths):  # noqa: N802 (reportlab's name)
        text = self._own_text()
        if text is None:
            return super().breakLinesCJK(maxWidths)
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        f = self.frags[0]
        lines = wrap(text, f.fontName, f.fontSize, widths)
        out = []
        for i, line in enumerate(lines):
            width = widths[min(i, len(widths) - 1)]
            out.append((width - stringWidth(line, f.fontName, f.fontSize), [line]))
        return f.clone(kind=0, lines=out, ascent=f.fontSize, descent=-0.2 * f.fontSize)

    def split(self, availWidth, availHeight):  # noqa: N802
        parts = super().split(availWidth, availHeight)
        text = self._own_text()
        if len(parts) != 2 or text is None:
            return parts
        head, tail = parts
        # reportlab hands the rest on as the words of the lines left over, which lost the spaces
        # wrapping dropped at their ends; what is left of the text is wrapped afresh instead (and
        # split again on the next page if it must: a paragraph runs over as many pages as it needs)
        done = [words[0] if words else "" for _extra, words in head.blPara.lines]
        return [head, CJKParagraph(remainder(text, done), tail.style)]

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802
        self._spacing: list[float] = []
        if self.style.alignment == TA_JUSTIFY and self.blPara.kind == 0:
            lines = self.blPara.lines
            justify_last = getattr(self, "_JustifyLast", False)
            size = self.style.fontSize
            for i, (extra, words) in enumerate(lines):
                text = words[0] if words else ""
                last = i == len(lines) - 1 and not justify_last
                full = not last and len(text) > 1 and 0 < extra <= JUSTIFY_MAX_GAP * size
                self._spacing.append(extra / (len(text) - 1) if full else 0.0)
        super().drawPara(debug)

    def beginText(self, x, y):  # noqa: N802
        tx = super().beginText(x, y)
        spacing = self._spacing
        if any(spacing):
            plain = tx._textOut

            def text_out(text: str, t_star: int = 0) -> None:
                tx.setCharSpace(spacing.pop(0) if spacing else 0.0)
                plain(text, t_star)
                tx.setCharSpace(0)

            tx._textOut = text_out
        return tx


def paragraphs(text: str, pstyle: ParagraphStyle) -> list[CJKParagraph]:
    """One paragraph per line of ``text``, exactly as typed (blank lines kept as space)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [CJKParagraph(line if line.strip() else "\xa0", pstyle) for line in lines]


def cell(text: str, font_name: str, align: str = "left") -> list[CJKParagraph]:
    """A table cell's content: its lines as paragraphs (a cell is never justified)."""
    return paragraphs(text, style(font_name, align=align if align != "justify" else "left"))


def grid_table(rows: Sequence[Sequence[object]], widths: Sequence[float], *, repeat_rows: int = 0,
               spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
               extra: Sequence[tuple] = (), ruled: tuple[int, int] = (0, -1), room: float = 0.0) -> Table:
    """A table in the forms' grid: ``LINE_WIDTH`` rules, cells padded like the forms,
    text vertically centred; header rows repeated on every page it runs over.
    Rows outside ``ruled`` (first, last) stand above or below the grid, without rules.
    ``room``, the height of the smallest page's frame, if given: a row whose text
    grows with the data continues over as many pages as it needs (`tall_rows`)."""
    commands: list[tuple] = [
        ("GRID", (0, ruled[0]), (-1, ruled[1]), LINE_WIDTH, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y + 1),
    ]
    commands += [("SPAN", a, b) for a, b in spans]
    commands += list(extra)
    if room:
        rows, commands = fit_rows(rows, widths, commands, repeat_rows=repeat_rows, room=room,
                                  pad_x=CELL_PAD_X, pad_y=2 * CELL_PAD_Y + 1)
    return Table([list(r) for r in rows], colWidths=list(widths), repeatRows=repeat_rows,
                 style=TableStyle(commands), hAlign="LEFT")


class Title(Flowable):
    """A centred bold title (the Song face has no bold: fill + thin stroke)."""

    def __init__(self, text: str, font_name: str, size: float = XIAOER, after: float = 5 * MM) -> None:
        super().__init__()
        self.text, self.font, self.size, self.after = text, font_name, size, after

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        lines = wrap(self.text, self.font, self.size, avail_w)
        self.lines = lines
        self.height = len(lines) * self.size * 1.3 + self.after
        return avail_w, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(TITLE_STROKE)
        y = self.height - self.size
        for line in self.lines:
            t = c.beginText()
            t.setFont(self.font, self.size)
            t.setTextRenderMode(2)
            t.setTextOrigin(self.width / 2 - stringWidth(line, self.font, self.size) / 2, y)
            t.textOut(line)
            c.drawText(t)
            y -= self.size * 1.3
        c.restoreState()


class SealBlock(Flowable):
    """The issuing office and the date at the right, inside a free 45 mm square
    for the round seal (盖章 over the office's name and the date, as is usual)."""

    def __init__(self, font_name: str, office: str, date_text: str, left_text: str = "") -> None:
        super().__init__()
        self.font, self.office, self.date_text, self.left_text = font_name, office, date_text, left_text

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, STAMP_MM * MM + 2 * MM
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        square = draw_stamp_area(c, Box(0, 0, self.width, self.height), self.font, label="", date=False,
                                 margin=1 * MM)
        c.setFont(self.font, WUHAO)
        mid = square.y + square.h / 2
        c.drawRightString(square.right, mid + WUHAO * 0.8, self.office)
        c.drawRightString(square.right - 6 * MM, mid - WUHAO * 1.2, self.date_text)
        if self.left_text:   # one line, not wrapped: made printable here
            c.drawString(0, square.y + 2 * MM, printable(self.left_text))


class Choices(Flowable):
    """«lead □ 同意　☑ 修改后同意　□ 不同意»: check boxes drawn as shapes (☑ is in no embedded font)."""

    def __init__(self, font_name: str, options: Sequence[str], chosen: str, lead: str = "") -> None:
        super().__init__()
        self.font, self.options, self.chosen, self.lead = font_name, options, chosen, lead

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, WUHAO * LEADING + 2 * MM
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        baseline = 0.3 * WUHAO + 1 * MM
        c.setFont(self.font, WUHAO)
        c.drawString(0, baseline, self.lead)
        x = stringWidth(self.lead, self.font, WUHAO) + WUHAO
        for option in self.options:
            draw_checkbox(c, x, baseline, option == self.chosen)
            c.setFont(self.font, WUHAO)
            c.drawString(x + WUHAO * 1.2, baseline, option)
            x += WUHAO * (len(option) + 3)


class Signatures(Flowable):
    """Signature lines («label：______　年　月　日»), one under another, left blank for the pen."""

    def __init__(self, font_name: str, labels: Sequence[str], gap: float = 12 * MM) -> None:
        super().__init__()
        self.font, self.labels, self.gap = font_name, labels, gap

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, len(self.labels) * self.gap
        return self.width, self.height

    def draw(self) -> None:
        for k, label in enumerate(self.labels):
            draw_signature(self.canv, 0, self.height - (k + 1) * self.gap + 3 * MM, label, self.font)


class CutLine(Flowable):
    """A dashed cut line with a word in its middle (回执)."""

    def __init__(self, font_name: str, word: str) -> None:
        super().__init__()
        self.font, self.word = font_name, word

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = avail_w, WUHAO * 2
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        mid_y = WUHAO * 0.9
        gap = stringWidth(self.word, self.font, WUHAO) / 2 + WUHAO
        centre = self.width / 2
        c.saveState()
        c.setDash(3, 3)
        c.setLineWidth(0.5)
        c.line(0, mid_y, centre - gap, mid_y)
        c.line(centre + gap, mid_y, self.width, mid_y)
        c.restoreState()
        c.setFont(self.font, WUHAO)
        c.drawCentredString(centre, mid_y - 0.35 * WUHAO, self.word)


class _PageCount(Flowable):
    """Zero-size indexing flowable at the story's end: remembers the last page
    number, so the second pass of ``multiBuild`` can print «共 N 页»."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: int | None = None
        self.total: int | None = None

    def isIndexing(self) -> int:  # noqa: N802
        return 1

    def isSatisfied(self) -> bool:  # noqa: N802
        return self.total is not None and self.total == self.seen

    def beforeBuild(self) -> None:  # noqa: N802
        self.total = self.seen

    def afterBuild(self) -> None:  # noqa: N802
        pass

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.seen = self.canv.getPageNumber()


PageHook = Callable[[Canvas, int, "int | None"], None]


class RunningHead:
    """A page hook: «第 i 页　共 N 页» at the foot of a multi-page document, and on
    every page after the first ``ident`` (the project's number and name, the
    plan's title) at the head above a rule, so a loose sheet is still identified.
    ``height`` is the room it takes below the top margin."""

    def __init__(self, font_name: str, ident: str, margins: tuple[float, float, float, float],
                 pagesize: tuple[float, float] = A4, footnote: str = "") -> None:
        self.font, self.margins, self.pagesize = font_name, margins, pagesize
        self.footnote = footnote   # small, at the foot's left on every page (the audit chain's anchor)
        left, right, _top, _bottom = margins
        self.lines = wrap(ident, font_name, WUHAO, pagesize[0] - left - right)
        self.height = len(self.lines) * WUHAO * LEADING + 4 * MM

    def __call__(self, c: Canvas, page: int, total: int | None) -> None:
        left, right, top, bottom = self.margins
        w, h = self.pagesize
        c.saveState()
        c.setFont(self.font, WUHAO)
        if total != 1:
            text = f"第 {page} 页" + (f"　共 {total} 页" if total else "")
            c.drawCentredString(left + (w - left - right) / 2, bottom / 2, text)
        if self.footnote:
            c.setFont(self.font, FOOTNOTE_SIZE)
            c.drawString(left, bottom / 2, self.footnote)
            c.setFont(self.font, WUHAO)
        if page > 1:
            y = h - top - WUHAO
            for line in self.lines:
                c.drawString(left, y, line)
                y -= WUHAO * LEADING
            c.setLineWidth(0.5)
            rule = h - top - self.height + 2 * MM
            c.line(left, rule, w - right, rule)
        c.restoreState()


def build(story: list[Flowable], *, title: str, font_name: str, pagesize: tuple[float, float],
          margins: tuple[float, float, float, float], later_head: float = 0.0,
          decorate: PageHook | None = None, invariant: bool = False) -> tuple[bytes, int]:
    """Lay ``story`` out on pages (margins: left, right, top, bottom); two passes
    so that ``decorate(canvas, page, total)`` knows the page count (None in the
    first pass). Pages after the first start ``later_head`` lower, below the
    running head ``decorate`` draws there. Returns the PDF and its page count."""
    left, right, top, bottom = margins
    w, h = pagesize
    counter = _PageCount()
    buf = io.BytesIO()

    def on_page(c: Canvas, doc: BaseDocTemplate) -> None:
        c.setFont(font_name, WUHAO)   # nothing on the page falls back to Helvetica
        if decorate:
            decorate(c, c.getPageNumber(), counter.total)

    first = Frame(left, bottom, w - left - right, h - top - bottom, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(left, bottom, w - left - right, h - top - bottom - later_head, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(
        buf, pagesize=pagesize, title=title, author="金寨县政务信息化项目管理", creator="xxh-desktop",
        invariant=int(invariant), initialFontName=font_name, initialFontSize=WUHAO,
        pageTemplates=[PageTemplate("first", [first], onPage=on_page, autoNextPageTemplate="later"),
                       PageTemplate("later", [later], onPage=on_page)],
        leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom)
    doc.multiBuild([*story, counter], maxPasses=4)
    return buf.getvalue(), counter.seen or 1
