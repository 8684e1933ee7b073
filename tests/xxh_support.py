"""Shared builders for the .xxh exchange tests (core and GUI): two machines and hostile files."""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from xxh_desktop import checklist
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import Stage
from xxh_desktop.exchange import (
    ImportResult, apply_import, export_package, export_registration, preview_import, signing, strictjson,
)
from xxh_desktop.exchange.manifest import Manifest, Member
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.lifecycle import move_stage
from xxh_desktop.workspace import Workspace

DEPT = "县应急管理局"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"   # binary, byte-exact round trip


def machine(path: Path, side: Side | str, unit: str = "") -> Workspace:
    ws = Workspace.open(path)
    ws.settings.choose_side(side, unit)
    ws.user = unit or str(side)
    return ws


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
    for item in checklist.ITEMS:
        checklist.set_answer(ws, pid, item.key, "符合")
    checklist.write_opinion(ws, pid, "同意", "同意建设。", issued_on=date(2026, 10, 10))
    result = move_stage(ws, pid, Stage.AWAITING_APPROVAL, on=date(2026, 10, 10))
    assert result.ok, result.refusals


def db_state(ws: Workspace) -> bytes:
    """The database file's bytes and its WAL, after a checkpoint (what 'unchanged' means on disk)."""
    ws.database.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
