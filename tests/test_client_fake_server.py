"""The fake OpenAI-compatible server itself: a separate process, remote scripting, counters, faults."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import openai
import pytest

from tests.fake_openai import FakeOpenAI

ROOT = Path(__file__).resolve().parent.parent


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read().decode("utf-8"))


def _post(url: str, payload: object) -> dict:
    req = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read().decode("utf-8"))


def test_runs_as_a_separate_process_with_remote_control(tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(json.dumps([{"kind": "error", "status": 503}]), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_openai", "--port", "0", "--script", str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base_url = proc.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
        root = base_url[: -len("/v1")]
        client = openai.OpenAI(base_url=base_url, api_key="k", max_retries=0)
        msgs = [{"role": "user", "content": "ART-9 <<<ARTICLE>>>\n今年有12人参加。\n<<<END_ARTICLE>>>"}]
        with pytest.raises(openai.InternalServerError):
            client.chat.completions.create(model="m", messages=msgs)  # type: ignore[arg-type]
        _post(f"{root}/_fake/script", [{"kind": "json", "data": {"ok": "好"}}])
        reply = client.chat.completions.create(model="m", messages=msgs)  # type: ignore[arg-type]
        assert json.loads(reply.choices[0].message.content or "") == {"ok": "好"}
        reply = client.chat.completions.create(model="m", messages=msgs)  # type: ignore[arg-type]
        assert "12" in (reply.choices[0].message.content or "")  # the default responder, from the article
        counts = _get(f"{root}/_fake/counts")
        assert counts["total"] == 3 and counts["by_marker"] == {"ART-9": 3}
        assert [r["status"] for r in _get(f"{root}/_fake/requests")] == [503, 200, 200]
        assert _get(f"{base_url}/models")["data"][0]["id"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_random_faults_are_reproducible() -> None:
    def run() -> list[int]:
        with FakeOpenAI() as srv:
            srv.set_faults(rate_500=0.3, rate_429=0.2, seed=7)
            client = openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0)
            statuses = []
            for _ in range(30):
                try:
                    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
                    statuses.append(200)
                except openai.APIStatusError as e:
                    statuses.append(e.status_code)
            assert srv.faults_injected["500"] == statuses.count(500)
            return statuses

    first = run()
    assert first == run() and {200, 429, 500} <= set(first)


def test_latency_and_thread_safe_recording() -> None:
    import threading
    import time

    with FakeOpenAI(latency=0.2) as srv:
        client = openai.OpenAI(base_url=srv.base_url, api_key="k", max_retries=0)

        def call(i: int) -> None:
            client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": f"ART-{i} 有{i}人。"}]
            )

        started = time.monotonic()
        threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        assert 0.2 <= elapsed < 1.2  # served concurrently, not one after another (8 x 0.2 s)
        assert srv.counts() == {f"ART-{i}": 1 for i in range(8)}
        assert srv.count_matching("有3人") == 1
