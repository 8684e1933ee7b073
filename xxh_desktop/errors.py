"""The one exception type the core raises for a user's mistake or a bad file,
and the Chinese words for the failures that come from below (disk, SQLite).

An XxhError's message is Chinese and says what is wrong and what to do; the
CLI prints it on stderr and exits non-zero, the GUI shows it in a message box.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class XxhError(Exception):
    pass


class UnreadableValue(XxhError):
    """A setting or account stored in the database that the program cannot read (changed outside
    it): nobody can sign in to such a file, so a restore treats it as a damaged one."""


UNREADABLE_ADVICE = "（在本程序之外被改动过）。请由系统管理从备份恢复（用备份中的系统管理账户登录），或联系信息技术人员。"


def describe_os_error(exc: OSError, path: Path) -> str:
    """A Chinese sentence for a failed write of `path`."""
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，未能写入 {path}。请清理空间或换一个位置后重试。"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有写入权限：{path}（U盘是否写保护？文件是否正被其他程序打开？）"
    if exc.errno == errno.ENOENT:
        return f"文件夹不存在：{path.parent}"
    if (why := _WRITE_FAILURES.get(exc.errno)) is not None:
        return f"无法写入 {path}：{why}"
    return f"无法写入 {path}：{exc.strerror or exc}（错误代码 {exc.errno}）"


# The other failures a clerk meets, in Chinese (the system's own words are English here).
_WRITE_FAILURES = {
    errno.EIO: "读写时磁盘出错（U盘或磁盘可能有坏块，或已被拔出）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: "文件或设备正被使用",
    getattr(errno, "EDQUOT", -1): "已用完本账户的磁盘配额",   # not on every system
    errno.EFBIG: "文件太大，这个磁盘放不下（U盘是 FAT32 格式时单个文件最大 4 GB）",
    errno.EINVAL: "文件名不被这个磁盘接受（含有不允许的字符？）",
}


def describe_exception(exc: BaseException) -> str | None:
    """A Chinese sentence for an expected kind of failure, or None for a programming error.

    Every write runs in one transaction, so after any of these nothing
    already saved has changed: the sentence says so.
    """
    if isinstance(exc, XxhError):
        return str(exc)
    if isinstance(exc, sqlite3.DataError):
        # «string or blob too big»: the value, not the file, is at fault (nothing is damaged).
        return "要保存的内容过大（超出数据库单个值的容量），本次修改未能保存（已整体撤销，之前保存的数据不受影响）。"
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "could not decode" in text:
            # A value read back is not UTF-8: the file was damaged (the sqlite3 module quotes the garbage).
            return "数据库文件已损坏：其中有的文字无法读取（不是有效的 UTF-8）。请运行“检查”查看损坏之处，并联系信息技术人员从备份恢复。"
        if "full" in text:
            return "磁盘空间不足，本次修改未能保存（已整体撤销，之前保存的数据不受影响）。请清理磁盘空间后重试。"
        if "locked" in text or "busy" in text:
            return "数据库正被另一个程序使用，本次修改未能保存（已整体撤销）。请关闭其他打开同一数据库的程序后重试。"
        if "readonly" in text or "read-only" in text:
            return "数据库文件是只读的，本次修改未能保存。请检查文件权限，或联系信息技术人员。"
        return f"数据库操作失败，本次修改已整体撤销：{exc}"
    if isinstance(exc, sqlite3.DatabaseError):
        return f"数据库文件可能已损坏（{exc}）。请运行“检查”，并联系信息技术人员从备份恢复。"
    if isinstance(exc, OSError):
        return describe_os_error(exc, Path(exc.filename) if exc.filename else Path("文件"))
    return None
