"""``python -m xxh_desktop``: the command line (the window is ``xxh-desktop``)."""

import sys

from .cli import main

sys.exit(main())
