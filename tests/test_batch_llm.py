"""batch.run_summarize with the LLM engine over real HTTP (tests/fake_openai.py): call metadata on
every row, cache hits on rerun, invented figures dropped and counted, one failing article reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.summarize.run import run_summarize
from tests.fake_openai import FakeOpenAI, RecordedRequest, default_responder

INVENTED = {"value": 987654, "unit": "人", "about": "虚构", "quote": "共有987654人参加", "qualifier": ""}


def llm_settings(srv: FakeOpenAI, tmp_path: Path, **kw: Any) -> Settings:
    return Settings(
        engine="llm", base_url=srv.base_url, api_key="sk-test", model="fake-model",
        cache_dir=tmp_path / "cache", **kw,
    )  # fmt: skip


def rows_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()]


def test_rows_carry_call_metadata_and_rerun_hits_the_cache(
    fake_openai: FakeOpenAI, seed_path: Path, tmp_path: Path
) -> None:
    settings = llm_settings(fake_openai, tmp_path)
    report = run_summarize([seed_path], tmp_path / "a", settings, progress=False)
    assert report.ok and report.done == report.articles > 0
    n = report.articles
    assert len(fake_openai.requests) == n  # one call per article, none repeated
    rows = rows_of(tmp_path / "a")
    for r in rows:
        assert r["engine"] == "llm" and r["model"] == "fake-model" and r["cache_hit"] is False
        assert r["prompt_id"] and r["prompt_hash"] and r["usage"].get("total_tokens", 0) > 0
        for fig in r["key_figures"]:
            assert fig["quote"] in r["text"]
    digest = (tmp_path / "a" / "digest.md").read_text(encoding="utf-8")
    assert all(r["title"] in digest for r in rows)

    again = run_summarize([seed_path], tmp_path / "b", settings, progress=False)
    assert len(fake_openai.requests) == n, "the rerun made LLM calls"
    assert again.from_cache == n and again.done == n
    cached = rows_of(tmp_path / "b")
    assert all(r["cache_hit"] for r in cached)
    assert [r["summary"] for r in cached] == [r["summary"] for r in rows]


def test_invented_figures_never_reach_the_output(seed_path: Path, tmp_path: Path) -> None:
    def inventing(req: RecordedRequest) -> dict[str, Any]:
        spec = default_responder(req)
        data = spec.get("data") or {}
        if "key_figures" in data:
            data["key_figures"] = [*data["key_figures"], dict(INVENTED)]
        return spec

    with FakeOpenAI(responder=inventing) as srv:
        report = run_summarize([seed_path], tmp_path / "out", llm_settings(srv, tmp_path), progress=False)
        requests = len(srv.requests)
    n = report.articles
    assert report.ok and report.done == n
    assert report.figures_dropped == n and report.reasked == n  # re-asked, then dropped, every time
    assert requests == n * (1 + Settings().max_reasks)
    out = (tmp_path / "out" / "summaries.jsonl").read_text(encoding="utf-8")
    rows = rows_of(tmp_path / "out")
    assert all(fig["value"] != 987654 for r in rows for fig in r["key_figures"])
    assert all(len(r["dropped_figures"]) == 1 for r in rows)
    assert "987654" not in (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    shown = [
        json.dumps({k: v for k, v in r.items() if k != "dropped_figures"}, ensure_ascii=False) for r in rows
    ]
    assert "987654" in out and not any("987654" in s for s in shown)  # only in the audit record
    assert "figure(s) dropped for grounding" in "\n".join(report.lines())


def test_one_failing_article_is_reported_and_the_rest_finish(seed_path: Path, tmp_path: Path) -> None:
    target = "赛场秀"  # one article's title: the endpoint rejects its requests with a 400

    def picky(req: RecordedRequest) -> dict[str, Any]:
        if target in req.user_text:
            return {"kind": "error", "status": 400, "message": "content rejected by the endpoint's filter"}
        return default_responder(req)

    with FakeOpenAI(responder=picky) as srv:
        report = run_summarize([seed_path], tmp_path / "out", llm_settings(srv, tmp_path), progress=False)
        hits = srv.count_matching(target)
    assert not report.ok and len(report.failures) == 1
    failure = report.failures[0]
    assert target in failure.where and "400" in failure.reason
    assert hits == 1, "a 400 is not retried"
    rows = rows_of(tmp_path / "out")
    assert len(rows) == report.articles - 1 and all(target not in r["title"] for r in rows)
    digest = (tmp_path / "out" / "digest.md").read_text(encoding="utf-8")
    assert "未能摘要" in digest and "400" in digest


def test_an_unusable_cache_degrades_to_no_cache_with_one_warning(
    fake_openai: FakeOpenAI, seed_path: Path, tmp_path: Path, capsys: Any
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings = Settings(
        engine="llm", base_url=fake_openai.base_url, api_key="sk-test", model="fake-model",
        cache_dir=blocker / "cache", concurrency=4,
    )  # fmt: skip
    report = run_summarize([seed_path], tmp_path / "out", settings, progress=False)
    assert report.ok and report.done == report.articles
    err = capsys.readouterr().err
    assert err.count("continuing without a cache") == 1
    assert len(rows_of(tmp_path / "out")) == report.articles
