"""The field catalogue: every field of every record, in one place.

For each field: its key (``record.attribute``, the same key the `.xxh`
preview and the storage owners use), its label exactly as the regulation's
table prints it, its type and unit, its limits, and **which side owns it** —
the 项目建设单位 that declares and builds, or the 县智慧办 that reviews, has the
county approve, plans and supervises (第四条). Validation, the editors, the
PDFs, the Excel headers, the `.xxh` schema and the import preview read it; the
storage owners refuse a write by the side that does not own the field
(`authority.py`).

Adding a field: one `Field(...)` line here and one migration in
`storage/schema.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ..errors import XxhError
from .materials import DECLARATION_KINDS, EXISTING_SYSTEM_KIND, FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, \
    SELF_EVALUATION_KIND
from .review_items import ANSWERS, CONCLUSIONS, ITEMS
from .stages import CASE_STATUSES, SIDE_STATES, STAGES


class Side(StrEnum):
    """The two sides of the regulation (第四条); each machine is one of them."""

    OFFICE = "县智慧办"
    UNIT = "项目建设单位"


OFFICE_NAME = "金寨县智慧城市管理服务中心"


class Kind(StrEnum):
    TEXT = "text"            # one line
    LONG_TEXT = "long_text"  # several lines
    DATE = "date"
    MONTH = "month"          # YYYY-MM (建设年度)
    WAN = "wan"              # Decimal 万元 to 4 places (to the 元); integer 元 in SQLite
    YUAN = "yuan"            # Decimal 元 to 2 places (to the 分); integer 分 in SQLite
    COUNT = "count"          # a whole number
    YEAR = "year"
    FLAG = "flag"
    CHOICE = "choice"
    FILE = "file"            # a material: a file, or 暂缺 with a reason
    ENTRY = "entry"          # a composite entry (an answer with its comment, an opinion, a list)


# Limits that hold for every field of their kind.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Every amount is below 一万亿元 — 10^12 in a field kept in 元, 10^8 in one kept in
# 万元: no form of ours nears it. Beyond it quantize() would overflow Decimal's 28
# digits and the 元/分 integers SQLite; and a 合计 of many such amounts must still
# fit the 15 significant digits a spreadsheet keeps (万元 to 4 places: 12 digits each).
AMOUNT_LIMITS = {"元": Decimal(10) ** 12, "万元": Decimal(10) ** 8}
AMOUNT_LIMIT = AMOUNT_LIMITS["元"]   # an amount in 元 (单价), or typed before its field is known
QUANTITY_LIMIT = 10 ** 6      # 附件2 数量: a million PCs is beyond any unit
REVISION_LIMIT = 10 ** 9
WAN_STEP = Decimal("0.0001")
FEN_STEP = Decimal("0.01")


@dataclass(frozen=True)
class Field:
    key: str                  # record.attribute
    label: str                # as the regulation's table prints it (or the app's own words)
    kind: Kind
    owner: Side
    article: str              # the article that gives the field to its owner
    unit: str = ""            # 万元 / 元
    max_length: int | None = None   # characters as a person counts them
    required: bool = False    # at submission of the form
    choices: tuple[str, ...] = ()
    qualifier: str = ""       # when two fields share a printed label (建设年度 起 / 止)
    form: str = ""            # 附件1 / 附件2 when the form prints it
    # 说明1: printed at 五号, a one-line field holds what its cell holds — in columns (ASCII 1,
    # any other character 2), measured on the printed grid (`printing.linebreak.capacity`; a test
    # re-measures each). Long multi-line fields have none: they continue on a 续页.
    columns: int | None = None
    # Dates (PRODUCT.md §4, chronology): an event cannot be dated after today unless
    # `future` (a deadline, a plan); nor before the dates named in `after` (catalogue
    # keys, compared when both are known: `lifecycle.chronology`).
    future: bool = False
    after: tuple[str, ...] = ()

    @property
    def record(self) -> str:
        return self.key.partition(".")[0]

    @property
    def name(self) -> str:
        return self.key.partition(".")[2]

    @property
    def title(self) -> str:
        """The label with its qualifier: «建设年度（起）»."""
        return f"{self.label}（{self.qualifier}）" if self.qualifier else self.label

    @property
    def title_with_unit(self) -> str:
        return f"{self.title}（{self.unit}）" if self.unit else self.title


U, O = Side.UNIT, Side.OFFICE
T, LT = Kind.TEXT, Kind.LONG_TEXT

# 附件1 金寨县政务信息化建设项目申报表 — the department's (第五条: 项目建设单位…提交).
_DECLARATION = (
    Field("declaration.applicant_unit", "申请单位", T, U, "第五条", max_length=40, required=True, form="附件1", columns=57),
    Field("declaration.declared_on", "申报日期", Kind.DATE, U, "第五条", required=True, form="附件1"),
    Field("declaration.leader", "负责人", T, U, "第五条", max_length=20, required=True, form="附件1", columns=57),
    Field("declaration.contact", "联系人", T, U, "第五条", max_length=20, required=True, form="附件1", columns=53),
    Field("declaration.phone", "联系电话", T, U, "第五条", max_length=30, required=True, form="附件1", columns=29),
    Field("declaration.email", "电子邮箱", T, U, "第五条", max_length=60, required=True, form="附件1", columns=27),
    Field("declaration.project_name", "项目名称", T, U, "第五条", max_length=60, required=True, form="附件1", columns=135),
    Field("declaration.start_month", "建设年度", Kind.MONTH, U, "第五条", required=True, qualifier="起",
          form="附件1"),
    Field("declaration.end_month", "建设年度", Kind.MONTH, U, "第五条", required=True, qualifier="止",
          form="附件1"),
    Field("declaration.investment", "投资额", Kind.WAN, U, "第五条", unit="万元", required=True, form="附件1", columns=27),
    Field("declaration.fund_fiscal", "财政资金", Kind.WAN, U, "第五条", unit="万元", form="附件1", columns=19),
    Field("declaration.fund_self", "单位自筹", Kind.WAN, U, "第五条", unit="万元", form="附件1", columns=27),
    Field("declaration.fund_bank", "银行贷款", Kind.WAN, U, "第五条", unit="万元", form="附件1", columns=19),
    Field("declaration.fund_other", "其它", Kind.WAN, U, "第五条", unit="万元", form="附件1", columns=27),
    # 附件1 说明2: 每个项目的简要说明字数控制在200字 (counted as a person counts, domain.validation).
    Field("declaration.content", "项目实施依据及主要内容", LT, U, "第五条", max_length=200, required=True,
          form="附件1"),
    # Written by the 主管部门 on the unit's side (may stay blank for hand-writing).
    Field("declaration.dept_opinion", "项目主管部门意见", LT, U, "第五条", max_length=400, form="附件1"),
    Field("declaration.status", "申报表状态", Kind.CHOICE, U, "第五条", choices=("草稿", "已申报")),
)

# What a date follows, in the order the regulation runs (PRODUCT.md §4).
_APPROVED = ("project.approval_date", "project.temp_approval_date")
_FINAL = "project.final_acceptance_date"
_RUNNING = ("project.operation_started_on", _FINAL)
CLOUD_STATES = ("未迁移", "迁移中", "已迁移", "确需本地部署")

# The project as the office keeps it: who owns each fact follows 第四条.
_PROJECT = (
    Field("project.number", "项目编号", T, O, "第四条", max_length=20),
    Field("project.name", "项目名称", T, U, "第五条", max_length=60),
    Field("project.unit", "申请单位", T, U, "第五条", max_length=40),
    Field("project.year", "预算年度", Kind.YEAR, U, "第五条"),
    # Past 已申报 every move is the office's (第九条、第十条 and 第二十条 supervision);
    # the department's own move is the declaration itself (authority.move_refusal).
    Field("project.stage", "阶段", Kind.CHOICE, O, "第九条、第十条", choices=tuple(STAGES)),
    Field("project.side_state", "状态", Kind.CHOICE, O, "第九条、第十条、第二十条", choices=tuple(SIDE_STATES)),
    Field("project.supply_list", "需补充材料", LT, O, "第九条", max_length=2000),
    Field("project.is_existing_system", "已建成系统", Kind.FLAG, U, "第八条第二款"),
    Field("project.responsible_person", "项目责任人", T, U, "第十二条", max_length=20),
    Field("project.approval_date", "县政府批准日期", Kind.DATE, O, "第十条", after=("opinion.issued_on",)),
    Field("project.approval_doc_no", "批准文号", T, O, "第十条", max_length=40),
    Field("project.plan_year", "列入计划年度", Kind.YEAR, O, "第七条"),
    Field("project.temp_approval_date", "临时报批日期", Kind.DATE, O, "第七条",
          after=("declaration.declared_on", "opinion.issued_on")),
    Field("project.temp_approval_doc_no", "临时报批文号", T, O, "第七条", max_length=40),
    Field("project.procurement_method", "采购方式", Kind.CHOICE, U, "第十一条",
          choices=("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "单一来源", "询价", "框架协议采购")),
    Field("project.procurement_date", "采购日期", Kind.DATE, U, "第十一条", after=_APPROVED),
    Field("project.supplier", "中标供应商", T, U, "第十一条", max_length=60),
    Field("project.contract_amount", "合同金额", Kind.WAN, U, "第十一条", unit="万元"),
    Field("project.contract_date", "合同签订日期", Kind.DATE, U, "第十一条",
          after=("project.procurement_date", *_APPROVED)),
    Field("project.supervisor_unit", "监理单位", T, U, "第十二条", max_length=60),
    Field("project.tester_unit", "第三方测评单位", T, U, "第十七条", max_length=60),
    # Recorded by the office's moves (试运行: 初验合格 that day; 终验; 运维: the report received).
    Field("project.initial_acceptance_date", "初验日期", Kind.DATE, O, "第十七条", after=("project.contract_date",)),
    Field("project.initial_acceptance_result", "初验结果", Kind.CHOICE, O, "第十七条", choices=("合格", "不合格")),
    Field(_FINAL, "终验日期", Kind.DATE, O, "第十七条", after=("project.initial_acceptance_date",)),
    # 第十八条: the office records 投入运行 and each 报送 when the report reaches it.
    Field("project.operation_started_on", "投入运行日期", Kind.DATE, O, "第十八条", after=(_FINAL,)),
    Field("project.self_eval_office_date", "绩效自评价报告报送县智慧办日期", Kind.DATE, O, "第十八条", after=_RUNNING),
    Field("project.self_eval_finance_date", "绩效自评价报告报送县财政局日期", Kind.DATE, O, "第十八条", after=_RUNNING),
    # 第三条: whether a project is in scope at all is the office's call (第四条: it reviews).
    Field("project.classified", "涉密项目（不适用本办法）", Kind.FLAG, O, "第三条"),
    Field("project.classified_note", "涉密说明", LT, O, "第三条", max_length=200),
    # 第九条: 县智慧办 reviews 会同有关部门 — who was consulted, and when.
    Field("project.consulted_units", "会同审核的部门", T, O, "第九条", max_length=100),
    Field("project.consulted_on", "会同审核日期", Kind.DATE, O, "第九条", after=("declaration.declared_on",)),
    # 第十三条、第十四条、第二十一条: the unit runs the system and reports how.
    Field("project.security_assessed_on", "最近一次网络安全检测与风险评估日期", Kind.DATE, U, "第十三条",
          after=("project.contract_date",)),
    Field("project.cloud_migration", "迁移上云情况", Kind.CHOICE, U, "第十四条", choices=CLOUD_STATES),
    Field("project.cloud_migration_due", "计划迁移完成日期", Kind.DATE, U, "第十四条", future=True),
)

# 第八条: the declaration's materials are the department's. The 终验 and 绩效自评价
# papers are handed to the office (第十七条、第十八条: 报送), which keeps the
# lifecycle and records them as received.
_MATERIALS = (
    *(Field(f"materials.{k}", k, Kind.FILE, U, "第八条") for k in DECLARATION_KINDS),
    Field(f"materials.{EXISTING_SYSTEM_KIND}", EXISTING_SYSTEM_KIND, Kind.FILE, U, "第八条第二款"),
    *(Field(f"materials.{k}", k, Kind.FILE, O, "第十七条") for k in (*FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND)),
    Field(f"materials.{SELF_EVALUATION_KIND}", SELF_EVALUATION_KIND, Kind.FILE, O, "第十八条"),
    # 第八条: a 暂缺 declaration material holds the project before 报县政府批准 until
    # it is supplied or the office, reviewing (第九条), accepts its absence.
    Field("material.accepted_reason", "县智慧办同意暂缺的理由", LT, O, "第八条", max_length=200),
)

_REVIEW = (
    *(Field(f"checklist.{i.key}", i.title, Kind.ENTRY, O, "第九条", choices=ANSWERS) for i in ITEMS),
    Field("opinion.conclusion", "审核结论", Kind.CHOICE, O, "第十条", choices=CONCLUSIONS),
    Field("opinion.text", "书面审核意见", LT, O, "第十条", max_length=2000),
    Field("opinion.issued_on", "审核意见日期", Kind.DATE, O, "第十条",
          after=("declaration.declared_on", "project.consulted_on")),
    Field("checklist.comment", "审核说明", LT, O, "第九条", max_length=500),
    # 第九条: an item answered 需补充 the reviewer accepts as it is, and why.
    Field("checklist.accepted_reason", "需补充项可以接受的理由", LT, O, "第九条", max_length=500),
)

# 第十五条: the unit applies to the county government and files with the office.
ADJUSTMENT_KINDS = ("建设内容", "投资概算", "工期")
_ADJUSTMENT = (
    Field("adjustment.kind", "调整类别", Kind.CHOICE, U, "第十五条", choices=ADJUSTMENT_KINDS),
    Field("adjustment.content", "调整内容", LT, U, "第十五条", max_length=1000),
    Field("adjustment.new_investment", "调整后投资额", Kind.WAN, U, "第十五条", unit="万元"),
    Field("adjustment.requested_on", "调整申请日期", Kind.DATE, U, "第十五条", after=("project.approval_date",)),
    # The county's approval and the office's 备案 are recorded by the office (the county's
    # decision reaches the office, which keeps the project's record: 第四条).
    Field("adjustment.county_approved_on", "县政府批准调整日期", Kind.DATE, O, "第十五条",
          after=("adjustment.requested_on",)),
    Field("adjustment.office_filed_on", "县智慧办备案日期", Kind.DATE, O, "第十五条",
          after=("adjustment.county_approved_on",)),
)

# 第二十条: 限期整改 is ordered and closed by the office (会同有关部门).
_RECTIFICATION = (
    Field("rectification.issued_on", "整改下达日期", Kind.DATE, O, "第二十条", after=("project.approval_date",)),
    Field("rectification.findings", "整改事项", LT, O, "第二十条", max_length=2000),
    Field("rectification.deadline", "整改期限", Kind.DATE, O, "第二十条", future=True,
          after=("rectification.issued_on",)),
    Field("rectification.closed_on", "整改完成日期", Kind.DATE, O, "第二十条", after=("rectification.issued_on",)),
    Field("rectification.result", "整改结果", T, O, "第二十条", max_length=200),
)

# 第八条第二款: 现有软硬件资源情况 of an already-built system.
_ASSET = (
    Field("asset.category", "类别", T, U, "第八条第二款", max_length=20),
    Field("asset.name", "品种", T, U, "第八条第二款", max_length=60),
    Field("asset.quantity", "数量", Kind.COUNT, U, "第八条第二款"),
    Field("asset.purchased_on", "购置时间", Kind.DATE, U, "第八条第二款"),
    Field("asset.warranty_until", "过保时间", Kind.DATE, U, "第八条第二款", future=True,
          after=("asset.purchased_on",)),
    Field("asset.usage", "应用情况", T, U, "第八条第二款", max_length=200),
)

# 附件2 金寨县行政事业单位办公电脑采购申报表 (第五条第二款: 报县智慧办审核).
_PROCUREMENT = (
    Field("procurement.number", "采购申报编号", T, O, "第五条第二款", max_length=20),
    Field("procurement.applicant_unit", "申请单位名称", T, U, "第五条第二款", max_length=40, required=True,
          form="附件2", columns=81),
    Field("procurement.filled_on", "日期", Kind.DATE, U, "第五条第二款", required=True, form="附件2"),
    Field("procurement.reason", "购置依据或理由", LT, U, "第五条第二款", max_length=500, required=True,
          form="附件2"),
    Field("procurement.fund_budget", "预算安排资金", Kind.YUAN, U, "第五条第二款", unit="元", form="附件2", columns=24),
    Field("procurement.fund_special", "财政专项资金", Kind.YUAN, U, "第五条第二款", unit="元", form="附件2", columns=24),
    Field("procurement.fund_other", "其他资金", Kind.YUAN, U, "第五条第二款", unit="元", form="附件2", columns=24),
    Field("procurement.handler", "经办人", T, U, "第五条第二款", max_length=20, required=True, form="附件2"),
    Field("procurement.handler_phone", "经办人联系电话", T, U, "第五条第二款", max_length=30, required=True,
          form="附件2", columns=22),
    Field("procurement.unit_leader", "单位负责人", T, U, "第五条第二款", max_length=20, form="附件2"),
    Field("procurement.unit_opinion", "单位意见", LT, U, "第五条第二款", max_length=200, form="附件2"),
    Field("procurement.dept_opinion", "项目主管部门意见", LT, U, "第五条第二款", max_length=200, form="附件2"),
    Field("procurement.status", "状态", Kind.CHOICE, O, "第五条第二款", choices=tuple(CASE_STATUSES)),
    Field("procurement.review_opinion", "审核意见", LT, O, "第五条第二款", max_length=1000),
    Field("procurement.reviewed_by", "审核人", T, O, "第五条第二款", max_length=40),
    Field("procurement.reviewed_on", "审核日期", Kind.DATE, O, "第五条第二款"),
    Field("item.seq", "序号", Kind.COUNT, U, "第五条第二款", form="附件2"),
    Field("item.item", "采购品目", T, U, "第五条第二款", max_length=30, required=True, form="附件2", columns=19),
    Field("item.spec", "规格型号", T, U, "第五条第二款", max_length=60, required=True, form="附件2", columns=53),
    Field("item.quantity", "数量", Kind.COUNT, U, "第五条第二款", required=True, form="附件2", columns=5),
    Field("item.unit_price", "单价", Kind.YUAN, U, "第五条第二款", unit="元", required=True, form="附件2", columns=11),
    # Worked out, not typed: 金额 = 数量 × 单价, and the 合计 of the rows.
    Field("item.amount", "金额", Kind.YUAN, U, "第五条第二款", unit="元", form="附件2", columns=13),
    Field("procurement.total", "合计金额", Kind.YUAN, U, "第五条第二款", unit="元", form="附件2", columns=13),
)

# 第七条: the plan's 备案 with 县财政局 and 县发改委.
_PLAN = (
    # 编制日期 is set when the office compiles the plan, and frozen by its 备案.
    Field("plan_filing.compiled_on", "编制日期", Kind.DATE, O, "第七条"),
    Field("plan_filing.finance_filed_on", "县财政局备案日期", Kind.DATE, O, "第七条",
          after=("plan_filing.compiled_on",)),
    Field("plan_filing.ndrc_filed_on", "县发改委备案日期", Kind.DATE, O, "第七条",
          after=("plan_filing.compiled_on",)),
)

FIELDS: dict[str, Field] = {f.key: f for f in (
    *_DECLARATION, *_PROJECT, *_MATERIALS, *_REVIEW, *_ADJUSTMENT, *_RECTIFICATION, *_ASSET,
    *_PROCUREMENT, *_PLAN)}

# The captions printed on the paper forms, in the order of the form, each with
# the fields it heads (附件1 and 附件2 of 金政办秘〔2022〕46号).
FORM_CAPTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "附件1": (
        ("申请单位", ("declaration.applicant_unit",)),
        ("申报日期", ("declaration.declared_on",)),
        ("负责人", ("declaration.leader",)),
        ("联系人", ("declaration.contact",)),
        ("联系电话", ("declaration.phone",)),
        ("电子邮箱", ("declaration.email",)),
        ("项目名称", ("declaration.project_name",)),
        ("建设年度", ("declaration.start_month", "declaration.end_month")),
        ("投资额（万元）", ("declaration.investment",)),
        ("资金渠道", ("declaration.fund_fiscal", "declaration.fund_self", "declaration.fund_bank",
                      "declaration.fund_other")),
        ("财政资金（万元）", ("declaration.fund_fiscal",)),
        ("单位自筹（万元）", ("declaration.fund_self",)),
        ("银行贷款（万元）", ("declaration.fund_bank",)),
        ("其它（万元）", ("declaration.fund_other",)),
        ("项目实施依据及主要内容", ("declaration.content",)),
        ("项目主管部门意见", ("declaration.dept_opinion",)),
        ("（盖章）", ()),
    ),
    "附件2": (
        ("申请单位名称", ("procurement.applicant_unit",)),
        ("日期", ("procurement.filled_on",)),
        ("序号", ("item.seq",)),
        ("采购品目", ("item.item",)),
        ("规格型号", ("item.spec",)),
        ("数量", ("item.quantity",)),
        ("单价（元）", ("item.unit_price",)),
        ("金额（元）", ("item.amount",)),
        ("合计金额（大写）", ("procurement.total",)),
        ("购置依据或理由", ("procurement.reason",)),
        ("预算安排资金", ("procurement.fund_budget",)),
        ("财政专项资金", ("procurement.fund_special",)),
        ("其他资金", ("procurement.fund_other",)),
        ("经办人签名（联系电话）", ("procurement.handler", "procurement.handler_phone")),
        ("单位意见（盖章）", ("procurement.unit_opinion",)),
        ("单位负责人签名", ("procurement.unit_leader",)),
        ("项目主管部门意见（盖章）", ("procurement.dept_opinion",)),
    ),
}


def field(key: str) -> Field:
    try:
        return FIELDS[key]
    except KeyError:
        raise XxhError(f"没有名为「{key}」的字段。") from None


def label(key: str) -> str:
    """A field's label as printed (with its qualifier): «建设年度（起）»."""
    return field(key).title


def owner(key: str) -> Side:
    return field(key).owner


def of_record(record: str) -> Iterator[Field]:
    """The fields of one record (``declaration``, ``project``, ``procurement`` …), in catalogue order."""
    return (f for f in FIELDS.values() if f.record == record)


def names(record: str) -> tuple[str, ...]:
    return tuple(f.name for f in of_record(record))


def print_columns(record: str) -> dict[str, int]:
    """attribute → the columns its printed cell holds at 五号, for one record's one-line fields."""
    return {f.name: f.columns for f in of_record(record) if f.columns is not None}


def labels(record: str) -> dict[str, str]:
    """attribute → label, for one record (what validation messages and Excel headers print)."""
    return {f.name: f.title for f in of_record(record)}


def caption_for(form: str, key: str) -> str:
    """What `form` prints over field `key`: its own caption («单位意见（盖章）»), else the field's title."""
    for text, keys in FORM_CAPTIONS[form]:
        if keys == (key,):
            return text
    return field(key).title


def caption(form: str, text: str) -> str:
    """A printed caption of `form`, checked against the catalogue (the PDFs print it)."""
    if not any(c == text for c, _ in FORM_CAPTIONS[form]):
        raise XxhError(f"{form} 没有「{text}」这一栏。")
    return text
