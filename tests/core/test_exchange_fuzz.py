"""Property: a mutated package either imports exactly what was signed, or is refused with nothing written."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xxh_support import db_state, declare, department, office, read_members, write_zip

from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import apply_import, export_package, preview_import
from xxh_desktop.exchange.records import collect_project


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("fuzz-source")
    dept = department(folder)
    pid = declare(dept)
    path = export_package(dept, ["JZ-2027-001"], folder / "valid.xxh").path
    yield dept, path, collect_project(dept, pid)
    dept.close()


@pytest.fixture(scope="module")
def package(source) -> tuple[bytes, dict]:
    _, path, expected = source
    return path.read_bytes(), expected


def _comparable(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in ("revision", "base_revision")}


def _try(raw: bytes, expected: dict, must_succeed: bool = False) -> None:
    root = Path(tempfile.mkdtemp(prefix="xxh-fuzz-"))
    private = root / "private"
    private.mkdir()
    saved, tempfile.tempdir = tempfile.tempdir, str(private)
    try:
        off = office(root)
        path = root / "usb.xxh"
        path.write_bytes(raw)
        before = db_state(off)
        try:
            preview = preview_import(off, path)
            apply_import(off, preview)
        except XxhError:
            assert not must_succeed
            assert db_state(off) == before                 # refused: the database is untouched
            assert not (root / "office" / "backups").exists()
        else:                                              # accepted: exactly what was signed arrived
            assert _comparable(collect_project(off, expected["id"])) == _comparable(expected)
            assert off.check() == []
        assert list(private.iterdir()) == []               # the private folder is always removed
        off.close()
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(root, ignore_errors=True)


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.data())
def test_flipped_bytes(package, data) -> None:
    raw, expected = package
    mutated = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        mutated[pos] ^= data.draw(st.integers(1, 255))
    _try(bytes(mutated), expected)


@FUZZ
@given(data=st.data())
def test_truncated(package, data) -> None:
    raw, expected = package
    _try(raw[: data.draw(st.integers(0, len(raw) - 1))], expected)


@FUZZ
@given(data=st.data())
def test_inserted_bytes(package, data) -> None:
    raw, expected = package
    pos = data.draw(st.integers(0, len(raw)))
    _try(raw[:pos] + data.draw(st.binary(min_size=1, max_size=16)) + raw[pos:], expected)


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(range(5)))
def test_reordered_members_still_import(package, order, tmp_path_factory) -> None:
    raw, expected = package
    folder = tmp_path_factory.mktemp("reorder")
    (folder / "in.xxh").write_bytes(raw)
    members = [(info.filename, content) for info, content in read_members(folder / "in.xxh")]
    assert len(members) == 5
    shuffled = write_zip(folder / "out.xxh", [members[i] for i in order]).read_bytes()
    _try(shuffled, expected, must_succeed=True)


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
    """Content changed by the (trusted) sender: refused with a message, or imported leaving a sound database."""
    import json

    from xxh_support import resign

    dept, path, _ = source
    content = json.loads(dict((i.filename, c) for i, c in read_members(path))["data.json"])
    paths = [p for p in _paths(content) if p]
    target = data.draw(st.sampled_from(paths))
    holder = content
    for key in target[:-1]:
        holder = holder[key]
    holder[target[-1]] = data.draw(_JSON)
    folder = tmp_path_factory.mktemp("content")
    raw = resign(dept, path, folder / "x.xxh", data=json.dumps(content, ensure_ascii=False).encode()).read_bytes()
    root = Path(tempfile.mkdtemp(prefix="xxh-fuzz-"))
    try:
        off = office(root)
        (root / "in.xxh").write_bytes(raw)
        before = db_state(off)
        try:
            apply_import(off, preview_import(off, root / "in.xxh"))
        except XxhError:
            assert db_state(off) == before
        else:
            assert off.check() == []
        off.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
