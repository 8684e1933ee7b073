"""Floor for ``xxh pdf``: bare reportlab drawing the same one-page table in the same embedded font.

``python floor_reportlab.py ROWS.json FONT.ttc INDEX OUT.pdf`` is the whole-process floor: an
interpreter that imports reportlab, registers the TrueType face (reportlab parses it and
subsets it into the file) and writes one A4 page with a ruled two-column table of the same
labels and values. `render` is the in-process floor. Nothing of xxh_desktop is imported.
"""

from __future__ import annotations

import json
import sys

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "FloorSong"
TITLE = "金寨县政务信息化建设项目申报表"


def register(font_path: str, index: int) -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, font_path, subfontIndex=index))


def render(rows: list[list[str]], out: str) -> None:
    """One A4 page: the title and a label | value table, 五号 (10.5 pt), wrapped CJK text."""
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1)
    data = [[Paragraph(label, cell), Paragraph(value, cell)] for label, value in rows]
    table = Table(data, colWidths=[40 * mm, 116 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=27 * mm, rightMargin=27 * mm,
                            topMargin=37 * mm, bottomMargin=35 * mm)
    doc.build([Paragraph(TITLE, title), table])


def main(argv: list[str]) -> int:
    rows_path, font_path, index, out = argv
    with open(rows_path, encoding="utf-8") as fh:
        rows = json.load(fh)
    register(font_path, int(index))
    render(rows, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
