# Generated from ui/account_dialog.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'account_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication)
from PySide6.QtWidgets import (QCheckBox, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_AccountDialog(object):
    def setupUi(self, AccountDialog):
        if not AccountDialog.objectName():
            AccountDialog.setObjectName(u"AccountDialog")
        AccountDialog.resize(520, 420)
        self.verticalLayout = QVBoxLayout(AccountDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.introLabel = QLabel(AccountDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.nameLabel = QLabel(AccountDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(AccountDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.fullNameLabel = QLabel(AccountDialog)
        self.fullNameLabel.setObjectName(u"fullNameLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.fullNameLabel)

        self.fullNameEdit = QLineEdit(AccountDialog)
        self.fullNameEdit.setObjectName(u"fullNameEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.fullNameEdit)

        self.rolesLabel = QLabel(AccountDialog)
        self.rolesLabel.setObjectName(u"rolesLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.rolesLabel)

        self.rolesBox = QWidget(AccountDialog)
        self.rolesBox.setObjectName(u"rolesBox")
        self.rolesLayout = QVBoxLayout(self.rolesBox)
        self.rolesLayout.setObjectName(u"rolesLayout")
        self.rolesLayout.setContentsMargins(0, 0, 0, 0)
        self.entryCheck = QCheckBox(self.rolesBox)
        self.entryCheck.setObjectName(u"entryCheck")

        self.rolesLayout.addWidget(self.entryCheck)

        self.reviewCheck = QCheckBox(self.rolesBox)
        self.reviewCheck.setObjectName(u"reviewCheck")

        self.rolesLayout.addWidget(self.reviewCheck)

        self.adminCheck = QCheckBox(self.rolesBox)
        self.adminCheck.setObjectName(u"adminCheck")

        self.rolesLayout.addWidget(self.adminCheck)

        self.auditCheck = QCheckBox(self.rolesBox)
        self.auditCheck.setObjectName(u"auditCheck")

        self.rolesLayout.addWidget(self.auditCheck)


        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.rolesBox)

        self.noPasswordCheck = QCheckBox(AccountDialog)
        self.noPasswordCheck.setObjectName(u"noPasswordCheck")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.noPasswordCheck)

        self.passwordLabel = QLabel(AccountDialog)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(AccountDialog)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.repeatLabel = QLabel(AccountDialog)
        self.repeatLabel.setObjectName(u"repeatLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.repeatLabel)

        self.repeatEdit = QLineEdit(AccountDialog)
        self.repeatEdit.setObjectName(u"repeatEdit")
        self.repeatEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.repeatEdit)


        self.verticalLayout.addLayout(self.formLayout)

        self.rulesLabel = QLabel(AccountDialog)
        self.rulesLabel.setObjectName(u"rulesLabel")
        self.rulesLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.rulesLabel)

        self.errorLabel = QLabel(AccountDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b3261e;")
        self.errorLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verticalLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(AccountDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.verticalLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.fullNameLabel.setBuddy(self.fullNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.repeatLabel.setBuddy(self.repeatEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(AccountDialog)
    # setupUi

    def retranslateUi(self, AccountDialog):
        AccountDialog.setWindowTitle(QCoreApplication.translate("AccountDialog", u"\u8d26\u6237", None))
        self.introLabel.setText("")
        self.nameLabel.setText(QCoreApplication.translate("AccountDialog", u"\u7528\u6237\u540d\uff1a", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("AccountDialog", u"\u767b\u5f55\u65f6\u8f93\u5165\uff1a\u82f1\u6587\u5b57\u6bcd\u548c\u6570\u5b57\uff0c\u4f8b\u5982 zhangsan", None))
        self.fullNameLabel.setText(QCoreApplication.translate("AccountDialog", u"\u59d3\u540d\uff1a", None))
        self.fullNameEdit.setPlaceholderText(QCoreApplication.translate("AccountDialog", u"\u5ba1\u8ba1\u65e5\u5fd7\u4e2d\u7684\u64cd\u4f5c\u4eba\uff0c\u4f8b\u5982 \u5f20\u4e09", None))
        self.rolesLabel.setText(QCoreApplication.translate("AccountDialog", u"\u89d2\u8272\uff1a", None))
        self.entryCheck.setText(QCoreApplication.translate("AccountDialog", u"\u4e1a\u52a1\u5f55\u5165", None))
        self.reviewCheck.setText(QCoreApplication.translate("AccountDialog", u"\u5ba1\u6838", None))
        self.adminCheck.setText(QCoreApplication.translate("AccountDialog", u"\u7cfb\u7edf\u7ba1\u7406", None))
        self.auditCheck.setText(QCoreApplication.translate("AccountDialog", u"\u5ba1\u8ba1", None))
        self.noPasswordCheck.setText(QCoreApplication.translate("AccountDialog", u"\u4e0d\u8bbe\u5bc6\u7801\uff08\u672c\u673a\u53ea\u6709\u8fd9\u4e00\u4e2a\u8d26\u6237\uff0c\u6253\u5f00\u5373\u7528\uff09", None))
        self.passwordLabel.setText(QCoreApplication.translate("AccountDialog", u"\u5bc6\u7801\uff1a", None))
        self.repeatLabel.setText(QCoreApplication.translate("AccountDialog", u"\u518d\u8f93\u5165\u4e00\u6b21\uff1a", None))
        self.rulesLabel.setText(QCoreApplication.translate("AccountDialog", u"\u5bc6\u7801\u81f3\u5c11 10 \u4e2a\u5b57\u7b26\uff0c\u5305\u542b\u5927\u5199\u5b57\u6bcd\u3001\u5c0f\u5199\u5b57\u6bcd\u3001\u6570\u5b57\u3001\u7b26\u53f7\u4e2d\u7684\u81f3\u5c11\u4e09\u7c7b\uff0c\u4e14\u4e0d\u80fd\u5305\u542b\u7528\u6237\u540d\u3002", None))
        self.errorLabel.setText("")
    # retranslateUi

