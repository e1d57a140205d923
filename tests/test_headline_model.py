"""The learned headline scorer (summarizer/segment/headline_model.py): its decisions on invented headline
groups, its features, and the shipped weights regenerating from evals/train_headlines.py."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from summarizer.segment import headline_model, headlines


def _model_fields(raw: list[str]) -> tuple[str, str, str]:
    lines = headlines._joined(raw)
    best = headline_model.rerank(tuple(lines), headlines._structures(lines))[0]
    return headlines.fields_of(lines, best[1], best[2])


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        # a kicker's mark leads into the title below it
        (["冬日送温暖——", "社区食堂为独居老人送餐上门"], ("冬日送温暖——", "社区食堂为独居老人送餐上门", "")),
        # a number is never broken: one title over two lines
        (["某县发放45", "00万元助学金"], ("", "某县发放4500万元助学金", "")),
        (["桥头镇8", "60户果农用上冷库"], ("", "桥头镇860户果农用上冷库", "")),
        # a phrase left open (a modifier closed by 的 waits for its noun)
        (["社区里的", "“小饭桌”"], ("", "社区里的“小饭桌”", "")),
        # a question word waits for the ？ below it: one title
        (["夜班司机能否", "吃上一口热饭？"], ("", "夜班司机能否吃上一口热饭？", "")),
        (
            ["“有了暖心驿站，歇脚不用愁了”", "滨江区总工会为户外劳动者建起驿站八十个三年服务十万人次"],
            ("", "“有了暖心驿站，歇脚不用愁了”", "滨江区总工会为户外劳动者建起驿站八十个三年服务十万人次"),
        ),
        # particulars set apart by a phrase gap: a subtitle (the hand rules join it to the title)
        (
            ["青山区夜市重新开张", "二十个摊位优先安排下岗职工 每晚客流过万"],
            ("", "青山区夜市重新开张", "二十个摊位优先安排下岗职工 每晚客流过万"),
        ),
    ],
)
def test_the_scorer_reads_invented_groups_right(raw: list[str], fields: tuple[str, str, str]) -> None:
    assert _model_fields(raw) == fields


@pytest.fixture
def learned() -> Iterator[None]:
    old = headlines.LEARNED_READINGS
    headlines.LEARNED_READINGS = True
    headlines._headline_fields.cache_clear()
    yield
    headlines.LEARNED_READINGS = old
    headlines._headline_fields.cache_clear()


def test_headline_fields_takes_the_scorers_reading_when_switched_on(learned: None) -> None:
    raw = ["青山区夜市重新开张", "二十个摊位优先安排下岗职工 每晚客流过万"]
    assert headlines.headline_fields(raw)[2] == raw[1]


def test_the_scorer_keeps_the_rules_kicker_in_its_mode() -> None:
    lines = ["春耕时节——", "农机手忙着检修拖拉机"]
    readings = headlines._structures(lines)
    ranked = headline_model.rerank(tuple(lines), readings)
    if headline_model.shipped()[1] == "kicker":
        assert {kn for _, kn, _ in ranked} == {readings[0][1]}
    assert ranked[0][1] == 1


def test_join_tests_are_one_titles_tests() -> None:
    tests = dict(headlines.join_tests("某县发放45", "00万元助学金"))
    assert tests["one_title"] is headlines.one_title("某县发放45", "00万元助学金")
    assert not dict(headlines.join_tests("看病不再跑远路", "西岭村卫生室配齐全科医生"))["one_title"]
    assert dict(headlines.join_tests("某县发放4500", "万元助学金"))["number_measure"]


def test_reading_features_put_each_line_under_its_role() -> None:
    lines = ("春耕时节——", "农机手忙着检修拖拉机", "全镇八百台农机下地")
    f = headline_model.reading_features(lines, 1, 1, 0.0)
    assert f["K:kicker_mark"] == 1.0 and "S:kicker_mark" not in f
    assert f["S:bias"] == 1.0 and not any(k.startswith("J:") for k in f)
    joined = headline_model.reading_features(lines, 1, 2, 0.0)
    assert joined["J:bias"] == 1.0 and "S:bias" not in joined


@pytest.mark.slow
def test_the_shipped_weights_regenerate_from_the_training_script() -> None:
    from summarizer.evals import train_headlines

    doc = json.loads(headline_model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    design = train_headlines.Design(train_headlines.build_groups())
    again = train_headlines.train_all(design, doc["method"], doc["split_boost"], doc["penalty"])
    assert again["groups"] == doc["groups"]
    assert again["weights"].keys() == doc["weights"].keys()
    for k, v in doc["weights"].items():
        assert again["weights"][k] == pytest.approx(v, abs=1e-5)


def test_a_fact_of_the_language_joins_two_lines_whatever_the_weights() -> None:
    """A dictionary word or an open question across the break makes two lines one field; a
    kicker's closing mark ends its line, whatever follows."""
    assert headline_model.hard_join("社区食堂为独居老", "人送餐上门")  # 老人 runs across the break
    assert headline_model.hard_join("夜班司机能否", "吃上一口热饭？")  # the question word waits for ？
    assert not headline_model.hard_join("冬日送温暖——", "社区食堂为独居老人送餐上门")
    assert not headline_model.hard_join("看病不再跑远路", "西岭村卫生室配齐全科医生")


def test_the_joins_mode_drops_readings_that_split_a_joined_pair() -> None:
    lines = ("夜班司机能否", "吃上一口热饭？")
    readings = headlines._structures(list(lines))
    kept = headline_model.allowed(lines, readings, "joins")
    assert kept and all(tn == 2 for _, _, tn in kept)  # only the one title over both lines
    assert len(headline_model.allowed(lines, readings, "free")) == len(readings) > len(kept)


@pytest.mark.parametrize(
    "first, second",
    [("青禾举办第七届", "矿山救护技能竞赛"), ("青禾开办首届", "职工子女书法班"), ("青禾第3期", "家政培训班结业")],
)
def test_an_ordinal_at_the_break_joins_the_lines(first: str, second: str) -> None:
    """An ordinal with its measure word (第七届, 首届, 第3期) modifies the noun after it and ends no
    phrase: a line ending on one is the first half of a split title, never a title above a subtitle."""
    assert headline_model.hard_join(first, second)
    assert not headline_model.hard_join("青禾举办职工技能竞赛", "矿山救护赛项首次亮相")


def test_a_pivot_verb_at_the_break_joins_the_lines() -> None:
    """让 / 使 / 令 / 叫 take the one made to act right after them: a line ending on one (别让, 不让)
    goes on below."""
    assert headline_model.hard_join("安全培训别让", "“签到”代替“学到”")
    assert headline_model.hard_join("青禾工会让", "外卖骑手歇脚有去处")
