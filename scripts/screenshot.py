"""Save a picture of every window and dialog, each at the size it opens with.

    .venv/bin/python scripts/screenshot.py [--size 1366x768] [--scale 1.25] [--manual] OUTDIR

Runs offscreen on a screen of the given size less a 40-pixel taskbar (1366×768
→ 1366×728 available, the county laptop), optionally at a Windows-style
scaling (QT_SCALE_FACTOR). The stops are `xxh_desktop.gui.tour`'s: the main
window on each tab, the checklist and detail docks, both editors, the print
preview, the refusal list, help, first start, settings, the 回收站 and the rest. Each
file says whether the window fitted the screen (a list at the end).

`--manual` also writes the pictures the built-in manual shows
(resources/help/, 帮助 → 使用说明) and the README's (docs/screenshot.png).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

TASKBAR = 40
ROOT = Path(__file__).resolve().parent.parent
MANUAL_WIDTH = 820   # the manual's pictures, scaled to its page
MANUAL = {   # tour stop → picture in resources/help/
    "01-主窗口-首页": "home.png",
    "02-主窗口-看板": "board.png",
    "05-主窗口-审核清单": "checklist.png",
    "31-单位-采购申报（含草稿）": "drafts.png",
    "32-附件1-申报表编辑": "editor.png",
    "12-不能移动阶段": "refusal.png",
    "10-打印预览-附件1": "preview.png",
}
README_PICTURE = "06-主窗口-项目详情"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size", default="1366x768", help="屏幕大小（像素），如 1366x768")
    parser.add_argument("--scale", type=float, default=1.0, help="缩放比例，如 1.25、1.5")
    parser.add_argument("--manual", action="store_true", help="同时更新使用说明和 README 的截图")
    return parser.parse_args(argv)


def configure_screen(size: str, scale: float, folder: Path) -> None:
    """Before Qt starts: an offscreen screen of `size` less the taskbar, at `scale`."""
    width, height = (int(v) for v in size.lower().split("x"))
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width,
                                               "height": height - TASKBAR, "logicalDpi": 96,
                                               "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        configure_screen(args.size, args.scale, Path(tmp))
        from PySide6.QtCore import Qt

        from xxh_desktop.gui.app import create_application
        from xxh_desktop.gui.tour import fits, tour

        create_application(sys.argv[:1])
        overflow = []
        for stop in tour(Path(tmp)):
            path = args.outdir / f"{stop.name}.png"
            picture = stop.widget.grab()
            picture.save(str(path))
            if args.manual and stop.name in MANUAL:
                scaled = picture.scaledToWidth(min(MANUAL_WIDTH, picture.width()),
                                               Qt.TransformationMode.SmoothTransformation)
                scaled.save(str(ROOT / "resources" / "help" / MANUAL[stop.name]))
            if args.manual and stop.name == README_PICTURE:
                picture.save(str(ROOT / "docs" / "screenshot.png"))
            size = stop.widget.size()
            ok = fits(stop.widget)
            if not ok:
                overflow.append(stop.name)
            print(f"{path}  {size.width()}×{size.height()}{'' if ok else '  超出屏幕！'}")
    if overflow:
        print("超出屏幕的窗口：" + "、".join(overflow))
    return 1 if overflow else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
