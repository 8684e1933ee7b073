# Generated from ui/audit_viewer.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'audit_viewer.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, Qt)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit,
    QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QSpacerItem, QTableView,
    QVBoxLayout)

class Ui_AuditViewer(object):
    def setupUi(self, AuditViewer):
        if not AuditViewer.objectName():
            AuditViewer.setObjectName(u"AuditViewer")
        AuditViewer.resize(1100, 640)
        self.verticalLayout = QVBoxLayout(AuditViewer)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.whoLabel = QLabel(AuditViewer)
        self.whoLabel.setObjectName(u"whoLabel")

        self.filterLayout.addWidget(self.whoLabel)

        self.whoCombo = QComboBox(AuditViewer)
        self.whoCombo.setObjectName(u"whoCombo")
        self.whoCombo.setMinimumContentsLength(8)

        self.filterLayout.addWidget(self.whoCombo)

        self.actionLabel = QLabel(AuditViewer)
        self.actionLabel.setObjectName(u"actionLabel")

        self.filterLayout.addWidget(self.actionLabel)

        self.actionCombo = QComboBox(AuditViewer)
        self.actionCombo.setObjectName(u"actionCombo")
        self.actionCombo.setMinimumContentsLength(8)

        self.filterLayout.addWidget(self.actionCombo)

        self.dateCheck = QCheckBox(AuditViewer)
        self.dateCheck.setObjectName(u"dateCheck")

        self.filterLayout.addWidget(self.dateCheck)

        self.fromDate = QDateEdit(AuditViewer)
        self.fromDate.setObjectName(u"fromDate")
        self.fromDate.setCalendarPopup(True)

        self.filterLayout.addWidget(self.fromDate)

        self.toLabel = QLabel(AuditViewer)
        self.toLabel.setObjectName(u"toLabel")

        self.filterLayout.addWidget(self.toLabel)

        self.toDate = QDateEdit(AuditViewer)
        self.toDate.setObjectName(u"toDate")
        self.toDate.setCalendarPopup(True)

        self.filterLayout.addWidget(self.toDate)

        self.searchEdit = QLineEdit(AuditViewer)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.filterLayout.addWidget(self.searchEdit)


        self.verticalLayout.addLayout(self.filterLayout)

        self.entriesView = QTableView(AuditViewer)
        self.entriesView.setObjectName(u"entriesView")
        self.entriesView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entriesView.setAlternatingRowColors(True)
        self.entriesView.setWordWrap(False)

        self.verticalLayout.addWidget(self.entriesView)

        self.chainLabel = QLabel(AuditViewer)
        self.chainLabel.setObjectName(u"chainLabel")
        self.chainLabel.setWordWrap(True)
        self.chainLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.verticalLayout.addWidget(self.chainLabel)

        self.bottomLayout = QHBoxLayout()
        self.bottomLayout.setObjectName(u"bottomLayout")
        self.countLabel = QLabel(AuditViewer)
        self.countLabel.setObjectName(u"countLabel")

        self.bottomLayout.addWidget(self.countLabel)

        self.bottomSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomLayout.addItem(self.bottomSpacer)

        self.exportButton = QPushButton(AuditViewer)
        self.exportButton.setObjectName(u"exportButton")

        self.bottomLayout.addWidget(self.exportButton)

        self.buttonBox = QDialogButtonBox(AuditViewer)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.bottomLayout.addWidget(self.buttonBox)


        self.verticalLayout.addLayout(self.bottomLayout)

#if QT_CONFIG(shortcut)
        self.whoLabel.setBuddy(self.whoCombo)
        self.actionLabel.setBuddy(self.actionCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(AuditViewer)
    # setupUi

    def retranslateUi(self, AuditViewer):
        AuditViewer.setWindowTitle(QCoreApplication.translate("AuditViewer", u"\u5ba1\u8ba1\u65e5\u5fd7", None))
        self.whoLabel.setText(QCoreApplication.translate("AuditViewer", u"\u64cd\u4f5c\u4eba\uff1a", None))
        self.actionLabel.setText(QCoreApplication.translate("AuditViewer", u"\u64cd\u4f5c\uff1a", None))
        self.dateCheck.setText(QCoreApplication.translate("AuditViewer", u"\u65e5\u671f\uff1a", None))
        self.fromDate.setDisplayFormat(QCoreApplication.translate("AuditViewer", u"yyyy-MM-dd", None))
        self.toLabel.setText(QCoreApplication.translate("AuditViewer", u"\u81f3", None))
        self.toDate.setDisplayFormat(QCoreApplication.translate("AuditViewer", u"yyyy-MM-dd", None))
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("AuditViewer", u"\u641c\u7d22\u5bf9\u8c61\u3001\u5185\u5bb9\u2026", None))
        self.chainLabel.setText("")
        self.countLabel.setText("")
        self.exportButton.setText(QCoreApplication.translate("AuditViewer", u"\u5bfc\u51fa Excel\u2026", None))
    # retranslateUi

