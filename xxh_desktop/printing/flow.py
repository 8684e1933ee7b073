"""Flowing documents on top of the shared style: paragraphs and tables that run over pages.

The forms (附件1, 附件2) are fixed layouts; the review documents (书面审核意见,
年度建设计划表, 终验材料清单, 整改通知) grow with their content. `Flow` keeps the
current height on the page, breaks pages before a block would run into the
bottom margin, repeats a table's header on every page, and numbers the pages
«第 i 页 共 N 页» (the documents render twice: once to count the pages).
Every glyph, wrap and cell goes through `style` (fonts, 避头尾, the grid).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .style import (
    ASCENT, CELL_PAD_X, CELL_PAD_Y, LEADING, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT,
    MARGIN_TOP, MM, WUHAO, XIAOER, XIAOWU, Align, Box, Cell, Grid, draw_grid,
    draw_title, start_page, wrap_cjk,
)

# Landscape tables (the plan) use narrower margins than GB/T 9704's portrait 版心.
LANDSCAPE_MARGINS = (15 * MM, 15 * MM, 18 * MM, 16 * MM)  # left, right, top, bottom
PORTRAIT_MARGINS = (MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP - 10 * MM, MARGIN_BOTTOM - 10 * MM)


@dataclass(frozen=True)
class Span:
    """A table cell spanning `colspan` columns."""

    text: str
    colspan: int = 1
    align: Align | None = None
    rowspan: int = 1


# None marks a position covered by a cell above that spans rows (header rows only).
CellSpec = str | Span | None


class Flow:
    """The running position on the current page of a canvas."""

    def __init__(self, c: Canvas, font_name: str, *, landscape_page: bool = False,
                 total_pages: int | None = None, page_marks: bool = True) -> None:
        self.c = c
        self.font = font_name
        if landscape_page:
            c.setPageSize(landscape(A4))
            self.page_w, self.page_h = landscape(A4)
            left, right, top, bottom = LANDSCAPE_MARGINS
        else:
            self.page_w, self.page_h = A4
            left, right, top, bottom = PORTRAIT_MARGINS
        self.left, self.right_margin, self.top_margin, self.bottom = left, right, top, bottom
        self.width = self.page_w - left - right
        self.y = self.page_h - top
        self.page = 1
        self.total_pages = total_pages
        self.page_marks = page_marks
        self.on_new_page: Callable[[Flow], None] | None = None

    # ------------------------------------------------------------------ pages

    def _mark_page(self) -> None:
        if not self.page_marks:
            return
        text = f"第 {self.page} 页" + (f"　共 {self.total_pages} 页" if self.total_pages else "")
        self.c.saveState()
        self.c.setFont(self.font, XIAOWU)
        self.c.drawCentredString(self.page_w / 2, self.bottom - 8 * MM, text)
        self.c.restoreState()

    def new_page(self) -> None:
        self._mark_page()
        self.c.showPage()
        start_page(self.c, self.font)
        self.page += 1
        self.y = self.page_h - self.top_margin
        if self.on_new_page:
            self.on_new_page(self)

    def finish(self) -> int:
        """Close the last page; returns the page count."""
        self._mark_page()
        self.c.showPage()
        return self.page

    def room(self) -> float:
        return self.y - self.bottom

    def ensure(self, height: float) -> None:
        if height > self.room():
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    # ------------------------------------------------------------------ text

    def title(self, text: str, size: float = XIAOER, after: float = 6 * MM) -> None:
        self.ensure(size + after)
        draw_title(self.c, text, self.left + self.width / 2, self.y - ASCENT * size, self.font, size)
        self.y -= size + after

    def line(self, text: str, *, align: Align = "left", size: float = WUHAO,
             x: float | None = None, width: float | None = None) -> None:
        """One line (wrapped if it must be), aligned within the text width."""
        for part in wrap_cjk(text, self.font, size, width or self.width):
            self._draw_line(part, align, size, x, width)

    def _draw_line(self, text: str, align: Align, size: float, x: float | None = None,
                   width: float | None = None, indent: float = 0.0) -> None:
        height = size * LEADING
        self.ensure(height)
        x0 = self.left if x is None else x
        w = self.width if width is None else width
        baseline = self.y - ASCENT * size
        self.c.setFont(self.font, size)
        if align == "center":
            self.c.drawCentredString(x0 + w / 2, baseline, text)
        elif align == "right":
            self.c.drawRightString(x0 + w, baseline, text)
        else:
            self.c.drawString(x0 + indent, baseline, text)
        self.y -= height

    def paragraph(self, text: str, *, indent_chars: int = 2, size: float = WUHAO,
                  hanging: str = "") -> None:
        """Body text with a first-line indent of `indent_chars` characters (by position,
        not ideographic spaces); `hanging` prefixes the first line and indents the rest."""
        indent = indent_chars * size
        for para in text.replace("\r\n", "\n").split("\n"):
            if hanging:
                hw = stringWidth(hanging, self.font, size)
                lines = wrap_cjk(para, self.font, size, self.width - indent - hw)
                for n, ln in enumerate(lines):
                    self._draw_line((hanging if n == 0 else "") + ln, "left", size,
                                    indent=indent + (0 if n == 0 else hw))
            else:
                lines = wrap_cjk(para, self.font, size, self.width, first_indent=indent)
                for n, ln in enumerate(lines):
                    self._draw_line(ln, "left", size, indent=indent if n == 0 else 0.0)

    # ------------------------------------------------------------------ tables

    def _row_height(self, row: Sequence[CellSpec], widths: Sequence[float], min_h: float) -> float:
        needed = min_h
        col = 0
        for spec in row:
            if spec is None:
                col += 1
                continue
            span = spec if isinstance(spec, Span) else Span(spec)
            if span.rowspan > 1:
                col += span.colspan
                continue
            w = sum(widths[col:col + span.colspan]) - 2 * CELL_PAD_X
            lines = wrap_cjk(span.text, self.font, WUHAO, w) if span.text else [""]
            h = (len(lines) - 1) * WUHAO * LEADING + WUHAO + 2 * CELL_PAD_Y + 1.0
            needed = max(needed, h)
            col += span.colspan
        return needed

    def _cells(self, row: Sequence[CellSpec], r: int, aligns: Sequence[Align],
               fields: Sequence[str], default: Align | None = None) -> list[Cell]:
        cells, col = [], 0
        for spec in row:
            if spec is None:
                col += 1
                continue
            span = spec if isinstance(spec, Span) else Span(spec)
            align = span.align or default or aligns[col]
            cells.append(Cell(r, col, span.text, colspan=span.colspan, rowspan=span.rowspan,
                              align=align, field=fields[col] if fields else ""))
            col += span.colspan
        return cells

    def table(self, widths: Sequence[float], header: Sequence[Sequence[CellSpec]],
              rows: Sequence[Sequence[CellSpec]], *, aligns: Sequence[Align] | None = None,
              min_row_h: float = 8 * MM, fields: Sequence[str] = ()) -> Box:
        """A grid of `widths`; the `header` rows are repeated on every page it runs over.

        Returns the box of the part drawn on the last page.
        """
        aligns = aligns or ["left"] * len(widths)
        head_h = [self._row_height(h, widths, min_row_h) for h in header]
        body_h = [self._row_height(r, widths, min_row_h) for r in rows]
        i = 0
        last = Box(self.left, self.y, 0, 0)
        while True:
            # At least one body row with the header, else a new page first.
            first = body_h[i] if i < len(rows) else 0.0
            if sum(head_h) + first > self.room():
                self.new_page()
            chunk_h = list(head_h)
            cells: list[Cell] = []
            for r, h in enumerate(header):
                cells += self._cells(h, r, aligns, (), default="center")
            j = i
            while j < len(rows) and sum(chunk_h) + body_h[j] <= self.room() + 1e-6:
                cells += self._cells(rows[j], len(chunk_h), aligns, fields)
                chunk_h.append(body_h[j])
                j += 1
            if j == i and i < len(rows):  # a single row taller than a page: let fit_text refuse it
                cells += self._cells(rows[j], len(chunk_h), aligns, fields)
                chunk_h.append(body_h[j])
                j += 1
            grid = Grid(self.left, self.y, list(widths), chunk_h)
            draw_grid(self.c, grid, cells, self.font)
            last = Box(self.left, grid.bottom, grid.width, grid.height)
            self.y = grid.bottom
            i = j
            if i >= len(rows):
                return last
            self.new_page()


def render_twice(draw: Callable[[int | None], tuple[bytes, int]]) -> tuple[bytes, int]:
    """Render once to count the pages, then again with «共 N 页»."""
    _, pages = draw(None)
    return draw(pages)
