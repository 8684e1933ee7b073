"""How much text each one-line field of 附件1 / 附件2 may hold: what its cell prints at 五号.

说明1 asks for 宋体五号 (10.5 pt) and nothing is printed smaller, so a
field may hold only what its cell holds at that size; the long multi-line
fields (附件1 项目实施依据及主要内容 — 说明2's 200 字 — and 项目主管部门意见;
附件2 购置依据或理由, 单位意见, 项目主管部门意见) have no limit here: they
continue on a 续页.

Limits count **columns** (`columns`): an ASCII letter, digit, space or sign
takes one, every other character (汉字, full-width signs) two — the width
each takes in a Song face (SimSun, AR PL UMing: Latin half an em, the rest
one em). Each was measured on the printed grid with the embedded face by
`printing.linebreak.capacity` (lines × (columns per line − 1) + 1, the widest
glyph 1.014 em; an amount, e-mail or phone on one line); a test re-measures
every one against the layout. Amount fields count the printed figure
(``1,234.5678``). Plain data, to be folded into the field catalogue.
"""

from __future__ import annotations

import unicodedata

# 附件1 (`Declaration` attribute → columns).
DECLARATION: dict[str, int] = {
    "applicant_unit": 57,  # 2 lines × 29 columns (cell 55.4 mm inside its padding)
    "leader": 57,          # 2 lines × 29 (55.4 mm)
    "contact": 53,         # 2 lines × 27 (51.4 mm)
    "phone": 29,           # 1 line × 29 (55.4 mm), as checked: NFKC, no spaces
    "email": 27,           # 1 line of 27 ASCII (51.4 mm); an address never wraps
    "project_name": 135,   # 2 lines × 68 (129.4 mm)
    "investment": 27,      # figure on 1 line of 27 (51.4 mm), （万元） below it if need be
    "fund_fiscal": 19,     # figure on 1 line of 19 (36.4 mm)
    "fund_self": 27,       # 51.4 mm
    "fund_bank": 19,       # 36.4 mm
    "fund_other": 27,      # 51.4 mm
}

# 附件2 (`Procurement` attribute → columns); ``total`` is the 合计 figure.
PROCUREMENT: dict[str, int] = {
    "applicant_unit": 81,  # 2 lines × 41 (219.6 pt after «申请单位名称：», beside the date)
    "handler_phone": 22,   # 1 line: «（电话：…）» under the 经办人 signature (118.7 pt)
    "fund_budget": 24,     # figure+元 on the line below its label (126.7 pt)
    "fund_special": 24,
    "fund_other": 24,
    "total": 13,           # 合计 figure: a 续页's 本页小计 stands in the 金额 column (24.4 mm)
}

# 附件2 item rows (`ProcurementItem` attribute → columns); two lines a cell.
PROCUREMENT_ITEM: dict[str, int] = {
    "item": 19,            # 2 lines × 10 (采购品目 19.4 mm)
    "spec": 53,            # 2 lines × 27 (规格型号 51.9 mm)
    "quantity": 5,         # 1 line of 5 digits (数量 10.4 mm)
    "unit_price": 11,      # figure on 1 line of 11 (单价 20.4 mm): below 1,000,000.00
    "amount": 13,          # figure on 1 line of 13 (金额 24.4 mm): below 100,000,000.00
}


def columns(text: str) -> int:
    """Printed width in columns: ASCII takes 1, any other character 2."""
    return sum(1 if " " <= ch <= "~" else 2 for ch in unicodedata.normalize("NFC", text))


def one_line(text: str) -> str:
    """A one-line field as printed: trimmed, any run of spaces or line breaks one space."""
    return " ".join(text.split())


def email_form(text: str) -> str:
    """An e-mail address as checked and printed (NFKC: «ｌｉ＠…» is «li@…»)."""
    return unicodedata.normalize("NFKC", text).strip()


def phone_form(text: str) -> str:
    """A phone number as checked and printed (NFKC, without spaces)."""
    return "".join(unicodedata.normalize("NFKC", text).split())
