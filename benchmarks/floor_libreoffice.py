"""Floor for ``xxh pdf``: LibreOffice converting the same one-page table to PDF, as a whole process.

The table (the same 附件1 labels and values, the same Song face, 五号, ruled, one A4 page)
is written once as .xlsx with openpyxl — Calc is the part of LibreOffice every install
has — and `command` converts it headless with a profile of its own, which `warm_up`
creates first (LibreOffice's first start in a new profile is not what a clerk waits for).
"""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

TITLE = "金寨县政务信息化建设项目申报表"
CHARS_PER_LINE = 38   # column B at width 60 holds about this many 五号 characters


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_input(rows: list[list[str]], face: str, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    sheet = wb.active
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([TITLE])
    sheet.merge_cells("A1:B1")
    sheet["A1"].font = Font(name=face, size=18)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.row_dimensions[1].height = 36
    for n, (label, value) in enumerate(rows, start=2):
        sheet.append([label, value])
        lines = max(1, sum(math.ceil(max(1, len(part)) / CHARS_PER_LINE) for part in value.split("\n")))
        sheet.row_dimensions[n].height = 8 + 15 * lines
        for cell in sheet[n]:
            cell.font = Font(name=face, size=10.5)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = sheet.page_setup.fitToHeight = 1
    wb.save(path)
    return path


def command(source: Path, outdir: Path, profile: Path) -> list[str]:
    return [soffice() or "soffice", "--headless", "--norestore", "--nologo",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to", "pdf", "--outdir", str(outdir), str(source)]


def warm_up(source: Path, outdir: Path, profile: Path) -> None:
    subprocess.run(command(source, outdir, profile), capture_output=True, timeout=300, check=True)
