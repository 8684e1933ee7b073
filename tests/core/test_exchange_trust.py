"""Hostile packages that are validly signed (issue 11): a .xxh can only say what its sender may say.

Every file here is a real package edited as an attacker who has read
docs/xxh-format.md would, its versions made to agree with its content and
signed again with the sender's own registered key, so only the check meant
for it can stop it. Each must be refused with a Chinese message naming the
problem, leave the receiver's database as it was except the audit entry
«拒绝导入交换文件» with the file's SM3, and write nothing in the folders around.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from xxh_support import (
    DEPT, Watch, copy_machine, db_state, declare, department, export_registration, fingerprint, forge, import_file, machine,
    package_data, pair, register, review, send, settle_wal,
)

from xxh_desktop import lifecycle, procurement_review
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.domain.records import Asset
from xxh_desktop.domain.review_items import ANSWERS, CONCLUSIONS
from xxh_desktop.domain.stages import CaseStatus, SideState, Stage
from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import apply_import, export_package, preview_import
from xxh_desktop.exchange import records as R
from xxh_desktop.exchange.parts import part
from xxh_desktop.exchange.records import collect_project
from xxh_desktop.exchange.report import preview_lines
from xxh_desktop.workspace import Workspace

OTHER = "县教育局"


def _save(ws: Workspace, dest: Path) -> Path:
    """A copy of the machine's database file as it is now."""
    settle_wal(ws)
    return copy_machine(ws.path, dest.parent / dest.stem / "xxh.db")   # each machine its own folder (its key)


@dataclass(frozen=True)
class Scene:
    """Machines saved at the moments the tests start from, and the packages between them."""
    root: Path
    pid: str                # the department's project, reviewed at the office
    other_pid: str          # another unit's project, held at the office
    office_fresh: Path      # the office, units registered, nothing received
    office: Path            # the office after the review, before the department's latest file
    dept: Path              # the department, the review taken in, then its own edits
    first: Path             # the department's first file (a new declaration)
    review: Path            # the office's review, as the department took it in
    honest: Path            # the department's latest file: its own edits, an update at the office
    dept_fingerprint: str
    office_fingerprint: str


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    root = tmp_path_factory.mktemp("trust")
    usb = root / "usb"
    off, dept = pair(root)
    other = machine(root / "other" / "xxh.db", Side.UNIT, OTHER)
    register(off, other, usb)
    office_fresh = _save(off, root / "saved" / "office-fresh.db")
    pid = declare(dept)
    first = export_package(dept, [pid], usb / "first.xxh").path
    import_file(off, first, trust_key=fingerprint(dept))
    other_pid = other.projects.create("智慧校园平台", OTHER, 2027)
    send(other, off, [other_pid], usb / "other.xxh")
    review(off, pid)
    # 第九条: returned for a supplement after the review; the department takes both in, in order
    assert lifecycle.set_side_state(off, pid, SideState.RETURNED, on=date(2026, 10, 12), reason="概算不全",
                                    supply_list="补充概算明细").ok
    review_path = export_package(off, [pid], usb / "review.xxh").path
    import_file(dept, review_path)
    lifecycle.set_existing_assets(dept, pid, [Asset("服务器", 2, date(2020, 1, 1), date(2025, 1, 1), "在用", "硬件")])
    dept.projects.update(pid, {"responsible_person": "王五"})
    dept.materials.attach(pid, "项目概算", "概算.pdf", b"%PDF budget")
    honest = export_package(dept, [pid], usb / "honest.xxh").path
    scene = Scene(root, pid, other_pid, office_fresh, _save(off, root / "saved" / "office.db"),
                  _save(dept, root / "saved" / "dept.db"), first, review_path, honest, fingerprint(dept),
                  fingerprint(off))
    for ws in (off, dept, other):
        ws.close()
    return scene


class Env:
    """One test's two machines, copied from the scene, and its USB stick."""

    def __init__(self, scene: Scene, root: Path, private: Path, office_db: Path) -> None:
        self.scene, self.root, self.private = scene, root, private
        self.pid = scene.pid
        self.usb = root / "usb"
        self.usb.mkdir(parents=True)
        self.office = self._open(office_db, root / "office" / "xxh.db")
        self.dept = self._open(scene.dept, root / "dept" / "xxh.db")
        self.n = 0

    @staticmethod
    def _open(src: Path, dest: Path) -> Workspace:
        copy_machine(src, dest)
        ws = Workspace.open(dest)
        ws.user = "测试员"
        return ws

    def forge(self, edit=None, *, base: Path | None = None, sender: Workspace | None = None, **kw) -> Path:
        self.n += 1
        return forge(sender or self.dept, base or self.scene.honest, self.usb / f"f{self.n}.xxh", edit, **kw)

    def refused(self, ws: Workspace, path: Path, *words: str, trust_key: str | None = None) -> str:
        watch = Watch(ws, self.root)
        with pytest.raises(XxhError) as caught:
            import_file(ws, path, trust_key=trust_key)
        watch.refused(caught.value, path, *words)
        assert list(self.private.iterdir()) == []
        return str(caught.value)

    def office_part(self) -> dict:
        return part("project", collect_project(self.office, self.pid), Side.OFFICE)

    def close(self) -> None:
        for ws in (self.office, self.dept):
            if not ws.closed:
                ws.close()


def _env(scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, office_db: Path) -> Env:
    private = tmp_path / "private"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    return Env(scene, tmp_path / "machines", private, office_db)


@pytest.fixture
def env(scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    e = _env(scene, tmp_path, monkeypatch, scene.office)
    yield e
    e.close()


@pytest.fixture
def fresh(scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The office before anything arrived: the department's first file is new there."""
    e = _env(scene, tmp_path, monkeypatch, scene.office_fresh)
    yield e
    e.close()


def _project(data: dict) -> dict:
    return data["projects"][0]


def _set(section: str, key: str, value):
    def edit(data: dict) -> None:
        _project(data)[section][key] = value
    return edit


def _entry(from_stage: str | None, to_stage: str, **over) -> dict:
    return {"at": "2026-11-02T09:00:00+08:00", "by": "县智慧办", "event": "", "from_stage": from_stage,
            "on_date": "2026-11-02", "reason": "", "side_state": None, "to_stage": to_stage, **over}


def _moved(to_stage: str, from_stage: str = Stage.AWAITING_APPROVAL.value, **over):
    def edit(data: dict) -> None:
        _project(data)["stage_history"].append(_entry(from_stage, to_stage, **over))
        _project(data)["project"]["stage"] = to_stage
    return edit


# ---------------------------------------------------------------------- the control


def test_the_honest_file_is_an_update_of_the_departments_part_only(env: Env) -> None:
    """The control for every case below: the same file, re-signed without a fault, is taken in."""
    before = env.office_part()
    path = env.forge()
    with preview_import(env.office, path) as preview:
        assert [r.status for r in preview.records] == ["更新"]
        assert {f.key for f in preview.records[0].fields} == {
            "project.responsible_person", "materials.项目概算", "existing_assets"}
    import_file(env.office, path)
    p = env.office.projects.get(env.pid)
    assert (p.responsible_person, p.stage, p.side_state) == ("王五", Stage.AWAITING_APPROVAL, SideState.RETURNED)
    assert env.office_part() == before
    assert env.office.check() == []


# ---------------------------------------------------------------------- identity is the key


@pytest.mark.parametrize(("unit", "role", "words"), [
    ("县智慧办", "县智慧办", "其密钥登记为「县应急管理局」"),
    (DEPT, "县智慧办", "县智慧办的文件只以「县智慧办」署名"),
    ("县应急管理局\u200b", "项目建设单位", "含有不可见字符"),
    ("县应急管理局\u202e", "项目建设单位", "含有不可见字符"),
    ("金寨县应急管理局", "项目建设单位", "其密钥登记为「县应急管理局」"),
    (OTHER, "项目建设单位", "其密钥登记为「县应急管理局」"),
], ids=["as-office", "role-office", "zero-width", "bidi", "other-spelling", "other-unit"])
def test_a_department_key_speaks_only_as_its_registered_unit(env: Env, unit: str, role: str, words: str) -> None:
    def claim(m: dict) -> None:
        m["sender"].update(unit=unit, role=role)

    env.refused(env.office, env.forge(manifest_edit=claim), words)


def test_a_department_key_is_not_the_office_at_another_department(env: Env, tmp_path: Path) -> None:
    other = department(tmp_path / "second", unit=OTHER)
    try:
        register(env.office, other, env.usb)
        for edit in (None, lambda m: m["sender"].update(unit="县智慧办", role="县智慧办")):
            path = env.forge(manifest_edit=edit)
            watch = Watch(other, tmp_path / "second")
            with pytest.raises(XxhError) as caught:
                import_file(other, path)
            watch.refused(caught.value, path, "不是本机登记的县智慧办密钥" if edit else "另一个项目建设单位")
    finally:
        other.close()


def test_a_new_key_for_a_registered_unit_needs_the_fingerprint_from_paper(env: Env, tmp_path: Path) -> None:
    impostor = machine(tmp_path / "impostor" / "xxh.db", Side.UNIT, DEPT)   # another machine, the same unit
    try:
        path = env.forge(sender=impostor)
        watch = Watch(env.office, env.root)
        with pytest.raises(XxhError, match=f"密钥已更换，指纹 {fingerprint(impostor)}.*--trust-key"):
            import_file(env.office, path)
        watch.unchanged()   # not yet a refusal: the clerk is asked to compare
        # the department's true fingerprint, read off its stamped 附件1, does not match this key
        message = env.refused(env.office, path, "与文件的密钥指纹", trust_key=env.scene.dept_fingerprint)
        assert fingerprint(impostor) in message
        assert [k.fingerprint for k in env.office.keys.all() if k.unit == DEPT] == [env.scene.dept_fingerprint]
        # the clerk did phone the unit and it did change machines: the new key replaces the old one
        import_file(env.office, path, trust_key=fingerprint(impostor).lower().replace("-", " "))
        keys = {k.fingerprint: k.revoked_at for k in env.office.keys.all() if k.unit == DEPT}
        assert keys[fingerprint(impostor)] is None and keys[env.scene.dept_fingerprint] is not None
        assert env.office.projects.get(env.pid).responsible_person == "王五"
        # and the old key no longer speaks for the unit
        env.refused(env.office, env.forge(), "已于", "被更换，不再有效")
    finally:
        impostor.close()


def test_a_unit_not_in_the_offices_register_is_refused(env: Env, tmp_path: Path) -> None:
    stranger = machine(tmp_path / "stranger" / "xxh.db", Side.UNIT, "县公安局")
    try:
        pid = declare_as(stranger, "县公安局")
        path = export_package(stranger, [pid], env.usb / "stranger.xxh").path
        env.refused(env.office, path, "「县公安局」不在本机的单位名录中", trust_key=fingerprint(stranger))
    finally:
        stranger.close()


def declare_as(ws: Workspace, unit: str) -> str:
    """A draft declaration of `unit` (enough to travel)."""
    return ws.projects.create("社会治安视频联网", unit, 2027)


def test_unit_names_are_compared_after_nfkc_against_the_register(fresh: Env, tmp_path: Path) -> None:
    export_registration(fresh.office, "县12345热线中心", fresh.usb / "登记.xxh")
    unit = machine(tmp_path / "hotline" / "xxh.db", Side.UNIT, "县１２３４５热线中心")   # full-width digits
    try:
        pid = declare_as(unit, "县１２３４５热线中心")
        path = export_package(unit, [pid], fresh.usb / "hotline.xxh").path
        with preview_import(fresh.office, path) as preview:
            assert preview.sender.unit == "县12345热线中心" and preview.key_status.startswith("首次收到")
        import_file(fresh.office, path, trust_key=fingerprint(unit))
        assert fresh.office.projects.get(pid).unit == "县12345热线中心"
        assert [k.unit for k in fresh.office.keys.all() if k.side == Side.UNIT][-1] == "县12345热线中心"
    finally:
        unit.close()


# ---------------------------------------------------------------------- the office's part


OFFICE_OWNED = [
    ("stage-approved", _moved(Stage.APPROVED.value), "阶段记录（第九条、第十条）"),
    ("stage-operation", _moved(Stage.OPERATION.value, Stage.AWAITING_APPROVAL.value), "阶段记录"),
    ("stage-claimed", _set("project", "stage", Stage.OPERATION.value), "与阶段记录不符"),
    ("stage-unknown", _set("project", "stage", "已完工"), "项目·阶段"),
    ("history-unknown-stage", _moved("已完工"), "取值不在允许的范围内"),
    ("history-from-nowhere", lambda d: _project(d)["stage_history"].append(_entry(None, Stage.OPERATION.value)),
     "没有起点"),
    ("side-state-cleared", _set("project", "side_state", None), "项目·状态"),
    ("side-state-set", _set("project", "side_state", SideState.SUSPENDED.value), "项目·状态"),
    ("side-state-entry", lambda d: _project(d)["stage_history"].append(_entry(
        Stage.AWAITING_APPROVAL.value, Stage.AWAITING_APPROVAL.value, side_state=SideState.RETURNED.value,
        event="解除状态：退回补充")), "阶段记录"),
    ("supply-list", _set("project", "supply_list", ""), "需补充材料"),
    ("approval-date", _set("project", "approval_date", "2026-11-01"), "县政府批准日期"),
    ("approval-number", _set("project", "approval_doc_no", "金政秘〔2027〕99号"), "项目·批准文号（第十条）"),
    ("plan-year", _set("project", "plan_year", 2027), "项目·列入计划年度（第七条）"),
    ("acceptance", _set("project", "final_acceptance_date", "2027-06-01"), "终验日期"),
    ("number", _set("project", "number", "JZ-2027-099"), "项目编号"),
    ("number-dropped", _set("project", "number", None), "项目编号"),
    ("declaration-no", _set("project", "declaration_no", "SB-2027-099"), "建立后不能更改的「项目·申报编号」"),
    ("opinion-text", lambda d: _project(d)["opinion"].update(text="同意，立即开工。"), "书面审核意见"),
    ("opinion-conclusion", lambda d: _project(d)["opinion"].update(conclusion="不同意"), "书面审核意见"),
    ("opinion-removed", lambda d: _project(d).update(opinion=None), "书面审核意见"),
    ("checklist-answer", lambda d: _project(d)["checklist"]["security"].update(answer="不符合"),
     "审核要点·信息安全性有保障（第九条）"),
    ("checklist-removed", lambda d: _project(d)["checklist"].pop("technical"), "技术可行"),
    ("consulted", _set("project", "consulted_units", "县审计局"), "会同审核的部门"),
    ("acceptance-altered", lambda d: _project(d)["material_acceptances"].update({"信息资源目录": "单位自己同意"}),
     "县智慧办同意暂缺·信息资源目录"),
    ("acceptance-kept-for-a-supplied-file", lambda d: _project(d)["material_acceptances"].update(
        {"项目概算": "纸质材料已收，电子件随后补交"}), "县智慧办同意暂缺·项目概算"),
    ("rectification", lambda d: _project(d)["rectifications"].append(
        {"issued_on": "2026-11-01", "findings": "无", "deadline": "2026-12-01", "closed_on": None, "result": ""}),
     "整改记录（第二十条）"),
    ("office-material", lambda d: _project(d)["materials"].update({"终验报告": {
        "filename": "", "sm3": None, "waived_reason": "无需", "added_at": "2026-11-01T09:00:00+08:00",
        "added_by": "县智慧办"}}), "材料·终验报告"),
    ("adjustment-approved", lambda d: _project(d)["adjustments"].append(
        {"kind": "工期", "content": "延期三个月", "new_investment": None, "requested_on": "2026-10-20",
         "county_approved_on": "2026-11-01", "office_filed_on": None}), "县政府批准调整日期"),
    ("event-by-office", lambda d: _project(d)["stage_history"].append(_entry(
        Stage.AWAITING_APPROVAL.value, Stage.AWAITING_APPROVAL.value, event="县政府已批准")), "阶段记录"),
]


@pytest.mark.parametrize(("edit", "words"), [c[1:] for c in OFFICE_OWNED], ids=[c[0] for c in OFFICE_OWNED])
def test_a_department_file_changing_what_the_office_owns_is_refused_whole(env: Env, edit, words: str) -> None:
    before = env.office_part()
    env.refused(env.office, env.forge(edit), words)
    assert env.office_part() == before
    assert env.office.projects.get(env.pid).responsible_person == ""   # not even its own part was taken


NEW_RECORD = [
    ("number", _set("project", "number", "JZ-2027-050"), "项目编号"),
    ("approval", _set("project", "approval_doc_no", "金政秘〔2027〕1号"), "批准文号"),
    ("checklist", lambda d: _project(d)["checklist"].update(security={
        "answer": "符合", "comment": "", "by": "县智慧办", "at": "2026-11-01T09:00:00+08:00",
        "accepted_reason": ""}), "信息安全性有保障"),
    ("acceptance", lambda d: _project(d)["material_acceptances"].update({"项目概算": "同意"}), "县智慧办同意暂缺"),
    ("reviewed", _moved(Stage.REVIEWING.value, Stage.DECLARED.value), "阶段记录"),
    ("claimed-stage", _set("project", "stage", Stage.APPROVED.value), "与阶段记录不符"),
    ("operation-from-nowhere", lambda d: (_project(d)["stage_history"].append(_entry(None, Stage.OPERATION.value)),
                                          _project(d)["project"].update(stage=Stage.OPERATION.value)), "没有起点"),
    ("incomplete-declaration", lambda d: _project(d)["declaration"].update(content="", status="草稿"),
     "「草稿 → 已申报」不被接受：第五条：申报表（附件1）"),
    ("material-missing", lambda d: _project(d)["materials"].pop("项目概算"), "第八条：缺少申报材料「项目概算」"),
    ("withdrawn-without-reason", lambda d: (_project(d)["stage_history"].append(_entry(
        Stage.DECLARED.value, Stage.DRAFT.value, by=DEPT, at="2030-01-01T09:00:00+08:00")), _project(d)["project"].update(stage=Stage.DRAFT.value)),
     "须写明理由"),
    ("other-unit", lambda d: _project(d).update(unit=OTHER), f"却含有「{OTHER}」的项目"),
    # within its printed cell, beyond the catalogue's 20 characters: the owner would refuse it at the write
    ("leader-too-long", lambda d: _project(d)["declaration"].update(leader="2026-02-30T09:30:00+08:00"),
     "「申报表·负责人」共 25 字，超过 20 字"),
    ("name-too-long", lambda d: _project(d)["declaration"].update(project_name="应急" * 31), "超过 60 字"),
]


@pytest.mark.parametrize(("edit", "words"), [c[1:] for c in NEW_RECORD], ids=[c[0] for c in NEW_RECORD])
def test_a_new_record_says_only_what_a_department_may_say(fresh: Env, edit, words: str) -> None:
    path = fresh.forge(edit, base=fresh.scene.first)
    fresh.refused(fresh.office, path, words, trust_key=fresh.scene.dept_fingerprint)
    assert fresh.office.projects.count() == 0 and fresh.office.keys.current(Side.UNIT, DEPT) is None


def test_a_value_an_owner_refuses_at_the_write_refuses_the_file(fresh: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last line: were a check before the preview ever to say less than its owner, the owner's
    refusal under the write lock refuses the whole file, audited, naming the record."""
    from xxh_desktop.exchange import reader

    monkeypatch.setattr(reader, "check_data", lambda data: None)   # the checks before the preview, gone
    path = fresh.forge(_set("project", "responsible_person", "负" * 21), base=fresh.scene.first)
    message = fresh.refused(fresh.office, path, "有本机不能保存的内容：「项目责任人」共 21 字，超过 20 字",
                            trust_key=fresh.scene.dept_fingerprint)
    assert "项目 " in message
    assert fresh.office.projects.count() == 0


def test_what_the_write_would_refuse_the_preview_refuses(fresh: Env) -> None:
    """第十五条 (found by a long run of the hypothesis test below): a new record whose 合同金额 is above
    its declared 投资额 passed the preview, which judged only the dates, and was refused under the
    write lock — the preview had said what was not going to happen. Now the preview judges the record
    as the write does, before anything is shown."""
    path = fresh.forge(_set("project", "contract_amount", 1_200_001), base=fresh.scene.first)   # 元
    with pytest.raises(XxhError, match="第十五条：合同金额 120.0001 万元超过县政府批准的投资额 120 万元"):
        preview_import(fresh.office, path)
    assert fresh.office.projects.count() == 0


def test_the_new_record_control_is_taken_in_with_an_allotted_number(fresh: Env) -> None:
    import_file(fresh.office, fresh.forge(base=fresh.scene.first), trust_key=fresh.scene.dept_fingerprint)
    p = fresh.office.projects.get(fresh.pid)
    assert (p.number, p.declaration_no, p.stage) == ("JZ-2027-001", "SB-2027-001", Stage.DECLARED)


# ---------------------------------------------------------------------- another unit's records


def test_a_department_file_carrying_another_units_record_is_refused(env: Env) -> None:
    other = env.scene.other_pid

    def takeover(data: dict) -> None:     # the record's UUID is the other unit's project at the office
        _project(data)["id"] = other

    before = collect_project(env.office, other)
    env.refused(env.office, env.forge(takeover), f"却含有「{OTHER}」的项目")
    env.refused(env.office, env.forge(lambda d: (takeover(d), _project(d).update(unit=OTHER))),
                f"却含有「{OTHER}」的项目")
    assert collect_project(env.office, other) == before


# ---------------------------------------------------------------------- versions that cannot be forged


def test_versions_that_do_not_match_the_content_are_refused(env: Env) -> None:
    def edit(data: dict) -> None:
        _project(data)["project"]["supplier"] = "某公司"      # content changed, versions left as they were

    env.refused(env.office, env.forge(edit, versions=False), "版本记录与其内容不符")

    def backwards(data: dict) -> None:
        sent = _project(data)["versions"]["sender"]
        sent["history"] = [[9, sent["sm3"]], [sent["version"], sent["sm3"]]]

    env.refused(env.office, env.forge(backwards, versions=False), "版本记录与其内容不符")
    env.refused(env.office, env.forge(_set("versions", "sender", {"version": 10**15, "sm3": "0" * 64,
                                                                  "history": [[10**15, "0" * 64]]}),
                                      versions=False), "数值过大")


@pytest.mark.parametrize(("seen", "words"), [("current", "书面审核意见"), ("invented", "书面审核意见"),
                                           ("none", "县智慧办的内容")])
def test_a_forged_seen_does_not_let_the_office_part_change(env: Env, seen: str, words: str) -> None:
    """Claiming to have seen the office's latest version does not make a changed office part the office's."""
    office_latest = env.office.parts.latest("project", env.pid, Side.OFFICE)

    def edit(data: dict) -> None:
        _project(data)["opinion"]["text"] = "同意，立即开工。"
        _project(data)["versions"]["seen"] = {
            "current": {"version": office_latest.version, "sm3": office_latest.sm3},
            "invented": {"version": office_latest.version + 5, "sm3": "f" * 64},
            "none": None}[seen]

    before = env.office_part()
    env.refused(env.office, env.forge(edit), words)
    assert env.office_part() == before


def test_a_forged_line_of_versions_is_a_conflict_never_an_update(env: Env) -> None:
    """A version line that does not go on from what the office took in (a restored backup, or a
    forgery) is shown as a conflict; whatever the clerk picks, the office's part stays."""
    def fork(supplier: str):
        def edit(data: dict) -> None:
            _project(data)["project"]["supplier"] = supplier
            _project(data)["versions"]["sender"].update(version=0, history=[])   # reversion() starts a line anew
        return edit

    before = env.office_part()
    for choice in ("keep", "theirs"):
        path = env.forge(fork(f"分叉的供应商{choice}"))
        with preview_import(env.office, path) as preview:
            assert [r.status for r in preview.records] == ["冲突"]
        watch = Watch(env.office, env.root)
        with pytest.raises(XxhError, match="--on-conflict keep"):
            import_file(env.office, path, on_conflict="ask")
        watch.unchanged()
        import_file(env.office, path, on_conflict=choice)
        assert env.office_part() == before
        assert env.office.projects.get(env.pid).supplier == ("" if choice == "keep" else "分叉的供应商theirs")


# ---------------------------------------------------------------------- names, values and text


BAD_NAMES = ["../../x.pdf", "/abs/建设方案.pdf", "..\\..\\evil.exe", "C:\\Windows\\x.pdf", "\\\\srv\\share\\x.pdf",
             "CON", "CON.txt", "com1.pdf", "建设方案.pdf.exe", "建设方案", "a" * 296 + ".pdf",
             "建设方案\u202efdp.exe", "建设\x1b[2J方案.pdf", "建设方案.pdf\n.exe", "建设方案.pdf.", " 建设方案.pdf"]


@pytest.mark.parametrize("name", BAD_NAMES, ids=range(len(BAD_NAMES)))
def test_a_material_name_is_never_a_path(env: Env, name: str) -> None:
    def attached(data: dict) -> None:
        _project(data)["materials"]["项目建设方案"]["filename"] = name

    def listed(data: dict) -> None:
        data["attachments"][0]["filename"] = name

    def waived(data: dict) -> None:
        _project(data)["materials"]["项目可行性研究报告"]["filename"] = name

    for edit in (attached, listed, waived):
        env.refused(env.office, env.forge(edit), "文件名")


BAD_VALUES = [
    ("feb-30", _set("project", "contract_date", "2026-02-30"), "「项目·合同签订日期」不是有效的日期"),
    ("year-9999", _set("project", "contract_date", "9999-99-99"), "不是有效的日期"),
    ("far-future", _set("project", "contract_date", "2999-01-01"), "超出合理的日期范围"),
    ("month-13", _set("declaration", "start_month", "2027-13"), "建设年度"),
    ("timestamp", lambda d: _project(d)["stage_history"][0].update(at="2026-02-30T09:00:00+08:00"), "不是有效的时间"),
    ("created-at", lambda d: _project(d).update(created_at="yesterday"), "created_at"),
    ("negative-amount", _set("project", "contract_amount", -1), "合同金额"),
    ("negative-quantity", lambda d: _project(d)["existing_assets"][0].update(quantity=-2), "数量"),
    ("huge-integer", _set("project", "contract_amount", 10**17), "位数过多"),
    ("year", _set("project", "year", 99999), "预算年度"),
    ("escape", _set("project", "supplier", "某公司\x1b[31m"), "含有控制字符"),
    ("newline-one-line-field", _set("project", "supplier", "某公司\n[新增] 项目"), "含有换行符"),
    ("bidi", _set("project", "supplier", "某公司\u202e"), "改变文字显示方向"),
    ("too-long", _set("project", "supplier", "某" * 61), "共 61 字，超过 60 字"),
    ("cloud-state", _set("project", "cloud_migration", "已上月球"), "迁移上云情况"),
    ("assessed-ahead", _set("project", "security_assessed_on", "2099-01-01"), "检测与风险评估"),
    ("adjustment-kind", lambda d: _project(d)["adjustments"].append(
        {"kind": "随便", "content": "x", "new_investment": None, "requested_on": "2026-10-20",
         "county_approved_on": None, "office_filed_on": None}), "调整"),
]


@pytest.mark.parametrize(("edit", "words"), [c[1:] for c in BAD_VALUES], ids=[c[0] for c in BAD_VALUES])
def test_every_value_meets_the_forms_rules(env: Env, edit, words: str) -> None:
    env.refused(env.office, env.forge(edit), words)


_UUID = "7c0e1c4e-2b9f-4e0b-9d3a-1f2e3d4c5b6a"
# JSON Schema's patterns are ECMA-262's: `$` is the end of the text (Python's `re` also lets it
# match before a final line break) and `\d` an ASCII digit.
PATTERNS = [
    ("app-version", {"app_version": "1.0\n"}, "app_version"),
    ("package-id", {"package_id": _UUID + "\n"}, "package_id"),
    ("last-received", {"last_received_package_id": _UUID + "\n"}, "last_received_package_id"),
    ("format-version", {"format_version": "２.0"}, "format_version"),
]


@pytest.mark.parametrize(("values", "words"), [c[1:] for c in PATTERNS], ids=[c[0] for c in PATTERNS])
def test_the_manifests_patterns_are_read_as_json_schema_means_them(env: Env, values: dict, words: str) -> None:
    env.refused(env.office, env.forge(manifest_edit=lambda m: m.update(values)), words)


def test_a_date_of_wide_digits_is_not_a_date(env: Env) -> None:
    env.refused(env.office, env.forge(_set("project", "contract_date", "２０２６-01-01")), "格式不对")


def test_text_from_the_file_is_shown_escaped(env: Env) -> None:
    def multiline(data: dict) -> None:
        _project(data)["declaration"]["content"] = "升级指挥调度系统\n[新增] 项目 JZ-2027-999「伪造」\r\n\t完"

    with preview_import(env.office, env.forge(multiline, base=env.scene.honest)) as preview:
        lines = preview_lines(preview)
    [line] = [x for x in lines if "项目实施依据及主要内容" in x]
    assert "⏎[新增] 项目 JZ-2027-999「伪造」⏎ 完" in line
    assert not [x for x in lines if x.startswith("[新增]")]
    assert not [ch for text in lines for ch in text if ord(ch) < 32]

    def stamped(m: dict) -> None:
        m["created_at"] = "2026-12-01T08:00:00\x1b[2J"

    env.refused(env.office, env.forge(manifest_edit=stamped), "created_at")


# ---------------------------------------------------------------------- 附件2


def _case(ws: Workspace) -> str:
    cid = ws.procurements.create(DEPT, year=2027)
    ws.procurements.save(cid, Procurement(
        applicant_unit=DEPT, filled_on=date(2027, 3, 1), items=(ProcurementItem("台式计算机", "国产 i5/16G", 3,
                                                                                  Decimal("4999.50")),),
        reason="旧机报废", fund_budget=Decimal("14998.50"), handler="李四", handler_phone="0564-1234567"),
        status=CaseStatus.DECLARED)
    return cid


def _case_edit(**body):
    def edit(data: dict) -> None:
        data["procurements"][0]["procurement"].update(body)
    return edit


def test_a_department_cannot_pass_its_own_procurement_case(env: Env) -> None:
    cid = _case(env.dept)
    first = export_package(env.dept, [cid], env.usb / "cg.xxh").path
    for status in ("通过", "审核中", "不予通过"):    # a new case comes as a draft or submitted
        env.refused(env.office, env.forge(_case_edit(status=status), base=first), f"「{status}」不能由项目建设单位设为")
    env.refused(env.office, env.forge(_case_edit(number="CG-2027-009"), base=first), "采购申报编号")
    env.refused(env.office, env.forge(lambda d: d["procurements"][0]["items"][0].update(quantity=-3), base=first),
                "数量")
    import_file(env.office, first)
    assert env.office.procurements.get(cid).number == "CG-2027-001"
    procurement_review.start_review(env.office, cid)
    again = export_package(env.dept, [cid], env.usb / "cg2.xxh").path
    env.refused(env.office, env.forge(_case_edit(status="通过"), base=again), "「通过」不能由项目建设单位设为")
    env.refused(env.office, env.forge(_case_edit(review_opinion="同意"), base=again), "审核意见")
    env.refused(env.office, env.forge(_case_edit(reviewed_on="2027-03-05"), base=again), "审核日期")
    assert env.office.procurements.get(cid).status == CaseStatus.REVIEWING


# ---------------------------------------------------------------------- the office's files at a department


OFFICE_FILES = [
    ("other-unit", lambda d: _project(d).update(unit=OTHER), f"属于「{OTHER}」，不是本单位的"),
    ("unknown-record", lambda d: _project(d).update(id=str(uuid.uuid4())), "在本机不存在"),
    ("declaration", lambda d: _project(d)["declaration"].update(content="县智慧办改写的申报内容"),
     "改动了项目建设单位的内容：申报表·项目实施依据及主要内容（第五条）"),
    ("unit-fact", _set("project", "supplier", "县智慧办指定的供应商"), "中标供应商"),
    ("unit-material", lambda d: _project(d)["materials"].pop("项目建设方案"), "材料·项目建设方案"),
    ("into-draft", _moved(Stage.DRAFT.value, Stage.AWAITING_APPROVAL.value), "不能办理的阶段记录"),
    ("one-line-field", lambda d: _project(d)["rectifications"].append(
        {"issued_on": "2026-10-20", "findings": "问题", "deadline": "2026-11-20", "closed_on": None,
         "result": "已整改\n[新增] 项目"}), "含有换行符"),
]


@pytest.mark.parametrize(("edit", "words"), [c[1:] for c in OFFICE_FILES], ids=[c[0] for c in OFFICE_FILES])
def test_an_office_file_carries_only_the_offices_part_of_this_units_records(env: Env, edit, words: str) -> None:
    sender = env.office
    path = env.forge(edit, base=env.scene.review, sender=sender)
    before = part("project", collect_project(env.dept, env.pid), Side.UNIT)
    env.refused(env.dept, path, words)
    assert part("project", collect_project(env.dept, env.pid), Side.UNIT) == before


def test_an_office_file_must_be_signed_as_the_office(env: Env) -> None:
    env.refused(env.dept, env.forge(base=env.scene.review, sender=env.office,
                                    manifest_edit=lambda m: m["sender"].update(unit="金寨县智慧城市管理服务中心")),
                "县智慧办的文件只以「县智慧办」署名")
    env.refused(env.dept, env.forge(base=env.scene.review, sender=env.office,
                                    manifest_edit=lambda m: m["sender"].update(unit="县智慧办\u200b")),
                "含有不可见字符")


def test_a_registration_file_is_for_one_unit_and_one_key(env: Env, tmp_path: Path) -> None:
    for_other = export_registration(env.office, OTHER, env.usb / "登记-教育局.xxh").path
    env.refused(env.dept, for_other, f"为「{OTHER}」制作的", trust_key=env.scene.office_fingerprint)
    # a new department machine takes a forged registration: another key, claiming to be the office's
    newcomer = department(tmp_path / "newcomer")
    forger = machine(tmp_path / "forger" / "xxh.db", Side.UNIT, OTHER)
    try:
        real = export_registration(env.office, DEPT, env.usb / "登记.xxh").path
        for swap in (False, True):
            def edit(data: dict, swap: bool = swap) -> None:
                if swap:
                    data["registration"]["office_fingerprint"] = fingerprint(forger)

            def as_office(m: dict) -> None:
                m["sender"].update(unit="县智慧办", role="县智慧办")

            path = env.forge(edit, base=real, sender=forger, manifest_edit=as_office)
            watch = Watch(newcomer, tmp_path / "newcomer")
            with pytest.raises(XxhError) as caught:
                import_file(newcomer, path, trust_key=env.scene.office_fingerprint)   # the paper's fingerprint
            watch.refused(caught.value, path, "与文件的密钥指纹" if swap else "登记文件中的指纹与签名密钥不符")
        assert newcomer.keys.all() == []
        import_file(newcomer, real, trust_key=env.scene.office_fingerprint)
        assert [k.fingerprint for k in newcomer.keys.all()] == [env.scene.office_fingerprint]
    finally:
        newcomer.close()
        forger.close()


def test_refusals_are_recorded_with_the_sender_as_claimed(env: Env) -> None:
    path = env.forge(_set("project", "approval_doc_no", "金政秘〔2027〕99号"))
    watch = Watch(env.office, env.root)
    with pytest.raises(XxhError) as caught:
        import_file(env.office, path)
    entry = watch.refused(caught.value, path, "批准文号")
    recorded = json.loads(entry.after)
    assert recorded["sender_claimed"] == f"{DEPT}（项目建设单位），密钥指纹 {env.scene.dept_fingerprint}"
    assert entry.target == path.name
    assert db_state(env.office) != b""   # the database is still whole and readable
    assert env.office.check() == []


def test_the_review_with_a_later_return_arrives_in_order(env: Env, scene: Scene) -> None:
    """The scene's own step, checked: the office reviewed, then returned the declaration for a supplement;
    at the department the review's moves are made before the 退回补充 they preceded."""
    p = env.dept.projects.get(env.pid)
    assert (p.number, p.stage, p.side_state, p.supply_list) == (
        "JZ-2027-001", Stage.AWAITING_APPROVAL, SideState.RETURNED, "补充概算明细")
    assert [h.event for h in env.dept.history.list(env.pid)][-2:] == ["报县政府批准", "设置状态：退回补充"]
    assert package_data(scene.review)["projects"][0]["project"]["side_state"] == SideState.RETURNED.value


# ---------------------------------------------------------------------- one wrong field, anywhere


_TEXT = st.text(alphabet=st.sampled_from("县智慧办同意申报王五 abcXYZ0123-·（）\n"), max_size=12)
_DAY = st.dates(date(2000, 1, 1), date(2100, 12, 31))


def _value(token: str, attachments: list[str]):
    """A value of the column's shape (the format's type tokens, records.py)."""
    base, nullable = token.rstrip("?"), token.endswith("?")
    strategy = {
        "s": _TEXT, "t": _DAY.map(lambda d: f"{d.isoformat()}T09:30:00+08:00"),
        "d": _DAY.map(date.isoformat), "m": _DAY.map(lambda d: d.strftime("%Y-%m")),
        "year": st.integers(2000, 2100), "amt": st.integers(0, 10**12), "qty": st.integers(0, 10**6),
        "i": st.integers(1, 50), "b": st.sampled_from([0, 1]),
        "stage": st.sampled_from([s.value for s in Stage]),
        "side": st.sampled_from(["", *(s.value for s in SideState)]),
        "answer": st.sampled_from(ANSWERS), "conclusion": st.sampled_from(CONCLUSIONS),
        "sm3": st.sampled_from(attachments), "case": st.sampled_from([s.value for s in CaseStatus]),
    }[base]
    return st.none() | strategy if nullable else strategy


def _leaves(record: dict) -> list[tuple[tuple, str]]:
    """Every field of a project record with its type token: columns, list rows, history entries."""
    out: list[tuple[tuple, str]] = [(("created_at",), "t"), (("versions", "sender", "version"), "i")]
    if record["versions"]["seen"]:
        out.append((("versions", "seen", "version"), "i"))
    out += [(("project", c), t) for c, t in R.PROJECT_COLUMNS.items()]
    out += [(("declaration", c), t) for c, t in R.DECLARATION_COLUMNS.items()]
    out += [(("materials", k, c), t) for k in record["materials"] for c, t in R.MATERIAL_COLUMNS.items()]
    out += [(("checklist", k, c), t) for k in record["checklist"] for c, t in R.CHECKLIST_COLUMNS.items()]
    out += [(("opinion", c), t) for c, t in R.OPINION_COLUMNS.items()]
    out += [(("stage_history", i, c), t) for i in range(len(record["stage_history"]))
            for c, t in R.HISTORY_COLUMNS.items()]
    out += [((table, i, c), t) for table, columns in R.LIST_TABLES.items()
            for i in range(len(record[table])) for c, t in columns.items()]
    return out


def _setting(path: tuple, value):
    """An edit of a package's project record: the field at `path` set to `value`."""
    def edit(d: dict) -> None:
        target = _project(d)
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


@pytest.fixture(scope="module")
def signer(scene: Scene, tmp_path_factory: pytest.TempPathFactory):
    """The department's machine (its key signs every variant)."""
    path = copy_machine(scene.dept, tmp_path_factory.mktemp("signer") / "xxh.db")
    ws = Workspace.open(path)
    yield ws
    ws.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_one_wrong_field_never_changes_what_the_office_owns(scene: Scene, signer: Workspace, data) -> None:
    """The department's honest file with exactly one field (any field: a column, a list row, a history
    entry, a version) set to another value of its shape, or one history entry added, signed with its
    key: whatever the outcome, nothing the office owns changes."""
    data_json = package_data(scene.honest)
    record = _project(data_json)
    attachments = [a["sm3"] for a in data_json["attachments"]]
    if data.draw(st.integers(0, 9), label="kind") == 0:
        entry = {c: data.draw(_value(t, attachments), label=c) for c, t in R.HISTORY_COLUMNS.items()}

        def edit(d: dict) -> None:
            _project(d)["stage_history"].append(entry)
    else:
        path, token = data.draw(st.sampled_from(_leaves(record)), label="field")
        holder = record
        for key in path[:-1]:
            holder = holder[key]
        value = data.draw(_value(token, attachments).filter(lambda v: v != holder[path[-1]]), label="value")
        edit = _setting(path, value)

    root = Path(tempfile.mkdtemp(prefix="xxh-owner-"))
    try:
        copy_machine(scene.office, root / "office" / "xxh.db")
        office = Workspace.open(root / "office" / "xxh.db")
        pid = scene.pid
        before = (part("project", collect_project(office, pid), Side.OFFICE), office.projects.get(pid).stage)
        path_ = forge(signer, scene.honest, root / "usb" / "wrong.xxh", edit)
        watch = Watch(office, root)
        try:
            import_file(office, path_, on_conflict="theirs")
        except XxhError as exc:
            watch.refused(exc, path_)
            event("refused")
        else:
            assert office.check() == []
            event("taken in")
        after = (part("project", collect_project(office, pid), Side.OFFICE), office.projects.get(pid).stage)
        assert after == before
        office.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


# Values a form would never hold, of every kind: what the checks before the preview must stop.
_HOSTILE = st.sampled_from([
    "", "\u200b", "县智慧办\u200b", "../../x", "..\\evil.exe", "CON", "\x1b[31m", "a\nb", "\u202etxt", "\x00",
    "W" * 57, "负" * 21, "2026-02-30", "9999-12-31", "2026-02-30T09:30:00+08:00", "已批准", "运维", "-1",
    -1, 0, 2**53, 10**15 + 1, None, True, [], {},
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_one_hostile_value_in_a_new_record_is_refused_whole_or_taken_in_as_a_declaration(
        scene: Scene, signer: Workspace, data) -> None:
    """The department's first file with one field (or a history entry) set to a value of its shape or
    one no form would hold, signed with its key, at an office that holds nothing yet: refused with the
    framed, audited message before anything is written — never by an owner halfway through the write —
    or taken in as a draft or a declaration that carries nothing of the office's."""
    record = _project(package_data(scene.first))
    attachments = [a["sm3"] for a in package_data(scene.first)["attachments"]]
    def holder(rec: dict, keys: tuple) -> object:
        for key in keys[:-1]:
            rec = rec[key] if rec is not None else None
        return rec

    path, token = data.draw(st.sampled_from([(p, t) for p, t in _leaves(record) if holder(record, p) is not None]),
                            label="field")
    value = data.draw(_value(token, attachments) | _HOSTILE, label="value")
    root = Path(tempfile.mkdtemp(prefix="xxh-new-"))
    try:
        office = Workspace.open(copy_machine(scene.office_fresh, root / "office" / "xxh.db"))
        wrong = forge(signer, scene.first, root / "usb" / "wrong.xxh", _setting(path, value))
        watch = Watch(office, root)
        try:
            preview = preview_import(office, wrong)
        except XxhError as exc:
            watch.refused(exc, wrong)
            event("refused")
        else:
            with preview:   # what the preview passed, the write takes in
                apply_import(office, preview, on_conflict="theirs", trust_key=scene.dept_fingerprint)
            assert office.check() == []
            [taken] = office.projects.all()
            assert taken.stage in (Stage.DRAFT, Stage.DECLARED)
            held = collect_project(office, taken.id)
            assert (held["opinion"], held["checklist"], held["material_acceptances"]) == (None, {}, {})
            assert (taken.approval_date, taken.approval_doc_no, taken.plan_year) == (None, "", None)
            event("taken in")
        office.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
