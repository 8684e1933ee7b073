"""Targeted refresh: every view hears what each write changed, and redraws only that.

The core gathers what a transaction wrote into a `Changes` (project and 附件2
ids, and areas) and calls the workspace's listeners after each commit
(`ws.subscribe`). `ChangeHub` turns that into one Qt signal for the window's
views; an operation run on a worker thread (gui/ops.py) writes through its own
connection and hands its `Changes` to `publish`, so the views hear those too.
Each view looks at the areas it shows and redraws the projects named, or
reloads when a change is too wide to follow project by project.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..storage.changes import Area, Changes
from ..workspace import Workspace

# More changed projects than this (an import, the demo): one reload is quicker than redrawing each.
BULK = 300


class ChangeHub(QObject):
    """`changed(Changes)` after every committed write to `ws`, from any widget or operation."""

    changed = Signal(object)

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.last: Changes | None = None   # for tests and the status bar
        # The window's way to read everything again off the UI thread (many projects);
        # it returns False when a view should simply reload itself.
        self.reader: Callable[[], bool] | None = None

        def listener(changes: Changes) -> None:
            self.publish(changes)

        ws.subscribe(listener)
        # The listener goes with the hub: a closed window must not hear later writes.
        self.destroyed.connect(lambda *_: ws.unsubscribe(listener))
        self._listener = listener

    def read_all_in_background(self) -> bool:
        """Asked by a view facing a change too wide to follow: True if the window reads everything
        again on a worker thread (the view then waits for that read), False to reload in place."""
        return self.reader is not None and self.reader()

    def publish(self, changes: Changes) -> None:
        if changes:
            self.last = changes
            self.changed.emit(changes)

    def close(self) -> None:
        self.ws.unsubscribe(self._listener)


def is_wide(changes: Changes, *areas: Area) -> bool:
    """Whether `changes` is better met by a reload: one of `areas` (which affect every row),
    more projects than `BULK`, or project areas with no project named."""
    if areas and changes.touches(*areas):
        return True
    if len(changes.projects) > BULK:
        return True
    project_areas = (Area.PROJECT, Area.STAGE, Area.DECLARATION)
    return changes.touches(*project_areas) and not changes.projects
