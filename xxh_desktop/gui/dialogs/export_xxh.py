"""文件 → 导出交换文件: the chosen projects to a .xxh file (a USB stick), with a progress bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ...domain.fields import Side
from ...errors import XxhError
from ...exchange import ExportResult, export_package
from ...workspace import Workspace


def default_file_name(ws: Workspace) -> str:
    who = ws.settings.unit or Side.OFFICE.value
    return f"{who}-{date.today():%Y%m%d}.xxh"


def export_records(ws: Workspace, keys: list[str], parent: QWidget | None = None,
                   out: Path | None = None) -> ExportResult | None:
    """Ask where to write (unless `out` is given), export with a progress bar, report the result."""
    if not keys:
        QMessageBox.information(parent, "导出交换文件", "请先在项目列表中选择要导出的项目（可多选），或在采购申报页选中一件采购申报。")
        return None
    if out is None:
        start = str(Path(ws.settings.get("last_export_dir", "") or Path.home()) / default_file_name(ws))
        chosen, _ = QFileDialog.getSaveFileName(parent, "导出交换文件（可直接选U盘）", start, "交换文件 (*.xxh)")
        if not chosen:
            return None
        out = Path(chosen if chosen.lower().endswith(".xxh") else chosen + ".xxh")
    progress = QProgressDialog("正在写入并校验交换文件…", "", 0, 100, parent)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def report(done: int, total: int) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)

    try:
        result = export_package(ws, keys, out, progress=report)
    except XxhError as exc:
        QMessageBox.warning(parent, "导出失败", str(exc))
        return None
    finally:
        progress.close()
    ws.settings.put("last_export_dir", str(out.parent))
    QMessageBox.information(
        parent, "导出完成",
        f"已导出并读回校验：\n{result.path}\n项目 {result.projects} 个，采购申报 {result.procurements} 个，"
        f"附件 {result.attachments} 个，{result.size} 字节。\n文件 SM3：{result.file_sm3}")
    return result
