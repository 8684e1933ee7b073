"""The 采购申报审核 tab: the 附件2 cases and the office's short review flow (第五条第二款).

已申报 → 审核中 → 通过 / 退回修改 / 不予通过, each decision with a written
opinion. The buttons follow `procurement_review.allowed`; the core refuses
anything else with a message that names the article. On a department machine
(the 采购申报 tab) the unit's own cases show, drafts included, with their last
autosave; double-click reopens a case in its editor.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton,
    QTableView, QVBoxLayout, QWidget,
)

from ... import procurement_review
from ...domain.stages import CaseStatus
from ...errors import XxhError
from ...storage.changes import Area, Changes
from ...workspace import Workspace
from ..models.procurement_review_model import (
    COL_STATUS, DRAFT_STATUS, ID_ROLE, STATUS_ROLE, Cases, ProcurementReviewModel, read_cases,
)
from ..refresh import ChangeHub
from ..plain_text import plain_label

ALL = "全部"


class ProcurementReviewWidget(QWidget):
    """`reviewer=False` (a department machine): the cases and the opinions received, no review buttons."""

    open_requested = Signal(str)   # a case double-clicked: open its 附件2 editor

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, reviewer: bool = True,
                 hub: ChangeHub | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.ws = ws
        self.reviewer = reviewer
        self.hub = hub or ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)
        # load=False: the window reads the cases with its first read (`load`), off the UI thread when many.
        self.model = ProcurementReviewModel(ws, self, drafts=not reviewer, load=load)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(COL_STATUS)

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("状态：", self))
        self.status_filter = QComboBox(self)
        bar.addWidget(self.status_filter)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 110), (1, 160), (2, 95), (4, 120), (5, 110), (7, 130)):
            self.view.setColumnWidth(col, width)
        layout.addWidget(self.view, 1)

        self.case_label = plain_label(QLabel("选择一件采购申报。", self))
        layout.addWidget(self.case_label)
        self.opinion_edit = QPlainTextEdit(self)
        self.opinion_edit.setMaximumHeight(90)
        self.opinion_edit.setTabChangesFocus(True)
        layout.addWidget(self.opinion_edit)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("开始审核", self)
        self.decision_buttons = {d: QPushButton(d, self) for d in procurement_review.DECISIONS}
        buttons.addWidget(self.start_button)
        for b in self.decision_buttons.values():
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        self.hint = QLabel("本单位的采购申报（含尚未提交的草稿）。双击打开继续填写；提交后由县智慧办审核，"
                           "审核意见随交换文件送达后显示在这里。", self)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "hint")
        layout.insertWidget(1, self.hint)
        self._show_side(reviewer)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.status_filter.currentTextChanged.connect(self._on_status_filter_current_text_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        for decision, button in self.decision_buttons.items():
            button.clicked.connect(lambda _checked=False, d=decision: self.decide(d))
        self._update_buttons()

    def set_reviewer(self, reviewer: bool) -> None:
        """The machine's side changed (本机身份设置): the office reviews, a department sees its own."""
        if reviewer != self.reviewer:
            self.reviewer = reviewer
            self.model.drafts = not reviewer
            self._show_side(reviewer)
            self.refresh()

    def _show_side(self, reviewer: bool) -> None:
        drafts = [] if reviewer else [DRAFT_STATUS]
        self.status_filter.clear()
        self.status_filter.addItems([ALL, *drafts, *(s.value for s in procurement_review.STATUSES[1:])])
        self.hint.setVisible(not reviewer)
        self.opinion_edit.setReadOnly(not reviewer)
        self.opinion_edit.setPlaceholderText("县智慧办审核意见（退回修改写明修改要求，不予通过写明理由）" if reviewer
                                             else "县智慧办的审核意见（随交换文件送达后显示在这里）")
        self.start_button.setVisible(reviewer)
        for b in self.decision_buttons.values():
            b.setVisible(reviewer)

    # ------------------------------------------------------------------ selection

    def current_case_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.proxy.data(index, ID_ROLE) if index.isValid() else None

    def select_case(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.view.selectRow(index.row())

    def refresh(self) -> None:
        """Read every case again (F5)."""
        self.load(read_cases(self.ws, drafts=self.model.drafts))

    def load(self, cases: Cases) -> None:
        current = self.current_case_id()
        self.model.load(cases)
        if current:
            self.select_case(current)
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        # Before the first read the window keeps the changes and passes them on after it.
        if not self.model.loaded or not changes.touches(Area.PROCUREMENT, Area.DRAFTS, Area.SETTINGS):
            return
        if changes.touches(Area.SETTINGS) or (changes.touches(Area.PROCUREMENT) and not changes.procurements):
            self.refresh()
        elif changes.procurements:
            self.model.update_cases(changes.procurements)
            self._update_buttons()

    def _on_view_double_clicked(self, index) -> None:
        case_id = self.proxy.data(index, ID_ROLE)
        if case_id:
            self.open_requested.emit(case_id)

    def _on_status_filter_current_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString("" if text == ALL else text)
        self._update_buttons()

    def _on_view_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            row = self.model.case(self.proxy.mapToSource(index).row())
            self.opinion_edit.setPlainText(row.review_opinion)
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.view.currentIndex()
        status = self.proxy.data(index, STATUS_ROLE) if index.isValid() else None
        nexts = procurement_review.allowed(status) if status else ()
        self.start_button.setEnabled("审核中" in nexts)
        for decision, button in self.decision_buttons.items():
            button.setEnabled(decision in nexts)
        if status:
            row = self.model.case(self.proxy.mapToSource(index).row())
            reviewed = f"（{row.reviewed_by} {row.reviewed_on.isoformat()}）" if row.reviewed_on else ""
            if row.status == CaseStatus.DRAFT:
                reviewed = "，尚未提交县智慧办（双击打开继续填写）"
            self.case_label.setText(f"{row.label}　{row.applicant_unit}　当前：{self.model.status_text(row)}{reviewed}")
        else:
            self.case_label.setText("选择一件采购申报。")

    # ------------------------------------------------------------------ actions

    def _run(self, action, done: str) -> bool:
        case_id = self.current_case_id()
        if case_id is None:
            return False
        try:
            action(case_id)
        except XxhError as exc:
            self.message_label.setStyleSheet("color: #b3261e;")
            self.message_label.setText(str(exc))
            return False
        self.message_label.setStyleSheet("color: #1b7f3a;")
        self.message_label.setText(done)
        self._update_buttons()   # the row itself was redrawn by the Changes of the write
        return True

    def _on_start_button_clicked(self) -> None:
        self.start_review()

    def start_review(self) -> bool:
        return self._run(lambda cid: procurement_review.start_review(self.ws, cid), "已开始审核。")

    def decide(self, decision: str) -> bool:
        text = self.opinion_edit.toPlainText()
        return self._run(lambda cid: procurement_review.decide(self.ws, cid, decision, text),
                         f"已记录审核结论：{decision}。")
