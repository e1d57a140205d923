"""Property tests, one per failure class of issue 10, on pages the eval generator lays out.

Each test draws a handful of news items from the tune half (evals/items/news.tune.json) and a layout
seed, and asks the generator (summarizer.evals.pagegen) for a page where every article carries the
class under test (headlines before and after on one page, a title over two lines, lead bylines of
every form, bylines of their own line, credits cut by the line break, photo credits and captions,
page furniture, letter-spaced titles), on top of random widths 12-42, fixed pitch or printed
width, blank lines or none, stray spaces in numbers and CRLF. The expected fields are the items'
own (the generator's gold), never the segmenter's output.

The one precondition (what a reader of the printed page sees too): a headline line that is not
letter-spaced misses the column of its own article's text, and of the text on its other side, by
at least HEAD_MARGIN characters, so that it cannot pass for a line of either by its width alone.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from summarizer.evals import metrics, pagegen

from summarizer.segment import segment_text
from summarizer.text import squash
from summarizer.tokens import cut

ITEMS: list[dict[str, Any]] = json.loads(
    (Path(pagegen.ITEMS_DIR) / "news.tune.json").read_text(encoding="utf-8")
)["items"]
POOLS = pagegen.Pools.of("tune")
HEAD_MARGIN = 3.0
# Derandomized: the same 25 draws per class on every run (the suite stays reproducible; the eval
# datasets, news_pages_*.v1, measure the rates over many more pages).
SETTINGS = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def _median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2]


def headlines_stand_out(page: dict[str, Any]) -> bool:
    """The precondition (module docstring), measured on the generator's own lines and roles: every
    headline line misses the column of the bodies next to it, its own and the one across it."""
    measure = page["measure"]
    lines = page["lines"]
    columns: dict[Any, float] = {}
    for k in {owner for _, _, owner in lines if owner}:
        body = [measure(t) for t, role, owner in lines if owner == k and role == "body"]
        if len(body) >= 2:
            columns[k] = max(_median(body), max(body) - 1)
    bodies = [owner if role == "body" else None for _, role, owner in lines]
    for p, (t, role, owner) in enumerate(lines):
        if role != "head" or t.count(" ") * 3 >= len(t):  # letter-spaced: a headline by its spacing
            continue
        above = next((b for b in reversed(bodies[:p]) if b is not None), None)
        below = next((b for b in bodies[p + 1 :] if b is not None), None)
        for k in {owner, above, below}:
            if k in columns and abs(measure(t) - columns[k]) < HEAD_MARGIN:
                return False
    return True


@st.composite
def pages(draw: st.DrawFn, **force: Any) -> dict[str, Any]:
    """A page of 3-8 tune items with `force` applied to every article (see pagegen.lay_article);
    titles stay on one line unless the test asks otherwise (a title over two lines has its own test).
    Items of one year-variant group (the same event in other years) never share a page: their
    words are the same, and a reader tells them apart by nothing but the year."""
    force = {"split": False, **force}
    picks = draw(
        st.lists(
            st.integers(0, len(ITEMS) - 1), min_size=3, max_size=8, unique_by=lambda i: ITEMS[i]["group"]
        )
    )
    seed = draw(st.integers(0, 2**32 - 1))
    items = [ITEMS[i] for i in picks]
    return pagegen.lay_page(items, random.Random(seed), POOLS, "p.txt", line_roles=True, force=force)


def segment(page: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any], Any]:
    """Per gold article: span found exactly and the wrong fields (metrics' alignment), and the meta."""
    arts, meta = segment_text(page["text"], page["name"])
    scores = metrics.segmentation_scores(page["text"], page["articles"], [a.segment_record() for a in arts])
    return scores["details"], scores, meta


def check(page: dict[str, Any], cls: str, fields: tuple[str, ...]) -> None:
    details, scores, _ = segment(page)
    for gold, d in zip(page["articles"], details, strict=True):
        if cls in gold["classes"]:
            assert d["span_ok"], (gold["item"], gold["title"], page["text"][:2000])
            wrong = [f for f in fields if f in d["wrong_fields"]]
            assert not wrong, (gold["item"], wrong, gold, page["text"][:2000])
    assert scores["articles_pred"] == scores["articles_gold"]


@SETTINGS
@given(pages(order="mixed"))
def test_headlines_before_and_after_on_one_page(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "head_before", ("title", "kicker", "byline", "credit"))
    check(page, "head_after", ("title", "kicker", "byline", "credit"))


def _breaks_a_word(first: str, second: str) -> bool:
    """jieba cuts the joined title into a word that runs across the break (computed here, not by
    the segmenter)."""
    pos = 0
    for word in cut(first + second):
        end = pos + len(word)
        if pos < len(first) < end:
            return True
        pos = end
    return False


@SETTINGS
@given(pages(split=True, order="mixed"))
def test_a_title_over_two_lines_is_one_title(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    for gold in page["articles"]:
        if "split_title" in gold["classes"]:
            heads = [
                t
                for t, role, owner in page["lines"]
                if role == "head" and t.replace(" ", "") in squash(gold["title"])
            ]
            assume(len(heads) == 2 and _breaks_a_word(heads[0], heads[1]))
    check(page, "split_title", ("title", "subtitle"))


@SETTINGS
@given(pages(byline="lead"))
def test_lead_bylines_of_every_form_stay_out_of_the_text(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "lead_byline", ("byline", "title"))
    arts, _ = segment_text(page["text"], page["name"])
    for a in arts:
        if a.byline:
            assert squash(a.byline) not in squash(a.text)


@SETTINGS
@given(pages(byline="above"))
def test_bylines_of_their_own_line_above_the_body(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "own_byline_above", ("byline", "title"))


@SETTINGS
@given(pages(byline="after"))
def test_bylines_of_their_own_line_after_the_body(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "own_byline_after", ("byline", "title"))


@SETTINGS
@given(pages(byline="none", credit="wrapped"))
def test_credits_cut_by_the_line_break(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "wrapped_credit", ("credit", "title"))


@SETTINGS
@given(st.sampled_from(["inline", "own", "caption"]).flatmap(lambda mode: pages(credit=mode)))
def test_photo_credits_and_captions(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "photo_credit", ("credit", "kind", "title"))
    check(page, "caption_credit", ("credit", "kind", "title"))


@SETTINGS
@given(
    pages(header=[], footer=[]),
    st.sampled_from(
        [
            ["工人日报 · 第3版 · 新闻"],
            ["2024年12月5日 星期四", "第6版 要闻"],
            ["劳动报　2023年3月1日　星期三　第2版"],
            ["A3版 · 综合"],
        ]
    ),
    st.sampled_from([["本版编辑 王某某"], ["责任编辑：李某"], ["本版编辑：张某  美术编辑：刘某"], []]),
)
def test_page_furniture_is_metadata(page: dict[str, Any], header: list[str], footer: list[str]) -> None:
    eol = "\r\n" if "\r\n" in page["text"] else "\n"
    text = eol.join([*header, page["text"].strip("\r\n"), *footer]) + eol
    arts, meta = segment_text(text, "p.txt")
    assert [squash(x) for x in meta.header] == [squash(x) for x in header]
    assert [squash(x) for x in meta.footer] == [squash(x) for x in footer]
    furniture = {squash(x) for x in header + footer}
    for a in arts:
        assert not furniture & {squash(a.title), squash(a.kicker), squash(a.subtitle)}
        assert not any(f in squash(a.text) for f in furniture)


@SETTINGS
@given(pages(spaced=True))
def test_letter_spaced_titles(page: dict[str, Any]) -> None:
    assume(headlines_stand_out(page))
    check(page, "letter_spaced", ("title",))
