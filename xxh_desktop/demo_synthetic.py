"""Synthetic projects for scale (``xxh demo --projects N``): the county many times over.

Each synthetic project carries what a real one at its stage carries: its 附件1,
the stage history walked from 草稿, the 第八条 / 第十七条 / 第十八条 materials
(file contents of realistic size, drawn from a small pool so that the database
stays small), the 第九条 checklist and the 第十条 opinion once reviewed, the
assets of an existing system, now and then a 退回补充 or an open 第二十条
rectification; besides, about one 附件2 case for every six projects.

Generation is seeded (the same N gives the same rows), keyed on UUIDs derived
from the index (loading again adds nothing), and streams in chunks of `CHUNK`
projects written in bulk through the owners: time and memory grow linearly
with N.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .amounts import wan_to_yuan
from .domain.materials import (
    DECLARATION_KINDS, EXISTING_SYSTEM_KIND, FINAL_ACCEPTANCE_KINDS, FINAL_REPORT_KIND, SELF_EVALUATION_KIND,
)
from .domain.review_items import ITEMS
from .domain.stages import CaseStatus, SideState, Stage
from .lifecycle.rules import EVENTS
from .workspace import Workspace

STORY_DATE = date(2026, 11, 26)   # the "today" the demo data is consistent with
OFFICE = "县智慧办"
# The event each forward move stands for, as lifecycle.move_stage records it.
EVENT_NAMES = {Stage.DRAFT: "新建", **{stage: event.name for stage, event in EVENTS.items()}}

SYNTHETIC_NAMESPACE = uuid.UUID("6c1d2f0e-4b7a-5e39-9a51-2f0c8d7e4b13")
SYNTHETIC_SEED = 20261126
SYNTHETIC_FIRST_SEQ = 1001        # JZ-2025-1001 …: never collides with the curated JZ-YYYY-0NN
CHUNK = 2000                      # projects generated and written at a time
CASES_EVERY = 6                   # one synthetic 附件2 case per this many synthetic projects

# Material sizes in KB (low, middle, high variant): what such a document weighs as a
# scanned or exported file; 100 declared projects carry about 50 MB.
MATERIAL_KB = {
    "项目建设依据": (20, 40, 90), "项目建设方案": (100, 200, 320), "项目概算": (20, 50, 90),
    "项目可行性研究报告": (100, 200, 320), "信息资源目录": (10, 25, 45), EXISTING_SYSTEM_KIND: (15, 30, 60),
    "项目建设总结": (40, 80, 150), "试运行报告": (30, 60, 120), "初验及问题整改报告": (40, 90, 160),
    "信息资源共享落实情况": (15, 30, 60), "第三方测评报告": (150, 300, 600), "安全风险评估报告": (80, 160, 300),
    "密码应用安全性评估报告": (80, 160, 300), FINAL_REPORT_KIND: (30, 60, 120), SELF_EVALUATION_KIND: (40, 80, 160),
}

_STAGE_WEIGHTS = {  # budget year → (stage, weight): earlier years sit further down the lifecycle
    2027: ((Stage.DRAFT, 2), (Stage.DECLARED, 4), (Stage.REVIEWING, 4), (Stage.AWAITING_APPROVAL, 2),
           (Stage.APPROVED, 1)),
    2026: ((Stage.APPROVED, 1), (Stage.PROCUREMENT, 3), (Stage.CONSTRUCTION, 4), (Stage.INITIAL_ACCEPTANCE, 2),
           (Stage.TRIAL, 2), (Stage.FINAL_ACCEPTANCE, 1)),
    2025: ((Stage.CONSTRUCTION, 1), (Stage.FINAL_ACCEPTANCE, 1), (Stage.SELF_EVALUATION, 2), (Stage.OPERATION, 6)),
}
_YEARS = (2025, 2026, 2027)
_CASE_STATUSES = ((CaseStatus.DECLARED, 2), (CaseStatus.REVIEWING, 2), (CaseStatus.PASSED, 6),
                  (CaseStatus.RETURNED, 1), (CaseStatus.REFUSED, 1))
_ASSETS = (("硬件", "服务器", "用于现有系统运行，拟迁移至县云计算中心"),
           ("应用系统", "现有业务应用系统", "在用，拟升级改造"),
           ("数据库", "数据库管理软件", "在用，随系统迁移"),
           ("系统软件", "中间件", "在用"))


def stamp(on: date, n: int = 0) -> str:
    """A plausible office-hours timestamp on `on` (history and materials carry real dates)."""
    return f"{on.isoformat()}T{9 + n % 8:02d}:{(13 + 17 * n) % 60:02d}:00+08:00"


def _project_id(i: int) -> str:
    return str(uuid.uuid5(SYNTHETIC_NAMESPACE, f"synthetic-{i}"))


def _case_id(j: int) -> str:
    return str(uuid.uuid5(SYNTHETIC_NAMESPACE, f"synthetic-case-{j}"))


@dataclass
class _Rows:
    """One chunk's rows, by the owner (and table) that takes them."""

    projects: list[dict[str, Any]] = field(default_factory=list)
    declarations: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    checklist: list[dict[str, Any]] = field(default_factory=list)
    opinions: list[dict[str, Any]] = field(default_factory=list)
    assets: list[dict[str, Any]] = field(default_factory=list)
    rectifications: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)

    def write(self, ws: Workspace) -> None:
        ws.projects.seed_many(self.projects)
        ws.declarations.seed_many(self.declarations)
        ws.history.seed_many(self.history)
        ws.materials.seed_many(self.materials, "materials")
        ws.checklist.seed_many(self.checklist, "checklist_answers")
        ws.opinions.seed_many(self.opinions, "opinions")
        ws.assets.seed_many(self.assets, "existing_assets")
        ws.rectifications.seed_many(self.rectifications, "rectifications")
        ws.procurements.seed_many(self.cases, "procurements")
        ws.procurements.seed_many(self.items, "procurement_items")


# ---------------------------------------------------------------------- loading


def load_synthetic(ws: Workspace, count: int, units: dict[str, dict[str, Any]], data: dict[str, Any]) -> tuple[int, int]:
    """Add `count` generated projects and their 附件2 cases; returns (projects added, cases added).

    `data` is the curated demo set (`demo.demo_data()`): the synthetic names, the
    defaults (opinion text, checklist comments) and the curated 附件2 items.
    """
    gen = _Generator(ws, units, data)
    added_p = added_c = 0
    for start in range(0, count, CHUNK):
        rows = _Rows()
        for i in range(start, min(start + CHUNK, count)):
            added_p += gen.project(i, rows)
        for j in range(start // CASES_EVERY, min(start + CHUNK, count) // CASES_EVERY):
            added_c += gen.case(j, rows)
        rows.write(ws)
    return added_p, added_c


class _Generator:
    def __init__(self, ws: Workspace, units: dict[str, dict[str, Any]], data: dict[str, Any]) -> None:
        self.units = units
        self.spec = data["synthetic"]
        self.defaults = data["projects"]["defaults"]
        self.reviewer = f"{OFFICE} {data['units']['office']['reviewer']}"
        self.catalogue = [i for c in data["procurements"]["procurements"] for i in c["items"]]
        self.have = ws.projects.ids()
        self.have_cases = ws.procurements.ids()
        self.taken = ws.projects.numbers()
        self.unit_ids = ws.units.ids()
        self.pool = _material_pool(ws)
        self.now = stamp(STORY_DATE)

    # ------------------------------------------------------------------ a project

    def project(self, i: int, rows: _Rows) -> int:
        rng = random.Random(SYNTHETIC_SEED * 1_000_003 + i)   # per project: chunks and reruns agree
        pid = _project_id(i)
        if pid in self.have:
            return 0
        year = _YEARS[i % 3]
        label = rng.choice(self.spec["units"])
        unit = self.units[label["unit"]]
        name = f"{label['label']}{rng.choice(self.spec['systems'])}{rng.choice(self.spec['variants'])}"
        stages, weights = zip(*_STAGE_WEIGHTS[year])
        stage: Stage = rng.choices(stages, weights)[0]
        existing = rng.random() < 0.2
        # 投资额: log-uniform 8 万元 … the unit's ceiling (towns spend far less), to 0.1 万元.
        ceiling = label.get("max_wan", 1200) / 8
        inv = Decimal(round(8 * (ceiling ** rng.random()), 1)).quantize(Decimal("0.1"))
        inv_yuan = wan_to_yuan(inv)
        fiscal = inv_yuan if rng.random() < 0.6 else int(inv_yuan * rng.choice((0.7, 0.8, 0.9))) // 1000 * 1000
        declared = date(year - 1, rng.choice((7, 8, 9)), rng.randint(1, 28))
        start = date(year, rng.randint(2, 5), 1)
        end = date(year, rng.randint(max(start.month + 3, 9), 12), 1)
        dates = _stage_dates(rng, year, stage, declared)
        number = f"JZ-{year}-{SYNTHETIC_FIRST_SEQ + i // 3:04d}"
        if number in self.taken:   # a number the user's own data already uses
            number = _free_number(year, self.taken)
        self.taken.add(number)
        unit_by = f"{label['unit']} {unit['contact']}".strip()
        self._history(i, pid, dates, unit_by, rows)
        side = self._side_state(rng, pid, stage, dates, rows)
        facts = _facts(rng, year, stage, dates, inv_yuan, unit, self.spec, self.defaults["consulted_units"])
        rows.projects.append({
            "id": pid, "number": number, "name": name, "unit_id": self.unit_ids[label["unit"]], "year": year,
            "stage": stage.value, "side_state": side[0], "supply_list": side[1], "is_existing_system": int(existing),
            "created_at": stamp(dates[Stage.DRAFT]), "updated_at": self.now, **facts})
        rows.declarations.append({
            "project_id": pid, "status": "已申报" if stage > Stage.DRAFT else "草稿", "applicant_unit": label["unit"],
            "declared_on": declared.isoformat(), "leader": unit["leader"], "contact": unit["contact"],
            "phone": unit["phone"], "email": unit["email"], "project_name": name,
            "start_month": start.strftime("%Y-%m"), "end_month": end.strftime("%Y-%m"),
            "investment": inv_yuan, "fund_fiscal": fiscal, "fund_self": (inv_yuan - fiscal) or None,
            "fund_bank": None, "fund_other": None, "content": self.spec["content"].format(name=name),
            "dept_opinion": self.defaults["dept_opinion"] if stage > Stage.DRAFT else "", "updated_at": self.now})
        self._materials(rng, pid, name, stage, dates, existing, inv, unit_by, rows)
        self._review(rng, pid, name, year, stage, dates, rows)
        if existing:
            for n, (category, what, usage) in enumerate(rng.sample(_ASSETS, 2)):
                bought = date(rng.randint(2016, 2021), rng.randint(1, 12), 1)
                rows.assets.append({"project_id": pid, "category": category, "name": what,
                                    "quantity": rng.randint(1, 6) if category == "硬件" else 1,
                                    "purchased_on": bought.isoformat(),
                                    "warranty_until": bought.replace(year=bought.year + rng.choice((3, 5, 8))).isoformat(),
                                    "usage": usage})
        return 1

    def _side_state(self, rng: random.Random, pid: str, stage: Stage, dates: dict[Stage, date],
                    rows: _Rows) -> tuple[str | None, str]:
        """退回补充 for a few under review; an open 第二十条 rectification for a few under construction."""
        roll = rng.random()
        on = STORY_DATE - timedelta(days=rng.randint(3, 40))
        if stage == Stage.REVIEWING and roll < 0.05 and on > dates[stage]:
            reason = "申报材料不全；需补充：项目概算明细表"
            self._state_row(pid, stage, on, SideState.RETURNED, reason, rows)
            return SideState.RETURNED.value, "项目概算明细表"
        if Stage.CONSTRUCTION <= stage <= Stage.TRIAL and roll < 0.03 and on > dates[stage]:
            deadline = on + timedelta(days=rng.choice((30, 45, 60)))
            findings = "未按批准的建设方案实施，监理日志缺失"
            rows.rectifications.append({"project_id": pid, "issued_on": on.isoformat(), "findings": findings,
                                        "deadline": deadline.isoformat(), "closed_on": None, "result": ""})
            self._state_row(pid, stage, on, SideState.RECTIFYING, f"{findings}；整改期限：{deadline}", rows)
            return SideState.RECTIFYING.value, ""
        return None, ""

    def _state_row(self, pid: str, stage: Stage, on: date, state: SideState, reason: str, rows: _Rows) -> None:
        rows.history.append({"project_id": pid, "from_stage": stage.value, "to_stage": stage.value,
                             "side_state": state.value, "on_date": on.isoformat(), "at": stamp(on, 7),
                             "by": self.reviewer, "reason": reason, "event": f"设置状态：{state.value}"})

    def _history(self, i: int, pid: str, dates: dict[Stage, date], unit_by: str, rows: _Rows) -> None:
        previous: Stage | None = None
        for n, (stage, on) in enumerate(dates.items()):
            # 第五条: the unit declares; every later move is the office's (authority.move_refusal).
            rows.history.append({"project_id": pid, "from_stage": previous.value if previous else None,
                                 "to_stage": stage.value, "side_state": None, "on_date": on.isoformat(),
                                 "at": stamp(on, i + n), "by": unit_by if n < 2 else self.reviewer,
                                 "reason": "", "event": EVENT_NAMES[stage]})
            previous = stage

    def _materials(self, rng: random.Random, pid: str, name: str, stage: Stage, dates: dict[Stage, date],
                   existing: bool, inv: Decimal, unit_by: str, rows: _Rows) -> None:
        def attach(kind: str, on: date, by: str) -> None:
            rows.materials.append({"project_id": pid, "kind": kind, "filename": f"{name}-{kind}.txt",
                                   "sm3": self.pool[kind][rng.randrange(3)], "waived_reason": "",
                                   "added_at": stamp(on), "added_by": by, "accepted_reason": ""})

        if stage == Stage.DRAFT:
            for kind in DECLARATION_KINDS[:rng.randint(0, 3)]:
                attach(kind, dates[Stage.DRAFT], unit_by)
            return
        declared = dates[Stage.DECLARED]
        for kind in DECLARATION_KINDS + ((EXISTING_SYSTEM_KIND,) if existing else ()):
            if kind == "项目可行性研究报告" and inv < 50 and rng.random() < 0.5:
                # 第八条: past the office's review, the office has accepted the absence in writing
                accepted = "投资额较小，建设方案已含可行性分析" if stage >= Stage.AWAITING_APPROVAL else ""
                rows.materials.append({"project_id": pid, "kind": kind, "filename": "", "sm3": None,
                                       "waived_reason": "投资额较小，以建设方案代替", "added_at": stamp(declared),
                                       "added_by": unit_by, "accepted_reason": accepted})
            else:
                attach(kind, declared, unit_by)
        if stage >= Stage.TRIAL:
            attach("初验及问题整改报告", dates[Stage.TRIAL], unit_by)
        if stage >= Stage.FINAL_ACCEPTANCE:
            final = dates[Stage.FINAL_ACCEPTANCE]
            for n, kind in enumerate(FINAL_ACCEPTANCE_KINDS):
                if kind != "初验及问题整改报告":
                    attach(kind, final - timedelta(days=14 - n), unit_by)
            attach(FINAL_REPORT_KIND, final, self.reviewer)
        if stage >= Stage.OPERATION:
            attach(SELF_EVALUATION_KIND, dates[Stage.OPERATION], self.reviewer)

    def _review(self, rng: random.Random, pid: str, name: str, year: int, stage: Stage,
                dates: dict[Stage, date], rows: _Rows) -> None:
        """第九条: the checklist as far as the review has got; 第十条: the opinion once it is done."""
        if stage < Stage.REVIEWING:
            return
        done = stage >= Stage.AWAITING_APPROVAL
        answered = ITEMS if done else ITEMS[:rng.randint(0, len(ITEMS))]
        on = dates[Stage.AWAITING_APPROVAL] - timedelta(days=3) if done else dates[Stage.REVIEWING] + timedelta(days=3)
        comments = self.defaults["checklist_comments"]
        for n, item in enumerate(answered):
            rows.checklist.append({"project_id": pid, "item_key": item.key, "answer": "符合",
                                   "comment": comments.get(item.key, ""), "by": self.reviewer,
                                   "at": stamp(min(on, STORY_DATE), n)})
        if done:
            rows.opinions.append({"project_id": pid, "conclusion": "同意" if rng.random() < 0.9 else "修改后同意",
                                  "text": self.defaults["opinion_text"].format(name=name, year=year),
                                  "by": self.reviewer, "issued_on": dates[Stage.AWAITING_APPROVAL].isoformat()})

    # ------------------------------------------------------------------ a 附件2 case

    def case(self, j: int, rows: _Rows) -> int:
        """第五条第二款: a unit's 办公电脑采购申报, reviewed by the office as far as its status says."""
        cid = _case_id(j)
        if cid in self.have_cases:
            return 0
        rng = random.Random(SYNTHETIC_SEED * 7 + j)
        label = rng.choice(self.spec["units"])
        unit = self.units[label["unit"]]
        year = (2025, 2026)[j % 2]
        filled = date(year, rng.randint(1, 10 if year == 2026 else 12), rng.randint(1, 28))
        statuses, weights = zip(*_CASE_STATUSES)
        status: CaseStatus = rng.choices(statuses, weights)[0]
        total = 0
        for seq, (item, spec, _qty, price) in enumerate(rng.sample(self.catalogue, rng.randint(1, 4)), start=1):
            quantity = rng.randint(1, 20)
            unit_price = int(Decimal(str(price)) * 100)
            total += quantity * unit_price
            rows.items.append({"procurement_id": cid, "seq": seq, "item": item, "spec": spec,
                               "quantity": quantity, "unit_price": unit_price})
        decided = status in (CaseStatus.PASSED, CaseStatus.RETURNED, CaseStatus.REFUSED)
        opinion = {CaseStatus.PASSED: "经审核，采购品目、数量和配置符合办公设备配置标准，同意采购。",
                   CaseStatus.RETURNED: "请补充现有设备使用年限说明后重新申报。",
                   CaseStatus.REFUSED: "现有设备未达更新年限，不予通过。"}.get(status, "")
        reviewed = min(filled + timedelta(days=rng.randint(5, 15)), STORY_DATE)
        rows.cases.append({
            "id": cid, "number": f"CG-{year}-{SYNTHETIC_FIRST_SEQ + j // 2:04d}", "declaration_no": "",
            "unit_id": self.unit_ids[label["unit"]], "status": status.value, "applicant_unit": label["unit"],
            "filled_on": filled.isoformat(), "reason": "现有办公电脑已超过使用年限，按信创替代要求更新。",
            "fund_budget": total, "fund_special": None, "fund_other": None, "handler": unit["contact"],
            "handler_phone": unit["phone"], "unit_leader": unit["leader"], "unit_opinion": "同意采购。",
            "dept_opinion": "", "review_opinion": opinion, "reviewed_by": self.reviewer if decided else "",
            "reviewed_on": reviewed.isoformat() if decided else None, "revision": 2 if decided else 1,
            "created_at": stamp(filled), "updated_at": self.now})
        return 1


# ---------------------------------------------------------------------- dates, facts, files


def _stage_dates(rng: random.Random, year: int, stage: Stage, declared: date) -> dict[Stage, date]:
    """The date the project entered each stage up to `stage`, in order, none after STORY_DATE."""
    out = {Stage.DRAFT: declared - timedelta(days=10)}
    if stage >= Stage.DECLARED:
        out[Stage.DECLARED] = declared
    approved = date(2026, 11, 18) if year == 2027 else date(year, 1, 16)
    if stage >= Stage.REVIEWING:
        out[Stage.REVIEWING] = declared + timedelta(days=rng.randint(7, 20))
    if stage >= Stage.AWAITING_APPROVAL:
        last = approved - timedelta(days=2) if stage >= Stage.APPROVED else STORY_DATE - timedelta(days=1)
        out[Stage.AWAITING_APPROVAL] = min(declared + timedelta(days=rng.randint(45, 70)), last)
    if stage >= Stage.APPROVED:
        out[Stage.APPROVED] = approved
    if stage >= Stage.PROCUREMENT:
        out[Stage.PROCUREMENT] = approved + timedelta(days=rng.randint(30, 45))
    if stage >= Stage.CONSTRUCTION:
        out[Stage.CONSTRUCTION] = out[Stage.PROCUREMENT] + timedelta(days=rng.randint(30, 90))
    if stage == Stage.INITIAL_ACCEPTANCE:
        out[stage] = STORY_DATE - timedelta(days=rng.randint(3, 30))
    if stage == Stage.TRIAL:
        initial = STORY_DATE - timedelta(days=rng.randint(5, 85))
        out[Stage.INITIAL_ACCEPTANCE], out[Stage.TRIAL] = initial - timedelta(days=10), initial
    if stage >= Stage.FINAL_ACCEPTANCE:
        back = {Stage.FINAL_ACCEPTANCE: (1, 40), Stage.SELF_EVALUATION: (30, 170)}.get(stage, (200, 320))
        final = STORY_DATE - timedelta(days=rng.randint(*back))
        initial = final - timedelta(days=rng.randint(95, 120))
        out[Stage.INITIAL_ACCEPTANCE], out[Stage.TRIAL], out[Stage.FINAL_ACCEPTANCE] = (
            initial - timedelta(days=10), initial, final)
    if stage >= Stage.SELF_EVALUATION:
        out[Stage.SELF_EVALUATION] = out[Stage.FINAL_ACCEPTANCE] + timedelta(days=5)
    if stage == Stage.OPERATION:
        out[Stage.OPERATION] = out[Stage.FINAL_ACCEPTANCE] + timedelta(days=rng.randint(60, 170))
    return out


def _facts(rng: random.Random, year: int, stage: Stage, dates: dict[Stage, date], inv_yuan: int, unit: dict[str, Any],
           spec: dict[str, Any], consulted_units: str) -> dict[str, Any]:
    """The projects row's recorded facts (第十条, 第十一条, 第十二条, 第十七条, 第十八条) for `stage`."""
    facts: dict[str, Any] = {
        "approval_date": None, "approval_doc_no": "", "plan_year": None, "procurement_method": "",
        "procurement_date": None, "supplier": "", "contract_amount": None, "contract_date": None,
        "responsible_person": "", "supervisor_unit": "", "tester_unit": "", "initial_acceptance_date": None,
        "initial_acceptance_result": None, "final_acceptance_date": None, "operation_started_on": None,
        "self_eval_office_date": None, "self_eval_finance_date": None, "consulted_units": "", "consulted_on": None}
    if stage >= Stage.AWAITING_APPROVAL:
        # 第九条: reviewed 会同有关部门 a week before the opinion, not before the review began.
        consulted = max(dates[Stage.AWAITING_APPROVAL] - timedelta(days=7), dates[Stage.REVIEWING])
        facts.update(consulted_units=consulted_units, consulted_on=consulted.isoformat())
    if stage >= Stage.APPROVED:
        approved = dates[Stage.APPROVED]
        doc = "金政秘〔2026〕131号" if year == 2027 else f"金政秘〔{year}〕{9 if year == 2026 else 6}号"
        facts.update(approval_date=approved.isoformat(), approval_doc_no=doc, plan_year=year)
    if stage >= Stage.PROCUREMENT:
        facts.update(procurement_method=rng.choice(spec["methods"]), responsible_person=unit["contact"])
    if stage >= Stage.CONSTRUCTION:
        contract = dates[Stage.CONSTRUCTION]
        facts.update(procurement_date=(contract - timedelta(days=12)).isoformat(),
                     supplier=rng.choice(spec["suppliers"]), contract_date=contract.isoformat(),
                     contract_amount=inv_yuan * rng.randint(92, 99) // 100,
                     supervisor_unit=spec["supervisor"], tester_unit=spec["tester"])
    if stage >= Stage.TRIAL:
        facts.update(initial_acceptance_date=dates[Stage.TRIAL].isoformat(), initial_acceptance_result="合格")
    if stage >= Stage.FINAL_ACCEPTANCE:
        facts["final_acceptance_date"] = dates[Stage.FINAL_ACCEPTANCE].isoformat()
    if stage >= Stage.SELF_EVALUATION:
        facts["operation_started_on"] = dates[Stage.SELF_EVALUATION].isoformat()   # 第十八条: the move stands for 投入运行
    if stage == Stage.OPERATION:
        sent = dates[Stage.OPERATION].isoformat()
        facts.update(self_eval_office_date=sent, self_eval_finance_date=sent)
    return facts


def _free_number(year: int, taken: set[str]) -> str:
    seq = SYNTHETIC_FIRST_SEQ
    while f"JZ-{year}-{seq:04d}" in taken:
        seq += 1
    return f"JZ-{year}-{seq:04d}"


def _material_pool(ws: Workspace) -> dict[str, list[str]]:
    """Three stored files per kind of material (low, middle, high size); SM3s by kind."""
    return {kind: [ws.materials.put_blob(_material_text(kind, n, kb)) for n, kb in enumerate(sizes)]
            for kind, sizes in MATERIAL_KB.items()}


def _paragraphs(kind: str) -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield (f"{n}. 本节为「{kind}」的示意正文，按项目档案中同类文件的常见篇幅生成，"
               f"用于检验系统在全县规模数据下的速度与存储；内容不代表任何真实项目。\n")


def _material_text(kind: str, variant: int, kb: int) -> bytes:
    """A UTF-8 text (with BOM, as older Notepad wants) of about `kb` KB standing for a document of `kind`."""
    head = f"\ufeff{kind}（合成演示材料，样本 {variant + 1}）\n\n"
    parts, size = [head], len(head.encode("utf-8"))
    for line in _paragraphs(kind):
        if size >= kb * 1024:
            break
        parts.append(line)
        size += len(line.encode("utf-8"))
    return "".join(parts).encode("utf-8")
