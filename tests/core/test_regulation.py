"""Article text lookup from the bundled regulation file."""

from __future__ import annotations

import pytest

from xxh_desktop import regulation
from xxh_desktop.checklist import ITEMS
from xxh_desktop.errors import XxhError


def test_all_twenty_four_articles_are_found_including_the_misprinted_eighteenth():
    arts = regulation.articles()
    assert sorted(arts) == list(range(1, 25))
    assert arts[18][0].startswith("项目建设单位须在项目通过终验并投入运行后6个月内")
    assert regulation.article_text("第二十四条").startswith("第二十四条　本办法自发布之日起施行")
    assert "附件" not in regulation.article_text("第二十四条")


def test_paragraph_and_item():
    assert regulation.article_text("第八条第三款").startswith("除法律、法规、规章另有规定的以外")
    assert regulation.article_text("第八条第二款").startswith("已建成并投入使用的")
    assert regulation.article_text("第九条（三）") == "（三）是否符合技术可行性、信息安全性、经济合理性等；"
    whole = regulation.article_text("第九条")
    assert whole.count("\n") == 4 and "（四）" in whole


def test_every_checklist_item_cites_an_existing_text():
    for item in ITEMS:
        assert len(regulation.article_text(item.article)) > 10


@pytest.mark.parametrize("ref", ["第八条第九款", "第九条（九）", "第三十条", "八条"])
def test_bad_references_are_refused(ref):
    with pytest.raises(XxhError):
        regulation.article_text(ref)


def test_cn_numbers_round_trip():
    for n in range(1, 100):
        assert regulation.parse_cn_number(regulation.cn_number(n)) == n
    assert regulation.cn_number(21) == "二十一"
