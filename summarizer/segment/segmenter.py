"""Page text -> articles (and the page's furniture): the segmenter's steps, in order.

The page is the plain text a PDF extractor leaves: lines hard-wrapped to their column, blank lines
anywhere, a running header and footer, headlines (kicker / title / subtitle) before or after their
article, bylines at the start, credits at the end. The segmenter decides with layout and language
facts only, never with any page's strings:

1. furniture (furniture.py): header and footer lines at the page's edges become page metadata;
2. lines (lines.py, shapes.py): bylines are split off the start of lines (also when they run over
   several lines), credits off the end (also when the line break cut them), by their formulas;
3. widths are measured in em and in character cells; each page is judged by the measure under
   which its full lines agree (lines.use_one_measure);
4. roles (roles.py): which lines are headlines, from how they miss the column, their punctuation
   and where they stand between paragraph ends;
5. assignment (assign.py): headline groups are matched to neighbouring bodies for the whole page
   at once (a one-to-one, order-keeping matching over lexical and layout evidence);
6. fields (headlines.py): kicker, title (one title may be set over two lines) and subtitle.

Known limits: a headline within about one character of its column width, not pinned by a byline,
credit or page edge, reads as body text (so does a reader's eye); pages of one or two short
articles give little evidence of the paragraph indent; a page whose articles all share one column
width and carry no bylines or credits has nothing but words to cut two adjacent bodies by.

Pure: no I/O. Offsets index the exact string given.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.errors import InputError
from summarizer.schemas import Article, PageMeta
from summarizer.segment.assign import Block, assign
from summarizer.segment.furniture import furniture_edges
from summarizer.segment.headlines import clean_headline, headline_fields
from summarizer.segment.lines import Line, classify, physical_lines, use_one_measure
from summarizer.segment.roles import line_roles
from summarizer.segment.shapes import is_photo_credit
from summarizer.segment.thresholds import MAX_SEGMENT_LINES
from summarizer.text import clean_spaces

__all__ = ["clean_headline", "segment_page", "segment_text"]


def segment_page(text: str, page: str) -> list[Article]:
    """Split one page into articles in page order. Raises InputError if the page has no text at all."""
    return segment_text(text, page)[0]


def segment_text(text: str, page: str) -> tuple[list[Article], PageMeta]:
    """The page's articles in page order and its furniture (running header and footer lines)."""
    if not any(ch.isalpha() for ch in text):
        raise InputError(f"{page}: no text to segment (only whitespace, digits or punctuation)")
    raw = physical_lines(text)
    top, bottom = furniture_edges([ln.text for ln in raw], [ln.width for ln in raw])
    if top + bottom >= len(raw):
        top, bottom = 0, 0  # a page of nothing but furniture-shaped lines is text, not furniture
    meta = PageMeta(header=[ln.text for ln in raw[:top]], footer=[ln.text for ln in raw[len(raw) - bottom :]])
    articles: list[Article] = []
    for a in _in_runs(raw[top : len(raw) - bottom], page):
        articles.append(
            a if a.index == len(articles) + 1 else a.model_copy(update={"index": len(articles) + 1})
        )
    return articles, meta


def _segment_run(raw: list[Line], page: str) -> list[Article]:
    """Steps 2-6 over one run of lines (the whole page, unless it is over MAX_SEGMENT_LINES)."""
    lines = classify(raw)
    use_one_measure(lines)
    roles = line_roles(lines)
    blocks = _blocks(lines, roles)
    if not any(b.kind == "para" for b in blocks):
        return [_unstructured(lines, page)]
    groups = assign(blocks)
    return [_make_article(g, page, i) for i, g in enumerate(groups, 1)]


def _in_runs(lines: list[Line], page: str) -> list[Article]:
    """The articles of the page's lines, read in runs of at most MAX_SEGMENT_LINES (one run for any
    real page). A run's last article may be cut off by the run's end, or miss a headline that
    follows it, so it is dropped and read again at the start of the next run."""
    out: list[Article] = []
    start, n = 0, len(lines)
    while start < n:
        end = min(n, start + MAX_SEGMENT_LINES)
        arts = _segment_run(lines[start:end], page)
        resume = end
        if end < n and len(arts) > 1:
            last = arts[-1].start
            resume = next(k for k in range(start, end) if lines[k].end > last)
            if resume > start:
                arts = arts[:-1]
            else:
                resume = end
        out.extend(arts)
        start = resume
    return out


def _unstructured(lines: list[Line], page: str) -> Article:
    """A page with words but no paragraph: one article titled by its first line, holding all of it."""
    return Article(
        page=page,
        index=1,
        title=clean_headline(lines[0].text),
        paragraphs=[_join(lines)],
        start=lines[0].start,
        end=lines[-1].end,
    )


def _blocks(lines: list[Line], roles: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for ln, role in zip(lines, roles, strict=True):
        last = blocks[-1] if blocks else None
        if role == "head":
            if last and last.kind == "head":
                last.lines.append(ln)
            else:
                blocks.append(Block("head", [ln]))
        elif role in ("byline", "credit"):
            blocks.append(Block(role, [ln]))
        else:
            if last and last.kind == "para" and not last.lines[-1].terminal:
                last.lines.append(ln)
            else:
                blocks.append(Block("para", [ln]))
    return blocks


def _make_article(group: list[Block], page: str, index: int) -> Article:
    head_lines = [ln.text for b in group if b.kind == "head" for ln in b.lines]
    kicker, title, subtitle = headline_fields(head_lines) if head_lines else ("", "", "")
    bylines = [_one_space(b.lines[0].text) for b in group if b.kind == "byline"]
    credits = [_one_space(b.lines[0].text) for b in group if b.kind == "credit"]
    paragraphs = [p for p in (_join(b.lines) for b in group if b.kind == "para") if p]
    return Article(
        page=page,
        index=index,
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        byline=" ".join(bylines),
        credit=" ".join(credits),
        kind="photo" if any(is_photo_credit(c) for c in credits) else "news",
        paragraphs=paragraphs,
        start=min(b.start for b in group),
        end=max(b.end for b in group),
    )


def _join(lines: list[Line]) -> str:
    """Re-join a wrapped paragraph; clean_spaces drops the line breaks and stray spaces between CJK/digits."""
    return _cleaned(" ".join([ln.text for ln in lines]))


@lru_cache(maxsize=16384)
def _cleaned(text: str) -> str:
    """clean_spaces(text).strip(), memoised (a pure function of the paragraph's string)."""
    return clean_spaces(text).strip()


_SPACES_RE = re.compile(r"\s+")


def _one_space(s: str) -> str:
    return _SPACES_RE.sub(" ", s).strip()
