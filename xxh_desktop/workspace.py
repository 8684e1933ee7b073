"""The workspace: one database file, its table owners, and who is acting on it.

`Workspace.open(path)` creates or upgrades the file; the window and the CLI
both go through this facade (Anki's `Collection`). Each table has one owner,
reached from here — `ws.projects`, `ws.declarations`, `ws.materials`,
`ws.checklist` … (see `storage/__init__.py`) — and every write through an owner
carries `ws.actor`: this machine's side and unit and the person signed in
(`sign_in`) with their roles, or, inside `acting_as`, the verified sender of an
imported file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, machine_key
from .authority import Actor
from .errors import XxhError, describe_os_error
from .fileio import check_output, remove_leftovers
from .own_files import own_files
from .paths import backups_dir, canonical, unsafe_location_reason
from .placement import read_only_reason
from .storage.accounts import Accounts
from .storage.adjustments import Adjustments
from .storage.assets import Assets
from .storage.audit_log import AuditLog
from .storage.changes import Changes
from .storage.checklist import ChecklistAnswers
from .storage.database import Database, Transaction, describe_open_error, refuse_newer_or_foreign, \
    refuse_second_name
from .storage.declarations import Declarations
from .storage.drafts import Drafts
from .storage.exchange import Keys, Packages, Parts
from .storage.history import History
from .storage.materials import Materials
from .storage.opinions import Opinions
from .storage.plan_filings import PlanFilings
from .storage.procurements import Procurements
from .storage.projects import Projects
from .storage.rectifications import Rectifications
from .storage.schema import SCHEMA_VERSION
from .storage.setting_domains import CREATED_BY
from .storage.settings import Settings
from .storage.units import Units
from .storage.views import Views

if TYPE_CHECKING:
    from .accounts import SignIn
    from .domain.accounts import Account


class Workspace:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.path = database.path
        self.user = ""          # who is at the keyboard when this machine has no accounts
        self.person: Account | None = None   # who signed in (`accounts.sign_in`)
        self._acting: list[Actor] = []
        self._machine: Actor | None = None
        self._machine_key: machine_key.MachineKey | None = None
        self.settings = Settings(self)
        self.audit_log = AuditLog(self)
        self.accounts = Accounts(self)
        self.units = Units(self)
        self.projects = Projects(self)
        self.views = Views(self)
        self.declarations = Declarations(self)
        self.materials = Materials(self)
        self.history = History(self)
        self.checklist = ChecklistAnswers(self)
        self.opinions = Opinions(self)
        self.adjustments = Adjustments(self)
        self.rectifications = Rectifications(self)
        self.assets = Assets(self)
        self.procurements = Procurements(self)
        self.plan_filings = PlanFilings(self)
        self.drafts = Drafts(self)
        self.packages = Packages(self)
        self.parts = Parts(self)
        self.keys = Keys(self)

    # ------------------------------------------------------------------ open/close

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Workspace:
        """Open (creating or upgrading) the database at `path`.

        Before anything is created or written: the place is judged by its file
        system (no USB stick, no network share), and an existing file is read
        read-only — one of another program, or of a newer version, is refused
        and left byte-for-byte untouched (its -wal too). In a read-only place the
        file is opened for reading only, and every write says why it cannot be.
        """
        path = canonical(path)
        reason = unsafe_location_reason(path)
        if reason:
            raise XxhError(reason)
        read_only = read_only_reason(path)
        if not path.exists():
            if not create:
                raise XxhError(f"数据库文件不存在：{path}")
            if read_only:
                raise XxhError(f"{read_only}，无法在这里新建数据库。请选择可写的位置。")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise XxhError(describe_os_error(exc, path)) from exc
        else:
            refuse_newer_or_foreign(path, read_only_place=bool(read_only))
            refuse_second_name(path)
        database = Database.connect(path, read_only=read_only)
        ws = cls(database)
        try:
            if read_only:
                if database.schema_version < SCHEMA_VERSION:
                    raise XxhError(f"{read_only}；该数据库须先升级结构（版本 {database.schema_version} → "
                                   f"{SCHEMA_VERSION}）才能使用，只读的位置无法升级。请在可写的位置打开一次。")
            else:
                remove_leftovers(backups_dir(path))
                remove_leftovers(path.parent, path.name)
                old = database.migrate(ws._backup_before_upgrade)
                if old == 0:
                    ws.settings.put_internal(CREATED_BY, __version__)
                elif old < database.schema_version:
                    ws.audit_log.seal_legacy()
        except sqlite3.DatabaseError as exc:
            database.close()
            raise XxhError(describe_open_error(path, exc)) from exc
        except BaseException:
            database.close()
            raise
        return ws

    @property
    def read_only(self) -> str | None:
        """Why this database can only be read here (a read-only mount, folder or file), or None."""
        return self.database.read_only

    def _backup_before_upgrade(self, version: int) -> None:
        from .storage.backup import automatic_backup

        # PRODUCT.md §10: a checked copy of the old file before it is upgraded.
        automatic_backup(self, f"before-migration-v{version}")

    def close(self) -> None:
        """Close the database; the object is unusable afterwards."""
        self.database.close()

    @property
    def closed(self) -> bool:
        return self.database.conn is None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions and changes

    def transaction(self) -> AbstractContextManager[Transaction]:
        """One all-or-nothing write (`Database.transaction`); its `changes` say what it changed."""
        return self.database.transaction()

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        self.database.subscribe(listener)

    def unsubscribe(self, listener: Callable[[Changes], None]) -> None:
        self.database.unsubscribe(listener)

    @property
    def schema_version(self) -> int:
        return self.database.schema_version

    # ------------------------------------------------------------------ the actor

    @property
    def actor(self) -> Actor:
        """Who the next write is by: the sender inside `acting_as`, else this machine and its person."""
        if self._acting:
            return self._acting[-1]
        if self._machine is None or (self.person is None and self._machine.name != self.user):
            side = self.settings.side
            unit = self.settings.unit if side else ""
            if self.person is not None:
                self._machine = Actor(side, unit, self.person.who, person=self.person.name, roles=self.person.roles)
            else:
                # Accounts but nobody signed in: no role, so every write is refused (authority.role_refusal).
                self._machine = Actor(side, unit, self.user, roles=frozenset() if self.accounts.exist() else None)
        return self._machine

    def forget_actor(self) -> None:
        """The machine's side or unit, the person or the accounts changed."""
        self._machine = None

    def sign_in(self, name: str, password: str, *, now: datetime | None = None, via: str = "窗口") -> SignIn:
        """Sign `name` in (`accounts.sign_in`: lockout, audit); `actor` is then that person."""
        from .accounts import sign_in

        return sign_in(self, name, password, now=now, via=via)

    def sign_out(self) -> None:
        from .accounts import sign_out

        sign_out(self)

    @property
    def machine_key(self) -> machine_key.MachineKey:
        """The secret outside the database, in its data folder (`machine_key.py`), made on first use."""
        if self._machine_key is None:
            self._machine_key = machine_key.load(machine_key.data_folder(self.path))
        return self._machine_key

    @contextmanager
    def acting_as(self, actor: Actor) -> Iterator[Actor]:
        """Writes inside the block are by `actor` (an imported file's verified sender, the demo)."""
        self._acting.append(actor)
        try:
            yield actor
        finally:
            self._acting.pop()

    # ------------------------------------------------------------------ checks

    def check_output(self, path: str | Path, *, in_folder: str | None = None) -> Path:
        """`path` as the target of an export or a backup — refused, in Chinese, when it names no
        file, is a folder or a device, lies in a missing folder, or is one of this program's own
        files (`own_files`: the database and its companions, the machine key …) by any name.
        `in_folder`: the name a file gets in a folder `path` names (`fileio.check_target`)."""
        return check_output(path, own_files(self.path), in_folder=in_folder)

    def check(self) -> list[str]:
        """Integrity and schema problems, and values the program cannot read (`storage.values`),
        in Chinese; empty when the file is sound."""
        from .storage.structure import structure_problems   # a check is asked for: not on a start's path
        from .storage.values import value_problems
        from .storage.verify import undecodable_texts

        problems = self.database.integrity_problems()
        problems += structure_problems(self.database.connection(), self.database.schema_version)
        # Values outside their column's domain (which the listings cannot read), in tables of ours only.
        odd = [] if problems else value_problems(self.database.connection())
        if texts := odd or undecodable_texts(self.database.connection()):
            # The attachments' and the audit log's checks read values as text: only once they decode.
            return problems + texts
        problems += [f"附件内容与其 SM3 摘要不符：{d}" for d in self.materials.damaged_blobs()]
        problems += self.audit_log.verify()
        return problems

