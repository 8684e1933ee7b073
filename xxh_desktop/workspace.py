"""The workspace: one SQLite file and everything done to it.

`Workspace.open(path)` creates or upgrades the file; the GUI and the CLI both
go through this facade. Writes happen inside `transaction()` (BEGIN
IMMEDIATE … COMMIT, rolled back on any error); sqlite-utils calls made inside
it nest as savepoints, so they never commit half a change.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils

from . import __version__, audit
from .amounts import fen_to_yuan, wan_to_yuan, yuan_to_fen, yuan_to_wan
from .domain.declaration import Declaration
from .domain.procurement import Procurement, ProcurementItem
from .errors import XxhError
from .hashing import sm3_hex
from .paths import unsafe_location_reason
from .schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _month(text: str | None) -> date | None:
    return date.fromisoformat(text + "-01") if text else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class ProjectRow:
    """One line of the project list (CLI `list`, the GUI's table)."""

    id: str
    number: str
    name: str
    unit: str
    stage: str
    side_state: str
    year: int
    investment: Decimal | None  # 万元


class Workspace:
    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = conn
        self.db: sqlite_utils.Database | None = sqlite_utils.Database(conn)
        self.user = ""
        self._savepoints = 0

    # ------------------------------------------------------------------ open/close

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Workspace:
        """Open (creating or upgrading) the database at `path`.

        A file written by a newer version of the program is refused and left
        byte-for-byte untouched: its version is read before anything is written.
        """
        path = Path(path).expanduser()
        reason = unsafe_location_reason(path)
        if reason:
            raise XxhError(reason)
        if not path.exists():
            if not create:
                raise XxhError(f"数据库文件不存在：{path}")
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            _refuse_newer_or_foreign(path)
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise XxhError(f"无法打开数据库文件 {path}：{exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            ws = cls(path, conn)
            ws._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise XxhError(f"数据库文件 {path} 已损坏或不是本系统的数据库：{exc}") from exc
        except BaseException:
            conn.close()
            raise
        return ws

    def close(self) -> None:
        """Close the database; the object is unusable afterwards."""
        try:
            if self.conn is not None:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass   # only an optimisation: a full disk or a busy file must not stop the close
        finally:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.db = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def transaction(self) -> Iterator[Workspace]:
        """One all-or-nothing write. A nested call is a savepoint inside the outer
        transaction: if it fails, its own changes are undone even when the caller
        catches the error, and the outer write decides about the rest."""
        conn = self._conn()
        if conn.in_transaction:
            self._savepoints += 1
            name = f"xxh_{self._savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:   # an error such as a full disk may have rolled it back already
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT may leave the transaction open; later writes would join it unseen.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _conn(self) -> sqlite3.Connection:
        if self.conn is None:
            raise XxhError("数据库已关闭。")
        return self.conn

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self._conn().execute(sql, params)
        cols = [c[0] for c in cur.description or ()]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def query_one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self._conn().execute(sql, params)

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
        return int(cur.lastrowid or 0)

    def update(self, table: str, where: dict[str, Any], values: dict[str, Any]) -> int:
        sets = ", ".join(f"{k} = ?" for k in values)
        cond = " AND ".join(f"{k} = ?" for k in where)
        cur = self.execute(
            f"UPDATE {table} SET {sets} WHERE {cond}", (*values.values(), *where.values())
        )
        return cur.rowcount

    @property
    def schema_version(self) -> int:
        return int(self._conn().execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise XxhError(
                f"数据库 {self.path} 由更新版本的程序创建（结构版本 {current}，本程序支持到 "
                f"{SCHEMA_VERSION}），本程序不会改动它。请安装最新版本的 xxh-desktop。")
        if 0 < current < len(MIGRATIONS):
            from .backup import automatic_backup

            # PRODUCT.md §10: a checked copy of the old file before it is upgraded.
            automatic_backup(self, f"before-migration-v{current}")
        for version in range(current, len(MIGRATIONS)):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[version]):
                    self.execute(statement)
                self.execute(f"PRAGMA user_version={version + 1}")
        if current == 0:
            with self.transaction():
                self.set_setting("created_by_version", __version__)

    # ------------------------------------------------------------------ settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(row["value"]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    # ------------------------------------------------------------------ audit

    def audit(self, action: str, target: str = "", *, before: Any = "", after: Any = "",
              result: str = "成功", who: str | None = None) -> None:
        audit.append(self, who or self.user or "系统", action, target, before, after, result)

    # ------------------------------------------------------------------ units

    def ensure_unit(self, name: str, kind: str = "") -> int:
        name = name.strip()
        if not name:
            raise XxhError("单位名称不能为空。")
        row = self.query_one("SELECT id FROM units WHERE name = ?", (name,))
        if row:
            return int(row["id"])
        with self.transaction():
            return self.insert("units", {"name": name, "kind": kind})

    def units(self) -> list[str]:
        return [r["name"] for r in self.query("SELECT name FROM units ORDER BY name")]

    # ------------------------------------------------------------------ projects

    def next_project_number(self, year: int) -> str:
        prefix = f"JZ-{year}-"
        row = self.query_one(
            "SELECT max(CAST(substr(number, ?) AS INTEGER)) AS n FROM projects WHERE number LIKE ?",
            (len(prefix) + 1, prefix + "%"),
        )
        return f"{prefix}{(row['n'] or 0) + 1:03d}"

    def create_project(self, name: str, unit: str, year: int, *, stage: str = "草稿",
                       number: str | None = None, project_id: str | None = None,
                       is_existing_system: bool = False) -> str:
        """Create a project and its (empty) 附件1; returns the project's UUID."""
        pid = project_id or str(uuid.uuid4())
        stamp = now_iso()
        with self.transaction():
            unit_id = self.ensure_unit(unit)
            self.insert("projects", {
                "id": pid, "number": number or self.next_project_number(year), "name": name,
                "unit_id": unit_id, "year": year, "stage": stage,
                "is_existing_system": int(is_existing_system),
                "created_at": stamp, "updated_at": stamp,
            })
            self.insert("declarations", {
                "project_id": pid, "applicant_unit": unit, "project_name": name, "updated_at": stamp,
            })
            self.audit("新建项目", pid, after={"name": name, "unit": unit, "year": year})
        return pid

    def project(self, key: str) -> dict[str, Any]:
        """A project's row (plus its unit's name) by number or UUID; XxhError if unknown."""
        row = self.query_one(
            "SELECT p.*, u.name AS unit FROM projects p JOIN units u ON u.id = p.unit_id "
            "WHERE p.number = ? OR p.id = ?", (key, key),
        )
        if row is None:
            raise XxhError(f"找不到项目「{key}」。请用 list 命令查看项目编号。")
        return row

    def update_project(self, project_id: str, values: dict[str, Any], *, action: str = "修改项目") -> None:
        """Change project columns, bump its revision and audit before → after."""
        with self.transaction():
            before = self.project(project_id)
            changed = {k: v for k, v in values.items() if before.get(k) != v}
            if not changed:
                return
            self.update("projects", {"id": project_id}, {
                **changed, "revision": before["revision"] + 1, "updated_at": now_iso(),
            })
            self.audit(action, before["number"] or project_id,
                       before={k: before.get(k) for k in changed}, after=changed)

    def project_count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM projects").fetchone()[0])

    def list_projects(self, *, stage: str | None = None, year: int | None = None,
                      unit: str | None = None) -> list[ProjectRow]:
        conds, params = [], []
        if stage:
            conds.append("p.stage = ?")
            params.append(stage)
        if year:
            conds.append("p.year = ?")
            params.append(year)
        if unit:
            conds.append("u.name = ?")
            params.append(unit)
        where = ("WHERE " + " AND ".join(conds)) if conds else ""
        rows = self.query(
            "SELECT p.id, p.number, p.name, u.name AS unit, p.stage, p.side_state, p.year, "
            "d.investment FROM projects p JOIN units u ON u.id = p.unit_id "
            f"LEFT JOIN declarations d ON d.project_id = p.id {where} ORDER BY p.number",
            params,
        )
        return [
            ProjectRow(r["id"], r["number"] or "", r["name"], r["unit"], r["stage"],
                       r["side_state"] or "", r["year"],
                       None if r["investment"] is None else yuan_to_wan(r["investment"]))
            for r in rows
        ]

    # ------------------------------------------------------------------ 附件1

    def load_declaration(self, project_id: str) -> Declaration:
        row = self.query_one("SELECT * FROM declarations WHERE project_id = ?", (project_id,))
        if row is None:
            raise XxhError(f"项目 {project_id} 没有申报表。")
        proj = self.project(project_id)

        def wan(col: str) -> Decimal | None:
            return None if row[col] is None else yuan_to_wan(row[col])

        return Declaration(
            applicant_unit=row["applicant_unit"], declared_on=_date(row["declared_on"]),
            leader=row["leader"], contact=row["contact"], phone=row["phone"], email=row["email"],
            project_name=row["project_name"], start_month=_month(row["start_month"]),
            end_month=_month(row["end_month"]), investment=wan("investment"),
            fund_fiscal=wan("fund_fiscal"), fund_self=wan("fund_self"),
            fund_bank=wan("fund_bank"), fund_other=wan("fund_other"),
            content=row["content"], dept_opinion=row["dept_opinion"],
            is_existing_system=bool(proj["is_existing_system"]),
        )

    def declaration_status(self, project_id: str) -> str:
        row = self.query_one("SELECT status FROM declarations WHERE project_id = ?", (project_id,))
        return row["status"] if row else ""

    def save_declaration(self, project_id: str, decl: Declaration, *, status: str | None = None) -> int:
        """Store 附件1 as the project's current declaration; returns its new revision."""

        def yuan(v: Decimal | None) -> int | None:
            return None if v is None else wan_to_yuan(v)

        values = {
            "applicant_unit": decl.applicant_unit, "declared_on": _iso(decl.declared_on),
            "leader": decl.leader, "contact": decl.contact, "phone": decl.phone,
            "email": decl.email, "project_name": decl.project_name,
            "start_month": decl.start_month.strftime("%Y-%m") if decl.start_month else None,
            "end_month": decl.end_month.strftime("%Y-%m") if decl.end_month else None,
            "investment": yuan(decl.investment), "fund_fiscal": yuan(decl.fund_fiscal),
            "fund_self": yuan(decl.fund_self), "fund_bank": yuan(decl.fund_bank),
            "fund_other": yuan(decl.fund_other), "content": decl.content,
            "dept_opinion": decl.dept_opinion,
        }
        with self.transaction():
            before = self.query_one("SELECT * FROM declarations WHERE project_id = ?", (project_id,))
            if before is None:
                raise XxhError(f"项目 {project_id} 没有申报表。")
            revision = before["revision"] + 1
            extra = {"status": status} if status else {}
            self.update("declarations", {"project_id": project_id},
                        {**values, **extra, "revision": revision, "updated_at": now_iso()})
            proj_values: dict[str, Any] = {"is_existing_system": int(decl.is_existing_system)}
            if decl.project_name.strip():
                proj_values["name"] = decl.project_name.strip()
            self.update_project(project_id, proj_values)
            changed = {k: v for k, v in values.items() if before.get(k) != v}
            self.audit("保存申报表", self.project(project_id)["number"],
                       before={k: before.get(k) for k in changed}, after=changed)
        return revision

    # ------------------------------------------------------------------ 附件2

    def create_procurement(self, unit: str, *, number: str | None = None,
                           procurement_id: str | None = None, year: int | None = None) -> str:
        pid = procurement_id or str(uuid.uuid4())
        stamp = now_iso()
        year = year or date.today().year
        with self.transaction():
            unit_id = self.ensure_unit(unit)
            if number is None:
                prefix = f"CG-{year}-"
                row = self.query_one(
                    "SELECT max(CAST(substr(number, ?) AS INTEGER)) AS n FROM procurements "
                    "WHERE number LIKE ?", (len(prefix) + 1, prefix + "%"))
                number = f"{prefix}{(row['n'] or 0) + 1:03d}"
            self.insert("procurements", {
                "id": pid, "number": number, "unit_id": unit_id, "applicant_unit": unit,
                "created_at": stamp, "updated_at": stamp,
            })
            self.audit("新建采购申报", number)
        return pid

    def procurement_row(self, key: str) -> dict[str, Any]:
        row = self.query_one("SELECT * FROM procurements WHERE number = ? OR id = ?", (key, key))
        if row is None:
            raise XxhError(f"找不到采购申报「{key}」。")
        return row

    def list_procurements(self) -> list[dict[str, Any]]:
        return self.query(
            "SELECT p.id, p.number, p.applicant_unit AS unit, p.status, p.filled_on, "
            "(SELECT coalesce(sum(quantity * unit_price), 0) FROM procurement_items i "
            " WHERE i.procurement_id = p.id) AS total_fen FROM procurements p ORDER BY p.number"
        )

    def load_procurement(self, key: str) -> Procurement:
        row = self.procurement_row(key)
        items = self.query(
            "SELECT * FROM procurement_items WHERE procurement_id = ? ORDER BY seq", (row["id"],))

        def yuan(v: int | None) -> Decimal | None:
            return None if v is None else fen_to_yuan(v)

        return Procurement(
            applicant_unit=row["applicant_unit"], filled_on=_date(row["filled_on"]),
            items=[ProcurementItem(i["item"], i["spec"], i["quantity"], yuan(i["unit_price"]))
                   for i in items],
            reason=row["reason"], fund_budget=yuan(row["fund_budget"]),
            fund_special=yuan(row["fund_special"]), fund_other=yuan(row["fund_other"]),
            handler=row["handler"], handler_phone=row["handler_phone"],
            unit_leader=row["unit_leader"], unit_opinion=row["unit_opinion"],
            dept_opinion=row["dept_opinion"],
        )

    def save_procurement(self, key: str, proc: Procurement, *, status: str | None = None) -> int:
        def fen(v: Decimal | None) -> int | None:
            return None if v is None else yuan_to_fen(v)

        with self.transaction():
            row = self.procurement_row(key)
            revision = row["revision"] + 1
            values = {
                "applicant_unit": proc.applicant_unit, "filled_on": _iso(proc.filled_on),
                "reason": proc.reason, "fund_budget": fen(proc.fund_budget),
                "fund_special": fen(proc.fund_special), "fund_other": fen(proc.fund_other),
                "handler": proc.handler, "handler_phone": proc.handler_phone,
                "unit_leader": proc.unit_leader, "unit_opinion": proc.unit_opinion,
                "dept_opinion": proc.dept_opinion,
            }
            if status:
                values["status"] = status
            self.update("procurements", {"id": row["id"]},
                        {**values, "revision": revision, "updated_at": now_iso()})
            self.execute("DELETE FROM procurement_items WHERE procurement_id = ?", (row["id"],))
            for seq, item in enumerate(proc.items, start=1):
                self.insert("procurement_items", {
                    "procurement_id": row["id"], "seq": seq, "item": item.item, "spec": item.spec,
                    "quantity": item.quantity, "unit_price": fen(item.unit_price),
                })
            self.audit("保存采购申报", row["number"], after={"revision": revision})
        return revision

    # ------------------------------------------------------------------ materials

    def put_blob(self, content: bytes) -> str:
        digest = sm3_hex(content)
        with self.transaction():
            self.execute(
                "INSERT OR IGNORE INTO blobs (sm3, size, content) VALUES (?, ?, ?)",
                (digest, len(content), content),
            )
        return digest

    def blob(self, digest: str) -> bytes:
        row = self.query_one("SELECT content FROM blobs WHERE sm3 = ?", (digest,))
        if row is None:
            raise XxhError(f"附件内容缺失（SM3 {digest}）。")
        return bytes(row["content"])

    def add_material(self, project_id: str, kind: str, filename: str, content: bytes) -> int:
        """Attach a file as the project's material of `kind`, replacing an earlier one."""
        from .domain.materials import check_kind

        check_kind(kind)
        with self.transaction():
            digest = self.put_blob(content)
            self.execute("DELETE FROM materials WHERE project_id = ? AND kind = ?", (project_id, kind))
            mid = self.insert("materials", {
                "project_id": project_id, "kind": kind, "filename": Path(filename).name,
                "sm3": digest, "added_at": now_iso(), "added_by": self.user,
            })
            self.audit("添加材料", self.project(project_id)["number"],
                       after={"kind": kind, "filename": Path(filename).name, "sm3": digest})
        return mid

    def waive_material(self, project_id: str, kind: str, reason: str) -> None:
        """Mark a material 暂缺 with a reason (第八条 materials may be supplied later)."""
        from .domain.materials import check_kind

        check_kind(kind)
        if not reason.strip():
            raise XxhError("标记「暂缺」须写明原因。")
        with self.transaction():
            self.execute("DELETE FROM materials WHERE project_id = ? AND kind = ?", (project_id, kind))
            self.insert("materials", {
                "project_id": project_id, "kind": kind, "waived_reason": reason.strip(),
                "added_at": now_iso(), "added_by": self.user,
            })
            self.audit("材料暂缺", self.project(project_id)["number"], after={"kind": kind, "reason": reason})

    def materials(self, project_id: str) -> list[dict[str, Any]]:
        return self.query(
            "SELECT m.id, m.kind, m.filename, m.sm3, m.waived_reason, m.added_at, m.added_by, "
            "b.size FROM materials m LEFT JOIN blobs b ON b.sm3 = m.sm3 "
            "WHERE m.project_id = ? ORDER BY m.id", (project_id,))

    # ------------------------------------------------------------------ history

    def history(self, project_id: str) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM stage_history WHERE project_id = ? ORDER BY id", (project_id,))

    # ------------------------------------------------------------------ checks

    def check(self) -> list[str]:
        """Integrity and schema problems, in Chinese; empty when the file is sound."""
        problems: list[str] = []
        for (line,) in self.execute("PRAGMA integrity_check").fetchall():
            if line != "ok":
                problems.append(f"SQLite 完整性检查：{line}")
        for row in self.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"外键错误：表 {row[0]} 第 {row[1]} 行引用的 {row[2]} 不存在")
        if self.schema_version != SCHEMA_VERSION:
            problems.append(f"数据库结构版本 {self.schema_version}，本程序需要 {SCHEMA_VERSION}")
        for row in self.query("SELECT sm3, content FROM blobs"):
            if sm3_hex(bytes(row["content"])) != row["sm3"]:
                problems.append(f"附件内容与其 SM3 摘要不符：{row['sm3']}")
        problems.extend(audit.verify(self))
        return problems


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner ';')."""
    statements, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        text = "\n".join(buf).strip()
        if text and sqlite3.complete_statement(text):
            statements.append(text)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        statements.append(rest)
    return statements


def _refuse_newer_or_foreign(path: Path) -> None:
    """Read the file's header without writing to it; refuse newer or foreign files."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) == 0:
        return
    if not header.startswith(b"SQLite format 3\x00"):
        raise XxhError(f"文件 {path} 不是 SQLite 数据库，未作任何改动。")
    version = int.from_bytes(header[60:64], "big")
    if version > SCHEMA_VERSION:
        raise XxhError(
            f"数据库 {path} 由更新版本的程序创建（结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
            "为避免损坏数据，本程序不会打开或改动它。请安装最新版本的 xxh-desktop。"
        )
    if version == 0:
        # Version 0 with tables in it is another program's database: ours would be created in it.
        # (Asked through SQLite: after a crash our schema may still sit in the -wal, not the header.)
        try:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)   # encoded: # ? %
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise XxhError(f"数据库文件 {path} 已损坏或不是本系统的数据库：{exc}") from exc
        if version == 0 and tables:
            raise XxhError(f"文件 {path} 是其他程序的 SQLite 数据库，不是本系统的数据库，未作任何改动。")
