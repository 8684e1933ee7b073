"""首页: what is late or due soon, projects per stage, investment per year and per unit."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QStackedBarSeries, QValueAxis,
)
from PySide6.QtCore import QModelIndex, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMessageBox,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ... import deadlines, lifecycle, overview
from ...domain.fields import Side
from ...amounts import format_wan
from ...errors import XxhError
from ...workspace import Workspace
from ..kanban.delegate import OVERDUE_COLOR, UPCOMING_COLOR
from ..models.lifecycle_tables import ID_ROLE, RecordsModel

CHANNEL_COLORS = ("#2f6bb8", "#3f9b5b", "#d98200", "#8a63b8")


TOP_UNITS = 8


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    return chart, view


class Dashboard(QWidget):
    """The first screen. `project_activated(id)` when the clerk opens a deadline's project."""

    project_activated = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.today = today or date.today()
        grid = QGridLayout(self)

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
        # 第五条、第十三条: the deadline and the interval are the office's to set, not a department's.
        self.edit_deadline_button.setVisible(ws.settings.side == Side.OFFICE)
        self.security_button.setVisible(ws.settings.side == Side.OFFICE)
        grid.addLayout(head, 0, 0, 1, 2)

        due_box = QGroupBox("逾期与30天内到期（双击打开项目）", self)
        due_layout = QVBoxLayout(due_box)
        self.summary_label = QLabel(due_box)
        due_layout.addWidget(self.summary_label)
        # 第十八条: a report already sent, but late, is named here (and in the ledger's 标记).
        self.late_label = QLabel(due_box)
        self.late_label.setWordWrap(True)
        self.late_label.setStyleSheet("color: #b3261e;")
        due_layout.addWidget(self.late_label)
        self.deadline_model = RecordsModel(("到期日", "项目编号", "项目名称", "事项", "状态"), self)
        self.deadline_view = QTableView(due_box)
        self.deadline_view.setModel(self.deadline_model)
        self.deadline_view.verticalHeader().setVisible(False)
        self.deadline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.deadline_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.deadline_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The matter is the longest column and says what is due: it takes the room left.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.deadline_view.setColumnWidth(2, 150)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.deadline_view.activated.connect(self._on_deadline_view_activated)
        self.deadline_view.doubleClicked.connect(self._on_deadline_view_activated)
        due_layout.addWidget(self.deadline_view)
        grid.addWidget(due_box, 1, 0)

        self.stage_chart, self.stage_view = _chart("各阶段项目数")
        grid.addWidget(self.stage_view, 1, 1)
        # The unit chart takes the wide column: its category labels are unit names.
        self.unit_chart, self.unit_view = _chart(f"投资额（万元）前{TOP_UNITS}名的单位")
        grid.addWidget(self.unit_view, 2, 0)
        self.year_chart, self.year_view = _chart("年度投资额（万元）按资金渠道")
        grid.addWidget(self.year_view, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        on = self.today
        nxt = deadlines.next_declaration_deadline(self.ws, on)
        month, day = deadlines.parse_month_day(deadlines.declaration_deadline_setting(self.ws))
        self.deadline_label.setText(
            f"今天 {on.isoformat()}。下一年度项目申报截止：{nxt.isoformat()}（第五条“每年10月份前”，"
            f"本系统按 {month}月{day}日 计；其后收到的申报标为“逾期申报”）。")
        watched = deadlines.watched_deadlines(self.ws, on)
        flags = lifecycle.escalation_flags(self.ws, on)
        overdue = sum(1 for d in watched if d.due < on)
        self.summary_label.setText(f"逾期 {overdue} 项，30天内到期 {len(watched) - overdue} 项；"
                                   f"限期整改逾期、可按第二十条暂缓/暂停/终止的项目 {len(flags)} 个。")
        late = deadlines.late_reports(self.ws)
        self.late_label.setText("\n".join(f"逾期报送 {r.number} {r.name}：{r.text}" for r in late))
        self.late_label.setVisible(bool(late))
        self.deadline_model.set_rows(
            [(d.due.isoformat(), d.number, d.name, d.matter,
              f"{d.status(on)}（{-d.days_left(on)}天）" if d.due < on else f"{d.status(on)}（余{d.days_left(on)}天）")
             for d in watched],
            ids=[d.project_id for d in watched],
            colors=[OVERDUE_COLOR if d.due < on else UPCOMING_COLOR for d in watched])
        self._draw_stage_chart()
        self._draw_year_chart()
        self._draw_unit_chart()

    def _reset(self, chart: QChart) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def _draw_stage_chart(self) -> None:
        counts = overview.stage_counts(self.ws)
        self._reset(self.stage_chart)
        bar = QBarSet("项目数")
        bar.setColor(QColor("#2f6bb8"))
        stages = list(reversed(lifecycle.STAGES))   # first stage on top
        bar.append([counts[s] for s in stages])
        series = QHorizontalBarSeries()
        series.append(bar)
        series.setLabelsVisible(True)
        self.stage_chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(stages)
        axis_x = QValueAxis()
        axis_x.setRange(0, max(max(counts.values(), default=0), 4))
        axis_x.applyNiceNumbers()
        axis_x.setLabelFormat("%d")
        self.stage_chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        self.stage_chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        self.stage_chart.legend().setVisible(False)

    def _draw_year_chart(self) -> None:
        data = overview.investment_by_year_and_channel(self.ws)
        self._reset(self.year_chart)
        series = QStackedBarSeries()
        years = [str(y) for y in data]
        top = 0.0
        for name, color in zip(overview.CHANNEL_NAMES, CHANNEL_COLORS):
            bar = QBarSet(name)
            bar.setColor(QColor(color))
            bar.append([float(data[y][name]) for y in data])   # display only; sums stay Decimal
            series.append(bar)
        for y in data:
            top = max(top, float(sum(data[y].values())))
        self.year_chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(years or ["—"])
        axis_y = QValueAxis()
        axis_y.setRange(0, max(top, 1) * 1.05)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%.0f")
        self.year_chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        self.year_chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)

    def _draw_unit_chart(self) -> None:
        ranked = list(reversed(overview.investment_by_unit(self.ws, TOP_UNITS)))   # largest on top
        self._reset(self.unit_chart)
        bar = QBarSet("投资额（万元）")
        bar.setColor(QColor("#3f9b5b"))
        bar.append([float(v) for _, v in ranked])
        series = QHorizontalBarSeries()
        series.append(bar)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        self.unit_chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([_short_unit(u) for u, _ in ranked] or ["—"])
        # QtCharts elides a category label taller than its band: a smaller face keeps names whole.
        label_font = axis_y.labelsFont()
        label_font.setPointSizeF(8)
        axis_y.setLabelsFont(label_font)
        axis_x = QValueAxis()
        axis_x.setRange(0, max([float(v) for _, v in ranked] + [1]) * 1.1)
        axis_x.applyNiceNumbers()
        axis_x.setLabelFormat("%.0f")
        self.unit_chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        self.unit_chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        self.unit_chart.legend().setVisible(False)
        self.unit_chart.setToolTip("\n".join(f"{u}：{format_wan(v)} 万元" for u, v in reversed(ranked)))

    # ------------------------------------------------------------------ actions

    def _on_deadline_view_activated(self, index: QModelIndex) -> None:
        pid = index.data(ID_ROLE)
        if pid:
            self.project_activated.emit(pid)

    def _on_help_button_clicked(self) -> None:
        QMessageBox.information(self, "年度申报截止日（第五条）", deadlines.DECLARATION_DEADLINE_HELP)

    def _on_security_button_clicked(self) -> None:
        months, ok = QInputDialog.getInt(self, "网络安全检测与风险评估间隔（第十三条）",
                                         deadlines.SECURITY_HELP + "\n\n间隔（月）：",
                                         deadlines.security_interval(self.ws), 1, 36)
        if not ok:
            return
        try:
            deadlines.set_security_interval(self.ws, months)
        except XxhError as exc:
            QMessageBox.warning(self, "未保存", str(exc))
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
            QMessageBox.warning(self, "未保存", str(exc))
            return
        self.reload()


def _short_unit(name: str) -> str:
    """A unit's name without the county prefix, short enough for a chart axis (县公安局 → 公安局)."""
    for prefix in ("金寨县", "县"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
            break
    return name.removesuffix("人民政府")
