# Generated from ui/recycle_bin_dialog.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'recycle_bin_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication)
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QTableView, QVBoxLayout)

class Ui_RecycleBinDialog(object):
    def setupUi(self, RecycleBinDialog):
        if not RecycleBinDialog.objectName():
            RecycleBinDialog.setObjectName(u"RecycleBinDialog")
        RecycleBinDialog.resize(860, 480)
        self.verticalLayout = QVBoxLayout(RecycleBinDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.introLabel = QLabel(RecycleBinDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.itemsView = QTableView(RecycleBinDialog)
        self.itemsView.setObjectName(u"itemsView")
        self.itemsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.itemsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemsView.setAlternatingRowColors(True)
        self.itemsView.setWordWrap(False)

        self.verticalLayout.addWidget(self.itemsView)

        self.bottomLayout = QHBoxLayout()
        self.bottomLayout.setObjectName(u"bottomLayout")
        self.countLabel = QLabel(RecycleBinDialog)
        self.countLabel.setObjectName(u"countLabel")

        self.bottomLayout.addWidget(self.countLabel)

        self.spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomLayout.addItem(self.spacer)

        self.restoreButton = QPushButton(RecycleBinDialog)
        self.restoreButton.setObjectName(u"restoreButton")

        self.bottomLayout.addWidget(self.restoreButton)

        self.purgeButton = QPushButton(RecycleBinDialog)
        self.purgeButton.setObjectName(u"purgeButton")

        self.bottomLayout.addWidget(self.purgeButton)

        self.closeButton = QPushButton(RecycleBinDialog)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.bottomLayout.addWidget(self.closeButton)


        self.verticalLayout.addLayout(self.bottomLayout)


        self.retranslateUi(RecycleBinDialog)
        self.closeButton.clicked.connect(RecycleBinDialog.reject)
    # setupUi

    def retranslateUi(self, RecycleBinDialog):
        RecycleBinDialog.setWindowTitle(QCoreApplication.translate("RecycleBinDialog", u"\u56de\u6536\u7ad9", None))
        self.introLabel.setText(QCoreApplication.translate("RecycleBinDialog", u"\u8fd9\u91cc\u662f\u672c\u673a\u5220\u9664\u7684\u672a\u63d0\u4ea4\u8349\u7a3f\uff08\u9879\u76ee\u7533\u62a5\u548c\u91c7\u8d2d\u7533\u62a5\uff09\u3002\u6062\u590d\u540e\u56de\u5230\u770b\u677f\u548c\u5217\u8868\u4e2d\uff1b\u6c38\u4e45\u5220\u9664\u540e\u8fde\u540c\u9644\u4ef61\u3001\u6750\u6599\u548c\u672a\u4fdd\u5b58\u7684\u8349\u7a3f\u4e00\u5e76\u5220\u9664\uff0c\u4e0d\u80fd\u6062\u590d\u3002", None))
        self.countLabel.setText("")
        self.restoreButton.setText(QCoreApplication.translate("RecycleBinDialog", u"\u6062\u590d", None))
        self.purgeButton.setText(QCoreApplication.translate("RecycleBinDialog", u"\u6c38\u4e45\u5220\u9664\u2026", None))
        self.closeButton.setText(QCoreApplication.translate("RecycleBinDialog", u"\u5173\u95ed", None))
    # retranslateUi

