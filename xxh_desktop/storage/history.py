"""Owner of `stage_history`: every move and side-state change of a project, kept forever.

Entries are only ever added. A stage entry is added by the side that may make
that move (`authority.move_refusal`); a side-state entry by the office.
"""

from __future__ import annotations

from datetime import date

from .. import authority
from ..clock import now_iso
from ..domain.accounts import Role
from ..domain.fields import Side
from ..domain.records import StageMove
from ..domain.stages import Stage
from .changes import Area
from .owner import Owner, checked_note, to_date


def _move(row: dict[str, object]) -> StageMove:
    return StageMove(
        id=int(row["id"]), from_stage=Stage(row["from_stage"]) if row["from_stage"] else None,  # type: ignore[arg-type]
        to_stage=Stage(row["to_stage"]), side_state=row["side_state"] or None,  # type: ignore[arg-type]
        on_date=to_date(row["on_date"]), at=str(row["at"]), by=str(row["by"]),  # type: ignore[arg-type]
        reason=str(row["reason"]), event=str(row["event"]))


class History(Owner):
    table = "stage_history"

    def list(self, project_id: str) -> list[StageMove]:
        return [_move(r) for r in self.database.rows(
            "SELECT * FROM stage_history WHERE project_id = ? ORDER BY id", (project_id,))]

    def add(self, project_id: str, from_stage: Stage | None, to_stage: Stage, *, on: date, reason: str = "",
            event: str = "", side_state: str | None = None, by: str | None = None, at: str | None = None) -> None:
        """One entry. A move's entry is refused to a side that may not make the move;
        a side-state entry (same stage, `side_state` set) is the office's."""
        project = self.ws.projects.get(project_id)
        actor = self.actor
        if side_state is not None and from_stage == to_stage:
            authority.require_side(actor, Side.OFFICE, f"「{side_state}」的设置和解除", "第九条、第十条、第二十条",
                                   Role.REVIEW)
        elif from_stage is not None and from_stage != to_stage:
            why = authority.move_refusal(actor, from_stage, to_stage)
            if why:
                raise authority.NotPermitted(why + "。")
        else:
            authority.require_unit(actor, project.unit)
        checked_note("理由", reason)
        checked_note("事项", event, multiline=False)
        with self.database.transaction():
            self.insert_row("stage_history", {
                "project_id": project.id, "from_stage": from_stage.value if from_stage else None,
                "to_stage": to_stage.value, "side_state": side_state, "on_date": on.isoformat(),
                "at": at or now_iso(), "by": actor.who if by is None else by, "reason": reason, "event": event,
            })
            self.database.note(Area.STAGE, project=project.id)
