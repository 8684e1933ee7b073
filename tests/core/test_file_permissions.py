"""Finished files get the user's normal permissions (umask), not mkstemp's private 0600.

A PDF or an export written into a shared office folder must be readable by
the colleagues who can read that folder, as a file saved by any other
program would be (issue 18, item 10).
"""

from __future__ import annotations

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
