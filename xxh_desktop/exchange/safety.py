"""Reading an untrusted zip safely: member names, member kinds, counted streaming.

Nothing is ever extracted by name (no ``extractall``): each member is streamed
through a hash, and the bytes actually decompressed are counted against the
limits, because a zip's header sizes are written by whoever made the file.
"""

from __future__ import annotations

import re
import stat
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..domain.filenames import is_device_name
from ..hashing import Sm3Stream
from .limits import Limits, Refused

CHUNK = 64 * 1024

_WINDOWS_FORBIDDEN = set('<>"|?*')
_FILE_ATTRIBUTE_REPARSE_POINT = 0x400   # a Windows link or junction


def name_problem(name: str, limits: Limits) -> str | None:
    """Why a member name is unsafe, in Chinese; None when it is a plain relative path."""
    shown = repr(name[:80])
    if not name:
        return "有一个成员的名称为空"
    if len(name) > limits.max_name:
        return f"成员名称过长（{len(name)} 个字符）：{shown}"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return f"成员名称含有控制字符：{shown}"
    if "\\" in name:
        return f"成员名称含有反斜杠（Windows 路径分隔符）：{shown}"
    if re.match(r"^[A-Za-z]:", name):
        return f"成员名称是带盘符的绝对路径：{shown}"
    if ":" in name:
        return f"成员名称含有冒号（Windows 盘符或备用数据流）：{shown}"
    if name.startswith("/"):
        return f"成员名称是绝对路径：{shown}"
    if name.endswith("/"):
        return f"包内有目录条目：{shown}"
    for part in name.split("/"):
        if part == "..":
            return f"成员名称含有「..」，试图写到目标文件夹之外（路径穿越）：{shown}"
        if part in ("", "."):
            return f"成员名称含有空的或「.」路径段：{shown}"
        if _WINDOWS_FORBIDDEN & set(part):
            return f"成员名称含有 Windows 不允许的字符：{shown}"
        if part.endswith((" ", ".")):
            return f"成员名称以空格或点结尾（Windows 会悄悄去掉它们）：{shown}"
        if is_device_name(part):
            return f"成员名称是 Windows 保留的设备名（CON、NUL、COM1 等）：{shown}"
    return None


def name_key(name: str) -> str:
    """Two names that one file system may treat as the same file share this key."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFC", name).casefold())


@dataclass(frozen=True)
class Entry:
    name: str
    info: zipfile.ZipInfo


def check_entries(zf: zipfile.ZipFile, limits: Limits) -> list[Entry]:
    """Every member's name, kind and declared size, before any member is read."""
    infos = zf.infolist()
    if not infos:
        raise Refused("压缩包是空的，没有任何成员")
    if len(infos) > limits.max_members:
        raise Refused(f"成员过多（{len(infos)} 个，上限 {limits.max_members} 个）")
    seen: dict[str, str] = {}
    declared_total = 0
    entries = []
    for info in infos:
        name = info.filename
        problem = name_problem(name, limits)
        if problem:
            raise Refused(problem)
        key = name_key(name)
        if key in seen:
            other = seen[key]
            if other == name:
                raise Refused(f"包内有两个同名成员「{name}」")
            raise Refused(f"包内有两个成员「{other}」与「{name}」只差大小写或 Unicode 写法，"
                          "在 Windows 上会变成同一个文件")
        seen[key] = name
        if info.flag_bits & 0x1:
            raise Refused(f"成员「{name}」已加密，本系统不接受加密成员")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or (info.external_attr & _FILE_ATTRIBUTE_REPARSE_POINT):
            raise Refused(f"成员「{name}」是一个链接（symlink），本系统不接受链接")
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise Refused(f"成员「{name}」不是普通文件")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(f"成员「{name}」使用了不支持的压缩方式（{info.compress_type}）")
        if info.file_size > limits.max_member:
            raise Refused(f"成员「{name}」过大（{info.file_size} 字节，上限 {limits.max_member} 字节）")
        if info.file_size > limits.ratio_grace and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise Refused(f"成员「{name}」压缩比过高（可能是压缩炸弹），上限 {limits.max_ratio} 倍")
        declared_total += info.file_size
        if declared_total > limits.max_total:
            raise Refused(f"解压后总大小超过上限（{limits.max_total} 字节）")
        entries.append(Entry(name, info))
    return entries


class Counter:
    """Bytes actually decompressed across all members of one package."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0


def stream(zf: zipfile.ZipFile, entry: Entry, counter: Counter,
           sink: Callable[[bytes], None] | None = None, max_size: int | None = None,
           hashed: bool = True) -> tuple[int, str]:
    """Read one member in chunks, counting and (unless told not to) hashing; returns (size, SM3 or '')."""
    limits = counter.limits
    cap = min(limits.max_member, max_size) if max_size is not None else limits.max_member
    digest = Sm3Stream()
    size = 0
    try:
        with zf.open(entry.info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                counter.total += len(chunk)
                if size > cap:
                    raise Refused(f"成员「{entry.name}」解压后过大（超过 {cap} 字节）")
                if size > limits.ratio_grace and size > limits.max_ratio * max(entry.info.compress_size, 1):
                    raise Refused(f"成员「{entry.name}」压缩比过高（可能是压缩炸弹），上限 {limits.max_ratio} 倍")
                if counter.total > limits.max_total:
                    raise Refused(f"解压后总大小超过上限（{limits.max_total} 字节）")
                if hashed:
                    digest.update(chunk)
                if sink is not None:
                    sink(chunk)
    except Refused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError) as exc:
        raise Refused(f"成员「{entry.name}」已损坏或不完整（{exc}）") from None
    return size, digest.hexdigest() if hashed else ""


def read_bytes(zf: zipfile.ZipFile, entry: Entry, counter: Counter, max_size: int,
               hashed: bool = True) -> tuple[bytes, str]:
    parts: list[bytes] = []
    _, digest = stream(zf, entry, counter, parts.append, max_size, hashed)
    return b"".join(parts), digest


class StreamedBeside:
    """Members streamed (`stream`, hashed and counted) one after the other on a thread of their
    own: zlib and SM3 run without Python's lock, so the caller goes on meanwhile — without using
    `zf` or `counter` until `results`, which must be called whatever happens (it ends the thread)."""

    def __init__(self, zf: zipfile.ZipFile, entries: Sequence[Entry], counter: Counter) -> None:
        self._read: dict[str, tuple[int, str]] = {}
        self._problem: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(zf, entries, counter), name="members", daemon=True)
        self._thread.start()

    def _run(self, zf: zipfile.ZipFile, entries: Sequence[Entry], counter: Counter) -> None:
        try:
            for entry in entries:
                self._read[entry.name] = stream(zf, entry, counter)
        except BaseException as exc:  # noqa: BLE001 — raised on the caller's thread by `results`
            self._problem = exc

    def results(self) -> dict[str, tuple[int, str]]:
        """(size, SM3) of each member by name; the first member's problem is raised here."""
        self._thread.join()
        if self._problem is not None:
            raise self._problem
        return self._read
