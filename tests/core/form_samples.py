"""Valid 附件1 and 附件2 samples for the form tests (imported by test modules)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.procurement import Procurement, ProcurementItem


def good_declaration(**changes: object) -> Declaration:
    decl = Declaration(
        applicant_unit="金寨县数据资源局", declared_on=date(2026, 9, 15), leader="张三",
        contact="李四", phone="0564-5012345", email="sjj@jinzhai.gov.cn",
        project_name="县政务数据共享平台二期", start_month=date(2027, 1, 1),
        end_month=date(2027, 12, 1), investment=Decimal("200"),
        fund_fiscal=Decimal("180.5"), fund_self=Decimal("19.5"),
        content="依据《金寨县政务信息化项目管理办法》，建设数据共享交换通道。",
    )
    return replace(decl, **changes)


def good_procurement(**changes: object) -> Procurement:
    proc = Procurement(
        applicant_unit="金寨县教育局", filled_on=date(2026, 10, 8),
        items=[ProcurementItem("台式计算机", "国产 i5/16G/512G", 3, Decimal("4999.00")),
               ProcurementItem("打印机", "A4 黑白激光", 1, Decimal("1010.05"))],
        reason="现有电脑已使用8年，无法运行国产操作系统。",
        fund_budget=Decimal("16007.05"), handler="王五", handler_phone="13905641234",
    )
    return replace(proc, **changes)
