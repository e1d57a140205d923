"""Offline extractive summaries: shape limits, sentences copied from the article, grounded numbers,
determinism, clause cuts that never split a number, and TextRank itself on a graph with a known centre."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.engines.extractive import cut_at_clause, summarize_article, textrank
from summarizer.schemas import Article, ArticleSummary
from summarizer.text import (
    CN_NUMBER_RE,
    find_numbers,
    fold,
    parse_cn_number,
    split_sentences,
    ungrounded_numbers,
)


def _squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def seed_articles(seed_text: str, seed_path, gold: dict) -> list[Article]:
    """The seed's articles as the segmenter cuts them."""
    from summarizer.segment import segment_page

    return segment_page(seed_text, seed_path.name)


@pytest.fixture(scope="module")
def seed_summaries(seed_articles: list[Article]) -> list[ArticleSummary]:
    return [summarize_article(a) for a in seed_articles]


def _pieces(summary: str) -> list[str]:
    """Summary sentences with a cut's added full stop or ellipsis taken off."""
    return [s.rstrip("。…") or s for s in split_sentences(summary)]


def test_shape_limits(seed_articles, seed_summaries) -> None:
    assert len(seed_summaries) == len(seed_articles) >= 13
    for a, s in zip(seed_articles, seed_summaries, strict=True):
        assert 0 < len(s.summary) <= 150, a.title
        assert 1 <= len(s.key_points) <= 5
        assert len({fold(p) for p in s.key_points}) == len(s.key_points), "key points repeat"
        assert all(10 <= len(p) <= 70 for p in s.key_points), s.key_points  # no "某某表示。" fragments
        assert len(split_sentences(s.summary)) <= 3
        assert s.topic


def test_summary_and_points_are_copied_from_the_article(seed_articles, seed_summaries) -> None:
    for a, s in zip(seed_articles, seed_summaries, strict=True):
        body = fold(a.text)
        for piece in _pieces(s.summary) + [p.rstrip("。…") for p in s.key_points]:
            assert fold(piece) in body, (a.title, piece)


def test_every_number_is_grounded(seed_articles, seed_summaries) -> None:
    for a, s in zip(seed_articles, seed_summaries, strict=True):
        assert ungrounded_numbers(s.summary, a.text) == [], a.title
        for p in s.key_points:
            assert ungrounded_numbers(p, a.text) == [], (a.title, p)
        for f in s.key_figures:
            assert f.quote in a.text
            printed = {n.number for n in find_numbers(f.quote)}
            for m in CN_NUMBER_RE.findall(f.quote):  # 两年, 近百万元 (value 100, unit 万元)
                printed |= {
                    v
                    for v in (parse_cn_number(m), parse_cn_number(m[:-1]) if len(m) > 1 else None)
                    if v is not None
                }
            assert f.value in printed, f


def test_deterministic(seed_articles, seed_summaries) -> None:
    again = [summarize_article(a) for a in seed_articles]
    assert [s.model_dump() for s in again] == [s.model_dump() for s in seed_summaries]


def test_photo_news_summary_is_its_opening(seed_articles, seed_summaries) -> None:
    photos = [(a, s) for a, s in zip(seed_articles, seed_summaries, strict=True) if a.kind == "photo"]
    assert photos, "the seed has photo news"
    for a, s in photos:
        first = split_sentences(a.text)[0]
        assert fold(s.summary).startswith(fold(first).rstrip("。")[:20])


def test_entities_are_from_the_article(seed_articles, seed_summaries) -> None:
    for a, s in zip(seed_articles, seed_summaries, strict=True):
        for name in s.places + s.organisations + s.people:
            assert name in a.text, (a.title, name)
    by_title = {_squash(a.title): s for a, s in zip(seed_articles, seed_summaries, strict=True)}
    enping = by_title[_squash("“工BA”撬动百万善款")]
    assert "恩平市总工会" in enping.organisations
    longkou = by_title[_squash("山东龙口市总搭平台建阵地")]
    assert "张峰" in longkou.people


def test_summary_prefers_the_lead_over_direct_speech() -> None:
    art = Article(
        page="p",
        index=1,
        title="某市举办职工技能大赛",
        paragraphs=[
            "近日，某市总工会举办职工技能大赛，吸引了全市200余名职工参赛，涵盖焊工、电工等12个工种。",
            "“比赛让我学到了很多。”参赛职工小王说。",
            "大赛设一等奖3名，获奖职工将被授予市技术能手称号。",
        ],
    )
    s = summarize_article(art)
    assert s.summary.startswith("近日，某市总工会举办职工技能大赛")
    assert "小王说" not in s.summary
    assert [(f.value, f.unit) for f in s.key_figures] == [(200, "名"), (12, "个"), (3, "名")]


def test_long_first_sentence_is_cut_at_a_clause() -> None:
    clause = "某市总工会开展了职工技能培训活动"
    sentence = "，".join([clause + str(i) + "万元" for i in range(1, 20)]) + "。"
    art = Article(page="p", index=1, title="", kind="photo", paragraphs=[sentence])
    s = summarize_article(art)
    assert len(s.summary) <= 150
    assert s.summary.endswith("。")
    assert ungrounded_numbers(s.summary, sentence) == []
    assert sentence.startswith(s.summary[:-1])
    assert s.topic  # keywords when there is no title


def test_empty_body_still_gives_a_valid_summary() -> None:
    s = summarize_article(Article(page="p", index=1, title="只有标题的稿件", paragraphs=[]))
    assert s.summary and 1 <= len(s.key_points) <= 5 and s.key_figures == []


# ---------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.text("职工培训活动开展企业", min_size=1, max_size=12), st.integers(0, 10**7)),
        min_size=1,
        max_size=20,
    ),
    seps=st.sampled_from(["，", "、", "；", ""]),
    limit=st.integers(10, 150),
)
def test_cut_never_splits_a_number(parts, seps, limit) -> None:
    sentence = seps.join(f"{w}{n:,}个" if n % 2 else f"{w}{n}个" for w, n in parts) + "。"
    cut = cut_at_clause(sentence, limit)
    assert len(cut) <= limit
    if len(sentence) <= limit:
        assert cut == sentence
        return
    body = cut[:-1]
    assert sentence.startswith(body)
    assert ungrounded_numbers(cut, sentence) == []
    # the character after the cut is not a digit continuing a number that the cut ends with
    nxt = sentence[len(body)] if len(body) < len(sentence) else ""
    assert not (body[-1:].isdigit() and (nxt.isdigit() or nxt == ",")), (body, nxt)


def test_textrank_ranks_the_hub_first_and_sums_to_one() -> None:
    hub = {"工会", "职工", "培训", "大赛", "善款"}
    sets = [{"工会", "天气"}, {"职工", "午饭"}, hub, {"培训", "交通"}, {"大赛", "善款", "篮球"}]
    r = textrank(sets)
    assert r.sum() == pytest.approx(1.0)
    assert int(np.argmax(r)) == 2


def test_textrank_handles_isolated_sentences() -> None:
    r = textrank([{"甲"}, {"乙"}, {"丙"}])
    assert r == pytest.approx(np.full(3, 1 / 3))
    assert len(textrank([])) == 0


WORDS = [
    "职工",
    "工会",
    "培训",
    "开展",
    "企业",
    "善款",
    "比赛",
    "服务站点",
    "劳模",
    "“两新”",
    "群众",
    "，",
    "、",
    "的",
]


@st.composite
def articles(draw) -> Article:
    """Random news: sentences of union-report words with quantities, dates and long runs mixed in."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        sentences = []
        for _ in range(draw(st.integers(1, 4))):
            parts = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
            if draw(st.booleans()):
                n = draw(st.integers(1, 10**6))
                parts.insert(
                    draw(st.integers(0, len(parts))),
                    f"{n}{draw(st.sampled_from(['个', '名', '万元', '%', '月']))}",
                )
            sentences.append("".join(parts) + draw(st.sampled_from(["。", "！", "？", ""])))
        paragraphs.append("".join(sentences))
    kind = draw(st.sampled_from(["news", "photo"]))
    return Article(
        page="gen", index=1, title=draw(st.sampled_from(["", "职工培训"])), kind=kind, paragraphs=paragraphs
    )


@settings(max_examples=40, deadline=None)
@given(article=articles())
def test_generated_articles_keep_the_contract(article: Article) -> None:
    s = summarize_article(article)
    assert 0 < len(s.summary) <= 150
    assert 1 <= len(s.key_points) <= 5
    assert ungrounded_numbers(s.summary, article.text) == []
    for p in s.key_points:
        assert ungrounded_numbers(p, article.text) == []
    for f in s.key_figures:
        assert f.quote in article.text


def test_speech_verb_glued_to_a_name_is_not_part_of_the_name() -> None:
    from summarizer.engines.extractive import entities

    _, _, people = entities("海林市总工会作品创作技术指导刘博说：“拍摄演绎的过程也是学习的过程。”")
    assert "刘博" in people
    assert not any(p.endswith("说") for p in people)


# -- bounded cost on any input (issue 12 item 1) ----------------------------------------------------

_WORDS = "工会 职工 服务 岗位 技能 培训 权益 维护 社区 企业 协商 劳动 保障 帮扶 困难 组织 活动 群众 创新 发展".split()


def _long_article(n_sentences: int, seed: int = 7) -> Article:
    """n distinct plain sentences (no numbers, so no key figures: only ranking is measured)."""
    import random

    rng = random.Random(seed)
    sentences = [
        "".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9))) + "。" for _ in range(n_sentences)
    ]
    paragraphs = ["".join(sentences[i : i + 5]) for i in range(0, n_sentences, 5)]
    return Article(page="long.txt", index=1, title="工会服务职工", paragraphs=paragraphs)


def _peak_bytes(fn) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ranking_cost_is_bounded_in_the_number_of_sentences() -> None:
    """Memory for 3,000 sentences stays within a small multiple of that for 300: TextRank runs
    over a bounded set of candidates, never all pairs of an arbitrarily long article."""
    small, large = _long_article(300), _long_article(3000)
    summarize_article(small)  # dictionaries loaded before anything is measured
    base = _peak_bytes(lambda: summarize_article(small))
    peak = _peak_bytes(lambda: summarize_article(large))
    assert peak < 4 * base + 2_000_000, (base, peak)
    result = summarize_article(large)
    assert result.summary and result.key_points  # still a full, valid summary


def test_one_enormous_sentence_costs_bounded_memory() -> None:
    """An 800,000-character line without a full stop: tokens and entities come from bounded spans."""
    huge = Article(page="line.txt", index=1, title="", paragraphs=["工人" * 400_000])
    ordinary = Article(page="line.txt", index=1, title="", paragraphs=["工人" * 2_000])
    summarize_article(ordinary)
    base = _peak_bytes(lambda: summarize_article(ordinary))
    peak = _peak_bytes(lambda: summarize_article(huge))
    assert peak < 40 * base + 20_000_000, (base, peak)  # the text itself is 1.6 MB; its tokens would be 100+
    summary = summarize_article(huge)
    assert 0 < len(summary.summary) <= 150 and summary.summary.strip("…") in huge.text


def test_a_long_run_keeps_no_memory_per_article(seed_articles) -> None:
    """A worker summarizes thousands of articles: nothing per article may stay behind, so its memory
    is flat in the number of pages. The tagger's cache is bounded in entries and meant for short
    pieces (it is emptied before each measurement); a whole article's text never goes into it."""
    import gc
    import tracemalloc

    from summarizer.engines.extractive import entities
    from summarizer.tokens import pos_tokens

    def variant(i: int) -> Article:
        a = seed_articles[i % len(seed_articles)]
        paras = [p.replace("。", f"（第{i}号）。", 1) for p in a.paragraphs]
        return a.model_copy(update={"paragraphs": paras, "index": i + 1})

    cached = pos_tokens.cache_info().currsize
    entities(variant(999).text)
    assert pos_tokens.cache_info().currsize == cached, "an article's text was cached"

    def retained() -> int:
        pos_tokens.cache_clear()
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    for i in range(20):
        summarize_article(variant(i))
    tracemalloc.start()
    try:
        for i in range(20, 80):
            summarize_article(variant(i))
        after_few = retained()
        for i in range(80, 380):
            summarize_article(variant(i))
        after_many = retained()
    finally:
        tracemalloc.stop()
    assert after_many - after_few < 1_000_000, (after_few, after_many)
