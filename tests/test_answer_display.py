"""The short answer comes first, then the cited quote: in the CLI's human output and in the UI."""

from __future__ import annotations

import io

from summarizer.ui import render

from summarizer.commands.ask import print_human
from summarizer.qa.ask import AskResult
from summarizer.schemas import Citation

QUOTE = "本届联赛历时 2个月，共有 24支队伍参赛。"
CITE = Citation(page="p.txt", article_index=3, title="河滨区职工足球联赛落幕", quote=QUOTE)


def test_cli_prints_the_short_answer_then_its_quote() -> None:
    out = io.StringIO()
    print_human(AskResult(answer="24支", answerable=True, citations=[CITE], engine="offline"), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "24支"
    assert lines.index("Sources:") < next(i for i, line in enumerate(lines) if QUOTE in line)
    assert any("[p.txt #3] 河滨区职工足球联赛落幕" in line for line in lines)


def test_cli_does_not_print_a_whole_sentence_answer_twice() -> None:
    out = io.StringIO()
    print_human(
        AskResult(answer=QUOTE.replace(" ", ""), answerable=True, citations=[CITE], engine="offline"), out
    )
    assert out.getvalue().count("24支队伍参赛") == 1


def test_ui_shows_a_short_answer_in_bold_and_escaped() -> None:
    assert render.answer_markdown("24支", True) == "**24支**"
    assert render.answer_markdown("*x*<b>", True).startswith("**\\*x\\*&lt;b&gt;")
    long = "因为" + "很长的解释" * 20
    assert not render.answer_markdown(long, True).startswith("**")
    md = render.answer_markdown("24支", True) + "\n\n" + render.sources_markdown([CITE.model_dump()])
    assert md.index("24支") < md.index("<mark>")
