"""Export: the chosen records into a signed ``.xxh`` file, written safely to a USB stick.

The file is written under a temporary name in the target folder, flushed to the
device (fsync), renamed into place, and then read back and verified exactly as
a receiver would, so what the person carries away is known to be whole.
"""

from __future__ import annotations

import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, authority
from ..clock import now_iso
from ..domain.text import shown
from ..domain.accounts import Role
from ..domain.fields import Side
from ..errors import XxhError
from ..fileio import atomic_write
from ..hashing import sm3_hex
from ..storage.schema import SCHEMA_VERSION
from . import schema, signing, strictjson
from .limits import DEFAULT_LIMITS, Limits, Refused
from .manifest import ATTACHMENT_DIR, DATA, MANIFEST, SCHEMA, SIGNATURE, Manifest, Member
from .reader import open_package
from .validate import check_data
from .records import KIND_PROCUREMENT, KIND_PROJECT, attachments_of, collect_procurement, collect_project
from .identity import REGISTRATION, unit_name
from .versions import own_versions

if TYPE_CHECKING:
    from ..workspace import Workspace

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    file_sm3: str
    projects: int
    procurements: int
    attachments: int
    size: int


def _resolve(ws: Workspace, keys: list[str]) -> tuple[list[str], list[str]]:
    projects: list[str] = []
    procurements: list[str] = []
    for key in keys:
        project = ws.projects.find(key)
        if project:
            if project.id not in projects:
                projects.append(project.id)
            continue
        case = ws.procurements.find(key)
        if case is None:
            raise XxhError(f"找不到项目或采购申报「{shown(key, 40)}」。请用 list 命令查看编号。")
        if case.id not in procurements:
            procurements.append(case.id)
    if not projects and not procurements:
        raise XxhError("请至少选择一个项目或采购申报再导出。")
    return projects, procurements


def _refuse_other_units(ws: Workspace, unit: str, project_ids: list[str],
                        procurement_ids: list[str]) -> None:
    """A department's file carries its own records only — the office would refuse it anyway."""
    others = [p.number for p in map(ws.projects.get, project_ids) if p.unit != unit]
    others += [c.number for c in map(ws.procurements.get, procurement_ids) if c.unit != unit]
    if others:
        raise XxhError(f"项目建设单位只能报送本单位（{unit}）的项目和采购申报，"
                       f"以下记录属于其他单位，未导出：{'、'.join(others)}")


def _refuse_mixed_units(ws: Workspace, project_ids: list[str], procurement_ids: list[str]) -> None:
    """An office file goes to one unit, which takes in its own records only (docs/xxh-format.md §5)."""
    units = {p.unit for p in map(ws.projects.get, project_ids)} | {c.unit for c in map(ws.procurements.get,
                                                                                        procurement_ids)}
    if len(units) > 1:
        raise XxhError(f"一个交换文件只能发给一个项目建设单位，所选记录属于 {len(units)} 个单位："
                       f"{'、'.join(sorted(units))}。请按单位分别导出。")


def sender_identity(ws: Workspace) -> tuple[str, str]:
    side = ws.settings.side
    if side is None:
        raise XxhError("本机尚未选择身份（县智慧办或项目建设单位），请先在「工具 → 本机身份设置」中选择，"
                       "或用命令 xxh init --side 选择。")
    if side == Side.OFFICE:
        return Side.OFFICE.value, side.value
    unit = ws.settings.unit
    if not unit:
        raise XxhError("本机尚未填写本单位名称，请先在「工具 → 本机身份设置」中填写。")
    return unit, side.value


def _sendable_sizes(ws: Workspace, record: dict[str, Any], limits: Limits) -> dict[str, int]:
    """The project's attachments by SM3 with their sizes; a material the receiver would refuse is
    said here, by name, instead of as a file that fails its read-back: an empty one (第八条、
    第十七条: no material) or one larger than a member may be."""
    sizes = {}
    for kind, material in record["materials"].items():
        if not material.get("sm3"):
            continue
        size = sizes[material["sm3"]] = ws.materials.blob_size(material["sm3"])
        if size == 0 or size > limits.max_member:
            project = record["project"]
            name = project["number"] or project["declaration_no"] or shown(project["name"], 40)
            why = "是空文件（0 字节）" if size == 0 else f"有 {size} 字节，超过交换文件一个成员的上限 {limits.max_member} 字节"
            raise XxhError(f"项目 {name} 的材料「{kind}」{why}，不能导出。请重新附加正确的文件后再导出。")
    return sizes


def export_package(ws: Workspace, keys: list[str], out: str | Path, *, purpose: str | None = None,
                   progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> ExportResult:
    """Write the projects / procurement cases named by `keys` (numbers or UUIDs) to `out`."""
    authority.require_document(ws.actor, "交换文件")
    target = ws.check_output(out)   # before the versions below are written
    unit, role = sender_identity(ws)
    project_ids, procurement_ids = _resolve(ws, keys)
    if role == Side.UNIT:
        _refuse_other_units(ws, unit, project_ids, procurement_ids)
    else:
        _refuse_mixed_units(ws, project_ids, procurement_ids)
    side = Side(role)
    projects: list[dict[str, Any]] = []
    procurements: list[dict[str, Any]] = []
    sizes: dict[str, int] = {}
    with ws.transaction():   # a new version of our part of each record, when it changed since the last one
        for pid in project_ids:
            record = collect_project(ws, pid)
            sizes |= _sendable_sizes(ws, record, limits)   # before its version is counted (rolled back)
            if (total := sum(sizes.values())) > limits.max_attachments:
                raise XxhError(f"所选项目的附件合计 {total} 字节，超过一个交换文件能带的 {limits.max_attachments} 字节，"
                               "不能导出。请分几次导出，每次少选几个项目。")
            record["versions"] = own_versions(ws, KIND_PROJECT, record, side)
            projects.append(record)
        for pid in procurement_ids:
            record = collect_procurement(ws, pid)
            record["versions"] = own_versions(ws, KIND_PROCUREMENT, record, side)
            procurements.append(record)
    digests = sorted(set().union(*(attachments_of(r) for r in projects)) if projects else set())
    filenames = {m["sm3"]: m["filename"] for r in projects for m in r["materials"].values() if m["sm3"]}
    data = {"projects": projects, "procurements": procurements, "registration": None,
            "attachments": [{"sm3": d, "size": ws.materials.blob_size(d), "filename": filenames.get(d, "")}
                            for d in digests]}
    purpose = purpose or ("申报" if role == Side.UNIT else "审核反馈")
    result = _write_package(ws, data, purpose, target, progress, limits)
    with ws.transaction():
        ws.packages.record(result.package_id, "out", result.file_sm3, unit,
                           f"项目 {len(projects)}，采购申报 {len(procurements)}，附件 {len(digests)}")
        ws.audit_log.append("导出交换文件", result.path.name, after={
            "package_id": result.package_id, "file_sm3": result.file_sm3, "purpose": purpose,
            "records": [r["project"]["number"] or r["project"]["declaration_no"] for r in projects]
            + [r["procurement"]["number"] or r["procurement"]["declaration_no"] for r in procurements]})
    return result


def export_registration(ws: Workspace, unit: str, out: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> ExportResult:
    """The office's registration file for `unit` (docs/xxh-format.md §3): its key, for the unit to
    take in once, checked against the fingerprint printed on paper. The unit joins the register."""
    if ws.settings.side != Side.OFFICE:
        raise XxhError("单位登记文件只能由县智慧办制作。")
    authority.require_side(ws.actor, Side.OFFICE, "单位登记", "第四条")
    authority.require_role(ws.actor, Role.ADMIN, "制作单位登记文件（交换密钥的登记）")
    target = ws.check_output(out)
    try:
        name = unit_name(unit)
    except Refused as exc:
        raise XxhError(f"{exc}。") from None
    ws.units.ensure(name)
    data = {"projects": [], "procurements": [], "attachments": [],
            "registration": {"unit": name, "office_fingerprint": signing.stored_fingerprint(ws)
                             or signing.fingerprint(signing.own_public_key(ws))}}
    result = _write_package(ws, data, REGISTRATION, target, None, limits)
    with ws.transaction():
        ws.packages.record(result.package_id, "out", result.file_sm3, Side.OFFICE.value, f"单位登记：{name}")
        ws.audit_log.append("制作单位登记文件", name, after={"file": result.path.name, "file_sm3": result.file_sm3,
                                                          "fingerprint": data["registration"]["office_fingerprint"]})
    return result


def _write_package(ws: Workspace, data: dict[str, Any], purpose: str, out: Path, progress: Progress | None,
                   limits: Limits) -> ExportResult:
    if out.suffix.lower() != ".xxh":
        raise XxhError(f"交换文件名须以 .xxh 结尾：{out.name}")
    unit, role = sender_identity(ws)
    key = signing.ensure_key(ws)
    try:
        schema.validate(data)
        check_data(data)
    except Refused as exc:
        raise XxhError(f"本机数据不能按交换格式导出：{exc}。请先修正该记录。") from None
    digests = [a["sm3"] for a in data["attachments"]]
    sizes = {a["sm3"]: a["size"] for a in data["attachments"]}
    texts = [(DATA, strictjson.dumps(data)), (SCHEMA, strictjson.dumps(schema.DATA_SCHEMA))]
    # attachments are named by their SM3 and sized from the blobs table: read one at a time while writing
    listed = [Member(name, len(content), sm3_hex(content)) for name, content in texts]
    listed += [Member(ATTACHMENT_DIR + d, sizes[d], d) for d in digests]
    members: list[tuple[str, Callable[[], bytes]]] = [(name, (lambda c=content: c)) for name, content in texts]
    members += [(ATTACHMENT_DIR + d, (lambda d=d: ws.materials.blob(d))) for d in digests]
    public = signing.public_key_b64(key)
    records = data["projects"] + data["procurements"]
    manifest = Manifest(
        package_id=str(uuid.uuid4()), created_at=now_iso(), app_version=__version__,
        schema_version=SCHEMA_VERSION, sender_unit=unit, sender_role=role, public_key=public,
        fingerprint=signing.fingerprint(public), purpose=purpose,
        last_received_package_id=_last_received(ws, role, {r["unit"] for r in records}),
        members=tuple(listed),
    )
    manifest_bytes = manifest.to_bytes()
    signature = signing.sign(key, manifest_bytes)
    _write_atomically(out, [(MANIFEST, lambda: manifest_bytes), (SIGNATURE, lambda: signature), *members],
                      sum(m.size for m in listed) + len(manifest_bytes) + len(signature), progress, limits)
    try:
        with open_package(out, limits) as pkg:   # read back as the receiver will
            if pkg.manifest_bytes != manifest_bytes:
                raise XxhError("读回校验失败：清单与写入的不一致")
            file_sm3 = pkg.file_sm3
    except XxhError as exc:
        out.unlink(missing_ok=True)
        raise XxhError(f"导出文件写入后读回校验失败，已删除该文件（U盘可能有坏块或已满）：{exc}") from None
    return ExportResult(out, manifest.package_id, file_sm3, len(data["projects"]), len(data["procurements"]),
                        len(digests), out.stat().st_size)


def _last_received(ws: Workspace, role: str, units: set[str]) -> str | None:
    return ws.packages.last_received(None if role == Side.UNIT else units)


def _compression(name: str, content: bytes, limits: Limits) -> int:
    """Deflate JSON unless it would look like a bomb to the receiver; attachments are stored as they are."""
    if name.startswith(ATTACHMENT_DIR) or len(content) < 1024:
        return zipfile.ZIP_STORED
    packed = len(zlib.compress(content, 6))
    if len(content) > limits.ratio_grace and len(content) > (limits.max_ratio // 2) * packed:
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _write_atomically(out: Path, members: list[tuple[str, Callable[[], bytes]]], total: int,
                      progress: Progress | None, limits: Limits) -> None:
    stamp = datetime.now().timetuple()[:6]

    def write(tmp: Path) -> None:
        done = 0
        with tmp.open("xb") as fh, zipfile.ZipFile(fh, "w") as zf:
            for name, load in members:
                content = load()
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = _compression(name, content, limits)
                info.external_attr = 0o100644 << 16    # a regular file, never a link
                zf.writestr(info, content)
                done += len(content)
                if progress:
                    progress(done, total)

    try:
        atomic_write(out, write)
    except XxhError as exc:
        if isinstance(exc.__cause__, OSError) and "U盘" not in str(exc):   # a write that failed, not yet hinted
            raise XxhError(f"{exc}（U盘已满、写保护或已拔出？）") from exc
        raise
