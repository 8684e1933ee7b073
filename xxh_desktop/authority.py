"""Who may write what: the actor behind every write, and the one check of it.

Every write through a storage owner carries an `Actor`: this machine's side
and unit (chosen at first start or by `xxh init --side`), or the verified
sender of an imported `.xxh` file. The owner asks this module before it
writes; a refusal names the rule and its article. The window, the CLI and the
importer meet the same refusals because they write through the same owners.

Who owns a field is the field catalogue's answer (`domain.fields`): the
department (项目建设单位) declares and builds, the office (县智慧办) reviews, has
the county approve, plans and supervises (第四条). A department writes only
its own unit's records. A machine whose side is not chosen yet may only read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .domain.fields import Side, field
from .domain.stages import Stage
from .errors import XxhError


class NotPermitted(XxhError):
    """A write the actor's side or unit does not own."""


@dataclass(frozen=True)
class Actor:
    """Who is writing: a side, the unit a department speaks for, and a name for the audit log."""

    side: Side | None
    unit: str = ""
    name: str = ""
    # The demo loader writes a synthetic history for both sides at once; nothing a
    # user types or a file says can make this actor (only `demo.py` constructs it).
    seed: bool = False

    @classmethod
    def office(cls, name: str = "") -> Actor:
        return cls(Side.OFFICE, "", name)

    @classmethod
    def department(cls, unit: str, name: str = "") -> Actor:
        if not unit.strip():
            raise XxhError("项目建设单位须写明单位名称。")
        return cls(Side.UNIT, unit.strip(), name)

    @classmethod
    def nobody(cls, name: str = "") -> Actor:
        """A machine whose side is not chosen yet: it may read and run first start."""
        return cls(None, "", name)

    @property
    def who(self) -> str:
        """The actor as the audit log and the history name it."""
        if self.name:
            return self.name
        if self.side == Side.UNIT:
            return self.unit
        return self.side.value if self.side else "系统"

    @property
    def is_office(self) -> bool:
        return self.side == Side.OFFICE

    @property
    def is_department(self) -> bool:
        return self.side == Side.UNIT


NO_SIDE = ("本机尚未选择身份（县智慧办或项目建设单位），只能查看。请先完成首次启动设置，"
           "或用命令 xxh init --side 县智慧办（或 --side 项目建设单位 --unit 单位名称）选择。")


def side_refusal(actor: Actor) -> str | None:
    if actor.seed or actor.side is not None:
        return None
    return NO_SIDE


def unit_refusal(actor: Actor, record_unit: str) -> str | None:
    """第五条: a department declares and reports for its own unit only."""
    if actor.seed or actor.side != Side.UNIT or record_unit == actor.unit:
        return None
    return (f"第五条：项目建设单位只能办理本单位（{actor.unit}）的项目和采购申报，"
            f"「{record_unit}」的记录不能修改")


def field_refusal(actor: Actor, key: str, record_unit: str = "") -> str | None:
    """Why `actor` may not write field `key` of a record of `record_unit`; None when it may."""
    if actor.seed:
        return None
    if (why := side_refusal(actor)) is not None:
        return why
    f = field(key)
    if f.owner != actor.side:
        if f.owner == Side.OFFICE:
            return f"{f.article}：「{f.title}」由县智慧办办理，项目建设单位不能填写或修改"
        return (f"{f.article}：「{f.title}」由项目建设单位填报，随其交换文件（.xxh）送达，"
                "县智慧办不能代为填写或修改")
    return unit_refusal(actor, record_unit) if record_unit else None


def require_fields(actor: Actor, keys: Iterable[str], record_unit: str = "") -> None:
    """Raise `NotPermitted` naming every field of `keys` the actor does not own."""
    refusals = list(dict.fromkeys(r for k in keys if (r := field_refusal(actor, k, record_unit))))
    if refusals:
        raise NotPermitted("；".join(refusals) + "。")


def require_unit(actor: Actor, record_unit: str) -> None:
    """Raise unless `actor` may write records of `record_unit` at all (the side chosen, the unit its own)."""
    why = side_refusal(actor) or unit_refusal(actor, record_unit)
    if why:
        raise NotPermitted(why + "。")


def require_side(actor: Actor, side: Side, what: str, article: str) -> None:
    """Raise unless `actor` is of `side`: «{article}：{what}由县智慧办办理…»."""
    if actor.seed:
        return
    if (why := side_refusal(actor)) is not None:
        raise NotPermitted(why)
    if actor.side != side:
        raise NotPermitted(f"{article}：{what}由{side.value}办理，{actor.side.value if actor.side else ''}"
                           "不能办理。")


# Stages the department moves its own declaration between (第五条); every other
# move is the office's (第九条、第十条 review and approval, and the lifecycle the
# office keeps and supervises: 第四条、第十九条、第二十条).
DEPARTMENT_STAGES = (Stage.DRAFT, Stage.DECLARED)


def move_refusal(actor: Actor, from_stage: Stage, to_stage: Stage) -> str | None:
    """Whether `actor`'s side may move a project from `from_stage` to `to_stage`."""
    if actor.seed:
        return None
    if (why := side_refusal(actor)) is not None:
        return why
    department_move = {from_stage, to_stage} == set(DEPARTMENT_STAGES)
    if actor.side == Side.UNIT and not department_move:
        return ("第九条、第十条：项目申报后的审核、报批和阶段推进由县智慧办办理，项目建设单位不能将项目"
                f"从「{from_stage}」移到「{to_stage}」；县智慧办的结果会随其交换文件（.xxh）送达")
    if actor.side == Side.OFFICE and Stage.DRAFT in (from_stage, to_stage):
        return (f"第五条：申报（草稿与提交）由项目建设单位办理，县智慧办不能将项目从「{from_stage}」移到"
                f"「{to_stage}」；申报会随项目建设单位的交换文件（.xxh）送达，需要退回时请用「退回补充」")
    return None
