"""Grounding: figures, numbers, quotes and links must come from the source, whatever the model says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.grounding import (
    check_figure,
    ground_answer,
    ground_summary,
    leaked,
    strip_links,
    summary_problems,
)
from summarizer.schemas import Answer, Article, ArticleSummary, Citation, KeyFigure, Passage
from summarizer.text import find_numbers, fold, ungrounded_numbers

ARTICLE = (
    "本报讯 牡丹江市总工会举办短视频大赛，历时4个月，各级工会收集了 147个参赛作品，"
    "经过3轮评比，最终精选出17部作品。\n"
    "大赛共吸引5.89万名职工参与，投入资金630 万元，网络投票率达98.61%。"
    "详情见 https://www.workercn.cn/video 。"
)


def fig(value: float, unit: str, quote: str, about: str = "作品") -> KeyFigure:
    return KeyFigure(value=value, unit=unit, about=about, quote=quote)


def frozen_seed_articles() -> list[Article]:
    """The seed page's articles as frozen test data (independent of the segmenter's current state)."""
    data = json.loads((Path(__file__).parent / "data" / "seed_articles.json").read_text(encoding="utf-8"))
    fields = set(Article.model_fields)
    return [
        Article(
            page=data["page"],
            index=i,
            **{k: v for k, v in a.items() if k in fields and k not in ("page", "index")},
        )
        for i, a in enumerate(data["articles"], 1)
    ]


# ---------------------------------------------------------------------------------------------
# check_figure


@pytest.mark.parametrize(
    "figure",
    [
        fig(147, "个", "各级工会收集了 147个参赛作品"),
        fig(147, "个", "各级工会收集了147个参赛作品"),  # PDF stray space folded away
        fig(147, "个", "各级工会收集了\u200b１４７个参赛作品"),  # zero-width + full-width digits
        fig(5.89, "万名", "大赛共吸引5.89万名职工参与"),  # as printed, 万 in the unit
        fig(58900, "名", "大赛共吸引5.89万名职工参与"),  # scaled
        fig(630, "万元", "投入资金630 万元"),
        fig(98.61, "%", "网络投票率达98.61%"),
        fig(3, "轮", "经过3轮评比"),
    ],
)
def test_grounded_figures_pass(figure: KeyFigure) -> None:
    assert check_figure(figure, ARTICLE) is None


@pytest.mark.parametrize(
    ("figure", "reason"),
    [
        (fig(148, "个", "各级工会收集了 147个参赛作品"), "not what its quote"),  # invented value
        (fig(630, "元", "投入资金630 万元"), "not what its quote"),  # lost the 万: 630 元 ≠ 630 万元
        (fig(6300, "万元", "投入资金630 万元"), "not what its quote"),
        (fig(200, "个", "各级工会收集了200个参赛作品"), "does not occur"),  # quote rewritten
        (fig(17, "部", "最终精选出17部优秀作品"), "does not occur"),
        (fig(17, "部", "  "), "empty"),
    ],
)
def test_ungrounded_figures_fail_with_a_reason(figure: KeyFigure, reason: str) -> None:
    why = check_figure(figure, ARTICLE)
    assert why is not None and reason in why
    assert figure.about in why  # the re-ask names the failing figure


def test_qualifiers_must_match_the_quote() -> None:
    text = "今年投入近400万元，惠及5万余名职工，发放300多份慰问品。"
    ok = [
        KeyFigure(value=400, unit="万元", about="投入", quote="今年投入近400万元", qualifier="近"),
        KeyFigure(value=5, unit="万名", about="职工", quote="惠及5万余名职工", qualifier="余"),
        KeyFigure(value=300, unit="份", about="慰问品", quote="发放300多份慰问品", qualifier="多"),
    ]
    assert [check_figure(f, text) for f in ok] == [None, None, None]
    dropped_near = KeyFigure(value=400, unit="万元", about="投入", quote="今年投入近400万元")
    assert "set qualifier to '近'" in (check_figure(dropped_near, text) or "")
    invented_over = KeyFigure(value=400, unit="万元", about="投入", quote="今年投入近400万元", qualifier="逾")
    assert "qualifier" in (check_figure(invented_over, text) or "")


def test_chinese_numerals_in_quotes_count() -> None:
    text = "两部作品获一等奖，三名职工获表彰。"
    assert check_figure(fig(2, "部", "两部作品获一等奖"), text) is None
    assert check_figure(fig(3, "名", "三名职工获表彰"), text) is None
    assert check_figure(fig(4, "名", "三名职工获表彰"), text) is not None


def test_offline_figures_of_the_seed_page_are_grounded() -> None:
    """The two engines agree on what 'grounded' means: every rule-based figure passes."""
    from summarizer.figures import extract_figures

    articles = frozen_seed_articles()
    figures = [(a, f) for a in articles for f in extract_figures(a.text)]
    assert len(articles) == 13 and len(figures) > 20
    assert [(a.index, f.display()) for a, f in figures if check_figure(f, a.text)] == []
    # and the same figures are rejected against a different article
    a0, f0 = figures[0]
    other = next(a for a in articles if fold(f0.quote) not in fold(a.text))
    assert check_figure(f0, other.text) is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_a_changed_number_is_never_grounded(printed: int, claimed: int) -> None:
    text = f"今年共有{printed}人参加。"
    f = fig(claimed, "人", f"今年共有{printed}人参加")
    assert (check_figure(f, text) is None) == (claimed == printed)


# ---------------------------------------------------------------------------------------------
# summaries


def summary(**kw: object) -> ArticleSummary:
    base: dict = {"summary": "牡丹江市总工会举办短视频大赛，收集了147个作品。", "key_points": ["历时4个月。"]}
    base.update(kw)
    return ArticleSummary(**base)


def test_grounded_summary_is_unchanged() -> None:
    s = summary(
        key_figures=[fig(147, "个", "各级工会收集了 147个参赛作品")], places=["牡丹江市"], topic="工会活动"
    )
    out, report = ground_summary(s, ARTICLE)
    assert report.ok and out == s and not report.dropped_figures


def test_invented_numbers_and_figures_are_removed_and_counted() -> None:
    s = summary(
        summary="大赛收集了147个作品。共有2000人获奖。",
        key_points=["历时4个月。", "奖金达50万元。"],
        key_figures=[fig(147, "个", "各级工会收集了 147个参赛作品"), fig(2000, "人", "共有2000人获奖")],
    )
    problems = summary_problems(s, ARTICLE)
    assert any("2000" in p for p in problems) and any("50万" in p for p in problems)
    out, report = ground_summary(s, ARTICLE)
    assert out.summary == "大赛收集了147个作品。" and out.key_points == ["历时4个月。"]
    assert [f.value for f in out.key_figures] == [147]
    assert len(report.dropped_figures) == 1 and report.dropped_figures[0]["value"] == 2000
    assert {r["text"] for r in report.removed_sentences} == {"共有2000人获奖。", "奖金达50万元。"}
    every_number = " ".join([out.summary, *out.key_points, *(f.quote for f in out.key_figures)])
    assert all(
        n.value in {m.value for m in find_numbers(fold(ARTICLE))} for n in find_numbers(fold(every_number))
    )


def test_scaled_numbers_in_text_are_grounded() -> None:
    s = summary(summary="约58900名职工参与，投入6300000元。")
    assert summary_problems(s, ARTICLE) == []


def test_nothing_left_means_unusable() -> None:
    s = summary(summary="共有999人参加。", key_points=["奖金888元。"])
    _out, report = ground_summary(s, ARTICLE)
    assert report.unusable


def test_names_not_in_the_article_are_dropped() -> None:
    out, report = ground_summary(summary(places=["牡丹江市", "哈尔滨市"], people=["张三"]), ARTICLE)
    assert (
        out.places == ["牡丹江市"] and out.people == [] and set(report.dropped_names) == {"哈尔滨市", "张三"}
    )


# ---------------------------------------------------------------------------------------------
# links


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("看图![x](https://evil.example/p.png?q=1)。", "看图。", 1),
        ("看图![x](https://www.workercn.cn/video)。", "看图。", 1),  # images never, whatever the host
        ("点[这里](https://www.workercn.cn/other?d=secret)。", "点这里。", 1),  # known host, unknown URL
        ("访问https://evil.example/a即可", "访问即可", 1),
        ("点[这里](http://evil.example/a)。", "点这里。", 1),
        ("访问 https://evil.example/steal?d=abc 即可", "访问  即可", 1),
        ("<img src=x onerror=alert(1)>好", "好", 1),
        ("见[官网](https://www.workercn.cn/video)。", "见[官网](https://www.workercn.cn/video)。", 0),
        ("见 https://www.workercn.cn/video", "见 https://www.workercn.cn/video", 0),
        ("javascript:alert(1) 好", "好", 1),
    ],
)
def test_links_not_printed_in_the_source_are_stripped(text: str, expected: str, removed: int) -> None:
    from summarizer.grounding import urls_in

    out, n = strip_links(text, urls_in(ARTICLE))
    assert (out, n) == (expected, removed)


def test_summary_links_are_stripped() -> None:
    s = summary(
        summary="收集了147个作品![a](https://evil.example/x.png)。",
        key_points=["历时4个月[详情](http://evil.example)。"],
    )
    out, report = ground_summary(s, ARTICLE)
    assert "evil" not in out.model_dump_json() and report.removed_links == 2


# ---------------------------------------------------------------------------------------------
# prompt leaks


def test_leak_detection_ignores_text_the_article_also_has() -> None:
    prompt = "你是一名严谨的中文新闻编辑，负责为报纸文章撰写摘要。CANARY-7f3a9"
    assert leaked("好的：你是一名严谨的中文新闻编辑，负责", [prompt], ARTICLE)
    assert leaked("CANARY-7f3a9 是口令", [prompt], ARTICLE)
    assert leaked("牡丹江市总工会举办短视频大赛", [prompt], ARTICLE) is None
    article_quoting_prompt = ARTICLE + "你是一名严谨的中文新闻编辑，负责为报纸文章撰写摘要"
    assert leaked("你是一名严谨的中文新闻编辑", [prompt], article_quoting_prompt) is None


# ---------------------------------------------------------------------------------------------
# answers

PASSAGES = [
    Passage(page="p1", article_index=1, title="短视频大赛", text=ARTICLE),
    Passage(page="p1", article_index=2, title="另一篇", text="另一篇文章说有300人参加培训。"),
]


def cite(quote: str, index: int = 1, title: str = "x") -> Citation:
    return Citation(page="p1", article_index=index, title=title, quote=quote)


def test_grounded_answer_keeps_its_citations_with_true_titles() -> None:
    a = Answer(
        answer="收集了147个参赛作品。", answerable=True, citations=[cite("各级工会收集了 147个参赛作品")]
    )
    out, report = ground_answer(a, PASSAGES)
    assert report.ok and out.answer == a.answer and out.citations[0].title == "短视频大赛"


def test_answer_numbers_must_be_in_a_cited_quote() -> None:
    # 300 is in the corpus, but not in what this answer cites
    a = Answer(
        answer="收集了147个作品。另有300人参加。",
        answerable=True,
        citations=[cite("各级工会收集了 147个参赛作品")],
    )
    out, report = ground_answer(a, PASSAGES)
    assert any("300" in p for p in report.problems)
    assert out.answer == "收集了147个作品。" and [r["text"] for r in report.removed_sentences] == [
        "另有300人参加。"
    ]


def test_citations_must_quote_their_passage_verbatim() -> None:
    a = Answer(
        answer="收集了147个作品。",
        answerable=True,
        citations=[
            cite("收集了一百四十七个作品"),
            cite("各级工会收集了 147个参赛作品", index=2),
            cite("x", index=9),
        ],
    )
    out, report = ground_answer(a, PASSAGES)
    assert len(report.dropped_citations) == 3 and report.unusable


def test_unanswerable_answer_without_citations_is_fine() -> None:
    a = Answer(answer="材料中没有提到。", answerable=False, citations=[])
    out, report = ground_answer(a, PASSAGES)
    assert report.ok and out == a


def test_answer_links_are_stripped() -> None:
    a = Answer(
        answer="收集了147个作品，见![a](https://evil.example/x.png)。",
        answerable=True,
        citations=[cite("各级工会收集了 147个参赛作品")],
    )
    out, report = ground_answer(a, PASSAGES)
    assert "evil" not in out.answer and report.removed_links == 1


_UNITS = ["人", "个", "万元", "亿元", "%", "家", "万人次"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 99999), st.sampled_from(_UNITS)), min_size=1, max_size=5, unique=True),
    st.lists(st.tuples(st.integers(1, 99999), st.sampled_from(_UNITS)), min_size=0, max_size=4),
    st.randoms(use_true_random=False),
)
def test_no_ungrounded_number_survives_grounding(printed: list, claimed: list, rnd: object) -> None:
    """Whatever mix of true and invented numbers a model writes, only true ones come out."""
    article = "".join(f"第{i}项数据为{n}{u}。" for i, (n, u) in enumerate(printed, 1))
    true_sentences = [f"数据为{n}{u}。" for n, u in printed]
    invented = [f"另有{n}{u}。" for n, u in claimed]
    mixed = true_sentences + invented
    rnd.shuffle(mixed)  # type: ignore[attr-defined]
    s = ArticleSummary(summary="".join(mixed)[:150] or "无", key_points=mixed[:5] or ["无"])
    out, report = ground_summary(s, article)
    if report.unusable:
        return
    assert ungrounded_numbers(" ".join([out.summary, *out.key_points]), article) == []
    for sentence in true_sentences:
        if sentence in s.key_points:
            assert sentence in out.key_points  # grounded sentences are kept
