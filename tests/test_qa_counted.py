"""What a figure counts (the noun right after it) and what event it is of (the question's verb in its
clause), the units a question's measure word stands for, and the refusal rules added with them, on
invented passages."""

from __future__ import annotations

import re

import pytest

import summarizer.qa.answering as answering
import summarizer.qa.candidates as candidates
import summarizer.qa.refusal as refusal
from summarizer.qa.answering import NOT_FOUND, answer_from_passages, answer_question
from summarizer.qa.counted import counts_other_thing, event_verbs, noun_after, refers_back_to, says_event
from summarizer.qa.question import analyse
from summarizer.qa.spans import expected_unit, person_spans
from summarizer.schemas import Passage


def _p(title: str, text: str, index: int = 1, date: str = "", score: float = 1.0) -> Passage:
    return Passage(page="p", article_index=index, title=title, text=text, score=score, date=date)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def _without(monkeypatch: pytest.MonkeyPatch, *rules: str) -> None:
    """The answerer with rules switched off and the refusal model off: what those rules alone decide."""
    original = answering.problems
    monkeypatch.setattr(answering, "problems", lambda q, s: [r for r in original(q, s) if r not in rules])
    monkeypatch.setattr(refusal, "ACTIVE", [None])


ROOMS = _p(
    "青岩区书屋",
    "今年以来，青岩区文旅局在全区设立了90个乡村少儿书屋，每天早上8时开放。"
    "截至目前，青岩区文旅局在全区建成的这类书屋已达260个，覆盖全部乡村少儿。",
)


def test_noun_after_a_figure() -> None:
    view = "可容纳40名学生的实验室，500余名选手参赛，共有900名巡查员加入"
    assert noun_after(view, view.index("学生")).startswith("学生")
    assert noun_after(view, view.index("余名") + 2) == ""  # a qualifier (余) is not a noun
    assert noun_after(view, view.index("巡查员")).startswith("巡查员")  # a verb with an agent suffix


def test_a_figure_followed_by_another_noun_counts_another_thing() -> None:
    q = analyse("那所学校共有多少名数学老师？")
    view = "这里可容纳40名学生，配有8名老师。"
    assert counts_other_thing(q, view, view.index("学生"))
    assert not counts_other_thing(q, view, view.index("老师"))


def test_the_question_verb_in_the_figure_clause() -> None:
    q = analyse("青岩区文旅局建成的共享书房有多少个？")
    assert "建成" in event_verbs(q.text)
    view = "设立了90个书房，建成的书房已达260个。"
    assert says_event(q, view, view.index("260"), view.index("260") + 4)
    assert not says_event(q, view, view.index("90"), view.index("90") + 3)


def test_a_verb_read_in_the_counted_phrase_is_no_event() -> None:
    q = analyse("青石县目前已建成多少个扶贫书屋？")
    view = "目前已有12个扶贫书屋通了网。"
    assert not says_event(q, view, view.index("12"), view.index("12") + 3)


def test_the_figure_of_the_asked_event_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "青岩区文旅局在全区建成的乡村少儿书屋有多少个？"
    assert "260个" in _short(q, [ROOMS])
    monkeypatch.setattr(candidates, "W_EVENT", 0.0)
    assert "260个" not in _short(q, [ROOMS])


def test_a_noun_referred_back_keeps_its_modifiers() -> None:
    assert refers_back_to("建成的这类书房已达260个", "书房")
    assert not refers_back_to("建成的书房已达260个", "书房")


def test_a_figure_of_another_thing_scores_lower(monkeypatch: pytest.MonkeyPatch) -> None:
    q = "这所学校共有多少名数学老师？"
    school = _p("青石小学", "这所学校可招收40名学生，数学老师共有8名。")

    def score_of(text: str) -> float:
        _, _, spans = answer_question(q, [school])
        return next(x.score for x in spans if x.text == text)

    on = score_of("40名")
    monkeypatch.setattr(candidates, "W_OTHER_THING", 0.0)
    assert on < score_of("40名")


def test_a_sum_named_by_its_purpose_asks_for_money() -> None:
    assert expected_unit("共发放了多少奖学金？") == ("元", "money")
    assert expected_unit("获得多少枚金牌？")[1] != "money"
    text = "记者获悉，青岩大学今年共为3.2万人次在校学生发放奖学金8600万元，在校学生达到5万人。"
    assert "8600万元" in _short("青岩大学今年共发放了多少奖学金？", [_p("青岩大学奖学金", text)])


def test_a_measure_word_that_starts_a_word_is_no_unit() -> None:
    assert expected_unit("农场吸纳了多少周边村民务工？")[0] != "周"
    assert expected_unit("园区有多少家普惠托管机构？")[0] == "家"  # a run the tagger made up is no word
    text = "今年夏季，农场吸纳周边村民150多人务工。"
    assert "150多人" in _short("青石农场今年夏季吸纳了多少周边村民务工？", [_p("青石农场", text)])


@pytest.mark.parametrize(
    ("question", "text", "answer"),
    [
        ("学校教学楼有多少个教室？", "学校建有教学楼3栋、教室96间，全部配备了空调。", "96间"),
        (
            "学校在多少度以上高温天气应停止户外体育课？",
            "按规定，学校在37℃以上高温天气应停止户外体育课。",
            "37",
        ),
        ("报名者年龄放宽到多少岁以上？", "今年的报名者年龄放宽到16周岁以上。", "16周岁"),
        ("青苗计划的助学标准是多少？", "青苗计划资助期一般为三年，助学标准为3000元/人。", "3000元/人"),
        (
            "村民们被征用土地的补偿款共计多少？",
            "他和15户村民被征用土地的补偿款86万元，已于月底发放到位。",
            "86万元",
        ),
        ("青年公寓单间月租金多少钱起？", "青年公寓单间主要面向刚毕业的大学生，月租金900元起。", "900元"),
        (
            "青石市政务服务热线的号码是多少？",
            "今年，青石市政务服务热线12398共受理市民诉求7000余件。",
            "12398",
        ),
    ],
)
def test_a_figure_in_another_printed_unit_answers(question: str, text: str, answer: str) -> None:
    assert answer in _short(question, [_p("青石市民生", text)])


def test_an_extent_is_not_a_count_of_things() -> None:
    assert expected_unit("这条河堤有多长？")[1] == "extent"
    text = (
        "清晨6时，青石县河道巡查站的9名巡查队员乘着2艘巡逻艇，开始了当天的防汛巡查。"
        "站长告诉记者，巡查站负责巡查的河堤有96公里，其中近20公里位于险段。"
    )
    assert "96公里" in _short("青石县河道巡查站负责巡查的河堤有多长？", [_p("汛期巡堤人", text)])


def test_a_difference_is_not_the_level_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "记者获悉，青石市今年城乡居民医保参合人数达到90万人，比上年增长3.4%。"
    insured = [_p("青石市城乡居民医保", text)]
    assert _short("青石市城乡居民医保的参合率是多少？", insured) == NOT_FOUND
    assert "3.4%" in _short("青石市城乡居民医保参合人数比上年增长了多少？", insured)
    _without(monkeypatch, "change")
    assert _short("青石市城乡居民医保的参合率是多少？", insured) != NOT_FOUND


def test_a_who_question_naming_a_person_asks_for_another() -> None:
    text = (
        "村民王建国和邻居因宅基地发生纠纷，向青石县司法局法律服务所求助。"
        "接到求助后，县司法局法律服务所指派律师宋雅琴调解。"
    )
    short = _short("青石县司法局法律服务所为王建国等村民指派的律师是谁？", [_p("调解记", text)])
    assert "宋雅琴" in short


def test_another_years_figure_stands_in_only_in_its_unit() -> None:
    reports = [
        _p(
            "青石市秋季书展举行",
            "9月10日，青石市秋季书展举行。今年的书展首次设置签售区，9家出版社负责人走进签售区推介新书。",
            index=1,
            date="2023-09-11",
        ),
        _p(
            "青石市秋季书展举行",
            "9月9日，青石市秋季书展举行。一家少儿出版社负责人说，出版社这次带来新书800种。",
            index=2,
            date="2024-09-10",
            score=0.9,
        ),
    ]
    assert "9家" in _short("2023年青石市秋季书展有多少家出版社走进签售区？", reports)
    assert _short("2024年青石市秋季书展有多少家出版社走进签售区？", reports) == NOT_FOUND


def test_an_organisation_is_not_answered_by_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "某地一项针对网约车司机的抽样调查表明，在收回的700份答卷中，约两成司机说从未休过年假。"
        "交通部门应加强监管，行业协会要把休假权益写进行业公约。"
    )
    q = "《休假权岂能缩水》提到的网约车司机抽样调查是由哪家机构开展的？"
    assert _short(q, [_p("休假权岂能缩水", text)]) == NOT_FOUND
    _without(monkeypatch, "sentence", "unnamed")  # 某地一项…调查 names no one either
    assert _short(q, [_p("休假权岂能缩水", text)]) != NOT_FOUND


def test_a_part_is_said_next_to_its_whole() -> None:
    text = (
        "3月8日，载着500名学员的培训专车从青石站出发。"
        "青石市人社局介绍，今年以来全市已培训学员2.4万人，其中农村学员1.2万人。"
    )
    bus = [_p("青石首趟培训专车载500名学员出发", text)]
    assert _short("青石首趟培训专车上的500名学员中有多少名农村学员？", bus) == NOT_FOUND
    assert "1.2万人" in _short("青石市今年已培训的学员中有多少名农村学员？", bus)


def test_a_name_cut_after_its_surname_is_one_name() -> None:
    clean = "48岁的读者龚志远在专区淘到了一套旧版辞典。"
    assert "龚志远" in {clean[a:b] for a, b, _ in person_spans("", clean, clean)}
    text = "书展还设立了旧书专区。48岁的读者龚志远在专区淘到了一套旧版辞典。"
    assert "龚志远" in _short("青石书展上在旧书专区淘到辞典的读者叫什么名字？", [_p("青石书展", text)])


def test_a_count_in_the_measure_word_its_noun_opens_with_counts_that_noun() -> None:
    """"多少个项目" is answered by "九项": 项 is the measure word 项目 opens with, so the figure counts
    项目 though the clause does not print the noun."""
    from summarizer.qa.answering import answer_from_passages
    from summarizer.schemas import Passage

    p = Passage(
        page="p",
        article_index=1,
        title="青禾快递员技能测评",
        text="青禾市邮政管理局为800余名快递员组织技能测评。测评项目涵盖分拣、包装、安全驾驶等，共九项。",
        score=1.0,
        date="",
    )
    ans = answer_from_passages("青禾快递员技能测评包括多少个项目？", [p])
    assert ans.answerable and "九项" in ans.answer
