"""The built-in engine: no network, no model. Extractive summaries, rule-based figures, retrieval answers."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.engines.base import AnswerResult, CallMeta, SummaryResult
from summarizer.schemas import Article, Passage


class OfflineEngine:
    name = "offline"
    label = "offline"
    concurrent = False  # CPU-bound in this process: threads would only contend for the GIL
    resolves_follow_ups = False

    def summarize(self, article: Article) -> SummaryResult:
        from summarizer.engines.extractive import summarize_article

        return SummaryResult(summary=summarize_article(article), meta=CallMeta(engine=self.name))

    def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> AnswerResult:
        from summarizer.qa.answering import answer_from_passages

        return AnswerResult(answer=answer_from_passages(question, passages), meta=CallMeta(engine=self.name))

    def close(self) -> None:
        """Nothing to release."""
