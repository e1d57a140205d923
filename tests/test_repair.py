"""Deterministic repairs: what a rule can fix from the article itself, and what it must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.grounding import check_figure, figure_problems
from summarizer.repair import repair_answer, repair_figure, snap_quote, strip_markdown
from summarizer.schemas import NOT_FOUND, Answer, Citation, KeyFigure, Passage

ARTICLE = (
    "乌鲁木齐市总工会开展专项培训350余人次，累计理赔金额近400万元。"
    "本次活动现场集中签约12家，投入资金630 万元，大赛共吸引5.89万名职工参与。"
    "经过3轮评比，最终精选出17部作品。"
)


def fig(value: float, unit: str, quote: str, qualifier: str = "", about: str = "作品") -> KeyFigure:
    return KeyFigure(value=value, unit=unit, about=about, quote=quote, qualifier=qualifier)


@pytest.mark.parametrize(
    ("given_", "qualifier"),
    [
        (fig(350, "人次", "乌鲁木齐市总工会开展专项培训350余人次"), "余"),
        (fig(400, "万元", "累计理赔金额近400万元"), "近"),
        (fig(400, "万元", "累计理赔金额近400万元", qualifier="逾"), "近"),  # the quote decides
        (fig(12, "家", "本次活动现场集中签约12家", qualifier="约"), ""),  # 签约 prints no 约
        (fig(400, "万元", "累计理赔金额近400万元", qualifier="将近"), "近"),
    ],
)
def test_the_qualifier_is_read_from_the_quote(given_: KeyFigure, qualifier: str) -> None:
    assert check_figure(given_, ARTICLE) is not None or given_.qualifier == "将近"
    fixed, done = repair_figure(given_, ARTICLE)
    assert fixed.qualifier == qualifier and check_figure(fixed, ARTICLE) is None
    assert fixed.value == given_.value and fixed.quote == given_.quote


def test_no_qualifier_is_demanded_for_signing_twelve() -> None:
    f = fig(12, "家", "本次活动现场集中签约12家")
    assert check_figure(f, ARTICLE) is None
    assert repair_figure(f, ARTICLE) == (f, {})


@pytest.mark.parametrize(
    ("given_", "value", "unit"),
    [
        (fig(6300000, "元", "投入资金630 万元"), 630, "万元"),  # scaled: written as printed
        (fig(630, "元", "投入资金630 万元"), 630, "万元"),  # 万 left out of the unit
        (fig(58900, "名", "大赛共吸引5.89万名职工参与"), 5.89, "万名"),
        (fig(630, "", "投入资金630 万元"), 630, "万元"),  # no unit given
    ],
)
def test_value_and_unit_are_written_as_printed(given_: KeyFigure, value: float, unit: str) -> None:
    fixed, done = repair_figure(given_, ARTICLE)
    assert (fixed.value, fixed.unit) == (value, unit) and done["value/unit"] == 1
    assert check_figure(fixed, ARTICLE) is None
    assert fixed.display() == ("630万元" if value == 630 else "5.89万名")


@pytest.mark.parametrize(
    "wrong",
    [
        fig(6300, "万元", "投入资金630 万元"),  # another number: only the model can say which
        fig(630, "人", "投入资金630 万元"),  # another unit
        fig(200, "个", "各级工会收集了200个参赛作品"),  # a quote of nothing in the article
    ],
)
def test_what_needs_the_model_is_left_alone(wrong: KeyFigure) -> None:
    fixed, done = repair_figure(wrong, ARTICLE)
    assert (fixed.value, fixed.unit, fixed.quote) == (wrong.value, wrong.unit, wrong.quote)
    assert check_figure(fixed, ARTICLE) is not None


def test_a_near_verbatim_quote_is_snapped_to_its_clause() -> None:
    f = fig(17, "部", "最终精选出17部优秀作品")
    fixed, done = repair_figure(f, ARTICLE)
    assert fixed.quote == "最终精选出17部作品" and done["quote"] == 1
    assert check_figure(fixed, ARTICLE) is None
    # the clause must state the figure's number: a near copy with another number is not snapped
    assert repair_figure(fig(18, "部", "最终精选出18部优秀作品"), ARTICLE)[1] == {}


def test_snapping_refuses_a_tie_and_a_rewording() -> None:
    source = "甲厂投入资金30万元。乙厂投入资金30万元。"
    assert snap_quote("丙厂投入资金30万元", source) is None  # two clauses equally close
    assert snap_quote("资金方面共计投入了30万元左右", "某厂投入资金30万元。") is None


def test_markdown_the_source_does_not_print_is_removed() -> None:
    assert strip_markdown("**大赛**共收集147个作品", ARTICLE) == ("大赛共收集147个作品", 1)
    assert strip_markdown("- 大赛共收集147个作品", ARTICLE) == ("大赛共收集147个作品", 1)
    assert strip_markdown("大赛共收集147个作品", ARTICLE) == ("大赛共收集147个作品", 0)


def test_a_refusal_shows_the_one_not_found_text() -> None:
    p = Passage(page="p1", article_index=1, title="t", text=ARTICLE)
    a = Answer(answer="材料中没有提到这一点，但估计有500人。", answerable=False, citations=[])
    fixed, done = repair_answer(a, [p])
    assert fixed == Answer(answer=NOT_FOUND, answerable=False, citations=[]) and done["not_found"] == 1
    cited = Answer(
        answer="签约12家。",
        answerable=True,
        citations=[Citation(page="p1", article_index=1, title="t", quote="本次活动现场集中签约12家企业")],
    )
    fixed, done = repair_answer(cited, [p])
    assert fixed.citations[0].quote == "本次活动现场集中签约12家" and done["quote"] == 1


def test_about_with_an_ungrounded_number_is_a_problem_not_a_silent_drop() -> None:
    f = fig(147, "个", "投入资金630 万元", about="2024年参赛作品")
    assert any("2024" in p and "about" in p for p in figure_problems(f, ARTICLE))


_QUALIFIERS = ["", "近", "逾", "约"]
_POST = ["", "余", "多"]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 99999),
    st.sampled_from(_QUALIFIERS),
    st.sampled_from(_POST),
    st.sampled_from(["人", "家", "元", "万元", "万人"]),
    st.booleans(),
    st.sampled_from(["", "近", "余", "约", "多"]),
)
def test_a_repaired_figure_states_exactly_what_is_printed(
    n: int, pre: str, post: str, unit: str, scaled: bool, claimed_q: str
) -> None:
    """Whatever qualifier the model claims and whether it scales 万, a figure with the right number
    comes out of repair as the article prints it — and the repair never invents a number."""
    if pre and post:
        post = ""
    scale, base = (unit[0], unit[1:]) if unit.startswith("万") else ("", unit)
    printed = f"{pre}{n}{post}{unit}" if not scale else f"{pre}{n}{scale}{post}{base}"
    text = f"今年共计{printed}参加。"
    quote = f"今年共计{printed}参加"
    value, claimed_unit = (n * 10000, base) if scaled and scale else (n, unit)
    f = fig(value, claimed_unit, quote, qualifier=claimed_q)
    fixed, _ = repair_figure(f, text)
    assert check_figure(fixed, text) is None
    assert (fixed.value, fixed.unit) == (n, unit)
    assert fixed.qualifier == (pre or post)
