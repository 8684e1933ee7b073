"""The reviewer's checklist items (第九条 review, PRODUCT.md §6) and the answers they take.

Plain data: the lifecycle's gates, the checklist, the field catalogue and the
`.xxh` schema all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import XxhError

ANSWERS: tuple[str, ...] = ("符合", "不符合", "需补充")
AGREE, AGREE_IF_MODIFIED, DISAGREE, RESUBMIT = "同意", "修改后同意", "不同意", "补充后再审"
# 第十条: the written opinion's conclusion. 补充后再审 answers a review whose 需补充
# items still wait for the unit (第九条): it is fed back, never reported for approval.
CONCLUSIONS: tuple[str, ...] = (AGREE, AGREE_IF_MODIFIED, DISAGREE, RESUBMIT)


@dataclass(frozen=True)
class Item:
    key: str
    article: str      # e.g. 第八条第三款 — its text is looked up in the regulation
    title: str        # what the reviewer checks, in one line


ITEMS: tuple[Item, ...] = (
    Item("materials", "第八条", "申报材料齐全：项目建设依据、建设方案、概算、可行性研究报告、信息资源目录"),
    Item("plan_contents", "第八条第一款", "建设方案含软硬件基本情况、功能清单、费用估算（含监理、第三方评测、等保费用）及信息资源目录"),
    Item("no_hardware", "第八条第三款", "建设方案无独立机房、数据中心、大屏、服务器等硬件（或有法律法规依据）"),
    Item("resource_catalog", "第八条", "信息资源目录建立共享及反馈机制，未将须普遍共享的数据仅向特定企业、社会组织开放"),
    Item("consultation", "第九条", "会同有关部门审核（记录部门及日期）"),
    Item("declaration_requirements", "第九条（一）", "符合项目申报要求"),
    Item("sector_plan", "第九条（二）", "符合本单位、本行业信息化项目规划"),
    Item("technical", "第九条（三）", "技术可行"),
    Item("security", "第九条（三）", "信息安全性有保障"),
    Item("economic", "第九条（三）", "经济合理"),
    Item("yangtze_delta", "第九条（四）", "符合长三角区域一体化要求，推动平台融合贯通、数据资源共享、业务协同办理"),
    Item("network_security", "第十三条", "建立网络安全管理制度，采取技术措施，定期检测与风险评估"),
    Item("consolidation", "第十四条", "依托县云计算中心、电子政务外网、城市大脑数据中台，不重复建设数据中心和专网"),
)

ITEM_BY_KEY: dict[str, Item] = {i.key: i for i in ITEMS}


def item(key: str) -> Item:
    try:
        return ITEM_BY_KEY[key]
    except KeyError:
        raise XxhError(f"审核清单中没有「{key}」这一项。") from None
