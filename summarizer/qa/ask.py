"""Question answering over a corpus: retrieve passages, let the engine answer, shape the result.

The dict returned by `ask()` is the stable contract of `summarizer ask --json`, the JSON Lines of
`--questions`, and the UI: {answer, answerable, citations[{page, article_index, title, quote}],
retrieved[{page, article_index, title, score}]}.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from summarizer.qa.answering import NOT_FOUND, split_question
from summarizer.engines.base import Engine
from summarizer.errors import InputError
from summarizer.qa.index import Index
from summarizer.schemas import Article, Passage
from summarizer.tokens import query_tokens

MAX_QUESTION_CHARS = 2000
_FOLLOW_UP = re.compile(r"^(那|那么|那个|它|其|他|她|这|该|此)|呢[？?]?$")


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
        return index.search(query, k=k, restrict=restrict)
    ranked = [index.search(s, k=k, restrict=restrict) for s in subs]
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
) -> dict[str, Any]:
    """Answer one question with citations, plus what was retrieved (for scoring and the UI)."""
    q = check_question(question)
    index = corpus if isinstance(corpus, Index) else Index.build(list(corpus))
    hist = [tuple(h) for h in history]
    passages = retrieve(q, index, k=k, restrict=restrict, history=hist)
    if passages:
        result = engine.answer(q, passages, hist)
        answer = result.answer
        if not answer.answerable and is_follow_up(q, hist) and getattr(engine, "name", "") == "offline":
            answer = engine.answer(with_context(q, hist), passages, hist).answer
        meta = result.meta.to_dict()
    else:
        answer, meta = None, {"engine": getattr(engine, "name", "")}
    return {
        "answer": answer.answer if answer else NOT_FOUND,
        "answerable": bool(answer and answer.answerable),
        "citations": [c.model_dump() for c in answer.citations] if answer else [],
        "retrieved": [
            {"page": p.page, "article_index": p.article_index, "title": p.title, "score": p.score}
            for p in passages
        ],
        "engine": meta.get("engine", getattr(engine, "name", "")),
    }
