"""Department → office → department across two databases: the USB round trip (PRODUCT.md §8).

Each machine writes only what its side owns: the department its declaration,
materials and construction facts, the office its review, stages and
approvals. An import writes through the same owners, as the file's sender.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from xxh_support import DEPT, PDF, db_state, declare, department, machine, office, review

from xxh_desktop import cli, lifecycle
from xxh_desktop.authority import NotPermitted
from xxh_desktop.demo import SEED
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.review_items import ITEMS
from xxh_desktop.domain.stages import CaseStatus, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import (
    CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, UPDATE, apply_import, export_package, preview_import,
)
from xxh_desktop.exchange import importer
from xxh_desktop.workspace import Workspace

from builders import new_project


@pytest.fixture
def two(tmp_path: Path):
    dept, off = department(tmp_path), office(tmp_path)
    yield dept, off
    for ws in (dept, off):
        if not ws.closed:
            ws.close()


def _send(src: Workspace, dst: Workspace, path: Path, keys=("JZ-2027-001",), **apply):
    export_package(src, list(keys), path)
    preview = preview_import(dst, path)
    return preview, apply_import(dst, preview, **apply)


def _start_review(off: Workspace, pid: str) -> None:
    assert lifecycle.move_stage(off, pid, Stage.REVIEWING, on=date(2026, 9, 20)).ok


def test_declaration_goes_to_the_office_and_the_review_comes_back(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    preview, result = _send(dept, off, tmp_path / "申报.xxh")
    assert [(r.status, r.number) for r in preview.records] == [(NEW, "JZ-2027-001")]
    assert preview.sender_unit == DEPT and preview.purpose == "申报"
    assert result.counts["新增"] == 1 and result.backup_path is not None and result.backup_path.exists()
    # attachments arrive byte-exact, waived materials keep their reason
    mats = off.materials.by_kind(pid)
    assert off.materials.blob(mats["项目建设方案"].sm3) == PDF
    assert mats["项目可行性研究报告"].waived_reason == "投资额较小，以建设方案代替"
    assert off.projects.get(pid).unit == DEPT and off.projects.get(pid).stage == Stage.DECLARED
    assert off.declarations.get(pid).leader == "张三"
    assert off.check() == []

    review(off, pid)
    preview, result = _send(off, dept, tmp_path / "审核反馈.xxh")
    assert [r.status for r in preview.records] == [UPDATE]
    assert preview.purpose == "审核反馈"
    changed = {f.key for f in preview.records[0].fields}
    assert {"project.stage", "opinion", "checklist.security"} <= changed
    assert dept.projects.get(pid).stage == Stage.AWAITING_APPROVAL
    opinion = dept.opinions.get(pid)
    assert opinion.conclusion == "同意" and opinion.text == "同意建设。"
    assert len(dept.checklist.of(pid)) == len(ITEMS) == 11
    assert [h.to_stage for h in dept.history.list(pid)] == [Stage.DECLARED, Stage.REVIEWING, Stage.AWAITING_APPROVAL]
    assert dept.materials.blob(dept.materials.list(pid)[0].sm3) == PDF
    assert dept.check() == [] and off.check() == []

    # and again: the department supplies a new version, the office takes it in
    dept.materials.attach(pid, "项目概算", "概算.xlsx", b"PK\x03\x04 budget")
    preview, _ = _send(dept, off, tmp_path / "补充.xxh")
    assert [r.status for r in preview.records] == [UPDATE]
    assert [f.key for f in preview.records[0].fields] == ["materials.项目概算"]
    assert off.materials.blob(off.materials.by_kind(pid)["项目概算"].sm3) == b"PK\x03\x04 budget"
    # the office still has its review: nothing of it was lost
    assert off.opinions.get(pid).conclusion == "同意"


def test_the_same_file_twice_changes_nothing(two, tmp_path: Path) -> None:
    dept, off = two
    declare(dept)
    path = tmp_path / "a.xxh"
    _send(dept, off, path)
    before = db_state(off)
    again = preview_import(off, path)
    assert again.already_imported_at
    result = apply_import(off, again)
    assert result.message.startswith("此文件已于 ") and "导入" in result.message and not result.changed
    assert db_state(off) == before


def test_a_copy_sent_again_is_unchanged_and_an_older_file_is_ignored(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh")
    export_package(dept, ["JZ-2027-001"], tmp_path / "v1-again.xxh")
    assert [r.status for r in preview_import(off, tmp_path / "v1-again.xxh").records] == [UNCHANGED]

    old = tmp_path / "old.xxh"          # exported, then superseded before it was carried
    dept.projects.update(pid, {"responsible_person": "王五"})
    export_package(dept, ["JZ-2027-001"], old)
    dept.projects.update(pid, {"responsible_person": "赵六"})
    _send(dept, off, tmp_path / "new.xxh")
    assert off.projects.get(pid).responsible_person == "赵六"
    preview = preview_import(off, old)
    assert [r.status for r in preview.records] == [OLDER]
    apply_import(off, preview)
    assert off.projects.get(pid).responsible_person == "赵六"   # an older revision never overwrites a newer one


def _both_edit(dept: Workspace, off: Workspace, tmp_path: Path) -> tuple[str, Path]:
    """After the first exchange the department names its people (its facts) while the
    office starts the review (its stage): both changed the record since they last met."""
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh")
    dept.projects.update(pid, {"responsible_person": "单位改的人", "supplier": "单位改的供应商"})
    _start_review(off, pid)
    path = tmp_path / "conflict.xxh"
    export_package(dept, ["JZ-2027-001"], path)
    return pid, path


def test_both_sides_changed_is_a_conflict_and_ask_refuses_to_guess(two, tmp_path: Path) -> None:
    dept, off = two
    pid, path = _both_edit(dept, off, tmp_path)
    preview = preview_import(off, path)
    [rec] = preview.records
    assert rec.status == CONFLICT
    diffs = {f.key: (f.mine, f.theirs) for f in rec.fields}
    assert diffs["project.responsible_person"] == ("（空）", "单位改的人")
    assert diffs["project.stage"] == ("审核中", "已申报")
    before = db_state(off)
    with pytest.raises(XxhError, match="--on-conflict keep"):
        apply_import(off, preview)
    assert db_state(off) == before


def test_keeping_ours_keeps_our_own_fields_and_the_answer_goes_back_as_an_update(two, tmp_path: Path) -> None:
    # 保留本机 keeps what this side owns (the office's stage); the department's own facts
    # follow their owner, else the office's answer would carry the department's old
    # 项目责任人 back, and the department would have to refuse the whole file.
    dept, off = two
    pid, path = _both_edit(dept, off, tmp_path)
    result = apply_import(off, preview_import(off, path), on_conflict="keep")
    assert result.counts["合并"] == 1
    p = off.projects.get(pid)
    assert (p.stage, p.responsible_person, p.supplier) == (Stage.REVIEWING, "单位改的人", "单位改的供应商")
    # the office's decision travels back and the department takes it as an update, not a new conflict
    preview, _ = _send(off, dept, tmp_path / "back.xxh")
    assert [r.status for r in preview.records] == [UPDATE]
    assert [f.key for f in preview.records[0].fields] == ["project.stage"]
    p = dept.projects.get(pid)
    assert (p.stage, p.responsible_person) == (Stage.REVIEWING, "单位改的人")


def test_taking_theirs_cannot_undo_the_offices_own_move(two, tmp_path: Path) -> None:
    dept, off = two
    pid, path = _both_edit(dept, off, tmp_path)
    apply_import(off, preview_import(off, path), on_conflict="theirs")
    p = off.projects.get(pid)
    assert (p.responsible_person, p.supplier) == ("单位改的人", "单位改的供应商")
    assert p.stage == Stage.REVIEWING   # 第九条: the review the office started is the office's
    # the department's next edit, not yet knowing of the review, meets it again
    dept.projects.update(pid, {"contract_amount": Decimal("99")})
    preview, _ = _send(dept, off, tmp_path / "next.xxh", on_conflict="theirs")
    [rec] = preview.records
    assert rec.status == CONFLICT
    assert {f.key: f.suggestion for f in rec.fields} == {"project.stage": MINE, "project.contract_amount": THEIRS}
    p = off.projects.get(pid)
    assert (p.stage, p.contract_amount) == (Stage.REVIEWING, Decimal("99"))


def test_conflict_resolved_field_by_field(two, tmp_path: Path) -> None:
    dept, off = two
    pid, path = _both_edit(dept, off, tmp_path)
    preview = preview_import(off, path)
    # the clerk tries to keep the old 项目责任人 and to take the department's stage: neither is the office's to
    # choose — 项目责任人 is the department's (第十二条), the stage past 已申报 the office's (第九条)
    choice = {"project.responsible_person": MINE, "project.supplier": THEIRS, "project.stage": THEIRS}
    result = apply_import(off, preview, {pid: choice})
    assert result.counts["合并"] == 1
    p = off.projects.get(pid)
    assert (p.responsible_person, p.supplier, p.stage) == ("单位改的人", "单位改的供应商", Stage.REVIEWING)
    # the merged version beats both: the department takes it in whole
    preview, _ = _send(off, dept, tmp_path / "merged.xxh")
    assert [r.status for r in preview.records] == [UPDATE]
    p = dept.projects.get(pid)
    assert (p.responsible_person, p.supplier, p.stage) == ("单位改的人", "单位改的供应商", Stage.REVIEWING)


def test_stage_history_of_both_sides_is_kept(two, tmp_path: Path) -> None:
    dept, off = two
    pid, _ = _both_edit(dept, off, tmp_path)
    dept.history.add(pid, Stage.DECLARED, Stage.DECLARED, on=date(2026, 10, 1), event="单位记录",
                     at="2026-10-01T08:00:00+08:00")
    path = export_package(dept, ["JZ-2027-001"], tmp_path / "history.xxh").path
    apply_import(off, preview_import(off, path), on_conflict="theirs")
    assert [h.event for h in off.history.list(pid)] == ["申报", "开始审核", "单位记录"]
    preview, _ = _send(off, dept, tmp_path / "back.xxh")
    assert sorted(h.event for h in dept.history.list(pid)) == ["单位记录", "开始审核", "申报"]


def test_new_material_without_revision_bump_still_counts_as_an_edit(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh")
    lifecycle.update_facts(off, pid, {"plan_year": 2027})
    dept.materials.attach(pid, "项目概算", "概算.pdf", b"%PDF budget")   # bumps no revision by itself
    preview = preview_import(off, export_package(dept, ["JZ-2027-001"], tmp_path / "v2.xxh").path)
    assert [r.status for r in preview.records] == [CONFLICT]


def test_office_renumbers_an_incoming_project_whose_number_is_taken(two, tmp_path: Path) -> None:
    dept, off = two
    new_project(off, "智慧办已有的项目", "县民政局", 2027, number="JZ-2027-001")
    pid = declare(dept)
    preview, _ = _send(dept, off, tmp_path / "a.xxh")
    assert "改为 JZ-2027-002" in preview.records[0].notes[-1]
    assert off.projects.get(pid).number == "JZ-2027-002"
    # the department sends again before it knows: the office keeps the number it gave
    dept.projects.update(pid, {"responsible_person": "王五"})
    preview, _ = _send(dept, off, tmp_path / "again.xxh", on_conflict="theirs")
    assert "保留本机编号 JZ-2027-002" in " ".join(preview.records[0].notes)
    assert off.projects.get(pid).number == "JZ-2027-002" and off.projects.get(pid).responsible_person == "王五"
    _send(off, dept, tmp_path / "b.xxh", keys=("JZ-2027-002",))
    assert dept.projects.get(pid).number == "JZ-2027-002"


def test_procurement_case_round_trip(two, tmp_path: Path) -> None:
    from xxh_desktop import procurement_review
    from xxh_desktop.domain.procurement import Procurement, ProcurementItem

    dept, off = two
    cid = dept.procurements.create(DEPT, number="CG-2027-001", year=2027)
    dept.procurements.save(cid, Procurement(applicant_unit=DEPT, items=[
        ProcurementItem("台式计算机", "国产 i5/16G", 3, Decimal("4999.50"))], reason="旧机报废"),
        status=CaseStatus.DECLARED)
    preview, _ = _send(dept, off, tmp_path / "cg.xxh", keys=("CG-2027-001",))
    assert [(r.kind, r.status) for r in preview.records] == [("procurement", NEW)]
    assert off.procurements.form("CG-2027-001").items[0].unit_price == Decimal("4999.50")
    procurement_review.start_review(off, cid)
    procurement_review.decide(off, cid, CaseStatus.PASSED, "同意采购", on=date(2027, 3, 5))
    _send(off, dept, tmp_path / "cg-back.xxh", keys=("CG-2027-001",))
    row = dept.procurements.get("CG-2027-001")
    assert (row.status, row.review_opinion, row.reviewed_on) == (CaseStatus.PASSED, "同意采购", date(2027, 3, 5))


def test_cli_export_and_import(two, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dept, off = two
    declare(dept)
    dept_db, off_db = str(dept.path), str(off.path)
    dept.close()
    off.close()
    out = tmp_path / "usb" / "申报.xxh"
    out.parent.mkdir()
    assert cli.main(["--db", dept_db, "export-xxh", "JZ-2027-001", "--out", str(out)]) == 0
    assert "文件 SM3" in capsys.readouterr().out
    assert cli.main(["--db", off_db, "import-xxh", str(out), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "[新增] 项目 JZ-2027-001" in text and "签名密钥指纹" in text
    assert cli.main(["--db", off_db, "import-xxh", str(out)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert cli.main(["--db", off_db, "import-xxh", str(out), "--yes"]) == 0
    assert "导入完成：新增 1" in capsys.readouterr().out
    assert cli.main(["--db", off_db, "import-xxh", str(out), "--yes"]) == 0
    assert "此文件已于" in capsys.readouterr().out
    with Workspace.open(off_db) as ws:
        assert [p.number for p in ws.projects.all()] == ["JZ-2027-001"]


def test_cli_conflict_under_ask_names_the_options(two, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dept, off = two
    _, path = _both_edit(dept, off, tmp_path)
    off_db = str(off.path)
    off.close()
    assert cli.main(["--db", off_db, "import-xxh", str(path), "--yes"]) == 1
    captured = capsys.readouterr()
    assert "[冲突]" in captured.out and "--on-conflict keep" in captured.err
    assert cli.main(["--db", off_db, "import-xxh", str(path), "--yes", "--on-conflict", "theirs"]) == 0
    with Workspace.open(off_db) as ws:
        assert ws.projects.get("JZ-2027-001").responsible_person == "单位改的人"


def test_conflict_says_who_changed_each_field(two, tmp_path: Path) -> None:
    dept, off = two
    pid, _ = _both_edit(dept, off, tmp_path)
    # the department also withdraws its declaration (第五条: its own move) while the office reviews it
    assert lifecycle.move_stage(dept, pid, Stage.DRAFT, on=date(2026, 9, 21), reason="补充概算后再申报").ok
    path = export_package(dept, ["JZ-2027-001"], tmp_path / "withdrawn.xxh").path
    [rec] = preview_import(off, path).records
    by = {f.key: f.changed_by for f in rec.fields}
    assert by["project.stage"] == "双方都改过"
    assert by["project.supplier"] == "对方改过"
    assert by["declaration.status"] == "对方改过"
    suggested = {f.key: f.suggestion for f in rec.fields}
    assert suggested["project.supplier"] == THEIRS and suggested["project.stage"] is None
    # whatever the clerk picks, the stage under review stays the office's
    apply_import(off, preview_import(off, path), {pid: {"project.stage": THEIRS}})
    assert off.projects.get(pid).stage == Stage.REVIEWING


def test_review_crossing_a_department_edit_suggests_a_clean_merge(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh")
    review(off, pid)                                             # the office reviews ...
    dept.projects.update(pid, {"responsible_person": "王五"})    # ... while the department fixes a detail
    answer = export_package(off, ["JZ-2027-001"], tmp_path / "review.xxh").path
    [rec] = preview_import(dept, answer).records
    assert rec.status == CONFLICT
    suggested = {f.key: f.suggestion for f in rec.fields}
    assert suggested["project.responsible_person"] == MINE
    assert suggested["project.stage"] == THEIRS and suggested["opinion"] == THEIRS
    assert None not in suggested.values()
    apply_import(dept, preview_import(dept, answer), {pid: suggested})
    p = dept.projects.get(pid)
    assert (p.responsible_person, p.stage) == ("王五", Stage.AWAITING_APPROVAL)
    # the merged version goes back and the office takes it in as an update
    preview, _ = _send(dept, off, tmp_path / "merged.xxh")
    assert [r.status for r in preview.records] == [UPDATE]
    assert off.projects.get(pid).responsible_person == "王五"


def test_a_department_cannot_send_another_units_project(two, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.exchange import export as export_module

    dept, off = two
    pid = declare(dept)
    _send(dept, off, tmp_path / "v1.xxh")
    # another department somehow holds the same project (copied in as the demo loader writes)
    other = machine(tmp_path / "other" / "xxh.db", Side.UNIT, "县教育局")
    copy = export_package(off, ["JZ-2027-001"], tmp_path / "o.xxh").path
    with monkeypatch.context() as m:
        m.setattr(importer, "sender_actor", lambda preview: SEED)
        apply_import(other, preview_import(other, copy))
    with pytest.raises(NotPermitted, match="第五条：项目建设单位只能办理本单位（县教育局）的项目"):
        other.projects.update(pid, {"supplier": "县教育局想要的供应商"})
    with pytest.raises(XxhError, match="只能报送本单位（县教育局）的项目.*JZ-2027-001"):
        export_package(other, ["JZ-2027-001"], tmp_path / "refused.xxh")
    assert not (tmp_path / "refused.xxh").exists()
    # a modified program would write it anyway: the office still refuses the file
    monkeypatch.setattr(export_module, "_refuse_other_units", lambda *args: None)
    forged = export_package(other, ["JZ-2027-001"], tmp_path / "forged.xxh").path
    before = db_state(off)
    with pytest.raises(XxhError, match="文件由「县教育局」发出，却含有「县应急管理局」的记录 JZ-2027-001"):
        preview_import(off, forged)
    assert db_state(off) == before
    other.close()


def test_the_whole_demo_data_set_travels(demo_ws: Workspace, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Every column of every record of a full data set survives the format. No single
    # sender owns all of it (the authority tests judge who may send what), so the
    # receiving machine takes the file in as the demo loader writes.
    from xxh_desktop.exchange.records import collect_procurement, collect_project

    keys = [p.number for p in demo_ws.projects.all()] + [c.number for c in demo_ws.procurements.list()]
    result = export_package(demo_ws, keys, tmp_path / "all.xxh")
    dept = machine(tmp_path / "d" / "xxh.db", Side.UNIT, DEPT)
    preview = preview_import(dept, result.path)
    assert {r.status for r in preview.records} == {NEW} and len(preview.records) == len(keys)
    monkeypatch.setattr(importer, "sender_actor", lambda preview: SEED)
    apply_import(dept, preview)
    for row in demo_ws.projects.all():
        mine, theirs = collect_project(demo_ws, row.id), collect_project(dept, row.id)
        assert {k: v for k, v in mine.items() if "revision" not in k} == \
               {k: v for k, v in theirs.items() if "revision" not in k}
    for case in demo_ws.procurements.list():
        mine, theirs = collect_procurement(demo_ws, case.id), collect_procurement(dept, case.id)
        assert {k: v for k, v in mine.items() if "revision" not in k} == \
               {k: v for k, v in theirs.items() if "revision" not in k}
    assert dept.check() == []
    dept.close()


def test_many_round_trips_leave_no_duplicate_and_lose_no_edit(two, tmp_path: Path) -> None:
    dept, off = two
    pid = declare(dept)
    for cycle in range(4):
        dept.projects.update(pid, {"responsible_person": f"单位第{cycle}次"})
        dept.history.add(pid, Stage.DECLARED, Stage.DECLARED, on=date(2026, 9, 1), event=f"单位{cycle}",
                         at=f"2026-09-0{cycle + 2}T09:00:00+08:00")
        preview, _ = _send(dept, off, tmp_path / f"up{cycle}.xxh")
        assert [r.status for r in preview.records] == [NEW if cycle == 0 else UPDATE]
        lifecycle.update_facts(off, pid, {"approval_doc_no": f"智慧办第{cycle}次"})
        preview, _ = _send(off, dept, tmp_path / f"down{cycle}.xxh")
        assert [r.status for r in preview.records] == [UPDATE]
        for ws in (dept, off):
            p = ws.projects.get(pid)
            assert (p.responsible_person, p.approval_doc_no) == (f"单位第{cycle}次", f"智慧办第{cycle}次")
            assert ws.projects.count() == 1
            assert [h.event for h in ws.history.list(pid)] == ["申报", *(f"单位{i}" for i in range(cycle + 1))]
            assert len(ws.materials.list(pid)) == 2
            assert ws.check() == []


def test_a_local_edit_after_the_preview_is_not_overwritten_unseen(two, tmp_path: Path) -> None:
    # The clerk chose 「采用对方」 for a conflict as shown; an edit made here after the
    # preview (the status stays 冲突) was never shown, so applying must refuse, not overwrite it.
    dept, off = two
    pid, path = _both_edit(dept, off, tmp_path)
    preview = preview_import(off, path)
    assert [r.status for r in preview.records] == [CONFLICT]
    lifecycle.update_facts(off, pid, {"plan_year": 2027})
    before = db_state(off)
    with pytest.raises(XxhError, match="重新打开导入预览"):
        apply_import(off, preview, {pid: THEIRS})
    assert db_state(off) == before
    assert off.projects.get(pid).plan_year == 2027
