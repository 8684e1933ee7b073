"""Printed tables whose rows grow with the data (notes/probe-print.md, finding 6): the annual plan
with hundreds of projects left out, hundreds in each section, a project row taller than a page,
and the 终验材料清单 with a long 暂缺 reason, all print, and every name is in the text layer."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest

from xxh_desktop.annual_plan import AMOUNT_FIELDS, Excluded, Plan, PlanRow
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.materials import FINAL_ACCEPTANCE_KINDS
from xxh_desktop.domain.stages import Stage
from xxh_desktop.printing.plan_pdf import render_plan
from xxh_desktop.printing.registry import render_form
from xxh_desktop.storage.owner import NOTE_LIMIT

from builders import as_unit, new_project
from pdf_text import flow, page_texts

pytestmark = pytest.mark.usefixtures("late_today")

# characters no heading, label or number of these documents uses: a text made of them can be
# picked out of the page however the table interleaves it with other cells
ALPHABET = "甲乙丙丁戊己庚辛壬癸"


def _row(i: int, name: str, temporary: bool = False) -> PlanRow:
    note = "临时报批（金政办〔2027〕9号，2027年4月8日）" if temporary else "金政秘〔2026〕131号"
    return PlanRow(f"id{i}", f"JZ-2027-{i:04d}", "县数据资源管理局", name, "2027年01月至2027年12月",
                   {f: Decimal("12.3456") for f, _ in AMOUNT_FIELDS}, temporary, note)


def _plan(rows: list[PlanRow], excluded: list[Excluded]) -> Plan:
    return Plan(2027, rows, {f: Decimal("12.3456") * len(rows) for f, _ in AMOUNT_FIELDS}, None, tuple(excluded))


def _body(data: bytes) -> str:
    """The text of every page without its running head and page number, whitespace removed,
    so a name broken over two pages reads whole."""
    return flow(page_texts(data), "金寨县2027年度政务信息化项目建设计划（续表）")


def _picked(data: bytes) -> str:
    """The characters of ALPHABET on the pages, in reading order."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [(n, round(c["top"]), c["x0"], c["text"]) for n, p in enumerate(pdf.pages)
                 for c in p.chars if c["text"] in ALPHABET]
    return "".join(t for *_, t in sorted(chars))


def _held(n: int) -> list[Excluded]:
    return [Excluded(f"JZ-2027-{500 + i:04d}", f"暂停项目{i:03d}号", "暂停建设") for i in range(n)]


def test_300_held_projects_are_listed_over_as_many_pages_as_they_need():
    unapproved = [Excluded(f"JZ-2027-{900 + i:04d}", f"未批项目{i:03d}号", "尚未经县政府批准") for i in range(100)]
    out = render_plan(_plan([_row(i, f"计划项目{i:03d}号") for i in range(1, 9)], [*_held(300), *unapproved]))
    assert out.pages >= 3
    body = _body(out.data)
    assert "编制单位：金寨县智慧城市管理服务中心（盖章）" in body
    assert "说明：以下项目已终止、暂停建设或暂缓安排投资计划（第二十条），不计入合计：" in body
    for e in [*_held(300), *unapproved]:
        assert f"{e.number}{e.name}" in body, e.name
    # the list follows the table, the 合计 before the 编制单位 line, that line before the list
    assert body.index("合计") < body.index("编制单位") < body.index("说明：") < body.index("以下项目标为本年度计划")


def test_300_projects_in_each_section_and_300_held():
    rows = [*(_row(i, f"计划项目{i:03d}号") for i in range(1, 301)),
            *(_row(1000 + i, f"临时项目{i:03d}号", temporary=True) for i in range(1, 301))]
    out = render_plan(_plan(rows, _held(300)))
    pages = page_texts(out.data)
    body = _body(out.data)
    for r in rows:
        assert r.name in body, r.name
    for e in _held(300):
        assert f"{e.number}{e.name}" in body, e.name
    assert body.count("小计（300个）") == 2 and "共600个项目" in body
    # every page the table runs over repeats its head
    table_pages = [t for t in pages if "计划项目" in t or "临时项目" in t]
    assert len(table_pages) > 10 and all("单位：万元" in t and "资金渠道" in t for t in table_pages)


def test_a_project_row_taller_than_a_page_continues_on_the_next_pages():
    # an old record beyond today's limit of 60 characters (validation came later)
    name = "".join(ALPHABET[(i * 7 + i // 10) % 10] for i in range(1500))
    out = render_plan(_plan([_row(1, name), _row(2, "计划项目002号")], []))
    assert out.pages >= 3
    assert _picked(out.data) == name               # all of it, in order, nothing drawn twice
    body = _body(out.data)
    assert "计划项目002号" in body and "共2个项目" in body


def test_final_checklist_prints_a_waiver_reason_as_long_as_the_store_takes(ws):
    pid = new_project(ws, "城市大脑数据中台二期", "县数据资源局", 2027, stage=Stage.REVIEWING)
    with as_unit(ws, "县数据资源局"):
        ws.declarations.save(pid, Declaration(applicant_unit="县数据资源局", project_name="城市大脑数据中台二期",
                                              declared_on=date(2026, 9, 20), investment=Decimal("380.5")))
    reason = "".join(ALPHABET[(i * 3 + i // 7) % 10] for i in range(NOTE_LIMIT))
    ws.materials.waive(pid, FINAL_ACCEPTANCE_KINDS[5], reason)
    out = render_form(ws, "终验清单", pid)
    assert out.pages >= 3
    assert _picked(out.data) == reason
    last = page_texts(out.data)[-1]
    assert "项目建设单位经办人" in last and "县智慧办核对人" in last
