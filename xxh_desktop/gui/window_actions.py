"""The main window's long actions, each run through `gui/ops.py` so the window never freezes:
备份, 从备份恢复, 载入演示数据, 导出台账, and the backup on close; plus 本机身份设置 and 关于.

`window` provides `ws`, `ops`, `menus`, `add_action`, `editor_windows`,
`statusBar()`, `apply_identity()` and `request_restart()`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QDialog, QMessageBox

from ..domain.fields import Side
from ..errors import XxhError
from ..workspace import Workspace
from . import file_dialogs
from .ops import Op, Progress, error_text
from .plain_text import plain_message


def documents_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


class WindowActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        add = window.add_action
        self.action_backup = add("文件", "备份数据库…", self._on_backup)
        self.action_restore = add("文件", "从备份恢复…", self._on_restore)
        window.menus["文件"].addSeparator()
        # Ctrl+Q everywhere (Windows has no standard «Quit» key).
        self.action_quit = add("文件", "退出", window.close, "Ctrl+Q")
        self.action_settings = add("工具", "本机身份设置…", self._on_settings)
        self.action_demo = add("工具", "载入演示数据", self._on_load_demo)

    @property
    def ws(self) -> Workspace:
        return self.window.ws

    # ------------------------------------------------------------------ backup and restore

    def _on_backup(self) -> None:
        folder = file_dialogs.existing_directory(self.window, "选择备份位置（可以是U盘）", str(documents_dir()))
        if folder:
            self.backup_to(Path(folder))

    def backup_to(self, folder: Path):
        from ..storage import backup

        def done(path: Path) -> None:
            QMessageBox.information(self.window, "备份完成", plain_message(f"已备份到：\n{path}"))

        def work(ws: Workspace, progress: Progress) -> Path:
            progress.say("正在备份数据库并校验备份文件…")
            return backup.backup_to(ws, folder)

        return self.window.ops.run(Op("备份数据库", work, on_done=done, label="正在备份数据库…"))

    def _on_restore(self) -> None:
        from ..paths import backups_dir

        start = backups_dir(self.ws.path)
        chosen = file_dialogs.open_file(self.window, "选择要恢复的备份文件", "数据库备份 (*.db)",
                                        str(start if start.exists() else documents_dir()))
        if chosen:
            self.judge_backup(Path(chosen))

    def judge_backup(self, src: Path):
        """Check `src` as the restore will, then show whose backup it is, what it holds and what
        the person must know (no sidecar, another computer's key) before asking to replace the
        database — the window's `restore SRC` without --yes. A refused backup is said, not offered."""
        from ..restore import check_backup

        path, actor = self.ws.path, self.ws.actor

        def done(checked) -> None:
            if not checked.sound:
                QMessageBox.warning(self.window, "不能用这份备份恢复", plain_message(
                    f"{checked.heading(src)}：\n" + "\n".join(checked.problems[:10]) + "\n\n当前数据库未被替换。"))
                return
            answer = QMessageBox.question(self.window, "从备份恢复", plain_message(
                "\n".join(checked.described(src))
                + "\n\n用它替换当前数据库吗？恢复前会先自动备份当前数据库；恢复后窗口重新打开。"))
            if answer == QMessageBox.StandardButton.Yes:
                self.restore_from(src)

        return self.window.ops.run(Op("检查备份", lambda _ws, _progress: check_backup(path, src, actor=actor),
                                      on_done=done, needs_workspace=False, label="正在完整检查备份文件…"))

    def restore_from(self, src: Path):
        """Swap the database for `src`: the window lets go of the file, the worker restores,
        and the window opens again on the restored file — whatever the outcome."""
        from ..restore import restore

        path, actor = self.ws.path, self.ws.actor   # the person signed in here restores
        self.window.editor_windows.close_all()   # pending drafts are written first
        notices: list[str] = []   # what the restore says of the backup (no sidecar, another computer's key)

        def done(safety: Path) -> None:
            said = "".join(f"\n\n{notice}" for notice in notices)
            QMessageBox.information(self.window, "恢复完成",
                                    plain_message(f"已从备份恢复：\n{src}\n\n恢复前的安全备份：\n{safety}{said}"))
            self.window.request_restart()

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self.window, "未能恢复", plain_message(error_text(exc) + "\n\n当前数据库未被替换。"))
            self.window.request_restart()

        def work(_ws: Workspace | None, _progress: Progress) -> Path | None:
            return restore(path, src, actor=actor, notify=notices.append)

        self.ws.close()   # restore needs the file to itself
        return self.window.ops.run(Op("从备份恢复", work, on_done=done, on_error=failed, writes=True,
                                      needs_workspace=False, label="正在恢复备份…"))

    def backup_on_close(self, then) -> None:
        """PRODUCT.md §10: a backup at close, off the UI thread; `then()` closes the window after it."""
        from ..storage import backup

        def failed(exc: BaseException) -> None:
            text = str(exc)
            reason = "磁盘空间不足" if "full" in text.lower() or "磁盘空间不足" in text else error_text(exc)
            # Said, not swallowed: a clerk whose backups silently stopped would trust them anyway.
            QMessageBox.warning(self.window, "自动备份未完成", plain_message(f"关闭时的自动备份未能完成：{reason}\n"
                                                                      "已保存的数据都在数据库中，未受影响。请清理磁盘空间，或联系信息技术人员备份。"))
            then()

        self.window.ops.run(Op("关闭前自动备份", lambda ws, _p: backup.automatic_backup(ws, "on-close"),
                               on_done=lambda _path: then(), on_error=failed, writes=True,
                               label="正在自动备份，完成后关闭…"))

    # ------------------------------------------------------------------ demo and settings

    def _on_load_demo(self) -> None:
        answer = QMessageBox.question(self.window, "载入演示数据", "将演示项目加入当前数据库，确定吗？")
        if answer == QMessageBox.StandardButton.Yes:
            self.load_demo()

    def load_demo(self, extra_projects: int = 0):
        from ..demo import load_demo

        def done(result) -> None:
            self.window.statusBar().showMessage(
                f"演示数据：本次新增 {result.added_projects} 个项目、{result.added_procurements} 个采购申报"
                f"（共 {result.projects} 个演示项目）。", 8000)

        def work(ws: Workspace, progress: Progress):
            progress.say("正在载入演示数据…")
            return load_demo(ws, extra_projects)

        return self.window.ops.run(Op("载入演示数据", work, on_done=done, writes=True))

    def _on_settings(self) -> None:
        from .dialogs.first_start import FirstStartDialog

        dialog = FirstStartDialog(self.ws.units.names(), offer_demo=False, parent=self.window)
        dialog.setWindowTitle("本机身份设置")
        if self.ws.settings.side == Side.UNIT:
            dialog.ui.unitRadio.setChecked(True)
            dialog.ui.unitCombo.setCurrentText(self.ws.settings.unit)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # Open editors write their typing as drafts while this machine is still the side they opened as.
        self.window.editor_windows.close_all()
        try:
            self.ws.settings.choose_side(dialog.role(), dialog.unit())
        except XxhError as exc:
            QMessageBox.warning(self.window, "未能保存", plain_message(str(exc)))
            return
        self.window.apply_identity()
        now = Side.OFFICE.value if dialog.role() == Side.OFFICE else f"{Side.UNIT}（{dialog.unit()}）"
        QMessageBox.information(self.window, "已保存", plain_message(f"本机身份已更改为「{now}」，窗口已按新身份更新，无需重新启动。"))


def ledger_name() -> str:
    return f"金寨县政务信息化项目台账_{datetime.now():%Y%m%d}.xlsx"


def export_ledger(window, path: Path):
    """工具 → 导出台账…: the ledger written on the worker thread, the window free meanwhile."""
    from ..excel.ledger import export_ledger as write

    def done(written: Path) -> None:
        QMessageBox.information(window, "导出完成", plain_message(f"已导出台账：\n{written}"))

    def work(ws: Workspace, progress: Progress) -> Path:
        progress.say(f"正在导出 {ws.projects.count()} 个项目的台账…")
        return write(ws, path)

    return window.ops.run(Op("导出台账", work, on_done=done, label="正在导出台账…"))
