"""The one quantity scanner: what each number in a sentence is, read the same way by key figures and answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.figures import extract_figures, find_quantities
from summarizer.qa.spans import quantities
from summarizer.quantities import qualifier_of, same_qualifier
from summarizer.tokens import normalise


def _read(text: str) -> list[tuple[str, str, str, str]]:
    return [(q.span, q.unit, q.qualifier, q.kind) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("累计理赔金额近400万元。", [("近400万元", "万元", "近", "quantity")]),
        ("培训 350 余人次。", [("350余人次", "人次", "余", "quantity")]),
        ("筹得善款220多万元。", [("220多万元", "万元", "多", "quantity")]),
        ("参训率提高3.2个百分点。", [("3.2个百分点", "个百分点", "", "quantity")]),
        ("惠及职工 6 万。", [("6万", "万", "", "quantity")]),
        ("人数在50人以上。", [("50人", "人", "以上", "quantity")]),
        (
            "11月28日晚8时",
            [("11月", "月", "", "date"), ("28日", "日", "", "date"), ("8时", "时", "", "date")],
        ),
        ("2023年共有15人参加。", [("2023年", "年", "", "date"), ("15人", "人", "", "quantity")]),
        ("连续第2年举办。", [("2年", "年", "", "ordinal")]),
        ("刊登在3版。", [("3", "", "", "label")]),
        ("热线12345678。", [("12345678", "", "", "identifier")]),
        ("签约12家企业。", [("12家", "家", "", "quantity")]),
        ("200名职工参加。", [("200名", "名", "", "quantity")]),  # at the very start of a text
        ("获奖者达200", [("200", "", "", "number")]),  # at the very end
    ],
)
def test_quantities_are_read_with_unit_qualifier_and_kind(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert _read(text) == expected


def test_chinese_numerals_carry_confidence() -> None:
    found = {q.span: q for q in find_quantities("两部作品入选，近百万元用于助学，有一种回家的感觉。")}
    assert found["两部"].chinese and found["两部"].confident and found["两部"].number == 2
    assert found["近百万元"].unit == "万元" and found["近百万元"].value == 1_000_000
    assert not found["一种"].confident  # an indefinite article, not a count


def test_scaled_value_and_base_unit() -> None:
    (q,) = find_quantities("会员达26.19 万人")
    assert (q.number, q.value, q.unit, q.base_unit, q.scale) == (26.19, 261900, "万人", "人", "万")


def test_answer_spans_and_key_figures_come_from_the_same_scan() -> None:
    text = "本届联赛历时 2个月，共有 24支队伍、逾600名职工参赛，筹集善款 85.5 万元，增长了12.5%。"
    scanned = find_quantities(normalise(text))
    answer_spans = [q.span for q in quantities(text)]
    assert answer_spans == [q.span for q in scanned]
    assert answer_spans == ["2个月", "24支", "逾600名", "85.5万元", "12.5%"]
    figures = extract_figures(text)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [
        (2, "个月", ""),
        (24, "支", ""),
        (600, "名", "逾"),
        (85.5, "万元", ""),
        (12.5, "%", ""),
    ]


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=9999),
    unit=st.sampled_from(["名", "人次", "家", "万元", "个", "场次"]),
    pre=st.sampled_from(["", "近", "逾", "约"]),
)
def test_generated_quantities_read_back(n: int, unit: str, pre: str) -> None:
    text = f"今年以来共有{pre}{n}{unit}参加。"
    (q,) = [q for q in find_quantities(text) if q.kind == "quantity"]
    assert (q.number, q.unit, q.qualifier, q.span) == (n, unit, pre, f"{pre}{n}{unit}")
    assert text[q.start : q.end] == q.span


# ---------------------------------------------------------------------------------------------
# Measure words as language: the lexicon, the longest unit, and words jieba reads as measure words


@pytest.mark.parametrize(
    ("text", "span", "unit", "qualifier"),
    [
        ("送来春联60余副。", "60余副", "副", "余"),
        ("捐赠牛奶30箱。", "30箱", "箱", ""),
        ("建筑面积约50平米。", "约50平米", "平米", "约"),
        ("发放手套1200双。", "1200双", "双", ""),
        ("每个礼包有鸡2只。", "2只", "只", ""),
        ("新增床位30床。", "30床", "床", ""),
        ("举办培训班36期。", "36期", "期", ""),
        ("年满35周岁的职工。", "35周岁", "周岁", ""),  # the longest unit, not 35周
        ("培训时长两个小时。", "两个小时", "个小时", ""),
        ("出台四项措施。", "四项", "项", ""),
        ("为期一个月。", "一个月", "个月", ""),
        ("共有八个。", "八个", "个", ""),
        ("近万名职工参加。", "近万名", "万名", "近"),
        ("投入千万元。", "千万元", "万元", ""),
        ("服务百万人次。", "百万人次", "万人次", ""),
        ("全区有三万余人。", "三万余人", "万人", "余"),
        ("按1000元/人发放。", "1000元/人", "元/人", ""),
        ("两个多月里", "两个多月", "个月", "多"),
        ("用了两个半小时。", "两个半小时", "个小时", ""),
        ("路程10km。", "10km", "km", ""),
    ],
)
def test_measure_words_and_chinese_numerals(text: str, span: str, unit: str, qualifier: str) -> None:
    (q,) = [q for q in find_quantities(text) if q.kind == "quantity"]
    assert (q.span, q.unit, q.qualifier) == (span, unit, qualifier)
    assert text[q.start : q.end].replace(" ", "") == q.span


def test_half_and_chinese_scale_values() -> None:
    assert find_quantities("用了两个半小时。")[0].number == 2.5
    (q,) = find_quantities("全区有三万余人。")
    assert q.value == 30_000 and q.chinese


@pytest.mark.parametrize("word", ["盆", "尊", "垄"])
def test_a_measure_word_missing_from_the_lexicon_is_read_from_jieba(word: str) -> None:
    """Not from a closed list: a one-character word of its own right after digits is a measure word."""
    from summarizer.lexicon import COUNT_UNITS

    assert word not in COUNT_UNITS  # the test proves the fallback only while the lexicon lacks the word
    (q,) = find_quantities(f"广场上摆放了12{word}，供市民观赏。")
    assert (q.kind, q.unit, q.number) == ("quantity", word, 12)


# ---------------------------------------------------------------------------------------------
# Exclusions by context: one example per documented rule


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("乘坐3672次列车返乡。", "identifier", "train or flight"),
        ("乘坐K1126次列车返乡。", "identifier", "code"),
        ("拨打热线12351咨询。", "identifier", "number to dial"),
        ("咨询电话0571-88886666。", "identifier", "code"),
        ("工作时间为8:30开始。", "identifier", "clock time"),
        ("家住某社区21栋。", "label", "address"),
        ("他住在1203室。", "label", "label word"),
        ("东风小区3单元。", "label", "label word"),
        ("坐88路公交。", "label", "label word"),
        ("位于104国道旁。", "label", "label word"),
        ("比赛前八名获奖。", "ordinal", "ranking"),
        ("跻身全国500强。", "ordinal", "ranking"),
        ("连续第2年举办。", "ordinal", "ordinal"),
        ("采用8人制赛制。", "number", "no measure word"),
        ("确诊为尘肺病二期。", "label", "label"),
        ("打造“15分钟就业服务圈”。", "label", "name"),
        ("提供24小时安保服务。", "label", "round the clock"),
        ("近三年共有1100多名选手晋级。", "date", "time window"),
        ("前两年共带动消费。", "date", "time window"),
        ("3年前他来到这里。", "date", "time reference"),
        ("每周六组织活动。", "date", "weekday or day of month"),
        ("腊月二十三当天。", "date", "weekday or day of month"),
        ("二〇二四年全市新增。", "date", "year"),
        ("千家万户受益。", "number", "inside a word"),
        ("这件事十分重要。", "number", "adverb"),
    ],
)
def test_exclusions_by_context(text: str, kind: str, reason: str) -> None:
    q = find_quantities(text)[0]
    assert (q.kind, q.reason) == (kind, reason), q


@pytest.mark.parametrize(
    "text",
    [
        "他有一种回家的感觉。",
        "红、蓝两队开展激烈角逐。",
        "额是去年的近两倍。",
        "输一场则捐出一半。",
        "几十个社区参与。",
    ],
)
def test_rhetorical_chinese_numerals_are_not_confident(text: str) -> None:
    assert not any(q.confident and q.kind == "quantity" for q in find_quantities(text))


@pytest.mark.parametrize(
    "text",
    [
        "每个礼包有灯笼1盏和春联一副。",
        "比当时多了近一倍。",
        "其中一半以上来自一线。",
        "各网点配备了一套药箱。",
        "培训为期一个月。",
    ],
)
def test_chinese_numerals_that_count_are_confident(text: str) -> None:
    assert any(q.confident and q.kind == "quantity" and q.chinese for q in find_quantities(text))


def test_the_lower_end_of_a_range_takes_the_unit() -> None:
    found = find_quantities("志愿者20—30人，服务60至80岁的老人，每月补贴3至5万元。")
    assert [(q.span, q.unit, q.kind) for q in found] == [
        ("20", "人", "quantity"),
        ("30人", "人", "quantity"),
        ("60", "岁", "quantity"),
        ("80岁", "岁", "quantity"),
        ("3", "万元", "quantity"),
        ("5万元", "万元", "quantity"),
    ]
    assert found[4].value == 30_000


def test_negative_temperature() -> None:
    (q,) = find_quantities("气温降至零下22摄氏度。")
    assert (q.number, q.unit, q.span) == (-22, "摄氏度", "零下22摄氏度")


# ---------------------------------------------------------------------------------------------
# Qualifiers: one word-level reading


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("该区签约12家企业。", ""),
        ("约120人参加。", "约"),
        ("共约120人参加。", "约"),
        ("比市场租金低约两成。", "约"),
        ("不到两个小时就完成了。", "不到"),
        ("不超过100人。", "不超过"),
        ("接近3000人。", "近"),  # recorded in its plain form, as 将近 is
        ("参赛职工逾三千人。", "逾"),
        ("上千人到场。", "上"),
        ("200人次以上。", "以上"),
        ("10天左右。", "左右"),
        ("35周岁以下。", "以下"),
        ("干了十几年。", "几"),
        ("一年多的时间。", "多"),
        ("其中30人多为女性。", ""),
        ("住在200人上下班的宿舍区。", ""),
    ],
)
def test_qualifier_of_reads_words(text: str, qualifier: str) -> None:
    (q,) = [q for q in find_quantities(text) if q.unit]
    assert q.qualifier == qualifier
    assert qualifier_of(text, q.num_start) == qualifier  # the reading grounding uses is the same


# Words that contain 约/近/余/多/超 without being a qualifier, written here (not taken from the lexicon).
NOT_QUALIFIER_WORDS = [
    "签约",
    "预约",
    "节约",
    "制约",
    "附近",
    "最近",
    "靠近",
    "就近",
    "赶超",
    "其余",
    "业余",
    "多余",
]


@settings(max_examples=150, deadline=None)
@given(
    word=st.sampled_from(NOT_QUALIFIER_WORDS),
    n=st.integers(2, 9999),
    unit=st.sampled_from(["家", "个", "名", "次", "条", "元"]),
    lead=st.sampled_from(["", "该区", "今年", "他们"]),
)
def test_qualifier_words_inside_other_words_never_qualify(word: str, n: int, unit: str, lead: str) -> None:
    text = f"{lead}{word}{n}{unit}，情况良好。"
    found = [q for q in find_quantities(text) if q.number == n]
    assert found and all(q.qualifier == "" for q in found), found
    assert qualifier_of(text, found[0].num_start) == ""


def test_same_qualifier_compares_meanings() -> None:
    assert same_qualifier("约", "大约") and same_qualifier("超过", "逾")
    assert not same_qualifier("近", "逾") and not same_qualifier("约", "")


def test_grounding_asks_no_qualifier_for_qian_yue() -> None:
    """签约12家: the checker must neither demand 约 nor accept it."""
    from summarizer.grounding import check_figure
    from summarizer.schemas import KeyFigure

    text = "该区签约12家企业，投入资金近400万元。"
    plain = KeyFigure(value=12, unit="家", about="企业", quote="该区签约12家企业")
    assert check_figure(plain, text) is None
    wrong = plain.model_copy(update={"qualifier": "约"})
    assert "qualifier" in (check_figure(wrong, text) or "")
    assert plain.display() == "12家"
    near = KeyFigure(value=400, unit="万元", about="资金", quote="投入资金近400万元", qualifier="将近")
    assert check_figure(near, text) is None  # 将近 says what 近 says


# ---------------------------------------------------------------------------------------------
# Chinese numerals generated from a reference writer, read back by the scanner


_CN_DIGITS = "零一二三四五六七八九"


def reference_numeral(n: int) -> str:
    """1..99999 as a count is printed before a measure word: standard numerals, 两 for a lone 2."""
    if n == 2:
        return "两"  # before a measure word a count of two is 两, never 二
    out, high, low = "", n // 10_000, n % 10_000
    for part, big in ((high, "万"), (low, "")):
        if not part:
            continue
        digits = ""
        zero = bool(out) and part < 1000
        for unit, div in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = part // div % 10
            if d == 0:
                zero = zero or bool(digits)
                continue
            if zero and (digits or out):
                digits += "零"
            zero = False
            digits += ("" if unit == "十" and d == 1 and not digits and not out else _CN_DIGITS[d]) + unit
        out += digits + big
    return out


@pytest.mark.parametrize(
    ("n", "numeral"), [(2, "两"), (15, "十五"), (108, "一百零八"), (10_010, "一万零一十")]
)
def test_reference_numeral(n: int, numeral: str) -> None:
    assert reference_numeral(n) == numeral


@settings(max_examples=200, deadline=None)
@given(n=st.integers(2, 99_999), unit=st.sampled_from(["名", "家", "户", "场", "个", "项", "元", "人次"]))
def test_generated_chinese_numeral_quantities_read_back(n: int, unit: str) -> None:
    numeral = reference_numeral(n)
    text = f"今年共有{numeral}{unit}参加。"
    (q,) = [q for q in find_quantities(text) if q.kind == "quantity"]
    assert (q.value, q.base_unit, q.span, q.chinese) == (n, unit, f"{numeral}{unit}", True)


@pytest.mark.parametrize(
    "text, span",
    [
        ("一窑建盏要连续烧制近30个小时，火候全凭经验把握。", "近30个小时"),
        ("工作人员调取了近半年的考勤记录。", "近半年"),
    ],
)
def test_a_period_right_after_a_verb_is_the_acts_length(text: str, span: str) -> None:
    """近 + a time unit opens a time window (近三年共有…, 全市近三年新增…) at the head of its clause or
    after its subject; right after a verb (烧制近30个小时, 调取了近半年) it is how long the act took."""
    found = [q for q in find_quantities(text) if q.span == span]
    assert found and found[0].kind == "quantity", find_quantities(text)
    window = find_quantities("全市近三年新增就业岗位3万个。")[0]
    assert (window.kind, window.reason) == ("date", "time window")


def test_half_with_a_qualified_measure_word() -> None:
    """半个多小时 / 半个多月: 半 is a numeral before 个 + 多 + a time unit as before 个小时."""
    q = find_quantities("打了热线，半个多小时就联系上了救援车。")
    assert [(x.span, x.qualifier, x.kind) for x in q] == [("半个多小时", "多", "quantity")]
