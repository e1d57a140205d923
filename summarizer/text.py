"""Text and number normalisation shared by the segmenter, both engines, grounding, retrieval and evals.

Everything that decides "is this the same text / the same number" lives here, so that the segmenter,
the grounding validator and the eval metrics can never disagree about it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from summarizer.lexicon import APPROX_WORDS, COUNT_UNITS, PER_UNITS, RANGE_MARKS

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_ZW_RE = re.compile(f"[{ZERO_WIDTH}]")
_WS_RE = re.compile(r"\s+")


_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def strip_zero_width(s: str) -> str:
    return _ZW_RE.sub("", s)


def to_halfwidth(s: str) -> str:
    """NFKC: full-width digits, Latin letters, '％' and '．' become ASCII; CJK is unchanged."""
    return unicodedata.normalize("NFKC", s)


def fold(s: str | None) -> str:
    """Comparison key: NFKC, no zero-width characters, no whitespace at all.

    Two strings that fold equal are "the same text" for grounding, quotes and evals.
    """
    if not s:
        return ""
    return _WS_RE.sub("", strip_zero_width(to_halfwidth(s)))


def squash(s: str | None) -> str:
    """Remove all whitespace only (what the gold annotation compares with)."""
    return _WS_RE.sub("", s or "")


def _is_ascii_printable(ch: str) -> bool:
    return "!" <= ch <= "~"


def clean_spaces(s: str) -> str:
    """Drop stray spaces a PDF extractor leaves ("收集了 147个", "“ 工 BA”", "630 万元").

    A whitespace run survives (as one space) only between two ASCII characters that are not
    both digits or number punctuation: "Hello world" keeps its space, "1 47" and "147 个" do not.
    """
    s = strip_zero_width(s).replace("\u3000", " ")
    out: list[str] = []
    for m in re.finditer(r"\s+|\S+", s):
        tok = m.group(0)
        if not tok.isspace():
            out.append(tok)
            continue
        prev = out[-1][-1] if out else ""
        nxt = s[m.end()] if m.end() < len(s) else ""
        if prev and nxt and _is_ascii_printable(prev) and _is_ascii_printable(nxt):
            numeric = set("0123456789.,%")
            if not (prev in numeric and nxt in numeric):
                out.append(" ")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Numbers

_DIGIT = "0-9０-９"
_NUM_SPACE = "[ \t\u3000\u00a0]"  # a stray space a PDF extractor leaves inside a number ("2 680", "1. 3")
ARABIC_NUMBER_RE = re.compile(
    rf"(?<![{_DIGIT}.．])"
    rf"(?P<num>[{_DIGIT}]{{1,3}}(?:[,，][{_DIGIT}]{{3}})+(?:[.．][{_DIGIT}]+)?"
    rf"|[{_DIGIT}]+(?:{_NUM_SPACE}{{1,2}}[{_DIGIT}]+)*(?:{_NUM_SPACE}?[.．]{_NUM_SPACE}?[{_DIGIT}]+)?)"
    rf"(?:[ \t\u3000]*(?P<more>[余多])?[ \t\u3000]*(?P<scale>万亿|千万|[万亿千](?![米克瓦卡焦]|方)))?"
    rf"(?:[ \t\u3000]*(?P<pct>[%％]))?"
)
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 1e4, "亿": 1e8}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
CN_NUMBER_RE = re.compile(f"[{CN_NUMERAL_CHARS}]+")


@dataclass(frozen=True)
class NumberMatch:
    """One number found in a text: its value after 万/亿 scaling, and where it stands."""

    value: float
    raw: str  # as printed, e.g. "5.89 万" or "98.61%"
    number: float  # the printed number before scaling (5.89)
    scale: str  # "万", "亿", "千" or ""
    percent: bool
    start: int
    end: int
    more: str = ""  # 余/多 printed between the number and its scale ("220多万" -> "多")
    chinese: bool = False  # written in Chinese numerals ("三万", "百分之六十四")
    fraction: bool = False  # a share written as a fraction ("五分之二" -> 0.4): no unit follows
    digits: bool = False  # Chinese digits read one by one ("二〇二四"): a year or a code, never a count
    upper: float | None = None  # the upper end of an approximate range ("七八千" -> number 7000, upper 8000)


SCALE_WORDS = (
    "万亿",
    "千万",
    "百万",
    "亿",
    "万",
    "千",
)  # longest first: "万亿元" is 万亿 + 元, not 万 + 亿元
SCALES: dict[str, float] = {
    "万亿": 1e12,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "亿": 1e8,
    "千": 1e3,
    "百": 1e2,
}
# Units that begin with 千 as part of the word, not as a scale: 5千克 is 5 kg, not 5000 克.
_KILO_UNITS = ("千克", "千米", "千瓦", "千卡", "千焦", "千兆", "千伏", "千帕")


def split_scale(unit: str) -> tuple[str, str]:
    """A printed unit split into its 万/亿 scale and the rest: "万元" -> ("万", "元"), "个" -> ("", "个")."""
    if unit.startswith(_KILO_UNITS):
        return "", unit
    scale = next((s for s in SCALE_WORDS if unit.startswith(s)), "")
    return scale, unit[len(scale) :]


def parse_arabic(num: str) -> float:
    """'1,200' / '１２' / '5.89' / '2 680' (a stray space) -> float."""
    t = _WS_RE.sub("", to_halfwidth(num)).replace(",", "").replace("，", "")
    return float(t)


def _cn_section(s: str) -> int | None:
    """A numeral below 10^4 without 万/亿: '三百二十一' -> 321, '十五' -> 15, '一千二' -> 1200 (spoken short form).

    Units must fall (千 > 百 > 十); two digits never touch ("三五" is a range, not 35); 零 only
    marks a gap after a unit ("一百零八"). A digit right after 百/千 with no gap is the next place down
    (一千二 = 1200, 三百五 = 350), as readers take it.
    """
    total, digit, last_unit, prev, gap = 0, 0, 10**4, "", False
    for ch in s:
        if ch in "零〇":
            if prev != "u":
                return None
            prev, gap = "z", True
        elif ch in CN_DIGITS:
            if prev == "d":
                return None
            digit, prev = CN_DIGITS[ch], "d"
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit or (prev == "d" and digit == 0):
                return None
            total += (digit if prev == "d" else 1) * unit
            last_unit, prev, gap, digit = unit, "u", False, 0
        else:
            return None
    if prev == "z" or not s:
        return None
    if prev == "d":
        total += digit * (last_unit // 10 if not gap and 100 <= last_unit < 10**4 else 1)
    return total


def _cn_big(s: str) -> float | None:
    """A numeral with 万/亿 sections: '四万八千' -> 48000, '两万五' -> 25000, '一亿两千万' -> 1.2e8."""
    for big, mult in (("亿", 1e8), ("万", 1e4)):
        i = s.rfind(big)
        if i < 0:
            continue
        high = _cn_big(s[:i]) if i else 1.0
        low_s = s[i + 1 :]
        if high is None:
            return None
        if not low_s:
            return high * mult
        if low_s[0] in "零〇":
            low = _cn_big(low_s[1:]) if len(low_s) > 1 else None
        elif len(low_s) == 1 and low_s in CN_DIGITS:
            low = CN_DIGITS[low_s] * mult / 10  # 两万五 = 25000: the spoken short form
        else:
            low = _cn_big(low_s)
        if low is None or low >= mult:
            return None
        return high * mult + low
    section = _cn_section(s)
    return None if section is None else float(section)


def parse_cn_number(s: str) -> float | None:
    """Chinese numerals to a number: '两' -> 2, '十三' -> 13, '三百二十一' -> 321, '百万' -> 1e6.

    Returns None for strings that are not a well-formed numeral ("三五", "百千万", "二〇二四").
    """
    if not s or not CN_NUMBER_RE.fullmatch(s):
        return None
    if s in ("零", "〇"):
        return 0.0
    return _cn_big(s)


def parse_cn_digits(s: str) -> int | None:
    """Chinese digits read one by one, as years and codes are written: '二〇二四' -> 2024.

    Only runs that cannot be a numeral of their own: three or more digits, or any with 〇.
    """
    if not s or any(ch not in CN_DIGITS or ch == "两" for ch in s):
        return None
    if len(s) < 3 and "〇" not in s:
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in s))


_CN_RUN = f"[{CN_NUMERAL_CHARS}]+"
_CN_DEC = "[零〇一二三四五六七八九]+"
CN_QUANTITY_RE = re.compile(
    rf"(?P<pct>百分之|千分之)(?P<pnum>{_CN_RUN})(?:点(?P<pdec>{_CN_DEC}))?"
    rf"|(?P<den>{_CN_RUN})分之(?P<nom>{_CN_RUN})"
    rf"|(?P<run>{_CN_RUN})(?:点(?P<dec>{_CN_DEC})(?P<dscale>万亿|亿|万))?"
    rf"|(?<![上下前后大多])(?P<half>半)(?=个多?月|个多?小时|个钟头|年|小时|学期)"
)


def _cn_decimal(whole: float, dec: str | None) -> float:
    if not dec:
        return whole
    return whole + float("0." + "".join(str(CN_DIGITS[c]) for c in dec))


def find_cn_numbers(text: str) -> list[NumberMatch]:
    """Every number written in Chinese numerals, read like find_numbers reads digits.

    "三万" -> 3 with scale 万 (a printed scale stays in the unit, as in "3万"); "一百二十万" -> 120 万;
    "四万八千" -> 48000; "近万" -> 1 万; "百分之六十四" -> 64 %; "五分之二" -> 0.4 (fraction);
    "三点五亿" -> 3.5 亿 (a numeral decimal only before 万/亿: 一点一滴 is an idiom); "二〇二四" -> 2024
    (digits, a year); "半个月" -> 0.5. Runs that are no
    numeral ("三五", "百千万") are left out. Spans index text; callers drop runs inside digit numbers.
    """
    return list(iter_cn_numbers(text))


def iter_cn_numbers(text: str) -> Iterator[NumberMatch]:
    """find_cn_numbers, lazily (a caller that stops early never scans the rest of a long text)."""
    for m in CN_QUANTITY_RE.finditer(text):
        n = _cn_from_match(m)
        if n is not None:
            yield n


def _cn_from_match(m: re.Match[str]) -> NumberMatch | None:
    """The NumberMatch of one CN_QUANTITY_RE match, or None when the run is no numeral."""
    if m.group("half"):
        return NumberMatch(0.5, "半", 0.5, "", False, m.start(), m.end(), chinese=True)
    if m.group("pct"):
        value = parse_cn_number(m.group("pnum"))
        if value is None:
            return None
        value = _cn_decimal(value, m.group("pdec"))
        if m.group("pct") == "千分之":
            value /= 10
        value = round(value, 6)
        return NumberMatch(value, m.group(0), value, "", True, m.start(), m.end(), chinese=True)
    if m.group("den"):
        den, nom = parse_cn_number(m.group("den")), parse_cn_number(m.group("nom"))
        if not den or nom is None:
            return None
        value = round(nom / den, 6)
        return NumberMatch(
            value, m.group(0), value, "", False, m.start(), m.end(), chinese=True, fraction=True
        )
    run = m.group("run")
    scale = next((s for s in ("万亿", "亿", "万") if run.endswith(s)), "")
    core = run[: len(run) - len(scale)]
    if scale == "万" and "亿" in core:  # 一亿两千万: the 万 belongs to the low section
        scale, core = "", run
    number = parse_cn_number(core) if core else 1.0  # 近万名 = 近 1 万名
    digits = False
    ends = _cn_approx(core) if number is None and not m.group("dec") else None
    if ends is not None:  # 七八千, 二三十, 十七八, 五六十万: an approximate range
        low, high = ends
        mult = SCALES.get(scale, 1.0)
        return NumberMatch(
            round(low * mult, 6), run, low, scale, False, m.start(), m.end(), chinese=True, upper=high
        )
    if number is None:
        as_digits = parse_cn_digits(run)
        if as_digits is None or m.group("dec"):
            return None
        number, scale, digits = float(as_digits), "", True
    if m.group("dec"):
        if scale:
            return None  # 三万点五 is not a number
        number = _cn_decimal(number, m.group("dec"))
        scale = m.group("dscale") or ""
    value = round(number * SCALES.get(scale, 1.0), 6)
    return NumberMatch(
        value, m.group(0), number, scale, False, m.start(), m.end(), chinese=True, digits=digits
    )


# Two digits written side by side name a loose range: neighbouring digits (七八, with 两 for 二
# before a measure word or a unit: 一两, 两三), and the idiom 三五 ("three to five", "a few").
LOOSE_PAIR = "三五"
_APPROX_PAIR_RE = re.compile(
    f"(十)?(一两|一二|两三|二三|三四|四五|五六|六七|七八|八九|{LOOSE_PAIR})(十|百|千)?"
)


def _cn_approx(core: str) -> tuple[float, float] | None:
    """Two digits side by side name an approximate range: 七八千 = 7000-8000, 二三十 = 20-30,
    十七八 = 17-18, 一两 = 1-2, 两三个 = 2-3, 三五天 = 3-5 (readers take both ends; neither is the
    number). 两 is the form 二 takes before a measure word or 百/千, so 两三 is the pair 二三."""
    m = _APPROX_PAIR_RE.fullmatch(core)
    if not m:
        return None
    ten, pair, unit = m.groups()
    if ten and (unit or pair == LOOSE_PAIR):
        return None  # 十三五 names a five-year plan (the 13th), not "thirteen to fifteen"
    lo, hi = CN_DIGITS[pair[0]], CN_DIGITS[pair[1]]
    mult = CN_UNITS.get(unit or "", 1)
    base = 10 if ten else 0
    return float(base + lo * mult), float(base + hi * mult)


def _arabic_from_match(m: re.Match[str]) -> NumberMatch:
    number = parse_arabic(m.group("num"))
    scale = m.group("scale") or ""
    return NumberMatch(
        value=round(number * SCALES.get(scale, 1.0), 6),
        raw=m.group(0),
        number=number,
        scale=scale,
        percent=bool(m.group("pct")),
        start=m.start(),
        end=m.end(),
        more=m.group("more") or "",
    )


def number_at(text: str, start: int) -> NumberMatch | None:
    """The number (digits or Chinese numerals) that begins exactly at text[start], as the finders read it."""
    m = ARABIC_NUMBER_RE.match(text, start)
    if m:
        return _arabic_from_match(m)
    c = CN_QUANTITY_RE.match(text, start)
    return _cn_from_match(c) if c else None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every Arabic-digit number in text, with 万/亿/千 scaling and percent signs, spans in text."""
    return list(iter_numbers(text))


def iter_numbers(text: str) -> Iterator[NumberMatch]:
    """find_numbers, lazily."""
    return map(_arabic_from_match, ARABIC_NUMBER_RE.finditer(text))


@lru_cache(maxsize=512)
def number_values(text: str) -> frozenset[float]:
    """All values a reader could take from text: each number both scaled and as printed.

    Cached: grounding asks it of the same article for every sentence, key point and figure.
    """
    vals: set[float] = set()
    for n in find_numbers(text):
        vals.add(n.value)
        vals.add(round(n.number, 6))
    return frozenset(vals)


def ungrounded_numbers(claim: str, source: str) -> list[str]:
    """Numbers printed in claim that do not occur in source (after 万/亿/%/full-width normalisation).

    "1.2万" in a claim is grounded by "12000" in the source and vice versa.
    """
    have = number_values(source)
    missing: list[str] = []
    for n in find_numbers(claim):
        if n.value in have or (not n.scale and n.number in have):
            continue
        missing.append(n.raw.strip())
    return missing


def has_cjk(s: str) -> bool:
    return re.search(f"[{_CJK}]", s) is not None


_SENT_END = "。！？!?；;"
_CLOSERS = "”’」』）)\"'"


_SENTENCE_RE = re.compile(rf"[^{_SENT_END}\n]*[{_SENT_END}][{_CLOSERS}]*|[^{_SENT_END}\n]+")


def split_sentences(text: str) -> list[str]:
    """Split Chinese text into sentences at 。！？；(and newlines), keeping closing quotes attached.

    Used by the extractive summary, the retrieval index (cite a sentence) and grounding (drop a
    sentence that carries an ungrounded number). One regex pass: the index splits ~10^5 sentences.
    """
    return [t for t in (m.group(0).strip() for m in _SENTENCE_RE.finditer(text)) if t]


_APPROX_RE = re.compile("|".join(map(re.escape, APPROX_WORDS)))  # longest first (lexicon)
_UNIT_RE = re.compile("|".join(map(re.escape, COUNT_UNITS)))  # longest first (lexicon)
_PER_RE = re.compile("/(?:" + "|".join(map(re.escape, sorted(PER_UNITS, key=len, reverse=True))) + ")")
_RANGE_RE = re.compile("|".join(map(re.escape, RANGE_MARKS)))


def _leading_number(t: str) -> NumberMatch | None:
    """The number t starts with, digits or Chinese numerals."""
    nums = find_numbers(t)
    if nums and nums[0].start == 0:
        return nums[0]
    cn = find_cn_numbers(t)
    if cn and cn[0].start == 0 and not cn[0].digits:
        return cn[0]
    return None


def canonical_unit(rest: str) -> str:
    """The unit a printed quantity's tail starts with: the longest measure word of the lexicon ("个区" -> "个",
    "周岁以上" -> "周岁", "元/人" -> "元/人"); a tail no measure word starts is kept whole."""
    m = _UNIT_RE.match(rest)
    if not m:
        return rest
    unit = m.group(0)
    per = _PER_RE.match(rest, m.end())
    return unit + per.group(0) if per else unit


def quantity_keys(text: str) -> list[tuple[float, str]]:
    """Comparison keys of a printed quantity, both ends of a range: '30至70平米' -> [(30, '平米'), (70, '平米')]."""
    t = _APPROX_RE.sub("", fold(text))
    negative = t.startswith(("零下", "-", "－"))
    if negative:
        t = t[2:] if t.startswith("零下") else t[1:]
    n = _leading_number(t)
    if n is None:
        return []
    value = -n.value if negative else n.value
    rest = t[n.end :]
    if n.upper is not None:  # 七八千元: both ends of the approximate range
        unit = canonical_unit(rest)
        mult = SCALES.get(n.scale, 1.0)
        return [(round(value, 6), unit), (round(n.upper * mult, 6), unit)]
    if n.percent:
        return [(round(value, 6), "%")]
    if n.fraction:
        return [(round(value, 6), "")]
    mark = _RANGE_RE.match(rest)
    upper = _leading_number(rest[mark.end() :]) if mark else None
    if mark and upper is not None:  # 20—30人: the lower end takes the upper end's unit
        tail = rest[mark.end() + upper.end :]
        unit = "%" if upper.percent else canonical_unit(tail)
        scale = SCALES.get(upper.scale, 1.0) if not n.scale else 1.0
        return [(round(value * scale, 6), unit), (round(upper.value, 6), unit)]
    unit = canonical_unit(rest)
    keys = [(round(value, 6), unit)]
    after = rest[len(unit) :] if rest.startswith(unit) else ""
    mark = _RANGE_RE.match(after)
    upper = _leading_number(after[mark.end() :]) if mark else None
    if mark and upper is not None and canonical_unit(after[mark.end() + upper.end :]) == unit:  # 2元至5元
        keys.append((round(upper.value, 6), unit))
    return keys


def quantity_key(text: str) -> tuple[float, str] | None:
    """Comparison key of a printed quantity: '近400万元' -> (4000000.0, '元'), '98.61%' -> (98.61, '%').

    The gold rule for "the same key figure": same number after 万/亿 scaling, same unit (the measure
    word the printed tail starts with: "10个区" and "10个" agree), approximation words ignored; Chinese
    numerals count ('两部' -> (2.0, '部'), '近百万元' -> (1000000.0, '元'), '三万余人' -> (30000.0, '人'),
    '百分之六十四' -> (64.0, '%'), '五分之二' -> (0.4, '')); a range keys as its lower end.
    None when text does not start with a number.
    """
    keys = quantity_keys(text)
    return keys[0] if keys else None
