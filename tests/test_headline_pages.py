"""The headline-group files and the tool that lays them into pages (summarizer.evals.headline_pages)."""

from __future__ import annotations

import pytest
from summarizer.evals import headline_pages


@pytest.mark.parametrize(
    "name", ["dev_h", "dev_m", "dev_n", "dev_o", "dev_p", "dev_w", "dev_x", "dev_y", "dev_z"]
)
def test_group_files_are_well_formed(name: str) -> None:
    groups = headline_pages.load_groups(name)
    assert len(groups) >= 200 and len({g["id"] for g in groups}) == len(groups)
    for g in groups:
        assert set(g) == {"id", "kicker", "title", "subtitle", "lead"}
        assert g["title"].strip() and g["lead"].strip()
    assert sum(bool(g["kicker"]) for g in groups) >= 40  # the class the news items hold too few of


def test_parity_keeps_one_half_of_the_ids() -> None:
    odd = headline_pages.load_groups("dev_m", parity=1)
    even = headline_pages.load_groups("dev_m", parity=0)
    assert odd and even and all(int(g["id"][1:]) % 2 == 1 for g in odd)
    assert len(odd) + len(even) == len(headline_pages.load_groups("dev_m"))


def test_a_group_becomes_a_one_paragraph_item_with_its_headline() -> None:
    group = {
        "id": "z001",
        "kicker": "寒冬送暖：",
        "title": "某市发放棉衣九百件",
        "subtitle": "——环卫工人领到",
        "lead": "某市近日发放棉衣",
    }
    item = headline_pages.as_item(group, "2024-01-02")
    assert (item["kicker"], item["title"], item["subtitle"]) == (
        "寒冬送暖：",
        "某市发放棉衣九百件",
        "环卫工人领到",
    )
    assert item["paragraphs"] == ["某市近日发放棉衣。"]  # a paragraph ends on sentence punctuation


def test_pages_hold_every_group_once_per_pass_and_score_the_headline_fields() -> None:
    pages = headline_pages.build(["dev_m"], passes=1, tag="test")
    titles = sorted(a["title"] for p in pages for a in p["articles"])
    assert titles == sorted(g["title"].strip() for g in headline_pages.load_groups("dev_m"))
    rows = headline_pages.headline_scores(pages[:3])
    assert rows["all"]["articles"] == sum(len(p["articles"]) for p in pages[:3])
    assert 0.0 <= rows["all"]["title_exact"] <= 1.0


def test_a_writers_dateline_is_taken_off_the_lead() -> None:
    """The renderer lays bylines of its own: a lead that opens with one would hold two."""
    for lead, body in [
        ("本报讯（记者 甲乙 通讯员 丙丁）近日，某县开课。", "近日，某县开课。"),
        ("新华社某地3月1日电（记者 戊己）某县开课。", "某县开课。"),
        ("本报记者 庚辛 某县开课。", "某县开课。"),
        ("国网某县供电公司开课。", "国网某县供电公司开课。"),  # 电 of a company's name is no dateline
    ]:
        group = {"id": "z002", "kicker": "", "title": "某县开课", "subtitle": "", "lead": lead}
        assert headline_pages.as_item(group, "2024-01-02")["paragraphs"] == [body]
