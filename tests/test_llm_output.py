"""What an LLM may show, against the fake server: nothing the article does not say; repairs before
re-asks; one rule set for the re-ask and the filter; the engine's prepare / take_reply / finish API."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.engines.extractive import summarize_article
from summarizer.engines.llm import LLMEngine
from summarizer.grounding import check_figure
from summarizer.llm.client import Completion, LLMClient
from summarizer.llm.prompts import PromptLibrary, load_prompt
from summarizer.schemas import Article, Passage, Usage
from summarizer.support import problems
from summarizer.text import split_sentences
from tests.fake_openai import FakeOpenAI, RecordedRequest, summary_for
from tests.test_grounding import frozen_seed_articles


def engine(srv: FakeOpenAI, tmp_path: Path, **kw: Any) -> LLMEngine:
    prompts = kw.pop("prompts", None)
    s = Settings(
        engine="llm",
        base_url=srv.base_url,
        api_key="k",
        model=kw.pop("model", f"m-{uuid.uuid4().hex[:8]}"),
        cache_dir=tmp_path / "cache",
        max_retries=0,
        max_reasks=kw.pop("max_reasks", 2),
        timeout=3.0,
        deadline=20.0,
        **kw,
    )
    return LLMEngine(s, client=LLMClient(s, backoff_base=0.01), prompts=prompts)


def source_of(a: Article) -> str:
    return "\n".join(x for x in (a.kicker, a.title, a.subtitle, a.byline, a.text) if x)


def unsupported_shown(summary: Any, a: Article) -> list[str]:
    """Every shown sentence or label of a summary that the support check rejects."""
    src = source_of(a)
    texts = [*split_sentences(summary.summary), *(s for p in summary.key_points for s in split_sentences(p))]
    bad = [t for t in texts if problems(t, src)]
    if summary.topic and problems(summary.topic, src, label=True):
        bad.append(summary.topic)
    return bad


def title_of(req: RecordedRequest) -> str:
    line = next(x for x in req.user_text.splitlines() if x.startswith("标题："))
    return line.removeprefix("标题：")


# ---------------------------------------------------------------------------------------------
# placeholders and echoes


PLACEHOLDER_REPLIES = [
    {"summary": "title:Key Figures", "key_points": ["Key Figures"], "topic": "key_figures"},
    {"summary": "Key Figures", "key_points": ["key_figures", "summary"], "topic": "title:Key Figures"},
    {"summary": "key_figures", "key_points": ["要点1"], "topic": "N/A", "key_figures": []},
]


def test_a_model_replying_with_placeholders_shows_nothing_of_its_own(tmp_path: Path) -> None:
    articles = frozen_seed_articles()
    n = [0]

    def placeholders(req: RecordedRequest) -> dict[str, Any]:
        n[0] += 1
        return {"kind": "json", "data": PLACEHOLDER_REPLIES[n[0] % len(PLACEHOLDER_REPLIES)]}

    with FakeOpenAI(responder=placeholders) as srv:
        eng = engine(srv, tmp_path)
        results = [(a, eng.summarize(a)) for a in articles]
    assert all(r.meta.fallback for _a, r in results)  # every article falls back
    assert sum(len(unsupported_shown(r.summary, a)) for a, r in results) == 0
    shown = json.dumps(
        [[r.summary.summary, r.summary.key_points, r.summary.topic] for _a, r in results], ensure_ascii=False
    )
    assert "Key Figures" not in shown and "key_figures" not in shown and "要点1" not in shown
    first = srv.requests[1].last_user_text  # the re-ask named the problem
    assert "placeholder" in first


def test_an_echo_of_the_reask_is_never_accepted_as_a_summary(tmp_path: Path) -> None:
    a = frozen_seed_articles()[0]
    reask = load_prompt("reask.v1").render_text(problems="- summary: 'Key Figures' is a placeholder")

    def echo(req: RecordedRequest) -> dict[str, Any]:
        said = req.last_user_text if "<<<ARTICLE>>>" not in req.last_user_text else reask
        return {"kind": "json", "data": {"summary": said[:150], "key_points": split_sentences(said)[:3]}}

    with FakeOpenAI(responder=echo) as srv:
        r = engine(srv, tmp_path).summarize(a)
    dumped = json.dumps(r.summary.model_dump(), ensure_ascii=False)
    assert "上一次输出" not in dumped and "JSON" not in dumped
    assert r.meta.fallback and unsupported_shown(r.summary, a) == []


# ---------------------------------------------------------------------------------------------
# repairs before re-asks


def test_a_model_forgetting_qualifiers_costs_one_call_per_article_and_loses_no_figure(
    tmp_path: Path,
) -> None:
    """The seed page, figures stated right but every printed qualifier (余, 多, 近, 逾) left out."""
    articles = frozen_seed_articles()
    offline = {a.title: summarize_article(a) for a in articles}
    expected = sum(len(s.key_figures) for s in offline.values())
    with_qualifier = sum(1 for s in offline.values() for f in s.key_figures if f.qualifier)
    assert expected > 40 and with_qualifier > 10

    def forgetful(req: RecordedRequest) -> dict[str, Any]:
        s = offline[title_of(req)].model_dump()
        for f in s["key_figures"]:
            f["qualifier"] = ""
        return {"kind": "json", "data": s}

    with FakeOpenAI(responder=forgetful) as srv:
        eng = engine(srv, tmp_path)
        results = [(a, eng.summarize(a)) for a in articles]
        calls = len(srv.requests)
    assert calls / len(articles) == 1.0
    shown = [(a, f) for a, r in results for f in r.summary.key_figures]
    assert len(shown) == expected and all(not r.meta.dropped_figures for _a, r in results)
    assert all(check_figure(f, a.text) is None for a, f in shown)
    assert sum(r.meta.repairs for _a, r in results) >= with_qualifier
    qualified = {(f.quote, f.qualifier) for s in offline.values() for f in s.key_figures if f.qualifier}
    assert qualified <= {(f.quote, f.qualifier) for _a, f in shown}  # every qualifier back, as printed
    assert any("qualifier" in n for _a, r in results for n in r.meta.notes)


def test_signing_twelve_demands_no_qualifier_and_costs_one_call(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    a = Article(
        page="p1",
        index=1,
        title="产业工人培训基地集中签约",
        paragraphs=["本报讯 市总工会日前举行产业工人培训基地建设推进会，现场集中签约12家企业。"],
    )
    for claimed in ("", "约"):
        reply = {
            "summary": "市总工会举行产业工人培训基地建设推进会，现场集中签约12家企业。",
            "key_points": ["现场集中签约12家企业。"],
            "key_figures": [
                {
                    "value": 12,
                    "unit": "家",
                    "about": "企业",
                    "quote": "现场集中签约12家企业",
                    "qualifier": claimed,
                }
            ],
            "topic": "产业工人培训",
        }
        fake_openai.reset()
        fake_openai.script([{"kind": "json", "data": reply}])
        r = engine(fake_openai, tmp_path).summarize(a)
        assert len(fake_openai.requests) == 1 and r.meta.reasks == 0
        [f] = r.summary.key_figures
        assert f.qualifier == "" and r.meta.repairs == (1 if claimed else 0)


def test_the_repairs_are_recorded_and_cached(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    a = frozen_seed_articles()[9]
    s = summarize_article(a).model_dump()
    for f in s["key_figures"]:
        f["qualifier"] = ""
    fake_openai.script([{"kind": "json", "data": s}])
    eng = engine(fake_openai, tmp_path)
    first = eng.summarize(a)
    again = eng.summarize(a)
    assert first.meta.repairs > 0 and again.meta.cache_hit and again.meta.repairs == first.meta.repairs
    assert again.summary == first.summary


# ---------------------------------------------------------------------------------------------
# one rule set


ARTICLE = Article(
    page="p1",
    index=1,
    title="牡丹江短视频大赛",
    paragraphs=[
        "本报讯 牡丹江市总工会举办短视频大赛，历时4个月，各级工会收集了 147个参赛作品。",
        "经过3轮评比，最终精选出17部作品。",
    ],
)


def good_reply() -> dict[str, Any]:
    return summary_for(ARTICLE.text)


def test_a_figure_whose_about_carries_an_ungrounded_number_is_asked_about(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    bad = good_reply()
    bad["key_figures"] = [
        {"value": 147, "unit": "个", "about": "2024年参赛作品", "quote": "各级工会收集了 147个参赛作品"}
    ]
    fixed = good_reply()
    fake_openai.script([{"kind": "json", "data": bad}, {"kind": "json", "data": fixed}])
    r = engine(fake_openai, tmp_path).summarize(ARTICLE)
    assert r.meta.reasks == 1 and "2024" in fake_openai.requests[1].last_user_text
    assert r.meta.dropped_figures == []
    # never fixed: dropped after being asked about, with the reason that was asked
    fake_openai.reset()
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = engine(fake_openai, tmp_path).summarize(ARTICLE)
    [dropped] = r.meta.dropped_figures
    assert "2024" in dropped["reason"] and "2024" in fake_openai.requests[1].last_user_text


def test_the_recorded_drop_reason_survives_links_and_prompt_text(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    bad = good_reply()
    bad["key_figures"] = [
        {
            "value": 2000,
            "unit": "人",
            "about": "获奖者 https://evil.example/x?d=1",
            "quote": "共有2000人获奖，见 https://evil.example/x?d=1",
        }
    ]
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = engine(fake_openai, tmp_path).summarize(ARTICLE)
    [dropped] = r.meta.dropped_figures
    assert "does not occur in the article" in dropped["reason"] and "link" in dropped["reason"]
    assert "evil.example" not in json.dumps(r.meta.to_dict(), ensure_ascii=False)
    assert "[removed" not in dropped["reason"]


def test_every_removed_sentence_was_first_asked_about(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    bad = good_reply()
    bad["summary"] = "牡丹江市总工会举办短视频大赛。哈尔滨市副市长张三出席并讲话。"
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = engine(fake_openai, tmp_path).summarize(ARTICLE)
    assert r.summary.summary == "牡丹江市总工会举办短视频大赛。"
    for req in fake_openai.requests[1:]:
        assert "哈尔滨市副市长张三出席并讲话" in req.last_user_text
    assert any("removed 1 sentence" in n for n in r.meta.notes)


def test_an_answer_says_only_what_its_passages_say(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    passages = [Passage(page="p1", article_index=1, title=ARTICLE.title, text=ARTICLE.text)]
    quote = "各级工会收集了 147个参赛作品"
    bad = {
        "answer": "各级工会收集了147个参赛作品。评委会主任王五称赞作品质量很高。",
        "answerable": True,
        "citations": [{"page": "p1", "article_index": 1, "title": "x", "quote": quote}],
    }
    fake_openai.script([{"kind": "json", "data": bad}] * 3)
    r = engine(fake_openai, tmp_path).answer("收集了多少作品？", passages)
    assert (
        r.answer.answer == "各级工会收集了147个参赛作品。"
        and "王五" in fake_openai.requests[1].last_user_text
    )
    refusal = {"answer": "材料没有说明，但大约有300部。", "answerable": False, "citations": []}
    fake_openai.reset()
    fake_openai.script([{"kind": "json", "data": refusal}])
    r = engine(fake_openai, tmp_path).answer("有多少部获奖？", passages)
    from summarizer.schemas import NOT_FOUND

    assert r.answer.answer == NOT_FOUND and not r.answer.answerable and len(fake_openai.requests) == 1


# ---------------------------------------------------------------------------------------------
# prompts as files, in the cache key


def test_the_reask_text_comes_from_its_prompt_file_and_is_in_the_cache_key(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    edited = tmp_path / "prompts"
    shutil.copytree(load_prompt("reask.v1").path.parent, edited)
    p = edited / "reask.v1.md"
    p.write_text(
        p.read_text(encoding="utf-8").replace("你上一次输出的", "【编辑过的】你上一次输出的"), "utf-8"
    )
    bad = {**good_reply(), "topic": "Key Figures"}
    fake_openai.script([{"kind": "json", "data": bad}, {"kind": "json", "data": good_reply()}] * 2)
    shipped = engine(fake_openai, tmp_path, model="m-reask")
    shipped.summarize(ARTICLE)
    assert "【编辑过的】" not in fake_openai.requests[1].last_user_text
    other = engine(fake_openai, tmp_path, model="m-reask", prompts=PromptLibrary(edited))
    r = other.summarize(ARTICLE)
    assert not r.meta.cache_hit and "【编辑过的】" in fake_openai.requests[3].last_user_text
    assert shipped.summarize(ARTICLE).meta.cache_hit


# ---------------------------------------------------------------------------------------------
# prepare / take_reply / finish without synchronous calls (what a Batch API path does)


def completion(data: dict[str, Any]) -> Completion:
    return Completion(
        data=data, content=json.dumps(data, ensure_ascii=False), usage=Usage(), mode="x", requests=1
    )


def test_replies_can_be_finished_without_the_engine_sending_anything(tmp_path: Path) -> None:
    settings = Settings(
        engine="llm", base_url="http://127.0.0.1:9/v1", model="batch", cache_dir=tmp_path / "c", max_reasks=1
    )
    eng = LLMEngine(settings)
    articles = frozen_seed_articles()[:3]
    pending = [eng.prepare_summary(a) for a in articles]
    assert all(
        p.messages[-1]["role"] == "user" and "<<<ARTICLE>>>" in p.messages[-1]["content"] for p in pending
    )
    first = [
        {"summary": "Key Figures", "key_points": ["key_figures"]},
        summarize_article(articles[1]).model_dump(),
        summarize_article(articles[2]).model_dump(),
    ]
    for p, data in zip(pending, first, strict=True):
        eng.take_reply(p, completion(data))
    assert [p.done for p in pending] == [False, True, True]  # the first one needs a re-ask
    assert pending[0].messages[-1]["role"] == "user" and "placeholder" in pending[0].messages[-1]["content"]
    eng.take_reply(pending[0], completion(summarize_article(articles[0]).model_dump()))
    results = [eng.finish(p) for p in pending]
    assert [r.meta.reasks for r in results] == [1, 0, 0] and not any(r.meta.fallback for r in results)
    again = eng.prepare_summary(articles[0])  # finished results are cached like synchronous ones
    assert again.done and again.result is not None and again.result.meta.cache_hit


def test_the_passage_framing_comes_from_its_prompt_file_and_is_in_the_cache_key(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    passages = [Passage(page="p1", article_index=1, title=ARTICLE.title, text=ARTICLE.text)]
    edited = tmp_path / "prompts"
    shutil.copytree(load_prompt("passage.v1").path.parent, edited)
    p = edited / "passage.v1.md"
    p.write_text(p.read_text(encoding="utf-8").replace("版面：", "版面（编辑过）："), "utf-8")
    shipped = engine(fake_openai, tmp_path, model="m-passage")
    shipped.answer("收集了多少作品？", passages)
    assert "版面：p1" in fake_openai.requests[0].user_text
    other = engine(fake_openai, tmp_path, model="m-passage", prompts=PromptLibrary(edited))
    assert not other.answer("收集了多少作品？", passages).meta.cache_hit
    assert "版面（编辑过）：p1" in fake_openai.requests[1].user_text
    assert shipped.answer("收集了多少作品？", passages).meta.cache_hit
