"""Headline groups to bodies: which neighbouring body each headline belongs to, decided for the whole page.

A page alternates runs of headline lines and runs of body blocks (bylines, paragraphs, credits).
Every article has one headline group, printed right above its body or right below it, and papers
mix both on one page. So the page is cut by a global one-to-one, order-keeping assignment of
headline groups to bodies (newspaper article reconstruction pairs titles and bodies as a bipartite
matching; along a page the matching is monotone, so a dynamic programme over the runs finds the best
one exactly). Per headline run the options are: all of it belongs to the body above, all of it to
the body below, or it holds two groups (the end of the article above, the start of the one below),
split at some line. A body run that receives two groups holds two articles and is cut at its best
cut point. Evidence, each worth points (summarizer.segment.thresholds):

* words and numbers a headline shares with a body's lead (a title restates its lead: "秦皇岛工会
  800万元送温暖" shares 秦皇岛 and 800万元 with it), weighted by how rare they are on the page;
* page edges: a headline run at the top has no body above, one at the bottom none below;
* a body left without a headline is an article without a title (a heavy penalty);
* consecutive articles usually print their headlines on the same side;
* a body run is cut where a byline opens an article, after a credit that closes one, or where the
  column width changes; cutting elsewhere costs, and not cutting where such evidence stands costs too;
* a headline run splits where a kicker (…—— / …：) starts the next group or after a "——" subtitle,
  and never inside a word (a title over two lines).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import add

from summarizer.segment.headlines import KICKER_END, SUBTITLE_DASH, word_across
from summarizer.segment.lines import Line
from summarizer.segment.shapes import CLOSING_MARKS, OPENING_MARKS
from summarizer.segment.thresholds import (
    BYLINE_MARK_SIDE,
    BYLINE_UNMARKED_OPENS,
    COLUMN_CHANGE,
    CUT_AFTER_CREDIT,
    CUT_AT_BYLINE,
    CUT_AT_WIDTH_CHANGE,
    HEADLESS,
    LEAD_CHARS,
    LEXICAL_WEIGHT,
    PLAIN_CUT,
    SAME_SIDE,
    SPLIT_AFTER_SUBTITLE,
    SPLIT_AT_KICKER,
    SPLIT_BREAKS_WORD,
)

_NEG = -1e18
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
_SPACE_RE = re.compile(r"\s+")
_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width digits and letters as ASCII


@dataclass
class Block:
    """A run of lines with one role: head (headline group), byline, para (paragraph) or credit."""

    kind: str
    lines: list[Line] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.lines)

    @cached_property
    def tokens(self) -> frozenset[str]:
        """Tokens of the block's opening (a lead is at most LEAD_CHARS long)."""
        text = ""
        for ln in self.lines:
            text += ln.text
            if len(text) >= LEAD_CHARS:
                break
        return tokens(text[:LEAD_CHARS])


def tokens(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese text and whole numbers: what a headline and a lead can share."""
    t = _SPACE_RE.sub("", text.translate(_HALFWIDTH))
    out = set(_NUMBER_RE.findall(t))
    for run in _CJK_RUN_RE.findall(t):
        out.update(map(add, run, run[1:]))
    return frozenset(out)


class _Lex:
    """Headline/lead similarity with page-level rarity weights (a word every article uses counts little)."""

    def __init__(self, paras: Sequence[Block]):
        self.df = Counter(chain.from_iterable(b.tokens for b in paras))
        self.n = max(1, len(paras))

        self._w: dict[str, float] = {}
        self._totals: dict[frozenset[str], float] = {}

    def weight(self, t: str) -> float:
        w = self._w.get(t)
        if w is None:
            w = self._w[t] = math.log(1.0 + self.n / (1.0 + self.df.get(t, 0)))
        return w

    def sim(self, head: frozenset[str], lead: frozenset[str]) -> float:
        total = self._totals.get(head)
        if total is None:
            total = self._totals[head] = sum(map(self.weight, head))
        if not total:
            return 0.0
        return sum(map(self.weight, head & lead)) / total


@dataclass
class _Run:
    """Body blocks between two headline runs, with what the assignment needs to know about them."""

    blocks: list[Block]
    leads: list[frozenset[str]] = field(default_factory=list)  # lead tokens of the body starting at block c
    cuts: list[float] = field(default_factory=list)  # evidence for an article boundary before block c
    missed: float = 0.0  # the strongest boundary evidence inside the run (what leaving it whole costs)


def _closes(b: Block) -> float:
    """How likely a byline of its own line closes the article above rather than opening the one
    below: a lead byline always opens; papers print a filled box (■) after the last paragraph and an
    open box (□), "文/" or no mark above the first."""
    if b.lines[0].lead:
        return 0.0
    mark = b.lines[0].text[:1]
    if mark in CLOSING_MARKS:
        return BYLINE_MARK_SIDE
    if mark in OPENING_MARKS:
        return 1.0 - BYLINE_MARK_SIDE
    return 1.0 - BYLINE_UNMARKED_OPENS


def _para_column(b: Block, indent: float) -> float | None:
    """A paragraph's column width: the median of its full lines (not its first, often indented, line)."""
    lines = b.lines[:-1]
    if len(lines) >= 2:
        return statistics.median(ln.width for ln in lines[1:])
    if lines:
        return lines[0].width + indent
    return None


def _prepare(run: list[Block], indent: float) -> _Run:
    r = _Run(run)
    n = len(run)
    # Lead tokens of a body starting at block c: its first paragraphs, up to LEAD_CHARS characters.
    for c in range(n):
        toks: set[str] = set()
        size = 0
        for b in run[c:]:
            if b.kind != "para":
                continue
            toks |= b.tokens
            size += len(b.text)
            if size >= LEAD_CHARS:
                break
        r.leads.append(frozenset(toks))
    cols = [_para_column(b, indent) if b.kind == "para" else None for b in run]
    paras_before = [0] * (n + 1)
    for c, b in enumerate(run):
        paras_before[c + 1] = paras_before[c] + (b.kind == "para")
    r.cuts = [_NEG] * n
    for c in range(1, n):
        prev, cur = run[c - 1], run[c]
        if prev.kind == "byline" and prev.lines[0].lead:
            continue  # a lead byline is never cut from its paragraph
        if paras_before[c] == 0 or paras_before[n] - paras_before[c] == 0:
            continue  # an article holds at least one paragraph
        score = -PLAIN_CUT
        if cur.kind == "byline":
            score += CUT_AT_BYLINE * (1.0 - _closes(cur))
        if prev.kind == "credit":
            score += CUT_AFTER_CREDIT
        if prev.kind == "byline" and not prev.lines[0].lead:
            score += CUT_AT_BYLINE * _closes(prev)  # a byline of its own line may close the article above
        before = next((w for w in reversed(cols[:c]) if w is not None), None)
        after = next((w for w in cols[c:] if w is not None), None)
        if before is not None and after is not None and abs(before - after) > COLUMN_CHANGE:
            score += CUT_AT_WIDTH_CHANGE
        r.cuts[c] = score
    r.missed = max(0.0, max(r.cuts[1:], default=0.0))
    return r


def _split_score(lines: list[Line], s: int) -> float:
    """Evidence that headline lines[:s] end one group and lines[s:] start the next."""
    above, below = lines[s - 1].text, lines[s].text
    score = 0.0
    if below.endswith(KICKER_END):
        score += SPLIT_AT_KICKER
    if above.startswith(SUBTITLE_DASH):
        score += SPLIT_AFTER_SUBTITLE
    if above.endswith(KICKER_END):
        score -= SPLIT_AT_KICKER  # a kicker leads into the line below it
    if below.startswith(SUBTITLE_DASH):
        score -= SPLIT_AFTER_SUBTITLE  # a subtitle follows its title
    if word_across(above, below):
        score -= SPLIT_BREAKS_WORD
    return score


# An option for one headline run: how many of its lines go to the body above (the rest go below).
# 0: all below; len: all above; in between: two groups.


def assign(blocks: list[Block], indent: float) -> list[list[Block]]:
    """Group blocks into articles (page order), each with at most one headline block."""
    heads: list[Block] = []
    runs: list[list[Block]] = [[]]
    for b in blocks:
        if b.kind == "head":
            heads.append(b)
            runs.append([])
        else:
            runs[-1].append(b)
    if not heads:
        return [blocks] if blocks else []
    lex = _Lex([b for b in blocks if b.kind == "para"])
    prepared = [_prepare(r, indent) for r in runs]
    group_cache: dict[tuple[int, int, int], frozenset[str]] = {}

    def group_tokens(k: int, a: int, b: int) -> frozenset[str]:
        key = (k, a, b)
        if key not in group_cache:
            # The group's text joined: bigrams across its line breaks count too (a title over two lines).
            group_cache[key] = tokens("".join(ln.text for ln in heads[k].lines[a:b]))
        return group_cache[key]

    m = len(heads)
    options = [list(range(len(h.lines) + 1)) for h in heads]  # lines going up

    sim_cache: dict[tuple[int, int, int, int], float] = {}

    def sim(k: int, part: tuple[int, int], run: int, c: int) -> float:
        """Lexical match of head k's lines part[0]:part[1] with the lead of run `run` from block c."""
        key = (k, *part, run * 4096 + c)
        v = sim_cache.get(key)
        if v is None:
            v = sim_cache[key] = LEXICAL_WEIGHT * lex.sim(group_tokens(k, *part), prepared[run].leads[c])
        return v

    def run_score(k: int, up_from_left: tuple[int, int] | None, down_from_right: tuple[int, int] | None):
        """Best score of body run k given the headline lines it receives: from the run above it
        (head k-1's lower part, printed before this body) and from the run below (head k's upper
        part, printed after). Returns (score, cut) with cut the block index splitting two articles."""
        r = prepared[k]
        n = len(r.blocks)
        if n == 0:
            return (0.0, None) if up_from_left is None and down_from_right is None else (_NEG, None)
        missed = r.missed
        if up_from_left is None and down_from_right is None:
            return -HEADLESS - missed, None
        if up_from_left is not None and down_from_right is not None:
            before = sim(k - 1, up_from_left, k, 0)
            best, best_c = _NEG, None
            for c in range(1, n):
                if r.cuts[c] <= _NEG / 2:
                    continue
                score = r.cuts[c] + before + sim(k, down_from_right, k, c)
                if score > best:
                    best, best_c = score, c
            return best, best_c
        if up_from_left is not None:
            return sim(k - 1, up_from_left, k, 0) - missed, None
        assert down_from_right is not None
        return sim(k, down_from_right, k, 0) - missed, None

    def head_score(k: int, up: int) -> float:
        n = len(heads[k].lines)
        return _split_score(heads[k].lines, up) if 0 < up < n else 0.0

    # best[k][o]: best score of runs 0..k and heads 0..k-1... indexed so head k has option o.
    # Head k sits between run k (above) and run k+1 (below).
    best: list[dict[int, float]] = []
    back: list[dict[int, tuple[int | None, int | None]]] = []
    for k in range(m):
        row: dict[int, float] = {}
        brow: dict[int, tuple[int | None, int | None]] = {}
        for o in options[k]:
            down = (0, o) if o > 0 else None  # head k's upper part belongs to run k (printed after it)
            hs = head_score(k, o)
            if k == 0:
                s, cut = run_score(0, None, down)
                if s <= _NEG / 2:
                    continue
                row[o] = s + hs
                brow[o] = (None, cut)
                continue
            cands = []
            for po, ps in best[k - 1].items():
                pn = len(heads[k - 1].lines)
                up = (po, pn) if po < pn else None  # head k-1's lower part is printed before run k
                s, cut = run_score(k, up, down)
                if s <= _NEG / 2:
                    continue
                # Same side: the lower group of head k-1 (before) and upper group of head k (after).
                prev_side = "before" if po < pn else "after"
                this_side = "after" if o > 0 else "before"
                same = SAME_SIDE if prev_side == this_side else 0.0
                cands.append((ps + s + hs + same, po, cut))
            if cands:
                sc, po_best, cut = max(cands, key=lambda t: t[0])
                row[o] = sc
                brow[o] = (po_best, cut)
        best.append(row)
        back.append(brow)
    # The last run (below the last head).
    final = []
    pn = len(heads[-1].lines)
    for po, ps in best[-1].items():
        up = (po, pn) if po < pn else None
        s, cut = run_score(m, up, None)
        if s > _NEG / 2:
            final.append((ps + s, po, cut))
    if not final:
        return [blocks]
    _, o, last_cut = max(final, key=lambda t: t[0])
    choice = [0] * m
    cuts: list[int | None] = [None] * (m + 1)
    cuts[m] = last_cut
    choice[m - 1] = o
    for k in range(m - 1, -1, -1):
        po, cut = back[k][choice[k]]
        cuts[k] = cut
        if k > 0:
            assert po is not None
            choice[k - 1] = po
    return _articles(heads, runs, choice, cuts)


def _articles(
    heads: list[Block], runs: list[list[Block]], choice: list[int], cuts: list[int | None]
) -> list[list[Block]]:
    """The chosen assignment as articles in page order."""
    m = len(heads)
    articles: list[list[Block]] = []
    for k in range(m + 1):
        run = runs[k]
        before = None  # head k-1's lower part, printed before this run
        if k > 0 and choice[k - 1] < len(heads[k - 1].lines):
            before = Block("head", heads[k - 1].lines[choice[k - 1] :])
        after = None  # head k's upper part, printed after this run
        if k < m and choice[k] > 0:
            after = Block("head", heads[k].lines[: choice[k]])
        if not run:
            continue
        if before is not None and after is not None and cuts[k] is not None:
            c = cuts[k]
            assert c is not None
            articles.append([before, *run[:c]])
            articles.append([*run[c:], after])
            continue
        art = [*run]
        if before is not None:
            art.insert(0, before)
        if after is not None:
            art.append(after)
        articles.append(art)
    return articles
