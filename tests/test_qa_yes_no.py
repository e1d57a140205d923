"""Yes/no answers (invented passages): which clause answers, and what in it negates."""

from __future__ import annotations

import re

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.question import analyse
from summarizer.schemas import Passage


def _p(title: str, text: str, date: str = "2024-07-02") -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date=date)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def test_words_that_only_look_negated_negate_nothing() -> None:
    """无障碍 (barrier-free), 不少 (many), 非遗 are words, not negations: a sentence holding one still
    says yes to what it states."""
    p = _p(
        "青禾举办残疾人专场招聘会",
        "当天，青禾市残联举办残疾人专场招聘会，32家企业提供岗位180个，现场设有手语翻译和无障碍通道。",
    )
    assert _short("青禾残疾人专场招聘会现场是否设有手语翻译？", [p]) == "是"
    q = _p("青禾企业开办职工夜校", "青禾开发区不少企业开办了职工夜校，课程由工会统一安排。")
    assert _short("青禾开发区的企业是否开办了职工夜校？", [q]) == "是"


def test_the_clause_that_says_the_predicate_answers() -> None:
    """When the best sentence says nothing of what is asked (受到影响), the next sentence of its
    article that does answers: its 未 says no."""
    p = _p(
        "青禾供电抢修队雪夜抢修",
        "1月8日夜间，青禾供电公司抢修队的8名队员在城东某热力站外为周边居民抢修受损的配电线路。"
        "经过近4个小时作业，线路恢复送电，家中的暖气未受影响。",
    )
    assert _short("青禾供电公司抢修队在热力站外抢修期间，周边居民的暖气是否受到影响？", [p]) == "否"


def test_a_comparison_with_the_opposite_adjective_says_no() -> None:
    """"比周边低三成" answers "比周边高吗" with 否, and "比周边低吗" with 是."""
    p = _p("青禾园区托育园开园", "园区企业职工子女入托，每月收费900元，比周边同类机构低三成左右。")
    assert _short("青禾园区托育园的收费比周边同类机构高吗？", [p]) == "否"
    assert _short("青禾园区托育园的收费比周边同类机构低吗？", [p]) == "是"


def test_a_predicate_that_excludes_the_asked_one_says_no() -> None:
    """一次性申领 excludes 分期领取: the sentence that says the one answers the other with 否."""
    p = _p("青禾教职工互助保障", "按照规定，参保教职工确诊约定的重大疾病，可一次性申领互助金，最高8万元。")
    assert _short("青禾参保教职工确诊重大疾病后，互助金是否需要分期领取？", [p]) == "否"


def test_more_ways_of_saying_one_pays_nothing() -> None:
    """缴纳 asks whether one pays; 不用掏一分钱, 全免 and 无需缴费 say one does not."""
    p = _p(
        "青禾职工疗休养出发",
        "7月6日，青禾市总工会首批一线职工疗休养学员出发。费用由市总工会和单位分担，职工本人不用掏一分钱。",
    )
    assert _short("参加青禾一线职工疗休养，职工自己要出钱吗？", [p]) == "否"
    fee = _p("青禾法律援助站", "援助站的律师帮工人申请劳动仲裁，仲裁费用全免。")
    assert _short("青禾法律援助站帮工人申请劳动仲裁需要工人支付仲裁费用吗？", [fee]) == "否"
    due = _p("青禾骑手职业伤害保障", "平台企业按单为骑手缴纳保障费用，每单不到5分钱，劳动者本人无需缴费。")
    assert _short("青禾骑手的职业伤害保障费用需要劳动者本人缴纳吗？", [due]) == "否"


def test_a_quoted_title_asking_yes_or_no_does_not_make_the_question_one() -> None:
    """评论《…能否…》提到…什么: the title's 能否 is part of a name; the question asks 什么."""
    assert analyse("评论《加班能否少一点？》提到有关部门要求企业不得将什么写进考核指标？").atype != "yesno"
    assert analyse("青禾职工书屋的图书能否带回家阅读？").atype == "yesno"
