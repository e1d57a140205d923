"""Headline groups to bodies: which neighbouring body each headline belongs to, decided for the whole page.

Every article has one headline group, printed right above its body or right below it, and papers
mix both on one page. So the page is cut into articles by a global, order-keeping one-to-one
assignment of headline groups to bodies (newspaper article reconstruction pairs titles and bodies as
a bipartite matching; along a page the matching is monotone, so a dynamic programme over the page's
blocks finds the best assignment exactly). An article is a stretch of blocks with its headline lines
at its start or at its end; a run of headline lines may hold the end of one article's group and the
start of the next one's. Evidence, each worth points (summarizer.segment.thresholds):

* words and numbers a headline shares with its body's lead (a title restates its lead: "江城工会
  730万元助就业" shares 江城 and 730万元 with it), weighted by how rare they are on the page;
* page edges: a headline at the top has no body above it, one at the bottom none below;
* a body left without a headline is an article without a title (a heavy penalty); where layout shows
  an article starts (after a credit or a closing byline, where the column width changes) but no
  headline line was seen, the first line of its first paragraph may be its headline (a headline as
  wide as its column looks like body text), at a cost;
* consecutive articles usually print their headlines on the same side;
* an article boundary between body blocks falls where a byline opens an article, after a credit or
  a byline that closes one, or where the column width changes; a boundary elsewhere costs, and so
  does leaving such evidence inside an article;
* a headline run is split where a kicker (…—— / …：) starts the next group or after a "——" subtitle,
  never inside a word (a title over two lines).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from math import fsum
from operator import add, is_

from summarizer.segment.columns import median
from summarizer.segment.headline_model import hard_join
from summarizer.segment.headlines import KICKER_END, SUBTITLE_DASH, ends_clause, group_shape, one_title, units
from summarizer.segment.lines import Line, has_inner_punct
from summarizer.segment.roles import CONTINUES, spacing_differs
from summarizer.segment.shapes import CLOSING_MARKS, OPENING_MARKS, is_photo_credit
from summarizer.segment.thresholds import (
    BYLINE_MARK_SIDE,
    BYLINE_UNMARKED_OPENS,
    COHERENCE_WEIGHT,
    COHESION_WEIGHT,
    COLUMN_CHANGE,
    CREDIT_WITH_BYLINE,
    CUT_AFTER_CREDIT,
    CUT_AFTER_FULL_LINE,
    CUT_AFTER_PHOTO_CREDIT,
    CUT_AT_BYLINE,
    CUT_AT_LEAD_TIME,
    CUT_AT_WIDTH_CHANGE,
    DEFAULT_INDENT,
    FULL_LINE_SLACK,
    GROUP_SHAPE_WEIGHT,
    HEAD_COHESION_WEIGHT,
    HEADLESS,
    LEAD_CHARS,
    LEAD_NEXT_SHARE,
    LEXICAL_WEIGHT,
    MAX_ARTICLE_ATOMS,
    MULTI_BYLINE,
    MULTI_CREDIT,
    NUMBER_TOKEN_WEIGHT,
    ORPHAN,
    PHOTO_EXTRA_PARA,
    PHOTO_MAX_PARAS,
    PHOTO_WITH_BYLINE,
    PLAIN_CUT,
    PLAIN_SPLIT,
    PROMOTE_COST,
    PROMOTE_MIN_BOUNDARY,
    QUESTION_HEADLINE_MAX,
    SAME_SIDE,
    SOFT_LEXICAL,
    SPLIT_AFTER_SUBTITLE,
    SPLIT_AT_KICKER,
    SPLIT_AT_SPACING,
    SPLIT_BREAKS_WORD,
    TITLE_MIN_UNITS,
)
from summarizer.segment.words import ends_open, tells_lead_time, word_across

_NEG = -1e18
_NONE, _BEFORE, _AFTER = 0, 1, 2  # where an article's headline stands
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
_FULLWIDTH_RE = re.compile(r"[\uff01-\uff5e]")
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
        return "".join([ln.text for ln in self.lines])

    @cached_property
    def tokens(self) -> frozenset[str]:
        """Tokens of the block's opening (a lead is at most LEAD_CHARS long)."""
        text = ""
        for ln in self.lines:
            text += ln.text
            if len(text) >= LEAD_CHARS:
                break
        return tokens(text[:LEAD_CHARS])


@lru_cache(maxsize=16384)
def tokens(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese text and whole numbers: what a headline and a lead can share.
    Memoised: a page's leads and headline runs are tokenised by several scorers, and a page is often
    segmented again (a frozenset is immutable, so sharing it is safe)."""
    t = text.replace(" ", "").replace("\u3000", "")
    if _FULLWIDTH_RE.search(t):
        t = t.translate(_HALFWIDTH)
    out = set(_NUMBER_RE.findall(t))
    for run in _CJK_RUN_RE.findall(t):
        out.update(map(add, run, run[1:]))
    return frozenset(out)


class _Weights(dict[str, float]):
    """Token weights with one weight for a token not counted (a rare one)."""

    def __init__(self, weights: dict[str, float] | None = None, missing: float = 0.0):
        super().__init__(weights or {})
        self.missing = missing

    def __missing__(self, key: str) -> float:
        return self.missing


class _LazyWeights(dict[str, float]):
    """Token weights, a token not yet weighed computed (and kept) on first use."""

    def __init__(self, compute: Callable[[str], float]):
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> float:
        w = self[key] = self.compute(key)
        return w


class _Lex:
    """Headline/lead similarity with page-level rarity weights (a word every article uses counts little)."""

    def __init__(self, paras: Sequence[Block], vocab: frozenset[str], counts: Counter[str] | None = None):
        # Weights are only ever asked of headline tokens (vocab): count only those (read from
        # `counts`, how many of these paragraphs open with each token, when the caller has it).
        self.df: dict[str, int]
        if counts is None:
            self.df = Counter(chain.from_iterable(b.tokens & vocab for b in paras))
        else:
            self.df = {t: counts[t] for t in vocab if t in counts}
        self.n = max(1, len(paras))
        # Every headline token's weight, computed once (a token outside vocab is weighed on demand),
        # from a table of the weight of each count (the same expression as _weight).
        self._w = _LazyWeights(self._weight)
        table = [math.log(1.0 + self.n / (1.0 + k)) for k in range(len(paras) + 1)]
        df = self.df
        for t in vocab:
            w = table[df.get(t, 0)]
            self._w[t] = w * NUMBER_TOKEN_WEIGHT if t[0].isascii() else w
        self._totals: dict[frozenset[str], float] = {}

    def _weight(self, t: str) -> float:
        w = math.log(1.0 + self.n / (1.0 + self.df.get(t, 0)))
        if t[0].isascii():
            w *= NUMBER_TOKEN_WEIGHT  # a figure ("800万元", "9.9元") names its story more surely than words
        return w

    def weight(self, t: str) -> float:
        return self._w[t]

    def total(self, head: frozenset[str]) -> float:
        total = self._totals.get(head)
        if total is None:
            total = self._totals[head] = fsum(map(self._w.__getitem__, head))
        return total

    def matched(self, head: frozenset[str], text: frozenset[str]) -> float:
        return fsum(map(self._w.__getitem__, head & text))

    def sim(self, head: frozenset[str], lead: frozenset[str]) -> float:
        total = self.total(head)
        return self.matched(head, lead) / total if total else 0.0


@dataclass
class _Atom:
    """One unit of the page for the assignment: a headline line or a body block.

    A "soft" atom is the first line of a paragraph where layout shows an article starts or ends (a
    headline as wide as its column looks like body text): the assignment may take it for the
    headline of the article below or above it (at a cost), or keep it in its paragraph (`whole`:
    the paragraph it came from; the rest of it, if any, is the next atom, marked `rest`)."""

    kind: str  # head | byline | para | credit | soft
    block: Block
    whole: Block | None = None
    rest: bool = False


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


def _para_column(b: Block) -> float | None:
    """A paragraph's column width: the median of its full lines (neither its first, often
    indented, line nor its last); None for a paragraph too short to show one."""
    lines = b.lines[1:-1]
    if not lines:
        return None
    return median([ln.width for ln in lines])


def _split_score(lines: list[Line], s: int) -> float:
    """Evidence that headline lines[:s] end one group and lines[s:] start the next."""
    above, below = lines[s - 1].text, lines[s].text
    score = -PLAIN_SPLIT  # without evidence, consecutive headline lines are one group
    if below.endswith(KICKER_END):
        score += SPLIT_AT_KICKER
    if above.startswith(SUBTITLE_DASH):
        score += SPLIT_AFTER_SUBTITLE
    if above.endswith(KICKER_END):
        score -= SPLIT_AT_KICKER  # a kicker leads into the line below it
    if below.startswith(SUBTITLE_DASH):
        score -= SPLIT_AFTER_SUBTITLE  # a subtitle follows its title
    if hard_join(above, below) and not above.startswith(SUBTITLE_DASH):
        # A fact of the language (a word, a number and its measure word, a conjunction opening the
        # line below…) makes the two lines one field; a dash subtitle still closes its group.
        return _NEG
    if word_across(above, below):
        score -= SPLIT_BREAKS_WORD
    elif units(below) < TITLE_MIN_UNITS and not below.endswith(KICKER_END):
        # "…指导也更|贴心了": too short for a title, so no group starts there, unless it is the first
        # half of a title over two lines below it; where it could finish the title above as well,
        # a line that ends a clause (on 了/吗/！/？ or a verb) finishes it, and so does one that
        # shares the title above more evenly (a title's two lines are about equally long).
        after = lines[s + 1].text if s + 1 < len(lines) else None
        opens = after is not None and one_title(below, after)
        if not opens or (
            (ends_clause(below) or _balance(above, below) > _balance(below, after or ""))
            and one_title(above, below)
        ):
            score -= SPLIT_BREAKS_WORD
    if spacing_differs(above, below):
        score += SPLIT_AT_SPACING  # one letter-spaced, the other not: set in other type
    return score


def _balance(a: str, b: str) -> float:
    """How evenly two lines share a title (shorter over longer, 0..1): a title set over two lines
    is broken into lines of about equal length."""
    ua, ub = units(a), units(b)
    return min(ua, ub) / max(ua, ub) if max(ua, ub) else 0.0


def _ends_full(b: Block) -> bool:
    """The paragraph's last line fills its column: its sentence ended at the line's end, which says
    nothing of a paragraph ending there (a paragraph's last line is usually short)."""
    if len(b.lines) < 2:
        return False
    width = median(ln.width for ln in b.lines[-4:-1])  # the paragraph's own full lines
    return b.lines[-1].width >= width - FULL_LINE_SLACK


def _promotable(b: Block) -> int:
    """How many first lines of paragraph b could be a headline nobody saw (0: none): a line shaped
    like a headline (no sentence punctuation inside, nothing left open, not ending a sentence) that
    leaves the paragraph a line (not indented, not ending on a word that leaves the phrase open or
    runs on into the next line); or
    a paragraph that is one short question or exclamation (news paragraphs never are; headlines
    often)."""
    first = b.lines[0]
    t = first.text
    if first.after_byline or first.indented or "。" in t or _unclosed(t) or t.endswith(CONTINUES):
        return 0  # an indent marks a paragraph's first line; a headline carries none
    if ends_open(t):
        return 0  # "…价值260元的": a phrase left open is no headline
    if len(b.lines) == 1:
        return 1 if t.endswith(("？", "！", "?", "!")) and first.width <= QUESTION_HEADLINE_MAX else 0
    if first.terminal or "、" in t or (has_inner_punct(t) and not _two_clause_title(t)):
        return 0
    if word_across(t, b.lines[1].text):
        return 0  # "…湘西土家|族…": a word runs on into the next line
    return 1


def _two_clause_title(text: str) -> bool:
    """A headline of two clauses set apart by one comma ("…欠薪，不能只靠…"): one "，" and no other
    sentence punctuation, each clause at least TITLE_MIN_UNITS - 1 long, its first clause not
    saying when (a lead's opening)."""
    inner = text.rstrip()[:-1]
    if inner.count("，") != 1 or any(p in inner for p in "。；！？,;!?"):
        return False
    if tells_lead_time(text):
        return False  # "11月28日，…举办…": a lead says when in its first clause; a headline does not
    head, tail = text.split("，", 1)
    return units(head) >= TITLE_MIN_UNITS - 1 and units(tail) >= TITLE_MIN_UNITS - 1


@lru_cache(maxsize=16384)
def _unclosed(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in ("“”", "（）", "《》", "()"))


def assign(blocks: list[Block]) -> list[list[Block]]:
    """Group blocks into articles (page order), each with at most one headline block."""
    atoms: list[_Atom] = []
    for b in blocks:
        if b.kind == "head":
            atoms += [_Atom("head", Block("head", [ln])) for ln in b.lines]
        else:
            atoms.append(_Atom(b.kind, b))
    if not any(a.kind == "para" for a in atoms):
        return [blocks] if blocks else []
    return _Assigner(_with_soft_heads(atoms)).solve()


def _with_soft_heads(atoms: list[_Atom]) -> list[_Atom]:
    """The atoms with the first line of each paragraph that may be a headline nobody saw made a
    soft atom: a headline-shaped line (see _promotable) where layout shows an article boundary (a
    credit or closing byline before it, a column change, the page start), or in photo news (a photo
    credit below with no byline between: photo news has its credit and no byline)."""
    layout = _Assigner(atoms, layout_only=True)  # boundary evidence asked only where it is needed
    out: list[_Atom] = []
    n = len(atoms)
    for c, a in enumerate(atoms):
        if (
            a.kind != "para"
            or not _promotable(a.block)
            or (c and atoms[c - 1].kind == "byline" and atoms[c - 1].block.lines[0].lead)
        ):
            out.append(a)
            continue
        boundary = c == 0 or layout._cut_score(c) >= PROMOTE_MIN_BOUNDARY
        if not boundary and len(a.block.lines) == 1:
            # A one-line paragraph where an article ends below it (the page end, a column change):
            # the headline of the article above, printed after it.
            boundary = c + 1 == n or layout._cut_score(c + 1) >= PROMOTE_MIN_BOUNDARY
        if not boundary:
            for d in range(c + 1, n):  # photo news below with no byline between
                kind = atoms[d].kind
                if kind in ("head", "byline"):
                    break
                if kind == "credit":
                    boundary = is_photo_credit(atoms[d].block.lines[0].text)
                    break
        if not boundary:
            out.append(a)
            continue
        lines = a.block.lines
        out.append(_Atom("soft", Block("head", [lines[0]]), whole=a.block))
        if len(lines) > 1:
            out.append(_Atom("para", Block("para", lines[1:]), rest=True))
    return out


class _Assigner:
    def __init__(self, atoms: list[_Atom], layout_only: bool = False):
        self.atoms = atoms
        n = self.n = len(atoms)
        self.cohesion_weights: _Weights = _Weights()
        if layout_only:  # layout evidence only: _cut_score(c) without cohesion, asked per atom
            self.cols = [_para_column(a.block) if a.kind == "para" else None for a in atoms]
            return
        paras = [a.block for a in atoms if a.kind == "para"]
        vocab: set[str] = set()
        c = 0
        while c < n:  # every run of headline lines, read as one text (a group may join its lines)
            if atoms[c].kind == "head":
                e = c
                while e < n and atoms[e].kind == "head":
                    e += 1
                vocab |= tokens("".join(atoms[x].block.lines[0].text for x in range(c, e)))
                c = e
            else:
                if atoms[c].kind == "soft":
                    vocab |= tokens(atoms[c].block.lines[0].text)
                c += 1
        # The paragraphs as printed (a soft atom's whole paragraph, not its rest): how many of them
        # open with each token, for the rarity weights of their cohesion.
        printed = [
            a.whole if a.kind == "soft" and a.whole else a.block
            for a in atoms
            if a.kind in ("para", "soft") and not a.rest
        ]
        df = Counter(chain.from_iterable(b.tokens for b in printed))
        # Without soft atoms the paragraphs as printed are the paragraph atoms: the lexical
        # weights count the same paragraphs, so they read these counts rather than count again.
        same = len(printed) == len(paras) and all(map(is_, printed, paras))
        self.lex = _Lex(paras, frozenset(vocab), df if same else None)
        table = [math.log(1.0 + len(printed) / (1.0 + k)) for k in range(len(printed) + 1)]
        # A token no printed opening has (a split paragraph's rest) is rare.
        self.cohesion_weights = _Weights(
            dict(zip(df, map(table.__getitem__, df.values()), strict=True)), table[1]
        )
        self._block_weights: dict[int, float] = {}
        # Lead tokens of a body starting at atom c: its first paragraph (and the next one when the
        # first is too short to say much).
        self.leads: list[frozenset[str]] = [frozenset()] * (n + 1)
        self.leads_next: list[frozenset[str]] = [frozenset()] * (n + 1)
        # The first two paragraphs from c on, up to the next headline line (their tokens, and the
        # second's less the first's, taken once per paragraph, not once per atom).
        lead: frozenset[str] | None = None
        lead_next: frozenset[str] | None = None
        for c in range(n - 1, -1, -1):
            a = atoms[c]
            if a.kind == "head":
                lead = lead_next = None
                continue
            if a.kind == "para":
                toks = a.block.tokens
                lead_next = None if lead is None else lead - toks
                lead = toks
            if lead is not None:
                self.leads[c] = lead
                if lead_next is not None:
                    self.leads_next[c] = lead_next
        # Each head line's run of headline lines, so a group's match is weighed against its whole run.
        self.run_of: list[tuple[int, int]] = [(c, c) for c in range(n)]
        c = 0
        while c < n:
            if atoms[c].kind == "head":
                e = c
                while e < n and atoms[e].kind == "head":
                    e += 1
                for x in range(c, e):
                    self.run_of[x] = (c, e)
                c = e
            else:
                c += 1
        self._groups: dict[tuple[int, int], tuple[float, int, list[float], list[float | None]]] = {}
        # For each atom, the stretch from the headline run before its own to the one after it.
        self.body_span: list[tuple[int, int]] = [(0, n)] * n
        c = 0
        while c < n:
            if atoms[c].kind != "head":
                c += 1
                continue
            rs, re_ = self.run_of[c]
            lo = rs
            while lo > 0 and atoms[lo - 1].kind != "head":
                lo -= 1
            hi = re_
            while hi < n and atoms[hi].kind != "head":
                hi += 1
            for x in range(rs, re_):
                self.body_span[x] = (lo, hi)
            c = re_
        self.cols = [_para_column(a.block) if a.kind == "para" else None for a in atoms]
        # Evidence for an article boundary before atom c (between two body atoms, or two head lines).
        self.cut = [0.0] * (n + 1)
        for c in range(1, n):
            self.cut[c] = self._cut_score(c)
        # The strongest boundary evidence in any stretch of atoms (a sparse table of maxima).
        self._max = [list(self.cut)]
        width = 1
        while 2 * width <= n + 1:
            prev = self._max[-1]
            self._max.append(list(map(max, prev[: len(prev) - width], prev[width:])))
            width *= 2
        self.paras_before = [0] * (n + 1)
        self.heads_before = [0] * (n + 1)
        for c, a in enumerate(atoms):
            whole_para = a.kind == "soft" and a.whole is not None and len(a.whole.lines) == 1
            self.paras_before[c + 1] = self.paras_before[c] + (a.kind == "para" or whole_para)
            self.heads_before[c + 1] = self.heads_before[c] + (a.kind == "head")
        self._soft: dict[int, tuple[frozenset[str], float, int, list[float]]] = {}
        self.bylines_before = [0] * (n + 1)
        for c, a in enumerate(atoms):
            self.bylines_before[c + 1] = self.bylines_before[c] + (a.kind == "byline")
        self.credits_before = [0] * (n + 1)
        for c, a in enumerate(atoms):
            self.credits_before[c + 1] = self.credits_before[c] + (a.kind == "credit")
        self._group: dict[tuple[int, int], frozenset[str]] = {}
        # For article shapes: the first non-headline atom from i on, the end of the body before j's
        # trailing headline lines.
        self.body_from = [n] * (n + 1)
        for c in range(n - 1, -1, -1):
            self.body_from[c] = c if atoms[c].kind != "head" else self.body_from[c + 1]
        self.body_to = [0] * (n + 1)
        for c in range(1, n + 1):
            self.body_to[c] = c if atoms[c - 1].kind != "head" else self.body_to[c - 1]
        self.photo = [a.kind == "credit" and is_photo_credit(a.block.lines[0].text) for a in atoms]

    def _cut_score(self, c: int) -> float:
        prev, cur = self.atoms[c - 1], self.atoms[c]
        if cur.rest:
            return 0.0  # after a soft atom: an article ends here only if that line was its headline
        if prev.kind == "soft" or cur.kind == "soft":
            prev = _Atom("para", prev.whole) if prev.kind == "soft" and prev.whole else prev
            cur = _Atom("para", cur.whole) if cur.kind == "soft" and cur.whole else cur
        if prev.kind == "head" and cur.kind == "head":
            pair = [prev.block.lines[0], cur.block.lines[0]]
            if c + 1 < self.n and self.atoms[c + 1].kind == "head":
                pair.append(self.atoms[c + 1].block.lines[0])
            return _split_score(pair, 1) - HEAD_COHESION_WEIGHT * self._head_cohesion(pair[0], pair[1])
        if prev.kind == "head" or cur.kind == "head":
            return 0.0
        if prev.kind == "byline" and prev.block.lines[0].lead:
            return _NEG  # a lead byline is never cut from its paragraph
        score = -PLAIN_CUT
        if cur.kind == "byline":
            score += CUT_AT_BYLINE * (1.0 - _closes(cur.block))
        if prev.kind == "credit":
            score += CUT_AFTER_CREDIT
            if is_photo_credit(prev.block.lines[0].text):
                score += CUT_AFTER_PHOTO_CREDIT  # photo news ends on its credit
        if prev.kind == "byline":
            score += CUT_AT_BYLINE * _closes(prev.block)
        before, weak_before = self._column_near(c - 1, -1)
        after, weak_after = self._column_near(c, 1)
        # A column seen only in a two-line paragraph's first line may be short by a dropped indent.
        slack = DEFAULT_INDENT if weak_before or weak_after else 0.0
        if (
            before is not None
            and after is not None
            and abs(before - after) > COLUMN_CHANGE + slack
            and not self._short_para_across(c, before, after)
        ):
            score += CUT_AT_WIDTH_CHANGE
        if prev.kind == "para" and cur.kind == "para":
            if tells_lead_time(cur.block.text):
                score += CUT_AT_LEAD_TIME  # "1月9日清晨，…", "…近日推出": a news lead says when first
            if _ends_full(prev.block):
                score -= (
                    CUT_AFTER_FULL_LINE  # a sentence that ended at a full line's end: the paragraph goes on
                )
            score -= COHESION_WEIGHT * self._cohesion(prev.block, cur.block)
        return score

    def _head_cohesion(self, a: Line, b: Line) -> float:
        """How much two consecutive headline lines share (0..1): a title, its kicker and its subtitle
        name one story and repeat its rare words ("一碗螺蛳粉…" over "柳州螺蛳粉…"); the headlines
        of two articles share only the page's common words. Rarity-weighted bigrams and numbers
        (as for a headline and its lead), the share of the smaller line's weight."""
        lex = getattr(self, "lex", None)
        if lex is None:
            return 0.0
        ta, tb = tokens(a.text), tokens(b.text)
        small = min(lex.total(ta), lex.total(tb))
        return lex.matched(ta, tb) / small if small else 0.0

    def _cohesion(self, a: Block, b: Block) -> float:
        """How much two neighbouring paragraphs' openings share (0..1): the paragraphs of one article
        keep to its subject and repeat its rare words (names, places, numbers); two articles share
        only the page's common words. Words weighted by rarity among the page's paragraphs; the
        share of the smaller opening's weight."""
        weights = self.cohesion_weights
        if not weights:
            return 0.0
        ta, tb = a.tokens, b.tokens
        wa, wb = self._block_weight(a), self._block_weight(b)
        if not wa or not wb:
            return 0.0
        return fsum(map(weights.__getitem__, ta & tb)) / min(wa, wb)

    def _block_weight(self, b: Block) -> float:
        key = id(b)
        total = self._block_weights.get(key)
        if total is None:
            total = self._block_weights[key] = fsum(map(self.cohesion_weights.__getitem__, b.tokens))
        return total

    def _range_max(self, lo: int, hi: int) -> float:
        """The largest boundary evidence at atoms lo..hi-1 (0.0 for none)."""
        if hi <= lo:
            return 0.0
        level = (hi - lo).bit_length() - 1
        row = self._max[level]
        return max(row[lo], row[hi - (1 << level)])

    def _short_para_across(self, c: int, before: float, after: float) -> bool:
        """The column changes at c only as far as a paragraph too short to show its column says:
        its first line (a full line) sides with the column across c, so the change is on its other
        side."""
        for x, there, here in ((c - 1, after, before), (c, before, after)):
            a = self.atoms[x]
            if a.kind == "para" and self.cols[x] is None and len(a.block.lines) == 2:
                first = a.block.lines[0].width
                if abs(first - there) < abs(first - here):
                    return True
        return False

    def _column_near(self, c: int, step: int) -> tuple[float | None, bool]:
        """The nearest paragraph column from atom c on (step 1) or back (step -1), within the same
        body (a headline between belongs to another article's layout), and whether it is weak (only
        a two-line paragraph's first line shows it: a full line, unless its indent was dropped)."""
        while 0 <= c < self.n and self.atoms[c].kind != "head":
            if self.cols[c] is not None:
                return self.cols[c], False
            a = self.atoms[c]
            if a.kind == "para" and len(a.block.lines) == 2:
                return a.block.lines[0].width, True
            c += step
        return None, False

    def group(self, a: int, b: int) -> frozenset[str]:
        key = (a, b)
        if key not in self._group:
            # The group's text joined: bigrams across its line breaks count too (a title over two lines).
            self._group[key] = tokens("".join(self.atoms[i].block.lines[0].text for i in range(a, b)))
        return self._group[key]

    def group_score(self, a: int, b: int, start: int, end: int) -> float:
        """How well headline lines a:b head the body atoms start:end: how well they read as one
        group (kicker, title, subtitle); the words they share with the body's lead and with each of
        its paragraphs (every paragraph is about its own headline), as shares of the headline run's
        weight (so a run split between two articles is weighed fairly)."""
        rec = self._groups.get((a, b))
        if rec is None:
            rec = self._groups[(a, b)] = self._group_record(a, b)
        shape, lo, prefix, leads = rec
        lead = leads[start - lo]
        if lead is None:
            lead = leads[start - lo] = LEXICAL_WEIGHT * self._lead_share(a, b, start)
        return shape + lead + prefix[end - lo] - prefix[start - lo]

    def _lead_share(self, a: int, b: int, start: int) -> float:
        """The share of headline lines a:b's words in the lead of the body starting at atom start:
        its first paragraph, and at LEAD_NEXT_SHARE the next one's (a title restates the lead, or
        the paragraph after a lead that sets a scene; a body whose second paragraph alone restates
        it fits it less well than one that opens with that paragraph)."""
        total = self.lex.total(self.group(*self.run_of[a]))
        if not total:
            return 0.0
        head, matched = self.group(a, b), self.lex.matched
        share = matched(head, self.leads[start]) / total
        if self.leads_next[start]:
            share += LEAD_NEXT_SHARE * (matched(head, self.leads_next[start]) / total)
        return share

    def _group_record(self, a: int, b: int) -> tuple[float, int, list[float], list[float | None]]:
        lines = [self.atoms[c].block.lines[0].text for c in range(a, b)]
        shape = GROUP_SHAPE_WEIGHT * group_shape(lines)
        # The bodies this group can head: from the headline run before it to the one after it.
        lo, hi = self.body_span[a]
        prefix = [0.0] * (hi - lo + 1)
        # The share of the run's weight the group has in each paragraph, looked up once.
        total = self.lex.total(self.group(*self.run_of[a]))
        head = self.group(a, b)
        matched = self.lex.matched
        for c in range(lo, hi):
            atom = self.atoms[c]
            if atom.kind == "para" and not head.isdisjoint(atom.block.tokens):
                add_ = COHERENCE_WEIGHT * (matched(head, atom.block.tokens) / total if total else 0.0)
            else:
                add_ = 0.0  # (what a paragraph sharing no token adds, too)
            prefix[c - lo + 1] = prefix[c - lo] + add_
        leads: list[float | None] = [None] * (hi - lo + 1)
        return shape, lo, prefix, leads

    def _headless(self, i: int, j: int, e: int, score: float) -> tuple[float, int, int]:
        """atoms[i:j] as an article with no headline line (scored `score` so far): an article
        without a title, or one whose soft atom at its top is its headline."""
        best, side, flag = score - HEADLESS, _NONE, 0
        if self.atoms[i].kind == "soft" and self.paras_before[j] > self.paras_before[i + 1]:
            inside = -max(0.0, self._range_max(i + 2, e))
            lead = inside - PROMOTE_COST + self.soft_score(i, i + 1, e) - self._body_cost(i + 1, e)
            if lead > best:
                best, side, flag = lead, _BEFORE, 1
        return best, side, flag

    def _body_cost(self, k: int, e: int) -> float:
        """What body atoms k:e cost as one article's body for what they carry: an article carries one
        byline (two hold two articles) and one credit, which closes it (two close two articles), and
        a credit names the writers of an article that has no byline (one with both holds two); photo news (a body that ends on a photo credit) carries its
        credit and no byline, and its text is a photo's caption, one or two short paragraphs (more
        paragraphs above the credit are another article's)."""
        cost = 0.0
        photo = self.photo[e - 1]
        if photo:
            paras = self.paras_before[e] - self.paras_before[k]
            cost += PHOTO_EXTRA_PARA * max(0, paras - PHOTO_MAX_PARAS)
        credits = self.credits_before[e] - self.credits_before[k]
        if credits > 1:
            cost += MULTI_CREDIT * (credits - 1)  # a credit closes its article: two close two
        bylines = self.bylines_before[e] - self.bylines_before[k]
        if not bylines:
            return cost
        cost += MULTI_BYLINE * (bylines - 1)
        if photo:
            cost += PHOTO_WITH_BYLINE  # photo news carries its credit, not a byline: two articles
        if credits > int(photo):
            cost += CREDIT_WITH_BYLINE  # a credit names the writers of an article with no byline
        return cost

    def _trailing_soft(self, i: int, j: int) -> tuple[float, int, int]:
        """atoms[i:j-1] as one article with the soft atom j-1 as its headline, printed after it."""
        s_ = j - 1
        if s_ <= i or self.atoms[s_].kind != "soft" or self.heads_before[s_] > self.heads_before[i]:
            return _NEG, _NONE, -1
        if self.paras_before[s_] == self.paras_before[i]:
            return _NEG, _NONE, -1
        score = -max(0.0, self._range_max(i + 1, s_)) - PROMOTE_COST - self._body_cost(i, s_)
        return score + self.soft_score(s_, i, s_), _AFTER, 2

    def soft_score(self, s_: int, start: int, end: int) -> float:
        """How well soft atom s_'s line matches the body atoms start:end as their headline (its lead
        and each paragraph, as in group_score)."""
        rec = self._soft.get(s_)
        if rec is None:
            toks = tokens(self.atoms[s_].block.lines[0].text)
            total = self.lex.total(toks)
            lo = s_
            while lo > 0 and self.atoms[lo - 1].kind != "head":
                lo -= 1
            hi = s_ + 1
            while hi < self.n and self.atoms[hi].kind != "head":
                hi += 1
            prefix = [0.0] * (hi - lo + 1)
            for c in range(lo, hi):
                atom = self.atoms[c]
                add_ = (
                    COHERENCE_WEIGHT * self.lex.matched(toks, atom.block.tokens) / total
                    if atom.kind == "para" and total
                    else 0.0
                )
                prefix[c - lo + 1] = prefix[c - lo] + add_
            rec = self._soft[s_] = (toks, total, lo, prefix)
        toks, total, lo, prefix = rec
        matched = self.lex.matched(toks, self.leads[start])
        if self.leads_next[start]:
            matched += LEAD_NEXT_SHARE * self.lex.matched(toks, self.leads_next[start])
        lead = LEXICAL_WEIGHT * matched / total if total else 0.0
        return SOFT_LEXICAL * (lead + prefix[end - lo] - prefix[start - lo])

    def _before_from(
        self,
        i: int,
        enter: float,
        here: list[float],
        score: list[list[float]],
        back: list[list[tuple[int, int, int]]],
    ) -> None:
        """The articles that start with headline lines i.. (printed before their body), for every end
        in the body run below (see _body_first for what an article scores), with the running
        evidence kept."""
        n = self.n
        k = self.body_from[i]
        if k >= n:
            return
        neg = _NEG / 2
        rec = self._groups.get((i, k))
        if rec is None:
            rec = self._groups[(i, k)] = self._group_record(i, k)
        shape, lo, prefix, leads = rec
        lead = leads[k - lo]
        if lead is None:
            lead = leads[k - lo] = LEXICAL_WEIGHT * self._lead_share(i, k, k)
        fixed = enter + shape + lead - prefix[k - lo]
        cut, paras_before, bylines_before = self.cut, self.paras_before, self.bylines_before
        credits_before = self.credits_before
        inside = 0.0  # the strongest boundary evidence inside the body so far
        prev_sides = [(s_, v) for s_, v in enumerate(here) if v > neg]
        for e in range(k + 1, min(n, i + MAX_ARTICLE_ATOMS) + 1):
            if self.atoms[e - 1].kind == "head":
                break
            if e > k + 1 and cut[e - 1] > inside:
                inside = cut[e - 1]
            if e < n and (cut[e] <= neg or self.atoms[e].rest):
                continue  # no article ends inside a lead byline's paragraph, or a soft atom's
            if paras_before[e] == paras_before[k]:
                value = -ORPHAN  # bylines or credits with no paragraph (yet)
            else:
                value = fixed + prefix[e - lo] - inside
                if (
                    bylines_before[e] != bylines_before[k]
                    or self.photo[e - 1]
                    or credits_before[e] - credits_before[k] > 1
                ):
                    value -= self._body_cost(k, e)
            target = score[e]
            for prev_side, prev in prev_sides:
                total = prev + value + (SAME_SIDE if prev_side == _BEFORE else 0.0)
                if total > target[_BEFORE]:
                    target[_BEFORE] = total
                    back[e][_BEFORE] = (i, 0, prev_side)

    def _body_first(
        self,
        i: int,
        enter: float,
        here: list[float],
        score: list[list[float]],
        back: list[list[tuple[int, int, int]]],
    ) -> None:
        """The articles that start with body atom i, for every end j up to the body's trailing
        headline lines, into the DP tables (score, back: see solve).

        An article's score: minus the strongest boundary evidence left inside its body, minus what
        its body carries (_body_cost), plus how well its headline group heads it (group_score; a
        group printed before the body is scored in _before_from, one after it here); a body with
        no headline line is an article without a title (HEADLESS), unless a soft atom is its
        headline (_headless, _trailing_soft); bylines or credits with no paragraph are an ORPHAN.
        The evidence inside the body is kept as the body grows, not looked up again per end."""
        n = self.n
        neg = _NEG / 2
        atoms, cut = self.atoms, self.cut
        paras_before, bylines_before, body_to = self.paras_before, self.bylines_before, self.body_to
        credits_before = self.credits_before
        prev_sides = [(s_, v) for s_, v in enumerate(here) if v > neg]
        inside, seen = 0.0, i + 1  # the strongest evidence at atoms i+1..seen-1 (0.0 for none)
        soft = atoms[i].kind == "soft"  # a soft atom at its top may be its headline (_headless)
        trailing = False
        for j in range(i + 1, min(n, i + MAX_ARTICLE_ATOMS) + 1):
            if atoms[j - 1].kind == "head":
                trailing = True
            elif trailing:
                break  # a body after trailing headline lines belongs to the next article
            if j < n and cut[j] <= neg:
                continue  # no article ends inside a lead byline's paragraph
            if j < n and atoms[j].rest:
                value, side, lines = self._trailing_soft(i, j)  # it ends right after a soft atom
            else:
                e = body_to[j]  # before the trailing headline lines (atom i is no headline line)
                if paras_before[e] == paras_before[i]:
                    value, side, lines = -ORPHAN, _NONE, 0  # bylines or credits with no paragraph
                else:
                    while seen < e:
                        if cut[seen] > inside:
                            inside = cut[seen]
                        seen += 1
                    # Boundary evidence left inside the body: what not cutting there costs.
                    value = -inside
                    if (
                        bylines_before[e] != bylines_before[i]
                        or self.photo[e - 1]
                        or credits_before[e] - credits_before[i] > 1
                    ):
                        value -= self._body_cost(i, e)
                    if e < j:
                        value, side, lines = value + self.group_score(e, j, i, e), _AFTER, 0
                    elif soft:
                        value, side, lines = self._headless(i, j, e, value)
                    else:
                        value, side, lines = value - HEADLESS, _NONE, 0  # an article without a title
                last = atoms[j - 1]
                if (
                    j - 1 > i
                    and last.kind == "soft"
                    and last.whole is not None
                    and len(last.whole.lines) == 1
                ):
                    # A one-line paragraph that may be a headline at the article's end (a short
                    # question or exclamation): the article's own headline printed after it, or its
                    # last paragraph, whichever scores higher.
                    as_head = self._trailing_soft(i, j)
                    if as_head[0] > value:
                        value, side, lines = as_head
            if value <= neg:
                continue
            base = enter + value
            target = score[j]
            for prev_side, prev in prev_sides:
                total = prev + base + (SAME_SIDE if side and side == prev_side else 0.0)
                if total > target[side]:
                    target[side] = total
                    back[j][side] = (i, lines, prev_side)

    def solve(self) -> list[list[Block]]:
        n = self.n
        neg = _NEG
        # score[j][s]: best score of atoms[:j] cut into articles, the last one with side s;
        # back[j][s]: (start of that last article, its promoted lines, the side before it).
        score = [[neg, neg, neg] for _ in range(n + 1)]
        back: list[list[tuple[int, int, int]]] = [[(-1, 0, 0)] * 3 for _ in range(n + 1)]
        score[0][0] = 0.0
        head = [a.kind == "head" for a in self.atoms]
        cut = self.cut
        for i in range(n):
            here = score[i]
            best_here = max(here)
            if best_here <= neg / 2:
                continue
            enter = cut[i] if i else 0.0
            if enter <= neg / 2:
                continue
            if head[i]:
                self._before_from(i, enter, here, score, back)
            else:
                self._body_first(i, enter, here, score, back)
        final = score[n]
        if max(final) <= neg / 2:
            return [[a.block for a in self.atoms]]
        side = max(range(3), key=lambda s_: final[s_])
        spans: list[tuple[int, int, int]] = []
        j = n
        while j > 0:
            i, lines, prev_side = back[j][side]
            spans.append((i, j, lines))
            j, side = i, prev_side
        return [self._blocks(i, j, lines) for i, j, lines in reversed(spans)]

    def _blocks(self, i: int, j: int, soft: int) -> list[Block]:
        """An article's blocks: its headline lines joined into one head block; a soft atom that is
        no headline goes back into its paragraph."""
        out: list[Block] = []
        c = i
        while c < j:
            a = self.atoms[c]
            as_head = a.kind == "head" or (
                a.kind == "soft" and ((soft == 1 and c == i) or (soft == 2 and c == j - 1))
            )
            if as_head:
                if out and out[-1].kind == "head":
                    out[-1].lines.append(a.block.lines[0])
                else:
                    out.append(Block("head", [a.block.lines[0]]))
            elif a.kind == "soft":
                assert a.whole is not None
                out.append(a.whole)
                if c + 1 < j and self.atoms[c + 1].rest:
                    c += 1  # its paragraph's rest is in it
            else:
                out.append(a.block)
            c += 1
        return out
