"""The program's small files outside the database — the machine key, the anchors file, the
backups' `.audit-head` sidecars — read and appended safely (probe-restore F13).

Whoever can write in the data folder, or on the USB stick a backup went to, can put a pipe, a
device or a file of gigabytes where one of them belongs. A pipe never ends a read (nor an open
for writing, until someone reads it): the command would hang for good. A huge file would be held
in memory whole. So a file is opened only once it is known to be a regular file, without
waiting (O_NONBLOCK), checked again as opened, and read up to a bound.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)   # POSIX; Windows has no pipes in a folder
# A link in the place of one of these files is not followed (re-probe N9: the anchors were appended
# to whatever file a link named).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class UnfitFile(OSError):
    """A file refused unread, said in Chinese. An OSError: each reader already says what it does
    with a file it cannot read (the same as with a folder in that place)."""

    def __str__(self) -> str:
        return self.strerror


def kind_problem(mode: int) -> str:
    """What a file of `mode` is, in Chinese, when it is not a regular file ("" when it is)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "是链接，不是普通文件"
    if stat.S_ISDIR(mode):
        return "是文件夹，不是文件"
    if stat.S_ISFIFO(mode):
        return "是管道，不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备，不是普通文件"
    if stat.S_ISSOCK(mode):
        return "是套接字，不是普通文件"
    return "不是普通文件"


def _refuse_unless_regular(mode: int) -> None:
    if problem := kind_problem(mode):
        raise UnfitFile(errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL, problem)


def _too_large(size: int, limit: int) -> UnfitFile:
    return UnfitFile(errno.EFBIG, f"有 {size} 字节，远大于这种文件应有的大小：至多 {limit} 字节")


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    # Looked at before it is opened (a device may act on being opened), then as opened: the
    # name may have been given to something else in between.
    _refuse_unless_regular(os.lstat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOFOLLOW | _BINARY)
    try:
        info = os.fstat(fd)
        _refuse_unless_regular(info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _read_up_to(fd: int, count: int) -> bytes:
    chunks, size = [], 0
    while size < count:
        chunk = os.read(fd, count - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_small(path: Path, limit: int) -> bytes:
    """The content of the regular file at `path`; UnfitFile when it is something else (a folder,
    a pipe, a device) or longer than `limit` bytes, before it is read."""
    fd, info = _open_regular(path)
    try:
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        content = _read_up_to(fd, limit + 1)   # one byte more: a file grown since is still refused
    finally:
        os.close(fd)
    if len(content) > limit:
        raise _too_large(len(content), limit)
    return content


def read_tail(path: Path, limit: int) -> tuple[bytes, bool]:
    """The content of the regular file at `path`, or only its last `limit` bytes when it is
    longer, and whether that is all of it; UnfitFile when it is not a regular file."""
    fd, info = _open_regular(path)
    try:
        start = max(0, info.st_size - limit)
        if start:
            os.lseek(fd, start, os.SEEK_SET)
        return _read_up_to(fd, limit), start == 0
    finally:
        os.close(fd)


def append(path: Path, data: bytes) -> None:
    """`data` at the end of the regular file at `path` (made when there is none), synced."""
    # Without waiting: a pipe nobody reads refuses the open (ENXIO) instead of holding it.
    if os.path.islink(path):
        raise UnfitFile(errno.ELOOP, kind_problem(os.lstat(path).st_mode))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NONBLOCK | _NOFOLLOW | _BINARY, 0o666)
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
