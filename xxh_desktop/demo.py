"""The demo data set: believable 金寨县 projects and PC procurement cases.

The data lives in ``resources/demo/*.json`` (human-readable, UTF-8); this
module only turns it into rows. The story is told as of `STORY_DATE`
(2026-11-26): 2027 projects are being declared and reviewed, 2026 ones are
in procurement, construction and acceptance, 2025 ones are in 终验,
绩效自评价 or 运维.

Loading is idempotent (projects and procurement cases are keyed on the UUIDs
fixed in the JSON; synthetic projects on UUIDs derived from their index) and
runs in one transaction. `load_demo(ws, extra_projects=N)` with N above the
curated set adds synthetic projects up to N in total, for scale tests
(`demo_synthetic`: with their histories, materials, reviews and 附件2 cases).

Stage histories follow the conventions of `lifecycle.move_stage` and
`lifecycle.set_side_state`: a forward move records the event it stands for
(`lifecycle.EVENTS`), a backward move the event 退回 and a reason; a side
state row keeps the stage (from = to) and names the state set or lifted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from .authority import Actor, require_role
from .domain.accounts import Role
from .domain.declaration import Declaration
from .domain.fields import Side
from .domain.materials import (
    DECLARATION_KINDS, EXISTING_SYSTEM_KIND, FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND,
    SELF_EVALUATION_KIND,
)
from .domain.procurement import Procurement, ProcurementItem
from .domain.records import Adjustment, Asset, PlanFiling, Rectification
from .domain.review_items import ITEMS
from .domain.stages import STAGES, CaseStatus, SideState, Stage
from .demo_synthetic import CASES_EVERY, EVENT_NAMES, OFFICE, STORY_DATE, load_synthetic, stamp
from .errors import XxhError
from .lifecycle.rules import BACKWARD_EVENT
from .resources import resource_path
from .workspace import Workspace

# The demo tells both sides' story at once: each department declared, the office
# reviewed. Only this loader makes this actor (authority.Actor.seed).
SEED = Actor(None, "", "演示数据", seed=True)


@dataclass(frozen=True)
class DemoResult:
    projects: int            # demo projects in the database after loading (curated + synthetic)
    procurements: int        # demo procurement cases in the database after loading
    added_projects: int = 0  # of which this call added
    added_procurements: int = 0


# ---------------------------------------------------------------------- data


@cache
def _json(name: str) -> Any:
    path = resource_path("demo", name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise XxhError(f"找不到演示数据文件 {path}（安装可能不完整，请重新安装）：{exc}") from exc


def demo_data() -> dict[str, Any]:
    """The curated data set as read from ``resources/demo``."""
    return {
        "units": _json("units.json"),
        "projects": _json("projects.json"),
        "procurements": _json("procurements.json"),
        "synthetic": _json("synthetic.json"),
    }


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dec(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


# ---------------------------------------------------------------------- loader


def load_demo(ws: Workspace, extra_projects: int = 0) -> DemoResult:
    """Load the demo data into `ws` (idempotent, one transaction).

    `extra_projects` is the wanted total: when it exceeds the curated set,
    synthetic projects are added up to that many projects in all. The demo is
    the office's view of the county: a machine whose side is not chosen yet
    becomes the office's.
    """
    # Forty projects poured into a database is no one's business entry: on a machine with accounts
    # only its administrator may do it.
    require_role(ws.actor, Role.ADMIN, "载入演示数据")
    data = demo_data()
    curated = data["projects"]["projects"]
    added_p = added_c = 0
    with ws.transaction():
        if ws.settings.side is None:
            ws.settings.choose_side(Side.OFFICE)
        with ws.acting_as(SEED):
            units = {u["name"]: u for u in data["units"]["units"]}
            for u in units.values():
                ws.units.ensure(u["name"], u["kind"])
            have = ws.projects.ids()
            defaults = data["projects"]["defaults"]
            for p in curated:
                if p["id"] not in have:
                    _load_project(ws, p, units, defaults, data["units"]["office"])
                    added_p += 1
            for f in data["projects"]["plan_filings"]:
                filing = ws.plan_filings.get(f["year"])
                if filing.finance_filed_on is None and filing.ndrc_filed_on is None:
                    ws.plan_filings.set(PlanFiling(f["year"], _d(f["finance_filed_on"]), _d(f["ndrc_filed_on"]),
                                                   _d(f.get("compiled_on"))))
            have_c = ws.procurements.ids()
            for c in data["procurements"]["procurements"]:
                if c["id"] not in have_c:
                    _load_procurement(ws, c, data["units"]["office"])
                    added_c += 1
            synthetic = max(0, extra_projects - len(curated))
            added_s, added_sc = load_synthetic(ws, synthetic, units, data) if synthetic else (0, 0)
            if added_p or added_c or added_s or added_sc:
                ws.audit_log.append("载入演示数据", "演示数据", after={
                    "项目": added_p, "采购申报": added_c, "合成项目": added_s, "合成采购申报": added_sc})
    return DemoResult(len(curated) + synthetic, len(data["procurements"]["procurements"]) + synthetic // CASES_EVERY,
                      added_p + added_s, added_c + added_sc)


def _by(unit: str, person: str) -> str:
    return f"{unit} {person}".strip()


def _declaration(p: dict[str, Any], unit: dict[str, Any], defaults: dict[str, Any]) -> Declaration:
    d = p["declaration"]
    funds = d["funds"]
    return Declaration(
        applicant_unit=p["unit"], declared_on=_d(d["declared_on"]),
        leader=d.get("leader", unit["leader"]), contact=d.get("contact", unit["contact"]),
        phone=d.get("phone", unit["phone"]), email=d.get("email", unit["email"]),
        project_name=d["name"],
        start_month=_d(d["start"] + "-01"), end_month=_d(d["end"] + "-01"),
        investment=_dec(d["investment"]),
        fund_fiscal=_dec(funds.get("fiscal")), fund_self=_dec(funds.get("self")),
        fund_bank=_dec(funds.get("bank")), fund_other=_dec(funds.get("other")),
        content=d["content"],
        dept_opinion=d.get("dept_opinion", defaults["dept_opinion"] if Stage(p["stage"]) > Stage.DRAFT else ""),
        is_existing_system=bool(p.get("existing_system")),
    )


def stage_dates(p: dict[str, Any]) -> dict[Stage, date]:
    """The date the project entered each stage up to its current one, from its recorded facts."""
    out: dict[str, date] = {}   # by stage name, as the JSON names them
    declared = _d(p["declaration"]["declared_on"])
    assert declared is not None
    out["草稿"] = declared - timedelta(days=12)
    out["已申报"] = declared
    review = p.get("review", {})
    if review.get("start"):
        out["审核中"] = _d(review["start"])
    if review.get("opinion"):
        out["待县政府批准"] = _d(review["opinion"]["date"])
    approval = p.get("approval") or p.get("temp_approval")
    if approval:
        out["已批准·列入计划"] = _d(approval["date"])
    proc = p.get("procurement", {})
    if proc.get("date"):
        out["招标采购"] = _d(proc["date"]) - timedelta(days=21)
    if proc.get("contract_date"):
        out["建设实施"] = _d(proc["contract_date"])
    acc = p.get("acceptance", {})
    if acc.get("initial"):
        out["初验"] = _d(acc["initial"]) - timedelta(days=10)
        out["试运行"] = _d(acc["initial"])
    if acc.get("final"):
        out["终验"] = _d(acc["final"])
        out["绩效自评价"] = _d(acc["final"]) + timedelta(days=5)
    if acc.get("self_eval"):
        out["运维"] = _d(acc["self_eval"])
    out.update({k: _d(v) for k, v in p.get("stage_dates", {}).items()})
    wanted = STAGES[: Stage(p["stage"]).index + 1]
    missing = [s.value for s in wanted if s not in out]
    if missing:
        raise ValueError(f"demo project {p['number']}: no date for stage(s) {missing}")
    result = {s: out[s] for s in wanted}
    dates = list(result.values())
    if dates != sorted(dates) or dates[-1] > STORY_DATE:
        raise ValueError(f"demo project {p['number']}: stage dates out of order: {result}")
    return result


def _history_rows(p: dict[str, Any], dates: dict[Stage, date], unit: dict[str, Any],
                  office: dict[str, str]) -> list[dict[str, Any]]:
    """stage_history rows: the forward walk through the stages, merged with the side events."""
    office_by = f"{OFFICE} {office['reviewer']}"
    unit_by = _by(p["unit"], unit["contact"])
    builder_by = _by(p["unit"], p.get("procurement", {}).get("responsible_person") or unit["contact"])
    approval = p.get("approval") or p.get("temp_approval") or {}
    steps: list[tuple[date, int, dict[str, Any]]] = []
    for n, (stage, on) in enumerate(dates.items()):
        # 第五条: the unit declares; every later move is the office's (authority.move_refusal).
        by = unit_by if n < 2 else office_by
        reason = ""
        if stage == Stage.APPROVED:
            reason = f"批准文号：{approval['doc_no']}" + ("（临时项目报批，第七条）" if p.get("temp_approval") else "")
        steps.append((on, 0, {"to": stage, "by": by, "reason": reason, "event": EVENT_NAMES[stage]}))
    for n, ev in enumerate(p.get("events", [])):
        by = office_by if ev.get("by", "office") == "office" else builder_by
        steps.append((_d(ev["date"]), 1 + n, {**ev, "by": by}))
    for n, adj in enumerate(p.get("adjustments", [])):
        for key, event in (("requested_on", "项目调整申请"), ("county_approved_on", "项目调整县政府批准"),
                           ("office_filed_on", "项目调整县智慧办备案")):
            if adj.get(key):
                who = builder_by if key == "requested_on" else office_by
                reason = f"{adj['kind']}：{adj['content']}" if key == "requested_on" and adj.get("kind") else adj["content"]
                steps.append((_d(adj[key]), 50 + n, {"adjust": True, "by": who, "event": event, "reason": reason}))
    steps.sort(key=lambda s: (s[0], s[1]))
    rows, current = [], None
    for n, (on, _, step) in enumerate(steps):
        row = {"on_date": on.isoformat(), "at": stamp(on, n), "by": step["by"],
               "reason": step.get("reason", ""), "side_state": None}
        if "side_state" in step:
            state = step["side_state"]
            lifted = state == ""
            if lifted:
                state = next(r["side_state"] for r in reversed(rows) if r["side_state"])
            reason = step["reason"]
            if state == "退回补充" and not lifted:
                reason = f"{reason}；需补充：{p.get('supply_list', '')}"
            rect = next((r for r in p.get("rectifications", []) if r["issued_on"] == step["date"]), None)
            if state == "整改中" and rect and not lifted:
                reason = f"{reason}；整改期限：{rect['deadline']}"
            row.update(from_stage=current, to_stage=current, side_state=state, reason=reason,
                       event=f"{'解除' if lifted else '设置'}状态：{state}")
        elif step.get("adjust"):
            row.update(from_stage=current, to_stage=current, event=step["event"])
        else:
            to = Stage(step["to"])
            backward = current is not None and to < current
            event = BACKWARD_EVENT if backward else EVENT_NAMES[to]
            row.update(from_stage=current, to_stage=to, event=event)
            current = to
        rows.append(row)
    if current != Stage(p["stage"]):
        raise ValueError(f"demo project {p['number']}: history ends in {current}, not {p['stage']}")
    rows[0]["from_stage"] = None
    return rows


def _material_text(kind: str, p: dict[str, Any], on: date) -> bytes:
    d = p["declaration"]
    text = (
        f"{kind}\n\n"
        f"项目名称：{d['name']}\n"
        f"项目编号：{p['number']}\n"
        f"建设单位：{p['unit']}\n"
        f"投资额：{d['investment']} 万元\n"
        f"日期：{on:%Y年%m月%d日}\n\n"
        f"（演示材料：本文件由 xxh-desktop 演示数据生成，仅示意「{kind}」在项目档案中的位置，"
        f"不是真实文件。）\n"
    )
    return ("\ufeff" + text).encode("utf-8")  # BOM: older Windows Notepad reads it as UTF-8


def _attach(ws: Workspace, pid: str, p: dict[str, Any], kind: str, on: date, by: str) -> None:
    name = f"{p['declaration']['name']}-{kind}.txt"
    ws.materials.attach(pid, kind, name, _material_text(kind, p, on), added_at=stamp(on), added_by=by)


def _load_project(ws: Workspace, p: dict[str, Any], units: dict[str, dict[str, Any]],
                  defaults: dict[str, Any], office: dict[str, str]) -> None:
    unit = units[p["unit"]]
    stage = Stage(p["stage"])
    existing = bool(p.get("existing_system"))
    dates = stage_dates(p)
    history = _history_rows(p, dates, unit, office)
    office_by = f"{OFFICE} {office['reviewer']}"
    unit_by = _by(p["unit"], unit["contact"])

    number = p["number"]
    if ws.projects.number_taken(number):
        number = ws.projects.next_number(p["year"])  # the user's own project already has it
    pid = ws.projects.create(p["declaration"]["name"], p["unit"], p["year"], number=number,
                             project_id=p["id"], is_existing_system=existing,
                             created_at=stamp(dates[Stage.DRAFT]))
    decl = _declaration(p, unit, defaults)
    ws.declarations.save(pid, decl, status="已申报" if stage > Stage.DRAFT else "草稿")

    # Facts recorded along the way (第十条, 第七条, 第十一条, 第十二条, 第十七条, 第十八条).
    facts: dict[str, Any] = {"stage": stage, "side_state": SideState(p["side_state"]) if p.get("side_state") else None,
                             "supply_list": p.get("supply_list", "")}
    approval = p.get("approval")
    temp = p.get("temp_approval")
    if approval and stage >= Stage.APPROVED:
        facts.update(approval_date=_d(approval["date"]), approval_doc_no=approval["doc_no"],
                     plan_year=approval["plan_year"])
    if temp and stage >= Stage.APPROVED:
        # 第七条 临时报批: the county's approval is the 临时 approval itself.
        facts.update(approval_date=_d(temp["date"]), approval_doc_no=temp["doc_no"],
                     temp_approval_date=_d(temp["date"]), temp_approval_doc_no=temp["doc_no"])
    proc = p.get("procurement")
    if proc:
        facts.update(procurement_method=proc.get("method", ""), procurement_date=_d(proc.get("date")),
                     supplier=proc.get("supplier", ""), contract_date=_d(proc.get("contract_date")),
                     responsible_person=proc.get("responsible_person", ""))
        if proc.get("contract_amount"):
            facts["contract_amount"] = Decimal(proc["contract_amount"])
        if proc.get("contract_date"):
            facts["supervisor_unit"] = proc.get("supervisor_unit", defaults["supervisor_unit"])
            facts["tester_unit"] = proc.get("tester_unit", defaults["tester_unit"])
    acc = p.get("acceptance", {})
    if acc.get("initial"):
        facts.update(initial_acceptance_date=_d(acc["initial"]), initial_acceptance_result="合格")
    if acc.get("final"):
        facts["final_acceptance_date"] = _d(acc["final"])
    if stage >= Stage.SELF_EVALUATION:
        facts["operation_started_on"] = dates[Stage.SELF_EVALUATION]   # 第十八条: the move stands for 投入运行
    if acc.get("self_eval"):
        facts.update(self_eval_office_date=_d(acc["self_eval"]),
                     self_eval_finance_date=_d(acc.get("self_eval_finance", acc["self_eval"])))
    if acc.get("security_assessed"):
        facts["security_assessed_on"] = _d(acc["security_assessed"])
    if p.get("cloud_migration"):
        facts.update(cloud_migration=p["cloud_migration"]["state"], cloud_migration_due=_d(p["cloud_migration"].get("due")))
    review = p.get("review", {})
    if review.get("opinion"):
        # 第九条: reviewed 会同有关部门 a week before the opinion (not before the review began).
        consulted = _d(review["opinion"]["date"]) - timedelta(days=7)
        facts.update(consulted_units=defaults["consulted_units"],
                     consulted_on=max(consulted, dates.get(Stage.REVIEWING, consulted)))
    ws.projects.update(pid, facts, action="载入演示数据")

    # Materials: 第八条 with the declaration, 初验 report from 试运行 on, 第十七条 at 终验, 第十八条 at 运维.
    declared = dates[Stage.DRAFT] if stage == Stage.DRAFT else dates[Stage.DECLARED]
    if stage == Stage.DRAFT:
        for kind in p.get("draft_materials", []):
            _attach(ws, pid, p, kind, declared, unit_by)
    else:
        waived = p.get("waived", {})
        kinds = DECLARATION_KINDS + ((EXISTING_SYSTEM_KIND,) if existing else ())
        for kind in kinds:
            if kind in waived:
                ws.materials.waive(pid, kind, waived[kind], added_at=stamp(declared), added_by=unit_by)
            else:
                _attach(ws, pid, p, kind, declared, unit_by)
    builder_by = _by(p["unit"], (proc or {}).get("responsible_person") or unit["contact"])
    if stage >= Stage.TRIAL:
        _attach(ws, pid, p, "初验及问题整改报告", dates[Stage.TRIAL], builder_by)
    if stage >= Stage.FINAL_ACCEPTANCE:
        final = dates[Stage.FINAL_ACCEPTANCE]
        for n, kind in enumerate(FINAL_ACCEPTANCE_KINDS):
            if kind != "初验及问题整改报告":
                _attach(ws, pid, p, kind, final - timedelta(days=14 - n), builder_by)
        _attach(ws, pid, p, FINAL_REPORT_KIND, final, builder_by)
    if stage >= Stage.OPERATION:
        _attach(ws, pid, p, SELF_EVALUATION_KIND, dates[Stage.OPERATION], builder_by)
    for on, kinds in p.get("extra_materials", {}).items():  # arrived ahead of the next gate
        for kind in kinds:
            _attach(ws, pid, p, kind, _d(on), builder_by)

    # 第九条 review and 第十条 opinion.
    review = p.get("review", {})
    opinion = review.get("opinion")
    answers = dict(review.get("answers", {}))
    if opinion:
        answers = {item.key: answers.get(item.key, ["符合", ""]) for item in ITEMS}
    review_start = dates.get(Stage.REVIEWING)
    for n, (key, (answer, comment)) in enumerate(answers.items()):
        if answer == "符合" and not comment:
            comment = defaults["checklist_comments"].get(key, "")
        on = _d(opinion["date"]) - timedelta(days=3) if opinion else review_start + timedelta(days=3)
        ws.checklist.set(pid, key, answer, comment, by=office_by, at=stamp(on, n))
    if opinion:
        text = opinion.get("text") or defaults["opinion_text"].format(name=p["declaration"]["name"],
                                                                      year=p["year"])
        ws.opinions.set(pid, opinion["conclusion"], text, _d(opinion["date"]), by=office_by)

    if p.get("assets"):
        ws.assets.replace_all(pid, [Asset(a["name"], a.get("quantity"), _d(a.get("purchased_on")),
                                          _d(a.get("warranty_until")), a.get("usage", ""), a.get("category", ""))
                                    for a in p["assets"]], action=None)
    if p.get("rectifications"):
        ws.rectifications.replace_all(pid, [
            Rectification(0, _d(r["issued_on"]), r["findings"], _d(r["deadline"]), _d(r.get("closed_on")),
                          r.get("result", "")) for r in p["rectifications"]])
    if p.get("adjustments"):
        ws.adjustments.replace_all(pid, [
            Adjustment(0, a["content"], _d(a["requested_on"]), _d(a.get("county_approved_on")),
                       _d(a.get("office_filed_on")), a.get("kind", ""), _dec(a.get("new_investment")))
            for a in p["adjustments"]])
    for row in history:
        ws.history.add(pid, row["from_stage"], row["to_stage"], on=_d(row["on_date"]), reason=row["reason"],
                       event=row["event"], side_state=row["side_state"], by=row["by"], at=row["at"])
    ws.audit_log.append("载入演示数据", p["number"], after={"stage": stage.value, "history": len(history),
                                                        "checklist": len(answers)})


def _load_procurement(ws: Workspace, c: dict[str, Any], office: dict[str, str]) -> None:
    items = [ProcurementItem(i[0], i[1], int(i[2]), Decimal(str(i[3]))) for i in c["items"]]
    funds = c["funds"]
    proc = Procurement(
        applicant_unit=c["unit"], filled_on=_d(c["filled_on"]), items=tuple(items), reason=c["reason"],
        fund_budget=_dec(funds.get("budget")), fund_special=_dec(funds.get("special")),
        fund_other=_dec(funds.get("other")), handler=c["handler"], handler_phone=c["handler_phone"],
        unit_leader=c.get("unit_leader", ""), unit_opinion=c.get("unit_opinion", ""),
        dept_opinion=c.get("dept_opinion", ""),
    )
    paid = sum((v or Decimal(0) for v in (proc.fund_budget, proc.fund_special, proc.fund_other)),
               Decimal("0.00"))
    if paid != proc.total:
        raise ValueError(f"demo procurement {c['number']}: funds {paid} != total {proc.total}")
    filled = _d(c["filled_on"])
    assert filled is not None
    taken = ws.procurements.number_taken(c["number"])
    ws.procurements.create(c["unit"], number=None if taken else c["number"], case_id=c["id"],
                           year=filled.year, created_at=stamp(filled))
    status = CaseStatus(c["status"])
    ws.procurements.save(c["id"], proc, status=status)
    if c.get("review_opinion"):
        ws.procurements.review(c["id"], status, opinion=c["review_opinion"],
                               reviewed_by=f"{OFFICE} {office['reviewer']}", reviewed_on=_d(c["reviewed_on"]))
