"""The full check of a file (storage/verify.py): the pages and foreign keys are checked on a
connection and thread of their own while the values are read, and what is found is taken in
the checks' own order — the pages' problems alone; else the foreign keys' and the texts';
else the attachments' and the audit log's. Every thread and connection ends with the check."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from builders import new_project, seeded
from xxh_desktop.storage import backup, materials, verify
from xxh_desktop.storage.verify import verify_file
from xxh_desktop.workspace import Workspace

BROKEN_NAME = "CAST(X'E9A1B9E79B' AS TEXT)"   # «项目» cut inside its second character


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A backup holding two projects, one with an attachment."""
    with Workspace.open(tmp_path / "live.db") as ws:
        ws.user = "张三"
        ws.settings.choose_side("县智慧办")
        first = new_project(ws, "县应急指挥平台", "县应急管理局", 2027)
        new_project(ws, "县民政救助系统", "县民政局", 2027)
        with seeded(ws):
            ws.materials.attach(first, "项目建设方案", "方案.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40)
        return backup.backup_to(ws, tmp_path / "backup.db")


def _change(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _damage_an_index(path: Path) -> list[str]:
    """The index of the projects' years made to claim their stages (what a flipped byte in its
    pages does: an index that disagrees with its table); what `integrity_check` then says."""
    _change(path, "PRAGMA writable_schema = ON",
            "UPDATE sqlite_master SET sql = replace(sql, '(year)', '(stage)') WHERE name = 'projects_year'")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [f"SQLite 完整性检查：{line}" for (line,) in conn.execute("PRAGMA integrity_check") if line != "ok"]
    finally:
        conn.close()


def _open_files() -> set[str]:
    return {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}


def _left_behind(path: Path) -> tuple[list[str], bool]:
    """Threads of the check still alive, and whether the file is still held open."""
    threads = [t.name for t in threading.enumerate() if t.name.startswith("verify-pages")]
    held = Path("/proc/self/fd").is_dir() and str(path.resolve()) in _open_files()
    return threads, held


def test_a_sound_copy_passes_and_says_what_it_holds(copy: Path) -> None:
    checked = verify_file(copy)
    assert checked.sound
    assert checked.contents is not None and (checked.contents.projects, checked.contents.materials) == (2, 1)
    assert _left_behind(copy) == ([], False)


def test_a_damaged_index_is_said_alone_whatever_else_is_damaged(copy: Path) -> None:
    # The values read beside the pages' check find a broken name too: as before, only the pages count.
    _change(copy, f"UPDATE projects SET name = {BROKEN_NAME} WHERE rowid = 1")
    expected = _damage_an_index(copy)
    assert expected and all("projects_year" in line for line in expected)
    assert verify_file(copy).problems == expected
    assert _left_behind(copy) == ([], False)


def test_foreign_keys_then_texts_are_named_and_stop_the_later_checks(copy: Path) -> None:
    _change(copy, "UPDATE materials SET project_id = 'gone'",
            f"UPDATE projects SET name = {BROKEN_NAME} WHERE rowid = 2",
            "UPDATE blobs SET content = X'00'")   # not reported: the texts stop the checks before it
    assert verify_file(copy).problems == [
        "外键错误：材料 第 1 行引用的项目不存在",
        "项目第 2 行的「项目名称」（name）不是有效的文字（UTF-8 解码失败，数据已损坏）",
    ]


def test_a_damaged_text_in_any_table_is_named(copy: Path) -> None:
    _change(copy, f"UPDATE materials SET filename = {BROKEN_NAME}")
    assert verify_file(copy).problems == ["材料第 1 行的「filename」（filename）不是有效的文字（UTF-8 解码失败，数据已损坏）"]


@pytest.mark.parametrize("chunk", [materials.CHUNK, 1000])
def test_a_damaged_attachment_is_named_once_the_texts_are_sound(copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                                chunk: int) -> None:
    # Read with its row when it fits in a chunk, else a chunk at a time: either way every byte counts.
    monkeypatch.setattr(materials, "CHUNK", chunk)
    assert verify_file(copy).sound
    _change(copy, "UPDATE blobs SET content = CAST(substr(content, 1, 5000) || X'00' || substr(content, 5002) AS BLOB)")
    assert verify_file(copy).problems == ["附件内容与其 SM3 摘要不符（已损坏）：方案.pdf（JZ-2027-001 项目建设方案）"]
    _change(copy, "UPDATE blobs SET content = substr(content, 1, 5000)")   # cut short: its size is wrong too
    assert not verify_file(copy).sound


def test_what_fails_after_the_pages_are_found_damaged_does_not_count(copy: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_args: object) -> list[str]:
        raise sqlite3.DatabaseError("模拟的读取错误")

    monkeypatch.setattr(verify, "_undecodable", failing)
    assert verify_file(copy).problems == ["SQLite 读取时出错（文件已损坏）：模拟的读取错误"]
    expected = _damage_an_index(copy)
    assert verify_file(copy).problems == expected
    assert _left_behind(copy) == ([], False)


def test_a_later_check_failing_after_foreign_key_problems_does_not_count(copy: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_args: object) -> list[str]:
        raise RuntimeError("never raised: the foreign keys' problems come first")

    _change(copy, "UPDATE materials SET project_id = 'gone'", f"UPDATE projects SET name = {BROKEN_NAME}")
    monkeypatch.setattr(verify, "damaged_blobs", failing)
    assert verify_file(copy).problems[0] == "外键错误：材料 第 1 行引用的项目不存在"


class _Watched:
    """A connection that records its closing, and fails the pages' check when told to."""

    def __init__(self, conn: sqlite3.Connection, fail: bool) -> None:
        self.__dict__.update(conn=conn, fail=fail, closed=False)

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if self.fail and sql == "PRAGMA integrity_check":
            raise sqlite3.DatabaseError("模拟的页面读取错误")
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.__dict__["closed"] = True
        self.conn.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self.conn, name, value)


@pytest.mark.parametrize("where", ["pages", "values", "other"])
def test_every_connection_and_thread_ends_also_when_a_check_fails(copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   where: str) -> None:
    opened: list[_Watched] = []
    real = verify.reading_connection

    def watched(path: Path) -> _Watched:
        opened.append(_Watched(real(path), fail=where == "pages"))
        return opened[-1]

    def failing(*_args: object) -> list[str]:
        raise sqlite3.OperationalError("模拟的读取错误") if where == "values" else RuntimeError("程序错误")

    monkeypatch.setattr(verify, "reading_connection", watched)
    if where != "pages":
        monkeypatch.setattr(verify, "_undecodable" if where == "values" else "_chain_problems", failing)
    if where == "other":
        with pytest.raises(RuntimeError):   # not a damaged file: the program's own error, raised as before
            verify_file(copy)
    else:
        message = "模拟的页面读取错误" if where == "pages" else "模拟的读取错误"
        assert verify_file(copy).problems == [f"SQLite 读取时出错（文件已损坏）：{message}"]
    assert len(opened) == 2 and all(c.closed for c in opened)
    assert _left_behind(copy) == ([], False)
