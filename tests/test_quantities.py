"""The one quantity scanner: what each number in a sentence is, read the same way by key figures and answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.figures import extract_figures, find_quantities
from summarizer.qa.spans import quantities
from summarizer.tokens import normalise


def _read(text: str) -> list[tuple[str, str, str, str]]:
    return [(q.span, q.unit, q.qualifier, q.kind) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("累计理赔金额近400万元。", [("近400万元", "万元", "近", "quantity")]),
        ("培训 350 余人次。", [("350余人次", "人次", "余", "quantity")]),
        ("筹得善款220多万元。", [("220多万元", "万元", "多", "quantity")]),
        ("参训率提高3.2个百分点。", [("3.2个百分点", "个百分点", "", "quantity")]),
        ("惠及职工 6 万。", [("6万", "万", "", "quantity")]),
        ("人数在50人以上。", [("50人", "人", "以上", "quantity")]),
        (
            "11月28日晚8时",
            [("11月", "月", "", "date"), ("28日", "日", "", "date"), ("8时", "时", "", "date")],
        ),
        ("2023年共有15人参加。", [("2023年", "年", "", "date"), ("15人", "人", "", "quantity")]),
        ("连续第2年举办。", [("2年", "年", "", "ordinal")]),
        ("刊登在3版。", [("3", "", "", "label")]),
        ("热线12345678。", [("12345678", "", "", "identifier")]),
        ("签约12家企业。", [("12家", "家", "", "quantity")]),
        ("200名职工参加。", [("200名", "名", "", "quantity")]),  # at the very start of a text
        ("获奖者达200", [("200", "", "", "number")]),  # at the very end
    ],
)
def test_quantities_are_read_with_unit_qualifier_and_kind(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert _read(text) == expected


def test_chinese_numerals_carry_confidence() -> None:
    found = {q.span: q for q in find_quantities("两部作品入选，近百万元用于助学，有一种回家的感觉。")}
    assert found["两部"].chinese and found["两部"].confident and found["两部"].number == 2
    assert found["近百万元"].unit == "万元" and found["近百万元"].value == 1_000_000
    assert not found["一种"].confident  # an indefinite article, not a count


def test_scaled_value_and_base_unit() -> None:
    (q,) = find_quantities("会员达26.19 万人")
    assert (q.number, q.value, q.unit, q.base_unit, q.scale) == (26.19, 261900, "万人", "人", "万")


def test_answer_spans_and_key_figures_come_from_the_same_scan() -> None:
    text = "本届联赛历时 2个月，共有 24支队伍、逾600名职工参赛，筹集善款 85.5 万元，增长了12.5%。"
    scanned = find_quantities(normalise(text))
    answer_spans = [q.span for q in quantities(text)]
    assert answer_spans == [q.span for q in scanned]
    assert answer_spans == ["2个月", "24支", "逾600名", "85.5万元", "12.5%"]
    figures = extract_figures(text)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [
        (2, "个月", ""),
        (24, "支", ""),
        (600, "名", "逾"),
        (85.5, "万元", ""),
        (12.5, "%", ""),
    ]


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=9999),
    unit=st.sampled_from(["名", "人次", "家", "万元", "个", "场次"]),
    pre=st.sampled_from(["", "近", "逾", "约"]),
)
def test_generated_quantities_read_back(n: int, unit: str, pre: str) -> None:
    text = f"今年以来共有{pre}{n}{unit}参加。"
    (q,) = [q for q in find_quantities(text) if q.kind == "quantity"]
    assert (q.number, q.unit, q.qualifier, q.span) == (n, unit, pre, f"{pre}{n}{unit}")
    assert text[q.start : q.end] == q.span
