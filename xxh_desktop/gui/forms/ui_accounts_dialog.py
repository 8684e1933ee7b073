# Generated from ui/accounts_dialog.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'accounts_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication)
from PySide6.QtWidgets import (QAbstractItemView, QDialogButtonBox, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QTableView, QVBoxLayout)

class Ui_AccountsDialog(object):
    def setupUi(self, AccountsDialog):
        if not AccountsDialog.objectName():
            AccountsDialog.setObjectName(u"AccountsDialog")
        AccountsDialog.resize(820, 460)
        self.verticalLayout = QVBoxLayout(AccountsDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.introLabel = QLabel(AccountsDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.accountsView = QTableView(AccountsDialog)
        self.accountsView.setObjectName(u"accountsView")
        self.accountsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accountsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.accountsView.setAlternatingRowColors(True)

        self.verticalLayout.addWidget(self.accountsView)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.addButton = QPushButton(AccountsDialog)
        self.addButton.setObjectName(u"addButton")

        self.buttonsLayout.addWidget(self.addButton)

        self.rolesButton = QPushButton(AccountsDialog)
        self.rolesButton.setObjectName(u"rolesButton")

        self.buttonsLayout.addWidget(self.rolesButton)

        self.resetButton = QPushButton(AccountsDialog)
        self.resetButton.setObjectName(u"resetButton")

        self.buttonsLayout.addWidget(self.resetButton)

        self.activeButton = QPushButton(AccountsDialog)
        self.activeButton.setObjectName(u"activeButton")

        self.buttonsLayout.addWidget(self.activeButton)

        self.unlockButton = QPushButton(AccountsDialog)
        self.unlockButton.setObjectName(u"unlockButton")

        self.buttonsLayout.addWidget(self.unlockButton)

        self.horizontalSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.horizontalSpacer)


        self.verticalLayout.addLayout(self.buttonsLayout)

        self.idleLayout = QHBoxLayout()
        self.idleLayout.setObjectName(u"idleLayout")
        self.idleLabel = QLabel(AccountsDialog)
        self.idleLabel.setObjectName(u"idleLabel")

        self.idleLayout.addWidget(self.idleLabel)

        self.idleSpin = QSpinBox(AccountsDialog)
        self.idleSpin.setObjectName(u"idleSpin")
        self.idleSpin.setMinimum(1)
        self.idleSpin.setMaximum(120)
        self.idleSpin.setValue(15)

        self.idleLayout.addWidget(self.idleSpin)

        self.idleButton = QPushButton(AccountsDialog)
        self.idleButton.setObjectName(u"idleButton")

        self.idleLayout.addWidget(self.idleButton)

        self.idleSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.idleLayout.addItem(self.idleSpacer)


        self.verticalLayout.addLayout(self.idleLayout)

        self.errorLabel = QLabel(AccountsDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b3261e;")
        self.errorLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(AccountsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.verticalLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.idleLabel.setBuddy(self.idleSpin)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(AccountsDialog)
    # setupUi

    def retranslateUi(self, AccountsDialog):
        AccountsDialog.setWindowTitle(QCoreApplication.translate("AccountsDialog", u"\u8d26\u6237\u7ba1\u7406", None))
        self.introLabel.setText(QCoreApplication.translate("AccountsDialog", u"\u89d2\u8272\uff1a\u4e1a\u52a1\u5f55\u5165\uff08\u7533\u62a5\u8868\u3001\u6750\u6599\u3001\u5bfc\u51fa\uff09\uff1b\u5ba1\u6838\uff08\u5ba1\u6838\u6e05\u5355\u3001\u5ba1\u6838\u610f\u89c1\u3001\u9636\u6bb5\u548c\u72b6\u6001\uff09\uff1b\u7cfb\u7edf\u7ba1\u7406\uff08\u8d26\u6237\u3001\u8bbe\u7f6e\u3001\u5907\u4efd\u6062\u590d\uff0c\u4e0d\u6539\u4e1a\u52a1\u6570\u636e\uff09\uff1b\u5ba1\u8ba1\uff08\u53ea\u8bfb\u5ba1\u8ba1\u65e5\u5fd7\uff09\u3002\u6700\u540e\u4e00\u4e2a\u7cfb\u7edf\u7ba1\u7406\u8d26\u6237\u4e0d\u80fd\u540c\u65f6\u62c5\u4efb\u5ba1\u8ba1\u3002", None))
        self.addButton.setText(QCoreApplication.translate("AccountsDialog", u"\u65b0\u5efa\u8d26\u6237\u2026", None))
        self.rolesButton.setText(QCoreApplication.translate("AccountsDialog", u"\u4fee\u6539\u89d2\u8272\u2026", None))
        self.resetButton.setText(QCoreApplication.translate("AccountsDialog", u"\u91cd\u7f6e\u5bc6\u7801\u2026", None))
        self.activeButton.setText(QCoreApplication.translate("AccountsDialog", u"\u505c\u7528 / \u542f\u7528", None))
        self.unlockButton.setText(QCoreApplication.translate("AccountsDialog", u"\u89e3\u9664\u9501\u5b9a", None))
        self.idleLabel.setText(QCoreApplication.translate("AccountsDialog", u"\u65e0\u64cd\u4f5c\u81ea\u52a8\u9501\u5b9a\uff08\u5206\u949f\uff09\uff1a", None))
        self.idleButton.setText(QCoreApplication.translate("AccountsDialog", u"\u4fdd\u5b58", None))
        self.errorLabel.setText("")
    # retranslateUi

