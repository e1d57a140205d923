"""Property tests for the shared normaliser (summarizer/text.py): number finding, Chinese numerals,
space cleaning and grounding. Expected values come from references written here, not from text.py."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summarizer.text import (
    clean_spaces,
    find_cn_numbers,
    find_numbers,
    fold,
    number_values,
    parse_cn_digits,
    parse_cn_number,
    quantity_key,
    quantity_keys,
    split_scale,
    split_sentences,
    ungrounded_numbers,
)

FULLWIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
# CJK filler that contains no numeral or scale characters, so the only number is the one we put in
FILLER = st.text(CJK.filter(lambda c: c not in "零〇一二两三四五六七八九十百千万亿"), min_size=1, max_size=6)


def with_thousands(digits: str) -> str:
    """Reference thousands grouping: '1234567' -> '1,234,567'."""
    out = ""
    for i, ch in enumerate(reversed(digits)):
        if i and i % 3 == 0:
            out = "," + out
        out = ch + out
    return out


@st.composite
def printed_numbers(draw) -> tuple[str, float]:
    """A number as a newspaper might print it, and the value a reader takes from it."""
    integer = draw(st.integers(0, 9_999_999))
    frac = draw(st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=3)))
    scale = draw(st.sampled_from(["", "万", "亿"]))
    digits = str(integer)
    if draw(st.booleans()) and integer >= 1000:
        digits = with_thousands(digits)
    text = digits + ("." + frac if frac else "")
    value = float(f"{integer}.{frac}" if frac else integer) * {"": 1, "万": 1e4, "亿": 1e8}[scale]
    if draw(st.booleans()):
        text = text.translate(FULLWIDTH)
    space = draw(st.sampled_from(["", " ", "  ", "\u3000"]))
    return text + space + scale, value


@settings(max_examples=300, deadline=None)
@given(
    num=printed_numbers(),
    before=FILLER,
    after=FILLER,
    pad1=st.sampled_from(["", " "]),
    pad2=st.sampled_from(["", " "]),
)
def test_find_numbers_reads_printed_numbers(num, before, after, pad1, pad2) -> None:
    printed, value = num
    assume(not (after[0] in "米克瓦方" and printed.rstrip().endswith(("万", "亿"))))
    text = f"{before}{pad1}{printed}{pad2}{after}"
    found = find_numbers(text)
    assert len(found) == 1, (text, found)
    assert found[0].value == pytest.approx(value, rel=1e-9)
    assert text[found[0].start : found[0].end] == found[0].raw


@settings(max_examples=200, deadline=None)
@given(digits=st.integers(1, 10**9).map(str), data=st.data())
def test_spaces_inside_numbers_are_removed_by_clean_spaces(digits: str, data) -> None:
    """A PDF extractor's stray spaces inside a number ("1 47") never change the number after cleaning."""
    cuts = data.draw(st.lists(st.integers(1, max(1, len(digits) - 1)), max_size=3))
    spaced = digits
    for c in sorted(set(cuts), reverse=True):
        if c < len(spaced):
            spaced = spaced[:c] + " " + spaced[c:]
    text = f"收集了 {spaced} 个作品"
    found = find_numbers(clean_spaces(text))
    assert [n.value for n in found] == [float(digits)]


def test_percent_and_scale_examples() -> None:
    (p,) = find_numbers("满意率提升至９８．６１％。")
    assert p.percent and p.value == pytest.approx(98.61)
    (w,) = find_numbers("覆盖5.89 万家企业")
    assert w.value == pytest.approx(58_900) and w.number == pytest.approx(5.89) and w.scale == "万"


# ---------------------------------------------------------------------------------------------
# Chinese numerals: a reference writer of standard numerals, read back by parse_cn_number

_CN = "零一二三四五六七八九"


def cn_numeral(n: int, liang: bool = False) -> str:
    """Reference: 0..99999999 as a standard Chinese numeral (十五, 一百零五, 一万零一十, 两千)."""
    if n == 0:
        return "零"

    def below_10k(k: int, leading: bool) -> str:
        out, pending_zero = "", False
        for unit, div in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = k // div % 10
            if d == 0:
                pending_zero = pending_zero or bool(out)
                continue
            if pending_zero:
                out += "零"
                pending_zero = False
            if unit == "十" and d == 1 and not out and leading:
                out += "十"
                continue
            out += ("两" if liang and d == 2 and unit in ("千", "百") else _CN[d]) + unit
        return out

    high, low = divmod(n, 10_000)
    if high == 0:
        return below_10k(low, True)
    text = below_10k(high, True) + "万"
    if low == 0:
        return text
    if low < 1000:
        text += "零"
    return text + below_10k(low, False)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("零", 0),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("两千", 2000),
        ("一万零一十", 10010),
    ],
)
def test_reference_numeral_writer(numeral: str, value: int) -> None:
    assert cn_numeral(value, liang=numeral.startswith("两")) == numeral


@settings(max_examples=500, deadline=None)
@given(n=st.integers(0, 99_999), liang=st.booleans())
def test_parse_cn_number_reads_generated_numerals(n: int, liang: bool) -> None:
    assert parse_cn_number(cn_numeral(n, liang)) == n


def test_parse_cn_number_exhaustive_below_100000() -> None:
    bad = [n for n in range(100_000) if parse_cn_number(cn_numeral(n)) != n]
    assert bad == []


@pytest.mark.parametrize("s", ["", "abc", "三五", "十三a", "五大"])
def test_parse_cn_number_rejects_non_numerals(s: str) -> None:
    assert parse_cn_number(s) is None


def test_parse_cn_number_scale_words() -> None:
    assert parse_cn_number("百万") == 1_000_000
    assert parse_cn_number("两") == 2


def cn_numeral_to_1e8(n: int, liang: bool = False) -> str:
    """Reference up to 10^8 inclusive: 亿 for the one value cn_numeral (below 10^8) cannot write."""
    return "一亿" if n == 10**8 else cn_numeral(n, liang)


@settings(max_examples=500, deadline=None)
@given(n=st.integers(0, 10**8), liang=st.booleans())
def test_parse_cn_number_reads_numerals_up_to_1e8(n: int, liang: bool) -> None:
    assert parse_cn_number(cn_numeral_to_1e8(n, liang)) == n


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一千二", 1200),  # spoken short forms: the digit after 百/千/万 is the next place down
        ("三百五", 350),
        ("两万五", 25_000),
        ("一亿两千万", 120_000_000),
        ("两万亿", 2e12),
        ("千万", 10_000_000),
        ("十万", 100_000),
        ("万", 10_000),
    ],
)
def test_parse_cn_number_short_forms_and_big_units(numeral: str, value: float) -> None:
    assert parse_cn_number(numeral) == value


@pytest.mark.parametrize("s", ["二〇二四", "一九九八", "三四", "七八千", "百千万", "十十", "零五", "一百零"])
def test_parse_cn_number_rejects_digit_strings_and_ranges(s: str) -> None:
    assert parse_cn_number(s) is None


def test_parse_cn_digits_reads_years_only() -> None:
    assert parse_cn_digits("二〇二四") == 2024 and parse_cn_digits("一九九八") == 1998
    assert parse_cn_digits("三四") is None and parse_cn_digits("两千") is None


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 9999),
    scale=st.sampled_from(["万", "亿"]),
    unit=st.sampled_from(["元", "人", "人次", "户"]),
)
def test_chinese_numerals_keep_their_printed_scale(n: int, scale: str, unit: str) -> None:
    """ "一百二十万人次" is 120 with scale 万 (as "120万人次" is), worth 1.2e6."""
    text = f"共有{cn_numeral(n)}{scale}{unit}"
    (found,) = find_cn_numbers(text)
    mult = {"万": 1e4, "亿": 1e8}[scale]
    assert (found.number, found.scale, found.value) == (n, scale, n * mult)
    assert quantity_key(text[found.start :]) == (n * mult, unit)


@pytest.mark.parametrize(
    ("printed", "number", "scale", "value"),
    [
        ("三万余人", 3, "万", 30_000),
        ("近万名", 1, "万", 10_000),
        ("千万元", 1000, "万", 10_000_000),
        ("百万人次", 100, "万", 1_000_000),
        ("四万八千户", 48_000, "", 48_000),
        ("三点五亿元", 3.5, "亿", 350_000_000),
    ],
)
def test_find_cn_numbers_examples(printed: str, number: float, scale: str, value: float) -> None:
    n = next(n for n in find_cn_numbers(printed) if n.value)
    assert (n.number, n.scale, n.value) == (number, scale, value)


def test_find_cn_numbers_reads_percent_fraction_and_years() -> None:
    (pct,) = find_cn_numbers("百分之七十五的骑手")
    assert pct.percent and pct.value == 75
    (frac,) = find_cn_numbers("有五分之二")
    assert frac.fraction and frac.value == 0.4
    (year,) = find_cn_numbers("二〇二四年")
    assert year.digits and year.value == 2024
    (approx,) = find_cn_numbers("七八千元")  # an approximate range: both ends, neither alone
    assert (approx.number, approx.upper) == (7000, 8000)
    (loose,) = find_cn_numbers("三五个")  # the idiom 三五: "three to five"
    assert (loose.number, loose.upper) == (3, 5)
    (pair,) = find_cn_numbers("两三个")  # 两 is 二 before a measure word
    assert (pair.number, pair.upper) == (2, 3)
    assert find_cn_numbers("十三五期间") == []  # the 13th five-year plan, no range


@pytest.mark.parametrize(
    ("printed", "keys"),
    [
        ("近400万元", [(4_000_000, "元")]),
        ("三万余人", [(30_000, "人")]),
        ("两个多月", [(2, "个月")]),
        ("不到两个小时", [(2, "个小时")]),
        ("百分之七十五", [(75, "%")]),
        ("五分之二", [(0.4, "")]),
        ("10个区", [(10, "个")]),  # the measure word, not the noun after it
        ("35周岁以上", [(35, "周岁")]),  # the longest unit
        ("1000元/人", [(1000, "元/人")]),
        ("2 680万元", [(26_800_000, "元")]),  # a stray PDF space inside the number
        ("20—30人", [(20, "人"), (30, "人")]),  # both ends of a range
        ("2元至5元", [(2, "元"), (5, "元")]),
        ("零下22摄氏度", [(-22, "摄氏度")]),
        ("第三届", []),
        ("两三个月", [(2, "个月"), (3, "个月")]),  # 两 before a measure word is 二: a range
        ("两三百人", [(200, "人"), (300, "人")]),
        ("三五天", [(3, "天"), (5, "天")]),  # the loose range 三五
    ],
)
def test_quantity_keys(printed: str, keys: list[tuple[float, str]]) -> None:
    assert quantity_keys(printed) == keys


def test_split_scale_keeps_kilo_units() -> None:
    assert split_scale("千克") == ("", "千克") and split_scale("千元") == ("千", "元")
    assert split_scale("千万元") == ("千万", "元")


def test_stray_spaces_inside_printed_numbers() -> None:
    (n,) = find_numbers("补贴资金2 680万元")
    assert n.value == 26_800_000
    (m,) = find_numbers("惠及1. 3万人")
    assert m.value == 13_000


# ---------------------------------------------------------------------------------------------
# clean_spaces

MIXED = st.text(
    st.one_of(
        CJK,
        st.sampled_from(list("abcXYZ0123456789.,%，。“”、 \u3000\t")),
        st.sampled_from(list("１２３．％")),
    ),
    max_size=60,
)


def _visible(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace())


@settings(max_examples=300, deadline=None)
@given(s=MIXED)
def test_clean_spaces_never_drops_a_visible_character(s: str) -> None:
    assert _visible(clean_spaces(s)) == _visible(s)


@settings(max_examples=200, deadline=None)
@given(chars=st.lists(CJK, min_size=2, max_size=20), data=st.data())
def test_clean_spaces_removes_spaces_between_cjk(chars: list[str], data) -> None:
    seps = data.draw(
        st.lists(
            st.sampled_from(["", " ", "  ", "\u3000", "\t"]), min_size=len(chars) - 1, max_size=len(chars) - 1
        )
    )
    text = chars[0] + "".join(sep + ch for sep, ch in zip(seps, chars[1:], strict=True))
    assert clean_spaces(text) == "".join(chars)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("hello world", "hello world"),
        ("收集了 147个", "收集了147个"),
        ("“ 工 BA”撬 动 百 万 善 款", "“工BA”撬动百万善款"),
        ("630 万元", "630万元"),
        ("Hello   world again", "Hello world again"),
    ],
)
def test_clean_spaces_examples(raw: str, clean: str) -> None:
    assert clean_spaces(raw) == clean


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8), min_size=1, max_size=6))
def test_clean_spaces_keeps_single_spaces_between_latin_words(words: list[str]) -> None:
    text = " ".join(words)
    assert clean_spaces(text) == text


@settings(max_examples=200, deadline=None)
@given(s=MIXED)
def test_clean_spaces_is_idempotent(s: str) -> None:
    once = clean_spaces(s)
    assert clean_spaces(once) == once


# ---------------------------------------------------------------------------------------------
# Grounding


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("参与人数达1.2万", "参与人数达12000人"),
        ("参与人数达12000人", "参与人数达1.2万"),
        ("募集善款630万元", "两年共募集善款 630 万元"),
        ("满意率98.61%", "满意率提升至９８．６１％"),
        ("收集了147个作品", "收集了1 47个作品".replace("1 47", "147")),
    ],
)
def test_grounded_numbers(claim: str, source: str) -> None:
    assert ungrounded_numbers(claim, source) == []


@pytest.mark.parametrize(
    ("claim", "source", "missing"),
    [
        ("参与人数达1.3万", "参与人数达12000人", ["1.3万"]),
        ("募集善款640万元", "募集善款630万元", ["640万"]),
        ("共有3个站点和20个小屋", "共有3个站点和21个小屋", ["20"]),
    ],
)
def test_ungrounded_numbers_are_reported(claim: str, source: str, missing: list[str]) -> None:
    assert ungrounded_numbers(claim, source) == missing


@settings(max_examples=200, deadline=None)
@given(num=printed_numbers(), before=FILLER)
def test_a_number_grounds_itself_in_any_printing(num, before) -> None:
    printed, value = num
    plain = f"{value:.6f}".rstrip("0").rstrip(".")
    assert ungrounded_numbers(f"{before}{printed}", f"{before}{plain}") == []
    assert any(v == pytest.approx(value, rel=1e-9) for v in number_values(f"{before}{printed}"))


# ---------------------------------------------------------------------------------------------
# fold and sentences


@settings(max_examples=200, deadline=None)
@given(s=MIXED)
def test_fold_is_nfkc_without_whitespace(s: str) -> None:
    f = fold(s)
    assert not any(ch.isspace() for ch in f)
    assert f == fold(f)
    assert f == "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())


def test_split_sentences_keeps_closing_quotes() -> None:
    text = "“我们很满意。”他说。比赛历时4个月！还有吗？有\n第二段"
    assert split_sentences(text) == [
        "“我们很满意。”",
        "他说。",
        "比赛历时4个月！",
        "还有吗？",
        "有",
        "第二段",
    ]


@given(st.text(alphabet=list("。！？!?；;”’」）\"' \n\t文字ab1"), max_size=40))
def test_split_sentences_keeps_every_character_and_ends_at_sentence_marks(text: str) -> None:
    from summarizer.text import split_sentences

    parts = split_sentences(text)
    assert "".join("".join(parts).split()) == "".join(text.split())
    for p in parts:
        assert p == p.strip() and p and "\n" not in p
        core = p.rstrip("”’」』）)\"'")
        # a mark may only stand at the end of a sentence (closing quotes after it)
        assert not any(ch in "。！？!?；;" for ch in core[:-1])
