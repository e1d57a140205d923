"""`summarize --engine llm --batch` against the fake server's Batch API (tests/fake_openai.py).

Proves with the server's own counts (files uploaded, batches created, batch lines answered per
article marker, synchronous chat requests): one batch per run and no synchronous call when nothing
needs a re-ask; a reply that needs a re-ask gets exactly that re-ask, synchronously; a run killed
while waiting resumes on the same batch and submits nothing new; inputs over the limits split into
several batches; a failed or expired batch and a failed request are said and lose nothing; a warm
rerun submits nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.llm.batch import BatchAPIError, parse_result_line
from summarizer.summarize.run import run_summarize
from tests.batch_corpus import MARKER_RE, Corpus, make_corpus
from tests.fake_openai import FakeOpenAI, RecordedRequest, default_responder

pytestmark = pytest.mark.timeout(120)

N_ARTICLES = 12
INVENTED = {"value": 987654, "unit": "人", "about": "虚构", "quote": "共有987654人参加", "qualifier": ""}


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return make_corpus(tmp_path / "pages", N_ARTICLES, per_page=4)


def batch_settings(srv: FakeOpenAI, tmp_path: Path, **kw: Any) -> Settings:
    return Settings(
        engine="llm", base_url=srv.base_url, api_key="sk-test", model="fake-model",
        cache_dir=tmp_path / "cache", batch_poll_seconds=0.0, **kw,
    )  # fmt: skip


def rows_of(out: Path) -> list[dict]:
    lines = (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def markers_of(rows: list[dict]) -> list[str]:
    found = [MARKER_RE.findall(r["text"]) for r in rows]
    assert all(len(f) == 1 for f in found)
    return sorted(f[0] for f in found)


def uploaded_ids(srv: FakeOpenAI) -> list[list[str]]:
    """The custom_ids of every batch input file the server received, file by file."""
    return [
        [json.loads(line)["custom_id"] for line in srv.batch.file_bytes(f["id"]).splitlines()]
        for f in srv.batch.files
        if f["purpose"] == "batch"
    ]


def test_one_batch_and_no_synchronous_call(fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run_summarize(
        [corpus.folder], out, batch_settings(fake_openai, tmp_path), progress=False, batch=True
    )
    calls = fake_openai.batch.calls
    assert report.ok and report.done == report.articles == N_ARTICLES
    assert calls["files.create"] == 1 and calls["batches.create"] == 1
    assert len(fake_openai.requests) == 0, "a synchronous chat call was made"
    assert fake_openai.batch.counts() == Counter(dict.fromkeys(corpus.markers, 1))
    rows = rows_of(out)
    assert markers_of(rows) == sorted(corpus.markers)
    (sent,) = uploaded_ids(fake_openai)
    assert sorted(sent) == sorted(r["result_key"] for r in rows)  # custom_id is the result key
    (batch,) = fake_openai.batch.batches
    for r in rows:
        assert r["engine"] == "llm" and r["model"] == "fake-model" and r["batch_id"] == batch["id"]
        assert r["usage"].get("total_tokens", 0) > 0
        for fig in r["key_figures"]:
            assert fig["quote"] in r["text"]
    assert not (out / "batch.json").exists() and not (out / ".batch").exists()
    assert f"1 batch(es) submitted ({N_ARTICLES} requests)" in "\n".join(report.lines())


def test_warm_rerun_submits_nothing(fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path) -> None:
    settings = batch_settings(fake_openai, tmp_path)
    run_summarize([corpus.folder], tmp_path / "a", settings, progress=False, batch=True)
    before = dict(fake_openai.batch.calls)
    again = run_summarize([corpus.folder], tmp_path / "b", settings, progress=False, batch=True)
    assert dict(fake_openai.batch.calls) == before, "a warm rerun called the Batch API"
    assert len(fake_openai.requests) == 0
    assert again.ok and again.from_cache == again.done == N_ARTICLES
    assert all(r["cache_hit"] for r in rows_of(tmp_path / "b"))


def test_a_reply_needing_a_reask_is_reasked_synchronously(corpus: Corpus, tmp_path: Path) -> None:
    target = corpus.markers[3]

    def inventing_once(req: RecordedRequest) -> dict[str, Any]:
        spec = default_responder(req)
        first_ask = not any(m.get("role") == "assistant" for m in req.messages)
        if req.marker == target and first_ask:
            spec["data"]["key_figures"] = [*spec["data"]["key_figures"], dict(INVENTED)]
        return spec

    with FakeOpenAI(responder=inventing_once) as srv:
        report = run_summarize(
            [corpus.folder], tmp_path / "out", batch_settings(srv, tmp_path), progress=False, batch=True
        )
        sync = srv.requests
        assert srv.batch.calls["batches.create"] == 1
    assert [r.marker for r in sync] == [target], "exactly the one re-ask, synchronously"
    assert any(m.get("role") == "assistant" for m in sync[0].messages)  # it carries the first reply
    assert report.ok and report.done == N_ARTICLES and report.sync_reasks == 1
    rows = rows_of(tmp_path / "out")
    assert not any(f["value"] == 987654 for r in rows for f in r["key_figures"])
    (fixed,) = [r for r in rows if target in r["text"]]
    assert fixed["reasks"] == 1


def test_killed_while_waiting_resumes_on_the_same_batch(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "summarizer", "summarize", str(corpus.folder), "--out", str(out),
        "--engine", "llm", "--base-url", fake_openai.base_url, "--model", "fake-model", "--batch",
    ]  # fmt: skip
    env = dict(os.environ, OPENAI_API_KEY="sk-test", SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"))
    env["SUMMARIZER_BATCH_POLL_SECONDS"] = "0.05"
    fake_openai.batch.hold = True  # the batch stays in_progress
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        batches = fake_openai.batch.batches
        if batches and batches[0]["status"] == "in_progress":
            break
        time.sleep(0.02)
    assert proc.poll() is None, proc.communicate()[1].decode()
    time.sleep(0.2)  # a few polls of the held batch
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=10)
    (batch,) = fake_openai.batch.batches
    assert batch["status"] == "in_progress"
    state = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [c["batch_id"] for c in state["chunks"]] == [batch["id"]], "the batch id is kept before waiting"
    assert f"submitted batch {batch['id']}" in err.decode()
    assert fake_openai.batch.calls["batches.retrieve"] >= 2  # it was waiting
    assert not (out / "summaries.jsonl").exists() or not rows_of(out)

    fake_openai.batch.hold = False
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert f"resuming: waiting on batch {batch['id']}" in done.stderr
    calls = fake_openai.batch.calls
    assert calls["files.create"] == 1 and calls["batches.create"] == 1, "submitted again"
    assert len(fake_openai.batch.batches) == 1 and len(fake_openai.requests) == 0
    rows = rows_of(out)
    assert markers_of(rows) == sorted(corpus.markers), "one row per article"
    assert len({r["result_key"] for r in rows}) == len(rows) == N_ARTICLES
    assert "batch " in done.stderr and "in_progress" in done.stderr  # progress: status and counts
    assert not (out / "batch.json").exists()


def test_over_the_request_limit_splits_into_several_batches(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path
) -> None:
    settings = batch_settings(fake_openai, tmp_path, batch_max_requests=5)
    report = run_summarize([corpus.folder], tmp_path / "out", settings, progress=False, batch=True)
    sent = uploaded_ids(fake_openai)
    assert [len(ids) for ids in sent] == [5, 5, 2]
    assert fake_openai.batch.calls["batches.create"] == 3 and report.batches_submitted == 3
    assert len(fake_openai.requests) == 0
    rows = rows_of(tmp_path / "out")
    assert sorted(k for ids in sent for k in ids) == sorted(r["result_key"] for r in rows)
    assert markers_of(rows) == sorted(corpus.markers)
    assert len({r["batch_id"] for r in rows}) == 3


def test_over_the_byte_limit_splits_into_several_batches(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path
) -> None:
    run_summarize(
        [corpus.folder],
        tmp_path / "probe",
        batch_settings(fake_openai, tmp_path / "p"),
        progress=False,
        batch=True,
    )
    (probe,) = [f for f in fake_openai.batch.files if f["purpose"] == "batch"]
    longest = max(len(line) + 1 for line in fake_openai.batch.file_bytes(probe["id"]).splitlines())
    limit = int(longest * 2.5)
    fake_openai.reset()
    settings = batch_settings(fake_openai, tmp_path, batch_max_bytes=limit)
    report = run_summarize([corpus.folder], tmp_path / "out", settings, progress=False, batch=True)
    inputs = [f for f in fake_openai.batch.files if f["purpose"] == "batch"]
    assert len(inputs) >= N_ARTICLES // 3 and all(f["bytes"] <= limit for f in inputs)
    assert report.ok and len(fake_openai.requests) == 0
    assert markers_of(rows_of(tmp_path / "out")) == sorted(corpus.markers)


def test_a_failed_batch_is_said_and_its_requests_go_synchronously(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_openai.batch.script(["failed"])
    report = run_summarize(
        [corpus.folder], tmp_path / "out", batch_settings(fake_openai, tmp_path), progress=False, batch=True
    )
    err = capsys.readouterr().err
    (batch,) = fake_openai.batch.batches
    failed = [line for line in err.splitlines() if f"batch {batch['id']} failed" in line]
    assert len(failed) == 1 and "batch_failed" in failed[0] and "synchronously" in failed[0]
    assert Counter(r.marker for r in fake_openai.requests) == Counter(dict.fromkeys(corpus.markers, 1))
    assert report.ok and report.sync_fallbacks == N_ARTICLES
    assert markers_of(rows_of(tmp_path / "out")) == sorted(corpus.markers)


def test_an_expired_batch_keeps_its_answers_and_sends_the_rest(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_openai.batch.script(["expired"])
    report = run_summarize(
        [corpus.folder], tmp_path / "out", batch_settings(fake_openai, tmp_path), progress=False, batch=True
    )
    err = capsys.readouterr().err
    answered = set(fake_openai.batch.counts())
    assert len(answered) == N_ARTICLES // 2
    sync = Counter(r.marker for r in fake_openai.requests)
    assert set(sync) == set(corpus.markers) - answered and max(sync.values()) == 1
    assert "expired" in err and "batch_expired" in err
    assert report.ok and report.sync_fallbacks == N_ARTICLES - len(answered)
    assert markers_of(rows_of(tmp_path / "out")) == sorted(corpus.markers)


def test_a_failed_request_in_a_batch_is_sent_synchronously(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_openai.script([{"kind": "error", "status": 500, "message": "boom"}])  # the first batch line
    report = run_summarize(
        [corpus.folder], tmp_path / "out", batch_settings(fake_openai, tmp_path), progress=False, batch=True
    )
    err = capsys.readouterr().err
    (failed,) = [r for r in fake_openai.batch.requests if r.reply == "error"]
    assert [r.marker for r in fake_openai.requests] == [failed.marker]
    assert "1 request(s) failed or were not run (first: HTTP 500: boom)" in err
    assert report.ok and report.sync_fallbacks == 1 and report.done == N_ARTICLES


def test_a_lost_create_reply_never_makes_a_second_batch(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path
) -> None:
    fake_openai.batch.drop_after(["batches.create"])  # created, then the connection dropped
    report = run_summarize(
        [corpus.folder], tmp_path / "out", batch_settings(fake_openai, tmp_path), progress=False, batch=True
    )
    assert fake_openai.batch.calls["dropped"] == 1
    assert len(fake_openai.batch.batches) == 1 and fake_openai.batch.calls["batches.create"] == 1
    assert report.ok and report.done == N_ARTICLES and len(fake_openai.requests) == 0


def test_batch_needs_the_llm_engine(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--batch needs the LLM engine"):
        run_summarize(
            [corpus.folder], tmp_path / "out", Settings(engine="offline"), progress=False, batch=True
        )
    assert not (tmp_path / "out").exists()


def test_an_endpoint_refusing_json_schema_gets_the_next_rung_in_a_second_batch(
    corpus: Corpus, tmp_path: Path
) -> None:
    with FakeOpenAI(mode="llamacpp") as srv:  # rejects json_schema, accepts json_object
        report = run_summarize(
            [corpus.folder], tmp_path / "out", batch_settings(srv, tmp_path), progress=False, batch=True
        )
        first, second = srv.batch.batches
        lines = srv.batch.requests
        assert len(srv.requests) == 0
    assert first["request_counts"]["failed"] == second["request_counts"]["completed"] == N_ARTICLES
    formats = Counter(r.body["response_format"]["type"] for r in lines)
    assert formats == {"json_schema": N_ARTICLES, "json_object": N_ARTICLES}
    assert report.ok and report.done == N_ARTICLES and report.batches_submitted == 2
    assert markers_of(rows_of(tmp_path / "out")) == sorted(corpus.markers)


_json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
_json = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@given(
    custom_id=st.text(max_size=20),
    status=st.integers(min_value=100, max_value=599),
    message=st.text(max_size=40),
)
def test_result_lines_parse_back(custom_id: str, status: int, message: str) -> None:
    body = (
        {"choices": [{"message": {"content": "{}"}}]}
        if status == 200
        else {"error": {"message": message, "type": "server_error"}}
    )
    raw = json.dumps(
        {"id": "r", "custom_id": custom_id, "response": {"status_code": status, "body": body}, "error": None}
    )
    line = parse_result_line(raw.encode("utf-8"))
    assert (line.custom_id, line.status_code, line.body) == (custom_id, status, body)
    assert line.ok == (status == 200) and (line.error == "") == (status == 200)
    if status != 200:
        assert line.error.startswith(f"HTTP {status}") and message.strip()[:20] in line.error


@given(_json)
def test_anything_else_is_refused_with_a_value_error(value: Any) -> None:
    for variant in (value, {"custom_id": "k", "response": value, "error": value}):
        try:
            line = parse_result_line(json.dumps(variant))
        except ValueError:
            continue
        assert line.custom_id == "k" and not (line.ok and line.error)


def test_garbage_bytes_are_refused() -> None:
    for raw in (b"", b"\xff\xfe", b"[1, 2]", b'{"custom_id": 3}', b"not json"):
        with pytest.raises(ValueError):
            parse_result_line(raw)


@pytest.mark.parametrize("route", ["files.create", "batches.create"])
def test_a_run_stopped_between_a_request_and_its_record_never_submits_twice(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path, route: str
) -> None:
    """The upload or the create is carried out, its reply lost, and the run stops (no retries left):
    the rerun finds what was made on the server and goes on from there."""
    fake_openai.batch.drop_after([route])
    settings = batch_settings(fake_openai, tmp_path, max_retries=0)
    with pytest.raises(BatchAPIError):
        run_summarize([corpus.folder], tmp_path / "out", settings, progress=False, batch=True)
    assert fake_openai.batch.calls["dropped"] == 1
    assert (tmp_path / "out" / "batch.json").exists()
    report = run_summarize([corpus.folder], tmp_path / "out", settings, progress=False, batch=True)
    calls = fake_openai.batch.calls
    assert calls["files.create"] == 1 and calls["batches.create"] == 1, dict(calls)
    assert len(fake_openai.batch.batches) == 1 and len(fake_openai.requests) == 0
    assert report.ok and report.done == N_ARTICLES
    assert markers_of(rows_of(tmp_path / "out")) == sorted(corpus.markers)


def test_an_endpoint_without_a_batch_api_is_said_in_one_line(
    fake_openai: FakeOpenAI, corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cmd = [
        sys.executable, "-m", "summarizer", "summarize", str(corpus.folder), "--out", str(out),
        "--engine", "llm", "--base-url", fake_openai.base_url, "--model", "fake-model", "--batch",
    ]  # fmt: skip
    env = dict(os.environ, OPENAI_API_KEY="sk-test", SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"))
    fake_openai.batch.fail_next([404])  # POST /v1/files
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert done.returncode == 3 and len(errors) == 1, done.stderr
    assert "has no Batch API" in errors[0] and "run without --batch" in errors[0]
    assert not (out / "batch.json").exists() and not (out / ".batch").exists()
    assert len(fake_openai.batch.batches) == 0 and len(fake_openai.requests) == 0
