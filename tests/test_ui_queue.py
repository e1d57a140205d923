"""The UI's queue is bounded: work beyond (concurrency + queue size) is refused at once, and the LLM
endpoint (the project's fake OpenAI server, with latency) never sees more than `concurrency` requests
at a time. The app runs the real Service with the LLM engine, over HTTP to the fake server."""

from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from summarizer.ui.app import build_app, launch_app

from summarizer.config import Settings
from summarizer.service import Service
from tests.test_ui_client import SEED_PAGE, free_port, restore_gradio_temp_dir

CONCURRENCY = 2
QUEUE_SIZE = 3
LATENCY = 1.5
BURST = 12


def _post(h: httpx.Client, i: int) -> tuple[int, float, str]:
    """Join the queue with one question; (status, seconds to answer, event id or error)."""
    q = f"第{i}问：牡丹江市各级工会为短视频大赛收集了多少个参赛作品？"
    t0 = time.monotonic()
    r = h.post("gradio_api/call/ask", json={"data": [q, []]})
    took = time.monotonic() - t0
    return r.status_code, took, (r.json().get("event_id", "") if r.status_code == 200 else r.text)


def _result(url: str, event_id: str) -> str:
    """The event stream of one call, read to its end; returns the final data (decoded JSON as text)."""
    with httpx.Client(base_url=url, timeout=60) as h:
        stream = h.get(f"gradio_api/call/ask/{event_id}").text
    event, last = "", ""
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "complete":
            last = json.dumps(json.loads(line[5:]), ensure_ascii=False)
    return f"complete {last}" if event == "complete" else f"{event} {stream[-300:]}"


def test_queue_refuses_beyond_its_bound_and_the_llm_sees_at_most_the_concurrency(
    fake_openai, tmp_path: Path
) -> None:
    settings = Settings.from_env(
        engine="llm",
        base_url=fake_openai.base_url,
        api_key="test-key",
        model="fake-model",
        cache_dir=tmp_path / "cache",
        max_reasks=0,
    )
    service = Service(settings, [str(SEED_PAGE)], state_dir=tmp_path / "state")
    service.index()  # built before the burst, so only answering is timed
    saved = os.environ.get("GRADIO_TEMP_DIR")
    demo = build_app(service, queue_size=QUEUE_SIZE, concurrency=CONCURRENCY, temp_dir=tmp_path / "app")
    _, url = launch_app(demo, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        fake_openai.reset()
        fake_openai.set_latency(LATENCY)
        limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=BURST)
        with httpx.Client(base_url=url, timeout=30, limits=limits) as h, ThreadPoolExecutor(BURST) as pool:
            h.get("config")  # connection warmed up
            joined = list(pool.map(lambda i: _post(h, i), range(BURST)))
        accepted = [eid for status, _, eid in joined if status == 200]
        refused = [(took, text) for status, took, text in joined if status == 503]
        assert len(accepted) + len(refused) == BURST, joined
        # at most `concurrency` running + `queue size` waiting; one more may slip in as a slot frees
        assert CONCURRENCY <= len(accepted) <= CONCURRENCY + QUEUE_SIZE + 1, joined
        assert refused, "a burst beyond the bound must be refused"
        assert all(took < LATENCY for took, _ in refused), refused  # refused at once, not after waiting
        assert all("Queue is full" in text for _, text in refused)

        with ThreadPoolExecutor(len(accepted)) as pool:
            results = list(pool.map(lambda e: _result(url, e), accepted))
        assert all(r.startswith("complete") for r in results), results
        assert all("短视频" in r or "牡丹江" in r for r in results), results

        arrivals = sorted(r.time for r in fake_openai.requests)
        assert len(arrivals) >= len(accepted)
        # with at most CONCURRENCY requests in flight, each lasting >= LATENCY, any CONCURRENCY + 1
        # consecutive arrivals span at least one LATENCY
        spans = [arrivals[i + CONCURRENCY] - arrivals[i] for i in range(len(arrivals) - CONCURRENCY)]
        assert spans and min(spans) >= LATENCY * 0.9, spans
    finally:
        demo.close()
        restore_gradio_temp_dir(saved)


@pytest.mark.parametrize("bad", ["user", ":pass", "user:", ""])
def test_auth_flag_must_be_user_colon_password(bad: str) -> None:
    from summarizer.ui.app import parse_auth

    if not bad:
        assert parse_auth(bad) is None
        return
    with pytest.raises(ValueError, match="user:password"):
        parse_auth(bad)
    assert parse_auth("reader:s3:cret") == ("reader", "s3:cret")


def test_questions_are_answered_while_uploads_are_being_worked_on(fake_openai, tmp_path: Path) -> None:
    """Uploads whose summaries the endpoint holds back (a gate) must not take the questions' slots:
    with both uploads in progress, a question is answered; then the uploads finish."""
    from gradio_client import Client, handle_file

    from tests.fake_openai import default_responder

    gate = threading.Event()

    def gated(req):  # summarize prompts wait for the gate; answers go through at once
        if "<<<PASSAGE" not in req.user_text:
            gate.wait(120)
        return default_responder(req)

    settings = Settings.from_env(
        engine="llm",
        base_url=fake_openai.base_url,
        api_key="test-key",
        model="fake-model",
        cache_dir=tmp_path / "cache",
        max_reasks=0,
        concurrency=1,
    )
    service = Service(settings, [str(SEED_PAGE)], state_dir=tmp_path / "state")
    service.index()
    saved = os.environ.get("GRADIO_TEMP_DIR")
    demo = build_app(service, queue_size=8, concurrency=CONCURRENCY, temp_dir=tmp_path / "app")
    _, url = launch_app(demo, port=free_port(), prevent_thread_lock=True, quiet=True)
    fake_openai.responder = gated  # the corpus is summarised (build_app listed it): only uploads wait now
    try:
        client = Client(url, verbose=False)
        pages = []
        for i in range(CONCURRENCY):
            page = tmp_path / f"upload{i}.txt"
            page.write_text(
                SEED_PAGE.read_text(encoding="utf-8").replace("工会", f"工会{'甲乙'[i]}"), encoding="utf-8"
            )
            pages.append(page)
        jobs = [client.submit(handle_file(str(p)), api_name="/upload") for p in pages]
        waited = time.monotonic()
        while not any("<<<PASSAGE" not in r.user_text for r in fake_openai.requests):
            assert time.monotonic() - waited < 60, "no upload reached the endpoint"
            time.sleep(0.05)
        with ThreadPoolExecutor(1) as pool:
            asked = pool.submit(
                client.predict, "牡丹江市各级工会为短视频大赛收集了多少个参赛作品？", [], api_name="/ask"
            )
            messages, _sources, _ = asked.result(timeout=60)  # liveness: it must not wait for the uploads
        assert messages[-1]["role"] == "assistant" and "短视频" in json.dumps(
            messages[-1], ensure_ascii=False
        )
        assert not any(job.done() for job in jobs), "the uploads were still held back"
        gate.set()
        for job in jobs:
            status = job.result(timeout=120)[0]
            assert "已加入" in status
    finally:
        gate.set()
        demo.close()
        restore_gradio_temp_dir(saved)
