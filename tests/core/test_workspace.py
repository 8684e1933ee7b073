"""The workspace facade: create, migrate, refuse, transactions, round trips."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xxh_desktop import paths
from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.errors import XxhError
from xxh_desktop.hashing import sm3_hex
from xxh_desktop.storage.schema import SCHEMA_VERSION
from xxh_desktop.workspace import Workspace

from builders import as_office, as_unit, new_case, new_project


def test_open_creates_schema_with_safe_pragmas(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "new" / "x.db") as ws:
        assert ws.schema_version == SCHEMA_VERSION
        conn = ws.database.connection()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in ("units", "projects", "declarations", "procurements", "procurement_items",
                  "materials", "blobs", "stage_history", "checklist_answers", "rectifications",
                  "settings", "audit_log"):
        assert table in tables


def test_upgrades_an_empty_version_zero_file(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # a valid SQLite file at user_version 0
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.check() == []


def test_newer_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(XxhError, match="更新版本"):
        Workspace.open(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a letter, not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(XxhError, match="不是 SQLite 数据库"):
        Workspace.open(path)
    assert path.read_bytes() == before


def test_missing_file_without_create_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(XxhError, match="不存在"):
        Workspace.open(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_usb_location_is_refused(tmp_path: Path, fake_mounts) -> None:
    stick = fake_mounts.stick(tmp_path / "media" / "usb0")
    with pytest.raises(XxhError, match="U盘"):
        Workspace.open(stick / "xxh.db")
    assert list(stick.iterdir()) == []


def test_default_location_follows_xxh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXH_DATA_DIR", str(tmp_path / "portable"))
    assert paths.default_db_path() == tmp_path / "portable" / "xxh.db"
    monkeypatch.delenv("XXH_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if paths.sys.platform.startswith("linux"):
        assert paths.default_db_path() == tmp_path / "xdg" / "xxh-desktop" / "xxh.db"


def test_transaction_rolls_back_everything_on_error(ws: Workspace) -> None:
    count = ws.projects.count()
    with pytest.raises(RuntimeError):
        with ws.transaction(), as_unit(ws, "县数据资源管理局"):
            ws.projects.create("会回滚的项目", "县数据资源管理局", 2027)
            raise RuntimeError("boom")
    assert ws.projects.count() == count
    assert ws.units.names() == []


def test_a_department_numbers_its_declarations_provisionally_per_unit_and_year(ws: Workspace) -> None:
    """第四条: the 项目编号 is the office's to allot; a unit's new project carries its own 申报编号."""
    with as_unit(ws, "县教育体育局"):
        a = ws.projects.create("甲", "县教育体育局", 2027)
        b = ws.projects.create("乙", "县教育体育局", 2027)
        c = ws.projects.create("丙", "县教育体育局", 2026)
    with as_unit(ws, "县卫生健康委"):
        d = ws.projects.create("丁", "县卫生健康委", 2027)
    made = [ws.projects.get(p) for p in (a, b, c, d)]
    assert [p.number for p in made] == ["", "", "", ""]
    assert [p.declaration_no for p in made] == ["SB-2027-001", "SB-2027-002", "SB-2026-001", "SB-2027-001"]
    assert ws.projects.get("SB-2026-001").id == c          # a 申报编号 only one unit uses finds its project
    assert ws.projects.find("SB-2027-001") is None          # two units use this one: it names neither


def test_the_office_numbers_count_up_per_year(ws: Workspace) -> None:
    assert [ws.projects.next_number(2027), ws.projects.next_number(2026)] == ["JZ-2027-001", "JZ-2026-001"]
    new_project(ws, "甲", "县教育体育局", 2027, number="JZ-2027-001")
    assert ws.projects.next_number(2027) == "JZ-2027-002"


def test_declaration_round_trip_keeps_exact_amounts(ws: Workspace) -> None:
    pid = new_project(ws, "县域医共体远程心电诊断系统", "县卫生健康委", 2027)
    decl = Declaration(
        applicant_unit="县卫生健康委", declared_on=date(2026, 9, 12), leader="张立新", contact="李敏",
        phone="0564-7012345", email="wjw@jinzhai.gov.cn", project_name="县域医共体远程心电诊断系统",
        start_month=date(2027, 1, 1), end_month=date(2027, 12, 1), investment=Decimal("180.0001"),
        fund_fiscal=Decimal("150.0001"), fund_self=Decimal("30"), fund_bank=Decimal("0"),
        fund_other=Decimal("0"), content="依据《安徽省“十四五”卫生健康信息化规划》建设。",
    )
    with as_unit(ws, "县卫生健康委"):
        ws.declarations.save(pid, decl)
    loaded = ws.declarations.get(pid)
    assert loaded == decl
    stored = ws.database.connection().execute(
        "SELECT investment, start_month FROM declarations WHERE project_id = ?", (pid,)).fetchone()
    assert tuple(stored) == (1800001, "2027-01")


def test_declaration_amount_finer_than_a_yuan_is_refused(ws: Workspace) -> None:
    pid = new_project(ws, "甲", "县教育体育局", 2027)
    with pytest.raises(XxhError, match="4位小数"), as_unit(ws, "县教育体育局"):
        ws.declarations.save(pid, Declaration(investment=Decimal("1.00001")))
    assert ws.declarations.get(pid).investment is None


def test_procurement_round_trip_in_fen(ws: Workspace) -> None:
    cid = new_case(ws, "县民政局", year=2026)
    proc = Procurement(applicant_unit="县民政局", filled_on=date(2026, 3, 2), items=[
        ProcurementItem("台式计算机", "龙芯3A6000/16G/512G", 3, Decimal("5680.00")),
        ProcurementItem("激光打印机", "奔图 P3305DN", 1, Decimal("1299.50")),
    ], fund_budget=Decimal("18339.50"))
    with as_unit(ws, "县民政局"):
        ws.procurements.save(cid, proc)
    loaded = ws.procurements.form(cid)
    assert loaded.items == proc.items
    assert loaded.total == Decimal("18339.50")
    assert ws.procurements.get(cid).number == "CG-2026-001"


def test_materials_are_stored_by_sm3_and_replaced(ws: Workspace) -> None:
    pid = new_project(ws, "甲", "县教育体育局", 2027)
    with as_unit(ws, "县教育体育局"):
        ws.materials.attach(pid, "项目建设方案", "方案.docx", b"v1")
        ws.materials.attach(pid, "项目建设方案", "方案-修改.docx", b"v2")
        mats = ws.materials.list(pid)
        assert len(mats) == 1
        assert mats[0].filename == "方案-修改.docx"
        assert ws.materials.blob(mats[0].sm3) == b"v2"
        assert mats[0].sm3 == sm3_hex(b"v2")
        with pytest.raises(XxhError, match="未知的材料类别"):
            ws.materials.attach(pid, "随便什么", "x.txt", b"x")
        with pytest.raises(XxhError, match="原因"):
            ws.materials.waive(pid, "信息资源目录", "  ")


def test_sm3_matches_the_standard_test_vector() -> None:
    # GB/T 32905-2016 appendix A, example 1: "abc"
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_check_finds_a_changed_attachment(ws: Workspace) -> None:
    pid = new_project(ws, "甲", "县教育体育局", 2027)
    with as_unit(ws, "县教育体育局"):
        ws.materials.attach(pid, "项目概算", "概算.xlsx", b"original")
    assert ws.check() == []
    ws.database.connection().execute("UPDATE blobs SET content = ?", (b"tampered",))   # a raw SQLite tool
    assert any("SM3" in p for p in ws.check())


def test_audit_log_is_append_only_and_chained(ws: Workspace) -> None:
    new_project(ws, "甲", "县教育体育局", 2027)
    conn = ws.database.connection()   # a raw SQLite tool on the file
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET who = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    assert ws.check() == []
    # Someone with a raw SQLite tool drops the trigger and edits history: the chain shows it.
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET after = '{}' WHERE id = 1")
    assert any("审计日志第 1 条" in p for p in ws.check())


def test_closed_workspace_refuses_work(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "c.db")
    ws.close()
    assert ws.closed
    with pytest.raises(XxhError, match="已关闭"):
        ws.projects.count()


def test_an_upgrade_runs_the_next_migration_after_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.storage import database as database_module

    path = tmp_path / "v1.db"
    with Workspace.open(path) as ws:
        new_project(ws, "升级前的项目", "县民政局", 2026)
    next_version = [*database_module.MIGRATIONS, "ALTER TABLE projects ADD COLUMN remark TEXT NOT NULL DEFAULT '';"]
    monkeypatch.setattr(database_module, "MIGRATIONS", next_version)
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", len(next_version))
    with Workspace.open(path) as ws:
        assert ws.schema_version == len(next_version)
        assert ws.database.connection().execute("SELECT remark FROM projects").fetchall() == [("",)]
        assert [p.name for p in ws.projects.all()] == ["升级前的项目"]
    backups = list((tmp_path / "backups").glob(f"auto-*-before-migration-v{SCHEMA_VERSION}.db"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_failed_migration_leaves_the_file_at_its_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xxh_desktop.storage import database as database_module

    path = tmp_path / "v1.db"
    with Workspace.open(path) as ws:
        new_project(ws, "项目", "县民政局", 2026)
    broken = [*database_module.MIGRATIONS, "ALTER TABLE projects ADD COLUMN x TEXT;\nTHIS IS NOT SQL;"]
    monkeypatch.setattr(database_module, "MIGRATIONS", broken)
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", len(broken))
    with pytest.raises(XxhError):
        Workspace.open(path)
    monkeypatch.undo()
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert "x" not in {c[1] for c in ws.database.connection().execute("PRAGMA table_info(projects)")}


def test_another_programs_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    # `--db` pointed at some other program's SQLite file (user_version 0 but with tables):
    # creating our tables in it would change a file that is not ours.
    path = tmp_path / "other-program.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    conn.execute("INSERT INTO invoices (total) VALUES (100)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(XxhError, match="不是本系统的数据库"):
        Workspace.open(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_a_failed_commit_leaves_no_open_transaction_behind(tmp_path: Path) -> None:
    # SQLite may keep a transaction open when COMMIT fails (a deferred constraint here; a full
    # disk or I/O error can do the same). Later saves would then join it and never be committed.
    path = tmp_path / "ws.db"
    ws = Workspace.open(path)
    try:
        conn = ws.database.connection()
        with pytest.raises(sqlite3.IntegrityError), ws.transaction():
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.execute("INSERT INTO materials (project_id, kind, added_at) VALUES ('nobody', 'x', 'now')")
        assert not ws.database.in_transaction
        new_project(ws, "之后保存的项目", "县民政局", 2026)
    finally:
        ws.close()
    with Workspace.open(path) as again:
        assert [r.name for r in again.views.summaries()] == ["之后保存的项目"]
        assert again.database.connection().execute("SELECT count(*) FROM materials").fetchone()[0] == 0


def test_a_failed_inner_write_is_undone_even_when_the_caller_goes_on(ws: Workspace) -> None:
    with ws.transaction(), as_unit(ws, "县民政局"):
        ws.projects.create("外层的项目", "县民政局", 2026)
        try:
            with ws.transaction():
                ws.projects.create("内层写了一半", "县民政局", 2026)
                raise XxhError("内层失败")
        except XxhError:
            pass
    assert [r.name for r in ws.views.summaries()] == ["外层的项目"]
    assert ws.check() == []


@pytest.mark.parametrize(("facts", "message"), [
    ({"supplier": "某公司\n[更新] 另一行"}, "「中标供应商」含有换行符"),
    ({"supplier": "某公司\u202e"}, "「中标供应商」含有改变文字显示方向的控制字符"),
    ({"contract_amount": Decimal("-1")}, "「合同金额」应为不小于 0 的金额"),
    ({"approval_date": date(1900, 1, 1)}, "「县政府批准日期」应在 2000 年至 2100 年之间"),
])
def test_the_projects_owner_refuses_a_fact_the_forms_would_not_take(ws: Workspace, facts: dict, message: str) -> None:
    pid = new_project(ws, "甲", "县教育体育局", 2027)
    before = ws.projects.get(pid)
    actor = as_office(ws) if "approval_date" in facts else as_unit(ws, "县教育体育局")
    with actor, pytest.raises(XxhError, match=message):
        ws.projects.update(pid, facts)
    assert ws.projects.get(pid) == before


def test_a_projects_assets_adjustments_and_rectifications_are_read_by_an_index(tmp_path: Path) -> None:
    from storage_support import database_at

    from xxh_desktop.storage.schema import MIGRATIONS, PROJECT_CHILD_INDEXES

    path = database_at(tmp_path / "old.db", MIGRATIONS.index(PROJECT_CHILD_INDEXES))
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO units (name) VALUES ('县应急管理局')")
    conn.execute("INSERT INTO projects (id, name, unit_id, year, stage, created_at, updated_at) "
                 "VALUES ('p1', '旧项目', 1, 2026, '草稿', '2026-01-01', '2026-01-01')")
    conn.execute("INSERT INTO existing_assets (project_id, name, quantity) VALUES ('p1', '服务器', 2)")
    conn.commit()
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert [(a.name, a.quantity) for a in ws.assets.of("p1")] == [("服务器", 2)]
        conn = ws.database.connection()
        for table in ("existing_assets", "adjustments", "rectifications"):
            plan = conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE project_id = ? ORDER BY id",
                                ("p1",)).fetchall()
            assert [row[3] for row in plan] == [f"SEARCH {table} USING INDEX {table}_project (project_id=?)"]


def test_a_project_read_inside_a_write_is_never_older_than_the_database(tmp_path: Path) -> None:
    """Within one write a project read twice with nothing changed between is read once; any change,
    a savepoint rolled back, or another write's turn reads it again."""
    with Workspace.open(tmp_path / "x.db") as ws, as_unit(ws, "县应急管理局"):
        pid = new_project(ws, "旧名称", "县应急管理局", 2027)
        with ws.transaction():
            assert ws.projects.get(pid).supplier == ""
            ws.projects.update(pid, {"supplier": "甲公司"}, action=None)
            assert ws.projects.get(pid).supplier == "甲公司"
            with pytest.raises(XxhError), ws.transaction():
                ws.projects.update(pid, {"supplier": "乙公司"}, action=None)
                assert ws.projects.get(pid).supplier == "乙公司"
                raise XxhError("撤销这一步")
            assert ws.projects.get(pid).supplier == "甲公司"
        other = sqlite3.connect(ws.path)
        other.execute("UPDATE projects SET supplier = '丙公司' WHERE id = ?", (pid,))
        other.commit()
        other.close()
        with ws.transaction():
            assert ws.projects.get(pid).supplier == "丙公司"
