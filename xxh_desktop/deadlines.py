"""Dates the regulation counts: calendar months, due dates, the yearly declaration deadline.

Every due date is computed from a recorded fact (初验 date, 终验 date, a
rectification's deadline, an asset's 过保时间), never stored as a copy that
could drift from the fact it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from . import authority
from .domain.fields import EARLIEST_DATE, LATEST_DATE, Side
from .domain.stages import SideState, Stage
from .errors import XxhError
from .storage.setting_domains import DECLARATION_DEADLINE, SECURITY_MONTHS, SECURITY_RANGE, read_month_day

if TYPE_CHECKING:
    from .domain.records import Project
    from .workspace import Workspace

TRIAL_MONTHS = 3          # 第十七条: 初验合格且试运行3个月后 终验
SELF_EVAL_MONTHS = 6      # 第十八条: 通过终验并投入运行后6个月内 绩效自评价
UPCOMING_DAYS = 30        # PRODUCT.md §4: due within 30 days shows amber

DECLARATION_DEADLINE_DEFAULT = "09-30"
DECLARATION_DEADLINE_HELP = (
    "第五条要求项目建设单位“于每年10月份前”向县智慧办提交下一年度的《申报表》（附件1）。"
    "本系统把“10月份前”理解为10月1日之前，即最迟9月30日（含当日），这是默认设置；"
    "如县智慧办另有解释，可在此改为其他月-日（格式 MM-DD）。"
    "截止日之后收到的申报仍可受理，标记为“逾期申报”，按第七条临时项目程序报批。"
)

OVERDUE = "逾期"
UPCOMING = "临近"


def add_months(d: date, months: int) -> date:
    """`d` plus calendar months, clamped to the month's end (11-30 + 3 → 02-28, or 02-29)."""
    return d + relativedelta(months=months)


def trial_end(initial_acceptance: date) -> date:
    """第十七条: the first day 终验 may be held after 初验合格 on `initial_acceptance`."""
    return add_months(initial_acceptance, TRIAL_MONTHS)


def self_eval_due(final_acceptance: date) -> date:
    """第十八条: the last day to send the 绩效自评价报告, 6 months after `final_acceptance`
    (or after 投入运行, when that date is the one given)."""
    return add_months(final_acceptance, SELF_EVAL_MONTHS)


def self_eval_start(p: Project) -> tuple[date, str] | None:
    """第十八条 «通过终验并投入运行后6个月内»: the day the 6 months run from, and what it is —
    投入运行, or 终验 when no 投入运行 date is recorded (the message says so)."""
    if p.operation_started_on:
        return p.operation_started_on, "投入运行"
    if p.final_acceptance_date:
        return p.final_acceptance_date, "终验"
    return None


def self_eval_due_of(p: Project) -> date | None:
    start = self_eval_start(p)
    return self_eval_due(start[0]) if start else None


def self_eval_basis(p: Project) -> str:
    """«自投入运行 2026-03-01 起6个月», or «自终验 … 起6个月，未记录投入运行日期»."""
    start = self_eval_start(p)
    if start is None:
        return ""
    on, what = start
    return f"自{what} {on.isoformat()} 起{SELF_EVAL_MONTHS}个月" + ("，未记录投入运行日期" if what == "终验" else "")


# ---------------------------------------------------------------------- 第十三条 periodic assessment

SECURITY_MONTHS_DEFAULT = 12
SECURITY_HELP = ("第十三条要求项目建设单位“定期开展网络安全检测与风险评估”。本系统对投入运行的项目按此间隔"
                 "提醒下一次检测与风险评估（默认每12个月，县智慧办可修改），自上次评估日期起算，"
                 "没有记录时自投入运行（或终验）起算。")


def security_interval(ws: Workspace) -> int:
    return int(ws.settings.get(SECURITY_MONTHS, SECURITY_MONTHS_DEFAULT))


def set_security_interval(ws: Workspace, months: int | str) -> None:
    """第十三条: how often 检测与风险评估 is due is the office's setting (1–36 months)."""
    try:
        value = int(str(months).strip())
    except ValueError:
        raise XxhError(f"检测与风险评估间隔“{months}”应为月数，例如 12。") from None
    low, high = SECURITY_RANGE
    if not low <= value <= high:
        raise XxhError(f"检测与风险评估间隔应为 {low} 至 {high} 个月，不能是 {value}。")
    authority.require_side(ws.actor, Side.OFFICE, "网络安全检测与风险评估间隔的设置", "第十三条")
    ws.settings.put(SECURITY_MONTHS, value, action="设置检测与风险评估间隔")


def security_due(p: Project, months: int) -> tuple[date, str] | None:
    """第十三条: the next 检测与风险评估 of a system in use, and what it counts from."""
    if p.security_assessed_on:
        return add_months(p.security_assessed_on, months), f"上次 {p.security_assessed_on.isoformat()}"
    start = p.operation_started_on or p.final_acceptance_date
    if start is None:
        return None
    return add_months(start, months), f"自{'投入运行' if p.operation_started_on else '终验'} {start.isoformat()}"


# 第十四条: systems whose migration to the 县云计算中心 is done, or that must stay put.
MIGRATION_DONE = ("已迁移", "确需本地部署")


# ---------------------------------------------------------------------- 第五条 declaration deadline


def parse_month_day(text: str) -> tuple[int, int]:
    """'09-30' → (9, 30); XxhError unless it is a real day of a (leap) year."""
    if (parsed := read_month_day(text)) is None:
        raise XxhError(f"申报截止日“{text}”格式不对，应为 月-日，例如 09-30。")
    return parsed


def declaration_deadline_setting(ws: Workspace) -> str:
    return str(ws.settings.get(DECLARATION_DEADLINE, DECLARATION_DEADLINE_DEFAULT))


def set_declaration_deadline(ws: Workspace, month_day: str) -> None:
    """第五条: how the office reads «每年10月份前» is the office's setting."""
    parse_month_day(month_day)
    authority.require_side(ws.actor, Side.OFFICE, "申报截止日的设置", "第五条")
    ws.settings.put(DECLARATION_DEADLINE, month_day.strip(), action="设置申报截止日")


def deadline_in_year(month_day: str, year: int) -> date:
    month, day = parse_month_day(month_day)
    if (month, day) == (2, 29):
        return date(year, 3, 1) - timedelta(days=1)
    return date(year, month, day)


def declaration_deadline(ws: Workspace, budget_year: int) -> date:
    """第五条: declarations for budget year Y are due by the deadline of year Y-1."""
    return deadline_in_year(declaration_deadline_setting(ws), budget_year - 1)


def is_late_declaration(declared_on: date | None, budget_year: int, month_day: str) -> bool:
    """逾期申报: declared after the 第五条 deadline (still accepted: 第七条 临时项目)."""
    if declared_on is None:
        return False
    return declared_on > deadline_in_year(month_day, budget_year - 1)


def next_declaration_deadline(ws: Workspace, on: date) -> date:
    """The coming yearly deadline as of `on` (for next year's projects)."""
    this_year = deadline_in_year(declaration_deadline_setting(ws), on.year)
    return this_year if on <= this_year else deadline_in_year(declaration_deadline_setting(ws), on.year + 1)


# ---------------------------------------------------------------------- watched deadlines


@dataclass(frozen=True)
class Deadline:
    due: date
    project_id: str
    number: str
    name: str
    matter: str           # 事项, with its article
    kind: str             # declaration / trial / self_eval / rectification / warranty / security / migration

    def status(self, on: date) -> str:
        return OVERDUE if self.due < on else UPCOMING

    def days_left(self, on: date) -> int:
        return (self.due - on).days


# Projects whose case is closed watch no deadline.
_CLOSED = (SideState.TERMINATED, SideState.REJECTED)
# 第十八条 runs from 终验: a project moved back before it keeps an old 终验 date
# in its record but owes no self-evaluation.
_AFTER_FINAL_ACCEPTANCE = (Stage.FINAL_ACCEPTANCE, Stage.SELF_EVALUATION, Stage.OPERATION)


def project_deadlines(ws: Workspace, project_id: str | None = None) -> list[Deadline]:
    """Every deadline the app watches, for one project or all, earliest first.

    Computed from the recorded facts in a handful of reads, so the kanban can
    ask for all projects at once.
    """
    month_day = declaration_deadline_setting(ws)
    months = security_interval(ws)
    # One project (a card redrawn): none when it has just gone to the 回收站.
    projects = ([p] if (p := ws.projects.find(project_id)) else []) if project_id else ws.projects.all()
    # 第三条: a 涉密 project is outside the regulation; closed cases watch nothing.
    by_id = {p.id: p for p in projects if p.side_state not in _CLOSED and not p.classified}
    out: list[Deadline] = []
    for p in by_id.values():
        # 第五条: a project still in 草稿 should be declared by the yearly deadline.
        if p.stage == Stage.DRAFT:
            out.append(Deadline(deadline_in_year(month_day, p.year - 1), p.id, p.label, p.name,
                                "年度申报截止（第五条）", "declaration"))
        # 第十七条: after 3 months of 试运行 the 终验 is due.
        ia = p.initial_acceptance_date
        if p.stage == Stage.TRIAL and ia and p.initial_acceptance_result == "合格":
            out.append(Deadline(trial_end(ia), p.id, p.label, p.name, "试运行届满，应组织终验（第十七条）", "trial"))
        # 第十八条: 绩效自评价 within 6 months of 投入运行 (else 终验), sent to 智慧办 and 财政局.
        due = self_eval_due_of(p)
        missing = [who for who, sent in (("县智慧办", p.self_eval_office_date), ("县财政局", p.self_eval_finance_date))
                   if sent is None]
        if due and p.stage in _AFTER_FINAL_ACCEPTANCE and missing:
            out.append(Deadline(due, p.id, p.label, p.name,
                                f"绩效自评价报告报送{'和'.join(missing)}（第十八条，{self_eval_basis(p)}）", "self_eval"))
        # 第十三条: 定期开展网络安全检测与风险评估, once the system runs.
        if p.stage == Stage.OPERATION and (nxt := security_due(p, months)):
            out.append(Deadline(nxt[0], p.id, p.label, p.name,
                                f"网络安全检测与风险评估（第十三条，每{months}个月；{nxt[1]}）", "security"))
        # 第十四条第二款: a system already built moves to the 县云计算中心 step by step.
        if p.is_existing_system and p.stage >= Stage.APPROVED and p.cloud_migration not in MIGRATION_DONE:
            if p.cloud_migration_due:
                out.append(Deadline(p.cloud_migration_due, p.id, p.label, p.name,
                                    f"已建成系统迁移至县云计算中心（第十四条，{p.cloud_migration or '未迁移'}，计划完成）",
                                    "migration"))
            elif p.approval_date:
                out.append(Deadline(p.approval_date, p.id, p.label, p.name,
                                    "已建成系统迁移至县云计算中心：尚未制定迁移计划（第十四条）", "migration"))
    if not by_id:
        return []
    rectifications = ({project_id: ws.rectifications.open_of(project_id)} if project_id
                      else ws.rectifications.open_all())
    for pid, rects in rectifications.items():
        p = by_id.get(pid)
        for r in rects if p else ():
            out.append(Deadline(r.deadline, p.id, p.label, p.name, "限期整改期满（第二十条）", "rectification"))
    assets = ([(project_id, a) for a in ws.assets.of(project_id) if a.warranty_until] if project_id
              else ws.assets.with_warranty())
    for pid, asset in assets:
        p = by_id.get(pid)
        if p and asset.warranty_until:
            out.append(Deadline(asset.warranty_until, p.id, p.label, p.name, f"过保：{asset.name}（第八条第二款）",
                                "warranty"))
    out.sort(key=lambda d: (d.due, d.number, d.matter))
    return out


def is_stale(d: Deadline, on: date) -> bool:
    # A warranty that ran out more than a month ago is a fact of the asset list
    # (shown in the project detail), no longer something to act on before a date.
    return d.kind == "warranty" and d.due < on - timedelta(days=UPCOMING_DAYS)


def watched(found: Iterable[Deadline], on: date, *, within_days: int = UPCOMING_DAYS) -> list[Deadline]:
    """Of `found` (earliest first), the overdue ones and those due within `within_days` of `on`."""
    # Near date.max or date.min the horizon (or `is_stale`'s month back) would not exist.
    if not EARLIEST_DATE <= on <= LATEST_DATE:
        raise XxhError(f"日期 {on.isoformat()} 超出本系统的日期范围（{EARLIEST_DATE.isoformat()} 至 "
                       f"{LATEST_DATE.isoformat()}），无法列出到期事项。")
    horizon = on + timedelta(days=within_days)
    return [d for d in found if d.due <= horizon and not is_stale(d, on)]


def watched_deadlines(ws: Workspace, on: date, *, within_days: int = UPCOMING_DAYS) -> list[Deadline]:
    """Overdue deadlines and those due within `within_days` of `on`, earliest first."""
    return watched(project_deadlines(ws), on, within_days=within_days)


def next_of(found: Iterable[Deadline], on: date) -> dict[str, Deadline]:
    """Of `found` (earliest first), each project's earliest deadline still to watch as of `on`."""
    result: dict[str, Deadline] = {}
    for d in found:
        if not is_stale(d, on):
            result.setdefault(d.project_id, d)
    return result


def next_deadlines(ws: Workspace, on: date | None = None) -> dict[str, Deadline]:
    """Each project's earliest deadline still to watch as of `on` (for the kanban card)."""
    return next_of(project_deadlines(ws), on or date.today())


@dataclass(frozen=True)
class LateReport:
    """第十八条: a 绩效自评价报告 that reached 智慧办 or 财政局 after its due date."""

    project_id: str
    number: str
    name: str
    recipient: str      # 县智慧办 / 县财政局
    sent: date
    due: date
    basis: str          # what the 6 months ran from

    @property
    def text(self) -> str:
        return (f"绩效自评价报告逾期报送{self.recipient}：{self.sent.isoformat()} 报送，应于 {self.due.isoformat()} 前"
                f"（第十八条，{self.basis}，逾期 {(self.sent - self.due).days} 天）")


def late_reports(ws: Workspace, project_id: str | None = None) -> list[LateReport]:
    """Every 绩效自评价报告 sent after its due date (for the dashboard, the ledger and `show`)."""
    # One project (a card redrawn): none when it has just gone to the 回收站.
    projects = ([p] if (p := ws.projects.find(project_id)) else []) if project_id else ws.projects.all()
    out = []
    for p in projects:
        due = self_eval_due_of(p)
        if due is None or p.classified:
            continue
        for recipient, sent in (("县智慧办", p.self_eval_office_date), ("县财政局", p.self_eval_finance_date)):
            if sent is not None and sent > due:
                out.append(LateReport(p.id, p.label, p.name, recipient, sent, due, self_eval_basis(p)))
    return out


def deadline_lines(ws: Workspace, on: date) -> list[str]:
    """CLI `deadlines`: 到期日, 项目编号, 项目名称, 事项, 状态(逾期/临近), tab-separated."""
    lines = []
    for d in watched_deadlines(ws, on):
        fields = (d.due.isoformat(), d.number, d.name, d.matter, d.status(on))
        lines.append("\t".join(f.replace("\t", " ") for f in fields))
    return lines
