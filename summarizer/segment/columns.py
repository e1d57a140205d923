"""Column geometry for the segmenter: how wide a column is, how ragged and how indented a page is.

A body line fills its column; whether a line does is the segmenter's main evidence for headlines.
These measurements are kept apart from the decisions that use them (roles.py). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from summarizer.segment.lines import Line, has_inner_punct
from summarizer.segment.thresholds import DEFAULT_INDENT, INDENT_MAX, WIDTH_TOLERANCE


def median(values: Iterable[float]) -> float:
    """The median (statistics.median without its generality: this runs for every line of a page)."""
    v = sorted(values)
    n = len(v)
    if not n:
        raise ValueError("median of nothing")
    mid = n // 2
    return v[mid] if n % 2 else (v[mid - 1] + v[mid]) / 2


# Closing marks that may hang past the column's edge (typesetters never start a line with them).
HANGS = tuple("，。、；：？！”’）》」』")


class Col(NamedTuple):
    """A column's width in both measures: em (proportional type) and character cells (fixed pitch).
    A named tuple: immutable, and several hundred are made per page (a frozen dataclass costs about
    three times as much to build)."""

    em: float
    cells: float
    spread: float = 0.0  # median distance of its lines from it: 0 for fixed-pitch wraps, ~1 em for type
    fill: tuple[float, float] | None = None  # (em, cells) of its lines without hanging punctuation
    widest: tuple[float, float] | None = None  # (em, cells) of the widest of those lines
    lines: int = 1  # how many lines it was measured on


def col_of(ln: Line) -> Col:
    return Col(ln.width, ln.chars)


def gap(col: Col, ln: Line | Col) -> float:
    """How much narrower than the column ln is (negative: wider), as far as both measures agree.

    We do not know whether the page was wrapped by printed width or by character count (a text
    extractor's fixed pitch), and digits or Latin letters make the two differ; a line only counts as
    narrower (or wider) than its column when it is so in both measures, so the smaller gap is taken.
    """
    if isinstance(ln, Line):
        return _both(col.em - ln.width, col.cells - ln.chars)
    return _both(col.em - ln.em, col.cells - ln.cells)


def line_gap(above: Line, ln: Line) -> float:
    """gap(col_of(above), ln), without building the Col."""
    return _both(above.width - ln.width, above.chars - ln.chars)


def _both(a: float, b: float) -> float:
    """The difference two measures agree on: the smaller one when both have one sign, else 0."""
    if a > 0 and b > 0:
        return min(a, b)
    if a < 0 and b < 0:
        return max(a, b)
    return 0.0


def column_width(rest: list[Line], closer: Line | None) -> Col | None:
    """Column width of the paragraph that ends the run: the lines nearest its last line agree on it.

    The line just before the paragraph's last line is full body width; lines further up that
    disagree with it are headline lines and must not pull the estimate. A body line is never
    narrower than its paragraph's last line, so a wider closer bounds the column from below.
    """
    if not rest:
        return None
    anchor = rest[-1]
    near = [ln for ln in rest[-6:] if abs(line_gap(anchor, ln)) <= WIDTH_TOLERANCE]
    ems, cells = [ln.width for ln in near], [ln.chars for ln in near]
    em, cell = median(ems), median(cells)
    flush = [ln for ln in near if not ln.text.endswith(HANGS)]
    if flush and len(flush) < len(near):
        ems, cells = [ln.width for ln in flush], [ln.chars for ln in flush]
        fill = median(ems), median(cells)
    else:  # every line (or none) ends flush: the fill is the column's own measure
        fill = em, cell
    widest = max(ems), max(cells)
    if (
        closer is not None
        and closer.kind == "body"
        and _both(em - closer.width, cell - closer.chars) < -WIDTH_TOLERANCE
    ):
        return col_of(closer)
    spread = median([abs(_both(em - ln.width, cell - ln.chars)) for ln in near])
    return Col(em, cell, spread, fill, widest, len(near))


def next_column(lines: list[Line], roles: list[str], i: int) -> Col | None:
    """Width of the column from line i on: the full body lines of the paragraphs that follow (a
    paragraph of one line shows no column of its own; the next ones of its article do)."""
    ws: list[Line] = []
    hi = min(len(lines), i + 24)  # a bounded look-ahead keeps huge pages linear
    for j in range(i, hi):
        ln = lines[j]
        if roles[j] == "head" or ln.kind != "body":
            break
        if not ln.terminal and not ln.after_byline and j + 1 < len(lines) and lines[j + 1].kind == "body":
            ws.append(ln)
            if len(ws) >= 6:
                break
    if len(ws) < 2:
        return None
    flush = [ln for ln in ws if not ln.text.endswith(HANGS)] or ws
    return Col(
        median(ln.width for ln in ws),
        median(ln.chars for ln in ws),
        widest=(max(ln.width for ln in flush), max(ln.chars for ln in flush)),
    )


def previous_column(lines: list[Line], roles: list[str], i: int) -> Col | None:
    """Width of the column just above line i: median of the last few full body lines before it."""
    ws: list[Line] = []
    j = i - 1
    lo = max(0, i - 24)  # a bounded look-back keeps huge pages linear
    while j >= lo and len(ws) < 6:
        if roles[j] == "body" and not lines[j].terminal and not lines[j].after_byline:
            ws.append(lines[j])
        elif roles[j] == "head":
            break
        j -= 1
    if not ws:
        return None
    return Col(median(ln.width for ln in ws), median(ln.chars for ln in ws))


def paragraph_indent(lines: list[Line]) -> float:
    """How much narrower than the next line a paragraph's first line is on this page.

    Chinese type indents paragraphs by 2 em, and extractors drop the indent as often as they keep
    it as spaces, so it is measured on first lines that are surely body text (sentence punctuation
    inside, a full line below) after a sure paragraph end (a credit, or a last line shorter than
    the line above it: a sentence that ends at a full line's end need not end its paragraph);
    with no such line the convention (2 em) is assumed. A gap deeper than INDENT_MAX is no indent.
    """
    gaps: list[float] = []
    for i in range(1, len(lines) - 1):
        ln, nxt, prev = lines[i], lines[i + 1], lines[i - 1]
        # The cheap tests first: most lines follow a body line that does not end a sentence.
        if prev.kind == "body" and not prev.terminal or ln.kind != "body" or ln.terminal or ln.after_byline:
            continue
        if nxt.kind != "body" or nxt.terminal or nxt.after_byline or not has_inner_punct(ln.text):
            continue
        if prev.kind == "body":  # and so terminal
            above = lines[i - 2] if i >= 2 else None
            if (
                above is not None
                and above.kind == "body"
                and not above.terminal
                and line_gap(above, prev) < 1.5
            ):
                continue  # a full line ending a sentence need not end its paragraph
        elif prev.kind != "credit":
            continue
        d = line_gap(nxt, ln)
        if d > INDENT_MAX:
            continue  # no indent is this deep: a headline, or a column change
        gaps.append(d)
        if len(gaps) >= 64:
            break
    return max(0.0, median(gaps)) if gaps else DEFAULT_INDENT


def raggedness(lines: list[Line]) -> float:
    """Mean width difference of consecutive full body lines: 0 for a fixed-pitch wrap, ~1 em for type."""
    diffs = [
        min(abs(a.width - b.width), abs(a.chars - b.chars), 2.0)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.kind == b.kind == "body"
        and not (a.terminal or b.terminal or a.after_byline or b.after_byline)
        and not (a.text.endswith(HANGS) or b.text.endswith(HANGS))
    ]
    return sum(diffs[:256]) / len(diffs[:256]) if diffs else 1.0
