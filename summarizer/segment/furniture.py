"""Page furniture: the running header and footer a newspaper prints on every page.

Facts used: furniture sits at the page's edges (its first and last lines); a header names the
edition ("第3版", "A3版"), often with the paper and section between separators ("· | ｜"), or is a
date line ("2024年12月5日 星期四"); a footer names the page's editors ("本版编辑 某某",
"责任编辑：某某", "美术编辑", "校对"). None of these is ever a headline or part of an article, and
no sentence punctuation appears in them. Pure.
"""

from __future__ import annotations

import re

from summarizer.segment.thresholds import FURNITURE_EDGE_LINES, FURNITURE_MAX_WIDTH

_EDITION = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百]{1,3}\s*版|(?<![A-Za-z])[A-Z]\s*[0-9]{1,2}\s*版")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]")
_EDITOR_ROLE = r"(?:本版|责任|美术|图片|版式|文字)?(?:编辑|责编|美编|校对|组版|制图|设计|统筹)"
_EDITORS = re.compile(
    rf"^(?:{_EDITOR_ROLE}\s*[:：]?\s*[\u4e00-\u9fff]{{2,4}}(?:[\s、]+[\u4e00-\u9fff]{{2,4}})*\s*)+$"
)
_SENTENCE = re.compile(r"[，。；！？,;!?]")


def is_furniture(text: str, width: float) -> bool:
    """A line shaped like a running header or footer (see the module docstring)."""
    t = text.strip()
    if not t or _SENTENCE.search(t) or width > FURNITURE_MAX_WIDTH:
        return False
    if _EDITORS.match(t):
        return True
    if _EDITION.search(t):
        return True
    # A date line: the date (or weekday) and at most a few short words around it (paper, section).
    m = _DATE.search(t)
    if m:
        rest = _DATE.sub("", t)
        return len(re.sub(r"[\s·|｜/／\-—]", "", rest)) <= 8
    return False


def furniture_edges(texts: list[str], widths: list[float]) -> tuple[int, int]:
    """How many of the first and of the last lines are furniture (runs from each edge, a few lines
    at most; a line in between ends the run)."""
    n = len(texts)
    top = 0
    while top < min(n, FURNITURE_EDGE_LINES) and is_furniture(texts[top], widths[top]):
        top += 1
    bottom = 0
    while bottom < min(n - top, FURNITURE_EDGE_LINES) and is_furniture(
        texts[n - 1 - bottom], widths[n - 1 - bottom]
    ):
        bottom += 1
    return top, bottom
