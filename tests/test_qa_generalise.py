"""Refusal rules checked across writers (invented passages): a quantity the question states is printed
in the article of a name it asks for; a place suffix that starts another word (县城) names no place; an indefinite expression (有的城市) names nothing; a question's name
the article prints as a place's is no person; a counted word that ends the question may be a verb the
tagger read as a noun; and the dev_e builder and its halves."""

from __future__ import annotations

import re

import pytest
from summarizer.evals.qa_dev_e import build
from summarizer.evals.split import half_of

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.schemas import Passage


def _p(title: str, text: str) -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date="2024-05-02")


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


SURVEY = _p(
    "松河调查新职业从业者",
    "松河市总工会今年对800名新职业从业者开展问卷调查，近四成受访者没有参加养老保险，超过五成受访骑手每天工作10小时以上。",
)


def test_a_quantity_the_question_states_is_printed_in_the_name_s_article() -> None:
    assert _short("说有超过六成受访骑手曾闯红灯的那项调查是哪家机构做的？", [SURVEY]) == NOT_FOUND
    assert "松河市总工会" in _short("说有超过五成受访骑手每天工作10小时以上的调查是哪家机构做的？", [SURVEY])


def test_a_place_suffix_that_starts_another_word_names_no_place() -> None:
    p = _p(
        "乡村工匠带徒", "在松河市，乡村工匠带着12名徒弟学习木工，徒弟们出师后大多在县城装修公司找到了工作。"
    )
    assert _short("带着12名徒弟学木工的乡村工匠是松河市哪个县的？", [p]) == NOT_FOUND


def test_an_indefinite_expression_is_not_a_place() -> None:
    text = "有的城市对获评“首席技工”的职工每月发放800元津贴，连续发放两年。松河市今年新评首席技工30名。"
    p = _p("技工津贴", text)
    assert _short("给“首席技工”每月发放800元津贴、连续发放两年的是哪个城市？", [p]) == NOT_FOUND


def test_a_place_read_as_a_name_does_not_bind_the_figure_to_a_person() -> None:
    p = _p(
        "慰问一线职工",
        "7月1日，慰问组来到刘德坤区一家钢铁企业。当天，慰问组共送出矿泉水300箱、绿豆1.5吨、毛巾800条。",
    )
    assert "1.5吨" in _short("慰问组在刘德坤钢铁企业送出了多少绿豆？", [p])


def test_a_verb_read_as_the_counted_noun() -> None:
    p = _p(
        "青川县举办家政技能大赛",
        "5月1日，青川县家政技能大赛开幕，来自全县的73名家政服务员参加三个项目的比拼。",
    )
    assert "73名" in _short("青川县家政技能大赛有多少名家政服务员参赛？", [p])
    assert _short("青川县家政技能大赛有多少名裁判员参赛？", [p]) == NOT_FOUND


def test_dev_e_builder_checks_answers_and_marks_halves() -> None:
    doc = build([{"article": "a003", "q": "一个没有答案的问题？", "answers": [], "type": "count"}])
    assert doc["qa"][0]["type"] == "unanswerable"
    assert doc["qa"][0]["half"] == half_of("一个没有答案的问题？")
    with pytest.raises(ValueError, match="not printed"):
        build([{"article": "a003", "q": "问？", "answers": ["不存在的答案九九九"], "type": "count"}])


AWARD = _p(
    "松河联盟揭榜",
    "联盟成立当天，首批8个技术难题被“揭榜”。其中，一家电机企业提出的轴承降噪问题，由三家工作室联合认领。",
)


def test_a_count_of_the_asked_things_does_not_name_them() -> None:
    assert _short("松河联盟的轴承降噪问题是由哪三家工作室联合认领的？", [AWARD]) == NOT_FOUND
    named = _p("松河联盟揭榜", "其中，轴承降噪问题由甲川、乙河和丙山三家工作室联合认领。")
    assert "甲川" in _short("松河联盟的轴承降噪问题是由哪三家工作室联合认领的？", [named])


def test_a_count_the_question_only_states_does_not_bind_the_answer() -> None:
    p = _p("松河市新增服务站", "今冬，松河市海淀区总工会新增16个户外劳动者服务站，配备热水、药箱。")
    assert "海淀区" in _short("松河市哪个区的总工会今冬新增了16个户外劳动者服务站？", [p])


def test_a_light_verb_is_not_what_is_counted_and_a_place_is_said_as_a_whole() -> None:
    rest = _p("松河职工疗休养启动", "记者获悉，今年全市共组织一线职工900名，分12批次赴山区疗休养基地疗休养。")
    assert "12批次" in _short("松河职工疗休养分多少批次进行？", [rest])
    homes = _p(
        "适老化改造有序推进",
        "海淀区民政局介绍了适老化改造进展。今年以来，全区已为1200户老人家庭完成适老化改造。",
    )
    assert "1200户" in _short("北京市海淀区为多少户老人家庭完成了适老化改造？", [homes])


def test_a_span_of_years_names_each_of_its_years() -> None:
    from summarizer.qa.question import analyse

    assert analyse("松河2023—2024年供暖季的取暖补贴是每户多少钱？").years == {2023, 2024}
    assert analyse("松河2019年至2021年共投入多少资金？").years == {2019, 2020, 2021}
    heat = Passage(
        page="p",
        article_index=1,
        title="取暖补贴提标",
        text="据介绍，今年松河城市低保家庭取暖补贴标准提高到每户每个供暖季1600元。",
        score=1.0,
        date="2023-11-02",
    )
    assert "1600元" in _short("松河2023—2024年供暖季城市低保家庭的取暖补贴是每户多少钱？", [heat])


def test_a_modal_before_a_light_verb_leaves_it_light() -> None:
    p = _p("松河普惠观影", "工会会员通过服务平台可用9.9元购买一张电影票，每人每月限购两张。")
    assert "9.9元" in _short("松河工会会员买一张电影票要花多少钱？", [p])


def test_a_group_s_total_does_not_answer_for_one_person() -> None:
    p = _p(
        "欠薪调解",
        "一早，装修工人罗建平和8名工友来到调解窗口。此前，他们被一家装饰公司拖欠工资共计12.5万元。",
    )
    assert _short("装修工人罗建平本人被拖欠了多少工资？", [p]) == NOT_FOUND
    assert "12.5万元" in _short("罗建平和工友们被拖欠了多少工资？", [p])


def test_a_reference_back_to_another_kind_of_place_is_not_the_asked_kind() -> None:
    from summarizer.qa.evidence import _other_kind_referred
    from summarizer.qa.question import analyse

    q = analyse("松河市哪个县新建了12座驿站？")
    assert _other_kind_referred(q, "全省")
    assert not _other_kind_referred(q, "全县")
    assert not _other_kind_referred(q, "松河县")


def test_a_ratio_noun_after_the_interrogative_is_said_by_the_figure() -> None:
    p = _p("青石镇茶农合作社", "青石镇茶叶合作社今年吸收社员420户，其中返乡青年开办的家庭茶园占到三成。")
    assert "三成" in _short("青石镇茶叶合作社里返乡青年开办的家庭茶园占多大比重？", [p])


def test_a_verb_of_the_same_act_in_other_words_says_the_asked_verb() -> None:
    p = _p("柳湾社区夜校", "柳湾社区夜校今年秋季开设书法、烘焙等课程，面向居民提供学位460个，已全部报满。")
    assert "460个" in _short("柳湾社区夜校今年秋季一共拿出了多少个学位？", [p])
    fee = _p("柳湾社区夜校收费", "报名夜校的居民只需缴纳每人每期80元的材料费，其余开支由街道承担。")
    assert "80元" in _short("居民上柳湾社区夜校每期要交多少材料费？", [fee])


def test_a_verb_of_another_act_does_not_say_the_asked_verb() -> None:
    p = _p("柳湾社区夜校师资", "柳湾社区夜校每个班都配备不少于2名专职教师，并邀请退休教师担任助教。")
    assert _short("柳湾社区夜校今年共招募了多少名大学生助教？", [p]) == NOT_FOUND


def test_a_head_noun_after_an_enumeration_is_shared_by_its_items() -> None:
    p = _p(
        "柳湾区安全检查",
        "今年以来，柳湾区应急管理局检查了18家砖瓦、石料加工厂，督促整改隐患140余处。",
    )
    assert "18家" in _short("柳湾区应急管理局今年检查了多少家加工厂？", [p])
