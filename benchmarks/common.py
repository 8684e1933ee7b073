"""What every benchmark script shares: the environment of a measured process, clocks, medians.

A measured child process runs as a deployed program does: headless (QT_QPA_PLATFORM=offscreen),
and from bytecode without source, as the installer ships it (PyInstaller's archive holds
``.pyc`` only): `install_program` writes that copy once before anything is timed.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def install_program(work: Path) -> Path:
    """The program as the installer ships it, in `work`/program: its package as bytecode alone,
    the resources beside it; every child process imports it from there (PYTHONPATH).

    Not the source tree: PySide6 reads the source of every module imported after it (looking
    for "PySide6", for its `__feature__` switches) — 170-odd modules of ours at start-up, some
    30 ms the installed program, which has no source to read, does not spend."""
    program = work / "program"
    shutil.rmtree(program, ignore_errors=True)
    package = program / "xxh_desktop"
    shutil.copytree(ROOT / "xxh_desktop", package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    compileall.compile_dir(str(package), quiet=1, legacy=True, workers=1)   # each .pyc where its .py was
    for source in package.rglob("*.py"):
        source.unlink()
    (program / "resources").symlink_to(ROOT / "resources", target_is_directory=True)
    compileall.compile_dir(str(HERE), quiet=1, workers=1)   # the benchmark's own scripts' imports
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(program), os.environ.get("PYTHONPATH"))))
    return program


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_process(cmd: Sequence[str], *, cwd: Path | None = None, timeout: float = 600,
                env: dict[str, str] | None = None) -> float:
    """Wall time of one whole process, from spawn to exit (it must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(list(cmd), cwd=cwd, env={**child_env(), **(env or {})}, capture_output=True,
                          timeout=timeout)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n"
                           f"{done.stderr.decode('utf-8', 'replace')[-2000:]}")
    return elapsed


def run_json(script: str, *args: str, timeout: float = 1800, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a benchmark script in its own process; it prints one JSON object as its last line."""
    done = subprocess.run([PYTHON, str(HERE / script), *args], env={**child_env(), **(env or {})},
                          capture_output=True, timeout=timeout)
    out = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or not out:
        raise RuntimeError(f"{script} {' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stderr.decode('utf-8', 'replace')[-3000:]}")
    return json.loads(out[-1])


def emit(result: dict[str, Any]) -> None:
    """A child script's answer: one JSON line on stdout."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def rss_mb() -> float | None:
    """This process's resident memory (Linux /proc; None elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def demo_account(role: str) -> tuple[str, str]:
    """(name, password) of the demo's account with `role` (业务录入, 审核, 系统管理, 审计)."""
    from xxh_desktop.demo_accounts import DEMO_ACCOUNTS

    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    return account.name, account.password


def sign_in_as(ws: Any, role: str) -> None:
    """On a county with the demo's accounts, sign in as its account of `role`: the core checks
    roles (printing and the ledger are 业务录入's, stage moves 审核's, registration 系统管理's)."""
    if ws.accounts.exist():
        name, password = demo_account(role)
        ws.sign_in(name, password, via="性能测试")


def copy_county(db: Path, folder: Path) -> Path:
    """A working copy of the database at `db` in `folder`, with what its data folder keeps beside it
    (the machine key its audit chain is keyed with, the chain's anchors): a file alone would not verify."""
    shutil.copytree(db.parent, folder, ignore=shutil.ignore_patterns("backups", "*.lock", "logs"))
    return folder / db.name
