"""Property: a mutated package either imports exactly what was signed, or is refused with nothing written.

The receiving office is a copy of one saved machine (the department's unit in
its register), made afresh for every example.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xxh_support import (
    Watch, copy_machine, declare, fingerprint, forge, import_file, pair, package_data, read_members, settle_wal,
    write_zip,
)

from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import export_package
from xxh_desktop.exchange.records import collect_project
from xxh_desktop.workspace import Workspace


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    """(department, its valid package, the record it carries, the saved office, the department's fingerprint)."""
    folder = tmp_path_factory.mktemp("fuzz-source")
    off, dept = pair(folder)
    pid = declare(dept)
    path = export_package(dept, [pid], folder / "valid.xxh").path
    settle_wal(off)
    saved = copy_machine(off.path, folder / "office-saved" / "xxh.db")
    off.close()
    yield dept, path, collect_project(dept, pid), saved
    dept.close()


def _comparable(record: dict) -> dict:
    """A record as the office holds it, less what the office adds: the number it allots."""
    out = copy.deepcopy(record)
    out["project"]["number"] = None
    return out


def _try(source, raw: bytes, must_succeed: bool = False) -> None:
    dept, _, expected, saved = source
    root = Path(tempfile.mkdtemp(prefix="xxh-fuzz-"))
    private = root / "private"
    private.mkdir()
    old_tempdir, tempfile.tempdir = tempfile.tempdir, str(private)
    try:
        copy_machine(saved, root / "office" / "xxh.db")
        off = Workspace.open(root / "office" / "xxh.db")
        path = root / "usb.xxh"
        path.write_bytes(raw)
        watch = Watch(off, root)
        try:
            import_file(off, path, trust_key=fingerprint(dept))
        except XxhError as exc:
            assert not must_succeed, str(exc)
            watch.refused(exc, path)                       # refused: one audit entry, nothing else
        else:                                              # accepted: exactly what was signed arrived
            assert _comparable(collect_project(off, expected["id"])) == _comparable(expected)
            assert off.projects.get(expected["id"]).number == "JZ-2027-001"
            assert off.check() == []
        assert list(private.iterdir()) == []               # the private folder is always removed
        off.close()
    finally:
        tempfile.tempdir = old_tempdir
        shutil.rmtree(root, ignore_errors=True)


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.data())
def test_flipped_bytes(source, data) -> None:
    raw = source[1].read_bytes()
    mutated = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        mutated[pos] ^= data.draw(st.integers(1, 255))
    _try(source, bytes(mutated))


@FUZZ
@given(data=st.data())
def test_truncated(source, data) -> None:
    raw = source[1].read_bytes()
    _try(source, raw[: data.draw(st.integers(0, len(raw) - 1))])


@FUZZ
@given(data=st.data())
def test_inserted_bytes(source, data) -> None:
    raw = source[1].read_bytes()
    pos = data.draw(st.integers(0, len(raw)))
    _try(source, raw[:pos] + data.draw(st.binary(min_size=1, max_size=16)) + raw[pos:])


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(range(5)))
def test_reordered_members_still_import(source, order, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("reorder")
    members = [(info.filename, content) for info, content in read_members(source[1])]
    assert len(members) == 5
    shuffled = write_zip(folder / "out.xxh", [members[i] for i in order]).read_bytes()
    _try(source, shuffled, must_succeed=True)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**17, 10**17) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*prefix, i))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_validly_signed_but_wrong_content_never_crashes(source, data, tmp_path_factory) -> None:
    """Content changed by the (registered) sender, into any JSON at all: refused with a message and
    nothing written, or taken in leaving a sound database."""
    dept, path, _, _ = source
    content = package_data(path)
    target = data.draw(st.sampled_from([p for p in _paths(content) if p]))
    value = data.draw(_JSON)

    def edit(d: dict) -> None:
        holder = d
        for key in target[:-1]:
            holder = holder[key]
        holder[target[-1]] = value

    versions = data.draw(st.booleans())   # with versions made to agree with the content, or left as they were
    folder = tmp_path_factory.mktemp("content")
    try:
        raw = forge(dept, path, folder / "x.xxh", edit, versions=versions).read_bytes()
    except (TypeError, KeyError, AttributeError, IndexError, ValueError):
        raw = forge(dept, path, folder / "x.xxh", edit, versions=False).read_bytes()   # not a record any more
    _try_content(source, raw)


def _try_content(source, raw: bytes) -> None:
    dept, _, _, saved = source
    root = Path(tempfile.mkdtemp(prefix="xxh-fuzz-"))
    try:
        copy_machine(saved, root / "office" / "xxh.db")
        off = Workspace.open(root / "office" / "xxh.db")
        (root / "in.xxh").write_bytes(raw)
        watch = Watch(off, root)
        try:
            import_file(off, root / "in.xxh", trust_key=fingerprint(dept))
        except XxhError as exc:
            watch.refused(exc, root / "in.xxh")
        else:
            assert off.check() == []
            assert [p.stage.value for p in off.projects.all()] in ([], ["草稿"], ["已申报"])
        off.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
