"""The office's review of 附件2 办公电脑采购申报 cases (第五条第二款: «报县智慧办审核»).

A short flow of its own: 已申报 → 审核中 → 通过 / 退回修改 / 不予通过, each
decision with a written opinion, who and when. A case sent back (退回修改)
comes in again as 已申报 when the unit resubmits it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from . import settings
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace

STATUSES: tuple[str, ...] = ("草稿", "已申报", "审核中", "通过", "退回修改", "不予通过")
DECISIONS: tuple[str, ...] = ("通过", "退回修改", "不予通过")
# 第五条第二款: the allowed moves of the office's review.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "已申报": ("审核中",),
    "审核中": DECISIONS,
}
DEFAULT_APPROVAL_TEXT = "经审核，同意采购。"


def allowed(status: str) -> tuple[str, ...]:
    """Where a case in `status` may go next."""
    return TRANSITIONS.get(status, ())


def _check_move(ws: Workspace, row: dict[str, Any], to: str) -> None:
    if settings.role(ws) == settings.ROLE_UNIT:
        raise XxhError("第五条第二款：办公电脑采购申报由县智慧办审核，项目建设单位不能办理审核；"
                       "审核结论会随县智慧办的交换文件（.xxh）送达。")
    if to not in allowed(row["status"]):
        nexts = "、".join(allowed(row["status"])) or "无（审核已结束或尚未申报）"
        raise XxhError(f"第五条第二款：采购申报 {row['number']} 当前为「{row['status']}」，"
                       f"不能改为「{to}」。可办理：{nexts}。")


def start_review(ws: Workspace, key: str) -> None:
    """已申报 → 审核中."""
    with ws.transaction():
        row = ws.procurement_row(key)
        _check_move(ws, row, "审核中")
        _set(ws, row, {"status": "审核中"})


def decide(ws: Workspace, key: str, to: str, opinion: str, *, on: date | None = None) -> None:
    """审核中 → 通过 / 退回修改 / 不予通过, with the office's written opinion."""
    if to not in DECISIONS:
        raise XxhError(f"审核结论「{to}」无效，应为：{'、'.join(DECISIONS)}。")
    opinion = opinion.strip()
    if not opinion:
        if to != "通过":
            raise XxhError(f"第五条第二款：「{to}」须写明审核意见（退回修改写明修改要求，不予通过写明理由）。")
        opinion = DEFAULT_APPROVAL_TEXT
    with ws.transaction():
        row = ws.procurement_row(key)
        _check_move(ws, row, to)
        _set(ws, row, {"status": to, "review_opinion": opinion, "reviewed_by": ws.user,
                       "reviewed_on": (on or date.today()).isoformat()})


def _set(ws: Workspace, row: dict[str, Any], values: dict[str, Any]) -> None:
    from .workspace import now_iso

    ws.update("procurements", {"id": row["id"]},
              {**values, "revision": row["revision"] + 1, "updated_at": now_iso()})
    ws.audit("采购申报审核", row["number"] or row["id"],
             before={k: row.get(k) for k in values}, after=values)


def review_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Every case the office sees (not the units' drafts), newest number first within status order."""
    return ws.query(
        "SELECT p.id, p.number, p.applicant_unit AS unit, p.status, p.filled_on, p.reason, "
        "p.review_opinion, p.reviewed_by, p.reviewed_on, "
        "(SELECT coalesce(sum(quantity * unit_price), 0) FROM procurement_items i "
        " WHERE i.procurement_id = p.id) AS total_fen, "
        "(SELECT group_concat(item || '×' || coalesce(quantity, ''), '；') FROM "
        " (SELECT item, quantity FROM procurement_items i WHERE i.procurement_id = p.id ORDER BY seq)) "
        " AS items "
        "FROM procurements p WHERE p.status != '草稿' ORDER BY p.number")
