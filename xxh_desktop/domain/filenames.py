"""A material's file name is data, never a path (PRODUCT.md §8).

A name a department typed or a file carried is checked before it is stored —
at attach and at import alike — and is never used to name a file on disk: an
opened material is written under a generated name (`safe_temp_name`).
"""

from __future__ import annotations

import unicodedata

from ..errors import XxhError
from .text import BIDI, shown

MAX_LENGTH = 120
# What a county office hands over: documents, sheets, scans, an archive of them, plain text.
ALLOWED_SUFFIXES = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "jpg", "jpeg", "png", "zip", "txt")
# Windows device names: a file called CON, «AUX .pdf» or COM¹.txt opens a device instead.
WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
})
# Characters Windows refuses in a name, and both separators.
_FORBIDDEN = set('<>:"/\\|?*')


def is_device_name(name: str) -> bool:
    """Whether Windows opens a device for `name`: its part before the first dot, trailing spaces
    dropped, is a device's name in any case (``nul.tar.pdf``, ``AUX .pdf``)."""
    return name.split(".")[0].rstrip(" ").upper() in WINDOWS_DEVICES


def filename_problem(name: str) -> str | None:
    """Why `name` cannot be a material's file name (in Chinese), or None when it can."""
    if not isinstance(name, str) or not name.strip():
        return "文件名为空"
    if len(name) > MAX_LENGTH:
        return f"文件名过长（{len(name)} 个字符，最多 {MAX_LENGTH} 个）"
    if any(ch in BIDI for ch in name):
        return "文件名含有改变文字方向的控制字符（可能把 .exe 伪装成其他类型）"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        return "文件名含有控制字符或不可见字符"
    if any(ch in _FORBIDDEN for ch in name):
        return "文件名不能含有路径分隔符或 < > : \" | ? * 等字符"
    if name in (".", "..") or ".." in name:
        return "文件名不能含有「..」"
    if name != name.strip() or name.endswith("."):
        return "文件名不能以空格或「.」开头或结尾"
    if is_device_name(name):
        return f"「{name}」是 Windows 的设备名，不能作为文件名"
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return f"文件没有扩展名；可附的类型：{'、'.join(ALLOWED_SUFFIXES)}"
    if suffix.lower() not in ALLOWED_SUFFIXES:
        return f"不能附「.{suffix}」类型的文件；可附的类型：{'、'.join(ALLOWED_SUFFIXES)}"
    return None


def check_filename(name: str) -> str:
    """`name` when it may be stored; XxhError naming the problem otherwise."""
    problem = filename_problem(name)
    if problem:
        raise XxhError(f"材料文件名「{shown(name)}」不可用：{problem}。请改名后再附。")
    return name


def safe_temp_name(kind_index: int, digest: str, name: str) -> str:
    """The generated name an opened material is written under: never the stored name itself."""
    suffix = name.rpartition(".")[2].lower()
    if suffix not in ALLOWED_SUFFIXES:
        suffix = "bin"
    return f"material-{kind_index:02d}-{digest[:12]}.{suffix}"
