"""工具 → 单位登记 (县智慧办): a unit's registration file and the sheet printed with it.

The file carries the office's key to the unit's machine; the sheet carries its
fingerprint on paper, stamped, so the unit's clerk can check the file before
registering the key (PRODUCT.md §8). The lower table lists every key this
machine has registered, for the office to answer «which key is whose».
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
    QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ...errors import XxhError, describe_exception
from ...exchange import ExportResult, export_registration
from ...exchange.signing import stored_fingerprint
from ...printing.registration_pdf import RegistrationDoc, render_registration
from ...printing.registry import font_setting, pdf_target
from ...workspace import Workspace
from .. import file_dialogs
from ..window_actions import documents_dir
from ..screen import fit_to_screen
from ..plain_text import plain_message

KEY_COLUMNS = ("单位", "密钥指纹", "登记时间", "状态")


class UnitRegistrationDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.made: ExportResult | None = None
        self.setWindowTitle("单位登记")
        fit_to_screen(self, 760, 520)   # a 1366×728 laptop, 125 % too
        layout = QVBoxLayout(self)
        intro = QLabel("为项目建设单位制作登记文件：文件中有本机（县智慧办）的交换密钥，该单位导入一次后即只认此密钥。"
                       "请同时打印登记单，盖章后与U盘一并交给该单位，供其核对指纹。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.unit_combo = QComboBox(self)
        self.unit_combo.setEditable(True)
        self.unit_combo.addItems(ws.units.names())
        self.unit_combo.setCurrentText("")
        self.unit_combo.lineEdit().setPlaceholderText("单位全称，如 县教育体育局")
        form.addRow("单位名称", self.unit_combo)
        self.fingerprint_label = QLabel(self)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("本机密钥指纹", self.fingerprint_label)
        layout.addLayout(form)
        self.make_button = QPushButton("制作登记文件…", self)
        self.sheet_button = QPushButton("导出登记单（PDF）…", self)
        self.sheet_button.setEnabled(False)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.make_button)
        layout.addWidget(self.sheet_button)
        layout.addWidget(self.status_label)
        layout.addWidget(QLabel("本机登记的交换密钥", self))
        self.key_model = QStandardItemModel(0, len(KEY_COLUMNS), self)
        self.key_model.setHorizontalHeaderLabels(list(KEY_COLUMNS))
        self.key_view = QTableView(self)
        self.key_view.setModel(self.key_model)
        self.key_view.verticalHeader().hide()
        self.key_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.key_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.key_view, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.make_button.clicked.connect(self._on_make)
        self.sheet_button.clicked.connect(self._on_sheet)
        self._load_keys()

    def _load_keys(self) -> None:
        self.fingerprint_label.setText(f"<span style='font-family:monospace;font-size:13pt'>"
                                       f"{stored_fingerprint(self.ws) or '（制作登记文件时生成）'}</span>")
        self.key_model.setRowCount(0)
        for key in self.ws.keys.all():
            state = f"已于 {key.revoked_at[:10]} 更换" if key.revoked_at else "有效"
            self.key_model.appendRow([QStandardItem(text) for text in (
                key.unit or key.side.value, key.fingerprint, key.registered_at[:16].replace("T", " "), state)])
        self.key_view.resizeColumnsToContents()

    def make(self, unit: str, out: Path) -> ExportResult | None:
        """The registration file for `unit` at `out`; a refusal is shown, never raised."""
        try:
            self.made = export_registration(self.ws, unit, out)
        except XxhError as exc:
            QMessageBox.warning(self, "未能制作登记文件", plain_message(str(exc)))
            return None
        self.unit_combo.setCurrentText(unit)
        self.sheet_button.setEnabled(True)
        self._load_keys()
        self.status_label.setText(f"已制作并读回校验：{self.made.path}\n文件 SM3：{self.made.file_sm3}\n"
                                  "请导出登记单并打印、盖章，与U盘一并交给该单位。")
        return self.made

    def write_sheet(self, out: Path) -> Path | None:
        """The 单位登记单 of the file just made, as a PDF at `out`."""
        assert self.made is not None
        doc = RegistrationDoc(self.unit_combo.currentText().strip(), stored_fingerprint(self.ws) or "",
                              self.made.path.name, self.made.file_sm3, date.today())
        try:
            return render_registration(doc, font_setting(self.ws)).write(pdf_target(self.ws, out))
        except (XxhError, OSError) as exc:
            QMessageBox.warning(self, "未能导出登记单", plain_message(describe_exception(exc)))
            return None

    def _on_make(self) -> None:
        unit = self.unit_combo.currentText().strip()
        if not unit:
            QMessageBox.information(self, "单位登记", "请先填写或选择单位名称。")
            return
        chosen = file_dialogs.save_file(self, "保存登记文件（可直接选U盘）", str(documents_dir() / f"单位登记-{unit}.xxh"),
                                        "交换文件 (*.xxh)", ".xxh")
        if chosen:
            self.make(unit, Path(chosen))

    def _on_sheet(self) -> None:
        start = str(self.made.path.with_suffix(".pdf")) if self.made else ""
        chosen = file_dialogs.save_file(self, "导出登记单", start, "PDF (*.pdf)", ".pdf")
        if chosen and (path := self.write_sheet(Path(chosen))):
            self.status_label.setText(self.status_label.text() + f"\n登记单已导出：{path}")
