"""The editors in the main window: 项目 menu actions, double-click, one window per record.

Each editor is its own top-level window (a form is long, and a clerk may
keep two open side by side). Closing the main window closes the editors
first, so their pending autosave is written.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox, QWidget

from ...errors import XxhError
from .declaration_editor import DeclarationEditor
from .procurement_editor import ProcurementEditor


class EditorWindows(QObject):
    """Installs 项目 → 新建项目申报… / 编辑申报表… / 新建采购申报… on a MainWindow."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws  # type: ignore[attr-defined]
        self.open_editors: dict[tuple[str, str], QWidget] = {}
        menu = window.menus["项目"]  # type: ignore[attr-defined]
        menu.addSeparator()
        self.action_new_project = menu.addAction("新建项目申报…")
        self.action_edit_declaration = menu.addAction("编辑申报表…")
        self.action_new_procurement = menu.addAction("新建采购申报…")
        self.action_new_project.triggered.connect(self._on_new_project)
        self.action_edit_declaration.triggered.connect(self._on_edit_declaration)
        self.action_new_procurement.triggered.connect(self._on_new_procurement)
        view = getattr(window, "project_view", None)
        if view is not None:
            view.doubleClicked.connect(self._on_project_view_double_clicked)
        window.installEventFilter(self)

    # ------------------------------------------------------------------ opening

    def open_declaration(self, project_id: str) -> DeclarationEditor:
        editor = self._existing("declaration", project_id)
        if editor is None:
            editor = DeclarationEditor(self.ws, project_id, self.window)
            editor.submitted.connect(lambda _pid: self._refresh())
            self._show("declaration", project_id, editor)
        assert isinstance(editor, DeclarationEditor)
        return editor

    def open_procurement(self, procurement_id: str) -> ProcurementEditor:
        editor = self._existing("procurement", procurement_id)
        if editor is None:
            editor = ProcurementEditor(self.ws, procurement_id, self.window)
            editor.submitted.connect(lambda _cid: self._refresh())
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
        editor.resize(960, 900)
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

    def _refresh(self) -> None:
        refresh = getattr(self.window, "refresh", None)
        if refresh is not None:
            refresh()

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
            QMessageBox.warning(self.window, "未能新建", str(exc))
            return
        self._refresh()
        self.open_declaration(pid)

    def _on_edit_declaration(self) -> None:
        pid = self.window.current_project_id()  # type: ignore[attr-defined]
        if not pid:
            QMessageBox.information(self.window, "编辑申报表", "请先在项目列表中选择一个项目。")
            return
        self.open_declaration(pid)

    def _on_project_view_double_clicked(self, _index: QModelIndex) -> None:
        pid = self.window.current_project_id()  # type: ignore[attr-defined]
        if pid:
            self.open_declaration(pid)

    def _on_new_procurement(self) -> None:
        unit = self._unit()
        if unit is None:
            return
        try:
            cid = self.ws.procurements.create(unit)
        except XxhError as exc:
            QMessageBox.warning(self.window, "未能新建", str(exc))
            return
        self._refresh()
        self.open_procurement(cid)
