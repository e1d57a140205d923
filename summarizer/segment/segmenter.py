"""Page text -> articles: which lines are headlines, which are body, and where each article starts.

The page is the plain text a PDF extractor leaves: lines hard-wrapped to their column, blank lines
anywhere, headlines (kicker / title / subtitle) before or after their article, bylines at the start,
credits at the end. The segmenter decides with layout facts only, never with the seed's strings:

* a paragraph ends on sentence punctuation (。！？…) or a credit;
* widths are measured twice, in em (typeset pages) and in character cells (fixed-pitch extractor
  dumps); each page is judged by the measure under which its full lines agree, and where neither
  clearly wins a line counts as narrower or wider only when it is so in both;
* a body line fills its column, so a line right after a paragraph end that is clearly narrower or
  wider than the column of the lines that follow it is not body text: it is a headline.
  Where the column width changes (a new article), a smaller difference is enough. A line with no
  punctuation at all needs only to miss the column by more than the page's paragraph indent plus
  its raggedness (both measured on the page: 0 for a fixed-pitch wrap, ~1 em and 2 em for type);
* a line that runs on (ends in ，、：“ or leaves a quote or bracket open, or starts with the second
  half of a split "——") is body text;
* a line that is not recognisable by its width but sits above one that is (a title as wide as
  its column over a short subtitle) belongs to the same headline group;
* lines between the last paragraph end and a byline (or the page end) are headlines;
* the line right after a credit is a headline (a credit closes an article); there, and right before
  a byline, a short comma-free line ending in ？/！ is a headline too;
* whether headlines come before or after their article is decided per page from its edges: a page
  that ends on a headline has its headlines after the articles (the seed), one that starts on a
  headline has them before (also when both edges are headlines); with neither, after. A page whose
  last line is no headline starts with one when its first line is bare;
* on a page with headlines before, text from a byline to a photo credit ("… 摄") holds two
  articles (photo news has no byline): the last bare paragraph-first line is the photo's headline.

Known limits: page furniture at the edges (a "第3版 星期三" header, an "本版编辑" footer) reads as a
headline; a headline within about one character of its column width and not pinned by a byline,
credit or page edge reads as body text (so does a reader's eye); pages of one or two short
articles give little evidence of the paragraph indent, so a headline there must miss the column
by more (the 2 em convention is assumed).

Pure: no I/O. Offsets index the exact string given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.errors import InputError
from summarizer.schemas import Article
from summarizer.segment.columns import (
    DEFAULT_INDENT,
    HANGS,
    WIDTH_TOLERANCE,
    Col,
    col_of,
    column_width,
    gap,
    paragraph_indent,
    previous_column,
    raggedness,
)
from summarizer.segment.lines import (
    Line,
    classify,
    has_inner_punct,
    is_photo_credit,
    physical_lines,
    use_one_measure,
)
from summarizer.text import clean_spaces

# With sentence punctuation inside, only a much shorter line can still be a headline.
PUNCT_TOLERANCE = 6.0
# A line with no punctuation at all that is this much narrower than its column is no body line.
BARE_TOLERANCE = 0.5
# A body line may overhang its column by two closing marks ("。”"); a headline wider than that is not body.
WIDE_TOLERANCE = 2.5
SPREAD_FACTOR = 2.5
RAGGED_FACTOR = 3.0
MAX_HEADLINE_LINES = 4
_DASH_END = ("——", "—", "－－", "--")
_SPLIT_DASH = re.compile(r"^—(?!—)")  # the second half of a "——" the line break split: running text
_KICKER_END = (*_DASH_END, "：", ":")
_CONTINUES = ("，", "、", "“", "《", "（", "(", "‘", ",")
_RUNS_ON = (*_CONTINUES, "：", ":")
_CLOSES_START = ("”", "》", "）", ")", "’", "，", "、", "。")


@dataclass
class _Block:
    """A run of lines with one role: head (headline group), byline, para (paragraph) or credit."""

    kind: str
    lines: list[Line] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


def segment_page(text: str, page: str) -> list[Article]:
    """Split one page into articles in page order. Raises InputError if the page has no text at all."""
    if not any(ch.isalpha() for ch in text):
        raise InputError(f"{page}: no text to segment (only whitespace, digits or punctuation)")
    lines = classify(physical_lines(text))
    use_one_measure(lines)
    roles = _roles(lines)
    _head_the_page(lines, roles)
    _head_photo_news(lines, roles)
    blocks = _blocks(lines, roles)
    if not any(b.kind == "para" for b in blocks):
        return [_unstructured(lines, page)]
    groups = _articles(blocks)
    return [_make_article(g, page, i) for i, g in enumerate(groups, 1)]


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


# ----------------------------------------------------------------------------------------------
# Which body lines are headlines


def _roles(lines: list[Line]) -> list[str]:
    """One role per line: 'byline', 'credit', 'head' or 'body'."""
    _unmark_question_headlines(lines)
    roles = [ln.kind for ln in lines]
    ragged = RAGGED_FACTOR * raggedness(lines)
    margins = (paragraph_indent(lines) + BARE_TOLERANCE + ragged, 0.5 + ragged)
    n = len(lines)
    i = 0
    while i < n:
        if lines[i].kind != "body" or lines[i].after_byline or not _at_paragraph_start(lines, roles, i):
            i += 1
            continue
        # A run of non-terminal body lines starting at a paragraph boundary.
        e = i
        while (
            e < n
            and lines[e].kind == "body"
            and not lines[e].terminal
            and not (e > i and lines[e].after_byline)
        ):
            e += 1
        closed_by_text = e < n and lines[e].kind == "body" and not lines[e].after_byline
        if closed_by_text:
            _mark_leading_heads(lines, roles, i, e, margins)
        elif e > i:
            _mark_trailing_heads(lines, roles, i, e)
        i = max(e, i + 1)
    return roles


def _head_the_page(lines: list[Line], roles: list[str]) -> None:
    """A page whose last line is no headline prints its headlines before their articles (headlines
    after would put one at the page end), so its first article has one too: a bare first line (no
    punctuation, not a sentence end) is that headline even at full width."""
    if roles[-1] == "head" or roles[0] != "body":
        return
    first = lines[0]
    if not first.terminal and not first.after_byline and _is_bare(first.text) and len(lines) > 1:
        roles[0] = "head"


def _head_photo_news(lines: list[Line], roles: list[str]) -> None:
    """Photo news has a credit ("… 摄") and no byline. On a page with headlines before their articles,
    text between a byline and a photo credit with no headline in between holds two articles: the
    photo news' headline, as wide as its column, is the last bare line that starts a paragraph."""
    if "head" not in roles or roles[-1] == "head" or roles[0] != "head":
        return
    byline = -1
    for i, ln in enumerate(lines):
        if roles[i] == "head":
            byline = -1
        elif ln.kind == "byline":
            byline = i
        elif ln.kind == "credit" and byline >= 0 and is_photo_credit(ln.text):
            starts = [
                j
                for j in range(byline + 2, i)
                if roles[j] == "body"
                and lines[j - 1].kind == "body"
                and lines[j - 1].terminal
                and not lines[j].terminal
                and not lines[j].after_byline
                and _is_bare(lines[j].text)
                and not _opens_unclosed(lines[j].text)
            ]
            if starts:
                roles[starts[-1]] = "head"
            byline = -1


def _unmark_question_headlines(lines: list[Line]) -> None:
    """A headline may end in ？ or ！ ("…如何撬动百万善款？"). Only where an article edge pins it (right
    after a credit, right before a byline) is such a short, comma-free line taken as a headline."""
    for i, ln in enumerate(lines):
        if ln.kind != "body" or not ln.terminal or ln.after_byline or has_inner_punct(ln.text):
            continue
        if not ln.text.rstrip("”’」』\"')） ").endswith(("？", "！", "?", "!")) or ln.width > 40:
            continue
        after_credit = i > 0 and lines[i - 1].kind == "credit"
        before_byline = i + 1 < len(lines) and lines[i + 1].kind == "byline"
        after_end = i == 0 or lines[i - 1].kind != "body" or lines[i - 1].terminal
        if after_end and (after_credit or before_byline):
            ln.terminal = False


def _at_paragraph_start(lines: list[Line], roles: list[str], i: int) -> bool:
    if i == 0:
        return True
    prev = lines[i - 1]
    return prev.kind == "credit" or (prev.kind == "body" and prev.terminal)


def _opens_unclosed(text: str) -> bool:
    """A quote or bracket opened and not closed on the line: a sentence running on, not a headline."""
    return any(text.count(o) > text.count(c) for o, c in ("“”", "（）", "《》", "()"))


def _is_bare(text: str) -> bool:
    """No sentence punctuation at all and nothing that makes the line run on: headline-shaped."""
    return not has_inner_punct(text) and "、" not in text and not text.endswith(_RUNS_ON)


def _headline_like(
    c: Line,
    rest: list[Line],
    closer: Line | None,
    prev_col: Callable[[], Col | None] | None,
    margins: tuple[float, float] = (DEFAULT_INDENT + 3.0, 3.0),
) -> bool:
    """Is c (right after a paragraph end) a headline rather than the first line of a paragraph?"""
    if c.after_byline or c.text.endswith(_CONTINUES) or _opens_unclosed(c.text) or _SPLIT_DASH.match(c.text):
        return False  # "…刘博说：“拍摄" or "…，": the sentence runs on into the next line
    inner = has_inner_punct(c.text)
    dash = c.text.endswith(_DASH_END)
    col = column_width(rest, closer)
    if col is None:
        # Only the paragraph's last line follows: a body line cannot be much narrower than it.
        if closer is None:
            return dash
        return (not inner or dash) and gap(col_of(closer), c) > WIDTH_TOLERANCE
    d = gap(col, c)
    if d < -(WIDE_TOLERANCE + SPREAD_FACTOR * col.spread):
        return True  # wider than any body line of a column this regular
    if dash and abs(d) > WIDE_TOLERANCE + SPREAD_FACTOR * col.spread:
        return True  # "…——" ending a kicker; a body line ending on a dash fills its column
    if c.text.endswith(("：", ":")):
        return d > PUNCT_TOLERANCE  # a kicker ending in a colon is short; a body line saying "…说：" is not
    if inner:
        return d > PUNCT_TOLERANCE or d < -WIDTH_TOLERANCE
    narrower, wider = margins
    flush = gap(Col(*col.fill), c) if col.fill else d  # a hanging mark widens a line, not the column
    if _is_bare(c.text) and (flush >= narrower or (d <= -wider and not c.text.endswith(HANGS))):
        # Bare lines fill their column; only closing marks may hang past its edge.
        return True
    tol = WIDTH_TOLERANCE
    above = prev_col() if prev_col is not None else None
    if above is not None and abs(gap(above, col)) > WIDTH_TOLERANCE:
        tol = 1.5  # the column changes here: an article boundary, so a headline is expected
    return abs(d) > tol


def _mark_leading_heads(
    lines: list[Line], roles: list[str], s: int, e: int, margins: tuple[float, float]
) -> None:
    """Run s..e-1 is followed by a paragraph's last line: its first few lines may be headlines.

    A body line never ends a paragraph without sentence punctuation, so a line that is not
    recognisable by its own width but sits above one that is (a title as wide as its column over a
    short subtitle) belongs to the same headline group, unless its sentence runs on.
    """

    def prev_col() -> Col | None:
        return previous_column(lines, roles, s)

    after_credit = s > 0 and lines[s - 1].kind == "credit"
    last = -1
    for i in range(s, min(e, s + MAX_HEADLINE_LINES)):
        forced = after_credit and i == s
        # A column change only explains the first line: once a headline is found, the boundary is.
        rest = lines[i + 1 : e]
        if forced or _headline_like(lines[i], rest, lines[e], prev_col if i == s else None, margins):
            last = i
        elif last >= 0 or lines[i].text.endswith(_RUNS_ON) or _opens_unclosed(lines[i].text):
            break
        elif has_inner_punct(lines[i].text) and not lines[i].text.endswith(_DASH_END):
            break  # a kicker ending on a dash may carry a comma; a body line fits its column
    for i in range(s, last + 1):
        roles[i] = "head"


def _mark_trailing_heads(lines: list[Line], roles: list[str], s: int, e: int) -> None:
    """Run s..e-1 ends at a byline, a credit or the page end: its last lines are a headline group."""
    if e < len(lines) and lines[e].kind == "credit":
        return  # a caption without final punctuation, closed by its credit: body
    prev_col = previous_column(lines, roles, s)
    k = e
    while k > s and e - k < MAX_HEADLINE_LINES:
        ln = lines[k - 1]
        fits_column = prev_col is not None and abs(gap(prev_col, ln)) <= WIDTH_TOLERANCE
        if has_inner_punct(ln.text) and fits_column and not ln.text.endswith(_DASH_END):
            break
        if ln.text.endswith(_CONTINUES) and k == e:
            break
        k -= 1
    for i in range(k, e):
        roles[i] = "head"


# ----------------------------------------------------------------------------------------------
# Blocks and articles


def _blocks(lines: list[Line], roles: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    for ln, role in zip(lines, roles, strict=True):
        last = blocks[-1] if blocks else None
        if role == "head":
            if last and last.kind == "head":
                last.lines.append(ln)
            else:
                blocks.append(_Block("head", [ln]))
        elif role in ("byline", "credit"):
            blocks.append(_Block(role, [ln]))
        else:
            if last and last.kind == "para" and not last.lines[-1].terminal:
                last.lines.append(ln)
            else:
                blocks.append(_Block("para", [ln]))
    return blocks


def _headlines_after(blocks: list[_Block]) -> bool:
    """True when this page prints each headline after its article (decided from the page's edges)."""
    kinds = [b.kind for b in blocks]
    if not kinds or "head" not in kinds:
        return True
    starts = kinds[0] == "head"
    ends = kinds[-1] == "head"
    if ends and not starts:
        return True
    if starts and not ends:
        return False
    if starts and ends:
        return False
    # Neither edge is a headline: one piece is a titleless continuation either way; headlines usually
    # come after their article in this kind of page, so that is the default.
    return True


def _articles(blocks: list[_Block]) -> list[list[_Block]]:
    """Group blocks into articles: each group holds at most one headline block."""
    if not any(b.kind == "head" for b in blocks):
        return [blocks] if blocks else []
    after = _headlines_after(blocks)
    groups: list[list[_Block]] = []
    cur: list[_Block] = []
    for b in blocks:
        if after:
            cur.append(b)
            if b.kind == "head":
                groups.append(cur)
                cur = []
        else:
            if b.kind == "head" and cur:
                groups.append(cur)
                cur = []
            cur.append(b)
    if cur:
        if after and groups and not any(b.kind == "para" for b in cur):
            groups[-1].extend(cur)
        elif not after and groups and all(b.kind == "head" for b in cur):
            # A trailing headline with nothing under it: keep its text as the last article's tail.
            groups[-1].extend(_Block("para", [ln]) for b in cur for ln in b.lines)
        else:
            groups.append(cur)
    return _merge_orphans(groups)


def _merge_orphans(groups: list[list[_Block]]) -> list[list[_Block]]:
    """A group of only bylines/credits is no article: it joins its neighbour, so no text is dropped."""
    merged: list[list[_Block]] = []
    for g in groups:
        substantial = any(b.kind in ("para", "head") for b in g)
        if merged and (not substantial or not any(b.kind in ("para", "head") for b in merged[-1])):
            merged[-1].extend(g)
        else:
            merged.append(g)
    return merged


def _make_article(group: list[_Block], page: str, index: int) -> Article:
    head = next((b for b in group if b.kind == "head"), None)
    kicker, title, subtitle = _headline_fields([ln.text for ln in head.lines]) if head else ("", "", "")
    bylines = [_one_space(b.lines[0].text) for b in group if b.kind == "byline"]
    credits = [_one_space(b.lines[0].text) for b in group if b.kind == "credit"]
    paragraphs = [p for p in (_join(b.lines) for b in group if b.kind == "para") if p]
    credit = " ".join(credits)
    return Article(
        page=page,
        index=index,
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        byline=" ".join(bylines),
        credit=credit,
        kind="photo" if any(is_photo_credit(c) for c in credits) else "news",
        paragraphs=paragraphs,
        start=min(b.start for b in group),
        end=max(b.end for b in group),
    )


def _join(lines: list[Line]) -> str:
    """Re-join a wrapped paragraph; clean_spaces drops the line breaks and stray spaces between CJK/digits."""
    return clean_spaces(" ".join(ln.text for ln in lines)).strip()


def _one_space(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def clean_headline(s: str) -> str:
    """Letter-spaced headlines ("“ 工 BA”撬 动 百 万 善 款") lose their spaces; "上半 下半" keeps its one."""
    tokens = s.split()
    if len(tokens) <= 1:
        return clean_spaces(s).strip()
    short = sum(1 for t in tokens if len(t) <= 2)
    if short * 2 >= len(tokens):
        return clean_spaces(s).strip()
    return " ".join(clean_spaces(t) for t in tokens)


def _headline_fields(raw: list[str]) -> tuple[str, str, str]:
    """Kicker (引题), title and subtitle from a headline group's lines, top to bottom."""
    lines: list[str] = []
    for t in raw:
        if lines and (lines[-1].endswith(_CONTINUES) or t.startswith(_CLOSES_START)):
            lines[-1] = lines[-1] + t
        else:
            lines.append(t)
    kicker_n = 0
    while kicker_n < len(lines) - 1 and lines[kicker_n].endswith(_KICKER_END):
        kicker_n += 1
    if kicker_n == 0 and len(lines) >= 3:
        kicker_n = 1  # 引题 / 主题 / 副题
    kicker = " ".join(lines[:kicker_n])
    rest = lines[kicker_n:]
    title = rest[0] if rest else ""
    subtitle = " ".join(rest[1:])
    return clean_headline(kicker), clean_headline(title), clean_headline(subtitle)
