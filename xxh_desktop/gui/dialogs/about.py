"""关于: the version and where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from ... import __version__
from ..forms.ui_about_dialog import Ui_AboutDialog


class AboutDialog(QDialog):
    def __init__(self, db_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.versionLabel.setText(f"版本 {__version__}")
        self.ui.pathLabel.setText(f"数据库：{db_path}")
        self.ui.buttonBox.rejected.connect(self.reject)
