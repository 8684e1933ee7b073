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

Roles (PRODUCT.md §11, 等保 访问控制) are a second layer on a machine that has
accounts: the signed-in person's roles (`Actor.roles`) must include the role
the write needs — `field_role` for a field, `move_refusal` for a move, and
`require_role` at the owners of what is no field (accounts, settings,
backups, exports, the audit log). A machine without accounts has no role
layer (`roles is None`); one with accounts and nobody signed in writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .domain.accounts import DUTIES, Role, roles_text
from .domain.fields import Side, field
from .domain.stages import Stage
from .errors import XxhError


class NotPermitted(XxhError):
    """A write the actor's side or unit does not own."""


@dataclass(frozen=True)
class Actor:
    """Who is writing: a side, the unit a department speaks for, a name for the audit log,
    and on a machine with accounts the signed-in person and their roles."""

    side: Side | None
    unit: str = ""
    name: str = ""
    # The demo loader writes a synthetic history for both sides at once; nothing a
    # user types or a file says can make this actor (only `demo.py` constructs it).
    seed: bool = False
    person: str = ""                        # the account signed in (its user name)
    roles: frozenset[Role] | None = None    # None: this machine has no accounts, no role layer

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


# ---------------------------------------------------------------------- roles (等保: 访问控制)


def role_refusal(actor: Actor, role: Role, what: str) -> str | None:
    """Why `actor` may not do `what`, which needs `role`; None when it may."""
    if actor.seed or actor.roles is None or role in actor.roles:
        return None
    if not actor.person:
        return f"本机已设账户，请先登录；{what}需要「{role}」角色"
    return (f"{what}需要「{role}」角色（{DUTIES[role]}），账户「{actor.who}」的角色是：{roles_text(actor.roles)}。"
            "请换用具有该角色的账户登录，或请系统管理员分配角色")


def require_role(actor: Actor, role: Role, what: str) -> None:
    if (why := role_refusal(actor, role, what)) is not None:
        raise NotPermitted(why + "。")


def field_role(key: str) -> Role:
    """The role that writes field `key`.

    审核: the office's decisions and the records they make — checklist and
    opinion (第九条、第十条), approval, plan, side states, acceptance dates,
    rectification, 调整备案, the 附件2 review. 业务录入: the forms and what comes
    with them — every field a department fills, the materials (第八条、第十七条、
    第十八条), and the office's numbering of what arrives.
    """
    f = field(key)
    if f.owner == Side.UNIT or f.record == "materials" or f.name == "number":
        return Role.ENTRY
    return Role.REVIEW


# Printing and exporting documents: the forms a department fills (and the office registers)
# and the files that carry them are 业务录入's; the office's own documents — the written
# opinion, the 终验 list, the 整改通知 (第十条、第十七条、第二十条) and the annual plan
# (第七条) — are 审核's. On a department's machine everything it prints is its own paperwork.
DOCUMENT_ROLES: dict[str, Role] = {
    "附件1": Role.ENTRY, "附件2": Role.ENTRY, "台账": Role.ENTRY, "交换文件": Role.ENTRY,
    "审核意见": Role.REVIEW, "终验清单": Role.REVIEW, "整改通知": Role.REVIEW, "年度计划": Role.REVIEW,
}


def require_document(actor: Actor, document: str) -> None:
    """Raise unless `actor` may print or export `document` (a key of DOCUMENT_ROLES)."""
    role = Role.ENTRY if actor.side == Side.UNIT else DOCUMENT_ROLES[document]
    require_role(actor, role, f"打印或导出{document}")


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
    if record_unit and (why := unit_refusal(actor, record_unit)) is not None:
        return why
    return role_refusal(actor, field_role(key), f"填写或修改「{f.title}」")


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


def require_side(actor: Actor, side: Side, what: str, article: str, role: Role | None = None) -> None:
    """Raise unless `actor` is of `side` (and, given `role`, holds it): «{article}：{what}由县智慧办办理…»."""
    if actor.seed:
        return
    if (why := side_refusal(actor)) is not None:
        raise NotPermitted(why)
    if actor.side != side:
        raise NotPermitted(f"{article}：{what}由{side.value}办理，{actor.side.value if actor.side else ''}"
                           "不能办理。")
    if role is not None:
        require_role(actor, role, what)


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
    # A department's own move is its declaration (a form); every other move is the office's review.
    return role_refusal(actor, Role.ENTRY if department_move else Role.REVIEW,
                        f"将项目从「{from_stage}」移到「{to_stage}」")
