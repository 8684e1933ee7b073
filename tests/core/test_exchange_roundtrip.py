"""Department → office → department across two databases: the USB round trip (PRODUCT.md §8).

Each machine writes only its own part of a record: the department its
declaration, materials and construction facts, the office its review, stages,
approvals and numbers. Each part is versioned on its own (docs/xxh-format.md
§4), so a replayed or forked file is recognised, and a review crossing a
department's edit in the mail loses neither.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from xxh_support import (
    DEPT, PDF, Watch, approve, db_state, declare, fingerprint, import_file, pair, review,
)

from xxh_desktop import lifecycle, procurement_review
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.domain.review_items import ITEMS
from xxh_desktop.domain.stages import CaseStatus, SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import (
    CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, UPDATE, apply_import, export_package, preview_import,
)
from xxh_desktop.exchange.parts import part
from xxh_desktop.exchange.reader import open_package
from xxh_desktop.exchange.records import collect_procurement, collect_project
from xxh_desktop.printing.registry import export_form
from xxh_desktop.storage.backup import backup_to
from xxh_desktop.workspace import Workspace

from builders import new_project


@pytest.fixture
def two(tmp_path: Path):
    """(department, office): the department has taken in the office's registration file."""
    off, dept = pair(tmp_path)
    yield dept, off
    for ws in (dept, off):
        if not ws.closed:
            ws.close()


def _send(src: Workspace, dst: Workspace, path: Path, keys: list[str], **apply):
    """Export, preview (kept for the test to read) and apply; the first key is trusted as on paper."""
    path.parent.mkdir(parents=True, exist_ok=True)
    export_package(src, keys, path)
    with preview_import(dst, path) as preview:
        result = apply_import(dst, preview, trust_key=fingerprint(src), **apply)
    return preview, result


def _statuses(ws: Workspace, path: Path) -> list[str]:
    with preview_import(ws, path) as preview:
        return [r.status for r in preview.records]


def _parts(ws: Workspace, pid: str) -> dict[Side, dict]:
    record = collect_project(ws, pid)
    return {side: part("project", record, side) for side in Side}


def test_declaration_goes_to_the_office_and_the_review_comes_back(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    assert (dept.projects.get(pid).number, dept.projects.get(pid).declaration_no) == ("", "SB-2027-001")
    preview, result = _send(dept, off, tmp_path / "申报.xxh", [pid])
    assert [(r.status, r.number) for r in preview.records] == [(NEW, "SB-2027-001")]
    assert preview.sender_unit == DEPT and preview.purpose == "申报"
    assert result.counts["新增"] == 1 and result.backup_path is not None and result.backup_path.exists()
    # 第四条: the office allots the county number on receipt; the 申报编号 stays as a second reference
    p = off.projects.get(pid)
    assert (p.number, p.declaration_no, p.unit, p.stage) == ("JZ-2027-001", "SB-2027-001", DEPT, Stage.DECLARED)
    assert off.projects.get("SB-2027-001").id == pid
    # attachments arrive byte-exact, waived materials keep their reason
    mats = off.materials.by_kind(pid)
    assert off.materials.blob(mats["项目建设方案"].sm3) == PDF
    assert mats["项目可行性研究报告"].waived_reason == "投资额较小，以建设方案代替"
    assert off.declarations.get(pid).leader == "张三"
    assert off.check() == []

    review(off, pid)
    feedback = tmp_path / "审核反馈.xxh"
    preview, result = _send(off, dept, feedback, [pid])
    [rec] = preview.records
    assert rec.status == UPDATE and preview.purpose == "审核反馈"
    changed = [f.key for f in rec.fields]
    assert {"project.stage", "project.number", "opinion", "checklist.security"} <= set(changed)
    assert all(f.important for f in rec.fields[:3])   # the stage, the number and the review come first
    p = dept.projects.get(pid)
    assert (p.number, p.declaration_no, p.stage) == ("JZ-2027-001", "SB-2027-001", Stage.AWAITING_APPROVAL)
    opinion = dept.opinions.get(pid)
    assert opinion.conclusion == "同意" and opinion.text == "同意建设。"
    assert len(dept.checklist.of(pid)) == len(ITEMS)
    assert [h.to_stage for h in dept.history.list(pid)] == [Stage.DECLARED, Stage.REVIEWING, Stage.AWAITING_APPROVAL]
    assert _parts(dept, pid) == _parts(off, pid)
    assert dept.check() == [] and off.check() == []

    # the same file again changes nothing, and says when it was taken in
    before = db_state(dept)
    with preview_import(dept, feedback) as again:
        assert again.already_imported_at
        result = apply_import(dept, again)
    assert result.message.startswith(f"此文件已于 {again.already_imported_at} 导入") and not result.changed
    assert db_state(dept) == before

    # the department supplies a new material; the office takes it in, its review untouched
    dept.materials.attach(pid, "项目概算", "概算.xlsx", b"PK\x03\x04 budget")
    preview, _ = _send(dept, off, tmp_path / "补充.xxh", [pid])
    assert [r.status for r in preview.records] == [UPDATE]
    assert [f.key for f in preview.records[0].fields] == ["materials.项目概算"]
    assert off.materials.blob(off.materials.by_kind(pid)["项目概算"].sm3) == b"PK\x03\x04 budget"
    assert off.opinions.get(pid).conclusion == "同意" and off.projects.get(pid).stage == Stage.AWAITING_APPROVAL


def test_a_copy_sent_again_is_unchanged_and_an_older_file_is_ignored(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh", [pid])
    export_package(dept, [pid], tmp_path / "v1-again.xxh")
    assert _statuses(off, tmp_path / "v1-again.xxh") == [UNCHANGED]

    old = tmp_path / "old.xxh"          # exported, then superseded before it was carried
    dept.projects.update(pid, {"responsible_person": "王五"})
    export_package(dept, [pid], old)
    dept.projects.update(pid, {"responsible_person": "赵六"})
    _send(dept, off, tmp_path / "new.xxh", [pid])
    assert off.projects.get(pid).responsible_person == "赵六"
    assert _statuses(off, old) == [OLDER]
    result = import_file(off, old)
    assert result.counts["忽略"] == 1 and not result.changed
    assert off.projects.get(pid).responsible_person == "赵六"   # an older version never overwrites a newer one


def test_a_department_restoring_an_old_backup_meets_a_conflict_not_an_update(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh", [pid])
    saved = backup_to(dept, tmp_path / "dept" / "old-backup.db")   # beside the machine key it is sealed with
    dept.projects.update(pid, {"responsible_person": "王五"})
    _send(dept, off, tmp_path / "v2.xxh", [pid])                 # the office took in version 2 ...
    review(off, pid)
    office_part = _parts(off, pid)[Side.OFFICE]
    dept.close()
    restored = Workspace.open(saved)                              # ... then the department restored version 1
    restored.user = DEPT
    try:
        restored.projects.update(pid, {"responsible_person": "钱七", "supplier": "恢复后的供应商"})
        path = export_package(restored, [pid], tmp_path / "restored.xxh").path   # its version 2 again, other content
        with preview_import(off, path) as preview:
            [rec] = preview.records
            assert rec.status == CONFLICT
            assert any("恢复过备份" in note for note in rec.notes)
            diffs = {f.key: (f.mine, f.theirs) for f in rec.fields}
            assert diffs["project.responsible_person"] == ("王五", "钱七")
        watch = Watch(off, tmp_path / "office")
        with pytest.raises(XxhError, match="--on-conflict keep"):
            import_file(off, path, on_conflict="ask")
        watch.unchanged()
        # field by field: the clerk keeps the 项目责任人 it had, takes the supplier
        import_file(off, path, choices={pid: {"project.responsible_person": MINE, "project.supplier": THEIRS}})
        p = off.projects.get(pid)
        assert (p.responsible_person, p.supplier, p.stage) == ("王五", "恢复后的供应商", Stage.AWAITING_APPROVAL)
        assert _parts(off, pid)[Side.OFFICE] == office_part
    finally:
        restored.close()


def test_a_review_crossing_a_department_edit_in_the_mail_loses_neither(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh", [pid])
    review(off, pid)                                                    # the office reviews ...
    answer = export_package(off, [pid], tmp_path / "review.xxh").path
    dept.projects.update(pid, {"responsible_person": "王五"})           # ... while the department fixes a detail
    dept.materials.attach(pid, "项目概算", "概算.pdf", b"%PDF budget")
    edit = export_package(dept, [pid], tmp_path / "edit.xxh").path

    with preview_import(off, edit) as preview:                         # the office hears of the edit first
        [rec] = preview.records
        assert rec.status == UPDATE and rec.receiver_stale
        assert {f.key for f in rec.fields} == {"project.responsible_person", "materials.项目概算"}
        assert any("对方尚未收到本机最近的改动" in note for note in rec.notes)
        apply_import(off, preview)
    with preview_import(dept, answer) as preview:                       # and the department of the review
        [rec] = preview.records
        assert rec.status == UPDATE and rec.receiver_stale
        assert "project.responsible_person" not in {f.key for f in rec.fields}
        apply_import(dept, preview)
    for ws in (off, dept):
        p = ws.projects.get(pid)
        assert (p.responsible_person, p.stage, p.number) == ("王五", Stage.AWAITING_APPROVAL, "JZ-2027-001")
        assert ws.opinions.get(pid).text == "同意建设。" and "项目概算" in ws.materials.by_kind(pid)
        assert ws.check() == []
    assert _parts(off, pid) == _parts(dept, pid)
    # after the crossing, each side's next file is no news to the other
    export_package(dept, [pid], tmp_path / "after-dept.xxh")
    export_package(off, [pid], tmp_path / "after-office.xxh")
    assert _statuses(off, tmp_path / "after-dept.xxh") == [UNCHANGED]
    assert _statuses(dept, tmp_path / "after-office.xxh") == [UNCHANGED]


def test_the_office_allots_the_next_free_number(two, tmp_path: Path) -> None:
    dept, off = two
    new_project(off, "智慧办已有的项目", "县民政局", 2027, number="JZ-2027-001")
    pid = declare(dept)
    second = declare(dept, "第二个项目")
    assert dept.projects.get(second).declaration_no == "SB-2027-002"
    _send(dept, off, tmp_path / "a.xxh", [pid, second])
    assert (off.projects.get(pid).number, off.projects.get(second).number) == ("JZ-2027-002", "JZ-2027-003")
    # the department sends again before it knows: the number it does not have is not a change
    dept.projects.update(pid, {"responsible_person": "王五"})
    _send(dept, off, tmp_path / "again.xxh", [pid])
    assert off.projects.get(pid).number == "JZ-2027-002" and off.projects.get(pid).responsible_person == "王五"
    _send(off, dept, tmp_path / "b.xxh", ["JZ-2027-002"])
    assert dept.projects.get(pid).number == "JZ-2027-002" and dept.projects.get(second).number == ""


def test_procurement_case_submitted_reviewed_returned_and_passed(two, tmp_path: Path) -> None:
    dept, off = two
    cid = dept.procurements.create(DEPT, year=2027)
    form = Procurement(applicant_unit=DEPT, filled_on=date(2027, 3, 1), items=(
        ProcurementItem("台式计算机", "国产 i5/16G", 3, Decimal("4999.50")),), reason="旧机报废",
        fund_budget=Decimal("14998.50"), handler="李四", handler_phone="0564-1234567")
    dept.procurements.save(cid, form, status=CaseStatus.DECLARED)
    assert dept.procurements.get(cid).declaration_no == "CGSB-2027-001"
    preview, _ = _send(dept, off, tmp_path / "cg.xxh", [cid])
    assert [(r.kind, r.status) for r in preview.records] == [("procurement", NEW)]
    case = off.procurements.get(cid)
    assert (case.number, case.declaration_no, case.status) == ("CG-2027-001", "CGSB-2027-001", CaseStatus.DECLARED)
    assert off.procurements.form(cid).items[0].unit_price == Decimal("4999.50")

    procurement_review.start_review(off, cid)
    procurement_review.decide(off, cid, CaseStatus.RETURNED, "请补充报废鉴定", on=date(2027, 3, 5))
    _send(off, dept, tmp_path / "cg-back.xxh", [cid])
    case = dept.procurements.get(cid)
    assert (case.number, case.status, case.review_opinion) == ("CG-2027-001", CaseStatus.RETURNED, "请补充报废鉴定")

    dept.procurements.save(cid, Procurement(**{**form.__dict__, "reason": "旧机报废，已附鉴定"}),
                           status=CaseStatus.DECLARED)   # 第五条第二款: the unit resubmits
    preview, _ = _send(dept, off, tmp_path / "cg2.xxh", [cid])
    assert [r.status for r in preview.records] == [UPDATE]
    assert off.procurements.get(cid).status == CaseStatus.DECLARED
    assert off.procurements.form(cid).reason == "旧机报废，已附鉴定"
    procurement_review.start_review(off, cid)
    procurement_review.decide(off, cid, CaseStatus.PASSED, "同意采购", on=date(2027, 3, 9))
    _send(off, dept, tmp_path / "cg-pass.xxh", ["CG-2027-001"])
    case = dept.procurements.get("CG-2027-001")
    assert (case.status, case.review_opinion, case.reviewed_on) == (CaseStatus.PASSED, "同意采购", date(2027, 3, 9))
    assert collect_procurement(dept, cid)["procurement"] == collect_procurement(off, cid)["procurement"]


def _approved_at_both(dept: Workspace, off: Workspace, tmp_path: Path) -> str:
    """A declaration reviewed and approved at the office, both machines holding the approval."""
    pid = declare(dept)
    _send(dept, off, tmp_path / "declared.xxh", [pid])
    review(off, pid)
    approve(off, pid)
    _send(off, dept, tmp_path / "approved.xxh", [pid])
    assert dept.projects.get(pid).stage == Stage.APPROVED
    return pid


def test_stage_history_of_both_sides_is_kept_once(two, tmp_path: Path) -> None:
    dept, off = two
    pid = _approved_at_both(dept, off, tmp_path)
    before = [h.event for h in off.history.list(pid)]
    for cycle in range(3):
        dept.projects.update(pid, {"responsible_person": f"单位第{cycle}次"})
        lifecycle.request_adjustment(dept, pid, f"调整{cycle}", kind="工期", requested_on=date(2026, 11, 3 + cycle))
        preview, _ = _send(dept, off, tmp_path / f"up{cycle}.xxh", [pid])
        assert [r.status for r in preview.records] == [UPDATE]
        lifecycle.update_facts(off, pid, {"approval_doc_no": f"金政秘〔2026〕13{cycle}号"})
        preview, _ = _send(off, dept, tmp_path / f"down{cycle}.xxh", [pid])
        assert [r.status for r in preview.records] == [UPDATE]
        for ws in (dept, off):
            p = ws.projects.get(pid)
            assert (p.responsible_person, p.approval_doc_no) == (f"单位第{cycle}次", f"金政秘〔2026〕13{cycle}号")
            assert ws.projects.count() == 1
            assert [h.event for h in ws.history.list(pid)] == [*before, *("项目调整申请" for _ in range(cycle + 1))]
            assert len(ws.adjustments.of(pid)) == cycle + 1
            assert ws.check() == []


def test_an_adjustment_is_asked_by_the_unit_and_approved_and_filed_by_the_office(two, tmp_path: Path) -> None:
    """第十五条 through the exchange: the unit's request (kind, content, new 投资额) reaches the office;
    the county's approval and the 备案, recorded by the office, reach the unit; each side's part stays its own."""
    dept, off = two
    pid = _approved_at_both(dept, off, tmp_path)
    lifecycle.request_adjustment(dept, pid, "增加会商终端8台", kind="投资概算", new_investment=Decimal("150"),
                                 requested_on=date(2026, 11, 5))
    preview, _ = _send(dept, off, tmp_path / "ask.xxh", [pid])
    assert {f.key for f in preview.records[0].fields} >= {"adjustments"}
    [a] = off.adjustments.of(pid)
    assert (a.kind, a.content, a.new_investment, a.state) == ("投资概算", "增加会商终端8台", Decimal("150"), "已申请")
    lifecycle.record_adjustment(off, a.id, county_approved_on=date(2026, 11, 10))
    lifecycle.record_adjustment(off, a.id, office_filed_on=date(2026, 11, 12))
    _send(off, dept, tmp_path / "filed.xxh", [pid])
    [b] = dept.adjustments.of(pid)
    assert (b.kind, b.new_investment, b.county_approved_on, b.office_filed_on, b.state) == (
        "投资概算", Decimal("150"), date(2026, 11, 10), date(2026, 11, 12), "已备案")
    assert _parts(dept, pid) == _parts(off, pid)
    assert dept.check() == [] and off.check() == []


def test_the_offices_acceptance_of_absent_materials_and_its_consultation_travel(two, tmp_path: Path) -> None:
    """第八条、第九条: what the office records while reviewing — 暂缺 accepted, who was consulted — reaches
    the unit with the review, so the unit's machine holds the same gate as the office's."""
    dept, off = two
    pid = _approved_at_both(dept, off, tmp_path)
    here, there = dept.materials.by_kind(pid), off.materials.by_kind(pid)
    assert here["项目概算"].accepted_reason == there["项目概算"].accepted_reason == "纸质材料已收，电子件随后补交"
    p = dept.projects.get(pid)
    assert (p.consulted_units, p.consulted_on) == ("县财政局", date(2026, 9, 25))
    # the unit supplies the file: the acceptance goes with the 暂缺 it accepted, at both ends
    dept.materials.attach(pid, "项目概算", "概算.pdf", b"%PDF budget")
    _send(dept, off, tmp_path / "supplied.xxh", [pid])
    assert off.materials.by_kind(pid)["项目概算"].accepted_reason == ""
    assert off.materials.by_kind(pid)["信息资源目录"].accepted_reason == "纸质材料已收，电子件随后补交"
    assert _parts(dept, pid) == _parts(off, pid)


def test_what_changed_after_the_preview_is_not_overwritten_unseen(two, tmp_path: Path) -> None:
    """The apply judges the file again under the write lock: a newer file taken in meanwhile (in
    another window) makes the one previewed old, and applying it is refused, not done blindly."""
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh", [pid])
    dept.projects.update(pid, {"responsible_person": "王五"})
    v2 = export_package(dept, [pid], tmp_path / "v2.xxh").path
    dept.projects.update(pid, {"responsible_person": "赵六"})
    v3 = export_package(dept, [pid], tmp_path / "v3.xxh").path
    with preview_import(off, v2) as preview:
        assert [r.status for r in preview.records] == [UPDATE]
        import_file(off, v3)
        before = db_state(off)
        entries = off.audit_log.entries()
        backups = sorted(p.name for p in (off.path.parent / "backups").iterdir())
        with pytest.raises(XxhError, match="重新打开导入预览"):
            apply_import(off, preview)
        assert db_state(off) == before
        # an old preview is no hostile file: nothing is recorded, and the backup taken for the
        # import goes with it (its «备份» entry was in the rolled-back transaction)
        assert off.audit_log.entries() == entries
        assert sorted(p.name for p in (off.path.parent / "backups").iterdir()) == backups
    assert off.projects.get(pid).responsible_person == "赵六"
    assert _statuses(off, v2) == [OLDER]


def _pdf_text(ws: Workspace, key: str, out: Path) -> str:
    export_form(ws, "附件1", key, out)
    with pdfplumber.open(out) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_departments_printed_form_carries_its_key_fingerprint(two, tmp_path: Path) -> None:
    """PRODUCT.md §8: the stamped paper and the first file vouch for each other."""
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "a.xxh", [pid])
    theirs = _pdf_text(dept, pid, tmp_path / "dept.pdf")
    assert f"本单位交换文件密钥指纹：{fingerprint(dept)}" in theirs and "申报编号：SB-2027-001" in theirs
    ours = _pdf_text(off, pid, tmp_path / "office.pdf")
    assert fingerprint(dept) not in ours and fingerprint(off) not in ours and "密钥指纹" not in ours
    assert "JZ-2027-001" in ours and "SB-2027-001" in ours


def test_every_record_of_the_demo_passes_the_import_checks(demo_ws: Workspace, tmp_path: Path) -> None:
    """Every column of every demo record survives the format and the receiver's validation, one file
    per unit (an office file goes to one unit)."""
    units = sorted({p.unit for p in demo_ws.projects.all()} | {c.unit for c in demo_ws.procurements.list()})
    assert len(units) > 3
    for n, unit in enumerate(units):
        projects = [p.id for p in demo_ws.projects.all() if p.unit == unit]
        cases = [c.id for c in demo_ws.procurements.list() if c.unit == unit]
        path = export_package(demo_ws, projects + cases, tmp_path / f"{n}.xxh").path
        with open_package(path) as pkg:    # every check of docs/xxh-format.md §5, validation included
            sent = {r["id"]: {k: v for k, v in r.items() if k != "versions"}
                    for r in pkg.data["projects"] + pkg.data["procurements"]}
        assert sent == {**{pid: collect_project(demo_ws, pid) for pid in projects},
                        **{cid: collect_procurement(demo_ws, cid) for cid in cases}}


def test_a_conflict_kept_at_the_office_waits_for_the_departments_own_word(two, tmp_path: Path) -> None:
    """The office keeps what it had against a restored department: not for good — the department's
    part is the department's. The office's next file cannot be checked at the restored department and
    says why and what to do; once the department sends again and the office takes it, both agree."""
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh", [pid])
    saved = backup_to(dept, tmp_path / "dept" / "old-backup.db")
    dept.projects.update(pid, {"responsible_person": "王五"})
    _send(dept, off, tmp_path / "v2.xxh", [pid])
    dept.close()
    restored = Workspace.open(saved)
    restored.user = DEPT
    try:
        restored.projects.update(pid, {"responsible_person": "钱七"})
        preview, result = _send(restored, off, tmp_path / "fork.xxh", [pid], on_conflict="keep")
        assert [r.status for r in preview.records] == [CONFLICT] and result.counts["保留本机"] == 1
        assert off.projects.get(pid).responsible_person == "王五"

        export_package(off, [pid], tmp_path / "back.xxh")
        before = db_state(restored)
        with pytest.raises(XxhError, match="不是本机发出过的任何版本：可能是本机恢复过备份") as caught:
            preview_import(restored, tmp_path / "back.xxh")
        assert "请先把本机的最新内容导出给对方导入" in str(caught.value)
        assert restored.projects.get(pid).responsible_person == "钱七"
        assert db_state(restored) != before      # only the refusal's audit entry

        preview, _ = _send(restored, off, tmp_path / "again.xxh", [pid], on_conflict="theirs")
        assert [r.status for r in preview.records] == [CONFLICT]     # still the department's other line
        assert off.projects.get(pid).responsible_person == "钱七"
        preview, _ = _send(off, restored, tmp_path / "back2.xxh", [pid])
        assert [r.status for r in preview.records] == [UPDATE]        # the office's part: its number
        assert (restored.projects.get(pid).number, restored.projects.get(pid).responsible_person) == \
            ("JZ-2027-001", "钱七")
    finally:
        restored.close()


def test_a_declaration_changed_after_the_review_began_waits_for_a_return(two, tmp_path: Path) -> None:
    """第九条: once the office reviews 附件1, a department's file cannot change it at the office. An edit
    that crossed the review in the mail is refused naming the fields; the department still takes in the
    review; and once the office returns the project for supplements, the same file comes in."""
    from dataclasses import replace

    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh", [pid])
    assert lifecycle.move_stage(off, pid, Stage.REVIEWING, on=date(2026, 9, 20)).ok
    dept.declarations.save(pid, replace(dept.declarations.get(pid), content="改写后的建设内容"))   # still 已申报 there
    export_package(dept, [pid], tmp_path / "v2.xxh")
    before = db_state(off)
    with pytest.raises(XxhError, match="第九条：文件中的项目 JZ-2027-001改动了申报表（申报表·项目实施依据及主要内容）"):
        preview_import(off, tmp_path / "v2.xxh")
    assert db_state(off) != before and off.declarations.get(pid).content == "升级指挥调度系统"
    _send(off, dept, tmp_path / "review.xxh", [pid])                      # the department hears the review
    assert dept.projects.get(pid).stage == Stage.REVIEWING
    assert lifecycle.set_side_state(off, pid, SideState.RETURNED, on=date(2026, 9, 25), reason="请说明建设内容",
                                    supply_list="建设内容说明").ok
    with preview_import(off, tmp_path / "v2.xxh") as preview:
        apply_import(off, preview)
    assert off.declarations.get(pid).content == "改写后的建设内容"


def test_the_offices_decision_reaches_a_department_that_edited_its_case_meanwhile(two, tmp_path: Path) -> None:
    """第五条第二款: the office returns a 附件2 case while the department, still 已申报 on its machine,
    edits it; the decision is new, so it stands; the edit then goes back as the resubmission."""
    from dataclasses import replace

    dept, off = two
    cid = dept.procurements.create(DEPT, year=2027)
    form = Procurement(applicant_unit=DEPT, filled_on=date(2027, 3, 1), reason="旧机报废",
                       items=(ProcurementItem("台式计算机", "国产 i5/16G", 3, Decimal("4999.50")),),
                       fund_budget=Decimal("14998.50"), handler="李四", handler_phone="0564-1234567")
    dept.procurements.save(cid, form, status=CaseStatus.DECLARED)
    _send(dept, off, tmp_path / "a.xxh", [cid])
    procurement_review.start_review(off, cid)
    procurement_review.decide(off, cid, CaseStatus.RETURNED, "请补充报废鉴定", on=date(2027, 3, 5))
    dept.procurements.save(cid, replace(form, reason="旧机报废（附鉴定）"))
    _send(off, dept, tmp_path / "r.xxh", [cid])
    case = dept.procurements.get(cid)
    assert (case.status, case.review_opinion) == (CaseStatus.RETURNED, "请补充报废鉴定")
    assert dept.procurements.form(cid).reason == "旧机报废（附鉴定）"
    dept.procurements.save(cid, dept.procurements.form(cid), status=CaseStatus.DECLARED)
    _send(dept, off, tmp_path / "b.xxh", [cid])
    assert (off.procurements.get(cid).status, off.procurements.form(cid).reason) == \
        (CaseStatus.DECLARED, "旧机报废（附鉴定）")
