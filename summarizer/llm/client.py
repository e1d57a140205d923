"""One client for any OpenAI-compatible endpoint: structured-output ladder, one retry layer, deadline.

Why each piece:
- response_format ladder: OpenAI/vLLM take ``json_schema``; llama.cpp only ``{"type": "json_object",
  "schema": ...}``; DeepSeek/Qwen only ``json_object``; some servers none. We step down when a server
  refuses a rung (400/422/500 naming it) and remember per (base_url, model) what worked.
- exactly ONE retry layer (tenacity here; the SDK is built with ``max_retries=0``) so a request budget
  is a budget: connection errors, timeouts, 408/409/429/5xx are retried with exponential backoff and
  jitter, ``Retry-After``/``retry-after-ms`` honoured; other 4xx never.
- a shared Cooldown: a 429 seen by one worker pauses every worker that shares the client.
- finish_reason "length", refusals and blank content are OutputErrors, never "empty results".
"""

from __future__ import annotations

import copy
import email.utils
import json
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import openai
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base

from summarizer.config import Settings
from summarizer.errors import ConfigError, OutputError, TransportError
from summarizer.schemas import Usage

# Structured-output rungs, most to least capable.
LADDER = ("json_schema", "json_object_schema", "json_object", "plain")
RETRY_STATUS = {408, 409, 429}
_FORMAT_WORDS = re.compile(r"response_format|json_schema|json_object|structured|schema|grammar", re.I)
_TOKENS_WORDS = re.compile(r"max_tokens|max_completion_tokens", re.I)


class ReplyError(OutputError):
    """An unusable reply; carries what it cost (usage) and what it said (content) for the re-ask."""

    def __init__(self, message: str, *, usage: Usage | None = None, content: str = "") -> None:
        super().__init__(message)
        self.usage = usage or Usage()
        self.content = content


class Cooldown:
    """A pause shared by every worker of one client: after a 429 nobody calls until `until`."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._until = 0.0
        self._lock = threading.Lock()
        self._sleep = sleep
        self.pushes: list[float] = []  # requested pauses, for reports and tests
        self.waits: list[float] = []  # pauses actually taken before a call

    def push(self, seconds: float) -> None:
        with self._lock:
            self.pushes.append(seconds)
            self._until = max(self._until, time.monotonic() + seconds)

    def remaining(self) -> float:
        with self._lock:
            return max(0.0, self._until - time.monotonic())

    def wait(self, deadline: float | None = None) -> None:
        """Sleep out the shared pause (never past the deadline)."""
        pause = self.remaining()
        if deadline is not None:
            pause = min(pause, max(0.0, deadline - time.monotonic()))
        if pause > 0:
            with self._lock:
                self.waits.append(pause)
            self._sleep(pause)


class _StopAtDeadline(stop_base):
    """Stop retrying once the call's overall deadline is (all but) reached."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return time.monotonic() >= self.deadline - 0.05


@dataclass
class Completion:
    """A parsed reply: the JSON value, the raw text, token usage, the rung and request count used."""

    data: Any
    content: str
    usage: Usage
    mode: str
    requests: int


@dataclass
class _Capabilities:
    mode: str = LADDER[0]
    tokens_param: str = "max_tokens"


@dataclass
class _CapabilityStore:
    """What each (base_url, model) supports, in memory and (optionally) in the cache directory."""

    path: Path | None = None
    known: dict[str, _Capabilities] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self) -> None:
        if not self.path or not self.path.is_file():
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            for k, v in raw.items():
                if v.get("mode") in LADDER and v.get("tokens_param") in (
                    "max_tokens",
                    "max_completion_tokens",
                ):
                    self.known.setdefault(k, _Capabilities(v["mode"], v["tokens_param"]))
        except (OSError, ValueError, AttributeError):
            pass  # a damaged hint file only costs one refused request

    def get(self, key: str) -> _Capabilities:
        with self.lock:
            c = self.known.get(key) or _Capabilities()
            return _Capabilities(c.mode, c.tokens_param)

    def set(self, key: str, caps: _Capabilities) -> None:
        with self.lock:
            self.known[key] = _Capabilities(caps.mode, caps.tokens_param)
            if not self.path:
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                tmp = self.path.with_suffix(f".{threading.get_ident()}.tmp")
                data = {k: {"mode": v.mode, "tokens_param": v.tokens_param} for k, v in self.known.items()}
                tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
                tmp.replace(self.path)
            except OSError:
                pass


_STORES: dict[str, _CapabilityStore] = {}  # one per cache dir ("" = memory only), shared by all clients
_STORES_LOCK = threading.Lock()


def capability_store(cache_dir: Path | None) -> _CapabilityStore:
    """The process-wide store for a cache directory: clients to one endpoint learn together."""
    key = str(Path(cache_dir).expanduser()) if cache_dir else ""
    with _STORES_LOCK:
        store = _STORES.get(key)
        if store is None:
            store = _CapabilityStore(path=Path(key) / "endpoints.json" if key else None)
            store.load()
            _STORES[key] = store
        return store


@lru_cache(maxsize=32)
def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """model_json_schema(), computed once per model (it costs milliseconds). Do not mutate the result."""
    return model.model_json_schema()


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in OpenAI 'strict' shape: all properties required, no extras, no defaults."""
    return copy.deepcopy(_strict_schema(model))


@lru_cache(maxsize=32)
def _strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    # Keywords strict mode may refuse; pydantic still enforces them on the reply (then a re-ask).
    unsupported = {"default", "maxLength", "minLength", "maxItems", "minItems"}

    def fix(node: Any, is_schema: bool = True) -> Any:
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if is_schema and k in unsupported:
                    continue
                # "properties" and "$defs" map names to schemas; their own keys are names, not keywords
                out[k] = (
                    {name: fix(sub) for name, sub in v.items()}
                    if is_schema and k in ("properties", "$defs") and isinstance(v, dict)
                    else fix(v)
                )
            if is_schema and out.get("type") == "object" and "properties" in out:
                out["required"] = list(out["properties"])
                out["additionalProperties"] = False
            return out
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    return fix(json_schema(model))


def mention_json(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages that say "JSON" somewhere: DeepSeek/Qwen refuse json_object mode otherwise."""
    if any("json" in str(m.get("content", "")).lower() for m in messages):
        return messages
    note = "请以 JSON 格式输出。"
    if messages and messages[0].get("role") == "system":
        first = {**messages[0], "content": f"{messages[0].get('content') or ''}\n{note}"}
        return [first, *messages[1:]]
    return [{"role": "system", "content": note}, *messages]


# ---------------------------------------------------------------------------------------------
# JSON out of a reply

# a reasoning model's thoughts come before its answer; a tag later in the reply may be data
# (a JSON string quoting "<think>"), so only leading blocks are dropped
_LEADING_THINK_RE = re.compile(r"\A(?:\s*<think>.*?</think>)+", re.S | re.I)
_FENCE_RE = re.compile(r"```(?:json|JSON)?[ \t]*\n?(.*?)```", re.S)


def extract_json(content: str) -> Any:
    """The JSON object in a reply: bare, in a ```json fence, or inside prose. OutputError if none."""
    text = _LEADING_THINK_RE.sub("", content.lstrip("\ufeff")).strip().lstrip("\ufeff")
    try:
        return json.loads(text)
    except ValueError:
        pass
    for m in _FENCE_RE.finditer(text):
        try:
            return json.loads(m.group(1).strip())
        except ValueError:
            continue
    decoder = json.JSONDecoder()
    for m in re.finditer(r"[{\[]", text):
        try:
            value, _end = decoder.raw_decode(text, m.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    # the reply text is not quoted here: it may repeat the prompt, and messages end up in reports
    raise ReplyError(f"the reply is not valid JSON ({len(content)} characters)", content=content)


# ---------------------------------------------------------------------------------------------
# Errors and their classification


class _FormatRefused(Exception):
    """The server refused our response_format rung (or max_tokens spelling): step down, no retry."""

    def __init__(self, what: str, message: str) -> None:
        super().__init__(message)
        self.what = what


def _error_text(e: openai.APIStatusError) -> str:
    try:
        body = json.dumps(e.body, ensure_ascii=False) if e.body is not None else ""
    except (TypeError, ValueError):
        body = str(e.body)
    return f"{e.message} {body}"


def refused_part(status: int, text: str, *, has_format: bool, has_max_tokens: bool) -> str | None:
    """What a 400/422/500/501 naming part of a request refused: "tokens" (the max_tokens spelling),
    "format" (the response_format rung), or None (an ordinary error). `has_format`: the request
    carried a response_format; `has_max_tokens`: it spelt the limit max_tokens."""
    if status not in (400, 422, 500, 501):
        return None
    if _TOKENS_WORDS.search(text) and has_max_tokens and status != 500:
        return "tokens"
    if has_format and _FORMAT_WORDS.search(text):
        return "format"
    return None


def retry_after_seconds(e: BaseException) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, Retry-After seconds or HTTP date)."""
    response = getattr(e, "response", None)
    if response is None:
        return None
    headers = response.headers
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    ra = headers.get("retry-after")
    if not ra:
        return None
    try:
        return max(0.0, float(ra))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(ra)
            return max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def is_retryable(e: BaseException) -> bool:
    if isinstance(e, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(e, openai.APIStatusError):
        return e.status_code in RETRY_STATUS or e.status_code >= 500
    return False


def _describe(e: BaseException) -> str:
    if isinstance(e, openai.APIStatusError):
        return f"HTTP {e.status_code}: {e.message}"[:300]
    if isinstance(e, openai.APITimeoutError):
        return "request timed out"
    if isinstance(e, openai.APIConnectionError):
        return f"connection failed: {e.__cause__ or e}"[:300]
    return str(e)[:300]


# ---------------------------------------------------------------------------------------------


class LLMClient:
    """Chat completions returning parsed JSON. Thread-safe; share one instance across workers."""

    def __init__(
        self,
        settings: Settings,
        *,
        cooldown: Cooldown | None = None,
        backoff_base: float = 0.5,
        backoff_max: float = 20.0,
        max_retry_after: float = 60.0,
        remember: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not settings.model:
            raise ConfigError("the LLM engine needs a model: pass --model NAME or set SUMMARIZER_MODEL")
        self.settings = settings
        self.base_url = (settings.base_url or "https://api.openai.com/v1").rstrip("/")
        self.model = settings.model
        self.cooldown = cooldown or Cooldown(sleep)
        self.backoff_base, self.backoff_max, self.max_retry_after = backoff_base, backoff_max, max_retry_after
        self._sleep = sleep
        self._sdk_instance: openai.OpenAI | None = None
        self._sdk_lock = threading.Lock()
        self._api_key = settings.api_key or "not-needed"
        self._timeout = settings.timeout
        self._caps = capability_store(settings.cache_dir if remember and settings.use_cache else None)
        self._key = f"{self.base_url}|{self.model}"
        self.requests_sent = 0  # HTTP requests, for reports
        self._count_lock = threading.Lock()
        self._step_lock = threading.Lock()

    def _sdk(self) -> openai.OpenAI:
        """The SDK client, built on first request: a run served wholly from cache never pays for TLS setup."""
        with self._sdk_lock:
            if self._sdk_instance is None:
                self._sdk_instance = openai.OpenAI(
                    base_url=self.base_url,
                    api_key=self._api_key,
                    max_retries=0,  # the one retry layer is ours (tenacity, below)
                    timeout=self._timeout,
                )
            return self._sdk_instance

    def close(self) -> None:
        """Release pooled connections."""
        if self._sdk_instance is not None:
            self._sdk_instance.close()

    @property
    def mode(self) -> str:
        """The response_format rung this endpoint is currently known to accept."""
        return self._caps.get(self._key).mode

    # -- public -------------------------------------------------------------------------------
    def complete_json(
        self,
        messages: Sequence[dict[str, Any]],
        schema: type[BaseModel],
        *,
        deadline: float | None = None,
        max_tokens: int | None = None,
    ) -> Completion:
        """Send messages, return the reply's JSON value. Steps down the format ladder on refusals.

        Raises TransportError (budget or deadline spent, or a non-retryable 4xx) or OutputError
        (length, refusal, blank, no JSON). `deadline` is a time.monotonic() instant.
        """
        deadline = deadline if deadline is not None else time.monotonic() + self.settings.deadline
        caps = self._caps.get(self._key)
        name = schema.__name__
        counter = [0]
        while True:
            try:
                resp = self._send_with_retries(
                    list(messages), caps, schema, name, deadline, max_tokens, counter
                )
                break
            except _FormatRefused as refusal:
                if refusal.what == "tokens" and caps.tokens_param == "max_tokens":
                    caps.tokens_param = "max_completion_tokens"
                elif refusal.what == "format" and caps.mode != LADDER[-1]:
                    caps.mode = LADDER[LADDER.index(caps.mode) + 1]
                else:
                    raise TransportError(f"{self.base_url}: request refused: {refusal}") from None
                self._caps.set(self._key, caps)
        return self._parse(resp, caps.mode, counter[0])

    # -- for callers that send requests themselves (the Batch API path) -------------------------
    def request_body(
        self, messages: Sequence[dict[str, Any]], schema: type[BaseModel]
    ) -> tuple[dict[str, Any], str, str]:
        """The chat-completions request body this client would send first for these messages (the
        rung and max-tokens spelling this endpoint is known to accept), the rung, and the spelling."""
        caps = self._caps.get(self._key)
        body = self._body(list(messages), caps, schema, schema.__name__, None)
        return body, caps.mode, caps.tokens_param

    def parse_body(self, body: Any, mode: str) -> Completion:
        """A chat-completion response body (a dict, as a Batch API result line carries it) parsed
        exactly like a synchronous reply: ReplyError for length, refusal, blank or non-JSON."""
        from openai.types.chat import ChatCompletion
        from pydantic import ValidationError

        try:
            resp = ChatCompletion.model_validate(body)
        except ValidationError:
            raise ReplyError("the result is not a chat completion") from None
        return self._parse(resp, mode, 0)

    def step_down(self, what: str, sent_mode: str, sent_tokens: str) -> bool:
        """Remember that the endpoint refused `what` ("format" or "tokens") of a request sent at
        rung `sent_mode` with the limit spelt `sent_tokens`, as a synchronous refusal would; True
        when the next request body differs from that one. Many refusals of one rung step down once."""
        with self._step_lock:
            caps = self._caps.get(self._key)
            if what == "tokens":
                if caps.tokens_param == sent_tokens == "max_tokens":
                    caps.tokens_param = "max_completion_tokens"
                    self._caps.set(self._key, caps)
                return caps.tokens_param != sent_tokens
            if caps.mode == sent_mode and caps.mode != LADDER[-1]:
                caps.mode = LADDER[LADDER.index(caps.mode) + 1]
                self._caps.set(self._key, caps)
            return caps.mode != sent_mode

    # -- internals ----------------------------------------------------------------------------
    def _body(
        self,
        messages: list[dict[str, Any]],
        caps: _Capabilities,
        schema: type[BaseModel],
        name: str,
        max_tokens: int | None,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.settings.temperature,
            caps.tokens_param: max_tokens or self.settings.max_tokens,
        }
        rf = self._response_format(caps.mode, schema, name)
        if rf is not None:
            kwargs["response_format"] = rf
            if rf["type"] == "json_object":
                kwargs["messages"] = mention_json(messages)
        return kwargs

    def _response_format(self, mode: str, schema: type[BaseModel], name: str) -> dict[str, Any] | None:
        if mode == "json_schema":
            return {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": _strict_schema(schema), "strict": True},
            }
        if mode == "json_object_schema":
            return {"type": "json_object", "schema": json_schema(schema)}
        if mode == "json_object":
            return {"type": "json_object"}
        return None

    def _send_with_retries(
        self,
        messages: list[dict[str, Any]],
        caps: _Capabilities,
        schema: type[BaseModel],
        name: str,
        deadline: float,
        max_tokens: int | None,
        counter: list[int],
    ) -> Any:
        kwargs = self._body(messages, caps, schema, name, max_tokens)
        attempts = 0

        def send() -> Any:
            nonlocal attempts
            self.cooldown.wait(deadline)
            remaining = deadline - time.monotonic()
            if remaining <= 0.05:
                raise TransportError(f"{self.base_url}: deadline of {self.settings.deadline:g}s reached")
            attempts += 1
            counter[0] += 1
            with self._count_lock:
                self.requests_sent += 1
            try:
                return self._sdk().chat.completions.create(
                    **kwargs, timeout=min(self.settings.timeout, remaining)
                )
            except openai.APIStatusError as e:
                what = refused_part(
                    e.status_code,
                    _error_text(e),
                    has_format="response_format" in kwargs,
                    has_max_tokens="max_tokens" in kwargs,
                )
                if what:
                    raise _FormatRefused(what, _describe(e)) from e
                raise

        retryer = Retrying(
            stop=stop_after_attempt(self.settings.max_retries + 1) | self._past_deadline(deadline),
            wait=self._wait_for(deadline),
            retry=retry_if_exception(is_retryable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retryer(send)
        except _FormatRefused:
            raise
        except TransportError:
            raise
        except openai.APIError as e:
            tried = f" after {attempts} request(s)" if attempts > 1 else ""
            raise TransportError(f"{self.base_url}: {_describe(e)}{tried}") from e

    def _past_deadline(self, deadline: float) -> stop_base:
        return _StopAtDeadline(deadline)

    def _wait_for(self, deadline: float) -> Callable[[RetryCallState], float]:
        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            backoff = min(self.backoff_max, self.backoff_base * 2 ** (state.attempt_number - 1))
            backoff *= 0.5 + random.random() / 2  # jitter: spread workers that failed together
            asked = retry_after_seconds(exc) if exc is not None else None
            pause = min(asked, self.max_retry_after) if asked is not None else backoff
            if isinstance(exc, openai.RateLimitError):
                self.cooldown.push(pause)  # everyone sharing this client slows down
            return max(0.0, min(pause, deadline - time.monotonic()))

        return wait

    def _parse(self, resp: Any, mode: str, requests: int) -> Completion:
        usage = Usage()
        if getattr(resp, "usage", None) is not None:
            u = resp.usage
            usage = Usage(
                prompt_tokens=int(u.prompt_tokens or 0),
                completion_tokens=int(u.completion_tokens or 0),
                total_tokens=int(u.total_tokens or 0),
            )
        if not resp.choices:
            raise ReplyError("the endpoint returned no choices", usage=usage)
        choice = resp.choices[0]
        msg = choice.message
        refusal = getattr(msg, "refusal", None)
        if refusal:
            raise ReplyError(f"the model refused: {refusal[:200]}", usage=usage)
        content = msg.content or ""
        if choice.finish_reason == "length":
            raise ReplyError(
                f"the reply was cut off at max_tokens={self.settings.max_tokens} (finish_reason=length)",
                usage=usage,
                content=content,
            )
        if not content.strip():
            raise ReplyError("the model returned blank content", usage=usage)
        try:
            data = extract_json(content)
        except ReplyError as e:
            raise ReplyError(str(e), usage=usage, content=content) from None
        return Completion(data=data, content=content, usage=usage, mode=mode, requests=requests)
