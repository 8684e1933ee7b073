# Generated from ui/procurement_editor.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'procurement_editor.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QSize, Qt)
from PySide6.QtWidgets import (QDateEdit, QFrame, QGridLayout, QHBoxLayout,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QTableView,
    QVBoxLayout, QWidget)

class Ui_ProcurementEditor(object):
    def setupUi(self, ProcurementEditor):
        if not ProcurementEditor.objectName():
            ProcurementEditor.setObjectName(u"ProcurementEditor")
        ProcurementEditor.resize(960, 860)
        self.mainLayout = QVBoxLayout(ProcurementEditor)
        self.mainLayout.setObjectName(u"mainLayout")
        self.titleLabel = QLabel(ProcurementEditor)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.mainLayout.addWidget(self.titleLabel)

        self.draftBanner = QLabel(ProcurementEditor)
        self.draftBanner.setObjectName(u"draftBanner")
        self.draftBanner.setText(u"")
        self.draftBanner.setWordWrap(True)
        self.draftBanner.setVisible(False)

        self.mainLayout.addWidget(self.draftBanner)

        self.scrollArea = QScrollArea(ProcurementEditor)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setWidgetResizable(True)
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.formPage = QWidget()
        self.formPage.setObjectName(u"formPage")
        self.pageLayout = QVBoxLayout(self.formPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.headerRow = QHBoxLayout()
        self.headerRow.setObjectName(u"headerRow")
        self.applicantUnitLabel = QLabel(self.formPage)
        self.applicantUnitLabel.setObjectName(u"applicantUnitLabel")
        self.applicantUnitLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.headerRow.addWidget(self.applicantUnitLabel)

        self.applicantUnitCell = QVBoxLayout()
        self.applicantUnitCell.setSpacing(2)
        self.applicantUnitCell.setObjectName(u"applicantUnitCell")
        self.applicantUnitEdit = QLineEdit(self.formPage)
        self.applicantUnitEdit.setObjectName(u"applicantUnitEdit")

        self.applicantUnitCell.addWidget(self.applicantUnitEdit)

        self.applicantUnitError = QLabel(self.formPage)
        self.applicantUnitError.setObjectName(u"applicantUnitError")
        self.applicantUnitError.setText(u"")
        self.applicantUnitError.setWordWrap(True)

        self.applicantUnitCell.addWidget(self.applicantUnitError)


        self.headerRow.addLayout(self.applicantUnitCell)

        self.filledOnLabel = QLabel(self.formPage)
        self.filledOnLabel.setObjectName(u"filledOnLabel")
        self.filledOnLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.headerRow.addWidget(self.filledOnLabel)

        self.filledOnCell = QVBoxLayout()
        self.filledOnCell.setSpacing(2)
        self.filledOnCell.setObjectName(u"filledOnCell")
        self.filledOnEdit = QDateEdit(self.formPage)
        self.filledOnEdit.setObjectName(u"filledOnEdit")
        self.filledOnEdit.setCalendarPopup(True)

        self.filledOnCell.addWidget(self.filledOnEdit)

        self.filledOnError = QLabel(self.formPage)
        self.filledOnError.setObjectName(u"filledOnError")
        self.filledOnError.setText(u"")
        self.filledOnError.setWordWrap(True)

        self.filledOnCell.addWidget(self.filledOnError)


        self.headerRow.addLayout(self.filledOnCell)


        self.pageLayout.addLayout(self.headerRow)

        self.itemsRow = QHBoxLayout()
        self.itemsRow.setObjectName(u"itemsRow")
        self.itemsView = QTableView(self.formPage)
        self.itemsView.setObjectName(u"itemsView")
        self.itemsView.setMinimumSize(QSize(0, 240))

        self.itemsRow.addWidget(self.itemsView)

        self.itemButtons = QVBoxLayout()
        self.itemButtons.setObjectName(u"itemButtons")
        self.addRowButton = QPushButton(self.formPage)
        self.addRowButton.setObjectName(u"addRowButton")

        self.itemButtons.addWidget(self.addRowButton)

        self.removeRowButton = QPushButton(self.formPage)
        self.removeRowButton.setObjectName(u"removeRowButton")

        self.itemButtons.addWidget(self.removeRowButton)

        self.moveUpButton = QPushButton(self.formPage)
        self.moveUpButton.setObjectName(u"moveUpButton")

        self.itemButtons.addWidget(self.moveUpButton)

        self.moveDownButton = QPushButton(self.formPage)
        self.moveDownButton.setObjectName(u"moveDownButton")

        self.itemButtons.addWidget(self.moveDownButton)

        self.importButton = QPushButton(self.formPage)
        self.importButton.setObjectName(u"importButton")

        self.itemButtons.addWidget(self.importButton)

        self.itemButtonsSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.itemButtons.addItem(self.itemButtonsSpacer)


        self.itemsRow.addLayout(self.itemButtons)


        self.pageLayout.addLayout(self.itemsRow)

        self.itemsError = QLabel(self.formPage)
        self.itemsError.setObjectName(u"itemsError")
        self.itemsError.setText(u"")
        self.itemsError.setWordWrap(True)

        self.pageLayout.addWidget(self.itemsError)

        self.totalsGrid = QGridLayout()
        self.totalsGrid.setObjectName(u"totalsGrid")
        self.upperTitleLabel = QLabel(self.formPage)
        self.upperTitleLabel.setObjectName(u"upperTitleLabel")
        self.upperTitleLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.totalsGrid.addWidget(self.upperTitleLabel, 0, 0, 1, 1)

        self.upperLabel = QLabel(self.formPage)
        self.upperLabel.setObjectName(u"upperLabel")

        self.totalsGrid.addWidget(self.upperLabel, 0, 1, 1, 1)

        self.totalTitleLabel = QLabel(self.formPage)
        self.totalTitleLabel.setObjectName(u"totalTitleLabel")
        self.totalTitleLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.totalsGrid.addWidget(self.totalTitleLabel, 0, 2, 1, 1)

        self.totalLabel = QLabel(self.formPage)
        self.totalLabel.setObjectName(u"totalLabel")
        self.totalLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.totalsGrid.addWidget(self.totalLabel, 0, 3, 1, 1)


        self.pageLayout.addLayout(self.totalsGrid)

        self.formGrid = QGridLayout()
        self.formGrid.setObjectName(u"formGrid")
        self.formGrid.setHorizontalSpacing(12)
        self.formGrid.setVerticalSpacing(4)
        self.reasonLabel = QLabel(self.formPage)
        self.reasonLabel.setObjectName(u"reasonLabel")
        self.reasonLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.reasonLabel, 0, 0, 1, 1)

        self.reasonCell = QVBoxLayout()
        self.reasonCell.setSpacing(2)
        self.reasonCell.setObjectName(u"reasonCell")
        self.reasonEdit = QPlainTextEdit(self.formPage)
        self.reasonEdit.setObjectName(u"reasonEdit")
        self.reasonEdit.setMaximumSize(QSize(16777215, 80))

        self.reasonCell.addWidget(self.reasonEdit)

        self.reasonError = QLabel(self.formPage)
        self.reasonError.setObjectName(u"reasonError")
        self.reasonError.setText(u"")
        self.reasonError.setWordWrap(True)

        self.reasonCell.addWidget(self.reasonError)


        self.formGrid.addLayout(self.reasonCell, 0, 1, 1, 5)

        self.fundBudgetLabel = QLabel(self.formPage)
        self.fundBudgetLabel.setObjectName(u"fundBudgetLabel")
        self.fundBudgetLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.fundBudgetLabel, 1, 0, 1, 1)

        self.fundBudgetCell = QVBoxLayout()
        self.fundBudgetCell.setSpacing(2)
        self.fundBudgetCell.setObjectName(u"fundBudgetCell")
        self.fundBudgetCellRow = QHBoxLayout()
        self.fundBudgetCellRow.setObjectName(u"fundBudgetCellRow")
        self.fundBudgetEdit = QLineEdit(self.formPage)
        self.fundBudgetEdit.setObjectName(u"fundBudgetEdit")
        self.fundBudgetEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.fundBudgetCellRow.addWidget(self.fundBudgetEdit)

        self.fundBudgetCellUnit = QLabel(self.formPage)
        self.fundBudgetCellUnit.setObjectName(u"fundBudgetCellUnit")

        self.fundBudgetCellRow.addWidget(self.fundBudgetCellUnit)


        self.fundBudgetCell.addLayout(self.fundBudgetCellRow)

        self.fundBudgetError = QLabel(self.formPage)
        self.fundBudgetError.setObjectName(u"fundBudgetError")
        self.fundBudgetError.setText(u"")
        self.fundBudgetError.setWordWrap(True)

        self.fundBudgetCell.addWidget(self.fundBudgetError)


        self.formGrid.addLayout(self.fundBudgetCell, 1, 1, 1, 1)

        self.fundSpecialLabel = QLabel(self.formPage)
        self.fundSpecialLabel.setObjectName(u"fundSpecialLabel")
        self.fundSpecialLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.fundSpecialLabel, 1, 2, 1, 1)

        self.fundSpecialCell = QVBoxLayout()
        self.fundSpecialCell.setSpacing(2)
        self.fundSpecialCell.setObjectName(u"fundSpecialCell")
        self.fundSpecialCellRow = QHBoxLayout()
        self.fundSpecialCellRow.setObjectName(u"fundSpecialCellRow")
        self.fundSpecialEdit = QLineEdit(self.formPage)
        self.fundSpecialEdit.setObjectName(u"fundSpecialEdit")
        self.fundSpecialEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.fundSpecialCellRow.addWidget(self.fundSpecialEdit)

        self.fundSpecialCellUnit = QLabel(self.formPage)
        self.fundSpecialCellUnit.setObjectName(u"fundSpecialCellUnit")

        self.fundSpecialCellRow.addWidget(self.fundSpecialCellUnit)


        self.fundSpecialCell.addLayout(self.fundSpecialCellRow)

        self.fundSpecialError = QLabel(self.formPage)
        self.fundSpecialError.setObjectName(u"fundSpecialError")
        self.fundSpecialError.setText(u"")
        self.fundSpecialError.setWordWrap(True)

        self.fundSpecialCell.addWidget(self.fundSpecialError)


        self.formGrid.addLayout(self.fundSpecialCell, 1, 3, 1, 1)

        self.fundOtherLabel = QLabel(self.formPage)
        self.fundOtherLabel.setObjectName(u"fundOtherLabel")
        self.fundOtherLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.fundOtherLabel, 1, 4, 1, 1)

        self.fundOtherCell = QVBoxLayout()
        self.fundOtherCell.setSpacing(2)
        self.fundOtherCell.setObjectName(u"fundOtherCell")
        self.fundOtherCellRow = QHBoxLayout()
        self.fundOtherCellRow.setObjectName(u"fundOtherCellRow")
        self.fundOtherEdit = QLineEdit(self.formPage)
        self.fundOtherEdit.setObjectName(u"fundOtherEdit")
        self.fundOtherEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.fundOtherCellRow.addWidget(self.fundOtherEdit)

        self.fundOtherCellUnit = QLabel(self.formPage)
        self.fundOtherCellUnit.setObjectName(u"fundOtherCellUnit")

        self.fundOtherCellRow.addWidget(self.fundOtherCellUnit)


        self.fundOtherCell.addLayout(self.fundOtherCellRow)

        self.fundOtherError = QLabel(self.formPage)
        self.fundOtherError.setObjectName(u"fundOtherError")
        self.fundOtherError.setText(u"")
        self.fundOtherError.setWordWrap(True)

        self.fundOtherCell.addWidget(self.fundOtherError)


        self.formGrid.addLayout(self.fundOtherCell, 1, 5, 1, 1)

        self.fundsSumError = QLabel(self.formPage)
        self.fundsSumError.setObjectName(u"fundsSumError")
        self.fundsSumError.setText(u"")
        self.fundsSumError.setWordWrap(True)

        self.formGrid.addWidget(self.fundsSumError, 2, 1, 1, 5)

        self.handlerLabel = QLabel(self.formPage)
        self.handlerLabel.setObjectName(u"handlerLabel")
        self.handlerLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.handlerLabel, 3, 0, 1, 1)

        self.handlerCell = QVBoxLayout()
        self.handlerCell.setSpacing(2)
        self.handlerCell.setObjectName(u"handlerCell")
        self.handlerEdit = QLineEdit(self.formPage)
        self.handlerEdit.setObjectName(u"handlerEdit")

        self.handlerCell.addWidget(self.handlerEdit)

        self.handlerError = QLabel(self.formPage)
        self.handlerError.setObjectName(u"handlerError")
        self.handlerError.setText(u"")
        self.handlerError.setWordWrap(True)

        self.handlerCell.addWidget(self.handlerError)


        self.formGrid.addLayout(self.handlerCell, 3, 1, 1, 1)

        self.handlerPhoneLabel = QLabel(self.formPage)
        self.handlerPhoneLabel.setObjectName(u"handlerPhoneLabel")
        self.handlerPhoneLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.handlerPhoneLabel, 3, 2, 1, 1)

        self.handlerPhoneCell = QVBoxLayout()
        self.handlerPhoneCell.setSpacing(2)
        self.handlerPhoneCell.setObjectName(u"handlerPhoneCell")
        self.handlerPhoneEdit = QLineEdit(self.formPage)
        self.handlerPhoneEdit.setObjectName(u"handlerPhoneEdit")

        self.handlerPhoneCell.addWidget(self.handlerPhoneEdit)

        self.handlerPhoneError = QLabel(self.formPage)
        self.handlerPhoneError.setObjectName(u"handlerPhoneError")
        self.handlerPhoneError.setText(u"")
        self.handlerPhoneError.setWordWrap(True)

        self.handlerPhoneCell.addWidget(self.handlerPhoneError)


        self.formGrid.addLayout(self.handlerPhoneCell, 3, 3, 1, 1)

        self.unitLeaderLabel = QLabel(self.formPage)
        self.unitLeaderLabel.setObjectName(u"unitLeaderLabel")
        self.unitLeaderLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.unitLeaderLabel, 3, 4, 1, 1)

        self.unitLeaderCell = QVBoxLayout()
        self.unitLeaderCell.setSpacing(2)
        self.unitLeaderCell.setObjectName(u"unitLeaderCell")
        self.unitLeaderEdit = QLineEdit(self.formPage)
        self.unitLeaderEdit.setObjectName(u"unitLeaderEdit")

        self.unitLeaderCell.addWidget(self.unitLeaderEdit)

        self.unitLeaderError = QLabel(self.formPage)
        self.unitLeaderError.setObjectName(u"unitLeaderError")
        self.unitLeaderError.setText(u"")
        self.unitLeaderError.setWordWrap(True)

        self.unitLeaderCell.addWidget(self.unitLeaderError)


        self.formGrid.addLayout(self.unitLeaderCell, 3, 5, 1, 1)

        self.unitOpinionLabel = QLabel(self.formPage)
        self.unitOpinionLabel.setObjectName(u"unitOpinionLabel")
        self.unitOpinionLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.unitOpinionLabel, 4, 0, 1, 1)

        self.unitOpinionCell = QVBoxLayout()
        self.unitOpinionCell.setSpacing(2)
        self.unitOpinionCell.setObjectName(u"unitOpinionCell")
        self.unitOpinionEdit = QPlainTextEdit(self.formPage)
        self.unitOpinionEdit.setObjectName(u"unitOpinionEdit")
        self.unitOpinionEdit.setMaximumSize(QSize(16777215, 60))

        self.unitOpinionCell.addWidget(self.unitOpinionEdit)

        self.unitOpinionError = QLabel(self.formPage)
        self.unitOpinionError.setObjectName(u"unitOpinionError")
        self.unitOpinionError.setText(u"")
        self.unitOpinionError.setWordWrap(True)

        self.unitOpinionCell.addWidget(self.unitOpinionError)


        self.formGrid.addLayout(self.unitOpinionCell, 4, 1, 1, 5)

        self.deptOpinionLabel = QLabel(self.formPage)
        self.deptOpinionLabel.setObjectName(u"deptOpinionLabel")
        self.deptOpinionLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.deptOpinionLabel, 5, 0, 1, 1)

        self.deptOpinionCell = QVBoxLayout()
        self.deptOpinionCell.setSpacing(2)
        self.deptOpinionCell.setObjectName(u"deptOpinionCell")
        self.deptOpinionEdit = QPlainTextEdit(self.formPage)
        self.deptOpinionEdit.setObjectName(u"deptOpinionEdit")
        self.deptOpinionEdit.setMaximumSize(QSize(16777215, 60))

        self.deptOpinionCell.addWidget(self.deptOpinionEdit)

        self.deptOpinionError = QLabel(self.formPage)
        self.deptOpinionError.setObjectName(u"deptOpinionError")
        self.deptOpinionError.setText(u"")
        self.deptOpinionError.setWordWrap(True)

        self.deptOpinionCell.addWidget(self.deptOpinionError)


        self.formGrid.addLayout(self.deptOpinionCell, 5, 1, 1, 5)


        self.pageLayout.addLayout(self.formGrid)

        self.pageSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.pageLayout.addItem(self.pageSpacer)

        self.scrollArea.setWidget(self.formPage)

        self.mainLayout.addWidget(self.scrollArea)

        self.bottomBar = QHBoxLayout()
        self.bottomBar.setObjectName(u"bottomBar")
        self.autosaveLabel = QLabel(ProcurementEditor)
        self.autosaveLabel.setObjectName(u"autosaveLabel")
        self.autosaveLabel.setText(u"")

        self.bottomBar.addWidget(self.autosaveLabel)

        self.bottomSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomBar.addItem(self.bottomSpacer)

        self.problemsLabel = QLabel(ProcurementEditor)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setText(u"")

        self.bottomBar.addWidget(self.problemsLabel)

        self.saveDraftButton = QPushButton(ProcurementEditor)
        self.saveDraftButton.setObjectName(u"saveDraftButton")

        self.bottomBar.addWidget(self.saveDraftButton)

        self.submitButton = QPushButton(ProcurementEditor)
        self.submitButton.setObjectName(u"submitButton")

        self.bottomBar.addWidget(self.submitButton)


        self.mainLayout.addLayout(self.bottomBar)


        self.retranslateUi(ProcurementEditor)
    # setupUi

    def retranslateUi(self, ProcurementEditor):
        ProcurementEditor.setWindowTitle(QCoreApplication.translate("ProcurementEditor", u"\u9644\u4ef62 \u91d1\u5be8\u53bf\u884c\u653f\u4e8b\u4e1a\u5355\u4f4d\u529e\u516c\u7535\u8111\u91c7\u8d2d\u7533\u62a5\u8868", None))
        self.titleLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u91d1\u5be8\u53bf\u884c\u653f\u4e8b\u4e1a\u5355\u4f4d\u529e\u516c\u7535\u8111\u91c7\u8d2d\u7533\u62a5\u8868", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-size: 16pt; font-weight: bold; padding: 6px;", None))
        self.draftBanner.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"background: #fff4ce; border: 1px solid #e0c060; padding: 4px;", None))
        self.applicantUnitLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u7533\u8bf7\u5355\u4f4d\u540d\u79f0\uff1a", None))
        self.applicantUnitLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.applicantUnitError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.filledOnLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u65e5\u671f\uff1a", None))
        self.filledOnLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.filledOnEdit.setDisplayFormat(QCoreApplication.translate("ProcurementEditor", u"yyyy\u5e74MM\u6708dd\u65e5", None))
        self.filledOnError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.addRowButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u6dfb\u52a0\u884c", None))
        self.removeRowButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u5220\u9664\u884c", None))
        self.moveUpButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u4e0a\u79fb", None))
        self.moveDownButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u4e0b\u79fb", None))
        self.importButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u4eceExcel\u5bfc\u5165\u2026", None))
        self.itemsError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.upperTitleLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u5408\u8ba1\u91d1\u989d\uff08\u5927\u5199\uff09", None))
        self.upperTitleLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.upperLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u96f6\u5143\u6574", None))
        self.upperLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-size: 12pt; font-weight: bold;", None))
        self.totalTitleLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u5408\u8ba1\uff08\u5c0f\u5199\uff09", None))
        self.totalTitleLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.totalLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u00a50.00 \u5143", None))
        self.totalLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-size: 12pt;", None))
        self.reasonLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u8d2d\u7f6e\u4f9d\u636e\u6216\u7406\u7531", None))
        self.reasonLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.reasonError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.fundBudgetLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u9884\u7b97\u5b89\u6392\u8d44\u91d1", None))
        self.fundBudgetLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.fundBudgetEdit.setPlaceholderText(QCoreApplication.translate("ProcurementEditor", u"0", None))
        self.fundBudgetCellUnit.setText(QCoreApplication.translate("ProcurementEditor", u"\u5143", None))
        self.fundBudgetError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.fundSpecialLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u8d22\u653f\u4e13\u9879\u8d44\u91d1", None))
        self.fundSpecialLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.fundSpecialEdit.setPlaceholderText(QCoreApplication.translate("ProcurementEditor", u"0", None))
        self.fundSpecialCellUnit.setText(QCoreApplication.translate("ProcurementEditor", u"\u5143", None))
        self.fundSpecialError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.fundOtherLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u5176\u4ed6\u8d44\u91d1", None))
        self.fundOtherLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.fundOtherEdit.setPlaceholderText(QCoreApplication.translate("ProcurementEditor", u"0", None))
        self.fundOtherCellUnit.setText(QCoreApplication.translate("ProcurementEditor", u"\u5143", None))
        self.fundOtherError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.fundsSumError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.handlerLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u7ecf\u529e\u4eba", None))
        self.handlerLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.handlerError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.handlerPhoneLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.handlerPhoneLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.handlerPhoneEdit.setPlaceholderText(QCoreApplication.translate("ProcurementEditor", u"\u5982 0564-5012345 \u6216 11 \u4f4d\u624b\u673a\u53f7", None))
        self.handlerPhoneError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.unitLeaderLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u5355\u4f4d\u8d1f\u8d23\u4eba", None))
        self.unitLeaderLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.unitLeaderError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.unitOpinionLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u5355\u4f4d\u610f\u89c1\uff08\u76d6\u7ae0\uff09", None))
        self.unitOpinionLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.unitOpinionEdit.setPlaceholderText(QCoreApplication.translate("ProcurementEditor", u"\u53ef\u7559\u7a7a\uff0c\u6253\u5370\u540e\u624b\u5199\u5e76\u76d6\u7ae0", None))
        self.unitOpinionError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.deptOpinionLabel.setText(QCoreApplication.translate("ProcurementEditor", u"\u9879\u76ee\u4e3b\u7ba1\u90e8\u95e8\u610f\u89c1\uff08\u76d6\u7ae0\uff09", None))
        self.deptOpinionLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.deptOpinionEdit.setPlaceholderText(QCoreApplication.translate("ProcurementEditor", u"\u53ef\u7559\u7a7a\uff0c\u6253\u5370\u540e\u624b\u5199\u5e76\u76d6\u7ae0", None))
        self.deptOpinionError.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #b3261e;", None))
        self.autosaveLabel.setStyleSheet(QCoreApplication.translate("ProcurementEditor", u"color: #555;", None))
        self.saveDraftButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u4fdd\u5b58\u8349\u7a3f", None))
        self.submitButton.setText(QCoreApplication.translate("ProcurementEditor", u"\u63d0\u4ea4\u7533\u62a5", None))
    # retranslateUi

