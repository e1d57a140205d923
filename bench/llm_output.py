"""What scripted models get shown, against the fake server, side by side (not a test).

Four models on the seed page (13 articles, frozen): an honest one (the fake server's default
responder), one that replies with placeholders ("title:Key Figures", "key_figures"), one that states
every figure right but leaves out the printed qualifier (350 for 350余人次), and one that echoes the
re-ask message back as its summary. For each: calls per article, fallbacks, figures shown and lost
(against what the model stated), repairs, and unsupported sentences shown (target 0).

    python bench/llm_output.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.engines.extractive import summarize_article  # noqa: E402
from summarizer.engines.llm import LLMEngine  # noqa: E402
from summarizer.llm.client import LLMClient  # noqa: E402
from summarizer.schemas import Article  # noqa: E402
from summarizer.support import problems  # noqa: E402
from summarizer.text import split_sentences  # noqa: E402
from tests.fake_openai import FakeOpenAI, RecordedRequest, default_responder  # noqa: E402
from tests.test_grounding import frozen_seed_articles  # noqa: E402


def source_of(a: Article) -> str:
    return "\n".join(x for x in (a.kicker, a.title, a.subtitle, a.byline, a.text) if x)


def unsupported(summary: Any, a: Article) -> int:
    src = source_of(a)
    texts = [*split_sentences(summary.summary), *(s for p in summary.key_points for s in split_sentences(p))]
    n = sum(bool(problems(t, src)) for t in texts)
    return n + bool(summary.topic and problems(summary.topic, src, label=True))


def main() -> int:
    articles = frozen_seed_articles()
    offline = {a.title: summarize_article(a) for a in articles}

    def title_of(req: RecordedRequest) -> str:
        line = next(x for x in req.user_text.splitlines() if x.startswith("标题："))
        return line.removeprefix("标题：")

    def placeholders(req: RecordedRequest) -> dict[str, Any]:
        return {
            "kind": "json",
            "data": {"summary": "title:Key Figures", "key_points": ["Key Figures"], "topic": "key_figures"},
        }

    def forgetful(req: RecordedRequest) -> dict[str, Any]:
        s = offline[title_of(req)].model_dump()
        for f in s["key_figures"]:
            f["qualifier"] = ""
        return {"kind": "json", "data": s}

    def echo(req: RecordedRequest) -> dict[str, Any]:
        if "<<<ARTICLE>>>" in req.last_user_text:
            return placeholders(req)
        said = req.last_user_text
        return {"kind": "json", "data": {"summary": said[:150], "key_points": split_sentences(said)[:3]}}

    def stated(req: RecordedRequest, model: str) -> int:
        if model == "forgets qualifiers":
            return len(offline[title_of(req)].key_figures)
        return 0

    rows = []
    for name, responder in [
        ("honest (default)", default_responder),
        ("placeholders", placeholders),
        ("forgets qualifiers", forgetful),
        ("echoes the re-ask", echo),
    ]:
        with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(responder=responder) as srv:
            s = Settings(
                engine="llm", base_url=srv.base_url, api_key="k", model="bench", cache_dir=Path(tmp),
                max_retries=0, timeout=5.0, deadline=30.0,
            )  # fmt: skip
            eng = LLMEngine(s, client=LLMClient(s))
            results = [(a, eng.summarize(a)) for a in articles]
            first_requests = [r for r in srv.requests if len(r.messages) == 2]
            model_figures = sum(stated(r, name) for r in first_requests)
            calls = len(srv.requests)
        shown = sum(len(r.summary.key_figures) for _a, r in results if not r.meta.fallback)
        rows.append(
            (
                name,
                f"{calls / len(articles):.2f}",
                sum(r.meta.fallback for _a, r in results),
                shown,
                max(0, model_figures - shown) if model_figures else "-",
                sum(r.meta.repairs for _a, r in results),
                sum(unsupported(r.summary, a) for a, r in results),
            )
        )
    head = (
        "model",
        "calls/article",
        "fallbacks",
        "LLM figures shown",
        "figures lost",
        "repairs",
        "unsupported shown",
    )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    print(f"LLM output against the fake server, seed page ({len(articles)} articles)")
    for row in (head, *rows):
        print(
            "  "
            + "  ".join(
                f"{str(x):>{w}}" if i else f"{str(x):<{w}}"
                for i, (x, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
