"""The LLM engine: versioned prompt + JSON schema + one client + repairs + re-asks + grounding + cache.

One call, in two halves that a caller may drive itself (the synchronous loop here, or a Batch API
path that sends many requests at once and feeds the replies back):

1. ``prepare_summary`` / ``prepare_answer`` -> ``Pending``: the cache key, the messages to send and the
   schema to ask for (or the cached result, with nothing to send);
2. ``take_reply(pending, reply)`` for each reply: validate with pydantic, repair what a rule can fix
   (summarizer.repair: qualifiers, 万/亿, near-verbatim quotes), check with the one rule set
   (summarizer.grounding, which uses summarizer.support for every shown sentence); when something
   is left that only the model can fix, the problems are appended to ``pending.messages`` as a
   re-ask (prompts/reask.v1.md) and the call is not done;
3. ``finish(pending)``: drop what the same rules still complain about, fall back to the offline
   result (marked ``meta.fallback``) when nothing trustworthy is left, cache what was shown.

``summarize`` / ``answer`` run the three steps synchronously, with at most settings.max_reasks
re-asks, all within settings.deadline.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
from summarizer.repair import Repairs, repair_answer, repair_summary
from summarizer.schemas import Answer, Article, ArticleSummary, Passage, Usage
from summarizer.text import split_sentences

SUMMARIZE_PROMPT = "summarize.v2"
ANSWER_PROMPT = "answer.v1"
REASK_PROMPT = "reask.v1"  # the user message that lists the problems of a reply
PASSAGE_PROMPT = "passage.v1"  # the framing of one retrieved passage inside the answer prompt
MAX_PROBLEMS_SENT = 12  # problems listed in one re-ask (the rest wait for the next)
Result = SummaryResult | AnswerResult


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


@dataclass
class Pending:
    """One LLM call in progress: what to send next, what has come back, and how it will be finished.

    Public for callers that send requests themselves (a Batch API path): send ``messages`` asking
    for ``schema`` (``json_schema(schema)`` is its JSON Schema), hand each reply to
    ``LLMEngine.take_reply``, re-send while ``not done``, then call ``LLMEngine.finish``. A pending
    call served from the cache has ``done`` set and ``result`` filled, and sends nothing.
    """

    task: str  # "summarize" or "answer"
    schema: type[BaseModel]  # ArticleSummary or Answer
    messages: list[dict[str, Any]]  # the conversation so far: send this
    meta: CallMeta
    key: str | None  # the cache key (None: no cache)
    secrets: list[str]  # texts a reply must never repeat: the prompt and the re-ask text
    repair: Callable[[Any], tuple[Any, Repairs]]
    check: Callable[[Any], list[str]]
    ground: Callable[[Any], tuple[Any, GroundingReport]]
    offline: Callable[[], Any]  # the offline result, when the LLM's is not usable
    deadline: float | None = None  # time.monotonic() instant after which no re-ask is sent
    attempts: int = 0  # replies taken
    done: bool = False
    best: Any = None  # the last valid (repaired) reply
    best_repairs: Repairs = field(default_factory=Repairs)
    problems: list[str] = field(default_factory=list)  # what the last reply still got wrong
    last_data: Any = None
    result: Result | None = None  # set when served from the cache, or by finish()


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
        self, task: str, prompts: Sequence[Prompt], schema: dict[str, Any], data: dict[str, Any]
    ) -> dict[str, Any]:
        """What a cached result depends on: the endpoint, the model, every template used (the task's
        prompt, the re-ask, the passage framing) by id and hash, the schema, the parameters, the data."""
        s = self.settings
        return {
            "task": task,
            "engine": self.name,
            "base_url": (s.base_url or "").rstrip("/"),
            "model": s.model,
            "prompt_id": prompts[0].id,
            "prompt_hash": prompts[0].sha256,
            "fragments": {p.id: p.sha256 for p in prompts[1:]},
            "schema_hash": schema_hash(schema),
            "params": {
                "temperature": s.temperature,
                "max_tokens": s.max_tokens,
                "max_reasks": s.max_reasks,
                "max_article_chars": s.max_article_chars,
            },
            "data": data,
        }

    def _lookup(
        self, parts: dict[str, Any], load: Callable[[dict[str, Any]], Result]
    ) -> tuple[str | None, Result | None]:
        """(cache key, cached result); no cache gives (None, None), a stale or foreign entry a miss."""
        cache = self._get_cache()
        if cache is None:
            return None, None
        key = cache.key(parts)
        hit = cache.get(key)
        if hit is not None:
            try:
                return key, load(hit)
            except (ValidationError, KeyError, TypeError):
                pass  # recompute
        return key, None

    def _store(self, key: str | None, value: dict[str, Any]) -> None:
        """Keep a finished result; replies that never parsed are not cached."""
        cache = self._get_cache()
        if cache is not None and key is not None:
            cache.set(key, value)

    def reask_message(self, problems: Sequence[str]) -> str:
        """The re-ask user message (prompts/reask.v1.md) listing at most MAX_PROBLEMS_SENT problems."""
        lines = "\n".join(f"- {p}" for p in problems[:MAX_PROBLEMS_SENT])
        return self.prompts.get(REASK_PROMPT).render_text(problems=lines)

    # -- the two halves of a call -------------------------------------------------------------
    def prepare_summary(self, article: Article) -> Pending:
        """The request for one article's summary: cache key, messages, schema (or the cached result)."""
        prompt = self.prompts.get(SUMMARIZE_PROMPT)
        reask = self.prompts.get(REASK_PROMPT)
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
        fields = {
            "title": nfc(article.title),
            "kicker": nfc(article.kicker),
            "subtitle": nfc(article.subtitle),
            "byline": nfc(article.byline),
        }
        data: dict[str, Any] = {**fields, "article": text}
        key, cached = self._lookup(
            self._key_parts("summarize", [prompt, reask], schema, data), _summary_from_cache
        )
        messages = prompt.render(
            schema=schema_json(schema),
            article=neutralise(text),
            **{k: neutralise(v) for k, v in fields.items()},
        )
        secrets = [messages[0]["content"], prompt.static_text, reask.static_text]

        def offline() -> ArticleSummary:
            return self._offline_summary(article, source)

        pending = Pending(
            task="summarize",
            schema=ArticleSummary,
            messages=messages,
            meta=meta,
            key=key,
            secrets=secrets,
            repair=lambda s: repair_summary(s, source),
            check=lambda s: summary_problems(s, source, secrets),
            ground=lambda s: ground_summary(s, source, secrets),
            offline=offline,
        )
        if cached is not None:
            pending.result, pending.done = cached, True
        return pending

    def prepare_answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> Pending:
        """The request for one answer: cache key, messages, schema (or the cached result)."""
        prompt = self.prompts.get(ANSWER_PROMPT)
        reask = self.prompts.get(REASK_PROMPT)
        framing = self.prompts.get(PASSAGE_PROMPT)
        schema = json_schema(Answer)
        meta = self._meta(prompt)
        limit = self.settings.max_article_chars
        blocks = []
        for n, p in enumerate(passages, 1):
            body = truncate_article(nfc(p.text), limit)
            if len(body) < len(p.text):
                meta.notes.append(f"passage {n} truncated to {len(body)} characters before the LLM call")
            blocks.append(
                framing.render_text(
                    n=str(n),
                    page=neutralise(p.page),
                    index=str(p.article_index),
                    title=neutralise(nfc(p.title)),
                    body=neutralise(body),
                )
            )
        hist = (
            "\n".join(f"问：{neutralise(nfc(q))}\n答：{neutralise(nfc(a))}" for q, a in history[-4:])
            or "（无）"
        )
        q = nfc(question)
        data = {"question": q, "history": hist, "passages": blocks}
        key, cached = self._lookup(
            self._key_parts("answer", [prompt, reask, framing], schema, data), _answer_from_cache
        )
        messages = prompt.render(
            schema=schema_json(schema), history=hist, question=neutralise(q), passages="\n\n".join(blocks)
        )
        secrets = [messages[0]["content"], prompt.static_text, reask.static_text]
        passages = list(passages)

        def offline() -> Answer:
            return self._fallback_engine().answer(question, passages, history).answer

        pending = Pending(
            task="answer",
            schema=Answer,
            messages=messages,
            meta=meta,
            key=key,
            secrets=secrets,
            repair=lambda a: repair_answer(a, passages),
            check=lambda a: answer_problems(a, passages, secrets),
            ground=lambda a: ground_answer(a, passages, secrets),
            offline=offline,
        )
        if cached is not None:
            pending.result, pending.done = cached, True
        return pending

    def take_reply(self, pending: Pending, reply: Any) -> None:
        """Judge one reply (a client Completion, or the OutputError it raised) and decide what next.

        Valid replies are repaired, then checked; a reply with no problems ends the call. Otherwise
        the problems go back to the model as a re-ask appended to ``pending.messages`` — unless the
        re-asks are spent (settings.max_reasks) or the deadline has passed, which ends the call too.
        """
        if pending.done:
            raise ValueError("this call is finished: call finish()")
        pending.attempts += 1
        content = ""
        if isinstance(reply, OutputError):
            pending.meta.usage = pending.meta.usage + (getattr(reply, "usage", None) or Usage())
            content = getattr(reply, "content", "") or ""
            found = [str(reply)]
        else:
            pending.meta.usage = pending.meta.usage + reply.usage
            content = reply.content
            pending.last_data = reply.data
            try:
                obj = pending.schema.model_validate(reply.data)
            except ValidationError as e:
                found = ["the JSON does not match the schema:", *validation_problems(e)]
            else:
                obj, repairs = pending.repair(obj)
                pending.best, pending.best_repairs = obj, repairs
                found = pending.check(obj)
        pending.problems = found
        if not found:
            pending.done = True
            return
        out_of_time = pending.deadline is not None and time.monotonic() >= pending.deadline
        if pending.attempts > self.settings.max_reasks or out_of_time:
            pending.done = True
            return
        pending.meta.reasks += 1
        if content.strip():
            pending.messages = [*pending.messages, {"role": "assistant", "content": content}]
        pending.messages = [*pending.messages, {"role": "user", "content": self.reask_message(found)}]

    def give_up(self, pending: Pending, reason: str) -> None:
        """End the call with what it has (a re-ask failed in transport, a batch expired)."""
        pending.meta.notes.append(reason)
        pending.done = True

    def finish(self, pending: Pending) -> Result:
        """The shown result: the best reply with what the rules still reject removed, or the offline
        result (meta.fallback) when nothing trustworthy is left. Cached unless no reply was valid."""
        if pending.result is not None:
            return pending.result
        meta = pending.meta
        best = pending.best
        if best is None and isinstance(pending.last_data, dict):
            best = _trimmed(pending.schema, pending.last_data)  # e.g. a 170-character summary: cut
            if best is not None:
                best, pending.best_repairs = pending.repair(best)
                meta.notes.append("the reply was trimmed to fit the schema after the re-asks")
        if best is None:
            # never valid (refusals, non-JSON, truncation): the item still gets a result, not cached
            why = "; ".join(pending.problems)[:300]
            meta.notes.append(
                f"no valid reply after {pending.attempts} attempt(s): {why}; the offline "
                f"{'summary' if pending.task == 'summarize' else 'answer'} is shown instead"
            )
            meta.fallback = True
            pending.result = self._wrap(pending.task, pending.offline(), meta)
            return pending.result
        shown, report = pending.ground(best)
        _record(meta, report)
        if pending.best_repairs.total() and not report.unusable:
            meta.repairs = pending.best_repairs.total()
            meta.notes.append(pending.best_repairs.note())
        if report.unusable:
            shown = pending.offline()
            meta.fallback = True
            meta.notes.append(
                f"nothing the LLM wrote was supported by the {'article' if pending.task == 'summarize' else 'passages'}"
                f"; the offline {'summary' if pending.task == 'summarize' else 'answer'} is shown instead"
            )
        pending.result = self._wrap(pending.task, shown, meta)
        field_name = "summary" if pending.task == "summarize" else "answer"
        self._store(pending.key, {field_name: shown.model_dump(mode="json"), "meta": meta.to_dict()})
        return pending.result

    @staticmethod
    def _wrap(task: str, value: Any, meta: CallMeta) -> Result:
        return (
            SummaryResult(summary=value, meta=meta)
            if task == "summarize"
            else AnswerResult(answer=value, meta=meta)
        )

    def run(self, pending: Pending) -> Result:
        """Drive one pending call synchronously: send, take the reply, re-ask, finish."""
        if pending.done:
            return self.finish(pending)
        pending.deadline = time.monotonic() + self.settings.deadline
        while not pending.done:
            try:
                reply = self.client.complete_json(pending.messages, pending.schema, deadline=pending.deadline)
            except TransportError as e:
                if pending.best is None:
                    raise
                self.give_up(pending, f"a re-ask failed ({e}); the last valid reply is used")
                break
            except OutputError as e:
                self.take_reply(pending, e)
                continue
            self.take_reply(pending, reply)
        return self.finish(pending)

    # -- the Engine interface -----------------------------------------------------------------
    def summarize(self, article: Article) -> SummaryResult:
        result = self.run(self.prepare_summary(article))
        assert isinstance(result, SummaryResult)
        return result

    def answer(
        self, question: str, passages: Sequence[Passage], history: Sequence[tuple[str, str]] = ()
    ) -> AnswerResult:
        if not passages:  # nothing to answer from: no call, the same refusal the offline engine gives
            meta = self._meta(self.prompts.get(ANSWER_PROMPT))
            meta.notes.append("no passages were retrieved; answered without an LLM call")
            return AnswerResult(
                answer=self._fallback_engine().answer(question, [], history).answer, meta=meta
            )
        result = self.run(self.prepare_answer(question, passages, history))
        assert isinstance(result, AnswerResult)
        return result

    def _offline_summary(self, article: Article, source: str) -> ArticleSummary:
        """The offline engine's summary, itself grounded (numbers are sacred whichever engine wrote them)."""
        offline = self._fallback_engine().summarize(article).summary
        regrounded, report = ground_summary(offline, source)
        return offline if report.unusable else regrounded


def _trimmed(schema: type[BaseModel], data: dict[str, Any]) -> Any:
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


def _record(meta: CallMeta, report: GroundingReport) -> None:
    meta.dropped_figures.extend(report.dropped_figures)
    if report.removed_sentences:
        reasons = sorted({r["reason"].split(";")[0] for r in report.removed_sentences})
        meta.notes.append(
            f"removed {len(report.removed_sentences)} sentence(s) the source does not support: "
            + " | ".join(reasons)[:300]
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
