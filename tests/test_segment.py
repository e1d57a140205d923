"""Segmenter on the seed page against the gold annotation, offsets, and pages without structure."""

from __future__ import annotations

import re

import pytest

from summarizer.errors import InputError
from summarizer.segment import clean_headline, segment_page
from summarizer.text import squash

FIELDS = ("title", "kicker", "subtitle", "byline", "credit", "kind")
CJK = r"[\u4e00-\u9fff，。、；：！？“”（）《》]"


@pytest.fixture(scope="module")
def seed_articles(seed_text):
    return segment_page(seed_text, "seed.txt")


def test_seed_has_the_gold_articles_in_order(seed_articles, gold):
    assert len(seed_articles) == len(gold["articles"]) == 13
    for a, g in zip(seed_articles, gold["articles"], strict=True):
        for f in FIELDS:
            assert squash(getattr(a, f)) == squash(g[f]), (g["id"], f, getattr(a, f), g[f])


def test_seed_texts_start_and_end_like_gold(seed_articles, gold):
    for a, g in zip(seed_articles, gold["articles"], strict=True):
        text = squash(a.text)
        assert text.startswith(squash(g["first_chars"])), (g["id"], a.text[:40])
        assert text.endswith(squash(g["last_chars"])), (g["id"], a.text[-40:])


def test_paragraphs_are_rejoined_and_cleaned(seed_articles):
    for a in seed_articles:
        assert a.paragraphs
        for p in a.paragraphs:
            assert "\n" not in p and p == p.strip()
            # no stray space next to a Chinese character, none inside a number
            assert not re.search(rf"{CJK}\s|\s{CJK}", p), p
            assert not re.search(r"\d\s+\d", p), p
        # a paragraph ends a sentence (or the article ends without punctuation)
        for p in a.paragraphs[:-1]:
            assert re.search(r"[。！？…][”’」』）)]*$", p), p
    texts = " ".join(a.text for a in seed_articles)
    for figure in ("收集了147个", "630万元", "5.89万家", "26.19万人", "10月24日～26日"):
        assert figure in texts


def test_bylines_and_credits_are_not_left_in_the_text(seed_articles):
    for a in seed_articles:
        if a.byline:
            assert squash(a.byline) not in squash(a.text)
        if a.credit:
            assert squash(a.credit) not in squash(a.text)
        assert "本报讯" not in a.text and not a.text.endswith("摄")


def test_offsets_cover_each_article_in_order_without_overlap(seed_text, seed_articles):
    assert [a.index for a in seed_articles] == list(range(1, 14))
    prev_end = 0
    for a in seed_articles:
        assert prev_end <= a.start < a.end <= len(seed_text)
        span = squash(seed_text[a.start : a.end])
        for part in (a.title, a.kicker, a.subtitle, a.byline, a.credit, *a.paragraphs):
            assert squash(part) in span, (a.index, part)
        prev_end = a.end
    # everything between articles is whitespace: nothing of the page is lost
    cuts = [0] + [x for a in seed_articles for x in (a.start, a.end)] + [len(seed_text)]
    for lo, hi in zip(cuts[::2], cuts[1::2], strict=True):
        assert not seed_text[lo:hi].strip()


def test_crlf_and_cr_pages_segment_the_same_with_offsets_into_them(seed_text, seed_articles):
    for nl in ("\r\n", "\r"):
        page = seed_text.replace("\n", nl)
        arts = segment_page(page, "crlf.txt")
        assert [a.model_dump(exclude={"page", "start", "end"}) for a in arts] == [
            a.model_dump(exclude={"page", "start", "end"}) for a in seed_articles
        ]
        for a in arts:
            assert squash(a.title) in squash(page[a.start : a.end])


def test_titles_before_the_body_on_a_small_page():
    page = (
        "云南省首届云岭工匠论坛举办\n\n"
        "本报讯 （记者黄榆）近日，由云南省总工会主办，云南广\n"
        "播电视台、昭通市总工会承办的论坛在昭通举行。\n\n"
        "赛场秀“技”\n"
        "11月28日，重庆市万盛经开区举办首届制造业职工劳动\n"
        "和技能大赛。200 余名产业一线工人参加了技能比拼。\n"
        "本报通讯员 王泸州 摄\n"
    )
    arts = segment_page(page, "p.txt")
    assert [a.title for a in arts] == ["云南省首届云岭工匠论坛举办", "赛场秀“技”"]
    assert arts[0].byline == "本报讯 （记者黄榆）"
    assert arts[0].text.startswith("近日，由云南省总工会主办") and arts[0].text.endswith("在昭通举行。")
    assert arts[1].kind == "photo" and arts[1].credit == "本报通讯员 王泸州 摄"
    assert "200余名" in arts[1].text
    assert page[arts[1].start : arts[1].end].startswith("赛场秀")


def test_letter_spaced_headlines_are_closed_up_but_two_part_titles_keep_their_space():
    assert clean_headline("“ 工 BA”撬 动 百 万 善 款") == "“工BA”撬动百万善款"
    assert clean_headline("下基层办实事 维护百姓权益") == "下基层办实事 维护百姓权益"
    assert clean_headline("2023 年 工 作 报 告") == "2023年工作报告"


@pytest.mark.parametrize("page", ["", "   \n\n \t", "。。，，——\n…… ！", "123 456\n789", "\ufeff\u200b"])
def test_a_page_without_letters_is_an_input_error_naming_it(page):
    with pytest.raises(InputError, match="empty-ish.txt"):
        segment_page(page, "empty-ish.txt")


def test_a_few_words_become_one_article_titled_by_its_first_line():
    arts = segment_page("  hello world 你好\n\n  再见 ", "few.txt")
    assert len(arts) == 1
    assert arts[0].title == "hello world 你好"
    assert arts[0].text == "hello world你好再见"
    assert (arts[0].start, arts[0].end) == (2, len("  hello world 你好\n\n  再见"))


def test_prose_without_headlines_is_one_article_with_all_its_text():
    page = "第一段文字，没有标题。\n第二段也没有标题，\n只是接着写下去。\n"
    arts = segment_page(page, "prose.txt")
    assert len(arts) == 1
    assert arts[0].paragraphs == ["第一段文字，没有标题。", "第二段也没有标题，只是接着写下去。"]


def test_a_short_first_line_over_prose_becomes_its_title():
    page = "会议纪要\n\n今天上午召开了全体职工大会，会议听取了工会\n工作报告，审议通过了有关事项，并选举产生了新\n一届工会委员会委员。\n"
    arts = segment_page(page, "memo.txt")
    assert len(arts) == 1 and arts[0].title == "会议纪要"
    assert arts[0].text.startswith("今天上午") and arts[0].text.endswith("委员。")


def test_a_question_headline_pinned_by_a_credit_and_a_byline():
    page = (
        "本报讯 （记者黄榆）近日，论坛在昭通举行，工匠代表齐聚一\n"
        "堂，分享经验。\n"
        "（李宝平）\n"
        "论坛为何选在昭通？\n"
        "本报讯 （记者朱欣）日前，山东省总工会公布第六届“齐鲁工\n"
        "匠”名单，张峰榜上有名。\n"
        "山东龙口市总搭平台建阵地\n"
    )
    arts = segment_page(page, "q.txt")
    assert [a.title for a in arts] == ["论坛为何选在昭通？", "山东龙口市总搭平台建阵地"]
    assert arts[0].credit == "（李宝平）" and arts[0].text.endswith("分享经验。")
    assert arts[1].text.startswith("日前") and arts[1].text.endswith("榜上有名。")
