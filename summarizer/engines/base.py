"""The one Engine interface. `offline` and `llm` implement it and return the same schemas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from summarizer.schemas import Answer, Article, ArticleSummary, Passage, Usage


@dataclass
class CallMeta:
    """How a result was made: recorded on every output line so runs can be audited and compared."""

    engine: str
    model: str | None = None
    prompt_id: str | None = None
    prompt_hash: str | None = None
    cache_hit: bool = False
    usage: Usage = field(default_factory=Usage)
    reasks: int = 0
    repairs: int = 0  # deterministic fixes applied to the model's output (no call needed)
    dropped_figures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fallback: bool = False  # the offline result was used because the LLM output never grounded

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "model": self.model,
            "prompt_id": self.prompt_id,
            "prompt_hash": self.prompt_hash,
            "cache_hit": self.cache_hit,
            "usage": self.usage.model_dump(),
            "reasks": self.reasks,
            "repairs": self.repairs,
            "dropped_figures": [dict(d) for d in self.dropped_figures],
            "notes": list(self.notes),
            "fallback": self.fallback,
        }

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> CallMeta:
        """A CallMeta read back from to_dict() output (a cache entry); unknown keys are ignored."""
        fields = {k: v for k, v in stored.items() if k in cls.__dataclass_fields__ and k != "usage"}
        return cls(**fields, usage=Usage.model_validate(stored.get("usage") or {}))


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
    """Summaries and answers from one implementation; callers ask its capabilities, never its name."""

    name: str  # recorded in outputs ("offline", "llm")
    label: str  # shown to people: "offline", "llm (qwen2.5-7b-instruct)"
    concurrent: bool  # calls wait on the network, not this CPU: worth running several at once
    resolves_follow_ups: bool  # reads the chat history itself ("那去年呢？"); else the caller rewrites

    def summarize(self, article: Article) -> SummaryResult:
        """Summary, key points and grounded key figures of one article."""
        ...

    def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> AnswerResult:
        """Answer a question from retrieved passages only, citing them; refuse when they do not say."""
        ...

    def close(self) -> None:
        """Release connections and files; the engine is not used afterwards."""
        ...
