"""Facts of Chinese figures and years the refusal rules read (invented passages): a rate written
500元/人 states 每人; 上一年 names the year before, not a per-year scope; 2019届 names a class by its
year; 较去年 is the base a figure is compared with, not the year it is about."""

from __future__ import annotations

import re

from summarizer.qa import evidence
from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.question import analyse, years_in
from summarizer.quantities import find_quantities
from summarizer.schemas import Passage


def _p(title: str, text: str, date: str = "2023-12-20") -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date=date)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def test_a_rate_per_person_states_each_person() -> None:
    assert evidence._scope_said("发放过节补贴600元/人", "/人")
    p = _p("青禾县发放过节补贴", "青禾县对节日期间坚守岗位的环卫工人发放过节补贴600元/人。")
    assert "600元" in _short("青禾县给节日期间坚守岗位的环卫工人每人发多少过节补贴？", [p])


def test_the_year_before_is_no_per_year_scope() -> None:
    assert not evidence._scope_said("比上一年多了百分之几", "一年")
    assert evidence._scope_said("一年能省下多少", "一年")
    p = _p("青禾县培训补贴增加", "2023年青禾县职业培训补贴资金较上年增长8.5%。")
    assert "8.5%" in _short("2023年青禾县职业培训补贴资金比上一年增长了百分之几？", [p])


def test_a_graduating_class_is_named_by_its_year() -> None:
    assert years_in("青禾技师学院2021届毕业生") == {2021}
    assert analyse("青禾技师学院2020届有多少名毕业生？").years == frozenset({2020})
    (cohort,) = [q for q in find_quantities("2021届毕业生共有860人") if q.unit == "届"]
    assert cohort.is_date
    p = _p(
        "青禾技师学院毕业生就业", "青禾技师学院2021届毕业生共有860人，其中九成留在本省工作。", "2021-07-01"
    )
    assert _short("青禾技师学院2020届有多少名毕业生？", [p]) == NOT_FOUND
    assert "860人" in _short("青禾技师学院2021届有多少名毕业生？", [p])


def test_a_comparison_base_is_not_the_year_spoken_of() -> None:
    assert not evidence._spoken_of("欠薪案件较去年同期下降21%", "去年")
    assert evidence._spoken_of("去年欠薪案件有120件", "去年")
    p = _p("青禾县欠薪案件下降", "今冬以来，青禾县受理的欠薪案件较去年同期下降21%。")
    assert "21%" in _short("青禾县2023年冬的欠薪案件比上一年同期下降了多少？", [p])
    assert _short("青禾县2022年冬的欠薪案件比上一年同期下降了多少？", [p]) == NOT_FOUND


def test_a_reader_asks_in_a_verb_of_their_own() -> None:
    """拿出 and 投入 name one act (putting money into a cause), 卖 and 售价 another: the figure the
    article prints with the one answers a question that asks with the other (lexicon.VERB_KIN)."""
    fund = _p("青禾市总工会投入资金", "今年，青禾市总工会投入专项资金360万元，用于户外劳动者驿站建设。")
    assert "360万元" in _short("青禾市总工会今年为驿站建设拿出了多少专项资金？", [fund])
    meal = _p("青禾爱心食堂开张", "青禾市首家爱心食堂开张，一荤两素的套餐售价12元。")
    assert "12元" in _short("青禾爱心食堂的套餐卖多少钱？", [meal])


def test_a_since_clause_runs_from_its_year_to_the_time_of_writing() -> None:
    """自2023年7月…启动…以来: however long the clause between 自 and 以来, the span reaches the
    publication year, so a question on the state at that year is answered."""
    p = _p(
        "青禾市职业伤害保障惠及骑手",
        "自2023年7月青禾市启动新就业形态就业人员职业伤害保障工作以来，全市已累计支付保障待遇约1860万元。",
        date="2025-04-18",
    )
    assert "约1860万元" in _short("截至2025年4月，青禾市职业伤害保障累计支付待遇多少？", [p])


def test_a_target_year_is_set_at_the_time_of_writing() -> None:
    """力争到2026年底…: a later year after 到 is a plan, spoken of in the year the sentence was written."""
    p = _p(
        "青禾市推进工资集体协商",
        "青禾市总工会权益保障部部长沈立新表示，下一步将力争到2026年底使工资集体合同覆盖率稳定在80%以上。",
        date="2024-05-20",
    )
    assert "沈立新" in _short("2024年谈到下一步打算的青禾市总工会权益保障部部长是谁？", [p])
    assert _short("2023年谈到下一步打算的青禾市总工会权益保障部部长是谁？", [p]) == NOT_FOUND


def test_a_part_told_after_its_whole_is_of_the_whole_sentences_year() -> None:
    """其中，…: a sentence that tells a part of what the one before it counted speaks of its year."""
    p = _p(
        "青禾市发放职工互助金",
        "青禾市总工会近日通报，2021年全市共为2150人次发放互助金860万元。其中，因患重大疾病获得补助的职工有418人。",
        date="2022-03-10",
    )
    assert "418人" in _short("2021年青禾市因患重大疾病获得互助补助的职工有多少人？", [p])


def test_a_span_of_time_before_lai_says_since() -> None:
    """开放半年多来 / 三年来: a span of time before 来 is the time since then, as 以来 is; a 来 after a
    day word in the question (当天来了) is no scope at all."""
    p = _p("青禾镇职工之家开到家门口", "青禾镇工业园区职工之家开放半年多来，已接待职工1.4万人次。")
    assert "1.4万人次" in _short("青禾镇工业园区职工之家开放以来已接待职工多少人次？", [p])
    fair = _p("青禾技师学院办双选会", "青禾技师学院举办毕业生双选会，当天有58家企业进场招聘。")
    assert "58家" in _short("青禾技师学院双选会当天来了多少家企业？", [fair])


def test_a_term_that_opens_with_zui_is_no_superlative() -> None:
    """最低工资标准 names an institution: the question compares nothing."""
    p = _p("青禾省上调最低工资标准", "据测算，这次调整将惠及全省约86万名低收入劳动者。")
    assert "约86万名" in _short("青禾省此次上调最低工资标准预计惠及多少名低收入劳动者？", [p])


def test_the_title_names_what_its_lead_counts() -> None:
    """招收学徒136名 under the title 汽修学徒…: the asked 汽修学徒 is said by the title; a title
    that only prints the modifier elsewhere (…帮扶…) says nothing of the asked 帮扶资金."""
    p = _p("汽修学徒实训车间练手艺", "青禾一所技师学院与本地企业共建订单班，今年春季招收学徒96名。")
    assert "96名" in _short("青禾这所技师学院今年春季招收了多少名汽修学徒？", [p])
    other = _p("建档、帮扶、回访 青禾帮困难职工解困", "区总工会为困难职工李某申请了医疗救助1.6万元。")
    assert _short("青禾区总工会今年投入了多少帮扶资金？", [other]) == NOT_FOUND


def test_a_figure_of_the_whole_province_is_not_a_citys() -> None:
    """全省已建成…: a clause that opens on the whole province answers no question about one of its
    cities; 全国和省级劳动模范 is a rank, not a whole, and leaves the city's figure standing."""
    p = _p(
        "江西工会驿站遍布城乡",
        "据江西省总工会统计，全省已建成各类工会驿站超过3200个。九江市是其中的重点城市。",
    )
    assert _short("九江市共建成了多少个工会驿站？", [p]) == NOT_FOUND
    assert "超过3200个" in _short("江西省共建成了多少个工会驿站？", [p])
    rank = _p("劳模走进职业学校", "5月5日，九江市总工会组织6名全国和省级劳动模范走进一所职业学校。")
    assert "6名" in _short("九江市总工会5月5日组织多少名劳动模范走进职业学校？", [rank])
