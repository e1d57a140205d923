"""The one Engine interface. `offline` and `llm` implement it and return the same schemas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from summarizer.schemas import Answer, Article, ArticleSummary, Passage


@dataclass
class CallMeta:
    """How a result was made: recorded on every output line so runs can be audited and compared."""

    engine: str
    model: str | None = None
    prompt_id: str | None = None
    prompt_hash: str | None = None
    cache_hit: bool = False
    usage: dict[str, int] = field(default_factory=dict)
    reasks: int = 0
    dropped_figures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fallback: bool = False  # the offline result was used because the LLM output never grounded

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SummaryResult:
    summary: ArticleSummary
    meta: CallMeta


@dataclass
class AnswerResult:
    answer: Answer
    meta: CallMeta


@runtime_checkable
class Engine(Protocol):
    name: str

    def summarize(self, article: Article) -> SummaryResult:
        """Summary, key points and grounded key figures of one article."""
        ...

    def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> AnswerResult:
        """Answer a question from retrieved passages only, citing them; refuse when they do not say."""
        ...
