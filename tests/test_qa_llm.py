"""Question answering with the LLM engine against the project's fake OpenAI-compatible server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from summarizer.config import Settings
from summarizer.engines import make_engine
from summarizer.qa.ask import ask
from summarizer.qa.corpus import load_corpus
from summarizer.qa.index import Index
from summarizer.service import Service
from summarizer.text import fold, ungrounded_numbers
from tests.fake_openai import FakeOpenAI


def llm_settings(srv_url: str, tmp_path: Path, **kw: object) -> Settings:
    opts: dict = {"max_retries": 1, "max_reasks": 1, "timeout": 3.0, "deadline": 10.0}
    opts.update(kw)
    return Settings(
        engine="llm", base_url=srv_url, api_key="k", model="qa-test", cache_dir=tmp_path / "cache", **opts
    )


def test_llm_answer_gets_the_retrieved_passages_and_is_grounded(
    fake_openai: FakeOpenAI, tmp_path: Path, seed_path: Path
) -> None:
    corpus = load_corpus([seed_path])
    index = Index.build(corpus)
    engine = make_engine(llm_settings(fake_openai.base_url, tmp_path))
    r = ask("武强县建立了多少家基层工会劳动监督委员会？", index, engine, k=3).record()
    assert r["engine"] == "llm"
    user = fake_openai.requests[0].user_text
    assert user.count("<<<PASSAGE") == 3  # exactly the k retrieved articles, as delimited data
    assert r["retrieved"][0]["title"] in user
    texts = {(a.page, a.index): a.text for a in corpus}
    for c in r["citations"]:
        assert fold(c["quote"]) in fold(texts[(c["page"], c["article_index"])])
    quotes = " ".join(c["quote"] for c in r["citations"])
    assert ungrounded_numbers(r["answer"], quotes) == []


def test_llm_invented_number_never_reaches_the_user(
    fake_openai: FakeOpenAI, tmp_path: Path, seed_path: Path
) -> None:
    index = Index.build(load_corpus([seed_path]))
    hit = index.search("武强县建立了多少家基层工会劳动监督委员会？", k=1)[0]
    bad = {
        "answer": "武强县建立了基层工会劳动监督委员会999家。",
        "answerable": True,
        "citations": [
            {"page": hit.page, "article_index": hit.article_index, "title": hit.title, "quote": "999家"}
        ],
    }
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = ask(
        "武强县建立了多少家基层工会劳动监督委员会？",
        index,
        make_engine(llm_settings(fake_openai.base_url, tmp_path)),
    ).record()
    shown = json.dumps({"answer": r["answer"], "citations": r["citations"]}, ensure_ascii=False)
    assert "999" not in shown


def test_ask_cli_with_llm_engine(fake_openai: FakeOpenAI, tmp_path: Path, seed_path: Path) -> None:
    qfile = tmp_path / "q.jsonl"
    qfile.write_text(
        json.dumps({"q": "幸福小区共安置了多少户易地扶贫搬迁群众？"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["OPENAI_API_KEY"] = "k"
    cmd = [sys.executable, "-m", "summarizer", "ask", "--corpus", str(seed_path), "--questions", str(qfile)]
    cmd += [
        "--engine",
        "llm",
        "--base-url",
        fake_openai.base_url,
        "--model",
        "qa-cli",
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stderr.splitlines()[0].startswith("engine: llm")
    row = json.loads(p.stdout)
    assert row["q"].startswith("幸福小区") and row["engine"] == "llm"
    assert {"answer", "answerable", "citations", "retrieved"} <= set(row)
    assert len(fake_openai.requests) == 1


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens here any more


def test_service_with_llm_summaries_cache_and_a_dead_endpoint(
    fake_openai: FakeOpenAI, tmp_path: Path, seed_path: Path
) -> None:
    svc = Service(llm_settings(fake_openai.base_url, tmp_path), [seed_path], tmp_path / "state")
    rows = svc.articles()
    assert all(r["engine"] == "llm" and r["summary"] for r in rows)
    calls = len(fake_openai.requests)
    again = Service(llm_settings(fake_openai.base_url, tmp_path), [seed_path], tmp_path / "state")
    assert [r["summary"] for r in again.articles()] == [r["summary"] for r in rows]
    assert len(fake_openai.requests) == calls  # every summary came from the cache

    down = Service(
        llm_settings(_dead_url(), tmp_path / "other", max_retries=0, deadline=3.0),
        [seed_path],
        tmp_path / "s2",
    )
    first = down.articles()[0]
    assert first["summary"] and first["engine"].startswith("offline (llm failed")
    r = down.ask("武强县建立了多少家基层工会劳动监督委员会？").record()
    assert r["answer"] == "321家" and r["engine"].startswith("offline (llm failed")
