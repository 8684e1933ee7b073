"""Owner of `materials` and `blobs`: the files a project carries, stored once by their SM3.

Which side attaches a kind of material is the field catalogue's answer
(``materials.<kind>``): the 第八条 declaration materials are the department's,
the 第十七条/第十八条 papers handed over at 终验 and after are recorded by the office.
"""

from __future__ import annotations

import errno
import sqlite3
import stat
from pathlib import Path, PurePath

from .. import authority
from ..clock import now_iso
from ..domain.filenames import check_filename
from ..domain.materials import check_kind
from ..domain.records import Material, Project
from ..domain.text import shown
from ..errors import XxhError
from ..hashing import Sm3Stream, sm3_hex
from .changes import Area
from .owner import Owner, checked, checked_note


CHUNK = 1 << 20
MiB = 1 << 20


def max_material_size() -> int:
    """The largest material, in bytes: one that a .xxh file can carry (a member's limit)."""
    from ..exchange.limits import DEFAULT_LIMITS   # the exchange package loads only when a file is attached

    return DEFAULT_LIMITS.max_member


def max_project_materials() -> int:
    """What one project's materials may add up to, in bytes: what one .xxh file can carry."""
    from ..exchange.limits import DEFAULT_LIMITS

    return DEFAULT_LIMITS.max_attachments


def check_content_size(name: str, size: int) -> None:
    """Refuse a material of `size` bytes that is empty or too large to travel, naming the file.

    An attached material counts as supplied wherever the regulation asks for it (第八条's
    declaration materials, 第十七条's 终验 papers): an empty file must not pass for one."""
    if size == 0:
        raise XxhError(f"文件是空的（0 字节）：{shown(name)}。材料须有内容，空文件不能作为材料附加"
                       "（第八条、第十七条所列材料以所附文件为准）。请选择正确的文件。")
    limit = max_material_size()
    if size > limit:
        raise XxhError(f"文件太大：{shown(name)} 有 {size} 字节（约 {size / MiB:.1f} MB），超过一份材料的上限 "
                       f"{limit} 字节（{limit // MiB} MB）。这样大的文件无法放进 .xxh 交换文件传送，"
                       "请压缩或拆分后再附加。")


def read_material_file(path: Path) -> bytes:
    """The content of the file at `path`, to attach as a material: refused before it is read when it
    is missing, not a regular file (a folder, a pipe, a device), empty, too large to travel or
    named as no material may be."""
    try:
        info = path.stat()
    except OSError as exc:
        raise XxhError(_unreadable(path, exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise XxhError(f"「{path}」是文件夹，不是普通文件，不能作为材料附加。请选择其中的一个文件。")
    if not stat.S_ISREG(info.st_mode):
        raise XxhError(f"「{path}」不是普通文件（是管道、设备等特殊文件），不能作为材料附加。")
    check_content_size(path.name, info.st_size)
    check_filename(path.name)
    try:
        with path.open("rb") as fh:
            # At most one byte past the limit: a file that grew since it was measured is still refused.
            content = fh.read(max_material_size() + 1)
    except OSError as exc:
        raise XxhError(_unreadable(path, exc)) from exc
    check_content_size(path.name, len(content))
    return content


def _unreadable(path: Path, exc: OSError) -> str:
    """Why the file at `path` could not be read, in Chinese (a read: never «没有写入权限»)."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"文件不存在：{path}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"无法读取文件 {path}：没有读取权限。请检查文件的权限，或先把它复制到自己的文件夹中。"
    if exc.errno == errno.EISDIR:
        return f"「{path}」是文件夹，不是普通文件，不能作为材料附加。请选择其中的一个文件。"
    return f"无法读取文件 {path}：读取时出错（错误代码 {exc.errno}），请检查磁盘或U盘后重试。"


def damaged_blobs(conn: sqlite3.Connection) -> list[str]:
    """The SM3 names of blobs whose content (or size) no longer matches, read a chunk at a time:
    an attachment may be larger than the memory a backup check should take. One that fits in a
    chunk comes with its row, in one call into SQLite instead of four: each call lets go of
    Python's lock, which a check on a worker thread then waits to get back (a backup's, while
    an import runs Python)."""
    damaged = []
    rows = conn.execute("SELECT rowid, sm3, size, CASE WHEN typeof(content) = 'blob' AND length(content) <= ? "
                        "THEN content END FROM blobs ORDER BY rowid", (CHUNK,))
    for rowid, digest, size, content in rows:
        found, length = (sm3_hex(content), len(content)) if content is not None else _streamed(conn, rowid)
        if found != digest or length != size:
            damaged.append(digest)
    return damaged


def _streamed(conn: sqlite3.Connection, rowid: int) -> tuple[str, int]:
    """The SM3 and length of a blob's content, read a chunk at a time."""
    stream, length = Sm3Stream(), 0
    with conn.blobopen("blobs", "content", rowid, readonly=True) as blob:
        while chunk := blob.read(CHUNK):
            stream.update(chunk)
            length += len(chunk)
    return stream.hexdigest(), length


class Materials(Owner):
    seed_tables = ("materials",)

    def list(self, project_id: str) -> list[Material]:
        return [Material(**r) for r in self.database.rows(
            "SELECT m.id, m.kind, m.filename, m.sm3, m.waived_reason, m.added_at, m.added_by, b.size, "
            "m.accepted_reason "
            "FROM materials m LEFT JOIN blobs b ON b.sm3 = m.sm3 WHERE m.project_id = ? ORDER BY m.id",
            (project_id,))]

    def by_kind(self, project_id: str) -> dict[str, Material]:
        return {m.kind: m for m in self.list(project_id)}

    # ------------------------------------------------------------------ content

    def put_blob(self, content: bytes, digest: str | None = None) -> str:
        """Store file content once, named by its SM3 (a digest already computed is trusted)."""
        digest = digest or sm3_hex(content)
        with self.database.transaction():
            # On the connection: an import stores hundreds, sqlite-utils would look the table up each time.
            self.database.connection().execute(
                "INSERT OR IGNORE INTO blobs (sm3, size, content) VALUES (?, ?, ?)", (digest, len(content), content))
        return digest

    def has_blob(self, digest: str) -> bool:
        return self.database.first("SELECT 1 FROM blobs WHERE sm3 = ?", (digest,)) is not None

    def blob(self, digest: str) -> bytes:
        row = self.database.first("SELECT content FROM blobs WHERE sm3 = ?", (digest,))
        if row is None:
            raise XxhError(f"附件内容缺失（SM3 {digest}）。")
        return bytes(row["content"])

    def blob_size(self, digest: str) -> int:
        return int(self.database.scalar("SELECT size FROM blobs WHERE sm3 = ?", (digest,)) or 0)

    def drop_unused_blobs(self, digests: set[str]) -> int:
        """Of `digests`, delete the content no material refers to any more (after a project
        was deleted for good); content another project shares stays. Returns how many went."""
        gone = 0
        with self.database.transaction():
            for digest in sorted(digests):
                if not self.db["materials"].count_where("sm3 = ?", [digest]) and self.has_blob(digest):
                    self.db["blobs"].delete_where("sm3 = ?", [digest])
                    gone += 1
        return gone

    def damaged_blobs(self) -> list[str]:
        """Blobs whose content no longer matches the SM3 they are named by."""
        return damaged_blobs(self.database.connection())

    # ------------------------------------------------------------------ attaching

    def _authorize(self, project_id: str, kind: str) -> Project:
        check_kind(kind)
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, [f"materials.{kind}"], project.unit)
        return project

    def attach(self, project_id: str, kind: str, filename: str, content: bytes, *,
               added_at: str | None = None, added_by: str | None = None) -> int:
        """Attach a file as the project's material of `kind`, replacing an earlier one."""
        project = self._authorize(project_id, kind)
        name = check_filename(PurePath(filename).name)
        check_content_size(name, len(content))
        others = int(self.database.scalar(
            "SELECT coalesce(sum(size), 0) FROM blobs WHERE sm3 IN "
            "(SELECT sm3 FROM materials WHERE project_id = ? AND kind != ?)", (project_id, kind)))
        if others + len(content) > (limit := max_project_materials()):
            raise XxhError(f"文件 {shown(name)} 附加后，本项目的材料合计 {others + len(content)} 字节，超过一个 .xxh "
                           f"交换文件能带的 {limit} 字节（约 {limit // MiB} MB），这个项目将无法导出。请压缩后再附加。")
        with self.database.transaction():
            digest = self.put_blob(content)
            return self._put(project, kind, {"filename": name, "sm3": digest, "waived_reason": ""},
                             added_at, added_by, "添加材料")

    def attach_file(self, project_id: str, kind: str, path: Path) -> int:
        """Attach the file at `path` (the CLI's `attach`, the editor's 附加): who may attach it,
        whether it is a regular file, its size and its name are checked before it is read."""
        self._authorize(project_id, kind)
        content = read_material_file(Path(path))
        return self.attach(project_id, kind, Path(path).name, content)

    def waive(self, project_id: str, kind: str, reason: str, *, added_at: str | None = None,
              added_by: str | None = None) -> int:
        """Mark a material 暂缺 with a reason (第八条 materials may be supplied later)."""
        if not reason.strip():
            raise XxhError("标记「暂缺」须写明原因。")
        checked_note("暂缺原因", reason)
        project = self._authorize(project_id, kind)
        with self.database.transaction():
            return self._put(project, kind, {"filename": "", "sm3": None, "waived_reason": reason.strip()},
                             added_at, added_by, "材料暂缺")

    def put(self, project_id: str, kind: str, filename: str, digest: str | None, waived_reason: str,
            added_at: str, added_by: str) -> int:
        """A material as another machine recorded it (an import: its content is already stored)."""
        project = self._authorize(project_id, kind)
        if digest:
            check_filename(filename)
        checked_note("暂缺原因", waived_reason)
        if digest and not self.has_blob(digest):
            raise XxhError(f"附件内容缺失（SM3 {digest}）。")
        with self.database.transaction():
            return self._put(project, kind, {"filename": filename, "sm3": digest, "waived_reason": waived_reason},
                             added_at, added_by, "导入材料")

    def accept_absence(self, project_id: str, kind: str, reason: str) -> None:
        """第八条: the office accepts that a 暂缺 material comes later ('' withdraws it).

        Supplying the file, or a new 暂缺 reason from the unit, replaces the row and
        with it the acceptance: the office then judges again."""
        project = self.ws.projects.get(project_id)
        authority.require_fields(self.actor, ["material.accepted_reason"], project.unit)
        checked("material.accepted_reason", reason)
        row = self.by_kind(project.id).get(kind)
        if row is None or row.sm3:
            raise XxhError(f"第八条：「{kind}」没有标记暂缺，无需同意暂缺。")
        with self.database.transaction():
            self.db["materials"].update(row.id, {"accepted_reason": reason})
            self.database.note(Area.MATERIALS, project=project.id)
            self.ws.audit_log.append("同意材料暂缺" if reason else "撤回同意暂缺", project.label,
                                     before={"kind": kind, "accepted_reason": row.accepted_reason},
                                     after={"kind": kind, "accepted_reason": reason})

    def remove(self, project_id: str, kind: str) -> None:
        project = self._authorize(project_id, kind)
        with self.database.transaction():
            self.db["materials"].delete_where("project_id = ? AND kind = ?", [project.id, kind])
            self.database.note(Area.MATERIALS, project=project.id)
            self.ws.audit_log.append("移除材料", project.label, before={"kind": kind})

    def _put(self, project: Project, kind: str, values: dict[str, object], added_at: str | None,
             added_by: str | None, action: str) -> int:
        pid = project.id
        conn = self.database.connection()
        conn.execute("DELETE FROM materials WHERE project_id = ? AND kind = ?", (pid, kind))
        row = {"project_id": pid, "kind": kind, **values, "added_at": added_at or now_iso(),
               "added_by": self.actor.who if added_by is None else added_by}
        mid = int(conn.execute(f"INSERT INTO materials ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                               tuple(row.values())).lastrowid)
        self.database.note(Area.MATERIALS, project=pid)
        self.ws.audit_log.append(action, project.label, after={"kind": kind, **values})
        return mid
