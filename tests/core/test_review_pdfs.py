"""书面审核意见, 年度计划表, 终验材料清单, 整改通知: text round trips through the PDF (pdfplumber)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest

from xxh_desktop import annual_plan, checklist, lifecycle
from xxh_desktop.checklist import ITEMS
from xxh_desktop.cli import main
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.materials import FINAL_ACCEPTANCE_KINDS
from xxh_desktop.domain.stages import Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.printing.registry import render_form

from builders import as_unit, new_project, seeded

pytestmark = pytest.mark.usefixtures("late_today")


def _text(data: bytes) -> tuple[str, int]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
    joined = re.sub(r"\s+", "", "".join(pages))
    return joined, len(pages) if sizes else 0


def _cells(data: bytes) -> set[str]:
    """Every table cell's text, whitespace removed (wrapped lines joined)."""
    out = set()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                out |= {re.sub(r"\s+", "", c) for row in table for c in row if c}
    return out


def _fonts(data: bytes) -> set[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {c["fontname"] for p in pdf.pages for c in p.chars}


@pytest.fixture
def reviewed(ws):
    """A project the office (`ws`) has reviewed: its unit's 附件1, every answer and the opinion."""
    pid = new_project(ws, "城市大脑数据中台二期", "县数据资源局", 2027, stage=Stage.REVIEWING,
                      consulted_units="县财政局、县发改委", consulted_on=date(2026, 10, 8))
    with as_unit(ws, "县数据资源局"):
        ws.declarations.save(pid, Declaration(
            applicant_unit="县数据资源局", project_name="城市大脑数据中台二期", declared_on=date(2026, 9, 20),
            investment=Decimal("380.5"), fund_fiscal=Decimal("300"), fund_self=Decimal("80.5"),
            start_month=date(2027, 1, 1), end_month=date(2027, 12, 1)))
    for i in ITEMS:
        checklist.set_answer(ws, pid, i.key, "不符合" if i.key == "economic" else "符合",
                             "概算中监理费偏高，建议按市场价调整" if i.key == "economic" else "")
    checklist.write_opinion(ws, pid, "修改后同意", "经济合理：监理费偏高，请按审核意见修改概算后报批。", date(2026, 10, 15))
    return pid


def _approved(ws, pid: str) -> None:
    """第十条: the county approved the reviewed project (a plan holds approved projects only, 第七条)."""
    with seeded(ws):
        ws.projects.update(pid, {"stage": Stage.APPROVED, "approval_date": date(2026, 11, 18),
                                 "approval_doc_no": "金政秘〔2026〕131号"})


def test_opinion_pdf_round_trip(ws, reviewed):
    out = render_form(ws, "审核意见", reviewed)
    text, pages = _text(out.data)
    cells = _cells(out.data)
    assert pages == out.pages >= 1
    assert {"第八条第三款", "不符合", "城市大脑数据中台二期"} <= cells
    assert "经济合理。意见：概算中监理费偏高，建议按市场价调整" in cells
    assert [i.title for i in ITEMS if not any(c.startswith(i.title) for c in cells)] == []
    assert "一、审核内容（第八条、第九条、第十三条、第十四条）" in text
    for expected in ("金寨县政务信息化项目书面审核意见", "县数据资源局", "380.5", "修改后同意", "请按审核意见修改概算后报批",
                     "金寨县智慧城市管理服务中心（盖章）", "2026年10月15日"):
        assert expected in text, expected
    assert pages == 1 and "共1页" not in text   # one page: no page marks
    assert text.count("符合") >= 10
    assert all("Helvetica" not in f for f in _fonts(out.data))


def test_opinion_pdf_refused_without_an_opinion(ws):
    pid = new_project(ws, "未审项目", "县教育局", 2027, stage=Stage.REVIEWING)
    with pytest.raises(XxhError, match="第十条"):
        render_form(ws, "审核意见", pid)


def test_final_checklist_pdf_marks_present_and_missing(ws, reviewed):
    for kind in FINAL_ACCEPTANCE_KINDS[:5]:   # 第十七条: handed to the office, which records them
        ws.materials.attach(reviewed, kind, f"{kind}.pdf", kind.encode())
    ws.materials.waive(reviewed, FINAL_ACCEPTANCE_KINDS[5], "评估机构排期中")
    ws.projects.update(reviewed, {"final_acceptance_date": date(2027, 12, 20),
                                  "initial_acceptance_date": date(2027, 6, 30), "initial_acceptance_result": "合格"})
    data = render_form(ws, "终验清单", reviewed).data
    text, _ = _text(data)
    cells = _cells(data)
    assert set(FINAL_ACCEPTANCE_KINDS) <= cells
    assert text.count("已提交") == 5
    assert "暂缺（评估机构排期中）" in cells
    assert "2027年12月20日" in text
    assert "缺2项：安全风险评估报告、密码应用安全性评估报告" in text


def test_rectification_pdf_names_findings_deadline_and_consequences(ws, reviewed):
    with pytest.raises(XxhError, match="第二十条"):
        render_form(ws, "整改通知", reviewed)
    with seeded(ws):   # the project has since been approved and is being built
        ws.projects.update(reviewed, {"stage": Stage.CONSTRUCTION})
    assert lifecycle.set_side_state(ws, reviewed, "整改中", on=date(2027, 8, 1), deadline=date(2027, 9, 30),
                                    reason="1. 自建服务器2台；\n2. 资金使用台账不完整。")
    text, _ = _text(render_form(ws, "整改通知", reviewed).data)
    assert "1.自建服务器2台" in text and "2.资金使用台账不完整" in text
    assert "1.1." not in text  # the clerk's own numbering is not doubled
    assert "2027年9月30日前完成整改" in text
    assert "暂缓安排投资计划，暂停项目建设直至终止项目" in text
    assert "金寨县智慧城市管理服务中心（盖章）" in text and "2027年8月1日" in text


def test_plan_pdf_is_landscape_with_totals(ws, reviewed):
    _approved(ws, reviewed)
    lifecycle.update_facts(ws, reviewed, {"plan_year": 2027})
    other = new_project(ws, "应急指挥调度系统", "县应急局", 2027)
    with as_unit(ws, "县应急局"):
        ws.declarations.save(other, Declaration(applicant_unit="县应急局", project_name="应急指挥调度系统",
                                                investment=Decimal("15.0001"), fund_fiscal=Decimal("15.0001")))
    lifecycle.update_facts(ws, other, {"temp_approval_date": "2027-04-08", "temp_approval_doc_no": "金政办〔2027〕9号"})
    from xxh_desktop.printing.plan_pdf import render_plan

    annual_plan.compile_plan(ws, 2027, date(2027, 1, 8))
    out = render_plan(annual_plan.annual_plan(ws, 2027))
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        assert all(p.width > p.height for p in pdf.pages)  # A4 landscape
    text, _ = _text(out.data)
    cells = _cells(out.data)
    assert "金寨县2027年度政务信息化项目建设计划" in text and "单位：万元" in text
    assert {"395.5001", "315.0001", "80.5000"} <= cells   # totals, exact
    assert "临时报批（金政办〔2027〕9号，2027年4月8日）" in cells
    assert "共2个项目，其中临时报批1个" in cells
    # 第七条: the 临时报批 project in a section of its own, each section with its subtotal
    assert {"年度计划项目", "临时报批项目（第七条：因临时确需建设，按程序报批后实施）", "小计（1个）",
            "380.5000", "15.0001"} <= cells
    assert "编制日期：2027年1月8日" in text   # the day the plan was compiled, not the day it printed


def test_cli_plan_ledger_and_pdf_forms(ws, reviewed, tmp_path, capsys):
    _approved(ws, reviewed)
    lifecycle.update_facts(ws, reviewed, {"plan_year": 2027})
    db = str(ws.path)
    ws.close()
    assert main(["--db", db, "plan", "--year", "2027", "--out", str(tmp_path / "p.xlsx")]) == 0
    assert main(["--db", db, "plan", "--year", "2027", "--out", str(tmp_path / "p.pdf")]) == 0
    assert main(["--db", db, "ledger", "--out", str(tmp_path / "l.xlsx")]) == 0
    assert main(["--db", db, "pdf", "JZ-2027-001", "--form", "审核意见", "--out", str(tmp_path / "o.pdf")]) == 0
    assert main(["--db", db, "plan", "--year", "2027", "--out", str(tmp_path / "p.doc")]) == 1
    captured = capsys.readouterr()
    assert "已导出2027年度建设计划" in captured.out and "已导出项目台账" in captured.out
    assert ".xlsx 或 .pdf" in captured.err
    for name in ("p.xlsx", "p.pdf", "l.xlsx", "o.pdf"):
        assert (tmp_path / name).stat().st_size > 1000
    assert not (tmp_path / "p.doc").exists()


def test_a_long_opinion_names_the_project_on_every_page_and_keeps_its_end_together(ws, reviewed):
    for i in ITEMS:
        checklist.set_answer(ws, reviewed, i.key, "符合", "经核查，" + "相关材料齐全、内容符合要求，" * 6)
    checklist.write_opinion(ws, reviewed, "同意", "同意该项目。" * 60, date(2026, 10, 15))
    out = render_form(ws, "审核意见", reviewed)
    assert out.pages >= 2
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages]
    for n, text in enumerate(pages, start=1):
        assert "JZ-2027-001" in text and "城市大脑数据中台二期" in text, n
        assert f"第{n}页共{len(pages)}页" in text
    last = pages[-1]
    assert "二、审核结论（第十条）" in last and "金寨县智慧城市管理服务中心（盖章）" in last and "2026年10月15日" in last


def test_rectification_prints_the_clerks_text_exactly(ws, reviewed):
    with seeded(ws):
        ws.projects.update(reviewed, {"stage": Stage.CONSTRUCTION})
    findings = "一、自建服务器2台，未使用县云计算中心；\n二、资金使用台账不完整。"
    assert lifecycle.set_side_state(ws, reviewed, "整改中", on=date(2027, 8, 1), deadline=date(2027, 9, 30),
                                    reason=findings)
    text, _ = _text(render_form(ws, "整改通知", reviewed).data)
    assert "一、自建服务器2台，未使用县云计算中心；二、资金使用台账不完整。" in text
    assert "“城市大脑数据中台二期”" in text and "「" not in text


def test_plan_binding_margin_and_header_on_every_page(ws, reviewed):
    from xxh_desktop.printing.plan_pdf import render_plan
    from xxh_desktop.printing.style import MM

    _approved(ws, reviewed)
    ws.projects.update(reviewed, {"plan_year": 2027})
    for n in range(30):
        pid = new_project(ws, f"县级部门业务系统{n}期建设项目", "县数据资源局", 2027, stage=Stage.APPROVED,
                          plan_year=2027, approval_doc_no="金政秘〔2026〕131号", approval_date=date(2026, 11, 18))
        with as_unit(ws, "县数据资源局"):
            ws.declarations.save(pid, Declaration(
                applicant_unit="县数据资源局", project_name=f"县级部门业务系统{n}期",
                investment=Decimal("1234.5678"), fund_fiscal=Decimal("1234.5678")))
    out = render_plan(annual_plan.annual_plan(ws, 2027))
    assert out.pages >= 2 and not out.warnings
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        for page in pdf.pages:
            text = re.sub(r"\s+", "", page.extract_text())
            assert "单位：万元" in text and "资金渠道" in text and "项目名称" in text
            assert min(c["top"] for c in page.chars) >= 28 * MM - 0.5      # the bound edge
            assert min(c["size"] for c in page.chars) >= 10.49
        last = re.sub(r"\s+", "", pdf.pages[-1].extract_text())
    assert "37,417.5340" in last and "编制单位" in last          # 30 × 1,234.5678 + 380.5, on one line


def test_plan_with_huge_amounts_steps_them_down_stays_on_the_page_and_says_so():
    from xxh_desktop.annual_plan import AMOUNT_FIELDS, Plan, PlanRow
    from xxh_desktop.printing.plan_pdf import render_plan

    big = Decimal("999999999999.9999")          # beyond validation's limit (an old record), in every column
    rows = [PlanRow(str(i), f"JZ-2027-{i:03d}", "县数据资源管理局", "金寨县电子政务外网安全防护能力提升项目",
                    "2027年01月至2027年12月", {f: big for f, _ in AMOUNT_FIELDS}, False, "金政秘〔2026〕131号")
            for i in (1, 2)]
    out = render_plan(Plan(2027, rows, {f: big * 2 for f, _ in AMOUNT_FIELDS}))
    assert len(out.warnings) == 1 and "金额栏改用" in out.warnings[0]
    with pdfplumber.open(io.BytesIO(out.data)) as pdf:
        page = pdf.pages[0]
        assert max(c["x1"] for c in page.chars) <= page.width - 15 * 72 / 25.4 + 0.5
        assert "1,999,999,999,999.9998" in _cells(out.data)          # the total on one line
        names = [c for c in page.chars if c["text"] == "寨"]
        assert min(c["size"] for c in names) >= 10.49                    # only the amounts step down
