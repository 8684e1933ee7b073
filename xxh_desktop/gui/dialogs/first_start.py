"""首次使用: is this machine 县智慧办 or a 项目建设单位 (and which one)?

The unit is chosen from the county's register (typing a few characters
filters it); a unit the register lacks can be typed in full.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QDialog, QWidget

from ...county import unit_choices
from ...domain.fields import Side
from ..forms.ui_first_start_dialog import Ui_FirstStartDialog
from ..screen import fit_to_screen


class FirstStartDialog(QDialog):
    def __init__(self, units: list[str], *, offer_demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstStartDialog()
        self.ui.setupUi(self)
        combo = self.ui.unitCombo
        combo.addItems(unit_choices(units))
        combo.setCurrentIndex(-1)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(15)
        combo.lineEdit().setPlaceholderText("选择或输入本单位名称，如：县教育体育局")
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)   # «教育» finds 县教育体育局
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        self.ui.demoCheck.setVisible(offer_demo)
        self.ui.unitRadio.toggled.connect(self._on_unit_radio_toggled)
        self.ui.buttonBox.accepted.connect(self._on_accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        fit_to_screen(self, 560, 380)

    def _on_unit_radio_toggled(self, checked: bool) -> None:
        self.ui.unitCombo.setEnabled(checked)
        self.ui.unitHint.setEnabled(checked)
        self.ui.errorLabel.clear()
        if checked:
            self.ui.unitCombo.setFocus()

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
