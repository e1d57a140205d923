"""Engine factory: the settings decide which implementation runs."""

from __future__ import annotations

from ..config import Settings
from .base import AnswerResult, CallMeta, Engine, SummaryResult

__all__ = ["AnswerResult", "CallMeta", "Engine", "SummaryResult", "make_engine"]


def make_engine(settings: Settings) -> Engine:
    if settings.resolved_engine == "llm":
        from .llm import LLMEngine

        return LLMEngine(settings)
    from .offline import OfflineEngine

    return OfflineEngine()
