# Generated from ui/print_preview_dialog.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'print_preview_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, Qt)
from PySide6.QtPdfWidgets import (QPdfView)
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout)

class Ui_PrintPreviewDialog(object):
    def setupUi(self, PrintPreviewDialog):
        if not PrintPreviewDialog.objectName():
            PrintPreviewDialog.setObjectName(u"PrintPreviewDialog")
        PrintPreviewDialog.resize(860, 980)
        self.verticalLayout = QVBoxLayout(PrintPreviewDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.warningLabel = QLabel(PrintPreviewDialog)
        self.warningLabel.setObjectName(u"warningLabel")
        self.warningLabel.setStyleSheet(u"color: #8a4b00; background: #fff4d6; padding: 6px;")
        self.warningLabel.setWordWrap(True)
        self.warningLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.verticalLayout.addWidget(self.warningLabel)

        self.toolLayout = QHBoxLayout()
        self.toolLayout.setObjectName(u"toolLayout")
        self.infoLabel = QLabel(PrintPreviewDialog)
        self.infoLabel.setObjectName(u"infoLabel")

        self.toolLayout.addWidget(self.infoLabel)

        self.toolSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.toolLayout.addItem(self.toolSpacer)

        self.zoomLabel = QLabel(PrintPreviewDialog)
        self.zoomLabel.setObjectName(u"zoomLabel")

        self.toolLayout.addWidget(self.zoomLabel)

        self.zoomCombo = QComboBox(PrintPreviewDialog)
        self.zoomCombo.addItem("")
        self.zoomCombo.addItem("")
        self.zoomCombo.addItem("")
        self.zoomCombo.setObjectName(u"zoomCombo")

        self.toolLayout.addWidget(self.zoomCombo)

        self.printButton = QPushButton(PrintPreviewDialog)
        self.printButton.setObjectName(u"printButton")

        self.toolLayout.addWidget(self.printButton)

        self.exportButton = QPushButton(PrintPreviewDialog)
        self.exportButton.setObjectName(u"exportButton")

        self.toolLayout.addWidget(self.exportButton)

        self.closeButton = QPushButton(PrintPreviewDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.toolLayout.addWidget(self.closeButton)


        self.verticalLayout.addLayout(self.toolLayout)

        self.pdfView = QPdfView(PrintPreviewDialog)
        self.pdfView.setObjectName(u"pdfView")

        self.verticalLayout.addWidget(self.pdfView)

#if QT_CONFIG(shortcut)
        self.zoomLabel.setBuddy(self.zoomCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PrintPreviewDialog)

        self.printButton.setDefault(True)

    # setupUi

    def retranslateUi(self, PrintPreviewDialog):
        PrintPreviewDialog.setWindowTitle(QCoreApplication.translate("PrintPreviewDialog", u"\u6253\u5370\u9884\u89c8", None))
        self.warningLabel.setText("")
        self.infoLabel.setText("")
        self.zoomLabel.setText(QCoreApplication.translate("PrintPreviewDialog", u"\u663e\u793a\uff1a", None))
        self.zoomCombo.setItemText(0, QCoreApplication.translate("PrintPreviewDialog", u"\u9002\u5408\u5bbd\u5ea6", None))
        self.zoomCombo.setItemText(1, QCoreApplication.translate("PrintPreviewDialog", u"\u6574\u9875", None))
        self.zoomCombo.setItemText(2, QCoreApplication.translate("PrintPreviewDialog", u"\u5b9e\u9645\u5927\u5c0f\uff08100%\uff09", None))

        self.printButton.setText(QCoreApplication.translate("PrintPreviewDialog", u"\u6253\u5370\u2026", None))
        self.exportButton.setText(QCoreApplication.translate("PrintPreviewDialog", u"\u5bfc\u51faPDF\u2026", None))
        self.closeButton.setText(QCoreApplication.translate("PrintPreviewDialog", u"\u5173\u95ed", None))
    # retranslateUi

