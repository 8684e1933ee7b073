"""The frozen-bundle tests run PyInstaller (about 1½ minutes, and PyInstaller installed):
collected only when XXH_FROZEN_TESTS=1, e.g.

    .venv/bin/pip install pyinstaller
    XXH_FROZEN_TESTS=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/frozen -q
"""

import os

collect_ignore_glob = [] if os.environ.get("XXH_FROZEN_TESTS") == "1" else ["test_*.py"]
