"""A material's file name is never one Windows opens a device for — the same rule as a .xxh member's."""

from __future__ import annotations

import pytest

from xxh_desktop.domain.filenames import filename_problem, is_device_name
from xxh_desktop.exchange.limits import DEFAULT_LIMITS
from xxh_desktop.exchange.safety import name_problem


@pytest.mark.parametrize("name", ["CON.pdf", "con.PDF", "nul.tar.pdf", "AUX .pdf", "COM¹.pdf", "lpt³.txt",
                                  "CONIN$.pdf", "conout$.docx", "CLOCK$.pdf", "PRN.zip"])
def test_a_device_name_is_refused_as_a_material_and_as_a_member(name: str) -> None:
    assert is_device_name(name)
    assert "设备名" in (filename_problem(name) or "")
    assert "设备名" in (name_problem(f"attachments/{name}", DEFAULT_LIMITS) or "")


@pytest.mark.parametrize("name", ["console.pdf", "COM10.pdf", "auxiliary.pdf", "建设方案 CON.pdf", "nul-report.pdf"])
def test_a_name_that_only_looks_like_one_is_a_name(name: str) -> None:
    assert not is_device_name(name)
    assert filename_problem(name) is None
