"""What a 多少 / 几 question counts: the noun after 多少 + measure word, the subject before 有多少 /
是多少, never a verb (入场, 吃饭), a ranking word (最少) or a relational noun (方面), and 人数 as a count
of people; on invented questions and passages."""

from __future__ import annotations

import re

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.candidates import candidates
from summarizer.qa.question import analyse, is_ranking
from summarizer.qa.typed import ranked_sentences
from summarizer.schemas import Passage


def _p(title: str, text: str) -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date="")


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def _figures(question: str, passages: list[Passage]) -> list[str]:
    q = analyse(question)
    return [s.text for s in candidates(q, ranked_sentences(q, passages)) if s.kind == "figure"]


def test_a_verb_after_the_counted_noun_is_not_what_is_counted() -> None:
    q = analyse("松溪县夏季展销会有多少家商户入场摆摊？")
    assert q.counted == "商户"
    fair = _p("松溪县夏季展销会开幕", "松溪县夏季展销会昨日开幕，共有86家商户进场，展位全部售出。")
    assert "86家" in _figures("松溪县夏季展销会有多少家商户入场摆摊？", [fair])


def test_a_verb_right_after_the_measure_word_counts_the_measure_words_noun() -> None:
    q = analyse("新建的职工书吧能容纳多少人看书？")
    assert q.counted == ""
    q2 = analyse("培训班结业时已经有多少人拿到了厨师证？")
    assert q2.counted == ""
    # a verb that modifies the noun after it is no predicate: the noun is counted
    assert analyse("值班的员工能领多少加班补贴？").counted == "补贴"
    assert analyse("展会有多少个参展单位？").counted == "单位"


def test_relational_noun_before_de_is_not_the_head() -> None:
    q = analyse("信访办去年收到了多少件物业管理方面的投诉？")
    assert q.counted == "投诉"
    assert "方面" not in q.modifiers


def test_a_ranking_word_is_not_the_counted_subject() -> None:
    q = analyse("协议规定保安的月薪最少是多少？")
    assert q.counted == "月薪"
    assert "最少" not in q.must
    assert is_ranking("最轻") and is_ranking("至少") and not is_ranking("工资")
    text = "协议约定，保安的月薪不低于3200元，每年增幅不低于5%。"
    assert "3200元" in _short("协议规定保安的月薪最少是多少？", [_p("保安工资协议签订", text)])


def test_a_verb_and_its_complement_after_the_subject() -> None:
    q = analyse("这些保洁员被拖欠的工钱加起来一共是多少？")
    assert q.counted == "工钱"
    assert "起来" not in q.must


def test_renshu_asks_for_a_count_of_people() -> None:
    q = analyse("去年参加社区义诊的人数是多少？")
    assert q.counted == ""
    assert q.unit == "人"
    text = "去年，参加社区义诊的居民达3200人，比前年多了一倍。"
    assert "3200人" in _short("去年参加社区义诊的人数是多少？", [_p("社区义诊惠及居民", text)])


def test_a_one_character_suffix_keeps_the_noun() -> None:
    assert analyse("隐患整改率是多少？").counted == "整改"


def test_baifenzhiji_is_one_interrogative() -> None:
    q = analyse("今年的培训经费比上一年多了百分之几？")
    assert "百分之" not in q.near
    assert q.atype == "percentage"


def test_a_measured_attributes_name_is_said_by_the_unit() -> None:
    text = "老木匠说的“一分”，是3.3毫米左右。"
    assert "3.3毫米" in _figures("老木匠说的“一分”是多大的尺寸？", [_p("老木匠的手艺", text)])


def test_shixian_is_a_support_verb() -> None:
    text = "今年该县已开办技能培训班30期，培训后就业率达75%。"
    assert "75%" in _short("参加技能培训的人，培训后有多大比例实现了就业？", [_p("县里办培训班", text)])


def test_receiving_verbs_are_one_act() -> None:
    text = "区信访办今年受理的噪声投诉有48件，多数涉及夜间施工。"
    assert "48件" in _figures("区信访办今年接到了多少件噪声投诉？", [_p("噪声投诉", text)])


def test_a_fall_in_other_words_is_the_asked_fall() -> None:
    text = "据统计，今年一季度该区噪声投诉件数同比下降了37%。"
    assert "37%" in _figures("今年一季度该区噪声投诉件数同比减少了多少？", [_p("噪声投诉减少", text)])
