"""Property tests: re-lay the seed's articles as other pages and get the same articles back.

The ground truth is tests/data/seed_articles.json (gold fields + the seed's paragraphs, cleaned once
and checked by eye), never the segmenter's own output. Each example draws a page: which articles and
in what order, headlines before or after their bodies, wrap widths 12-40 em (one for the page or one
per article), paragraph indents, blank lines everywhere / nowhere / at random, stray spaces around
numbers and between Chinese characters, letter-spaced headlines, "——" before subtitles, credits inline
or on their own line.

The one layout precondition (it is what a reader sees on paper too): a headline that is neither
followed by a byline nor at the page end differs from the column width of the text below it by at
least 7 em, so it cannot be mistaken for a wrapped body line by its width.

A second generator lays pages the way a fixed-pitch extractor does (evals/relay.py's rule: a fixed
character count per line, breaking anywhere, closing punctuation kept on its line): widths 16-40,
any article order, headlines before or after, with or without blank lines, spaced numbers, CRLF.
Its precondition is weaker: every headline misses the column by at least 2 cells (4 on pages of
one or two articles).
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from summarizer.evals.relay import wrap as wrap_cells  # eval pages and these pages are wrapped alike

from summarizer.segment import segment_page
from summarizer.text import squash

ARTICLES: list[dict] = json.loads((Path(__file__).parent / "data" / "seed_articles.json").read_text("utf-8"))[
    "articles"
]
HAS_FIGURES = importlib.util.find_spec("summarizer.figures") is not None
WIDTHS = range(12, 41)
BAND = 7.0  # see the module docstring
CLOSERS = "，。、；：！？”’）》"
TERMINAL_END = re.compile(r"[。！？…][”’」』）)]*$")
CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。、；：！？“”（）《》]\s|\s[\u4e00-\u9fff，。、；：！？“”（）《》]")


def em(s: str) -> float:
    """Printed width: CJK and full-width punctuation 1 em, ASCII half (the test's own measure)."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in s)


def tokens(text: str) -> list[str]:
    """Wrap units: ASCII runs (numbers, Latin words) never break; everything else char by char."""
    return re.findall(r"[A-Za-z0-9.%+]+|\s+|.", text)


def sprinkle(text: str, rng: random.Random, rate: float) -> str:
    """Insert stray spaces the way PDF extractors do: around numbers, between Chinese characters."""
    out: list[str] = []
    toks = tokens(text)
    for i, t in enumerate(toks):
        if i and rate:
            prev, nxt = toks[i - 1], t
            around_number = prev[-1].isdigit() != nxt[0].isdigit() and (
                prev[-1].isdigit() or nxt[0].isdigit()
            )
            ascii_pair = prev[-1].isascii() and nxt[0].isascii()
            if not ascii_pair and (around_number or rng.random() < rate):
                out.append(" ")
        out.append(t)
    return "".join(out)


def wrap(units: list[str], width: float, first_width: float) -> list[str]:
    """Greedy wrap to `width` em; closing punctuation may hang past the edge (as typesetters do)."""
    lines: list[str] = []
    cur, cur_w, limit = "", 0.0, first_width
    for u in units:
        w = em(u)
        if cur and cur_w + w > limit and not (u[0] in CLOSERS and len(u) == 1):
            lines.append(cur)
            cur, cur_w, limit = "", 0.0, width
            if u.isspace():
                continue
        cur += u
        cur_w += w
    if cur.strip():
        lines.append(cur)
    return [ln.strip() for ln in lines if ln.strip()]


def letter_space(s: str) -> str:
    return " ".join(t for t in tokens(s) if not t.isspace())


@dataclass
class Laid:
    page: str
    order: list[int]


@st.composite
def relaid_pages(draw: st.DrawFn) -> Laid:
    rng = random.Random(draw(st.integers(0, 2**32)))
    order = draw(
        st.permutations(range(len(ARTICLES))).flatmap(lambda p: st.integers(1, len(p)).map(lambda n: p[:n]))
    )
    after = draw(st.booleans())
    blank = draw(st.sampled_from(["all", "none", "random"]))
    indent = draw(st.sampled_from(["none", "short", "spaces"]))
    rate = draw(st.sampled_from([0.0, 0.05, 0.2]))

    heads: dict[int, list[str]] = {}
    for i in order:
        a = ARTICLES[i]
        spaced = draw(st.booleans()) if len(a["title"]) < 14 else False
        title = letter_space(a["title"]) if spaced else a["title"]
        subtitle = a["subtitle"] and draw(st.sampled_from(["", "——"])) + a["subtitle"]
        heads[i] = [h for h in (a["kicker"], title, subtitle) if h]

    # Which headline group sits right above which body, and is it pinned by a byline or the page end?
    def allowed(i_body: int, group: list[str] | None, forced: bool) -> list[int]:
        if group is None or forced:
            return list(WIDTHS)
        ok = []
        for w in WIDTHS:
            good = True
            for h in group:
                d = w - em(h)
                inner = any(ch in "，。；！？" for ch in h[:-1])
                if inner and not h.endswith("——"):
                    good &= d >= BAND + 1 or d <= -BAND
                else:
                    good &= abs(d) >= BAND
            if good:
                ok.append(w)
        return ok

    options: dict[int, list[int]] = {}
    for k, i in enumerate(order):
        if after:
            group = heads[order[k - 1]] if k else None
        else:
            group = heads[i]
        forced = bool(ARTICLES[i]["byline"])
        options[i] = allowed(i, group, forced)
    shared = set.intersection(*(set(v) for v in options.values()))
    same_width: bool = bool(shared) and draw(st.booleans())
    if same_width:
        w = draw(st.sampled_from(sorted(shared)))
        widths = dict.fromkeys(order, w)
    else:
        widths = {i: draw(st.sampled_from(options[i])) for i in order}

    lines: list[str] = []
    for i in order:
        a = ARTICLES[i]
        w = widths[i]
        body: list[str] = []
        byline = a["byline"]
        inline_byline = byline.startswith("本报讯")
        if byline and not inline_byline:
            body.append(byline)
        for k, p in enumerate(a["paragraphs"]):
            units = tokens(sprinkle(p, rng, rate))
            first = w - (0 if indent == "none" else 2)
            if k == 0 and inline_byline:
                units = [byline, *units]
                first = w
            wrapped = wrap(units, w, first)
            if indent == "spaces" and not (k == 0 and inline_byline):
                wrapped[0] = "\u3000\u3000" + wrapped[0]
            body.extend(wrapped)
        credit = a["credit"]
        if credit:
            sep = draw(st.sampled_from(["", " "])) if credit.startswith("（") else " "
            if em(body[-1] + sep + credit) <= w + 1 and draw(st.booleans()):
                body[-1] = body[-1] + sep + credit
            else:
                body.append(credit)
        lines.extend(body + heads[i] if after else heads[i] + body)

    out = []
    for k, ln in enumerate(lines):
        if k:
            sep = {"all": "\n\n", "none": "\n"}.get(blank) or draw(st.sampled_from(["\n", "\n\n", "\n \n"]))
            out.append(sep)
        out.append(ln)
    return Laid(page="".join(out) + "\n", order=order)


def check_same_articles(laid: Laid) -> list:
    arts = segment_page(laid.page, "relaid.txt")
    assert len(arts) == len(laid.order), [a.title for a in arts]
    prev_end = 0
    for a, i in zip(arts, laid.order, strict=True):
        g = ARTICLES[i]
        for f in ("title", "kicker", "subtitle", "byline", "credit", "kind"):
            got = squash(getattr(a, f)).removeprefix("——") if f == "subtitle" else squash(getattr(a, f))
            assert got == squash(g[f]), (g["id"], f, getattr(a, f), g[f])
        # The text is exactly the cleaned text (every stray space gone) ...
        assert "".join(a.paragraphs) == "".join(g["paragraphs"]), g["id"]
        # ... every real paragraph break is kept, and any extra break falls at a sentence end.
        gold_breaks = {len("".join(g["paragraphs"][:k])) for k in range(1, len(g["paragraphs"]))}
        pred_breaks = {len("".join(a.paragraphs[:k])) for k in range(1, len(a.paragraphs))}
        assert gold_breaks <= pred_breaks, g["id"]
        assert all(TERMINAL_END.search(p) for p in a.paragraphs[:-1]), g["id"]
        assert not any(CJK_SPACE.search(p) for p in a.paragraphs), g["id"]
        assert prev_end <= a.start < a.end and squash(g["title"]) in squash(laid.page[a.start : a.end])
        prev_end = a.end
    return arts


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(relaid_pages())
def test_relaid_pages_give_back_the_same_articles(laid: Laid) -> None:
    arts = check_same_articles(laid)
    if HAS_FIGURES:
        from summarizer.figures import extract_figures

        for a, i in zip(arts, laid.order, strict=True):
            gold_text = "\n".join(ARTICLES[i]["paragraphs"])
            want = sorted((f.value, f.unit) for f in extract_figures(gold_text))
            got = sorted((f.value, f.unit) for f in extract_figures(a.text))
            assert got == want, ARTICLES[i]["id"]


def test_the_seed_order_with_titles_before_and_no_blank_lines() -> None:
    """One fixed re-lay, so a failure here is easy to read: seed order, headlines first, width 24."""
    lines: list[str] = []
    for a in ARTICLES:
        lines += [h for h in (a["kicker"], a["title"], a["subtitle"]) if h]
        if a["byline"]:
            lines.append(a["byline"])
        for p in a["paragraphs"]:
            lines += wrap(tokens(p), 30, 28)
        if a["credit"]:
            lines.append(a["credit"])
    check_same_articles(Laid(page="\n".join(lines), order=list(range(len(ARTICLES)))))


# ---------------------------------------------------------------------------------------------
# Any text at all: an InputError or articles that keep every character of the page, in order


PAGE_ALPHABET = st.sampled_from(
    list("本报讯记者通讯员摄工会职工万元近日，。、；：！？“”（）——…") + list("0123456789 ab\n\n\n\r\u3000")
)
PAGE_PIECES = st.sampled_from(
    [
        "本报讯 （记者黄榆）",
        "（刘珊 游训利）",
        "本报通讯员 王炳真 摄",
        "本报记者 叶小钟",
        "“ 工 BA”撬 动",
        "——",
        "\n\n",
        "。\n",
    ]
)


def _chars(text: str) -> Counter[str]:
    """The characters a page must keep: all but whitespace and the "——" that may lead a subtitle
    (typographic decoration the segmenter drops, as it drops a letter-spaced headline's spaces)."""
    return Counter(ch for ch in squash(text) if ch not in DASHES)


DASHES = "—－-"
PAGE_FURNITURE = st.sampled_from(["工人日报 · 第3版 · 要闻", "2024年12月5日 星期四", "本版编辑 王某某"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(PAGE_ALPHABET, PAGE_PIECES), max_size=120).map("".join),
    st.lists(PAGE_FURNITURE, max_size=2),
    st.lists(PAGE_FURNITURE, max_size=2),
)
def test_any_text_is_an_input_error_or_articles_that_lose_nothing(body: str, head: list, foot: list) -> None:
    """Every character of any page ends up in an article field or in the page's furniture (its
    running header and footer lines are page metadata since issue 10, not article text)."""
    from summarizer.errors import InputError
    from summarizer.segment import segment_text

    page = "\n".join([*head, body, *foot])
    try:
        arts, meta = segment_text(page, "fuzz.txt")
    except InputError as e:
        assert "fuzz.txt" in str(e)
        assert not any(ch.isalpha() for ch in page)
        return
    assert arts and [a.index for a in arts] == list(range(1, len(arts) + 1))
    furniture = _chars("".join(meta.header + meta.footer))
    if len(arts) == 1 and _chars(arts[0].text) + furniture == _chars(page):
        return  # no structure: one article holding all the text, titled by its first line
    prev_end = 0
    kept: Counter[str] = Counter()
    for a in arts:
        assert prev_end <= a.start < a.end <= len(page)
        prev_end = a.end
        for part in (a.kicker, a.title, a.subtitle, a.byline, *a.paragraphs, a.credit):
            kept.update(_chars(part))
        assert _chars("".join((a.kicker, a.title, a.subtitle, a.byline, *a.paragraphs, a.credit))) == _chars(
            page[a.start : a.end]
        ), a
    assert kept + furniture == _chars(page)


# ---------------------------------------------------------------------------------------------
# Fixed-pitch re-lays: what a text extractor with a fixed character count per line leaves


NUMBER = re.compile(r" *(\d+(?:\.\d+)?) *")


def lay_fixed(
    order: list[int],
    width: int,
    *,
    after: bool,
    blank: bool,
    spaced_numbers: bool = False,
    eol: str = "\n",
) -> Laid:
    """The seed's articles in `order`, one fixed wrap width, the seed's conventions for bylines and credits."""
    lines: list[str] = []
    for i in order:
        a = ARTICLES[i]
        heads = [h for h in (a["kicker"], a["title"], a["subtitle"]) if h]
        paras = [NUMBER.sub(r" \1 ", p) for p in a["paragraphs"]] if spaced_numbers else list(a["paragraphs"])
        byline: list[str] = []
        if a["byline"].startswith("本报讯"):
            paras[0] = a["byline"] + paras[0]
        elif a["byline"]:
            byline = [a["byline"]]
        body = [ln for p in paras for ln in wrap_cells(p, width)]
        if a["credit"]:
            if len(body[-1]) + 1 + len(a["credit"]) <= width:
                body[-1] += " " + a["credit"]
            else:
                body.append(a["credit"])
        lines += byline + body + heads if after else heads + byline + body
    return Laid(page=(eol * 2 if blank else eol).join(lines) + eol, order=list(order))


def distinct_headlines(order: list[int], width: int) -> bool:
    """The precondition of fixed-pitch pages: every headline line is at least 2 cells narrower or
    wider than the column (4 on pages of one or two articles, which give little evidence of the
    paragraph indent). A headline exactly as wide as its column and not pinned by a byline, credit
    or page edge reads as body text to a reader too."""
    need = 2 if len(order) >= 3 else 4
    heads = (
        h for i in order for h in (ARTICLES[i]["kicker"], ARTICLES[i]["title"], ARTICLES[i]["subtitle"]) if h
    )
    return all(abs(len(h) - width) >= need for h in heads)


ORDERS = st.permutations(range(len(ARTICLES))).flatmap(lambda p: st.integers(1, len(p)).map(lambda n: p[:n]))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    order=ORDERS,
    width=st.integers(16, 40),
    after=st.booleans(),
    blank=st.booleans(),
    spaced=st.booleans(),
    eol=st.sampled_from(["\n", "\r\n"]),
)
def test_fixed_pitch_relays_give_back_the_same_articles(
    order: list[int], width: int, after: bool, blank: bool, spaced: bool, eol: str
) -> None:
    """Narrow (16-18) and wide (40) wraps, no blank lines, CRLF, spaced numbers, any article order."""
    assume(distinct_headlines(order, width))
    check_same_articles(lay_fixed(order, width, after=after, blank=blank, spaced_numbers=spaced, eol=eol))


@pytest.mark.parametrize(
    ("order", "width", "after", "blank", "spaced", "eol"),
    [
        # The eval's re-laid seed pages (evals/relay.py): seed order, these layouts.
        (list(range(13)), 18, True, True, False, "\n"),
        (list(range(13)), 40, True, False, False, "\n"),
        (list(range(13)), 26, True, True, True, "\n"),
        (list(range(13)), 34, False, False, True, "\r\n"),
        # A subtitle after its title, then photo news (no byline), both ways round and narrow.
        ([10, 7], 24, False, False, False, "\n"),
        ([10, 7], 18, True, False, False, "\n"),
        ([10, 7, 8], 20, False, True, True, "\n"),
        ([5, 7, 8, 9], 16, False, False, False, "\n"),
        # A byline whose brackets a narrow column breaks.
        ([0, 2, 6, 7, 12, 5], 16, False, False, False, "\r\n"),
    ],
)
def test_known_hard_layouts(
    order: list[int], width: int, after: bool, blank: bool, spaced: bool, eol: str
) -> None:
    check_same_articles(lay_fixed(order, width, after=after, blank=blank, spaced_numbers=spaced, eol=eol))
