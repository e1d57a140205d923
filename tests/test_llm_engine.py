"""LLMEngine over real HTTP to the fake server: re-ask loop, grounding, truncation, cache, answers."""

from __future__ import annotations

import json
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import Settings
from summarizer.engines import make_engine
from summarizer.engines.llm import LLMEngine
from summarizer.errors import LLMError, TransportError
from summarizer.grounding import check_figure
from summarizer.llm.client import LLMClient
from summarizer.llm.prompts import PromptLibrary, load_prompt
from summarizer.schemas import Article, Passage
from summarizer.text import fold, ungrounded_numbers
from tests.fake_openai import ARTICLE_CLOSE, ARTICLE_OPEN, FakeOpenAI, summary_for

PARAS = [
    "本报讯 牡丹江市总工会举办短视频大赛，历时4个月，各级工会收集了 147个参赛作品。",
    "经过3轮评比，最终精选出17部作品。大赛共吸引5.89万名职工参与，投入资金630 万元。",
]


def article(paras: list[str] | None = None, index: int = 1, title: str = "牡丹江短视频大赛") -> Article:
    return Article(page="p1", index=index, title=title, paragraphs=paras or PARAS)


def settings_for(srv: FakeOpenAI, tmp_path: Path, **kw: Any) -> Settings:
    opts: dict[str, Any] = {"max_retries": 1, "max_reasks": 2, "timeout": 3.0, "deadline": 10.0}
    opts.update(kw)
    return Settings(
        engine="llm",
        base_url=srv.base_url,
        api_key="k",
        model=opts.pop("model", f"m-{uuid.uuid4().hex[:8]}"),
        cache_dir=tmp_path / "cache",
        **opts,
    )


def engine_for(srv: FakeOpenAI, tmp_path: Path, **kw: Any) -> LLMEngine:
    prompts = kw.pop("prompts", None)
    s = settings_for(srv, tmp_path, **kw)
    return LLMEngine(s, client=LLMClient(s, backoff_base=0.01), prompts=prompts)


def good() -> dict[str, Any]:
    return summary_for("\n".join(PARAS))


def invented_figure() -> dict[str, Any]:
    d = good()
    d["key_figures"] = [
        *d["key_figures"],
        {"value": 2000, "unit": "人", "about": "获奖职工", "quote": "共有2000名职工获奖", "qualifier": ""},
    ]
    return d


# ---------------------------------------------------------------------------------------------


def test_seed_page_summaries_are_grounded_with_one_call_each(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    from tests.test_grounding import frozen_seed_articles

    articles = frozen_seed_articles()
    eng = engine_for(fake_openai, tmp_path)
    manifest = PromptLibrary().manifest()
    for a in articles:
        r = eng.summarize(a)
        assert r.meta.engine == "llm" and r.meta.model == eng.settings.model
        assert r.meta.prompt_id == "summarize.v2" and r.meta.prompt_hash == manifest["summarize.v2"]
        assert r.meta.usage.total_tokens > 0 and r.meta.reasks == 0 and not r.meta.cache_hit, r.meta.notes
        assert all(check_figure(f, a.text) is None for f in r.summary.key_figures)
    assert len(fake_openai.requests) == len(articles)
    assert all(r.body["max_tokens"] == eng.settings.max_tokens for r in fake_openai.requests)


def test_make_engine_picks_the_llm_engine(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    eng = make_engine(settings_for(fake_openai, tmp_path))
    assert isinstance(eng, LLMEngine) and eng.name == "llm"


def test_reask_carries_the_validation_errors(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    bad = {**good(), "key_points": [f"要点{i}。" for i in range(7)]}
    del bad["summary"]
    fake_openai.script([{"kind": "json", "data": bad}, {"kind": "json", "data": good()}])
    r = engine_for(fake_openai, tmp_path).summarize(article())
    assert r.meta.reasks == 1 and r.summary.summary == good()["summary"]
    first, second = fake_openai.requests
    msgs = second.messages
    assert msgs[:2] == first.messages  # same prompt, then the model's reply, then the errors
    assert msgs[2]["role"] == "assistant" and json.loads(msgs[2]["content"]) == bad
    assert (
        msgs[3]["role"] == "user" and "summary" in msgs[3]["content"] and "key_points" in msgs[3]["content"]
    )


def test_invented_figure_is_reasked_by_name_then_fixed(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.script([{"kind": "json", "data": invented_figure()}, {"kind": "json", "data": good()}])
    r = engine_for(fake_openai, tmp_path).summarize(article())
    reask = fake_openai.requests[1].last_user_text
    assert "共有2000名职工获奖" in reask and "获奖职工" in reask
    assert r.meta.reasks == 1 and r.meta.dropped_figures == []
    assert 2000 not in [f.value for f in r.summary.key_figures]


def test_invented_figures_never_reach_the_result(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.script([{"kind": "json", "data": invented_figure()}] * 3)
    r = engine_for(fake_openai, tmp_path, max_reasks=2).summarize(article())
    assert len(fake_openai.requests) == 3 and r.meta.reasks == 2
    assert [d["value"] for d in r.meta.dropped_figures] == [2000]
    assert "2000" not in r.summary.model_dump_json()
    assert r.summary.key_figures and all(
        check_figure(f, article().text) is None for f in r.summary.key_figures
    )


def test_sentences_with_ungrounded_numbers_are_cut(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    d = {**good(), "summary": "牡丹江市举办短视频大赛，收集了147个作品。奖金总额达999万元。"}
    fake_openai.script([{"kind": "json", "data": d}] * 3)
    r = engine_for(fake_openai, tmp_path).summarize(article())
    assert r.summary.summary == "牡丹江市举办短视频大赛，收集了147个作品。"
    assert any("removed 1 sentence" in n for n in r.meta.notes) and not r.meta.fallback


def test_summary_that_never_grounds_falls_back_to_offline(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    from summarizer.engines.offline import OfflineEngine

    d = {**good(), "summary": "共有999人参加。", "key_points": ["奖金888元。"], "key_figures": []}
    fake_openai.script([{"kind": "json", "data": d}] * 3)
    r = engine_for(fake_openai, tmp_path).summarize(article())
    assert r.meta.fallback and any("offline" in n for n in r.meta.notes)
    assert r.summary.summary == OfflineEngine().summarize(article()).summary.summary
    text = article().text
    assert ungrounded_numbers(" ".join([r.summary.summary, *r.summary.key_points]), text) == []
    assert all(check_figure(f, text) is None for f in r.summary.key_figures)


def test_never_valid_output_falls_back_and_is_not_cached(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    from summarizer.engines.offline import OfflineEngine

    fake_openai.script([{"kind": "truncated", "data": good()}] * 6)
    eng = engine_for(fake_openai, tmp_path, max_reasks=2)
    r = eng.summarize(article())
    assert len(fake_openai.requests) == 3 and r.meta.reasks == 2
    assert r.meta.fallback and any("no valid reply after 3" in n and "offline" in n for n in r.meta.notes)
    assert r.summary.summary == OfflineEngine().summarize(article()).summary.summary
    again = eng.summarize(article())
    assert len(fake_openai.requests) == 6 and not again.meta.cache_hit  # a failed call is never cached


def test_transport_failure_raises_for_the_caller_to_retry_later(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.script([{"kind": "error", "status": 503}] * 2)
    with pytest.raises(TransportError, match="503"):
        engine_for(fake_openai, tmp_path, max_retries=1).summarize(article())
    assert len(fake_openai.requests) == 2


@pytest.mark.parametrize(
    "spec", [{"kind": "length", "data": {"summary": "x" * 50}}, {"kind": "blank"}, {"kind": "refusal"}]
)
def test_length_blank_refusal_are_reasked_never_empty(
    fake_openai: FakeOpenAI, tmp_path: Path, spec: dict
) -> None:
    fake_openai.script([spec, {"kind": "json", "data": good()}])
    r = engine_for(fake_openai, tmp_path).summarize(article())
    assert r.meta.reasks == 1 and r.summary.summary and r.summary.key_points
    reask = fake_openai.requests[1].last_user_text
    assert any(w in reask for w in ("finish_reason=length", "blank", "refused"))


def test_long_articles_are_truncated_before_the_call(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    paras = [f"第{i}段说明了一些情况，这是一个很长的句子，用来把文章撑得足够长。" for i in range(200)]
    r = engine_for(fake_openai, tmp_path, max_article_chars=500).summarize(article(paras))
    user = fake_openai.requests[0].user_text
    body = user[user.index(ARTICLE_OPEN) : user.index(ARTICLE_CLOSE)]
    sent = body.split("正文：\n", 1)[1]
    assert len(sent.strip()) <= 500
    assert any("truncated" in n and "500" in n for n in r.meta.notes)


def test_rerun_is_served_from_the_cache(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    eng = engine_for(fake_openai, tmp_path)
    first = eng.summarize(article())
    again = eng.summarize(article())
    assert len(fake_openai.requests) == 1
    assert again.meta.cache_hit and not first.meta.cache_hit and again.summary == first.summary
    assert again.meta.prompt_hash == first.meta.prompt_hash and again.meta.usage.total_tokens == 0
    # a fresh engine (new process, same cache dir) too
    fresh = engine_for(fake_openai, tmp_path, model=eng.settings.model)
    assert fresh.summarize(article()).meta.cache_hit and len(fake_openai.requests) == 1


def test_cache_key_changes_with_each_input(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    base = engine_for(fake_openai, tmp_path, model="m-key")
    base.summarize(article())
    assert len(fake_openai.requests) == 1
    edited = tmp_path / "prompts"
    shutil.copytree(load_prompt("summarize.v2").path.parent, edited)
    p = edited / "summarize.v2.md"
    p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    variants = [
        (engine_for(fake_openai, tmp_path, model="m-key2"), article()),
        (engine_for(fake_openai, tmp_path, model="m-key", max_tokens=999), article()),
        (engine_for(fake_openai, tmp_path, model="m-key", temperature=0.5), article()),
        (engine_for(fake_openai, tmp_path, model="m-key", prompts=PromptLibrary(edited)), article()),
        (base, article([*PARAS[:1], PARAS[1] + "又一句。"])),
        (base, article(title="另一个标题")),
    ]
    for n, (eng, a) in enumerate(variants, start=2):
        assert not eng.summarize(a).meta.cache_hit
        assert len(fake_openai.requests) == n
    assert base.summarize(article()).meta.cache_hit and len(fake_openai.requests) == len(variants) + 1


def test_deadline_covers_reasks(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.script([{"kind": "text", "content": "不是 JSON", "delay": 0.4}] * 10)
    eng = engine_for(fake_openai, tmp_path, deadline=1.0, max_reasks=5)
    started = time.monotonic()
    with pytest.raises(LLMError):
        eng.summarize(article())
    assert time.monotonic() - started < 2.0 and len(fake_openai.requests) <= 3


def test_escaped_and_raw_utf8_give_the_same_summary(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.script([{"kind": "json", "data": good(), "ascii": True}, {"kind": "json", "data": good()}])
    a = engine_for(fake_openai, tmp_path, use_cache=False).summarize(article())
    b = engine_for(fake_openai, tmp_path, use_cache=False).summarize(article())
    assert a.summary == b.summary and "牡丹江" in a.summary.summary


def test_one_engine_shared_by_threads_calls_once_per_article(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.set_latency(0.05)
    eng = engine_for(fake_openai, tmp_path)
    arts = [article([f"ART-{i} 本次活动共有{i + 10}人参加。"], index=i) for i in range(16)]
    errors: list[BaseException] = []

    def work(chunk: list[Article]) -> None:
        try:
            for a in chunk:
                eng.summarize(a)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(arts[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert fake_openai.counts() == {f"ART-{i}": 1 for i in range(16)}


# ---------------------------------------------------------------------------------------------
# answers

PASSAGES = [
    Passage(page="p1", article_index=1, title="牡丹江短视频大赛", text="\n".join(PARAS)),
    Passage(page="p1", article_index=2, title="培训", text="另一篇文章说有300人参加培训。"),
]


def test_answer_is_grounded_and_cited(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    r = engine_for(fake_openai, tmp_path).answer("收集了多少作品？", PASSAGES)
    assert r.answer.answerable and r.answer.citations
    c = r.answer.citations[0]
    assert (c.page, c.article_index, c.title) == ("p1", 1, "牡丹江短视频大赛")
    assert fold(c.quote) in fold(PASSAGES[0].text)
    assert r.meta.prompt_id == "answer.v1"
    user = fake_openai.requests[0].user_text
    assert (
        "<<<PASSAGE 1>>>" in user and "<<<PASSAGE 2>>>" in user and "<<<QUESTION>>>\n收集了多少作品？" in user
    )


def test_answer_with_invented_number_is_reasked_then_cut(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    quote = "各级工会收集了 147个参赛作品"
    bad = {
        "answer": "收集了147个参赛作品。其中获奖作品有88部。",
        "answerable": True,
        "citations": [{"page": "p1", "article_index": 1, "title": "t", "quote": quote}],
    }
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = engine_for(fake_openai, tmp_path).answer("收集了多少作品？", PASSAGES, history=[("上一问", "上一答")])
    assert "88" in fake_openai.requests[1].last_user_text and r.meta.reasks == 2
    assert r.answer.answer == "收集了147个参赛作品。" and r.answer.citations[0].title == "牡丹江短视频大赛"
    assert "上一问" in fake_openai.requests[0].user_text


def test_answer_citing_nothing_real_falls_back(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    bad = {
        "answer": "有500人。",
        "answerable": True,
        "citations": [{"page": "p9", "article_index": 1, "title": "t", "quote": "有500人"}],
    }
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = engine_for(fake_openai, tmp_path).answer("多少人？", PASSAGES)
    assert r.meta.fallback and "500" not in r.answer.model_dump_json()


def test_answer_cache(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    eng = engine_for(fake_openai, tmp_path)
    eng.answer("收集了多少作品？", PASSAGES)
    assert eng.answer("收集了多少作品？", PASSAGES).meta.cache_hit
    assert not eng.answer("评了几轮？", PASSAGES).meta.cache_hit
    assert len(fake_openai.requests) == 2


def test_numbers_printed_only_in_the_headline_are_grounded(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    a = Article(
        page="p1",
        index=1,
        title="13个项目集中签约",
        kicker="总投资86亿元",
        paragraphs=["项目集中签约仪式昨日举行。"],
    )
    d = {"summary": "总投资86亿元的13个项目集中签约。", "key_points": ["13个项目签约。"], "key_figures": []}
    fake_openai.script([{"kind": "json", "data": d}])
    r = engine_for(fake_openai, tmp_path).summarize(a)
    assert r.summary.summary == d["summary"] and r.meta.reasks == 0 and len(fake_openai.requests) == 1
    user = fake_openai.requests[0].user_text
    assert "标题：13个项目集中签约" in user and "肩题：总投资86亿元" in user


def test_overlong_summary_is_trimmed_after_the_reasks(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    long_summary = "牡丹江市总工会举办短视频大赛，各级工会收集了147个参赛作品。" * 6
    d = {**good(), "summary": long_summary, "key_points": [*good()["key_points"], "", "额外", "更多", "再多"]}
    d["key_figures"] = [*d["key_figures"], {"value": "很多", "unit": "个"}]
    fake_openai.script([{"kind": "json", "data": d}] * 3)
    r = engine_for(fake_openai, tmp_path).summarize(article())
    assert len(fake_openai.requests) == 3 and "at most 150" in fake_openai.requests[1].last_user_text
    assert not r.meta.fallback and any("trimmed" in n for n in r.meta.notes)
    assert len(r.summary.summary) <= 150 and r.summary.summary.endswith("。")
    assert 1 <= len(r.summary.key_points) <= 5 and "" not in r.summary.key_points
    assert all(check_figure(f, article().text) is None for f in r.summary.key_figures)


def test_no_passages_means_no_call_and_not_answerable(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    r = engine_for(fake_openai, tmp_path).answer("今年有多少人参加？", [])
    assert not r.answer.answerable and r.answer.citations == [] and fake_openai.requests == []
