"""The audit log for inspections: its export (the log itself is kept by `storage/audit_log.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .workspace import Workspace


def export_xlsx(ws: Workspace, path: Path) -> Path:
    """The whole log as a worksheet (for the 审计 role and inspections)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .excel.common import save_workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "审计日志"
    headers = ("序号", "时间", "操作人", "操作", "对象", "变更前", "变更后", "结果", "摘要")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in ws.audit_log.entries():
        sheet.append([e.id, e.at, e.who, e.action, e.target, e.before, e.after, e.result, e.hash])
    sheet.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHI", (8, 26, 14, 16, 20, 40, 40, 8, 20)):
        sheet.column_dimensions[col].width = width
    return save_workbook(wb, path)
