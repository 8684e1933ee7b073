"""The two declaration form editors: 附件1 (`DeclarationEditor`) and 附件2 (`ProcurementEditor`)."""

from .declaration_editor import DeclarationEditor
from .procurement_editor import ProcurementEditor

__all__ = ["DeclarationEditor", "ProcurementEditor"]
