"""Verbs jieba's tagger misses in context, and words its HMM makes across a line break (issue 10).
A title's verb tagged as a place name (新建), a preposition (用 before 上) or a noun (before 了)
must not glue the subtitle below to it; a word guessed across the break is no sign that the break
cuts one. Every line is invented (names and stories of our own, none from the eval items)."""

from __future__ import annotations

import pytest

from summarizer.segment.headline_model import hard_join
from summarizer.segment.headlines import has_predicate, headline_fields, one_title
from summarizer.segment.words import verbal, word_across


@pytest.mark.parametrize(
    "text",
    [
        "新建23个职工书屋",  # an adverb and a verb: "newly built" (tagged a place name)
        "用上新式扫地车",  # a verb and its complement (用 tagged a preposition)
        "圆了读书梦",  # a word before an aspect particle is a predicate (圆 tagged a noun)
        "带徒传艺",  # jieba's HMM word of a verb and its one-character object
        "关爱行动惠及骑手",  # a verb jieba's dictionary lists as a place name (惠及)
        "乡村快递网点普及",
    ],
)
def test_a_verb_the_tagger_misses_is_a_predicate(text: str) -> None:
    assert has_predicate(text)


@pytest.mark.parametrize("text", ["职工书屋", "户外劳动者驿站", "乡村客运站16个"])
def test_names_and_counts_are_no_predicate(text: str) -> None:
    assert not has_predicate(text)
    assert not any(verbal(text))


@pytest.mark.parametrize(
    ("title", "subtitle"),
    [
        ("宁远留守儿童圆了读书梦", "县教育局发放助学金65万元"),
        ("吉首环卫工人用上新式扫地车", "清扫效率提高三成"),
        ("沅陵新建乡村客运站16个", "方便山区群众出行"),
    ],
)
def test_a_title_with_a_mistagged_verb_keeps_its_subtitle(title: str, subtitle: str) -> None:
    """The verb is found, so the two lines are two phrases, never one title broken in two (whether
    the first is a kicker or the title above a subtitle is the learned reading's call: with no mark
    and no type size, both are printed)."""
    assert not one_title(title, subtitle)
    fields = headline_fields([title, subtitle])
    assert title + subtitle not in fields and {title, subtitle} <= set(fields)


def test_a_word_the_hmm_guesses_across_the_break_cuts_nothing() -> None:
    # "…读书梦|市教育局…": jieba's HMM reads 梦市, no word of its dictionary.
    assert not word_across("宁远留守儿童圆了读书梦", "市教育局发放助学金65万元")
    # a dictionary word across the break still cuts it
    assert word_across("长沙县新建工", "地食堂开餐")


def test_a_number_keeps_its_measure_word_whatever_the_tagger_reads_after_it() -> None:
    # "…27|个助餐站…": jieba reads 个助 as a verb, but 个 is the number's measure word.
    assert one_title("云溪区新开27", "个助餐站 老人吃上热饭")
    assert hard_join("云溪区新开27", "个助餐站 老人吃上热饭")


def test_a_modal_opens_a_phrase_only_before_a_verb() -> None:
    # "…电工技|能比武…": 能 before a noun is no modal but the end of 技能, a word across the break.
    assert word_across("市电工技", "能比武开赛")
    # before a verb it is the modal that opens the second line's phrase ("…电工|能参加…").
    assert not word_across("这批新技", "能参加评审")
    assert not word_across("社区食堂", "要扩大供餐")


def test_a_line_never_opens_on_a_complement() -> None:
    # "…吃|上了…": the complement finishes the verb above (and 上了 has a predicate of its own).
    assert one_title("在岗过年的环卫工吃", "上了热乎的团圆饭")


def test_the_word_a_count_counts_is_a_noun() -> None:
    # jieba tags 选手 a verb after "300名": a numeral and a nominal measure word stand before a noun.
    assert not any(verbal("300名选手同场竞技"))


@pytest.mark.parametrize(
    "first,second",
    [
        ("嘉兴新修步道15处", "南湖区居民出门就能健身"),  # a place name is no thing a count counts
        ("丽江新建停车场9处", "古城区游客停车不再难"),
    ],
)
def test_a_place_after_a_count_opens_a_subtitle(first: str, second: str) -> None:
    assert not one_title(first, second)
    assert headline_fields([first, second]) == ("", first, second)


@pytest.mark.parametrize(
    "first,second",
    [
        ("别让加班费成为", "打工人的“糊涂账”"),  # a noun phrase (…的“…”) is the verb's object
        ("临江区把就业", "服务送进了工业园"),  # 把 and its noun wait for their verb
        ("青山镇把培训", "课堂搬到了田间"),
    ],
)
def test_a_verb_or_disposal_left_open_runs_into_the_next_line(first: str, second: str) -> None:
    assert one_title(first, second)


def test_a_verb_the_dictionary_lists_as_a_place_is_tagged_a_verb() -> None:
    from summarizer.tokens import pos_tokens

    flags = {t.word: t.flag for t in pos_tokens("临江工会今年惠及职工三千人")}
    assert flags["惠及"] == "v"
    assert flags["临江"] == "ns"  # a place stays a place


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("平江金秋助学今年惠及", "960名困难家庭学生"),  # 惠及 never closes a clause without its object
        ("石门县返乡创业人数达到", "一万二千人"),
        ("沅陵扶贫车间用工总数位居", "全市第一"),
    ],
)
def test_a_verb_that_needs_its_object_runs_on_into_the_next_line(first: str, second: str) -> None:
    assert one_title(first, second)
    assert hard_join(first, second)
    assert headline_fields([first, second]) == ("", first + second, "")
