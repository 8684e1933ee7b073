"""What both form editors share: autosave, blank-able date pickers, field messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QLabel, QLineEdit, QMenu, QWidget

from ...amounts import to_decimal
from ...domain import fields
from ...errors import XxhError
from ...workspace import Workspace

AUTOSAVE_DELAY_MS = 2000  # a draft is written this long after the last keystroke
BLANK_DATE = QDate(2000, 1, 1)  # the minimum of every date picker stands for "not filled in"
REQUIRED_PREFIX = "请填写"


class Autosaver(QObject):
    """Debounced saving: `touch()` on every edit; `flush()` saves at once if pending."""

    def __init__(self, save: Callable[[], None], parent: QObject | None = None,
                 delay_ms: int = AUTOSAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self._save = save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.pending = False

    def touch(self) -> None:
        self.pending = True
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if self.pending:
            self.pending = False
            self._save()

    def cancel(self) -> None:
        self._timer.stop()
        self.pending = False


class DraftEditor(QWidget):
    """What both editors do with drafts: nothing typed is lost (issue 3 item 8).

    A subclass sets `draft_kind`, calls `_setup_drafts` once its widgets
    exist, calls `autosaver.touch()` on every edit and provides `form()`.
    """

    draft_kind = ""

    def _setup_drafts(self, ws: Workspace, record_id: str, status_label: QLabel) -> None:
        self.ws = ws
        self._draft_record = record_id
        self._draft_label = status_label
        self.autosaver = Autosaver(self.save_draft_now, self)
        # False while an operation writes through its own connection (gui/ops.py): the draft waits.
        self.write_gate: Callable[[], bool] = lambda: True

    def form(self) -> dict:
        raise NotImplementedError

    def _restore_draft(self, banner: QLabel) -> dict | None:
        """The newest usable draft's form (shown in `banner`), or None to show the stored record.

        A draft older than the record (e.g. after an import) is not restored; the banner says so.
        """
        draft, stale = self.ws.drafts.usable(self.draft_kind, self._draft_record)
        if draft is not None:
            banner.setText(f"已恢复 {draft.saved_at[:19].replace('T', ' ')} 自动保存的草稿（尚未提交申报）。")
            banner.setVisible(True)
            return draft.form
        banner.setVisible(stale is not None)
        if stale is not None:
            banner.setText(f"{stale.saved_at[:19].replace('T', ' ')} 的草稿未恢复：申报表此后已被更新"
                           "（如导入了县智慧办的回复），显示的是最新内容。")
        return None

    def save_draft_now(self) -> None:
        if self.ws.database.in_transaction or not self.write_gate():
            # A long write is under way (on this connection, or an operation's own): a draft
            # saved now would join that transaction, or wait on its lock; it is saved after.
            self.autosaver.touch()
            return
        try:
            self.ws.drafts.save(self.draft_kind, self._draft_record, self.form())
        except XxhError as exc:
            self._draft_label.setText(f"草稿未能保存：{exc}")
            return
        self._draft_label.setText(f"草稿已自动保存 {datetime.now():%H:%M:%S}")

    def _on_save_draft_clicked(self) -> None:
        self.autosaver.cancel()
        self.save_draft_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A pending autosave is written before the editor goes away.
        if not self.ws.closed:
            self.autosaver.flush()
        super().closeEvent(event)


def setup_date_edit(edit: QDateEdit, *, months: bool = False) -> None:
    """A picker that can stay empty: its minimum date shows as 未填写."""
    edit.setMinimumDate(BLANK_DATE)
    edit.setSpecialValueText("未填写")
    edit.setDate(BLANK_DATE)
    if months:
        edit.setCurrentSection(QDateEdit.Section.YearSection)


def date_text(edit: QDateEdit, *, month: bool = False) -> str:
    d = edit.date()
    if d == edit.minimumDate():
        return ""
    return f"{d.year():04d}-{d.month():02d}" if month else f"{d.year():04d}-{d.month():02d}-{d.day():02d}"


def set_date_text(edit: QDateEdit, text: str, *, month: bool = False) -> None:
    try:
        value = date.fromisoformat(text + "-01" if month else text) if text else None
    except ValueError:
        value = None
    edit.setDate(QDate(value.year, value.month, value.day) if value else edit.minimumDate())


_INPUT_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.ContextMenu)


class BlankDateStarter(QObject):
    """A blank date stays blank until the clerk picks one.

    A click anywhere on a blank picker opens a calendar on today's month and
    changes nothing until a day is chosen (no stray click on the arrows can
    enter a date). The first arrow key or digit starts from `default()` (today)
    instead of the year 2000. The right-click menu can blank a date again.
    """

    def __init__(self, edit: QDateEdit, default: Callable[[], QDate]) -> None:
        super().__init__(edit)
        self._edit = edit
        self._default = default
        self.popup: QCalendarWidget | None = None
        edit.installEventFilter(self)
        for child in edit.findChildren(QLineEdit):
            child.installEventFilter(self)

    def _blank(self) -> bool:
        return self._edit.date() == self._edit.minimumDate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        # Only input events are looked at (others arrive while the picker is being destroyed).
        if kind not in _INPUT_EVENTS or self._edit.isReadOnly() or not self._edit.isEnabled():
            return False
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self._context_menu(event.globalPos())
            return True
        if not self._blank():
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self.open_calendar()
            return True
        if kind == QEvent.Type.Wheel:
            return True   # a wheel over a blank field enters nothing
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._edit.setDate(self._default())
                return True   # the first step lands on today, not a day away from it
            if event.text().isdigit():
                self._edit.setDate(self._default())
        return False

    def open_calendar(self) -> QCalendarWidget:
        """The calendar on the default date's month; the field stays blank until a day is clicked."""
        popup = QCalendarWidget(self._edit)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        popup.setGridVisible(True)
        start = self._default()
        popup.setSelectedDate(start)
        popup.setCurrentPage(start.year(), start.month())
        popup.clicked.connect(self._on_popup_clicked)
        popup.activated.connect(self._on_popup_clicked)
        popup.show()   # its final size is known once shown
        below = self._edit.mapToGlobal(QPoint(0, self._edit.height()))
        area = self._edit.screen().availableGeometry()   # kept on the screen, as a combo box's list is
        x = max(area.left(), min(below.x(), area.right() - popup.width()))
        above = self._edit.mapToGlobal(QPoint()).y() - popup.height()
        y = below.y() if below.y() + popup.height() <= area.bottom() else above
        popup.move(x, max(area.top(), y))
        self.popup = popup
        return popup

    def _on_popup_clicked(self, chosen: QDate) -> None:
        self._edit.setDate(chosen)
        if self.popup is not None:
            self.popup.close()
            self.popup = None
        self._edit.setFocus()

    def _context_menu(self, where: QPoint) -> None:
        menu = QMenu(self._edit)
        menu.addAction("选择日期…", self.open_calendar)
        clear = menu.addAction("清除（未填写）", lambda: self._edit.setDate(self._edit.minimumDate()))
        clear.setEnabled(not self._blank())
        menu.exec(where)
        menu.deleteLater()


def reformat_amount(edit: QLineEdit, formatter: Callable, places: int) -> None:
    """Show a typed amount with thousand separators once the user leaves the field.

    Only when the formatter loses nothing: an amount with too many decimals
    stays as typed (its message explains it), never silently rounded.
    """
    text = edit.text().strip()
    if not text:
        return
    try:
        value = to_decimal(text)
    except XxhError:
        return  # the field's message explains it; keep what was typed
    if value != value.quantize(Decimal(1).scaleb(-places)):
        return
    formatted = formatter(value)
    if formatted != edit.text():
        edit.setText(formatted)


def show_message(label: QLabel, messages: list[str]) -> None:
    text = "\n".join(messages)
    if label.text() != text:
        label.setText(text)
    label.setVisible(bool(text))


def label_fields(ui: object, form: str, record: str) -> None:
    """Each field's label in an editor (``<field>Label``) says what the catalogue says the form prints."""
    for f in fields.of_record(record):
        widget = getattr(ui, camel(f.name) + "Label", None)
        if isinstance(widget, QLabel):
            colon = "：" if widget.text().rstrip().endswith("：") else ""
            # The editor writes the unit after the amount's box, so not in the label too.
            text = fields.caption_for(form, f.key).removesuffix(f"（{f.unit}）" if f.unit else "")
            widget.setText(text + colon)
            widget.setWordWrap(True)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
