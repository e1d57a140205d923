"""The LLM engine: versioned prompt + JSON schema + one client + re-ask loop + grounding + cache.

Flow of one call (instructor-style): render the prompt with the data in delimited sections, ask,
validate with pydantic, ground against the source; on failure send the errors back as a user message
and ask again (at most settings.max_reasks times, all within settings.deadline). What still fails is
removed (figures dropped and counted, sentences with ungrounded numbers cut); if nothing trustworthy
is left the offline result is used and marked (meta.fallback). Only grounded results are cached.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.config import Settings
from summarizer.engines.base import AnswerResult, CallMeta, SummaryResult
from summarizer.errors import OutputError, TransportError
from summarizer.grounding import (
    GroundingReport,
    answer_problems,
    ground_answer,
    ground_summary,
    summary_problems,
)
from summarizer.llm.client import json_schema
from summarizer.llm.prompts import (
    Prompt,
    PromptLibrary,
    default_library,
    neutralise,
    schema_hash,
    schema_json,
)
from summarizer.schemas import Answer, Article, ArticleSummary, Passage, Usage
from summarizer.text import split_sentences

SUMMARIZE_PROMPT = "summarize.v1"
ANSWER_PROMPT = "answer.v1"
T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")  # a cached result: SummaryResult or AnswerResult


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def truncate_article(text: str, limit: int) -> str:
    """At most `limit` characters, cut at the last sentence end that fits (else hard)."""
    if len(text) <= limit:
        return text
    out = ""
    for sentence in split_sentences(text):
        if len(out) + len(sentence) > limit:
            break
        out += sentence
    return out if len(out) >= limit // 2 else text[:limit]


def validation_problems(e: ValidationError) -> list[str]:
    """Pydantic errors as short lines a model can act on ("key_points: List should have at most 5 items")."""
    out = []
    for err in e.errors(include_url=False)[:12]:
        loc = ".".join(str(x) for x in err.get("loc", ())) or "(root)"
        out.append(f"{loc}: {err.get('msg', 'invalid')}")
    return out


def reask_message(problems: Sequence[str]) -> str:
    lines = "\n".join(f"- {p}" for p in problems[:12])
    return (
        "你上一次输出的 JSON 有以下问题：\n"
        f"{lines}\n"
        "请只依据文章原文改正这些问题，重新输出完整的 JSON 对象（不要任何其他文字）。"
        "无法在原文中找到依据的数字或关键数字请删除，不要编造。"
    )


class LLMEngine:
    """Engine over any OpenAI-compatible endpoint; thread-safe (batch shares one instance)."""

    name = "llm"
    concurrent = True  # each call waits on the endpoint
    resolves_follow_ups = True  # the chat history is part of the prompt

    def __init__(
        self,
        settings: Settings,
        *,
        client: Any = None,
        prompts: PromptLibrary | None = None,
        cache: Any = None,
        fallback: Any = None,
    ) -> None:
        from summarizer.llm.client import LLMClient

        self.settings = settings
        self.client = client or LLMClient(settings)
        self.prompts = prompts or default_library()
        self._cache = cache
        self._cache_ready = cache is not None or not settings.use_cache
        self._fallback = fallback
        self._lock = threading.Lock()
        self.label = f"llm ({settings.model})" if settings.model else "llm"

    # -- shared pieces ------------------------------------------------------------------------
    @property
    def cooldown(self) -> Any:
        """The client's shared 429 cooldown (one per engine, shared by every worker)."""
        return self.client.cooldown

    def _lookup(
        self,
        task: str,
        prompt: Prompt,
        schema: dict[str, Any],
        data: dict[str, Any],
        load: Callable[[dict[str, Any]], R],
    ) -> tuple[str | None, R | None]:
        """(cache key, cached result); no cache gives (None, None), a stale or foreign entry a miss."""
        cache = self._get_cache()
        if cache is None:
            return None, None
        key = cache.key(self._key_parts(task, prompt, schema, data))
        hit = cache.get(key)
        if hit is not None:
            try:
                return key, load(hit)
            except (ValidationError, KeyError, TypeError):
                pass  # recompute
        return key, None

    def _store(self, key: str | None, value: dict[str, Any]) -> None:
        """Keep a finished result; replies that never parsed returned earlier and are not cached."""
        cache = self._get_cache()
        if cache is not None and key is not None:
            cache.set(key, value)

    def _get_cache(self) -> Any:
        """The result cache, opened on first use (once, even when workers race for it)."""
        with self._lock:
            if not self._cache_ready:
                from summarizer.llm.cache import ResultCache

                self._cache = ResultCache(self.settings)
                self._cache_ready = True
        return self._cache

    def close(self) -> None:
        """Close the cache and the client's connections (batch calls this when it is done)."""
        cache = self._cache
        if cache is not None and hasattr(cache, "close"):
            cache.close()
        if hasattr(self.client, "close"):
            self.client.close()

    def _fallback_engine(self) -> Any:
        if self._fallback is None:
            from summarizer.engines.offline import OfflineEngine

            self._fallback = OfflineEngine()
        return self._fallback

    def _meta(self, prompt: Prompt) -> CallMeta:
        return CallMeta(
            engine=self.name, model=self.settings.model, prompt_id=prompt.id, prompt_hash=prompt.sha256
        )

    def _key_parts(
        self, task: str, prompt: Prompt, schema: dict[str, Any], data: dict[str, Any]
    ) -> dict[str, Any]:
        s = self.settings
        return {
            "task": task,
            "engine": self.name,
            "base_url": (s.base_url or "").rstrip("/"),
            "model": s.model,
            "prompt_id": prompt.id,
            "prompt_hash": prompt.sha256,
            "schema_hash": schema_hash(schema),
            "params": {
                "temperature": s.temperature,
                "max_tokens": s.max_tokens,
                "max_reasks": s.max_reasks,
                "max_article_chars": s.max_article_chars,
            },
            "data": data,
        }

    def _ask(
        self,
        messages: list[dict[str, Any]],
        schema: type[T],
        check: Callable[[T], list[str]],
        meta: CallMeta,
    ) -> T:
        """Ask, validate, check; re-ask with the problems. The last valid object is returned; with none,
        OutputError."""
        deadline = time.monotonic() + self.settings.deadline
        best: T | None = None
        last_data: Any = None
        last_problems: list[str] = []
        for attempt in range(self.settings.max_reasks + 1):
            content = ""
            try:
                try:
                    reply = self.client.complete_json(messages, schema, deadline=deadline)
                except TransportError:
                    if best is None:
                        raise
                    break  # a re-ask failed in transport: keep the valid object we have, repaired below
                meta.usage = meta.usage + reply.usage
                content = reply.content
                last_data = reply.data
                obj = schema.model_validate(reply.data)
            except ValidationError as e:
                problems = ["the JSON does not match the schema:", *validation_problems(e)]
            except OutputError as e:
                meta.usage = meta.usage + (getattr(e, "usage", None) or Usage())
                content = getattr(e, "content", "") or ""
                problems = [str(e)]
            else:
                best = obj
                problems = check(obj)
                if not problems:
                    return obj
            last_problems = problems
            if attempt == self.settings.max_reasks or time.monotonic() >= deadline:
                break
            meta.reasks += 1
            if content.strip():
                messages = [*messages, {"role": "assistant", "content": content}]
            messages = [*messages, {"role": "user", "content": reask_message(problems)}]
        if best is None and isinstance(last_data, dict):
            best = _trimmed(schema, last_data)  # e.g. a 170-character summary: cut, then grounded
            if best is not None:
                meta.notes.append("the reply was trimmed to fit the schema after the re-asks")
        if best is None:
            raise OutputError(
                f"no valid reply after {meta.reasks + 1} attempt(s): {'; '.join(last_problems)[:300]}"
            )
        return best

    # -- summarize ----------------------------------------------------------------------------
    def summarize(self, article: Article) -> SummaryResult:
        prompt = self.prompts.get(SUMMARIZE_PROMPT)
        schema = json_schema(ArticleSummary)
        meta = self._meta(prompt)
        full_text = nfc(article.text)
        text = truncate_article(full_text, self.settings.max_article_chars)
        # what the output is checked against: everything printed for this article, headlines included
        source = "\n".join(
            nfc(x)
            for x in (article.kicker, article.title, article.subtitle, article.byline, article.text)
            if x
        )
        if len(text) < len(full_text):
            meta.notes.append(
                f"article truncated from {len(full_text)} to {len(text)} characters before the LLM call "
                f"(max_article_chars={self.settings.max_article_chars})"
            )
        head = [
            f"{label}：{nfc(value)}"
            for label, value in (
                ("肩题", article.kicker),
                ("副题", article.subtitle),
                ("作者", article.byline),
            )
            if value
        ]
        data: dict[str, Any] = {"title": nfc(article.title), "meta": head, "article": text}
        key, cached = self._lookup("summarize", prompt, schema, data, _summary_from_cache)
        if cached is not None:
            return cached
        messages = prompt.render(
            schema=schema_json(schema),
            title=neutralise(data["title"]),
            meta=neutralise("\n".join(head)),
            article=neutralise(text),
        )
        secrets = [messages[0]["content"], prompt.static_text]

        def check(s: ArticleSummary) -> list[str]:
            return summary_problems(s, source, secrets)

        try:
            best = self._ask(messages, ArticleSummary, check, meta)
        except OutputError as e:
            # never valid (refusals, non-JSON, truncation): the article still gets a row, not cached
            meta.notes.append(f"{e}; the offline summary is shown instead")
            return SummaryResult(summary=self._offline_summary(article, source), meta=_fell_back(meta))
        summary, report = ground_summary(best, source, secrets)
        _record(meta, report)
        if report.unusable:
            summary = self._offline_summary(article, source)
            meta.fallback = True
            meta.notes.append(
                "the LLM summary never grounded in the article; the offline summary is shown instead"
            )
        self._store(key, {"summary": summary.model_dump(mode="json"), "meta": meta.to_dict()})
        return SummaryResult(summary=summary, meta=meta)

    def _offline_summary(self, article: Article, source: str) -> ArticleSummary:
        """The offline engine's summary, itself grounded (numbers are sacred whichever engine wrote them)."""
        offline = self._fallback_engine().summarize(article).summary
        regrounded, report = ground_summary(offline, source)
        return offline if report.unusable else regrounded

    # -- answer -------------------------------------------------------------------------------
    def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> AnswerResult:
        prompt = self.prompts.get(ANSWER_PROMPT)
        schema = json_schema(Answer)
        meta = self._meta(prompt)
        if not passages:  # nothing to answer from: no call, the same refusal the offline engine gives
            meta.notes.append("no passages were retrieved; answered without an LLM call")
            return AnswerResult(
                answer=self._fallback_engine().answer(question, [], history).answer, meta=meta
            )
        limit = self.settings.max_article_chars
        blocks = []
        for n, p in enumerate(passages, 1):
            body = truncate_article(nfc(p.text), limit)
            if len(body) < len(p.text):
                meta.notes.append(f"passage {n} truncated to {len(body)} characters before the LLM call")
            blocks.append(
                f"<<<PASSAGE {n}>>>\n版面：{neutralise(p.page)}\n序号：{p.article_index}\n"
                f"标题：{neutralise(nfc(p.title))}\n正文：\n{neutralise(body)}\n<<<END_PASSAGE>>>"
            )
        hist = (
            "\n".join(f"问：{neutralise(nfc(q))}\n答：{neutralise(nfc(a))}" for q, a in history[-4:])
            or "（无）"
        )
        q = nfc(question)
        data = {"question": q, "history": hist, "passages": blocks}
        key, cached = self._lookup("answer", prompt, schema, data, _answer_from_cache)
        if cached is not None:
            return cached
        messages = prompt.render(
            schema=schema_json(schema), history=hist, question=neutralise(q), passages="\n\n".join(blocks)
        )
        secrets = [messages[0]["content"], prompt.static_text]

        def check(a: Answer) -> list[str]:
            return answer_problems(a, passages, secrets)

        try:
            best = self._ask(messages, Answer, check, meta)
        except OutputError as e:
            meta.notes.append(f"{e}; the offline answer is shown instead")
            offline = self._fallback_engine().answer(question, passages, history).answer
            return AnswerResult(answer=offline, meta=_fell_back(meta))
        answer, report = ground_answer(best, passages, secrets)
        _record(meta, report)
        if report.unusable:
            answer = self._fallback_engine().answer(question, passages, history).answer
            meta.fallback = True
            meta.notes.append(
                "the LLM answer never grounded in the passages; the offline answer is shown instead"
            )
        self._store(key, {"answer": answer.model_dump(mode="json"), "meta": meta.to_dict()})
        return AnswerResult(answer=answer, meta=meta)


def _trimmed(schema: type[T], data: dict[str, Any]) -> T | None:
    """The reply cut down to fit the schema (unknown keys, overlong text, invalid items), or None.

    Only used once the re-asks are spent: trimming loses nothing that grounding would have kept.
    """
    from summarizer.schemas import Citation, KeyFigure

    d = {k: v for k, v in data.items() if k in schema.model_fields}
    if isinstance(d.get("summary"), str) and len(d["summary"]) > 150:
        cut = truncate_article(d["summary"], 150)
        d["summary"] = cut if len(cut) <= 150 else cut[:150]
    if isinstance(d.get("key_points"), list):
        d["key_points"] = [p for p in d["key_points"] if isinstance(p, str) and p.strip()][:5]
    for key, item_model in (("key_figures", KeyFigure), ("citations", Citation)):
        if isinstance(d.get(key), list):
            kept = []
            for item in d[key]:
                try:
                    kept.append(item_model.model_validate(item).model_dump())
                except ValidationError:
                    continue
            d[key] = kept
    for key in ("places", "organisations", "people"):
        if isinstance(d.get(key), list):
            d[key] = [x for x in d[key] if isinstance(x, str)]
    try:
        return schema.model_validate(d)
    except ValidationError:
        return None


def _fell_back(meta: CallMeta) -> CallMeta:
    meta.fallback = True
    return meta


def _record(meta: CallMeta, report: GroundingReport) -> None:
    meta.dropped_figures.extend(report.dropped_figures)
    if report.removed_sentences:
        meta.notes.append(
            f"removed {len(report.removed_sentences)} sentence(s) carrying ungrounded numbers or prompt text"
        )
    if report.removed_links:
        meta.notes.append(f"removed {report.removed_links} link(s)/image(s)/tag(s) not printed in the source")
    if report.dropped_citations:
        meta.notes.append(
            f"dropped {len(report.dropped_citations)} citation(s) whose quote is not in the passage"
        )
    if report.dropped_names:
        meta.notes.append(f"dropped {len(report.dropped_names)} name(s) not found in the article")


def _cached_meta(stored: dict[str, Any]) -> CallMeta:
    meta = CallMeta.from_dict(stored)
    meta.cache_hit = True
    meta.usage = Usage()  # a cache hit cost nothing this time
    return meta


def _summary_from_cache(hit: dict[str, Any]) -> SummaryResult:
    return SummaryResult(
        summary=ArticleSummary.model_validate(hit["summary"]), meta=_cached_meta(hit["meta"])
    )


def _answer_from_cache(hit: dict[str, Any]) -> AnswerResult:
    return AnswerResult(answer=Answer.model_validate(hit["answer"]), meta=_cached_meta(hit["meta"]))
