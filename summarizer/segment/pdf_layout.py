"""A PDF page's characters -> its articles: headlines, column runs, reading order, bylines.

Printed lines, gutters and page furniture come from pdf_lines. Layout facts used here (no strings
of any paper):

* the body size is the size most characters are set in; a line set clearly larger is a headline
  line, and a headline group is such lines stacked close together: the largest is the title, the
  smaller ones above it the kicker (引题), those below it the subtitle (副题);
* page furniture (paper name, 版次, date above; 本版编辑 below) is kept apart (pdf_lines);
* body lines stacked at one leading with overlapping x ranges form a column run; a run belongs to
  the headline nearest above it (with only pictures between); the runs right under a headline that
  stands over several columns are its columns, also where a short headline does not reach over
  them (those columns are empty beside the headline and their text starts level with its first);
* an article reads down each of its columns, columns left to right; a paragraph starts on an
  indented line or after a line that stops short of the column's right edge;
* bylines and credits are recognised as on text pages (summarizer.segment.lines), and photo news is
  the article whose credit is a photo credit (… 摄).

The page text this module rebuilds (SegmentedPage.text, what Article.start/end index): the header
lines, then each article in reading order — its kicker, title and subtitle lines, then its
paragraphs (byline and credit where printed), one per line — then the footer lines. A page with no
headline at all is read in column order and segmented as a text page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.errors import InputError
from summarizer.schemas import Article, PageMeta, SegmentedPage
from summarizer.segment.lines import Line, classify, is_photo_credit, physical_lines
from summarizer.segment.pdf import Box, PdfPage
from summarizer.segment.pdf_lines import (
    SAME_SIZE_RATIO,
    PLine,
    body_size,
    gutters,
    is_byline_line,
    is_headline_size,
    overlap,
    printed_lines,
    split_furniture,
    split_headlines,
    text_rows,
)
from summarizer.text import clean_spaces

# Lines of one headline group are at most this many ems (of the smaller size) apart vertically.
HEADLINE_GAP_EM = 1.2
# A line stacked under another may reach up into it by this share of the smaller size (tight leading).
STACK_EM = 0.2
# Consecutive lines of one column run are at most this many body ems apart (box to box).
RUN_GAP_EM = 1.3
# Two lines are in one column when they overlap by this share of the narrower one.
COLUMN_OVERLAP = 0.6
# A run's text starting within this many body ems of another's top starts level with it.
LEVEL_EM = 0.6
# Runs of adjacent columns are at most this many body ems apart horizontally (a gutter).
ADJACENT_EM = 4.0
# Hanging punctuation: a line may reach this many body ems past its column's edge.
HANG_EM = 2.0
# A line indented at least this many body ems from its column's left edge starts a paragraph; a
# line stopping this many ems short of the right edge ends one.
INDENT_EM = 1.0
SHORT_EM = 1.2
# Lines of one column start within this many body ems of each other (a paragraph indent, two ems).
INDENT_RANGE_EM = 2.5
# A line starting further in than any paragraph indent is set right or centred: a line of its own.
ALONE_EM = 3.0
# A line this many body ems in from both edges, about equally, is centred.
CENTRED_EM = 0.5
# A line starting this close (body ems) to its column's left edge is set flush left.
FLUSH_EM = 0.15
# A byline set by itself under the headline (a commentary's author): a mark or "文/" and a name.
_AUTHOR_RE = re.compile(r"^\s*(?:[□■◎●○◇◆▲△★☆]\s*|文\s*[/／]\s*|本报评论员\s*)[\u4e00-\u9fff·]{2,4}\s*$")
_ASCII_WORD = re.compile(r"[A-Za-z]")


@dataclass
class Group:
    """A headline group: kicker, title and subtitle lines, top to bottom."""

    lines: list[PLine]

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom


@dataclass
class Run:
    """Body lines stacked in one column at one leading."""

    lines: list[PLine]
    owner: int = -1  # index of the article (headline group) it belongs to; -1 until decided

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom


@dataclass
class _Piece:
    """One article as read: its headline group (None for text with no headline) and its runs."""

    group: Group | None
    runs: list[Run] = field(default_factory=list)

    def box(self) -> tuple[float, float, float, float]:
        boxes = [(r.x0, r.top, r.x1, r.bottom) for r in self.runs]
        if self.group is not None:
            boxes.append((self.group.x0, self.group.top, self.group.x1, self.group.bottom))
        return (
            round(min(b[0] for b in boxes), 1),
            round(min(b[1] for b in boxes), 1),
            round(max(b[2] for b in boxes), 1),
            round(max(b[3] for b in boxes), 1),
        )


# ------------------------------------------------------------------------------------------------
# Headline groups and column runs


def headline_groups(heads: list[PLine]) -> list[Group]:
    """Headline lines stacked close together with overlapping x ranges, as groups, top to bottom."""
    groups: list[Group] = []
    for ln in sorted(heads, key=lambda ln: (ln.top, ln.x0)):
        best = None
        best_key = (0.0, 0.0)
        for g in groups:
            last = g.lines[-1]
            gap = ln.top - last.bottom
            ov = overlap(ln.x0, ln.x1, last.x0, last.x1)
            stacked = -STACK_EM * min(ln.size, last.size) <= gap <= HEADLINE_GAP_EM * min(ln.size, last.size)
            # under the group's last line (not beside it), overlapping it (not touching its edge)
            if stacked and ov > COLUMN_OVERLAP * 0.5 * min(ln.width, last.width):
                key = (gap, -ov)
                if best is None or key < best_key:
                    best, best_key = g, key
        if best is not None:
            best.lines.append(ln)
        else:
            groups.append(Group([ln]))
    return groups


def column_runs(lines: list[PLine], body: float) -> list[Run]:
    """Body lines stacked at one leading, in one column (overlapping x ranges), as runs."""
    runs: list[Run] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        best: Run | None = None
        best_gap = 0.0
        for r in runs:
            last = r.lines[-1]
            gap = ln.top - last.bottom
            if gap < -0.3 * body or gap > RUN_GAP_EM * body:
                continue
            narrow = min(ln.width, r.x1 - r.x0) or 1.0
            ov = overlap(ln.x0, ln.x1, r.x0, r.x1)
            # one column: mostly overlapping, or flush with its left edge give or take an indent
            flush = ov > 0 and abs(ln.x0 - r.x0) <= INDENT_RANGE_EM * body
            if ov < COLUMN_OVERLAP * narrow and not flush:
                continue
            if best is None or gap < best_gap:
                best, best_gap = r, gap
        if best is not None:
            best.lines.append(ln)
        else:
            runs.append(Run([ln]))
    return runs


def _between(
    x0: float,
    x1: float,
    above: float,
    below: float,
    groups: list[Group],
    runs: list[Run],
    skip: tuple[object, ...],
) -> bool:
    """Is any text (a headline group or a run, other than those in `skip`) in the area x0..x1, above..below?"""
    for g in groups:
        if (
            all(g is not k for k in skip)
            and overlap(x0, x1, g.x0, g.x1) > 0
            and g.bottom > above
            and g.top < below
        ):
            return True
    for r in runs:
        if any(r is k for k in skip):
            continue
        for ln in r.lines:
            if overlap(x0, x1, ln.x0, ln.x1) > 0 and ln.bottom > above and ln.top < below:
                return True
    return False


def _above(run: Run, groups: list[Group], runs: list[Run]) -> Group | Run | None:
    """The text nearest above a run in its column: a headline group or another run."""
    best: Group | Run | None = None
    best_bottom = -1e9
    width = run.x1 - run.x0
    items: list[Group | Run] = [*groups, *runs]
    for item in items:
        if item is run or item.bottom > run.top + 0.5:
            continue
        ov = overlap(run.x0, run.x1, item.x0, item.x1)
        if ov <= 0.3 * min(width, item.x1 - item.x0):
            continue
        if item.bottom > best_bottom:
            best, best_bottom = item, item.bottom
    return best


def assign_runs(
    groups: list[Group], runs: list[Run], rules: list[Box], body: float, pictures: Sequence[Box] = ()
) -> None:
    """Give every run the headline group it belongs to (Run.owner), or -1 for text with no headline."""
    gid = {id(g): i for i, g in enumerate(groups)}
    # 1. A run right under a headline (nothing but pictures between) is that headline's.
    for r in runs:
        above = _above(r, groups, runs)
        if isinstance(above, Group) and not _ruled(r, above.bottom, rules):
            r.owner = gid[id(above)]
    # 2. A headline that does not reach over all its columns: an adjacent column empty beside the
    #    headline, whose text starts level with the headline's first run, is one of its columns.
    #    Claimed by two headlines, it goes to the one that stands over the block it would make as a
    #    headline does: centred over it or flush with its left edge.
    changed = True
    while changed:
        changed = False
        for r in runs:
            if r.owner != -1 or _under_picture(r, pictures, body):
                continue
            best, best_err = -1, 0.0
            for i, g in enumerate(groups):
                mine = [m for m in runs if m.owner == i]
                if not mine or abs(r.top - min(m.top for m in mine)) > LEVEL_EM * body:
                    continue
                if not any(_adjacent(r, m, body) for m in mine):
                    continue
                if _between(r.x0, r.x1, g.top - 0.5 * body, r.top - 0.1, groups, runs, (r, g)):
                    continue
                x0 = min(r.x0, *(m.x0 for m in mine))
                x1 = max(r.x1, *(m.x1 for m in mine))
                err = min(abs((g.x0 + g.x1) / 2 - (x0 + x1) / 2), abs(g.x0 - x0))
                if best < 0 or err < best_err:
                    best, best_err = i, err
            if best >= 0:
                r.owner = best
                changed = True
    # 3. Text between a picture and the headline right under it (a photo credit set under the
    #    picture, over the photo's title) is that headline's.
    for r in runs:
        if r.owner != -1:
            continue
        over = [
            p
            for p in pictures
            if 0 <= r.top - p.bottom <= RUN_GAP_EM * body and overlap(r.x0, r.x1, p.x0, p.x1) > 0
        ]
        for i, g in enumerate(groups):
            near = 0 <= g.top - r.bottom <= RUN_GAP_EM * body
            if near and any(overlap(g.x0, g.x1, p.x0, p.x1) > 0 for p in over):
                r.owner = i
                break
    # 4. The rest continue the text above them in their column (a picture between), in page order.
    for r in sorted(runs, key=lambda r: r.top):
        if r.owner != -1:
            continue
        above = _above(r, groups, runs)
        if isinstance(above, Run) and above.owner != -1 and not _ruled(r, above.bottom, rules):
            r.owner = above.owner


def _under_picture(r: Run, pictures: Sequence[Box], body: float) -> bool:
    return any(
        0 <= r.top - p.bottom <= RUN_GAP_EM * body and overlap(r.x0, r.x1, p.x0, p.x1) > 0 for p in pictures
    )


def _adjacent(a: Run, b: Run, body: float) -> bool:
    """Side by side, a gutter apart (a line may hang a closing mark or two into the gutter)."""
    gap = max(a.x0 - b.x1, b.x0 - a.x1)
    return -HANG_EM * body < gap <= ADJACENT_EM * body


def _ruled(run: Run, above: float, rules: list[Box]) -> bool:
    """A rule across the run's column between `above` and the run's top: an article boundary."""
    width = run.x1 - run.x0
    return any(
        r.height <= 3.0
        and above - 1.0 <= r.top <= run.top + 1.0
        and overlap(run.x0, run.x1, r.x0, r.x1) > 0.5 * width
        for r in rules
    )


# ------------------------------------------------------------------------------------------------
# Pieces -> articles


def _reading_order(runs: list[Run]) -> list[Run]:
    """Down each column, columns left to right (a column: runs whose x ranges overlap)."""
    columns: list[list[Run]] = []
    for r in sorted(runs, key=lambda r: r.x0):
        for col in columns:
            if any(overlap(r.x0, r.x1, c.x0, c.x1) > 0.3 * min(r.x1 - r.x0, c.x1 - c.x0) for c in col):
                col.append(r)
                break
        else:
            columns.append([r])
    return [r for col in columns for r in sorted(col, key=lambda r: r.top)]


def _join(a: str, b: str, spaced: bool = False) -> str:
    """Two pieces of one paragraph: CJK runs on without a space; Latin words, and a break where a
    space was printed (between two names), keep one."""
    if a and b and (spaced or (_ASCII_WORD.match(a[-1]) and _ASCII_WORD.match(b[0]))):
        return a + " " + b
    return a + b


def paragraphs(runs: list[Run], body: float) -> list[str]:
    """The runs' lines re-joined into paragraphs: a paragraph starts on an indented line or after a
    line that stops short of its column's right edge."""
    out: list[str] = []
    cur = ""
    prev: PLine | None = None
    prev_edges = (0.0, 0.0)
    for r in runs:
        # the column's edges: a run of one line (a credit set right) is measured against its column
        column = [o for o in runs if overlap(r.x0, r.x1, o.x0, o.x1) > 0.3 * min(r.x1 - r.x0, o.x1 - o.x0)]
        left, right = min(o.x0 for o in column), max(o.x1 for o in column)
        for k, ln in enumerate(r.lines):
            starts = not cur
            if not starts and ln.x0 - left >= INDENT_EM * body:
                starts = True
            if not starts and k > 0 and r.lines[k - 1].x1 < right - SHORT_EM * body:
                starts = True
            if not starts and prev is not None and _alone(prev, *prev_edges, body):
                starts = True  # after a line set right or centred, or a byline: it stands alone
            if starts and cur and prev is not None and _centred_pair(prev, ln, left, right, body):
                starts = False  # a centred line wrapped: its second line goes on with the first
            if starts and cur:
                out.append(cur)
                cur = ""
            cur = _join(cur, ln.text, prev is not None and (prev.space_after or ln.space_before))
            prev, prev_edges = ln, (left, right)
    if cur:
        out.append(cur)
    return out


def _alone(ln: PLine, left: float, right: float, body: float) -> bool:
    """A line that is a paragraph by itself: set right, or centred, or a whole byline."""
    lead, tail = ln.x0 - left, right - ln.x1
    if lead > ALONE_EM * body:
        return True
    if lead >= CENTRED_EM * body and tail >= CENTRED_EM * body and abs(lead - tail) <= CENTRED_EM * body:
        return True
    return is_byline_line(ln.text)


def _centred_pair(a: PLine, b: PLine, left: float, right: float, body: float) -> bool:
    """b continues a: both set centred (equal margins, neither flush left nor b merely indented),
    a no whole byline."""

    def centred(ln: PLine) -> bool:
        lead, tail = ln.x0 - left, right - ln.x1
        return lead > FLUSH_EM * body and abs(lead - tail) <= CENTRED_EM * body

    indent_only = b.x0 - left <= INDENT_RANGE_EM * body  # a paragraph's indented first line
    return centred(a) and centred(b) and not indent_only and not is_byline_line(a.text)


def headline_fields(group: Group) -> tuple[str, str, str]:
    """(kicker, title, subtitle): the largest lines are the title; smaller lines above it the kicker,
    below it the subtitle."""
    biggest = max(ln.size for ln in group.lines)
    is_title = [ln.size * SAME_SIZE_RATIO >= biggest for ln in group.lines]
    first = is_title.index(True)
    last = len(is_title) - 1 - is_title[::-1].index(True)

    def joined(lines: list[PLine]) -> str:
        text = ""
        for ln in lines:
            text = _join(text, ln.text)
        return _clean(text)

    return (
        joined(group.lines[:first]),
        joined(group.lines[first : last + 1]),
        joined(group.lines[last + 1 :]),
    )


def _clean(s: str) -> str:
    """A headline without the spaces letter-spacing and stray gaps leave."""
    return clean_spaces(s).strip()


@dataclass
class _Body:
    paragraphs: list[str]
    byline: str
    credit: str
    lines: list[str]  # what is printed, in order: the page text's lines for this body


def read_body(paras: list[str]) -> _Body:
    """Bylines and credits split off the paragraphs as on text pages (summarizer.segment.lines)."""
    text = "\n".join(paras)
    classified: list[Line] = classify(physical_lines(text))
    bylines: list[str] = []
    credits: list[str] = []
    body: list[str] = []
    printed: list[str] = []
    for i, ln in enumerate(classified):
        t = ln.text
        if ln.kind == "body" and not body and not bylines and i + 1 < len(classified) and _AUTHOR_RE.match(t):
            bylines.append(re.sub(r"\s+", " ", t).strip())
        elif ln.kind == "byline":
            bylines.append(re.sub(r"\s+", " ", t).strip())
        elif ln.kind == "credit":
            credits.append(re.sub(r"\s+", " ", t).strip())
        else:
            t = clean_spaces(t).strip()  # stray spaces between CJK characters, as on text pages
            body.append(t)
        printed.append(t)
    return _Body(body, " ".join(bylines), " ".join(credits), printed)


def _article_of(
    piece: _Piece, body: float, page_name: str, index: int, page_no: int
) -> tuple[Article, list[str], list[str]]:
    runs = _reading_order(piece.runs)
    read = read_body(paragraphs(runs, body))
    kicker, title, subtitle = headline_fields(piece.group) if piece.group else ("", "", "")
    head_lines = [t for t in (kicker, title, subtitle) if t]
    paras = read.paragraphs or ([title] if title else [])
    article = Article(
        page=page_name,
        index=index,
        title=title or (paras[0][:30] if paras else ""),
        kicker=kicker,
        subtitle=subtitle,
        byline=read.byline,
        credit=read.credit,
        kind="photo" if is_photo_credit(read.credit) and read.credit else "news",
        paragraphs=paras,
        pdf_page=page_no,
        bbox=piece.box(),
    )
    return article, head_lines, read.lines


def segment_pdf_page(page: PdfPage, name: str) -> SegmentedPage:
    """One PDF page -> its articles, furniture and rebuilt text (see the module docstring)."""
    chars = [c for c in page.chars]
    body = body_size(chars)
    lines = printed_lines(chars, body)
    lines = split_headlines(lines, body, gutters(lines, body))
    header, content, footer = split_furniture(lines, page, body)
    # a byline set large is still a byline, never part of a headline
    heads = [ln for ln in content if is_headline_size(ln.size, body) and not is_byline_line(ln.text)]
    rest = [ln for ln in content if not is_headline_size(ln.size, body) or is_byline_line(ln.text)]
    groups = headline_groups(heads)
    runs = column_runs(rest, body)
    meta = PageMeta(header=text_rows(header), footer=text_rows(footer))
    if not groups:
        return _as_text_page(runs, meta, name, page.number)
    assign_runs(groups, runs, page.rules, body, page.pictures)
    pieces = [_Piece(g) for g in groups]
    orphans: list[Run] = []
    for r in runs:
        (pieces[r.owner].runs if r.owner >= 0 else orphans).append(r)
    for col in _orphan_pieces(orphans):
        pieces.append(_Piece(None, col))
    pieces = [p for p in pieces if p.runs or p.group is not None]
    pieces.sort(key=lambda p: (round(p.box()[1] / body), p.box()[0]))
    out_lines: list[str] = list(meta.header)
    articles: list[Article] = []
    offset = sum(len(t) + 1 for t in out_lines)
    for piece in pieces:
        article, head_lines, body_lines = _article_of(piece, body, name, len(articles) + 1, page.number)
        block = head_lines + body_lines
        if not block:
            continue
        text = "\n".join(block)
        article.start, article.end = offset, offset + len(text)
        out_lines.append(text)
        offset += len(text) + 1
        articles.append(article)
    out_lines += meta.footer
    return SegmentedPage(name=name, text="\n".join(out_lines), articles=articles, meta=meta)


def _orphan_pieces(runs: list[Run]) -> list[list[Run]]:
    """Text with no headline above it: each run of it is read as an untitled piece of its own."""
    return [[r] for r in sorted(runs, key=lambda r: (r.top, r.x0))]


def _as_text_page(runs: list[Run], meta: PageMeta, name: str, number: int) -> SegmentedPage:
    """A page with no headline set larger than its body: its text in column order, segmented by the
    text-page rules (sizes say nothing here, line widths and punctuation still do)."""
    from summarizer.segment.segmenter import segment_page

    body_lines = [ln.text for r in _reading_order(runs) for ln in r.lines]
    text = "\n".join([*meta.header, *body_lines, *meta.footer])
    start = sum(len(t) + 1 for t in meta.header)
    body_text = "\n".join(body_lines)
    try:
        articles = segment_page(body_text, page=name) if body_lines else []
    except InputError:  # a page of digits and marks only (a chart's labels): no articles on it
        articles = []
    articles = [
        a.model_copy(update={"pdf_page": number, "start": a.start + start, "end": a.end + start})
        for a in articles
    ]
    return SegmentedPage(name=name, text=text, articles=articles, meta=meta)
