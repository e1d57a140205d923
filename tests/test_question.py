"""Question analysis on hand-written questions: answer types, interrogative, constraints, units."""

from __future__ import annotations

import pytest

from summarizer.qa.question import ANSWER_TYPES, analyse, answer_type, month_days_in, years_in
from summarizer.qa.spans import expected_unit


@pytest.mark.parametrize(
    ("question", "atype"),
    [
        ("河滨区职工足球联赛有多少支队伍参赛？", "count"),
        ("青川县新建了几个职工书屋？", "count"),
        ("足球联赛一共筹集善款多少？", "amount"),
        ("职工书屋每人每年收费多少？", "amount"),
        ("参赛人数的增长率是多少？", "percentage"),
        ("合同价的多大比例用于存储保证金？", "percentage"),
        ("本届联赛历时多长时间？", "duration"),
        ("联赛的决赛共进行了几天？", "duration"),
        ("体育中心的球场有多大？", "quantity"),
        ("足球联赛是什么时候落幕的？", "date"),
        ("职工书屋是哪一年建成的？", "date"),
        ("足球联赛的最佳射手是谁？", "person"),
        ("区总工会的副主席叫什么名字？", "person"),
        ("职工书屋设在哪里？", "place"),
        ("河滨区位于哪个省？", "place"),
        ("哪家公司赞助了足球联赛？", "organisation"),
        ("服务中心叫什么名字？", "name"),
        ("这种工作方法的简称是什么？", "name"),
        ("职工书屋配送了哪些图书？", "list"),
        ("足球联赛是否免费报名？", "yesno"),
        ("职工书屋对外开放吗？", "yesno"),
        ("什么是职工书屋？", "definition"),
        ("为什么要举办职工足球联赛？", "reason"),
        ("职工如何报名参加联赛？", "manner"),
        ("职工书屋有什么特点？", "description"),
        ("河滨电力队是连续第几年夺冠？", "ordinal"),
        ("书屋由县总工会做什么？", "other"),
    ],
)
def test_answer_types(question: str, atype: str) -> None:
    assert atype in ANSWER_TYPES
    assert answer_type(question) == atype


def test_called_for_what_is_not_why() -> None:
    """'称之为什么' asks for a name: 为 belongs to 称之为, the interrogative is 什么."""
    q = analyse("当地人将这种花称之为什么？")
    assert q.atype != "reason" and q.wh is not None
    assert q.text[q.wh[0] : q.wh[1]] == "什么"


def test_interrogative_inside_a_title_is_not_the_question() -> None:
    q = analyse("评论《参保门槛能否再低一些？》里快递员每月缴费多少？")
    assert q.wh is not None and q.text[q.wh[0] : q.wh[1]] == "多少"
    assert q.atype == "amount"
    assert "缴费" in q.near


def test_words_around_the_interrogative() -> None:
    q = analyse("牡丹江市各级工会为短视频大赛收集了多少个参赛作品？")
    assert "收集" in q.left and "参赛" in "".join(q.right)
    assert "个" not in q.right  # the measure word belongs to 多少个
    assert q.unit == "个"


def test_hedges_are_not_what_is_asked() -> None:
    q = analyse("这座山的海拔约是多少米？")
    assert q.must == ("海拔",)
    assert "约" not in q.left


@pytest.mark.parametrize(
    ("question", "years", "days"),
    [
        ("2023年郑州市总工会共安排了多少辆大巴车？", {2023}, ()),
        ("2022年和2023年的冠军分别是谁？", {2022, 2023}, ()),
        ("志愿者2月4日在火车站送出多少副春联？", set(), ("2月4日",)),
        ("1990年代的厂长是谁？", set(), ()),  # a decade, not a year
        ("三年级有多少名学生？", set(), ()),
    ],
)
def test_year_and_date_constraints(question: str, years: set[int], days: tuple[str, ...]) -> None:
    q = analyse(question)
    assert q.years == frozenset(years)
    assert q.month_days == days


def test_named_entities_include_quoted_names() -> None:
    q = analyse("唐山市总工会今年“夏送清凉”活动共投入多少资金？")
    assert "夏送清凉" in q.entities
    assert any(e.startswith("唐山") for e in q.entities)


def test_definition_term() -> None:
    assert analyse("什么是工会驿站？").term == "工会驿站"
    assert analyse("户外劳动者服务站是什么？").term == "户外劳动者服务站"
    assert analyse("服务站有多少个？").term == ""


def test_text_years_and_days() -> None:
    assert years_in("2019年起，2021年 再次举办，1990年代") == {2019, 2021}
    assert month_days_in("2月 4日与12月25日") == {"2月4日", "12月25日"}


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("有多少名职工参赛？", ("名", "person")),
        ("培训了多少人次？", ("人次", "person-times")),
        ("一共捐赠了多少钱？", ("元", "money")),
        ("化解率上升到了多少？", ("%", "percent")),
        ("新建了几个书屋？", ("个", "个")),
        ("工会承诺接到欠薪线索后多长时间内响应？", ("", "time")),
        # a money word far from the interrogative says nothing about the number asked for
        ("欠薪案件数量较去年同期下降了多少？", ("", "")),
    ],
)
def test_expected_unit_reads_the_words_next_to_the_interrogative(
    question: str, unit: tuple[str, str]
) -> None:
    assert expected_unit(question) == unit


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("这种狐狸的体重大约是多少？", "体重"),  # a hedge is not what is counted
        ("这种果实的长度约是多少厘米？", "长度"),  # nor a unit
        ("这棵松树有多高？", ""),  # 多高 asks for a measure: nothing is counted
        ("联赛的裁判有多少名？", "裁判"),
    ],
)
def test_what_a_figure_question_counts(question: str, counted: str) -> None:
    assert analyse(question).counted == counted


def test_an_attribute_noun_is_no_entity() -> None:
    q = analyse("凤凰木荚果的长度约是多少厘米？")
    assert "长度" not in q.entities and "长度" not in q.places
