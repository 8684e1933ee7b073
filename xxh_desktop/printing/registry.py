"""Which printable forms exist, and how each is made from the workspace.

`FORMS` maps the form's name (the CLI's ``--form`` choice, the GUI's menu
text) to a function ``(ws, key, font_path) -> PdfOutput``; ``key`` is a
project or procurement number (or UUID). Adding a document is one entry
here. The document modules are imported inside each function so that
building the CLI parser does not load reportlab.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import authority
from ..errors import XxhError
from ..storage.setting_domains import PDF_FONT

if TYPE_CHECKING:
    from ..workspace import Workspace
    from .style import PdfOutput


FormMaker = Callable[["Workspace", str, "str | None"], "PdfOutput"]


def _declaration(ws: Workspace, key: str, font_path: str | None) -> PdfOutput:
    from .declaration_pdf import declaration_doc, render_declaration

    doc = declaration_doc(ws, key)
    return render_declaration(doc.declaration, font_path, number=doc.number, footer=doc.footer)


def _procurement(ws: Workspace, key: str, font_path: str | None) -> PdfOutput:
    from .procurement_pdf import procurement_doc, render_procurement

    doc = procurement_doc(ws, key)
    return render_procurement(doc.procurement, font_path, number=doc.number, footer=doc.footer)


def _opinion(ws: Workspace, key: str, font_path: str | None) -> PdfOutput:
    from .opinion_pdf import opinion_doc, render_opinion

    return render_opinion(opinion_doc(ws, key), font_path)


def _final_checklist(ws: Workspace, key: str, font_path: str | None) -> PdfOutput:
    from .final_checklist_pdf import final_checklist_doc, render_final_checklist

    return render_final_checklist(final_checklist_doc(ws, key), font_path)


def _rectification(ws: Workspace, key: str, font_path: str | None) -> PdfOutput:
    from .rectification_pdf import rectification_doc, render_rectification

    return render_rectification(rectification_doc(ws, key), font_path)


# form name -> (maker, what NUMBER is). 附件1 takes a project number (JZ-…),
# 附件2 a procurement case number (CG-…).
FORMS: dict[str, tuple[FormMaker, str]] = {
    "附件1": (_declaration, "项目编号"),
    "附件2": (_procurement, "采购申报编号"),
    "审核意见": (_opinion, "项目编号"),        # 第十条 书面审核意见
    "终验清单": (_final_checklist, "项目编号"),  # 第十七条 终验材料清单
    "整改通知": (_rectification, "项目编号"),    # 第二十条 限期整改通知
}


def font_setting(ws: Workspace) -> str | None:
    """The workspace setting ``pdf_font_path`` (None when not chosen)."""
    value = ws.settings.get(PDF_FONT)
    return str(value) if value else None


def set_font_setting(ws: Workspace, path: str | None) -> None:
    """Choose the PDF font file (None = automatic); the file is checked first
    (TrueType, not CFF), so a bad choice is refused, not stored."""
    from .fonts import check_font_file

    if path:
        check_font_file(path)
    ws.settings.put(PDF_FONT, path or "", action="设置PDF字体")


def render_form(ws: Workspace, form: str, key: str) -> PdfOutput:
    """Make ``form`` for ``key`` with the workspace's chosen font (for a role that prints it)."""
    try:
        maker, _what = FORMS[form]
    except KeyError:
        raise XxhError(f"没有名为“{form}”的表单，可选：{'、'.join(FORMS)}。") from None
    authority.require_document(ws.actor, form)
    return maker(ws, key, font_setting(ws))


def pdf_target(ws: Workspace, out: str | Path) -> Path:
    """``out`` as where a PDF may be written (`Workspace.check_output`), ending in .pdf."""
    path = ws.check_output(out)
    if path.suffix.lower() != ".pdf":
        raise XxhError(f"PDF 文件名须以 .pdf 结尾：{path.name}")
    return path


def export_form(ws: Workspace, form: str, key: str, out: str | Path) -> PdfOutput:
    """Render and write atomically to ``out``; audited as an export."""
    target = pdf_target(ws, out)
    result = render_form(ws, form, key)
    path = result.write(target)
    ws.audit_log.append("导出PDF", key, after={"form": form, "file": str(path), "pages": result.pages})
    return result
