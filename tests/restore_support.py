"""The office the restore tests restore over: one database, made as the office makes it."""

from __future__ import annotations

from pathlib import Path

from accounts_support import one_per_role, sign_in_as
from builders import new_project, seeded
from xxh_desktop.domain.accounts import Role
from xxh_desktop.domain.fields import Side
from xxh_desktop.storage import backup
from xxh_desktop.workspace import Workspace

NAME = "金寨县智慧应急指挥平台"


def make_office(db: Path, backup_to: Path, *, accounts: bool = True) -> Path:
    """An office database at `db` (one account per role, or none) holding one project, and a
    backup of it made by its 系统管理 at `backup_to` (a file, or a folder that exists); returns
    the backup's path."""
    with Workspace.open(db) as ws:
        ws.settings.choose_side(Side.OFFICE)
        if accounts:
            sign_in_as(one_per_role(ws), Role.ENTRY)
        with seeded(ws):
            new_project(ws, NAME, "县应急管理局", 2027)
        if accounts:
            sign_in_as(ws, Role.ADMIN)
        return backup.backup_to(ws, backup_to)


def office_beside(db: Path, *, accounts: bool = True) -> Path:
    """`make_office` with its backup beside the database, named `<stem>-backup.db`."""
    return make_office(db, db.with_name(f"{db.stem}-backup.db"), accounts=accounts)
