"""The Song (宋体) font every official PDF is printed in, always embedded.

PRODUCT.md §7: reportlab embeds TrueType outlines only (``.ttf``, ``.ttc``
with a subfont index) and refuses CFF-outline OpenType; the built-in CID font
``STSong-Light`` embeds nothing and is never used here.

Resolution order (`resolve_font`):

1. a font file chosen in settings (workspace setting ``pdf_font_path``,
   passed in by the caller as a plain value);
2. SimSun (``simsun.ttc``, 宋体 itself) in the Windows fonts folder;
3. a TrueType CJK serif found on the system (AR PL UMing ``uming.ttc`` from
   Debian's fonts-arphic-uming, AR PL SungtiL GB, …);
4. otherwise `XxhError` saying what to install.

`register_font` registers the resolved face with reportlab (once per file)
and returns the reportlab font name; `missing_glyphs` / `coverage_warnings`
name every character the face cannot draw, because reportlab silently
prints a box for them.

Finding the face reads only the sfnt name tables, cached in memory by file
and mtime. Parsing it is reportlab's work: some 70 ms for a CJK face of
27,000 glyphs, which a one-shot ``xxh pdf`` would pay every time; so the
metrics reportlab extracted are kept on disk (`face_cache_dir`, keyed by the
file, its size and mtime, the subfont and the reportlab version) and the
next process restores them instead of parsing again.

Usage (what every document module does)::

    font = load_font(settings_path)          # ResolvedFont, registered
    warnings = coverage_warnings(font, {"申请单位": decl.applicant_unit, ...})
    canvas.setFont(font.name, 10.5)
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import struct
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace

from ..errors import XxhError
from ..fileio import atomic_write
from ..paths import default_data_dir
from ..resources import resource_path
from .printable import printable

# Preferred faces inside a collection (.ttc): the simplified-Chinese Song.
PREFERRED_SUBFONTS = ("SimSun", "UMingCN", "AR PL UMing CN", "SongtiSC", "STSong")

# File names of TrueType CJK serif (Song/Ming) faces known to ship on the
# systems our users run (Windows, Debian/Ubuntu, 统信UOS, 麒麟, Fedora).
KNOWN_SERIF_FILES = (
    "simsun.ttc", "simsun.ttf", "nsimsun.ttf",
    "uming.ttc",                                     # fonts-arphic-uming (Debian), cjkuni-uming (Fedora)
    "gbsn00lp.ttf",                                  # fonts-arphic-gbsn00lp, AR PL SungtiL GB
    "cesi_ss_gb18030.ttf", "cesi_ss_gb2312.ttf",     # CESI 宋体 on 统信UOS / 麒麟
    "simsun-extb.ttf",
)

SYSTEM_FONT_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
    "/Library/Fonts", "/System/Library/Fonts",
)

INSTALL_HINT = (
    "请安装宋体类 TrueType 中文字体后重试：Windows 自带宋体（C:\\Windows\\Fonts\\simsun.ttc）；"
    "统信UOS/麒麟/Debian 可安装 fonts-arphic-uming（AR PL UMing）；"
    "或在“打印 → PDF 字体…”中选择一个 .ttf/.ttc 宋体字体文件。"
)


@dataclass(frozen=True)
class ResolvedFont:
    """A TrueType face chosen for printing.

    ``name`` is the reportlab font name once `register_font` has run (empty
    before); ``face_name`` is the font's own name (for messages);
    ``source`` says where it came from (设置 / Windows 宋体 / 系统字体).
    """

    path: Path
    subfont_index: int
    face_name: str
    source: str
    name: str = ""


# ---------------------------------------------------------------------- checks


def outline_kind(path: Path, subfont_index: int = 0) -> str:
    """'truetype', 'cff' or 'unknown', read from the sfnt header (of the subfont for a .ttc)."""
    with open(path, "rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            count = struct.unpack(">I", head[8:12])[0]
            if not 0 <= subfont_index < count:
                return "unknown"
            fh.seek(12 + 4 * subfont_index)
            (offset,) = struct.unpack(">I", fh.read(4))
            fh.seek(offset)
            head = fh.read(4)
    tag = head[:4]
    if tag == b"OTTO":
        return "cff"
    if tag in (b"\x00\x01\x00\x00", b"true"):
        return "truetype"
    return "unknown"


def _read_name_table(fh, offset: int) -> tuple[str, str]:
    """(PostScript name, family name) of the sfnt at ``offset``, read from its
    ``name`` table directly: reportlab's TTFontFile parses every glyph table
    first, which costs a second per face of a large .ttc (uming.ttc: 20 MB)."""
    fh.seek(offset + 4)
    (num_tables,) = struct.unpack(">H", fh.read(2))
    fh.seek(offset + 12)
    directory = fh.read(16 * num_tables)
    for k in range(num_tables):
        tag, _check, table, _length = struct.unpack(">4sIII", directory[16 * k:16 * k + 16])
        if tag == b"name":
            break
    else:
        return "", ""
    fh.seek(table)
    _fmt, count, strings = struct.unpack(">HHH", fh.read(6))
    records = [struct.unpack(">HHHHHH", fh.read(12)) for _ in range(count)]
    found: dict[int, str] = {}
    # Windows/Unicode records (platform 3 or 0, UTF-16BE) win over Macintosh ones (platform 1).
    for platform, _enc, language, name_id, length, start in sorted(records, key=lambda r: r[0] == 1):
        if name_id not in (1, 6) or name_id in found:
            continue
        if platform == 3 and language not in (0x409, 0x804):   # US English or PRC Chinese
            continue
        fh.seek(table + strings + start)
        raw = fh.read(length)
        found[name_id] = raw.decode("utf-16-be" if platform in (0, 3) else "latin-1", "replace")
    return found.get(6, ""), found.get(1, "")


def _face_names(path: Path) -> list[str]:
    """Every subfont's «PostScript name|family name» in a .ttc (one entry for a .ttf)."""
    with open(path, "rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            count = min(struct.unpack(">I", head[8:12])[0], 16)
            offsets = list(struct.unpack(f">{count}I", fh.read(4 * count)))
        else:
            offsets = [0]
        names = []
        for offset in offsets:
            try:
                ps, family = _read_name_table(fh, offset)
            except struct.error:   # a truncated table: reportlab will say what is wrong
                ps, family = "", ""
            names.append(f"{ps}|{family}")
    return names


@functools.lru_cache(maxsize=16)
def _pick_subfont_cached(path: Path, _mtime_ns: int) -> tuple[int, str]:
    names = _face_names(path)
    if not names:
        return 0, path.name
    for wanted in PREFERRED_SUBFONTS:
        for i, n in enumerate(names):
            if wanted.lower() in n.lower().replace(" ", "") or wanted.lower() in n.lower():
                return i, n.split("|")[1] or n.split("|")[0]
    first = names[0].split("|")
    return 0, first[1] or first[0]


def _pick_subfont(path: Path) -> tuple[int, str]:
    """The preferred (simplified-Chinese Song) subfont of a .ttc; parsing a face is slow, so cached."""
    return _pick_subfont_cached(path, path.stat().st_mtime_ns)


def check_font_file(path: str | Path, *, source: str = "设置") -> ResolvedFont:
    """Validate one font file and pick its Song subfont; XxhError (Chinese) if unusable.

    CFF-outline fonts (.otf, Noto/Source Han CJK) are refused with a clear
    message, never a traceback.
    """
    p = Path(path).expanduser()
    if not p.is_file():
        raise XxhError(f"找不到字体文件“{p}”。{INSTALL_HINT}")
    try:
        kind = outline_kind(p)
    except OSError as exc:
        raise XxhError(f"无法读取字体文件“{p}”：{exc}。") from None
    if kind == "cff":
        raise XxhError(
            f"字体“{p.name}”是 CFF（PostScript）轮廓的 OpenType 字体，无法嵌入 PDF。"
            f"请改用 TrueType 轮廓的宋体（.ttf 或 .ttc），例如 Windows 的 simsun.ttc 或 AR PL UMing（uming.ttc）。"
        )
    if kind != "truetype":
        raise XxhError(f"“{p.name}”不是 TrueType 字体文件（.ttf/.ttc）。{INSTALL_HINT}")
    index, face = _pick_subfont(p)
    if outline_kind(p, index) == "cff":  # a collection may mix outline kinds
        raise XxhError(f"字体“{p.name}”中的“{face}”是 CFF 轮廓，无法嵌入 PDF。请改用 TrueType 宋体。")
    return ResolvedFont(path=p.resolve(), subfont_index=index, face_name=face, source=source)


# ---------------------------------------------------------------------- resolution


def windows_fonts_dir() -> Path | None:
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def find_system_serif(dirs: Iterable[str | Path] = SYSTEM_FONT_DIRS) -> Path | None:
    """The first known TrueType CJK serif file under the given font folders (by preference order)."""
    found: dict[str, Path] = {}
    for d in dirs:
        base = Path(d).expanduser()
        if not base.is_dir():
            continue
        for root, _dirs, files in os.walk(base):
            for f in files:
                key = f.lower()
                if key in KNOWN_SERIF_FILES and key not in found:
                    found[key] = Path(root) / f
    for name in KNOWN_SERIF_FILES:
        if name in found:
            return found[name]
    return None


def resolve_font(setting_path: str | None = None, *,
                 windows_dir: Path | None | bool = True,
                 system_dirs: Iterable[str | Path] | None = None,
                 bundled_dir: Path | None | bool = True) -> ResolvedFont:
    """Choose the font by the order in the module docstring (not yet registered).

    ``setting_path`` is the workspace setting ``pdf_font_path`` (a plain
    value; empty or None = not set). A set but unusable path is an error —
    the user chose it, so silently printing in another face would surprise.
    ``windows_dir``/``system_dirs`` exist for tests (True = the real folder).
    """
    if setting_path and str(setting_path).strip():
        return check_font_file(str(setting_path).strip(), source="设置")
    wdir = windows_fonts_dir() if windows_dir is True else (windows_dir or None)
    if wdir:
        for name in ("simsun.ttc", "simsun.ttf"):
            candidate = Path(wdir) / name
            if candidate.is_file():
                try:
                    return check_font_file(candidate, source="Windows 宋体")
                except XxhError:
                    pass
    found = find_system_serif(SYSTEM_FONT_DIRS if system_dirs is None else system_dirs)
    if found is not None:
        return check_font_file(found, source="系统字体")
    # The Linux bundle carries AR PL UMing (installer/build.py) for 统信UOS / 麒麟
    # machines that have no Song face of their own.
    bdir = resource_path("fonts") if bundled_dir is True else (bundled_dir or None)
    found = find_system_serif([bdir]) if bdir else None
    if found is not None:
        return check_font_file(found, source="程序自带字体")
    raise XxhError(f"找不到可嵌入 PDF 的中文宋体字体。{INSTALL_HINT}")


_REGISTERED: dict[tuple[str, int, int], str] = {}


def register_font(font: ResolvedFont) -> ResolvedFont:
    """Register the face with reportlab (once per file version); returns it with ``name`` set.

    reportlab subsets and embeds a registered TTFont in every PDF that uses it.
    """
    stat = font.path.stat()
    key = (str(font.path), font.subfont_index, int(stat.st_mtime_ns))
    name = _REGISTERED.get(key)
    if name is None:
        digest = hashlib.sha1(repr(key).encode()).hexdigest()[:8]
        name = f"XxhSong-{digest}"
        try:
            pdfmetrics.registerFont(_ttfont(name, font, stat))
        except TTFError as exc:
            text = str(exc)
            if "postscript outlines" in text:
                raise XxhError(f"字体“{font.path.name}”是 CFF 轮廓，无法嵌入 PDF。请改用 TrueType 宋体。") from None
            if "subsetting/embedding" in text:
                raise XxhError(f"字体“{font.path.name}”的授权不允许嵌入 PDF。请换用其他宋体字体。") from None
            raise XxhError(f"字体“{font.path.name}”无法使用：{text}") from None
        _REGISTERED[key] = name
    return ResolvedFont(font.path, font.subfont_index, font.face_name, font.source, name)


# ---------------------------------------------------------------------- parsed faces, kept between runs

FACE_CACHE_FORMAT = 1
_NOT_KEPT = ("_ttf_data", "_pdfScale")   # the file's bytes (read again) and a function (made again)


def face_cache_dir() -> Path:
    """Where parsed faces are kept: the data folder's cache (XXH_DATA_DIR moves it too)."""
    return default_data_dir() / "cache" / "fonts"


def _face_cache_file(font: ResolvedFont, stat: os.stat_result) -> Path:
    key = f"{FACE_CACHE_FORMAT}|{REPORTLAB_VERSION}|{font.path}|{stat.st_size}|{stat.st_mtime_ns}|{font.subfont_index}"
    return face_cache_dir() / f"face-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}.pickle"


class _FaceUnpickler(pickle.Unpickler):
    """Plain values and reportlab's two value classes only: a cache file cannot make anything run."""

    ALLOWED = {("reportlab.pdfbase.ttfonts", "TTFNameBytes"): TTFNameBytes,
               ("reportlab.pdfbase.ttfonts", "TTEncoding"): TTEncoding}

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self.ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} has no place in a font cache") from None


def _pdf_scale(units_per_em: int):
    """Glyph units to PDF's 1/1000 em, as reportlab's TTFontFile.extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _restore_ttfont(name: str, path: Path, cache: Path) -> TTFont | None:
    """The TTFont as reportlab built it when it parsed `path`; None when there is no usable cache."""
    try:
        state = _FaceUnpickler(io.BytesIO(cache.read_bytes())).load()
        face = object.__new__(TTFontFace)
        face.readFile(str(path))           # the bytes the subsets are cut from
        face.__dict__.update(state["face"])
        face._pdfScale = _pdf_scale(face.unitsPerEm)
        ttfont = object.__new__(TTFont)
        ttfont.__dict__.update(state["font"], fontName=name, face=face, state=WeakKeyDictionary())
        return ttfont
    except Exception:   # noqa: BLE001 - missing, damaged or foreign: only a slower start, parse again
        return None


def _keep_ttfont(ttfont: TTFont, cache: Path) -> None:
    state = {"font": {k: v for k, v in ttfont.__dict__.items() if k not in ("fontName", "face", "state")},
             "face": {k: v for k, v in ttfont.face.__dict__.items() if k not in _NOT_KEPT}}
    try:
        data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return   # a reportlab that keeps a function in its face: parsed each time instead
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache, data)
    except (OSError, XxhError):
        pass   # a read-only or full profile: parsed each time instead


def _ttfont(name: str, font: ResolvedFont, stat: os.stat_result) -> TTFont:
    """reportlab's TTFont for the face, restored from the disk cache or parsed (and then kept)."""
    cache = _face_cache_file(font, stat)
    ttfont = _restore_ttfont(name, font.path, cache)
    if ttfont is None:
        ttfont = TTFont(name, str(font.path), subfontIndex=font.subfont_index)
        _keep_ttfont(ttfont, cache)
    return ttfont


def load_font(setting_path: str | None = None) -> ResolvedFont:
    """`resolve_font` + `register_font`: what a document function calls first."""
    return register_font(resolve_font(setting_path))


# ---------------------------------------------------------------------- coverage


def _cmap(font_name: str) -> Mapping[int, int]:
    return pdfmetrics.getFont(font_name).face.charToGlyph


def missing_glyphs(font_name: str, text: str) -> list[str]:
    """Characters of ``text`` (in order, once each) that the registered face cannot draw.

    Line breaks and tabs are layout, not glyphs, and are ignored; so is what
    `printable` leaves out or composes, since the page shows its result.
    """
    cmap = _cmap(font_name)
    seen: list[str] = []
    for ch in printable(text):
        if ch in "\n\r\t" or ch in seen:
            continue
        if ord(ch) not in cmap:
            seen.append(ch)
    return seen


def coverage_warnings(font: ResolvedFont, fields: Mapping[str, str]) -> list[str]:
    """One Chinese warning per field that holds characters the font lacks, naming them.

    ``fields`` maps the field's printed label (申请单位 …) to its text. An
    empty list means every character has a glyph.
    """
    out = []
    for label, text in fields.items():
        missing = missing_glyphs(font.name, text or "")
        if missing:
            chars = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing)
            out.append(
                f"“{label}”中的字符 {chars} 在字体 {font.face_name} 中没有字形，打印出来会是空框。"
                f"请改写这些字，或在“打印 → PDF 字体…”中选择包含它们的字体。"
            )
    return out
