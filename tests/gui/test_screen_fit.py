"""Every window and dialog fits a 1366×768 laptop (1366×728 above the taskbar), at 100 % and 125 %."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from xxh_desktop.gui.screen import FRAME, available, fit_to_screen

LAPTOP = (1366, 728)


def test_fit_to_screen_keeps_a_window_within_the_available_area(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    area = available(dialog)
    size = fit_to_screen(dialog, area.width() + 500, area.height() + 500)
    assert size.width() + FRAME.width() <= area.width() and size.height() + FRAME.height() <= area.height()
    assert dialog.x() >= area.left() and dialog.y() >= area.top()
    small = fit_to_screen(dialog, 300, 200)
    assert (small.width(), small.height()) == (300, 200)


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_every_window_and_dialog_fits_the_laptop_screen(tmp_path: Path, scale: str) -> None:
    """The tour (gui/tour.py) opens each window as the clerk would, on a screen of that size."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": LAPTOP[0],
                                               "height": LAPTOP[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
               XXH_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "xxh_desktop.gui.tour", "--check"], capture_output=True,
                          text=True, env=env, timeout=300)
    stops = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    names = {s["name"] for s in stops}
    assert {"01-主窗口-首页", "05-主窗口-审核清单", "10-打印预览-附件1", "21-首次使用", "32-附件1-申报表编辑",
            "33-附件2-采购申报表编辑", "16-使用说明", "17-管理办法原文", "23-账户管理", "25-审计日志"} <= names, \
        done.stderr[-3000:]
    expected = [round(LAPTOP[0] / float(scale)), round(LAPTOP[1] / float(scale))]
    assert all(abs(a - b) <= 1 for s in stops for a, b in zip(s["screen"], expected))
    too_big = [s for s in stops if not s["fits"]]
    assert too_big == [], too_big
    assert done.returncode == 0
