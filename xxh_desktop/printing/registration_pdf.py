"""单位登记单: the paper that vouches for the office's exchange key (PRODUCT.md §8).

The office hands a unit its registration file on a USB stick and this sheet,
stamped, in person. The unit's clerk compares the fingerprint printed here with
the one the import preview shows before the office's key is registered; after
that only that key speaks as 县智慧办 on the unit's machine. The sheet also
tells the unit where its own fingerprint will be: in the footer of every
附件1/附件2 it prints, which the office compares on its first package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Spacer

from . import fonts
from .facts import OFFICE, cn_date
from .paragraphs import SealBlock, Signatures, Title, build, cell, grid_table, paragraphs, style
from .style import MARGIN_LEFT, MARGIN_RIGHT, MM, TEXT_W, PdfOutput, SIHAO

TITLE = "政务信息化项目交换文件单位登记单"
MARGINS = (MARGIN_LEFT, MARGIN_RIGHT, 30 * MM, 25 * MM)


@dataclass(frozen=True)
class RegistrationDoc:
    unit: str
    office_fingerprint: str
    file_name: str
    file_sm3: str
    made_on: date


def render_registration(doc: RegistrationDoc, font_path: str | None = None, *, invariant: bool = False) -> PdfOutput:
    font = fonts.load_font(font_path)
    name = font.name
    warnings = fonts.coverage_warnings(font, {"单位名称": doc.unit, "文件名": doc.file_name})
    body = style(name, indent_chars=2)
    label = 36 * MM
    rows = [
        [cell("单位名称", name, "center"), cell(doc.unit, name)],
        [cell("县智慧办密钥指纹", name, "center"),
         paragraphs(doc.office_fingerprint, style(name, size=SIHAO, align="center"))],
        [cell("登记文件", name, "center"), cell(doc.file_name, name)],
        [cell("文件 SM3", name, "center"), cell(doc.file_sm3, name)],
        [cell("制作日期", name, "center"), cell(cn_date(doc.made_on), name)],
    ]
    story = [
        Title(TITLE, name, after=6 * MM),
        grid_table(rows, [label, TEXT_W - label]),
        Spacer(0, 5 * MM),
        *paragraphs(
            "请在本单位电脑上导入登记文件（「文件 → 导入交换文件」，或双击该文件）。导入预览会显示县智慧办的密钥指纹："
            "请与上表逐位核对，一致后勾选确认并登记。不一致时不要登记，并与县智慧办联系。", body),
        *paragraphs("登记后，本机只接收由此密钥签名的县智慧办交换文件。本单位打印的附件1、附件2页脚印有本单位的"
                    "密钥指纹，县智慧办收到本单位第一份交换文件时，将与盖章的纸质申报表核对。", body),
        Spacer(0, 10 * MM),
        Signatures(name, ("县智慧办经办人", "项目建设单位签收人")),
        Spacer(0, 6 * MM),
        SealBlock(name, f"{OFFICE}（盖章）", cn_date(doc.made_on)),
    ]
    data, pages = build(story, title=f"{TITLE} {doc.unit}", font_name=name, pagesize=A4, margins=MARGINS,
                        invariant=invariant)
    return PdfOutput(data, pages, tuple(warnings))
