"""Plain-text descriptions of a project or a procurement case (CLI `show`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .amounts import format_wan, format_yuan
from .domain.fields import label
from .domain.review_items import ITEMS
from .domain.text import shown
from .domain.validation import format_period
from .errors import XxhError
from .flags import project_flags

if TYPE_CHECKING:
    from .workspace import Workspace


def describe(ws: Workspace, key: str) -> str:
    try:
        return describe_project(ws, key)
    except XxhError:
        pass
    try:
        return describe_procurement(ws, key)
    except XxhError:
        raise XxhError(f"找不到项目或采购申报「{shown(key, 40)}」。请用 list 命令查看项目编号。") from None


def _lines(pairs: list[tuple[str, object]]) -> list[str]:
    return [f"{label}：{'' if value is None else value}" for label, value in pairs]


def describe_project(ws: Workspace, key: str) -> str:
    p = ws.projects.get(key)
    d = ws.declarations.get(p.id)
    out = [f"项目 {p.label}  {p.name}", f"UUID：{p.id}"]
    if p.declaration_no:
        out.append(f"申报编号：{p.declaration_no}" + ("" if p.number else "（县智慧办尚未编号）"))
    out += _lines([
        ("申请单位", p.unit), ("预算年度", p.year), ("阶段", p.stage),
        ("状态", p.side_state or "正常"), ("项目责任人", p.responsible_person),
        ("申报表状态", ws.declarations.status(p.id)),
        ("申报日期", d.declared_on), ("负责人", d.leader), ("联系人", d.contact),
        ("联系电话", d.phone), ("电子邮箱", d.email), ("建设年度", format_period(d.start_month, d.end_month)),
        ("投资额（万元）", format_wan(d.investment)),
        ("资金渠道", f"财政资金 {format_wan(d.fund_fiscal)}；单位自筹 {format_wan(d.fund_self)}；"
                     f"银行贷款 {format_wan(d.fund_bank)}；其它 {format_wan(d.fund_other)}（万元）"),
        ("项目实施依据及主要内容", d.content),
        *((label(f"project.{name}"), _fact(getattr(p, name))) for name in _PROJECT_FACTS),
    ])
    flags = project_flags(ws, p.id)
    out.append("标记：" if flags else "标记：无")
    out += [f"  {f.text}" for f in flags]
    mats = ws.materials.list(p.id)
    out.append("材料：" if mats else "材料：无")
    for m in mats:
        state = f"暂缺（{m.waived_reason}）" if m.waived_reason else f"{m.filename}  SM3 {(m.sm3 or '')[:16]}…"
        if m.accepted_reason:
            state += f"；县智慧办同意暂缺：{m.accepted_reason}"
        out.append(f"  {m.kind}：{state}")
    out += _review_lines(ws, p.id)
    adjustments = ws.adjustments.of(p.id)
    out.append("项目调整（第十五条）：" if adjustments else "项目调整（第十五条）：无")
    for a in adjustments:
        amount = f"，调整后投资额 {format_wan(a.new_investment)} 万元" if a.new_investment is not None else ""
        steps = "；".join(x for x in (f"县政府批准 {a.county_approved_on.isoformat()}" if a.county_approved_on else "",
                                      f"县智慧办备案 {a.office_filed_on.isoformat()}" if a.office_filed_on else "")
                          if x)
        out.append(f"  {a.requested_on.isoformat()} {a.kind or '调整'}：{a.content}{amount}（{a.state}"
                   + (f"：{steps}" if steps else "") + "）")
    hist = ws.history.list(p.id)
    out.append("阶段历史：" if hist else "阶段历史：无")
    for h in hist:
        reason = f"  理由：{h.reason}" if h.reason else ""
        out.append(f"  {h.on_date.isoformat()}  {h.from_stage or '—'} → {h.to_stage}  {h.by}{reason}")
    return "\n".join(out)


# The facts `show` prints after the declaration, with their catalogue labels.
_PROJECT_FACTS = ("consulted_units", "consulted_on", "approval_date", "approval_doc_no", "plan_year",
                  "temp_approval_date", "procurement_method", "supplier", "contract_amount", "contract_date",
                  "initial_acceptance_date", "initial_acceptance_result", "final_acceptance_date",
                  "operation_started_on", "self_eval_office_date", "self_eval_finance_date",
                  "security_assessed_on", "cloud_migration", "cloud_migration_due")


def _fact(value: object) -> object:
    return format_wan(value) if isinstance(value, Decimal) else value


def _review_lines(ws: Workspace, project_id: str) -> list[str]:
    """审核清单 (第九条) and 书面审核意见 (第十条), when the review has begun."""
    answers = ws.checklist.of(project_id)
    op = ws.opinions.get(project_id)
    if not answers and op is None:
        return []
    out = [f"审核清单：已审 {len(answers)}/{len(ITEMS)}"]
    for item in ITEMS:
        a = answers.get(item.key)
        if a:
            comment = f"（{a.comment}）" if a.comment else ""
            accepted = f"；可以接受：{a.accepted_reason}" if a.accepted_reason else ""
            out.append(f"  {item.article} {item.title[:20]}：{a.answer}{comment}{accepted}")
    if op:
        out.append(f"书面审核意见：{op.conclusion}（{op.issued_on.isoformat()} {op.by}）{op.text}")
    return out


def describe_procurement(ws: Workspace, key: str) -> str:
    case = ws.procurements.get(key)
    proc = ws.procurements.form(case.id)
    out = [f"采购申报 {case.label}（附件2 办公电脑采购申报表）", f"UUID：{case.id}"]
    if case.declaration_no:
        out.append(f"申报编号：{case.declaration_no}" + ("" if case.number else "（县智慧办尚未编号）"))
    out += _lines([("申请单位名称", proc.applicant_unit), ("日期", proc.filled_on), ("状态", case.status)])
    out.append("序号\t采购品目\t规格型号\t数量\t单价（元）\t金额（元）")
    for seq, item in enumerate(proc.items, start=1):
        out.append(f"{seq}\t{item.item}\t{item.spec}\t{item.quantity}\t"
                   f"{format_yuan(item.unit_price)}\t{format_yuan(item.amount)}")
    out += _lines([
        ("合计（元）", format_yuan(proc.total)), ("购置依据或理由", proc.reason),
        ("预算安排资金（元）", format_yuan(proc.fund_budget)),
        ("财政专项资金（元）", format_yuan(proc.fund_special)),
        ("其他资金（元）", format_yuan(proc.fund_other)),
        ("经办人", f"{proc.handler}（{proc.handler_phone}）"), ("单位负责人", proc.unit_leader),
        ("审核意见", case.review_opinion),
    ])
    return "\n".join(out)
