"""Structured output on any server: the response_format ladder, remembered; JSON out of prose; Chinese round-trip."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.config import Settings
from summarizer.errors import OutputError, TransportError
from summarizer.llm.client import LLMClient, extract_json, strict_schema
from summarizer.schemas import ArticleSummary
from tests.fake_openai import FakeOpenAI

VALID = {
    "summary": "牡丹江市总工会举办短视频大赛，收集了147个作品。",
    "key_points": ["大赛历时4个月。"],
    "key_figures": [
        {"value": 147, "unit": "个", "about": "参赛作品", "quote": "收集了147个作品", "qualifier": ""}
    ],
    "places": ["牡丹江市"],
    "organisations": [],
    "people": [],
    "topic": "工会",
}
MESSAGES = [
    {"role": "system", "content": "只输出 JSON。"},
    {"role": "user", "content": "文章：收集了147个作品。"},
]


def settings_for(srv: FakeOpenAI, tmp_path: Path, model: str | None = None) -> Settings:
    return Settings(
        base_url=srv.base_url,
        api_key="k",
        model=model or f"m-{uuid.uuid4().hex[:8]}",
        cache_dir=tmp_path,
        max_retries=2,
        timeout=3.0,
        deadline=10.0,
    )


def rungs(srv: FakeOpenAI) -> list[str]:
    out = []
    for r in srv.requests:
        rf = r.response_format
        out.append("plain" if rf is None else rf["type"] + ("+schema" if "schema" in rf else ""))
    return out


# ---------------------------------------------------------------------------------------------
# The ladder


@pytest.mark.parametrize(
    ("mode", "expected", "final"),
    [
        ("full", ["json_schema"], "json_schema"),
        ("llamacpp", ["json_schema", "json_object+schema"], "json_object_schema"),
        ("json_object_only", ["json_schema", "json_object+schema", "json_object"], "json_object"),
        ("no_response_format", ["json_schema", "json_object+schema", "json_object", "plain"], "plain"),
    ],
)
def test_fallback_down_the_ladder_is_remembered(
    fake_openai: FakeOpenAI, tmp_path: Path, mode: str, expected: list[str], final: str
) -> None:
    fake_openai.set_mode(mode)
    s = settings_for(fake_openai, tmp_path)
    reply = {"kind": "fence" if mode == "no_response_format" else "json", "data": VALID}
    fake_openai.script([reply] * 3)
    first = LLMClient(s, backoff_base=0.01).complete_json(MESSAGES, ArticleSummary)
    assert first.data == VALID and first.mode == final and first.requests == len(expected)
    assert rungs(fake_openai) == expected
    # a second call (even from a new client to the same endpoint and model) starts on the rung that worked
    fake_openai.reset()
    fake_openai.script([reply])
    again = LLMClient(s, backoff_base=0.01).complete_json(MESSAGES, ArticleSummary)
    assert again.data == VALID and len(fake_openai.requests) == 1 and again.mode == final


def test_json_object_mode_always_mentions_json(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    """DeepSeek/Qwen refuse json_object unless the prompt says JSON; the client makes sure it does."""
    fake_openai.set_mode("json_object_only")
    plain = [
        {"role": "system", "content": "你是编辑。"},
        {"role": "user", "content": "文章：收集了147个作品。"},
    ]
    reply = LLMClient(settings_for(fake_openai, tmp_path)).complete_json(plain, ArticleSummary)
    assert reply.mode == "json_object" and rungs(fake_openai)[-1] == "json_object"
    sent = fake_openai.requests[-1].messages
    assert "JSON" in sent[0]["content"] and sent[1] == plain[1]
    assert plain[0]["content"] == "你是编辑。"  # the caller's messages are not modified


def test_json_schema_request_is_strict_and_complete(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    LLMClient(settings_for(fake_openai, tmp_path)).complete_json(MESSAGES, ArticleSummary)
    rf = fake_openai.requests[0].response_format
    assert rf is not None
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    schema = rf["json_schema"]["schema"]
    assert (
        set(schema["required"]) == set(ArticleSummary.model_fields)
        and schema["additionalProperties"] is False
    )
    dumped = json.dumps(schema)
    assert all(f'"{k}"' not in dumped for k in ("default", "maxLength", "minItems", "maxItems"))
    fig = schema["$defs"]["KeyFigure"]
    assert set(fig["required"]) == {"value", "unit", "about", "quote", "qualifier"}


def test_strict_schema_leaves_the_pydantic_schema_alone() -> None:
    before = json.dumps(ArticleSummary.model_json_schema(), sort_keys=True)
    strict_schema(ArticleSummary)
    assert json.dumps(ArticleSummary.model_json_schema(), sort_keys=True) == before


def test_500_naming_response_format_falls_back_without_retrying(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.script(
        [
            {"kind": "error", "status": 500, "message": "failed to parse grammar from json_schema"},
            {"kind": "json", "data": VALID},
        ]
    )
    reply = LLMClient(settings_for(fake_openai, tmp_path)).complete_json(MESSAGES, ArticleSummary)
    assert reply.data == VALID and rungs(fake_openai) == ["json_schema", "json_object+schema"]


def test_one_shot_format_refusal_steps_down(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.script([{"kind": "reject_format", "status": 422}, {"kind": "json", "data": VALID}])
    reply = LLMClient(settings_for(fake_openai, tmp_path)).complete_json(MESSAGES, ArticleSummary)
    assert reply.mode == "json_object_schema" and len(fake_openai.requests) == 2


def test_plain_server_refusing_everything_is_a_transport_error(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.script([{"kind": "reject_format", "status": 400}] * 6)
    with pytest.raises(TransportError, match="HTTP 400"):
        LLMClient(settings_for(fake_openai, tmp_path)).complete_json(MESSAGES, ArticleSummary)
    assert len(fake_openai.requests) == 4  # one per rung, then give up


def test_capabilities_survive_a_new_process(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    """What an endpoint supports is kept in the cache dir, so a rerun does not rediscover it."""
    fake_openai.set_mode("llamacpp")
    s = settings_for(fake_openai, tmp_path)
    LLMClient(s).complete_json(MESSAGES, ArticleSummary)
    assert len(fake_openai.requests) == 2
    code = (
        "import sys; from pathlib import Path; from summarizer.config import Settings; "
        "from summarizer.llm.client import LLMClient; "
        "s = Settings(base_url=sys.argv[1], api_key='k', model=sys.argv[2], cache_dir=Path(sys.argv[3])); "
        "print(LLMClient(s).mode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, fake_openai.base_url, s.model or "", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "json_object_schema"
    # a different cache dir (another user, another run) starts from the top of the ladder
    other = Settings(base_url=fake_openai.base_url, api_key="k", model=s.model, cache_dir=tmp_path / "other")
    assert LLMClient(other).mode == "json_schema"


# ---------------------------------------------------------------------------------------------
# JSON out of replies


@pytest.mark.parametrize("kind", ["json", "fence", "prose"])
def test_json_is_extracted_from_fences_and_prose(fake_openai: FakeOpenAI, tmp_path: Path, kind: str) -> None:
    fake_openai.set_mode("no_response_format")
    fake_openai.script([{"kind": kind, "data": VALID}] * 4)
    reply = LLMClient(settings_for(fake_openai, tmp_path)).complete_json(MESSAGES, ArticleSummary)
    assert reply.data == VALID


@pytest.mark.parametrize(
    "content",
    [
        '<think>先想一想 {"not": "this"}</think>\n{"a": 1}',
        'Here you go:\n```\n{"a": 1}\n```',
        'prefix {broken {"a": 1} suffix',
        '\ufeff  {"a": 1}  ',
        '```json\n{"a": 1}\n```\n```json\n{"b": 2}\n```',
    ],
)
def test_extract_json_variants(content: str) -> None:
    assert extract_json(content) == {"a": 1}


@pytest.mark.parametrize("content", ["", "no json here", '{"a": 1', "```json\n{oops}\n```"])
def test_extract_json_refuses_non_json(content: str) -> None:
    with pytest.raises(OutputError):
        extract_json(content)


def test_escaped_and_raw_utf8_replies_parse_the_same(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.script(
        [{"kind": "json", "data": VALID, "ascii": True}, {"kind": "json", "data": VALID, "ascii": False}]
    )
    client = LLMClient(settings_for(fake_openai, tmp_path))
    escaped = client.complete_json(MESSAGES, ArticleSummary)
    raw = client.complete_json(MESSAGES, ArticleSummary)
    assert "\\u" in escaped.content and "牡丹江" in raw.content
    assert escaped.data == raw.data == VALID
    assert ArticleSummary.model_validate(escaped.data) == ArticleSummary.model_validate(raw.data)


def test_requests_carry_chinese_as_utf8(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    LLMClient(settings_for(fake_openai, tmp_path)).complete_json(MESSAGES, ArticleSummary)
    assert fake_openai.requests[0].body["messages"] == MESSAGES


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.text(max_size=30), max_size=4), st.booleans(), st.booleans())
def test_extract_json_round_trip(data: dict[str, Any], ascii_only: bool, fenced: bool) -> None:
    text = json.dumps(data, ensure_ascii=ascii_only)
    if fenced:
        text = f"结果如下：\n```json\n{text}\n```"
    assert extract_json(text) == data


def test_think_tag_quoted_inside_the_json_is_data() -> None:
    # found by the round-trip property: a value quoting the tag must survive, fenced or bare
    data = {"note": "<THINK></THINK>"}
    assert extract_json(json.dumps(data)) == data
    assert extract_json(f"结果如下：\n```json\n{json.dumps(data)}\n```") == data
    assert extract_json(f"<think>想</think>{json.dumps(data)}") == data
