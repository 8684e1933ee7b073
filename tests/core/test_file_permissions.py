"""Finished files get the user's normal permissions (umask), not mkstemp's private 0600.

A PDF or an export written into a shared office folder must be readable by
the colleagues who can read that folder, as a file saved by any other
program would be (issue 18, item 10).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from xxh_desktop import fileio


@pytest.fixture
def umask():
    """Set the process umask for one test, then restore it."""
    previous = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_finished_file_has_the_mode_any_program_would_give_it(tmp_path: Path, umask, mask: int,
                                                                expected: int) -> None:
    umask(mask)
    written = fileio.atomic_write(tmp_path / "附件1.pdf", b"%PDF-1.4")
    assert mode(written) == expected
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"x")             # what open() makes under the same umask
    assert mode(written) == mode(plain)


def test_the_umask_is_read_without_proc_too(tmp_path: Path, umask, monkeypatch: pytest.MonkeyPatch) -> None:
    umask(0o027)

    def no_proc(*_args, **_kwargs):
        raise FileNotFoundError(errno.ENOENT, "no /proc here")

    monkeypatch.setattr(fileio, "open", no_proc, raising=False)
    assert mode(fileio.atomic_write(tmp_path / "x.pdf", b"x")) == 0o640
    monkeypatch.undo()
    assert os.umask(0o027) == 0o027     # and left as it was


def test_a_usb_stick_that_refuses_chmod_still_gets_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # vfat refuses chmod with EPERM: the file system's own permissions stand, the write succeeds
    def refused(_fd: int, _mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refused)
    written = fileio.atomic_write(tmp_path / "申报.xlsx", b"PK\x03\x04")
    assert written.read_bytes() == b"PK\x03\x04"
    assert [p.name for p in tmp_path.iterdir()] == ["申报.xlsx"]
