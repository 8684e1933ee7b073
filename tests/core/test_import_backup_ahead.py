"""The backup an import makes first, begun by the preview (`preview_import(..., backup_ahead=True)`,
as `xxh import --yes` asks): taken only while it is a copy of the database as it is when the
import writes, and the preview's judgement reused only while nothing was committed since."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from xxh_support import DEPT, declare, export_package, fingerprint, pair

from xxh_desktop.errors import XxhError
from xxh_desktop import audit_anchors
from xxh_desktop.exchange import NEW, apply_import, preview_import
from xxh_desktop.paths import backups_dir
from xxh_desktop.storage.backup import start_automatic_backup
from xxh_desktop.storage.database import readonly_uri
from xxh_desktop.storage.verify import verify_file
from xxh_desktop.workspace import Workspace


@pytest.fixture
def sent(tmp_path: Path) -> tuple[Workspace, Workspace, str, Path]:
    """(office, department, project, file): the department's declaration in a file for the office."""
    off, dept = pair(tmp_path)
    pid = declare(dept)
    path = export_package(dept, [pid], tmp_path / "usb" / "申报.xxh").path
    return off, dept, pid, path


def _backups(ws: Workspace) -> set[str]:
    folder = backups_dir(ws.path)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_copy_knows_whether_anything_was_committed_since(sent) -> None:
    """By this connection or any other: the copy is current only while nobody wrote."""
    off, *_ = sent
    pending = start_automatic_backup(off, "before-import")
    try:
        assert pending.holds_current()
        off.units.ensure("县档案馆")
        assert not pending.holds_current()
    finally:
        pending.discard()
    pending = start_automatic_backup(off, "before-import")
    try:
        other = Workspace.open(off.path, create=False)
        try:
            assert pending.holds_current()
            other.units.ensure("县文化旅游体育局")
        finally:
            other.close()
        assert not pending.holds_current()
    finally:
        pending.discard()


def test_the_preview_s_backup_is_the_one_the_import_keeps(sent) -> None:
    off, _dept, pid, path = sent
    before = _backups(off)
    with preview_import(off, path, backup_ahead=True) as preview:
        ahead = preview.backup.path
        result = apply_import(off, preview, trust_key=preview.fingerprint)
    assert result.changed and result.backup_path == ahead
    assert _backups(off) - before == {ahead.name, audit_anchors.sidecar(ahead).name}
    # the backup holds the office as it was before the import, and passes the full check
    assert _rows(ahead, f"SELECT count(*) FROM projects WHERE id = '{pid}'") == [(0,)]
    assert verify_file(ahead).sound
    assert off.projects.get(pid).unit == DEPT
    assert _rows(off.path, "SELECT target FROM audit_log WHERE action = '备份'")[-1] == (str(ahead),)


def test_a_write_after_the_preview_gets_a_backup_of_now(sent) -> None:
    """Another connection commits between the preview and the import: the copy begun by the
    preview no longer shows the database the import changes; it is dropped and a new one taken."""
    off, _dept, pid, path = sent
    with preview_import(off, path, backup_ahead=True) as preview:
        ahead = preview.backup.path
        other = Workspace.open(off.path, create=False)
        try:
            other.units.ensure("县档案馆")
        finally:
            other.close()
        result = apply_import(off, preview, trust_key=preview.fingerprint)
    assert result.changed and result.backup_path != ahead
    assert not ahead.exists() and not any(name.startswith(".") for name in _backups(off))
    # the backup now kept has the unit added after the preview, and not the import
    assert _rows(result.backup_path, "SELECT count(*) FROM units WHERE name = '县档案馆'") == [(1,)]
    assert _rows(result.backup_path, f"SELECT count(*) FROM projects WHERE id = '{pid}'") == [(0,)]


def test_a_stale_preview_is_still_refused_when_its_backup_was_begun(sent, tmp_path: Path) -> None:
    off, dept, pid, path = sent
    dept.projects.update(pid, {"responsible_person": "王五"})
    newer = export_package(dept, [pid], tmp_path / "usb" / "v2.xxh").path
    with preview_import(off, path, backup_ahead=True) as preview:
        with preview_import(off, newer) as other:
            apply_import(off, other, trust_key=fingerprint(dept))
        assert off.projects.get(pid).responsible_person == "王五"
        with pytest.raises(XxhError, match="重新打开导入预览"):
            apply_import(off, preview, trust_key=fingerprint(dept))
    assert off.projects.get(pid).responsible_person == "王五"
    assert not any(name.startswith(".") for name in _backups(off))


def test_a_preview_closed_unused_leaves_no_backup(sent) -> None:
    off, _dept, _pid, path = sent
    before = _backups(off)
    with preview_import(off, path, backup_ahead=True) as preview:
        assert [r.status for r in preview.records] == [NEW]
        ahead = preview.backup.path
    assert not ahead.exists() and _backups(off) == before


def test_no_thread_is_left_behind(sent, tmp_path: Path) -> None:
    """The backup's and the file hash's threads end with the preview, refused or not."""
    off, _dept, _pid, path = sent
    damaged = tmp_path / "损坏.xxh"
    damaged.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(XxhError, match="已拒绝导入"):
        preview_import(off, damaged, backup_ahead=True)
    with preview_import(off, path, backup_ahead=True):
        pass
    assert not [t.name for t in threading.enumerate() if t.name in ("backup", "sm3")]
    assert not any(name.startswith(".") for name in _backups(off))


def test_a_backup_begun_on_one_workspace_is_finished_by_another(sent) -> None:
    """The window previews on one worker's connection and imports on another's."""
    off, _dept, pid, path = sent
    with preview_import(off, path, backup_ahead=True) as preview:
        ahead = preview.backup.path
        other = Workspace.open(off.path, create=False)
        try:
            other.user, other.person = off.user, off.person
            other.forget_actor()
            result = apply_import(other, preview, trust_key=preview.fingerprint)
        finally:
            other.close()
    assert result.backup_path == ahead and verify_file(ahead).sound
    assert _rows(off.path, "SELECT target FROM audit_log WHERE action = '备份'")[-1] == (str(ahead),)
    assert off.projects.get(pid).unit == DEPT


def test_a_backup_that_cannot_begin_leaves_the_preview_and_is_said_at_the_import(sent, monkeypatch) -> None:
    """No room for the backups folder: the preview is still shown; the import is refused in backup
    words and changes nothing."""
    off, _dept, pid, path = sent
    folder = backups_dir(off.path)
    folder.mkdir(parents=True, exist_ok=True)
    blocker = folder.parent / "占位"
    blocker.write_text("x")
    monkeypatch.setattr("xxh_desktop.storage.backup.backups_dir", lambda _path: blocker / "backups")
    with preview_import(off, path, backup_ahead=True) as preview:
        assert preview.backup is None and [r.status for r in preview.records] == [NEW]
        with pytest.raises(XxhError, match="备份未完成"):
            apply_import(off, preview, trust_key=preview.fingerprint)
    assert not off.projects.exists(pid)


def test_a_preview_closed_without_waiting_leaves_nothing_once_its_check_ends(sent, monkeypatch) -> None:
    """The window drops the backup of an import not made without waiting for its check."""
    from xxh_desktop.storage import backup

    off, _dept, _pid, path = sent
    before = _backups(off)
    release = threading.Event()
    checking = backup.verify_file

    def held(copy: Path, key):
        release.wait(10)
        return checking(copy, key)

    monkeypatch.setattr(backup, "verify_file", held)
    preview = preview_import(off, path, backup_ahead=True)
    pending = preview.backup
    preview.close(wait=False)
    assert pending._thread.is_alive()   # not waited for
    release.set()
    pending._thread.join(10)
    assert not pending._thread.is_alive()
    assert _backups(off) == before   # the worker dropped the copy as it ended
    assert not pending.holds_current()   # and closed its witness


def _autocheckpoint(ws: Workspace) -> int:
    return ws.database.connection().execute("PRAGMA wal_autocheckpoint").fetchone()[0]


def test_the_import_commits_without_copying_its_wal_and_a_thread_copies_it(sent) -> None:
    off, dept, pid, path = sent
    with preview_import(off, path, backup_ahead=True) as preview:
        apply_import(off, preview, trust_key=fingerprint(dept))
    assert _autocheckpoint(off) == 1000   # SQLite's own, for every other write
    for thread in threading.enumerate():
        if thread.name == "xxh-checkpoint":
            thread.join()
    # Read as the file alone holds it, its -wal ignored: the import is in it, copied by the thread.
    conn = sqlite3.connect(readonly_uri(off.path, immutable=True), uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM projects WHERE id = ?", (pid,)).fetchone() == (1,)
    finally:
        conn.close()


def test_a_write_that_fails_keeps_sqlite_s_own_checkpoints(sent) -> None:
    off = sent[0]
    with pytest.raises(RuntimeError), off.transaction():
        off.database.checkpoint_beside()
        assert _autocheckpoint(off) == 0
        raise RuntimeError("写到一半出错")
    assert _autocheckpoint(off) == 1000
    assert not [t for t in threading.enumerate() if t.name == "xxh-checkpoint"]
