"""文件 → 导出交换文件: the chosen projects to a .xxh file (a USB stick), off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.fields import Side
from ...errors import XxhError
from ...exchange import ExportResult, export_package
from ...workspace import Workspace
from .. import file_dialogs
from ..ops import Op, Operations
from ..window_actions import documents_dir
from ..plain_text import plain_message


def default_file_name(ws: Workspace) -> str:
    who = ws.settings.unit or Side.OFFICE.value
    return f"{who}-{date.today():%Y%m%d}.xxh"


def export_records(ws: Workspace, keys: list[str], parent: QWidget | None = None, out: Path | None = None,
                   ops: Operations | None = None) -> ExportResult | None:
    """Ask where to write (unless `out` is given), export and report. With the window's `ops` the
    export runs in the background with a progress bar (and returns None); without, it runs here."""
    if not keys:
        QMessageBox.information(parent, "导出交换文件", "请先在项目列表中选择要导出的项目（可多选），或在采购申报页选中一件采购申报。")
        return None
    if out is None:
        chosen = file_dialogs.save_file(parent, "导出交换文件（可直接选U盘）", str(documents_dir() / default_file_name(ws)),
                                        "交换文件 (*.xxh)", ".xxh")
        if not chosen:
            return None
        out = Path(chosen)
    if ops is not None:
        ops.run(Op("导出交换文件", lambda w, progress: export_package(w, keys, out, progress=progress),
                   on_done=lambda result: _report(parent, result), writes=True, cancellable=True,
                   label="正在写入并校验交换文件…"))
        return None
    try:
        result = export_package(ws, keys, out)
    except XxhError as exc:
        QMessageBox.warning(parent, "导出失败", plain_message(str(exc)))
        return None
    _report(parent, result)
    return result


def _report(parent: QWidget | None, result: ExportResult) -> None:
    QMessageBox.information(
        parent, "导出完成",
        plain_message(f"已导出并读回校验：\n{result.path}\n项目 {result.projects} 个，采购申报 {result.procurements} 个，"
                      f"附件 {result.attachments} 个，{result.size} 字节。\n文件 SM3：{result.file_sm3}"))
