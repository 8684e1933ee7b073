"""File dialogs that speak Chinese on every system.

Windows and macOS have native dialogs, in the system's language: they are
used. Elsewhere (统信UOS, 麒麟, other Linux desktops) Qt draws its own dialog;
Qt's zh_CN catalogues (loaded by `app.install_translations` before any
dialog) leave «Look in:», «Files of type:» and the «Folder» type in English
and cut the date column short, so those are set here.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QHeaderView, QTreeView, QWidget

from .screen import fit_to_screen

NATIVE_PLATFORMS = ("windows", "cocoa")
LABELS = {
    QFileDialog.DialogLabel.LookIn: "查找范围：",
    QFileDialog.DialogLabel.FileName: "文件名称：",
    QFileDialog.DialogLabel.FileType: "文件类型：",
    QFileDialog.DialogLabel.Reject: "取消",
}
DATE_SAMPLE = "2026/12/31 23:59:59"


class ChineseIconProvider(QFileIconProvider):
    """Qt's own icons, with the 类型 column in Chinese («文件夹», «PDF 文件»)."""

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt override
        if info.isDir():
            return "文件夹"
        suffix = info.suffix()
        return f"{suffix.upper()} 文件" if suffix else "文件"


def uses_native() -> bool:
    return QGuiApplication.platformName() in NATIVE_PLATFORMS


def make_dialog(parent: QWidget | None, title: str, directory: str = "", name_filter: str = "") -> QFileDialog:
    """A file dialog: the native one where the system has it, else Qt's, in Chinese throughout."""
    dialog = QFileDialog(parent, title, directory, name_filter)
    if uses_native():
        return dialog
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    provider = ChineseIconProvider()
    dialog.setIconProvider(provider)
    dialog._icon_provider = provider   # the dialog does not own it  # type: ignore[attr-defined]
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:
        header = tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # The date column wide enough for a whole date and time.
        header.resizeSection(3, tree.fontMetrics().horizontalAdvance(DATE_SAMPLE) + 24)
    fit_to_screen(dialog, 900, 560)
    return dialog


def _run(dialog: QFileDialog) -> str:
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    chosen = dialog.selectedFiles()
    return chosen[0] if chosen else ""


def open_file(parent: QWidget | None, title: str, name_filter: str, directory: str = "") -> str:
    """One existing file, or '' when cancelled."""
    dialog = make_dialog(parent, title, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if not uses_native():
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "打开")
    return _run(dialog)


def save_file(parent: QWidget | None, title: str, start: str, name_filter: str, suffix: str = "") -> str:
    """Where to write a file (starting at `start`), or '' when cancelled; `suffix` is added if missing."""
    dialog = make_dialog(parent, title, start, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    if not uses_native():
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存")
    path = _run(dialog)
    if path and suffix and not path.lower().endswith(suffix.lower()):
        path += suffix
    return path


def existing_directory(parent: QWidget | None, title: str, directory: str = "") -> str:
    """A folder, or '' when cancelled."""
    dialog = make_dialog(parent, title, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if not uses_native():
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, "选择")
    return _run(dialog)
