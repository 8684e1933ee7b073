"""Finished files written safely (PRODUCT.md §10): a USB stick only ever sees
a temporary name, synced, then renamed — never a half-written export.

Every failure (missing folder, no permission, full disk) becomes an XxhError
with a Chinese message; the temporary file is removed and an earlier file of
the same name is left as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import XxhError


def describe_os_error(exc: OSError, path: Path) -> str:
    """A Chinese sentence for a failed write of `path`."""
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，未能写入 {path}。请清理空间或换一个位置后重试。"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有写入权限：{path}（U盘是否写保护？文件是否正被其他程序打开？）"
    if exc.errno == errno.ENOENT:
        return f"文件夹不存在：{path.parent}"
    return f"无法写入 {path}：{exc.strerror or exc}"


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask, read without changing it where Linux shows it (os.umask sets while it reads)."""
    try:
        with open("/proc/self/status", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _normal_permissions(fd: int) -> None:
    """mkstemp makes 0600; a finished file gets what any program makes (0644 under umask 022).

    A FAT-formatted USB stick fixes permissions at mount time and refuses
    chmod: there the file system's own permissions stand.
    """
    if os.name != "posix":
        return
    try:
        os.fchmod(fd, 0o666 & ~_umask())
    except OSError:
        pass


def atomic_write(path: str | Path, content: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write `content` (bytes, or a function writing to a binary file) to `path` atomically."""
    target = Path(path)
    if not target.parent.is_dir():
        raise XxhError(f"文件夹不存在：{target.parent}")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".xxh-", suffix=".part", dir=target.parent)
        _normal_permissions(fd)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, bytes):
                fh.write(content)
            else:
                content(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(target.parent)
    except OSError as exc:
        raise XxhError(describe_os_error(exc, target)) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return target
