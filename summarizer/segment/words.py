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

from summarizer.lexicon import MODAL_VERBS, NOMINAL_MEASURES, RESULT_COMPLEMENTS
from summarizer.segment.thresholds import LEAD_TIME_REACH, VERB_MORPHEME_MAX
from summarizer.text import clean_spaces
from summarizer.tokens import PosToken, cut, cut_whole, pos_tokens

# Words (jieba's) that never end a headline phrase: prepositions, modals, adverbs, conjunctions,
# the possessive 的.
CANNOT_END = frozenset("的不在把被给向对和与及让使将从由以于能要可应很更最再都也还就又才")
# A month and day ("1月 9日", "十一月八日").
_MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
_DATED_RE = re.compile(rf"\s*{_MONTH_DAY}")
# The time a news lead reports (a month and day or part of a month, 近日 "these days", 日前 "days ago") in its first
# clause: "某区工会日前启动…", "记者12月17日从…获悉".
# A month with a part of it ("9月上旬", "3月初", "11月底") dates a lead as a day does.
_MONTH_PART = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:上旬|中旬|下旬|初|底|末|中下旬|中上旬)"
_LEAD_TIME_RE = re.compile(rf"[^，。；：！？]{{0,{LEAD_TIME_REACH}}}?(?:{_MONTH_DAY}|{_MONTH_PART}|近日|日前)")
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
    character ("…健康课|在…"), which opens a phrase of its own; nor where the word is no word of
    the language but a guess of jieba's HMM (_dictionary_word)."""
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
    if tail in CANNOT_END and not (tail in MODAL_VERBS and not _verb_follows(squashed(b)[len(tail) :])):
        return False  # "…健康课|在江西…": a preposition or adverb opens a phrase of its own
    if not _dictionary_word(word):
        return False
    return not (len(head) >= 2 and len(tail) >= 2 and _is_word(head) and _is_word(tail))


def _verb_follows(text: str) -> bool:
    """The text's first word (marks aside) is a verb (verbal)."""
    flags = [v for t, v in zip(pos_tokens(text), verbal(text), strict=True) if t.flag != "x"]
    return bool(flags) and flags[0]


def _dictionary_word(word: str) -> bool:
    """The word jieba reads across the break is a word of the language, one of jieba's dictionary
    words, that the break cuts: its HMM also makes words of characters the dictionary never joins
    ("…二选一|桥吊…" read with 一桥, "…大学梦|市总工会…" with 梦市), a guess that says nothing
    about the break."""
    if not _CJK_WORD.match(word):
        return True  # a number or a Latin word: no dictionary's (see word_across's number rule)
    return cut_whole(word)


_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")


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


# A time of day opening a clause ("清晨7点半，", "早上8时，", "下午2点，"): a scene-setting lead's time.
# The part of the day is part of it: a bare "9点，" at a line's start is as often the rest of a date
# the line break cut ("…6月17日上午|9点，…").
_CLOCK_OPEN_RE = re.compile(
    r"(?:清晨|早上|早晨|上午|中午|午后|下午|傍晚|晚上|夜里|深夜|凌晨)\s*\d{1,2}\s*(?:点|时)(?:半|\s*\d{1,2}\s*分)?(?:许|左右)?，"
)


@lru_cache(maxsize=16384)
def opens_on_clock(text: str) -> bool:
    """The text opens on a part of the day, a clock time and a comma ("清晨7点半，…"): how a lead
    that sets a scene tells its time, as a dated lead tells its date."""
    return _CLOCK_OPEN_RE.match(text) is not None


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


# jieba's part-of-speech flags: verbs; aspect particles (了 着 过); words that never head a
# predicate (marks, numerals, measure words, particles, conjunctions, pronouns, prepositions).
_ASPECT_FLAGS = frozenset({"ul", "uz", "ug"})
_NOT_PREDICATE = ("x", "m", "q", "u", "c", "r", "p", "e", "y", "o", "w")
_NOUN_FLAGS = frozenset({"n", "nr", "nrt", "nrfg", "nz", "ng", "nt"})


@lru_cache(maxsize=4096)
def _char_flag(ch: str) -> str:
    """jieba's tag of one character read on its own (its dictionary's word class)."""
    toks = pos_tokens(ch)
    return toks[0].flag if toks else "x"


@lru_cache(maxsize=16384)
def verbal(text: str) -> tuple[bool, ...]:
    """For each of jieba's tokens of the text (pos_tokens), whether it is a verb: jieba tags it one,
    or it is one by a fact of the language that the tagger's reading in context misses:

    * an aspect particle (了 着 过) follows it: only a predicate takes aspect ("…圆|了…");
    * a resultative or directional complement follows it, both of one character ("用|上…",
      lexicon.RESULT_COMPLEMENTS): only a verb takes one;
    * it is a short word (at most VERB_MORPHEME_MAX characters, no noun by its tag) that ends on a
      character that is a verb on its own after modifiers (an adjective or adverb on its own:
      新建, 重建, 再建) — the compound is "newly/again V", however the tagger names it (新建 as a
      place name);
    * it is no dictionary word (jieba's HMM made it) and opens on a character that is a verb on its
      own ("带徒": a verb and its one-character object).

    And a word right after a count's measure word ("120名|选手") is the noun the count counts, never
    a verb, whatever the tagger calls it: a numeral and a nominal measure word stand before a noun.
    """
    toks = pos_tokens(text)
    out: list[bool] = []
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _counted_noun(toks, i):
            out.append(False)
        else:
            out.append(_is_verbal(t.word, t.flag, nxt.word if nxt else "", nxt.flag if nxt else ""))
    return tuple(out)


def _counted_noun(toks: tuple[PosToken, ...], i: int) -> bool:
    """The token follows a numeral and its nominal measure word ("120名选手"): the noun counted."""
    return (
        i >= 2
        and toks[i - 1].flag == "q"
        and toks[i - 1].word in NOMINAL_MEASURES
        and toks[i - 2].flag == "m"
        and toks[i].flag.startswith("v")
    )


def _is_verbal(word: str, flag: str, nxt: str, nxt_flag: str) -> bool:
    """One token's verb test (see verbal)."""
    if flag.startswith("v"):
        return True
    if len(word) == 1 and nxt in RESULT_COMPLEMENTS and _char_flag(word).startswith(("v", "p")):
        return True  # "用|上": a preposition takes no complement, the verb it also is does
    if flag.startswith(_NOT_PREDICATE) or not word:
        return False
    if nxt_flag in _ASPECT_FLAGS:
        return True
    if flag in _NOUN_FLAGS:
        if len(word) >= 2 and not cut_whole(word) and _char_flag(word[0]) == "v":
            return True  # "带徒": the HMM's word of a verb and its object
        return False
    return (
        2 <= len(word) <= VERB_MORPHEME_MAX
        and _char_flag(word[-1]) == "v"
        and all(_char_flag(c).startswith(("a", "d")) for c in word[:-1])
    )
