"""The offline engine's answers: a short span cut out of the retrieved passages, its sentence as the quote.

No model. The question is analysed once (summarizer.qa.question): its expected answer type and the
words around its interrogative. Every sentence of the top-k passages is scored for how much of the
question it covers (words weighted by how rare they are among the candidates), then candidate spans
are cut from the best sentences and scored together:

- alignment: an interrogative stands where the answer stands in a declarative sentence, so the
  question's words before it should end just before the span, and its words after it should start
  just after the span ("生命数耗完即算为什么" -> "…即算为[踢爆]");
- type: a figure question wants a quantity in the unit it names, a "who" question a person's name,
  "when" a date, "which county" a word ending in 县, a list question an enumeration;
- constraint agreement: a sentence that names another year than the question's is about another year;
- retrieval: the passage's (re-ranked) score and the sentence's coverage of the question.

The short answer is the best span; the quote is its sentence, with the neighbouring sentence when the
span needs it (a sentence that opens with 因此 / 其 refers back to the one before). When no candidate
passes MIN_SCORE (calibrated on the tune halves), the answer is "not found": a wrong answer
is worse than none.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.qa.question import (
    ENTITY_TYPES,
    Question,
    analyse,
    years_in,
)
from summarizer.qa.rerank import entity_share
from summarizer.qa.spans import (
    GENERIC_COUNTERS,
    WHICH_PLACE,
    asked_verb,
    date_spans,
    enumeration_spans,
    number_window,
    organisation_spans,
    person_spans,
    place_spans,
    quoted_spans,
    share,
    unit_match,
    what_span,
)
from summarizer.quantities import Quantity, find_quantities
from summarizer.schemas import NOT_FOUND, Answer, Citation, Passage
from summarizer.text import clean_spaces, split_sentences
from summarizer.tokens import number_token, tokenize, tokenize_many

# ---- thresholds and weights (named, calibrated on the tune halves) ------------------------------

# A candidate must score at least this much (by how it was found) to be an answer; below it: refused.
MIN_SCORE = {"figure": 1.0, "entity": 0.3, "slot": 0.3, "what": 0.5, "sentence": 0.5, "fallback": 0.3}
# A figure / entity answer's sentence must cover at least this share of the question's weight.
MIN_SENTENCE_COVERAGE = 0.2
# Sentences per question that spans are cut from (best relevance first).
SPAN_SENTENCES = 10
# Characters over which the pull of a question word on a span boundary halves.
ALIGN_DECAY = 6.0
# Longest span an alignment may cut before it is no longer a short answer (characters).
MAX_SPAN = 60
# Relevance mix of a sentence: its own coverage, its characters' overlap, its article, its passage.
W_COVERAGE, W_BIGRAM, W_CONTEXT, W_PASSAGE = 0.4, 0.35, 0.05, 0.3
# How a span's score adds to its sentence's relevance: boundary alignment, type fit, words repeated.
W_ALIGN, W_TYPE, W_INSIDE = 0.4, 0.3, 0.3
# A figure's: its unit's match, the question's words next to it, its edges' alignment.
W_UNIT, W_FOCUS, W_FIGURE_ALIGN = 0.25, 0.4, 0.15
# What a figure loses when the words next to it do not name what the question counts.
W_HEAD_MISS = 0.15
# A date answer is given with its clause when the clause is at most this long (characters).
CLAUSE_MAX = 24
# A slot holding an entity of the asked type is at most this long to be answered whole (characters).
SLOT_MAX = 20
SLOT_BONUS = 0.05
# What a whole-sentence answer adds to its relevance, by answer type (the rest compete with spans).
# What a candidate loses when its passage lacks the names the question states (in proportion), and
# when its sentence (and title) has none of the words next to the interrogative.
W_ENTITY_MISS = 0.8
W_NEAR_MISS = 0.2
# ... and, for a typed answer, in proportion to the words next to the interrogative it lacks.
W_NEAR_PART = 0.9
W_NEAR_PART_SENTENCE = 0.3
# A word named elsewhere in the article (the event's name in its first sentence) is missing only this much.
NEAR_IN_ARTICLE = 0.25
# ... and when none of the words right after the interrogative (what is asked about) is there.
W_AFTER_MISS = 0.2
# A list question's sentence without an enumeration (、 or 和/及 between names) loses this much.
W_LIST_MISS = 0.3
# A question asking for the most / first of something, answered by a sentence that compares nothing.
W_SUPERLATIVE_MISS = 0.3
# A short phrase cut after the question's verb (设立了什么 -> 工会调解室) is at most this long.
WHAT_SPAN_MAX = 8
WHAT_SPAN_BONUS = 0.25
# A name cut after the question's own name word (别名 …) in the sentence.
NAME_KEY_BONUS = 0.35
# A whole sentence also stands for a question whose typed span was not found, but lower (negative).
SENTENCE_PRIOR = {
    "name": 0.0,
    "definition": 0.5,
    "reason": 0.5,
    "manner": 0.5,
    "description": 0.5,
    "other": 0.2,
    "list": 0.15,
}
SENTENCE_FALLBACK = -0.4
# A sentence that names only other years than the question's loses this much.
YEAR_CONFLICT = 0.3
# Weight of how much of a passage's title the question names (a question about 黄鳍紫鱼 is answered
# from the passage about 黄鳍紫鱼, not from another passage that also says 主要分布于).
W_TITLE = 0.2
# Weight of the words next to the interrogative, matched by characters (what is asked, paraphrased).
W_NEAR = 0.1
# Relevance added to a sentence that defines what a definition question asks about ("X是…").
DEFINITION_EVIDENCE = 0.2
# Share of a question word's weight a sentence gets when the word is in its passage's title.
TITLE_CREDIT = 1.0
# Weight factor of the words next to the interrogative (what is asked about the subject).
NEAR_BOOST = 2.5
# Relevance added to a sentence that holds a span of the expected type, among the best this many.
TYPE_EVIDENCE = 0.15
TYPE_EVIDENCE_POOL = 15

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_PUNCT = "，,；;：:。！？!?…"
_OPEN, _CLOSE = "“‘「『《（(【[", "”’」』》）)】]"
# Leading words that tie a span to the clause before it rather than belonging to the answer.
_LEAD_WORDS = (
    "分别是 主要是 主要有 就是 也是 则是 均为 都是 即为 仍是 还是 乃是 便是 正是 是由 是在 是从 是以 是为 由于 位于 "
    "属于 成为 作为 叫做 称为 名为 号称 简称 又称 俗称 共有 拥有 包括 包含 来自 出自 担任 出任 获得 荣获 "
    "是 为 乃 即 系 由 于 在 被 把 将 对 向 从 以 用 并 而 且 则 就 也 都 还 又 已 曾 便 了 的 之 所 其 与 和 及 共 达 有 约为"
).split()
_TRAIL_WORDS = "的 之 了 等 一个 一种 一位 一名 一项 一座 一家 一所 的一个 的一种 之一 所 而 并 和 与 及 时 中 里 上 下".split()
# Sentence openings that refer back to the sentence before (a cause, a subject named there).
_BACK_REF = re.compile(
    r"^(?:因此|所以|因而|故而|于是|从而|由此|这|此|该|其|它|他们|她们|他|她|这些|那些|之后|随后|此后|后来|同时|但|但是|然而|不过|而且|并且)"
)
_CONTINUATION = re.compile(r"^(?:其|此外|另外|同时|并且|而且|且|又|另|但|不过|然而|牠们|它们|它|牠|此|这)")
_RESULT_OPENING = re.compile(r"^(?:因此|所以|因而|故而|于是|从而|由此|故)")
_NEGATION = re.compile(r"不|没有|没|未|无|非|否|别|勿|禁止|免")
_ONLY = re.compile(r"只|仅|光|单单|唯一")
# Words that announce a name in the text as in the question: 原名, 简称, 别名 … (what follows is the name).
_NAME_KEYS = (
    ("别名", "别称", "又名", "又称", "俗称", "亦称", "也称", "一名", "又叫", "俗名"),
    ("原名", "前称", "旧称", "旧名", "曾用名", "本名"),
    ("简称", "缩写", "略称"),
    ("全称", "全名"),
    ("昵称", "绰号", "外号", "诨号"),
    ("学名",),
    ("称号", "美誉", "誉为", "美称"),
    ("艺名", "笔名", "字号", "号称"),
)
_NAME_KEY = re.compile("|".join(sorted({k for g in _NAME_KEYS for k in g}, key=len, reverse=True)))
_PLACE_CLASS = re.compile(r"^哪些(?:国家|地区|城市|省份|省|市|县|地方|地点|国)")
_SUPERLATIVE = re.compile(r"最|第一|居首|之首|领先|超过|高于|低于|多于|少于")
_LISTS = re.compile(
    r"[^，。；、]{1,16}、[^，。；、]{1,16}|[\u4e00-\u9fff]{2,8}(?:和|及|与|以及)[\u4e00-\u9fff]{2,8}"
)


@lru_cache(maxsize=4096)
def _quantities(view: str) -> tuple[Quantity, ...]:
    """find_quantities of a sentence view, once: several scorers read the same sentence's numbers."""
    return tuple(find_quantities(view))


@lru_cache(maxsize=4096)
def _view(text: str) -> str:
    """text per character half-width and lower case: matched against; same length, so spans map back."""
    whole = unicodedata.normalize("NFKC", text).lower()
    if len(whole) == len(text):
        return whole  # no character changed its length (the usual case): one call instead of one per char
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


@dataclass
class Sentence:
    """One sentence of a retrieved passage, with how well it covers the question."""

    passage: Passage
    rank: int  # the passage's rank among the retrieved ones
    position: int  # the sentence's index in its passage
    text: str  # as printed: the quote
    clean: str  # text without stray spaces: spans are cut from it
    view: str  # clean, half-width and lower case (same length): what is matched
    tokens: set[str]
    coverage: float = 0.0
    context: float = 0.0
    bigram: float = 0.0
    relevance: float = 0.0


@dataclass
class Span:
    """A candidate short answer: where it stands and how it scores."""

    sentence: Sentence
    start: int
    end: int
    text: str
    score: float = 0.0
    kind: str = ""  # which generator found it: figure, entity, align, sentence, yesno
    notes: list[str] = field(default_factory=list)


# ---- sentences ---------------------------------------------------------------------------------


def _weights(q_tokens: Sequence[str], docs: Sequence[set[str]]) -> dict[str, float]:
    """Rarer words among the candidate sentences say more about which one answers."""
    n = max(len(docs), 1)
    w: dict[str, float] = {}
    for t in dict.fromkeys(q_tokens):
        df = sum(1 for d in docs if t in d)
        w[t] = math.log(1 + (n + 1) / (df + 0.5)) * (1.5 if t.startswith("#") else 1.0)
    return w


def _cover(weights: dict[str, float], tokens: set[str]) -> float:
    total = sum(weights.values())
    return sum(v for t, v in weights.items() if t in tokens) / total if total else 0.0


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^0-9a-z\u4e00-\u9fff]", " ", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1) if " " not in chars[i : i + 2]}


def sentences_of(q: Question, passages: Sequence[Passage]) -> list[Sentence]:
    """Every sentence of the passages, scored for relevance to the question, best first.

    A passage's title says what all its sentences are about ("短叶水蜈蚣" … "分布在美洲、…"), so a
    question word found in the title counts TITLE_CREDIT of its weight for every sentence of that
    passage; the words next to the interrogative (what is asked about the subject) count NEAR_BOOST
    times. Sentences that hold a span of the expected type rank higher (TYPE_EVIDENCE).
    """
    out: list[Sentence] = []
    heads: list[set[str]] = []
    head_bigrams: list[set[str]] = []
    art_tokens: list[set[str]] = []
    split = [(p, split_sentences(p.text) or [p.title]) for p in passages]
    cleans = [[clean_spaces(s) for s in texts] for _, texts in split]
    tokens = iter(
        tokenize_many([t for (p, _), cs in zip(split, cleans, strict=True) for t in [p.title, *cs]])
    )
    for rank, ((p, texts), cs) in enumerate(zip(split, cleans, strict=True)):
        head = set(next(tokens))
        sents = [
            Sentence(p, rank, i, s, clean, _view(clean), set(next(tokens)))
            for i, (s, clean) in enumerate(zip(texts, cs, strict=True))
        ]
        whole = head.union(*(s.tokens for s in sents))
        out.extend(sents)
        heads.extend([head] * len(sents))
        head_bigrams.extend([_bigrams(_view(p.title))] * len(sents))
        art_tokens.extend([whole] * len(sents))
    if not out:
        return out
    w = _weights(q.words, [s.tokens for s in out])
    near = set(q.near)
    for t in w:
        if any(t in n or n in t for n in near):
            w[t] *= NEAR_BOOST
    total = sum(w.values()) or 1.0
    q_bi = _bigrams("".join(q.left + q.right))
    top = max((p.score for p in passages), default=0.0) or 1.0
    q_all = _bigrams(q.text)
    for s, head, hb, at in zip(out, heads, head_bigrams, art_tokens, strict=True):
        titled_q = len(hb & q_all) / len(hb) if hb else 0.0
        own = sum(v for t, v in w.items() if t in s.tokens)
        titled = sum(v for t, v in w.items() if t not in s.tokens and t in head)
        s.coverage = (own + TITLE_CREDIT * titled) / total
        s.context = _cover(w, at)
        if q_bi:
            sb = _bigrams(s.view)
            s.bigram = (len(q_bi & sb) + TITLE_CREDIT * len((q_bi & hb) - sb)) / len(q_bi)
        s.relevance = (
            W_COVERAGE * s.coverage
            + W_BIGRAM * s.bigram
            + W_CONTEXT * s.context
            + W_PASSAGE * max(s.passage.score, 0.0) / top
            + W_NEAR * _near_share(q, s.view)
            + W_TITLE * titled_q
        )
        if q.term and _defines(q.term, s.view):
            s.relevance += DEFINITION_EVIDENCE
        if q.years:
            printed = years_in(s.clean)
            if printed and not printed & q.years:
                s.relevance -= YEAR_CONFLICT
    out.sort(key=lambda s: (-s.relevance, s.rank, s.position))
    for s in out[:TYPE_EVIDENCE_POOL]:
        if _has_type(q, s):
            s.relevance += TYPE_EVIDENCE
    out.sort(key=lambda s: (-s.relevance, s.rank, s.position))
    return out


def _near_share(q: Question, view: str) -> float:
    """How much of the words next to the interrogative the sentence has, a missing word counting by
    the share of its characters present (美誉 ~ 誉为, 叶子 ~ 叶): what is asked is often paraphrased."""
    if not q.near:
        return 0.0
    got = 0.0
    for w in q.near:
        got += 1.0 if w in view else 0.5 * sum(1 for ch in w if ch in view) / len(w)
    return got / len(q.near)


def _defines(term: str, view: str) -> bool:
    """A sentence that defines the term: "X是…", "X（…）指…", "所谓X就是…"."""
    at = view.find(term)
    if at < 0:
        return False
    if view.startswith("所谓", max(0, at - 2)):
        return True
    return (
        re.match(r"(?:（[^）]*）|\([^)]*\))?[^，。；]{0,6}?(?:是|指|为|即|就是|乃)", view[at + len(term) :])
        is not None
    )


def _names_a_place(q: Question, s: Sentence) -> bool:
    return any(sure >= 0.5 for _, _, sure in place_spans(q.text, s.clean, s.view))


def _has_type(q: Question, s: Sentence) -> bool:
    """Whether the sentence holds something of the kind the question asks for."""
    if q.is_figure:
        return bool(_figure_spans(q, s, ""))
    if q.atype in ENTITY_TYPES or q.atype in ("list", "ordinal"):
        return any(sure >= 0.7 for _, _, sure in _typed_spans(q, s))
    return False


# ---- alignment ---------------------------------------------------------------------------------


class _Aligner:
    """How strongly the question's words before / after its interrogative pull on a span's edges."""

    def __init__(self, q: Question, sentences: Sequence[Sentence]):
        self.left = [w for w in dict.fromkeys(q.left)]
        self.right = [w for w in dict.fromkeys(q.right)]
        n = max(len(sentences), 1)
        views = [s.view for s in sentences]
        self.weight: dict[str, float] = {}
        for w in dict.fromkeys(self.left + self.right):
            df = sum(1 for v in views if w in v)
            self.weight[w] = math.log(1 + (n + 1) / (df + 0.5)) * (0.5 if len(w) == 1 else 1.0)
        self.total_left = sum(self.weight[w] for w in self.left)
        self.total_right = sum(self.weight[w] for w in self.right)

    @staticmethod
    def occurrences(view: str, word: str) -> list[int]:
        out, i = [], view.find(word)
        while i >= 0:
            out.append(i)
            i = view.find(word, i + 1)
        return out

    def anchors(self, view: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        return (
            {w: self.occurrences(view, w) for w in self.left},
            {w: self.occurrences(view, w) for w in self.right},
        )

    def support(self, view: str, start: int, end: int, found: tuple[dict, dict]) -> float:
        """0..1: the question's left words ending just before start, its right words starting just after end."""
        left, right = found
        score_l = 0.0
        for w, pos in left.items():
            gaps = [start - (p + len(w)) for p in pos if p + len(w) <= start]
            if gaps:
                score_l += self.weight[w] * _decay(_gap(view, start - min(gaps), start))
        score_r = 0.0
        for w, pos in right.items():
            gaps = [p - end for p in pos if p >= end]
            if gaps:
                score_r += self.weight[w] * _decay(_gap(view, end, end + min(gaps)))
        total = self.total_left + self.total_right
        return (score_l + score_r) / total if total else 0.0

    def inside(self, view: str, start: int, end: int) -> float:
        """Share of the question's weight repeated inside the span: an answer does not restate its question."""
        total = self.total_left + self.total_right
        if not total:
            return 0.0
        text = view[start:end]
        return sum(self.weight[w] for w in self.weight if len(w) > 1 and w in text) / total


def _gap(view: str, a: int, b: int) -> float:
    """Distance between two points, a clause break counting as a long way."""
    between = view[a:b]
    return len(between) + 8 * sum(between.count(c) for c in _CLAUSE_PUNCT)


def _decay(distance: float) -> float:
    return 1.0 / (1.0 + distance / ALIGN_DECAY)


def _clause_bounds(view: str) -> list[int]:
    """Positions where a clause starts or ends (after punctuation), plus both ends."""
    cuts = {0, len(view)}
    for i, ch in enumerate(view):
        if ch in _CLAUSE_PUNCT:
            cuts.add(i)
            cuts.add(i + 1)
    return sorted(cuts)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) of text past the words that tie a span to its clause (是, 位于, 的 …)."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start].isspace() or text[start] in _CLAUSE_PUNCT + "、"):
            start += 1
            changed = True
        if start < end and text[start] in "（(" and (close := _matching(text, start, end)) is not None:
            if close + 1 < end:
                start = close + 1  # a parenthesis right after the subject (学名：…) is not the answer
                changed = True
        for w in _LEAD_WORDS:
            if text.startswith(w, start) and end - start > len(w) + 1:
                start += len(w)
                changed = True
                break
        while end > start and (text[end - 1].isspace() or text[end - 1] in _CLAUSE_PUNCT + "、"):
            end -= 1
            changed = True
        for w in _TRAIL_WORDS:
            if text.endswith(w, start, end) and end - start > len(w) + 1:
                end -= len(w)
                changed = True
                break
    return start, end


def _matching(text: str, i: int, end: int) -> int | None:
    depth = 0
    for j in range(i, end):
        if text[j] in "（(":
            depth += 1
        elif text[j] in "）)":
            depth -= 1
            if depth == 0:
                return j
    return None


def _balanced(text: str) -> bool:
    for o, c in zip(_OPEN, _CLOSE, strict=True):
        if o != c and text.count(o) != text.count(c):
            return False
    return True


# ---- candidate spans ---------------------------------------------------------------------------


def _align_spans(q: Question, s: Sentence, aligner: _Aligner) -> list[tuple[int, int]]:
    """Spans between the end of a left question word (or a clause start) and the next right word
    (or the clause end): where the interrogative's counterpart stands."""
    view = s.view
    left, right = aligner.anchors(view)
    cuts = _clause_bounds(view)
    starts = {p + len(w) for w, pos in left.items() for p in pos}
    ends = {p for w, pos in right.items() for p in pos}
    clause_starts = [c for c in cuts if c == 0 or (c > 0 and view[c - 1] in _CLAUSE_PUNCT)]
    clause_ends = [c for c in cuts if c == len(view) or view[c : c + 1] in tuple(_CLAUSE_PUNCT)]
    out: set[tuple[int, int]] = set()
    for a in starts | set(clause_starts):
        nxt_end = min((c for c in clause_ends if c > a), default=len(view))
        nxt_right = min((e for e in ends if e > a), default=None)
        out.add((a, nxt_end))
        if nxt_right is not None and nxt_right <= nxt_end:
            out.add((a, nxt_right))
    for b in ends:
        prev_start = max((c for c in clause_starts if c < b), default=0)
        prev_left = max((x for x in starts if x < b), default=None)
        out.add((prev_start, b))
        if prev_left is not None and prev_left >= prev_start:
            out.add((prev_left, b))
    return [(a, b) for a, b in out if 0 < b - a <= MAX_SPAN * 2]


def _typed_spans(q: Question, s: Sentence) -> list[tuple[int, int, float]]:
    """Spans of the expected type in the sentence, with how surely each is of that type (0..1)."""
    view, t = s.view, q.atype
    if t == "person":
        return person_spans(q.text, s.clean, view)
    if t == "place":
        return place_spans(q.text, s.clean, view)
    if t == "organisation":
        return organisation_spans(q.text, s.clean, view)
    if t == "date":
        return date_spans(view)
    if t == "name":
        return quoted_spans(view)
    if t == "list":
        return enumeration_spans(view)
    if t == "ordinal":
        return [
            (m.start(), m.end(), 1.0)
            for m in re.finditer(r"第[0-9一二三四五六七八九十百零两]+[\u4e00-\u9fff]?", view)
        ]
    return []


_FRACTION = re.compile(
    r"(?:近|超过|逾|约|不到|接近)?[0-9一二三四五六七八九两]+(?:\.[0-9]+)?成(?:以上|左右|多)?"
)


def _figure_spans(q: Question, s: Sentence, verb: str) -> list[tuple[int, int, float]]:
    """Quantities in the unit the question asks for, with how well each unit matches (0..1).

    A lone Chinese numeral ("两种", "四个") is too often just a word to be a key figure, but it is
    the answer when its measure word is the one asked for ("有几种" -> "两种"). A rate may be printed
    as tenths ("七成以上") or as a bare number after the rate's name ("收视率为7.07").
    """
    out = []
    q_numbers = {t for t in q.words if t.startswith("#")}
    for qty in _quantities(s.view):
        if qty.chinese and not qty.qualifier and len(qty.raw) < 2:
            if qty.raw in "一零〇" or not _asked_counter(q, qty.base_unit):
                continue
        if qty.is_date and q.family != "time":
            continue
        if qty.kind in ("identifier", "label"):
            continue
        if number_token(qty.value, qty.unit == "%") in q_numbers:
            continue  # the question's own numbers are not its answer
        end = qty.end
        measure = _asked_measure(q)
        if not qty.unit and measure and s.view.startswith(measure, end):
            end += len(measure)  # a measure word the lexicon lacks (300箱, 4趟): the question names it
            um = 1.0
        else:
            um = unit_match(q.unit, q.family, qty)
        if (
            um == 0
            and q.family == "percent"
            and qty.kind == "number"
            and re.search(r"率$", s.view[: qty.start].rstrip("为是达到了约：: "))
        ):
            um = 0.5
        if um == 0:
            continue
        if verb and verb[0] not in "".join(re.split(r"[，,；;：:。！？!?]", s.view[: qty.start])[-2:]):
            continue  # "慈善会接收了多少善款" is not answered by what was 募集 (raised)
        out.append((qty.start, end, um))
    if q.family in ("percent", ""):
        for m in _FRACTION.finditer(s.view):
            out.append((m.start(), m.end(), 0.9 if q.family == "percent" else 0.3))
    return out


def _asked_measure(q: Question) -> str:
    """The measure word right after 多少 / 几 in the question ("多少箱矿泉水" -> 箱), when it is not a
    known unit (a known one is q.unit) and not the start of a noun (多少人次 is known; 多少钱 is none)."""
    if q.unit or not q.wh:
        return ""
    m = re.match(r"[\u4e00-\u9fff]", q.text[q.wh[1] :])
    return m.group(0) if m and m.group(0) not in "钱的是个了" else ""


def _asked_counter(q: Question, base_unit: str) -> bool:
    return bool(q.unit) and (
        base_unit == q.unit or (q.unit in GENERIC_COUNTERS and base_unit in GENERIC_COUNTERS)
    )


def _figure_focus(q: Question, s: Sentence, start: int, end: int) -> float:
    """How well the words around a number are the question's words next to its interrogative."""
    found = _quantities(s.view)
    me = next((x for x in found if x.start == start), None)
    if me is None:
        window = s.view[max(0, start - 12) : start] + " " + s.view[end : end + 8]
    else:
        window = number_window(s.view, me, _bounding(found, me))
    before, after = _near_parts(q)
    if before and after:
        return 0.2 * share(before, window) + 0.8 * share(after, window)
    return share(before or after, window)


def _window(s: Sentence, start: int, end: int) -> str:
    """The words that say what the number at [start, end) counts (see spans.number_window)."""
    found = _quantities(s.view)
    me = next((x for x in found if x.start == start), None)
    if me is None:
        return s.view[max(0, start - 12) : start] + " " + s.view[end : end + 8]
    return number_window(s.view, me, _bounding(found, me))


def _bounding(found: Sequence[Quantity], me: Quantity) -> list[Quantity]:
    """The other numbers that end a number's window: a lone Chinese numeral with no measure word is a
    part of a word ("两新", "三八"), not a figure that says something of its own."""
    return [o for o in found if o is not me and not (o.chinese and not o.unit and len(o.raw) < 2)]


def _near_parts(q: Question) -> tuple[list[str], list[str]]:
    """The question's words just before and just after its interrogative (as in Question.near)."""
    if not q.wh:
        return [], []
    before = [w for w in q.near if q.text.find(w) < q.wh[0]]
    after = [w for w in q.near if q.text.find(w) >= q.wh[1]]
    return before, after


def _mentions(text: str, word: str) -> bool:
    """word in text, or (for a word of 3+ characters) one of its two-character pieces: 人口数 ~ 人口."""
    if word in text:
        return True
    return len(word) >= 3 and any(word[i : i + 2] in text for i in range(len(word) - 1))


def _has_focus(q: Question, s: Sentence) -> bool:
    """The asked-about noun (and one word next to the interrogative) must be in the sentence or its
    passage's title (the subject a passage is about goes unsaid in most of its sentences)."""
    text = s.view + " " + _view(s.passage.title)
    if any(not _mentions(text, w) for w in q.must):
        return False
    return not q.near or any(_mentions(text, w) for w in q.near)


def _slots(q: Question, s: Sentence, aligner: _Aligner, found: tuple[dict, dict]) -> list[Span]:
    """Alignment spans of a sentence, trimmed, with their boundary support as the score (for now)."""
    out = []
    seen: set[tuple[int, int]] = set()
    for a, b in _align_spans(q, s, aligner):
        a2, b2 = trim(s.clean, a, b)
        if b2 - a2 < 1 or b2 - a2 > MAX_SPAN or (a2, b2) in seen or not _balanced(s.clean[a2:b2]):
            continue
        if not _CJK.search(s.view[a2:b2]) and not re.search(r"[0-9a-z]", s.view[a2:b2]):
            continue
        seen.add((a2, b2))
        out.append(Span(s, a2, b2, s.clean[a2:b2], aligner.support(s.view, a, b, found), "align"))
    return out


def _entity_candidates(q: Question, s: Sentence, aligner: _Aligner, found: tuple[dict, dict]) -> list[Span]:
    """Entity questions: a slot that holds an entity of the asked type is the answer (the whole slot
    when it is short: 位于[重庆武隆县江口镇的芙蓉江畔]); an entity alone is one too."""
    typed = _typed_spans(q, s)
    if not typed:
        return []
    text = s.view + " " + _view(s.passage.title)
    if any(not _mentions(text, w) for w in q.must):
        return []  # "河滨区的区长是谁": a sentence that names no 区长 names none
    out = []
    for a, b, sure in typed:
        align = aligner.support(s.view, a, b, found)
        inside = aligner.inside(s.view, a, b)
        out.append(Span(s, a, b, s.clean[a:b], _mix(s, align, sure, inside), "entity"))
    for slot in _slots(q, s, aligner, found):
        inner = [(a, b, sure) for a, b, sure in typed if slot.start <= a and b <= slot.end]
        if not inner:
            continue
        sure = max(x[2] for x in inner)
        if slot.end - slot.start > SLOT_MAX:
            continue  # a long slot: the entities inside it stand as candidates of their own
        if q.atype == "person" and not _only_names(s.clean, slot.start, slot.end, inner):
            continue  # "电力公司检修工人陈立军": the name is the answer, not its job title
        if q.atype == "place" and WHICH_PLACE.search(q.text):
            continue  # "哪个县" is answered by the word ending in 县, nothing around it
        inside = aligner.inside(s.view, slot.start, slot.end)
        score = _mix(s, slot.score, sure, inside) + SLOT_BONUS
        out.append(Span(s, slot.start, slot.end, slot.text, score, "slot"))
    return out


def _only_names(text: str, start: int, end: int, names: list[tuple[int, int, float]]) -> bool:
    """Whether a slot is nothing but names joined by 、/和/与/及 (潘志文、张玛莉等): a list of people."""
    rest = list(text[start:end])
    for a, b, _ in names:
        for i in range(max(a, start), min(b, end)):
            rest[i - start] = ""
    return re.fullmatch(r"[、，和与及以及等人\s]*", "".join(rest)) is not None and len(names) > 1


def _mix(s: Sentence, align: float, fit: float, inside: float) -> float:
    """One candidate's score: its sentence's relevance, its edges' alignment, its type fit, minus the
    question words it repeats."""
    return s.relevance + W_ALIGN * align + W_TYPE * fit - W_INSIDE * inside


def _counts_what_is_asked(q: Question, s: Sentence) -> bool:
    """A sentence can answer a figure question only if it names what is counted: "多少名律师" is not
    answered by a sentence that never mentions 律师, nor "联赛的裁判有多少名" by one without 裁判."""
    _, after = _near_parts(q)
    if after and not any(_mentions(s.view, w) for w in after):
        return False
    article = _view(s.passage.title + " " + s.passage.text)
    if q.modifiers and not any(m in article for m in q.modifiers):
        return False  # "多少次厨师培训" in an article that never speaks of 厨师
    return bool(after) or not q.counted or _mentions(s.view + " " + _view(s.passage.title), q.counted)


def _figure_candidates(
    q: Question, s: Sentence, aligner: _Aligner, found: tuple[dict, dict], verb: str
) -> list[Span]:
    """Figure questions: quantities in the asked unit whose neighbouring words are the question's."""
    if not _has_focus(q, s) or s.coverage <= 0:
        return []
    if not _counts_what_is_asked(q, s):
        return []
    out = []
    figures = _figure_spans(q, s, verb)
    if q.counted and q.modifiers:
        listed = [
            x
            for x in _quantities(s.view)
            if not x.is_date and _mentions(_window(s, x.start, x.end), q.counted)
        ]
        if len(listed) > 1:  # 省级以上劳模24人、烟台劳模154人: which one is asked is in the modifier
            figures = [f for f in figures if any(m in _window(s, f[0], f[1]) for m in q.modifiers)]
    for a, b, um in figures:
        focus = _figure_focus(q, s, a, b)
        align = aligner.support(s.view, a, b, found)
        score = s.relevance + W_UNIT * um + W_FOCUS * focus + W_FIGURE_ALIGN * align
        if q.counted and not _mentions(_window(s, a, b), q.counted):
            score -= W_HEAD_MISS  # the sentence counts 托位, the question 机构
        out.append(Span(s, a, b, s.clean[a:b], score, "figure"))
    return out


def candidates(q: Question, sentences: Sequence[Sentence]) -> list[Span]:
    """Every candidate span of the best sentences, scored, best first."""
    if not sentences:
        return []
    aligner = _Aligner(q, sentences)
    verb = asked_verb(q.text) if q.is_figure else ""
    spans: list[Span] = []
    for s in sentences[:SPAN_SENTENCES]:
        if s.relevance <= 0:
            continue
        found = aligner.anchors(s.view)
        if q.is_figure:
            spans += _figure_candidates(q, s, aligner, found, verb)
        elif q.atype in ENTITY_TYPES or q.atype == "ordinal":
            spans += _entity_candidates(q, s, aligner, found)
        elif q.atype in ("other", "name"):
            spans += _named_candidates(q, s)
    spans += _sentence_spans(q, sentences)
    shares: dict[int, float] = {}
    articles: dict[int, str] = {}
    _, after = _near_parts(q)
    places_asked = q.atype == "list" and _PLACE_CLASS.search(q.text[q.wh[0] :] if q.wh else "") is not None
    superlative = q.wh is not None and _SUPERLATIVE.search(q.text[q.wh[0] :]) is not None
    for span in spans:
        p = span.sentence.passage
        if id(p) not in shares:
            shares[id(p)] = entity_share(q, f"{p.title}\n{p.text}")
        span.score -= W_ENTITY_MISS * (1.0 - shares[id(p)])
        text = span.sentence.view + " " + _view(p.title)
        if q.near and not any(_mentions(text, w) for w in q.near):
            span.score -= W_NEAR_MISS
        if q.near:
            article = articles.setdefault(id(p), _view(p.text))
            missing = sum(
                0.0 if _mentions(text, w) else NEAR_IN_ARTICLE if _mentions(article, w) else 1.0
                for w in q.near
            ) / len(q.near)
            weight = W_NEAR_PART if span.kind in ("figure", "entity", "slot") else W_NEAR_PART_SENTENCE
            span.score -= weight * missing  # "额外增加多少" against "人均每月增加约120元"
        if after and not any(_mentions(text, w) for w in after):
            span.score -= W_AFTER_MISS  # "哪一家床位最多": nothing here speaks of 床位
        if q.atype == "list" and span.kind == "sentence" and not _LISTS.search(span.sentence.view):
            span.score -= W_LIST_MISS  # a list question is not answered by a sentence that lists nothing
        if places_asked and span.kind in ("sentence", "fallback") and not _names_a_place(q, span.sentence):
            span.score -= W_LIST_MISS  # "出口到哪些国家" is not answered by a sentence naming no place
        if superlative and not _SUPERLATIVE.search(span.sentence.view):
            span.score -= W_SUPERLATIVE_MISS  # "哪一家床位最多" needs a sentence that compares
    spans.sort(key=lambda x: (-x.score, x.sentence.rank, x.sentence.position, x.start))
    return spans


def _named_candidates(q: Question, s: Sentence) -> list[Span]:
    """'叫什么名字' -> the quoted name next to the asked noun; '设立了什么' -> what follows the verb, when
    that is a short phrase. Anything longer is better answered by the whole sentence."""
    out = []
    key = _NAME_KEY.search(q.text)
    group = next((g for g in _NAME_KEYS if key and key.group(0) in g), ())
    hit = next((m for m in (re.search("|".join(group), s.view),) if m), None) if group else None
    if hit:
        at = hit.end()
        a, b = trim(s.clean, at, len(s.clean))
        b = min([b] + [i for i in (s.clean.find(c, a) for c in _CLAUSE_PUNCT) if i > a])
        if 0 < b - a <= MAX_SPAN:
            out.append(Span(s, a, b, s.clean[a:b], s.relevance + NAME_KEY_BONUS, "entity"))
    span = what_span(q.text, s.clean)
    if span and len(span) <= WHAT_SPAN_MAX and span in s.clean:
        a = s.clean.find(span)
        out.append(Span(s, a, a + len(span), span, s.relevance + WHAT_SPAN_BONUS, "what"))
    return out


def _sentence_spans(q: Question, sentences: Sequence[Sentence]) -> list[Span]:
    """Whole sentences as answers: for why / how / what-is questions they are the answer; for a
    question whose typed span was not found they stand in, lower (SENTENCE_FALLBACK), and only when
    they name what is asked about. A figure question is never answered by a whole sentence."""
    prior = SENTENCE_PRIOR.get(q.atype, SENTENCE_FALLBACK)
    kind = "sentence" if q.atype in SENTENCE_PRIOR else "fallback"
    pool = sentences[:SPAN_SENTENCES]
    if kind == "fallback":
        pool = [s for s in pool if _has_focus(q, s)]
    if q.is_figure:
        return []  # a figure question is not answered by a sentence without its figure: refused
    return [Span(s, 0, len(s.clean), s.clean, s.relevance + prior, kind) for s in pool]


def _citation(s: Sentence, quote: str | None = None) -> Citation:
    p = s.passage
    return Citation(page=p.page, article_index=p.article_index, title=p.title, quote=quote or s.text)


def _neighbour(s: Sentence, sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    return next((x for x in sentences if x.passage is s.passage and x.position == s.position + offset), None)


def _quote(s: Sentence, before: Sentence | None = None, after: Sentence | None = None) -> list[Citation]:
    """The span's sentence, joined with its neighbours when the text has them side by side (a quote
    must be verbatim), else one citation each."""
    parts = [x for x in (before, s, after) if x is not None]
    joined = "".join(x.text for x in parts)
    if len(parts) == 1 or joined in s.passage.text:
        return [_citation(s, joined)]
    return [_citation(x) for x in parts]


def _yes_no(q: Question, sentences: Sequence[Sentence]) -> tuple[Answer, float]:
    """是 / 否 from the best sentence: the clause that says what is asked negates it (or the question's
    只 is contradicted by a list) -> 否."""
    best = sentences[0]
    if best.relevance < MIN_SCORE["sentence"]:
        return _refuse(best.relevance)
    clauses = [c for c in re.split(r"[，,；;。！？!?]", best.view) if c]

    def says(c: str) -> int:  # the predicate (after 是否) counts double: it is what is asked
        return sum(1 for w in q.left if w in c) + 2 * sum(1 for w in q.right if w in c)

    clause = max(clauses, key=says, default=best.view)
    q_neg = len(_NEGATION.findall(q.text.replace("是否", "")))
    s_neg = len(_NEGATION.findall(clause))
    negated = (s_neg % 2) != (q_neg % 2)
    if _ONLY.search(q.text) and "、" in best.view and not _ONLY.search(best.view):
        negated = True  # "是否只在…举办" against a sentence listing several places
    return Answer(
        answer="否" if negated else "是", answerable=True, citations=[_citation(best)]
    ), best.relevance


def _refuse(confidence: float) -> tuple[Answer, float]:
    return Answer(answer=NOT_FOUND, answerable=False), confidence


def answer_question(question: str, passages: Sequence[Passage]) -> tuple[Answer, float, list[Span]]:
    """Answer a single (not compound) question: the answer, its score and the ranked candidates."""
    q = analyse(question)
    sentences = sentences_of(q, passages)
    if not sentences:
        return (*_refuse(0.0), [])
    if len({t for t in q.words if not t.startswith("#")}) < 2 and q.atype in ("other", "yesno"):
        return (*_refuse(0.0), [])  # "去年呢？" alone says too little to pick a sentence
    if q.atype == "yesno":
        ans, conf = _yes_no(q, sentences)
        return ans, conf, []
    spans = candidates(q, sentences)
    if not spans:
        return (*_refuse(0.0), [])
    best = spans[0]
    if best.score < MIN_SCORE[best.kind] or best.sentence.coverage < MIN_SENTENCE_COVERAGE:
        return (*_refuse(best.score), spans)
    s = best.sentence
    before = after = None
    text = best.text
    which = WHICH_PLACE.search(q.text) if q.atype == "place" else None
    if which and not (best.text.endswith(which.group(1)) and len(best.text) > len(which.group(1)) + 1):
        lead = _lead_place(q, s, sentences)
        if lead is not None:  # "哪个区成立了…专班": the fact sentence says 全区, the article names the 区
            span, where = lead
            cites = [_citation(s)] + ([_citation(where)] if where is not s else [])
            return Answer(answer=span, answerable=True, citations=cites), best.score, spans
    if best.kind in ("entity", "slot") and q.atype == "date":
        text = _clause_of(s.clean, best.start, best.end)
    if best.kind in ("sentence", "fallback"):
        prev, nxt = _neighbour(s, sentences, -1), _neighbour(s, sentences, 1)
        if prev is not None and (
            _BACK_REF.search(s.clean) or q.atype == "reason" and _RESULT_OPENING.search(s.clean)
        ):
            before = prev  # "因此它被称为…": the reason (or the subject) is in the sentence before
        elif nxt is not None and _continues(q, s, nxt):
            after = nxt  # "其特点有以下三点：…" goes on in the next sentence
        text = "".join(x.clean for x in (before, s, after) if x is not None)
    return Answer(answer=text, answerable=True, citations=_quote(s, before, after)), best.score, spans


def _lead_place(q: Question, fact: Sentence, sentences: Sequence[Sentence]) -> tuple[str, Sentence] | None:
    """The place of the asked kind (…区 for 哪个区) named elsewhere in the fact's article: its own
    sentence first, then the article's sentences in reading order (a report names its place early)."""
    same = sorted((x for x in sentences if x.passage is fact.passage), key=lambda x: x.position)
    for x in [fact, *same]:
        found = [(a, b) for a, b, sure in place_spans(q.text, x.clean, x.view) if sure >= 1.0]
        if found:
            a, b = found[0]
            return x.clean[a:b], x
    return None


def _clause_of(text: str, start: int, end: int) -> str:
    """A date answer with the clause that binds it to the event asked about ("1659年" -> "1659年受册为
    王妃"): a biography or a report names many dates, and a bare date does not say which event it is
    of. A name (of a person, place, organisation) stands for itself and is given alone. A clause
    longer than CLAUSE_MAX is not short: then the date alone."""
    lo = max(text.rfind(c, 0, start) for c in _CLAUSE_PUNCT) + 1
    ends = [i for i in (text.find(c, end) for c in _CLAUSE_PUNCT) if i >= 0]
    hi = min(ends) if ends else len(text)
    lo, hi = trim(text, lo, hi)
    if lo > start or hi < end or hi - lo > CLAUSE_MAX:
        return text[start:end]
    return text[lo:hi]


def _continues(q: Question, s: Sentence, nxt: Sentence) -> bool:
    """Whether a whole-sentence answer goes on in the next sentence: it announces a list ("以下三点："),
    or the next one opens with a word that carries the same subject on (其, 此外, 同时 …) or speaks
    of what is asked (the words right after the interrogative)."""
    if s.clean.rstrip().endswith(("：", ":")) or re.search(r"以下|如下", s.clean):
        return True
    if _CONTINUATION.search(nxt.clean):
        return True
    _, asked = _near_parts(q)
    return bool(asked) and any(w in nxt.view for w in asked) and not any(w in nxt.view for w in q.left[:1])


def answer_one(question: str, passages: Sequence[Passage]) -> tuple[Answer, float]:
    """Answer a single (not compound) question; the float is the confidence."""
    ans, score, _ = answer_question(question, passages)
    return ans, score


def split_question(question: str) -> list[str]:
    """'哪个县…？哪个区…？' -> two questions; a single question comes back as itself (text after its
    question mark that asks nothing is not a second question)."""
    parts = [p.strip() for p in re.split(r"[？?；;]+", question) if p.strip()]
    parts = [p for p in parts if analyse(p).wh is not None or analyse(p).atype == "yesno"] or [question]
    if len(parts) == 1 and len(re.split(r"[？?；;]+", question.strip("？?；; "))) > 1:
        return [question]
    out: list[str] = []
    for p in parts:
        pieces = [x.strip() for x in re.split(r"[，,]", p) if x.strip()]
        asking = [x for x in pieces if analyse(x).atype != "other" or re.search(r"什么|哪", x)]
        asking = [x for x in asking if analyse(x).wh is not None]
        if len(pieces) > 1 and len(asking) > 1 and all(len(tokenize(x)) >= 2 for x in asking):
            out.extend(asking)
        else:
            out.append(p)
    return [q + "？" for q in out] or [question]


def answer_from_passages(question: str, passages: Sequence[Passage]) -> Answer:
    """The offline engine's answer: a short span plus the cited sentence, or an honest 'not found'."""
    subs = split_question(question)
    if len(subs) == 1:
        return answer_one(question, passages)[0]
    answers = [answer_one(q, passages)[0] for q in subs]
    if not any(a.answerable for a in answers):
        return Answer(answer=NOT_FOUND, answerable=False)
    text = "；".join(
        a.answer if a.answerable else f"{q.rstrip('？')}：{NOT_FOUND}"
        for q, a in zip(subs, answers, strict=True)
    )
    cites: list[Citation] = []
    for a in answers:
        for c in a.citations:
            if c not in cites:
                cites.append(c)
    return Answer(answer=text, answerable=True, citations=cites)


__all__ = [
    "NOT_FOUND",
    "answer_from_passages",
    "answer_one",
    "answer_question",
    "split_question",
    "what_span",
]
