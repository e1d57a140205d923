"""The short answer's extent: how much of its sentence a chosen span carries.

Reading-comprehension answers are cut the way a reader would quote them, not as bare tokens: a figure
with its range, its qualifier and its unit ("海拔300米至1,500米", "4500元左右", "860.5km²"), a name
with the role or the place words the sentence binds it to ("设计师杜兰特", "河西县石桥镇清溪
大酒店"), a date with the event it is of ("1702年受封为亲王"). Word segmentation also cuts names
wrongly ("兰特" for "杜兰特"), and the clause a span stands in has no such cut. So a typed span
is given with its clause when the clause is short (SHAPE_CLAUSE_MAX) and is about that span alone;
otherwise as the span itself, a figure extended over its range and qualifiers.
"""

from __future__ import annotations

import re

from summarizer.qa.align import CLAUSE_PUNCT
from summarizer.qa.question import FIGURE_TYPES, Question
from summarizer.qa.sentences import quantities_of
from summarizer.tokens import pos_tokens

# The longest clause given whole as a short answer (characters).
SHAPE_CLAUSE_MAX = 24

# Between the two ends of a range: 300米至1,500米, 40-60公里, 3元至8元, 6月2日至6月9日.
_RANGE = re.compile(r"\s*(?:至|到|~|～|-|—|－|–)\s*")
# Printed after a figure and part of it: 4500元左右, 15万人以上, 860.5km².
_AFTER = re.compile(r"(?:左右|上下|以上|以下|以内|之多|有余|多|余|[²³])+")
# Printed before a figure and part of it: 约为 8公斤, 近四成, 超过六成.
_BEFORE = re.compile(r"(?:大约|约为|约有|约|将近|接近|近|超过|逾|高达|不到|不足|仅有|仅|只有)$")
# Words of reporting that end a clause after the answer ("车间主任刘某说"): not part of it.
_SPEECH = re.compile(r"(?:说|表示|介绍|称|坦言|笑着说|告诉记者|对记者说)$")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[lo, hi) of the clause around [start, end): between the clause punctuation before and after."""
    lo = max(text.rfind(c, 0, start) for c in CLAUSE_PUNCT) + 1
    ends = [i for i in (text.find(c, end) for c in CLAUSE_PUNCT) if i >= 0]
    hi = min(ends) if ends else len(text)
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def figure_extent(view: str, start: int, end: int) -> tuple[int, int]:
    """A figure with the other end of its range and its qualifiers (view offsets)."""
    qs = [x for x in quantities_of(view) if not x.is_date or x.start >= start]
    m = _RANGE.match(view, end)
    if m:
        nxt = next((x for x in qs if x.start == m.end()), None)
        if nxt is not None:
            end = nxt.end
    prev = next((x for x in qs if x.end <= start and _RANGE.fullmatch(view[x.end : start])), None)
    if prev is not None:
        start = prev.start
    after = _AFTER.match(view, end)
    if after:
        end = after.end()
    before = _BEFORE.search(view[max(0, start - 4) : start])
    if before:
        start -= len(before.group(0))
    return start, end


def shaped(q: Question, clean: str, view: str, start: int, end: int) -> str:
    """The short answer for a typed span [start, end) of a sentence: its clause when that is short and
    holds no other figure (for a figure question), else the span (a figure over its range and
    qualifiers, and the noun it counts when the question names it: "24支队伍"). A quoted name
    ("叫什么名字" -> “启明星”) is exact as printed and stands alone."""
    if q.atype == "name":
        return clean[start:end]
    if q.atype == "place":
        start, end = place_extent(clean, start, end)
    if q.atype in FIGURE_TYPES:
        start, end = figure_extent(view, start, end)
        if q.atype == "duration" and view.startswith("内", end):
            end += 1  # "5日内开庭": a time limit is the span and its 内 (within)
        if q.counted and view.startswith(q.counted, end):
            end += len(q.counted)
    lo, hi = clause_bounds(clean, start, end)
    speech = _SPEECH.search(clean, end, hi)
    if speech and speech.end() == hi:
        hi = speech.start()
    if hi - lo <= SHAPE_CLAUSE_MAX and lo <= start and end <= hi:
        if q.atype not in FIGURE_TYPES or not _other_figures(view, lo, hi, start, end):
            return _unquoted_edges(clean[lo:hi])
    return clean[start:end]


# Words that end a place's name (开发区, 高新区, 街道 …) printed right after a span that stops short
# of them ("金沙湾" of 金沙湾经济技术开发区): the name goes on through them. Longest first.
_PLACE_TAIL = re.compile(
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|技术开发区|高新区|开发区|新区|工业园区|产业园区|自贸区|保税区)"
)
# One character that ends the name of a building or a venue, printed right after a span the
# segmenter cut before it ("青禾市体育" + 馆).
_VENUE_TAIL = re.compile(r"[馆宫院场园楼]")
# A zone word alone (新区, 开发区): a span that is only this names no place without the name before it.
_ZONE_ONLY = re.compile(r"新区|开发区|高新区|园区|工业园")
# A name of a division that ends in its suffix (顺庆区, 南充市): printed right before a place's name
# it contains the place ("来到西湖区桃园社区"), and the full name carries it.
_DIVISION = re.compile(r"[\u4e00-\u9fff]{1,6}[省市区县旗镇乡]")
# How many divisions before the span are read into its name (四川省南充市顺庆区…).
DIVISIONS_BEFORE = 3


def place_extent(clean: str, start: int, end: int) -> tuple[int, int]:
    """A place span over the whole printed name: on through the words that end a name of a zone
    (_PLACE_TAIL), back over the divisions it lies in printed right before it (place names as the
    word segmenter cuts them: a division the tagger reads as a place, ns)."""
    tail = _PLACE_TAIL.match(clean, end)
    if not tail and end > start and clean[end - 1] not in "省市区县镇乡村州旗":
        tail = _VENUE_TAIL.match(clean, end)  # a division's name is whole; "体育" of 体育馆 is not
    if tail:
        end = tail.end()
    if _ZONE_ONLY.fullmatch(clean[start:end]):  # "新区" of 兰州新区: the zone's name is the place before it
        tokens = pos_tokens(clean[max(0, start - 8) : start])
        if tokens and tokens[-1].flag == "ns":
            start -= len(tokens[-1].word)
    for _ in range(DIVISIONS_BEFORE):
        tokens = pos_tokens(clean[max(0, start - 8) : start])
        if not tokens or tokens[-1].flag != "ns" or not _DIVISION.fullmatch(tokens[-1].word):
            break
        start -= len(tokens[-1].word)
    return start, end


_OPEN_CLOSE = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》"), ("（", "）"), ("(", ")"))


def _unquoted_edges(clause: str) -> str:
    """The clause without a quotation mark or bracket at an edge whose partner lies outside it (a
    quote opened before the clause and closed after: “现在每月能挣3500元，…”)."""
    for o, c in _OPEN_CLOSE:
        if clause.startswith(o) and c not in clause:
            clause = clause[1:]
        if clause.endswith(c) and o not in clause:
            clause = clause[:-1]
    return clause


def _other_figures(view: str, lo: int, hi: int, start: int, end: int) -> bool:
    """Whether the clause [lo, hi) holds a figure outside [start, end) (then it is not about this one)."""
    return any(
        lo <= x.start and x.end <= hi and (x.end <= start or x.start >= end) and not x.is_date
        for x in quantities_of(view)
    )
