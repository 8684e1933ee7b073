"""One authority check (issue 10): each side writes only what it owns, through every door.

The department (项目建设单位) declares and builds; the office (县智慧办) reviews,
has the county approve, plans and supervises (第四条). The owners refuse the
other side's fields, and the window, the CLI and an imported `.xxh` file meet
the same refusals because they write through the same owners. Every refusal
names its article and leaves the data as it was; each is paired with the
same write by the side that owns it, which goes through.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xxh_desktop import checklist, lifecycle, procurement_review
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.domain.review_items import ITEMS
from xxh_desktop.domain.stages import CaseStatus, SideState, Stage
from xxh_desktop.exchange import signing
from xxh_desktop.exchange.records import collect_project
from xxh_desktop.workspace import Workspace

from builders import as_office, as_unit, choose, new_case, new_project, seeded

UNIT = "县教育体育局"
OTHER = "县民政局"
D = date(2027, 3, 1)
NO_SIDE_WORDS = re.compile(r"本机尚未选择身份.*首次启动.*xxh init --side")


def _declaration(**over: object) -> Declaration:
    return replace(Declaration(
        applicant_unit=UNIT, declared_on=date(2026, 9, 1), leader="张三", contact="李四", phone="0564-5012345",
        email="li@jinzhai.gov.cn", project_name="智慧校园平台", start_month=date(2027, 1, 1),
        end_month=date(2027, 12, 1), investment=Decimal("100"), fund_fiscal=Decimal("100"),
        content="依托县云计算中心建设智慧校园平台。"), **over)


def _reviewed(ws: Workspace, stage: Stage = Stage.REVIEWING) -> str:
    """A project of UNIT under review: its 附件1, every checklist item answered 符合."""
    pid = new_project(ws, "智慧校园平台", UNIT, 2027, stage=stage)
    with seeded(ws):
        ws.declarations.save(pid, _declaration(), status="已申报")
        for item in ITEMS:
            ws.checklist.set(pid, item.key, "符合", "")
    return pid


@pytest.fixture
def dept(ws: Workspace) -> Workspace:
    """A department's machine (县教育体育局)."""
    return choose(ws, Side.UNIT, UNIT)


# ---------------------------------------------------------------------- a department, the office's fields


def test_a_department_may_not_answer_the_checklist(dept: Workspace) -> None:
    pid = _reviewed(dept)
    before = dept.checklist.of(pid)
    with pytest.raises(NotPermitted, match="第九条：「.+」由县智慧办办理，项目建设单位不能填写或修改"):
        checklist.set_answer(dept, pid, "economic", "不符合", "概算偏高")
    assert dept.checklist.of(pid) == before
    with as_office(dept):
        checklist.set_answer(dept, pid, "economic", "不符合", "概算偏高")
    assert dept.checklist.of(pid)["economic"].answer == "不符合"


def test_a_department_may_not_write_the_opinion(dept: Workspace) -> None:
    pid = _reviewed(dept)
    with pytest.raises(NotPermitted, match="第十条：「审核结论」由县智慧办办理"):
        checklist.write_opinion(dept, pid, "同意", "同意建设。", D)
    assert dept.opinions.get(pid) is None
    with as_office(dept):
        checklist.write_opinion(dept, pid, "同意", "同意建设。", D)
    assert dept.opinions.get(pid).conclusion == "同意"


def test_a_department_may_not_record_the_approval_or_the_plan_year(dept: Workspace) -> None:
    pid = new_project(dept, "智慧校园平台", UNIT, 2027, stage=Stage.APPROVED)
    before = dept.projects.get(pid)
    with pytest.raises(NotPermitted, match="第十条：「批准文号」由县智慧办办理"):
        lifecycle.update_facts(dept, pid, {"approval_doc_no": "金政秘〔2027〕3号"})
    with pytest.raises(NotPermitted, match="第七条：「临时报批日期」由县智慧办办理"):
        lifecycle.update_facts(dept, pid, {"temp_approval_date": "2027-02-01"})
    with pytest.raises(NotPermitted, match="第七条：「列入计划年度」由县智慧办办理"):
        lifecycle.update_facts(dept, pid, {"plan_year": 2027})
    assert dept.projects.get(pid) == before
    with as_office(dept):
        lifecycle.update_facts(dept, pid, {"approval_doc_no": "金政秘〔2027〕3号", "plan_year": 2027})
    assert (dept.projects.get(pid).approval_doc_no, dept.projects.get(pid).plan_year) == ("金政秘〔2027〕3号", 2027)


def test_a_department_may_not_set_or_lift_a_side_state(dept: Workspace) -> None:
    pid = _reviewed(dept)
    returned = lifecycle.set_side_state(dept, pid, SideState.RETURNED, on=D, reason="材料不全",
                                        supply_list="1. 项目概算")
    assert not returned.ok
    assert returned.refusals[0].startswith("第九条、第十条、第二十条：「状态」由县智慧办办理")
    assert dept.projects.get(pid).side_state is None and dept.history.list(pid) == []
    with as_office(dept):
        assert lifecycle.set_side_state(dept, pid, SideState.RETURNED, on=D, reason="材料不全",
                                        supply_list="1. 项目概算").ok
    lifted = lifecycle.clear_side_state(dept, pid, on=D, reason="已补充")
    assert not lifted.ok and "第九条、第十条、第二十条" in lifted.refusals[0]
    assert dept.projects.get(pid).side_state == SideState.RETURNED


def test_a_department_moves_its_declaration_and_no_further(dept: Workspace) -> None:
    pid = new_project(dept, "智慧校园平台", UNIT, 2027)
    with seeded(dept):
        for kind in ("项目建设依据", "项目建设方案", "项目概算", "项目可行性研究报告", "信息资源目录"):
            dept.materials.attach(pid, kind, f"{kind}.pdf", kind.encode())
    dept.declarations.save(pid, _declaration())
    assert lifecycle.move_stage(dept, pid, Stage.DECLARED, on=D).ok          # 第五条: its own move
    for to in (Stage.REVIEWING, Stage.AWAITING_APPROVAL, Stage.APPROVED):
        result = lifecycle.move_stage(dept, pid, to, on=D, details={"approval_doc_no": "x", "plan_year": 2027})
        assert not result.ok
        assert result.refusals[0].startswith("第九条、第十条：") and f"移到「{to}」" in result.refusals[0]
    assert dept.projects.get(pid).stage == Stage.DECLARED
    with as_office(dept):
        assert lifecycle.move_stage(dept, pid, Stage.REVIEWING, on=D).ok
    building = new_project(dept, "智慧校园平台二期", UNIT, 2027, stage=Stage.CONSTRUCTION)
    assert "第九条、第十条" in lifecycle.move_stage(dept, building, Stage.INITIAL_ACCEPTANCE, on=D).refusals[0]
    back = lifecycle.move_stage(dept, building, Stage.PROCUREMENT, on=D, reason="重新采购")
    assert not back.ok and "第九条、第十条" in back.refusals[0]
    assert dept.projects.get(building).stage == Stage.CONSTRUCTION


def test_a_department_may_not_renumber(dept: Workspace) -> None:
    pid = new_project(dept, "智慧校园平台", UNIT, 2027)
    with pytest.raises(NotPermitted, match="第四条：「项目编号」由县智慧办办理"):
        dept.projects.renumber(pid, "JZ-2027-099")
    assert dept.projects.get(pid).number == "JZ-2027-001"
    with as_office(dept):
        dept.projects.renumber(pid, "JZ-2027-099")
    assert dept.projects.get(pid).number == "JZ-2027-099"


def test_a_department_may_not_review_a_procurement_case(dept: Workspace) -> None:
    cid = new_case(dept, UNIT, year=2027)
    dept.procurements.save(cid, Procurement(applicant_unit=UNIT, reason="旧机报废", items=[
        ProcurementItem("台式计算机", "i5/16G", 2, Decimal("4999"))]), status=CaseStatus.DECLARED)
    with pytest.raises(NotPermitted, match="第五条第二款：采购申报的审核由县智慧办办理，项目建设单位不能办理"):
        procurement_review.start_review(dept, cid)
    assert dept.procurements.get(cid).status == CaseStatus.DECLARED
    with as_office(dept):
        procurement_review.start_review(dept, cid)
        procurement_review.decide(dept, cid, CaseStatus.PASSED, "同意采购", on=D)
    assert dept.procurements.get(cid).status == CaseStatus.PASSED


def test_a_department_may_not_record_the_acceptance_materials(dept: Workspace) -> None:
    pid = new_project(dept, "智慧校园平台", UNIT, 2027, stage=Stage.TRIAL)
    with pytest.raises(NotPermitted, match="第十七条：「试运行报告」由县智慧办办理"):
        dept.materials.attach(pid, "试运行报告", "试运行报告.pdf", b"%PDF")
    assert dept.materials.list(pid) == []


# ---------------------------------------------------------------------- the office, the department's fields


def test_the_office_may_not_write_the_declaration(ws: Workspace) -> None:
    pid = new_project(ws, "智慧校园平台", UNIT, 2027)
    before = ws.declarations.get(pid)
    with pytest.raises(NotPermitted, match="第五条：「项目实施依据及主要内容」由项目建设单位填报.*县智慧办不能代为填写或修改"):
        ws.declarations.save(pid, replace(before, content="县智慧办改写的内容"))
    with pytest.raises(NotPermitted, match="第五条：「项目实施依据及主要内容」由项目建设单位填报"):   # a draft of the form
        ws.drafts.save("declaration", pid, {"leader": "县智慧办"})
    assert ws.declarations.get(pid) == before and ws.drafts.latest("declaration", pid) is None
    with as_unit(ws, UNIT):
        ws.declarations.save(pid, replace(before, content="本单位写的内容"))
    assert ws.declarations.get(pid).content == "本单位写的内容"


def test_the_office_may_not_record_the_construction_facts(ws: Workspace) -> None:
    pid = new_project(ws, "智慧校园平台", UNIT, 2027, stage=Stage.PROCUREMENT)
    before = ws.projects.get(pid)
    with pytest.raises(NotPermitted, match="第十二条：「项目责任人」由项目建设单位填报"):
        lifecycle.update_facts(ws, pid, {"responsible_person": "王五"})
    with pytest.raises(NotPermitted, match="第十一条：「中标供应商」.*第十一条：「合同签订日期」"):
        lifecycle.update_facts(ws, pid, {"supplier": "安徽某科技有限公司", "contract_date": "2027-02-20"})
    with pytest.raises(NotPermitted, match="第八条第二款：「品种」由项目建设单位填报"):
        lifecycle.set_existing_assets(ws, pid, [lifecycle.Asset("服务器", 2)])
    with pytest.raises(NotPermitted, match="第十五条：「调整内容」由项目建设单位填报"):
        lifecycle.request_adjustment(ws, pid, "增加移动端", requested_on=D)
    assert ws.projects.get(pid) == before
    assert ws.assets.of(pid) == [] and ws.adjustments.of(pid) == [] and ws.history.list(pid) == []
    with as_unit(ws, UNIT):
        lifecycle.update_facts(ws, pid, {"responsible_person": "王五", "supplier": "安徽某科技有限公司"})
    assert ws.projects.get(pid).responsible_person == "王五"


def test_the_office_may_not_attach_the_declarations_materials(ws: Workspace) -> None:
    pid = new_project(ws, "智慧校园平台", UNIT, 2027, stage=Stage.DECLARED)
    with pytest.raises(NotPermitted, match="第八条：「项目概算」由项目建设单位填报"):
        ws.materials.attach(pid, "项目概算", "概算.xlsx", b"budget")
    with pytest.raises(NotPermitted, match="第八条：「信息资源目录」由项目建设单位填报"):
        ws.materials.waive(pid, "信息资源目录", "随后补交")
    assert ws.materials.list(pid) == []
    with as_unit(ws, UNIT):
        ws.materials.attach(pid, "项目概算", "概算.xlsx", b"budget")
    assert [m.kind for m in ws.materials.list(pid)] == ["项目概算"]


def test_the_office_may_not_declare_for_a_department(ws: Workspace) -> None:
    with pytest.raises(NotPermitted, match="第五条：项目由项目建设单位申报，县智慧办不能代为新建"):
        ws.projects.create("智慧办代建的项目", UNIT, 2027)
    with pytest.raises(NotPermitted, match="第五条第二款：办公电脑采购由项目建设单位申报"):
        ws.procurements.create(UNIT)
    assert ws.projects.count() == 0 and ws.procurements.list() == []
    pid = new_project(ws, "智慧校园平台", UNIT, 2027)
    refused = lifecycle.move_stage(ws, pid, Stage.DECLARED, on=D)
    assert not refused.ok and refused.refusals[0].startswith("第五条：申报（草稿与提交）由项目建设单位办理")
    assert ws.projects.get(pid).stage == Stage.DRAFT


# ---------------------------------------------------------------------- a department, another unit's records


def test_a_department_may_not_touch_another_units_records(dept: Workspace) -> None:
    pid = new_project(dept, "社会救助平台", OTHER, 2027)
    cid = new_case(dept, OTHER, year=2027)
    refusal = f"第五条：项目建设单位只能办理本单位（{UNIT}）的项目和采购申报，「{OTHER}」的记录不能修改"
    with pytest.raises(NotPermitted, match=re.escape(refusal)):
        dept.declarations.save(pid, _declaration(applicant_unit=OTHER))
    with pytest.raises(NotPermitted, match=re.escape(refusal)):
        dept.materials.attach(pid, "项目概算", "概算.xlsx", b"budget")
    with pytest.raises(NotPermitted, match=re.escape(refusal)):
        lifecycle.update_facts(dept, pid, {"responsible_person": "王五"})
    with pytest.raises(NotPermitted, match=re.escape(refusal)):
        dept.procurements.save(cid, Procurement(applicant_unit=OTHER, reason="旧机报废"))
    with pytest.raises(NotPermitted, match=re.escape(f"「{OTHER}」的记录不能修改")):
        dept.projects.create("代报的项目", OTHER, 2027)
    assert dept.declarations.get(pid).content == "" and dept.materials.list(pid) == []
    assert dept.projects.get(pid).responsible_person == "" and dept.procurements.form(cid).reason == ""
    with as_unit(dept, OTHER):
        lifecycle.update_facts(dept, pid, {"responsible_person": "王五"})
    assert dept.projects.get(pid).responsible_person == "王五"


# ---------------------------------------------------------------------- a machine with no side


def test_a_machine_with_no_side_may_only_read(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "new.db") as ws:
        assert ws.settings.side is None
        pid = new_project(ws, "智慧校园平台", UNIT, 2027, stage=Stage.REVIEWING)
        cid = new_case(ws, UNIT, year=2027)
        before = (collect_project(ws, pid), ws.procurements.form(cid))
        writes = [
            lambda: ws.projects.create("新项目", UNIT, 2027),
            lambda: ws.declarations.save(pid, _declaration()),
            lambda: ws.materials.attach(pid, "项目概算", "概算.xlsx", b"budget"),
            lambda: checklist.set_answer(ws, pid, "economic", "符合"),
            lambda: lifecycle.update_facts(ws, pid, {"plan_year": 2027}),
            lambda: ws.procurements.save(cid, Procurement(applicant_unit=UNIT, reason="旧机报废")),
            lambda: ws.drafts.save("declaration", pid, {"leader": "张三"}),
        ]
        for write in writes:
            with pytest.raises(NotPermitted, match=NO_SIDE_WORDS):
                write()
        moved = lifecycle.move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=D)
        assert not moved.ok and NO_SIDE_WORDS.search(moved.refusals[0])
        returned = lifecycle.set_side_state(ws, pid, SideState.RETURNED, on=D, reason="x", supply_list="1. x")
        assert not returned.ok and NO_SIDE_WORDS.search(returned.refusals[0])
        assert (collect_project(ws, pid), ws.procurements.form(cid)) == before
        assert ws.projects.count() == 1 and ws.drafts.latest("declaration", pid) is None
        assert ws.views.summaries()[0].name == "智慧校园平台"   # reading is fine


# ---------------------------------------------------------------------- the CLI


def xxh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xxh_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=dict(os.environ), timeout=120)


def test_cli_init_chooses_the_side_and_show_settings_prints_it(tmp_path: Path) -> None:
    db = str(tmp_path / "dept.db")
    made = xxh("--db", db, "init", "--side", "项目建设单位", "--unit", UNIT)
    assert made.returncode == 0, made.stderr
    assert f"本机身份：项目建设单位（{UNIT}）" in made.stdout
    shown = xxh("--db", db, "show-settings")
    assert shown.returncode == 0, shown.stderr
    with Workspace.open(db) as ws:
        assert (ws.settings.side, ws.settings.unit) == (Side.UNIT, UNIT)
        fingerprint = signing.stored_fingerprint(ws)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){7}", fingerprint or "")
    assert shown.stdout.splitlines()[1:] == [f"本机身份：项目建设单位（{UNIT}）", f"本机单位：{UNIT}",
                                             f"签名密钥指纹：{fingerprint}"]
    office_db = str(tmp_path / "office.db")
    assert xxh("--db", office_db, "init", "--side", "县智慧办").returncode == 0
    shown = xxh("--db", office_db, "show-settings").stdout
    assert "本机身份：县智慧办" in shown and "本机单位：（县智慧办）" in shown and "尚未生成" not in shown
    no_unit = xxh("--db", str(tmp_path / "x.db"), "init", "--side", "项目建设单位")
    assert no_unit.returncode == 1 and "须填写本单位名称" in no_unit.stderr
    stray = xxh("--db", str(tmp_path / "y.db"), "init", "--side", "县智慧办", "--unit", UNIT)
    assert stray.returncode == 1 and "--unit 只用于 --side 项目建设单位" in stray.stderr


def test_cli_on_a_department_database_refuses_the_offices_steps(tmp_path: Path) -> None:
    db = str(tmp_path / "dept.db")
    assert xxh("--db", db, "init", "--side", "项目建设单位", "--unit", UNIT).returncode == 0
    with Workspace.open(db) as ws:
        pid = new_project(ws, "智慧校园平台", UNIT, 2027, stage=Stage.DECLARED)
    report = tmp_path / "报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    moved = xxh("--db", db, "stage", "JZ-2027-001", "--to", "审核中", "--date", "2027-03-01")
    assert moved.returncode == 1 and moved.stdout == ""
    assert "第九条、第十条：项目申报后的审核、报批和阶段推进由县智慧办办理" in moved.stderr
    attached = xxh("--db", db, "attach", "JZ-2027-001", "--kind", "试运行报告", str(report))
    assert attached.returncode == 1 and "第十七条：「试运行报告」由县智慧办办理" in attached.stderr
    own = xxh("--db", db, "attach", "JZ-2027-001", "--kind", "项目概算", str(report))
    assert own.returncode == 0, own.stderr
    with Workspace.open(db) as ws:
        assert ws.projects.get(pid).stage == Stage.DECLARED
        assert [m.kind for m in ws.materials.list(pid)] == ["项目概算"]


def test_cli_on_a_database_with_no_side_names_first_start(tmp_path: Path) -> None:
    db = str(tmp_path / "blank.db")
    assert xxh("--db", db, "init").returncode == 0
    with Workspace.open(db) as ws:
        new_project(ws, "智慧校园平台", UNIT, 2027, stage=Stage.DECLARED)
    report = tmp_path / "概算.xlsx"
    report.write_bytes(b"budget")
    for args in (("stage", "JZ-2027-001", "--to", "审核中"), ("attach", "JZ-2027-001", "--kind", "项目概算",
                                                             str(report))):
        result = xxh("--db", db, *args)
        assert result.returncode == 1 and NO_SIDE_WORDS.search(result.stderr), result.stderr
    assert xxh("--db", db, "list").returncode == 0


# ---------------------------------------------------------------------- the house: one owner per table


HOUSE = Path("/work/shared/tools/house.py")


@pytest.fixture(scope="module")
def house() -> dict:
    """The package measured from its source (import cycles, module sizes, where SQL text is)."""
    package = Path(__file__).resolve().parents[2] / "xxh_desktop"
    result = subprocess.run([sys.executable, str(HOUSE), str(package)], capture_output=True, text=True,
                            encoding="utf-8", timeout=120, check=True)
    measured = json.loads(result.stdout)
    assert measured["modules"] > 50
    return measured


def test_no_import_cycles(house: dict) -> None:
    assert house["cycles"] == []


def test_no_module_over_600_lines(house: dict) -> None:
    assert house["big_modules"] == {}   # generated gui/forms/ aside


def test_only_the_storage_owners_write_sql(house: dict) -> None:
    assert "xxh_desktop/storage/projects.py" in house["sql_files"]
    assert [f for f in house["sql_files"] if not f.startswith("xxh_desktop/storage/")] == []
