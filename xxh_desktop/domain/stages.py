"""The stages and side states of a project's lifecycle (PRODUCT.md §4), as values.

Every other module names a stage through `Stage`, never as a bare string; the
values are the Chinese names the kanban, the CLI and the `.xxh` format use.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import XxhError


class Stage(StrEnum):
    """Main stages, in order: each is a kanban column."""

    DRAFT = "草稿"
    DECLARED = "已申报"                 # 第五条、第八条
    REVIEWING = "审核中"                # 第九条
    AWAITING_APPROVAL = "待县政府批准"  # 第十条
    APPROVED = "已批准·列入计划"        # 第七条、第十条
    PROCUREMENT = "招标采购"            # 第十一条
    CONSTRUCTION = "建设实施"           # 第十二—十五条
    INITIAL_ACCEPTANCE = "初验"         # 第十六、十七条
    TRIAL = "试运行"                    # 第十七条 (≥ 3 个月)
    FINAL_ACCEPTANCE = "终验"           # 第十七条
    SELF_EVALUATION = "绩效自评价"      # 第十八条 (≤ 终验后 6 个月)
    OPERATION = "运维"                  # 第二十一条

    @property
    def index(self) -> int:
        return _ORDER[self]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Stage):
            return self.index < other.index
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Stage):
            return self.index <= other.index
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Stage):
            return self.index > other.index
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Stage):
            return self.index >= other.index
        return NotImplemented

    @classmethod
    def parse(cls, text: str) -> Stage:
        """A stage from its Chinese name; XxhError naming the stages when unknown."""
        try:
            return cls(str(text).strip())
        except ValueError:
            raise XxhError(f"未知的阶段「{text}」。可用的阶段：{'、'.join(STAGES)}") from None


STAGES: tuple[Stage, ...] = tuple(Stage)
_ORDER = {stage: i for i, stage in enumerate(STAGES)}


def stages_between(after: Stage, up_to: Stage) -> tuple[Stage, ...]:
    """The stages a forward move from `after` passes, `up_to` included."""
    return STAGES[after.index + 1: up_to.index + 1]


class SideState(StrEnum):
    """Shown on the card, not as columns."""

    RETURNED = "退回补充"              # 第九条: returned to the unit with a list to supply
    REJECTED = "不予批准"              # 第十条: closes the declaration
    RECTIFYING = "整改中"              # 第二十条: with a deadline
    FUNDING_DEFERRED = "暂缓安排投资计划"  # 第二十条
    SUSPENDED = "暂停建设"             # 第二十条
    TERMINATED = "已终止"              # 第二十条: final

    @classmethod
    def parse(cls, text: str) -> SideState:
        try:
            return cls(str(text).strip())
        except ValueError:
            raise XxhError(f"未知的状态「{text}」。可用的状态：{'、'.join(SIDE_STATES)}") from None


SIDE_STATES: tuple[SideState, ...] = tuple(SideState)
# Side states that close the case for good.
FINAL_SIDE_STATES = (SideState.TERMINATED, SideState.REJECTED)
# 第二十条: only after 逾期不整改 or 整改后仍不符合要求.
ESCALATIONS = (SideState.FUNDING_DEFERRED, SideState.SUSPENDED, SideState.TERMINATED)


class CaseStatus(StrEnum):
    """附件2 办公电脑采购申报: its own short flow (第五条第二款)."""

    DRAFT = "草稿"
    DECLARED = "已申报"
    REVIEWING = "审核中"
    PASSED = "通过"
    RETURNED = "退回修改"
    REFUSED = "不予通过"


CASE_STATUSES: tuple[CaseStatus, ...] = tuple(CaseStatus)
CASE_DECISIONS = (CaseStatus.PASSED, CaseStatus.RETURNED, CaseStatus.REFUSED)
