"""The parsed Song face kept on disk between runs (printing/fonts.py): the same font as a fresh parse."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path
from types import SimpleNamespace

import pypdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from xxh_desktop.printing import fonts

TEXT = "金寨县政务信息化建设项目申报表：申请单位 县数据资源管理局，投资额 120.5 万元。"


def _resolved() -> tuple[fonts.ResolvedFont, os.stat_result]:
    font = fonts.resolve_font(None)
    return font, font.path.stat()


def _page(font_name: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont(font_name, 10.5)
    c.drawString(72, 720, TEXT)
    c.save()
    return buf.getvalue()


def test_a_restored_face_is_the_face_reportlab_parsed() -> None:
    font, stat = _resolved()
    cache = fonts._face_cache_file(font, stat)
    parsed = fonts._ttfont("CacheTestParsed", font, stat)
    assert cache.is_file() and cache.parent == fonts.face_cache_dir()
    restored = fonts._restore_ttfont("CacheTestRestored", font.path, cache)
    assert restored is not None
    fresh = TTFont("CacheTestFresh", str(font.path), subfontIndex=font.subfont_index)
    for made in (parsed, restored):
        assert set(made.__dict__) == set(fresh.__dict__)
        assert set(made.face.__dict__) == set(fresh.face.__dict__)
        same = {k: v for k, v in made.face.__dict__.items() if k != "_pdfScale"}
        assert same == {k: v for k, v in fresh.face.__dict__.items() if k != "_pdfScale"}
        assert [made.face._pdfScale(x) for x in (0, 517, 2048)] == [fresh.face._pdfScale(x) for x in (0, 517, 2048)]
        assert made.encoding.name == fresh.encoding.name and len(made.state) == 0
        assert made.face.name.ustr == fresh.face.name.ustr


def test_a_page_drawn_with_the_restored_face_is_byte_identical() -> None:
    font, stat = _resolved()
    fonts._ttfont("CacheWarm", font, stat)
    restored = fonts._restore_ttfont("CachePage", font.path, fonts._face_cache_file(font, stat))
    pdfmetrics.registerFont(restored)
    pdfmetrics.registerFont(TTFont("CachePageFresh", str(font.path), subfontIndex=font.subfont_index))
    a, b = _page("CachePage"), _page("CachePageFresh")   # the registered name is not written
    assert a == b
    assert TEXT in pypdf.PdfReader(io.BytesIO(a)).pages[0].extract_text()


def test_a_damaged_cache_is_parsed_again_and_rewritten() -> None:
    font, stat = _resolved()
    cache = fonts._face_cache_file(font, stat)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"not a pickle at all")
    assert fonts._restore_ttfont("Damaged", font.path, cache) is None
    made = fonts._ttfont("DamagedParsed", font, stat)
    assert made.face.charToGlyph and fonts._restore_ttfont("Rewritten", font.path, cache) is not None


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo should-not-run > /dev/null",))


def test_a_cache_file_cannot_make_code_run() -> None:
    font, stat = _resolved()
    cache = fonts._face_cache_file(font, stat)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps({"font": {}, "face": {"x": _Boom()}}))
    try:
        fonts._FaceUnpickler(io.BytesIO(cache.read_bytes())).load()
    except pickle.UnpicklingError as exc:
        assert "posix.system" in str(exc) or "os.system" in str(exc)
    else:
        raise AssertionError("a global outside the allowed two was loaded")
    assert fonts._restore_ttfont("Boom", font.path, cache) is None


def test_another_version_of_the_file_has_its_own_entry() -> None:
    font, stat = _resolved()
    replaced = SimpleNamespace(st_size=stat.st_size, st_mtime_ns=stat.st_mtime_ns + 1)
    grown = SimpleNamespace(st_size=stat.st_size + 1, st_mtime_ns=stat.st_mtime_ns)
    names = {fonts._face_cache_file(font, s) for s in (stat, replaced, grown)}
    assert len(names) == 3


def test_a_cache_folder_that_cannot_be_made_only_costs_a_parse(tmp_path: Path, monkeypatch) -> None:
    font, stat = _resolved()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(fonts, "face_cache_dir", lambda: blocker / "fonts")
    made = fonts._ttfont("NoCache", font, stat)
    assert made.face.charToGlyph and not (blocker / "fonts").exists()
