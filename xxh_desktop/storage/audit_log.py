"""Owner of `audit_log`: the append-only, tamper-evident record of every change and security event.

网络安全法 asks ≥ 6 months; we keep it forever. Each entry holds who, when
(UTC), what, the target, before → after and the result, and two links:
- `hash`: SM3 over its content and the previous entry's `hash` (as since the
  first version: any accidental change shows);
- `mac`: HMAC-SM3 over its id, its `hash` and the previous entry's `mac`, keyed
  with a secret that is not in the database (`machine_key.py`). Without the
  key no one can edit, delete, reorder or rewrite entries and make the chain
  verify again.
Triggers refuse UPDATE and DELETE (`check` verifies they are there, as
written). Cutting entries off the end or wiping the log is caught by the
anchors outside the database (`audit_anchors.py`).

Reading the log (the viewer, the export) is the 审计 role's (`authority`).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import audit_anchors
from ..audit_anchors import Anchor, Head
from ..authority import require_role
from ..domain.accounts import Role
from ..domain.records import AuditEntry
from ..domain.text import shown
from ..hashing import hmac_sm3, same, sm3_hex
from ..paths import backups_dir
from .changes import Area, Changes
from .database import split_sql
from .owner import Owner
from .schema import V1

if TYPE_CHECKING:
    from ..machine_key import MachineKey
    from ..workspace import Workspace

GENESIS = "0" * 64
HEAD_SETTING = "audit_head"
KEY_ID_SETTING = "audit_key_id"
KEY_CHANGED = "审计密钥更换"
TRIGGERS = {re.search(r"TRIGGER (\w+)", s)[1]: s for s in split_sql(V1) if s.startswith("CREATE TRIGGER")}
_COLUMNS = "id, at, who, action, target, before, after, result, prev_hash, hash"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _storable(text: str) -> str:
    """A lone surrogate (a file name the system could not decode) written as «\\udcxx»: the log
    records it instead of failing the change it logs."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _digest(prev: str, at: str, who: str, action: str, target: str, before: str,
            after: str, result: str) -> str:
    payload = json.dumps([prev, at, who, action, target, before, after, result], ensure_ascii=False)
    return sm3_hex(payload.encode("utf-8"))


def _squash(sql: str) -> str:
    return " ".join(sql.split()).rstrip(";").strip()


def mac_of(key: bytes, row_id: int, digest: str, prev_mac: str) -> str:
    """An entry's HMAC-SM3 link: its id, its SM3 and the previous entry's MAC, keyed."""
    return hmac_sm3(key, json.dumps([row_id, digest, prev_mac]).encode("ascii")).hex()


@dataclass(frozen=True)
class ChainKey:
    """The audit key of a data folder and its id, to check a backup's MACs with (`storage.verify`)."""

    key: bytes
    key_id: str


KEY_PURPOSE = "audit chain"


def chain_key(machine: MachineKey) -> ChainKey:
    """The audit key a data folder's machine key gives (`machine_key.py`)."""
    return ChainKey(machine.derive(KEY_PURPOSE), machine.key_id)


@dataclass(frozen=True)
class Walk:
    """What one pass over the entries found: problems of the chain itself, each entry's MAC,
    the entries whose MAC does not verify with the key, and whether any entry was keyed."""

    problems: list[str]
    macs: dict[int, str]
    bad_macs: list[int]
    keyed_seen: bool


def walk_chain(rows: Iterable[dict[str, Any]], key: bytes | None, *, keyed: bool) -> Walk:
    """Entry by entry: ids without gaps, each linked to the one before, its content matching its
    SM3, and — with `key` — its MAC. Shared by `AuditLog.report` and the check of a backup
    (`storage.verify`), which may not hold the key the backup was sealed with.

    `keyed`: the log has had keys (the `mac` column, or the id of the key that sealed it). Only
    the entries before its first keyed one may then lack a MAC (written before keys existed);
    a log with entries and not one MAC had them wiped — its SM3 chain, which needs no key, may
    have been rewritten at will."""
    problems: list[str] = []
    macs: dict[int, str] = {}
    bad_macs: list[int] = []
    prev, prev_mac, expected_id, keyed_seen = GENESIS, "", 1, False
    for row in rows:
        n = row["id"]
        if n != expected_id:
            gap = f"第 {expected_id} 条" if n == expected_id + 1 else f"第 {expected_id}–{n - 1} 条"
            problems.append(f"审计日志{gap}缺失（记录被删除）")
        if row["prev_hash"] != prev:
            problems.append(f"审计日志第 {n} 条：与前一条的链接断开（其前的记录被删除、插入或调换）")
        if row["hash"] != _digest(row["prev_hash"], row["at"], row["who"], row["action"], row["target"],
                                  row["before"], row["after"], row["result"]):
            problems.append(f"审计日志第 {n} 条：内容与其摘要不符（记录被改动）")
        mac = row.get("mac", "")
        if mac:
            keyed_seen = True
            if key is not None and not same(mac, mac_of(key, n, row["hash"], prev_mac)):
                bad_macs.append(n)
        elif keyed_seen:
            problems.append(f"审计日志第 {n} 条：缺少密钥校验码（在已用密钥封存的记录之后，记录是伪造的）")
        macs[n] = mac
        prev, prev_mac, expected_id = row["hash"], mac, n + 1
    if keyed and macs and not keyed_seen:
        problems.append("审计日志没有任何带密钥校验码的记录（校验码被抹去，日志可能被整体改写）")
    return Walk(problems, macs, bad_macs, keyed_seen)


def stored_macs(conn: sqlite3.Connection) -> dict[int, str]:
    """Each entry's MAC as the file on `conn` stores it ("" before the log had keys), read without
    a workspace (a backup before it is restored)."""
    keyed = any(column == "mac" for _, column, *_ in conn.execute("PRAGMA table_info(audit_log)"))
    column = "mac" if keyed else "''"
    return dict(conn.execute(f"SELECT id, {column} FROM audit_log ORDER BY id"))


# Every trigger and view of a file. This program's schema has the audit log's two triggers and no
# view; anything else — a trigger on projects that quietly rewrites what is saved, a view — was put
# there by someone else (a backup brought on a USB stick, a file edited by hand).
SCHEMA_OBJECTS = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"


def trigger_problems(found: Iterable[tuple[str, str, str, str]]) -> list[str]:
    """The append-only triggers present and as the schema wrote them, and no other trigger or view:
    `found` is the file's `SCHEMA_OBJECTS` (type, name, table, SQL)."""
    objects = list(found)
    triggers = {name: sql for kind, name, _, sql in objects if kind == "trigger"}
    problems = []
    for name, sql in TRIGGERS.items():
        if name not in triggers:
            problems.append(f"审计日志的防篡改触发器 {name} 不存在（被删除：日志可被改写）")
        elif _squash(triggers[name]) != _squash(sql):
            problems.append(f"审计日志的防篡改触发器 {name} 被改动（不再阻止改写）")
    for kind, name, table, _ in objects:
        if kind == "trigger" and name not in TRIGGERS:
            problems.append(f"数据库中有多余的触发器「{shown(name, 40)}」（在表 {shown(table, 40)} 上）："
                            "它会在写入时暗中执行，本程序的数据库没有它")
        elif kind == "view":
            problems.append(f"数据库中有多余的视图「{shown(name, 40)}」：本程序的数据库没有视图")
    return problems


@dataclass(frozen=True)
class ChainReport:
    """What `audit verify` found: the problems (empty when intact), and what it compared."""

    entries: int
    head: Head
    problems: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)    # kind of anchor → how many were compared


class AuditLog(Owner):
    table = "audit_log"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self._keyed: bool | None = None
        self.unlogged: list[str] = []   # what a read-only database could not log (`append`)
        self._gathering: list[dict[str, Any]] | None = None   # the changes of one step (`gathered`)
        ws.database.subscribe(self._after_commit)

    # ------------------------------------------------------------------ the key

    @property
    def _key(self) -> bytes:
        return self.ws.machine_key.derive(KEY_PURPOSE)

    def _mac(self, key: bytes, row_id: int, digest: str, prev_mac: str) -> str:
        return mac_of(key, row_id, digest, prev_mac)

    def key_for_checks(self) -> ChainKey | None:
        """This folder's audit key, for checking a backup of this log; None before the log had keys."""
        if not self._has_mac_column():
            return None
        return chain_key(self.ws.machine_key)

    def _has_mac_column(self) -> bool:
        # The file is still at its first version while the backup before its upgrade is audited.
        if self._keyed is None:
            self._keyed = any(c["name"] == "mac" for c in self.database.rows("PRAGMA table_info(audit_log)"))
        return self._keyed

    # ------------------------------------------------------------------ writing

    def append(self, action: str, target: str = "", *, before: Any = "", after: Any = "",
               result: str = "成功", who: str | None = None) -> None:
        """One entry, by the current actor unless `who` names someone else (a refused sender).

        A database in a read-only place changes nothing, so only reading it is logged — and that
        cannot be: the entry is kept in `unlogged` for the caller to say so, not written.
        """
        if self.database.read_only:
            self.unlogged.append(action)
            return
        if self._gathering is not None and who is None:
            self._gathering.append({"action": action, "target": target, "before": before, "after": after,
                                    "result": result})
            return
        with self.database.transaction():
            self._note_key()
            self._write(action, target, before, after, result, who)

    @contextmanager
    def gathered(self, action: str, target: str, after: dict[str, Any]) -> Iterator[None]:
        """One entry for one step made of many writes (an import's record): what the owners append
        inside, by the current actor, goes into it — each change with its own action, target and
        before → after, under `after`'s "changes" — instead of an entry each. Written when the step
        ends; a step that fails writes nothing (its transaction is undone with it)."""
        if self._gathering is not None:
            raise RuntimeError("audit entries are already being gathered")
        changes: list[dict[str, Any]] = []
        self._gathering = changes
        try:
            yield
        finally:
            self._gathering = None
        self.append(action, target, after={**after, "changes": changes})

    def carry(self, entries: Iterable[AuditEntry]) -> int:
        """Append entries another copy of this log holds (a restore carries those written since
        the backup): each keeps its time, author and content, and is chained — and keyed — anew
        here. Returns how many were carried."""
        count = 0
        with self.database.transaction():
            self._note_key()
            for e in entries:
                self._write(e.action, e.target, e.before, e.after, e.result, e.who, at=e.at)
                count += 1
        return count

    def snapshot(self) -> list[AuditEntry]:
        """The whole log as the program itself reads it to carry it over a restore (`restore.py`);
        not shown to anyone — reading it for a person is `entries`, the 审计 role's."""
        return [AuditEntry(**r) for r in self.database.rows(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id")]

    def _note_key(self) -> None:
        if self._has_mac_column():
            stored, current = self.ws.settings.get(KEY_ID_SETTING), self.ws.machine_key.key_id
            if stored != current:
                if stored:
                    # Said in the log itself: the entries before this one no longer verify here.
                    self._write(KEY_CHANGED, "审计日志", {"key_id": stored}, {"key_id": current}, "成功", "系统")
                self.ws.settings.put_internal(KEY_ID_SETTING, current)

    def _write(self, action: str, target: str, before: Any, after: Any, result: str, who: str | None,
               at: str | None = None) -> None:
        with self.database.transaction():
            keyed = self._has_mac_column()
            last = self.database.first(f"SELECT id, hash{', mac' if keyed else ''} FROM audit_log "
                                       "ORDER BY id DESC LIMIT 1")
            row_id = last["id"] + 1 if last else 1
            prev = last["hash"] if last else GENESIS
            at = at or audit_anchors.utc_now()
            by = _storable(who or self.actor.who)
            action, target, result = _storable(action), _storable(target), _storable(result)
            b, a = _storable(_text(before)), _storable(_text(after))
            digest = _digest(prev, at, by, action, target, b, a, result)
            row = {"id": row_id, "at": at, "who": by, "action": action, "target": target, "before": b,
                   "after": a, "result": result, "prev_hash": prev, "hash": digest}
            if keyed:
                row["mac"] = self._mac(self._key, row_id, digest, last["mac"] if last else "")
            # On the connection: every command audits, and sqlite-utils need not be loaded for it.
            self.database.connection().execute(
                f"INSERT INTO audit_log ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
            self.ws.settings.put_internal(HEAD_SETTING, {"id": row_id, "hash": digest})
            self.database.note(Area.AUDIT)

    def seal_legacy(self) -> None:
        """After an upgrade: seal the entries written before the chain had a key with one keyed entry."""
        self._keyed = None   # the upgrade has just added the column
        last = self.database.first("SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1")
        if last and not last["mac"]:
            self.append("审计日志启用密钥", "审计日志", after={"sealed": last["id"],
                                                            "key_id": self.ws.machine_key.key_id})

    def head(self) -> Head:
        if not self._has_mac_column():
            return Head(self.database.scalar("SELECT max(id) FROM audit_log") or 0, "")
        last = self.database.first("SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1")
        return Head(last["id"], last["mac"]) if last else Head(0, "")

    def _after_commit(self, changes: Changes) -> None:
        if Area.AUDIT not in changes.areas or not self._has_mac_column():
            return
        try:
            audit_anchors.append(self.ws.path, self.head(), self._key)
        except OSError:
            # The write itself is committed; a lost anchor weakens only the tail check, and
            # the next commit writes a newer one.
            pass

    def anchor(self, event: str) -> None:
        """An anchor line for an event that replaces the log (a restore): heads before it no longer apply."""
        audit_anchors.append(self.ws.path, self.head(), self._key, event)

    def write_sidecar(self, backup: Path, head: Head) -> None:
        """The head a backup holds, beside it (`backup.py`)."""
        if head.mac:
            audit_anchors.write_sidecar(backup, self.ws.path, head, self._key)

    # ------------------------------------------------------------------ reading (审计)

    def entries(self) -> list[AuditEntry]:
        require_role(self.actor, Role.AUDIT, "查看审计日志")
        return [AuditEntry(**r) for r in self.database.rows(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id")]

    def count(self) -> int:
        return self.db["audit_log"].count

    # ------------------------------------------------------------------ verifying

    def trigger_problems(self) -> list[str]:
        """The append-only triggers, present and as the schema wrote them."""
        return trigger_problems(tuple(r.values()) for r in self.database.rows(SCHEMA_OBJECTS))

    def verify(self) -> list[str]:
        """Breaks in the chain, missing triggers and disagreeing anchors, in Chinese; empty when intact."""
        return self.report().problems

    def report(self, printed: Sequence[str] = ()) -> ChainReport:
        """Verify the chain entry by entry, then compare it with every anchor found (and `printed` ones)."""
        problems = self.trigger_problems()
        key = self._key
        walk = walk_chain(self.database.rows("SELECT * FROM audit_log ORDER BY id"), key,
                          keyed=self._has_mac_column() or bool(self.ws.settings.get(KEY_ID_SETTING)))
        problems += walk.problems
        macs = walk.macs
        if walk.bad_macs:
            problems.append(self._mac_problem(walk.bad_macs))
        last = max(macs, default=0)
        head = Head(last, macs.get(last, ""))
        stored = self.ws.settings.get(HEAD_SETTING)
        if stored and int(stored["id"]) > last:
            problems.append(f"审计日志末尾的记录缺失：应至少到第 {stored['id']} 条，现只到第 {last} 条（记录被删除）")
        anchors, anchor_problems = self._anchors(key, printed)
        problems += anchor_problems
        problems += compare_anchors(anchors, macs, last)
        kinds: dict[str, int] = {}
        for a in anchors:
            kinds[a.event] = kinds.get(a.event, 0) + 1
        return ChainReport(len(macs), head, problems, kinds)

    def _mac_problem(self, bad: list[int]) -> str:
        text = (f"审计日志第 {bad[0]} 条起有 {len(bad)} 条的密钥校验码不符"
                "（记录被改动、删除、调换，或摘要链在没有密钥的情况下被重算）")
        stored = self.ws.settings.get(KEY_ID_SETTING)
        changed = self.database.first("SELECT id FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1",
                                      (KEY_CHANGED,))
        if stored and stored != self.ws.machine_key.key_id:
            text += (f"；本数据库的审计链由另一把密钥封存（密钥编号 {stored}，本机 {self.ws.machine_key.key_id}）："
                     "数据库来自另一台电脑或另一个用户，或本机密钥文件被更换")
        elif changed and bad[0] < changed["id"]:
            text += f"；第 {changed['id']} 条记录了本机审计密钥的更换，此前的记录无法用现在的密钥校验"
        return text

    def _anchors(self, key: bytes, printed: Sequence[str]) -> tuple[list[Anchor], list[str]]:
        anchors, problems, since = audit_anchors.read_file(self.ws.path, key)
        folder = backups_dir(self.ws.path)
        # realpath, not resolve: a link looping onto itself is one more unreadable sidecar, not a crash.
        found = folder.glob("*" + audit_anchors.SIDECAR_SUFFIX) if folder.is_dir() else ()
        paths = {Path(os.path.realpath(p)) for p in found}
        for target in self.database.rows("SELECT target FROM audit_log WHERE action = '备份'"):
            side = audit_anchors.sidecar(Path(target["target"]))
            if side.is_file():
                paths.add(Path(os.path.realpath(side)))
        found, more = audit_anchors.read_sidecars(sorted(paths), self.ws.path, key, since)
        anchors += found
        problems += more
        for text in printed:
            anchor = audit_anchors.parse_printed(text)
            if anchor is None:
                problems.append(f"「{shown(text, 80)}」不是打印的审计链锚点（应如 审计链锚点 1234:ABCDEF01-23456789）")
            else:
                anchors.append(anchor)
        return anchors, problems


def compare_anchors(anchors: list[Anchor], macs: dict[int, str], last: int) -> list[str]:
    """Each kind of anchor's first disagreement with the log, naming the entry."""
    problems: dict[str, tuple[tuple[int, int], str]] = {}
    for a in anchors:
        kind = a.source.split("第")[0] if a.event == "commit" else a.source
        n = a.head.id
        if n > last:
            why = (f"审计日志在第 {last} 条之后被截断：{a.source}记录到第 {n} 条（第 {last + 1} 条起的记录被删除）"
                   if last else f"审计日志被清空：{a.source}记录到第 {n} 条")
        elif n == 0 or n not in macs:
            continue
        elif not (macs[n].startswith(a.head.mac) if a.prefix else same(macs[n], a.head.mac)):
            why = f"审计日志第 {n} 条与{a.source}不符（该条或其前的记录被改写）"
        else:
            continue
        # the first entry that disagrees; for a cut, the anchor that reaches furthest
        rank = (n, 0) if n <= last else (last + 1, -n)
        if kind not in problems or rank < problems[kind][0]:
            problems[kind] = (rank, why)
    return [why for _rank, why in sorted(problems.values())]
