"""Tests, one per failure class of issue 10, on pages the eval generator lays out.

Each test lays out PAGES_PER_CLASS pages of news items from the tune half (evals/items/news.tune.json)
with the generator (summarizer.evals.pagegen), every article carrying the class under test
(headlines before and after on one page, a title over two lines, lead bylines of every form,
bylines of their own line, credits cut by the line break, photo credits and captions, letter-spaced
titles), on top of random widths 12-42, fixed pitch or printed width, blank lines or none, stray
spaces in numbers and CRLF, and asks that at least CLASS_BAR of the class's articles come back with
their exact span and fields. The pages come from a random stream seeded by the test's options, so
they are the same on every run (Hypothesis would draw other pages whenever constants anywhere in the
code change). Page furniture stays a Hypothesis property: it must hold on every page. The expected
fields are the items' own (the generator's gold), never the segmenter's output.

The one precondition (what a reader of the printed page sees too): a headline line that is not
letter-spaced misses the column of its own article's text, and of the text on its other side, by
at least HEAD_MARGIN characters, so that it cannot pass for a line of either by its width alone.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
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


# The bar for every field; a class is checked over this many fixed pages (its articles: a few
# hundred), so that one hard article does not decide, and a segmenter that fails a class does.
CLASS_BAR = 0.97
PAGES_PER_CLASS = 50
MIN_CLASS_ARTICLES = 20  # fewer articles of the class than this say too little to judge it by


def fixed_pages(n: int, keep: Any = None, **force: Any) -> list[dict[str, Any]]:
    """n pages as `pages` lays them out, from a random stream seeded by the forced options alone (the
    same pages on every run, whatever else the code holds), each meeting the precondition (and
    `keep`, when given)."""
    rng = random.Random(json.dumps(sorted(force.items()), ensure_ascii=False))
    force = {"split": False, **force}
    out: list[dict[str, Any]] = []
    while len(out) < n:
        size = rng.randint(3, 8)
        order = list(range(len(ITEMS)))
        rng.shuffle(order)
        picks: list[int] = []
        for i in order:
            if ITEMS[i]["group"] not in {ITEMS[p]["group"] for p in picks}:
                picks.append(i)
            if len(picks) == size:
                break
        page = pagegen.lay_page(
            [ITEMS[i] for i in picks],
            random.Random(rng.getrandbits(32)),
            POOLS,
            "p.txt",
            line_roles=True,
            force=force,
        )
        if headlines_stand_out(page) and (keep is None or keep(page)):
            out.append(page)
    return out


def check_rate(pages_: list[dict[str, Any]], cls: str | tuple[str, ...], fields: tuple[str, ...]) -> None:
    """Of the articles of class cls (or of any of the classes) on these pages, at least CLASS_BAR are
    found with their exact span and every field right."""
    classes = (cls,) if isinstance(cls, str) else cls
    right, wrong = 0, []
    for page in pages_:
        details, _, _ = segment(page)
        for gold, d in zip(page["articles"], details, strict=True):
            if any(c in gold["classes"] for c in classes):
                bad = [f for f in fields if f in d["wrong_fields"]]
                if d["span_ok"] and not bad:
                    right += 1
                else:
                    wrong.append((gold["item"], gold["title"], "span" if not d["span_ok"] else bad))
    total = right + len(wrong)
    assert total >= MIN_CLASS_ARTICLES, (cls, total)
    assert right / total >= CLASS_BAR, (cls, f"{right}/{total}", wrong)


def test_headlines_before_and_after_on_one_page() -> None:
    pages_ = fixed_pages(PAGES_PER_CLASS, order="mixed")
    check_rate(pages_, "head_before", ("title", "kicker", "byline", "credit"))
    check_rate(pages_, "head_after", ("title", "kicker", "byline", "credit"))


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


def _splits_break_words(page: dict[str, Any]) -> bool:
    """Every split title of the page is set over two lines whose break cuts a word."""
    for gold in page["articles"]:
        if "split_title" in gold["classes"]:
            heads = [
                t
                for t, role, owner in page["lines"]
                if role == "head" and t.replace(" ", "") in squash(gold["title"])
            ]
            if not (len(heads) == 2 and _breaks_a_word(heads[0], heads[1])):
                return False
    return True


def test_a_title_over_two_lines_is_one_title() -> None:
    pages_ = fixed_pages(PAGES_PER_CLASS, keep=_splits_break_words, split=True, order="mixed")
    check_rate(pages_, "split_title", ("title", "subtitle"))


def test_lead_bylines_of_every_form_stay_out_of_the_text() -> None:
    pages_ = fixed_pages(PAGES_PER_CLASS, byline="lead")
    check_rate(pages_, "lead_byline", ("byline", "title"))
    for page in pages_:
        arts, _ = segment_text(page["text"], page["name"])
        for a in arts:
            if a.byline:
                assert squash(a.byline) not in squash(a.text)


def test_bylines_of_their_own_line_above_the_body() -> None:
    check_rate(fixed_pages(PAGES_PER_CLASS, byline="above"), "own_byline_above", ("byline", "title"))


def test_bylines_of_their_own_line_after_the_body() -> None:
    check_rate(fixed_pages(PAGES_PER_CLASS, byline="after"), "own_byline_after", ("byline", "title"))


def test_credits_cut_by_the_line_break() -> None:
    pages_ = fixed_pages(PAGES_PER_CLASS, byline="none", credit="wrapped")
    check_rate(pages_, "wrapped_credit", ("credit", "title"))


@pytest.mark.parametrize("mode", ["inline", "own", "caption"])
def test_photo_credits_and_captions(mode: str) -> None:
    pages_ = fixed_pages(PAGES_PER_CLASS // 2, credit=mode)
    check_rate(pages_, ("photo_credit", "caption_credit"), ("credit", "kind", "title"))


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


def test_letter_spaced_titles() -> None:
    check_rate(fixed_pages(PAGES_PER_CLASS, spaced=True), "letter_spaced", ("title",))
