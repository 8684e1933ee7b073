"""The unit register holds one spelling of each unit: a second one that differs only in spaces,
width or case would be a second unit, with its own projects and its own exchange key."""

from __future__ import annotations

import pytest

from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace


@pytest.mark.parametrize("alike", ["县 民政局", "县民政局 ", "县民政局\u3000", "县民\u200b政局", "ＡＢＣ县民政局", "abc县民政局"])
def test_a_second_spelling_of_a_registered_unit_is_refused(ws: Workspace, alike: str) -> None:
    ws.units.ensure("ABC县民政局" if "ＡＢＣ" in alike or "abc" in alike else "县民政局")
    before = ws.units.names()
    if alike.strip() == "县民政局":
        assert ws.units.ensure(alike) == ws.units.ids()["县民政局"]   # trimmed: the same name
        return
    with pytest.raises(XxhError, match="单位名录中已有「"):
        ws.units.ensure(alike)
    assert ws.units.names() == before


def test_a_different_unit_is_still_a_new_unit(ws: Workspace) -> None:
    ws.units.ensure("县民政局")
    ws.units.ensure("县民政局信息中心")
    assert {"县民政局", "县民政局信息中心"} <= set(ws.units.names())
