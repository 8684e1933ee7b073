"""附件1 and 附件2 rules, each at its edge; every problem is reported at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xxh_desktop.domain.declaration import Declaration
from xxh_desktop.domain.form_data import (
    declaration_form_problems, declaration_from_form, declaration_to_form,
    procurement_form_problems, procurement_from_form, procurement_to_form,
)
from xxh_desktop.domain.procurement import Procurement, ProcurementItem
from xxh_desktop.domain.validation import content_length, format_period, validate_declaration, validate_procurement

from form_samples import good_declaration, good_procurement


def fields_of(problems: list) -> set[str]:
    return {p.field for p in problems}


def test_a_complete_declaration_is_valid() -> None:
    assert validate_declaration(good_declaration()) == []


def test_empty_declaration_reports_every_required_field_at_once() -> None:
    problems = validate_declaration(Declaration())
    assert {"applicant_unit", "declared_on", "leader", "contact", "phone", "email",
            "project_name", "start_month", "end_month", "investment", "content"} <= fields_of(problems)
    assert "dept_opinion" not in fields_of(problems)  # may be hand-written on paper
    assert all(isinstance(p.message, str) and p.message for p in problems)
    field, message = problems[0]  # a (field, message) pair
    assert field == "applicant_unit" and message == "请填写申请单位。"


def test_several_problems_come_together() -> None:
    problems = validate_declaration(good_declaration(phone="12345", email="nobody", end_month=date(2026, 12, 1)))
    assert {"phone", "email", "end_month"} <= fields_of(problems)


# ---- 建设年度

def test_start_month_after_end_month() -> None:
    problems = validate_declaration(good_declaration(start_month=date(2027, 2, 1), end_month=date(2027, 1, 1)))
    assert [p.field for p in problems] == ["end_month"]
    assert "2027年01月" in problems[0].message and "2027年02月" in problems[0].message


def test_same_start_and_end_month_is_fine() -> None:
    assert validate_declaration(good_declaration(start_month=date(2027, 3, 1), end_month=date(2027, 3, 1))) == []


def test_period_written_like_the_note() -> None:
    assert format_period(date(2027, 1, 1), date(2027, 12, 1)) == "2027年01月至2027年12月"
    assert format_period(None, date(2027, 12, 1)) == ""


# ---- money

def test_channels_off_by_the_smallest_step() -> None:
    problems = validate_declaration(good_declaration(fund_self=Decimal("19.4999")))
    assert [p.message for p in problems] == ["资金渠道合计 199.9999 万元 ≠ 投资额 200 万元。"]
    problems = validate_declaration(good_declaration(fund_self=Decimal("19.5001")))
    assert problems[0].message == "资金渠道合计 200.0001 万元 ≠ 投资额 200 万元。"


def test_message_names_both_figures() -> None:
    problems = validate_declaration(good_declaration(fund_self=None))
    assert problems[0].message == "资金渠道合计 180.5 万元 ≠ 投资额 200 万元。"


def test_blank_channels_count_zero_but_one_is_needed() -> None:
    decl = good_declaration(fund_fiscal=Decimal("200"), fund_self=None)
    assert validate_declaration(decl) == []
    decl = good_declaration(fund_fiscal=None, fund_self=None)
    assert fields_of(validate_declaration(decl)) == {"funds"}


def test_four_decimals_of_wan_allowed_five_refused() -> None:
    decl = good_declaration(investment=Decimal("200.0001"), fund_fiscal=Decimal("180.5001"))
    assert validate_declaration(decl) == []
    decl = good_declaration(investment=Decimal("200.00005"), fund_fiscal=Decimal("180.50005"))
    assert fields_of(validate_declaration(decl)) == {"investment", "fund_fiscal"}


def test_negative_and_zero_amounts() -> None:
    decl = good_declaration(fund_bank=Decimal("-1"), fund_fiscal=Decimal("181.5"))
    assert "fund_bank" in fields_of(validate_declaration(decl))
    decl = good_declaration(investment=Decimal(0), fund_fiscal=None, fund_self=Decimal(0))
    assert any(p.message == "投资额应大于0。" for p in validate_declaration(decl))


# ---- 项目实施依据及主要内容 (说明2: 200 字)

MIXED = "依据第8条，建设ABC平台（2027年）；"  # Chinese, Latin, digits, punctuation


def _text_of(n: int) -> str:
    return (MIXED * 20)[:n]


def test_content_200_characters_is_fine_201_is_not() -> None:
    assert content_length(_text_of(200)) == 200
    assert validate_declaration(good_declaration(content=_text_of(200))) == []
    problems = validate_declaration(good_declaration(content=_text_of(201)))
    assert fields_of(problems) == {"content"}
    assert "201 字" in problems[0].message and "说明2" in problems[0].message


def test_content_counted_after_trimming_and_without_line_breaks() -> None:
    text = "  \n" + _text_of(100) + "\n" + _text_of(100) + " \n\t"
    assert content_length(text) == 200
    assert validate_declaration(good_declaration(content=text)) == []


def test_every_character_counts_one() -> None:
    assert content_length("政务abc123，。!") == 11
    assert content_length("e\u0301") == 1  # composed: é is one character


# ---- phone and email

def test_phone_forms() -> None:
    for ok in ("0564-5012345", "05645012345", "010-12345678", "13905641234", "０５６４-５０１２３４５"):
        assert "phone" not in fields_of(validate_declaration(good_declaration(phone=ok))), ok
    for bad in ("5012345", "1390564123", "139056412345", "0564-50123", "电话", "23905641234"):
        assert "phone" in fields_of(validate_declaration(good_declaration(phone=bad))), bad


def test_email_forms() -> None:
    for ok in ("a@b.cn", "zhang.san@jinzhai.gov.cn"):
        assert validate_declaration(good_declaration(email=ok)) == []
    for bad in ("a@b", "ab.cn", "a b@c.cn", "a@@b.cn"):
        assert "email" in fields_of(validate_declaration(good_declaration(email=bad))), bad


# ---- forms as typed

def test_declaration_form_round_trip() -> None:
    decl = good_declaration(is_existing_system=True)
    again, problems = declaration_from_form(declaration_to_form(decl))
    assert problems == [] and again == decl


def test_typed_form_problems_name_the_field() -> None:
    form = declaration_to_form(good_declaration())
    form["investment"] = "二百"
    form["declared_on"] = "2026-13-40"
    problems = declaration_form_problems(form)
    assert fields_of(problems) >= {"investment", "declared_on"}
    assert any("“二百”" in p.message for p in problems)
    form = declaration_to_form(good_declaration())
    form["investment"] = "2,000"
    assert [p.message for p in declaration_form_problems(form)] == [
        "资金渠道合计 200 万元 ≠ 投资额 2,000 万元。"]


# ---- 附件2

def test_a_complete_procurement_is_valid() -> None:
    proc = good_procurement()
    assert proc.total == Decimal("16007.05")
    assert validate_procurement(proc) == []


def test_amount_is_exact_to_the_fen() -> None:
    item = ProcurementItem("鼠标", "有线", 3, Decimal("33.33"))
    assert item.amount == Decimal("99.99")
    proc = good_procurement(items=[ProcurementItem("鼠标", "有线", 3, Decimal("33.333"))],
                            fund_budget=Decimal("99.99"))
    assert "items[0].unit_price" in fields_of(validate_procurement(proc))


def test_funding_must_cover_the_total_exactly() -> None:
    proc = good_procurement(fund_budget=Decimal("16000"), fund_special=Decimal("7.04"))
    problems = validate_procurement(proc)
    assert [p.field for p in problems] == ["funds"]
    assert "16,007.04 元 ≠ 合计金额 16,007.05 元" in problems[0].message
    proc = good_procurement(fund_budget=Decimal("16000"), fund_special=Decimal("7"),
                            fund_other=Decimal("0.05"))
    assert validate_procurement(proc) == []
    proc = good_procurement(fund_budget=None)
    assert fields_of(validate_procurement(proc)) == {"funds"}


def test_procurement_rows_more_than_six_and_each_checked() -> None:
    items = [ProcurementItem(f"品目{i}", "型号", 1, Decimal("100")) for i in range(9)]
    items[7] = ProcurementItem("", "型号", 0, Decimal("100"))
    proc = good_procurement(items=items, fund_budget=Decimal("900"))
    problems = validate_procurement(proc)
    assert {"items[7].item", "items[7].quantity"} <= fields_of(problems)
    assert any(p.message.startswith("第8行") for p in problems)


def test_empty_procurement_problems() -> None:
    problems = validate_procurement(Procurement())
    assert {"applicant_unit", "filled_on", "reason", "handler", "handler_phone", "items"} <= fields_of(problems)


def test_procurement_form_round_trip_and_typed_errors() -> None:
    proc = good_procurement()
    again, problems = procurement_from_form(procurement_to_form(proc))
    assert problems == [] and again == proc
    form = procurement_to_form(proc)
    form["items"][1]["quantity"] = "两台"
    problems = procurement_form_problems(form)
    assert problems[0].field == "items[1].quantity"
    assert problems[0].message == "第2行：数量“两台”不是整数。"


# ---- review findings (edge cases a clerk hits)


def test_an_absurdly_long_amount_is_a_problem_not_a_crash() -> None:
    # A held-down key: 27 nines exceed Decimal's 28 digits once quantized to 0.0001.
    huge = "9" * 27 + ".5"
    form = declaration_to_form(good_declaration())
    form["investment"] = huge
    problems = declaration_form_problems(form)
    assert "investment" in fields_of(problems)
    assert any("过大" in p.message for p in problems if p.field == "investment")
    # The model built another way (an import) is judged, not crashed on, too.
    assert "investment" in fields_of(validate_declaration(good_declaration(investment=Decimal(huge))))
    # 附件2: a huge 数量 is refused when read, so 金额 and 合计 can always be computed.
    pform = procurement_to_form(good_procurement())
    pform["items"][0]["quantity"] = "9" * 30
    problems = procurement_form_problems(pform)
    assert "items[0].quantity" in fields_of(problems)
    proc, _ = procurement_from_form(pform)
    assert proc.total >= 0


def test_content_counts_what_a_person_sees_as_one_character() -> None:
    # 说明2 / PRODUCT.md §5.1: every character a person sees counts one —
    # an emoji with its variation selector, a family emoji, a flag, q + accent.
    assert content_length("✔️") == 1
    assert content_length("👨\u200d👩\u200d👧") == 1
    assert content_length("🇨🇳") == 1
    assert content_length("q\u0301") == 1
    assert content_length("政务\u3000平台") == 5  # a full-width space inside is a character
    assert content_length("第一行\r\n第二行") == 6


def test_common_ways_of_writing_a_phone_number_are_accepted() -> None:
    for ok in ("(0564)5012345", "（0564）5012345", "0564-5012345转8001", "0564-5012345-8001",
               "0564 5012345", "138-0564-1234", "138 0564 1234", "+86 13805641234", "19905641234",
               "16605641234"):
        assert "phone" not in fields_of(validate_declaration(good_declaration(phone=ok))), ok
    for bad in ("(0564", "0564)5012345", "+86 0564", "转8001", "138-0564-12345", "0564-5012345转"):
        assert "phone" in fields_of(validate_declaration(good_declaration(phone=bad))), bad
