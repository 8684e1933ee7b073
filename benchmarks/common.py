"""What every benchmark script shares: the environment of a measured process, clocks, medians.

A measured child process runs as a deployed program does: from bytecode (the PyInstaller
bundle carries ``.pyc``; `compile_bytecode` writes it once before anything is timed, since
this machine sets PYTHONDONTWRITEBYTECODE), headless (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import compileall
import json
import os
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


def compile_bytecode() -> None:
    """Byte-compile the program and the benchmark scripts (what an installed program runs from)."""
    for folder in (ROOT / "xxh_desktop", HERE):
        compileall.compile_dir(str(folder), quiet=1, workers=1)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_process(cmd: Sequence[str], *, cwd: Path | None = None, timeout: float = 600) -> float:
    """Wall time of one whole process, from spawn to exit (it must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(list(cmd), cwd=cwd, env=child_env(), capture_output=True, timeout=timeout)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n"
                           f"{done.stderr.decode('utf-8', 'replace')[-2000:]}")
    return elapsed


def run_json(script: str, *args: str, timeout: float = 1800) -> dict[str, Any]:
    """Run a benchmark script in its own process; it prints one JSON object as its last line."""
    done = subprocess.run([PYTHON, str(HERE / script), *args], env=child_env(), capture_output=True,
                          timeout=timeout)
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
