"""Finished files written safely (PRODUCT.md §10): a USB stick only ever sees
a temporary name, synced, then renamed — never a half-written file.

One writer for every finished file: `.xxh` exports, backups, PDFs and Excel
workbooks. Every failure (missing folder, no permission, full disk) becomes
an XxhError with a Chinese message; the temporary file is removed and an
earlier file of the same name is left as it was. The file gets the user's
normal permissions (the umask), like any file the user saves.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
import sys
import traceback
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from .domain.text import shown
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


# A temporary name: «.NAME.PID-XXXXXXXX.part», and what SQLite adds to it while writing (-journal);
# files of earlier versions had no process id.
_LEFTOVER = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)-)?[0-9a-f]{8}\.part(?:-journal|-wal|-shm)?$")


def temp_path(target: Path) -> Path:
    """The hidden name `target` is written under, with this process's id: a leftover of a
    killed writer is then told from a file another process is still writing."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")


def process_alive(pid: int) -> bool:
    """Whether process `pid` runs (on this machine)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
        kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5   # ERROR_ACCESS_DENIED: it runs, as another user
        try:
            code = wintypes.DWORD()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)   # signal 0 only asks (never on Windows, where it would terminate)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def remove_leftovers(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files (of `name`, or of any file) that a killed writer left in
    `folder`; a file a running process is writing stays. Returns what was removed."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    removed = []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or (name is not None and match["name"] != name):
            continue
        if match["pid"] and process_alive(int(match["pid"])):
            continue
        try:
            entry.unlink()
        except OSError:
            continue   # in use (Windows) or not ours to remove: left for the next time
        removed.append(entry)
    return removed


def check_target(path: str | Path, *, in_folder: str | None = None) -> Path:
    """`path` as a place a finished file may be written: it names a file (not "", ".", "..", a
    root, or a folder written with a separator at its end), in a folder that exists, and is
    not a folder, a device, a pipe or a socket — the rename would replace any of those.

    `in_folder`: the name to write under when `path` names a folder that exists (a backup's
    DEST); without it a folder is refused. A path ending in a separator names a folder whether
    or not there is one — judged on the string as given, since a Path drops that separator and
    would name a file (probe-restore F12: `backup backups/` made a file of the program's folder).

    A symbolic link is replaced by the new file, as the rename does; what it points to is left
    as it was (a link to one of the program's own files is refused by `check_output`)."""
    raw = os.fspath(path)
    if not raw.strip():
        raise XxhError("没有给出要写入的文件名。请写出要保存的文件名。")
    target = Path(raw)
    separators = tuple(s for s in (os.sep, os.altsep) if s)
    folder = raw.endswith(separators) or os.path.basename(raw) in ("", ".", "..") or target.name in ("", ".", "..")
    if folder or (in_folder is not None and os.path.isdir(raw)):
        if not os.path.isdir(raw):
            if raw.endswith(separators) and os.path.lexists(raw.rstrip("".join(separators))):
                raise XxhError(f"「{shown(raw)}」不是文件夹（以“{raw[-1]}”结尾的路径指文件夹）。"
                               "请写出一个已有的文件夹，或写出要保存的文件名。")
            raise XxhError(f"文件夹「{shown(raw)}」不存在。请先建好这个文件夹，或写出要保存的文件名。")
        if in_folder is None:
            raise XxhError(f"「{raw}」是文件夹，不是文件名。请在文件夹后面写出要保存的文件名。")
        target = Path(raw, in_folder)
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        mode = None   # nothing there yet (or not reachable: the write itself then says why)
    if mode is not None and stat.S_ISDIR(mode):
        raise XxhError(f"「{target}」是一个文件夹，不能当作文件写入。请在文件夹后面写出要保存的文件名。")
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise XxhError(f"「{target}」不是普通文件（是设备、管道或套接字），不能写到那里。请另选文件名。")
    if not target.parent.is_dir():
        raise XxhError(f"文件夹不存在：{target.parent}")
    return target


def same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` name one file: after links and `..` are resolved (on Windows without
    regard to case), or, when both exist, by the file itself (a hard link, another spelling)."""
    if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | Path, protected: Mapping[Path, str], *, in_folder: str | None = None) -> Path:
    """`check_target`, and not one of the `protected` files (path -> what it is, as the
    message names it) under any name: the program's own files are never an output."""
    target = check_target(path, in_folder=in_folder)
    for own, what in protected.items():
        if same_file(target, own):
            raise XxhError(f"不能写到「{target}」：这是{what}。请另选文件名。")
    return target


def atomic_write(path: str | Path, content: bytes | Callable[[Path], None]) -> Path:
    """Write `content` (bytes, or a function that writes the file at the path it is given) to `path`."""
    target = check_target(path)
    tmp = temp_path(target)
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
        _release_quietly(exc)
        raise XxhError(describe_os_error(exc, target)) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            # Quietly: on a read-only disk even removing a file that is not there fails, and
            # that must not replace the message about the user's file with the temporary name.
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
    return target


def _release_quietly(exc: BaseException) -> None:
    """Let go of what a failed writer left open — openpyxl's zip archive — now, and silently.

    Closed later by the garbage collector, it tries to flush onto the full disk again and
    prints a traceback («Exception ignored in ZipFile.__del__») after the clear message.
    """
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = previous


def write_problem(folder: Path) -> str | None:
    """Why nothing can be written in `folder` — a full disk, no permission, a read-only mount —
    found by writing (and removing) a small file there; None when writing works."""
    probe = temp_path(Path(folder) / "probe")
    try:
        with probe.open("xb") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            return f"磁盘空间不足（{folder}）"
        if exc.errno == errno.EROFS:
            return f"{folder} 所在的磁盘是只读的"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"没有在 {folder} 中写入的权限"
        return describe_os_error(exc, Path(folder))
    finally:
        try:
            probe.unlink(missing_ok=True)
        except OSError:
            pass
    return None
