"""PyInstaller runtime hook: the bundle leaves Pillow out (6 MB with its image libraries).

reportlab imports ``PIL.Image`` at start-up only to draw raster images, and
takes ``None`` for "no Pillow" (``haveImages = Image is not None``); openpyxl
drops images from a read workbook without it. No document of ours draws an
image, and tests/core/test_installer.py renders every form through this stub.
"""

import sys
import types

_pil = types.ModuleType("PIL")
_pil.Image = None
sys.modules.setdefault("PIL", _pil)
