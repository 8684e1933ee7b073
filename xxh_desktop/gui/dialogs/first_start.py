"""首次使用: is this machine 县智慧办 or a 项目建设单位 (and which one)?"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from ...domain.fields import Side
from ..forms.ui_first_start_dialog import Ui_FirstStartDialog


class FirstStartDialog(QDialog):
    def __init__(self, units: list[str], *, offer_demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstStartDialog()
        self.ui.setupUi(self)
        self.ui.unitCombo.addItems(units)
        self.ui.unitCombo.setCurrentIndex(-1)
        self.ui.unitCombo.lineEdit().setPlaceholderText("例如：县教育体育局")
        self.ui.demoCheck.setVisible(offer_demo)
        self.ui.unitRadio.toggled.connect(self._on_unit_radio_toggled)
        self.ui.buttonBox.accepted.connect(self._on_accept)
        self.ui.buttonBox.rejected.connect(self.reject)

    def _on_unit_radio_toggled(self, checked: bool) -> None:
        self.ui.unitCombo.setEnabled(checked)
        self.ui.errorLabel.clear()

    def _on_accept(self) -> None:
        if self.role() == Side.UNIT and not self.unit():
            self.ui.errorLabel.setText("请填写本单位名称。")
            self.ui.unitCombo.setFocus()
            return
        self.accept()

    def role(self) -> Side:
        return Side.UNIT if self.ui.unitRadio.isChecked() else Side.OFFICE

    def unit(self) -> str:
        return self.ui.unitCombo.currentText().strip() if self.role() == Side.UNIT else ""

    def load_demo(self) -> bool:
        return self.ui.demoCheck.isVisible() and self.ui.demoCheck.isChecked()
