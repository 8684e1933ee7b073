"""The lifecycle of a project (PRODUCT.md §4), in three rooms.

`rules` — pure: the gates, side states and who may move, judged on a `Facts`
snapshot, every refusal naming its article. `facts` — the snapshot loaded from
the workspace, and the facts a clerk records between moves. `moves` — the
moves that persist, through the storage owners, in one transaction each.
"""

from __future__ import annotations

from ..domain.records import Asset
from ..domain.stages import SIDE_STATES, STAGES, SideState, Stage
from .facts import (
    EDITABLE_FACTS, GateMaterial, chronology_warnings, gate_materials, key_dates, load_facts, parse_year,
    set_existing_assets, update_facts,
)
from .moves import (
    MoveResult, accept_absent_material, clear_side_state, escalation_flags, move_stage, record_adjustment,
    request_adjustment, set_classified, set_side_state,
)
from .rules import BACKWARD_EVENT, EVENTS, Event, Facts, check_move, check_side_state, gate_refusals

__all__ = [
    "BACKWARD_EVENT", "EDITABLE_FACTS", "EVENTS", "SIDE_STATES", "STAGES", "Asset", "Event", "Facts",
    "GateMaterial", "MoveResult", "SideState", "Stage", "accept_absent_material", "check_move",
    "check_side_state", "chronology_warnings", "clear_side_state", "escalation_flags", "gate_materials",
    "gate_refusals", "key_dates", "load_facts", "move_stage", "parse_year", "record_adjustment",
    "request_adjustment", "set_classified", "set_existing_assets", "set_side_state", "update_facts",
]
