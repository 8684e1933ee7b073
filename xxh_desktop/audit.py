"""Append-only, tamper-evident audit log (网络安全法: kept ≥ 6 months; we keep it forever).

Each entry's SM3 covers its content and the previous entry's hash, so editing
or deleting any row breaks the chain from there on; triggers in the schema
refuse UPDATE and DELETE outright.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hashing import sm3_hex

if TYPE_CHECKING:
    from .workspace import Workspace

GENESIS = "0" * 64


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _digest(prev: str, at: str, who: str, action: str, target: str, before: str,
            after: str, result: str) -> str:
    payload = json.dumps([prev, at, who, action, target, before, after, result], ensure_ascii=False)
    return sm3_hex(payload.encode("utf-8"))


def append(ws: Workspace, who: str, action: str, target: str, before: Any, after: Any,
           result: str) -> None:
    from .workspace import now_iso

    with ws.transaction():
        last = ws.query_one("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
        prev = last["hash"] if last else GENESIS
        at = now_iso()
        b, a = _text(before), _text(after)
        digest = _digest(prev, at, who, action, target, b, a, result)
        row_id = ws.insert("audit_log", {
            "at": at, "who": who, "action": action, "target": target, "before": b, "after": a,
            "result": result, "prev_hash": prev, "hash": digest,
        })
        # The head is kept apart from the log, so cutting entries off its end shows too.
        ws.execute(
            "INSERT INTO settings (key, value) VALUES ('audit_head', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps({"id": row_id, "hash": digest}),),
        )


def verify(ws: Workspace) -> list[str]:
    """Breaks in the chain, in Chinese; empty when every entry is intact."""
    problems = []
    prev = GENESIS
    for row in ws.query("SELECT * FROM audit_log ORDER BY id"):
        if row["prev_hash"] != prev:
            problems.append(f"审计日志第 {row['id']} 条：与前一条的链接断开（记录被删除或改动）")
        expected = _digest(row["prev_hash"], row["at"], row["who"], row["action"], row["target"],
                           row["before"], row["after"], row["result"])
        if row["hash"] != expected:
            problems.append(f"审计日志第 {row['id']} 条：内容与其摘要不符（记录被改动）")
        prev = row["hash"]
    head = ws.get_setting("audit_head")
    last = ws.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    if head and (last is None or (last["id"], last["hash"]) != (head["id"], head["hash"])):
        problems.append(f"审计日志末尾的记录缺失：应以第 {head['id']} 条结束（记录被删除）")
    return problems


def export_xlsx(ws: Workspace, path: Path) -> Path:
    """The whole log as a print-ready worksheet (for the 审计 role and inspections)."""
    from .excel.audit_log import write_audit_xlsx

    return write_audit_xlsx(ws.query("SELECT * FROM audit_log ORDER BY id"), path,
                            chain_breaks=len(verify(ws)))
