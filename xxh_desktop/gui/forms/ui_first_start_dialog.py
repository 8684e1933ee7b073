# Generated from ui/first_start_dialog.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'first_start_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox, QFormLayout,
    QLabel, QRadioButton, QSizePolicy, QSpacerItem,
    QVBoxLayout)

class Ui_FirstStartDialog(object):
    def setupUi(self, FirstStartDialog):
        if not FirstStartDialog.objectName():
            FirstStartDialog.setObjectName(u"FirstStartDialog")
        FirstStartDialog.resize(520, 360)
        self.verticalLayout = QVBoxLayout(FirstStartDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.introLabel = QLabel(FirstStartDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.officeRadio = QRadioButton(FirstStartDialog)
        self.officeRadio.setObjectName(u"officeRadio")
        self.officeRadio.setChecked(True)

        self.verticalLayout.addWidget(self.officeRadio)

        self.unitRadio = QRadioButton(FirstStartDialog)
        self.unitRadio.setObjectName(u"unitRadio")

        self.verticalLayout.addWidget(self.unitRadio)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.unitLabel = QLabel(FirstStartDialog)
        self.unitLabel.setObjectName(u"unitLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.unitLabel)

        self.unitCombo = QComboBox(FirstStartDialog)
        self.unitCombo.setObjectName(u"unitCombo")
        self.unitCombo.setEditable(True)
        self.unitCombo.setEnabled(False)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.unitCombo)


        self.verticalLayout.addLayout(self.formLayout)

        self.unitHint = QLabel(FirstStartDialog)
        self.unitHint.setObjectName(u"unitHint")
        self.unitHint.setWordWrap(True)
        self.unitHint.setEnabled(False)

        self.verticalLayout.addWidget(self.unitHint)

        self.demoCheck = QCheckBox(FirstStartDialog)
        self.demoCheck.setObjectName(u"demoCheck")

        self.verticalLayout.addWidget(self.demoCheck)

        self.errorLabel = QLabel(FirstStartDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verticalLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(FirstStartDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.verticalLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.unitLabel.setBuddy(self.unitCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(FirstStartDialog)
    # setupUi

    def retranslateUi(self, FirstStartDialog):
        FirstStartDialog.setWindowTitle(QCoreApplication.translate("FirstStartDialog", u"\u9996\u6b21\u4f7f\u7528\u8bbe\u7f6e", None))
        self.introLabel.setText(QCoreApplication.translate("FirstStartDialog", u"\u6b22\u8fce\u4f7f\u7528\u91d1\u5be8\u53bf\u653f\u52a1\u4fe1\u606f\u5316\u9879\u76ee\u7ba1\u7406\u7cfb\u7edf\u3002\u8bf7\u9009\u62e9\u672c\u673a\u7684\u4f7f\u7528\u5355\u4f4d\uff08\u4ee5\u540e\u53ef\u5728\u201c\u5de5\u5177 \u2192 \u672c\u673a\u8eab\u4efd\u8bbe\u7f6e\u201d\u4e2d\u66f4\u6539\uff09\uff1a", None))
        self.officeRadio.setText(QCoreApplication.translate("FirstStartDialog", u"\u53bf\u667a\u6167\u529e\uff08\u91d1\u5be8\u53bf\u667a\u6167\u57ce\u5e02\u7ba1\u7406\u670d\u52a1\u4e2d\u5fc3\uff09\uff1a\u63a5\u6536\u7533\u62a5\u3001\u5ba1\u6838\u3001\u7ba1\u7406\u9879\u76ee\u5168\u8fc7\u7a0b", None))
        self.unitRadio.setText(QCoreApplication.translate("FirstStartDialog", u"\u9879\u76ee\u5efa\u8bbe\u5355\u4f4d\uff1a\u586b\u5199\u7533\u62a5\u8868\u3001\u4e0a\u4f20\u6750\u6599\u3001\u5bfc\u51fa\u4ea4\u6362\u6587\u4ef6", None))
        self.unitLabel.setText(QCoreApplication.translate("FirstStartDialog", u"\u672c\u5355\u4f4d\u540d\u79f0\uff1a", None))
        self.unitHint.setText(QCoreApplication.translate("FirstStartDialog", u"\u4ece\u53bf\u5355\u4f4d\u540d\u5f55\u4e2d\u9009\u62e9\u672c\u5355\u4f4d\uff08\u53ef\u8f93\u5165\u51e0\u4e2a\u5b57\u7b5b\u9009\uff09\uff1b\u540d\u5f55\u4e2d\u6ca1\u6709\u7684\uff0c\u53ef\u76f4\u63a5\u8f93\u5165\u5355\u4f4d\u5168\u79f0\u3002", None))
        self.demoCheck.setText(QCoreApplication.translate("FirstStartDialog", u"\u8f7d\u5165\u6f14\u793a\u6570\u636e\uff0830\u4f59\u4e2a\u793a\u4f8b\u9879\u76ee\uff0c\u4fbf\u4e8e\u719f\u6089\u7cfb\u7edf\uff1b\u4ee5\u540e\u53ef\u5220\u9664\u6570\u636e\u5e93\u91cd\u65b0\u5f00\u59cb\uff09", None))
        self.errorLabel.setText("")
    # retranslateUi

