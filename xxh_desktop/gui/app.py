"""Start-up of the window: ``xxh-desktop [--db PATH] [--data-dir DIR] [F.xxh]``.

Order: before Qt (gui/early.py) the database's place judged and the quick
check of a current file of ours begun on a thread of its own → Qt
application and its Chinese translations → the SM3 known-answer test → what
was refused of the place → one instance per database (a second start hands
its file to the first and exits, its check stopped) → the database (refused
with a message if newer or damaged; a file just upgraded is checked now) →
first-start choice → sign-in (gui/session.py), the main window built hidden
behind its dialog, nothing read, while the password is checked on the core's
worker → what the quick check found, before anything is written → the window
shown, its projects read. At exit, as Anki does: a quick integrity check,
then a backup, then sign-out and close — in try/finally. The window makes
the backup itself, on a worker thread with a progress dialog
(`MainWindow.closeEvent`); `shutdown` makes it only when the window did not
(it never opened, or it closed for a restart).

``xxh-desktop --self-test [RESULT.json]`` checks the installed program
instead (gui/selftest.py) and never touches the user's database.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLockFile, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from .. import __version__
from ..errors import XxhError, describe_exception, describe_os_error
from ..hashing import self_test, sm3_hex
from ..internal_error import log_file, report
from ..paths import file_identity, instance_lock_path, roaming_fallback_notice
from ..resources import resource_path
from .forms.stylesheet import STYLESHEET
from .early import Early, prepare
from .title import APP_TITLE
from .plain_text import plain_message

if TYPE_CHECKING:
    from ..storage.database import BackgroundCheck
    from ..workspace import Workspace
    from .main_window import MainWindow


def install_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own zh_CN catalogues, so standard dialogs and buttons speak Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName("xxh-desktop")
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("金寨县智慧城市管理服务中心")
    install_translations(app)
    app.setStyleSheet(STYLESHEET)
    app.setWindowIcon(QIcon(str(resource_path("icons", "xxh.png"))))
    return app


def first_start(ws: Workspace) -> bool:
    """Ask which side this machine is on; False if the user cancels."""
    from .dialogs.first_start import FirstStartDialog   # once per machine: not on every start

    dialog = FirstStartDialog(ws.units.names(), offer_demo=ws.projects.count() == 0)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    ws.settings.choose_side(dialog.role(), dialog.unit())
    from ..domain.fields import Side
    from ..exchange.signing import ensure_key

    ensure_key(ws)  # this machine's .xxh signing key (docs/xxh-format.md §3), made once at first start
    if dialog.load_demo():
        from ..demo import load_demo

        load_demo(ws)
    if dialog.role() == Side.UNIT:
        from .session import offer_local_account

        offer_local_account(ws)   # the office's administrator is asked for by Session.start
    return True


class QuickCheckWatch(QObject):
    """Tells what the start-up's quick check found as soon as it is known, while the event loop
    runs (the sign-in dialog waits for a person): the first write would tell it otherwise."""

    POLL_MS = 50

    def __init__(self, ws: Workspace, parent: QObject) -> None:
        super().__init__(parent)
        self.ws = ws
        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        database = self.ws.database
        if database.quick_check_finished:
            self.timer.stop()
            self.deleteLater()
            database.settle_quick_check()


@contextmanager
def styled_once(app: QApplication) -> Iterator[None]:
    """Widgets made while the application has its style sheet are styled again each time they
    move into a tab, a dock or a scroll area (Qt re-resolves the sheet for the whole subtree);
    the main window, made without it and styled once at the end, builds in about half the time.
    A window on screen meanwhile (the sign-in dialog the main window is built behind) is given
    the sheet itself, so that it keeps its look should it be painted."""
    sheet = app.styleSheet()
    shown = [w for w in app.topLevelWidgets() if w.isVisible() and not w.styleSheet()]
    for window in shown:
        window.setStyleSheet(sheet)
    app.setStyleSheet("")
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
        for window in shown:
            window.setStyleSheet("")


class HiddenWindow:
    """The main window built once, hidden, reading nothing but the settings — behind the sign-in
    dialog, while the person types or while the password is checked. It is shown, and the
    projects read, only once someone signed in."""

    def __init__(self, app: QApplication, ws: Workspace) -> None:
        self.app = app
        self.ws = ws
        self.window: MainWindow | None = None

    def build(self) -> MainWindow:
        if self.window is None:
            from .main_window import MainWindow

            with styled_once(self.app):
                self.window = MainWindow(self.ws, backup_on_close=True, load=False)
        return self.window

    def discard(self) -> None:
        if self.window is not None:
            self.window.deleteLater()


def warn_damaged(problems: list[str]) -> None:
    QMessageBox.warning(None, APP_TITLE, plain_message("数据库快速检查发现问题，请联系信息技术人员从备份恢复：\n"
                                                       + "\n".join(problems[:10])))


def shutdown(ws: Workspace, *, backed_up: bool = False) -> None:
    """Sign-out, quick check, backup (unless the window made it), close — the database is closed
    whatever happens."""
    if ws.closed:
        return
    try:
        from ..storage import backup

        ws.database.settle_quick_check()   # the start-up's check, if nothing has waited for it yet
        ws.sign_out()
        problems = ws.database.quick_check()
        if not problems and not backed_up:
            try:
                backup.automatic_backup(ws, "on-close")
            except (XxhError, sqlite3.Error, OSError) as exc:
                # Said, not swallowed: a clerk whose backups silently stopped would trust them anyway.
                full = "full" in str(exc).lower() or "磁盘空间不足" in str(exc)
                reason = "磁盘空间不足" if full else (describe_exception(exc) or str(exc)).removeprefix("备份未完成：")
                QMessageBox.warning(None, APP_TITLE, plain_message(f"关闭时的自动备份未能完成：{reason}\n"
                                                                   "已保存的数据都在数据库中，未受影响。请清理磁盘空间，或联系信息技术人员备份。"))
    finally:
        ws.close()


def error_hook(log: Path):
    """An excepthook for the window: a Chinese message box instead of a silent failure.

    Expected failures (a full disk, a locked database, a bad file) are said
    plainly; anything else is logged with its traceback for IT. Writes are
    transactions, so nothing saved is lost either way.
    """

    def hook(exc_type, exc, tb) -> None:
        message = describe_exception(exc)
        if message is None:
            message = report(exc.with_traceback(tb), log)
        QMessageBox.critical(QApplication.activeWindow(), APP_TITLE, plain_message(message))

    return hook


ALERT_AFTER_MS = 300


def server_name(db_path: Path) -> str:
    """The local socket the window holding `db_path` listens on: one per database file, whatever
    path names it (`paths.file_identity`)."""
    return "xxh-desktop-" + sm3_hex(file_identity(db_path).encode("utf-8"))[:24]


def allow_foreground(pid: int | None, user32: Any = None) -> bool:
    """Windows: let process `pid` (the running window) take the foreground; True if allowed.

    Windows gives the foreground only to the process the user just started —
    this second start, launched by a double-click in Explorer — and refuses
    SetForegroundWindow to every other (the first window would stay behind
    Explorer and only flash). AllowSetForegroundWindow passes that right on.
    ``user32`` is for tests.
    """
    if sys.platform != "win32" or not pid:
        return False
    import ctypes
    from ctypes import wintypes

    if user32 is None:
        user32 = ctypes.WinDLL("user32", use_last_error=True)
    function = user32.AllowSetForegroundWindow
    function.argtypes = [wintypes.DWORD]
    function.restype = wintypes.BOOL
    return bool(function(pid))


def lock_owner(lock: QLockFile) -> int | None:
    """The process id written in a lock file that another process holds."""
    info = lock.getLockInfo()
    pid = info[0] if isinstance(info, tuple) and info and isinstance(info[0], int) else None
    return pid or None


def hand_over(db_path: Path, file: str | None, wait_seconds: float = 3.0) -> bool:
    """Ask the running window for `db_path` to come forward (and open `file`); True if it answered.

    The first window listens from the moment it holds the lock; retrying for
    a few seconds covers the instant between its lock and its listening.
    """
    socket = QLocalSocket()
    deadline = time.monotonic() + wait_seconds
    while True:
        socket.connectToServer(server_name(db_path))
        if socket.waitForConnected(500):
            break
        socket.abort()
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    socket.write(str(Path(file).resolve() if file else "").encode("utf-8") + b"\n")
    socket.flush()
    delivered = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()
    return delivered


class HandOvers(QObject):
    """The running window's end of a second start: brings the window forward, opens the file.

    It listens as soon as this process holds the database's lock, so a file
    double-clicked during start-up (the first-start dialog, a slow disk) is
    not refused: it waits in `pending` and opens once the main window exists.
    """

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.window: MainWindow | None = None
        self.pending: list[Path] = []
        self.server = QLocalServer(self)
        # Only this user's own starts hand a file over (another account on the machine cannot
        # put an import preview in front of the clerk): the socket or pipe is the user's alone.
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(server_name(db_path))   # a stale name left by a crash
        self.server.listen(server_name(db_path))
        self.server.newConnection.connect(self._on_new_connection)

    def _on_new_connection(self) -> None:
        socket = self.server.nextPendingConnection()

        def on_ready_read() -> None:
            if not socket.canReadLine():
                return
            text = bytes(socket.readLine().data()).decode("utf-8").strip()
            socket.disconnectFromServer()
            self.received(Path(text) if text else None)

        socket.readyRead.connect(on_ready_read)
        on_ready_read()

    def received(self, file: Path | None) -> None:
        self.bring_forward()
        if file is None:
            return
        if self.window is None:
            self.pending.append(file)
        else:
            self.window.open_exchange_file(file)

    def bring_forward(self) -> None:
        """Raise what the user should see: the main window, or the dialog still open at start-up."""
        target = self.window or QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets() if w.isVisible()), None)
        if target is None:
            return
        if target.isMinimized():
            target.setWindowState(target.windowState() & ~Qt.WindowState.WindowMinimized)
        target.raise_()
        target.activateWindow()
        # Where Windows still refused the foreground, flash the taskbar button. Asked once the
        # activation has arrived: alert() flashes only a window that is still inactive.
        QTimer.singleShot(ALERT_AFTER_MS, target, lambda: QApplication.alert(target, 0))

    def attach(self, window: MainWindow, first: Path | None = None) -> None:
        """The main window is up: open the file it was started with, then any that waited."""
        self.window = window
        files, self.pending = ([first] if first else []) + self.pending, []

        def open_files() -> None:
            for file in files:
                window.open_exchange_file(file)

        if files:
            QTimer.singleShot(0, open_files)   # once the event loop runs: the window is painted behind the preview

    def close(self) -> None:
        self.server.close()


def main(argv: Sequence[str] | None = None, early: Early | None = None) -> int:
    """The window's start; `early`: what `early.prepare` found of `argv` before Qt was imported."""
    argv = list(sys.argv if argv is None else argv)
    early = early or prepare(argv[1:])
    try:
        return _start(argv, early)
    finally:
        if early.check is not None:
            early.check.stop()   # settled long ago when the window ran; a start that ended early reads no more


def _start(argv: list[str], early: Early) -> int:
    args, path = early.args, early.path
    if args.self_test is not None:
        from . import selftest

        selftest.prepare_environment()
        return selftest.run(create_application(argv), args.self_test or None)
    app = create_application(argv)
    try:
        self_test()
    except XxhError as exc:
        QMessageBox.critical(None, APP_TITLE, plain_message(str(exc)))
        return 1
    if early.refusal:
        QMessageBox.critical(None, APP_TITLE, plain_message(early.refusal))
        return 1
    notice = None if (args.db or args.data_dir or path.exists()) else roaming_fallback_notice()
    if notice:
        QMessageBox.information(None, APP_TITLE, plain_message(notice))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QMessageBox.critical(None, APP_TITLE, plain_message(f"无法创建数据文件夹：{describe_os_error(exc, path.parent)}"))
        return 1
    previous_hook = sys.excepthook
    sys.excepthook = error_hook(log_file(path))
    try:
        return _run(app, args, path, early.check)
    finally:
        sys.excepthook = previous_hook


def _run(app: QApplication, args: argparse.Namespace, path: Path, early_check: BackgroundCheck | None) -> int:
    # The file exists before it is locked: the lock is named by the file itself (device and
    # inode, volume and file index), so a hard link or another spelling meets the same lock.
    try:
        with path.open("xb"):
            pass
    except FileExistsError:
        pass
    except OSError as exc:
        QMessageBox.critical(None, APP_TITLE, plain_message(f"无法新建数据库文件：{describe_os_error(exc, path)}"))
        return 1
    lock_path = instance_lock_path(path)
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)
    if not lock.tryLock(200):
        if lock.error() != QLockFile.LockError.LockFailedError:
            # The lock file could not be made (a full disk, no permission): nobody else holds it.
            from ..fileio import write_problem

            why = write_problem(lock_path.parent) or f"锁文件错误 {lock.error().name}"
            QMessageBox.critical(None, APP_TITLE, plain_message(f"无法建立锁文件 {lock_path}：{why}\n"
                                                                "（锁文件保证同一数据库只在一个窗口中打开。）数据库本身没有改动。"))
            return 1
        # A double-clicked .xxh goes to the window that already has this database open.
        allow_foreground(lock_owner(lock))
        if hand_over(path, args.file):
            return 0
        QMessageBox.warning(None, APP_TITLE, plain_message(f"该数据库已在另一个窗口中打开：\n{path}\n\n请切换到已打开的窗口。"))
        return 1
    hand_overs = HandOvers(path)
    backed_up = False
    try:
        from ..workspace import Workspace   # the core, imported while the check reads the file

        try:
            ws = Workspace.open(path)
        except XxhError as exc:
            if early_check is not None:
                early_check.stop()   # no read of the file outlives the refusal
            QMessageBox.critical(None, APP_TITLE, plain_message(str(exc)))
            return 1
        try:
            # The quick check reads the whole file on a thread of its own, while the window is
            # imported and built and the password checked. What it finds is said as soon as it
            # is known while a dialog waits (the sign-in), and in any case before anything is
            # written — the sign-in's own record included (storage/database.py).
            ws.database.quick_check_in_background(warn_damaged, begun=early_check)
            QuickCheckWatch(ws, app)
            if ws.settings.side is None:
                ws.database.settle_quick_check()
                if not first_start(ws):
                    return 0
            from .session import Session

            file = Path(args.file) if args.file else None
            while True:
                hidden = HiddenWindow(app, ws)
                session = Session(ws)
                if not session.start(prepare=hidden.build):
                    hidden.discard()
                    return 0
                window = hidden.build()
                window.start_loading()
                session.attach(window)
                window.showMaximized()
                hand_overs.attach(window, file)
                code = app.exec()
                backed_up = window.close_backup_done
                if not window.restart_requested:
                    return code
                # After a restore: the same file, opened anew (and signed in to anew: its accounts may differ).
                hand_overs.window, file = None, None
                window.deleteLater()
                if not ws.closed:
                    ws.sign_out()
                    ws.close()
                ws = Workspace.open(path)
        except XxhError as exc:
            # Before the window runs: a value changed outside the program (`UnreadableValue`: the
            # side, an account, a setting) is said as the commands say it, never a traceback.
            QMessageBox.critical(None, APP_TITLE, plain_message(str(exc)))
            return 1
        finally:
            shutdown(ws, backed_up=backed_up)
    finally:
        hand_overs.close()
        lock.unlock()
