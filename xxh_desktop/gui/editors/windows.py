"""The editors in the main window: 项目 menu actions, double-click, one window per record.

Each editor is its own top-level window (a form is long, and a clerk may
keep two open side by side), sized to the screen it opens on: the form
scrolls inside, 保存草稿 and 提交申报 stay in view. Ctrl+S saves the draft,
Esc closes (the draft is written first). Closing the main window closes the
editors first, so their pending autosave is written.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox, QWidget

from ...errors import XxhError
from ..screen import fit_to_screen
from ..plain_text import plain_message

EDITOR_SIZE = (960, 900)


class EditorWindows(QObject):
    """Installs 项目 → 新建项目申报… / 编辑申报表… / 新建采购申报… on a MainWindow."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws  # type: ignore[attr-defined]
        self.open_editors: dict[tuple[str, str], QWidget] = {}
        add = window.add_action  # type: ignore[attr-defined]
        self.action_new_project = add("项目", "新建项目申报…", self._on_new_project, QKeySequence.StandardKey.New)
        self.action_edit_declaration = add("项目", "编辑申报表…", self._on_edit_declaration, "Ctrl+Shift+E")
        self.action_new_procurement = add("项目", "新建采购申报…", self._on_new_procurement, "Ctrl+Shift+N")
        window.installEventFilter(self)

    # ------------------------------------------------------------------ opening

    def open_declaration(self, project_id: str):
        from .declaration_editor import DeclarationEditor   # on first use: the window starts without it

        editor = self._existing("declaration", project_id)
        if editor is None:
            editor = DeclarationEditor(self.ws, project_id, self.window)
            self._show("declaration", project_id, editor)
        assert isinstance(editor, DeclarationEditor)
        return editor

    def open_procurement(self, procurement_id: str):
        from .procurement_editor import ProcurementEditor

        editor = self._existing("procurement", procurement_id)
        if editor is None:
            editor = ProcurementEditor(self.ws, procurement_id, self.window)
            self._show("procurement", procurement_id, editor)
        assert isinstance(editor, ProcurementEditor)
        return editor

    def _existing(self, kind: str, record_id: str) -> QWidget | None:
        editor = self.open_editors.get((kind, record_id))
        if editor is not None and not editor.isVisible():
            return None   # closed, waiting for its deferred deletion
        # (the headless "offscreen" platform cannot raise windows and warns)
        if editor is not None and QGuiApplication.platformName() != "offscreen":
            editor.raise_()
            editor.activateWindow()
        return editor

    def _show(self, kind: str, record_id: str, editor: QWidget) -> None:
        editor.setWindowFlag(Qt.WindowType.Window, True)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        fit_to_screen(editor, *EDITOR_SIZE)
        ops = getattr(self.window, "ops", None)
        if ops is not None:   # autosave waits while an operation writes on its own connection
            editor.write_gate = lambda: not ops.writing  # type: ignore[attr-defined]
        QShortcut(QKeySequence.StandardKey.Save, editor, editor._on_save_draft_clicked)  # type: ignore[attr-defined]
        QShortcut(QKeySequence(Qt.Key.Key_Escape), editor, editor.close)
        self.open_editors[(kind, record_id)] = editor
        editor.destroyed.connect(lambda _obj=None, key=(kind, record_id): self.open_editors.pop(key, None))
        editor.show()

    def close_all(self) -> None:
        for key, editor in list(self.open_editors.items()):
            self.open_editors.pop(key, None)
            editor.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.close_all()  # each editor writes its pending draft on close
        return False

    # ------------------------------------------------------------------ actions

    def _unit(self) -> str | None:
        unit = getattr(self.window, "unit", "") or ""
        if unit:
            return unit
        units = self.ws.units.names()
        unit, ok = QInputDialog.getItem(self.window, "申请单位", "申请单位：", units, 0, True)
        return unit.strip() if ok and unit.strip() else None

    def _on_new_project(self) -> None:
        name, ok = QInputDialog.getText(self.window, "新建项目申报", "项目名称：")
        if not ok or not name.strip():
            return
        unit = self._unit()
        if unit is None:
            return
        try:
            # 第五条: departments declare next year's projects.
            pid = self.ws.projects.create(name.strip(), unit, date.today().year + 1)
        except XxhError as exc:
            QMessageBox.warning(self.window, "未能新建", plain_message(str(exc)))
            return
        self.open_declaration(pid)

    def _on_edit_declaration(self) -> None:
        pid = self.window.current_project_id()  # type: ignore[attr-defined]
        if not pid:
            QMessageBox.information(self.window, "编辑申报表", "请先在项目列表中选择一个项目。")
            return
        self.open_declaration(pid)

    def _on_new_procurement(self) -> None:
        unit = self._unit()
        if unit is None:
            return
        try:
            cid = self.ws.procurements.create(unit)
        except XxhError as exc:
            QMessageBox.warning(self.window, "未能新建", plain_message(str(exc)))
            return
        self.open_procurement(cid)
