"""Finished files written safely (PRODUCT.md §10): a USB stick only ever sees
a temporary name, synced, then renamed — never a half-written file.

One writer for every finished file: `.xxh` exports, backups, PDFs and Excel
workbooks. Every failure (missing folder, no permission, full disk) becomes
an XxhError with a Chinese message; the temporary file is removed and an
earlier file of the same name is left as it was. The file gets the user's
normal permissions (the umask), like any file the user saves.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from .errors import XxhError, describe_os_error


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the system can (POSIX; Windows has no
    directory handles, and FAT on a USB stick refuses it: the file itself was synced)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | Path, content: bytes | Callable[[Path], None]) -> Path:
    """Write `content` (bytes, or a function that writes the file at the path it is given) to `path`."""
    target = Path(path)
    if not target.parent.is_dir():
        raise XxhError(f"文件夹不存在：{target.parent}")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        if isinstance(content, bytes):
            with tmp.open("xb") as fh:
                fh.write(content)
        else:
            content(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise XxhError(describe_os_error(exc, target)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
