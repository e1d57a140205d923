"""Alignment: an interrogative stands where the answer stands in a declarative sentence.

The question's words before its interrogative should end just before the answer span, its words after
it should start just after ("三次犯规即判为什么" -> "…即判为[出局]"). `Aligner` weighs those words by
rarity and scores a span's edges; `align_spans` proposes the spans between such anchors (or clause
edges); `trim` strips the words that tie a span to its clause (是, 位于, 的 …).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from summarizer.qa.question import Question
from summarizer.qa.sentences import Sentence

# Characters over which the pull of a question word on a span boundary halves.
ALIGN_DECAY = 6.0

# Longest span an alignment may cut before it is no longer a short answer (characters).
MAX_SPAN = 60

CLAUSE_PUNCT = "，,；;：:。！？!?…"

_OPEN, _CLOSE = "“‘「『《（(【[", "”’」』》）)】]"

# Leading words that tie a span to the clause before it rather than belonging to the answer.
_LEAD_WORDS = (
    "分别是 主要是 主要有 就是 也是 则是 均为 都是 即为 仍是 还是 乃是 便是 正是 是由 是在 是从 是以 是为 由于 位于 "
    "属于 成为 作为 叫做 称为 名为 号称 简称 又称 俗称 共有 拥有 包括 包含 来自 出自 担任 出任 获得 荣获 "
    "是 为 乃 即 系 由 于 在 被 把 将 对 向 从 以 用 并 而 且 则 就 也 都 还 又 已 曾 便 了 的 之 所 其 与 和 及 共 达 有 约为"
).split()

_TRAIL_WORDS = "的 之 了 等 一个 一种 一位 一名 一项 一座 一家 一所 的一个 的一种 之一 所 而 并 和 与 及 时 中 里 上 下".split()


class Aligner:
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
    return len(between) + 8 * sum(between.count(c) for c in CLAUSE_PUNCT)


def _decay(distance: float) -> float:
    return 1.0 / (1.0 + distance / ALIGN_DECAY)


def _clause_bounds(view: str) -> list[int]:
    """Positions where a clause starts or ends (after punctuation), plus both ends."""
    cuts = {0, len(view)}
    for i, ch in enumerate(view):
        if ch in CLAUSE_PUNCT:
            cuts.add(i)
            cuts.add(i + 1)
    return sorted(cuts)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) of text past the words that tie a span to its clause (是, 位于, 的 …)."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start].isspace() or text[start] in CLAUSE_PUNCT + "、"):
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
        while end > start and (text[end - 1].isspace() or text[end - 1] in CLAUSE_PUNCT + "、"):
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


def balanced(text: str) -> bool:
    for o, c in zip(_OPEN, _CLOSE, strict=True):
        if o != c and text.count(o) != text.count(c):
            return False
    return True


def align_spans(q: Question, s: Sentence, aligner: Aligner) -> list[tuple[int, int]]:
    """Spans between the end of a left question word (or a clause start) and the next right word
    (or the clause end): where the interrogative's counterpart stands."""
    view = s.view
    left, right = aligner.anchors(view)
    cuts = _clause_bounds(view)
    starts = {p + len(w) for w, pos in left.items() for p in pos}
    ends = {p for w, pos in right.items() for p in pos}
    clause_starts = [c for c in cuts if c == 0 or (c > 0 and view[c - 1] in CLAUSE_PUNCT)]
    clause_ends = [c for c in cuts if c == len(view) or view[c : c + 1] in tuple(CLAUSE_PUNCT)]
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
