"""The offline answerer on hand-made passages: quantities, units, spans, refusals, compound questions,
span selection over several passages, list / definition / reason / date answers and their quotes."""

from __future__ import annotations

import re

import pytest

from summarizer.qa.answering import NOT_FOUND, answer_from_passages, answer_question, split_question
from summarizer.qa.question import analyse
from summarizer.qa.shaping import SHAPE_CLAUSE_MAX
from summarizer.qa.spans import expected_unit, quantities
from summarizer.schemas import Passage
from summarizer.text import ungrounded_numbers


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def _p(title: str, text: str, page: str = "p", index: int = 1, score: float = 1.0) -> Passage:
    return Passage(page=page, article_index=index, title=title, text=text, score=score)


CLUB = _p(
    "河滨区职工足球联赛落幕",
    "11月20日，河滨区第3届职工足球联赛在体育中心落幕。\n"
    "本届联赛历时 2个月，共有 24支队伍、逾600名职工参赛，36家企业赞助，筹集善款 85.5 万元。\n"
    "冠军由河滨电力队获得，最佳射手是电力公司检修工人陈立军。\n"
    "区总工会副主席王海燕介绍，联赛已连续举办3年，参赛人数比去年增长了12.5%。",
)
LIBRARY = _p(
    "青川县新建职工书屋",
    "今年以来，青川县新建职工书屋 18个，配送图书 1.2万册。\n书屋设在县文化馆，由县总工会管理。",
    index=2,
    score=0.8,
)


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("累计理赔金额近400万元。", ["近400万元"]),
        ("200余名产业一线工人参加了比拼。", ["200余名"]),
        ("化解率上升至97.34%。", ["97.34%"]),
        ("筹得善款220多万元，资助困难家庭子女639人。", ["220多万元", "639人"]),
        ("会员达26.19 万人。", ["26.19万人"]),
        ("收集了 147个参赛作品。", ["147个"]),
        ("其中近百万元用于助学，剩余120多万元用于帮扶。", ["近百万元", "120多万元"]),
        ("一次性化解率高，两部作品入选。", []),
    ],
)
def test_quantities_read_as_printed(sentence: str, spans: list[str]) -> None:
    found = [q.span for q in quantities(sentence) if not q.is_date]
    assert found == spans


def test_dates_and_ordinals_are_not_quantities() -> None:
    qs = quantities("11月28日，第2年举办，2023年共有15人参加。")
    assert [q.span for q in qs if not q.is_date] == ["15人"]


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("有多少名职工参赛？", ("名", "person")),
        ("培训了多少人次？", ("人次", "person-times")),
        ("一共捐赠了多少钱？", ("元", "money")),
        ("化解率上升到了多少？", ("%", "percent")),
        ("新建了几个书屋？", ("个", "个")),
    ],
)
def test_expected_unit(question: str, unit: tuple[str, str]) -> None:
    assert expected_unit(question) == unit


def test_question_kinds_and_compound_split() -> None:
    assert analyse("有多少支队伍参赛？").atype == "count"
    assert analyse("最佳射手是谁？").atype == "person"
    assert analyse("书屋设在哪里？").atype == "place"
    assert analyse("联赛的主题是什么？").atype in ("definition", "other")
    assert split_question("哪个区举办了足球联赛？哪个县新建了职工书屋？") == [
        "哪个区举办了足球联赛？",
        "哪个县新建了职工书屋？",
    ]
    assert split_question("河滨区联赛有多少支队伍参赛？") == ["河滨区联赛有多少支队伍参赛？"]


def test_focus_words_are_the_asked_noun() -> None:
    q = analyse("联赛一等奖的奖金是多少？")
    assert q.must == ("奖金",)
    assert "一等奖" in q.near


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("河滨区职工足球联赛有多少支队伍参赛？", "24支"),
        ("足球联赛有多少名职工参赛？", "逾600名"),
        ("有多少家企业赞助了足球联赛？", "36家"),
        ("足球联赛筹集善款多少？", "85.5万元"),
        ("足球联赛历时多长时间？", "2个月"),
        ("联赛参赛人数比去年增长了多少？", "12.5%"),
        ("青川县新建了多少个职工书屋？", "18个"),
        ("青川县职工书屋配送图书多少册？", "1.2万册"),
    ],
)
def test_figure_answers_pick_the_matching_quantity(question: str, expected: str) -> None:
    """The figure as printed, alone or with the short clause that says what it counts, and no
    other figure of the sentence ("本届联赛历时2个月" for 历时多长时间, but "24支队伍" without 逾600名)."""
    ans = answer_from_passages(question, [CLUB, LIBRARY])
    assert ans.answerable, question
    assert expected in ans.answer
    assert _numbers(ans.answer) == _numbers(expected)
    assert len(ans.answer) <= SHAPE_CLAUSE_MAX
    quote = ans.citations[0].quote
    assert ans.answer in _squash(quote)
    assert quote in (CLUB.text + LIBRARY.text)  # verbatim, so grounding can check it
    assert ungrounded_numbers(ans.answer, quote) == []  # the number is in the cited sentence


def test_who_and_where_spans() -> None:
    """A name with the clause that binds it to what is asked ("最佳射手是电力公司检修工人陈立军"),
    never the other names of the sentence."""
    who = answer_from_passages("足球联赛的最佳射手是谁？", [CLUB, LIBRARY])
    assert who.answerable and who.answer.endswith("陈立军") and "河滨电力队" not in who.answer
    where = answer_from_passages("河滨区职工足球联赛在哪里落幕？", [CLUB, LIBRARY])
    assert where.answerable and "体育中心" in where.answer and "11月20日" not in where.answer
    assert where.citations[0].title == CLUB.title


@pytest.mark.parametrize(
    "question",
    [
        "足球联赛冠军获得了多少奖金？",  # no money amount for a prize anywhere
        "足球联赛的裁判有多少名？",  # referees never mentioned
        "青川县职工书屋有多少名管理员？",
        "河滨区的区长是谁？",
        "足球联赛退还了多少善款？",  # 85.5万元 were raised (筹集), nothing says what was returned
        "火星探测器什么时候发射？",
    ],
)
def test_unanswerable_questions_are_refused(question: str) -> None:
    ans = answer_from_passages(question, [CLUB, LIBRARY])
    assert not ans.answerable, ans
    assert ans.answer == NOT_FOUND and "语料中未找到答案" in ans.answer
    assert ans.citations == []


def test_no_passages_means_not_found() -> None:
    assert answer_from_passages("有多少支队伍？", []).answerable is False


def test_compound_question_cites_both_articles() -> None:
    ans = answer_from_passages("哪个区举办了职工足球联赛？哪个县新建了职工书屋？", [CLUB, LIBRARY])
    assert ans.answerable
    assert "河滨区" in ans.answer and "青川县" in ans.answer
    assert {c.title for c in ans.citations} == {CLUB.title, LIBRARY.title}


def test_names_of_things_and_what_follows_a_verb() -> None:
    hall = _p(
        "龙口市总工会建阵地",
        "龙口市总工会打造了“向日葵”职工心理关爱服务中心。\n市总还联手设立法律援助服务站，在市法院设立工会调解室。",
    )
    named = answer_from_passages("龙口市总工会打造的职工心理关爱服务中心叫什么名字？", [hall])
    assert named.answerable and named.answer.strip("“”") == "向日葵"
    made = answer_from_passages("龙口市总工会在市法院设立了什么？", [hall])
    assert made.answerable and made.answer == "工会调解室"


def test_a_count_needs_a_sentence_naming_what_is_counted() -> None:
    """'多少名律师' is refused when no sentence mentions 律师, even with a person count nearby."""
    ans = answer_from_passages("河滨区职工足球联赛有多少名裁判？", [CLUB, LIBRARY])
    assert not ans.answerable


# ---- span selection over several passages ------------------------------------------------------

FUND = _p(
    "河滨区工会送温暖",
    "河滨区总工会今年投入资金320万元开展送温暖活动。\n"
    "活动慰问困难职工1260户，其中患病职工410户。\n"
    "区总工会还走访了环卫、快递等户外劳动者集中的单位，送去棉衣、手套等物资。",
    index=3,
    score=0.9,
)
WATER = _p(
    "青川县兴建蓄水池",
    "青川县共建成蓄水池两种：田间小水窖和山塘。\n"
    "1998年，青川县开始兴建山塘，2004年建成第一座田间小水窖，2010年全县实现村村通自来水。\n"
    "水窖是修在地下的蓄水设施，用来收集雨水。\n"
    "山区缺水，因为降雨集中在夏季。因此当地人把水窖称为“救命窖”。",
    index=4,
    score=0.8,
)


def test_the_number_next_to_the_question_words_wins() -> None:
    """'几次 / 多少' answered with the wrong number of the right passage is the typical failure."""
    ans = answer_from_passages("河滨区总工会慰问了多少户患病职工？", [FUND, CLUB])
    assert ans.answerable and "410户" in ans.answer and "1260" not in ans.answer
    ans = answer_from_passages("河滨区总工会送温暖活动慰问了多少户困难职工？", [FUND, CLUB])
    assert ans.answerable and "1260户" in ans.answer and "410" not in ans.answer


def test_a_lone_chinese_numeral_answers_when_its_measure_word_is_asked() -> None:
    ans = answer_from_passages("青川县建成的蓄水池有几种？", [WATER, LIBRARY])
    assert ans.answerable and ans.answer.endswith("两种")


def test_a_list_question_is_answered_by_a_sentence_that_lists() -> None:
    ans = answer_from_passages("河滨区总工会走访了哪些户外劳动者集中的单位？", [FUND, CLUB])
    assert ans.answerable
    assert "环卫、快递" in ans.answer
    assert ans.citations[0].quote in FUND.text


def test_a_date_answer_keeps_the_clause_that_says_what_it_is_of() -> None:
    """The sentence names three years; the answer says which event the year belongs to."""
    ans = answer_from_passages("青川县是哪一年建成第一座田间小水窖的？", [WATER, LIBRARY])
    assert ans.answerable
    assert "2004年" in ans.answer and "1998年" not in ans.answer and "2010年" not in ans.answer
    assert ans.answer in WATER.text


def test_definition_answers_with_the_defining_sentence() -> None:
    ans = answer_from_passages("什么是水窖？", [WATER, LIBRARY])
    assert ans.answerable
    assert "修在地下的蓄水设施" in ans.answer
    assert ans.citations[0].quote == "水窖是修在地下的蓄水设施，用来收集雨水。"


def test_a_reason_given_in_the_sentence_before_is_quoted_with_it() -> None:
    """'因此当地人把水窖称为…' names the result; the cause is the sentence before it."""
    ans = answer_from_passages("为什么当地人把水窖称为“救命窖”？", [WATER, LIBRARY])
    assert ans.answerable
    assert "降雨集中在夏季" in ans.answer
    assert any("降雨集中在夏季" in c.quote and "救命窖" in c.quote for c in ans.citations)
    assert all(c.quote in WATER.text for c in ans.citations)


def test_candidates_come_from_every_retrieved_passage() -> None:
    """The best sentence is not always in the best-scored passage."""
    ans, _, spans = answer_question("青川县职工书屋配送图书多少册？", [CLUB, LIBRARY])
    assert ans.answer.endswith("1.2万册")
    assert {s.sentence.passage.title for s in spans} >= {LIBRARY.title}
    assert ans.citations[0].title == LIBRARY.title


def test_yes_no_reads_negation() -> None:
    shop = _p("职工书屋开放", "职工书屋每天对外开放，不收取任何费用。")
    yes = answer_from_passages("职工书屋是否每天对外开放？", [shop])
    no = answer_from_passages("职工书屋是否收取费用？", [shop])
    assert (yes.answer, no.answer) == ("是", "否")
    assert yes.citations and yes.citations[0].quote in shop.text


def test_every_quote_is_verbatim() -> None:
    passages = [CLUB, LIBRARY, FUND, WATER]
    for question in [
        "河滨区职工足球联赛有多少支队伍参赛？",
        "什么是水窖？",
        "为什么当地人把水窖称为“救命窖”？",
        "河滨区总工会走访了哪些户外劳动者集中的单位？",
        "青川县是哪一年开始兴建山塘的？",
        "冠军由哪支队伍获得？",
    ]:
        ans = answer_from_passages(question, passages)
        assert ans.answerable, question
        texts = {(p.page, p.article_index): p.text for p in passages}
        for c in ans.citations:
            assert c.quote in texts[(c.page, c.article_index)], (question, c.quote)


def test_a_measure_word_the_lexicon_lacks_is_read_from_the_question() -> None:
    depot = _p("夏送清凉", "慰问组为一线职工送去300箱矿泉水和200盒防暑药品。")
    ans = answer_from_passages("慰问组送去多少箱矿泉水？", [depot])
    assert ans.answerable and ans.answer.startswith("300箱") and "200" not in ans.answer


def test_an_attribute_is_stated_by_its_figure_without_its_noun() -> None:
    """'3公斤重' states a 体重; a 会长 is no length, so a role question still needs its noun."""
    fox = _p("山区发现小型狐狸", "这种狐狸体型很小，成年后约有3公斤重。\n它们生活在海拔1500米以上的山林。")
    weight = answer_from_passages("这种小型狐狸的体重是多少？", [fox])
    assert weight.answerable and "3公斤" in weight.answer
    head = answer_from_passages("河滨区总工会的会长是谁？", [FUND])
    assert not head.answerable


def test_a_noun_naming_the_answer_kind_need_not_be_printed() -> None:
    """'开幕的时间是什么时候' asks for a date; the sentence says '于5月10日开幕', not '时间'."""
    q = analyse("河滨区职工运动会开幕的时间是什么时候？")
    assert "时间" not in q.must
    games = _p(
        "河滨区职工运动会开幕", "河滨区第5届职工运动会于5月10日在体育中心开幕。\n本届运动会设12个项目。"
    )
    ans = answer_from_passages("河滨区职工运动会开幕的时间是什么时候？", [games, LIBRARY])
    assert ans.answerable and "5月10日" in ans.answer


def test_a_headcount_is_answered_in_people_not_as_a_rate() -> None:
    """'参赛人数是多少' counts people: '增长了12.5%' is no number of participants."""
    q = analyse("河滨区职工足球联赛的参赛人数是多少？")
    assert q.family == "person"
    ans = answer_from_passages("河滨区职工足球联赛的参赛人数是多少？", [CLUB, LIBRARY])
    assert "12.5%" not in ans.answer


def test_a_sentence_opening_with_a_pronoun_is_about_whom_the_sentence_before_names() -> None:
    miner = _p(
        "矿区康复站见闻",
        "5月6日上午，河滨区养老院里，退休教师周建国正在练习书法。他在乡村小学教了二十年书，2016年被评为特级教师。",
    )
    ans = answer_from_passages("河滨区养老院的周建国是哪一年被评为特级教师的？", [miner])
    assert ans.answerable and "2016年" in ans.answer and "5月6日" not in ans.answer


def test_a_modifier_is_found_by_its_pieces_in_a_list_item() -> None:
    """'青少年活动站14个、活动点36个': the first item's window keeps only '少年活动站'."""
    rehab = _p(
        "河滨区建成活动站",
        "据介绍，河滨区已建成青少年活动站14个、活动点36个。\n今年河滨区还计划新建活动站3个。",
    )
    ans = answer_from_passages("河滨区建成了多少个青少年活动站？", [rehab])
    assert ans.answerable and ans.answer.endswith("14个")


def test_a_sum_of_money_is_no_verb_the_answer_must_repeat() -> None:
    """'每月收入多少': 收入 names what is counted; '每月能拿3100元' answers it."""
    worker = _p(
        "合作社里的新生活", "刘秀英以前年收入不到6000元。\n她说：“现在每月能拿3100元，孩子就在附近上学。”"
    )
    ans = answer_from_passages("合作社的刘秀英现在每月收入多少？", [worker])
    assert ans.answerable and "3100元" in ans.answer


def test_a_span_of_the_asked_kind_stands_in_for_one_of_another_kind() -> None:
    """'哪所大学' is not answered by a 厂; the sentence naming the 学院 is."""
    bio = _p(
        "周立平简历",
        "周立平中学毕业后，在河滨钢铁厂当工人。\n1978年考入河滨师范学院中文系。\n毕业后在河滨师范学院任教。",
    )
    ans = answer_from_passages("周立平毕业于哪所大学？", [bio])
    assert ans.answerable and "师范学院" in ans.answer and "钢铁厂" not in ans.answer


def test_a_description_of_a_part_is_the_sentence_opening_with_that_part() -> None:
    plant = _p(
        "金叶草",
        "金叶草（学名：未定）是菊科的一种多年生草本植物，分布于华南山地。\n"
        "叶互生，长椭圆形，边缘有细齿。\n根粗壮，呈纺锤形，表皮褐色。\n花期为5-7月。",
    )
    assert analyse("金叶草的根有什么特点？").aspect == "根"
    ans = answer_from_passages("金叶草的根有什么特点？", [plant])
    assert ans.answerable and ans.answer.startswith("根粗壮")


def test_the_asked_verb_may_follow_the_number_as_a_noun() -> None:
    """'抽查了多少家餐饮店' is answered by '对85家餐饮店的抽查显示' (the verb after the number)."""
    check = _p("餐饮店证照抽查", "某区市场监管部门今年对85家餐饮店的抽查显示，近三成店铺未公示证照。")
    ans = answer_from_passages("某区市场监管部门抽查了多少家餐饮店？", [check])
    assert ans.answerable and "85家" in ans.answer


def test_a_count_in_another_measure_word_must_name_what_is_counted() -> None:
    """'多少家养老机构' is not answered by '照料位3000个': neither 家 nor 机构 says it counts institutions."""
    care = _p(
        "河滨区出台养老补贴办法",
        "河滨区对社区养老机构按每个照料位每月200元的标准给予补贴，今年全区计划新增照料位3000个。",
    )
    refused = answer_from_passages("河滨区目前有多少家社区养老机构？", [care])
    assert not refused.answerable
    counted = answer_from_passages("河滨区今年计划新增多少个照料位？", [care])
    assert counted.answerable and "3000个" in counted.answer


def test_the_passage_naming_the_questions_topic_answers_it() -> None:
    """'红尾鸲主要分布在哪些地区' is about 红尾鸲: a like sentence of another species' passage loses."""
    fish = _p(
        "红尾鸲",
        "红尾鸲为雀形目的一种鸟。\n本鸟分布于东亚地区，包括朝鲜、日本等地。",
        score=1.6,
    )
    vine = _p(
        "山茶",
        "山茶是山茶科的植物。\n山茶主要分布于东亚地区，包括日本、朝鲜以及中国大陆的江西、湖南等地区。",
        index=2,
        score=0.7,
    )
    assert analyse("红尾鸲主要分布在哪些地区？").topic
    ans = answer_from_passages("红尾鸲主要分布在哪些地区？", [fish, vine])
    assert ans.answerable and ans.citations[0].title == "红尾鸲"


def test_a_place_after_a_locating_verb_answers_where() -> None:
    """Two like sentences, one naming a place it deals with, one where it stands: 位于 says where."""
    named = _p("河滨博物馆藏品", "河滨博物馆的藏品来自青川县。")
    located = _p("河滨博物馆概况", "河滨博物馆位于青山县。", index=2)
    ans = answer_from_passages("河滨博物馆在哪里？", [named, located])
    assert ans.answerable and "青山县" in ans.answer


def test_a_mark_inside_brackets_ends_no_sentence() -> None:
    from summarizer.qa.sentences import answer_sentences

    text = "石桥镇（；）是河西县的一个镇，是茶叶集散地。1824年，这里被定为集市。“好。”他说。"
    assert answer_sentences(text) == [
        "石桥镇（；）是河西县的一个镇，是茶叶集散地。",
        "1824年，这里被定为集市。",
        "“好。”",
        "他说。",
    ]
    street = _p("石桥镇", text)
    ans = answer_from_passages("什么是石桥镇？", [street])
    assert ans.answerable and "河西县的一个镇" in ans.answer


def test_a_quoted_titles_negation_asks_nothing() -> None:
    """《…价格能否再低一些？》 is a title: its 否 does not turn the question around."""
    essay = _p("社区食堂，价格能否再低一些？", "笔者建议，应全面取消社区食堂对外来务工人员的户籍限制。")
    ans = answer_from_passages(
        "评论《社区食堂，价格能否再低一些？》的作者是否建议取消社区食堂对外来务工人员的户籍限制？",
        [essay],
    )
    assert ans.answer == "是"


def test_a_yes_no_question_naming_another_doer_than_the_text_is_answered_no() -> None:
    trip = _p("教师研学", "今年全区组织一线教师200名赴山区研学，所需费用由学校统一承担。")
    no = answer_from_passages("教师研学的费用是否由教师自己支付？", [trip])
    yes = answer_from_passages("教师研学的费用是否由学校统一承担？", [trip])
    assert (no.answer, yes.answer) == ("否", "是")


def test_a_short_answer_keeps_no_half_of_a_quotation() -> None:
    worker = _p("合作社里的新生活", "她说：“现在每月能拿3100元，孩子就在附近上学。”")
    ans = answer_from_passages("合作社的她现在每月能拿多少钱？", [worker])
    assert ans.answerable and "3100元" in ans.answer and not ans.answer.startswith("“")


def test_a_length_is_stated_by_长_next_to_its_figure() -> None:
    fruit = _p("凤凰木", "凤凰木是一种大型落叶乔木。\n凤凰木的荚果长约30至60厘米。")
    ans = answer_from_passages("凤凰木荚果的长度约是多少厘米？", [fruit])
    assert ans.answerable and "30至60厘米" in ans.answer


def test_a_unit_symbol_answers_for_its_chinese_unit() -> None:
    plant = _p("捕蝇草", "捕蝇草是一种食虫植物。\n该种植株矮小，全长通常只有5cm。")
    ans = answer_from_passages("捕蝇草的全长是多少厘米？", [plant])
    assert ans.answerable and "5cm" in ans.answer


def test_the_sentence_printing_the_questions_year_answers_it() -> None:
    bio = _p(
        "周立平简历",
        "周立平是河滨市人，曾任河滨县委副书记。\n他长期从事地方经济研究工作。\n2013年3月，当选为河滨市政协副主席。",
    )
    ans = answer_from_passages("2013年3月，周立平担任什么职务？", [bio])
    assert ans.answerable and "政协副主席" in ans.answer
