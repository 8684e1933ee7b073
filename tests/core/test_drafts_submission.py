"""Drafts keep what was typed unvalidated; submission validates, stores 已申报, clears drafts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xxh_desktop.domain.form_data import declaration_to_form, procurement_to_form
from xxh_desktop.domain.materials import declaration_kinds
from xxh_desktop.drafts import KEEP_REVISIONS, clear_drafts, draft_count, latest_draft, save_draft
from xxh_desktop.errors import XxhError
from xxh_desktop.submission import (
    FormInvalid, declaration_problems, submit_declaration, submit_procurement,
)

from form_samples import good_declaration, good_procurement


def test_draft_keeps_invalid_text(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027)
    form = declaration_to_form(good_declaration())
    form["investment"] = "两百万"
    save_draft(ws, "declaration", pid, form)
    draft = latest_draft(ws, "declaration", pid)
    assert draft is not None and draft.form["investment"] == "两百万"
    assert draft.saved_by == "测试员"
    assert ws.declaration_status(pid) == "草稿"


def test_identical_drafts_are_stored_once_and_old_ones_pruned(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027)
    first = save_draft(ws, "declaration", pid, {"leader": "张"})
    assert save_draft(ws, "declaration", pid, {"leader": "张"}) == first
    for i in range(KEEP_REVISIONS + 5):
        save_draft(ws, "declaration", pid, {"leader": f"张{i}"})
    assert draft_count(ws, "declaration", pid) == KEEP_REVISIONS
    assert latest_draft(ws, "declaration", pid).form == {"leader": f"张{KEEP_REVISIONS + 4}"}
    clear_drafts(ws, "declaration", pid)
    assert latest_draft(ws, "declaration", pid) is None


def test_unknown_draft_kind_refused(ws) -> None:
    with pytest.raises(XxhError):
        save_draft(ws, "plan", "x", {})


def _attach_all(ws, pid: str, existing: bool = False) -> None:
    for kind in declaration_kinds(existing):
        ws.add_material(pid, kind, f"{kind}.pdf", kind.encode())


def test_submit_refuses_with_every_problem_and_writes_nothing(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027)
    save_draft(ws, "declaration", pid, {"leader": "张三"})
    decl = good_declaration(fund_self=None, phone="123")
    with pytest.raises(FormInvalid) as info:
        submit_declaration(ws, pid, decl)
    fields = {p.field for p in info.value.problems}
    assert {"phone", "funds"} <= fields
    assert {f"materials.{k}" for k in declaration_kinds(False)} <= fields
    assert "第八条" in str(info.value)
    assert ws.declaration_status(pid) == "草稿"
    assert ws.load_declaration(pid).leader == ""
    assert latest_draft(ws, "declaration", pid) is not None


def test_submit_stores_submitted_and_clears_drafts(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027)
    _attach_all(ws, pid)
    ws.waive_material(pid, "项目可行性研究报告", "投资额较小，以建设方案代替")
    save_draft(ws, "declaration", pid, {"leader": "张三"})
    assert declaration_problems(ws, pid)  # the stored form is still empty
    submit_declaration(ws, pid, good_declaration())
    assert ws.declaration_status(pid) == "已申报"
    assert ws.load_declaration(pid).investment == Decimal("200")
    assert latest_draft(ws, "declaration", pid) is None
    assert declaration_problems(ws, pid) == []


def test_existing_system_needs_its_resources_material(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027, is_existing_system=True)
    _attach_all(ws, pid, existing=False)
    with pytest.raises(FormInvalid) as info:
        submit_declaration(ws, pid, good_declaration(is_existing_system=True))
    assert [p.field for p in info.value.problems] == ["materials.现有软硬件资源情况"]


def test_submit_procurement(ws) -> None:
    cid = ws.create_procurement("金寨县教育局", year=2026)
    save_draft(ws, "procurement", cid, procurement_to_form(good_procurement()))
    with pytest.raises(FormInvalid) as info:
        submit_procurement(ws, cid, good_procurement(fund_budget=Decimal("1")))
    assert [p.field for p in info.value.problems] == ["funds"]
    assert ws.procurement_row(cid)["status"] == "草稿"
    submit_procurement(ws, cid, good_procurement())
    assert ws.procurement_row(cid)["status"] == "已申报"
    assert ws.load_procurement(cid).total == Decimal("16007.05")
    assert latest_draft(ws, "procurement", cid) is None


def test_procurement_in_review_cannot_be_resubmitted(ws) -> None:
    cid = ws.create_procurement("金寨县教育局", year=2026)
    ws.update("procurements", {"id": cid}, {"status": "审核中"})
    with pytest.raises(XxhError, match="审核中"):
        submit_procurement(ws, cid, good_procurement())


def test_declaration_locked_while_the_office_reviews_it(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027)
    _attach_all(ws, pid)
    ws.update("projects", {"id": pid}, {"stage": "审核中"})
    with pytest.raises(XxhError, match="第九条"):
        submit_declaration(ws, pid, good_declaration())
    assert ws.declaration_status(pid) == "草稿"
    ws.update("projects", {"id": pid}, {"side_state": "退回补充"})  # returned: editable again
    submit_declaration(ws, pid, good_declaration())
    assert ws.declaration_status(pid) == "已申报"


def test_project_number_works_as_well_as_the_uuid(ws) -> None:
    pid = ws.create_project("共享平台", "金寨县数据资源局", 2027)
    number = ws.project(pid)["number"]
    _attach_all(ws, pid)
    assert declaration_problems(ws, number) == declaration_problems(ws, pid) != []
    submit_declaration(ws, number, good_declaration())
    assert ws.declaration_status(pid) == "已申报"


def test_a_record_updated_in_the_same_second_as_the_draft_wins(ws) -> None:
    # Timestamps have whole seconds: an import landing in the second the draft was saved
    # must not be hidden (and later overwritten) by the older typing.
    from xxh_desktop.drafts import usable_draft

    pid = ws.create_project("同一秒", "县民政局", 2026)
    save_draft(ws, "declaration", pid, {"content": "导入前录入的内容"})
    saved_at = latest_draft(ws, "declaration", pid).saved_at
    with ws.transaction():
        ws.execute("UPDATE declarations SET updated_at = ?, content = ?, revision = revision + 1 "
                   "WHERE project_id = ?", (saved_at, "县智慧办导入的内容", pid))   # as exchange.store does
    shown, aside = usable_draft(ws, "declaration", pid)
    assert shown is None and aside is not None
