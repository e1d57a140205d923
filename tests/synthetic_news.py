"""Synthetic Chinese news articles for archive-scale benchmarks and index tests (not our eval material).

Vocabulary-realistic: words come from jieba's own dictionary (about 350,000 words with their corpus
frequencies and word classes), drawn per word class with frequency-weighted (Zipf-like) odds, so a
million articles have the long tail of rare words and the few very common ones that a real archive
has. Each article has a topic (a place, an organisation, two topic nouns) that recurs through it, as
news articles repeat what they are about, and clauses with figures (counts, money, percentages,
dates) in the shapes newspapers print them. Every figure clause also yields a question whose answer
and source article are known, so retrieval can be scored at any corpus size.

The stream is deterministic for a seed, and article i does not depend on how many follow it.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jieba
import numpy as np

ZIPF_EXPONENT = 0.75  # word odds ~ frequency**0.75: the flattening word2vec uses for real corpora
MEDIAN_SENTENCES = 10  # a 工人日报 article runs about 500 characters in ten sentences of ~50
SENTENCE_SPREAD = 0.6  # log-normal spread of article lengths (short briefs to full-page reports)
ARTICLES_PER_PAGE = 12
PAGES_PER_ISSUE = 8

_CLASSES = {
    "place": ("ns",),
    "org": ("nt",),
    "person": ("nr",),
    "noun": ("n", "vn", "nz"),
    "verb": ("v",),
    "adj": ("a",),
    "adv": ("d",),
}
_UNITS = ("个", "家", "人", "名", "件", "项", "次", "人次", "万元", "亿元", "元", "公里", "吨", "所", "场")
_CJK_ONLY = "\u4e00-\u9fff"


@dataclass(frozen=True)
class Fact:
    """One figure clause of an article: what a reader could ask about it, and the printed answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class NewsArticle:
    id: str
    title: str
    text: str
    date: str
    source: str
    index: int  # its position on its page (the source), 1-based: the corpus id is source#index
    facts: tuple[Fact, ...]

    def record(self) -> dict[str, str]:
        """The corpus .jsonl line: {"id", "title", "text", "date", "source"}."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "date": self.date,
            "source": self.source,
        }


def _dictionary() -> dict[str, tuple[list[str], np.ndarray]]:
    """jieba's dictionary split into word classes: words and the cumulative sums of their odds."""
    path = Path(jieba.__file__).parent / "dict.txt"
    by_tag: dict[str, list[tuple[str, int]]] = {}
    import re

    cjk = re.compile(f"[{_CJK_ONLY}]{{2,6}}")
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and cjk.fullmatch(parts[0]):
            by_tag.setdefault(parts[2], []).append((parts[0], int(parts[1])))
    out: dict[str, tuple[list[str], np.ndarray]] = {}
    for name, tags in _CLASSES.items():
        pairs = [p for t in tags for p in by_tag.get(t, [])]
        freq = np.array([f for _, f in pairs], dtype=np.float64) ** ZIPF_EXPONENT
        out[name] = ([w for w, _ in pairs], np.cumsum(freq / freq.sum()))
    return out


class NewsGenerator:
    """Articles one after another: `articles(n)` yields NewsArticle, deterministic for the seed."""

    def __init__(self, seed: int = 0, paper: str = "合成日报"):
        self.rng = np.random.default_rng(seed)  # weighted word draws, 4096 at a time
        self.small = random.Random(seed)  # small integers: far cheaper one at a time than numpy
        self.paper = paper
        self.words = _dictionary()
        self._buffers: dict[str, list[str]] = {}
        self._count = 0

    def _word(self, cls: str) -> str:
        buf = self._buffers.get(cls)
        if not buf:
            words, cdf = self.words[cls]
            picks = np.searchsorted(cdf, self.rng.random(4096) * cdf[-1], side="right")
            buf = [words[i] for i in np.minimum(picks, len(words) - 1).tolist()]
            self._buffers[cls] = buf
        return buf.pop()

    def _int(self, lo: int, hi: int) -> int:
        return lo + int(self.small.random() * (hi - lo))

    def _figure(self) -> tuple[str, str]:
        """A printed figure and its unit: "147个", "5.89万元", "26.3%"."""
        kind = self._int(0, 10)
        if kind < 5:
            return str(self._int(2, 3000)), _UNITS[self._int(0, len(_UNITS))]
        if kind < 8:
            return f"{self._int(1, 999)}.{self._int(1, 99)}", "万元" if kind < 7 else "亿元"
        return f"{self._int(1, 99)}.{self._int(1, 9)}", "%"

    def _figure_clause(self, place: str, topic: str) -> tuple[str, Fact]:
        verb, obj = self._word("verb"), self._word("noun")
        number, unit = self._figure()
        if unit == "%":
            clause = f"{place}{topic}{obj}{verb}率达到{number}%"
            question = f"{place}{topic}{obj}{verb}率是多少？"
        else:
            clause = f"{place}{topic}共{verb}{obj}{number}{unit}"
            question = f"{place}{topic}{verb}了多少{obj}？"
        return clause, Fact(question=question, answer=f"{number}{unit}")

    def _clause(self, topic: tuple[str, str, str, str]) -> str:
        place, org, noun1, noun2 = topic
        shape = self._int(0, 8)
        w = self._word
        if shape == 0:
            return f"{self._int(1, 13)}月{self._int(1, 29)}日，{org}{w('adv')}{w('verb')}{noun1}{w('noun')}"
        if shape == 1:
            return f"{w('person')}表示，{w('noun')}{w('verb')}{w('adv')}{w('adj')}"
        if shape == 2:
            return f"{place}{w('verb')}{w('adj')}的{noun2}{w('noun')}"
        if shape == 3:
            return f"{w('verb')}{w('noun')}和{w('noun')}，{w('verb')}{noun1}"
        if shape == 4:
            return f"{org}{w('verb')}{w('noun')}{w('verb')}{w('noun')}"
        if shape == 5:
            return f"{w('adv')}{w('verb')}{w('adj')}{w('noun')}{w('noun')}"
        if shape == 6:
            return f"{w('place')}{w('org')}{w('verb')}{noun2}{w('verb')}的{w('noun')}"
        return f"{w('noun')}{w('verb')}{w('noun')}{w('adv')}{w('adj')}"

    def article(self) -> NewsArticle:
        i = self._count
        self._count += 1
        topic = (self._word("place"), self._word("org"), self._word("noun"), self._word("noun"))
        n = max(1, round(self.small.lognormvariate(math.log(MEDIAN_SENTENCES), SENTENCE_SPREAD)))
        sentences: list[str] = []
        facts: list[Fact] = []
        for _ in range(n):
            clauses = [self._clause(topic) for _ in range(self._int(2, 4))]
            if self._int(0, 3) == 0:
                clause, fact = self._figure_clause(topic[0], topic[2])
                clauses.append(clause)
                facts.append(fact)
            sentences.append("，".join(clauses) + ("。" if self._int(0, 12) else "；"))
        paragraphs = ["".join(sentences[j : j + 3]) for j in range(0, n, 3)]
        title = f"{topic[0]}{topic[2]}{self._word('verb')}{self._word('adj')}{topic[3]}"
        issue, slot = divmod(i, ARTICLES_PER_PAGE * PAGES_PER_ISSUE)
        year, day = 1995 + issue // 300, issue % 300
        date = f"{year}-{day // 25 + 1:02d}-{day % 25 + 1:02d}"
        source = f"{self.paper}-{date}-第{slot // ARTICLES_PER_PAGE + 1}版"
        return NewsArticle(
            id=f"n{i:07d}",
            title=title,
            text="\n".join(paragraphs),
            date=date,
            source=source,
            index=slot % ARTICLES_PER_PAGE + 1,
            facts=tuple(facts),
        )

    def articles(self, n: int) -> Iterator[NewsArticle]:
        for _ in range(n):
            yield self.article()


def write_jsonl(path: Path, n: int, seed: int = 0, paper: str = "合成日报") -> list[tuple[str, Fact]]:
    """n articles as one .jsonl file; returns each article's first fact with the article's corpus id
    (page#index), for questions whose source is known."""
    facts: list[tuple[str, Fact]] = []
    with open(path, "w", encoding="utf-8") as out:
        for a in NewsGenerator(seed, paper).articles(n):
            out.write(json.dumps(a.record(), ensure_ascii=False) + "\n")
            if a.facts:
                facts.append((f"{a.source}#{a.index}", a.facts[0]))
    return facts
