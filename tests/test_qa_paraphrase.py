"""Facts of Chinese that let an answerable question find its span although its writer words it
otherwise than the article (invented passages): a count before a noun is no modifier of it; a time
word says when, not what is asked; a pronoun after an opening date refers back; a reader's word and
the article's for one thing."""

from __future__ import annotations

import re

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.question import analyse
from summarizer.qa.spans import person_spans
from summarizer.schemas import Passage
from summarizer.tokens import glued_by_hmm


def _p(title: str, text: str, date: str = "2023-12-20") -> Passage:
    return Passage(page="p", article_index=1, title=title, text=text, score=1.0, date=date)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


def test_the_figures_own_measure_word_is_no_modifier_of_the_noun() -> None:
    """2.6万元赔款: the number and its measure word before the noun say how many, not which kind; a
    figure of the noun at large is still refused when the sentence names the asked group apart."""
    p = _p(
        "青禾市骑手获职业伤害保障赔付",
        "去年冬天，青禾市外卖骑手韩小川在送餐途中摔伤。让他意外的是，从报案到拿到1.8万元赔款，只用了一周。",
    )
    assert "1.8万元" in _short("韩小川在青禾市拿到的职业伤害赔款有多少？", [p])
    whole = _p(
        "青禾市启动体检项目",
        "青禾市总工会启动体检项目，计划为全市1.2万名女职工提供体检，重点覆盖一线和困难女职工。",
    )
    assert _short("青禾市体检项目覆盖的困难女职工有多少名？", [whole]) == NOT_FOUND


def test_an_age_stands_in_for_a_count_of_its_sentence() -> None:
    """平均多大年纪 is answered by 43岁, not by the 900人 the same sentence counts first: a count of
    people is no age (the age rule is about the span's kind, so the sentence's next figure may stand in)."""
    p = _p(
        "青禾煤矿推行安全培训",
        "矿工会主席给记者算了一笔账：全矿井下作业人员约900人，平均年龄43岁，培训容易走过场。",
    )
    assert "43岁" in _short("青禾煤矿井下作业人员平均多大年纪？", [p])


def test_a_word_of_the_present_says_when_not_what_is_asked() -> None:
    """现在 / 目前 / 如今 (lexicon.PRESENT_WORDS) say when the asked state holds: a sentence saying
    目前 (or no time at all) answers a question saying 现在, and of a change 由 A 压缩到 B, B holds now."""
    p = _p(
        "青禾市骑手服务站提速",
        "青禾市人社局介绍，骑手可以通过手机上传材料，平均办理时间已由最初的20天压缩到8天。",
    )
    assert "8天" in _short("青禾市骑手服务站的平均办理时间现在是多少天？", [p])
    rate = _p("青禾“骑手驿站”运行良好", "青禾市改建“骑手驿站”5处。据介绍，目前驿站使用率已达85%。")
    assert "85%" in _short("青禾“骑手驿站”现在的使用率有多高？", [rate])


def test_nali_de_asks_where_whatever_noun_follows() -> None:
    """在哪里的纺织厂打工 asks where (哪里 is the place interrogative), not which organisation."""
    p = _p(
        "青禾村返乡创业带头人",
        "2010年，只有初中文化的韩小川离开家乡，到浙江绍兴的纺织厂打工，从学徒干到班长。",
    )
    assert "绍兴" in _short("韩小川返乡之前在哪里的纺织厂打工？", [p])


def test_duo_chang_before_a_time_noun_asks_how_long() -> None:
    """多长休息时间 asks how long, as 多长时间 does; and the question's own 1周岁 (an age) does not
    keep out the answer's 1小时: the same number in another unit is another quantity."""
    assert analyse("女职工每天应有多长休息时间？").atype == "duration"
    p = _p(
        "青禾市女职工权益保护",
        "按照青禾市的规定，对哺育未满1周岁婴儿的女职工，用人单位应当在每天的劳动时间内安排1小时哺育时间。",
    )
    assert "1小时" in _short("哺育未满1周岁婴儿的女职工每天应有多长哺育时间？", [p])


def test_a_rate_noun_names_the_answers_kind() -> None:
    """多少比例的青年职工 asks a share of 青年职工 (the printed 近四成 says the 比例), a one-character
    verb after the noun (说) ends what is counted, and 占总支出的比重 counts nothing by its noun."""
    survey = _p(
        "青禾市职工技能调查",
        "青禾市总工会的抽样调查显示，在受访的1000余名青年职工中，有近四成表示曾自费参加技能培训。",
    )
    assert "近四成" in _short("青禾市总工会抽样调查里，有多少比例的青年职工说曾自费参加技能培训？", [survey])
    spend = _p("青禾市工会经费公开", "从支出结构看，青禾市工会职工服务支出5000万元，占总支出的62.5%。")
    assert "62.5%" in _short("青禾市工会职工服务支出占总支出的比重是多少？", [spend])


def test_na_ji_is_a_demonstrative_and_a_copula_predicate_is_said_of_the_counted() -> None:
    """那几家企业 means "those few" and asks nothing (多少 does); "多少名务工人员是首次外出" asks how
    many of them are so: a figure of all the workers does not say it."""
    q = analyse("被查处的那几家企业里有多少家是外资企业？")
    assert q.wh is not None and q.text[q.wh[0] : q.wh[1]] == "多少"
    assert (q.counted, q.modifiers) == ("企业", ("外资",))
    p = _p("青禾返岗专列发车", "2月10日，青禾返岗专列发车，共运送务工人员905名。")
    assert _short("青禾返岗专列上有多少名务工人员是首次外出？", [p]) == NOT_FOUND


def test_a_span_opened_at_a_year_runs_to_the_articles_year() -> None:
    """自2015年起…累计 speaks of every year from 2015 to the article's (2023): a question of 2023 is
    answered by it; one of a year before the span is not."""
    p = _p(
        "青禾市助学行动",
        "9月1日，青禾市总工会2023年“助学行动”启动。据介绍，青禾市总工会自2015年起每年开展助学行动，累计资助学生近3000名。",
        date="2023-09-01",
    )
    assert "近3000名" in _short("截至2023年，青禾市总工会累计资助了多少名学生？", [p])
    assert _short("截至2013年，青禾市总工会累计资助了多少名学生？", [p]) == NOT_FOUND


def test_a_years_accounts_speak_of_that_year() -> None:
    """An article presenting 2023年度 accounts after that year speaks of 2023 in its sentences that
    print no year; and "用于职工疗休养的支出" is not answered by what is spent on something else (the
    counted 支出 heads its 的 phrase, though the tagger reads it as a verb)."""
    p = _p(
        "青禾市总工会晒出年度账本",
        "3月20日，青禾市总工会向社会公开2023年度工会经费收支情况。其中，用于困难职工帮扶的维权支出2100万元。"
        "行政支出同比下降6.5%，已连续两年压减。",
        date="2024-03-21",
    )
    assert "6.5%" in _short("青禾市工会2023年的行政支出同比下降了多少？", [p])
    assert _short("2023年青禾市工会经费中用于职工疗休养的支出是多少？", [p]) == NOT_FOUND


def test_the_words_next_to_the_interrogative_may_be_said_in_a_kin_verb() -> None:
    """带回了多少钱 is answered by "带着…20多万元回到村里": 带回 and 带着 name one act
    (lexicon.VERB_KIN), so the sentence speaks of what is asked."""
    p = _p(
        "青禾村的养殖带头人",
        "青禾村村民韩小川在外打工多年。2015年，韩小川带着打工攒下的20多万元回到村里，办起了养殖场。",
    )
    assert "20多万元" in _short("韩小川2015年回乡创业时带回了多少钱？", [p])


def test_a_spoken_noun_is_answered_by_its_written_kin() -> None:
    """案子 ~ 案件 and 孩子 ~ 子女 name one thing each (lexicon.NOUN_KIN): the figure counting the
    article's word answers the question asking with the reader's."""
    cases = _p(
        "青禾区调解工作室", "今年以来，青禾区调解工作室已接收调解案件520件，调解成功430件，成功率达83%。"
    )
    assert "430件" in _short("青禾区调解工作室今年以来调解成功了多少件案子？", [cases])
    care = _p("青禾托管班开班", "7月10日，青禾市总工会“职工子女托管班”开班，可接收6至12周岁职工子女800余名。")
    assert "6至12周岁" in _short("青禾“职工子女托管班”收多大年龄的孩子？", [care])


def test_a_capacity_is_asked_with_zuixia_and_printed_with_rongna() -> None:
    """能同时坐下多少人吃饭 asks what 可同时容纳450人就餐 says (坐下 ~ 容纳, 吃饭 ~ 就餐: lexicon.VERB_KIN),
    and 最多能…多少 caps a count, it compares nothing."""
    p = _p("青禾共享职工食堂", "这座食堂由青禾区总工会牵头建设，面积约1500平米，可同时容纳450人就餐。")
    assert "450人" in _short("青禾共享职工食堂最多能同时坐下多少人吃饭？", [p])


def test_a_modal_verb_after_the_interrogative_is_a_predicate() -> None:
    """ "工作满多久才能申请" counts nothing by 才能: a modal verb before another verb modifies no noun
    (lexicon.MODAL_VERBS)."""
    assert analyse("在青禾工作满多久才能申请职工大病救助？").counted == ""
    p = _p(
        "青禾市设立职工大病救助基金",
        "根据实施办法，在青禾市工作满2年、参加工会组织的职工，患重大疾病自付费用超过2万元的，可申请救助。",
    )
    assert "2年" in _short("在青禾工作满多久才能申请职工大病救助？", [p])


def test_a_run_the_hmm_glued_onto_a_particle_names_nothing() -> None:
    """比赛中得了: jieba's HMM glues 中 and 得 into a word its dictionary lacks; it is two function
    words (tokens.glued_by_hmm), neither a word the sentence must print nor a place."""
    assert glued_by_hmm("中得", "ns") and not glued_by_hmm("比赛")
    p = _p("青禾职工技能大赛闭幕", "电工项目赛场上，28岁的维修电工韩小川以95.5分夺得第一名。")
    assert "95.5分" in _short("韩小川在电工比赛中得了多少分？", [p])


def test_a_person_named_as_one_of_a_counted_group() -> None:
    """刘某等9名工人 asks the group's figure: the sentence counting 9名工人 answers it without naming
    刘某, and 全部到位 after the sum is an adverb of the whole, no purpose of the money."""
    p = _p(
        "青禾区农民工讨薪",
        "12月20日，钢筋工刘福生从律师手里接过被拖欠了三个月的工资21000元。"
        "12月初，在仲裁委主持下，总包单位同意先行垫付，9名工人被拖欠的工资共计28.5万元全部到位。",
    )
    assert "28.5万元" in _short("刘福生等9名工人被拖欠的工资一共是多少？", [p])


def test_one_of_a_unit_is_said_as_each_unit() -> None:
    """一份卖多少钱 asks the price per 份, which the article prints as 每份12元."""
    p = _p(
        "青禾“工会爱心食堂”开张",
        "青禾市总工会推出“工会爱心食堂”。食堂两荤一素加一碗汤，每份12元，米饭免费添。",
    )
    assert "12元" in _short("青禾“工会爱心食堂”的套餐一份卖多少钱？", [p])


def test_a_quoted_superlative_is_someone_elses_words() -> None:
    """说“现在最多跑一次”的电工 cites what the worker said: its 最多 asks for no most, so a sentence
    that compares nothing may still answer who said it."""
    p = _p(
        "青禾矿职工互助理赔提速",
        "“过去要跑三四趟，现在最多跑一次。”在青禾矿业集团东山矿工作的电工孙福来说。",
    )
    assert "孙福来" in _short("说“现在最多跑一次”的东山矿电工是谁？", [p])


def test_a_rise_of_a_sum_may_be_printed_as_a_rate() -> None:
    """互助金支付增长了多少 asks the size of a change (no measure word after 多少), which the report
    prints as a rate: 较上年增长9.6%."""
    p = _p(
        "青禾市职工互助保障理赔",
        "记者从青禾市总工会获悉，2022年全市职工互助保障共支付互助金860万元，较上年增长9.6%。",
        date="2022-12-26",
    )
    assert "9.6%" in _short("和上一年相比，青禾市2022年互助金支付增长了多少？", [p])


def test_a_demonstrative_refers_to_the_thing_named_before() -> None:
    """这座食堂 refers to the canteen the text named before (科技园的共享职工食堂): what the question
    says of it before its 的 was said there."""
    p = _p(
        "青禾共享职工食堂开张",
        "中午11点半，科技园的共享职工食堂里已排起长队。这座食堂由12家企业共同出资建设，面积约1800平米。",
    )
    assert "1800平米" in _short("科技园的共享职工食堂面积有多大？", [p])


def test_ge_before_a_duration_unit_may_stand_or_not() -> None:
    """几个小时 asks how long, and 5小时 answers it: 个 before 小时 is optional (lexicon.GE_DURATIONS)."""
    assert analyse("每天最多能干几个小时？").atype == "duration"
    p = _p("青禾发布高温通知", "青禾市人社局发布通知，高温天气下，每天室外作业时间累计最多5小时。")
    assert "5小时" in _short("按青禾的高温通知，每天室外作业累计最多能干几个小时？", [p])


def test_a_province_goes_by_its_short_name() -> None:
    """哪个省的人 is answered by 河南 of 河南籍: a province is named without 省 as often as with it
    (lexicon.PROVINCES)."""
    p = _p(
        "青禾零工市场规范用工",
        "52岁的河南籍工人刘福生说，现在雇主要先在市场登记，工钱由市场见证结算。",
    )
    assert "河南" in _short("在青禾零工市场找活的工人刘福生是哪个省的人？", [p])


def test_a_name_opens_with_its_surname() -> None:
    """A word the tagger labels a person's name but that opens with no surname (刚成立 of "服务队刚成立
    时") names no one, so an article need not print it; 帮马庆山 is 帮 + the name 马庆山."""
    assert analyse("志愿服务队刚成立时只有几名队员？").entities == ()
    assert "马庆山" in analyse("第二天就赶到工地帮马庆山等人调解的是哪位律师？").entities
    p = _p(
        "青禾区“银发”志愿服务队",
        "这支志愿服务队成立于2015年，由青禾区总工会牵头组建，最初只有9名队员，如今已发展到210人。",
    )
    assert "9名" in _short("青禾区退休职工志愿服务队刚成立时只有几名队员？", [p])


def test_the_negation_of_an_a_not_a_question_asks_nothing() -> None:
    """有没有 / 能不能 ask yes or no: their 没 / 不 negate nothing, so a sentence saying 均未升级 answers
    否 and one saying 提供洗衣服务 answers 是."""
    p = _p("青禾煤矿调委会化解纠纷", "去年以来，调委会共受理纠纷86起，调解成功80起，均未升级为群体性事件。")
    assert _short("青禾煤矿调委会受理的纠纷有没有升级为群体性事件的？", [p]) == "否"
    home = _p("青禾“司机之家”", "每个“司机之家”配备休息床位20张以上，并提供淋浴、洗衣、餐饮等服务。")
    assert _short("青禾的“司机之家”能不能洗衣？", [home]) == "是"


def test_a_teams_people_are_counted_by_the_measure_word() -> None:
    """志愿者队伍有多少人 counts the team's people (the measure word after the interrogative says so),
    which 65名 counts as well; a figure of people at large is still no answer to 多少名网约车司机."""
    p = _p(
        "青禾区健康小屋常态运转",
        "为了让健康小屋常态运转，区总工会还组建了一支由65名退休医护人员组成的志愿者队伍，轮流到小屋服务。",
    )
    assert "65名" in _short("青禾区总工会组建的退休医护志愿者队伍有多少人？", [p])
    many = _p("青禾市专项慰问", "青禾市总工会开展专项慰问，共慰问外卖骑手、快递员等新就业形态劳动者1200人。")
    assert _short("青禾市专项慰问中，有多少名网约车司机受惠？", [many]) == NOT_FOUND


def test_a_total_is_asked_of_the_figure_printed_as_the_total() -> None:
    """一共有多少个 asks the total: 总数达到860个, not the 120个 built this year."""
    p = _p(
        "青禾户外劳动者驿站",
        "7月15日，记者从青禾市总工会获悉，今年以来，青禾新建户外劳动者服务驿站120个，全市驿站总数达到860个。",
    )
    assert "860个" in _short("青禾全市的户外劳动者驿站一共有多少个？", [p])


def test_a_planned_figure_is_no_answer_to_what_was_done() -> None:
    """已经演出了多少场 asks what was done: 演出96场, not the 120场 planned by the year's end; a question
    asking the plan still gets it."""
    p = _p(
        "青禾职工艺术团送文化",
        "据了解，青禾市职工艺术团计划到年底完成演出120场以上。今年以来，艺术团已走进工地、厂矿等地演出96场，观众累计达2.1万人次。",
    )
    assert "96场" in _short("青禾市职工艺术团今年已经到一线演出了多少场？", [p])
    assert "120场" in _short("青禾市职工艺术团计划到年底完成演出多少场？", [p])


def test_a_working_day_is_a_unit_of_time() -> None:
    """平均多久能到账 is answered by 3个工作日: a working day is a day as a time limit counts it."""
    p = _p(
        "青禾技能补贴网上办",
        "职工通过平台提交材料后，平均3个工作日即可到账，比过去缩短了一周左右。",
    )
    assert "3个工作日" in _short("青禾职工通过平台申领技能补贴，平均多久能到账？", [p])


def test_a_character_two_numbers_share_is_their_measure_word() -> None:
    """从6000炉提高到1.2万炉: 炉 follows both numbers, so it is their measure word and the answer
    carries it, though the lexicon lacks it."""
    p = _p(
        "青禾炼钢工人的创新",
        "青禾钢厂炼钢工人韩小川的“快速补炉法”使转炉炉龄从6000炉提高到1.2万炉，每年为企业节约成本800余万元。",
    )
    assert "1.2万炉" in _short("韩小川的“快速补炉法”使转炉炉龄提高到多少？", [p])


def test_a_name_in_apposition_after_a_role_noun() -> None:
    """钳工孙立新: Chinese puts the name right after the role noun; the tagger cuts it after its
    surname (孙 + 立新), and the whole name is still a person span (the answer), though not a verb
    after a surname-like character (职工方拿出)."""
    text = "来自青禾机械厂的钳工孙立新与徒弟一同闯进前六名。"
    assert "孙立新" in [text[a:b] for a, b, _ in person_spans("", text, text)]
    side = "职工方首席代表说，职工方拿出了同行业工资调查数据。"
    assert "方拿出" not in [side[a:b] for a, b, _ in person_spans("", side, side)]
    p = _p("青禾职工技能大赛闭幕", text)
    assert "孙立新" in _short("和徒弟一起闯进前六名的那位钳工叫什么名字？", [p])


def test_a_scope_verb_before_the_number_is_said_by_the_counted_nouns_attribute() -> None:
    """覆盖多少名职工 / 来自多少家企业: a sentence prints who is within reach as an attribute of the
    counted noun (…27家钢铁企业的9.3万名职工); after the counted noun a scope verb picks out a part
    (多少人来自单亲家庭), and a sentence that does not say it answers nothing."""
    p = _p(
        "柳岸市钢铁行业签订工资集体合同",
        "柳岸市钢铁行业工会代表全市31家钢铁企业的4.7万名职工，与企业方签订了行业工资专项集体合同。",
    )
    assert "4.7万名" in _short("柳岸市钢铁行业工资集体协商覆盖多少名职工？", [p])
    assert "31家" in _short("柳岸市参加工资集体协商的职工来自多少家钢铁企业？", [p])
    part = _p(
        "柳岸市金秋助学资助新生",
        "柳岸市总工会今年金秋助学共资助困难职工子女新生286名，每人发放助学金3000元。",
    )
    assert _short("柳岸市金秋助学资助的新生中有多少人来自单亲家庭？", [part]) == NOT_FOUND


def test_how_big_asks_a_size_and_an_allowance_is_money() -> None:
    """有多大 asks a size (an area, not the count of rooms beside it); 津贴 is a sum of money."""
    p = _p(
        "青禾市爱心妈咪小屋",
        "目前，青禾市已建成各类爱心妈咪小屋180间，覆盖女职工6万余人。青禾一家电子企业的小屋面积约18平米，配有冰箱和哺乳椅。",
    )
    assert "约18平米" in _short("青禾那家电子企业的爱心妈咪小屋有多大？", [p])
    assert analyse("孩子多大了？").family != analyse("小屋有多大？").family
    assert analyse("学徒每月的岗位津贴约多少？").family == "money"


def test_a_question_naming_the_author_is_answered_from_the_signed_commentary() -> None:
    """A commentary is its author's throughout: "石某的评论中…" names the article whose byline
    names 石某, although no sentence of it does. A byline naming someone else names another article."""
    text = (
        "职工食堂开到园区门口，是好事，也是考题。"
        "据青禾市抽样调查，园区职工每天午餐平均花费约18元，比在外就餐少三成。"
        "好事要办实，关键在细节。"
    )
    signed = Passage(
        page="p", article_index=1, title="让园区食堂不止于开张", text=text, score=1.0, byline="石岚"
    )
    assert "约18元" in _short("石岚的评论中，园区职工每天午餐平均花费多少？", [signed])
    other = signed.model_copy(update={"byline": "罗川"})
    assert _short("石岚的评论中，园区职工每天午餐平均花费多少？", [other]) == NOT_FOUND


def test_a_unit_named_after_a_person_is_asked_of_not_the_person() -> None:
    """ "杜某劳模创新工作室…创效多少" asks of the studio: its sentence may call it 工作室 alone. An
    article that never prints the studio named after the person does not answer it."""
    p = _p(
        "青禾钢厂一工作室五年攻关百余项",
        "青禾钢厂杜志刚劳模创新工作室成立于2018年。最近五年里，工作室共完成攻关课题112项，累计为企业创效9600万元。"
        "车间另有一名青年技工今年提出合理化建议8条。",
    )
    assert "9600万元" in _short("青禾钢厂杜志刚劳模创新工作室最近五年累计为企业创效多少？", [p])
    unnamed = _p(
        "青禾钢厂工作室五年攻关百余项",
        "最近五年里，钢厂的工作室共完成攻关课题112项，累计为企业创效9600万元。",
    )
    assert _short("青禾钢厂杜志刚劳模创新工作室最近五年累计为企业创效多少？", [unnamed]) == NOT_FOUND


def test_a_plan_is_not_answered_by_what_was_already_done() -> None:
    """ "计划新建多少个" asks what is planned: a clause saying 已建成 reports the past and answers no
    plan; a clause saying 计划 does, and a programme named …计划 asks of what it did."""
    from summarizer.qa.evidence import _plan_answered_by_done

    done = "以青禾为例，全市已建成的书屋超过3000个，不少园区做到了楼楼都有。"
    at = done.index("超过3000个")
    assert _plan_answered_by_done("青禾市总工会计划新建多少个职工书屋？", done, at, at + 7)
    planned = "今年，市总工会计划新建书屋30个。"
    at = planned.index("30个")
    assert not _plan_answered_by_done("青禾市总工会计划新建多少个职工书屋？", planned, at, at + 3)
    named = "青禾市快递员技能提升计划实施以来，截至3月底已发放培训券2100余张。"
    at = named.index("2100余张")
    assert not _plan_answered_by_done(
        "青禾市快递员技能提升计划截至3月底发放了多少张培训券？", named, at, at + 6
    )
    p = _p("青禾技能提升计划见效", named)
    assert "2100余张" in _short("青禾市快递员技能提升计划截至3月底发放了多少张培训券？", [p])
