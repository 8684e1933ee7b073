"""Every stored value held to what the program reads it as: one check, asked of SQLite column by column.

`integrity_check` and the text decoding pass a file whose values no path of the program
writes — a project's 阶段 that is not a `Stage`, an 批准日期 of «明天», an amount of «一百万»,
a project name of 400 MB. Each of them makes the listing, the plan, the deadlines and `check`
itself fail, or take minutes and gigabytes, once the file is restored. So each column of each
table is declared with its domain, derived from the program's own definitions: the field
catalogue's kinds, choices and limits (`domain.fields`), the enums of `domain.stages`, and how
each storage owner converts the column when it reads it (dates by `date.fromisoformat`, money
as integer 元 or 分, JSON by `json.loads`, time stamps by `datetime.fromisoformat`).

Each table is read once, in SQL: a row is named only when one of its values falls outside its
column's domain, and a text's length is measured by SQLite, so nothing large reaches Python.
A column is tested only for what its owner relies on when it reads it: a text column the owner
passes on as it is has only its length bounded, and that only where SQLite's page statistics
show a record long enough to break the bound (a scan of a hundred thousand rows costs each
test on each value). The backup check (`verify.verify_file`) and `Workspace.check` both ask it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain import fields
from ..domain.fields import Kind, Side
from ..domain.stages import STAGES
from ..domain.text import shown
from .database import reading_connection
from .owner import NOTE_LIMIT
from .setting_domains import DOMAINS, setting_problem

# A text value may be this many times its field's limit before it is taken for damage or
# forgery, not a long entry: the limits count characters as a person counts them, SQLite counts
# code points (an emoji with its modifiers is several). Never less than a free note's limit:
# a table whose records are all shorter than that is then seen to hold no value too long
# without a value being read (`_longest_record`).
SLACK = 10
# Text no catalogue limit bounds (the audit log's JSON, settings, drafts): the largest genuine
# one, an export's audit entry listing every record it sent (a .xxh carries at most 16 MB of
# data, ~2 KB a record), is a small part of this.
CAP = 1 << 20
MOST_PER_TABLE = 20  # enough named values to say what is wrong, never all of a damaged table
SHOWN = 40           # characters of a value quoted in a message


def _bound(limit: int) -> int:
    return max(limit * SLACK, NOTE_LIMIT)


@dataclass(frozen=True)
class Test:
    ok: str      # SQL on `{c}`, the column (never NULL here): true of a value the program reads as it should
    wrong: str   # Chinese, after the quoted value: what it is not ({length} and {bound} filled in)
    bound: int = 0   # for a test of length: the most characters


@dataclass(frozen=True)
class Column:
    title: str                 # as the clerk knows the field
    tests: tuple[Test, ...]    # in order: the first that fails names the problem


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


# Every test is as cheap as SQLite allows: a scan of a hundred thousand rows costs each test on
# each value. A number never equals a text, nor falls between two: comparisons with text
# constants hold of text only.
def _choice(values: tuple[str, ...], what: str, *, blank: bool = True) -> tuple[Test, ...]:
    """One of `values` (an enum's or the catalogue's choices); '' when a column holds «none yet»."""
    allowed = (("",) if blank else ()) + tuple(str(v) for v in values)
    # A CASE, not IN: SQLite looks an IN list's values up in an index it builds, slower for a dozen.
    cases = " ".join(f"WHEN {_quoted((v,))} THEN 1" for v in allowed)
    return (Test(f"CASE {{c}} {cases} ELSE 0 END", f"不是本系统的{what}"),)


TOO_LONG = "长 {length} 字，远超本栏的上限（最多 {bound} 字）"


def _integer(low: int, high: int, wrong: str) -> tuple[Test, ...]:
    return (Test(f"typeof({{c}}) = 'integer' AND {{c}} BETWEEN {low} AND {high}", wrong),)


_FIRST, _LAST = fields.EARLIEST_DATE, fields.LATEST_DATE


def _real_day(day: str) -> str:
    """SQL: `day` is a real day («2026-02-30» is not) of the catalogue's window, written as
    `date.fromisoformat` reads it: `date(x, '+0 days')` writes a day so, normalised."""
    return f"{day} BETWEEN '{_FIRST.isoformat()}' AND '{_LAST.isoformat()}' AND date({day}, '+0 days') IS {day}"


DAY = (Test(_real_day("{c}"), f"不是 {_FIRST:%Y} 年至 {_LAST:%Y} 年之间的有效日期（年-月-日）"),)
MONTH = (Test(f"{{c}} BETWEEN '{_FIRST:%Y-%m}' AND '{_LAST:%Y-%m}' "
              "AND date({c} || '-01', '+0 days') IS {c} || '-01'",
              f"不是 {_FIRST:%Y} 年至 {_LAST:%Y} 年之间的有效年月"),)
# A time stamp as `clock.now_iso` writes it (or in UTC, for the accounts), as `datetime.fromisoformat` reads it.
_CLOCK = "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]"
_TIMES = ("T{clock}[+-][0-9][0-9]:[0-9][0-9]", "T{clock}.[0-9]*[+-][0-9][0-9]:[0-9][0-9]", "[T ]{clock}",
          "[T ]{clock}.[0-9]*")
# 40 characters at most, measured in bytes (up to 4 a character: a UTF-16 file has 2 for each digit).
MOMENT = (Test("length(CAST({c} AS BLOB)) <= 160 AND " + _real_day("substr({c}, 1, 10)")
               + " AND (" + " OR ".join(f"substr({{c}}, 11) GLOB '{t.format(clock=_CLOCK)}'" for t in _TIMES) + ")",
               "不是有效的时间"),)
YEAR = _integer(_FIRST.year, _LAST.year, f"不是 {_FIRST:%Y} 年至 {_LAST:%Y} 年之间的年份")
FLAG = _integer(0, 1, "不是「是」或「否」（1 或 0）")
COUNT = _integer(0, fields.REVISION_LIMIT, f"不是 0 至 {fields.REVISION_LIMIT} 之间的整数")
# Money as the owners store it: 附件1 万元 as integer 元, 附件2 元 as integer 分, under the catalogue's limit.
WAN = _integer(0, int(fields.AMOUNT_LIMIT * 10_000) - 1, "不是有效的金额（应为以元计的整数，小于一万亿万元）")
YUAN = _integer(0, int(fields.AMOUNT_LIMIT * 100) - 1, "不是有效的金额（应为以分计的整数，小于一万亿元）")


def _within(bound: int) -> str:
    """SQL: text `{c}` of at most `bound` characters. Its bytes are measured first (no NUL ends that
    count early, and no character is more than 4): the characters are counted only past `bound` bytes."""
    return (f"length(CAST({{c}} AS BLOB)) <= {bound * 4} "
            f"AND (length(CAST({{c}} AS BLOB)) <= {bound} OR length({{c}}) <= {bound})")


def _text(bound: int, *, parsed: bool = False) -> tuple[Test, ...]:
    """Text of at most `bound` characters; `parsed`: JSON, which the owner reads with `json.loads`
    (tested after the length: never on a huge value)."""
    tests = (Test(f"typeof({{c}}) = 'text' AND {_within(bound)}", TOO_LONG, bound),)
    if parsed:
        tests += (Test("typeof({c}) = 'text' AND json_valid({c})", "不是有效的 JSON 数据"),)
    return tests


NOTE = _text(_bound(NOTE_LIMIT))
ANY_TEXT = _text(CAP)
JSON = _text(CAP, parsed=True)
REVISION = COUNT


def _catalogued(f: fields.Field) -> tuple[Test, ...]:
    """A catalogue field's column, by its kind."""
    if f.kind in (Kind.TEXT, Kind.LONG_TEXT):
        return _text(_bound(f.max_length or NOTE_LIMIT))
    if f.kind == Kind.CHOICE:
        # 阶段 and the 附件2 status are read through their enums: never blank.
        return _choice(f.choices, f.label, blank=f.key not in ("project.stage", "procurement.status"))
    return {Kind.DATE: DAY, Kind.MONTH: MONTH, Kind.WAN: WAN, Kind.YUAN: YUAN, Kind.COUNT: COUNT,
            Kind.YEAR: YEAR, Kind.FLAG: FLAG}[f.kind]


# The catalogue's record for each table whose columns are fields of the catalogue.
RECORDS = {
    "projects": "project", "declarations": "declaration", "procurements": "procurement", "procurement_items": "item",
    "adjustments": "adjustment", "rectifications": "rectification", "existing_assets": "asset", "opinions": "opinion",
    "plan_filings": "plan_filing", "materials": "material", "checklist_answers": "checklist",
}
# The columns the catalogue does not list, as their owner reads them: what it converts (a stage,
# a date, JSON, a time stamp it compares) is declared; other text is bounded as `UNDECLARED`.
OTHER_COLUMNS: dict[str, dict[str, Column]] = {
    "projects": {"declaration_no": Column("申报编号", NOTE), "revision": Column("修订号", REVISION)},
    "declarations": {"revision": Column("修订号", REVISION)},
    "procurements": {"declaration_no": Column("申报编号", NOTE), "revision": Column("修订号", REVISION)},
    "materials": {"filename": Column("文件名", NOTE), "waived_reason": Column("暂缺原因", NOTE),
                  "added_by": Column("添加人", NOTE)},
    "stage_history": {"from_stage": Column("原阶段", _choice(STAGES, "阶段", blank=False)),
                      "to_stage": Column("新阶段", _choice(STAGES, "阶段", blank=False)),
                      "on_date": Column("日期", DAY), "by": Column("操作人", NOTE), "reason": Column("理由", NOTE),
                      "event": Column("事项", NOTE)},
    "checklist_answers": {"by": Column("审核人", NOTE)},
    "opinions": {"by": Column("审核人", NOTE)},
    "plan_filings": {"year": Column("计划年度", YEAR)},
    "units": {"name": Column("单位名称", _text(_bound(fields.field("project.unit").max_length or NOTE_LIMIT))),
              "kind": Column("单位类别", NOTE)},
    "settings": {"value": Column("设置值", JSON)},
    "accounts": {"name": Column("用户名", NOTE), "full_name": Column("姓名", NOTE), "roles": Column("角色", JSON), "local": Column("本机账户", FLAG), "active": Column("启用", FLAG),
                 "failed_count": Column("连续登录失败次数", COUNT), "locked_until": Column("锁定至", MOMENT),
                 "last_success_at": Column("上次登录时间", MOMENT), "last_failure_at": Column("上次登录失败时间", MOMENT),
                 "created_at": Column("建立时间", MOMENT), "password_changed_at": Column("修改密码时间", MOMENT)},
    "drafts": {"kind": Column("草稿类别", _choice(("declaration", "procurement"), "草稿类别", blank=False)),
               "payload": Column("内容", JSON), "saved_at": Column("保存时间", MOMENT),
               "record_revision": Column("记录修订号", REVISION)},
    "audit_log": {"at": Column("时间", MOMENT)},
    "blobs": {"size": Column("大小", _integer(0, 1 << 40, "不是有效的字节数"))},
    "exchange_parts": {"side": Column("所属一方", _choice(tuple(Side), "一方", blank=False)),
                       "version": Column("版本", REVISION), "content": Column("内容", JSON)},
    "exchange_keys": {"side": Column("所属一方", _choice(tuple(Side), "一方", blank=False))},
}
# Text the program uses as text the moment it reads it (who signs in, how a record is named in
# every list): a blob there ends the listing, the sign-in or the restore back in an internal error
# (re-probe N2). Tested whatever the lengths are: a short blob is no long record.
IS_TEXT = Test("typeof({c}) = 'text'", "不是文字")
READ_AS_TEXT = {("accounts", "name"), ("accounts", "full_name"), ("projects", "name"), ("projects", "number"),
                ("procurements", "number"), ("units", "name")}
# Any other column (ids, hashes, who did what, the audit log's JSON): text within `CAP`.
UNDECLARED = Column("", (Test(f"typeof({{c}}) != 'text' OR ({_within(CAP)})", TOO_LONG, CAP),))


def _clip(sql: str) -> str:
    """A text value of SQL for a record's name, or NULL: never a blob, never long."""
    return f"nullif(CASE WHEN typeof({sql}) = 'text' THEN substr({sql}, 1, {SHOWN}) END, '')"


# By number, else by name: columns every version of the file has.
def _project(pid: str) -> str:
    return f"(SELECT '项目 ' || coalesce({_clip('p.number')}, {_clip('p.name')}) FROM projects p WHERE p.id = {pid})"


def _procurement(cid: str) -> str:
    return (f"(SELECT '采购申报 ' || coalesce({_clip('q.number')}, {_clip('q.applicant_unit')}) "
            f"FROM procurements q WHERE q.id = {cid})")


# How the clerk knows a row of each table (SQL on the row `t`); NULL falls back to the row's number.
RECORD_NAMES = {
    "projects": _project("t.id"),
    "declarations": _project("t.project_id") + " || ' 的申报表（附件1）'",
    "procurements": _procurement("t.id"),
    "procurement_items": _procurement("t.procurement_id") + " || ' 第 ' || t.rowid || ' 条明细'",
    "materials": _project("t.project_id") + " || ' 的材料'",
    "stage_history": _project("t.project_id") + " || ' 的阶段记录（第 ' || t.rowid || ' 条）'",
    "checklist_answers": _project("t.project_id") + " || ' 的审核清单'",
    "opinions": _project("t.project_id") + " || ' 的书面审核意见'",
    "adjustments": _project("t.project_id") + " || ' 的项目调整'",
    "rectifications": _project("t.project_id") + " || ' 的整改'",
    "existing_assets": _project("t.project_id") + " || ' 的现有软硬件'",
    "plan_filings": "t.rowid || ' 年度计划备案'",
    "units": "'单位 ' || " + _clip("t.name"),
    "accounts": "'账户 ' || " + _clip("t.name"),
    "settings": "'设置「' || " + _clip("t.key") + " || '」'",
    "audit_log": "'审计日志第 ' || t.rowid || ' 条'",
    "blobs": "'附件内容 ' || " + _clip("t.sm3"),
}
TABLE_NAMES = {
    "drafts": "草稿", "packages": "交换文件记录", "exchange_parts": "交换记录", "exchange_keys": "交换密钥",
    "projects": "项目", "declarations": "申报表", "procurements": "采购申报", "procurement_items": "采购明细",
    "materials": "材料", "stage_history": "阶段记录", "checklist_answers": "审核清单", "opinions": "审核意见",
    "adjustments": "项目调整", "rectifications": "整改", "existing_assets": "现有软硬件", "plan_filings": "计划备案",
    "units": "单位", "accounts": "账户", "settings": "设置", "audit_log": "审计日志", "blobs": "附件内容",
}


def column(table: str, name: str) -> Column:
    """The declared domain of a column (`UNDECLARED` when it has none)."""
    key = f"{RECORDS.get(table, '')}.{name}"
    if table in RECORDS and key in fields.FIELDS:
        f = fields.field(key)
        found = Column(f.title, _catalogued(f))
    else:
        found = OTHER_COLUMNS.get(table, {}).get(name, UNDECLARED)
    return Column(found.title, (IS_TEXT, *found.tests)) if (table, name) in READ_AS_TEXT else found


def value_problems(conn: sqlite3.Connection) -> list[str]:
    """Values of the database on `conn` outside their column's domain, each a Chinese line naming
    the record, the field and the value; empty when every value reads as the program reads it.
    Asked before the texts are decoded (`verify.undecodable_texts`), which loads every text:
    a value named here is read with what does not decode replaced."""
    return _problems(conn, lambda test: True) + crowded_projects(conn) + setting_problems(conn)


def too_long_values(conn: sqlite3.Connection) -> list[str]:
    """`value_problems` of length only: what must be known before every text is loaded."""
    return _problems(conn, lambda test: bool(test.bound))


def unreadable_kinds(conn: sqlite3.Connection) -> list[str]:
    """`value_problems` but of length: the stages, dates, amounts … and how many rows a project
    has (the backup check asks it on a thread of its own while the texts are decoded)."""
    return _problems(conn, lambda test: not test.bound) + crowded_projects(conn) + setting_problems(conn)


def setting_problems(conn: sqlite3.Connection) -> list[str]:
    """The settings the program reads (`setting_domains`) whose value it cannot read as that
    setting, each a Chinese line; a value that is no JSON, or too long, is `_problems`' to name."""
    keys = sorted(DOMAINS)
    rows = conn.execute(
        f"SELECT key, CAST(value AS BLOB) FROM settings WHERE key IN ({', '.join('?' * len(keys))}) "
        f"AND typeof(value) = 'text' AND length(CAST(value AS BLOB)) <= {CAP} AND json_valid(value) ORDER BY key",
        keys).fetchall()
    problems = []
    for key, raw in rows:
        text = raw.decode("utf-8", "replace")
        try:
            value = json.loads(text)
        except RecursionError:   # valid JSON to SQLite, nested deeper than Python reads
            problems.append(f"设置「{DOMAINS[key].title}」（{key}）的值「{shown(text, SHOWN)}」嵌套过深，无法读取")
            continue
        if problem := setting_problem(key, value):
            problems.append(problem)
    return problems


# Rows of one project in one table: a real one has tens (its history, materials, checklist …); a
# file with millions for one project (re-probe F7) made `show` take minutes and gigabytes.
MOST_ROWS_PER_PROJECT = 10_000


def crowded_projects(conn: sqlite3.Connection) -> list[str]:
    """Projects with more than `MOST_ROWS_PER_PROJECT` rows in one table, each a Chinese line."""
    (listed,) = conn.execute(
        "SELECT json_group_array(m.name) FROM sqlite_master m, pragma_table_info(m.name) c "
        "WHERE m.type = 'table' AND c.name = 'project_id'").fetchone()
    problems = []
    for table in sorted(json.loads(listed)):
        for pid, rows in conn.execute(f'SELECT project_id, count(*) FROM "{table}" GROUP BY project_id '
                                      "HAVING count(*) > ? LIMIT ?", (MOST_ROWS_PER_PROJECT, MOST_PER_TABLE)):
            named = conn.execute("SELECT " + _project("?"), (pid,)).fetchone()
            who = named[0] if named and named[0] else f"项目 {shown(str(pid), SHOWN)}"
            problems.append(f"{who} 在「{TABLE_NAMES.get(table, table)}」中有 {rows} 行，远超一个项目应有的"
                            f"（至多 {MOST_ROWS_PER_PROJECT} 行）")
    return problems


def _problems(conn: sqlite3.Connection, asked: Callable[[Test], bool]) -> list[str]:
    (listed,) = conn.execute(
        "SELECT json_group_array(json_array(m.name, c.name, c.type)) FROM sqlite_master m, pragma_table_info(m.name) c "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'").fetchone()
    tables: dict[str, list[tuple[str, Column]]] = {}
    for table, name, declared in json.loads(listed):
        if (declared or "").upper() != "BLOB":
            tables.setdefault(table, []).append((name, column(table, name)))
    previous = conn.text_factory
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        problems = []
        for table in sorted(tables):
            bounded = any(asked(t) and t.bound for _, col in tables[table] for t in col.tests)
            longest = _longest_record(conn, table) if bounded else None
            tested = [(name, col.title, tests) for name, col in tables[table]
                      if (tests := tuple(t for t in col.tests if asked(t) and (
                          not t.bound or longest is None or longest > t.bound)))]
            if tested:
                problems += _table_problems(conn, table, tested)
        return problems
    finally:
        conn.text_factory = previous


def unreadable_values(path: Path) -> str:
    """After an error nobody foresaw: when the database at `path` holds values the program cannot
    read (changed outside it), a Chinese message naming them, for the person instead of
    «程序内部错误»; '' when it holds none, or cannot be read for them to be named."""
    try:
        conn = reading_connection(path)
        try:
            problems = value_problems(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    if not problems:
        return ""
    lines = "\n".join(f"  {p}" for p in problems)
    return (f"数据库中有本程序无法读取的值（在本程序之外被改动过），本次操作未完成：\n{lines}\n"
            "之前保存的数据不受影响。请运行“检查”核对，由系统管理从备份恢复，或联系信息技术人员。")


def _longest_record(conn: sqlite3.Connection, table: str) -> int | None:
    """The bytes of the table's longest record, from SQLite's page statistics (a walk of its
    pages, no value read); None where this SQLite has no `dbstat`: then every length is measured."""
    try:
        row = conn.execute("SELECT mx_payload FROM dbstat WHERE name = ? AND aggregate = TRUE", (table,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0] or 0) if row else None


def _failing(name: str, tests: tuple[Test, ...]) -> str:
    """SQL: 0 when the column's value passes `tests` (or is NULL), else the number of the first it fails."""
    c = f't."{name}"'
    cases = " ".join(f"WHEN NOT ({t.ok.format(c=c)}) THEN {n}" for n, t in enumerate(tests, 1))
    return f"CASE WHEN {c} IS NULL THEN 0 {cases} ELSE 0 END"


def _passing(name: str, tests: tuple[Test, ...]) -> str:
    c = f't."{name}"'
    return f"({c} IS NULL OR ({' AND '.join(f'({t.ok.format(c=c)})' for t in tests)}))"


def _table_problems(conn: sqlite3.Connection, table: str, tested: list[tuple[str, str, tuple[Test, ...]]]) -> list[str]:
    """One scan of `table`: the rows with a value outside its domain, a few named."""
    rows = conn.execute(
        f'SELECT t.rowid, {RECORD_NAMES.get(table, "NULL")}, {", ".join(_failing(n, tests) for n, _, tests in tested)} '
        f'FROM "{table}" t WHERE NOT ({" AND ".join(_passing(n, tests) for n, _, tests in tested)}) '
        f"LIMIT {MOST_PER_TABLE}").fetchall()
    problems: list[str] = []
    for rowid, record, *found in rows:
        record = shown(record) if isinstance(record, str) else f"{TABLE_NAMES.get(table, table)}第 {rowid} 行"
        for (name, title, tests), failed in zip(tested, found, strict=True):
            if failed and len(problems) < MOST_PER_TABLE:
                space = " " if record[-1:].isascii() else ""   # «项目 JZ-2025-001 的», «…（附件1）的»
                problems.append(_problem(conn, table, rowid, f"{record}{space}的「{title or name}」", name,
                                         tests[failed - 1]))
    return problems


def _problem(conn: sqlite3.Connection, table: str, rowid: int, field: str, name: str, test: Test) -> str:
    """«项目 JZ-2025-001 的「阶段」值「不存在的阶段」不是本系统的阶段»: the value quoted, never loaded whole."""
    kind, value, length = conn.execute(
        f'SELECT typeof("{name}"), CASE typeof("{name}") WHEN \'text\' THEN substr("{name}", 1, {SHOWN + 1}) '
        f'WHEN \'blob\' THEN NULL ELSE "{name}" END, length("{name}") FROM "{table}" WHERE rowid = ?',
        (rowid,)).fetchone()
    if kind == "blob":
        return f"{field}值是二进制数据（{length} 字节），不是文字"
    return f"{field}值「{shown(str(value), SHOWN)}」{test.wrong.format(length=length, bound=test.bound)}"
