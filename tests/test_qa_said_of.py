"""What a figure question says of the asked thing (the head before its 的, the predicate after the
counted noun) against the figure's sentence, and an age against a span of years, on invented passages."""

from __future__ import annotations

import re

import pytest

import summarizer.qa.answering as answering
import summarizer.qa.evidence as evidence
import summarizer.qa.refusal as refusal
from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.counted import said_of_asked
from summarizer.qa.question import analyse
from summarizer.schemas import Passage


def _p(title: str, text: str) -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date="")


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def _without(monkeypatch: pytest.MonkeyPatch, rule: str) -> None:
    """The answerer with one rule switched off and the refusal model off: what the rule alone decides."""
    original = answering.problems
    monkeypatch.setattr(answering, "problems", lambda q, s: [r for r in original(q, s) if r != rule])
    monkeypatch.setattr(refusal, "ACTIVE", [None])


CHECKUP = _p(
    "青河县为环卫工人体检",
    "青河县总工会日前为环卫工人组织免费体检。此次体检为期三天，共为860名环卫工人提供血压、心电图等检查。",
)
HALL = _p(
    "松河园区职工之家启用",
    "松河园区职工之家由园区总工会打造，总建筑面积约2000平方米，于今年4月投入使用。",
)
FORMS = _p("松河县调查", "松河县总工会开展的一项调查中，共回收问卷640份，近半数受访者希望增加夜校课程。")
KEEPER = _p("守林人的坚守", "护林员马长青已在林场干了18年，他说：“这片林子就是我的家。”")


def test_said_of_asked_reads_the_head_before_de_and_the_predicate_after() -> None:
    assert said_of_asked(analyse("体检中查出贫血的环卫工人有多少名？"))[0] == ("贫血",)
    assert said_of_asked(analyse("职工之家健身房的面积有多大？"))[0] == ("健身房",)
    assert said_of_asked(analyse("调查中有多少份问卷来自农民工？"))[1] == ("农民工",)


def test_a_figure_of_the_whole_group_does_not_answer_for_the_group_a_clause_sets_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    q = "青河县总工会组织的免费体检中，查出贫血的环卫工人有多少名？"
    assert _short(q, [CHECKUP]) == NOT_FOUND
    assert "860名" in _short("青河县总工会组织的免费体检为多少名环卫工人提供检查？", [CHECKUP])
    _without(monkeypatch, "saidof")
    assert _short(q, [CHECKUP]) != NOT_FOUND


def test_the_whole_building_is_not_the_part_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "松河园区职工之家健身房的面积有多大？"
    assert _short(q, [HALL]) == NOT_FOUND
    _without(monkeypatch, "saidof")
    assert _short(q, [HALL]) != NOT_FOUND


def test_a_total_does_not_answer_a_predicate_its_sentence_never_says(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "松河县总工会的调查中有多少份问卷来自农民工？"
    assert _short(q, [FORMS]) == NOT_FOUND
    _without(monkeypatch, "saidof")
    assert _short(q, [FORMS]) != NOT_FOUND


def test_years_on_the_job_are_no_age(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "护林员马长青今年多大年纪？"
    assert _short(q, [KEEPER]) == NOT_FOUND
    aged = _p("守林人的坚守", "今年56岁的护林员马长青已在林场干了18年。")
    assert "56岁" in _short(q, [aged])
    # 多大年纪 asks for an answer in 岁 as well: without the age rule the unit alone still keeps the
    # 18 years on the job out (two facts say the same here)
    assert analyse(q).unit == "岁"
    _without(monkeypatch, "age")
    assert _short(q, [KEEPER]) == NOT_FOUND


RELIEF = _p(
    "松河县总工会送温暖",
    "今年慰问对象中，因病致困职工占比三成，县总工会为这部分职工每户额外发放700元医疗补助。",
)


def test_a_sum_named_for_one_purpose_does_not_answer_for_another(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "松河县总工会送温暖采购慰问品花了多少钱？"
    assert _short(q, [RELIEF]) == NOT_FOUND
    assert "700元" in _short("松河县总工会给因病致困职工每户额外发放多少医疗补助？", [RELIEF])
    _without(monkeypatch, "purpose")
    assert _short(q, [RELIEF]) != NOT_FOUND


HOTLINE = _p("松河职工热线", "今年上半年，松河市职工服务热线共接听职工来电5400余个，其中法律咨询占比约四成。")


def test_a_short_opening_phrase_sets_the_period_of_the_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "松河市职工服务热线下半年接听了多少个职工来电？"
    assert _short(q, [HOTLINE]) == NOT_FOUND
    assert "5400余个" in _short("松河市职工服务热线上半年接听了多少个职工来电？", [HOTLINE])
    monkeypatch.setattr(evidence, "_opening", lambda view: "")
    assert _short(q, [HOTLINE]) != NOT_FOUND


FUND = _p(
    "松河县工会送温暖",
    "今年全县各级工会共筹集送温暖资金380万元，另单列常态化帮扶计划，走访慰问困难职工近900户。",
)


def test_a_noun_printed_after_another_modifier_is_another_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "松河县各级工会筹集的常态化帮扶资金有多少？"
    assert _short(q, [FUND]) == NOT_FOUND
    assert "380万元" in _short("松河县各级工会共筹集送温暖资金多少？", [FUND])
    _without(monkeypatch, "premodifier")
    assert _short(q, [FUND]) != NOT_FOUND


def test_a_demonstrative_or_a_list_before_the_noun_is_no_other_modifier() -> None:
    built = _p(
        "松河县户外劳动者服务站",
        "今冬，松河县总工会向户外劳动者开放服务站。入冬以来，松河县总工会在全县建成的这类服务站已达75个。",
    )
    assert "75个" in _short("松河县总工会在全县建成的户外劳动者服务站有多少个？", [built])


WAGE = _p(
    "松河市快递员工资", "根据合同，全市快递员最低劳动报酬标准确定为每月2350元，比最低工资标准高出150元。"
)


def test_the_possessor_before_a_level_set_per_month_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "松河市外卖骑手的最低劳动报酬标准定为每月多少？"
    assert said_of_asked(analyse(q))[0] == ("骑手",)
    assert _short(q, [WAGE]) == NOT_FOUND
    _without(monkeypatch, "saidof")
    assert _short(q, [WAGE]) != NOT_FOUND


def test_a_quoted_title_in_the_question_keeps_the_predicate_read() -> None:
    assert said_of_asked(analyse("评论《夜校要“办得好”》提到的调查中，有多少份问卷来自农民工？"))[1] == (
        "农民工",
    )


def test_a_size_printed_with_wan_is_read_as_its_number() -> None:
    p = _p("松河市骑手入会", "网约配送员周小川说：“我每天跑60多单，入会后心里踏实了。”")
    q = "松河市总工会发展的1.2万名会员中，网约配送员占多少？"
    assert _short(q, [p]) == NOT_FOUND
    _, _, spans = answering.answer_question(q, [p])
    assert spans and "number" in evidence.problems(analyse(q), spans[0])  # 1.2万 is read as 12000


def test_the_kinds_a_clause_names_answer_how_many_kinds() -> None:
    p = _p("松河航线", "松河港的货运航线，又分为官方指定的「定期航线」和民间经营的「临时航线」两种。")
    assert "两种" in _short("松河港货运航线有几种？", [p])


def test_a_date_question_is_not_answered_by_a_sentence_without_the_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = _p("松河市欠薪治理", "松河市在建工程项目全面推行工资专用账户后，当年欠薪投诉量同比下降了三成。")
    q = "松河市是从哪一年开始全面推行工资专用账户的？"
    assert _short(q, [p]) == NOT_FOUND
    _without(monkeypatch, "sentence")
    _without(monkeypatch, "yearless")  # the sentence prints no year either: a second rule refuses it
    assert _short(q, [p]) != NOT_FOUND


def test_the_count_of_a_which_question_need_not_be_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    p = _p("松河启动安全月", "6月1日，松河市应急管理局联合市总工会启动“安全生产月”活动。")
    q = "松河市“安全生产月”活动是由哪两个单位联合启动的？"
    assert "应急管理局" in _short(q, [p])
    monkeypatch.setattr(evidence, "_stated_counts", lambda q: {"两个"})
    assert _short(q, [p]) == NOT_FOUND


def test_a_total_after_a_counted_list_is_not_one_items(monkeypatch: pytest.MonkeyPatch) -> None:
    p = _p(
        "松河县冬送温暖",
        "松河县总工会开展“冬送温暖”活动，为户外劳动者送去护膝1800副、手套2600双、暖手宝400个，总价值近90万元。",
    )
    q = "松河县总工会“冬送温暖”送出的1800副护膝价值多少钱？"
    assert _short(q, [p]) == NOT_FOUND
    _without(monkeypatch, "member")
    assert _short(q, [p]) != NOT_FOUND


def test_the_verb_after_a_passive_marker_is_the_predicate_asked() -> None:
    """"多少所学校被评为示范校": the verb after 被 and its nouns say what is counted; a figure of
    schools visited or told to repair says nothing of a 示范校."""
    assert said_of_asked(analyse("青禾今年有多少所学校被评为阳光食堂示范校？"))[1]
    tour = _p("青禾校园食堂检查", "检查期间，督导组先后走访中小学近300所，督促7所学校整改后厨卫生。")
    assert _short("青禾今年有多少所学校被评为阳光食堂示范校？", [tour]) == NOT_FOUND
    named = _p("青禾校园食堂检查", "检查期间，督导组走访中小学近300所，另有12所学校被评为阳光食堂示范校。")
    assert "12所" in _short("青禾今年有多少所学校被评为阳光食堂示范校？", [named])


def test_a_clause_before_de_describes_the_noun_a_time_word_ends() -> None:
    """"在镇上开办的竹编作坊今年营业额": 今年 ends the noun phrase the clause describes (which 作坊),
    so the figure's sentence need not say 开办; of "经评定的乡村名厨" the clause says which 名厨."""
    assert said_of_asked(analyse("马晓东在镇上开办的竹编作坊今年营业额是多少？"))[0] == ()
    assert said_of_asked(analyse("青禾目前经评定的乡村名厨共有多少名？"))[0] == ("评定",)
    shop = _p("马晓东返乡创业", "眼下，马晓东的作坊里有编织工人36名，今年卖出竹篮竹席逾8万件，营业额620余万元。")
    assert "620余万元" in _short("马晓东在镇上开办的竹编作坊今年营业额是多少？", [shop])
