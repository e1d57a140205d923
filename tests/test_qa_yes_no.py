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
        "青禾图书馆新馆开放",
        "青禾市图书馆新馆昨日开放，馆内藏书40万册，一楼设有盲文阅览区和无障碍坡道。",
    )
    assert _short("青禾市图书馆新馆是否设有盲文阅览区？", [p]) == "是"
    q = _p("青禾社区开设书法课", "青禾东街不少社区开设了老年书法课，教师由退休职工担任。")
    assert _short("青禾东街的社区是否开设了老年书法课？", [q]) == "是"


def test_the_clause_that_says_the_predicate_answers() -> None:
    """When the best sentence says nothing of what is asked (受到干扰), the next sentence of its
    article that does answers: its 未 says no."""
    p = _p(
        "青禾水务夜间检修",
        "3月2日凌晨，青禾水务集团的5名检修工在北环路泵站为沿线小区更换一段老化的输水管。"
        "检修持续近2个小时，沿线小区的供水未受干扰。",
    )
    assert _short("青禾水务集团检修工在泵站更换输水管期间，沿线小区的供水是否受到干扰？", [p]) == "否"


def test_a_comparison_with_the_opposite_adjective_says_no() -> None:
    """"比同类场馆低两成" answers "比同类场馆贵吗"-like questions with 否 and "低吗" with 是."""
    p = _p("青禾职工健身馆开放", "职工凭会员卡入馆健身，每次收费8元，比市内同类场馆低两成左右。")
    assert _short("青禾职工健身馆的收费比市内同类场馆高吗？", [p]) == "否"
    assert _short("青禾职工健身馆的收费比市内同类场馆低吗？", [p]) == "是"


def test_a_predicate_that_excludes_the_asked_one_says_no() -> None:
    """一次性 excludes 分期: the sentence that says the one answers the other with 否."""
    p = _p("青禾金秋助学", "按照办法，困难职工子女考入本科院校的，可一次性领取助学金，标准为5000元。")
    assert _short("青禾困难职工子女考入大学后，助学金是否需要分期领取？", [p]) == "否"


def test_more_ways_of_saying_one_pays_nothing() -> None:
    """缴纳 asks whether one pays; 不用掏一分钱, 全免 and 无需缴费 say one does not."""
    p = _p("青禾劳模体检", "4月10日，青禾市120名劳模参加年度体检，体检费用由工会承担，劳模本人不用掏一分钱。")
    assert _short("参加青禾劳模年度体检，劳模自己要出钱吗？", [p]) == "否"
    fee = _p("青禾调解中心", "调解中心为职工调处劳动争议，调解费用全免。")
    assert _short("青禾调解中心为职工调处劳动争议需要职工支付调解费用吗？", [fee]) == "否"
    due = _p("青禾快递员意外险", "快递企业为每名快递员投保意外险，每人每年保费90元，快递员个人无需缴费。")
    assert _short("青禾快递员的意外险保费需要快递员个人缴纳吗？", [due]) == "否"


def test_a_quoted_title_asking_yes_or_no_does_not_make_the_question_one() -> None:
    """评论《…能否…》提到…什么: the title's 能否 is part of a name; the question asks 什么."""
    assert analyse("评论《休息日能否真休息？》说企业不应把什么当作加班的理由？").atype != "yesno"
    assert analyse("青禾职工书屋的图书能否带回家阅读？").atype == "yesno"


def test_a_negating_character_inside_a_name_negates_nothing() -> None:
    """无为县 is a county's name: its 无 says nothing is not so."""
    paid = _p(
        "无为县发放防暑补贴",
        "今年入夏以来，县总工会为全县环卫工人发放防暑补贴，1200名环卫工人已全部领到。",
    )
    assert _short("无为县的环卫工人今年是否领到了防暑补贴？", [paid]) == "是"


def test_the_clause_that_says_the_predicate_answers_it() -> None:
    """Of a sentence's clauses, the one saying what is asked (社保窗口) answers, though another says
    more of the question's other words."""
    text = "今年起柏溪县退休人员的年度核验改为手机上办理，老人坐在家里就能办完核验，不必再跑社保窗口。"
    assert _short("柏溪县退休人员今年办理年度核验是否一定要去社保窗口？", [_p("柏溪县核验掌上办", text)]) == "否"
