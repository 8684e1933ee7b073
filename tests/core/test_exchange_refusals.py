"""Every kind of hostile or damaged .xxh is refused, naming the problem, with nothing written.

Each case is crafted from a real package; the cases that must get past the
signature and hash checks are re-signed with the sender's own registered key,
so the check meant for them is the one that fires. A refusal leaves one trace:
the audit entry «拒绝导入交换文件» with the file's SM3 (issue 11, Deliver 8).
"""

from __future__ import annotations

import json
import re
import stat
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from xxh_support import (
    Watch, declare, fingerprint, import_file, pair, patch_header, read_members, resign, reversion, write_zip,
)

from xxh_desktop.errors import XxhError
from xxh_desktop.exchange import apply_import, export_package, preview_import
from xxh_desktop.exchange.limits import DEFAULT_LIMITS, Limits
from xxh_desktop.exchange.reader import PackageRefused
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.workspace import Workspace


class Env:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.office, self.dept = pair(tmp_path)
        self.pid = declare(self.dept)
        self.valid = export_package(self.dept, [self.pid], tmp_path / "valid.xxh").path
        self.members = {i.filename: c for i, c in read_members(self.valid)}

    def data(self) -> dict:
        return json.loads(self.members["data.json"])

    def path(self, name: str = "bad.xxh") -> Path:
        return self.tmp / "usb" / name


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    private = tmp_path / "private-tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    (tmp_path / "usb").mkdir()
    e = Env(tmp_path)
    yield e
    for ws in (e.dept, e.office):
        if not ws.closed:
            ws.close()


def _zip(e: Env, members: list, name: str = "bad.xxh", compress: int = zipfile.ZIP_DEFLATED) -> Path:
    return write_zip(e.path(name), members, compress)


def _with_member(e: Env, name: str | zipfile.ZipInfo, content: bytes = b"x") -> Path:
    return _zip(e, [*e.members.items(), (name, content)])


def _info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    return info


def _data(e: Env, edit: Callable[[dict], None]) -> bytes:
    data = e.data()
    edit(data)
    return json.dumps(data, ensure_ascii=False).encode()


def _raw_data(e: Env, text: str) -> Path:
    return resign(e.dept, e.valid, e.path(), data=text.encode())


def _set(path: list, value) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def _bad_utf8_name(e: Env) -> Path:
    path = _with_member(e, "attachments/é")     # a UTF-8 name (flag 0x800) ...
    path.write_bytes(path.read_bytes().replace("é".encode(), b"\xff\xa9"))   # ... that is not UTF-8
    return path


def _empty_material(e: Env) -> Path:
    """The declared 项目建设方案 swapped for an empty file: no material, as the forms hold it."""
    empty = sm3_hex(b"")

    def edit(data: dict) -> None:
        data["projects"][0]["materials"]["项目建设方案"]["sm3"] = empty
        data["attachments"] = [{"sm3": empty, "size": 0, "filename": "建设方案.pdf"}]
        reversion(data, e.dept.settings.side)   # well formed in every other respect

    return resign(e.dept, e.valid, e.path(), data=_data(e, edit), extra=[(f"attachments/{empty}", b"")],
                  drop=tuple(n for n in e.members if n.startswith("attachments/")))


SMALL = Limits(max_members=4, max_member=2000, max_total=9000, max_json=3000)

# (id, builder, limits, expected words in the message)
CASES: list[tuple[str, Callable[[Env], Path], Limits, str]] = [
    ("not-a-zip", lambda e: (e.path().write_bytes(b"%PDF-1.4 not a package" * 10), e.path())[1],
     DEFAULT_LIMITS, "不是 zip 格式"),
    ("empty-file", lambda e: (e.path().write_bytes(b""), e.path())[1], DEFAULT_LIMITS, "文件是空的"),
    ("empty-zip", lambda e: _zip(e, []), DEFAULT_LIMITS, "压缩包是空的"),
    ("truncated", lambda e: (e.path().write_bytes(e.valid.read_bytes()[: e.valid.stat().st_size * 2 // 3]),
                             e.path())[1], DEFAULT_LIMITS, "不完整"),
    ("no-manifest", lambda e: _zip(e, [(n, c) for n, c in e.members.items() if n != "manifest.json"]),
     DEFAULT_LIMITS, "缺少清单"),
    ("manifest-not-json", lambda e: _zip(e, [*((n, c) for n, c in e.members.items() if n != "manifest.json"),
                                             ("manifest.json", b"{not json")]), DEFAULT_LIMITS, "不是合法的 JSON"),
    ("manifest-shape", lambda e: resign(e.dept, e.valid, e.path(), manifest_edit=lambda m: m.pop("members")),
     DEFAULT_LIMITS, "manifest.json 不符合格式"),
    ("no-signature", lambda e: _zip(e, [(n, c) for n, c in e.members.items() if n != "manifest.sig"]),
     DEFAULT_LIMITS, "缺少签名"),
    ("bad-signature", lambda e: _zip(e, [*((n, c) for n, c in e.members.items() if n != "manifest.json"),
                                         ("manifest.json", e.members["manifest.json"].replace(b'"2.0"', b'"2.0" '))]),
     DEFAULT_LIMITS, "签名无效"),
    ("hash-differs", lambda e: _zip(e, [*((n, c) for n, c in e.members.items() if n != "data.json"),
                                        ("data.json", e.members["data.json"].replace("张三".encode(), "李四".encode()))]),
     DEFAULT_LIMITS, "成员「data.json」的 SM3 摘要与清单不符"),
    ("size-differs", lambda e: resign(e.dept, e.valid, e.path(),
                                      manifest_edit=lambda m: m["members"][0].update(size=m["members"][0]["size"] + 1)),
     DEFAULT_LIMITS, "的大小与清单不符"),
    ("not-listed", lambda e: resign(e.dept, e.valid, e.path(), extra=[("notes.txt", b"hi")], list_extra=False),
     DEFAULT_LIMITS, "清单未列出的成员「notes.txt」"),
    ("listed-absent", lambda e: resign(e.dept, e.valid, e.path(), manifest_edit=lambda m: m["members"].append(
        {"path": "attachments/" + "0" * 64, "size": 1, "sm3": "0" * 64})),
     DEFAULT_LIMITS, "在包内不存在"),
    ("unknown-member", lambda e: resign(e.dept, e.valid, e.path(), extra=[("run.exe", b"MZ")]),
     DEFAULT_LIMITS, "本格式没有的成员「run.exe」"),
    ("duplicate-name", lambda e: _zip(e, [*e.members.items(), ("data.json", b"{}")]), DEFAULT_LIMITS,
     "两个同名成员"),
    ("duplicate-case", lambda e: _with_member(e, "DATA.json"), DEFAULT_LIMITS, "只差大小写或 Unicode"),
    ("duplicate-unicode", lambda e: _zip(e, [*e.members.items(), ("attachments/caf\u00e9", b"a"),
                                             ("attachments/cafe\u0301", b"b")]), DEFAULT_LIMITS,
     "只差大小写或 Unicode"),
    ("dotdot", lambda e: _with_member(e, "attachments/../../evil.txt"), DEFAULT_LIMITS, "路径穿越"),
    ("absolute", lambda e: _with_member(e, "/etc/cron.d/evil"), DEFAULT_LIMITS, "绝对路径"),
    ("drive-letter", lambda e: _with_member(e, "C:/Windows/evil.dll"), DEFAULT_LIMITS, "盘符"),
    ("backslash", lambda e: _with_member(e, "..\\..\\evil.bat"), DEFAULT_LIMITS, "反斜杠"),
    ("colon", lambda e: _with_member(e, "data.json:hidden"), DEFAULT_LIMITS, "冒号"),
    ("reserved-con", lambda e: _with_member(e, "attachments/CON"), DEFAULT_LIMITS, "保留的设备名"),
    ("reserved-com1", lambda e: _with_member(e, "com1.txt"), DEFAULT_LIMITS, "保留的设备名"),
    ("reserved-nul", lambda e: _with_member(e, "attachments/nul.pdf"), DEFAULT_LIMITS, "保留的设备名"),
    ("name-not-utf8", _bad_utf8_name, DEFAULT_LIMITS, "已损坏"),
    ("symlink", lambda e: _with_member(e, _info("attachments/link", stat.S_IFLNK | 0o777), b"/etc/passwd"),
     DEFAULT_LIMITS, "链接"),
    ("directory", lambda e: _with_member(e, "attachments/"), DEFAULT_LIMITS, "目录条目"),
    ("encrypted", lambda e: patch_header(_zip(e, list(e.members.items())), "data.json", flag_or=0x1),
     DEFAULT_LIMITS, "已加密"),
    ("too-many-members", lambda e: resign(e.dept, e.valid, e.path(), extra=[
        (f"attachments/{sm3_hex(bytes([i]))}", bytes([i])) for i in range(3)]), SMALL, "成员过多"),
    ("member-too-big", lambda e: resign(e.dept, e.valid, e.path(), extra=[
        (f"attachments/{sm3_hex(b'x' * 50000)}", b"x" * 50000)], compress=zipfile.ZIP_STORED),
     Limits(max_member=40000), f"成员「attachments/{sm3_hex(b'x' * 50000)}」过大"),
    ("total-too-big", lambda e: resign(e.dept, e.valid, e.path(), extra=[
        (f"attachments/{sm3_hex(bytes([i]) * 1900)}", bytes([i]) * 1900) for i in range(3)]),
     Limits(max_member=10**6, max_total=9000), "总大小超过上限"),
    ("zip-bomb-ratio", lambda e: resign(e.dept, e.valid, e.path(), extra=[
        (f"attachments/{sm3_hex(bytes(3 * 2**20))}", bytes(3 * 2**20))]), DEFAULT_LIMITS, "压缩比过高"),
    ("lying-header-size", lambda e: patch_header(_zip(e, list(e.members.items())), "data.json", file_size=10),
     DEFAULT_LIMITS, "已损坏"),
    ("json-too-big", lambda e: e.valid, Limits(max_json=1000), "data.json"),
    ("json-too-deep", lambda e: _raw_data(e, "[" * 40 + "]" * 40), DEFAULT_LIMITS, "嵌套过深"),
    ("json-recursion", lambda e: _raw_data(e, "[" * 100000 + "]" * 100000), DEFAULT_LIMITS, "嵌套过深"),
    ("json-nan", lambda e: _raw_data(e, '{"projects": [], "procurements": [], "attachments": [], "x": NaN}'),
     DEFAULT_LIMITS, "NaN"),
    ("json-duplicate-key", lambda e: _raw_data(e, '{"projects": [], "projects": [], "procurements": [], '
                                                  '"attachments": []}'), DEFAULT_LIMITS, "重复的键「projects」"),
    ("json-huge-int", lambda e: resign(e.dept, e.valid, e.path(), data=e.members["data.json"].replace(
        b'"version": 1', b'"version": 1' + b"0" * 40)), DEFAULT_LIMITS, "位数过多"),
    ("json-float", lambda e: resign(e.dept, e.valid, e.path(), data=e.members["data.json"].replace(
        b'"investment": 1200000', b'"investment": 120.5')), DEFAULT_LIMITS, "小数"),
    ("schema-type", lambda e: resign(e.dept, e.valid, e.path(), data=_data(
        e, _set(["projects", 0, "declaration", "investment"], "一百二十万"))), DEFAULT_LIMITS,
     "第 1 个项目（SB-2027-001）的字段「申报表·投资额（declaration.investment）」类型不对"),
    ("schema-stage", lambda e: resign(e.dept, e.valid, e.path(), data=_data(
        e, _set(["projects", 0, "project", "stage"], "已完工"))), DEFAULT_LIMITS, "项目·阶段"),
    ("schema-extra-field", lambda e: resign(e.dept, e.valid, e.path(), data=_data(
        e, _set(["projects", 0, "project", "sql"], "DROP TABLE projects"))), DEFAULT_LIMITS, "有本格式没有的字段"),
    ("material-without-attachment", lambda e: resign(e.dept, e.valid, e.path(), data=_data(
        e, _set(["attachments"], [])), drop=tuple(n for n in e.members if n.startswith("attachments/"))),
     DEFAULT_LIMITS, "引用的附件不在包内"),
    ("empty-material", lambda e: _empty_material(e), DEFAULT_LIMITS, "「建设方案.pdf」是空文件"),
    ("newer-format", lambda e: resign(e.dept, e.valid, e.path(), manifest_edit=lambda m: m.update(
        format_version="2.1", app_version="3.1.0")), DEFAULT_LIMITS, "请升级到 3.1.0 版"),
    ("older-format", lambda e: resign(e.dept, e.valid, e.path(), manifest_edit=lambda m: m.update(
        format_version="1.9", app_version="0.9.0")), DEFAULT_LIMITS, "此文件是旧格式 1.9（由 xxh-desktop 0.9.0 版导出）"),
    ("manifest-timestamp", lambda e: resign(e.dept, e.valid, e.path(), manifest_edit=lambda m: m.update(
        created_at="2026-12-01\x1b[2J")), DEFAULT_LIMITS, "位置 created_at"),
    ("data-unknown-key", lambda e: resign(e.dept, e.valid, e.path(), data=_data(
        e, _set(["projects", 0, "\x1b[31m"], 1))), DEFAULT_LIMITS, "多出 \\x1b[31m"),
    ("wrong-format-name", lambda e: resign(e.dept, e.valid, e.path(), manifest_edit=lambda m: m.update(
        format="other")), DEFAULT_LIMITS, "不是 .xxh 交换文件的清单"),
]


@pytest.mark.parametrize(("build", "limits", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_and_nothing_is_written(env: Env, build, limits: Limits, words: str) -> None:
    path = build(env)
    watch = Watch(env.office, env.tmp)
    with pytest.raises(PackageRefused) as caught:
        preview_import(env.office, path, limits=limits)
    watch.refused(caught.value, path, words)   # nothing written anywhere but the audit entry
    assert not list((env.tmp / "private-tmp").iterdir())   # the private folder removed


def test_the_valid_package_itself_passes(env: Env) -> None:
    """The control for the cases above: built the same way, without the fault, it imports."""
    path = resign(env.dept, env.valid, env.path())
    with preview_import(env.office, path) as preview:
        assert [r.status for r in preview.records] == ["新增"]


def test_a_file_changed_after_the_preview_cannot_change_what_is_applied(env: Env) -> None:
    """The preview holds the verified private copy: what is applied is what was shown, whatever
    happens to the file on the USB stick meanwhile."""
    path = env.path("ok.xxh")
    path.write_bytes(env.valid.read_bytes())
    with preview_import(env.office, path) as preview:
        resign(env.dept, env.valid, path, data=_data(env, _set(["projects", 0, "project", "supplier"], "偷换")))
        path.unlink()
        apply_import(env.office, preview, trust_key=fingerprint(env.dept))
    assert env.office.projects.get(env.pid).supplier == ""
    assert env.office.packages.all()[-1].file_sm3 == sm3_hex(env.valid.read_bytes())


def test_apply_after_the_preview_is_closed_is_refused(env: Env) -> None:
    preview = preview_import(env.office, env.valid)
    preview.close()
    watch = Watch(env.office, env.tmp)
    with pytest.raises(XxhError, match="导入预览已关闭"):
        apply_import(env.office, preview)
    watch.unchanged()


def test_own_package_is_not_imported_on_the_same_machine(env: Env) -> None:
    watch = Watch(env.dept, env.tmp)
    with pytest.raises(PackageRefused) as caught:
        import_file(env.dept, env.valid)
    watch.refused(caught.value, env.valid, "本机导出的文件")


def test_a_machine_with_no_side_refuses_every_file(env: Env, tmp_path: Path) -> None:
    blank = Workspace.open(tmp_path / "blank" / "xxh.db")
    try:
        watch = Watch(blank, env.tmp)
        with pytest.raises(PackageRefused) as caught:
            preview_import(blank, env.valid)
        watch.refused(caught.value, env.valid, "本机尚未选择身份", "xxh init --side")
    finally:
        blank.close()


def test_a_damaged_attachment_is_told_before_a_bad_data_json(env: Env) -> None:
    """The attachments are hashed beside the judging of data.json; §5's order still decides what is told."""
    attachment = next(n for n in env.members if n.startswith("attachments/"))
    damaged = _zip(env, [(n, c + b"!" if n == attachment else c) for n, c in env.members.items()], "damaged.xxh")
    path = resign(env.dept, damaged, env.path(), data=_data(env, _set(["projects", 0, "project", "year"], "2027")))
    for build, words in ((lambda: path, f"附件「{attachment}」的内容与其名称（SM3）不符"),
                         (lambda: resign(env.dept, env.valid, env.path("data.xxh"),
                                         data=_data(env, _set(["projects", 0, "project", "year"], "2027"))),
                          "的字段「项目·")):
        with pytest.raises(PackageRefused, match=re.escape(words)):
            preview_import(env.office, build())
        assert not [t for t in threading.enumerate() if t.name == "members"]
