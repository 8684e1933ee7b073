"""The exchange through the command line (PRODUCT.md §13): register-unit, export-xxh, import-xxh,
show-settings, list — as a county's IT person would script them, on two databases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from xxh_support import (
    DEPT, Watch, declare, department, fingerprint, forge, office, package_data, review, settle_wal,
)

from xxh_desktop import cli
from xxh_desktop.exchange import export_package
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.storage.backup import backup_to
from xxh_desktop.workspace import Workspace

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "xxh" / "declaration-format-1.0.xxh"


class Machines:
    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp, self.capsys = tmp_path, capsys
        self.usb = tmp_path / "usb"
        self.usb.mkdir()
        off, dept = office(tmp_path), department(tmp_path)
        self.office_fp, self.dept_fp = fingerprint(off), fingerprint(dept)
        self.office_db, self.dept_db = str(off.path), str(dept.path)
        self.pid = declare(dept)
        off.close()
        dept.close()

    def run(self, db: str, *args: str) -> tuple[int, str, str]:
        code = cli.main(["--db", db, *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def registered(self) -> None:
        """The office registers the unit, the department takes the office's key in (checked on paper)."""
        reg = str(self.usb / "登记.xxh")
        code, out, _ = self.run(self.office_db, "register-unit", DEPT, "--out", reg)
        assert code == 0 and f"县智慧办密钥指纹：{self.office_fp}" in out
        code, _, _ = self.run(self.dept_db, "import-xxh", reg, "--yes", "--trust-key", self.office_fp)
        assert code == 0

    def declared(self) -> str:
        """The declaration sent and taken in at the office."""
        self.registered()
        path = str(self.usb / "申报.xxh")
        assert self.run(self.dept_db, "export-xxh", "SB-2027-001", "--out", path)[0] == 0
        assert self.run(self.office_db, "import-xxh", path, "--yes", "--trust-key", self.dept_fp)[0] == 0
        return path


@pytest.fixture
def m(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Machines:
    return Machines(tmp_path, capsys)


def test_registration_needs_the_fingerprint_from_paper(m: Machines) -> None:
    reg = str(m.usb / "登记.xxh")
    code, out, _ = m.run(m.office_db, "register-unit", DEPT, "--out", reg)
    assert code == 0 and f"县智慧办密钥指纹：{m.office_fp}" in out and "文件 SM3：" in out
    code, out, err = m.run(m.dept_db, "import-xxh", reg, "--yes")
    assert code == 1 and "--trust-key" in err and m.office_fp in err and "首次收到" in out
    code, _, err = m.run(m.dept_db, "import-xxh", reg, "--yes", "--trust-key", m.dept_fp)
    assert code == 1 and err.startswith("错误：已拒绝导入「登记.xxh」") and "不一致" in err
    code, out, _ = m.run(m.dept_db, "show-settings")
    assert "登记的交换密钥" not in out
    code, _, _ = m.run(m.dept_db, "import-xxh", reg, "--yes", "--trust-key", m.office_fp.lower())
    assert code == 0
    code, out, _ = m.run(m.dept_db, "show-settings")
    assert f"登记的交换密钥：县智慧办\t{m.office_fp}\t登记于 " in out and out.rstrip().endswith("有效")
    with Workspace.open(m.dept_db) as ws:
        actions = [e.action for e in ws.audit_log.entries()]
        assert actions.count("拒绝导入交换文件") == 1 and "登记交换密钥" in actions


def test_declaration_numbers_and_review_through_the_cli(m: Machines) -> None:
    m.registered()
    code, out, _ = m.run(m.dept_db, "list")
    assert out.splitlines() == [f"SB-2027-001\t应急指挥平台升级\t{DEPT}\t已申报\t120"]
    path = str(m.usb / "申报.xxh")
    assert m.run(m.dept_db, "export-xxh", "SB-2027-001", "--out", path)[0] == 0
    code, out, _ = m.run(m.office_db, "import-xxh", path, "--dry-run")
    assert code == 0
    assert f"签名密钥指纹：{m.dept_fp}（首次收到" in out and "[新增] 项目 SB-2027-001「应急指挥平台升级」" in out
    assert out.rstrip().endswith("（预览：未写入任何内容）")
    code, _, err = m.run(m.office_db, "import-xxh", path, "--yes")
    assert code == 1 and "--trust-key" in err and m.dept_fp in err
    code, out, _ = m.run(m.office_db, "import-xxh", path, "--yes", "--trust-key", m.dept_fp)
    assert code == 0 and "导入完成：新增 1" in out
    code, out, _ = m.run(m.office_db, "import-xxh", path, "--yes")
    assert code == 0 and out.startswith("此文件已于")
    code, out, _ = m.run(m.office_db, "list")
    assert out.startswith("JZ-2027-001\t应急指挥平台升级")
    for key in ("JZ-2027-001", "SB-2027-001"):
        code, out, _ = m.run(m.office_db, "show", key)
        assert code == 0 and "JZ-2027-001" in out and "SB-2027-001" in out
    code, out, _ = m.run(m.office_db, "show-settings")
    assert f"登记的交换密钥：{DEPT}\t{m.dept_fp}" in out

    with Workspace.open(m.office_db) as ws:
        ws.user = "测试员"
        review(ws, m.pid)
    back = str(m.usb / "审核反馈.xxh")
    assert m.run(m.office_db, "export-xxh", "JZ-2027-001", "--out", back)[0] == 0
    code, out, _ = m.run(m.dept_db, "import-xxh", back, "--yes")
    assert code == 0 and "导入完成：更新 1" in out
    code, out, _ = m.run(m.dept_db, "list")
    assert out.startswith(f"JZ-2027-001\t应急指挥平台升级\t{DEPT}\t待县政府批准")


def _conflict(m: Machines) -> tuple[str, str]:
    """A department restored an old backup and edited again: its file forks from what the office holds.
    Returns the file and a saved copy of the office's database (to run it twice)."""
    m.declared()
    backup = m.tmp / "dept-old.db"
    with Workspace.open(m.dept_db) as ws:
        ws.user = DEPT
        backup_to(ws, backup)
        ws.projects.update(m.pid, {"responsible_person": "王五"})
    v2 = str(m.usb / "v2.xxh")
    assert m.run(m.dept_db, "export-xxh", "SB-2027-001", "--out", v2)[0] == 0
    assert m.run(m.office_db, "import-xxh", v2, "--yes")[0] == 0
    shutil.copyfile(backup, m.dept_db)          # the restore
    for suffix in ("-wal", "-shm"):
        Path(m.dept_db + suffix).unlink(missing_ok=True)
    with Workspace.open(m.dept_db) as ws:
        ws.user = DEPT
        ws.projects.update(m.pid, {"responsible_person": "钱七"})
    forked = str(m.usb / "restored.xxh")
    assert m.run(m.dept_db, "export-xxh", "SB-2027-001", "--out", forked)[0] == 0
    saved = str(m.tmp / "office-saved.db")
    with Workspace.open(m.office_db) as ws:
        settle_wal(ws)
        shutil.copyfile(ws.path, saved)
    return forked, saved


@pytest.mark.parametrize(("choice", "person"), [("keep", "王五"), ("theirs", "钱七")])
def test_a_conflict_under_each_on_conflict_choice(m: Machines, choice: str, person: str) -> None:
    forked, _ = _conflict(m)
    code, out, err = m.run(m.office_db, "import-xxh", forked, "--yes")
    assert code == 1 and "[冲突] 项目 JZ-2027-001" in out and "项目·项目责任人：本机 王五 ≠ 对方 钱七" in out
    assert "--on-conflict keep" in err and "--on-conflict theirs" in err
    code, out, _ = m.run(m.office_db, "import-xxh", forked, "--yes", "--on-conflict", choice)
    assert code == 0 and "导入完成：" in out
    with Workspace.open(m.office_db) as ws:
        assert ws.projects.get(m.pid).responsible_person == person


def test_a_hostile_file_is_refused_on_the_cli_and_changes_nothing(m: Machines) -> None:
    m.declared()
    with Workspace.open(m.dept_db) as dept:
        dept.projects.update(m.pid, {"responsible_person": "王五"})
        honest = str(m.usb / "honest.xxh")
        export_package(dept, [m.pid], Path(honest))
        forged = forge(dept, Path(honest), m.usb / "批准\x1b[31m.xxh",
                       lambda d: d["projects"][0]["project"].update(approval_doc_no="金政秘〔2027〕99号",
                                                                   plan_year=2027))
    office_ws = Workspace.open(m.office_db)
    watch = Watch(office_ws, m.tmp)
    code, out, err = m.run(m.office_db, "import-xxh", str(forged), "--yes")
    assert code == 1 and out == ""
    assert err.startswith("错误：已拒绝导入「批准\\x1b[31m.xxh」：文件中的项目 JZ-2027-001改动了县智慧办的内容")
    assert "批准文号" in err and "数据库未作任何改动" in err and "\x1b" not in err
    [entry] = office_ws.audit_log.entries()[len(watch.audit):]
    recorded = json.loads(entry.after)
    assert (entry.action, recorded["file_sm3"]) == ("拒绝导入交换文件", sm3_hex(forged.read_bytes()))
    assert recorded["problem"].startswith("文件中的项目 JZ-2027-001改动了县智慧办的内容")
    assert f"文件 SM3：{recorded['file_sm3']}" in err
    watch.audit = office_ws.audit_log.entries()
    watch.unchanged()      # the database as it was but for that entry; no file written anywhere
    office_ws.close()


def test_text_from_a_file_reaches_the_terminal_escaped(m: Machines) -> None:
    m.declared()
    with Workspace.open(m.dept_db) as dept:
        honest = m.usb / "honest.xxh"
        export_package(dept, [m.pid], honest)
        path = forge(dept, honest, m.usb / "补充\x1b[2J\n[新增] 项目 伪造.xxh", lambda d: d["projects"][0]["declaration"].update(
            content="升级指挥调度系统\n[更新] 项目 JZ-2027-999「伪造」"))
    code, out, _ = m.run(m.office_db, "import-xxh", str(path), "--dry-run")
    assert code == 0
    assert "文件：补充\\x1b[2J⏎[新增] 项目 伪造.xxh" in out
    assert "升级指挥调度系统⏎[更新] 项目 JZ-2027-999「伪造」" in out
    assert [line for line in out.splitlines() if line.startswith(("[新增]", "[更新]"))] == [
        "[更新] 项目 JZ-2027-001「应急指挥平台升级」（县应急管理局）"]
    assert not [ch for ch in out if ord(ch) < 32 and ch != "\n"]


def test_a_format_1_0_file_is_refused_on_the_cli(m: Machines) -> None:
    copy = m.usb / GOLDEN.name
    copy.write_bytes(GOLDEN.read_bytes())
    code, out, err = m.run(m.office_db, "import-xxh", str(copy), "--dry-run")
    assert code == 1 and out == ""
    assert "此文件是旧格式 1.0" in err and "请对方升级到本版本后重新导出" in err
    assert package_data(copy)["projects"][0]["project"]["number"] == "JZ-2027-001"   # the file is left as it was
