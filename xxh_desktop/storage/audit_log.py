"""Owner of `audit_log`: the append-only, tamper-evident record of every change.

网络安全法 asks ≥ 6 months; we keep it forever. Each entry's SM3 covers its
content and the previous entry's hash, so editing or deleting any row breaks
the chain from there on; triggers in the schema refuse UPDATE and DELETE, and
the chain's head is kept apart (in the settings), so cutting entries off the
end shows too.
"""

from __future__ import annotations

import json
from typing import Any

from ..clock import now_iso
from ..domain.records import AuditEntry
from ..hashing import sm3_hex
from .changes import Area
from .owner import Owner

GENESIS = "0" * 64
HEAD_SETTING = "audit_head"


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _digest(prev: str, at: str, who: str, action: str, target: str, before: str,
            after: str, result: str) -> str:
    payload = json.dumps([prev, at, who, action, target, before, after, result], ensure_ascii=False)
    return sm3_hex(payload.encode("utf-8"))


class AuditLog(Owner):
    def append(self, action: str, target: str = "", *, before: Any = "", after: Any = "",
               result: str = "成功", who: str | None = None) -> None:
        """One entry, by the current actor unless `who` names someone else (a refused sender)."""
        with self.database.transaction():
            last = self.database.first("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            prev = last["hash"] if last else GENESIS
            at = now_iso()
            by = who or self.actor.who
            b, a = _text(before), _text(after)
            digest = _digest(prev, at, by, action, target, b, a, result)
            # Written on the connection: every command audits, and sqlite-utils need not be loaded for it.
            row_id = self.database.connection().execute(
                "INSERT INTO audit_log (at, who, action, target, before, after, result, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (at, by, action, target, b, a, result, prev, digest)).lastrowid
            self.ws.settings.put_internal(HEAD_SETTING, {"id": row_id, "hash": digest})
            self.database.note(Area.AUDIT)

    def entries(self) -> list[AuditEntry]:
        return [AuditEntry(**r) for r in self.db["audit_log"].rows_where(order_by="id")]

    def count(self) -> int:
        return self.db["audit_log"].count

    def verify(self) -> list[str]:
        """Breaks in the chain, in Chinese; empty when every entry is intact."""
        problems = []
        prev = GENESIS
        last = None
        for row in self.db["audit_log"].rows_where(order_by="id"):
            if row["prev_hash"] != prev:
                problems.append(f"审计日志第 {row['id']} 条：与前一条的链接断开（记录被删除或改动）")
            expected = _digest(row["prev_hash"], row["at"], row["who"], row["action"], row["target"],
                               row["before"], row["after"], row["result"])
            if row["hash"] != expected:
                problems.append(f"审计日志第 {row['id']} 条：内容与其摘要不符（记录被改动）")
            prev = row["hash"]
            last = row
        head = self.ws.settings.get(HEAD_SETTING)
        if head and (last is None or (last["id"], last["hash"]) != (head["id"], head["hash"])):
            problems.append(f"审计日志末尾的记录缺失：应以第 {head['id']} 条结束（记录被删除）")
        return problems
