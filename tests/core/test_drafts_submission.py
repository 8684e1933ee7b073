"""Drafts keep what was typed unvalidated; submission validates, stores 已申报, clears drafts.

Forms are typed and handed in by the department (项目建设单位); the `ws`
fixture is the office's machine, so each step runs as the unit whose form it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xxh_desktop import procurement_review
from xxh_desktop.domain.form_data import declaration_to_form, procurement_to_form
from xxh_desktop.domain.materials import declaration_kinds
from xxh_desktop.domain.stages import CaseStatus, SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.lifecycle import set_side_state
from xxh_desktop.storage.drafts import KEEP_REVISIONS
from xxh_desktop.submission import (
    FormInvalid, declaration_problems, submit_declaration, submit_procurement,
)

from builders import as_unit, new_case, new_project

pytestmark = pytest.mark.usefixtures("late_today")
from form_samples import good_declaration, good_procurement

UNIT = "金寨县数据资源局"
PC_UNIT = "金寨县教育局"


def test_draft_keeps_invalid_text(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027)
    form = declaration_to_form(good_declaration())
    form["investment"] = "两百万"
    with as_unit(ws, UNIT):
        ws.drafts.save("declaration", pid, form)
    draft = ws.drafts.latest("declaration", pid)
    assert draft is not None and draft.form["investment"] == "两百万"
    assert draft.saved_by == "测试员"
    assert ws.declarations.status(pid) == "草稿"


def test_identical_drafts_are_stored_once_and_old_ones_pruned(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027)
    with as_unit(ws, UNIT):
        first = ws.drafts.save("declaration", pid, {"leader": "张"})
        assert ws.drafts.save("declaration", pid, {"leader": "张"}) == first
        for i in range(KEEP_REVISIONS + 5):
            ws.drafts.save("declaration", pid, {"leader": f"张{i}"})
        assert ws.drafts.count("declaration", pid) == KEEP_REVISIONS
        assert ws.drafts.latest("declaration", pid).form == {"leader": f"张{KEEP_REVISIONS + 4}"}
        ws.drafts.clear("declaration", pid)
    assert ws.drafts.latest("declaration", pid) is None


def test_unknown_draft_kind_refused(ws) -> None:
    with pytest.raises(XxhError, match="未知的草稿类别"), as_unit(ws, UNIT):
        ws.drafts.save("plan", "x", {})


def _attach_all(ws, pid: str, existing: bool = False) -> None:
    with as_unit(ws, UNIT):
        for kind in declaration_kinds(existing):
            ws.materials.attach(pid, kind, f"{kind}.pdf", kind.encode())


def test_submit_refuses_with_every_problem_and_writes_nothing(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027)
    decl = good_declaration(fund_self=None, phone="123")
    with as_unit(ws, UNIT):
        ws.drafts.save("declaration", pid, {"leader": "张三"})
        with pytest.raises(FormInvalid) as info:
            submit_declaration(ws, pid, decl)
    fields = {p.field for p in info.value.problems}
    assert {"phone", "funds"} <= fields
    assert {f"materials.{k}" for k in declaration_kinds(False)} <= fields
    assert "第八条" in str(info.value)
    assert ws.declarations.status(pid) == "草稿"
    assert ws.declarations.get(pid).leader == ""
    assert ws.drafts.latest("declaration", pid) is not None


def test_submit_stores_submitted_and_clears_drafts(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027)
    _attach_all(ws, pid)
    with as_unit(ws, UNIT):
        ws.materials.waive(pid, "项目可行性研究报告", "投资额较小，以建设方案代替")
        ws.drafts.save("declaration", pid, {"leader": "张三"})
        assert declaration_problems(ws, pid)  # the stored form is still empty
        submit_declaration(ws, pid, good_declaration())
    assert ws.declarations.status(pid) == "已申报"
    assert ws.declarations.get(pid).investment == Decimal("200")
    assert ws.drafts.latest("declaration", pid) is None
    assert declaration_problems(ws, pid) == []


def test_existing_system_needs_its_resources_material(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027, is_existing_system=True)
    _attach_all(ws, pid, existing=False)
    with pytest.raises(FormInvalid) as info, as_unit(ws, UNIT):
        submit_declaration(ws, pid, good_declaration(is_existing_system=True))
    assert [p.field for p in info.value.problems] == ["materials.现有软硬件资源情况"]


def test_submit_procurement(ws) -> None:
    cid = new_case(ws, PC_UNIT, year=2026)
    with as_unit(ws, PC_UNIT):
        ws.drafts.save("procurement", cid, procurement_to_form(good_procurement()))
        with pytest.raises(FormInvalid) as info:
            submit_procurement(ws, cid, good_procurement(fund_budget=Decimal("1")))
        assert [p.field for p in info.value.problems] == ["funds"]
        assert ws.procurements.get(cid).status == CaseStatus.DRAFT
        submit_procurement(ws, cid, good_procurement())
    assert ws.procurements.get(cid).status == CaseStatus.DECLARED
    assert ws.procurements.form(cid).total == Decimal("16007.05")
    assert ws.drafts.latest("procurement", cid) is None


def test_procurement_in_review_cannot_be_resubmitted(ws) -> None:
    cid = new_case(ws, PC_UNIT, year=2026)
    with as_unit(ws, PC_UNIT):
        submit_procurement(ws, cid, good_procurement())
    procurement_review.start_review(ws, cid)   # ws is the office's machine
    with pytest.raises(XxhError, match="审核中"), as_unit(ws, PC_UNIT):
        submit_procurement(ws, cid, good_procurement(reason="再次申报"))
    assert ws.procurements.form(cid).reason == good_procurement().reason


def test_declaration_locked_while_the_office_reviews_it(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027, stage=Stage.REVIEWING)
    _attach_all(ws, pid)
    with pytest.raises(XxhError, match="第九条"), as_unit(ws, UNIT):
        submit_declaration(ws, pid, good_declaration())
    assert ws.declarations.status(pid) == "草稿"
    # the office returns it for supplements (第九条): editable again
    assert set_side_state(ws, pid, SideState.RETURNED, on=date(2027, 3, 1), reason="材料不全",
                          supply_list="1. 项目概算明细").ok
    with as_unit(ws, UNIT):
        submit_declaration(ws, pid, good_declaration())
    assert ws.declarations.status(pid) == "已申报"


def test_project_number_works_as_well_as_the_uuid(ws) -> None:
    pid = new_project(ws, "共享平台", UNIT, 2027)
    number = ws.projects.get(pid).number
    _attach_all(ws, pid)
    assert declaration_problems(ws, number) == declaration_problems(ws, pid) != []
    with as_unit(ws, UNIT):
        submit_declaration(ws, number, good_declaration())
    assert ws.declarations.status(pid) == "已申报"


def test_a_record_updated_in_the_same_second_as_the_draft_wins(ws, monkeypatch: pytest.MonkeyPatch) -> None:
    # Timestamps have whole seconds: the form saved (another window, an import) in the second
    # the draft was saved in must not be hidden (and later overwritten) by the older typing.
    from xxh_desktop.storage import declarations as declarations_module

    pid = new_project(ws, "同一秒", UNIT, 2026)
    with as_unit(ws, UNIT):
        ws.drafts.save("declaration", pid, {"content": "之前录入的内容"})
        saved_at = ws.drafts.latest("declaration", pid).saved_at
        monkeypatch.setattr(declarations_module, "now_iso", lambda: saved_at)
        ws.declarations.save(pid, good_declaration(content="同一秒保存的内容"))
    assert ws.declarations.revision(pid)[1] == saved_at
    shown, aside = ws.drafts.usable("declaration", pid)
    assert shown is None and aside is not None
