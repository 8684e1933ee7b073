"""The .xxh format as docs/xxh-format.md specifies it: manifest, signature, schema, safe writing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from xxh_support import (
    DEPT, PDF, Watch, db_state, declare, department, fingerprint, import_file, office, package_data, pair,
    read_members, review,
)

from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.storage import setting_domains
from xxh_desktop.exchange import apply_import, export_package, export_registration, preview_import, signing, store
from xxh_desktop.exchange.manifest import FORMAT_NAME, FORMAT_VERSION, version_text
from xxh_desktop.exchange.reader import PackageRefused
from xxh_desktop.exchange.schema import DATA_SCHEMA
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.paths import backups_dir
from xxh_desktop.workspace import Workspace

from builders import new_project, seeded


@pytest.fixture
def dept(tmp_path: Path):
    ws = department(tmp_path)
    yield ws
    if not ws.closed:
        ws.close()


@pytest.fixture
def off(tmp_path: Path):
    ws = office(tmp_path)
    yield ws
    if not ws.closed:
        ws.close()


def test_manifest_lists_every_member_with_size_and_sm3_and_is_signed(dept: Workspace, tmp_path: Path) -> None:
    pid = declare(dept)
    path = export_package(dept, [pid], tmp_path / "a.xxh").path
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        raw_manifest = zf.read("manifest.json")
        manifest = json.loads(raw_manifest)
        contents = {n: zf.read(n) for n in names}
    assert names[:2] == ["manifest.json", "manifest.sig"]
    assert manifest["format"] == FORMAT_NAME and manifest["format_version"] == version_text(FORMAT_VERSION) == "2.0"
    assert manifest["sender"]["unit"] == DEPT and manifest["sender"]["role"] == "项目建设单位"
    assert manifest["sender"]["fingerprint"] == fingerprint(dept)
    assert manifest["purpose"] == "申报" and manifest["last_received_package_id"] is None
    listed = {m["path"]: m for m in manifest["members"]}
    assert set(listed) == set(names) - {"manifest.json", "manifest.sig"}
    for name, member in listed.items():
        assert member["size"] == len(contents[name]) and member["sm3"] == sm3_hex(contents[name])
    assert f"attachments/{sm3_hex(PDF)}" in listed and contents[f"attachments/{sm3_hex(PDF)}"] == PDF
    assert signing.verify(manifest["sender"]["public_key"], raw_manifest, contents["manifest.sig"])
    assert not signing.verify(manifest["sender"]["public_key"], raw_manifest + b" ", contents["manifest.sig"])
    # the data validates against the schema shipped inside the package, which is the program's own
    shipped = json.loads(contents["schema.json"])
    assert shipped == DATA_SCHEMA
    data = json.loads(contents["data.json"])
    jsonschema.Draft202012Validator(shipped).validate(data)
    [record] = data["projects"]
    # a department allots no county number: its declaration carries the provisional 申报编号
    assert (record["project"]["number"], record["project"]["declaration_no"]) == (None, "SB-2027-001")
    assert record["versions"]["seen"] is None
    assert record["versions"]["sender"]["version"] == 1 and record["versions"]["sender"]["history"] == [
        [1, record["versions"]["sender"]["sm3"]]]
    assert data["registration"] is None


def test_a_new_version_of_the_senders_part_only_when_it_changed(dept: Workspace, tmp_path: Path) -> None:
    pid = declare(dept)
    first = package_data(export_package(dept, [pid], tmp_path / "a.xxh").path)["projects"][0]["versions"]
    same = package_data(export_package(dept, [pid], tmp_path / "b.xxh").path)["projects"][0]["versions"]
    assert same == first
    dept.projects.update(pid, {"responsible_person": "王五"})
    changed = package_data(export_package(dept, [pid], tmp_path / "c.xxh").path)["projects"][0]["versions"]
    assert changed["sender"]["version"] == 2 and changed["sender"]["sm3"] != first["sender"]["sm3"]
    assert changed["sender"]["history"] == [[1, first["sender"]["sm3"]], [2, changed["sender"]["sm3"]]]


def test_the_machine_key_is_made_once_and_kept_sealed_in_settings(dept: Workspace, tmp_path: Path) -> None:
    assert dept.settings.get(setting_domains.SIGNING_KEY) is None
    key = signing.ensure_key(dept)
    stored = dept.settings.get(setting_domains.SIGNING_KEY)
    assert stored.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")       # sealed with the machine key
    assert dept.settings.get(setting_domains.SIGNING_KEY_CLEAR) is None
    assert signing.public_key_b64(signing.ensure_key(dept)) == signing.public_key_b64(key)
    fp = signing.fingerprint(signing.public_key_b64(key))
    assert len(fp) == 39 and fp.count("-") == 7


def test_a_registration_file_carries_the_offices_key_for_one_unit(off: Workspace, tmp_path: Path) -> None:
    path = export_registration(off, "县教育局", tmp_path / "登记.xxh").path
    data = package_data(path)
    manifest = json.loads(dict((i.filename, c) for i, c in read_members(path))["manifest.json"])
    assert manifest["purpose"] == "登记" and manifest["sender"]["role"] == "县智慧办"
    assert data["registration"] == {"unit": "县教育局", "office_fingerprint": fingerprint(off)}
    assert data["projects"] == data["procurements"] == data["attachments"] == []
    assert "县教育局" in off.units.names()
    with pytest.raises(XxhError, match="不可见字符"):
        export_registration(off, "县教育局\u200b", tmp_path / "登记2.xxh")
    dept = department(tmp_path)
    try:
        with pytest.raises(XxhError, match="只能由县智慧办制作"):
            export_registration(dept, DEPT, tmp_path / "登记3.xxh")
    finally:
        dept.close()


def test_export_writes_through_a_temporary_name_and_reports_progress(dept: Workspace, tmp_path: Path) -> None:
    pid = declare(dept)
    usb = tmp_path / "usb"
    usb.mkdir()
    seen: list[tuple[int, int]] = []
    result = export_package(dept, [pid], usb / "a.xxh", progress=lambda d, t: seen.append((d, t)))
    assert [p.name for p in usb.iterdir()] == ["a.xxh"]          # no temporary file left behind
    assert seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert result.file_sm3 == sm3_hex((usb / "a.xxh").read_bytes())
    [row] = [p for p in dept.packages.all() if p.direction == "out"]
    assert row.package_id == result.package_id and row.file_sm3 == result.file_sm3


def test_export_refusals(dept: Workspace, tmp_path: Path) -> None:
    pid = declare(dept)
    with pytest.raises(XxhError, match="找不到项目或采购申报「JZ-2099-999」"):
        export_package(dept, ["JZ-2099-999"], tmp_path / "a.xxh")
    with pytest.raises(XxhError, match=".xxh 结尾"):
        export_package(dept, [pid], tmp_path / "a.zip")
    with pytest.raises(XxhError, match="文件夹不存在"):
        export_package(dept, [pid], tmp_path / "gone" / "a.xxh")
    with seeded(dept):   # a record of another unit somehow on the department's machine
        other = dept.projects.create("另一个单位的项目", "县教育局", 2027)
    with pytest.raises(XxhError, match="只能报送本单位（县应急管理局）的项目"):
        export_package(dept, [pid, other], tmp_path / "a.xxh")
    assert not (tmp_path / "a.xxh").exists()
    blank = Workspace.open(tmp_path / "blank.db")
    new_project(blank, "无身份", "县民政局", 2027)
    with pytest.raises(XxhError, match="本机身份设置.*xxh init --side"):
        export_package(blank, ["JZ-2027-001"], tmp_path / "a.xxh")
    blank.close()


def test_an_office_file_goes_to_one_unit(off: Workspace, tmp_path: Path) -> None:
    first = new_project(off, "应急指挥平台升级", DEPT, 2027, number="JZ-2027-001")
    second = new_project(off, "智慧校园平台", "县教育局", 2027, number="JZ-2027-002")
    with pytest.raises(XxhError, match="一个交换文件只能发给一个项目建设单位"):
        export_package(off, [first, second], tmp_path / "a.xxh")
    assert export_package(off, [first], tmp_path / "a.xxh").projects == 1


def test_preview_writes_nothing_and_import_backs_up_first(tmp_path: Path) -> None:
    off, dept = pair(tmp_path)
    pid = declare(dept)
    path = export_package(dept, [pid], tmp_path / "a.xxh").path
    before = db_state(off)
    with preview_import(off, path):
        pass
    assert db_state(off) == before
    assert not backups_dir(off.path).exists()
    result = import_file(off, path, trust_key=fingerprint(dept))
    assert result.backup_path.parent == backups_dir(off.path)
    with Workspace.open(result.backup_path, create=False) as copy:
        assert copy.projects.count() == 0 and copy.check() == []
    off.close()
    dept.close()


def test_import_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off, dept = pair(tmp_path)
    first, second = declare(dept), declare(dept, "第二个项目")
    path = export_package(dept, [first, second], tmp_path / "a.xxh").path
    real = store.write_project
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        real(*args, **kwargs)

    with preview_import(off, path) as preview:
        monkeypatch.setattr(store, "write_project", failing)
        with pytest.raises(OSError):
            apply_import(off, preview, trust_key=fingerprint(dept))
        assert off.projects.count() == 0
        assert not off.materials.has_blob(sm3_hex(PDF))
        assert [p for p in off.packages.all() if p.direction == "in"] == []
        assert off.keys.current(Side.UNIT, DEPT) is None
        monkeypatch.setattr(store, "write_project", real)
        apply_import(off, preview, trust_key=fingerprint(dept))
    assert off.projects.count() == 2
    assert sorted(p.number for p in off.projects.all()) == ["JZ-2027-001", "JZ-2027-002"]
    off.close()
    dept.close()


def test_last_received_package_travels_back(tmp_path: Path) -> None:
    off, dept = pair(tmp_path)
    registration = dept.packages.last_received()
    pid = declare(dept)
    first = export_package(dept, [pid], tmp_path / "a.xxh")
    with preview_import(off, first.path) as preview:
        assert preview.package.manifest.last_received_package_id == registration
        assert preview.sender_unit == DEPT and preview.key_status.startswith("首次")
        apply_import(off, preview, trust_key=fingerprint(dept))
    review(off, pid)
    answer = export_package(off, [pid], tmp_path / "b.xxh")
    with preview_import(dept, answer.path) as preview:
        assert preview.package.manifest.last_received_package_id == first.package_id
        assert preview.sender_unit == "县智慧办" and preview.key_status == "已登记"
        apply_import(dept, preview)
    again = export_package(dept, [pid], tmp_path / "c.xxh")
    with preview_import(off, again.path) as preview:
        assert preview.package.manifest.last_received_package_id == answer.package_id
    off.close()
    dept.close()


def test_imports_and_exports_are_audited(tmp_path: Path) -> None:
    off, dept = pair(tmp_path)
    pid = declare(dept)
    path = export_package(dept, [pid], tmp_path / "a.xxh").path
    import_file(off, path, trust_key=fingerprint(dept))
    assert [e.action for e in dept.audit_log.entries()].count("导出交换文件") == 1
    assert {"导入交换文件", "登记交换密钥"} <= {e.action for e in dept.audit_log.entries()}   # the office's key
    actions = [e.action for e in off.audit_log.entries()]
    assert {"制作单位登记文件", "导入交换文件", "导入记录", "登记交换密钥", "备份", "改编号"} <= set(actions)
    [imported] = [json.loads(e.after) for e in off.audit_log.entries() if e.action == "导入交换文件"]
    assert imported["fingerprint"] == fingerprint(dept) and imported["sender"] == DEPT
    assert off.check() == [] and off.audit_log.verify() == []
    off.close()
    dept.close()


GOLDEN = Path(__file__).resolve().parent.parent / "data" / "xxh" / "declaration-format-1.0.xxh"


def test_a_format_1_0_file_is_refused_with_a_clear_message(off: Workspace, tmp_path: Path) -> None:
    """tests/data/xxh/declaration-format-1.0.xxh was written by version 0.1.0: format 2.0 refuses it,
    saying why and what to do (its identity and ownership rules cannot be checked on it)."""
    copy = tmp_path / GOLDEN.name
    copy.write_bytes(GOLDEN.read_bytes())
    watch = Watch(off, tmp_path)
    with pytest.raises(PackageRefused) as caught:
        preview_import(off, copy)
    watch.refused(caught.value, copy, "此文件是旧格式 1.0（由 xxh-desktop 0.1.0 版导出）", "本程序读取格式 2.0",
                  "请对方升级到本版本后重新导出")
    assert off.projects.count() == 0


def test_every_database_column_of_a_record_travels(ws: Workspace) -> None:
    """A column added to these tables must be added to the format (records.py) or named local here."""
    from xxh_desktop.exchange import records as R

    # trashed_at: the 回收站 holds only records that never travelled (recycle.py).
    local_only = {"id", "unit_id", "revision", "created_at", "updated_at", "project_id",
                  "procurement_id", "item_key", "kind", "trashed_at"}
    tables = {"projects": R.PROJECT_COLUMNS, "declarations": R.DECLARATION_COLUMNS,
              "procurements": R.PROCUREMENT_COLUMNS, "procurement_items": R.ITEM_COLUMNS,
              "materials": {**R.MATERIAL_COLUMNS, "accepted_reason": "s"},   # it travels in material_acceptances
              "checklist_answers": R.CHECKLIST_COLUMNS,
              "opinions": R.OPINION_COLUMNS, "stage_history": R.HISTORY_COLUMNS, **R.LIST_TABLES}
    for table, spec in tables.items():
        columns = {r[1] for r in ws.database.connection().execute(f"PRAGMA table_info({table})")}
        assert columns - local_only == set(spec) - local_only, table


SAMPLES = [None, "", "x", "x" * 20001, "2026-02-01", "2026-02", "2026-02-01T08:00:00+08:00", "a" * 64, "0" * 64,
           0, 1, -1, 2, 2027, 10**15, 10**15 + 1, 1.5, True, False, [], {}, "草稿", "符合", "同意", "退回补充"]


@pytest.mark.parametrize("token", ["s?", "t?", "i?", "amt?", "year?", "qty?", "case?", "b?", "d?", "m?", "sm3?",
                                   "stage?", "side?", "answer?", "conclusion?"])
def test_a_nullable_value_passes_exactly_where_null_or_its_type_passes(token: str) -> None:
    # The schema says "T or null" as one schema (a type list, or null in the enum), not as an anyOf.
    from xxh_desktop.exchange.schema import _type

    one = jsonschema.Draft202012Validator(_type(token))
    either = jsonschema.Draft202012Validator({"anyOf": [{"type": "null"}, _type(token.rstrip("?"))]})
    assert [one.is_valid(v) for v in SAMPLES] == [either.is_valid(v) for v in SAMPLES]
    assert one.is_valid(None) and not one.is_valid([])


def test_a_wrong_type_where_a_record_or_null_is_expected_is_named_by_its_field(dept: Workspace,
                                                                              tmp_path: Path) -> None:
    from xxh_desktop.exchange.limits import Refused
    from xxh_desktop.exchange.schema import validate

    pid = new_project(dept, "应急指挥平台", "县应急管理局", 2027)
    export_package(dept, [pid], tmp_path / "申报.xxh")
    with zipfile.ZipFile(tmp_path / "申报.xxh") as zf:
        data = json.loads(zf.read("data.json"))
    validate(data)
    data["projects"][0]["declaration"] = "不是对象"
    with pytest.raises(Refused, match="第 1 个项目.*的字段「.*declaration.*」类型不对"):
        validate(data)
