"""Question answering over a corpus: retrieve passages, let the engine answer, shape the result.

`ask()` returns an `AskResult`; its `record()` is the stable contract of `summarizer ask --json`, the
JSON Lines of `--questions`, and the UI: {answer, answerable, citations[{page, article_index, title,
quote}], retrieved[{page, article_index, title, score}], engine}.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarizer.engines.base import Engine
from summarizer.errors import InputError
from summarizer.qa.answering import split_question
from summarizer.qa.index import Index
from summarizer.qa.question import analyse
from summarizer.qa.rerank import pool_size, rerank
from summarizer.schemas import NOT_FOUND, Article, Citation, Passage
from summarizer.tokens import query_tokens

MAX_QUESTION_CHARS = 2000
_FOLLOW_UP = re.compile(r"^(那|那么|那个|它|其|他|她|这|该|此)|呢[？?]?$")


class Retrieved(BaseModel):
    """One retrieved article, as scored by the index."""

    model_config = ConfigDict(extra="forbid")

    page: str
    article_index: int
    title: str
    score: float


class AskResult(BaseModel):
    """One answered question: what the CLI prints, the JSON Lines hold and the UI shows."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    answerable: bool
    citations: list[Citation] = Field(default_factory=list)
    retrieved: list[Retrieved] = Field(default_factory=list)
    engine: str

    def record(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def refused(cls, engine: str, reason: str = NOT_FOUND) -> AskResult:
        """No answer (nothing retrieved, or an error row of a questions file)."""
        return cls(answer=reason, answerable=False, engine=engine)


def check_question(question: Any) -> str:
    """A usable question or an InputError saying why not."""
    if not isinstance(question, str) or not question.strip():
        raise InputError("empty question")
    q = question.strip()
    if len(q) > MAX_QUESTION_CHARS:
        raise InputError(f"question is {len(q)} characters, over the limit of {MAX_QUESTION_CHARS}")
    return q


def with_context(question: str, history: Sequence[Sequence[str]]) -> str:
    """A follow-up read together with the previous question: '恩平篮球赛募集善款多少，去年'."""
    prev = re.sub(r"[？?！!。\s]+$", "", str(history[-1][0]))
    current = re.sub(r"^(那么|那)|呢?[？?！!。\s]*$", "", question).strip()
    return f"{prev}，{current}？" if prev else question


def is_follow_up(question: str, history: Sequence[Sequence[str]]) -> bool:
    """'那去年呢？' only makes sense with the previous question; a full question stands alone."""
    return bool(history) and (len(query_tokens(question)) <= 3 or bool(_FOLLOW_UP.search(question)))


def search(query: str, index: Index, k: int, restrict: Collection[str] | None = None) -> list[Passage]:
    """Index.search over a wider pool, re-ranked by agreement with the question's years and names."""
    pool = index.search(query, k=pool_size(k), restrict=restrict)
    # Passages carry their article's date: the re-ranker needs it for "2023年…" questions about
    # articles that print only "今年" (read with the pool, never by walking the corpus).
    dates = {(p.page, p.article_index): p.date for p in pool if p.date}
    return rerank(analyse(query), pool, k, dates)


def retrieve(
    question: str,
    index: Index,
    k: int = 5,
    restrict: Collection[str] | None = None,
    history: Sequence[Sequence[str]] = (),
) -> list[Passage]:
    """Top-k passages; a compound question gets the best of each part, interleaved, so both are cited."""
    query = question
    if is_follow_up(question, history):
        query = with_context(question, history)
    subs = split_question(query)
    if len(subs) == 1:
        return search(query, index, k, restrict)
    ranked = [search(s, index, k, restrict) for s in subs]
    out: list[Passage] = []
    seen: set[tuple[str, int]] = set()
    for rank in range(k):
        for hits in ranked:
            if rank < len(hits) and (hits[rank].page, hits[rank].article_index) not in seen:
                seen.add((hits[rank].page, hits[rank].article_index))
                out.append(hits[rank])
    return out[: max(k, len(subs))]


def ask(
    question: str,
    corpus: Index | Sequence[Article],
    engine: Engine,
    k: int = 5,
    restrict: Collection[str] | None = None,
    history: Sequence[Sequence[str]] = (),
) -> AskResult:
    """Answer one question with citations, plus what was retrieved (for scoring and the UI)."""
    q = check_question(question)
    index = corpus if isinstance(corpus, Index) else Index.build(list(corpus))
    hist = [(str(h[0]), str(h[1])) for h in history if len(h) >= 2]
    passages = retrieve(q, index, k=k, restrict=restrict, history=hist)
    retrieved = [
        Retrieved(page=p.page, article_index=p.article_index, title=p.title, score=p.score) for p in passages
    ]
    if not passages:
        return AskResult.refused(engine.name)
    result = engine.answer(q, passages, hist)
    answer = result.answer
    if not answer.answerable and not engine.resolves_follow_ups and is_follow_up(q, hist):
        answer = engine.answer(with_context(q, hist), passages, hist).answer
    return AskResult(
        answer=answer.answer,
        answerable=answer.answerable,
        citations=list(answer.citations),
        retrieved=retrieved,
        engine=result.meta.engine,
    )
