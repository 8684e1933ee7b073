"""首页: what is late or due soon, projects per stage, investment per year and per unit.

Charts are rebuilt whole (a new `QChart` each time, the old one deleted) so a
change never draws a second set of axes over the first; category labels are
never cut to «…» (names are shortened, the axis keeps them whole). An empty
workspace shows the two first actions instead of empty axes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QStackedBarSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
    QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from ... import deadlines, lifecycle, overview
from ...amounts import format_wan
from ...deadlines import Deadline
from ...domain.fields import Side
from ...errors import XxhError
from ...storage.changes import Area, Changes
from ...workspace import Workspace
from ..models.lifecycle_tables import ID_ROLE, RecordsModel
from ..ops import Op, Operations
from ..refresh import ChangeHub, is_wide
from ..plain_text import plain_label, plain_message

CHANNEL_COLORS = ("#2f6bb8", "#3f9b5b", "#d98200", "#8a63b8")
TOP_UNITS = 8
LABEL_POINT_SIZE = 8
DASHBOARD_AREAS = (Area.PROJECT, Area.STAGE, Area.DECLARATION, Area.ASSETS, Area.SETTINGS)
# 到期日, 编号, (名称 takes the room left), 事项, 状态
DEADLINE_WIDTHS = {0: 90, 1: 104, 3: 180, 4: 100}


def _small(font: QFont) -> QFont:
    font = QFont(font)
    font.setPointSizeF(LABEL_POINT_SIZE)
    return font


def _category_axis(labels: list[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    axis.setTruncateLabels(False)   # a stage or unit name is never «…»
    axis.setLabelsFont(_small(axis.labelsFont()))
    return axis


def _value_axis(top: float, fmt: str) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.applyNiceNumbers()
    axis.setLabelFormat(fmt)
    axis.setLabelsFont(_small(axis.labelsFont()))
    return axis


def _new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class Dashboard(QWidget):
    """The first screen. `project_activated(id)` when the clerk opens a deadline's project;
    `new_project_requested` / `import_requested` from the empty state's two buttons."""

    project_activated = Signal(str)
    new_project_requested = Signal()
    import_requested = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, today: date | None = None,
                 hub: ChangeHub | None = None, ops: Operations | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ops = ops   # with the window's operations, the sums after a change are read off the UI thread
        self._summing = False
        self.today = today or date.today()
        self.hub = hub or ChangeHub(ws, self)
        self.hub.changed.connect(self._on_changes)
        self._watched: dict[str, list[Deadline]] = {}
        self._flags: dict[str, str] = {}
        self._late: dict[str, list[deadlines.LateReport]] = {}   # 第十八条 reports sent late
        self._charts_stale = True
        self.loaded = False
        self._chart_timer = QTimer(self)   # several writes in a row redraw the charts once
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(0)
        self._chart_timer.timeout.connect(self._draw_charts_if_shown)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        head = QHBoxLayout()
        self.deadline_label = QLabel(self)
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setToolTip(deadlines.DECLARATION_DEADLINE_HELP)
        head.addWidget(self.deadline_label, 1)
        self.help_button = QPushButton("截止日说明", self)
        self.help_button.clicked.connect(self._on_help_button_clicked)
        self.edit_deadline_button = QPushButton("修改截止日…", self)
        self.edit_deadline_button.clicked.connect(self._on_edit_deadline_button_clicked)
        self.security_button = QPushButton("检测评估间隔…", self)
        self.security_button.setToolTip(deadlines.SECURITY_HELP)
        self.security_button.clicked.connect(self._on_security_button_clicked)
        head.addWidget(self.help_button)
        head.addWidget(self.edit_deadline_button)
        head.addWidget(self.security_button)
        outer.addLayout(head)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_overview())
        self.pages.addWidget(self._build_empty())
        outer.addWidget(self.pages, 1)
        self.show_side()
        self.summary_label.setText("正在读取各项目的期限…")
        self._update_deadline_label()
        if load:
            self.reload()

    # ------------------------------------------------------------------ building

    def _build_overview(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        due_box = QGroupBox("逾期与30天内到期（双击打开项目）", page)
        due_layout = QVBoxLayout(due_box)
        self.summary_label = QLabel(due_box)
        self.summary_label.setWordWrap(True)
        due_layout.addWidget(self.summary_label)
        # 第十八条: a report already sent, but late, is named here (and in the ledger's 标记).
        self.late_label = plain_label(QLabel(due_box))
        self.late_label.setWordWrap(True)
        self.late_label.setStyleSheet("color: #b3261e;")
        due_layout.addWidget(self.late_label)
        self.deadline_model = RecordsModel(("到期日", "项目编号", "项目名称", "事项", "状态"), self)
        self.deadline_view = QTableView(due_box)
        self.deadline_view.setModel(self.deadline_model)
        self.deadline_view.verticalHeader().setVisible(False)
        self.deadline_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.deadline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.deadline_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.deadline_view.setWordWrap(False)
        header = self.deadline_view.horizontalHeader()
        # Fixed widths: sizing to contents reads every cell of thousands of rows.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in DEADLINE_WIDTHS.items():
            self.deadline_view.setColumnWidth(col, width)
        self.deadline_view.activated.connect(self._on_deadline_view_activated)
        self.deadline_view.doubleClicked.connect(self._on_deadline_view_activated)
        due_layout.addWidget(self.deadline_view)
        grid.addWidget(due_box, 0, 0)

        self.stage_view = self._chart_view(page)
        grid.addWidget(self.stage_view, 0, 1)
        # The unit chart takes the wide column: its category labels are unit names.
        self.unit_view = self._chart_view(page)
        grid.addWidget(self.unit_view, 1, 0)
        self.year_view = self._chart_view(page)
        grid.addWidget(self.year_view, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        return page

    def _chart_view(self, parent: QWidget) -> QChartView:
        view = QChartView(_new_chart(""), parent)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(200)
        return view

    def _build_empty(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.addStretch(1)
        title = QLabel("还没有项目", page)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        box.addWidget(title)
        self.empty_hint = QLabel(page)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        box.addWidget(self.empty_hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.new_project_button = QPushButton("新建项目申报…", page)
        self.import_button = QPushButton("导入交换文件…", page)
        for button in (self.new_project_button, self.import_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(180)
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(2)
        self.new_project_button.clicked.connect(self.new_project_requested)
        self.import_button.clicked.connect(self.import_requested)
        return page

    def show_side(self) -> None:
        """What this machine's side may do here (at start, and when 本机身份设置 changes it)."""
        office = self.ws.settings.side == Side.OFFICE
        # 第五条、第十三条: the deadline and the interval are the office's to set, not a department's.
        self.edit_deadline_button.setVisible(office)
        self.security_button.setVisible(office)
        # 第五条: the office does not create projects; the departments declare them.
        self.new_project_button.setVisible(not office)
        self.empty_hint.setText("各项目建设单位的申报表随交换文件（.xxh）送达：用「导入交换文件」收取。" if office
                                else "先新建项目申报，填写申报表（附件1）；县智慧办的回复随交换文件（.xxh）送达。")

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read everything again (F5, a wide change)."""
        found = deadlines.project_deadlines(self.ws)
        self.load(deadlines.watched(found, self.today), lifecycle.escalation_flags(self.ws, self.today),
                  overview.sums(self.ws, TOP_UNITS), deadlines.late_reports(self.ws))

    def load(self, watched: list[Deadline], flags: dict[str, str], sums: overview.Sums,
             late: list[deadlines.LateReport] | tuple = ()) -> None:
        """Show what was read elsewhere (the window's first read, done once for every view)."""
        self._watched = {}
        for d in watched:
            self._watched.setdefault(d.project_id, []).append(d)
        self._flags = dict(flags)
        self._late = {}
        for r in late:
            self._late.setdefault(r.project_id, []).append(r)
        self.loaded = True
        self._show_deadlines()
        self._update_deadline_label()
        self.show_sums(sums)

    def _update_deadline_label(self) -> None:
        on = self.today
        nxt = deadlines.next_declaration_deadline(self.ws, on)
        month, day = deadlines.parse_month_day(deadlines.declaration_deadline_setting(self.ws))
        self.deadline_label.setText(
            f"今天 {on.isoformat()}。下一年度项目申报截止：{nxt.isoformat()}（第五条“每年10月份前”，"
            f"本系统按 {month}月{day}日 计；其后收到的申报标为“逾期申报”）。")

    def _show_deadlines(self) -> None:
        from ..kanban.delegate import OVERDUE_COLOR, UPCOMING_COLOR   # the board's colours; the board comes later

        on = self.today
        watched = sorted((d for ds in self._watched.values() for d in ds), key=lambda d: (d.due, d.number, d.matter))
        overdue = sum(1 for d in watched if d.due < on)
        self.summary_label.setText(f"逾期 {overdue} 项，30天内到期 {len(watched) - overdue} 项；"
                                   f"限期整改逾期、可按第二十条暂缓/暂停/终止的项目 {len(self._flags)} 个。")
        late = [r for rs in self._late.values() for r in rs]
        self.late_label.setText("\n".join(f"逾期报送 {r.number} {r.name}：{r.text}" for r in late))
        self.late_label.setVisible(bool(late))
        self.deadline_model.set_rows(
            [(d.due.isoformat(), d.number, d.name, d.matter,
              f"{d.status(on)}（{-d.days_left(on)}天）" if d.due < on else f"{d.status(on)}（余{d.days_left(on)}天）")
             for d in watched],
            ids=[d.project_id for d in watched],
            colors=[OVERDUE_COLOR if d.due < on else UPCOMING_COLOR for d in watched])

    def update_projects(self, ids: set[str] | frozenset[str]) -> None:
        """Redraw the deadlines of `ids` only; the charts (sums) are redrawn when shown."""
        for pid in ids:
            try:
                found = deadlines.project_deadlines(self.ws, pid)
            except XxhError:   # deleted
                found = []
            self._watched.pop(pid, None)
            fresh = deadlines.watched(found, self.today)
            if fresh:
                self._watched[pid] = fresh
            self._flags.pop(pid, None)
            if found:
                self._flags.update(lifecycle.escalation_flags(self.ws, self.today, pid))
            self._late.pop(pid, None)
            try:
                late = deadlines.late_reports(self.ws, pid)
            except XxhError:   # deleted
                late = []
            if late:
                self._late[pid] = late
        self._show_deadlines()
        self._charts_stale = True
        self._chart_timer.start()

    def _on_changes(self, changes: Changes) -> None:
        if not self.loaded or not changes.touches(*DASHBOARD_AREAS):
            return
        if is_wide(changes, Area.SETTINGS):
            self._update_deadline_label()
            if not self.hub.read_all_in_background():
                self.reload()
        elif changes.projects:
            self.update_projects(changes.projects)

    # ------------------------------------------------------------------ charts

    @property
    def stage_chart(self) -> QChart:
        return self.stage_view.chart()

    @property
    def unit_chart(self) -> QChart:
        return self.unit_view.chart()

    @property
    def year_chart(self) -> QChart:
        return self.year_view.chart()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._charts_stale and self.loaded:
            self._chart_timer.start()

    def _draw_charts_if_shown(self) -> None:
        if self.isVisible():
            self.draw_charts()

    def draw_charts(self) -> None:
        """Each chart anew from the sums in the database: read on a worker thread when the
        window's operations are at hand (a few aggregate queries over every project), else here."""
        self._charts_stale = False
        if self.ops is None:
            self.show_sums(overview.sums(self.ws, TOP_UNITS))
            return
        if self._summing:   # one read at a time; a change meanwhile asks for one more
            self._charts_stale = True
            return
        self._summing = True
        self.ops.run(Op("统计", lambda ws, _p: overview.sums(ws, TOP_UNITS), on_done=self._on_sums_read,
                        on_error=lambda _exc: self._on_sums_read(None), quiet=True))

    def _on_sums_read(self, sums: overview.Sums | None) -> None:
        self._summing = False
        if sums is not None:
            self.show_sums(sums)
        if self._charts_stale:
            self._chart_timer.start()

    def show_sums(self, sums: overview.Sums) -> None:
        self._charts_stale = False
        empty = not any(sums.stages.values())
        self.pages.setCurrentIndex(1 if empty else 0)
        if empty:
            return
        self._replace(self.stage_view, self._stage_chart(sums.stages))
        self._replace(self.unit_view, self._unit_chart(sums.by_unit))
        self._replace(self.year_view, self._year_chart(sums.by_year))

    @staticmethod
    def _replace(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()

    def _stage_chart(self, counts) -> QChart:
        chart = _new_chart("各阶段项目数")
        bar = QBarSet("项目数")
        bar.setColor(QColor("#2f6bb8"))
        stages = list(reversed(lifecycle.STAGES))   # first stage on top
        bar.append([counts[s] for s in stages])
        series = QHorizontalBarSeries()
        series.append(bar)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        axis_y = _category_axis([s.value for s in stages])
        axis_x = _value_axis(max(max(counts.values(), default=0), 4), "%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        chart.legend().setVisible(False)
        return chart

    def _year_chart(self, data: dict) -> QChart:
        chart = _new_chart("年度投资额（万元）按资金渠道")
        series = QStackedBarSeries()
        for name, color in zip(overview.CHANNEL_NAMES, CHANNEL_COLORS):
            bar = QBarSet(name)
            bar.setColor(QColor(color))
            bar.append([float(data[y][name]) for y in data])   # display only; sums stay Decimal
            series.append(bar)
        top = max([float(sum(v.values())) for v in data.values()] + [1.0])
        chart.addSeries(series)
        axis_x = _category_axis([str(y) for y in data] or ["—"])
        axis_y = _value_axis(top * 1.05, "%.0f")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setFont(_small(chart.legend().font()))
        return chart

    def _unit_chart(self, top: list) -> QChart:
        ranked = list(reversed(top))   # largest on top
        chart = _new_chart(f"投资额（万元）前{TOP_UNITS}名的单位")
        bar = QBarSet("投资额（万元）")
        bar.setColor(QColor("#3f9b5b"))
        bar.append([float(v) for _, v in ranked])
        series = QHorizontalBarSeries()
        series.append(bar)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        axis_y = _category_axis([short_unit(u) for u, _ in ranked] or ["—"])
        axis_x = _value_axis(max([float(v) for _, v in ranked] + [1]) * 1.1, "%.0f")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        chart.legend().setVisible(False)
        chart.setToolTip("\n".join(f"{u}：{format_wan(v)} 万元" for u, v in reversed(ranked)))
        return chart

    # ------------------------------------------------------------------ actions

    def _on_deadline_view_activated(self, index: QModelIndex) -> None:
        pid = index.data(ID_ROLE)
        if pid:
            self.project_activated.emit(pid)

    def _on_help_button_clicked(self) -> None:
        QMessageBox.information(self, "年度申报截止日（第五条）", plain_message(deadlines.DECLARATION_DEADLINE_HELP))

    def _on_security_button_clicked(self) -> None:
        months, ok = QInputDialog.getInt(self, "网络安全检测与风险评估间隔（第十三条）",
                                         deadlines.SECURITY_HELP + "\n\n间隔（月）：",
                                         deadlines.security_interval(self.ws), 1, 36)
        if not ok:
            return
        try:
            deadlines.set_security_interval(self.ws, months)
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self.reload()

    def _on_edit_deadline_button_clicked(self) -> None:
        text, ok = QInputDialog.getText(self, "年度申报截止日", deadlines.DECLARATION_DEADLINE_HELP +
                                        "\n\n截止日（MM-DD）：", text=deadlines.declaration_deadline_setting(self.ws))
        if not ok:
            return
        try:
            deadlines.set_declaration_deadline(self.ws, text)
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", plain_message(str(exc)))
            return
        self._update_deadline_label()   # the rest follows the Changes (a SETTINGS change reloads)


def short_unit(name: str) -> str:
    """A unit's name without the county prefix, short enough for a chart axis (县公安局 → 公安局)."""
    for prefix in ("金寨县", "县"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
            break
    name = name.removesuffix("人民政府")
    return name if len(name) <= 8 else name[:7] + "…"
