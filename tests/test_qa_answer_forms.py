"""Forms an answer takes that are no plain number with its unit (invented passages): a share printed
as a fraction, a range, a period's length, the 否 of a literary yes/no question."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.question import analyse
from summarizer.qa.respective import respective_item
from summarizer.qa.spans import person_spans
from summarizer.schemas import Passage


def _p(title: str, text: str, date: str = "2024-07-02") -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date=date)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def test_the_fou_of_a_literary_yes_no_question_negates_nothing() -> None:
    """能否 / 可否 ask yes or no as 是否 does: their 否 is no negation, so a sentence that says 不得
    answers 否 and one that says 可以 answers 是."""
    p = _p("青禾明确防暑补贴发放要求", "防暑补贴应以现金形式发放，不得以毛巾、茶叶等实物替代。")
    assert _short("青禾的防暑补贴能否用毛巾、茶叶等实物替代？", [p]) == "否"
    assert _short("青禾的防暑补贴可否用毛巾、茶叶等实物替代？", [p]) == "否"
    ok = _p("青禾职工书屋延时开放", "职工书屋的图书可以带回家阅读，借期为一个月。")
    assert _short("青禾职工书屋的图书能否带回家阅读？", [ok]) == "是"


def test_a_share_may_be_printed_as_a_fraction() -> None:
    """多大比例 asks a share, which a report prints as a fraction (三分之一) as often as a rate."""
    p = _p(
        "青禾为快递员开设夜校",
        "夜校学费每人每期900元，其中区总工会承担三分之一，其余由企业支付。",
    )
    assert "三分之一" in _short("青禾快递员夜校的学费中区总工会承担多大比例？", [p])


def test_the_lower_end_of_a_range_answers_with_the_whole_range() -> None:
    """6至14周岁: the lower end takes its unit from the upper end and says nothing alone, so the
    answer a range question gets is the whole range."""
    p = _p("青禾工会开办暑期托管班", "托管班面向职工子女，招收年龄为7至13周岁，每天开放八个小时。")
    assert "7至13周岁" in _short("青禾工会暑期托管班的招收年龄范围是多少？", [p])
    unsaid = _p("青禾工会开办暑期托管班", "托管班今年招收职工子女300名，招收对象为7至13周岁的小学生。")
    assert "7至13周岁" in _short("青禾工会暑期托管班的招收年龄范围是多少？", [unsaid])


def test_a_period_noun_with_duolong_asks_how_long() -> None:
    """托管期 / 试用期 / 工期 name a span of time: 多长 after one asks a duration (as 多长时间 does), not
    an extent, so a lone numeral with a time unit (六周) answers it."""
    assert analyse("青禾暑期托管班的托管期有多长？").atype == "duration"
    assert analyse("青禾这条新修绿道有多长？").atype != "duration"
    p = _p("青禾工会开办暑期托管班", "托管班今年设教学点12个，招收职工子女500名，托管期为六周。")
    assert "六周" in _short("青禾暑期托管班的托管期有多长？", [p])


def test_fenbie_pairs_the_named_item_with_its_figure() -> None:
    """分别 pairs the n-th item of the list before it with the n-th figure after it: a question that
    names one item asks that item's figure, not the largest or the first."""
    view = "学员考取初级工、中级工、高级工证书后，可分别领取600元、900元和1300元的奖励。"
    at = {v: view.index(v) for v in ("600元", "900元", "1300元")}
    q = "青禾学员考取中级工证书后可领取多少奖励？"
    assert [respective_item(q, view, at[v]) for v in ("600元", "900元", "1300元")] == [False, True, False]
    assert respective_item("青禾学员考取证书后可领取多少奖励？", view, at["900元"]) is None
    p = _p("青禾技能奖励发放", view)
    assert "1300元" in _short("青禾学员考取高级工证书后可领取多少奖励？", [p])
    assert "600元" in _short("青禾学员考取初级工证书后可领取多少奖励？", [p])


@given(
    st.lists(st.sampled_from("甲乙丙丁戊己庚辛"), min_size=2, max_size=5, unique=True),
    st.data(),
)
def test_fenbie_pairs_by_position_for_any_list(marks: list[str], data: st.DataObject) -> None:
    """For any list of n parallel items and n figures, exactly the figure at the named item's
    position is paired with it."""
    items = [f"{m}类岗位" for m in marks]
    sums = [f"{100 * (i + 1)}元" for i in range(len(items))]
    view = "职工在" + "、".join(items) + "工作满一年，分别补贴" + "、".join(sums) + "。"
    asked = data.draw(st.integers(0, len(items) - 1))
    q = f"在{items[asked]}工作满一年补贴多少？"
    starts = [view.index(x, view.index("分别")) for x in sums]
    assert [respective_item(q, view, a) for a in starts] == [i == asked for i in range(len(items))]


def test_a_name_the_tagger_cut_after_its_surname_is_answered_whole() -> None:
    """A lone surname tagged as a name and then a given name the dictionary knows as a word (建国)
    are one name: 谁 is answered by 姚建国, not by the surname alone."""
    from summarizer.qa.spans import person_spans

    text = "座谈会上，驾驶员代表姚建国第一个发言。"
    names = {text[a:b] for a, b, sure in person_spans("第一个发言的是谁？", text, text) if sure >= 0.9}
    assert "姚建国" in names
    p = _p("青禾驾驶员座谈会", text)
    assert "姚建国" in _short("青禾驾驶员座谈会上第一个发言的驾驶员代表是谁？", [p])


def test_cities_the_dictionary_mistags_are_places() -> None:
    """jieba's dictionary tags some prefecture-level cities as people's names or verbs (曲靖 nr, 遵义
    v); the tagger's reading is corrected to a place, and words that are also common words are not."""
    from summarizer.tokens import pos_tokens

    flags = {t.word: t.flag for t in pos_tokens("曲靖和遵义的职工到开封学习")}
    assert flags["曲靖"] == "ns" and flags["遵义"] == "ns"
    assert all(t.flag != "ns" or t.word != "开封" for t in pos_tokens("他把信开封后读了一遍"))


def test_a_place_printed_with_the_larger_place_it_lies_in_is_one_answer() -> None:
    """陕西榆林: a province and the city in it, printed side by side, say where as the report does;
    the answer is both, not the province alone."""
    p = _p("青禾工作室获命名", "近日，陕西榆林一家化工企业的职工创新工作室被命名为省级示范工作室。")
    assert "陕西榆林" in _short("被命名为省级示范工作室的那家化工企业在哪里？", [p])


def test_a_cap_does_not_answer_what_was_given() -> None:
    """最高20万元 says what one case may get: a question that asks no cap ("共发放多少") ranks the capped
    figure well below the same figure printed plainly; a question that asks the cap does not."""
    from summarizer.qa.candidates import candidates
    from summarizer.qa.typed import ranked_sentences

    def score(question: str, text: str) -> float:
        q = analyse(question)
        spans = candidates(q, ranked_sentences(q, [_p("青禾返乡创业贷款", text)]))
        return next(c.score for c in spans if c.text == "20万元")

    capped = "全市返乡人员首次创业可申请最高20万元的创业担保贷款。"
    plain = "全市返乡人员首次创业可申请20万元的创业担保贷款。"
    total = "青禾全市返乡人员首次创业可申请多少创业担保贷款？"
    cap = "青禾全市返乡人员首次创业最高可申请多少创业担保贷款？"
    # more than the share of one unmatched word (0.01 here) would cost
    assert score(total, capped) < score(total, plain) - 0.1
    assert score(cap, capped) >= score(cap, plain)


def test_a_figure_of_a_larger_division_does_not_answer_for_a_part() -> None:
    """A district's, county's or town's figure is not the one a clause opening on 全市 (or 全省, 全国)
    states: that is the whole's. 全市 still answers for the city itself."""
    p = _p(
        "青禾市户外劳动者驿站提质",
        "截至目前，全市已建成户外劳动者服务驿站860余个，比三年前增加近一倍。铁西区的驿站还增设了充电柜。",
    )
    assert _short("青禾市铁西区共有多少个户外劳动者服务驿站？", [p]) == NOT_FOUND
    assert "860余个" in _short("青禾市共建成多少个户外劳动者服务驿站？", [p])
    town = _p(
        "青禾集体协商覆盖面扩大",
        "去年全市共有2100余家企业开展工资集体协商，覆盖职工约60万人。石桥镇的协商会开到了车间。",
    )
    assert _short("青禾市石桥镇去年有多少家企业开展工资集体协商？", [town]) == NOT_FOUND


def test_a_word_for_the_sum_itself_need_not_be_printed() -> None:
    """基金规模 / 补贴金额 ask a sum of money, which a figure in 元 says by itself: the sentence must
    speak of the fund, not print the word 规模 or 金额."""
    p = _p("青禾扶持返乡创业", "近年来，县里出台返乡创业支持政策九条，设立3000万元返乡创业引导基金。")
    assert "3000万元" in _short("青禾县设立的返乡创业引导基金规模是多少？", [p])
    paid = _p("青禾督促补发防暑补贴", "市总工会开展专项检查，督促31家企业补发防暑补贴64.5万元。")
    assert "64.5万元" in _short("青禾专项检查中督促企业补发的防暑补贴金额是多少？", [paid])


def test_two_words_the_hmm_glued_are_no_asked_verb() -> None:
    """"供暖季有多少名": jieba's HMM glues 季 to 有 into a "verb" its dictionary does not list; it asks
    nothing of the sentence, which need not print it."""
    from summarizer.qa.spans import asked_verb

    assert asked_verb("青禾今年供暖季有多少名供热职工坚守一线？") == ""
    assert asked_verb("青禾市总工会今年慰问了多少名环卫工人？") == "慰问"
    p = _p("青禾供暖季保供", "据介绍，今年全市集中供热面积约0.8亿平方米，近2000名供热职工坚守一线。")
    assert "近2000名" in _short("青禾今年供暖季有多少名供热职工坚守一线？", [p])


def test_a_rate_raised_to_per_unit_asks_the_new_rate() -> None:
    """"提高到每班多少钱" asks where a rate ended, with the unit it is counted per between 到 and 多少:
    the figure after 提高到, not the one after 从."""
    p = _p("青禾车务段暖心举措", "段工会将夜班补贴标准从每班25元提高到每班40元，惠及一线职工600余人。")
    assert "40元" in _short("青禾车务段工会把夜班补贴标准提高到每班多少钱？", [p])


def test_which_service_area_asks_the_whole_suffix() -> None:
    """哪个服务区 / 哪个港区 ask a name ending in the whole kind of 区 (…服务区), not a bare place."""
    p = _p("工会为货车司机送年货", "1月18日，市总工会在沪昆高速株洲服务区为过往货车司机送上年货。")
    assert _short("市总工会为货车司机送年货活动在哪个服务区举行？", [p]).endswith("株洲服务区")


def test_the_head_of_the_noun_phrase_after_duoshao_names_a_sum() -> None:
    """"发放了多少职工互助金": the noun phrase after 多少 ends in 金, a sum named by its purpose, so the
    answer is money even when the word stands beyond the few characters next to 多少."""
    assert analyse("青禾市总工会去年全年发放了多少职工互助金？").family == "money"
    p = _p("青禾职工互助保障", "去年全年，市总工会共为2100人次职工发放职工互助金680万元。")
    assert "680万元" in _short("青禾市总工会去年全年发放了多少职工互助金？", [p])


def test_a_rate_per_unit_does_not_answer_a_total() -> None:
    """"一共花了多少钱" asks a total: a rent per month (月租), a rate per person (元/人) or a cap per
    case (不超过) is no total; a total the article prints does answer it."""
    rent = _p("青禾改建职工公寓", "改建后的公寓单人间月租300元至500元，租金只有周边的一半。")
    assert _short("青禾改建职工公寓一共花了多少钱？", [rent]) == NOT_FOUND
    cap = _p("青禾应急帮扶", "对因病陷入困境的职工，核实后48小时内先行拨付不超过1万元的救助资金。")
    assert _short("青禾应急帮扶去年一共拨付了多少救助资金？", [cap]) == NOT_FOUND
    total = _p("青禾改建职工公寓", "改建公寓一共花了260万元，单人间月租300元至500元。")
    assert "260万元" in _short("青禾改建职工公寓一共花了多少钱？", [total])


def test_speech_and_counts_name_nothing() -> None:
    """A naming question is not answered by someone's words (a quote ending in 。) nor by a count
    (16支代表队); the indefinite article (一位…, 一家…) is no count."""
    from summarizer.qa.evidence import _names_nothing

    assert _names_nothing("“这回一定先把合同签了。”")
    assert _names_nothing("16支代表队")
    assert not _names_nothing("一位在青禾工作的哺乳期妈妈")
    assert not _names_nothing("青禾机械厂代表队")


def test_who_spoke_in_the_asked_years_report_may_cite_last_years_figures() -> None:
    """"2024年…的副主席是谁": the report published in 2024 names who spoke, though the sentence that
    names them cites 2023's figures; a report of another year still does not answer."""
    said = "市总工会副主席孔丽华说，2023年全市各级工会帮助310户困难职工家庭解困脱困。"
    p = _p("青禾送温暖覆盖新就业形态劳动者", said, date="2024-01-20")
    q = "2024年谈青禾市困难职工解困脱困情况的市总工会副主席是谁？"
    assert "孔丽华" in _short(q, [p])
    old = _p("青禾送温暖覆盖新就业形态劳动者", said.replace("2023年", "2021年"), date="2022-01-20")
    assert _short(q, [old]) == NOT_FOUND


def test_a_list_printed_right_after_the_asked_verb_answers_a_list_question() -> None:
    """"新增了哪些项目": the sentence that prints a list right after 新增 lists what is asked, before
    another sentence of the article that lists other things."""
    text = (
        "今年的职工体检项目还将组织流动体检车深入工业园区、建筑工地、物流园区，开展上门体检四十余场。"
        "与往年相比，今年新增骨密度和甲状腺彩超两个项目。"
    )
    p = _p("青禾职工免费体检启动", text)
    answer = _short("青禾今年的职工体检新增了哪些项目？", [p])
    assert "骨密度和甲状腺彩超" in answer and "流动体检车" not in answer


def test_a_years_figure_is_not_a_running_total() -> None:
    """"2022年…有多少名选手参赛" asks that year's entrants: a clause giving a total over the years
    (累计, 先后) answers it less well than the year's own figure, and a question asking the running
    total still gets it."""
    text = (
        "第三届青禾港装卸技能大赛已连续举办三届，累计有60余名选手通过比赛晋升了技能等级。"
        "来自港区7家企业的95名选手参加了今年的比拼。"
    )
    p = _p("青禾港装卸技能大赛", text, date="2022-10-23")
    assert "95名" in _short("2022年青禾港装卸技能大赛有多少名选手参赛？", [p])
    assert "60余名" in _short("青禾港装卸技能大赛累计有多少名选手通过比赛晋升了技能等级？", [p])


def test_whether_one_pays_is_answered_no_by_a_free_service() -> None:
    """"收费吗 / 要自己掏钱吗" is answered 否 by a sentence of the article that says the service is free
    or paid in full by someone else, though another sentence ranks first; a question asking whether
    it is paid in full (全额补贴) keeps the plain reading."""
    text = "5月8日，青禾市职工法律援助中心为18名农民工追回欠薪。援助中心的律师代理此类案件全部免费。"
    p = _p("青禾法律援助中心为农民工追回欠薪", text)
    assert _short("青禾市职工法律援助中心代理农民工欠薪案件收费吗？", [p]) == "否"
    paid = _p("青禾互助保障惠及快递员", "快递员参加互助保障的缴费由市总工会全额补贴。")
    assert _short("青禾快递员参加互助保障的缴费是否由市总工会全额补贴？", [paid]) == "是"


def test_a_word_for_money_itself_is_said_by_a_sum_in_yuan() -> None:
    """资金 / 经费 name money as such: "投入了多少资金" is answered by "投入186万元", which prints no 资金;
    the question's verb (投入, 花费) still has to be said, so another sum (a 红包 handed out) is no
    answer to what was spent."""
    p = _p(
        "青禾港区为夜班工人添装备",
        "今年3月，港区工会开展夜班护航行动，先后投入186万元，为作业区新增照明灯塔14座。",
    )
    assert "186万元" in _short("青禾港区夜班护航行动先后投入了多少资金？", [p])
    other = _p(
        "青禾工会年夜饭温暖留岗职工",
        "春节期间，留岗职工每人还能领到工会发的200元红包，年夜饭共摆了60桌。",
    )
    assert _short("青禾工会年夜饭共花费多少资金？", [other]) == NOT_FOUND


def test_a_quoted_name_is_counted_whole() -> None:
    """多少个“司机之家”: a quoted name is one word; its pieces (司机) name other things, so the 260名
    司机 of the same report are not what is counted."""
    assert analyse("青禾在多少个“司机之家”同步开展冬季慰问？").counted == "司机之家"
    p = _p(
        "青禾工会冬季慰问货车司机",
        "12月28日，青禾市总工会在东站“司机之家”开展冬季送温暖活动，为过往的260名长途货车司机送上棉大衣。"
        "据介绍，市总工会在全市7个“司机之家”同步开展慰问。",
    )
    got = _short("青禾在多少个“司机之家”同步开展冬季慰问？", [p])
    assert "7个" in got and "260名" not in got


def test_a_name_before_a_kind_word_names_a_place_of_that_kind() -> None:
    """哪个服务区 asks a name ending in 服务区; the tagger may read the name before it as a person's
    (鹿寨 / 服务区), and a run that ends in a place suffix after a conjunction (保温杯和柳州) holds no
    place name before the 和."""
    p = _p(
        "青禾工会为货车司机送温暖",
        "12月28日，青禾市总工会在鹿寨服务区“司机之家”开展冬季送温暖活动，为过往司机送上棉大衣、保温杯和柳州螺蛳粉。",
    )
    got = _short("青禾市总工会冬季送温暖活动在哪个服务区举办？", [p])
    assert got.endswith("鹿寨服务区") and "保温杯" not in got


def test_an_aspect_particle_ends_the_counted_noun_phrase() -> None:
    """了 / 着 / 过 follow only a verb: in "多少家用人单位设置了“妈妈岗”" the tagger's noun 设置 is the
    verb, so 用人单位 is what is counted, not the 妈妈 of the quoted name after it."""
    q = analyse("青禾推行“妈妈岗”以来，全市有多少家用人单位设置了“妈妈岗”？")
    assert q.counted.endswith("单位")  # 用人单位, or its head 单位 with 用人 as a modifier


def test_a_bare_district_question_is_not_answered_by_a_park() -> None:
    """哪个区 asks a district: 工业园区, 服务区, 社区 are other kinds of 区 (asked by their whole name),
    and a district cut by the tagger into one character and 东区 (米 / 东区) is one name."""
    p = _p(
        "青禾启动职业健康免费体检",
        "4月26日，青禾市总工会联合市卫健委在米东区某工业园区启动职业健康免费体检活动。",
    )
    assert _short("青禾职业健康免费体检活动在哪个区启动？", [p]).endswith("米东区")


def test_a_name_in_apposition_may_open_with_a_demonstrative_character() -> None:
    """那 and 全 open surnames as well as pronouns: right after a role noun and before 说 (副主席那秀云说)
    the two or three characters are a person's name, not "that one"."""
    p = _p(
        "青禾工会关注女职工更年期健康",
        "青禾市总工会副主席那秀云说，去年市总工会对全市87家重点企业开展问卷调查。",
    )
    assert "那秀云" in _short("青禾市总工会副主席是谁？", [p])


def test_a_total_whose_own_clause_names_the_asked_item_is_that_items() -> None:
    """A total printed after a list of counted things is the list's; but when the total's own clause
    names the thing asked (职工母婴室总数达到1036间), it is that thing's total."""
    p = _p(
        "青禾职工母婴室逾千间",
        "今年以来，全市新建和改造提升职工母婴室128间，覆盖女职工逾6万人，全市经认定的职工母婴室总数达到1036间。",
    )
    assert "1036间" in _short("青禾全市经认定的职工母婴室总数达到多少间？", [p])


def test_a_name_after_a_role_noun_may_have_a_rare_surname() -> None:
    """A person's name follows a role noun in apposition, whatever the surname: one character and a
    given name the tagger knows (技术员那玉兰在…), or a three-character word the dictionary lacks before
    a verb (队员虎志刚获…)."""
    p = _p(
        "青禾女职工技能竞赛落幕",
        "青禾一家草莓合作社的技术员那玉兰在草莓种植管理赛项中获得第一名。",
    )
    assert "那玉兰" in _short("青禾女职工技能竞赛草莓种植管理赛项的第一名是谁？", [p])
    r = _p("青禾矿山救护技能竞赛举行", "经过两天角逐，青禾某能源公司救护中队获团体第一名，队员虎志刚获个人第一名。")
    assert "虎志刚" in _short("青禾矿山救护技能竞赛的个人第一名是谁？", [r])


def test_a_contest_is_named_by_any_contest_word_and_its_items_by_any_verb() -> None:
    """比赛 / 竞赛 / 大赛 name one thing (lexicon.NOUN_KIN), and 设置 / 设有 say only that the items
    exist (lexicon.LIGHT_VERBS): "大赛设置了几个比赛项目" is answered by "…同场比拼…等四个项目"."""
    p = _p(
        "青禾女职工同台比武采油技能",
        "10月17日，青禾市第五届女职工职业技能大赛在实训基地举行，132名女选手同场比拼抽油机维护、电工接线等四个项目。",
    )
    assert "四个" in _short("青禾市第五届女职工职业技能大赛设置了几个比赛项目？", [p])


def test_a_standing_total_is_not_a_count_of_what_was_added() -> None:
    """目前 / 现在 with a word for the whole (总数, 一共) asks the standing total: a figure of what was
    added (新建…56家, 计划新发展…3000人) or of one day's event is no answer, and a total printed with
    the head noun repeated bare (书屋总数达到430家) is."""
    p = _p(
        "青禾职工读书月启动",
        "记者在启动仪式上了解到，去年以来全市新建职工书屋56家，书屋总数达到430家，藏书超过120万册。",
    )
    assert "430家" in _short("青禾市现在一共有多少家职工书屋？", [p])
    new = _p(
        "青禾快递小哥集中入会",
        "新会员可享受免费体检等服务，今年全市计划新发展快递行业会员3000人以上。",
    )
    assert _short("青禾市目前快递行业工会会员总数是多少？", [new]) == NOT_FOUND


def test_a_preposition_ends_the_interrogatives_noun_phrase() -> None:
    """"哪个区把企业书屋接入了…" asks a district: the 企业 after 把 is the object of the verb, not the
    head of the interrogative's noun phrase (a preposition ends a noun phrase); "哪家民营企业" still
    asks an organisation."""
    assert analyse("青禾哪个区把企业书屋接入了区图书馆通借通还系统？").atype == "place"
    assert analyse("青禾哪家民营企业捐建了职工书屋？").atype == "organisation"


def test_a_region_word_after_the_unit_says_where_not_whose() -> None:
    """"这家热力集团…多少座换热站" against "集团3800余名职工…分布在全市612座换热站": the sentence names the
    unit (集团) before its 全市, which says where the unit's stations are; a 全市 total with no unit
    named before it is still not the one unit's."""
    p = _p(
        "青禾热力集团职工坚守供暖一线",
        "记者从当地一家热力集团了解到，集团3800余名职工实行四班三运转，分布在全市612座换热站。",
    )
    assert "612座" in _short("青禾这家热力集团的职工分布在多少座换热站？", [p])
    whole = _p("青禾供暖季平稳运行", "记者了解到，今年全市共有换热站1500座，供暖面积再创新高。")
    assert _short("青禾这家热力集团有多少座换热站？", [whole]) == NOT_FOUND


def test_a_one_character_noun_suffix_ends_the_counted_compound() -> None:
    """The tagger cuts 体验馆 / 托管点 into a word and a one-character noun (体验 / 馆): the suffix is the
    compound's last character, so what is counted is 体验馆, not 体验; and 补贴总额 sums 补贴."""
    assert analyse("青禾已建成多少处建筑安全体验馆？").counted == "体验馆"
    assert analyse("青禾暑期托管班有多少个托管点设在企业内部？").counted == "托管点"
    assert analyse("青禾2024年发放的社会保险补贴总额是多少？").counted == "补贴"


def test_this_year_is_spoken_of_beside_a_printed_year() -> None:
    """"截至今年3月底…由2023年初的不到三成提高到78.5%" speaks of the publication year (今年) as well as the
    printed 2023, so a question about 2025 is answered by it."""
    p = _p(
        "青禾货车司机入会率近八成",
        "截至今年3月底，全市已有2.6万名货车司机加入工会，入会率由2023年初的不到三成提高到78.5%。",
        date="2025-04-10",
    )
    assert "2.6万名" in _short("截至2025年3月底，青禾有多少名货车司机加入了工会？", [p])


def test_a_hedge_before_the_copula_glues_to_no_noun() -> None:
    """"打工的人大约有多少": 大约 belongs to the number; cut with the noun it reads as 人大 (a congress)."""
    assert analyse("青禾县常年在外打工的人大约有多少？").counted != "人大"


def test_a_rare_surnamed_name_before_a_verb_of_saying() -> None:
    """Role noun + three characters + 说 is a name even when its surname is a rare one (主任虎秀兰说);
    a role noun + three characters + a comma (学徒制培训，) is not."""
    p = _p(
        "青禾单位托育室可获补助",
        "市总工会女职工委员会主任虎秀兰说，下一步将对达标的单位托育室给予一次性补助。",
    )
    assert "虎秀兰" in _short("青禾市总工会女职工委员会主任叫什么名字？", [p])


def test_a_count_of_events_measures_no_extent() -> None:
    """多大 / 多长 / 多重 ask an extent, which a length, an area or a weight gives: a count of events
    or visits (120余架次, 3万人次, 12场) measures nothing, so it is no answer."""
    p = _p(
        "青禾一家通用航空维修企业的机库里",
        "在青禾这家通用航空维修企业的机库里，技师们正在检修一架小型飞机。"
        "这家企业去年完成各类通航飞机维修120余架次，现有持照维修人员76名。",
    )
    assert _short("青禾这家通用航空维修企业的机库面积有多大？", [p]) == NOT_FOUND
    area = _p("青禾通航维修企业育人才", "企业建起了面积约1200平米的机库，去年完成维修120余架次。")
    assert "1200平米" in _short("青禾这家通航维修企业的机库面积有多大？", [area])


def test_zheli_refers_back_to_the_place_asked_about() -> None:
    """这里 refers to the place the report just named: "这里海拔1800多米" says the 海拔 of the 风电场
    the question names before its 的, though the sentence does not repeat it."""
    from summarizer.qa.counted import refers_to_asked

    q = analyse("青禾阳高县的云峰风电场海拔多少米？")
    assert refers_to_asked(q, "这里海拔1800多米,全年大风天数超过200天。")
    assert not refers_to_asked(q, "全市海拔最高的村子有1200多米。")


def test_the_organisers_are_answered_only_by_a_sentence_that_says_organising() -> None:
    """由哪些单位主办 asks who did the action named after the interrogative: a sentence of the same
    report that says nothing of 主办 (how many took part) answers it not, and the one that says it does."""
    silent = _p(
        "青禾举办快递员技能大赛",
        "本届大赛设分拣、装卸、驾驶3个项目，来自全区30家快递企业的210名选手参赛。共有18名选手获奖。",
    )
    assert _short("青禾快递员技能大赛由哪些单位主办？", [silent]) == NOT_FOUND
    said = _p(
        "青禾举办快递员技能大赛",
        "本届大赛设分拣、装卸、驾驶3个项目，来自全区30家快递企业的210名选手参赛。"
        "大赛由区总工会、区邮政管理局联合主办。",
    )
    assert "区邮政管理局" in _short("青禾快递员技能大赛由哪些单位主办？", [said])
    # The noun right after 哪些 is the kind listed, not an action: 配备了哪些设施 needs no 设施 said.
    room = _p("青禾骑手驿站投用", "驿站配备了冰柜、微波炉和充电柜，全天开放。")
    assert "微波炉" in _short("青禾骑手驿站配备了哪些设施？", [room])


def test_which_firm_asked_after_its_class_word() -> None:
    """总承包企业是哪家 asks an organisation as 哪家企业 does (the class word before the interrogative),
    and 哪家律师事务所 is answered only by a name of that class, which a sentence of lawyers lacks."""
    assert analyse("青禾这处工地的总承包企业是哪家？").atype == "organisation"
    assert analyse("青禾这处工地的总承包单位是哪家？").atype == "organisation"
    site = _p("青禾工地发放农民工工资", "1月15日，在青禾区一处安置房建设工地，农民工排队领取工资。")
    assert _short("青禾这处安置房建设工地的总承包企业是哪家？", [site]) == NOT_FOUND
    named = _p("青禾工地发放农民工工资", "该工地的总承包企业青禾建工集团为186名农民工发放工资。")
    assert "青禾建工集团" in _short("青禾这处安置房建设工地的总承包企业是哪家？", [named])
    lawyers = _p("青禾工会律师进园区", "4月27日，青禾市总工会组织12名律师走进开发区，为职工提供免费法律咨询。")
    assert _short("青禾市总工会的律师来自哪家律师事务所？", [lawyers]) == NOT_FOUND


def test_a_share_is_not_answered_by_a_count() -> None:
    """占总成绩的多少 asks a share of a whole: a count of people in the report is no share, and a rate
    printed elsewhere in it is."""
    assert analyse("青禾技能大赛的理论考试成绩占总成绩的多少？").atype == "percentage"
    assert analyse("青禾这座新厂房占地多少平方米？").atype != "percentage"
    assert analyse("青禾这项革新为企业节约了多少成本？").atype == "amount"  # 多少成本 is no 多少成
    half = _p("青禾一家企业的老技工", "在这家企业的车间里，老技工占了一半多。")
    assert "一半多" in _short("青禾这家企业的车间里老技工占了多少？", [half])
    counts = _p("青禾技能大赛落幕", "经过理论考试和实操比拼，共有24名选手获奖。")
    assert _short("青禾技能大赛的理论考试成绩占总成绩的多少？", [counts]) == NOT_FOUND
    rate = _p("青禾技能大赛落幕", "经过理论考试和实操比拼，共有24名选手获奖。理论考试成绩占总成绩的40%。")
    assert "40%" in _short("青禾技能大赛的理论考试成绩占总成绩的多少？", [rate])


def test_those_who_did_not_pass_are_not_counted_by_those_who_did() -> None:
    """未通过的职工有多少 counts the complement of "426名职工通过评价": that figure does not answer it,
    and "另有38名职工未通过" does."""
    passed = _p("青禾企业公布技能评价结果", "青禾一家企业公布今年技能等级评价结果，426名一线职工通过评价实现晋级。")
    assert _short("青禾这家企业今年有多少名职工参加评价但未通过？", [passed]) == NOT_FOUND
    both = _p(
        "青禾企业公布技能评价结果",
        "青禾一家企业公布今年技能等级评价结果，426名一线职工通过评价实现晋级，另有38名职工未通过评价。",
    )
    assert "38名" in _short("青禾这家企业今年有多少名职工参加评价但未通过？", [both])


def test_a_measure_word_the_tagger_glues_to_the_next_character_still_counts() -> None:
    """多少台风机: the tagger reads 台风 (a typhoon), but 风机 after the measure word is a word of its
    own, so 台 is the unit asked, and a man's age in the article does not answer the count."""
    from summarizer.qa.spans import expected_unit

    assert expected_unit("青禾风电场一共装了多少台风机？")[0] == "台"
    assert expected_unit("青禾今年有几天气温超过35度？")[0] == "天"
    assert expected_unit("青禾工会帮扶了多少周边村民？")[0] == ""  # 周边 is one word: 周 counts nothing
    p = _p("青禾风电场的运维工", "“风大的时候，塔筒都在晃。”28岁的风机运维工何晓东说。")
    assert _short("青禾风电场一共装了多少台风机？", [p]) == NOT_FOUND


def test_when_an_action_ends_is_not_answered_by_a_sentence_silent_on_it() -> None:
    """什么时候结束 asks the date of an end: a whole sentence of the report that says nothing of
    结束 (when it started, what it costs) is no answer."""
    p = _p("青禾会员观影活动启动", "青禾市总工会9.9元会员观影活动受到职工欢迎，全市40家影院参与，每人每月限购两张。")
    assert _short("青禾市总工会9.9元会员观影活动什么时候结束？", [p]) == NOT_FOUND


def test_a_count_of_things_is_not_answered_by_a_share() -> None:
    """小屋总数是多少 asks a number of things: "女工占到职工总数的七成" is a share of other things;
    a change asked of a count (人数比上年增长了多少) may be answered by a rate."""
    share = _p("青禾建成爱心妈咪小屋", "在青禾一家电子厂，女工占到职工总数的七成。")
    assert _short("青禾全市已建成的“爱心妈咪小屋”总数是多少？", [share]) == NOT_FOUND
    count = _p("青禾建成爱心妈咪小屋", "青禾全市已建成的“爱心妈咪小屋”总数达86个。在一家电子厂，女工占到职工总数的七成。")
    assert "86个" in _short("青禾全市已建成的“爱心妈咪小屋”总数是多少？", [count])
    change = _p("青禾金秋助学", "今年青禾金秋助学受助学生1240人，受助人数比上一年增长19.2%。")
    assert "19.2%" in _short("青禾金秋助学的受助人数比上一年增长了多少？", [change])


def test_joining_at_one_ceremony_is_no_standing_membership() -> None:
    """目前共有多少名会员 asks a standing total: the 2300 who joined at one ceremony (加入工会组织) are
    an addition to it, not the total."""
    p = _p(
        "青禾快递员集中入会",
        "5月27日，青禾市快递行业工会联合会举行集中入会仪式，来自12家快递企业的2300名快递员加入工会组织，每人领到一张工会会员服务卡。",
    )
    assert _short("青禾市快递行业工会联合会目前共有多少名会员？", [p]) == NOT_FOUND


def test_a_firms_name_asked_with_jiao_shenme_is_a_name_of_that_class() -> None:
    """那家企业叫什么名字 asks the name of a firm: a campaign's quoted name in the report (“春风行动”)
    is no firm's name."""
    p = _p(
        "青禾春风行动招聘会举行",
        "2月18日，青禾市“春风行动”首场招聘会举行，一家新能源电池企业一次性拿出1200个操作工岗位。",
    )
    assert _short("青禾招聘会上拿出1200个操作工岗位的新能源电池企业叫什么名字？", [p]) == NOT_FOUND


def test_the_batch_asked_may_be_named_by_the_sentence_a_cishi_refers_to() -> None:
    """首批…认定有多少名骑手参加: "此次认定…共有326名骑手参加" refers back to the sentence before, which
    names the 首批; a figure of a sentence that names no batch and refers to none still does not."""
    p = _p(
        "青禾网约配送员首次技能认定",
        "12月9日，首批通过职业技能等级认定的青禾网约配送员领到了证书。此次认定由市人社局备案的评价机构组织实施，"
        "共有326名骑手参加，283人通过。",
    )
    assert "326名" in _short("青禾首批网约配送员职业技能等级认定有多少名骑手参加？", [p])
    other = _p(
        "青禾网约配送员技能培训",
        "青禾今年组织网约配送员职业技能培训，共有500名骑手参加培训。",
    )
    assert _short("青禾首批网约配送员职业技能等级认定有多少名骑手参加？", [other]) == NOT_FOUND


def test_the_kind_noun_phrase_after_naxie_is_no_action() -> None:
    """送去了哪些防暑物资: 防暑物资 is the kind of what is listed (a noun phrase of two words), not an
    action the sentence must say; the sentence that lists what was sent answers it."""
    p = _p(
        "青禾车间工会送清凉",
        "当天室外气温达38℃，车间工会为一线职工送去绿豆汤60桶、防暑药品300盒、清凉毛巾500条。",
    )
    assert "防暑药品300盒" in _short("青禾这家企业车间工会送去了哪些防暑物资？", [p])


def test_an_age_bound_in_a_share_question_asks_no_age() -> None:
    """年龄不满70周岁的占多大比例 asks a share of people under an age: 近六成 answers it, though no age is
    printed with it."""
    p = _p("青禾退休教师志愿服务", "青禾退休教师志愿服务队现有队员230人，其中年龄不满70周岁的占近六成。")
    assert "近六成" in _short("青禾退休教师志愿服务队中年龄不满70周岁的占多大比例？", [p])


def test_a_time_or_work_word_before_de_says_nothing_of_what_is_measured() -> None:
    """今年的大检修 / 职工作业的炉口: 今年 says when and 作业 that people work there; neither is a detail
    the figure's sentence must repeat, so "历时45天的全厂停工大检修" answers how long it lasted."""
    p = _p("青禾石化装置大检修", "5月15日，青禾一家石化企业历时45天的全厂停工大检修画上句号。")
    assert "45天" in _short("青禾这家石化企业今年的全厂停工大检修历时多少天？", [p])
    hot = _p("青禾高温下的炉前工", "7月24日，在青禾一家冶炼企业，熔炼车间职工在1200摄氏度的炉口旁清理炉渣。")
    assert "1200摄氏度" in _short("青禾这家冶炼企业熔炼车间职工作业的炉口温度有多高？", [hot])


def test_the_champion_is_the_first_place() -> None:
    """冠军的总分 asks the winner's score: a report that says who 夺得第一名 with which score answers it."""
    p = _p("青禾焊工大赛落幕", "最终，青禾某钢铁公司焊工熊俊杰以总分96.5分夺得第一名。")
    assert "96.5分" in _short("青禾焊工大赛冠军的总分是多少？", [p])


def test_a_work_is_answered_by_its_title_in_book_marks() -> None:
    """哪部法规 / 哪本书 / 在哪部电影中 ask a work, whose title print sets in 《…》: the title is the
    answer (not the place 在哪 would ask), and a sentence that sets no title does not answer."""
    assert analyse("青禾女演员在哪部电影中首次担任主角？").atype == "name"
    assert analyse("青禾市哪个部门负责督办欠薪案件？").atype != "name"
    rule = _p("青禾规范共享单车停放", "禁止乱停乱放、按区域收费等规定已经列入《青禾市非机动车管理办法》，难在执行。")
    assert _short("禁止乱停乱放、按区域收费等规定列入了哪部法规？", [rule]) == "《青禾市非机动车管理办法》"
    shelf = _p("青禾社区图书角开放", "青禾社区图书角现有图书5000册，每月接待读者800人次。")
    assert _short("青禾社区图书角里读者最爱借的是哪一本书？", [shelf]) == NOT_FOUND


def test_a_place_is_given_by_its_whole_printed_name() -> None:
    """A place span the segmenter cut short goes on through the words ending a zone's name (…经济技术
    开发区) and takes the divisions printed right before it (a district before its 社区)."""
    fair = _p(
        "青禾秋季招聘会举行",
        "9月3日，青禾市人社局在金沙湾经济技术开发区一座会展中心举办秋季大型招聘会。",
    )
    assert "金沙湾经济技术开发区" in _short("青禾秋季大型招聘会在哪里举办？", [fair])
    clinic = _p("青禾义诊进社区", "3月5日，青禾市中医院组织12名医生来到西湖区桃园社区，为居民免费义诊。")
    assert "西湖区桃园社区" in _short("青禾市中医院的医生义诊来到了哪个社区？", [clinic])


def test_a_change_asked_by_its_end_is_answered_by_the_end() -> None:
    """"涨到每人每次多少" asks where a change ended, however many 每 stand between 到 and 多少;
    "如今有多少" asks what holds now, which "扩大到如今的520名" prints after 如今的."""
    fee = _p("青禾课后托管调整", "托管服务费由每人每次12元上涨到15元，午餐费由每餐10元上涨到12元。")
    assert "15元" in _short("青禾课后托管服务费上涨到每人每次多少钱？", [fee])
    choir = _p("青禾职工合唱团", "合唱团组建于2016年，团员从最初的40名扩大到如今的520名。")
    assert "520名" in _short("青禾职工合唱团如今有多少名团员？", [choir])


def test_a_cleft_question_asks_the_doer_of_its_verb() -> None:
    """"走访…慰问的是哪个单位" asks who did the 走访: the name before the verb in the sentence, not
    the place after it; a name after 的 of a clause the verb opens heads it and is the doer."""
    visit = _p(
        "青禾慰问环卫工人",
        "8月2日，青禾市南湖区总工会走访辖区某环卫作业站的清扫服务中心，为一线清扫工送去慰问品400份。",
    )
    assert "南湖区总工会" in _short("走访青禾环卫作业站慰问清扫工的是哪个单位？", [visit])
    depot = _p(
        "青禾公交场站改造",
        "今年5月起，管理这座公交场站的青禾公交集团实行错峰发车，场站夜间停放车辆由90辆减少到60辆。",
    )
    assert "青禾公交集团" in _short("青禾这座公交场站由哪家公司管理？", [depot])


def test_a_name_cut_wrongly_on_both_sides_is_mended() -> None:
    """"钳工伍子轩以…": the segmenter may glue the surname to the role noun before it and 以 to the
    given name; the name is the surname and the given name, which answers who came first."""
    text = "来自北区的钢筋工伍家俊以零失误的表现获得钢筋绑扎组第一名。"
    names = {text[a:b] for a, b, _ in person_spans("谁获得第一名？", text, text)}
    assert "伍家俊" in names
    p = _p("青禾建筑工匠比武", text)
    assert _short("青禾建筑工匠比武钢筋绑扎组第一名是谁？", [p]) == "伍家俊"


def test_a_dimension_is_said_by_a_figure_in_its_units() -> None:
    """距离 is said by a figure in 公里, and a 总额 by a sum its clause gives as a total (共, 累计); a
    sum not so given is no total."""
    ride = _p("青禾职工骑行活动", "劳动节当天，300多名职工骑车绕城环线一周，骑行约18公里。")
    assert "18公里" in _short("青禾职工劳动节骑行活动的骑行距离是多少？", [ride])
    fund = _p("青禾金秋助学", "助学活动开展以来，各级工会累计为2100名学生发放助学金960万元。")
    assert "960万元" in _short("青禾金秋助学活动发放的助学金总额是多少？", [fund])
    prize = _p("青禾厨艺大赛", "本届厨艺大赛金奖选手每人获得奖金3000元。")
    assert _short("青禾厨艺大赛的奖金总额是多少？", [prize]) == NOT_FOUND


def test_a_quoted_name_before_a_noun_is_its_modifier() -> None:
    """"多少个“红马甲”服务站": the noun after the quote heads what is counted; the quote names it, and
    the article introduces the name once, not in every sentence."""
    assert analyse("青禾街道目前已设立多少个“红马甲”服务站？").counted == "服务站"
    assert analyse("青禾全市共有多少个“职工驿站”？").counted == "职工驿站"
    street = _p("青禾街道志愿服务", "街道志愿服务的招牌是“红马甲”。目前已设立服务站27个，去年接待群众5000人次。")
    assert "27个" in _short("青禾街道目前已设立多少个“红马甲”服务站？", [street])


def test_a_name_cut_into_a_common_word_and_a_made_up_one_is_found() -> None:
    """"公司的武 / 振华 / 获得", "工程师那 / 建华 / 以": after 的 or a role noun a surname and a given
    name the tagger reads as other words are a name, the short answer to who it was."""
    first = "最终，青禾电力公司的武振华获得个人第一名。"
    assert "武振华" in {first[a:b] for a, b, _ in person_spans("谁", first, first)}
    p = _p("青禾电力抢修技能比武", first)
    assert "武振华" in _short("青禾电力抢修技能比武的个人第一名是谁？", [p])
    tester = "一家船舶设计院的工程师那建华以91分夺得制图组第一名。"
    assert "那建华" in {tester[a:b] for a, b, _ in person_spans("谁", tester, tester)}


def test_a_total_is_not_answered_by_the_part_after_qizhong() -> None:
    """"共有多少支球队参赛" over "全市20支球队参赛，其中…4支企业球队": 其中 opens a part of the whole
    printed before it."""
    league = _p(
        "青禾职工足球联赛开幕",
        "全市20支球队、400名球员参赛，其中首次参赛的是来自物流园区的4支企业球队。",
    )
    assert "20支" in _short("青禾职工足球联赛共有多少支球队参赛？", [league])


def test_a_rate_s_end_is_read_past_a_two_character_per_unit() -> None:
    """"涨到每小时多少元": 每小时 is a per-unit of two characters; the change's end answers."""
    pay = _p("青禾家政服务价格调整", "保洁服务价格由每小时40元涨到45元，育儿嫂月薪每月8000元。")
    assert "45元" in _short("青禾保洁服务价格涨到每小时多少元？", [pay])


def test_answers_carry_the_words_that_complete_them() -> None:
    """A time limit keeps its 内 (3日内); a venue its last character the segmenter cut off (体育 +
    馆); a change printed 调整为 ends where "还剩多少" asks; "X占多少" asks a share."""
    desk = _p("青禾窗口承诺", "对群众反映的供暖问题实行接诉即办、3日内答复。")
    assert "3日内" in _short("青禾窗口对群众反映的供暖问题承诺多长时间内答复？", [desk])
    games = _p("青禾职工乒乓球赛开赛", "5月9日，青禾市职工乒乓球赛在青禾市体育馆开赛，36支代表队参赛。")
    assert "体育馆" in _short("青禾市职工乒乓球赛是在哪座场馆开赛的？", [games])
    roll = _p("青禾低保复核", "全区低保家庭由年初的812户调整为760户，其中老年家庭占四成。")
    assert "760户" in _short("青禾这次低保复核后，低保家庭还剩多少户？", [roll])
    assert analyse("夜间在服务区过夜的司机占多少？").atype == "percentage"


def test_what_holds_now_is_the_end_of_a_change_from_its_start() -> None:
    """"最初只有9名会员，如今已扩大到240人": 最初 marks where the count started, and the change's
    end counts the 会员 its start names; a figure raised to in another clause counts nothing asked."""
    club = _p("青禾职工摄影协会", "这个摄影协会创办于2013年，最初只有9名会员，如今已扩大到240人。")
    assert "240人" in _short("青禾职工摄影协会现在有多少名会员？", [club])
    band = _p("青禾职工乐团", "今年，市文化馆把职工乐团扩编到55名乐手，并在社区广场推出周末音乐会。")
    assert _short("青禾周末音乐会已办了多少场？", [band]) == NOT_FOUND


def test_an_administrative_committee_is_an_organisation() -> None:
    """管委会 (an administrative committee), 办事处 and 指挥部 end organisations' names."""
    deal = _p("青禾共建产业学院", "日前，青禾职业学院与红岭高新区管委会签约，在园区内合办智能制造产业学院。")
    assert "红岭高新区管委会" in _short("青禾职业学院与哪个单位签约合办智能制造产业学院？", [deal])


def test_a_growth_rate_is_asked_in_per_cent() -> None:
    """增幅 (how much a thing grew, as a share of itself) is a percentage, whatever it grew in."""
    p = _p("柏溪县环卫工人收入提高", "调整后，柏溪县环卫工人月均收入增加约300元，增幅约6.2%。")
    assert "6.2%" in _short("柏溪县环卫工人每月收入的增幅大约是多少？", [p])


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("柏溪县调整后的高温补贴为每天多少元？", "25元"),  # the value after the change
        ("柏溪县政务大厅办事的平均等候时间缩短到多长？", "15分钟"),  # a change's end, asked by 多长
    ],
)
def test_the_value_after_a_change_is_its_end(question: str, answer: str) -> None:
    p = _p(
        "柏溪县多项民生举措落地",
        "今年7月起，柏溪县调整户外职工高温补贴，由每天15元提高到25元。县政务大厅推行预约办理后，"
        "平均等候时间由原来的40分钟缩短至15分钟。",
    )
    assert answer in _short(question, [p])


@pytest.mark.parametrize(("word", "thing"), [("基", "铁塔"), ("眼", "机井"), ("樘", "门窗"), ("榀", "钢屋架")])
def test_a_question_asks_in_a_less_common_measure_word(word: str, thing: str) -> None:
    """基 (pylons), 眼 (wells), 樘 (door and window frames), 榀 (trusses) are measure words: a question
    asked in one wants a figure in it."""
    assert analyse(f"柏溪县这项工程共有多少{word}{thing}？").unit == word
    p = _p("柏溪县重点工程进展", f"截至目前，柏溪县这项工程已完成{thing}安装36{word}，全部通过验收。")
    assert f"36{word}" in _short(f"柏溪县这项工程共有多少{word}{thing}？", [p])


def test_a_length_of_time_is_not_answered_by_a_date_s_month_or_day() -> None:
    """1月 and 6日 of "1月6日" name a day; "how long" asks a length (近4个小时), and "5日内" may be one."""
    p = _p(
        "柏溪县抢修队雪夜抢通线路",
        "1月6日深夜，柏溪县供电抢修队赶到山口，处置被积雪压断的电缆。大家连续干了近4个小时，电缆重新通电。",
    )
    assert "4个小时" in _short("柏溪县供电抢修队在山口处置电缆花了多长时间？", [p])
    within = _p("柏溪县仲裁提速", "柏溪县仲裁委员会表示，讨薪案件立案后5日内安排首次开庭。")
    assert "5日内" in _short("柏溪县讨薪案件立案后多长时间内安排首次开庭？", [within])
