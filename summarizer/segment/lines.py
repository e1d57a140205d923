"""Line-level reading of a page for the segmenter: physical lines, their printed width, bylines, credits.

A PDF text extractor gives us lines, not paragraphs. What survives of the layout is each line's
width (a body line fills its column, a headline does not match it), its last character (a
paragraph ends on sentence punctuation) and a few fixed formulas (本报讯/本报记者 bylines,
（姓名） and "姓名 摄" credits). This module turns raw text into `Line`s carrying those facts;
segment.py decides what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# A paragraph ends on one of these, possibly followed by closing quotes/brackets.
_SENTENCE_END = "。！？!?…"
_TRAILING_CLOSERS = " \t\u3000”’」』\"')）"
# Sentence punctuation inside a line: headlines almost never carry it, body text usually does.
INNER_PUNCT = "，。；！？,;!?"

_NAME = r"[\u4e00-\u9fff·]{2,4}"
_ROLE = r"(?:本报|新华社|人民日报)?(?:特约|实习)?(?:摄影)?(?:记者|通讯员)"

# "本报讯 （记者黄榆）", "本报北京11月28日电 （记者 张三）", "新华社北京11月28日电（记者 李四）"
_BYLINE_PREFIX_RE = re.compile(
    r"^\s*(?:本\s*报\s*讯|(?:本报|新华社)[\u4e00-\u9fff]{0,6}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电)\s*"
    r"(?:[（(][^（()）\n]{1,40}[）)])?"
)
# A byline on its own line: "本报记者 叶小钟 本报通讯员 许接英 张霞"
_BYLINE_LINE_RE = re.compile(rf"^\s*(?:{_ROLE}\s*{_NAME}(?:[\s、]+{_NAME})*\s*)+$")
# "（刘珊 游训利）" on its own line or right after the last sentence of a paragraph.
_PAREN_CREDIT = rf"[（(]\s*(?:{_ROLE}\s*)?{_NAME}(?:[\s、]+{_NAME}){{0,4}}\s*[）)]"
# "本报通讯员 王炳真 摄": a photo credit.
_PHOTO_CREDIT = rf"(?:{_ROLE}\s*{_NAME}(?:[\s、]+{_NAME}){{0,3}}\s*|{_NAME}(?:\s+{_NAME}){{0,2}}\s+)摄"
# A byline whose bracket the line break cut: "本报讯 （记者吴铎思 通讯员马" + "安妮）…"
_BYLINE_OPEN_RE = re.compile(
    r"^\s*(?:本\s*报\s*讯|(?:本报|新华社)[\u4e00-\u9fff]{0,6}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电)\s*"
    r"[（(][^（()）\n]{0,40}$"
)
_CLOSE_SOON_RE = re.compile(r"^[^（()）\n]{0,20}[）)]")
_CREDIT_LINE_RE = re.compile(rf"^\s*(?P<credit>{_PAREN_CREDIT}|{_PHOTO_CREDIT})\s*$")
_CREDIT_SUFFIX_RE = re.compile(
    rf"(?<=[。！？!?…”’」』）)])\s*(?P<credit>{_PAREN_CREDIT}|{_PHOTO_CREDIT})\s*$"
)
_PHOTO_RE = re.compile(r"摄\s*$")
_ONLY_CLOSERS_RE = re.compile(r"^[”’」』）)》。，、；：！？!?,.;:…\s]+$")
_CONTENT_RE = re.compile(r"[^\r\n]+")
_NARROW_RE = re.compile(r"[\x00-\u1fff]")


@dataclass(slots=True)
class Line:
    """One non-blank physical line (or part of one) with what the segmenter needs to know about it."""

    text: str  # stripped content
    start: int  # offsets of `text` in the page
    end: int
    width: float  # printed width in em: CJK 1, Latin/digits/spaces 1/2
    chars: float = 0.0  # width in character cells (see cell_width): how fixed-pitch extractors wrap
    kind: str = "body"  # body | byline | credit
    terminal: bool = False  # ends a sentence (so may end a paragraph)
    after_byline: bool = False  # rest of a byline line: always body, never a headline
    blank_before: bool = False
    join_at: int = -1  # text index where a second physical line was joined on (a wrapped byline)
    join_skip: int = 0  # page characters (the line break) skipped there


def width(s: str) -> float:
    """Printed width in em: CJK characters and full-width punctuation 1, everything narrower 1/2."""
    return len(s) - 0.5 * len(_NARROW_RE.findall(s))


def cell_width(s: str) -> float:
    """Width in character cells, the way fixed-pitch extractors wrap: every character one cell."""
    return float(len(s))


def is_terminal(s: str) -> bool:
    tail = s.rstrip(_TRAILING_CLOSERS)
    return bool(tail) and tail[-1] in _SENTENCE_END


def has_inner_punct(s: str) -> bool:
    """Sentence punctuation anywhere but at the very end (a headline's dash or quote does not count)."""
    body = s.rstrip()[:-1]
    return any(ch in INNER_PUNCT for ch in body)


def physical_lines(page: str) -> list[Line]:
    """Non-blank lines with offsets into `page` (any of \\n, \\r\\n, \\r ends a line)."""
    out: list[Line] = []
    prev_end = 0
    for m in _CONTENT_RE.finditer(page):
        raw = m.group(0)
        text = raw.strip()
        if not text:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        gap = page[prev_end : m.start()]
        blank = gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1
        prev_end = m.end()
        # Width counts leading indentation (it takes column space) but not the line break.
        w = width(text) + width(raw[:lead])
        cells = cell_width(raw)
        out.append(
            Line(text, start, start + len(text), w, cells, terminal=is_terminal(text), blank_before=blank)
        )
    return out


def _sub(line: Line, a: int, b: int, **kw: object) -> Line:
    """The part line.text[a:b] as its own Line (offsets adjusted, whitespace trimmed)."""
    piece = line.text[a:b]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()

    def offset(k: int, end: bool) -> int:
        joined = line.join_at >= 0 and (k > line.join_at if end else k >= line.join_at)
        return line.start + k + (line.join_skip if joined else 0)

    start, end = offset(a + lead, False), offset(a + lead + len(text), True)
    fields = {"text": text, "start": start, "end": end, "terminal": is_terminal(text), "join_at": -1}
    fields.update(kw)
    return replace(line, **fields)  # type: ignore[arg-type]


def _join_wrapped_bylines(lines: list[Line]) -> list[Line]:
    """A narrow column can break "本报讯 （记者吴铎思 通讯员马|安妮）…" inside its brackets: the byline
    is one unit, so its two lines are read as one (its text joined without the line break)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and _BYLINE_OPEN_RE.match(line.text) and _CLOSE_SOON_RE.match(nxt.text):
            joined = replace(line, text=line.text + nxt.text, end=nxt.end, width=nxt.width, chars=nxt.chars)
            joined.join_at, joined.join_skip = len(line.text), nxt.start - line.end
            out.append(joined)
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def classify(lines: list[Line]) -> list[Line]:
    """Split bylines off the start and credits off the end of lines; mark what each part is."""
    out: list[Line] = []
    for line in _join_wrapped_bylines(lines):
        text = line.text
        if out and out[-1].kind == "body" and _ONLY_CLOSERS_RE.match(text):
            # A closing quote or full stop wrapped onto its own line belongs to the line above.
            prev = out[-1]
            joined = prev.text + text
            out[-1] = replace(prev, text=joined, end=line.end, terminal=is_terminal(joined))
            continue
        if _BYLINE_LINE_RE.match(text) and not _PHOTO_RE.search(text):
            out.append(replace(line, kind="byline", terminal=False))
            continue
        m = _BYLINE_PREFIX_RE.match(text)
        if m:
            out.append(_sub(line, 0, m.end(), kind="byline", terminal=False))
            if text[m.end() :].strip():
                # The rest keeps the full line's width: it shares the column with the byline.
                out.append(
                    _sub(
                        line,
                        m.end(),
                        len(text),
                        after_byline=True,
                        width=line.width,
                        chars=line.chars,
                        blank_before=False,
                    )
                )
            continue
        m = _CREDIT_LINE_RE.match(text)
        if m and (not out or out[-1].kind != "body" or out[-1].terminal):
            out.append(replace(line, kind="credit", terminal=True))
            continue
        m = _CREDIT_SUFFIX_RE.search(text)
        if m:
            out.append(_sub(line, 0, m.start("credit"), width=line.width, chars=line.chars))
            out.append(
                _sub(line, m.start("credit"), len(text), kind="credit", terminal=True, blank_before=False)
            )
            continue
        out.append(line)
    return out


def _clearly_more(a: int, b: int) -> bool:
    """A vote won by a margin, not by a pair or two of lines."""
    return a >= b + 3 and a > 1.2 * b


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


def is_photo_credit(credit: str) -> bool:
    return bool(_PHOTO_RE.search(credit))
