"""Export: the chosen records into a signed ``.xxh`` file, written safely to a USB stick.

The file is written under a temporary name in the target folder, flushed to the
device (fsync), renamed into place, and then read back and verified exactly as
a receiver would, so what the person carries away is known to be whole.
"""

from __future__ import annotations

import os
import sys
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import __version__, settings
from ..errors import XxhError
from ..hashing import sm3_hex
from ..schema import SCHEMA_VERSION
from ..workspace import Workspace, now_iso
from . import schema, signing, strictjson
from .limits import DEFAULT_LIMITS, Limits, Refused
from .manifest import ATTACHMENT_DIR, DATA, MANIFEST, SCHEMA, SIGNATURE, Manifest, Member
from .reader import open_package
from .records import KIND_PROCUREMENT, KIND_PROJECT, attachments_of, collect_procurement, collect_project
from .revisions import settle, snapshot

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
        row = ws.query_one("SELECT id FROM projects WHERE number = ? OR id = ?", (key, key))
        if row:
            if row["id"] not in projects:
                projects.append(row["id"])
            continue
        row = ws.query_one("SELECT id FROM procurements WHERE number = ? OR id = ?", (key, key))
        if row is None:
            raise XxhError(f"找不到项目或采购申报「{key}」。请用 list 命令查看编号。")
        if row["id"] not in procurements:
            procurements.append(row["id"])
    if not projects and not procurements:
        raise XxhError("请至少选择一个项目或采购申报再导出。")
    return projects, procurements


def _refuse_other_units(ws: Workspace, unit: str, project_ids: list[str],
                        procurement_ids: list[str]) -> None:
    """A department's file carries its own records only — the office would refuse it anyway."""
    others = [r["number"] for r in ws.query(
        f"SELECT p.number FROM projects p JOIN units u ON u.id = p.unit_id WHERE u.name != ? "
        f"AND p.id IN ({','.join('?' * len(project_ids))})", (unit, *project_ids))] if project_ids else []
    others += [r["number"] for r in ws.query(
        f"SELECT c.number FROM procurements c JOIN units u ON u.id = c.unit_id WHERE u.name != ? "
        f"AND c.id IN ({','.join('?' * len(procurement_ids))})", (unit, *procurement_ids))] if procurement_ids else []
    if others:
        raise XxhError(f"项目建设单位只能报送本单位（{unit}）的项目和采购申报，"
                       f"以下记录属于其他单位，未导出：{'、'.join(others)}")


def sender_identity(ws: Workspace) -> tuple[str, str]:
    role = settings.role(ws)
    if role is None:
        raise XxhError("本机尚未选择身份（县智慧办或项目建设单位），请先在「工具 → 本机身份设置」中选择。")
    if role == settings.ROLE_OFFICE:
        return settings.ROLE_OFFICE, role
    unit = settings.unit(ws)
    if not unit:
        raise XxhError("本机尚未填写本单位名称，请先在「工具 → 本机身份设置」中填写。")
    return unit, role


def export_package(ws: Workspace, keys: list[str], out: str | Path, *, purpose: str | None = None,
                   progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> ExportResult:
    """Write the projects / procurement cases named by `keys` (numbers or UUIDs) to `out`."""
    out = Path(out)
    if out.suffix.lower() != ".xxh":
        raise XxhError(f"交换文件名须以 .xxh 结尾：{out.name}")
    if not out.parent.is_dir():
        raise XxhError(f"目标文件夹不存在：{out.parent}")
    unit, role = sender_identity(ws)
    purpose = purpose or ("申报" if role == settings.ROLE_UNIT else "审核反馈")
    project_ids, procurement_ids = _resolve(ws, keys)
    if role == settings.ROLE_UNIT:
        _refuse_other_units(ws, unit, project_ids, procurement_ids)
    key = signing.ensure_key(ws)

    projects: list[dict[str, Any]] = []
    procurements: list[dict[str, Any]] = []
    with ws.transaction():   # count every content change as a revision before it leaves
        for pid in project_ids:
            record = collect_project(ws, pid)
            settle(ws, KIND_PROJECT, record)
            snapshot(ws, KIND_PROJECT, record, "out")
            projects.append(record)
        for pid in procurement_ids:
            record = collect_procurement(ws, pid)
            settle(ws, KIND_PROCUREMENT, record)
            snapshot(ws, KIND_PROCUREMENT, record, "out")
            procurements.append(record)
    digests = sorted(set().union(*(attachments_of(r) for r in projects)) if projects else set())
    filenames = {m["sm3"]: m["filename"] for r in projects for m in r["materials"].values() if m["sm3"]}
    sizes = {d: ws.query_one("SELECT size FROM blobs WHERE sm3 = ?", (d,))["size"] for d in digests}
    data = {
        "projects": projects, "procurements": procurements,
        "attachments": [{"sm3": d, "size": sizes[d], "filename": filenames.get(d, "")} for d in digests],
    }
    try:
        schema.validate(data)
    except Refused as exc:
        raise XxhError(f"本机数据不能按交换格式导出：{exc}。请先修正该记录。") from None

    texts = [(DATA, strictjson.dumps(data)), (SCHEMA, strictjson.dumps(schema.DATA_SCHEMA))]
    # attachments are named by their SM3 and sized from the blobs table: read one at a time while writing
    listed = [Member(name, len(content), sm3_hex(content)) for name, content in texts]
    listed += [Member(ATTACHMENT_DIR + d, sizes[d], d) for d in digests]
    members: list[tuple[str, Callable[[], bytes]]] = [(name, (lambda c=content: c)) for name, content in texts]
    members += [(ATTACHMENT_DIR + d, (lambda d=d: ws.blob(d))) for d in digests]
    public = signing.public_key_b64(key)
    manifest = Manifest(
        package_id=str(uuid.uuid4()), created_at=now_iso(), app_version=__version__,
        schema_version=SCHEMA_VERSION, sender_unit=unit, sender_role=role, public_key=public,
        fingerprint=signing.fingerprint(public), purpose=purpose,
        last_received_package_id=_last_received(ws, role, {r["unit"] for r in projects + procurements}),
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
    size = out.stat().st_size
    with ws.transaction():
        ws.insert("packages", {"package_id": manifest.package_id, "direction": "out", "file_sm3": file_sm3,
                               "sender_unit": unit, "at": now_iso(),
                               "summary": f"项目 {len(projects)}，采购申报 {len(procurements)}，附件 {len(digests)}"})
        ws.audit("导出交换文件", out.name, after={
            "package_id": manifest.package_id, "file_sm3": file_sm3, "purpose": purpose,
            "records": [r["project"]["number"] for r in projects] + [r["procurement"]["number"] for r in procurements]})
    return ExportResult(out, manifest.package_id, file_sm3, len(projects), len(procurements), len(digests), size)


def _last_received(ws: Workspace, role: str, units: set[str]) -> str | None:
    if role == settings.ROLE_UNIT:
        row = ws.query_one("SELECT package_id FROM packages WHERE direction = 'in' ORDER BY at DESC, rowid DESC")
    else:
        marks = ",".join("?" for _ in units)
        row = ws.query_one(f"SELECT package_id FROM packages WHERE direction = 'in' AND sender_unit IN ({marks}) "
                           "ORDER BY at DESC, rowid DESC", tuple(units))
    return row["package_id"] if row else None


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
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    done = 0
    stamp = datetime.now().timetuple()[:6]
    try:
        with tmp.open("xb") as fh:
            with zipfile.ZipFile(fh, "w") as zf:
                for name, load in members:
                    content = load()
                    info = zipfile.ZipInfo(name, date_time=stamp)
                    info.compress_type = _compression(name, content, limits)
                    info.external_attr = 0o100644 << 16    # a regular file, never a link
                    zf.writestr(info, content)
                    done += len(content)
                    if progress:
                        progress(done, total)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise XxhError(f"无法写入 {out}：{exc.strerror or exc}（U盘已满、写保护或已拔出？）") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass   # some file systems (FAT on a USB stick) refuse it; the file itself was synced
    finally:
        os.close(fd)
