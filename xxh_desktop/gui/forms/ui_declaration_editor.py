# Generated from ui/declaration_editor.ui by scripts/compile_ui.py (pyside6-uic). Do not edit.
################################################################################
## Form generated from reading UI file 'declaration_editor.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QSize, Qt)
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_DeclarationEditor(object):
    def setupUi(self, DeclarationEditor):
        if not DeclarationEditor.objectName():
            DeclarationEditor.setObjectName(u"DeclarationEditor")
        DeclarationEditor.resize(900, 860)
        self.mainLayout = QVBoxLayout(DeclarationEditor)
        self.mainLayout.setObjectName(u"mainLayout")
        self.titleLabel = QLabel(DeclarationEditor)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.mainLayout.addWidget(self.titleLabel)

        self.draftBanner = QLabel(DeclarationEditor)
        self.draftBanner.setObjectName(u"draftBanner")
        self.draftBanner.setText(u"")
        self.draftBanner.setWordWrap(True)
        self.draftBanner.setVisible(False)

        self.mainLayout.addWidget(self.draftBanner)

        self.scrollArea = QScrollArea(DeclarationEditor)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setWidgetResizable(True)
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.formPage = QWidget()
        self.formPage.setObjectName(u"formPage")
        self.pageLayout = QVBoxLayout(self.formPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.formGrid = QGridLayout()
        self.formGrid.setObjectName(u"formGrid")
        self.formGrid.setHorizontalSpacing(12)
        self.formGrid.setVerticalSpacing(4)
        self.applicantUnitLabel = QLabel(self.formPage)
        self.applicantUnitLabel.setObjectName(u"applicantUnitLabel")
        self.applicantUnitLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.applicantUnitLabel, 0, 0, 1, 1)

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


        self.formGrid.addLayout(self.applicantUnitCell, 0, 1, 1, 1)

        self.declaredOnLabel = QLabel(self.formPage)
        self.declaredOnLabel.setObjectName(u"declaredOnLabel")
        self.declaredOnLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.declaredOnLabel, 0, 2, 1, 1)

        self.declaredOnCell = QVBoxLayout()
        self.declaredOnCell.setSpacing(2)
        self.declaredOnCell.setObjectName(u"declaredOnCell")
        self.declaredOnEdit = QDateEdit(self.formPage)
        self.declaredOnEdit.setObjectName(u"declaredOnEdit")
        self.declaredOnEdit.setCalendarPopup(True)

        self.declaredOnCell.addWidget(self.declaredOnEdit)

        self.declaredOnError = QLabel(self.formPage)
        self.declaredOnError.setObjectName(u"declaredOnError")
        self.declaredOnError.setText(u"")
        self.declaredOnError.setWordWrap(True)

        self.declaredOnCell.addWidget(self.declaredOnError)


        self.formGrid.addLayout(self.declaredOnCell, 0, 3, 1, 1)

        self.leaderLabel = QLabel(self.formPage)
        self.leaderLabel.setObjectName(u"leaderLabel")
        self.leaderLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.leaderLabel, 1, 0, 1, 1)

        self.leaderCell = QVBoxLayout()
        self.leaderCell.setSpacing(2)
        self.leaderCell.setObjectName(u"leaderCell")
        self.leaderEdit = QLineEdit(self.formPage)
        self.leaderEdit.setObjectName(u"leaderEdit")

        self.leaderCell.addWidget(self.leaderEdit)

        self.leaderError = QLabel(self.formPage)
        self.leaderError.setObjectName(u"leaderError")
        self.leaderError.setText(u"")
        self.leaderError.setWordWrap(True)

        self.leaderCell.addWidget(self.leaderError)


        self.formGrid.addLayout(self.leaderCell, 1, 1, 1, 1)

        self.contactLabel = QLabel(self.formPage)
        self.contactLabel.setObjectName(u"contactLabel")
        self.contactLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.contactLabel, 1, 2, 1, 1)

        self.contactCell = QVBoxLayout()
        self.contactCell.setSpacing(2)
        self.contactCell.setObjectName(u"contactCell")
        self.contactEdit = QLineEdit(self.formPage)
        self.contactEdit.setObjectName(u"contactEdit")

        self.contactCell.addWidget(self.contactEdit)

        self.contactError = QLabel(self.formPage)
        self.contactError.setObjectName(u"contactError")
        self.contactError.setText(u"")
        self.contactError.setWordWrap(True)

        self.contactCell.addWidget(self.contactError)


        self.formGrid.addLayout(self.contactCell, 1, 3, 1, 1)

        self.phoneLabel = QLabel(self.formPage)
        self.phoneLabel.setObjectName(u"phoneLabel")
        self.phoneLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.phoneLabel, 2, 0, 1, 1)

        self.phoneCell = QVBoxLayout()
        self.phoneCell.setSpacing(2)
        self.phoneCell.setObjectName(u"phoneCell")
        self.phoneEdit = QLineEdit(self.formPage)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.phoneCell.addWidget(self.phoneEdit)

        self.phoneError = QLabel(self.formPage)
        self.phoneError.setObjectName(u"phoneError")
        self.phoneError.setText(u"")
        self.phoneError.setWordWrap(True)

        self.phoneCell.addWidget(self.phoneError)


        self.formGrid.addLayout(self.phoneCell, 2, 1, 1, 1)

        self.emailLabel = QLabel(self.formPage)
        self.emailLabel.setObjectName(u"emailLabel")
        self.emailLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.emailLabel, 2, 2, 1, 1)

        self.emailCell = QVBoxLayout()
        self.emailCell.setSpacing(2)
        self.emailCell.setObjectName(u"emailCell")
        self.emailEdit = QLineEdit(self.formPage)
        self.emailEdit.setObjectName(u"emailEdit")

        self.emailCell.addWidget(self.emailEdit)

        self.emailError = QLabel(self.formPage)
        self.emailError.setObjectName(u"emailError")
        self.emailError.setText(u"")
        self.emailError.setWordWrap(True)

        self.emailCell.addWidget(self.emailError)


        self.formGrid.addLayout(self.emailCell, 2, 3, 1, 1)

        self.projectNameLabel = QLabel(self.formPage)
        self.projectNameLabel.setObjectName(u"projectNameLabel")
        self.projectNameLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.projectNameLabel, 3, 0, 1, 1)

        self.projectNameCell = QVBoxLayout()
        self.projectNameCell.setSpacing(2)
        self.projectNameCell.setObjectName(u"projectNameCell")
        self.projectNameEdit = QLineEdit(self.formPage)
        self.projectNameEdit.setObjectName(u"projectNameEdit")

        self.projectNameCell.addWidget(self.projectNameEdit)

        self.projectNameError = QLabel(self.formPage)
        self.projectNameError.setObjectName(u"projectNameError")
        self.projectNameError.setText(u"")
        self.projectNameError.setWordWrap(True)

        self.projectNameCell.addWidget(self.projectNameError)


        self.formGrid.addLayout(self.projectNameCell, 3, 1, 1, 3)

        self.periodLabel = QLabel(self.formPage)
        self.periodLabel.setObjectName(u"periodLabel")
        self.periodLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.periodLabel, 4, 0, 1, 1)

        self.periodCell = QVBoxLayout()
        self.periodCell.setSpacing(2)
        self.periodCell.setObjectName(u"periodCell")
        self.periodRow = QHBoxLayout()
        self.periodRow.setObjectName(u"periodRow")
        self.startMonthEdit = QDateEdit(self.formPage)
        self.startMonthEdit.setObjectName(u"startMonthEdit")
        self.startMonthEdit.setCalendarPopup(True)

        self.periodRow.addWidget(self.startMonthEdit)

        self.periodToLabel = QLabel(self.formPage)
        self.periodToLabel.setObjectName(u"periodToLabel")

        self.periodRow.addWidget(self.periodToLabel)

        self.endMonthEdit = QDateEdit(self.formPage)
        self.endMonthEdit.setObjectName(u"endMonthEdit")
        self.endMonthEdit.setCalendarPopup(True)

        self.periodRow.addWidget(self.endMonthEdit)

        self.periodSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.periodRow.addItem(self.periodSpacer)


        self.periodCell.addLayout(self.periodRow)

        self.startMonthError = QLabel(self.formPage)
        self.startMonthError.setObjectName(u"startMonthError")
        self.startMonthError.setText(u"")
        self.startMonthError.setWordWrap(True)

        self.periodCell.addWidget(self.startMonthError)

        self.endMonthError = QLabel(self.formPage)
        self.endMonthError.setObjectName(u"endMonthError")
        self.endMonthError.setText(u"")
        self.endMonthError.setWordWrap(True)

        self.periodCell.addWidget(self.endMonthError)


        self.formGrid.addLayout(self.periodCell, 4, 1, 1, 1)

        self.investmentLabel = QLabel(self.formPage)
        self.investmentLabel.setObjectName(u"investmentLabel")
        self.investmentLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.investmentLabel, 4, 2, 1, 1)

        self.investmentCell = QVBoxLayout()
        self.investmentCell.setSpacing(2)
        self.investmentCell.setObjectName(u"investmentCell")
        self.investmentCellRow = QHBoxLayout()
        self.investmentCellRow.setObjectName(u"investmentCellRow")
        self.investmentEdit = QLineEdit(self.formPage)
        self.investmentEdit.setObjectName(u"investmentEdit")
        self.investmentEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.investmentCellRow.addWidget(self.investmentEdit)

        self.investmentCellUnit = QLabel(self.formPage)
        self.investmentCellUnit.setObjectName(u"investmentCellUnit")

        self.investmentCellRow.addWidget(self.investmentCellUnit)


        self.investmentCell.addLayout(self.investmentCellRow)

        self.investmentError = QLabel(self.formPage)
        self.investmentError.setObjectName(u"investmentError")
        self.investmentError.setText(u"")
        self.investmentError.setWordWrap(True)

        self.investmentCell.addWidget(self.investmentError)


        self.formGrid.addLayout(self.investmentCell, 4, 3, 1, 1)

        self.fundsLabel = QLabel(self.formPage)
        self.fundsLabel.setObjectName(u"fundsLabel")
        self.fundsLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.fundsLabel, 5, 0, 1, 1)

        self.fundsGrid = QGridLayout()
        self.fundsGrid.setObjectName(u"fundsGrid")
        self.fundsGrid.setHorizontalSpacing(8)
        self.fundFiscalLabel = QLabel(self.formPage)
        self.fundFiscalLabel.setObjectName(u"fundFiscalLabel")

        self.fundsGrid.addWidget(self.fundFiscalLabel, 0, 0, 1, 1)

        self.fundFiscalCell = QVBoxLayout()
        self.fundFiscalCell.setSpacing(2)
        self.fundFiscalCell.setObjectName(u"fundFiscalCell")
        self.fundFiscalCellRow = QHBoxLayout()
        self.fundFiscalCellRow.setObjectName(u"fundFiscalCellRow")
        self.fundFiscalEdit = QLineEdit(self.formPage)
        self.fundFiscalEdit.setObjectName(u"fundFiscalEdit")
        self.fundFiscalEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.fundFiscalCellRow.addWidget(self.fundFiscalEdit)

        self.fundFiscalCellUnit = QLabel(self.formPage)
        self.fundFiscalCellUnit.setObjectName(u"fundFiscalCellUnit")

        self.fundFiscalCellRow.addWidget(self.fundFiscalCellUnit)


        self.fundFiscalCell.addLayout(self.fundFiscalCellRow)

        self.fundFiscalError = QLabel(self.formPage)
        self.fundFiscalError.setObjectName(u"fundFiscalError")
        self.fundFiscalError.setText(u"")
        self.fundFiscalError.setWordWrap(True)

        self.fundFiscalCell.addWidget(self.fundFiscalError)


        self.fundsGrid.addLayout(self.fundFiscalCell, 0, 1, 1, 1)

        self.fundSelfLabel = QLabel(self.formPage)
        self.fundSelfLabel.setObjectName(u"fundSelfLabel")

        self.fundsGrid.addWidget(self.fundSelfLabel, 0, 2, 1, 1)

        self.fundSelfCell = QVBoxLayout()
        self.fundSelfCell.setSpacing(2)
        self.fundSelfCell.setObjectName(u"fundSelfCell")
        self.fundSelfCellRow = QHBoxLayout()
        self.fundSelfCellRow.setObjectName(u"fundSelfCellRow")
        self.fundSelfEdit = QLineEdit(self.formPage)
        self.fundSelfEdit.setObjectName(u"fundSelfEdit")
        self.fundSelfEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.fundSelfCellRow.addWidget(self.fundSelfEdit)

        self.fundSelfCellUnit = QLabel(self.formPage)
        self.fundSelfCellUnit.setObjectName(u"fundSelfCellUnit")

        self.fundSelfCellRow.addWidget(self.fundSelfCellUnit)


        self.fundSelfCell.addLayout(self.fundSelfCellRow)

        self.fundSelfError = QLabel(self.formPage)
        self.fundSelfError.setObjectName(u"fundSelfError")
        self.fundSelfError.setText(u"")
        self.fundSelfError.setWordWrap(True)

        self.fundSelfCell.addWidget(self.fundSelfError)


        self.fundsGrid.addLayout(self.fundSelfCell, 0, 3, 1, 1)

        self.fundBankLabel = QLabel(self.formPage)
        self.fundBankLabel.setObjectName(u"fundBankLabel")

        self.fundsGrid.addWidget(self.fundBankLabel, 1, 0, 1, 1)

        self.fundBankCell = QVBoxLayout()
        self.fundBankCell.setSpacing(2)
        self.fundBankCell.setObjectName(u"fundBankCell")
        self.fundBankCellRow = QHBoxLayout()
        self.fundBankCellRow.setObjectName(u"fundBankCellRow")
        self.fundBankEdit = QLineEdit(self.formPage)
        self.fundBankEdit.setObjectName(u"fundBankEdit")
        self.fundBankEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.fundBankCellRow.addWidget(self.fundBankEdit)

        self.fundBankCellUnit = QLabel(self.formPage)
        self.fundBankCellUnit.setObjectName(u"fundBankCellUnit")

        self.fundBankCellRow.addWidget(self.fundBankCellUnit)


        self.fundBankCell.addLayout(self.fundBankCellRow)

        self.fundBankError = QLabel(self.formPage)
        self.fundBankError.setObjectName(u"fundBankError")
        self.fundBankError.setText(u"")
        self.fundBankError.setWordWrap(True)

        self.fundBankCell.addWidget(self.fundBankError)


        self.fundsGrid.addLayout(self.fundBankCell, 1, 1, 1, 1)

        self.fundOtherLabel = QLabel(self.formPage)
        self.fundOtherLabel.setObjectName(u"fundOtherLabel")

        self.fundsGrid.addWidget(self.fundOtherLabel, 1, 2, 1, 1)

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


        self.fundsGrid.addLayout(self.fundOtherCell, 1, 3, 1, 1)

        self.fundsSumError = QLabel(self.formPage)
        self.fundsSumError.setObjectName(u"fundsSumError")
        self.fundsSumError.setText(u"")
        self.fundsSumError.setWordWrap(True)

        self.fundsGrid.addWidget(self.fundsSumError, 2, 0, 1, 4)


        self.formGrid.addLayout(self.fundsGrid, 5, 1, 1, 3)

        self.contentLabel = QLabel(self.formPage)
        self.contentLabel.setObjectName(u"contentLabel")
        self.contentLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.contentLabel, 6, 0, 1, 1)

        self.contentCell = QVBoxLayout()
        self.contentCell.setSpacing(2)
        self.contentCell.setObjectName(u"contentCell")
        self.contentEdit = QPlainTextEdit(self.formPage)
        self.contentEdit.setObjectName(u"contentEdit")
        self.contentEdit.setMinimumSize(QSize(0, 110))

        self.contentCell.addWidget(self.contentEdit)

        self.contentInfoRow = QHBoxLayout()
        self.contentInfoRow.setObjectName(u"contentInfoRow")
        self.contentError = QLabel(self.formPage)
        self.contentError.setObjectName(u"contentError")
        self.contentError.setText(u"")
        self.contentError.setWordWrap(True)

        self.contentInfoRow.addWidget(self.contentError)

        self.contentCounter = QLabel(self.formPage)
        self.contentCounter.setObjectName(u"contentCounter")
        self.contentCounter.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.contentInfoRow.addWidget(self.contentCounter)


        self.contentCell.addLayout(self.contentInfoRow)


        self.formGrid.addLayout(self.contentCell, 6, 1, 1, 3)

        self.deptOpinionLabel = QLabel(self.formPage)
        self.deptOpinionLabel.setObjectName(u"deptOpinionLabel")
        self.deptOpinionLabel.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)

        self.formGrid.addWidget(self.deptOpinionLabel, 7, 0, 1, 1)

        self.deptOpinionCell = QVBoxLayout()
        self.deptOpinionCell.setSpacing(2)
        self.deptOpinionCell.setObjectName(u"deptOpinionCell")
        self.deptOpinionEdit = QPlainTextEdit(self.formPage)
        self.deptOpinionEdit.setObjectName(u"deptOpinionEdit")
        self.deptOpinionEdit.setMaximumSize(QSize(16777215, 70))

        self.deptOpinionCell.addWidget(self.deptOpinionEdit)

        self.deptOpinionError = QLabel(self.formPage)
        self.deptOpinionError.setObjectName(u"deptOpinionError")
        self.deptOpinionError.setText(u"")
        self.deptOpinionError.setWordWrap(True)

        self.deptOpinionCell.addWidget(self.deptOpinionError)


        self.formGrid.addLayout(self.deptOpinionCell, 7, 1, 1, 3)

        self.existingSystemCheck = QCheckBox(self.formPage)
        self.existingSystemCheck.setObjectName(u"existingSystemCheck")

        self.formGrid.addWidget(self.existingSystemCheck, 8, 1, 1, 3)


        self.pageLayout.addLayout(self.formGrid)

        self.notesLabel = QLabel(self.formPage)
        self.notesLabel.setObjectName(u"notesLabel")
        self.notesLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.notesLabel)

        self.materialsBox = QGroupBox(self.formPage)
        self.materialsBox.setObjectName(u"materialsBox")
        self.materialsLayout = QVBoxLayout(self.materialsBox)
        self.materialsLayout.setObjectName(u"materialsLayout")
        self.materialsView = QTableView(self.materialsBox)
        self.materialsView.setObjectName(u"materialsView")
        self.materialsView.setMinimumSize(QSize(0, 170))

        self.materialsLayout.addWidget(self.materialsView)

        self.materialsButtons = QHBoxLayout()
        self.materialsButtons.setObjectName(u"materialsButtons")
        self.attachButton = QPushButton(self.materialsBox)
        self.attachButton.setObjectName(u"attachButton")

        self.materialsButtons.addWidget(self.attachButton)

        self.openButton = QPushButton(self.materialsBox)
        self.openButton.setObjectName(u"openButton")

        self.materialsButtons.addWidget(self.openButton)

        self.replaceButton = QPushButton(self.materialsBox)
        self.replaceButton.setObjectName(u"replaceButton")

        self.materialsButtons.addWidget(self.replaceButton)

        self.waiveButton = QPushButton(self.materialsBox)
        self.waiveButton.setObjectName(u"waiveButton")

        self.materialsButtons.addWidget(self.waiveButton)

        self.materialsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.materialsButtons.addItem(self.materialsSpacer)


        self.materialsLayout.addLayout(self.materialsButtons)


        self.pageLayout.addWidget(self.materialsBox)

        self.pageSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.pageLayout.addItem(self.pageSpacer)

        self.scrollArea.setWidget(self.formPage)

        self.mainLayout.addWidget(self.scrollArea)

        self.bottomBar = QHBoxLayout()
        self.bottomBar.setObjectName(u"bottomBar")
        self.autosaveLabel = QLabel(DeclarationEditor)
        self.autosaveLabel.setObjectName(u"autosaveLabel")
        self.autosaveLabel.setText(u"")

        self.bottomBar.addWidget(self.autosaveLabel)

        self.bottomSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomBar.addItem(self.bottomSpacer)

        self.problemsLabel = QLabel(DeclarationEditor)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setText(u"")

        self.bottomBar.addWidget(self.problemsLabel)

        self.saveDraftButton = QPushButton(DeclarationEditor)
        self.saveDraftButton.setObjectName(u"saveDraftButton")

        self.bottomBar.addWidget(self.saveDraftButton)

        self.submitButton = QPushButton(DeclarationEditor)
        self.submitButton.setObjectName(u"submitButton")

        self.bottomBar.addWidget(self.submitButton)


        self.mainLayout.addLayout(self.bottomBar)


        self.retranslateUi(DeclarationEditor)
    # setupUi

    def retranslateUi(self, DeclarationEditor):
        DeclarationEditor.setWindowTitle(QCoreApplication.translate("DeclarationEditor", u"\u9644\u4ef61 \u91d1\u5be8\u53bf\u653f\u52a1\u4fe1\u606f\u5316\u5efa\u8bbe\u9879\u76ee\u7533\u62a5\u8868", None))
        self.titleLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u91d1\u5be8\u53bf\u653f\u52a1\u4fe1\u606f\u5316\u5efa\u8bbe\u9879\u76ee\u7533\u62a5\u8868", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-size: 16pt; font-weight: bold; padding: 6px;", None))
        self.draftBanner.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"background: #fff4ce; border: 1px solid #e0c060; padding: 4px;", None))
        self.applicantUnitLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u7533\u8bf7\u5355\u4f4d", None))
        self.applicantUnitLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.applicantUnitError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.declaredOnLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u7533\u62a5\u65e5\u671f", None))
        self.declaredOnLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.declaredOnEdit.setDisplayFormat(QCoreApplication.translate("DeclarationEditor", u"yyyy\u5e74MM\u6708dd\u65e5", None))
        self.declaredOnError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.leaderLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u8d1f \u8d23 \u4eba", None))
        self.leaderLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.leaderError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.contactLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u8054 \u7cfb \u4eba", None))
        self.contactLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.contactError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.phoneLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.phoneLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.phoneEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"\u5982 0564-5012345 \u6216 11 \u4f4d\u624b\u673a\u53f7", None))
        self.phoneError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.emailLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u7535\u5b50\u90ae\u7bb1", None))
        self.emailLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.emailEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"name@example.gov.cn", None))
        self.emailError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.projectNameLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u9879\u76ee\u540d\u79f0", None))
        self.projectNameLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.projectNameError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.periodLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u5efa\u8bbe\u5e74\u5ea6", None))
        self.periodLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.startMonthEdit.setDisplayFormat(QCoreApplication.translate("DeclarationEditor", u"yyyy\u5e74MM\u6708", None))
        self.periodToLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u81f3", None))
        self.endMonthEdit.setDisplayFormat(QCoreApplication.translate("DeclarationEditor", u"yyyy\u5e74MM\u6708", None))
        self.startMonthError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.endMonthError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.investmentLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u6295\u8d44\u989d", None))
        self.investmentLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.investmentEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"0", None))
        self.investmentCellUnit.setText(QCoreApplication.translate("DeclarationEditor", u"\u4e07\u5143", None))
        self.investmentError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.fundsLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u8d44\u91d1\u6e20\u9053", None))
        self.fundsLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.fundFiscalLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u8d22\u653f\u8d44\u91d1", None))
        self.fundFiscalEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"0", None))
        self.fundFiscalCellUnit.setText(QCoreApplication.translate("DeclarationEditor", u"\u4e07\u5143", None))
        self.fundFiscalError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.fundSelfLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u5355\u4f4d\u81ea\u7b79", None))
        self.fundSelfEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"0", None))
        self.fundSelfCellUnit.setText(QCoreApplication.translate("DeclarationEditor", u"\u4e07\u5143", None))
        self.fundSelfError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.fundBankLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u94f6\u884c\u8d37\u6b3e", None))
        self.fundBankEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"0", None))
        self.fundBankCellUnit.setText(QCoreApplication.translate("DeclarationEditor", u"\u4e07\u5143", None))
        self.fundBankError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.fundOtherLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u5176\u5b83", None))
        self.fundOtherEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"0", None))
        self.fundOtherCellUnit.setText(QCoreApplication.translate("DeclarationEditor", u"\u4e07\u5143", None))
        self.fundOtherError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.fundsSumError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.contentLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u9879\u76ee\u5b9e\u65bd\n"
"\u4f9d\u636e\u53ca\u4e3b\u8981\n"
"\u5185\u5bb9", None))
        self.contentLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.contentEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"\u7b80\u8981\u8bf4\u660e\u9879\u76ee\u5efa\u8bbe\u4f9d\u636e\u548c\u4e3b\u8981\u5efa\u8bbe\u5185\u5bb9\uff0c200\u5b57\u4ee5\u5185\uff08\u9644\u4ef61 \u8bf4\u660e2\uff09", None))
        self.contentError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.contentCounter.setText(QCoreApplication.translate("DeclarationEditor", u"\u5df2\u8f93\u5165 0/200 \u5b57", None))
        self.deptOpinionLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u9879\u76ee\u4e3b\u7ba1\n"
"\u90e8\u95e8\u610f\u89c1", None))
        self.deptOpinionLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"font-weight: bold; padding-top: 4px;", None))
        self.deptOpinionEdit.setPlaceholderText(QCoreApplication.translate("DeclarationEditor", u"\u7531\u9879\u76ee\u4e3b\u7ba1\u90e8\u95e8\u586b\u5199\u5e76\u76d6\u7ae0\uff0c\u53ef\u7559\u7a7a\u6253\u5370\u540e\u624b\u5199", None))
        self.deptOpinionError.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #b3261e;", None))
        self.existingSystemCheck.setText(QCoreApplication.translate("DeclarationEditor", u"\u5df2\u5efa\u6210\u7cfb\u7edf\u65b0\u589e\u529f\u80fd\u3001\u5347\u7ea7\u6216\u91c7\u8d2d\u6210\u719f\u7cfb\u7edf\uff08\u7b2c\u516b\u6761\u7b2c\u4e8c\u6b3e\uff1a\u987b\u9644\u73b0\u6709\u8f6f\u786c\u4ef6\u8d44\u6e90\u60c5\u51b5\uff09", None))
        self.notesLabel.setText(QCoreApplication.translate("DeclarationEditor", u"\u8bf4\u660e\uff1a1.\u672c\u8868\u7531\u9879\u76ee\u5efa\u8bbe\u5355\u4f4d\u586b\u5199\uff0c\u4e3b\u7ba1\u90e8\u95e8\u76d6\u7ae0\uff0c\u5b57\u4f53\u4e3a\u5b8b\u4f53\u4e94\u53f7\u5b57\u3002\n"
"2.\u6bcf\u4e2a\u9879\u76ee\u7684\u7b80\u8981\u8bf4\u660e\u5b57\u6570\u63a7\u5236\u5728200\u5b57\u3002\n"
"3.\u201c\u5efa\u8bbe\u5e74\u5ea6\u201d\u586b\u5199\u201c202X\u5e74XX\u6708\u81f3202X\u5e74XX\u6708\u201d\u4ee5\u5185\u3002", None))
        self.notesLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #555;", None))
        self.materialsBox.setTitle(QCoreApplication.translate("DeclarationEditor", u"\u7533\u62a5\u6750\u6599\uff08\u7b2c\u516b\u6761\uff09", None))
        self.attachButton.setText(QCoreApplication.translate("DeclarationEditor", u"\u9644\u52a0\u6587\u4ef6\u2026", None))
        self.openButton.setText(QCoreApplication.translate("DeclarationEditor", u"\u6253\u5f00", None))
        self.replaceButton.setText(QCoreApplication.translate("DeclarationEditor", u"\u66ff\u6362\u2026", None))
        self.waiveButton.setText(QCoreApplication.translate("DeclarationEditor", u"\u6807\u8bb0\u6682\u7f3a\u2026", None))
        self.autosaveLabel.setStyleSheet(QCoreApplication.translate("DeclarationEditor", u"color: #555;", None))
        self.saveDraftButton.setText(QCoreApplication.translate("DeclarationEditor", u"\u4fdd\u5b58\u8349\u7a3f", None))
        self.submitButton.setText(QCoreApplication.translate("DeclarationEditor", u"\u63d0\u4ea4\u7533\u62a5", None))
    # retranslateUi

