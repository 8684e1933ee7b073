"""The one exception type the core raises for a user's mistake or a bad file.

Its message is Chinese and says what is wrong and what to do; the CLI prints
it on stderr and exits non-zero, the GUI shows it in a message box.
"""


class XxhError(Exception):
    pass
