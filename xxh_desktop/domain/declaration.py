"""附件1 金寨县政务信息化建设项目申报表 — the declaration of one project.

Amounts are Decimal 万元 in code (at most 4 decimals = to the yuan) and
integer 元 in SQLite; the declarations owner (`storage/declarations.py`)
converts, nothing else does. The rules are in `domain.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

FUND_FIELDS = ("fund_fiscal", "fund_self", "fund_bank", "fund_other")


@dataclass(frozen=True)
class Declaration:
    applicant_unit: str = ""          # 申请单位
    declared_on: date | None = None   # 申报日期
    leader: str = ""                  # 负责人
    contact: str = ""                 # 联系人
    phone: str = ""                   # 联系电话
    email: str = ""                   # 电子邮箱
    project_name: str = ""            # 项目名称
    start_month: date | None = None   # 建设年度 from (day is always 1)
    end_month: date | None = None     # 建设年度 to (day is always 1)
    investment: Decimal | None = None     # 投资额（万元）
    fund_fiscal: Decimal | None = None    # 资金渠道 财政资金（万元）
    fund_self: Decimal | None = None      # 单位自筹（万元）
    fund_bank: Decimal | None = None      # 银行贷款（万元）
    fund_other: Decimal | None = None     # 其它（万元）
    content: str = ""                 # 项目实施依据及主要内容 (说明2: ≤ 200 字)
    dept_opinion: str = ""            # 项目主管部门意见 (may stay blank for hand-writing)
    is_existing_system: bool = False  # 已建成系统 (第八条第二款 needs 现有软硬件资源情况)

    FUND_FIELDS = FUND_FIELDS
