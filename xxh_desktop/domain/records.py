"""Typed records as the storage owners hand them out: frozen, plain values.

No row leaves the storage layer as a dict: each owner maps its table to one of
these. Money is Decimal in the unit its form prints (万元 for projects, 元 for
附件2), dates are `datetime.date`, stages are `Stage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .stages import CaseStatus, SideState, Stage


@dataclass(frozen=True)
class Project:
    id: str                              # UUID, never changes, travels in .xxh
    number: str                          # the office's number, e.g. JZ-2027-013 ('' until allotted)
    name: str
    unit: str                            # 申请单位 / 项目建设单位
    year: int                            # budget year (预算年度)
    stage: Stage
    side_state: SideState | None
    supply_list: str                     # 退回补充: what to supply
    is_existing_system: bool             # 第八条第二款
    responsible_person: str              # 项目责任人 (第十二条)
    approval_date: date | None           # 第十条 县政府批准
    approval_doc_no: str
    plan_year: int | None                # in the annual plan of this year (第七条)
    temp_approval_date: date | None      # 临时报批 (第七条)
    temp_approval_doc_no: str
    procurement_method: str              # 第十一条
    procurement_date: date | None
    supplier: str
    contract_amount: Decimal | None      # 万元
    contract_date: date | None
    supervisor_unit: str                 # 监理
    tester_unit: str                     # 第三方测评
    initial_acceptance_date: date | None  # 初验 (第十七条)
    initial_acceptance_result: str       # 合格 / 不合格 / ''
    final_acceptance_date: date | None   # 终验
    self_eval_office_date: date | None   # 绩效自评价 sent to 县智慧办 (第十八条)
    self_eval_finance_date: date | None  # and to 县财政局
    revision: int                        # local edits counted
    created_at: str
    updated_at: str
    declaration_no: str = ""             # the unit's provisional 申报编号, kept as a second reference

    @property
    def label(self) -> str:
        """How messages name the project: the office's number, else the unit's 申报编号, else its UUID."""
        return self.number or self.declaration_no or self.id


@dataclass(frozen=True)
class ProjectSummary:
    """A project with its unit and 附件1 figures: one line of the list, a card, a plan row."""

    id: str
    number: str
    name: str
    unit: str
    year: int
    stage: Stage
    side_state: SideState | None
    declared_on: date | None
    start_month: date | None
    end_month: date | None
    investment: Decimal | None       # 万元
    fund_fiscal: Decimal | None      # 资金渠道, 万元
    fund_self: Decimal | None
    fund_bank: Decimal | None
    fund_other: Decimal | None
    plan_year: int | None
    approval_doc_no: str
    temp_approval_date: date | None
    temp_approval_doc_no: str
    declaration_no: str = ""         # the unit's provisional 申报编号

    @property
    def label(self) -> str:
        """The 项目编号, or the 申报编号 until the office allots one."""
        return self.number or self.declaration_no or self.id


@dataclass(frozen=True)
class Material:
    id: int
    kind: str
    filename: str
    sm3: str | None                # None when marked 暂缺
    waived_reason: str
    added_at: str
    added_by: str
    size: int | None

    @property
    def has_file(self) -> bool:
        return bool(self.sm3)


@dataclass(frozen=True)
class StageMove:
    """One entry of a project's history, kept forever (PRODUCT.md §4)."""

    id: int
    from_stage: Stage | None
    to_stage: Stage
    side_state: str | None         # the side state set or lifted by this entry
    on_date: date                  # the date the move stands for
    at: str                        # when it was recorded
    by: str
    reason: str
    event: str                     # 初验合格 / 终验通过 / 县政府批准 / …


@dataclass(frozen=True)
class ChecklistAnswer:
    key: str
    answer: str       # 符合 / 不符合 / 需补充
    comment: str
    by: str
    at: str           # ISO timestamp


@dataclass(frozen=True)
class Opinion:
    conclusion: str   # 同意 / 修改后同意 / 不同意
    text: str
    by: str
    issued_on: date


@dataclass(frozen=True)
class Adjustment:
    """项目调整申请 (第十五条)."""

    id: int
    content: str
    requested_on: date
    county_approved_on: date | None
    office_filed_on: date | None     # 县智慧办 备案


@dataclass(frozen=True)
class Rectification:
    """限期整改 (第二十条)."""

    id: int
    issued_on: date
    findings: str
    deadline: date
    closed_on: date | None
    result: str


@dataclass(frozen=True)
class Asset:
    """One line of 现有软硬件资源情况 (第八条第二款)."""

    name: str = ""                       # 品种
    quantity: int | None = None          # 数量
    purchased_on: date | None = None     # 购置时间
    warranty_until: date | None = None   # 过保时间 (feeds the deadlines)
    usage: str = ""                      # 应用情况
    category: str = ""                   # 硬件 / 系统软件 / 应用系统 / 数据库


@dataclass(frozen=True)
class ProcurementCase:
    """A 附件2 case as the office tracks it (its form content is a `Procurement`)."""

    id: str
    number: str
    unit: str
    status: CaseStatus
    applicant_unit: str
    filled_on: date | None
    review_opinion: str
    reviewed_by: str
    reviewed_on: date | None
    revision: int
    created_at: str
    updated_at: str
    total: Decimal = Decimal("0.00")    # 元, the sum of the item rows
    items_text: str = ""                # «台式计算机×20；打印机×2»
    declaration_no: str = ""            # the unit's provisional 申报编号

    @property
    def label(self) -> str:
        return self.number or self.declaration_no or self.id


@dataclass(frozen=True)
class PlanFiling:
    """The plan's 备案 (第七条)."""

    year: int
    finance_filed_on: date | None   # 县财政局
    ndrc_filed_on: date | None      # 县发改委


@dataclass(frozen=True)
class Draft:
    id: int
    form: dict[str, object]   # what was typed, as text (domain.form_data)
    saved_at: str
    saved_by: str
    record_revision: int | None = None


@dataclass(frozen=True)
class PackageRecord:
    package_id: str
    direction: str      # in / out
    file_sm3: str
    sender_unit: str
    at: str
    summary: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    target: str
    before: str
    after: str
    result: str
    prev_hash: str
    hash: str
