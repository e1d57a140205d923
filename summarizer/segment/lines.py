"""Line-level reading of a page for the segmenter: physical lines, their printed width, bylines, credits.

A PDF text extractor gives us lines, not paragraphs. What survives of the layout is each line's
width (a body line fills its column, a headline does not match it), its last character (a
paragraph ends on sentence punctuation) and the trade's fixed formulas for bylines and credits
(summarizer.segment.shapes). This module turns raw text into `Line`s carrying those facts;
the segmenter decides what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from summarizer.segment.shapes import (
    CREDIT_LINE_RE,
    CREDIT_START_RE,
    CREDIT_SUFFIX_RE,
    is_photo_credit,
    lead_byline,
    own_line_byline,
)
from summarizer.segment.thresholds import (
    LEAD_BYLINE_LINES,
    LEAD_BYLINE_PROBE,
    MEASURE_MARGIN,
    MEASURE_SHARE,
    OWN_BYLINE_MAX,
    WIDTH_TOLERANCE,
)

# A paragraph ends on one of these, possibly followed by closing quotes/brackets.
_SENTENCE_END = "。！？!?…"
_TRAILING_CLOSERS = " \t\u3000”’」』\"')）"
# Sentence punctuation inside a line: headlines almost never carry it, body text usually does.
INNER_PUNCT = "，。；！？,;!?"

_CLOSERS = "”’」』）)》。，、；：！？!?,.;:…"
_ONLY_CLOSERS_RE = re.compile(rf"^[{re.escape(_CLOSERS)}\s]+$")
_CLOSER_SET = frozenset(_CLOSERS)  # a line _ONLY_CLOSERS_RE matches starts with one (it is stripped)
_CONTENT_RE = re.compile(r"[^\r\n]+")
_NARROW_RE = re.compile(r"[\x00-\u1fff]")

__all__ = ["Line", "classify", "has_inner_punct", "is_photo_credit", "physical_lines", "use_one_measure"]


@dataclass(slots=True)
class Line:
    """One non-blank physical line (or part of one) with what the segmenter needs to know about it."""

    text: str  # stripped content (a byline or credit cut over two lines: both parts, joined)
    start: int  # offsets of the content in the page
    end: int
    width: float  # printed width in em: CJK 1, Latin/digits/spaces 1/2
    chars: float = 0.0  # width in character cells (see cell_width): how fixed-pitch extractors wrap
    kind: str = "body"  # body | byline | credit
    terminal: bool = False  # ends a sentence (so may end a paragraph)
    after_byline: bool = False  # rest of a byline line: always body, never a headline
    blank_before: bool = False
    lead: bool = False  # a byline that opened its paragraph (本报讯 …), not one on its own line
    indented: bool = (
        False  # the extractor kept a paragraph indent before it (an ideographic space, 2+ spaces)
    )


@lru_cache(maxsize=65536)
def width(s: str) -> float:
    """Printed width in em: CJK characters and full-width punctuation 1, everything narrower 1/2.
    Memoised (bounded): every line and its pieces are measured, often more than once."""
    return len(s) - 0.5 * len(_NARROW_RE.findall(s))


def cell_width(s: str) -> float:
    """Width in character cells, the way fixed-pitch extractors wrap: every character one cell."""
    return float(len(s))


@lru_cache(maxsize=65536)
def is_terminal(s: str) -> bool:
    """The line ends a sentence: on 。！？ (closing quotes aside), or on a parenthetical note right
    after one ("…发展。（完）", "…发展。（某某）"), which closes its paragraph."""
    tail = s.rstrip(_TRAILING_CLOSERS)
    return (bool(tail) and tail[-1] in _SENTENCE_END) or _NOTE_AFTER_END.search(s) is not None


_NOTE_AFTER_END = re.compile(r"[。！？][”’」』]*\s*[（(][^（）()]{1,30}[）)]\s*$")
_INNER_SET = frozenset(INNER_PUNCT)


@lru_cache(maxsize=65536)
def has_inner_punct(s: str) -> bool:
    """Sentence punctuation anywhere but at the very end (a headline's dash or quote does not count).
    Memoised (bounded): asked of most lines by several stages."""
    return not _INNER_SET.isdisjoint(s.rstrip()[:-1])


def physical_lines(page: str) -> list[Line]:
    """Non-blank lines with offsets into `page` (any of \\n, \\r\\n, \\r ends a line)."""
    out: list[Line] = []
    append = out.append
    prev_end = 0
    for m in _CONTENT_RE.finditer(page):
        raw = m.group()
        text = raw.strip()
        if not text:
            continue
        begin, end = m.span()
        blank = False
        if begin - prev_end >= 2:  # one character between two lines is one line break
            # Two line breaks or more in the gap page[prev_end:begin] (counted in place; a gap
            # that opens with two newlines, the usual blank line, needs no count).
            count = page.count
            blank = page.startswith("\n\n", prev_end) or (
                count("\n", prev_end, begin) + count("\r", prev_end, begin) - count("\r\n", prev_end, begin)
                > 1
            )
        prev_end = end
        # Width counts leading indentation (it takes column space) but not the line break.
        w = width(text)
        indented = False
        lead = 0
        if raw[0] != text[0]:  # leading whitespace
            lead = len(raw) - len(raw.lstrip())
            indent = raw[:lead]
            w += width(indent)
            indented = "\u3000" in indent or len(indent.replace("\t", "  ")) >= 2
        start = begin + lead
        # Positional: Line(text, start, end, width, chars, kind, terminal, after_byline, blank_before,
        # lead, indented); keywords cost a tenth of this loop.
        append(
            Line(
                text,
                start,
                start + len(text),
                w,
                cell_width(raw.rstrip()),
                "body",
                is_terminal(text),
                False,
                blank,
                False,
                indented,
            )
        )
    return out


def _sub(line: Line, a: int, b: int, **kw: object) -> Line:
    """The part line.text[a:b] as its own Line (offsets adjusted, whitespace trimmed)."""
    piece = line.text[a:b]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    start = line.start + a + lead
    fields = {"text": text, "start": start, "end": start + len(text), "terminal": is_terminal(text)}
    fields.update(kw)
    return replace(line, **fields)  # type: ignore[arg-type]


def _lead_byline(lines: list[Line], i: int) -> tuple[Line, Line | None, int] | None:
    """A lead byline opening line i, maybe running over the next lines (a narrow column breaks
    "新华社北京3月1日电（记者 某|某）" anywhere): (the byline, the rest of its last line, lines used)."""
    texts = [ln.text for ln in lines[i : i + LEAD_BYLINE_LINES]]
    n = lead_byline("".join(texts))
    spaced = _spaced_lead_byline(texts)
    if spaced is not None and spaced[0] > n:
        found = _byline_over(lines, i, texts, *spaced)
        if found is not None:
            return found
    if not n:
        return None
    return _byline_over(lines, i, texts, n, "".join(texts)[:n].strip())


def _byline_over(
    lines: list[Line], i: int, texts: list[str], n: int, text: str
) -> tuple[Line, Line | None, int] | None:
    """The lead byline of the first n characters of lines i.. (text: as it reads), when the column
    broke it there (see _wrapped_on): (the byline, the rest of its last line, lines used)."""
    used = 0
    offset = 0
    while offset + len(texts[used]) < n:
        offset += len(texts[used])
        used += 1
    for k in range(i + 1, i + used + 1):
        if not _wrapped_on(lines[k - 1], lines[k], lines[k : i + LEAD_BYLINE_LINES]):
            return None
    last = lines[i + used]
    cut = n - offset  # where the byline ends in the last line it uses
    byline = replace(lines[i], text=text, end=last.start + cut, kind="byline", terminal=False, lead=True)
    rest = None
    if last.text[cut:].strip():
        # The rest keeps the full line's width: it shares the column with the byline.
        rest = _sub(last, cut, len(last.text), after_byline=True, blank_before=False)
    return byline, rest, used + 1


def _spaced_lead_byline(texts: list[str]) -> tuple[int, str] | None:
    """The lead byline read with a space at each line break: an extractor drops the space a break
    fell on ("…通讯员林嘉怡 |黄振宇报道" reads "林嘉怡黄振宇" without it). (Its length in the
    lines joined without spaces, its text with them), or None."""
    if len(texts) < 2:
        return None
    spaced = " ".join(texts)
    m = lead_byline(spaced)
    if not m:
        return None
    pos = added = 0
    for t in texts[:-1]:
        pos += len(t)
        if pos + added >= m:
            break
        added += 1  # a space this reading put in before the byline's end
    return m - added, spaced[:m].strip()


def _may_open_byline(lines: list[Line], i: int) -> bool:
    """A cheap look before the byline formulas: a lead byline's 讯 or 电 comes within its first characters."""
    probe = lines[i].text[:LEAD_BYLINE_PROBE]
    k = i + 1
    while len(probe) < LEAD_BYLINE_PROBE and k < len(lines) and k - i < LEAD_BYLINE_LINES:
        probe += lines[k].text[: LEAD_BYLINE_PROBE - len(probe)]
        k += 1
    return "讯" in probe or "电" in probe


def _may_close_credit(text: str) -> bool:
    """A cheap look before the credit formulas: the rest of a cut credit is short and ends it."""
    return len(text) <= OWN_BYLINE_MAX and (text.endswith(("）", ")")) or "摄" in text)


def _wrapped_on(line: Line, nxt: Line, after: list[Line]) -> bool:
    """A byline runs on from `line` into `nxt` only when the column broke it: `line` is full (no
    narrower than the line below it) and no byline opens at `nxt` by itself (`after`: nxt and the
    lines after it; a headline above a byline is no part of it)."""
    if lead_byline("".join(ln.text for ln in after)):
        return False
    if _bracket_open(line.text) and _closes_early(nxt.text):
        return True  # "…电（记者某 通讯员某|某某）…": the bracket it opened is closed on the next line
    return line.width >= nxt.width - WIDTH_TOLERANCE and line.chars >= nxt.chars - WIDTH_TOLERANCE


def _bracket_open(text: str) -> bool:
    """The line opens a bracket it does not close."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _closes_early(text: str) -> bool:
    """The line closes a bracket within a byline's reach (the rest of a byline's names, not a
    paragraph's later aside): a PDF reader may join the byline's last line to the paragraph after it."""
    close = min((i for i in (text.find("）"), text.find(")")) if i >= 0), default=-1)
    return 0 <= close < OWN_BYLINE_MAX and text[:close].count("（") + text[:close].count("(") == 0


def _wrapped_credit(line: Line, nxt: Line | None) -> tuple[Line | None, Line] | None:
    """A credit the line break cut ("…活动。（王某平 王" + "某民）"): (the body before it, the credit)."""
    if nxt is None:
        return None
    m = CREDIT_START_RE.search(line.text)
    if not m:
        return None
    frag = m.group("start").strip()
    for joiner in ("", " "):
        credit = f"{frag}{joiner}{nxt.text}"
        if CREDIT_LINE_RE.match(credit):
            body = _sub(line, 0, m.start("start")) if line.text[: m.start("start")].strip() else None
            piece = replace(
                line,
                text=credit,
                start=line.start
                + m.start("start")
                + (len(m.group("start")) - len(m.group("start").lstrip())),
                end=nxt.end,
                kind="credit",
                terminal=True,
                blank_before=False,
            )
            return body, piece
    return None


def classify(lines: list[Line]) -> list[Line]:
    """Split bylines off the start and credits off the end of lines; mark what each part is."""
    out: list[Line] = []
    i = 0
    n = len(lines)
    # Whether 讯 or 电 is in any of lines j .. j+LEAD_BYLINE_LINES-1: where neither is, no lead
    # byline can open at line j, and _may_open_byline need not build its probe.
    near = [False] * n
    nearest = n + LEAD_BYLINE_LINES  # the first line from j on with 讯 or 电
    for j in range(n - 1, -1, -1):
        if "讯" in lines[j].text or "电" in lines[j].text:
            nearest = j
        near[j] = nearest - j < LEAD_BYLINE_LINES
    while i < n:
        line = lines[i]
        text = line.text
        nxt = lines[i + 1] if i + 1 < n else None
        i += 1
        if text[0] in _CLOSER_SET and out and out[-1].kind == "body" and _ONLY_CLOSERS_RE.match(text):
            # A closing quote or full stop wrapped onto its own line belongs to the line above.
            prev = out[-1]
            joined = prev.text + text
            out[-1] = replace(prev, text=joined, end=line.end, terminal=is_terminal(joined))
            continue
        if len(text) <= OWN_BYLINE_MAX and own_line_byline(text):
            out.append(replace(line, kind="byline", terminal=False))
            continue
        lead = _lead_byline(lines, i - 1) if near[i - 1] and _may_open_byline(lines, i - 1) else None
        if lead is not None:
            byline, rest, used = lead
            out.append(byline)
            if rest is not None:
                out.append(rest)
            i += used - 1
            continue
        tail_credit = text.endswith(("）", ")")) or "摄" in text
        if (
            tail_credit
            and CREDIT_LINE_RE.match(text)
            and (not out or out[-1].kind != "body" or out[-1].terminal or is_photo_credit(text))
        ):
            out.append(replace(line, kind="credit", terminal=True))
            continue
        wrapped = _wrapped_credit(line, nxt) if nxt is not None and _may_close_credit(nxt.text) else None
        if wrapped is not None:
            body, credit = wrapped
            if body is not None:
                out.append(replace(body, width=line.width, chars=line.chars))
            out.append(credit)
            i += 1
            continue
        m = CREDIT_SUFFIX_RE.search(text) if tail_credit else None
        if m and m.start("credit") > 0:
            out.append(_sub(line, 0, m.start("credit"), width=line.width, chars=line.chars))
            out.append(
                _sub(line, m.start("credit"), len(text), kind="credit", terminal=True, blank_before=False)
            )
            continue
        out.append(line)
    return out


def _clearly_more(a: int, b: int) -> bool:
    """A vote won by a margin, not by a pair or two of lines."""
    return a >= b + MEASURE_MARGIN and a > MEASURE_SHARE * b


def use_one_measure(lines: list[Line]) -> None:
    """Decide once per page how its lines were wrapped, by printed width (type) or by character count
    (a fixed-pitch extractor), and make both measures of every line that one.

    The right measure is the one under which consecutive full body lines agree: digits and spaces
    make the other one ragged. Without a clear winner (few lines, no digits) both are kept.
    """
    em_same = cells_same = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if (
            a.kind != "body"
            or b.kind != "body"
            or a.terminal
            or b.terminal
            or a.after_byline
            or b.after_byline
        ):
            continue
        em_same += abs(a.width - b.width) <= 0.5
        cells_same += abs(a.chars - b.chars) <= 0.5
    if _clearly_more(cells_same, em_same):
        for ln in lines:
            ln.width = ln.chars
    elif _clearly_more(em_same, cells_same):
        for ln in lines:
            ln.chars = ln.width
