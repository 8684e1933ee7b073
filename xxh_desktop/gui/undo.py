"""编辑 → 撤销上一步阶段移动: the stage moves made in this window, undone by a move back.

Nothing is erased: an undo is itself a move through `lifecycle.move_stage`,
with a written reason, audited and kept in the project's history like any
other — and refused when the rules refuse it (a department cannot take a
project out of the office's hands; the office cannot touch 草稿; a forward
undo passes the gates again and asks the event's date).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ..domain.stages import Stage

UNDO_REASON = "撤销上一步阶段移动（误操作）"
KEEP = 20


@dataclass(frozen=True)
class StageStep:
    project_id: str
    from_stage: Stage
    to_stage: Stage


class MoveHistory(QObject):
    """The last stage moves made here, newest last. `changed` when the list changes."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps: list[StageStep] = []
        self.undoing = False

    def record(self, project_id: str, from_stage: str, to_stage: str) -> None:
        if self.undoing:   # the undo's own move is not a step to undo again
            return
        self.steps.append(StageStep(project_id, Stage.parse(from_stage), Stage.parse(to_stage)))
        del self.steps[:-KEEP]
        self.changed.emit()

    def last(self) -> StageStep | None:
        return self.steps[-1] if self.steps else None

    def undo(self, move, current_stage, reason: str = UNDO_REASON) -> bool:
        """Move the last step's project back with `move(project_id, stage, reason=...)`.

        `current_stage(project_id)` reads where the project is now: a project moved
        since (by an import, by another window) is not moved back blindly.
        Returns whether the move back was made; the step is dropped once made.
        """
        step = self.last()
        if step is None:
            return False
        if current_stage(step.project_id) != step.to_stage:
            self.steps.pop()
            self.changed.emit()
            raise StaleStep(step)
        self.undoing = True
        try:
            moved = move(step.project_id, step.from_stage, reason=reason)
        finally:
            self.undoing = False
        if moved:
            self.steps.pop()
            self.changed.emit()
        return bool(moved)


class StaleStep(Exception):
    """The project is no longer where the step left it."""

    def __init__(self, step: StageStep) -> None:
        super().__init__(step)
        self.step = step
