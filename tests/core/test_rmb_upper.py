"""人民币大写 by 会计基础工作规范 第五十二条, each case derived from the rule it tests."""

from __future__ import annotations

import random
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxh_desktop.amounts import rmb_upper
from xxh_desktop.errors import XxhError

CASES = [
    # the examples of PRODUCT.md §5.2
    ("1010.05", "壹仟零壹拾元零伍分"),
    ("105000", "壹拾万伍仟元整"),
    ("0.05", "伍分"),
    # (三) 到元为止 → 整
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("20.00", "贰拾元整"),
    ("999", "玖佰玖拾玖元整"),
    ("5000", "伍仟元整"),
    # (三) 到角为止 → 整 after 角 (the banks' rule may omit it; 第五十二条 writes it)
    ("1.5", "壹元伍角整"),
    ("0.5", "伍角整"),
    ("0.50", "伍角整"),
    ("10.5", "壹拾元伍角整"),           # (五) 元位 0, 角 not 0: 零 may be left out
    ("700000.5", "柒拾万元伍角整"),
    # (三) 有分 → no 整
    ("0.56", "伍角陆分"),
    ("1.23", "壹元贰角叁分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    # 分 without 角: the 0 in 角 is written 零
    ("1.05", "壹元零伍分"),
    ("100.05", "壹佰元零伍分"),
    ("3.08", "叁元零捌分"),
    ("0.01", "壹分"),
    # (五) zeros between digits: one 零 for a run
    ("101", "壹佰零壹元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("1409.50", "壹仟肆佰零玖元伍角整"),
    # across the 万 boundary
    ("10000", "壹万元整"),
    ("10005", "壹万零伍元整"),
    ("100500", "壹拾万零伍佰元整"),
    ("100010", "壹拾万零壹拾元整"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),  # a zero absorbed by 万 takes no 零
    ("1004000.3", "壹佰万肆仟元叁角整"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("1050000", "壹佰零伍万元整"),
    # 亿 and more
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("1000010000", "壹拾亿零壹万元整"),
    ("2000003002", "贰拾亿零叁仟零贰元整"),     # a whole zero 万 group between 亿 and 仟
    ("1000000500", "壹拾亿零伍佰元整"),
    ("12345678901.23", "壹佰贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分"),
    ("1000000000000", "壹万亿元整"),
    ("9999999999999999.99",
     "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    # zero
    ("0", "零元整"),
    ("0.00", "零元整"),
    # input forms: Decimal, int, thousand separators
    (Decimal("1234.5"), "壹仟贰佰叁拾肆元伍角整"),
    (100, "壹佰元整"),
    ("12,345.60", "壹万贰仟叁佰肆拾伍元陆角整"),
]


@pytest.mark.parametrize(("amount", "expected"), CASES)
def test_rmb_upper(amount: object, expected: str) -> None:
    assert rmb_upper(amount) == expected  # type: ignore[arg-type]


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("bad", ["-1", "-0.01", Decimal("-5"), "abc", "两百", "", "1.005",
                                 "NaN", "Infinity", "1e16", "10000000000000000"])
def test_refused(bad: object) -> None:
    with pytest.raises(XxhError):
        rmb_upper(bad)  # type: ignore[arg-type]


def test_float_refused() -> None:
    with pytest.raises(XxhError):
        rmb_upper(1.5)  # type: ignore[arg-type]


def test_only_official_characters() -> None:
    allowed = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    rng = random.Random(7)
    for _ in range(2000):
        amount = Decimal(rng.randrange(0, 10**14)) / 100
        assert set(rmb_upper(amount)) <= allowed


def test_agrees_with_cn2an_where_cn2an_follows_the_rule() -> None:
    """cn2an's rmb mode is right except for 整 after 角 and a zero 万 group
    below 亿 (see amounts.rmb_upper); everywhere else the two agree."""
    rng = random.Random(52)
    checked = 0
    for _ in range(20000):
        digits = rng.randrange(1, 17)
        fen = int("".join(rng.choice("0000123459") for _ in range(digits)))
        yuan = fen // 100
        if yuan >= 10**8 and (yuan // 10**4) % 10**4 == 0 and yuan % 10**4:
            continue
        expected = cn2an.an2cn(str(Decimal(fen) / 100), "rmb")
        if expected.endswith("角"):
            expected += "整"
        assert rmb_upper(Decimal(fen) / 100) == expected
        checked += 1
    assert checked > 15000


DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_reads_back_to_the_same_amount_and_keeps_the_rules(fen_total: int) -> None:
    """Whatever the amount: the words read back to it (cn2an's reader), 整
    exactly when there are no 分 (第五十二条（三）), never two 零 together, and
    no 零 at the start or just before a unit word."""
    amount = Decimal(fen_total) / 100
    text = rmb_upper(amount)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    assert text.endswith("整") == (fen == 0)
    assert "零零" not in text and not (text.startswith("零") and fen_total)
    for unit in "元万亿角分":
        assert "零" + unit not in text or (text == "零元整" and unit == "元")
    if yuan:
        head, tail = text.split("元")
        assert cn2an.cn2an(head, "normal") == yuan
    else:
        tail = text if fen_total else ""
    tail = tail.removeprefix("零").removesuffix("整")
    read_jiao = DIGIT[tail[tail.index("角") - 1]] if "角" in tail else 0
    read_fen = DIGIT[tail[tail.index("分") - 1]] if "分" in tail else 0
    assert (read_jiao, read_fen) == (jiao, fen)
