"""附件2 金寨县行政事业单位办公电脑采购申报表 — a PC procurement case (第五条第二款).

Amounts are Decimal 元 with 2 decimals in code and integer 分 in SQLite; the
procurements owner (`storage/procurements.py`) converts. The rules are in
`domain.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ProcurementItem:
    item: str = ""                      # 采购品目
    spec: str = ""                      # 规格型号
    quantity: int | None = None         # 数量
    unit_price: Decimal | None = None   # 单价（元）

    @property
    def amount(self) -> Decimal | None:
        """金额（元） = 数量 × 单价, exact to the 分."""
        if self.quantity is None or self.unit_price is None:
            return None
        return (self.unit_price * self.quantity).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Procurement:
    applicant_unit: str = ""            # 申请单位名称
    filled_on: date | None = None       # 日期
    items: tuple[ProcurementItem, ...] = ()
    reason: str = ""                    # 购置依据或理由
    fund_budget: Decimal | None = None      # 预算安排资金（元）
    fund_special: Decimal | None = None     # 财政专项资金（元）
    fund_other: Decimal | None = None       # 其他资金（元）
    handler: str = ""                   # 经办人
    handler_phone: str = ""             # 经办人联系电话
    unit_leader: str = ""               # 单位负责人
    unit_opinion: str = ""              # 单位意见
    dept_opinion: str = ""              # 项目主管部门意见

    def __post_init__(self) -> None:
        if not isinstance(self.items, tuple):   # a list from a caller: frozen means a tuple
            object.__setattr__(self, "items", tuple(self.items))

    @property
    def total(self) -> Decimal:
        """合计: the sum of every row's 金额 (rows still missing a figure count 0)."""
        return sum((i.amount or Decimal(0) for i in self.items), Decimal("0.00"))
