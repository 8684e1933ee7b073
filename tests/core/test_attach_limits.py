"""`attach` refuses a file that cannot be a material — empty, too large for a .xxh, not a regular
file, unreadable — naming the problem, before it is read, with nothing saved changed (issue F6a, F7,
F8, F9)."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from xxh_desktop import cli
from xxh_desktop.domain.fields import Side
from xxh_desktop.errors import XxhError
from xxh_desktop.exchange.limits import DEFAULT_LIMITS
from xxh_desktop.storage import materials
from xxh_desktop.workspace import Workspace

from builders import new_project
from cli_support import xxh

UNIT = "县民政局"
KIND = "项目概算"
LIMIT = DEFAULT_LIMITS.max_member


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A department's machine with one project, and one material already attached."""
    path = tmp_path / "a.db"
    with Workspace.open(path) as ws:
        ws.settings.choose_side(Side.UNIT, UNIT)
        pid = new_project(ws, "县社会救助信息平台", UNIT, 2027)
        ws.materials.attach(pid, "项目建设依据", "依据.pdf", b"%PDF basis")
    return path


def _materials(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT kind, filename, sm3 FROM materials ORDER BY id").fetchall()
    finally:
        conn.close()


def _refused(db: Path, file: str, *says: str) -> str:
    before = _materials(db)
    result = xxh("--db", str(db), "attach", "JZ-2027-001", "--kind", KIND, file)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：") and result.stdout == ""
    for words in says:
        assert words in result.stderr, result.stderr
    assert _materials(db) == before
    return result.stderr


def test_an_empty_file_is_refused_and_a_sound_one_still_attached(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "概算.pdf"
    empty.write_bytes(b"")
    _refused(db, str(empty), "文件是空的（0 字节）", "概算.pdf")
    empty.write_bytes(b"budget")
    result = xxh("--db", str(db), "attach", "JZ-2027-001", "--kind", KIND, str(empty))
    assert result.returncode == 0, result.stderr
    assert ("项目概算", "概算.pdf") in [(k, n) for k, n, _ in _materials(db)]


def test_a_file_too_large_for_an_xxh_is_refused_by_its_size(db: Path, tmp_path: Path) -> None:
    huge = tmp_path / "概算.pdf"
    with huge.open("wb") as fh:
        fh.truncate(LIMIT + 1)   # sparse: only its size is ever looked at
    said = _refused(db, str(huge), "文件太大", str(LIMIT + 1), str(LIMIT), ".xxh")
    assert "损坏" not in said


def test_a_folder_a_link_to_one_and_a_pipe_are_not_regular_files(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "材料.pdf"
    folder.mkdir()
    (tmp_path / "链接.pdf").symlink_to(folder)
    os.mkfifo(tmp_path / "管道.pdf")
    (tmp_path / "文件夹").mkdir()   # no extension either: what it is is said first
    for name in ("材料.pdf", "链接.pdf", "管道.pdf", "文件夹"):
        said = _refused(db, str(tmp_path / name), "不是普通文件")
        assert "不存在" not in said and "扩展名" not in said
    said = _refused(db, "", "没有给出要附加的文件")
    assert "不存在" not in said
    # What was refused before still is, for the same reason.
    _refused(db, str(tmp_path / "没有这个文件.pdf"), "文件不存在")
    for name, says in (("setup.exe", "不能附「.exe」"), ("概算", "没有扩展名")):
        (tmp_path / name).write_bytes(b"content")
        _refused(db, str(tmp_path / name), "不可用", says)


def test_an_unreadable_file_is_said_unreadable_not_unwritable(db: Path, tmp_path: Path, monkeypatch,
                                                               capsys) -> None:
    # Run as root here, so the file's mode would not stop the read: the refusal is what the OS says.
    secret = tmp_path / "概算.pdf"
    secret.write_bytes(b"budget")
    real_open = Path.open

    def no_permission(self: Path, mode: str = "r", *args, **kwargs):
        if self == secret:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_permission)
    before = _materials(db)
    assert cli.main(["--db", str(db), "attach", "JZ-2027-001", "--kind", KIND, str(secret)]) == 1
    said = capsys.readouterr().err
    assert "没有读取权限" in said and str(secret) in said
    assert "写入" not in said
    assert _materials(db) == before


def test_a_too_large_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    huge = tmp_path / "方案.pdf"
    with huge.open("wb") as fh:
        fh.truncate(LIMIT + 1)

    def never(*_args, **_kwargs):
        raise AssertionError("the file was opened to be read")

    monkeypatch.setattr(Path, "open", never)
    with pytest.raises(XxhError, match="文件太大"):
        materials.read_material_file(huge)


def test_the_size_limit_is_the_exchange_files_per_member_limit() -> None:
    materials.check_content_size("方案.pdf", LIMIT)
    with pytest.raises(XxhError, match=str(LIMIT)):
        materials.check_content_size("方案.pdf", LIMIT + 1)


def test_the_core_refuses_empty_content_from_any_caller(ws: Workspace) -> None:
    pid = new_project(ws, "县社会救助信息平台", UNIT, 2026, stage="试运行")
    with pytest.raises(XxhError, match=r"文件是空的（0 字节）"):
        ws.materials.attach(pid, "试运行报告", "试运行报告.pdf", b"")
    assert ws.materials.list(pid) == []


def test_a_value_too_big_for_sqlite_is_not_called_a_damaged_database(db: Path, tmp_path: Path, monkeypatch,
                                                                     capsys) -> None:
    file = tmp_path / "概算.pdf"
    file.write_bytes(b"budget")

    def too_big(self, content: bytes, digest: str | None = None) -> str:
        raise sqlite3.DataError("string or blob too big")

    monkeypatch.setattr(materials.Materials, "put_blob", too_big)
    before = _materials(db)
    assert cli.main(["--db", str(db), "attach", "JZ-2027-001", "--kind", KIND, str(file)]) == 1
    said = capsys.readouterr().err
    assert "过大" in said
    assert "损坏" not in said and "string or blob" not in said
    assert _materials(db) == before


def test_an_empty_material_of_an_older_version_is_named_at_export_not_sent(tmp_path: Path) -> None:
    # Attached before empty files were refused: the export says which material, and writes nothing.
    from xxh_support import declare, pair

    from xxh_desktop.exchange import export_package
    from xxh_desktop.hashing import sm3_hex

    _office, dept = pair(tmp_path)
    pid = declare(dept)
    empty = dept.materials.put_blob(b"")
    dept.database.connection().execute("UPDATE materials SET sm3 = ? WHERE project_id = ? AND kind = ?",
                                       (empty, pid, "项目建设方案"))
    assert empty == sm3_hex(b"")
    versions = dept.database.scalar("SELECT count(*) FROM exchange_parts")
    out = tmp_path / "申报.xxh"
    with pytest.raises(XxhError, match="材料「项目建设方案」是空文件（0 字节），不能导出"):
        export_package(dept, [pid], out)
    assert not out.exists()
    assert dept.database.scalar("SELECT count(*) FROM exchange_parts") == versions   # no version counted


def test_a_projects_materials_never_add_up_to_more_than_one_file_can_carry(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(materials, "max_project_materials", lambda: 3000)
    with Workspace.open(db) as ws:
        [project] = ws.projects.all()
        ws.materials.attach(project.id, KIND, "概算.pdf", b"1" * 2000)
        before = _materials(db)
        with pytest.raises(XxhError, match="本项目的材料合计 4010 字节，超过一个 .xxh 交换文件能带的 3000 字节"):
            ws.materials.attach(project.id, "项目建设方案", "方案.pdf", b"2" * 2000)
        assert _materials(db) == before
        ws.materials.attach(project.id, KIND, "概算.pdf", b"3" * 2900)   # a replacement counts once
        assert len(_materials(db)) == 2


def test_an_export_whose_attachments_a_file_cannot_carry_is_refused_before_anything_is_counted(
        tmp_path: Path) -> None:
    from xxh_support import declare, pair

    from xxh_desktop.exchange import export_package
    from xxh_desktop.exchange.limits import Limits

    _office, dept = pair(tmp_path)
    pids = [declare(dept, f"应急指挥平台升级{n}") for n in range(2)]
    dept.materials.attach(pids[1], "项目概算", "概算.pdf", b"%PDF-1.4 " + bytes(range(256)) * 8)
    small = Limits(max_total=40_000, max_file=40_000, max_json=16_000, max_manifest=4_000, max_signature=512)
    versions = dept.database.scalar("SELECT count(*) FROM exchange_parts")
    out = tmp_path / "申报.xxh"
    with pytest.raises(XxhError, match="所选项目的附件合计 .* 字节，超过一个交换文件能带的 3488 字节"):
        export_package(dept, pids, out, limits=small)
    assert not out.exists()
    assert dept.database.scalar("SELECT count(*) FROM exchange_parts") == versions
