"""PyInstaller entry point for the window (xxh-desktop.exe).

On Linux the bundle leaves OpenGL/EGL, the X connection and fontconfig's
configuration to the system. Without them Qt cannot even be imported and the
window would vanish with a loader error on a terminal nobody sees: say which
packages are missing, on stderr and in a desktop dialog when one can be shown.
"""

import shutil
import subprocess
import sys

from xxh_desktop.selftest import missing_libraries_message, missing_window_libraries


def say_missing(message: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(message + "\n")
    if "--self-test" in sys.argv[1:]:
        return   # the caller reads stderr; a dialog would wait for a click
    for tool in (["zenity", "--error", "--no-wrap", "--text"], ["kdialog", "--error"], ["xmessage"]):
        if shutil.which(tool[0]):
            subprocess.run([*tool, message], check=False)
            return


missing = missing_window_libraries()
if missing:
    say_missing(missing_libraries_message(missing))
    sys.exit(1)

from xxh_desktop.gui.launch import main  # noqa: E402 - after the check: importing Qt loads the libraries

sys.exit(main())
