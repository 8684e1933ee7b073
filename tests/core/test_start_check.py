"""The start-up's quick check on a thread of its own: what it finds is told before anything is written."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from xxh_desktop.domain.fields import Side
from xxh_desktop.storage import database
from xxh_desktop.workspace import Workspace


def _told_and_written(ws: Workspace) -> list[str]:
    """What happened, in order: the check's problems told, and each write begun (SQLite's BEGIN)."""
    events: list[str] = []
    ws.database.connection().set_trace_callback(
        lambda sql: events.append("write") if sql.startswith("BEGIN") else None)
    ws.database.quick_check_in_background(lambda problems: events.append("told: " + ", ".join(problems)))
    return events


def test_problems_are_told_before_the_first_write_and_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def slow_check(_conn: sqlite3.Connection) -> list[str]:
        release.wait(5)   # the write comes while the check still reads
        return ["*** in database main ***", "Page 7: btreeInitPage() returns error code 11"]

    with Workspace.open(tmp_path / "x.db") as ws:
        monkeypatch.setattr(database, "quick_check_problems", slow_check)
        events = _told_and_written(ws)
        threading.Timer(0.2, release.set).start()
        ws.settings.choose_side(Side.OFFICE)
        ws.settings.choose_side(Side.OFFICE)
        assert events[0] == "told: *** in database main ***, Page 7: btreeInitPage() returns error code 11"
        assert events.count("write") == 2 and all(e == "write" for e in events[1:])
        assert ws.settings.side == Side.OFFICE


def test_a_sound_file_tells_nothing(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "x.db") as ws:
        told: list[list[str]] = []
        ws.database.quick_check_in_background(told.append)
        ws.database.settle_quick_check()
        assert ws.database.quick_check_finished
        ws.settings.choose_side(Side.OFFICE)
        assert told == []


def test_an_error_while_checking_is_raised_where_it_is_waited_for(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_conn: sqlite3.Connection) -> list[str]:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with Workspace.open(tmp_path / "x.db") as ws:
        monkeypatch.setattr(database, "quick_check_problems", broken)
        ws.database.quick_check_in_background(lambda _problems: None)
        with pytest.raises(sqlite3.DatabaseError, match="malformed"):
            ws.settings.choose_side(Side.OFFICE)
        assert ws.settings.side is None   # nothing was written


def test_closing_waits_for_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    finished = threading.Event()

    def slow_check(_conn: sqlite3.Connection) -> list[str]:
        threading.Event().wait(0.2)
        finished.set()
        return []

    ws = Workspace.open(tmp_path / "x.db")
    monkeypatch.setattr(database, "quick_check_problems", slow_check)
    ws.database.quick_check_in_background(lambda _problems: None)
    ws.close()
    assert finished.is_set()


def test_a_stopped_check_lets_go_of_the_file_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A start that ends without the database (another window has it) reads no more of it: the
    # check is interrupted, not waited for. Without the interrupt this check never ends.
    reading = threading.Event()

    def endless(conn: sqlite3.Connection) -> list[str]:
        reading.set()
        return [str(n) for (n,) in conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")]

    Workspace.open(tmp_path / "x.db").close()
    monkeypatch.setattr(database, "quick_check_problems", endless)
    check = database.BackgroundCheck(tmp_path / "x.db")
    assert reading.wait(10)
    check.stop()
    assert check.finished
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        check.result()


def test_a_check_stopped_before_it_reads_reads_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Workspace.open(tmp_path / "x.db").close()
    opened = threading.Event()
    proceed = threading.Event()
    reads: list[str] = []
    connect = database.reading_connection

    def slow_to_open(path: Path, **kwargs) -> sqlite3.Connection:
        opened.set()
        proceed.wait(10)   # stopped meanwhile
        return connect(path, **kwargs)

    monkeypatch.setattr(database, "reading_connection", slow_to_open)
    monkeypatch.setattr(database, "quick_check_problems", lambda conn: reads.append("read") or [])
    check = database.BackgroundCheck(tmp_path / "x.db")
    assert opened.wait(10)
    threading.Timer(0.1, proceed.set).start()
    check.stop()
    assert check.finished and reads == []
