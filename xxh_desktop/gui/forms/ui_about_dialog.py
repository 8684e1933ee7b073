# Generated from ui/about_dialog.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'about_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, Qt)
from PySide6.QtWidgets import (QDialogButtonBox, QLabel, QVBoxLayout)

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.resize(460, 280)
        self.verticalLayout = QVBoxLayout(AboutDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.titleLabel = QLabel(AboutDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setStyleSheet(u"font-size: 16pt; font-weight: bold;")

        self.verticalLayout.addWidget(self.titleLabel)

        self.versionLabel = QLabel(AboutDialog)
        self.versionLabel.setObjectName(u"versionLabel")

        self.verticalLayout.addWidget(self.versionLabel)

        self.bodyLabel = QLabel(AboutDialog)
        self.bodyLabel.setObjectName(u"bodyLabel")
        self.bodyLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.bodyLabel)

        self.pathLabel = QLabel(AboutDialog)
        self.pathLabel.setObjectName(u"pathLabel")
        self.pathLabel.setWordWrap(True)
        self.pathLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.verticalLayout.addWidget(self.pathLabel)

        self.buttonBox = QDialogButtonBox(AboutDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.verticalLayout.addWidget(self.buttonBox)


        self.retranslateUi(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"\u5173\u4e8e", None))
        self.titleLabel.setText(QCoreApplication.translate("AboutDialog", u"\u91d1\u5be8\u53bf\u653f\u52a1\u4fe1\u606f\u5316\u9879\u76ee\u7ba1\u7406\u7cfb\u7edf", None))
        self.versionLabel.setText(QCoreApplication.translate("AboutDialog", u"\u7248\u672c", None))
        self.bodyLabel.setText(QCoreApplication.translate("AboutDialog", u"\u4f9d\u636e\u300a\u91d1\u5be8\u53bf\u653f\u52a1\u4fe1\u606f\u5316\u9879\u76ee\u7ba1\u7406\u529e\u6cd5\uff08\u4fee\u8ba2\u7248\uff09\u300b\uff08\u91d1\u653f\u529e\u79d8\u30142022\u301546\u53f7\uff09\uff0c\u7ba1\u7406\u653f\u52a1\u4fe1\u606f\u5316\u9879\u76ee\u4ece\u7533\u62a5\u3001\u5ba1\u6838\u3001\u6279\u51c6\u3001\u62db\u6807\u91c7\u8d2d\u3001\u5efa\u8bbe\u3001\u9a8c\u6536\u5230\u8fd0\u7ef4\u7684\u5168\u8fc7\u7a0b\u3002\u5168\u90e8\u529f\u80fd\u79bb\u7ebf\u8fd0\u884c\uff0c\u4e0d\u8fde\u63a5\u4efb\u4f55\u7f51\u7edc\u3002", None))
        self.pathLabel.setText("")
    # retranslateUi

