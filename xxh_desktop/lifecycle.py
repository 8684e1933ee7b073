"""The lifecycle of a project: main stages (the kanban's columns) and side states.

PRODUCT.md §4; each stage names the article it stands on.
"""

from __future__ import annotations

# Main stages, in order (第五条 … 第二十一条).
STAGES: tuple[str, ...] = (
    "草稿",
    "已申报",          # 第五条、第八条
    "审核中",          # 第九条
    "待县政府批准",    # 第十条
    "已批准·列入计划",  # 第七条、第十条
    "招标采购",        # 第十一条
    "建设实施",        # 第十二—十五条
    "初验",            # 第十六、十七条
    "试运行",          # 第十七条 (≥ 3 个月)
    "终验",            # 第十七条
    "绩效自评价",      # 第十八条 (≤ 终验后 6 个月)
    "运维",            # 第二十一条
)

# Side states, shown on the card, not as columns.
SIDE_STATES: tuple[str, ...] = (
    "退回补充",          # 第九条: returned to the department with a list to supply
    "不予批准",          # 第十条: closes the declaration
    "整改中",            # 第二十条: with a deadline
    "暂缓安排投资计划",  # 第二十条
    "暂停建设",          # 第二十条
    "已终止",            # 第二十条: final
)
