"""The one quantity scanner: every number in a text with its scale, qualifier, unit and what kind of number it is.

Key figures (summarizer.figures), the offline answerer (summarizer.qa) and grounding read quantities
through this module, so "how many" answers, key figures and the grounding check can never disagree on
what a number counts or how it is qualified. Numbers themselves are found by summarizer.text (the one
normaliser: digits, 万/亿, Chinese numerals); this module reads what stands around them, as words:

* the measure word after the number: the longest unit of the lexicon (summarizer.lexicon), else a
  word jieba's tagger reads as a measure word (tag q, or a one-character word of its own after
  digits) - so measure words missing from the lexicon are still read;
* the qualifier (近/逾/约/超过/不到 before, 余/多 after the number, 以上/左右 after the unit), taken
  from jieba's words, so 签约12家 has none (约 belongs to 签约): ``qualifier_of`` is that reading;
* what kind of number it is, by context: a date or time, an ordinal or rank, a label (room, floor,
  road, grade, a name in quotes), an identifier (phone, train, code) or a quantity. Each rule is a
  small function below whose docstring names the fact of the language it uses.

Cost: every rule looks at a bounded window around its number (``WINDOW`` characters), so a scan is
linear in the length of the text.
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from summarizer.lexicon import (
    ADDRESS_UNITS,
    AGE_UNITS,
    CHANGE_WORDS,
    COUNT_UNITS,
    DATE_WORDS,
    DUO_WORD_NEXT,
    DURATION_VERBS,
    ER_EXCEPT_UNITS,
    GE_DURATIONS,
    ID_CUE_WORDS,
    LABEL_WORDS,
    LATIN_UNITS,
    LUNAR_DAY_BEFORE,
    LUNAR_MONTH_CHARS,
    NOT_A_UNIT_WORDS,
    NOT_UNITS,
    NUMERAL_ADVERBS,
    PER_UNITS,
    PLACE_SUFFIXES,
    PRE_QUALIFIER_WORDS,
    PRE_QUALIFIERS,
    QUALIFIER_GLUE,
    QUALIFIER_MEANING,
    RANGE_MARKS,
    RANK_AFTER,
    RANK_BEFORE,
    RANK_UNITS,
    SYSTEM_SUFFIXES,
    TIME_UNITS,
    TRAIL_QUALIFIERS,
    VAGUE_BEFORE,
    VEHICLE_WORDS,
    WEEKDAY_BEFORE,
    WINDOW_WORDS,
)
from summarizer.text import (
    CN_NUMERAL_CHARS,
    SCALES,
    NumberMatch,
    iter_cn_numbers,
    iter_numbers,
    number_at,
    split_scale,
    to_halfwidth,
)
from summarizer.tokens import PosToken, pos_tokens

KINDS = ("quantity", "number", "date", "ordinal", "label", "identifier")

WINDOW = 12  # characters of context read on each side of a number: bounds the cost of every rule
NAME_MAX_CHARS = 12  # a quoted phrase this short with no clause mark is a name ("“15分钟服务圈”")
PHONE_MIN_DIGITS = 7  # a digit run this long without a decimal point is a phone number or a code
ID_DASH_MIN_DIGITS = 5  # digits on a side of a dash that make "0571-8888" a code, not a range
ROUND_THE_CLOCK_HOURS = 24  # "24小时服务": round the clock, a description rather than a figure
APPOSITION_MAX = 10  # "红、蓝两队": a small numeral restating the count of a list just before it

_UNIT_RE = re.compile("|".join(map(re.escape, sorted(COUNT_UNITS + NOT_UNITS, key=len, reverse=True))))
_PER_RE = re.compile("/(?:" + "|".join(map(re.escape, sorted(PER_UNITS, key=len, reverse=True))) + ")")
_LATIN_UNIT_RE = re.compile("(?:" + "|".join(map(re.escape, LATIN_UNITS)) + ")(?![A-Za-z])")
_SPACE = " \t\u3000\u00a0"
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_PUNCT = frozenset("，。；：！？、,.;:!?）)」』”’》…—\n")
_OPEN_QUOTES = "“‘「『《"
_CLOSE_QUOTES = "”’」』》"
_CLAUSE_MARKS = frozenset("，。；：！？,;:!?\n")
# Characters that follow digits without being a measure word: function words, directions, comparison
# and score words, and the scale and numeral characters themselves.
_NOT_MEASURE_CHARS = frozenset(
    "的了和与及或至到比是为在后前内外中上下左右间余多来以之并也都就即将给让被把向从对于且而但再还又已共计约近超逾达"
    "每各其该此这那如若因所由同跟胜负平连届等亿万千百十半几数" + CN_NUMERAL_CHARS
)
_LETTER_GLUE_BEFORE = "#/_"
_LETTER_GLUE_AFTER = "/_"


@dataclass(frozen=True)
class Quantity:
    """One number as the text states it. Offsets index the text given to find_quantities."""

    start: int  # first char, the qualifier before the number included
    end: int  # one past the unit (or the number when there is none)
    num_start: int  # first char of the number itself
    span: str  # text[start:end] without spaces: "近400万元", "200余名", "97.34%"
    raw: str  # the number as printed: "400", "26.19 万", "百万"
    number: float  # the printed number before 万/亿 scaling (negative for 零下)
    unit: str  # as printed, scale included: "万元", "%", "万" (a bare scale), "" (none)
    qualifier: (
        str  # 近/逾/约/超过/不到 …, 余/多, 以上/左右 …, or "" (将近 and 接近 recorded as 近, 大约 as 约)
    )
    kind: str  # one of KINDS: only "quantity" is a key figure
    chinese: bool = False  # written in Chinese numerals
    confident: bool = True  # not a shape that is mostly rhetoric ("一种", "是去年的两倍")
    reason: str = ""  # which context rule decided the kind or the confidence ("ranking", "train" …)
    fraction: bool = False  # a share printed as a fraction ("五分之二"): a quantity without a unit

    @property
    def scale(self) -> str:
        return split_scale(self.unit)[0]

    @property
    def base_unit(self) -> str:
        """Unit without its scale: "万元" -> "元"; a bare scale stays itself."""
        return split_scale(self.unit)[1] or self.unit

    @property
    def value(self) -> float:
        """The number after 万/亿 scaling: 26.19万人 -> 261900."""
        return round(self.number * SCALES.get(self.scale, 1.0), 6)

    @property
    def is_date(self) -> bool:
        """Dates, times, years and ordinals: positions in time or sequence, never counts."""
        return self.kind in ("date", "ordinal")


# ---------------------------------------------------------------------------------------------
# Words around a position (jieba/rjieba, on a bounded window)


class _Words:
    """jieba's words of text[lo:hi] around one number, with offsets into text."""

    def __init__(self, text: str, lo: int, hi: int):
        self.lo = max(0, lo)
        self.hi = min(len(text), hi)
        self.tokens: list[tuple[int, int, PosToken]] = []
        pos = self.lo
        for tok in pos_tokens(text[self.lo : self.hi]):
            self.tokens.append((pos, pos + len(tok.word), tok))
            pos += len(tok.word)

    def ending_at(self, i: int) -> tuple[int, PosToken] | None:
        """The word that ends exactly at i, and where it starts."""
        for s, e, tok in self.tokens:
            if e == i and tok.word.strip():
                return s, tok
        return None

    def covering(self, i: int) -> tuple[int, int, PosToken] | None:
        """The word that holds character i."""
        for s, e, tok in self.tokens:
            if s <= i < e:
                return s, e, tok
        return None

    def starting_at(self, i: int) -> PosToken | None:
        for s, _, tok in self.tokens:
            if s == i:
                return tok
        return None


def _words_around(text: str, start: int, end: int) -> _Words:
    return _Words(text, start - WINDOW, end + WINDOW)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _skip_space_back(text: str, i: int) -> int:
    """Index just past the last non-space char before i."""
    while i > 0 and text[i - 1] in _SPACE:
        i -= 1
    return i


# ---------------------------------------------------------------------------------------------
# Qualifiers: the one reading figures, grounding and answers share


def _pre_qualifier(text: str, n: NumberMatch, words: _Words) -> tuple[str, int]:
    """An approximation word standing as a word of its own before the number, and where it starts.

    A wrong "约" would misstate the figure, so 签约12家 / 预约3次 / 赶超3家 / 附近3个 / 最近3天 yield
    none: the word is jieba's word that ends where the number begins. jieba sometimes glues a particle
    on ("了近", "共约", "低约") or the qualifier onto a numeral ("近万名", "上千人"); both are read through.
    """
    j = _skip_space_back(text, n.start)
    found = words.ending_at(j)
    if found is not None:
        s, tok = found
        word = tok.word
        if word not in PRE_QUALIFIERS:
            glued = next((q for q in PRE_QUALIFIERS if word.endswith(q) and _glue(word[: -len(q)])), "")
            if not glued:
                return "", n.start
            s, word = s + len(word) - len(glued), glued
        if word == "超过" and text[max(0, s - 1) : s] == "不":
            s, word = s - 1, "不超过"
    else:
        inside = words.covering(n.start)
        if inside is None or inside[0] >= n.start:
            return "", n.start
        s, word = inside[0], text[inside[0] : n.start]
        if word not in PRE_QUALIFIERS:
            return "", n.start
    if word == "上" and not (n.chinese and n.raw in ("百", "千", "万", "百万", "千万")):
        return "", n.start  # 上 approximates only a bare 百/千/万: 上千人, 上万名
    return PRE_QUALIFIER_WORDS[word], s


def _glue(head: str) -> bool:
    """What jieba's HMM may glue in front of a qualifier: a particle (了近, 共约) or a comparative
    (低约两成, 高出近): the qualifier is still a word of its own. 签约, 预约, 附近 are words."""
    return head in QUALIFIER_GLUE or head in CHANGE_WORDS


def _trail_qualifier(text: str, end: int, words: _Words) -> str:
    """以上/左右/以下 … after the unit, as a word of its own (not the 上下 of 上下班)."""
    q = next((q for q in TRAIL_QUALIFIERS if text.startswith(q, end)), "")
    if not q:
        return ""
    tok = words.starting_at(end)
    return q if tok is None or tok.word == q or len(tok.word) <= len(q) else ""


def qualifier_of(text: str, num_start: int, num_end: int | None = None) -> str:
    """The approximation word printed with the number that starts at text[num_start] (将近/接近 -> 近,
    大约 -> 约, as lexicon.PRE_QUALIFIER_WORDS records them; the rest as printed).

    The one reading of qualifiers: key figures, the grounding check and the offline answerer all call
    it (through the scanner or directly). Word-level, so "该区签约12家企业" -> "" (约 belongs to 签约),
    "约120人" -> "约", "350余人次" -> "余", "50人以上" -> "以上", "不到三个小时" -> "不到".
    num_end is accepted for callers that hold a span; the number is re-read from num_start.
    """
    n = number_at(text, num_start)
    if n is None or (n.chinese and num_start > 0 and text[num_start - 1].isdigit()):
        return ""
    return _read(text, n).qualifier


def same_qualifier(claimed: str, printed: str) -> bool:
    """Whether a stated qualifier says what the printed one says (约 = 大约, 超过 = 逾, 近 ≠ 逾)."""
    if claimed == printed:
        return True
    meaning = QUALIFIER_MEANING.get(claimed)
    return meaning is not None and meaning == QUALIFIER_MEANING.get(printed)


# ---------------------------------------------------------------------------------------------
# Units


@dataclass
class _Unit:
    unit: str = ""  # scale included
    end: int = 0
    post: str = ""  # 余/多/几 printed inside the quantity
    kind: str = "quantity"
    reason: str = ""
    plus_half: bool = False  # 两个半小时, 一年半


def _measure_fallback(text: str, i: int, n: NumberMatch, words: _Words) -> str:
    """A measure word missing from the lexicon, read from jieba's words.

    After a number, Chinese grammar puts a measure word; jieba tags it q, or cuts it as a one-character
    word of its own (it often mistags 双, 顶, 床 as nouns or verbs). Function words, directions and
    score words that also follow numbers are not measure words. Chinese numerals need the q tag: a
    numeral followed by any character is too often part of a word (零工, 万一).
    """
    if i >= len(text) or not _CJK_RE.match(text[i]) or text[i] in _NOT_MEASURE_CHARS:
        return ""
    tok = words.covering(i)
    if tok is None:
        return ""
    s, e, word = tok
    if e != i + 1:
        return ""  # the character begins a longer word (单元, 国道, 次列车): not a measure word
    if word.flag == "q":
        return text[i]
    if n.chinese:
        return ""
    return text[i] if s == i or s <= n.start else ""


def _unit_after(text: str, n: NumberMatch, words: _Words) -> _Unit:
    """Unit (scale included), 余/多 printed inside, end and kind of the quantity that starts with number n.

    Handles "350 余人次", "220多万元", "6 万多人次", "126万亿元", "3千万元", "两个多月", "两个半小时",
    "1000元/人", "四大类"; kind says when what follows makes the number a date, a time, a label, or
    when nothing countable follows ("number").
    """
    u = _Unit(end=n.end)
    if n.percent:
        u.unit = n.scale + "%"
        return u
    if n.fraction:
        return u
    i = _skip_space(text, n.end)
    scale, post = n.scale, n.more
    if i < len(text) and (text[i] in "余多" or (text[i] == "几" and n.raw.endswith("十"))):
        if not (text[i] == "多" and text[i + 1 : i + 2] in DUO_WORD_NEXT and not _UNIT_RE.match(text, i + 1)):
            post = text[i]
            i = _skip_space(text, i + 1)
            if not scale and text.startswith(("万亿", "亿", "万"), i):
                scale = "万亿" if text.startswith("万亿", i) else text[i]
                i = _skip_space(text, i + len(scale))
    if scale == "万" and text.startswith("亿", i):  # 126万亿元
        scale, i = "万亿", _skip_space(text, i + 1)
    if scale == "千" and text.startswith("万", i):  # 3千万元
        scale, i = "千万", _skip_space(text, i + 1)
    u.post = post
    if text.startswith("个", i):
        j = i + 1
        if text.startswith(("多", "余"), j):
            dur = next((d for d in GE_DURATIONS if text.startswith(d, j + 1)), "")
            if dur:
                u.unit, u.post, u.end = scale + "个" + dur, text[j], j + 1 + len(dur)
                return u
        if text.startswith("半", j):
            dur = next((d for d in GE_DURATIONS if text.startswith(d, j + 1)), "")
            if dur:
                u.unit, u.end, u.plus_half = scale + "个" + dur, j + 1 + len(dur), True
                return u
    m = _UNIT_RE.match(text, i)
    word = m.group(0) if m else ""
    blocked = word not in NOT_UNITS and text.startswith(NOT_A_UNIT_WORDS, i)  # 300万人口, 劳动年龄, 8人制
    big = ""
    if not word and text.startswith("大", i):  # 四大类: 大 is an adjective inside the quantity
        m2 = _UNIT_RE.match(text, i + 1)
        if m2 and m2.group(0) not in NOT_UNITS:
            m, word, big = m2, m2.group(0), "大"
    if not word or blocked:
        latin = _LATIN_UNIT_RE.match(text, i)
        fallback = "" if blocked else latin.group(0) if latin else _measure_fallback(text, i, n, words)
        if fallback:
            u.unit, u.end = scale + fallback, i + len(fallback)
            return u
        if scale and not n.chinese:  # "达1.2万", "300万人口": the scale word is the unit
            u.unit, u.end = scale, n.end if not post else i
            return u
        u.kind, u.reason, u.end = "number", "no measure word", n.end
        return u
    assert m is not None
    end = m.end()
    if word in DATE_WORDS or (word == "分" and _after_clock(text, n.start)):
        u.unit, u.end, u.kind, u.reason = word, end, "date", "date or time word"
        return u
    if word in LABEL_WORDS:  # 3版, 5楼, 88路: the number names the page, floor, route
        u.end, u.kind, u.reason = n.end, "label", "label word"
        return u
    per = _PER_RE.match(text, end)
    unit = scale + big + word
    if per:
        unit += per.group(0)
        end += len(per.group(0))
    u.unit, u.end = unit, end
    if (word in TIME_UNITS or word in AGE_UNITS) and text.startswith("半", end):  # 一年半, 三天半, 3岁半
        u.plus_half, u.end = True, end + 1
    elif text.startswith("多", end) and not post and text[end + 1 : end + 2] not in DUO_WORD_NEXT:
        if not _CJK_RE.match(text[end + 1 : end + 2] or " ") or word in TIME_UNITS:  # 一年多, 5年多来
            u.post, u.end = "多", end + 1
    return u


def _after_clock(text: str, start: int) -> bool:
    j = _skip_space_back(text, start)
    return j > 0 and text[j - 1] in "时点"


# ---------------------------------------------------------------------------------------------
# Context rules: what kind of number it is


def _is_ordinal(text: str, n: NumberMatch) -> bool:
    """第 before a number makes it a position in a sequence (第2年, 第六届, 排名第5)."""
    j = _skip_space_back(text, n.start)
    return j > 0 and text[j - 1] == "第"


def _is_rank(text: str, n: NumberMatch, u: _Unit, words: _Words) -> bool:
    """前/后 + number + 名/位 names places in a ranking (前八名, 前两名, 后三位); 500强 is a rank too.
    前 must be a word of its own: 目前300名职工 counts."""
    if text.startswith(RANK_AFTER, _skip_space(text, n.end)):
        return True
    if u.unit not in RANK_UNITS:
        return False
    prev = words.ending_at(_skip_space_back(text, n.start))
    if prev is not None:
        return prev[1].word in RANK_BEFORE
    inside = words.covering(n.start)  # jieba glues 前 onto a numeral: 前八名
    return inside is not None and text[inside[0] : n.start] in RANK_BEFORE


def _is_weekday(text: str, n: NumberMatch) -> bool:
    """周六, 星期三, 初八, 八月十五: a numeral after 周/星期/初 or a month names a day, not a count.

    Only one-character numerals up to 六 (and 日/天 after 星期) are weekdays; "每周两次" counts (a count of
    two is written 两, a weekday never is). A numeral after 月 is a day when the month itself is named
    by a numeral or a lunar month word (八月十五, 腊月二十三), not in "每月三次".
    """
    if not n.chinese:
        return False
    j = _skip_space_back(text, n.start)
    before = text[max(0, j - 2) : j]
    if before.endswith(WEEKDAY_BEFORE) and len(n.raw) == 1 and n.raw in "一二三四五六日":
        return True
    if before.endswith(LUNAR_DAY_BEFORE) and n.number <= 30:
        return True
    if before.endswith("月") and j >= 2:
        prev = text[j - 2]
        return prev in CN_NUMERAL_CHARS or prev in LUNAR_MONTH_CHARS
    return False


def _is_year(text: str, n: NumberMatch, u: _Unit) -> bool:
    """2023年 / 二〇二四年 are years; 3年 is a duration unless a month follows (23年5月). A year
    before 届 names a graduating class by its year (2019届毕业生), not a count of sessions."""
    if u.unit == "届" and not u.post:
        return n.number.is_integer() and 1900 <= n.number <= 2099 and not n.scale and not n.chinese
    if u.unit != "年" or u.post:
        return False
    if n.digits or (n.number.is_integer() and 1000 <= n.number <= 2999 and not n.scale and not n.chinese):
        return True
    return re.match(r"[ \t\u3000]*[0-9０-９一二三四五六七八九十]+[ \t\u3000]*月", text[u.end :]) is not None


def _is_time_reference(text: str, u: _Unit) -> bool:
    """3年前, 两天后, 5年以前: a duration followed by 前/后 points at a moment, it reports no amount."""
    return u.unit in TIME_UNITS and text.startswith(("前", "后", "以前", "以后", "之前", "之后"), u.end)


def _is_time_window(text: str, n: NumberMatch, u: _Unit, qualifier: str, q_start: int, words: _Words) -> bool:
    """近三年, 前两年, 过去5年来: the period a text reports over, not a figure of its own.

    It holds for a time unit after 近/前/过去/最近 unless a verb of duration stands before
    ("用了近三天" is how long something took).
    """
    if u.unit not in TIME_UNITS:
        return False
    j = _skip_space_back(text, q_start if qualifier else n.start)
    if qualifier:
        word = qualifier if qualifier in WINDOW_WORDS else ""
    else:
        prev = words.ending_at(j)
        word = prev[1].word if prev is not None and prev[1].word in WINDOW_WORDS else ""
    if not word:
        return False
    k = _skip_space_back(text, j - (0 if qualifier else len(word)))
    if text[max(0, k - 4) : k].endswith(DURATION_VERBS):
        return False
    before = words.ending_at(k)
    # "连续烧制近30个小时", "调取了近半年的记录": right after a verb (its aspect particle between) the
    # period is the act's length, a figure; a window opens its clause or follows its subject (全市近三年…)
    if before is not None and before[1].word in ("了", "过") and before[0] > 0:
        before = words.ending_at(before[0])
    return not (before is not None and before[1].flag.startswith("v") and len(before[1].word) > 1)


def _is_identifier(text: str, n: NumberMatch, u: _Unit) -> str:
    """Why the number names something instead of counting it ("" when it counts).

    - digits glued to Latin letters or code punctuation (K1126次, 5G, 0571-88886666, 8:30);
    - a digit run of PHONE_MIN_DIGITS or more without a decimal point (a phone number, a code);
    - a number right after a word that asks to dial or quote it (热线12351, 拨打12345);
    - N次 before a vehicle word: a train or flight (3672次列车), not N times.
    """
    if n.chinese:
        return ""
    digits = to_halfwidth(re.sub(r"\s", "", n.raw))
    before = text[n.start - 1] if n.start > 0 else ""
    after = text[n.end] if n.end < len(text) else ""
    if before and before.isascii() and before.isalpha():
        return "code"
    if after and after.isascii() and after.isalpha() and not n.scale and not u.unit:
        return "code"
    if before == ":" or after == ":":  # 8:30, 17:30
        return "clock time" if len(digits) <= 2 else "code"
    if before == "-" or after == "-":
        if _is_dash_code(text, n):
            return "code"
    elif (before and before in _LETTER_GLUE_BEFORE) or (after and after in _LETTER_GLUE_AFTER):
        return "code"
    if "." not in digits and len(digits.lstrip("0")) >= PHONE_MIN_DIGITS and not n.scale and not n.percent:
        return "phone or code"
    j = _skip_space_back(text, n.start)
    if text[max(0, j - 3) : j].endswith(ID_CUE_WORDS):
        return "number to dial"
    if u.unit.endswith("次") and text.startswith(VEHICLE_WORDS, _skip_space(text, u.end)):
        return "train or flight"
    return ""


def _is_dash_code(text: str, n: NumberMatch) -> bool:
    """A dash joins the parts of a code (0571-88886666, 010-1234-5678) unless both sides are short
    counts (20-30人, 2023-2024年)."""
    left = re.search(r"([0-9０-９]+)-$", text[max(0, n.start - 12) : n.start])
    right = re.match(r"-([0-9０-９]+)", text[n.end : n.end + 13])
    if left and right:
        return True
    parts = [p.group(1) for p in (left, right) if p] + [to_halfwidth(n.raw)]
    return any(len(p) >= ID_DASH_MIN_DIGITS or p.startswith("0") for p in parts)


def _is_address(text: str, n: NumberMatch, u: _Unit, words: _Words) -> bool:
    """某社区21栋, 3栋2单元, 1203室: a number right after a compound's name and before a building
    word is an address. A count of buildings follows a verb (涉及12栋楼)."""
    base = u.unit
    if base not in ADDRESS_UNITS:
        return False
    j = _skip_space_back(text, n.start)
    prev = words.ending_at(j)
    if prev is None:
        return False
    word = prev[1].word
    return word.endswith(PLACE_SUFFIXES) or prev[1].flag.startswith("ns")


def _is_session_name(text: str, u: _Unit) -> bool:
    """十九届六中全会, 三届一次会议: a count of sessions followed at once by another numeral names a
    meeting (an ordinal without 第); "连续三届" counts."""
    return (
        u.unit in ("届", "次")
        and u.end < len(text)
        and (text[u.end] in CN_NUMERAL_CHARS or text[u.end].isdigit())
    )


def _is_er_label(n: NumberMatch, u: _Unit) -> bool:
    """二期, 二楼, 二级: before a measure word a count of two is written 两, so 二 there is an ordinal.
    Traditional measures (二斤, 二亩, 二两) keep 二 as a count."""
    return n.chinese and n.raw == "二" and bool(u.unit) and u.unit not in ER_EXCEPT_UNITS


def _is_system(text: str, u: _Unit) -> bool:
    """8人制, 8小时工作制: a quantity followed by 制 names a format or system."""
    if not u.unit:
        return False
    return text.startswith(SYSTEM_SUFFIXES, u.end) or text.startswith("工作制", u.end)


def _in_short_name(text: str, start: int, end: int) -> bool:
    """A number inside a short quoted phrase with no clause mark is part of a name or slogan
    (“12分钟健身圈”, “8字绕桩”, “两节”, “四到位一反馈”)."""
    lo = max(0, start - NAME_MAX_CHARS)
    open_at = max(text.rfind(q, lo, start) for q in _OPEN_QUOTES)
    if open_at < 0:
        return False
    if any(text.find(c, open_at + 1, start) >= 0 for c in _CLOSE_QUOTES):
        return False
    close_at = min(
        (i for i in (text.find(c, end, end + NAME_MAX_CHARS) for c in _CLOSE_QUOTES) if i >= 0), default=-1
    )
    if close_at < 0 or close_at - open_at - 1 > NAME_MAX_CHARS:
        return False
    inner = text[open_at + 1 : close_at]
    return not any(ch in _CLAUSE_MARKS for ch in inner)


def _is_round_the_clock(text: str, n: NumberMatch, u: _Unit, words: _Words) -> bool:
    """24小时 directly before a noun or verb (24小时安保, 24小时值守) means round the clock."""
    if n.number != ROUND_THE_CLOCK_HOURS or u.unit not in ("小时", "个小时") or u.post:
        return False
    nxt = words.starting_at(u.end)
    return nxt is not None and bool(_CJK_RE.match(nxt.word)) and nxt.word[0] not in "内以之的后前左上多"


def _idiom_or_adverb(text: str, n: NumberMatch, u: _Unit, words: _Words) -> str:
    """A Chinese numeral inside a longer dictionary word is part of that word (千家万户, 一次性, 一把手):
    the word that holds the numeral's first character runs past the measure word (jieba tags a plain
    numeral + measure word m, as in 两千多名). 十分/一起/一道 before other words are adverbs, and a word
    jieba knows as an idiom (一点一滴) is one. Returns the reason, or ""."""
    core = text[n.start : u.end]
    if core in NUMERAL_ADVERBS:
        return "adverb"
    first = words.covering(n.start)
    if first is None:
        return ""
    s, e, tok = first
    if s < n.start and text[s : n.start] not in PRE_QUALIFIERS:
        return "inside a word"
    if e > u.end and text[u.end : e][:1] not in "余多以左上" and tok.flag not in ("m", "mq", "q"):
        return "inside a word"
    if s == n.start and e == u.end and tok.flag in ("i", "l"):
        return "idiom"  # 一点一滴
    if u.end < len(text) and u.unit and text[u.end] == u.unit[-1]:
        return "reduplication"  # 一盏盏
    return ""


def _nounish(tok: PosToken) -> bool:
    return tok.flag.startswith("n") and tok.flag != "nr"


_COUNTED_ITEM_RE = re.compile(
    rf"(?:[0-9０-９]|[二两三四五六七八九十百千万])[\u4e00-\u9fff]{{1,2}}[、和及与]\S{{0,{WINDOW}}}$"
)


_DISTRIBUTIVE_RE = re.compile(r"各[\u4e00-\u9fff]{1,6}$|每[\u4e00-\u9fff]$")


def _counted_list_before(text: str, j: int) -> bool:
    """The item before this one in a list ends with a count of its own (手套两双、护膝一副)."""
    return _COUNTED_ITEM_RE.search(text[max(0, j - 2 * WINDOW) : j]) is not None


def _soft_reason(text: str, n: NumberMatch, u: _Unit, qualifier: str, q_start: int, words: _Words) -> str:
    """Why a Chinese-numeral quantity is not a confident key figure ("" when it is one).

    - 几十个, 数百名: an indefinite number;
    - 一 + measure word before a noun is an indefinite article (一种感觉, 一批骨干, 一起纠纷); it counts
      only as a duration (一个月), after the noun in a list (春联一副。) or with a qualifier;
    - a multiple or half in numerals states a figure with a change word before it (多了近一倍, 低一半)
      or, for a half, a qualifier (近一半); otherwise it describes (是前年的近三倍, 捐出一半);
    - a small numeral right after a list restates the list's count (红、蓝两队, “甲”和“乙”两个元素).
    """
    j = _skip_space_back(text, n.start)
    if text[max(0, j - 2) : j].endswith(VAGUE_BEFORE):
        return "indefinite number"
    prev = words.ending_at(_skip_space_back(text, q_start))
    prev_word = prev[1] if prev else None
    base = u.unit
    head = text[max(0, q_start - 4) : _skip_space_back(text, q_start)]
    if base in ("倍", "半"):
        if head.endswith(CHANGE_WORDS) or (base == "半" and qualifier):
            return ""
        return "ratio without a change"
    after = text[u.end : u.end + 1]
    ends_clause = not after or after in _PUNCT or after in "和及与或"
    if n.raw == "一" and not qualifier:
        if text[max(0, j - 1) : j] == "每":
            return "every single"
        if base in TIME_UNITS or base in AGE_UNITS:
            nxt = words.starting_at(u.end)
            if nxt is not None and nxt.flag.startswith(("v", "m")) and _CJK_RE.match(nxt.word):
                return "rate base"  # 一天跑三十多趟: per day
            return ""
        if _DISTRIBUTIVE_RE.search(text[max(0, j - WINDOW) : j]):
            return ""  # 各发放了一台, 每户一份: a count handed to each
        if ends_clause and (_counted_list_before(text, j) or (prev_word is not None and _nounish(prev_word))):
            return ""  # 春联一副。 / 手套两双、护膝一副。
        return "indefinite article"
    if not qualifier and n.number <= APPOSITION_MAX and not ends_clause:
        head = text[max(0, j - 16) : j]
        clause = re.split(r"[，。；：！？,;:!?\n]", head)[-1]
        if ("、" in clause or re.search("[和与及]", clause)) and prev_word is not None:
            pflag = prev_word.flag
            if (
                pflag.startswith(("n", "a", "b", "j")) or prev_word.word in _CLOSE_QUOTES
            ) and not pflag.startswith(("v", "p", "d")):
                return "restates a list"
    return ""


# ---------------------------------------------------------------------------------------------
# The scan


def _read(text: str, n: NumberMatch, words: _Words | None = None) -> Quantity:
    """Number n read in its context: unit, qualifier, kind."""
    words = words or _words_around(text, n.start, n.end + 6)
    u = _unit_after(text, n, words)
    qualifier, start = _pre_qualifier(text, n, words)
    number = n.number + (0.5 if u.plus_half else 0.0)
    negative = text[max(0, n.start - 2) : n.start] == "零下"
    if negative:
        number, start = -number, n.start - 2
    kind, reason, confident = u.kind, u.reason, True
    trail = _trail_qualifier(text, u.end, words) if kind == "quantity" else ""
    if qualifier in ("超过", "逾", "超") and trail == "以上":
        trail = ""  # 超过50人以上: one qualifier said twice
    pre_start = start
    qualifier = qualifier or u.post or trail
    ident = _is_identifier(text, n, u) if kind in ("quantity", "number") else ""
    if _is_ordinal(text, n):
        kind, reason = "ordinal", "ordinal"
    elif kind == "quantity" and _is_rank(text, n, u, words):
        kind, reason = "ordinal", "ranking"
    elif _is_weekday(text, n):
        kind, reason = "date", "weekday or day of month"
    elif ident:
        kind, reason = "identifier", ident
    elif kind == "quantity":
        if _is_year(text, n, u):
            kind, reason = "date", "year"
        elif _is_time_reference(text, u):
            kind, reason = "date", "time reference"
        elif _is_time_window(text, n, u, qualifier if pre_start < n.start else "", pre_start, words):
            kind, reason = "date", "time window"
        elif _is_address(text, n, u, words):
            kind, reason = "label", "address"
        elif _is_session_name(text, u):
            kind, reason = "ordinal", "session name"
        elif _is_er_label(n, u) or _is_system(text, u):
            kind, reason = "label", "label"
        elif _in_short_name(text, n.start, u.end):
            kind, reason = "label", "name"
        elif _is_round_the_clock(text, n, u, words):
            kind, reason = "label", "round the clock"
        elif n.chinese:
            why = _idiom_or_adverb(text, n, u, words)
            if why:
                kind, reason = "number", why
            else:
                reason = _soft_reason(text, n, u, qualifier, pre_start, words)
                confident = not reason
    span = re.sub(r"\s", "", text[start : u.end])
    return Quantity(
        start,
        u.end,
        n.start,
        span,
        n.raw,
        number,
        u.unit,
        qualifier,
        kind,
        n.chinese,
        confident,
        reason,
        n.fraction,
    )


def _numbers(text: str) -> Iterator[NumberMatch]:
    """Digit numbers and Chinese numerals in reading order, lazily; a numeral inside a digit number
    (the 万 of 1.2万) and a lone 零 (零件, 零距离, the sign of 零下22摄氏度) are dropped."""
    last_arabic_end = -1
    for n in heapq.merge(iter_numbers(text), iter_cn_numbers(text), key=lambda n: (n.start, n.chinese)):
        if not n.chinese:
            last_arabic_end = n.end
            yield n
            continue
        if n.start < last_arabic_end:
            continue
        if n.start == last_arabic_end and n.raw in ("万", "亿", "千", "万亿", "千万"):
            continue
        if n.value == 0 and not n.fraction:
            continue
        yield n


def _replace(q: Quantity, **changes: Any) -> Quantity:
    return dataclasses.replace(q, **changes)


def _as_range_end(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    """20—30人, 60至80岁, 3至5万元: the lower end of a range takes the unit (scale included) and kind
    of the upper end; None when a and b are no range."""
    if a.unit or a.fraction or a.kind != "number" or not b.unit or b.start != b.num_start:
        return None
    if text[a.end : b.num_start].strip(_SPACE) not in RANGE_MARKS:
        return None
    reason = "range" if b.kind == "quantity" else b.reason
    return Quantity(
        a.start,
        a.end,
        a.num_start,
        a.span,
        a.raw,
        a.number,
        b.unit,
        a.qualifier,
        b.kind,
        a.chinese,
        b.confident,
        reason,
        a.fraction,
    )


def iter_quantities(text: str, chinese_numerals: bool = True) -> Iterator[Quantity]:
    """find_quantities, lazily: a caller that needs only the first ones (a capped figure list) stops
    the scan there. Holds one quantity back, to give the lower end of a range its unit."""
    last_end = 0
    pending: Quantity | None = None
    for n in _numbers(text):
        if n.start < last_end or (n.chinese and not chinese_numerals):
            continue  # a numeral inside the unit just read (个百分点, 千米)
        q = _read(text, n)
        if q.unit:
            last_end = q.end
        if pending is not None:
            yield _as_range_end(text, pending, q) or pending
        if n.upper is not None and q.kind == "quantity":  # 七八千元: the lower end, then the upper end
            yield q
            q = _replace(q, number=n.upper, reason="approximate range")
        pending = q
    if pending is not None:
        yield pending


def find_quantities(text: str, chinese_numerals: bool = True) -> list[Quantity]:
    """Every number in text, in reading order, each read as the quantity (or date, label …) it is."""
    return list(iter_quantities(text, chinese_numerals))
