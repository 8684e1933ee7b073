"""Restoring the database from a backup (PRODUCT.md §10): verify, then swap.

The backup is copied to a temporary file beside the database (read-only: the
backup itself is never written) and that copy is checked completely —
header, this program's mark and schema version, `integrity_check`, every
text, every attachment's SM3, the audit chain (`storage.verify`). Only a copy
that passes goes on: a safety backup of the current database, the audit
entries written since the backup carried into the restored log (re-chained,
each with its own time and author — 网络安全法 and PRODUCT.md §10 keep the log
as long as the data), the restore's own entry, and one atomic rename. Any
failure before the rename leaves the current database byte-for-byte as it was.

A sound backup may still not be the one to put here: its log must reach the head
its `.audit-head` sidecar holds (compared as `audit verify` compares sidecars),
it must be this machine's side and unit, it may not take away the accounts
(and with them sign-in) of a database that has them, and its accounts must keep
an active 系统管理 and read as every sign-in reads them. What the person must know
— no sidecar to compare, a log sealed with another computer's key — is said
before and after (`BackupCheck.notices`).

Restoring is the 系统管理 role's (`actor`: the person signed in where the
restore was asked for). The restored log is then anchored afresh
(`AuditLog.anchor("restore")`): heads written before it describe the log that
was replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import audit_anchors, authority, machine_key
from .accounts import read_as_sign_in
from .authority import Actor, NotPermitted
from .domain.accounts import Role, roles_text
from .domain.fields import Side
from .domain.records import AuditEntry
from .domain.text import shown
from .errors import UnreadableValue, XxhError, describe_os_error
from .fileio import temp_path
from .passwords import usable_hash
from .paths import backups_dir, unsafe_location_reason
from .placement import read_only_reason
from .small_files import kind_problem
from .storage.backup import UNCHANGED, DamagedCopy, automatic_backup, leave_wal
from .storage.accounts import read_roles, stored_accounts
from .storage.audit_log import ChainKey, chain_key, compare_anchors, stored_macs
from .storage.database import Database, reading_connection
from .storage.schema import SCHEMA_VERSION
from .storage.settings import SIDE, UNIT, stored_identity
from .storage.structure import structure_problems
from .storage.verify import Verified, verify_file
from .workspace import Workspace


@dataclass(frozen=True)
class Holder:
    """Whose database a file is: its side and unit (本机身份), its accounts, and what of these no
    sign-in could read (`unreadable`)."""

    side: str
    unit: str
    accounts: int
    admins: int = 0                     # active accounts with 系统管理 (roles that do not read are none)
    people: tuple[str, ...] = ()        # each account: user name, full name, roles, active or not
    unreadable: tuple[str, ...] = ()

    @property
    def named(self) -> str:
        if not self.side:
            return "未选择本机身份"
        return f"{self.side}（{self.unit}）" if self.side == Side.UNIT else self.side


@dataclass(frozen=True)
class BackupCheck:
    """A backup as a restore judges it before anything is replaced: the full check of the file,
    its log against its sidecar (`cut`), why it may not replace this database (`refusals`), and
    what the person must be told."""

    verified: Verified
    cut: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    holder: Holder | None = None

    @property
    def sound(self) -> bool:
        return self.verified.sound and not self.cut and not self.refusals

    @property
    def problems(self) -> list[str]:
        return self.verified.problems + self.cut + self.refusals

    def heading(self, src: Path) -> str:
        """Why it is refused, in one phrase: a damaged backup, or one that is not this database's to replace."""
        if not self.verified.sound or self.cut:
            return f"备份文件 {shown(str(src))} 有问题，不能用来恢复"
        return f"备份文件 {shown(str(src))} 不能用来恢复当前数据库"

    def described(self, src: Path) -> list[str]:
        """What a sound backup holds and whose it is, then what the person must know before using it."""
        contents = self.verified.contents.summary() if self.verified.contents else ""
        state = ("数据完整、审计日志摘要链无断裂，但其密钥校验码未能在本机核对（见下）" if self.verified.other_key
                 else "完整无误")
        lines = [f"备份文件 {shown(str(src))} {state}：{contents}。"]
        if self.holder is not None:
            lines.append(f"备份中的本机身份：{self.holder.named}；账户 {self.holder.accounts} 个。")
            lines += [f"  账户 {person}" for person in self.holder.people]
        return lines + self.notices


def check_backup(ws_path: Path, src: Path, *, actor: Actor | None = None) -> BackupCheck:
    """The full check of `src` as `restore` makes it (on a copy beside `ws_path`), and whether it
    may replace the database there, without restoring. It reads the whole backup with this
    machine's key: the 系统管理 role's, as the restore (`actor`: the person signed in to the
    current database; None only where nobody can sign in to it — see `restore`)."""
    if actor is not None:
        authority.require_role(actor, Role.ADMIN, "恢复备份")
    ws_path, src = Path(ws_path), Path(src)
    candidate = _candidate(ws_path, src)
    try:
        return _judge(ws_path, src, candidate)
    finally:
        _remove(candidate)


def restore(ws_path: Path, src: Path, *, actor: Actor | None = None,
            sign_in: Callable[[Workspace], object] | None = None,
            notify: Callable[[str], object] | None = None) -> Path | None:
    """Replace the database at `ws_path` by the backup `src`; returns the safety backup's path
    (None when there was no database). Once it is done, `notify` is given each thing the person
    must know about the backup restored (`BackupCheck.notices`).

    `actor` is the person signed in to the current database. Where that database cannot be
    read (damaged, or its side, unit or accounts do not read) or there is none, nobody could
    sign in to it: `sign_in` then signs the person in to the checked copy of the backup, whose
    accounts say who may restore it — never nobody.
    The window must be closed: a database another program holds is not replaced.
    """
    if actor is not None:
        authority.require_role(actor, Role.ADMIN, "恢复备份")
    ws_path, src = Path(ws_path), Path(src)
    candidate = _candidate(ws_path, src)
    try:
        judged = _judge(ws_path, src, candidate)
        if not judged.sound:
            raise XxhError(f"{judged.heading(src)}。未恢复，{UNCHANGED}\n" + "\n".join(judged.problems))
        checked = judged.verified
        if checked.version < SCHEMA_VERSION:
            _upgrade(candidate)
        if actor is None and not _readable(ws_path):
            actor = _signed_in_to_backup(candidate, sign_in)
        safety, entries, note = _set_current_aside(ws_path, src, actor)
        if checked.other_key:
            note["sealed_with_key"] = checked.other_key   # another computer's: its MACs do not verify here
        with Workspace.open(candidate, create=False) as restored, \
                (restored.acting_as(actor) if actor else nullcontext()):
            carried = restored.audit_log.carry(_missing(entries, restored.audit_log.snapshot()))
            restored.audit_log.append("恢复备份", str(src), after={
                "safety_backup": str(safety or ""), "carried_audit_entries": carried, **note})
        for suffix in ("-wal", "-shm"):
            Path(f"{ws_path}{suffix}").unlink(missing_ok=True)
        try:
            os.replace(candidate, ws_path)
        except OSError as exc:
            raise XxhError(f"未恢复：{describe_os_error(exc, ws_path)}（恢复前的安全备份：{safety}）") from exc
    finally:
        _remove(candidate)
    with Workspace.open(ws_path) as ws:
        ws.audit_log.anchor(audit_anchors.RESTORE)
    if notify is not None:
        for notice in judged.notices:
            notify(notice)
    return safety


def _judge(ws_path: Path, src: Path, candidate: Path) -> BackupCheck:
    """The full check of the copy of `src`; then, for a sound one, its log against its sidecar
    and whose it is against the database it would replace."""
    key = _folder_key(ws_path)
    verified = verify_file(candidate, key)
    if not verified.sound:
        return BackupCheck(verified)
    holder = _holder(candidate)
    refusals = _against_live(holder, _live_holder(ws_path)) if holder is not None else []
    cut, notices = _against_sidecar(src, candidate, key, verified.other_key)
    if verified.other_key:
        notices.append(
            f"注意：备份的审计日志由另一台电脑的密钥封存（密钥编号 {verified.other_key}，本机 {key.key_id}），"
            "其记录的密钥校验码无法在本机核对，只核对了摘要链：日志是否被改写无法确认"
            "（另一台电脑的日志与改写后冒称另一把密钥的日志在此无从区分）。"
            "恢复后，“检查”（check）和 audit verify 用本机密钥核对：由另一把密钥封存的记录将一直被报告为密钥校验码不符"
            "（恢复时记下本机审计密钥的更换，此前的记录无法用本机密钥校验），数据库从此不能通过“检查”。")
    return BackupCheck(verified, cut, refusals, notices, holder)


def _against_sidecar(src: Path, candidate: Path, key: ChainKey, other_key: str) -> tuple[list[str], list[str]]:
    """The backup's log against the head its `.audit-head` sidecar holds, compared as `audit verify`
    compares sidecars: a log that ends before that head, or differs at it, was cut or rewritten.
    Returns the refusals and the notices."""
    side = audit_anchors.sidecar(src)
    if not side.is_file():
        return [], [f"备份旁没有审计附注 {shown(side.name)}（复制备份时未一同复制？）：未能用它核对备份的审计日志末尾是否完整。"]
    anchors, unreadable = audit_anchors.read_sidecars([side], None, key.key)
    if unreadable and other_key:
        return [], [f"备份旁的审计附注 {shown(side.name)} 由另一把密钥写入，本机无法核对，未用它比对。"]
    if unreadable:
        return [f"{problem}：无法确认备份的审计日志末尾完整" for problem in unreadable], []
    macs = _macs(candidate)
    disagree = compare_anchors(anchors, macs, max(macs, default=0))
    if disagree:
        return [f"备份的{problem}" for problem in disagree], []
    return [], [f"备份的审计日志已与备份旁的审计附注 {shown(side.name)} 比对，到第 {anchors[0].head.id} 条一致。"]


def _macs(candidate: Path) -> dict[int, str]:
    """Each audit entry's MAC in the copy of the backup ("" before the log had keys)."""
    conn = reading_connection(candidate)
    try:
        return stored_macs(conn)
    finally:
        conn.close()


def _holder(path: Path) -> Holder | None:
    """The side, unit and accounts of the database at `path`, read as a sign-in reads them (roles
    by `read_roles`); None when it is not this program's."""
    conn = reading_connection(path)
    try:
        values = stored_identity(conn)
        if values is None:
            return None
        rows = stored_accounts(conn)
    finally:
        conn.close()
    unreadable = []
    side, unit = _setting(values.get(SIDE)), _setting(values.get(UNIT))
    if side and side not in tuple(Side):
        unreadable.append(f"本机身份「{shown(str(values[SIDE]), 40)}」不是「{Side.OFFICE}」或「{Side.UNIT}」")
        side = ""
    if unit and not isinstance(unit, str):
        unreadable.append(f"本机单位「{shown(str(values[UNIT]), 40)}」不是文字")
        unit = ""
    admins, people = 0, []
    now = datetime.now(timezone.utc)
    for name, full_name, stored, active, local, password_hash, locked_until in rows:
        roles = read_roles(stored)
        if roles is None:
            unreadable.append(f"账户 {shown(str(name), 40)} 的角色「{shown(str(stored), 40)}」不是本系统角色的列表")
        # Who could sign in after the restore (probe-restore N1, N3, N11): a name as typed, a password
        # some password matches (or a department's local account), not locked.
        flaws = [why for why, flawed in (
            ("用户名首尾有空格，无法登录", not isinstance(name, str) or not name or name != name.strip()),
            ("密码记录无法使用", not (usable_hash(password_hash) or (local and not password_hash and side == Side.UNIT))),
            ("已锁定", _locked(locked_until, now))) if flawed]
        admins += bool(active) and roles is not None and Role.ADMIN in roles and not flaws
        people.append(f"{shown(str(name), 40)}（{shown(str(full_name), 40)}）："
                      f"{'角色无法读取' if roles is None else roles_text(roles)}，{'启用' if active else '已停用'}"
                      + "".join(f"，{why}" for why in flaws))
    return Holder(side or "", (unit or "") if side == Side.UNIT else "", len(rows), admins, tuple(people),
                  tuple(unreadable))


def _locked(stored: object, now: datetime) -> bool:
    """Whether an account's `locked_until` keeps it out now (one that does not read, for good)."""
    if not stored:
        return False
    try:
        until = datetime.fromisoformat(str(stored))
        return until.astimezone(timezone.utc) > now if until.tzinfo else True
    except ValueError:
        return True


_UNREAD = object()   # a setting that is not JSON


def _setting(value: str | None) -> object:
    """A setting's value as `Settings.get` reads it (None when it is not there)."""
    try:
        return json.loads(value) if value is not None else None
    except (TypeError, ValueError):
        return _UNREAD


def _live_holder(ws_path: Path) -> Holder | None:
    """Whose the database a restore would replace is; None when there is none or it cannot be read
    (nor its identity or accounts: nobody can sign in to it, as to a damaged one)."""
    if not ws_path.exists():
        return None
    try:
        holder = _holder(ws_path)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if isinstance(exc, sqlite3.DatabaseError) and not damaged(exc):
            raise
        return None
    return None if holder is None or holder.unreadable else holder


def _against_live(backup: Holder, live: Holder | None) -> list[str]:
    """Why the backup may not replace the live database: its identity or accounts cannot be read,
    or none of them may administer (nobody could manage accounts or restore again — the program
    itself never lets the last 系统管理 go, `storage.accounts.separation_problem`); another side or
    unit, or none (it would become this machine's identity); no accounts over a database with
    accounts (sign-in would go)."""
    refusals = [f"备份中{problem}，恢复后任何人都无法登录（在本程序之外被改动过）" for problem in backup.unreadable]
    if backup.accounts and not backup.admins:
        refusals.append(
            f"备份中的 {backup.accounts} 个账户没有一个是能登录的「系统管理」账户（启用、未锁定、密码可用；{'；'.join(backup.people)}）："
            "恢复后无人能管理账户、做备份或再从备份恢复（本程序始终保留至少一个启用的「系统管理」账户）。请换一份备份恢复。")
    if live is None:
        return refusals
    if live.side and not backup.side:
        refusals.append(
            f"备份中没有本机身份（未选择），而本机为「{live.named}」：恢复会让本机变成未选择身份，只能查看、不能办理，"
            "并以备份中的账户取代本机的账户。请用本机自己的备份恢复。")
    elif live.side and (live.side, live.unit) != (backup.side, backup.unit):
        refusals.append(
            f"备份属于另一方或另一个单位：备份的本机身份为「{backup.named}」，本机为「{live.named}」。恢复会把本机变成备份的身份和单位，"
            "并以备份中的账户取代本机的账户。请用本机自己的备份恢复；若本机的单位名称填写有误，请先在本机身份设置中改正。")
    if live.accounts and not backup.accounts:
        refusals.append(
            f"备份中没有任何账户，而当前数据库设有 {live.accounts} 个账户：恢复会删除全部账户，此后任何人不需登录即可使用本机，"
            "操作也不再记在具体的人名下。请用设立账户之后做的备份恢复；如确需这份备份中的数据，"
            "请信息技术人员先把它恢复为另一个数据库文件（--db 新文件），在其中建立账户并备份，再用那份备份恢复。")
    return refusals


def _readable(ws_path: Path) -> bool:
    """Whether there is a database at `ws_path` that a person can sign in to: it opens, its pages
    are sound, its tables, indexes and triggers are this program's, and its side, unit and accounts
    read as every sign-in reads them. One that opens but whose definitions are someone else's (a
    CHECK that refuses the next audit entry), or whose identity or accounts do not read
    (`UnreadableValue`), fails the sign-in as a damaged file does (`damaged`): counted as one, or
    nobody could restore over it."""
    if not ws_path.exists():
        return False
    try:
        with Workspace.open(ws_path, create=False) as ws:
            database = ws.database
            if database.quick_check() or ws.audit_log.trigger_problems() \
                    or structure_problems(database.connection(), database.schema_version):
                return False
            read_as_sign_in(ws)
            return True
    except (XxhError, sqlite3.DatabaseError) as exc:
        if not damaged(exc):
            raise
        return False


def _signed_in_to_backup(candidate: Path, sign_in: Callable[[Workspace], object] | None) -> Actor:
    """The person, signed in to the backup's own accounts, with the 系统管理 role there."""
    with Workspace.open(candidate, create=False) as backup_ws:
        try:
            if sign_in is not None:
                sign_in(backup_ws)
            authority.require_role(backup_ws.actor, Role.ADMIN, "恢复备份")
        except NotPermitted as exc:
            raise NotPermitted(f"当前数据库无法打开、无人能登录（或不存在），无法在其中核对身份：须用备份中具有「系统管理」角色的"
                               f"账户登录才能恢复。{exc}") from None
        return backup_ws.actor


def _folder_key(ws_path: Path) -> ChainKey:
    """The audit key of the folder the database lives in: a backup of it is checked with it."""
    return chain_key(machine_key.load(machine_key.data_folder(ws_path)))


def _candidate(ws_path: Path, src: Path) -> Path:
    """A copy of `src` beside the database, made through a read-only connection (a pending -wal
    of the source counts; the source is never written)."""
    try:
        kind = kind_problem(os.stat(src).st_mode)
    except OSError:
        raise XxhError(f"备份文件不存在：{shown(str(src))}") from None
    if kind:
        raise XxhError(f"「{shown(str(src))}」{kind}，不能作为备份文件恢复。请选择一个备份文件（.db）。")
    reason = unsafe_location_reason(ws_path) or read_only_reason(ws_path)
    if reason:
        raise XxhError(f"未恢复：{reason}。")
    try:
        ws_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XxhError(f"未恢复：{describe_os_error(exc, ws_path)}") from exc
    candidate = temp_path(ws_path)
    try:
        source = reading_connection(src)
        try:
            target = sqlite3.connect(candidate)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        _remove(candidate)
        text = str(exc).lower()
        if "full" in text:
            raise XxhError(f"磁盘空间不足，无法在 {ws_path.parent} 中放下备份的副本，未恢复，{UNCHANGED}") from exc
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
            # A hot journal: SQLite would roll the backup back before reading it, and the backup is never written.
            raise XxhError(f"备份文件 {shown(str(src))} 旁有未完成事务的日志文件 {shown(src.name)}-journal"
                           "（写入这份备份的程序没有做完就中断了），备份须先用它复原才能读取，而恢复从不改动备份。"
                           f"未恢复，{UNCHANGED}请换一份完整的备份，或请信息技术人员处理这两个文件。") from exc
        raise XxhError(f"备份文件 {shown(str(src))} 无法读取（已损坏或不是数据库：{exc}），未恢复，{UNCHANGED}") from exc
    return candidate


def _upgrade(candidate: Path) -> None:
    """Bring the copy of an older backup to this version's schema (the copy is ours to change)."""
    database = Database.connect(candidate)
    try:
        database.migrate(lambda _version: None)
    finally:
        database.close()


def _set_current_aside(ws_path: Path, src: Path, actor: Actor | None
                       ) -> tuple[Path | None, list[AuditEntry], dict[str, str]]:
    """A safety backup of the current database and its audit entries, once nothing else holds it.

    A damaged database cannot be backed up through SQLite: its bytes are kept as they are
    instead, and its log (unreadable) is not carried.
    """
    if not ws_path.exists():
        return None, [], {}
    try:
        with Workspace.open(ws_path) as ws, (ws.acting_as(actor) if actor else nullcontext()):
            authority.require_role(ws.actor, Role.ADMIN, "恢复备份")
            safety = automatic_backup(ws, "before-restore", spare=src)
            entries = ws.audit_log.snapshot()
            # Leaving WAL mode needs the file to itself: it fails while the window (or another
            # program) has it open, which must not have the file and its -wal replaced under it.
            if not leave_wal(ws):
                raise XxhError(f"数据库 {ws_path} 正被其他窗口或程序使用，未恢复。请先关闭 xxh-desktop 窗口后再恢复。"
                               f"（已做的安全备份：{safety}）")
        return safety, entries, {}
    except (XxhError, sqlite3.DatabaseError) as exc:
        if not damaged(exc):
            raise
        kept = _keep_bytes(ws_path)
        return kept, [], {"damaged_database": str(exc)}


def damaged(exc: BaseException) -> bool:
    """Whether an error comes from a damaged file (not from a busy, full or read-only one), or
    from a setting or account no sign-in can read."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DamagedCopy | UnreadableValue) or (
                isinstance(seen, sqlite3.DatabaseError) and not isinstance(seen, sqlite3.OperationalError)):
            return True
        seen = seen.__cause__
    return False


def _keep_bytes(ws_path: Path) -> Path:
    """The damaged database file (and its -wal) copied byte for byte into the backups folder."""
    folder = backups_dir(ws_path)
    kept = folder / f"damaged-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ws_path, kept)
        if Path(f"{ws_path}-wal").exists():
            shutil.copyfile(f"{ws_path}-wal", f"{kept}-wal")
    except OSError as exc:
        raise XxhError(f"当前数据库已损坏，但未能把它原样保存到 {folder}：{describe_os_error(exc, kept)}"
                       f"未恢复，{UNCHANGED}") from exc
    return kept


def _key(e: AuditEntry) -> tuple[str, ...]:
    return (e.at, e.who, e.action, e.target, e.before, e.after, e.result)


def _missing(current: Iterable[AuditEntry], restored: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries of the current log that the restored one lacks, in the current log's order.

    Compared by content (time, author, what), not by chain hash: an earlier restore re-chained
    the entries it carried, and those must not come twice.
    """
    have = Counter(_key(e) for e in restored)
    missing = []
    for entry in current:
        key = _key(entry)
        if have[key]:
            have[key] -= 1
        else:
            missing.append(entry)
    return missing


def _remove(candidate: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", audit_anchors.ANCHORS_SUFFIX):
        Path(f"{candidate}{suffix}").unlink(missing_ok=True)
