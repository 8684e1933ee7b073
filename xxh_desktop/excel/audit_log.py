"""The audit log (PRODUCT.md §10, §11) as a print-ready .xlsx, for the 审计 role and inspections.

Written from plain rows, the log as stored (`audit.export_xlsx` reads them).
Shown for a reader, the stored text unchanged in substance: times as Excel
date-times in this machine's local time (the log stores ISO text with its
offset), 变更前/变更后 objects as «字段：值» lines, the entry's SM3 digest in
small type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from . import common
from .common import Column

TITLE = "金寨县政务信息化项目管理系统审计日志"
COLUMNS: tuple[Column, ...] = (
    Column("序号", "center", 6),
    Column("时间", "datetime"),
    Column("操作人", "center", 8, 12),      # the person's name as logged (`who`)
    Column("操作", "center", 10, 14),
    Column("对象", "text", 12, 20),
    Column("变更前", "text", 24, 38),
    Column("变更后", "text", 24, 38),
    Column("结果", "center", 6, 8),
    Column("摘要（SM3）", "text", 26, 26, size=8),
)
CUT_NOTE = "……（超出单元格容量，全文见系统内审计日志）"


def local_time(text: str | None) -> datetime | str | None:
    """The stored ISO time as a naive local date-time (Excel has no time zones); other text as is."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment


def _value(v: Any) -> str:
    if isinstance(v, str):
        return v
    return "（空）" if v is None else json.dumps(v, ensure_ascii=False)


def readable(text: str | None) -> str | None:
    """A stored JSON object as «字段：值» lines, any other stored text as is; either as a cell
    holds it (`common.cell_text`: a longer one cut, saying so)."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, dict) and value:
        text = "\n".join(f"{k}：{_value(v)}" for k, v in value.items())
    return common.cell_text(text, CUT_NOTE)


def audit_rows(rows: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    return [[r["id"], local_time(r["at"]), r["who"] or None, r["action"] or None, r["target"] or None,
             readable(r["before"]), readable(r["after"]), r["result"] or None, r["hash"] or None]
            for r in rows]


def write_audit_xlsx(rows: Iterable[Mapping[str, Any]], path: str | Path, *, chain_breaks: int = 0,
                     made_at: datetime | None = None) -> Path:
    """`rows`: the log's entries in order (id, at, who, action, target, before, after, result, hash);
    `chain_breaks`: how many problems `AuditLog.verify` found, stated under the title."""
    cells = audit_rows(rows)
    made_at = made_at or datetime.now()
    chain = ("摘要链完整" if not chain_breaks
             else f"校验发现 {chain_breaks} 处问题（记录被改动或删除，或防篡改措施被破坏；详见 audit verify）")
    unit_line = f"导出时间：{common.cn_date(made_at)} {made_at:%H:%M}　　共 {len(cells)} 条　　{chain}"
    return common.write_workbook(path, [("审计日志", common.Table(
        title=TITLE, unit_line=unit_line, columns=COLUMNS, rows=cells))])
