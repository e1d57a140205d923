"""The one quantity scanner: every number in a text with its scale, qualifier, unit and what kind of number it is.

Key figures (summarizer.figures) and the offline answerer (summarizer.answering) both read quantities
through find_quantities, so "how many" answers and key figures can never disagree on what a number
counts. Numbers themselves are found by summarizer.text (the one normaliser); this module only reads
what stands around them: 近/逾/约 before, 余/多 and 万/亿 after, then the measure word, and whether
the number is really a date, an ordinal, a label or an identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.lexicon import (
    CN_CONFIDENT_UNITS,
    COUNT_UNITS,
    DATE_WORDS,
    LABEL_WORDS,
    NOT_A_UNIT_WORDS,
    NOT_UNITS,
    POST_QUALIFIERS,
    PRE_QUALIFIER_WORDS,
    TRAIL_QUALIFIERS,
)
from summarizer.text import (
    CN_NUMBER_RE,
    SCALES,
    NumberMatch,
    find_numbers,
    parse_cn_number,
    split_scale,
    to_halfwidth,
)
from summarizer.tokens import pos_tokens

_TAIL_RE = re.compile("|".join(map(re.escape, sorted(COUNT_UNITS + NOT_UNITS, key=len, reverse=True))))
_COUNT_RE = re.compile("|".join(map(re.escape, sorted(COUNT_UNITS, key=len, reverse=True))))
_SPACE = " \t\u3000"
_GLUE = frozenset("了 的 共 达 有 为 已 计 到 至 和 并 仅 就 才 还 也 都".split())
_CN_DIGIT_CHARS = frozenset("二两三四五六七八九")

KINDS = ("quantity", "number", "date", "ordinal", "label", "identifier")


@dataclass(frozen=True)
class Quantity:
    """One number as the text states it. Offsets index the text given to find_quantities."""

    start: int  # first char, the qualifier before the number included
    end: int  # one past the unit (or the number when there is none)
    num_start: int  # first char of the number itself
    span: str  # text[start:end] without spaces: "近400万元", "200余名", "97.34%"
    raw: str  # the number as printed: "400", "26.19 万", "百万"
    number: float  # the printed number before 万/亿 scaling
    unit: str  # as printed, scale included: "万元", "%", "万" (a bare scale), "" (none)
    qualifier: str  # 近/逾/约/超过/超, 余/多, 以上/左右, or ""
    kind: str  # one of KINDS: only "quantity" is a key figure
    chinese: bool = False  # written in Chinese numerals
    confident: bool = True  # a Chinese-numeral quantity in a shape that is rarely rhetoric

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


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _skip_space_back(text: str, i: int) -> int:
    """Index just past the last non-space char before i."""
    while i > 0 and text[i - 1] in _SPACE:
        i -= 1
    return i


def pre_qualifier(text: str, start: int) -> tuple[str, int]:
    """An approximation word standing as a word of its own before the number, and where it starts.

    A wrong "约" would misstate the figure, so 签约12家 / 预约3次 / 赶超3家 / 最近3天 must not yield one:
    the word is taken from jieba's segmentation of the text just before the number.
    """
    j = _skip_space_back(text, start)
    if not text.endswith(tuple(PRE_QUALIFIER_WORDS), 0, j):
        return "", start
    head = text[max(0, j - 8) : j]
    words = [w for w, _ in pos_tokens(head) if w.strip()]
    last = words[-1] if words else ""
    if last not in PRE_QUALIFIER_WORDS:
        # jieba's HMM sometimes glues a particle on ("了近"); a particle is not part of the word
        glued = next((q for q in PRE_QUALIFIER_WORDS if last.endswith(q) and last[: -len(q)] in _GLUE), "")
        if not glued:
            return "", start
        last = glued
    return PRE_QUALIFIER_WORDS[last], j - len(last)


def _is_identifier(text: str, start: int, end: int, digits: str) -> bool:
    """Phone numbers, codes and labels: digits glued to Latin letters or dashes, or very long runs."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and before.isascii() and (before.isalpha() or before in "-#/_:"):
        return True
    if after and after.isascii() and (after.isalpha() or after in "-/_:"):
        return True
    return "." not in digits and len(digits) >= 7


def _is_ordinal(text: str, start: int) -> bool:
    j = _skip_space_back(text, start)
    return j > 0 and text[j - 1] == "第"


def _is_clock(text: str, start: int) -> bool:
    j = _skip_space_back(text, start)
    return j > 0 and text[j - 1] in "时点"


def _is_year(text: str, n: NumberMatch, after: int) -> bool:
    """2023年 is a year; 3年 is a duration unless a month follows (23年5月)."""
    if n.number.is_integer() and 1000 <= n.number <= 2999 and not n.scale:
        return True
    return re.match(r"[ \t\u3000]*[0-9０-９]+[ \t\u3000]*月", text[after:]) is not None


def _trail_qualifier(text: str, end: int) -> str:
    return next((q for q in TRAIL_QUALIFIERS if text.startswith(q, end)), "")


def _unit_after(text: str, n: NumberMatch) -> tuple[str, str, int, str]:
    """(unit with its scale word, 余/多 if printed, end, kind) of the quantity starting with number n.

    Handles "350 余人次", "220多万元", "6 万多人次", "126万亿元"; kind says when what follows makes
    the number a date, time, year or label, or when nothing countable follows ("number").
    """
    i = _skip_space(text, n.end)
    scale, post = n.scale, n.more
    if text.startswith(POST_QUALIFIERS, i):  # 220多万元 / 350余人次 / 6万多人次
        post = text[i]
        i = _skip_space(text, i + 1)
        if not scale and i < len(text) and text[i] in "万亿":
            scale = text[i]
            i = _skip_space(text, i + 1)
    if scale == "万" and text.startswith("亿", i):  # 126万亿元
        scale, i = "万亿", _skip_space(text, i + 1)
    m = _TAIL_RE.match(text, i)
    if m is None or text.startswith(NOT_A_UNIT_WORDS, m.start()):  # 300万人口, 劳动年龄
        # "达1.2万", "300万人口": the scale word is the unit
        if scale:
            return scale, post, n.end if not post else i, "quantity"
        return "", post, n.end, "number"
    word = m.group(0)
    if word in DATE_WORDS or (word == "分" and _is_clock(text, n.start)):
        return word, post, m.end(), "date"
    if word in LABEL_WORDS:
        return "", post, n.end, "label"
    if word == "年" and not post and _is_year(text, n, m.end()):
        return word, post, m.end(), "date"
    return scale + word, post, m.end(), "quantity"


def _arabic(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for n in find_numbers(text):
        digits = to_halfwidth(re.sub(r"\s", "", n.raw))
        qualifier, start = pre_qualifier(text, n.start)
        if n.percent:
            unit, post, end, kind = n.scale + n.raw.rstrip()[-1], "", n.end, "quantity"
        else:
            unit, post, end, kind = _unit_after(text, n)
        if _is_ordinal(text, n.start):
            kind = "ordinal"
        elif kind in ("quantity", "number") and _is_identifier(text, n.start, n.end, digits):
            kind = "identifier"
        qualifier = qualifier or post or _trail_qualifier(text, end)
        span = re.sub(r"\s", "", text[start:end])
        out.append(Quantity(start, end, n.start, span, n.raw, n.number, unit, qualifier, kind))
    return out


def _chinese(text: str, taken: list[Quantity]) -> list[Quantity]:
    """Quantities written in Chinese numerals followed by a measure word ("两部", "近百万元", "两个多月").

    Every such shape is returned; confident=False marks the ones key figures leave out (idioms such as
    千家万户, numerals starting with 一, rhetoric such as 三个突破).
    """
    out: list[Quantity] = []
    for m in CN_NUMBER_RE.finditer(text):
        numeral = m.group(0)
        if any(q.start <= m.start() < q.end for q in taken) or _is_ordinal(text, m.start()):
            continue
        # A scale word at the end belongs to the unit: 百万元 -> 100 万元.
        scale = numeral[-1] if len(numeral) > 1 and numeral[-1] in "万亿" else ""
        core = numeral[:-1] if scale else numeral
        value = parse_cn_number(core)
        if value is None:
            continue
        i = m.end()
        post = ""
        if text.startswith(POST_QUALIFIERS, i) and not scale:  # 十余家, 两千多名
            post, i = text[i], i + 1
        if text.startswith("个多月", i):
            word, post, end = "个月", "多", i + 3
        else:
            u = _COUNT_RE.match(text, i)
            if u is None or text.startswith(NOT_A_UNIT_WORDS, i):
                continue
            word, end = u.group(0), u.end()
        qualifier, start = pre_qualifier(text, m.start())
        qualifier = qualifier or post
        prev = text[m.start() - 1] if m.start() > 0 else ""
        bare = not any(ch in _CN_DIGIT_CHARS for ch in core)
        confident = not (
            (prev and prev in "“‘「《星礼周初")
            or numeral.startswith(("一", "零", "〇"))
            or (bare and not scale and not post)  # 千家万户, 万人空巷, 百年大计, unlike 十余家
            or value < 2
            or word not in CN_CONFIDENT_UNITS
            or (scale and word not in ("元", "人"))
            or (end < len(text) and text[end] in "级届次代")  # 两年级, 三人次 as labels
        )
        span = text[start:end]
        out.append(
            Quantity(
                start,
                end,
                m.start(),
                span,
                numeral,
                value,
                scale + word,
                qualifier,
                "quantity",
                True,
                confident,
            )
        )
    return out


def find_quantities(text: str, chinese_numerals: bool = True) -> list[Quantity]:
    """Every number in text, in reading order, each read as the quantity (or date, label …) it is."""
    found = _arabic(text)
    if chinese_numerals:
        found += _chinese(text, found)
    found.sort(key=lambda q: q.num_start)
    return found
