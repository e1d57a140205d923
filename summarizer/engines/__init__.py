"""Stage 2, summarizing and answering: an Article (or a question and its passages) in, a typed result out.

One `Engine` protocol (`base`), two implementations returning the same schemas: `offline` (extractive
summaries from `extractive`, rule-based key figures, retrieval-based answers) and `llm` (versioned
prompts, validated JSON, grounding and re-asks). `make_engine` picks one from the settings.
"""

from __future__ import annotations

from summarizer.config import Settings
from summarizer.engines.base import AnswerResult, CallMeta, Engine, SummaryResult

__all__ = ["AnswerResult", "CallMeta", "Engine", "SummaryResult", "make_engine"]


def make_engine(settings: Settings) -> Engine:
    if settings.resolved_engine == "llm":
        from summarizer.engines.llm import LLMEngine

        return LLMEngine(settings)
    from summarizer.engines.offline import OfflineEngine

    return OfflineEngine()
