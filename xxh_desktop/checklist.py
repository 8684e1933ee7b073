"""The reviewer's checklist (第九条 review, PRODUCT.md §6) and the written opinion (第十条)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import settings
from .domain.materials import DECLARATION_KINDS, declaration_kinds
from .errors import XxhError

if TYPE_CHECKING:
    from .workspace import Workspace

ANSWERS: tuple[str, ...] = ("符合", "不符合", "需补充")
CONCLUSIONS: tuple[str, ...] = ("同意", "修改后同意", "不同意")


@dataclass(frozen=True)
class Item:
    key: str
    article: str      # e.g. 第八条第三款 — its text is looked up in the regulation
    title: str        # what the reviewer checks, in one line


ITEMS: tuple[Item, ...] = (
    Item("materials", "第八条", "申报材料齐全：项目建设依据、建设方案、概算、可行性研究报告、信息资源目录"),
    Item("no_hardware", "第八条第三款", "建设方案无独立机房、数据中心、大屏、服务器等硬件（或有法律法规依据）"),
    Item("resource_catalog", "第八条", "信息资源目录建立共享及反馈机制，未将须普遍共享的数据仅向特定企业、社会组织开放"),
    Item("declaration_requirements", "第九条（一）", "符合项目申报要求"),
    Item("sector_plan", "第九条（二）", "符合本单位、本行业信息化项目规划"),
    Item("technical", "第九条（三）", "技术可行"),
    Item("security", "第九条（三）", "信息安全性有保障"),
    Item("economic", "第九条（三）", "经济合理"),
    Item("yangtze_delta", "第九条（四）", "符合长三角区域一体化要求，推动平台融合贯通、数据资源共享、业务协同办理"),
    Item("network_security", "第十三条", "建立网络安全管理制度，采取技术措施，定期检测与风险评估"),
    Item("consolidation", "第十四条", "依托县云计算中心、电子政务外网、城市大脑数据中台，不重复建设数据中心和专网"),
)

# ---------------------------------------------------------------------- storage and logic
ITEM_BY_KEY: dict[str, Item] = {i.key: i for i in ITEMS}
RESOURCE_CATALOG_KIND = DECLARATION_KINDS[-1]  # 信息资源目录
# 第八条第三款: hardware the office configures centrally; a declaration naming one needs a legal basis.
HARDWARE_WORDS: tuple[str, ...] = ("机房", "数据中心", "大屏", "服务器")
# 第十四条: no duplicate data centres or private networks.
DUPLICATE_WORDS: tuple[str, ...] = ("数据中心", "专网")
RETURN_STATE = "退回补充"  # 第九条: the side state a 需补充 answer leads to


@dataclass(frozen=True)
class Answer:
    key: str
    answer: str       # 符合 / 不符合 / 需补充
    comment: str
    by: str
    at: str           # ISO timestamp


@dataclass(frozen=True)
class Suggestion:
    """What the app can judge by itself; the reviewer confirms it or answers otherwise."""

    answer: str
    comment: str


@dataclass(frozen=True)
class Opinion:
    conclusion: str   # 同意 / 修改后同意 / 不同意
    text: str
    by: str
    issued_on: date


def item(key: str) -> Item:
    try:
        return ITEM_BY_KEY[key]
    except KeyError:
        raise XxhError(f"审核清单中没有「{key}」这一项。") from None


def _project(ws: Workspace, key: str) -> dict[str, Any]:
    return ws.project(key)


def answers(ws: Workspace, project: str) -> dict[str, Answer]:
    """The stored answers of a project, by item key."""
    pid = _project(ws, project)["id"]
    rows = ws.query("SELECT * FROM checklist_answers WHERE project_id = ?", (pid,))
    return {r["item_key"]: Answer(r["item_key"], r["answer"], r["comment"], r["by"], r["at"])
            for r in rows if r["item_key"] in ITEM_BY_KEY}


def progress(ws: Workspace, project: str) -> tuple[int, int]:
    """(answered, total): the panel shows «已审 7/11»."""
    return len(answers(ws, project)), len(ITEMS)


def unanswered(ws: Workspace, project: str) -> list[Item]:
    done = answers(ws, project)
    return [i for i in ITEMS if i.key not in done]


def set_answer(ws: Workspace, project: str, key: str, answer: str, comment: str = "") -> None:
    """Answer one item (符合 / 不符合 / 需补充), audited before → after.

    第九条: any 需补充 answer returns the project to its unit (退回补充) with
    the list of what to supply; when none is left the return is lifted.
    """
    from .workspace import now_iso

    item(key)
    if answer not in ANSWERS:
        raise XxhError(f"审核结论「{answer}」无效，应为：{'、'.join(ANSWERS)}。")
    comment = comment.strip()
    with ws.transaction():
        proj = _project(ws, project)
        _check_open(ws, proj)
        before = ws.query_one(
            "SELECT answer, comment FROM checklist_answers WHERE project_id = ? AND item_key = ?",
            (proj["id"], key))
        after = {"answer": answer, "comment": comment}
        if before == after:
            return
        previous = supply_list(ws, proj["id"])
        ws.execute(
            "INSERT INTO checklist_answers (project_id, item_key, answer, comment, by, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(project_id, item_key) DO UPDATE SET "
            "answer = excluded.answer, comment = excluded.comment, by = excluded.by, at = excluded.at",
            (proj["id"], key, answer, comment, ws.user, now_iso()))
        ws.audit("审核清单", proj["number"] or proj["id"],
                 before={key: before} if before else "", after={key: after})
        _sync_return(ws, proj["id"], previous)


# 第九条: the review happens between 已申报 and 报县政府批准; once reported
# (第十条) the answers and the opinion are what the county decided on.
REVIEW_STAGES = ("已申报", "审核中")


def _check_open(ws: Workspace, proj: dict[str, Any]) -> None:
    if settings.role(ws) == settings.ROLE_UNIT:
        # 第九条、第十条: the review and the written opinion are the office's.
        raise XxhError("第九条、第十条：审核和书面审核意见由县智慧办办理，项目建设单位只能查看收到的审核结果。")
    if proj["stage"] == "草稿":
        raise XxhError("第九条：项目尚未申报（草稿），不能审核。")
    if proj["stage"] not in REVIEW_STAGES:
        raise XxhError(f"第九条、第十条：项目 {proj['number'] or ''} 已在「{proj['stage']}」阶段，审核结果已报出，不能再修改；"
                       "如需重新审核，请先将项目退回「审核中」（须写明理由）。")


def clear_answer(ws: Workspace, project: str, key: str) -> None:
    """Take an answer back (the item is open again), audited."""
    item(key)
    with ws.transaction():
        proj = _project(ws, project)
        _check_open(ws, proj)
        before = ws.query_one(
            "SELECT answer, comment FROM checklist_answers WHERE project_id = ? AND item_key = ?",
            (proj["id"], key))
        if before is None:
            return
        previous = supply_list(ws, proj["id"])
        ws.execute("DELETE FROM checklist_answers WHERE project_id = ? AND item_key = ?",
                   (proj["id"], key))
        ws.audit("审核清单", proj["number"] or proj["id"], before={key: before}, after={key: None})
        _sync_return(ws, proj["id"], previous)


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
    proj = ws.project(pid)
    wanted = supply_list(ws, pid)
    state = proj["side_state"] or None
    current = (proj["supply_list"] or "") if state == RETURN_STATE else ""
    manual = current
    if previous and current.endswith(previous):
        manual = current[: len(current) - len(previous)].rstrip("\n")
    combined = "\n".join(x for x in (manual, wanted) if x)
    if combined:
        # 第九条: 需补充 → 退回补充. Another side state (不予批准, 已终止 …) is not overridden.
        if state in (None, RETURN_STATE) and (state != RETURN_STATE or current != combined):
            _set_return(ws, pid, combined)
    elif state == RETURN_STATE:
        _set_return(ws, pid, None)


def _set_return(ws: Workspace, pid: str, wanted: str | None) -> None:
    """Set (or lift, when `wanted` is None) 退回补充 with its supply list, through the lifecycle."""
    from . import lifecycle

    if wanted:
        result = lifecycle.set_side_state(ws, pid, RETURN_STATE, supply_list=wanted,
                                          reason="第九条审核：需补充")
    else:
        result = lifecycle.clear_side_state(ws, pid, reason="审核清单已无需补充项")
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
    proj = _project(ws, project)
    mats = {m["kind"]: m for m in ws.materials(proj["id"])}
    result: dict[str, Suggestion] = {}

    # 第八条: materials present (第八条第二款 adds 现有软硬件资源情况 for built systems).
    needed = declaration_kinds(bool(proj["is_existing_system"]))
    missing = [k for k in needed if k not in mats]
    waived = [f"{k}（暂缺：{mats[k]['waived_reason']}）" for k in needed
              if k in mats and not mats[k]["sm3"]]
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
    decl = ws.load_declaration(proj["id"])
    text = "\n".join((proj["name"], decl.project_name, decl.content))
    hits = found_words(text, HARDWARE_WORDS)
    if hits:
        result["no_hardware"] = Suggestion(
            "需补充", f"申报内容提及{'、'.join(hits)}，须说明法律、法规、规章依据或改由县智慧办统筹配置")
    else:
        result["no_hardware"] = Suggestion("符合", "申报内容未提及机房、数据中心、大屏、服务器")

    # 第八条: the 信息资源目录 attached (its content the reviewer still reads).
    catalog = mats.get(RESOURCE_CATALOG_KIND)
    if catalog is None or not catalog["sm3"]:
        result["resource_catalog"] = Suggestion("需补充", "未附信息资源目录")
    else:
        result["resource_catalog"] = Suggestion(
            "符合", f"已附信息资源目录（{catalog['filename']}），请核对共享与反馈机制")

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
    pid = _project(ws, project)["id"]
    row = ws.query_one("SELECT * FROM opinions WHERE project_id = ?", (pid,))
    if row is None:
        return None
    return Opinion(row["conclusion"], row["text"], row["by"], date.fromisoformat(row["issued_on"]))


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
                  issued_on: date | None = None) -> None:
    """Record the 书面审核意见 (第十条), audited before → after."""
    if conclusion not in CONCLUSIONS:
        raise XxhError(f"审核结论「{conclusion}」无效，应为：{'、'.join(CONCLUSIONS)}。")
    text = text.strip()
    if conclusion != "同意" and not _BLANK.sub("", text):
        raise XxhError(f"第十条：审核结论为「{conclusion}」时须写明理由。")
    issued_on = issued_on or date.today()
    with ws.transaction():
        proj = _project(ws, project)
        _check_open(ws, proj)
        open_items = unanswered(ws, proj["id"])
        if open_items:
            raise XxhError(f"第九条：审核清单尚有 {len(open_items)} 项未审，不能形成书面审核意见。")
        if supply_list(ws, proj["id"]):
            raise XxhError("第九条：有需补充的审核项，请待项目建设单位补充后重新审核，再形成书面审核意见。")
        before = ws.query_one("SELECT conclusion, text, issued_on FROM opinions WHERE project_id = ?",
                              (proj["id"],))
        after = {"conclusion": conclusion, "text": text, "issued_on": issued_on.isoformat()}
        if before == after:
            return
        ws.execute(
            "INSERT INTO opinions (project_id, conclusion, text, by, issued_on) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(project_id) DO UPDATE SET conclusion = excluded.conclusion, "
            "text = excluded.text, by = excluded.by, issued_on = excluded.issued_on",
            (proj["id"], conclusion, text, ws.user, issued_on.isoformat()))
        ws.audit("书面审核意见", proj["number"] or proj["id"], before=before or "", after=after)
