"""Named workspace settings and their defaults (values live in the settings table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .workspace import Workspace

ROLE_OFFICE = "县智慧办"
ROLE_UNIT = "项目建设单位"
OFFICE_NAME = "金寨县智慧城市管理服务中心"


def role(ws: Workspace) -> str | None:
    """This machine's side, chosen at first start; None until chosen."""
    return ws.get_setting("role")


def unit(ws: Workspace) -> str:
    return ws.get_setting("unit", "") or ""


def set_role(ws: Workspace, new_role: str, new_unit: str = "") -> None:
    if new_role not in (ROLE_OFFICE, ROLE_UNIT):
        raise ValueError(new_role)
    with ws.transaction():
        before = {"role": role(ws), "unit": unit(ws)}
        ws.set_setting("role", new_role)
        ws.set_setting("unit", new_unit.strip() if new_role == ROLE_UNIT else "")
        if new_role == ROLE_UNIT:
            ws.ensure_unit(new_unit)
        ws.audit("设置本机身份", before=before, after={"role": new_role, "unit": new_unit})
