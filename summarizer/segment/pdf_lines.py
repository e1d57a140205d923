"""A PDF page's characters -> printed lines, the column gutters, and the page furniture cut off.

Layout facts used: a printed line is characters on one baseline with no gap wider than a word space
(a wider gap is a gutter between columns; a headline, which may be letter-spaced, is allowed a wider
one, and two one-column headlines side by side are cut where their gap crosses a gutter); a
character printed twice a hair apart is an overprint (fake bold); the body size is the size most
characters are set in, and a line set clearly larger is a headline line; page furniture sits in a
band at the top or bottom edge, cut off by a rule across most of the page, by a clear gap, or known
by its words (edition, date, weekday; the page's editors). Used by pdf_layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.segment.lines import classify, physical_lines
from summarizer.segment.pdf import Char, PdfPage

# The same character this close (ems) to itself on one baseline is an overprint (fake bold).
OVERPRINT_EM = 0.25
# Characters on one line: baselines within this share of the smaller size.
BASELINE_TOLERANCE = 0.3
# A gap wider than this many ems of the font size ends a line piece (a gutter); a headline, which may
# be letter-spaced, is allowed this wider gap.
GUTTER_EM = 0.8
HEADLINE_GUTTER_EM = 2.0
# Gutters: x ranges covered by at most this share of the typical body coverage, at least this many
# body ems wide; a headline gap over one ends the line when it is this much (body ems) wider than
# the headline's own letter-spacing.
GUTTER_COVER = 0.02
GUTTER_CROSSINGS = 3  # the short last lines of a caption set across columns may cross a gutter
# Lines wider than this many times the usual measure (set across columns) do not close a gutter.
WIDE_LINE = 1.3
MIN_GUTTER_EM = 0.5
LETTER_SPACING_EM = 0.3
# A gap this wide (ems) with no space character printed in it reads as a word space.
SPACE_EM = 0.45
# A line set this many times the body size or larger is a headline line.
HEADLINE_RATIO = 1.1
# Within a group, sizes this close (ratio) count as the same size (a title wrapped over two lines).
SAME_SIZE_RATIO = 1.06
# Furniture: the bands at the top and bottom edges where a header and a footer may sit (share of
# the page height), the width share of a rule that cuts one off, and the clear gap (body ems) that
# does when there is no rule.
FURNITURE_BAND = 0.12
FURNITURE_RULE = 0.5
FURNITURE_GAP_EM = 1.2
# Furniture is at most this many rows of lines; a headline with body text this close (body ems)
# under it is an article's, not the header's.
MAX_FURNITURE_ROWS = 4
HEAD_BODY_EM = 2.0
# Furniture by its words, where position alone does not cut it off: a header line made only of an
# edition number (第3版), a date and a weekday; a footer line naming the page's editors.
_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月\s*\d{1,2}\s*日"
_EDITION = r"第\s*[0-9０-９一二三四五六七八九十]+\s*版"
_WEEKDAY = r"星期[一二三四五六日天]|周[一二三四五六日]"
_HEADER_LINE_RE = re.compile(rf"(?:(?:{_DATE}|{_EDITION}|{_WEEKDAY})[\s，,、|｜·]*)+")
_FOOTER_LINE_RE = re.compile(r"(?:本版)?(?:责任)?(?:编辑|校对|美编|版式|排版|责编)\s*[:：]")


@dataclass
class PLine:
    """A printed line: its text and box, its dominant size and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    space_before: bool = False  # a space was printed before the first character (a word break)
    space_after: bool = False
    chars: list[Char] = field(default_factory=list, repr=False)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def is_byline_line(text: str) -> bool:
    """The whole line is a byline, as the text-page recogniser reads one (summarizer.segment.lines)."""
    found = classify(physical_lines(text))
    return len(found) == 1 and found[0].kind == "byline" and len(found[0].text) == len(text.strip())


# ------------------------------------------------------------------------------------------------
# Characters -> lines


def is_headline_size(size: float, body: float) -> bool:
    """Set clearly larger than the body (sizes are compared as printed, to a tenth of a point)."""
    return size >= round(HEADLINE_RATIO * body, 1) - 0.05


def body_size(chars: list[Char]) -> float:
    """The size most printed characters are set in (the body text's)."""
    counts = Counter(round(c.size, 1) for c in chars if not c.text.isspace())
    return counts.most_common(1)[0][0] if counts else 10.0


def _baseline(c: Char) -> float:
    return c.bottom - 0.12 * c.size


def gutters(lines: list[PLine], body: float) -> list[tuple[float, float]]:
    """The white strips between body columns: x ranges that no body line of column measure covers
    (lines wider than the usual measure, such as a caption set across two columns, are left out)."""
    import numpy as np

    widths = Counter(round(ln.width / body) for ln in lines if not is_headline_size(ln.size, body))
    if not widths:
        return []
    measure = widths.most_common(1)[0][0] * body
    spans = [
        (int(ln.x0), int(ln.x1) + 1)
        for ln in lines
        if not is_headline_size(ln.size, body) and ln.width <= WIDE_LINE * measure
    ]
    lo = min(a for a, _ in spans)
    hi = max(b for _, b in spans)
    delta = np.zeros(hi - lo + 2, dtype=np.int64)
    for a, b in spans:
        delta[a - lo] += 1
        delta[b - lo] -= 1
    cover = np.cumsum(delta)[: hi - lo]
    typical = float(np.median(cover[cover > 0]))
    out: list[tuple[float, float]] = []
    start = None
    for i, count in enumerate(cover.tolist()):
        x = lo + i
        empty = count <= max(GUTTER_CROSSINGS, GUTTER_COVER * typical)
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            if x - start >= MIN_GUTTER_EM * body:
                out.append((float(start), float(x)))
            start = None
    return out


def split_headlines(lines: list[PLine], body: float, strips: list[tuple[float, float]]) -> list[PLine]:
    """Headline lines cut where they cross a column gutter with a gap wider than their own
    letter-spacing: two one-column headlines side by side (one set across the gutter runs on)."""
    out: list[PLine] = []
    for ln in lines:
        if not is_headline_size(ln.size, body) or not strips:
            out.append(ln)
            continue
        for piece in _split_at_gutters(ln.chars, body, strips):
            made = _line(piece)
            if made is not None:
                out.append(made)
    return out


def printed_lines(chars: list[Char], body: float) -> list[PLine]:
    """Characters grouped into printed lines: one baseline, no gutter-wide gap inside."""
    ordered = sorted((c for c in chars), key=lambda c: (_baseline(c), c.x0))
    rows: list[list[Char]] = []
    for c in ordered:
        if rows and abs(_baseline(c) - _baseline(rows[-1][0])) <= BASELINE_TOLERANCE * min(
            c.size, rows[-1][0].size
        ):
            rows[-1].append(c)
        else:
            rows.append([c])
    out: list[PLine | None] = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        row = _without_overprints(row)
        piece: list[Char] = []
        for c in row:
            if piece and _splits(piece[-1], c, body):
                out.append(_line(piece))
                piece = []
            piece.append(c)
        out.append(_line(piece))
    return [ln for ln in out if ln is not None]


def _without_overprints(row: list[Char]) -> list[Char]:
    """A character printed twice a hair apart (how some PDFs embolden a headline) is read once."""
    out: list[Char] = []
    for c in row:
        if out and c.text == out[-1].text and abs(c.x0 - out[-1].x0) < OVERPRINT_EM * c.size:
            continue
        out.append(c)
    return out


def _splits(a: Char, b: Char, body: float) -> bool:
    """A gap between two neighbours on a baseline that is a gutter, or a change of size."""
    if max(a.size, b.size) > SAME_SIZE_RATIO * min(a.size, b.size) and b.x0 - a.x1 > 0.2 * body:
        return True
    size = min(a.size, b.size)
    limit = HEADLINE_GUTTER_EM if size >= HEADLINE_RATIO * body else GUTTER_EM
    return b.x0 - a.x1 > limit * size


def _split_at_gutters(piece: list[Char], body: float, strips: list[tuple[float, float]]) -> list[list[Char]]:
    if len(piece) < 2:
        return [piece]
    gaps = sorted(b.x0 - a.x1 for a, b in zip(piece, piece[1:], strict=False))
    spacing = gaps[len(gaps) // 2]
    out: list[list[Char]] = [[piece[0]]]
    for a, b in zip(piece, piece[1:], strict=False):
        gap = b.x0 - a.x1
        over = any(a.x1 <= (g0 + g1) / 2 <= b.x0 for g0, g1 in strips)
        if over and gap > spacing + LETTER_SPACING_EM * body:
            out.append([])
        out[-1].append(b)
    return out


def _line(chars: list[Char]) -> PLine | None:
    n = len(chars)
    while chars and chars[0].text.isspace():
        chars = chars[1:]
    space_before = len(chars) < n
    n = len(chars)
    while chars and chars[-1].text.isspace():
        chars = chars[:-1]
    space_after = len(chars) < n
    if not chars:
        return None
    parts: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None and not c.text.isspace() and not prev.text.isspace():
            if c.x0 - prev.x1 > SPACE_EM * min(c.size, prev.size):
                parts.append(" ")
        parts.append(" " if c.text.isspace() else c.text)
        prev = c
    sizes: dict[float, int] = {}
    fonts: dict[str, int] = {}
    for c in chars:
        sizes[c.size] = sizes.get(c.size, 0) + 1
        fonts[c.font] = fonts.get(c.font, 0) + 1
    text = re.sub(r" {2,}", " ", "".join(parts))
    return PLine(
        text,
        chars[0].x0,
        chars[-1].x1,
        min(c.top for c in chars),
        max(c.bottom for c in chars),
        round(max(sizes.items(), key=lambda kv: kv[1])[0], 1),
        max(fonts.items(), key=lambda kv: kv[1])[0],
        space_before,
        space_after,
        chars,
    )


# ------------------------------------------------------------------------------------------------
# Furniture


def split_furniture(
    lines: list[PLine], page: PdfPage, body: float
) -> tuple[list[PLine], list[PLine], list[PLine]]:
    """(header lines, content lines, footer lines): furniture sits in a band at the page's top or
    bottom edge, cut off from the content by a rule across most of the page or by a clear gap."""
    band = FURNITURE_BAND * page.height
    wide = [r for r in page.rules if r.width >= FURNITURE_RULE * page.width and r.height <= 3.0]
    top_rules = [r.top for r in wide if r.top <= band]
    bottom_rules = [r.bottom for r in wide if r.bottom >= page.height - band]
    header_cut = max(top_rules) if top_rules else _gap_cut(lines, page, body, top=True)
    footer_cut = min(bottom_rules) if bottom_rules else _gap_cut(lines, page, body, top=False)
    if header_cut is None:  # no rule, no clear gap: the edition and date lines still say it
        marks = [
            ln.bottom for ln in lines if ln.bottom <= band and _HEADER_LINE_RE.fullmatch(ln.text.strip())
        ]
        header_cut = max(marks) if marks else None
    if footer_cut is None:
        marks = [ln.top for ln in lines if ln.top >= page.height - band and _FOOTER_LINE_RE.search(ln.text)]
        footer_cut = min(marks) if marks else None
    header = [ln for ln in lines if header_cut is not None and ln.bottom <= header_cut + 1.0]
    footer = [ln for ln in lines if footer_cut is not None and ln.top >= footer_cut - 1.0]
    content = [ln for ln in lines if ln not in header and ln not in footer]
    if not content:  # a page that is all furniture is content after all
        return [], lines, []
    return header, content, footer


def _gap_cut(lines: list[PLine], page: PdfPage, body: float, top: bool) -> float | None:
    """Where furniture at the page edge ends when no rule cuts it off: a few rows of lines within
    the edge band, then a clear gap. Not furniture: rows that hold a picture, a footer with a
    headline-sized line, a header line that is a headline (body text right under it)."""
    band = FURNITURE_BAND * page.height
    height = page.height
    items: list[tuple[float, float, PLine | None]] = [(ln.top, ln.bottom, ln) for ln in lines]
    items += [(p.top, p.bottom, None) for p in page.pictures]
    if not lines:
        return None
    ordered = sorted(items, key=lambda it: it[0] if top else -it[1])
    taken: list[PLine] = []
    reach = None
    cut = None
    for t, b, ln in ordered:
        if reach is not None and (
            t > reach + FURNITURE_GAP_EM * body if top else b < reach - FURNITURE_GAP_EM * body
        ):
            cut = reach
            break
        if ln is None or (t if top else height - b) > band:
            return None  # a picture, or rows reaching past the band: content
        taken.append(ln)
        edge = b if top else t
        reach = edge if reach is None else (max(reach, b) if top else min(reach, t))
    if cut is None or not taken:
        return None
    rows = {round(ln.top / body) for ln in taken}
    if len(rows) > MAX_FURNITURE_ROWS:
        return None
    if not top and any(is_headline_size(ln.size, body) for ln in taken):
        return None
    if top:
        below = [
            ln
            for ln in lines
            if ln.top > cut and (not is_headline_size(ln.size, body) or is_byline_line(ln.text))
        ]
        for ln in taken:
            if is_headline_size(ln.size, body) and any(
                0 < o.top - ln.bottom <= HEAD_BODY_EM * body and overlap(ln.x0, ln.x1, o.x0, o.x1) > 0
                for o in below
            ):
                return None
    return cut


def text_rows(lines: list[PLine]) -> list[str]:
    """Furniture lines in reading order: blocks of lines that share an x range (an edition number
    over its date), left to right; top to bottom within a block."""
    blocks: list[list[PLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.x0):
        for b in blocks:
            if any(overlap(ln.x0, ln.x1, o.x0, o.x1) > 0 for o in b):
                b.append(ln)
                break
        else:
            blocks.append([ln])
    return [ln.text for b in blocks for ln in sorted(b, key=lambda ln: ln.top)]
