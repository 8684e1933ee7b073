"""Builders for tests: actors, and projects or 附件2 cases set up at any stage.

A test acts as a machine does: the office (`as_office`) or a department
(`as_unit`). Where a test needs a project already somewhere in its life (a
project in 初验 with a contract), `new_project` writes it as the demo loader
does, with the demo's seed actor, so the test's own step is the one judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from xxh_desktop import clock
from xxh_desktop.authority import Actor
from xxh_desktop.demo import SEED
from xxh_desktop.domain.fields import Side
from xxh_desktop.domain.stages import Stage
from xxh_desktop.workspace import Workspace

TESTER = "测试员"


@contextmanager
def as_unit(ws: Workspace, unit: str) -> Iterator[Actor]:
    """Writes inside are a department's (as if its verified package were being imported)."""
    with ws.acting_as(Actor.department(unit, TESTER)) as actor:
        yield actor


@contextmanager
def as_office(ws: Workspace) -> Iterator[Actor]:
    with ws.acting_as(Actor.office(TESTER)) as actor:
        yield actor


@contextmanager
def seeded(ws: Workspace) -> Iterator[Actor]:
    """Writes inside set up a test's starting point, for both sides at once (the demo's seed actor)."""
    with ws.acting_as(SEED) as actor:
        yield actor


def choose(ws: Workspace, side: Side | str, unit: str = "") -> Workspace:
    """Make `ws` a machine of `side` (and `unit`)."""
    ws.settings.choose_side(side, unit)
    return ws


def new_project(ws: Workspace, name: str, unit: str, year: int, *, stage: Stage | str = Stage.DRAFT,
                number: str | None = None, is_existing_system: bool = False, **facts: Any) -> str:
    """A project at `stage` with `facts` (attributes of `Project`, typed), as the demo would load it."""
    with seeded(ws):
        pid = ws.projects.create(name, unit, year, number=number, is_existing_system=is_existing_system)
        values = {"stage": Stage(stage), **facts}
        ws.projects.update(pid, values, action=None)
    return pid


def new_case(ws: Workspace, unit: str, **kwargs: Any) -> str:
    """A 附件2 case (草稿) of `unit`."""
    with seeded(ws):
        return ws.procurements.create(unit, **kwargs)


# The tests tell stories dated 2026–2028; the rules refuse an event dated after today (chronology).
LATE_TODAY = date(2030, 12, 31)


def freeze_today(monkeypatch: Any, on: date = LATE_TODAY) -> date:
    """Fix the day the core's rules count from (`clock.today`)."""
    monkeypatch.setattr(clock, "today", lambda: on)
    return on


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "采购清单") -> Path:
    """A department's item list as Excel saves it: `rows` on one sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path
