"""A project's facts as the review documents print them (plain values, read once from the workspace)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..amounts import format_wan
from ..domain.validation import format_period
from .style import cn_date

if TYPE_CHECKING:
    from ..workspace import Workspace

OFFICE = "金寨县智慧城市管理服务中心"
OFFICE_SHORT = "县智慧办"


def footer(ws: Workspace, unit: str, number: str, declaration_no: str, title: str) -> tuple[str, str]:
    """The foot of a form: its number (and the unit's 申报编号, kept as a second reference), and on
    the unit's machine the fingerprint of its exchange key."""
    refs = (f"{title}：{number}" if number else "", f"申报编号：{declaration_no}" if declaration_no else "")
    return "　".join(r for r in refs if r), key_footer(ws, unit)


def key_footer(ws: Workspace, unit: str) -> str:
    """PRODUCT.md §8: a department's stamped 附件1/附件2 carries the fingerprint of its exchange key,
    so the office registers the key of the unit's first .xxh against paper the unit stamped. Printed
    on the unit's own machine only (elsewhere it would be the wrong key); the key is made here if
    the unit prints before it ever exports, so the paper and the later file name the same key."""
    from ..domain.fields import Side

    if ws.settings.side != Side.UNIT or unit != ws.settings.unit:
        return ""
    from ..exchange.signing import fingerprint, own_public_key   # the office prints without loading the exchange

    return f"本单位交换文件密钥指纹：{fingerprint(own_public_key(ws))}"


@dataclass(frozen=True)
class ProjectFacts:
    number: str
    name: str
    unit: str
    declared_on: str
    span: str            # 建设年度
    investment: str      # 万元, formatted
    funds: str           # 财政资金 … 万元；单位自筹 … 万元
    stage: str

    def ident(self) -> str:
        """«项目编号：… 项目名称：…», heading every page after a document's first."""
        return f"项目编号：{self.number}　项目名称：{self.name}"

    def rows(self) -> list[tuple[str, str]]:
        return [("项目名称", self.name), ("项目编号", self.number), ("申请单位", self.unit),
                ("申报日期", self.declared_on), ("建设年度", self.span),
                ("投资额（万元）", self.investment), ("资金渠道", self.funds)]


def project_facts(ws: Workspace, key: str) -> ProjectFacts:
    p = ws.projects.get(key)
    d = ws.declarations.get(p.id)
    funds = "；".join(f"{label} {format_wan(v)} 万元" for label, v in (
        ("财政资金", d.fund_fiscal), ("单位自筹", d.fund_self), ("银行贷款", d.fund_bank),
        ("其它", d.fund_other)) if v)
    return ProjectFacts(
        number=p.number, name=p.name, unit=d.applicant_unit or p.unit,
        declared_on=cn_date(d.declared_on), span=format_period(d.start_month, d.end_month),
        investment=format_wan(d.investment), funds=funds, stage=p.stage)
