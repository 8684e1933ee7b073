"""The installed command, run as IT runs it: a fresh process, its password only if given."""

from __future__ import annotations

import os
import subprocess
import sys


def xxh(*args: str, password: str | None = None, new: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m xxh_desktop ARGS`; `password` and `new` as XXH_PASSWORD and XXH_NEW_PASSWORD
    (never inherited from the test's own environment), no terminal to type one into."""
    env = {k: v for k, v in os.environ.items() if k not in ("XXH_PASSWORD", "XXH_NEW_PASSWORD")}
    if password is not None:
        env["XXH_PASSWORD"] = password
    if new is not None:
        env["XXH_NEW_PASSWORD"] = new
    return subprocess.run([sys.executable, "-m", "xxh_desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, stdin=subprocess.DEVNULL)
