"""The two declaration form editors: 附件1 (`DeclarationEditor`) and 附件2 (`ProcurementEditor`).

Imported when first used (PEP 562), so the main window starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .declaration_editor import DeclarationEditor
    from .procurement_editor import ProcurementEditor

__all__ = ["DeclarationEditor", "ProcurementEditor"]


def __getattr__(name: str):
    if name == "DeclarationEditor":
        from .declaration_editor import DeclarationEditor

        return DeclarationEditor
    if name == "ProcurementEditor":
        from .procurement_editor import ProcurementEditor

        return ProcurementEditor
    raise AttributeError(name)
