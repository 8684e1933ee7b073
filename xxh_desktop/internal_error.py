"""An error nobody foresaw: its traceback kept for IT, a Chinese message for the person.

The window's excepthook and the CLI both end here, so neither shows a traceback: a
person is told what failed and where the details are, and that nothing saved changed
(every write is one transaction, rolled back by the error).
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from . import __version__


def log_file(db_path: Path) -> Path:
    """Where the details go: beside the database, in its `logs` folder."""
    return Path(db_path).parent / "logs" / "errors.log"


def report(exc: BaseException, log: Path) -> str:
    """Write `exc` with its traceback to `log` (appended) and say it in Chinese."""
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')} xxh-desktop {__version__}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        where = f"详细信息已记录到 {log}。"
    except OSError:
        where = ""
    return (f"程序内部错误：{type(exc).__name__}: {exc}\n{where}\n"
            "本次操作未完成，之前保存的数据不受影响。请联系信息技术人员。")
