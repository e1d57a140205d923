"""Sentences of the retrieved passages, scored for how much of the question each one says.

A sentence's relevance mixes the question words it holds (weighted by how rare they are among the
candidate sentences, a word of its passage's title counting for every sentence of that passage), the
question's character pairs it repeats, its passage's retrieval score and, for a definition question,
whether it defines the asked term. Spans are cut from `Sentence.clean` and matched on `Sentence.view`
(same length, half-width and lower case), so offsets found on one index the other.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer.lexicon import NOUN_KIN
from summarizer.qa.question import Question, years_in
from summarizer.quantities import Quantity, find_quantities
from summarizer.schemas import Passage
from summarizer.text import clean_spaces, split_sentences
from summarizer.tokens import tokenize_many

# Relevance mix of a sentence: its own coverage, its characters' overlap, its article, its passage.
W_COVERAGE, W_BIGRAM, W_CONTEXT, W_PASSAGE = 0.4, 0.35, 0.05, 0.3

# A sentence that names only other years than the question's loses this much.
YEAR_CONFLICT = 0.3
# ... and one that prints the question's year gains this much ("2016年5月，X获得了什么奖项": the sentence
# of 2013 says what X did then; a report's other sentences say nothing of the year).
YEAR_AGREEMENT = 0.2

# Weight of how much of a passage's title the question names (a question about 红尾鸲 is answered
# from the passage about 红尾鸲, not from another passage that also says 主要分布于).
W_TITLE = 0.2

# Weight of the words next to the interrogative, matched by characters (what is asked, paraphrased).
W_NEAR = 0.1

# Relevance added to a sentence that defines what a definition question asks about ("X是…").
DEFINITION_EVIDENCE = 0.2

# Share of a question word's weight a sentence gets when the word is in its passage's title.
TITLE_CREDIT = 1.0

# Weight factor of the words next to the interrogative (what is asked about the subject).
NEAR_BOOST = 2.5


@lru_cache(maxsize=4096)
def quantities_of(view: str) -> tuple[Quantity, ...]:
    """find_quantities of a sentence view, once: several scorers read the same sentence's numbers."""
    return tuple(find_quantities(view))


@lru_cache(maxsize=4096)
def view_of(text: str) -> str:
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
    before: str = ""  # the previous sentence's view in the passage ("" for the first)


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


def answer_sentences(text: str) -> list[str]:
    """split_sentences, with a piece cut inside brackets joined to the next: "石桥镇（；）是河西县的一个
    镇" is one sentence (a ； inside brackets ends none); joined only where the text has them side by side,
    so a quote stays verbatim."""
    out: list[str] = []
    for part in split_sentences(text):
        if out and _unclosed(out[-1]) and out[-1] + part in text:
            out[-1] += part
        else:
            out.append(part)
    return out


def _unclosed(piece: str) -> bool:
    """Whether the piece's end mark stands inside brackets ("牛车水（；" before its closer "）")."""
    body = piece.rstrip("”’」』）)\"'")
    return body.count("（") + body.count("(") > body.count("）") + body.count(")")


def score_sentences(q: Question, passages: Sequence[Passage]) -> list[Sentence]:
    """Every sentence of the passages, scored for relevance to the question, best first.

    A passage's title says what all its sentences are about ("红尾鸲" … "分布在亚洲、…"), so a
    question word found in the title counts TITLE_CREDIT of its weight for every sentence of that
    passage; the words next to the interrogative (what is asked about the subject) count NEAR_BOOST
    times.
    """
    out: list[Sentence] = []
    heads: list[set[str]] = []
    head_bigrams: list[set[str]] = []
    art_tokens: list[set[str]] = []
    split = [(p, answer_sentences(p.text) or [p.title]) for p in passages]
    cleans = [[clean_spaces(s) for s in texts] for _, texts in split]
    tokens = iter(
        tokenize_many([t for (p, _), cs in zip(split, cleans, strict=True) for t in [p.title, *cs]])
    )
    for rank, ((p, texts), cs) in enumerate(zip(split, cleans, strict=True)):
        head = set(next(tokens))
        sents = [
            Sentence(p, rank, i, s, clean, view_of(clean), set(next(tokens)))
            for i, (s, clean) in enumerate(zip(texts, cs, strict=True))
        ]
        for prev, s in zip(sents, sents[1:], strict=False):
            s.before = prev.view
        whole = head.union(*(s.tokens for s in sents))
        out.extend(sents)
        heads.extend([head] * len(sents))
        head_bigrams.extend([_bigrams(view_of(p.title))] * len(sents))
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
            elif printed & q.years:
                s.relevance += YEAR_AGREEMENT
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


# A sentence that opens with a pronoun (他在工厂干了三十年, 该车间…) is about whom the sentence
# before it names: its first this many characters are looked at.
PRONOUN_REACH = 4
_PRONOUN_OPEN = re.compile(rf"^[^，。；]{{0,{PRONOUN_REACH}}}?(?:他|她|其|该|此)")


def said_with(s: Sentence) -> str:
    """What a sentence is about, said or not: its own words, its passage's title (the subject goes
    unsaid in most sentences), and the sentence before when it opens with a pronoun."""
    text = s.view + " " + view_of(s.passage.title)
    if s.before and _PRONOUN_OPEN.match(s.view):
        text += " " + s.before
    return text


def mentions_kin(text: str, word: str) -> bool:
    """mentions, or the text prints another word for the same thing (案子 ~ 案件: lexicon.NOUN_KIN)."""
    return mentions(text, word) or any(k in text for g in NOUN_KIN if word in g for k in g)


def mentions(text: str, word: str) -> bool:
    """word in text, or (for a word of 3+ characters) one of its two-character pieces: 人口数 ~ 人口."""
    if word in text:
        return True
    return len(word) >= 3 and any(word[i : i + 2] in text for i in range(len(word) - 1))
