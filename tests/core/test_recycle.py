"""The 回收站: what a department may delete, what vanishes, what comes back, what goes for good."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from xxh_desktop import overview, recycle
from xxh_desktop.authority import NotPermitted
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import export_package
from xxh_desktop.excel.ledger import write_ledger_xlsx
from xxh_desktop.lifecycle import move_stage
from xxh_desktop.storage.schema import MIGRATIONS, RECYCLE, SCHEMA_VERSION
from xxh_desktop.workspace import Workspace

from accounts_support import one_per_role, sign_in_as
from builders import as_unit, new_project
from storage_support import database_at
from xxh_support import DEPT, PDF, declare, department

PROJECT, CASE = recycle.PROJECT, recycle.PROCUREMENT


@pytest.fixture
def dept(tmp_path: Path) -> Workspace:
    ws = department(tmp_path)
    yield ws
    if not ws.closed:
        ws.close()


def draft(ws: Workspace, name: str = "应急物资管理系统") -> str:
    pid = ws.projects.create(name, DEPT, 2027)
    ws.materials.attach(pid, "项目建设方案", "建设方案.pdf", PDF)
    ws.drafts.save("declaration", pid, {"project_name": name, "contact": "未保存的联系人"})
    return pid


def actions(ws: Workspace) -> list[tuple[str, str, str]]:
    return [(e.action, e.target, e.result) for e in ws.audit_log.entries()]


def test_a_draft_goes_to_the_bin_and_out_of_every_read(dept: Workspace, tmp_path: Path) -> None:
    pid = draft(dept)
    label = dept.projects.get(pid).label
    other = draft(dept, "另一个草稿")

    changes = recycle.trash(dept, PROJECT, pid)

    assert pid in changes.projects
    assert dept.projects.find(pid) is None and dept.projects.find(label) is None
    assert [p.id for p in dept.projects.all()] == [other]
    assert [s.id for s in dept.views.summaries()] == [other]
    assert dept.projects.count() == 1
    assert sum(dept.views.stage_counts().values()) == 1
    assert [c.id for c in overview.board_rows(dept)] == [other]
    assert overview.board_rows(dept, pid) == []
    assert [(i.kind, i.id, i.label) for i in recycle.items(dept)] == [(PROJECT, pid, label)]
    # Exports: the .xxh refuses it, the ledger leaves it out.
    with pytest.raises(XxhError, match="找不到"):
        export_package(dept, [label], tmp_path / "out.xxh")
    ledger = write_ledger_xlsx(dept, tmp_path / "台账.xlsx", made_on=date(2027, 6, 1))
    from openpyxl import load_workbook
    text = " ".join(str(c.value) for row in load_workbook(ledger).active.iter_rows() for c in row if c.value)
    assert "另一个草稿" in text and "应急物资管理系统" not in text


def test_restore_brings_it_back_with_its_materials_and_unsaved_typing(dept: Workspace) -> None:
    pid = draft(dept)
    recycle.trash(dept, PROJECT, pid)
    recycle.restore(dept, PROJECT, pid)
    assert dept.projects.get(pid).stage == Stage.DRAFT
    assert [m.kind for m in dept.materials.list(pid)] == ["项目建设方案"]
    assert dept.drafts.latest("declaration", pid).form["contact"] == "未保存的联系人"
    assert recycle.items(dept) == []
    assert [a[0] for a in actions(dept)][-2:] == ["移入回收站", "从回收站恢复"]


def test_permanent_delete_takes_everything_and_only_its_own_blobs(dept: Workspace) -> None:
    pid = draft(dept)
    keeper = draft(dept, "共用同一份方案")   # the same PDF: one blob, shared
    lonely = dept.projects.create("独有附件", DEPT, 2027)
    dept.materials.attach(lonely, "项目概算", "概算.pdf", b"%PDF-1.4 only mine")
    recycle.trash(dept, PROJECT, pid)
    recycle.trash(dept, PROJECT, lonely)
    with pytest.raises(XxhError, match="回收站中没有"):
        recycle.purge(dept, PROJECT, keeper)   # a live project is never purged

    recycle.purge(dept, PROJECT, pid)
    recycle.purge(dept, PROJECT, lonely)

    assert not dept.projects.exists(pid) and not dept.projects.exists(lonely)
    assert dept.drafts.latest("declaration", pid) is None
    assert dept.database.scalar("SELECT count(*) FROM declarations WHERE project_id IN (?, ?)", (pid, lonely)) == 0
    assert dept.database.scalar("SELECT count(*) FROM blobs") == 1        # the shared one stays
    assert dept.materials.blob(dept.materials.list(keeper)[0].sm3) == PDF
    assert [a[0] for a in actions(dept)][-2:] == ["永久删除", "永久删除"]
    assert dept.audit_log.report().problems == []


def test_a_procurement_draft_is_trashed_restored_and_purged(dept: Workspace) -> None:
    cid = dept.procurements.create(DEPT)
    dept.drafts.save("procurement", cid, {"reason": "旧电脑已损坏"})
    recycle.trash(dept, CASE, cid)
    assert dept.procurements.find(cid) is None and dept.procurements.list() == []
    assert [i.kind for i in recycle.items(dept)] == [CASE]
    recycle.restore(dept, CASE, cid)
    assert [c.id for c in dept.procurements.list()] == [cid]
    recycle.trash(dept, CASE, cid)
    recycle.purge(dept, CASE, cid)
    assert cid not in dept.procurements.ids()
    assert dept.drafts.latest("procurement", cid) is None


def test_submitted_and_exported_work_is_never_deleted(dept: Workspace, tmp_path: Path) -> None:
    pid = declare(dept)   # 已申报, not yet exported
    with pytest.raises(NotPermitted, match="已提交（已申报）.*撤回「草稿」"):
        recycle.trash(dept, PROJECT, pid)
    assert dept.projects.find(pid) is not None
    assert actions(dept)[-1][2].startswith("拒绝：第五条")

    export_package(dept, [pid], tmp_path / "申报.xxh")
    assert move_stage(dept, pid, Stage.DRAFT, on=date(2026, 9, 2), reason="补充材料").ok
    with pytest.raises(NotPermitted, match="已随交换文件（.xxh）导出.*已终止"):
        recycle.trash(dept, PROJECT, pid)

    cid = dept.procurements.create(DEPT)
    export_package(dept, [cid], tmp_path / "采购.xxh")
    with pytest.raises(NotPermitted, match="第五条第二款.*已随交换文件"):
        recycle.trash(dept, CASE, cid)
    assert recycle.items(dept) == []


def test_office_numbered_or_office_machine_records_are_not_deleted(ws: Workspace) -> None:
    numbered = new_project(ws, "已编号的草稿", DEPT, 2027, number="JZ-2027-009")
    with pytest.raises(NotPermitted, match="第五条：项目和采购申报由项目建设单位填报.*已终止"):
        recycle.trash(ws, PROJECT, numbered)   # the office's machine deletes nothing
    ws.settings.choose_side(Side.UNIT, DEPT)
    with pytest.raises(NotPermitted, match="第四条：项目「JZ-2027-009」已由县智慧办编号"):
        recycle.trash(ws, PROJECT, numbered)
    with as_unit(ws, "县教育体育局"):
        other = ws.projects.create("别的单位的草稿", "县教育体育局", 2027)
    with pytest.raises(NotPermitted, match="第五条：项目建设单位只能办理本单位"):
        recycle.trash(ws, PROJECT, other)


def test_the_role_is_entry(dept: Workspace) -> None:
    pid = draft(dept)
    one_per_role(dept)
    sign_in_as(dept, Role.AUDIT)
    with pytest.raises(NotPermitted, match="需要「业务录入」角色"):
        recycle.trash(dept, PROJECT, pid)
    sign_in_as(dept, Role.ENTRY)
    recycle.trash(dept, PROJECT, pid)
    sign_in_as(dept, Role.REVIEW)
    with pytest.raises(NotPermitted, match="需要「业务录入」角色"):
        recycle.purge(dept, PROJECT, pid)
    assert dept.projects.exists(pid)


def test_an_older_database_upgrades_with_nothing_in_the_bin(tmp_path: Path) -> None:
    path = database_at(tmp_path / "old.db", MIGRATIONS.index(RECYCLE))
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO units (name) VALUES ('县应急管理局')")
    conn.execute("INSERT INTO projects (id, name, unit_id, year, stage, created_at, updated_at) "
                 "VALUES ('p1', '旧项目', 1, 2026, '草稿', '2026-01-01', '2026-01-01')")
    conn.commit()
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert [p.name for p in ws.projects.all()] == ["旧项目"]
        assert recycle.items(ws) == []


def test_the_cli_list_leaves_the_bin_out(dept: Workspace) -> None:
    from test_cli import xxh

    kept, gone = draft(dept, "留下的草稿"), draft(dept, "删掉的草稿")
    recycle.trash(dept, PROJECT, gone)
    result = xxh("--db", str(dept.path), "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{dept.projects.get(kept).label}\t留下的草稿\t{DEPT}\t草稿\t"]


def test_the_plan_and_the_dashboard_sums_leave_a_trashed_record_out(ws: Workspace) -> None:
    # Only unsent drafts reach the bin through `recycle`; the owner's filter holds for any record.
    planned = new_project(ws, "列入计划的项目", DEPT, 2027, stage=Stage.APPROVED, plan_year=2027)
    assert [s.id for s in ws.views.in_plan(2027)] == [planned]
    ws.projects.set_trashed(planned, "2027-01-01T00:00:00+08:00")
    assert ws.views.in_plan(2027) == []
    assert ws.views.investment_by_unit(()) == {}
    assert ws.views.investment_by_year(()) == {}
