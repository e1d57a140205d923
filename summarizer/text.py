"""Text and number normalisation shared by the segmenter, both engines, grounding, retrieval and evals.

Everything that decides "is this the same text / the same number" lives here, so that the segmenter,
the grounding validator and the eval metrics can never disagree about it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_ZW_RE = re.compile(f"[{ZERO_WIDTH}]")
_WS_RE = re.compile(r"\s+")

SCALES: dict[str, float] = {"万亿": 1e12, "万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
APPROX_WORDS = ("大约", "超过", "近", "约", "逾", "超", "余", "多", "左右", "以上")

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
ARABIC_NUMBER_RE = re.compile(
    rf"(?<![{_DIGIT}.．])"
    rf"(?P<num>[{_DIGIT}]{{1,3}}(?:[,，][{_DIGIT}]{{3}})+(?:[.．][{_DIGIT}]+)?|[{_DIGIT}]+(?:[.．][{_DIGIT}]+)?)"
    rf"(?:[ \t\u3000]*(?P<more>[余多])?[ \t\u3000]*(?P<scale>万亿|[万亿千](?![米克瓦]|方)))?"
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
CN_NUMBER_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


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


SCALE_WORDS = ("万亿", "亿", "万", "千")  # longest first: "万亿元" is 万亿 + 元, not 万 + 亿元


def split_scale(unit: str) -> tuple[str, str]:
    """A printed unit split into its 万/亿 scale and the rest: "万元" -> ("万", "元"), "个" -> ("", "个")."""
    scale = next((s for s in SCALE_WORDS if unit.startswith(s)), "")
    return scale, unit[len(scale) :]


def parse_arabic(num: str) -> float:
    """'1,200' / '１２' / '5.89' -> float."""
    t = to_halfwidth(num).replace(",", "").replace("，", "")
    return float(t)


def parse_cn_number(s: str) -> float | None:
    """Chinese numerals to a number: '两' -> 2, '十三' -> 13, '三百二十一' -> 321, '百万' -> 1e6.

    Returns None for strings that are not a well-formed numeral.
    """
    if not s or not CN_NUMBER_RE.fullmatch(s):
        return None
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[ch] != 0:
                return None  # "三五" is not a numeral we trust
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (digit if digit is not None else 1) * CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * CN_BIG[ch] if ch == "亿" else total + section * CN_BIG[ch]
            section = 0.0
            digit = None
    return total + section + (digit or 0)


def find_numbers(text: str) -> list[NumberMatch]:
    """Every Arabic-digit number in text, with 万/亿/千 scaling and percent signs, spans in text."""
    found: list[NumberMatch] = []
    for m in ARABIC_NUMBER_RE.finditer(text):
        number = parse_arabic(m.group("num"))
        scale = m.group("scale") or ""
        value = number * SCALES.get(scale, 1.0)
        found.append(
            NumberMatch(
                value=round(value, 6),
                raw=m.group(0),
                number=number,
                scale=scale,
                percent=bool(m.group("pct")),
                start=m.start(),
                end=m.end(),
                more=m.group("more") or "",
            )
        )
    return found


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


_APPROX_RE = re.compile("|".join(sorted(map(re.escape, APPROX_WORDS), key=len, reverse=True)))


def quantity_key(text: str) -> tuple[float, str] | None:
    """Comparison key of a printed quantity: '近400万元' -> (4000000.0, '元'), '98.61%' -> (98.61, '%').

    The gold rule for "the same key figure": same number after 万/亿 scaling, same unit, approximation
    words ignored; Chinese numerals count ('两部' -> (2.0, '部'), '近百万元' -> (1000000.0, '元')).
    None when text does not start with a number.
    """
    t = _APPROX_RE.sub("", fold(text))
    if not t:
        return None
    nums = find_numbers(t)
    if nums and nums[0].start == 0:
        n = nums[0]
        unit = ("%" if n.percent else "") + t[n.end :]
        return round(n.value, 6), unit
    m = CN_NUMBER_RE.match(t)
    if not m:
        return None
    value = parse_cn_number(m.group(0))
    if value is None:
        return None
    return round(value, 6), t[m.end() :]
