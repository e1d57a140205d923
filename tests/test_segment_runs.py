"""A page far longer than any newspaper page is read in runs of lines: the same articles as read whole."""

from __future__ import annotations

import pytest

import summarizer.segment.segmenter as segmenter
from summarizer.segment.segmenter import segment_text


@pytest.mark.parametrize("run_lines", [150, 400, 1000])
def test_runs_give_the_articles_of_the_whole_page(
    seed_text: str, run_lines: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = "\n\n".join([seed_text] * 4)
    whole, whole_meta = segment_text(page, "p")
    assert len(whole) == 4 * 13
    monkeypatch.setattr(segmenter, "MAX_SEGMENT_LINES", run_lines)
    in_runs, meta = segment_text(page, "p")
    assert [(a.start, a.end, a.title) for a in in_runs] == [(a.start, a.end, a.title) for a in whole]
    assert in_runs == whole and meta == whole_meta
    assert [a.index for a in in_runs] == list(range(1, len(whole) + 1))


def test_a_run_holding_one_long_article_still_moves_on(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n".join(f"这是第{i}行正文，写到这里。" for i in range(60))
    page = "一篇很长的文章\n\n" + body + "\n"
    monkeypatch.setattr(segmenter, "MAX_SEGMENT_LINES", 7)
    articles, _ = segment_text(page, "p")
    text = "".join(p for a in articles for p in a.paragraphs)
    assert all(f"这是第{i}行正文" in text for i in range(60))
