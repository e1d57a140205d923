"""The OpenAI-compatible client against the fake server over real HTTP: retries, deadline, output errors."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import Settings
from summarizer.errors import OutputError, TransportError
from summarizer.llm.client import Cooldown, LLMClient, ReplyError
from summarizer.schemas import ArticleSummary
from tests.fake_openai import FakeOpenAI

VALID = {"summary": "今年收集了147个作品。", "key_points": ["收集了147个作品。"], "key_figures": []}
MESSAGES = [
    {"role": "system", "content": "只输出 JSON。"},
    {"role": "user", "content": "ART-1 <<<ARTICLE>>>\n正文：\n今年收集了147个作品。\n<<<END_ARTICLE>>>"},
]


def make_client(srv: FakeOpenAI, tmp_path: Path, **overrides: Any) -> LLMClient:
    """A client with small budgets; a fresh model name so no test inherits learned capabilities."""
    opts: dict[str, Any] = {"max_retries": 2, "timeout": 3.0, "deadline": 10.0}
    client_opts = {k: overrides.pop(k) for k in ("backoff_base", "cooldown") if k in overrides}
    opts.update(overrides)
    settings = Settings(
        base_url=srv.base_url, api_key="k", model=f"m-{uuid.uuid4().hex[:8]}", cache_dir=tmp_path, **opts
    )
    return LLMClient(
        settings, backoff_base=client_opts.get("backoff_base", 0.01), cooldown=client_opts.get("cooldown")
    )


def ask(client: LLMClient, **kw: Any) -> Any:
    return client.complete_json(MESSAGES, ArticleSummary, **kw)


# ---------------------------------------------------------------------------------------------
# Retry budget: exactly one layer


def test_requests_seen_equal_the_retry_budget(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path, max_retries=3)
    fake_openai.script([{"kind": "error", "status": 500}] * 10)
    with pytest.raises(TransportError, match="HTTP 500"):
        ask(client)
    assert len(fake_openai.requests) == 4  # 1 + max_retries, never multiplied by SDK retries
    assert {r.headers.get("x-stainless-retry-count") for r in fake_openai.requests} == {"0"}


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503])
def test_retryable_statuses_are_retried(fake_openai: FakeOpenAI, tmp_path: Path, status: int) -> None:
    client = make_client(fake_openai, tmp_path)
    fake_openai.script(
        [
            {"kind": "error", "status": status, "headers": {"Retry-After": "0"}},
            {"kind": "json", "data": VALID},
        ]
    )
    reply = ask(client)
    assert reply.data == VALID and reply.requests == 2
    assert len(fake_openai.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_4xx_are_not_retried(fake_openai: FakeOpenAI, tmp_path: Path, status: int) -> None:
    client = make_client(fake_openai, tmp_path)
    fake_openai.script(
        [{"kind": "error", "status": status, "message": "nope"}, {"kind": "json", "data": VALID}]
    )
    with pytest.raises(TransportError, match=f"HTTP {status}"):
        ask(client)
    assert len(fake_openai.requests) == 1


def test_dropped_connections_are_retried(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path)
    fake_openai.script(["drop", "drop", {"kind": "json", "data": VALID}])
    assert ask(client).data == VALID
    assert len(fake_openai.requests) == 3


def test_timeouts_are_retried_within_the_budget(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path, timeout=0.3, max_retries=1)
    fake_openai.script([{"kind": "json", "data": VALID, "delay": 2}] * 3)
    with pytest.raises(TransportError, match="timed out"):
        ask(client)
    assert len(fake_openai.requests) == 2


# ---------------------------------------------------------------------------------------------
# Retry-After and the shared cooldown


@pytest.mark.parametrize(
    ("header", "value", "seconds"), [("Retry-After", "0.4", 0.4), ("retry-after-ms", "400", 0.4)]
)
def test_retry_after_is_honoured(
    fake_openai: FakeOpenAI, tmp_path: Path, header: str, value: str, seconds: float
) -> None:
    client = make_client(fake_openai, tmp_path, backoff_base=5.0)  # backoff alone would wait far longer
    fake_openai.script(
        [{"kind": "error", "status": 429, "headers": {header: value}}, {"kind": "json", "data": VALID}]
    )
    started = time.monotonic()
    assert ask(client).data == VALID
    first, second = fake_openai.requests
    assert second.time - first.time >= seconds - 0.02
    assert time.monotonic() - started < 2.5
    assert client.cooldown.pushes == [pytest.approx(seconds)]


def test_a_429_slows_every_worker_sharing_the_client(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path)
    fake_openai.script([{"kind": "error", "status": 429, "headers": {"Retry-After": "0.6"}}])
    results: list[Any] = []
    first = threading.Thread(target=lambda: results.append(ask(client)))
    first.start()
    deadline = time.monotonic() + 3
    while client.cooldown.remaining() == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    rate_limited_at = fake_openai.requests[0].time
    results.append(ask(client))  # a second worker, started during the pause
    first.join()
    assert len(results) == 2
    later = [r.time for r in fake_openai.requests[1:]]
    assert len(later) == 2 and min(later) - rate_limited_at >= 0.5
    assert client.cooldown.waits  # the second worker waited on the shared pause


def test_cooldown_never_sleeps_past_the_deadline() -> None:
    slept: list[float] = []
    cd = Cooldown(sleep=slept.append)
    cd.push(30.0)
    cd.wait(deadline=time.monotonic() + 0.2)
    assert len(slept) == 1 and slept[0] <= 0.2


# ---------------------------------------------------------------------------------------------
# Deadline


def test_deadline_is_respected_with_slow_replies(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path, timeout=30.0, deadline=0.8, max_retries=5)
    fake_openai.script([{"kind": "json", "data": VALID, "delay": 5}] * 6)
    started = time.monotonic()
    with pytest.raises(TransportError):
        ask(client)
    assert time.monotonic() - started < 1.6


def test_deadline_bounds_backoff_between_retries(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path, deadline=0.7, max_retries=50, backoff_base=0.2)
    fake_openai.script([{"kind": "error", "status": 503}] * 60)
    started = time.monotonic()
    with pytest.raises(TransportError):
        ask(client)
    assert time.monotonic() - started < 1.5
    assert 1 < len(fake_openai.requests) < 10


# ---------------------------------------------------------------------------------------------
# Output errors: never an empty result


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"kind": "length", "data": VALID}, "finish_reason=length"),
        ({"kind": "blank"}, "blank"),
        ({"kind": "null"}, "blank"),
        ({"kind": "refusal", "refusal": "I can't help with that."}, "refused"),
        ({"kind": "truncated", "data": VALID}, "not valid JSON"),
        ({"kind": "text", "content": "Sorry, no JSON today."}, "not valid JSON"),
    ],
)
def test_unusable_replies_are_output_errors(
    fake_openai: FakeOpenAI, tmp_path: Path, spec: dict, message: str
) -> None:
    client = make_client(fake_openai, tmp_path)
    fake_openai.script([spec, {"kind": "json", "data": VALID}])
    with pytest.raises(OutputError, match=message) as info:
        ask(client)
    assert isinstance(info.value, ReplyError) and info.value.usage.total_tokens > 0
    assert len(fake_openai.requests) == 1  # output errors are for the re-ask loop, not transport retries


def test_max_tokens_is_always_sent_and_usage_returned(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path, max_tokens=321)
    reply = ask(client)
    assert fake_openai.requests[0].body["max_tokens"] == 321
    assert reply.usage.prompt_tokens > 0 and reply.usage.total_tokens == (
        reply.usage.prompt_tokens + reply.usage.completion_tokens
    )


def test_servers_wanting_max_completion_tokens_get_it(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    client = make_client(fake_openai, tmp_path, max_tokens=100)
    msg = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
    fake_openai.script([{"kind": "error", "status": 400, "message": msg}])
    assert ask(client).data
    first, second = fake_openai.requests
    assert first.body["max_tokens"] == 100 and "max_tokens" not in second.body
    assert second.body["max_completion_tokens"] == 100
