"""The shared official style of the printed forms and documents.

Sizes (`WUHAO` 五号 10.5 pt is the body size everywhere: 说明1 asks for it and
nothing is ever printed smaller), margins (`MARGIN_*`: 28 mm on the bound
side), and the canvas drawing of the two fixed forms (附件1, 附件2), where
each cell's box is known and text is wrapped into it at 五号:

- `new_canvas(buffer, font, title)` — A4 canvas whose *initial* font is the
  embedded Song face (so nothing falls back to Helvetica, PRODUCT §7).
- `Box` — a rectangle (x, y = lower-left, w, h) with helpers.
- `fit_text(text, font_name, width, height, field=…)` — the lines of
  ``text`` at 五号 in a box (`linebreak.fit_lines`: 避头尾 and whole units
  first); raises `XxhError` naming the field if even a full fill does not fit.
- `draw_text`, `draw_lines` — fit + draw inside a box (padding, alignment).
- `Grid` + `Cell` + `draw_grid` — a table of fixed column widths and row
  heights with merged cells; every cell gets a border, its text fitted inside.
- `draw_title` — centred bold title (the face has no bold: fill + thin stroke).
- `draw_stamp_area` — reserves ≥ 45 × 45 mm (a 42 mm round seal fits) with
  （盖章） and optional 年 月 日; returns the square so callers keep text out.
- `draw_signature` — «label：______  年  月  日», the line left blank for the pen.
- `draw_seam_mark` — the 骑缝章 position at the page's outer edge.
- `draw_checkbox` — a check box drawn as shapes (☑ is in no font we embed).
- `draw_notes` — «说明：1. …» lines with a hanging indent (not ideographic spaces).
- `PdfOutput` — what a document function returns: bytes, page count, warnings.

The flowing documents use Platypus instead (`paragraphs`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..errors import XxhError
from ..fileio import atomic_write
from .linebreak import fit_lines, wrap

MM = 72 / 25.4
PAGE_W, PAGE_H = A4

WUHAO = 10.5     # 五号
SIHAO = 14.0     # 四号
SANHAO = 16.0    # 三号
XIAOER = 18.0    # 小二
ERHAO = 22.0     # 二号
LEADING = 1.35   # line height / font size for body text in cells
LINE_WIDTH = 0.75
TITLE_STROKE = 0.45  # stroke width making a regular face look bold

# GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
MARGIN_TOP = 37 * MM
MARGIN_LEFT = 28 * MM
MARGIN_RIGHT = 26 * MM
MARGIN_BOTTOM = 35 * MM
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT   # 156 mm

STAMP_MM = 45.0  # free square for a 42 mm round seal (PRODUCT §7)

CELL_PAD_X = 1.8 * MM
CELL_PAD_Y = 1.0 * MM

# Approximate em-box split for CJK faces (AR PL UMing, SimSun): glyphs sit
# about 0.86 em above and 0.14 em below the baseline.
ASCENT = 0.86
DESCENT = 0.14

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]


def cn_date(d: date | None) -> str:
    """A date as every printed document writes it: «2026年11月6日»."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


# ---------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points; (x, y) is the lower-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def left_of(self, other: Box, gap: float = 1 * MM) -> Box:
        """The part of this box left of ``other`` (e.g. text beside a stamp area)."""
        return Box(self.x, self.y, max(0.0, other.x - gap - self.x), self.h)

    def above(self, other: Box, gap: float = 1 * MM) -> Box:
        """The part of this box above ``other``."""
        return Box(self.x, other.top + gap, self.w, max(0.0, self.top - other.top - gap))

    def contains(self, other: Box, tol: float = 0.01) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol
                and other.right <= self.right + tol and other.top <= self.top + tol)

    def intersects(self, other: Box) -> bool:
        return not (other.x >= self.right or other.right <= self.x
                    or other.y >= self.top or other.top <= self.y)

    def to_top_left(self, page_h: float = PAGE_H) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) measured from the page's top, as pdfplumber reports."""
        return (self.x, page_h - self.top, self.right, page_h - self.y)


# ---------------------------------------------------------------------- canvas and output


def new_canvas(out: BinaryIO | str, font_name: str, title: str, *,
               author: str = "金寨县政务信息化项目管理", invariant: bool = False) -> Canvas:
    """An A4 canvas whose initial font is the embedded CJK face (never Helvetica)."""
    c = Canvas(out, pagesize=A4, initialFontName=font_name, initialFontSize=WUHAO,
               initialLeading=WUHAO * LEADING, invariant=int(invariant), pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("xxh-desktop")
    c.setLineWidth(LINE_WIDTH)
    c.setFont(font_name, WUHAO)
    return c


def start_page(c: Canvas, font_name: str) -> None:
    """Reset the state a new page needs (reportlab resets the font after showPage)."""
    c.setFont(font_name, WUHAO)
    c.setLineWidth(LINE_WIDTH)


@dataclass(frozen=True)
class PdfOutput:
    """A finished PDF: its bytes, its page count, and warnings for the user
    (missing glyphs …) that the GUI shows before printing and the CLI prints."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()

    def write(self, path: str | Path) -> Path:
        """Write atomically (temp name in the same folder, fsync, rename)."""
        return atomic_write(path, self.data)


def finish(c: Canvas, buf: io.BytesIO, pages: int, warnings: Sequence[str] = ()) -> PdfOutput:
    c.save()
    return PdfOutput(buf.getvalue(), pages, tuple(warnings))


# ---------------------------------------------------------------------- fitting and drawing text


@dataclass(frozen=True)
class FittedText:
    size: float
    leading: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        """From the top of the first line's em box to the bottom of the last's."""
        if not self.lines:
            return 0.0
        return (len(self.lines) - 1) * self.leading + self.size


def lines_in(height: float, size: float = WUHAO, leading: float = LEADING) -> int:
    """How many lines of ``size`` fit in ``height`` (first em box + leading steps)."""
    if height + 1e-6 < size:
        return 0
    return int((height - size + 1e-6) // (size * leading)) + 1


def fit_text(text: str, font_name: str, width: float, height: float, *, field: str,
             size: float = WUHAO, leading: float = LEADING,
             max_lines: int | None = None) -> FittedText:
    """Wrap ``text`` at ``size`` (五号) into ``width`` × ``height``.

    Never shrinks: 说明1 asks for 五号 and the field limits
    (`domain.text_limits`) are what a cell holds at 五号. A text beyond them
    (a draft, an old record) raises `XxhError` naming ``field``, so the print
    stops instead of running text out of its cell.
    """
    room = lines_in(height, size, leading)
    if max_lines is not None:
        room = min(room, max_lines)
    lines = fit_lines(text or "", font_name, size, width, room) if room else None
    if lines is None:
        raise XxhError(f"“{field}”的内容太长，按五号字（{size:g} 磅）放不进表格，打印已停止。"
                       f"请精简该栏内容后再打印。")
    return FittedText(size, size * leading, tuple(lines))


def draw_lines(c: Canvas, fitted: FittedText, box: Box, font_name: str, *,
               align: Align = "left", valign: VAlign = "middle") -> Box:
    """Draw fitted lines inside ``box`` (already inset for padding); returns the ink box."""
    block_h = fitted.height
    if valign == "top":
        block_top = box.top
    elif valign == "bottom":
        block_top = box.y + block_h
    else:
        block_top = box.y + (box.h + block_h) / 2
    c.setFont(font_name, fitted.size)
    baseline = block_top - ASCENT * fitted.size
    for line in fitted.lines:
        if line:
            if align == "center":
                c.drawCentredString(box.x + box.w / 2, baseline, line)
            elif align == "right":
                c.drawRightString(box.right, baseline, line)
            else:
                c.drawString(box.x, baseline, line)
        baseline -= fitted.leading
    return Box(box.x, block_top - block_h, box.w, block_h)


def draw_text(c: Canvas, text: str, box: Box, font_name: str, *, field: str,
              align: Align = "left", valign: VAlign = "middle",
              pad_x: float = CELL_PAD_X, pad_y: float = CELL_PAD_Y, size: float = WUHAO,
              max_lines: int | None = None) -> FittedText:
    """Fit ``text`` into ``box`` minus padding at ``size`` (else XxhError naming ``field``) and draw it."""
    inner = box.inset(pad_x, pad_y)
    fitted = fit_text(text, font_name, inner.w, inner.h, field=field, size=size,
                      max_lines=max_lines)
    draw_lines(c, fitted, inner, font_name, align=align, valign=valign)
    return fitted


def draw_title(c: Canvas, text: str, center_x: float, baseline: float, font_name: str,
               size: float = XIAOER) -> Box:
    """A centred bold title: fill + a thin stroke (text render mode 2), since the
    embedded Song face has no bold weight."""
    width = stringWidth(text, font_name, size)
    t = c.beginText()
    t.setFont(font_name, size)
    t.setTextRenderMode(2)
    t.setTextOrigin(center_x - width / 2, baseline)
    c.saveState()
    c.setLineWidth(TITLE_STROKE)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()
    return Box(center_x - width / 2, baseline - DESCENT * size, width, size)


# ---------------------------------------------------------------------- table grid


@dataclass
class Cell:
    """One (possibly merged) cell of a `Grid`.

    ``field`` is the printed label used in error messages (defaults to the
    text for label cells); ``key`` names the cell in the returned boxes.
    """

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    align: Align = "left"
    valign: VAlign = "middle"
    field: str = ""
    key: str = ""
    max_lines: int | None = None


@dataclass
class Grid:
    """Fixed column widths and row heights from the top-left corner (x, top)."""

    x: float
    top: float
    col_widths: Sequence[float]
    row_heights: Sequence[float]
    line_width: float = LINE_WIDTH

    @property
    def width(self) -> float:
        return float(sum(self.col_widths))

    @property
    def height(self) -> float:
        return float(sum(self.row_heights))

    @property
    def bottom(self) -> float:
        return self.top - self.height

    def box(self, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> Box:
        x = self.x + sum(self.col_widths[:col])
        y_top = self.top - sum(self.row_heights[:row])
        w = sum(self.col_widths[col:col + colspan])
        h = sum(self.row_heights[row:row + rowspan])
        return Box(x, y_top - h, w, h)


def draw_grid(c: Canvas, grid: Grid, cells: Sequence[Cell], font_name: str) -> dict[str, Box]:
    """Draw every cell's border and fitted text; returns ``{key: box}`` of keyed cells.

    The cells must tile the grid exactly (each position covered once, merged
    cells included) — a layout bug raises ValueError before anything is drawn.
    Text that does not fit at 五号 raises `XxhError` naming the field.
    """
    rows, cols = len(grid.row_heights), len(grid.col_widths)
    covered = [[0] * cols for _ in range(rows)]
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for k in range(cell.col, cell.col + cell.colspan):
                if not (0 <= r < rows and 0 <= k < cols):
                    raise ValueError(f"cell {cell.row},{cell.col} outside the grid")
                covered[r][k] += 1
    bad = [(r, k) for r in range(rows) for k in range(cols) if covered[r][k] != 1]
    if bad:
        raise ValueError(f"grid positions not covered exactly once: {bad}")
    # Fit every text first, so a too-long field stops the print before any ink.
    fitted: list[tuple[Cell, Box, FittedText | None]] = []
    for cell in cells:
        box = grid.box(cell.row, cell.col, cell.rowspan, cell.colspan)
        ft = None
        if cell.text:
            inner = box.inset(CELL_PAD_X, CELL_PAD_Y)
            ft = fit_text(cell.text, font_name, inner.w, inner.h, field=cell.field or cell.text,
                          max_lines=cell.max_lines)
        fitted.append((cell, box, ft))
    c.saveState()
    c.setLineWidth(grid.line_width)
    c.setFont(font_name, WUHAO)   # empty merged cells must not fall back to Helvetica
    boxes: dict[str, Box] = {}
    for cell, box, ft in fitted:
        c.rect(box.x, box.y, box.w, box.h, stroke=1, fill=0)
        if ft is not None:
            draw_lines(c, ft, box.inset(CELL_PAD_X, CELL_PAD_Y), font_name,
                       align=cell.align, valign=cell.valign)
        if cell.key:
            boxes[cell.key] = box
    c.restoreState()
    c.setFont(font_name, WUHAO)
    return boxes


# ---------------------------------------------------------------------- stamp, signature, check box, notes


def draw_stamp_area(c: Canvas, box: Box, font_name: str, *, label: str = "（盖章）",
                    date: bool = True, size: float = WUHAO, margin: float = 2 * MM) -> Box:
    """Reserve a free `STAMP_MM` square at the lower right of ``box`` and print
    ``label`` (and «年 月 日» blanks) inside it, where the seal goes.

    Returns the reserved square; keep other text out of it (use
    ``box.left_of(square)`` or ``box.above(square)``). ValueError if ``box``
    is too small to hold the square — a layout bug, caught in tests.
    """
    side = STAMP_MM * MM
    if box.w < side + 2 * margin - 0.01 or box.h < side + 2 * margin - 0.01:
        raise ValueError(f"stamp box {box.w / MM:.1f}×{box.h / MM:.1f} mm smaller than "
                         f"{STAMP_MM:g} mm + margins")
    square = Box(box.right - margin - side, box.y + margin, side, side)
    c.saveState()
    c.setFont(font_name, size)
    if date:
        date_text = "年　　月　　日"
        c.drawRightString(square.right - 2 * MM, square.y + 2 * MM, date_text)
        c.drawRightString(square.right - 6 * MM, square.y + 2 * MM + size * 2.2, label)
    else:
        c.drawRightString(square.right - 6 * MM, square.y + 2 * MM, label)
    c.restoreState()
    return square


def draw_signature(c: Canvas, x: float, baseline: float, label: str, font_name: str, *,
                   line_mm: float = 32.0, date: bool = True, size: float = WUHAO) -> Box:
    """«label：____________　　年　　月　　日» on one baseline. The line stays
    blank: a signature is written by hand, never typed in advance. Returns the ink box."""
    c.saveState()
    c.setFont(font_name, size)
    c.setLineWidth(0.5)
    label_text = label if label.endswith("：") else label + "："
    c.drawString(x, baseline, label_text)
    lx = x + stringWidth(label_text, font_name, size)
    line_w = line_mm * MM
    c.line(lx, baseline - 1.5, lx + line_w, baseline - 1.5)
    end = lx + line_w
    if date:
        date_text = "　　　　年　　月　　日"
        c.drawString(end, baseline, date_text)
        end += stringWidth(date_text, font_name, size)
    c.restoreState()
    return Box(x, baseline - DESCENT * size - 2, end - x, size + 2)


def draw_seam_mark(c: Canvas, font_name: str, page_w: float = PAGE_W, page_h: float = PAGE_H) -> Box:
    """Where the 骑缝章 goes: a dashed half circle of the seal's size on the
    outer (right) edge, half on this sheet and half on the next, labelled."""
    r = 21 * MM
    cy = page_h / 2
    c.saveState()
    c.setLineWidth(0.5)
    c.setDash(2, 2)
    c.arc(page_w - r, cy - r, page_w + r, cy + r, 90, 180)
    c.setDash()
    c.setFont(font_name, WUHAO)
    x = page_w - r / 2
    for k, ch in enumerate("骑缝章"):
        c.drawCentredString(x, cy + WUHAO * (1.1 - 1.4 * k), ch)
    c.restoreState()
    return Box(page_w - r, cy - r, r, 2 * r)


def draw_footer(c: Canvas, parts: Sequence[str], font_name: str, size: float = WUHAO) -> None:
    """`parts` centred at the foot of the page in 五号, below every margin the forms use: on one
    line when they fit across the page, else one line each."""
    parts = [p for p in parts if p]
    if not parts:
        return
    one = "　".join(parts)
    lines = [one] if stringWidth(one, font_name, size) <= PAGE_W - 30 * MM else parts
    c.saveState()
    c.setFont(font_name, size)
    for n, line in enumerate(reversed(lines)):
        c.drawCentredString(PAGE_W / 2, 6.5 * MM + n * size * 1.25, line)
    c.restoreState()


def draw_checkbox(c: Canvas, x: float, baseline: float, checked: bool, *, size: float = WUHAO) -> Box:
    """A square of the text's height at (x, baseline), with a drawn tick if ``checked``."""
    side = size * 0.8
    y = baseline - 0.05 * size
    c.saveState()
    c.setLineWidth(0.6)
    c.rect(x, y, side, side, stroke=1, fill=0)
    if checked:
        c.setLineWidth(1.0)
        p = c.beginPath()
        p.moveTo(x + side * 0.18, y + side * 0.52)
        p.lineTo(x + side * 0.42, y + side * 0.22)
        p.lineTo(x + side * 0.85, y + side * 0.85)
        c.drawPath(p, stroke=1, fill=0)
    c.restoreState()
    return Box(x, y, side, side)


def draw_notes(c: Canvas, items: Sequence[str], x: float, top: float, width: float,
               font_name: str, *, head: str = "说明：", size: float = WUHAO,
               leading: float = LEADING) -> float:
    """«说明：1.…» under a table: items after the first line up under the first
    one by a left indent (ideographic spaces would be dropped). Returns the
    y below the last line."""
    indent = stringWidth(head, font_name, size)
    c.saveState()
    c.setFont(font_name, size)
    baseline = top - ASCENT * size
    c.drawString(x, baseline, head)
    for item in items:
        for line in wrap(item, font_name, size, width - indent):
            c.drawString(x + indent, baseline, line)
            baseline -= size * leading
    c.restoreState()
    return baseline + size * leading - DESCENT * size
