"""Finished files: atomic, and every failure a Chinese message with the old file intact."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from xxh_desktop import fileio
from xxh_desktop.errors import XxhError


def test_writes_bytes_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = fileio.atomic_write(tmp_path / "附件1.pdf", b"%PDF-1.4 new")
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert [p.name for p in tmp_path.iterdir()] == ["附件1.pdf"]


def test_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    with pytest.raises(XxhError, match="文件夹不存在"):
        fileio.atomic_write(tmp_path / "typo" / "x.pdf", b"x")
    assert not (tmp_path / "typo").exists()


def test_full_disk_keeps_the_earlier_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"earlier export")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    with pytest.raises(XxhError, match="磁盘空间不足"):
        fileio.atomic_write(target, b"new export")
    assert target.read_bytes() == b"earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_a_writer_function_that_fails_leaves_nothing(tmp_path: Path) -> None:
    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.EACCES, "denied")

    with pytest.raises(XxhError, match="没有写入权限"):
        fileio.atomic_write(tmp_path / "x.xlsx", broken)
    assert list(tmp_path.iterdir()) == []
