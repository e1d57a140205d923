"""Words across a line break: what the text of two lines says about the break between them.

Facts used: jieba's words are the language's words, so a word that starts on one line and ends on
the next shows the break falls inside it ("…到工|地…", "…湘西土家|族…"); a measure word binds to
the number before it, and two words of two characters or more that jieba's dictionary happens to
join are still two words.

The checks are pure functions of their strings and each page asks them of the same lines many
times (every candidate headline group, every cut), so they are memoised (bounded lru_caches).
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.segment.thresholds import LEAD_TIME_REACH
from summarizer.text import clean_spaces
from summarizer.tokens import cut, pos_tokens

# Words (jieba's) that never end a headline phrase: prepositions, modals, adverbs, conjunctions,
# the possessive 的.
CANNOT_END = frozenset("的不在把被给向对和与及让使将从由以于能要可应很更最再都也还就又才")
# A month and day ("1月 9日", "十一月八日").
_MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
_DATED_RE = re.compile(rf"\s*{_MONTH_DAY}")
# The time a news lead reports (a month and day, 近日 "these days", 日前 "days ago") in its first
# clause: "某区工会日前启动…", "记者12月17日从…获悉".
_LEAD_TIME_RE = re.compile(rf"[^，。；：！？]{{0,{LEAD_TIME_REACH}}}?(?:{_MONTH_DAY}|近日|日前)")
# Two or more spaces inside a letter-spaced headline: the gap between its words.
_WORD_GAP = re.compile(r"[ \u3000]{2,}")


def clean_headline(s: str) -> str:
    """Letter-spaced headlines ("“ 工 BA”撬 动 百 万 善 款") lose their spaces, but for a wider gap
    between their words ("有 了 证  腰 杆 硬 了": a letter-spaced word space); "上半 下半" keeps its one."""
    tokens = s.split()
    if len(tokens) <= 1:
        return clean_spaces(s).strip()
    short = sum(1 for t in tokens if len(t) <= 2)
    if short * 2 >= len(tokens):
        words = [clean_spaces(w).strip() for w in _WORD_GAP.split(s.strip())]
        return " ".join(w for w in words if w)
    return " ".join(clean_spaces(t) for t in tokens)


@lru_cache(maxsize=4096)
def squashed(s: str) -> str:
    """A headline line without its spaces (letter-spacing, stray spaces)."""
    return "".join(clean_headline(s).split())


@lru_cache(maxsize=16384)
def word_across(a: str, b: str) -> bool:
    """jieba cuts a+b into words one of which starts in a and ends in b: the break is inside a word
    ("…到工|地…"). Not where the piece before the break is a number's measure word, nor where
    both pieces are words of two characters or more themselves
    ("…工会|驿站…", "…工资|劳动…"): jieba's dictionary may join two words there, which says
    little about the break; nor where the piece after the break is a preposition or adverb of one
    character ("…健康课|在…"), which opens a phrase of its own."""
    found = word_at_break(a, b)
    if found is None:
        return False
    word, pos = found
    a = squashed(a)
    head, tail = word[: len(a) - pos], word[len(a) - pos :]
    if pos and a[pos - 1].isdigit():
        return False  # "…36个|别让…": the measure word goes with its number, not with 别
    if head[-1].isdigit() and tail[0].isdigit():
        return True  # "…30|00万元…": no line breaks a number
    if tail in CANNOT_END:
        return False  # "…健康课|在江西…": a preposition or adverb opens a phrase of its own
    return not (len(head) >= 2 and len(tail) >= 2 and _is_word(head) and _is_word(tail))


@lru_cache(maxsize=16384)
def word_at_break(a: str, b: str) -> tuple[str, int] | None:
    """The jieba word of a+b (spaces dropped) that starts in a and ends in b, and where it starts;
    None when the break falls between words."""
    a, b = squashed(a), squashed(b)
    if not a or not b:
        return None
    pos = 0
    for word in cut(a + b):
        end = pos + len(word)
        if pos < len(a) < end:
            return word, pos
        if end >= len(a):
            return None
        pos = end
    return None


@lru_cache(maxsize=4096)
def _is_word(text: str) -> bool:
    return cut(text) == [text]


@lru_cache(maxsize=16384)
def last_word(text: str) -> str:
    words = cut(text)
    return words[-1] if words else ""


@lru_cache(maxsize=16384)
def ends_open(text: str) -> bool:
    """The line ends on a word that never ends a headline phrase (的, 在, 把 …): it runs on."""
    return last_word(squashed(text)) in CANNOT_END


def opens_on_date(text: str) -> bool:
    """The text opens on a month and day ("1月 9日清晨，…"): a news lead's opening."""
    return _DATED_RE.match(text) is not None


@lru_cache(maxsize=16384)
def tells_lead_time(text: str) -> bool:
    """The text's first clause says when (a month and day, 近日, 日前), as a news lead's does
    ("某区工会日前启动…"); later paragraphs rarely open so."""
    return _LEAD_TIME_RE.match(text) is not None


@lru_cache(maxsize=16384)
def ends_on_verb(text: str) -> bool:
    """The last word (jieba's tag; marks and an aspect particle 了/着/过 aside) is a verb or a
    preposition: what it governs comes after it ("…时间为|3月…")."""
    toks = [t for t in pos_tokens(squashed(text)) if t.flag != "x" and t.flag not in ("ul", "uz", "ug")]
    return bool(toks) and toks[-1].flag in ("v", "p")


@lru_cache(maxsize=16384)
def opens_profile(text: str) -> bool:
    """The line opens on 记 as a word of its own ("记<企业>高级技师某某": "an account of"), the
    trade's formula for a profile's subtitle; 记者, 记录 and the like are other words."""
    words = cut(squashed(text).lstrip("—－-"))
    return bool(words) and words[0] == "记" and len(words) >= 3
