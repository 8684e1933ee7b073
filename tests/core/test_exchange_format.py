"""The .xxh format as docs/xxh-format.md specifies it: manifest, signature, schema, safe writing."""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from xxh_support import PDF, db_state, declare, department, office, review

from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import apply_import, export_package, preview_import, signing, store
from xxh_desktop.exchange.manifest import FORMAT_NAME, FORMAT_VERSION, version_text
from xxh_desktop.exchange.schema import DATA_SCHEMA
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.paths import backups_dir
from xxh_desktop.workspace import Workspace

from builders import new_project


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
    declare(dept)
    path = export_package(dept, ["JZ-2027-001"], tmp_path / "a.xxh").path
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        raw_manifest = zf.read("manifest.json")
        manifest = json.loads(raw_manifest)
        contents = {n: zf.read(n) for n in names}
    assert names[:2] == ["manifest.json", "manifest.sig"]
    assert manifest["format"] == FORMAT_NAME and manifest["format_version"] == version_text(FORMAT_VERSION)
    assert manifest["sender"]["unit"] == "县应急管理局" and manifest["sender"]["role"] == "项目建设单位"
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
    jsonschema.Draft202012Validator(shipped).validate(json.loads(contents["data.json"]))


def test_the_machine_key_is_made_once_and_kept_in_settings(dept: Workspace, tmp_path: Path) -> None:
    assert dept.settings.get("signing_key") is None
    key = signing.ensure_key(dept)
    stored = dept.settings.get("signing_key")
    assert len(base64.b64decode(stored)) == 32
    assert signing.public_key_b64(signing.ensure_key(dept)) == signing.public_key_b64(key)
    fp = signing.fingerprint(signing.public_key_b64(key))
    assert len(fp) == 39 and fp.count("-") == 7


def test_export_writes_through_a_temporary_name_and_reports_progress(dept: Workspace, tmp_path: Path) -> None:
    declare(dept)
    usb = tmp_path / "usb"
    usb.mkdir()
    seen: list[tuple[int, int]] = []
    result = export_package(dept, ["JZ-2027-001"], usb / "a.xxh", progress=lambda d, t: seen.append((d, t)))
    assert [p.name for p in usb.iterdir()] == ["a.xxh"]          # no temporary file left behind
    assert seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert result.file_sm3 == sm3_hex((usb / "a.xxh").read_bytes())
    [row] = [p for p in dept.packages.all() if p.direction == "out"]
    assert row.package_id == result.package_id and row.file_sm3 == result.file_sm3


def test_export_refusals(dept: Workspace, tmp_path: Path) -> None:
    declare(dept)
    with pytest.raises(XxhError, match="找不到项目或采购申报「JZ-2099-999」"):
        export_package(dept, ["JZ-2099-999"], tmp_path / "a.xxh")
    with pytest.raises(XxhError, match=".xxh 结尾"):
        export_package(dept, ["JZ-2027-001"], tmp_path / "a.zip")
    with pytest.raises(XxhError, match="目标文件夹不存在"):
        export_package(dept, ["JZ-2027-001"], tmp_path / "gone" / "a.xxh")
    blank = Workspace.open(tmp_path / "blank.db")
    new_project(blank, "无身份", "县民政局", 2027)
    with pytest.raises(XxhError, match="本机身份设置.*xxh init --side"):
        export_package(blank, ["JZ-2027-001"], tmp_path / "a.xxh")
    blank.close()


def test_preview_writes_nothing_and_import_backs_up_first(dept: Workspace, off: Workspace, tmp_path: Path) -> None:
    declare(dept)
    path = export_package(dept, ["JZ-2027-001"], tmp_path / "a.xxh").path
    before = db_state(off)
    preview_import(off, path)
    assert db_state(off) == before
    assert not backups_dir(off.path).exists()
    result = apply_import(off, preview_import(off, path))
    assert result.backup_path.parent == backups_dir(off.path)
    with Workspace.open(result.backup_path, create=False) as copy:
        assert copy.projects.count() == 0 and copy.check() == []


def test_import_is_all_or_nothing(dept: Workspace, off: Workspace, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    declare(dept)
    declare(dept, "第二个项目", "JZ-2027-002")
    path = export_package(dept, ["JZ-2027-001", "JZ-2027-002"], tmp_path / "a.xxh").path
    preview = preview_import(off, path)
    real = store.write
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        real(*args, **kwargs)

    monkeypatch.setattr(store, "write", failing)
    with pytest.raises(OSError):
        apply_import(off, preview)
    assert off.projects.count() == 0
    assert not off.materials.has_blob(sm3_hex(PDF))
    assert off.packages.all() == []
    assert off.pinned_keys.get("县应急管理局") is None
    monkeypatch.setattr(store, "write", real)
    apply_import(off, preview)
    assert off.projects.count() == 2


def test_last_received_package_travels_back(dept: Workspace, off: Workspace, tmp_path: Path) -> None:
    pid = declare(dept)
    first = export_package(dept, ["JZ-2027-001"], tmp_path / "a.xxh")
    apply_import(off, preview_import(off, first.path))
    review(off, pid)
    answer = export_package(off, ["JZ-2027-001"], tmp_path / "b.xxh")
    preview = preview_import(dept, answer.path)
    assert preview.last_received_package_id == first.package_id
    assert preview.sender_unit == "县智慧办" and preview.key_status.startswith("首次")
    apply_import(dept, preview)
    again = export_package(dept, ["JZ-2027-001"], tmp_path / "c.xxh")
    assert preview_import(off, again.path).last_received_package_id == answer.package_id


def test_imports_and_exports_are_audited(dept: Workspace, off: Workspace, tmp_path: Path) -> None:
    declare(dept)
    path = export_package(dept, ["JZ-2027-001"], tmp_path / "a.xxh").path
    apply_import(off, preview_import(off, path))
    assert [e.action for e in dept.audit_log.entries()].count("导出交换文件") == 1
    actions = [e.action for e in off.audit_log.entries()]
    assert {"导入交换文件", "导入记录", "固定密钥", "备份"} <= set(actions)
    assert off.check() == []


GOLDEN = Path(__file__).resolve().parent.parent / "data" / "xxh" / "declaration-format-1.0.xxh"


def test_a_format_1_0_file_stays_readable(off: Workspace, tmp_path: Path) -> None:
    """tests/data/xxh/declaration-format-1.0.xxh was written by version 0.1.0: every later version reads it."""
    copy = tmp_path / GOLDEN.name
    copy.write_bytes(GOLDEN.read_bytes())
    preview = preview_import(off, copy)
    assert (preview.format_version, preview.sender_unit, preview.purpose) == ("1.0", "县应急管理局", "申报")
    assert [(r.status, r.number, r.title) for r in preview.records] == [("新增", "JZ-2027-001", "应急指挥平台升级")]
    apply_import(off, preview)
    [material] = [m for m in off.materials.list(off.projects.get("JZ-2027-001").id) if m.sm3]
    assert off.materials.blob(material.sm3) == PDF


def test_every_database_column_of_a_record_travels(ws: Workspace) -> None:
    """A column added to these tables must be added to the format (records.py) or named local here."""
    from xxh_desktop.exchange import records as R

    local_only = {"id", "unit_id", "revision", "base_revision", "created_at", "updated_at", "project_id",
                  "procurement_id", "item_key", "kind"}
    tables = {"projects": R.PROJECT_COLUMNS, "declarations": R.DECLARATION_COLUMNS,
              "procurements": R.PROCUREMENT_COLUMNS, "procurement_items": R.ITEM_COLUMNS,
              "materials": R.MATERIAL_COLUMNS, "checklist_answers": R.CHECKLIST_COLUMNS,
              "opinions": R.OPINION_COLUMNS, "stage_history": R.HISTORY_COLUMNS, **R.LIST_TABLES}
    for table, spec in tables.items():
        columns = {r[1] for r in ws.database.connection().execute(f"PRAGMA table_info({table})")}
        assert columns - local_only == set(spec), table
