"""The reviewer's checklist panel (第九条 review, 第十条 opinion), docked beside the selected project.

Keyboard: in the table, 1 / 2 / 3 answer the current item 符合 / 不符合 /
需补充; Tab goes to the comment; Enter there saves it and returns to the
next item. Suggestions (grey, «建议：…») are confirmed one by one with their
key or all at once with «采纳建议». Every write goes through the core
(`checklist`, `lifecycle`); a refusal shows its Chinese message in the panel.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDockWidget, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QTableView,
    QVBoxLayout, QWidget,
)

from ... import checklist, clock, lifecycle
from ...domain.stages import SideState, Stage
from ...errors import XxhError
from ...storage.changes import Area, Changes
from ...workspace import Workspace
from ..models.checklist_model import ChecklistModel
from ..refresh import ChangeHub

ANSWER_KEYS = {
    Qt.Key.Key_1: checklist.ANSWERS[0],
    Qt.Key.Key_2: checklist.ANSWERS[1],
    Qt.Key.Key_3: checklist.ANSWERS[2],
}


class ChecklistView(QTableView):
    """A table where 1 / 2 / 3 answer the current row and Tab leaves for the comment.

    In a narrow dock the 意见说明 column gives its room to 审核内容 (the comment is
    in the box below for the current item, and in each row's tooltip).
    """

    answer_pressed = Signal(str)
    NARROW = 460

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)   # Tab moves focus to the comment, not to the next cell

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.model() is not None:
            self.setColumnHidden(3, self.width() < self.NARROW)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        answer = ANSWER_KEYS.get(Qt.Key(event.key()))
        if answer and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.answer_pressed.emit(answer)
            event.accept()
            return
        super().keyPressEvent(event)


REVIEW_AREAS = (Area.REVIEW, Area.STAGE, Area.MATERIALS, Area.DECLARATION, Area.PROJECT)


class ChecklistPanel(QDockWidget):
    """Dock widget: follow `set_project` (MainWindow.project_selected).

    Fits a 728-pixel-high screen: every item is one line (the current item's
    whole text shows below the table), so all eleven items are in view.
    """

    changed = Signal()                  # after the panel itself wrote something
    print_requested = Signal(str, str)  # (project id, form name) — e.g. «审核意见»
    stage_moved = Signal(str, str, str)  # (id, from, to): 报县政府批准 moved the project

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, hub: ChangeHub | None = None,
                 later: bool = False) -> None:
        """`later`: the panel's contents are made when it is first shown or given a project
        (the window's dock starts behind 项目详情, out of its first frame)."""
        super().__init__("审核清单（第九条）", parent)
        self.setObjectName("ChecklistPanel")
        self.ws = ws
        self.hub = hub or ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)
        self.model = ChecklistModel(ws, self)
        self.built = False
        if later:
            # A dock tabified behind another is kept "visible", moved out of sight: its tab being
            # chosen is what shows it.
            self.visibilityChanged.connect(self._on_visibility_changed)
        else:
            self._build()

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and not self.built:
            self._build()
            self.widget().show()   # in the frame that shows the dock

    def _build(self) -> None:
        if self.built:
            return
        self.built = True
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        self.project_label = QLabel("请在项目列表中选择一个项目。", body)
        self.project_label.setWordWrap(True)
        self.progress_label = QLabel(body)
        head = QHBoxLayout()
        head.addWidget(self.project_label, 1)
        head.addWidget(self.progress_label)
        layout.addLayout(head)

        self.view = ChecklistView(body)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line an item: all eleven in view on a laptop; the current item's text is shown in full below.
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        row_height = self.fontMetrics().height() + 8
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(row_height)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, self.fontMetrics().horizontalAdvance("第十四条（四）") + 12)
        self.view.setColumnWidth(2, self.fontMetrics().horizontalAdvance("建议：需补充") + 12)
        # At least eight items and the header in view; all eleven when the screen has the room.
        self.view.setMinimumHeight(row_height * 9 + 4)
        layout.addWidget(self.view, 1)

        self.item_label = QLabel(body)   # the current item in full, with its article
        self.item_label.setWordWrap(True)
        self.item_label.setStyleSheet("background: #f4f6f9; padding: 4px; border-radius: 3px;")
        layout.addWidget(self.item_label)

        hint = QLabel("1 符合 · 2 不符合 · 3 需补充 · Tab 写说明", body)
        hint.setToolTip("在清单中按 1、2、3 记下结果；按 Tab 到意见说明，回车保存并到下一项。悬停可看条款原文。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.comment_edit = QLineEdit(body)
        self.comment_edit.setPlaceholderText("意见说明（回车保存）")
        self.accept_button = QPushButton("采纳建议", body)
        self.accept_button.setToolTip("把灰色的建议结果作为审核结果保存（只填未审的项）")
        self.acceptable_button = QPushButton("可以接受…", body)
        self.acceptable_button.setToolTip("第九条：所选需补充项不必补充即可接受的，写明理由（不再退回补充）")
        row.addWidget(self.comment_edit, 1)
        row.addWidget(self.accept_button)
        row.addWidget(self.acceptable_button)
        layout.addLayout(row)

        # 第九条: 县智慧办 reviews 会同有关部门 — who was consulted, and when.
        consult = QHBoxLayout()
        consult.addWidget(QLabel("会同审核：", body))
        self.consulted_units_edit = QLineEdit(body)
        self.consulted_units_edit.setPlaceholderText("会同的部门（第九条）")
        self.consulted_on_edit = QLineEdit(body)
        self.consulted_on_edit.setPlaceholderText("YYYY-MM-DD")
        self.consulted_on_edit.setMaximumWidth(110)
        self.consult_button = QPushButton("记录", body)
        consult.addWidget(self.consulted_units_edit, 1)
        consult.addWidget(self.consulted_on_edit)
        consult.addWidget(self.consult_button)
        layout.addLayout(consult)

        self.supply_label = QLabel(body)
        self.supply_label.setWordWrap(True)
        self.supply_label.setStyleSheet("color: #a15c00;")
        layout.addWidget(self.supply_label)

        box = QGroupBox("书面审核意见（第十条）", body)
        form = QFormLayout(box)
        self.conclusion_combo = QComboBox(box)
        self.conclusion_combo.addItems(checklist.CONCLUSIONS)
        self.opinion_edit = QPlainTextEdit(box)
        self.opinion_edit.setPlaceholderText("审核意见及理由（按审核清单生成，可修改；修改后同意、不同意、补充后再审须写明理由）")
        self.opinion_edit.setTabChangesFocus(True)
        self.opinion_edit.setMaximumHeight(60)
        form.addRow("审核结论：", self.conclusion_combo)
        form.addRow("意见及理由：", self.opinion_edit)
        buttons = QGridLayout()   # one row of four: the items keep the height on a laptop screen
        buttons.setHorizontalSpacing(3)
        box.setStyleSheet("QPushButton { padding: 4px 6px; }")   # four abreast in a narrow dock
        self.draft_button = QPushButton("生成草稿", box)
        self.save_opinion_button = QPushButton("保存意见", box)
        self.save_opinion_button.setToolTip("保存书面审核意见（第十条）")
        self.print_button = QPushButton("打印…", box)
        self.print_button.setToolTip("打印书面审核意见")
        self.submit_button = QPushButton("报县政府批准", box)
        self.submit_button.setToolTip("移至「待县政府批准」：须全部审核项已回答并已形成书面审核意见")
        for i, b in enumerate((self.draft_button, self.save_opinion_button, self.print_button, self.submit_button)):
            b.setMinimumWidth(0)
            buttons.addWidget(b, 0, i)
        form.addRow(buttons)
        layout.addWidget(box)

        self.message_label = QLabel(body)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message_label.linkActivated.connect(self._on_message_label_link_activated)
        layout.addWidget(self.message_label)
        # On a small screen (or at 125 %) the opinion scrolls into view; the items keep their rows.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.setWidget(scroll)

        self.view.answer_pressed.connect(self._on_view_answer_pressed)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.comment_edit.returnPressed.connect(self._on_comment_edit_return_pressed)
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.acceptable_button.clicked.connect(self._on_acceptable_button_clicked)
        self.consult_button.clicked.connect(self._on_consult_button_clicked)
        self.draft_button.clicked.connect(self._on_draft_button_clicked)
        self.save_opinion_button.clicked.connect(self._on_save_opinion_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.submit_button.clicked.connect(self._on_submit_button_clicked)
        self.setTabOrder(self.view, self.comment_edit)
        # Ctrl+S in the panel saves the written opinion (the answers are saved as they are given).
        save = QShortcut(QKeySequence.StandardKey.Save, self, self.save_opinion)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.set_project(None)

    # ------------------------------------------------------------------ project

    @property
    def project_id(self) -> str | None:
        return self.model.project_id

    def set_project(self, project_id: str | None) -> None:
        """Show `project_id`'s checklist (None: nothing selected).

        The same project again (the window re-selects it after every refresh)
        only re-reads it, so the current item and a half-typed opinion stay.
        """
        self._build()
        if project_id is not None and project_id == self.project_id:
            self.refresh()
            return
        self.model.set_project(project_id)
        self.message_label.clear()
        enabled = project_id is not None
        for w in (self.view, self.comment_edit, self.accept_button, self.acceptable_button, self.conclusion_combo,
                  self.opinion_edit, self.draft_button, self.save_opinion_button,
                  self.print_button, self.submit_button, self.consulted_units_edit, self.consulted_on_edit,
                  self.consult_button):
            w.setEnabled(enabled)
        if project_id is None:
            self.project_label.setText("请在项目列表中选择一个项目。")
            self.progress_label.clear()
            self.item_label.clear()
            self.supply_label.clear()
            self.comment_edit.clear()
            self.opinion_edit.clear()
            self.consulted_units_edit.clear()
            self.consulted_on_edit.clear()
            return
        op = checklist.opinion(self.ws, project_id)
        if op:
            self.conclusion_combo.setCurrentText(op.conclusion)
            self.opinion_edit.setPlainText(op.text)
        else:
            # 第十条: the opinion starts as the answers give it; the clerk edits it.
            self._on_draft_button_clicked()
        p = self.ws.projects.get(project_id)
        self.consulted_units_edit.setText(p.consulted_units)
        self.consulted_on_edit.setText(p.consulted_on.isoformat() if p.consulted_on else "")
        self._refresh_labels()
        self.view.selectRow(0)

    def refresh(self) -> None:
        """Re-read the current project (after a change made elsewhere)."""
        if self.project_id is not None:
            try:
                self.ws.projects.get(self.project_id)
            except XxhError:
                self.set_project(None)
                return
            row = self.view.currentIndex().row()
            self.model.reload()
            self._refresh_labels()
            if row >= 0:
                self.view.selectRow(row)

    def _refresh_labels(self) -> None:
        pid = self.project_id
        if pid is None:
            return
        p = self.ws.projects.get(pid)
        state = f"（{p.side_state}）" if p.side_state else ""
        # 第九条、第十条: answers and opinion change only while under review (the core refuses later).
        open_ = p.stage in checklist.REVIEW_STAGES
        for w in (self.comment_edit, self.accept_button, self.acceptable_button, self.conclusion_combo,
                  self.opinion_edit, self.draft_button, self.save_opinion_button, self.submit_button,
                  self.consulted_units_edit, self.consulted_on_edit, self.consult_button):
            w.setEnabled(open_)
        frozen = "" if open_ or p.stage == Stage.DRAFT else "　<span style='color:#666'>（审核结果已报出，只读）</span>"
        self.project_label.setText(f"<b>{escape(p.label)}</b>　{escape(p.name)}<br>{escape(p.unit)} · {p.stage}"
                                   f"{state}{frozen}")
        done, total = self.model.progress()
        self.progress_label.setText(f"已审 {done}/{total}")
        if p.side_state == SideState.RETURNED and p.supply_list:
            self.supply_label.setText("已退回补充，需补充：\n" + p.supply_list)
        else:
            self.supply_label.clear()
        self._on_view_current_row_changed(self.view.currentIndex(), QModelIndex())

    def _show(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #b3261e;" if error else "color: #1b7f3a;")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setText(text)

    def _show_refusals(self, intro: str, refusals: list[str]) -> None:
        """A numbered list, each article a link to the regulation."""
        from ..dialogs.refusal import refusal_html

        self.message_label.setStyleSheet("color: #b3261e;")
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setText(f"<b>{intro}</b>{refusal_html(refusals)}")

    def _on_message_label_link_activated(self, link: str) -> None:
        if link.startswith("article:"):
            from ..dialogs.help import open_regulation

            open_regulation(self.parentWidget() or self, int(link.removeprefix("article:")))

    def _on_changes(self, changes: Changes) -> None:
        if self.project_id is not None and self.project_id in changes.projects and changes.touches(*REVIEW_AREAS):
            self.refresh()

    def _changed(self) -> None:
        # The panel's own write was heard through the hub (`_on_changes`): it is already redrawn.
        self.changed.emit()

    # ------------------------------------------------------------------ answering

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def answer_current(self, answer: str, comment: str | None = None) -> bool:
        """Store `answer` for the current item, with `comment` (default: the comment box)."""
        row = self.current_row()
        if self.project_id is None or row < 0:
            return False
        item = self.model.item_at(row)
        if comment is None:
            comment = self.comment_edit.text()
            # The grey suggestion's reason goes with its own answer only: pressing
            # «符合» on «建议：需补充（未附信息资源目录）» must not print that reason.
            suggestion = self.model.suggestion_at(row)
            if (not comment.strip() and self.model.answer_at(row) is None
                    and suggestion is not None and suggestion.answer == answer):
                comment = suggestion.comment
        try:
            checklist.set_answer(self.ws, self.project_id, item.key, answer, comment)
        except XxhError as exc:
            self._show(str(exc), error=True)
            return False
        hint = ""
        if answer != checklist.ANSWERS[0] and not comment.strip():
            # the department reads this comment in the supply list / the opinion
            hint = "　请按 Tab 写明" + ("需要补充什么" if answer == checklist.ANSWERS[2] else "不符合之处") + "，回车保存。"
        self._show(f"第 {row + 1} 项「{item.title[:16]}」：{answer}{hint}")
        self._changed()
        self.view.selectRow(row)
        return True

    def _on_view_answer_pressed(self, answer: str) -> None:
        self.answer_current(answer)

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        if row < 0:
            self.comment_edit.clear()
            self.item_label.clear()
            return
        item = self.model.item_at(row)
        self.item_label.setText(f"{row + 1}. {item.article}　{item.title}")
        # Only the stored comment: the grey suggestion shown in the table is not the clerk's words.
        stored = self.model.answer_at(row)
        self.comment_edit.setText(stored.comment if stored else "")

    def _on_comment_edit_return_pressed(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        stored = self.model.answer_at(row)
        if stored is None:
            self._show("请先在清单中按 1 / 2 / 3 选择这一项的结果，再填写意见说明。", error=True)
            return
        if self.answer_current(stored.answer, self.comment_edit.text()):
            nxt = min(row + 1, self.model.rowCount() - 1)
            self.view.selectRow(nxt)
            self.view.setFocus()

    def _on_accept_button_clicked(self) -> None:
        if self.project_id is None:
            return
        try:
            n = checklist.accept_suggestions(self.ws, self.project_id)
        except XxhError as exc:
            self._show(str(exc), error=True)
            return
        self._show(f"已采纳 {n} 项建议。" if n else "没有可采纳的建议（有建议的项都已审核）。")
        self._changed()

    def ask_acceptable_reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, "需补充项可以接受（第九条）", f"「{title}」不必补充即可接受的理由：")
        return text if ok else None

    def _on_acceptable_button_clicked(self) -> None:
        row = self.current_row()
        if self.project_id is None or row < 0:
            return
        item = self.model.item_at(row)
        stored = self.model.answer_at(row)
        if stored is None or stored.answer != checklist.ANSWERS[2]:
            self._show("请先选择一项答为「需补充」的审核项。", error=True)
            return
        reason = self.ask_acceptable_reason(item.title)
        if reason is None:
            return
        try:
            checklist.accept_item(self.ws, self.project_id, item.key, reason)
        except XxhError as exc:
            self._show(str(exc), error=True)
            return
        self._show(f"「{item.title[:16]}」：需补充，可以接受。" if reason.strip() else "已撤回可以接受。")
        self._changed()
        self.view.selectRow(row)

    def record_consultation(self) -> bool:
        """第九条: who the office consulted, and when (then the item can be answered 符合)."""
        if self.project_id is None:
            return False
        try:
            lifecycle.update_facts(self.ws, self.project_id, {"consulted_units": self.consulted_units_edit.text(),
                                                              "consulted_on": self.consulted_on_edit.text()})
        except XxhError as exc:
            self._show(str(exc), error=True)
            return False
        self._show("已记录会同审核的部门和日期（第九条）。")
        self._changed()
        return True

    def _on_consult_button_clicked(self) -> None:
        self.record_consultation()

    # ------------------------------------------------------------------ opinion and approval

    def _on_draft_button_clicked(self) -> None:
        if self.project_id is None:
            return
        self.conclusion_combo.setCurrentText(checklist.suggested_conclusion(self.ws, self.project_id))
        self.opinion_edit.setPlainText(checklist.draft_opinion_text(self.ws, self.project_id))

    def save_opinion(self) -> bool:
        if self.project_id is None:
            return False
        try:
            checklist.write_opinion(self.ws, self.project_id, self.conclusion_combo.currentText(),
                                    self.opinion_edit.toPlainText())
        except XxhError as exc:
            self._show(str(exc), error=True)
            return False
        self._show(f"已保存书面审核意见：{self.conclusion_combo.currentText()}。")
        self._changed()
        return True

    def _on_save_opinion_button_clicked(self) -> None:
        self.save_opinion()

    def _on_print_button_clicked(self) -> None:
        if self.project_id is None:
            return
        if checklist.opinion(self.ws, self.project_id) is None:
            self._show("第十条：请先保存书面审核意见，再打印。", error=True)
            return
        self.print_requested.emit(self.project_id, "审核意见")

    def submit_for_approval(self, on: date | None = None) -> bool:
        """Move to 待县政府批准 through the lifecycle gate; a refusal lists its articles."""
        if self.project_id is None:
            return False
        before = self.ws.projects.get(self.project_id).stage
        result = lifecycle.move_stage(self.ws, self.project_id, Stage.AWAITING_APPROVAL, on=on or clock.today())
        if not result:
            self._show_refusals(f"不能报县政府批准（{len(result.refusals)} 条）：", list(result.refusals))
            return False
        self._show("已移至「待县政府批准」。")
        self.stage_moved.emit(self.project_id, before.value, Stage.AWAITING_APPROVAL.value)
        self._changed()
        return True

    def _on_submit_button_clicked(self) -> None:
        self.submit_for_approval()
