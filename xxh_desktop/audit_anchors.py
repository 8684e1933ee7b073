"""Anchors of the audit chain outside the database (PRODUCT.md §11, issue 12).

An anchor is the chain's head at some moment — the last entry's id and its
HMAC-SM3 — kept where someone holding the database file cannot reach it in the
same stroke: a small append-only file beside the database (``xxh.db.anchors``,
one line per committed write), a sidecar beside every backup
(``….db.audit-head``), and the footer printed on the 台账 and the annual plan.
Cutting entries off the end, or wiping the log, leaves the database short of
an anchor; rewriting the chain with the key leaves it different from one.
`storage.audit_log.AuditLog.report` compares them.

Each line and sidecar carries a tag (HMAC-SM3 with the audit key), so an
anchor cannot be forged or edited without the key; deleting the file or the
sidecars is not prevented, only the anchors they held are lost.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import small_files
from .domain.text import shown
from .hashing import hmac_sm3, same

ANCHORS_SUFFIX = ".anchors"
SIDECAR_SUFFIX = ".audit-head"
PRINTED_MAC = 16          # hex digits of the MAC a printed footer shows
RESTORE = "restore"
# A sidecar is ~200 bytes: its fields and the database's path (which a file system bounds far below this).
SIDECAR_MAX = 64 * 1024
# The anchors file grows by one ~190-byte line per commit that wrote an audit entry, for as long as
# the database lives: only its last 4 MB (~22,000 anchors) are read. Each MAC chains every one
# before it, so the latest anchors cover what earlier ones would, and the furthest catches a cut.
ANCHORS_READ = 4 * 1024 * 1024


@dataclass(frozen=True)
class Head:
    """The chain's head: the last entry's id and MAC (id 0 and "" for an empty log)."""

    id: int
    mac: str

    @property
    def printed(self) -> str:
        """What the 台账 and the plan print, and `audit verify --anchor` reads back ("" for no keyed head)."""
        if not self.mac:
            return ""
        mac = self.mac[:PRINTED_MAC].upper()
        return f"审计链锚点 {self.id}:{mac[:8]}-{mac[8:]}"


@dataclass(frozen=True)
class Anchor:
    head: Head
    source: str               # where it was found, as a message names it
    at: str = ""              # UTC, when it was written ("" for a printed one)
    event: str = "commit"     # commit / backup / restore / printed
    prefix: bool = False      # a printed anchor holds the MAC's first digits only


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _tag(key: bytes, fields: list) -> str:
    return hmac_sm3(key, json.dumps(fields, ensure_ascii=False).encode("utf-8")).hex()[:32]


def anchors_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ANCHORS_SUFFIX)


def sidecar(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR_SUFFIX)


def append(db_path: Path, head: Head, key: bytes, event: str = "commit") -> None:
    """One line at the end of the anchors file (never rewritten; opened for appending only)."""
    at = utc_now()
    line = {"at": at, "event": event, "id": head.id, "mac": head.mac,
            "tag": _tag(key, [at, event, head.id, head.mac])}
    small_files.append(anchors_file(db_path), (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))


def read_file(db_path: Path, key: bytes) -> tuple[list[Anchor], list[str], str]:
    """The anchors of the file beside `db_path` from its last restore on, what is wrong with the
    file, and since when its anchors tell the log (UTC; "" for always): the last restore, or the
    first line read of a file read only in part — sidecars older than that describe a log the
    restore replaced, or what the anchors read already cover."""
    path = anchors_file(db_path)
    if not path.exists():
        return [], [], ""
    anchors: list[Anchor] = []
    problems, forged, malformed = [], [], []
    try:
        content, whole = small_files.read_tail(path, ANCHORS_READ)
        parts = content.split(b"\n")
        if not whole and len(parts) > 1:
            del parts[0]   # cut anywhere by where the reading began
        lines = [part.decode("utf-8") for part in parts]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"锚点文件 {shown(path.name)} 无法读取：{exc}"], ""
    where = "锚点文件" if whole else f"锚点文件（只读其最后 {ANCHORS_READ // (1024 * 1024)} MB）"
    since = ""
    for number, text in enumerate(lines, start=1):
        source = f"{where}第 {number} 行"
        try:
            line = json.loads(text)
            fields = [line["at"], line["event"], int(line["id"]), str(line["mac"])]
            tag = str(line["tag"])
        except (ValueError, KeyError, TypeError):
            if number < len(lines) or text.strip():   # a last line cut short by a crash is not an attack
                malformed.append(number)
            continue
        if not same(tag, _tag(key, fields)):
            forged.append(number)
            continue
        if fields[1] == RESTORE:
            anchors = []   # a restore replaced the log: earlier heads no longer describe it
        if fields[1] == RESTORE or not (whole or since):
            since = str(fields[0])
        anchors.append(Anchor(Head(fields[2], fields[3]), source, fields[0], fields[1]))
    if not (whole or since or malformed or forged):   # megabytes, and not one line of ours in the part read
        problems.append(f"{where}中没有一行有效的锚点记录（文件被改动）")
    if malformed:
        problems.append(f"{where}{_numbered(malformed)}不是有效的锚点记录（文件被改动）")
    if forged:
        problems.append(f"{where}{_numbered(forged)}的校验码不符（被改动，或由另一把密钥写入）")
    return anchors, problems, since


def _numbered(lines: list[int]) -> str:
    return f"第 {lines[0]} 行" if len(lines) == 1 else f"第 {lines[0]} 行起有 {len(lines)} 行"


def write_sidecar(backup: Path, database: Path, head: Head, key: bytes) -> None:
    """The head a backup holds, beside it (in the same folder, on the USB stick too)."""
    at = utc_now()
    content = {"database": str(database.resolve()), "at": at, "id": head.id, "mac": head.mac,
               "tag": _tag(key, [str(database.resolve()), at, head.id, head.mac])}
    sidecar(backup).write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")


def read_sidecars(paths: list[Path], database: Path | None, key: bytes,
                  since: str = "") -> tuple[list[Anchor], list[str]]:
    """Anchors of the sidecars at `paths` written for `database` (after `since`, the last restore);
    with `database` None, whatever database they were written for (a restore reads its backup's)."""
    anchors, problems = [], []
    mine = str(database.resolve()) if database is not None else ""
    for path in paths:
        source = f"备份附注 {shown(path.name)}"
        try:
            content = json.loads(small_files.read_small(path, SIDECAR_MAX).decode("utf-8"))
            fields = [str(content["database"]), str(content["at"]), int(content["id"]), str(content["mac"])]
            tag = str(content["tag"])
        except small_files.UnfitFile as exc:   # a folder, a pipe, a device or a huge file, left unread
            problems.append(f"{source} {exc}，无法读取（被改动）")
            continue
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            problems.append(f"{source}无法读取或格式不对（被改动）")
            continue
        if (mine and fields[0] != mine) or (since and fields[1] <= since):
            continue
        if not same(tag, _tag(key, fields)):
            problems.append(f"{source}的校验码不符（被改动，或由另一把密钥写入）")
            continue
        anchors.append(Anchor(Head(fields[2], fields[3]), source, fields[1], "backup"))
    return anchors, problems


_PRINTED = re.compile(r"^\s*(?:审计链锚点\s*)?(\d+)\s*[:：]\s*([0-9A-Fa-f]{8})-?([0-9A-Fa-f]{8})\s*$")


def parse_printed(text: str) -> Anchor | None:
    """A footer as printed («审计链锚点 1234:ABCDEF01-23456789»), typed back by a person."""
    match = _PRINTED.match(text)
    if not match:
        return None
    return Anchor(Head(int(match[1]), (match[2] + match[3]).lower()), f"打印的锚点「{shown(text.strip(), 80)}」",
                  event="printed", prefix=True)
