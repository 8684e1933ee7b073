"""The county's register of units (resources/units/county-units.json), offered at first start.

The clerk picks the machine's unit from it, or types one it lacks; the
workspace's own `units` table grows as units declare (`ws.units.names()`).
"""

from __future__ import annotations

import json
from functools import lru_cache

from .resources import resource_path


@lru_cache(maxsize=1)
def county_units() -> tuple[str, ...]:
    """The register's unit names: the county departments, then the towns, then the rest."""
    path = resource_path("units", "county-units.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()   # the names are a convenience: typing the unit's name still works
    return tuple(u["name"] for u in data.get("units", []) if isinstance(u, dict) and u.get("name"))


def unit_choices(known: list[str]) -> list[str]:
    """The register, then units this workspace knows that it lacks (each once)."""
    register = county_units()
    return [*register, *sorted(set(known) - set(register))]
