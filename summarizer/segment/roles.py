"""Which lines of a page are headlines: layout evidence only, line by line.

Facts used (each rule's docstring names its own):

* a paragraph ends on sentence punctuation (。！？…) or a credit;
* a body line fills its column, so a line right after a paragraph end that is clearly narrower or
  wider than the column of the lines that follow it is not body text: it is a headline. Where the
  column width changes (a new article), a smaller difference is enough. A line with no punctuation
  at all needs only to miss the column by more than the page's paragraph indent plus its
  raggedness (both measured on the page: 0 for a fixed-pitch wrap, ~1 em and 2 em for type);
* a line that runs on (ends in ，、：“ or leaves a quote or bracket open, or starts with the second
  half of a split "——", or ends inside a word that the next line finishes) is body text;
* a line that is not recognisable by its width but sits above one that is (a title as wide as its
  column over a short subtitle) belongs to the same headline group;
* lines between the last paragraph end and a byline (or the page end) are headlines, but for a
  line whose sentence runs on into the byline; a short first clause ending on a comma runs on into
  the headline line below it (a body line is broken only where it is full);
* the line right after a credit is a headline (a credit closes an article); there, and right before
  a byline, a short comma-free line ending in ？/！ is a headline too.

Pure: it only reads `Line`s and returns one role per line ('head', 'body', 'byline', 'credit').
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from summarizer.segment.columns import (
    HANGS,
    Col,
    col_of,
    column_width,
    gap,
    line_gap,
    median,
    next_column,
    paragraph_indent,
    previous_column,
    raggedness,
)
from summarizer.segment.lines import Line, has_inner_punct, width
from summarizer.segment.shapes import CLOSING_MARKS
from summarizer.segment.thresholds import (
    BARE_TOLERANCE,
    BOUNDARY_SHORT,
    CHANGED_COLUMN_TOLERANCE,
    COMMA_CLAUSE_SHARE,
    DEFAULT_INDENT,
    FIRST_LINE_MIN,
    INDENT_NOISE_FACTOR,
    INDENT_PRESENT,
    INDENTED_PAGE_MIN,
    INDENTED_PAGE_SHARE,
    LETTER_SPACED_MIN,
    LETTER_SPACED_SHARE,
    MAX_HEAD_RUN,
    MAX_HEADLINE_LINES,
    OVERHANG_TOLERANCE,
    PAGE_COLUMN_MIN_LINES,
    PAGE_COLUMN_SHARE,
    PUNCT_TOLERANCE,
    QUESTION_HEADLINE_MAX,
    RAGGED_FACTOR,
    SHORT_LINE_SLACK,
    SPREAD_FACTOR,
    SUBTITLE_PROBE_LINES,
    WIDE_TOLERANCE,
    WIDER_MIN,
    WIDTH_TOLERANCE,
)
from summarizer.segment.words import (
    ends_on_verb,
    ends_open,
    opens_on_clock,
    opens_on_date,
    opens_profile,
    tells_lead_time,
    word_across,
    word_at_break,
)

DASH_END = ("——", "—", "－－", "--")
_CJK_START = re.compile(r"[\u4e00-\u9fff]")
_SPLIT_DASH = re.compile(r"^—(?!—)")  # the second half of a "——" the line break split: running text
CONTINUES = ("，", "、", "“", "《", "（", "(", "‘", ",")
RUNS_ON = (*CONTINUES, "：", ":")
KICKERISH = (*DASH_END, "：", ":")
KICKER_DASH = ("——", "－－")


@dataclass(frozen=True)
class Margins:
    """How far a paragraph's first line may miss its column on this page and still be body text."""

    indent: float  # the page's paragraph indent (0 when the extractor dropped it)
    ragged: float  # the page's raggedness times RAGGED_FACTOR (0 for a fixed-pitch wrap)
    noise: float = 0.0  # the page's raggedness itself: how much consecutive full lines differ
    indents: bool = False  # the extractor kept paragraph indents on this page (as spaces)
    unindented: bool = False  # the page surely sets its paragraphs' first lines full width
    column: Col | None = None  # the one width the whole page is set in, if it is (page_column)

    @property
    def narrower(self) -> float:
        return self.indent + BARE_TOLERANCE + self.ragged

    @property
    def wider(self) -> float:
        return max(WIDER_MIN, 0.5 + self.ragged)


def line_roles(lines: list[Line]) -> list[str]:
    """One role per line: 'byline', 'credit', 'head' or 'body'."""
    questions = _question_candidates(lines)
    starts: list[int] = []
    roles = _roles(lines, starts)
    _dash_subtitles(lines, roles)
    _heads_over_dated_leads(lines, roles, starts)
    for k, i in questions:
        if roles[i] != "head" and _lead_opens_below(lines, i):
            for x in range(k, i + 1):
                roles[x] = "head"
        if roles[i] != "head":
            lines[i].terminal = True  # a sentence after all: it ends its paragraph
    return roles


def _heads_over_dated_leads(lines: list[Line], roles: list[str], starts: list[int]) -> None:
    """A line right after a paragraph's end, with no punctuation at all and ending a phrase (no
    word, number or open quote runs on into the next line, no word that never ends a phrase), is a
    headline whatever its width when it stands over a line that opens on a date ("…的“隐形伤”|4月
    25日至…": a news lead opens on its date, and no sentence runs a bare phrase into one without a
    mark), or when it sets two phrases apart with a space ("…63个助餐点 日均服务…": a headline's
    phrase gap; body text keeps its characters together, an extractor's stray spaces stand by
    numbers)."""
    # Where the extractor left stray spaces between Chinese characters in body text (in lines with
    # sentence punctuation), a space says nothing about a line.
    stray: list[bool] = []  # measured on the first line that needs it

    def gaps_mean_phrases() -> bool:
        if not stray:
            stray.append(
                any(
                    _phrase_gap(ln.text, strict=False) and has_inner_punct(ln.text)
                    for ln in lines
                    if ln.kind == "body"
                )
            )
        return not stray[0]

    for i in starts:  # the body lines that open a paragraph (see _roles)
        ln = lines[i]
        if i + 1 >= len(lines) or ln.terminal or roles[i] != "body":
            continue
        nxt = lines[i + 1]
        if nxt.kind != "body" or nxt.after_byline:
            continue
        dated = opens_on_date(nxt.text)
        if not dated and " " not in ln.text and "\u3000" not in ln.text:
            continue  # neither a dated lead below nor a gap between phrases
        if not _is_bare(ln.text) or _opens_unclosed(ln.text):
            continue
        if not (dated or (_phrase_gap(ln.text) and gaps_mean_phrases())):
            continue
        if ln.text[-1:].isdigit() or ends_open(ln.text) or ends_on_verb(ln.text):
            continue  # "…定于|5月1日…", "…时间为|3月…": the sentence runs on into the date
        if word_across(ln.text, nxt.text):
            continue
        roles[i] = "head"


_PHRASE_GAP = re.compile(r"(?<=[\u4e00-\u9fff”’》])[ \u3000]+(?=[\u4e00-\u9fff“‘《])")


def _phrase_gap(text: str, strict: bool = True) -> bool:
    """Two or three phrases of Chinese set apart by spaces, outside any quote, each of at least two
    characters ("一副春联 一路平安"), the spaces between Chinese characters (not by a number) and
    between words (a stray space falls inside one as often: "居 民"). With strict False: any such
    space outside a quote."""
    if " " not in text and "\u3000" not in text:
        return False
    gaps = list(_PHRASE_GAP.finditer(text))
    if not gaps or letter_spaced(text):
        return False
    for m in gaps:
        before = text[: m.start()]
        if before.count("“") > before.count("”") or before.count("《") > before.count("》"):
            return False  # inside a quote: a name's own spacing
    if not strict:
        return True
    if len(gaps) > 2:
        return False
    parts = _PHRASE_GAP.split(text)
    if not all(len(_CJK_CHARS.findall(p)) >= 2 for p in parts):
        return False
    return not any(word_across(a, b) or word_at_break(a, b) for a, b in zip(parts, parts[1:], strict=False))


_CJK_CHARS = re.compile(r"[\u4e00-\u9fff]")


def _lead_opens_below(lines: list[Line], i: int) -> bool:
    """The line below line i opens a news lead on its date or its time of day ("9月5日，…",
    "下午2点，…"), and line i (a short question or exclamation, see _question_candidates) with the
    lines above it of its group stand between a paragraph's end and that lead: a paragraph of one
    exclamation before a lead is no paragraph, it is a headline (the lead's, or the article's
    above when it is printed after its body)."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return (
        nxt is not None
        and nxt.kind == "body"
        and not nxt.after_byline
        and (opens_on_date(nxt.text) or opens_on_clock(nxt.text))
    )


def _roles(lines: list[Line], starts: list[int] | None = None) -> list[str]:
    """One role per line from layout (see the module docstring); `starts` gets the index of every
    body line that opens a paragraph (the start of each run judged)."""
    roles = [ln.kind for ln in lines]
    rag = raggedness(lines)
    indent = paragraph_indent(lines)
    keeps = _keeps_indents(lines)
    # Only with one measure settled (lines.use_one_measure) are widths sure enough to say so.
    measured = all(ln.width == ln.chars for ln in lines)
    margins = Margins(
        indent,
        RAGGED_FACTOR * rag,
        rag,
        keeps,
        measured and indent < INDENT_PRESENT and not keeps,
        _page_column(lines),
    )
    n = len(lines)
    i = 0
    while i < n:
        if lines[i].kind != "body" or lines[i].after_byline or not _at_paragraph_start(lines, i):
            i += 1
            continue
        # A run of non-terminal body lines starting at a paragraph boundary.
        if starts is not None:
            starts.append(i)
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
            _mark_trailing_heads(lines, roles, i, e, margins.column)
        i = max(e, i + 1)
    return roles


def _dash_subtitles(lines: list[Line], roles: list[str]) -> None:
    """The line right below a headline line is the first of a paragraph or more of the headline.
    It is the headline's subtitle when, with no sentence ending in it and nothing running on, it
    opens with "——" (a paragraph never opens on a dash), or the line below it opens on a date
    (a lead's opening: "…1380人|3月27日上午，…" is no sentence running on), or it is a statement
    of clauses over a lead whose first clause says when, or it is wider than the paragraph below.
    Never a line with a paragraph indent (only a paragraph's first line carries one), with a quote
    or bracket it leaves open (a headline closes what it opens; a wrapped sentence runs on), or one
    that opens on a reporter's lead formula (记者…从…获悉)."""
    for i in range(1, len(lines)):
        ln = lines[i]
        if not (
            roles[i] == "body"
            and roles[i - 1] == "head"
            and ln.kind == "body"
            and not ln.after_byline
            and not ln.terminal
            and "。" not in ln.text
            and not ln.text.endswith(RUNS_ON)
            and not ln.indented
            and not _opens_unclosed(ln.text)
            and not _REPORTER_LEAD.match(ln.text.replace(" ", ""))
        ):
            continue  # an indent marks a paragraph's first line, and a quote left open runs on into the next
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        dated = (
            nxt is not None
            and nxt.kind == "body"
            and opens_on_date(nxt.text)
            and not ends_open(ln.text)
            and not ln.text[-1:].isdigit()
            and not _YEAR_END.search(ln.text)  # "…将从2025年|1月1日起…": one date cut by the break
        )
        # A statement of clauses ("延长…，增配…，…") over a line whose first clause says when (a
        # lead's opening, "记者12月17日从…获悉", or a scene's time of day, "清晨7点半，…"): a lead
        # tells its time in its own first clause, so the line above, with a first clause of its own
        # that does not, is the subtitle.
        lead_below = (
            nxt is not None
            and nxt.kind == "body"
            and not nxt.after_byline
            and has_inner_punct(ln.text)
            and not (tells_lead_time(ln.text) or opens_on_clock(ln.text))
            and (tells_lead_time(nxt.text) or (opens_on_clock(nxt.text) and not _ENDS_ON_DAY.search(ln.text)))
            and not word_across(ln.text, nxt.text)
        )
        profile = opens_profile(ln.text) and not has_inner_punct(ln.text)  # "记<who>": a profile's subtitle
        if ln.text.startswith(KICKER_DASH) or dated or lead_below or profile or _wider_than_below(lines, i):
            roles[i] = "head"


# A reporter's lead formula ("记者12月17日从…获悉，", "记者从…了解到"): how a report opens, never a headline.
_REPORTER_LEAD = re.compile(
    r"^(?:近日，|日前，)?记者(?:\d{1,2}月\d{1,2}日|近日|日前)?从[^，。]{1,30}?(?:获悉|了解到|得知)"
)
# A line ending on a year ("…将从2025年"): the month and day on the line below finish its date.
_YEAR_END = re.compile(r"\d{4}\s*年\s*$")
# A line ending on a day ("…6月17日", "…17日"): a time of day on the line below is that day's.
_ENDS_ON_DAY = re.compile(r"\d\s*日\s*$")


def _wider_than_below(lines: list[Line], i: int) -> bool:
    """Line i (no punctuation inside, no stray spaces) is wider than every full line of the
    paragraph below it by more than OVERHANG_TOLERANCE: greedy wrapping never sets a body line
    wider than its column but by a hanging mark, so it is no line of that paragraph (a subtitle set
    on one line over a narrow column). The column is read on the full lines (neither ending a
    paragraph nor hanging a mark) of the next SUBTITLE_PROBE_LINES lines of text."""
    ln = lines[i]
    if has_inner_punct(ln.text) or " " in ln.text or ln.text.endswith(HANGS):
        return False
    full: list[float] = []
    for nxt in lines[i + 1 : i + 1 + SUBTITLE_PROBE_LINES]:
        if nxt.kind != "body" or nxt.after_byline:
            break
        if not nxt.terminal and " " not in nxt.text and not nxt.text.endswith(HANGS):
            full.append(nxt.width)
    return len(full) >= 2 and ln.width > max(full) + OVERHANG_TOLERANCE


def _after_short_end(lines: list[Line], i: int) -> bool:
    """Line i follows a paragraph's last line that is short (so the paragraph really ended there,
    rather than a sentence ending at a full line's end), a credit, a byline or the page start."""
    if i == 0 or lines[i - 1].kind in ("credit", "byline"):
        return True
    prev = lines[i - 1]
    if not prev.terminal:
        return False
    above = lines[i - 2] if i >= 2 else None
    if above is None or above.kind != "body" or above.terminal:
        return True  # a paragraph of one line
    return line_gap(above, prev) >= FIRST_LINE_MIN


def _keeps_indents(lines: list[Line]) -> bool:
    """Most paragraphs that surely start a new paragraph (after a short last line) are indented:
    the extractor kept the indents, so a line there without one is no paragraph's first line."""
    starts = [
        ln.indented
        for i, ln in enumerate(lines)
        if i
        and ln.kind == "body"
        and not ln.after_byline
        and lines[i - 1].kind == "body"
        and lines[i - 1].terminal  # (else _after_short_end is False: the paragraph runs on)
        and _after_short_end(lines, i)
    ]
    return len(starts) >= INDENTED_PAGE_MIN and sum(starts) >= INDENTED_PAGE_SHARE * len(starts)


def _question_candidates(lines: list[Line]) -> list[tuple[int, int]]:
    """A headline may end in ？ or ！ ("…这份补贴你申请了吗？"); news paragraphs almost never are one
    short question or exclamation of their own. Such a line (no full stop inside, not a quote, not a
    full column wide) that starts a paragraph, or ends a short one whose lines carry no full stop
    either (a kicker and a title over two lines), is left for the width tests to judge as a
    headline: it does not end a paragraph by itself. Returns those lines (each with the first line
    of its group)."""
    out: list[tuple[int, int]] = []
    for i, ln in enumerate(lines):
        if ln.kind != "body" or not ln.terminal or ln.after_byline or "。" in ln.text:
            continue
        if not ln.text.endswith(("？", "！", "?", "!")) or ln.width > QUESTION_HEADLINE_MAX:
            continue
        k = i
        while (
            k > 0
            and i - k < MAX_HEADLINE_LINES
            and lines[k - 1].kind == "body"
            and not lines[k - 1].terminal
            and not lines[k - 1].after_byline
            and "。" not in lines[k - 1].text
            and lines[k - 1].width <= QUESTION_HEADLINE_MAX
        ):
            k -= 1
        if _at_paragraph_start(lines, k):
            ln.terminal = False
            out.append((k, i))
    return out


def _at_paragraph_start(lines: list[Line], i: int) -> bool:
    """Line i may start a paragraph or a headline: it follows the page start, a sentence end, a
    credit (which closes an article) or a byline of its own line (which opens or closes one)."""
    if i == 0:
        return True
    prev = lines[i - 1]
    return (
        prev.kind == "credit"
        or (prev.kind == "byline" and not prev.lead)
        or (prev.kind == "body" and prev.terminal)
    )


def _at_boundary(lines: list[Line], i: int) -> bool:
    """Line i follows a credit or a byline of its own line: an article boundary is certain there."""
    return i > 0 and (
        lines[i - 1].kind == "credit" or (lines[i - 1].kind == "byline" and not lines[i - 1].lead)
    )


@lru_cache(maxsize=16384)
def _opens_unclosed(text: str) -> bool:
    """A quote or bracket opened and not closed on the line: a sentence running on, not a headline.
    Memoised (bounded): a pure function of the line's string."""
    return any(text.count(o) > text.count(c) for o, c in ("“”", "（）", "《》", "()"))


def _is_bare(text: str) -> bool:
    """No sentence punctuation at all and nothing that makes the line run on: headline-shaped."""
    return not has_inner_punct(text) and "、" not in text and not text.endswith(RUNS_ON)


def _headline_like(
    c: Line,
    rest: list[Line],
    closer: Line | None,
    prev_col: Callable[[], Col | None] | None,
    margins: Margins,
    boundary: bool = False,
    col: Col | None | bool = False,
    context: Col | None = None,
    confirmed: bool = False,
) -> bool:
    """Is c (right after a paragraph end) a headline rather than the first line of a paragraph?
    (`confirmed`: the paragraphs after confirm a column measured on one line.)"""
    if c.after_byline or c.text.endswith(CONTINUES) or _opens_unclosed(c.text) or _SPLIT_DASH.match(c.text):
        return False  # "…刘博说：“拍摄" or "…，": the sentence runs on into the next line
    if _ends_sentence_inside(c.text):
        return False  # a sentence ends inside the line: no headline does that
    if margins.indents and c.indented and not letter_spaced(c.text):
        return False  # the page keeps its paragraph indents: an indented line starts a paragraph
    nxt_line = rest[0] if rest else closer
    if nxt_line is not None and word_across(c.text, nxt_line.text):
        return False  # "…湘西土家|族…": a word runs on into the next line (stray spaces aside)
    if letter_spaced(c.text):
        return True  # letter-spaced: body text is never set so
    inner = has_inner_punct(c.text)
    if nxt_line is not None and c.text[-1:].isdigit() and _CJK_START.match(nxt_line.text):
        return False  # "…约10|万户。": a number runs on into its measure word on the next line
    if (
        c.text.endswith("—")
        and not c.text.endswith("——")
        and nxt_line is not None
        and nxt_line.text.startswith("—")
    ):
        return False  # a "——" the line break split: the sentence runs on
    dash = c.text.endswith(DASH_END)
    if col is False:
        col = column_width(rest, closer)
    assert col is None or isinstance(col, Col)
    nxt = rest[0] if rest else closer
    if col is not None and nxt is not None and _shortness_explained(c, nxt, col):
        return False
    if col is None and context is not None:
        col = context  # only the paragraph's last line follows: judge by the paragraphs after it
    if col is None:
        # Only the paragraph's last line follows: a body line cannot be much narrower than it (a
        # last line is at most as wide as its column; a line above it is a full or a first line).
        if closer is None:
            return dash
        return gap(col_of(closer), c) > (PUNCT_TOLERANCE if inner and not dash else WIDTH_TOLERANCE)
    if col.widest is not None and col.lines >= 2 and not c.text.endswith(HANGS):
        over = gap(Col(*col.widest), c)
        if over < -OVERHANG_TOLERANCE:
            return True  # wider than every line of its column that does not end on a hanging mark
    d = gap(col, c)
    if d < -(WIDE_TOLERANCE + SPREAD_FACTOR * col.spread):
        return True  # wider than any body line of a column this regular
    if dash and abs(d) > WIDE_TOLERANCE + SPREAD_FACTOR * col.spread:
        return True  # "…——" ending a kicker; a body line ending on a dash fills its column
    if c.text.endswith(("：", ":")):
        return d > PUNCT_TOLERANCE  # a kicker ending in a colon is short; a body line saying "…说：" is not
    if inner:
        return d > PUNCT_TOLERANCE or d < -WIDTH_TOLERANCE
    flush = gap(Col(*col.fill), c) if col.fill else d  # a hanging mark widens a line, not the column
    # One line is a weak measure of a column (it may be short for a wrapping reason, or hang).
    strong = col.lines >= 2 or confirmed
    narrower = margins.narrower if strong else max(margins.narrower, WIDTH_TOLERANCE)
    wider = margins.wider if strong else WIDTH_TOLERANCE
    if _is_bare(c.text) and (flush >= narrower or (d <= -wider and not c.text.endswith(HANGS))):
        # Bare lines fill their column; only closing marks may hang past its edge.
        return True
    above = prev_col() if prev_col is not None else None
    if boundary or (above is not None and abs(gap(above, col)) > WIDTH_TOLERANCE):
        # An article boundary (after a credit or byline, or where the column changes): a headline
        # is expected, so a smaller miss is enough; a first line may still be indented.
        return d > margins.indent + CHANGED_COLUMN_TOLERANCE or d < -CHANGED_COLUMN_TOLERANCE
    return abs(d) > WIDTH_TOLERANCE


_FIRST_UNIT = re.compile(r"^(?:[A-Za-z0-9.%+]+|[“‘《（(【「『].|.)")


def _shortness_explained(c: Line, nxt: Line, col: Col) -> bool:
    """Greedy wrapping leaves a body line short only when the next line's first unbreakable unit (a
    number or Latin word, or an opening mark with its character) would not have fitted on it: such
    a line is no narrower than its column in any way that counts."""
    m = _FIRST_UNIT.match(nxt.text)
    if not m or gap(col, c) <= 0:
        return False
    unit = m.group(0)
    em, cells = col.fill or (col.em, col.cells)  # the column's edge, without hanging marks
    return c.width + width(unit) >= em - SHORT_LINE_SLACK or c.chars + len(unit) >= cells - SHORT_LINE_SLACK


def _indented(
    c: Line,
    rest: list[Line],
    closer: Line,
    noise: float,
    col: Col | None,
    floor: float = FIRST_LINE_MIN,
    explain: bool = True,
) -> bool:
    """c is narrower than the column below it (col) by more than `noise` (from the page's
    raggedness), for no reason of wrapping: only a paragraph's first line is set so (its indent)."""
    if col is None or col.lines < 2 or c.text.endswith(CONTINUES) or c.after_byline:
        return False  # one line is too weak a measure to call another line short
    nxt = rest[0] if rest else closer
    d = gap(col, c)
    return d >= max(floor, noise) and not (explain and _shortness_explained(c, nxt, col))


_CJKQ = "\u4e00-\u9fff“”‘’《》（）"
_SPACED_PAIR = re.compile(rf"(?=[{_CJKQ}] [{_CJKQ}])")
_CJK_PAIR = re.compile(rf"(?=[{_CJKQ}][{_CJKQ}])")


def letter_spaced(text: str) -> bool:
    """A space between (nearly) every two Chinese characters: a headline set letter-spaced. Body
    text keeps its characters together (an extractor's stray spaces sit by numbers, or here and
    there)."""
    spaced = len(_SPACED_PAIR.findall(text))
    if spaced < LETTER_SPACED_MIN:
        return False
    together = len(_CJK_PAIR.findall(text))
    return spaced >= LETTER_SPACED_SHARE * (spaced + together)


def spacing_differs(a: str, b: str) -> bool:
    """One line is letter-spaced (a space between nearly every two Chinese characters, however
    short the line) and the other keeps its characters together: they are not set alike."""

    def share(text: str) -> float | None:
        spaced = len(_SPACED_PAIR.findall(text))
        total = spaced + len(_CJK_PAIR.findall(text))
        return spaced / total if total >= 2 else None

    x, y = share(a), share(b)
    if x is None or y is None:
        return False
    return (x >= LETTER_SPACED_SHARE and y <= 1 - LETTER_SPACED_SHARE) or (
        y >= LETTER_SPACED_SHARE and x <= 1 - LETTER_SPACED_SHARE
    )


def _ends_sentence_inside(text: str) -> bool:
    """A full stop inside the line, with more text after it: a sentence ends there."""
    return "。" in text.rstrip("。”’」』）)\"' ")


def _body_shaped(c: Line, col: Callable[[], Col | None], nxt: Line | None, margins: Margins) -> bool:
    """A line with sentence punctuation inside that fills its column (col(); as far as the page's
    raggedness and indents allow, or short only for a wrapping reason), or one in which a sentence
    ends, is body text; one wider than every line of its column is not (greedy wrapping sets no
    line wider than its column but by a hanging mark). The column is measured only when the text
    alone does not decide."""
    by_text = _body_shaped_by_text(c.text)
    if by_text is not None:
        return by_text
    return _body_shaped_in(c, col(), nxt, margins)


@lru_cache(maxsize=16384)
def _body_shaped_by_text(text: str) -> bool | None:
    """What _body_shaped says from the text alone, None when it takes the column (memoised: a pure
    function of the string, asked of every line of a run)."""
    if _ends_sentence_inside(text):
        return True
    if not has_inner_punct(text) or text.endswith(KICKERISH) or text.startswith(("——", "－－")):
        return False  # a dash before a line marks a subtitle
    return None


def _body_shaped_in(c: Line, col: Col | None, nxt: Line | None, margins: Margins) -> bool:
    """How a line its text alone does not decide fills its column (see _body_shaped)."""
    if col is None:
        return False
    if (
        col.widest is not None
        and col.lines >= 2
        and not c.indented
        and not c.text.endswith(HANGS)
        and " " not in c.text
        and gap(Col(*col.widest), c) < -(OVERHANG_TOLERANCE + SPREAD_FACTOR * col.spread)
    ):
        # Wider than every line of its column that does not end on a hanging mark, beyond the
        # column's own spread (a line with stray spaces in it is wider by them than it was set,
        # and a kept indent marks a paragraph's first line, so neither says anything here).
        return False
    d = gap(col, c)
    allow = max(FIRST_LINE_MIN, INDENT_NOISE_FACTOR * margins.noise)
    if c.indented or margins.indents or margins.indent >= INDENT_PRESENT:
        allow += max(margins.indent, DEFAULT_INDENT if c.indented else 0.0)
    if d > allow and nxt is not None and _shortness_explained(c, nxt, col):
        d = 0.0
    return -WIDTH_TOLERANCE <= d <= allow


def _mark_leading_heads(lines: list[Line], roles: list[str], s: int, e: int, margins: Margins) -> None:
    """Run s..e-1 is followed by a paragraph's last line (e): its first lines may be headlines.

    Lines from the first body-shaped one (sentence punctuation and the column's width, or a
    sentence ending inside) down belong to the paragraph. Above it, read upwards: lines that fill
    the column are the paragraph's too; the first line that misses it (and every line above it in
    the run: a body line never ends a paragraph without sentence punctuation) is a headline, and so
    is every line above an indented one (only a paragraph's first line is indented). A title as wide
    as its column above a short subtitle is found so too.
    """

    def prev_col() -> Col | None:
        return previous_column(lines, roles, s)

    cols: dict[int, Col | None] = {}
    after: list[Col | None] = []

    def context() -> Col | None:
        if not after:
            after.append(next_column(lines, roles, e + 1))
        return after[0]

    def col_at(i: int) -> Col | None:
        # column_width reads only the last six lines of the run: lines i+1.. from e-6 up share one.
        k = max(i + 1, e - 6)
        if k not in cols:
            cols[k] = column_width(lines[k:e], lines[e])
        return cols[k]

    limit = min(e, s + MAX_HEAD_RUN + 1)
    if _lead_after_byline(lines, s):
        return
    if margins.indents and not lines[s].indented and _after_short_end(lines, s):
        # The page keeps paragraph indents: lines down to the first indented one are no paragraph.
        first = next((i for i in range(s + 1, min(e + 1, limit + 1)) if lines[i].indented), None)
        if first is not None and not any(_ends_sentence_inside(lines[i].text) for i in range(s, first)):
            for i in range(s, first):
                roles[i] = "head"
            return
    top = next(
        (
            i
            for i in range(s, limit)
            if _body_shaped(lines[i], partial(col_at, i), lines[i + 1] if i + 1 <= e else None, margins)
        ),
        limit,
    )
    if top == s:
        return
    boundary = _at_boundary(lines, s)
    j = top - 1
    while j >= s:
        first = j == s
        col = col_at(j)
        if _headline_like(
            lines[j],
            lines[j + 1 : e],
            lines[e],
            prev_col if first else None,
            margins,
            boundary and first,
            col,
            confirmed=col is not None
            and col.lines < 2
            and (_confirmed(col, context()) or _confirmed(col, margins.column)),
        ):
            break
        # After an article boundary the line above is likely a headline: weaker evidence will do.
        near = boundary and j <= s + 1
        noise = margins.noise if near else INDENT_NOISE_FACTOR * margins.noise
        top_of_boundary = boundary and j == s
        floor = BOUNDARY_SHORT if top_of_boundary else FIRST_LINE_MIN
        # Right after a credit or closing byline, a short headline-shaped line is taken for a
        # headline even when a wrapping reason could explain it: it is the likelier of the two.
        explain = not (
            top_of_boundary and _is_bare(lines[j].text) and not word_across(lines[j].text, lines[j + 1].text)
        )
        beyond_indent = margins.unindented or (
            col is not None and gap(col, lines[j]) > margins.indent + max(FIRST_LINE_MIN, noise)
        )
        if (
            explain
            and j > s
            and beyond_indent
            and _is_bare(lines[j].text)
            and _indented(lines[j], lines[j + 1 : e], lines[e], noise, col, floor, explain=False)
            and _headline_like(lines[j - 1], lines[j:e], lines[e], None, margins, False, col_at(j - 1))
        ):
            break  # short below a headline line: its subtitle, even if a wrapping reason could explain it
        if lines[j].indented or _indented(lines[j], lines[j + 1 : e], lines[e], noise, col, floor, explain):
            if (
                margins.unindented
                and not lines[j].indented
                and col is not None
                and (col.lines >= 2 or _confirmed(col, context()) or _confirmed(col, margins.column))
                and (
                    not has_inner_punct(lines[j].text) or gap(col, lines[j]) > DEFAULT_INDENT + margins.noise
                )
            ):
                # Paragraphs are not indented on this page: a line short for no reason is no body
                # line (one with sentence punctuation inside only when it misses by more than an
                # indent would: a stray space dropped at its end shortens a body line a little).
                break
            if j > s:
                j -= 1  # only a paragraph's first line is indented: the lines above it are not this paragraph
                break
        j -= 1
    # A kicker ("…——") leads into its title: the headline-shaped line below it is the title, even
    # where it is short enough to pass for an indented first line.
    while s <= j < top - 1 and lines[j].text.endswith(KICKER_DASH) and _is_bare(lines[j + 1].text):
        j += 1
    if s <= j and j + 1 < e and _kicker_line(lines[j].text) and _title_after_kicker(lines[j + 1].text):
        j += 1  # "工会观察：" over "工资集体协商，关键在…": a kicker is never a group by itself
    # The last headline line cannot run on into the paragraph (…， or a quote left open, or a word
    # that never ends a phrase: "…田阳区的"); lines above it may run on into it (a title over two lines).
    while j >= s and (
        lines[j].text.endswith(CONTINUES) or _opens_unclosed(lines[j].text) or ends_open(lines[j].text)
    ):
        j -= 1
    for i in range(s, j + 1):
        roles[i] = "head"


def _kicker_line(text: str) -> bool:
    """A kicker: a phrase with no sentence punctuation inside that ends in "——" or "：" (it leads
    into the title below it)."""
    return text.endswith(KICKERISH) and not has_inner_punct(text) and not _opens_unclosed(text)


def _title_after_kicker(text: str) -> bool:
    """A line that can be the title below a kicker even with a comma inside ("…协商，关键在…"): no
    sentence ends in it and nothing runs on from it (no trailing ，、“, no quote left open, no word
    that never ends a phrase)."""
    return not (
        _ends_sentence_inside(text)
        or text.endswith(RUNS_ON)
        or _opens_unclosed(text)
        or ends_open(text)
        or text.endswith(KICKERISH)
    )


def _page_column(lines: list[Line]) -> Col | None:
    """The one width a page is set in: when at least PAGE_COLUMN_SHARE of its full body lines (a
    line that neither ends a sentence nor hangs a mark) are within a character of their median."""
    full = [
        ln
        for ln in lines
        if ln.kind == "body" and not ln.terminal and not ln.after_byline and not ln.text.endswith(HANGS)
    ]
    if len(full) < PAGE_COLUMN_MIN_LINES:
        return None
    ems, chars = [ln.width for ln in full], [ln.chars for ln in full]
    em, cells = median(ems), median(chars)
    near = sum(
        1 for w, c in zip(ems, chars, strict=True) if min(abs(w - em), abs(c - cells)) <= OVERHANG_TOLERANCE
    )
    return Col(em, cells, lines=len(full)) if near >= PAGE_COLUMN_SHARE * len(full) else None


def _lead_after_byline(lines: list[Line], s: int) -> bool:
    """Line s follows a byline of its own line that opens an article (no closing ■) and says when
    in its first clause, with sentence punctuation ("近日，广东江门…"): the lead's first line, not
    a headline (the headline stands above the byline or after the body)."""
    if s == 0:
        return False
    prev = lines[s - 1]
    return (
        prev.kind == "byline"
        and not prev.lead
        and not prev.text.startswith(CLOSING_MARKS)
        and has_inner_punct(lines[s].text)
        and tells_lead_time(lines[s].text)
    )


def _confirmed(col: Col, after: Col | None) -> bool:
    """A column measured on one line only is confirmed by the paragraphs after it, or by the page
    set in one width: within a character of their column."""
    return after is not None and after.lines >= 2 and abs(gap(after, col)) <= OVERHANG_TOLERANCE


def _mark_trailing_heads(
    lines: list[Line], roles: list[str], s: int, e: int, column: Col | None = None
) -> None:
    """Run s..e-1 ends at a byline, a credit or the page end: its lines are headlines (a paragraph
    ends on sentence punctuation, so lines that do not reach one are no paragraph), but for a line
    whose sentence runs on (…，) into the byline's text. A short first clause over a headline line
    ("零下5℃，" over "…"; _short_clause) runs on into that headline line, not into the byline."""
    if e < len(lines) and lines[e].kind == "credit":
        return  # a caption without final punctuation, closed by its credit: body
    k = e
    while k > s and e - k < MAX_HEAD_RUN:
        ln = lines[k - 1]
        if ln.text.endswith(CONTINUES):
            # the page's one column, else the column of the paragraph above the run
            if not (k < e and _short_clause(ln, column or previous_column(lines, roles, s))):
                break
        k -= 1
    for i in range(k, e):
        roles[i] = "head"


def _short_clause(ln: Line, column: Col | None) -> bool:
    """A line that ends on a comma with no other mark in it and is at most COMMA_CLAUSE_SHARE of
    the column wide (the page's, or the paragraph's above): greedy wrapping breaks a body line only where it is full, so a line cut
    short after a comma is a headline's first clause set on a line of its own."""
    if column is None or not ln.text.endswith(("，", ",")) or has_inner_punct(ln.text):
        return False
    return ln.width <= COMMA_CLAUSE_SHARE * column.em and ln.chars <= COMMA_CLAUSE_SHARE * column.cells
