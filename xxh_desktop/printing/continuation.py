"""续页 of the fixed forms: a long field continues on a new sheet, as on paper.

A multi-line field (附件1 项目实施依据及主要内容 and 项目主管部门意见, 附件2
购置依据或理由, 单位意见 and 项目主管部门意见) prints in its own cell as far as
the cell holds at 五号; its last line then says «（下转续页）» and the rest
goes onto 续页 sheets. Each 续页 repeats the form's title, the case's number
and name, and, above each continued part, the field's label «…（续）», so
a sheet that comes loose is still identified. Nothing is ever shrunk.

`split_field` cuts one field at a cell's capacity; `layout_pages` lays the
continued parts onto pages; `draw_page` draws one such page below the
form's own page head (drawn by the form module).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .linebreak import remainder, wrap
from .style import CELL_PAD_X, CELL_PAD_Y, LEADING, MM, WUHAO, Box, FittedText, draw_lines, lines_in

CONTINUED = "（下转续页）"
HEAD_MM = 8.0


@dataclass(frozen=True)
class Continued:
    """The part of a field that goes onto 续页."""

    label: str
    text: str


def split_field(text: str, font_name: str, width: float, height: float, *,
                first: str = "") -> tuple[list[str], str]:
    """The lines of ``first + text`` that fit ``width`` × ``height`` at 五号, and
    what is left of ``text`` ("" when all fits). ``first`` is a label printed
    in front of the text in the same cell (附件2 «购置依据或理由：»)."""
    whole = first + (text or "")
    lines = wrap(whole, font_name, WUHAO, width)
    room = lines_in(height)
    if len(lines) <= room:
        return lines, ""
    keep = max(room - 1, 0)
    printed: list[str] = []
    rest: list[str] = []
    # walk paragraph by paragraph so a hard line break is kept in what is left
    paras = whole.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for n, para in enumerate(paras):
        para_lines = wrap(para, font_name, WUHAO, width)
        if len(printed) + len(para_lines) <= keep:
            printed.extend(para_lines)
            continue
        take = keep - len(printed)
        printed.extend(para_lines[:take])
        rest = [remainder(para, para_lines[:take]) if take else para, *paras[n + 1:]]
        break
    left = "\n".join(rest).strip("\n")
    if first and not printed:   # nothing but the label fitted: the label goes along
        left = left[len(first):] if left.startswith(first) else left
    return [*printed, CONTINUED], left


@dataclass(frozen=True)
class Chunk:
    """One continued field's part on one 续页: its heading and its lines."""

    heading: str
    lines: tuple[str, ...]

    def height(self) -> float:
        return HEAD_MM * MM + FittedText(WUHAO, WUHAO * LEADING, self.lines).height + 2 * CELL_PAD_Y + 2


def layout_pages(parts: list[Continued], font_name: str, width: float, room: float) -> list[list[Chunk]]:
    """Continued parts onto pages of ``room`` points of table height, text ``width`` wide."""
    pages: list[list[Chunk]] = []
    page: list[Chunk] = []
    left = room
    for part in parts:
        lines = wrap(part.text, font_name, WUHAO, width - 2 * CELL_PAD_X)
        heading = f"{part.label}（续）"
        while lines:
            fit = lines_in(left - HEAD_MM * MM - 2 * CELL_PAD_Y - 2)
            if fit < 2 and page:   # not even two lines here: start a new sheet
                pages.append(page)
                page, left = [], room
                continue
            take = lines[:max(fit, 1)]
            lines = lines[len(take):]
            chunk = Chunk(heading, tuple(take))
            page.append(chunk)
            left -= chunk.height()
    if page:
        pages.append(page)
    return pages


def draw_page(c: Canvas, font_name: str, chunks: list[Chunk], x: float, top: float,
              width: float) -> Box:
    """The continued parts as a two-row box each (heading, text); returns the outline."""
    y = top
    c.saveState()
    c.setLineWidth(0.75)
    for chunk in chunks:
        head = Box(x, y - HEAD_MM * MM, width, HEAD_MM * MM)
        body_h = chunk.height() - HEAD_MM * MM
        body = Box(x, head.y - body_h, width, body_h)
        c.rect(head.x, head.y, head.w, head.h)
        c.rect(body.x, body.y, body.w, body.h)
        draw_lines(c, FittedText(WUHAO, WUHAO * LEADING, (chunk.heading,)),
                   head.inset(CELL_PAD_X, CELL_PAD_Y), font_name)
        draw_lines(c, FittedText(WUHAO, WUHAO * LEADING, chunk.lines),
                   body.inset(CELL_PAD_X, CELL_PAD_Y), font_name, valign="top")
        y = body.y
    c.restoreState()
    c.setFont(font_name, WUHAO)
    return Box(x, y, width, top - y)
