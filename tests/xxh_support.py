"""Shared builders for the .xxh exchange tests (core and GUI): two machines and hostile files."""

from __future__ import annotations

import hashlib
import io
import shutil
import time
import json
import unicodedata
import uuid
import warnings
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from xxh_desktop import checklist
from xxh_desktop.audit_anchors import ANCHORS_SUFFIX
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import Stage
from xxh_desktop.exchange import (
    ImportResult, apply_import, export_package, export_registration, preview_import, signing, strictjson,
)
from xxh_desktop.exchange.manifest import Manifest, Member
from xxh_desktop.exchange.parts import digest, part
from xxh_desktop.exchange.reader import PackageRefused
from xxh_desktop.exchange.records import KIND_PROCUREMENT, KIND_PROJECT
from xxh_desktop.domain.records import AuditEntry
from xxh_desktop.domain.text import shown
from xxh_desktop.hashing import sm3_hex
from xxh_desktop import lifecycle
from xxh_desktop.lifecycle import move_stage
from xxh_desktop.machine_key import KEY_FILE
from xxh_desktop.workspace import Workspace

DEPT = "县应急管理局"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"   # binary, byte-exact round trip


def machine(path: Path, side: Side | str, unit: str = "") -> Workspace:
    ws = Workspace.open(path)
    ws.settings.choose_side(side, unit)
    ws.user = unit or str(side)
    return ws


def copy_machine(src: Path, dest: Path) -> Path:
    """A machine's database file copied with what lives beside it: the machine key its signing key
    is sealed with, and its audit anchors (as IT would move a machine's data folder)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    if (key := src.parent / KEY_FILE).exists():
        shutil.copyfile(key, dest.parent / KEY_FILE)
    if (anchors := Path(str(src) + ANCHORS_SUFFIX)).exists():
        shutil.copyfile(anchors, Path(str(dest) + ANCHORS_SUFFIX))
    return dest


def department(tmp_path: Path, unit: str = DEPT) -> Workspace:
    return machine(tmp_path / "dept" / "xxh.db", Side.UNIT, unit)


def office(tmp_path: Path) -> Workspace:
    return machine(tmp_path / "office" / "xxh.db", Side.OFFICE)


def fingerprint(ws: Workspace) -> str:
    return signing.fingerprint(signing.own_public_key(ws))


def register(office_ws: Workspace, dept_ws: Workspace, folder: Path) -> None:
    """The office registers the department's unit, and the department takes in the office's key
    from the registration file, checked against the fingerprint (as printed on paper)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"登记-{dept_ws.settings.unit}.xxh"
    export_registration(office_ws, dept_ws.settings.unit, path)
    with preview_import(dept_ws, path) as preview:
        apply_import(dept_ws, preview, trust_key=fingerprint(office_ws))


def pair(tmp_path: Path) -> tuple[Workspace, Workspace]:
    """(office, department) machines; the department holds the office's registered key."""
    o, d = office(tmp_path), department(tmp_path)
    register(o, d, tmp_path / "usb")
    return o, d


def send(sender: Workspace, receiver: Workspace, keys: list[str], path: Path, *,
         on_conflict: str = "ask", choices: dict | None = None) -> ImportResult:
    """Export `keys` from `sender` and import the file at `receiver`; a first key is trusted
    with the sender's true fingerprint (the clerk compared it with the paper)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    export_package(sender, keys, path)
    with preview_import(receiver, path) as preview:
        return apply_import(receiver, preview, choices, on_conflict=on_conflict, trust_key=fingerprint(sender))


def declare(ws: Workspace, name: str = "应急指挥平台升级") -> str:
    """A department's declaration with one material and one waived, sent (已申报) by the department.

    Written on the department's machine through its owners: the project (with
    its provisional 申报编号), its 附件1, the materials and the move 草稿 → 已申报.
    """
    pid = ws.projects.create(name, DEPT, 2027)
    ws.declarations.save(pid, Declaration(
        applicant_unit=DEPT, declared_on=date(2026, 9, 1), leader="张三", contact="李四", phone="0564-7654321",
        email="li@example.cn", project_name=name, start_month=date(2027, 1, 1), end_month=date(2027, 12, 1),
        investment=Decimal("120"), fund_fiscal=Decimal("120"), content="升级指挥调度系统",
        dept_opinion="同意申报"))
    ws.materials.attach(pid, "项目建设方案", "建设方案.pdf", PDF)
    ws.materials.waive(pid, "项目可行性研究报告", "投资额较小，以建设方案代替")
    for kind in ("项目建设依据", "项目概算", "信息资源目录"):
        ws.materials.waive(pid, kind, "另行报送纸质材料")
    result = move_stage(ws, pid, Stage.DECLARED, on=date(2026, 9, 1))
    assert result.ok, result.refusals
    return pid


def review(ws: Workspace, pid: str) -> None:
    """The office's review: 审核中, every checklist item, the written opinion, 待县政府批准."""
    assert move_stage(ws, pid, Stage.REVIEWING, on=date(2026, 9, 20)).ok
    # 第九条: reviewed 会同有关部门; 第八条: the office accepts what the unit marked 暂缺.
    lifecycle.update_facts(ws, pid, {"consulted_units": "县财政局", "consulted_on": "2026-09-25"})
    for m in ws.materials.list(pid):
        if not m.sm3:
            lifecycle.accept_absent_material(ws, pid, m.kind, "纸质材料已收，电子件随后补交")
    for item in checklist.ITEMS:
        checklist.set_answer(ws, pid, item.key, "符合")
    checklist.write_opinion(ws, pid, "同意", "同意建设。", issued_on=date(2026, 10, 10))
    result = move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=date(2026, 10, 10))
    assert result.ok, result.refusals


def approve(ws: Workspace, pid: str) -> None:
    """第十条: the county approves the reviewed project (recorded by the office), listed in the 2027 plan."""
    result = move_stage(ws, pid, Stage.APPROVED, on=date(2026, 11, 2),
                        details={"approval_doc_no": "金政秘〔2026〕131号", "plan_year": 2027})
    assert result.ok, result.refusals


def settle_wal(ws: Workspace) -> None:
    """Everything committed copied into the database file, the -wal emptied (a file copy then holds it)."""
    conn = ws.database.connection()
    while conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
        time.sleep(0.01)   # busy: the checkpoint an import left to its thread is copying the -wal


def db_state(ws: Workspace) -> bytes:
    """The database file's bytes and its WAL, after a checkpoint (what 'unchanged' means on disk)."""
    settle_wal(ws)
    wal = Path(str(ws.path) + "-wal")
    return hashlib.sha256(ws.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).digest()


# ---------------------------------------------------------------------- crafting packages


def read_members(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def write_zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]],
              compress: int = zipfile.ZIP_DEFLATED) -> Path:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", compress) as zf:
        warnings.simplefilter("ignore")   # duplicate names are the point of some cases
        for name, content in members:
            zf.writestr(name, content)
    path.write_bytes(buf.getvalue())
    return path


def resign(ws: Workspace, path: Path, out: Path, *, data: bytes | None = None,
           manifest_edit=None, extra: list[tuple[str | zipfile.ZipInfo, bytes]] = (),
           drop: tuple[str, ...] = (), list_extra: bool = True, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """Rebuild a real package with changes, listed in a fresh manifest and validly signed by `ws`.

    The hostile content then passes the signature and hash checks and must be
    caught by the check meant for it.
    """
    members = {info.filename: content for info, content in read_members(path)}
    if data is not None:
        members["data.json"] = data
    for name in drop:
        members.pop(name, None)
    body = {k: v for k, v in members.items() if k not in ("manifest.json", "manifest.sig")}
    extra_named = [(n.filename if isinstance(n, zipfile.ZipInfo) else n, c) for n, c in extra]
    listed = list(body.items()) + (extra_named if list_extra else [])
    key = signing.ensure_key(ws)
    public = signing.public_key_b64(key)
    old = strictjson.loads(members["manifest.json"], "m", __import__("xxh_desktop.exchange.limits",
                           fromlist=["x"]).DEFAULT_LIMITS, 10**6)
    manifest = Manifest(
        package_id=old["package_id"], created_at=old["created_at"], app_version=old["app_version"],
        schema_version=old["schema_version"], sender_unit=old["sender"]["unit"], sender_role=old["sender"]["role"],
        public_key=public, fingerprint=signing.fingerprint(public), purpose=old["purpose"],
        last_received_package_id=old["last_received_package_id"],
        members=tuple(Member(n, len(c), sm3_hex(c)) for n, c in listed),
    ).to_json()
    if manifest_edit:
        manifest_edit(manifest)
    raw = strictjson.dumps(manifest)
    return write_zip(out, [("manifest.json", raw), ("manifest.sig", signing.sign(key, raw)),
                           *body.items(), *extra], compress)


def patch_header(path: Path, name: str, *, flag_or: int = 0, file_size: int | None = None) -> Path:
    """Edit a member's local and central headers in place (what zipfile will not write)."""
    import struct

    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo(name).header_offset
    raw[offset + 6] |= flag_or
    if file_size is not None:
        struct.pack_into("<I", raw, offset + 22, file_size)
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        nlen = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46:pos + 46 + nlen]).decode("utf-8", "replace") == name:
            raw[pos + 8] |= flag_or
            if file_size is not None:
                struct.pack_into("<I", raw, pos + 24, file_size)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(raw))
    return path


def package_data(path: Path) -> dict:
    """A package's data.json, parsed."""
    return json.loads(dict((info.filename, content) for info, content in read_members(path))["data.json"])


def reversion(data: dict, side: Side) -> None:
    """Make every record's `versions.sender` agree with its content, as the sender's program would
    count it: a changed part of `side` is one more version."""
    for kind, records in ((KIND_PROJECT, data["projects"]), (KIND_PROCUREMENT, data["procurements"])):
        for record in records:
            sm3 = digest(part(kind, record, side))
            sent = record["versions"]["sender"]
            if sm3 != sent["sm3"]:
                version = sent["version"] + 1
                record["versions"]["sender"] = {"version": version, "sm3": sm3,
                                                "history": [*sent["history"], [version, sm3]][-20:]}


def forge(sender: Workspace, path: Path, out: Path, edit=None, *, manifest_edit=None,
          versions: bool = True) -> Path:
    """`path` with its data.json changed by `edit(data)`, under a fresh package id, validly signed
    with `sender`'s own key. With `versions`, each record's versions agree with its content, so the
    file is well formed in every respect but the one the test is about."""
    data = package_data(path)
    if edit is not None:
        edit(data)
    if versions:
        reversion(data, sender.settings.side)

    def manifest(m: dict) -> None:
        m["package_id"] = str(uuid.uuid4())
        if manifest_edit:
            manifest_edit(m)

    out.parent.mkdir(parents=True, exist_ok=True)
    return resign(sender, path, out, data=strictjson.dumps(data), manifest_edit=manifest)


# ---------------------------------------------------------------------- what a refused import leaves behind


def tables(ws: Workspace) -> dict[str, list[str]]:
    """Every table's rows, except the audit log and its bookkeeping (a refusal adds one entry there)."""
    conn = ws.database.connection()
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {}
    for name in names:
        if name == "audit_log":
            continue
        rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
        if name == "settings":
            rows = [r for r in rows if r[0] not in ("audit_head", "audit_key_id")]
        out[name] = sorted(map(repr, rows))
    return out


def files(root: Path) -> set[str]:
    """Every file under `root`, less a database's own companions, which the refusal's audit entry
    may bring into being on a machine that never wrote before (its anchors file, its machine key)."""
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.name != KEY_FILE and not p.name.endswith(ANCHORS_SUFFIX)}


class Watch:
    """The receiving machine and the folders around it before an import. A refused import may
    leave exactly one thing: the audit entry «拒绝导入交换文件» naming the file's SM3."""

    def __init__(self, ws: Workspace, *folders: Path) -> None:
        self.ws = ws
        self.folders = folders
        self.tables = tables(ws)
        self.audit = ws.audit_log.entries()
        self.files = [files(f) for f in folders]

    def refused(self, error: BaseException, path: Path, *words: str) -> AuditEntry:
        message = str(error)
        assert isinstance(error, PackageRefused), message
        file_sm3 = sm3_hex(path.read_bytes())
        assert message.startswith(f"已拒绝导入「{shown(path.name, 120)}」："), message
        for word in words:
            assert word in message, (word, message)
        assert "数据库未作任何改动" in message and f"文件 SM3：{file_sm3}" in message, message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error.problem), message   # said in Chinese
        assert not [ch for ch in message if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf")], message
        assert tables(self.ws) == self.tables
        entries = self.ws.audit_log.entries()
        assert entries[:len(self.audit)] == self.audit
        [entry] = entries[len(self.audit):]
        assert (entry.action, entry.result) == ("拒绝导入交换文件", "拒绝")
        recorded = json.loads(entry.after)
        assert (recorded["file_sm3"], recorded["problem"]) == (file_sm3, error.problem)
        assert self.ws.audit_log.verify() == []
        assert [files(f) for f in self.folders] == self.files
        return entry

    def unchanged(self) -> None:
        assert tables(self.ws) == self.tables
        assert self.ws.audit_log.entries() == self.audit
        assert [files(f) for f in self.folders] == self.files


def import_file(ws: Workspace, path: Path, *, trust_key: str | None = None, on_conflict: str = "theirs",
                choices: dict | None = None) -> ImportResult:
    """Preview and apply, as a clerk who accepts whatever the preview shows."""
    with preview_import(ws, path) as preview:
        return apply_import(ws, preview, choices, on_conflict=on_conflict, trust_key=trust_key)
