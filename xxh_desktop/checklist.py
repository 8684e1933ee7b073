"""The reviewer's checklist (第九条 review, PRODUCT.md §6) and the written opinion (第十条).

The items are plain data (`domain.review_items`); the answers and the opinion
are kept by their owners (`storage/checklist.py`, `storage/opinions.py`),
which refuse them to a department. Here: the review's own rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .domain.materials import DECLARATION_KINDS, declaration_kinds
from .domain.records import ChecklistAnswer, Opinion
from .domain.review_items import ANSWERS, CONCLUSIONS, ITEMS, Item, item
from .domain.stages import SideState, Stage
from .errors import XxhError
from .storage.changes import Changes

if TYPE_CHECKING:
    from .domain.records import Project
    from .workspace import Workspace

RESOURCE_CATALOG_KIND = DECLARATION_KINDS[-1]  # 信息资源目录
# 第八条第三款: hardware the office configures centrally; a declaration naming one needs a legal basis.
HARDWARE_WORDS: tuple[str, ...] = ("机房", "数据中心", "大屏", "服务器")
# 第十四条: no duplicate data centres or private networks.
DUPLICATE_WORDS: tuple[str, ...] = ("数据中心", "专网")
# 第九条: the review happens between 已申报 and 报县政府批准; once reported
# (第十条) the answers and the opinion are what the county decided on.
REVIEW_STAGES = (Stage.DECLARED, Stage.REVIEWING)


@dataclass(frozen=True)
class Suggestion:
    """What the app can judge by itself; the reviewer confirms it or answers otherwise."""

    answer: str
    comment: str


def answers(ws: Workspace, project: str) -> dict[str, ChecklistAnswer]:
    """The stored answers of a project, by item key."""
    return ws.checklist.of(ws.projects.get(project).id)


def progress(ws: Workspace, project: str) -> tuple[int, int]:
    """(answered, total): the panel shows «已审 7/11»."""
    return len(answers(ws, project)), len(ITEMS)


def unanswered(ws: Workspace, project: str) -> list[Item]:
    done = answers(ws, project)
    return [i for i in ITEMS if i.key not in done]


def _check_open(project: Project) -> None:
    if project.stage == Stage.DRAFT:
        raise XxhError("第九条：项目尚未申报（草稿），不能审核。")
    if project.stage not in REVIEW_STAGES:
        raise XxhError(f"第九条、第十条：项目 {project.label} 已在「{project.stage}」阶段，审核结果已报出，不能再修改；"
                       "如需重新审核，请先将项目退回「审核中」（须写明理由）。")


def set_answer(ws: Workspace, project: str, key: str, answer: str, comment: str = "") -> Changes:
    """Answer one item (符合 / 不符合 / 需补充), audited before → after.

    第九条: any 需补充 answer returns the project to its unit (退回补充) with
    the list of what to supply; when none is left the return is lifted.
    """
    item(key)
    if answer not in ANSWERS:
        raise XxhError(f"审核结论「{answer}」无效，应为：{'、'.join(ANSWERS)}。")
    comment = comment.strip()
    with ws.transaction() as tx:
        p = ws.projects.get(project)
        _check_open(p)
        before = ws.checklist.of(p.id).get(key)
        after = {"answer": answer, "comment": comment}
        if before is not None and (before.answer, before.comment) == (answer, comment):
            return tx.changes
        previous = supply_list(ws, p.id)
        ws.checklist.set(p.id, key, answer, comment)
        ws.audit_log.append("审核清单", p.label,
                            before={key: {"answer": before.answer, "comment": before.comment}} if before else "",
                            after={key: after})
        _sync_return(ws, p.id, previous)
    return tx.changes


def clear_answer(ws: Workspace, project: str, key: str) -> Changes:
    """Take an answer back (the item is open again), audited."""
    item(key)
    with ws.transaction() as tx:
        p = ws.projects.get(project)
        _check_open(p)
        before = ws.checklist.of(p.id).get(key)
        if before is None:
            return tx.changes
        previous = supply_list(ws, p.id)
        ws.checklist.clear(p.id, key)
        ws.audit_log.append("审核清单", p.label, before={key: {"answer": before.answer, "comment": before.comment}},
                            after={key: None})
        _sync_return(ws, p.id, previous)
    return tx.changes


def supply_list(ws: Workspace, project: str) -> str:
    """What the unit must supply: one line per 需补充 item, with the reviewer's comment."""
    done = answers(ws, project)
    lines = []
    for i in ITEMS:
        a = done.get(i.key)
        if a and a.answer == "需补充":
            lines.append(f"{len(lines) + 1}. {i.article}：{a.comment or i.title}")
    return "\n".join(lines)


def _sync_return(ws: Workspace, pid: str, previous: str = "") -> None:
    """Keep 退回补充 in step with the 需补充 answers; `previous` is the checklist's
    list before the change. What the office listed by hand (set_side_state from
    the board) is kept: only the checklist's own part follows the answers."""
    from .lifecycle import clear_side_state, set_side_state

    p = ws.projects.get(pid)
    wanted = supply_list(ws, pid)
    state = p.side_state
    current = p.supply_list if state == SideState.RETURNED else ""
    manual = current
    if previous and current.endswith(previous):
        manual = current[: len(current) - len(previous)].rstrip("\n")
    combined = "\n".join(x for x in (manual, wanted) if x)
    if combined:
        # 第九条: 需补充 → 退回补充. Another side state (不予批准, 已终止 …) is not overridden.
        if state in (None, SideState.RETURNED) and (state != SideState.RETURNED or current != combined):
            result = set_side_state(ws, pid, SideState.RETURNED, supply_list=combined, reason="第九条审核：需补充")
            if not result:
                raise XxhError("；".join(result.refusals))
    elif state == SideState.RETURNED:
        result = clear_side_state(ws, pid, reason="审核清单已无需补充项")
        if not result:
            raise XxhError("；".join(result.refusals))


# ---------------------------------------------------------------------- suggestions


def found_words(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if w in text]


def suggestions(ws: Workspace, project: str) -> dict[str, Suggestion]:
    """Pre-answers for the items the app can judge from what it holds.

    It never reads the attached files (PRODUCT.md §3), only whether they are
    there and the declaration's own text.
    """
    p = ws.projects.get(project)
    mats = ws.materials.by_kind(p.id)
    result: dict[str, Suggestion] = {}

    # 第八条: materials present (第八条第二款 adds 现有软硬件资源情况 for built systems).
    needed = declaration_kinds(p.is_existing_system)
    missing = [k for k in needed if k not in mats]
    waived = [f"{k}（暂缺：{mats[k].waived_reason}）" for k in needed if k in mats and not mats[k].sm3]
    if missing or waived:
        parts = []
        if missing:
            parts.append("缺少" + "、".join(missing))
        if waived:
            parts.append("、".join(waived))
        result["materials"] = Suggestion("需补充", "；".join(parts))
    else:
        result["materials"] = Suggestion("符合", "申报材料齐全：" + "、".join(needed))

    # 第八条第三款: hardware named in the declaration's text.
    decl = ws.declarations.get(p.id)
    text = "\n".join((p.name, decl.project_name, decl.content))
    hits = found_words(text, HARDWARE_WORDS)
    if hits:
        result["no_hardware"] = Suggestion(
            "需补充", f"申报内容提及{'、'.join(hits)}，须说明法律、法规、规章依据或改由县智慧办统筹配置")
    else:
        result["no_hardware"] = Suggestion("符合", "申报内容未提及机房、数据中心、大屏、服务器")

    # 第八条: the 信息资源目录 attached (its content the reviewer still reads).
    catalog = mats.get(RESOURCE_CATALOG_KIND)
    if catalog is None or not catalog.sm3:
        result["resource_catalog"] = Suggestion("需补充", "未附信息资源目录")
    else:
        result["resource_catalog"] = Suggestion(
            "符合", f"已附信息资源目录（{catalog.filename}），请核对共享与反馈机制")

    # 第十四条: a data centre or private network named in the text.
    dup = found_words(text, DUPLICATE_WORDS)
    if dup:
        result["consolidation"] = Suggestion(
            "需补充", f"申报内容提及{'、'.join(dup)}，须说明为何不能依托县云计算中心、电子政务外网")
    return result


def accept_suggestions(ws: Workspace, project: str) -> int:
    """Store every suggestion for items not yet answered; returns how many."""
    done = answers(ws, project)
    count = 0
    with ws.transaction():
        for key, s in suggestions(ws, project).items():
            if key not in done:
                set_answer(ws, project, key, s.answer, s.comment)
                count += 1
    return count


# ---------------------------------------------------------------------- the opinion (第十条)


def opinion(ws: Workspace, project: str) -> Opinion | None:
    return ws.opinions.get(ws.projects.get(project).id)


def suggested_conclusion(ws: Workspace, project: str) -> str:
    done = answers(ws, project).values()
    return "修改后同意" if any(a.answer == "不符合" for a in done) else "同意"


def draft_opinion_text(ws: Workspace, project: str) -> str:
    """A starting text for the reasons: the items found 不符合 with their comments."""
    done = answers(ws, project)
    bad = [f"{i.article}「{i.title}」：{done[i.key].comment or '不符合'}"
           for i in ITEMS if i.key in done and done[i.key].answer == "不符合"]
    if not bad:
        return "经审核，该项目符合《金寨县政务信息化项目管理办法》第九条规定的各项审核内容。"
    return "经审核，该项目存在以下问题：\n" + "\n".join(f"{n}. {b}" for n, b in enumerate(bad, 1))


def review_problems(ws: Workspace, project: str) -> list[str]:
    """Why the review is not finished (the 待县政府批准 gate, 第九条、第十条); empty when it is."""
    problems = []
    open_items = unanswered(ws, project)
    if open_items:
        problems.append(f"第九条：审核清单尚有 {len(open_items)} 项未审（"
                        + "、".join(i.title[:12] for i in open_items[:3])
                        + ("等" if len(open_items) > 3 else "") + "）")
    if supply_list(ws, project):
        problems.append("第九条：有需补充的审核项，项目已退回补充，补充后重新审核")
    if opinion(ws, project) is None:
        problems.append("第十条：尚未形成书面审核意见")
    return problems


_BLANK = re.compile(r"\s+")


def write_opinion(ws: Workspace, project: str, conclusion: str, text: str,
                  issued_on: date | None = None) -> Changes:
    """Record the 书面审核意见 (第十条), audited before → after."""
    if conclusion not in CONCLUSIONS:
        raise XxhError(f"审核结论「{conclusion}」无效，应为：{'、'.join(CONCLUSIONS)}。")
    text = text.strip()
    if conclusion != "同意" and not _BLANK.sub("", text):
        raise XxhError(f"第十条：审核结论为「{conclusion}」时须写明理由。")
    issued_on = issued_on or date.today()
    with ws.transaction() as tx:
        p = ws.projects.get(project)
        _check_open(p)
        open_items = unanswered(ws, p.id)
        if open_items:
            raise XxhError(f"第九条：审核清单尚有 {len(open_items)} 项未审，不能形成书面审核意见。")
        if supply_list(ws, p.id):
            raise XxhError("第九条：有需补充的审核项，请待项目建设单位补充后重新审核，再形成书面审核意见。")
        before = ws.opinions.get(p.id)
        after = {"conclusion": conclusion, "text": text, "issued_on": issued_on.isoformat()}
        old = ({"conclusion": before.conclusion, "text": before.text, "issued_on": before.issued_on.isoformat()}
               if before else None)
        if old == after:
            return tx.changes
        ws.opinions.set(p.id, conclusion, text, issued_on)
        ws.audit_log.append("书面审核意见", p.label, before=old or "", after=after)
    return tx.changes
