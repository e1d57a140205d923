"""The offline answerer's refusal rules and the typed answers added with them, on hand-made passages
(invented text): another year's report, one item of an enumeration, another group of a contrast
set, another edition of a series, another person, another size, a start for an end, a clock time,
a change's end figure, telephone numbers; and the development dataset's builder."""

from __future__ import annotations

import re

import pytest

from summarizer.qa.answering import NOT_FOUND, answer_from_passages
from summarizer.qa.evidence import ordinals, sentence_years, years_spoken
from summarizer.qa.sentences import Sentence
from summarizer.qa.spans import expected_unit
from summarizer.schemas import Passage


def _p(title: str, text: str, index: int = 1, date: str = "", score: float = 1.0) -> Passage:
    return Passage(page="p", article_index=index, title=title, text=text, score=score, date=date)


def _short(question: str, passages: list[Passage]) -> str:
    ans = answer_from_passages(question, passages)
    return re.sub(r"\s+", "", ans.answer) if ans.answerable else NOT_FOUND


# Three yearly reports of one event that print only 今年: the publication date says which year.
YEARLY = [
    _p(
        f"青川县第{n}届职工运动会开幕",
        f"9月12日，青川县第{n}届职工运动会开幕。今年共有{teams}支代表队、{people}名职工参赛，设{events}个比赛项目。",
        index=i,
        date=f"{year}-09-13",
    )
    for i, (n, year, teams, people, events) in enumerate(
        [("五", 2021, 31, 820, 12), ("六", 2022, 36, 905, 14), ("七", 2023, 40, 1010, 15)], start=1
    )
]


@pytest.mark.parametrize(("year", "answer"), [(2021, "12个"), (2022, "14个"), (2023, "15个")])
def test_a_year_picks_the_report_dated_in_it(year: int, answer: str) -> None:
    assert answer in _short(f"{year}年青川县职工运动会设了多少个比赛项目？", YEARLY)


def test_a_year_no_report_speaks_of_is_refused() -> None:
    assert _short("2019年青川县职工运动会设了多少个比赛项目？", YEARLY) == NOT_FOUND


def test_a_figure_after_an_opening_year_is_that_year_s() -> None:
    """"2024年，全市参加互助的职工达40.6万人，比2015年启动时增长了近两倍": the opening year is said of
    the figure; the 2015 in a later clause is the comparison, so it does not answer for 2015."""
    text = "2024年，松河市参加互助的职工达40.6万人，比2015年启动时增长了近两倍。"
    mutual = _p("松河职工医疗互助十年", text, date="2025-01-10")
    assert _short("2015年松河市职工医疗互助刚启动时有多少名职工参加？", [mutual]) == NOT_FOUND
    assert "40.6万人" in _short("2024年松河市参加互助的职工有多少人？", [mutual])


def test_a_printed_range_of_other_years_does_not_answer() -> None:
    fund = _p(
        "松河市帮扶资金",
        "数据显示，2016年至2018年，松河市各级工会累计投入帮扶资金1.7亿元。",
        date="2019-03-02",
    )
    assert _short("2019年松河市总工会计划投入多少帮扶资金？", [fund]) == NOT_FOUND
    assert "1.7亿元" in _short("2016年至2018年松河市各级工会累计投入多少帮扶资金？", [fund])


def test_years_a_text_speaks_of() -> None:
    assert years_spoken("2016年至2018年累计", None) == {2016, 2017, 2018}
    assert years_spoken("今年新增，去年同期", 2022) == {2021, 2022}
    said = "据介绍，共发放3000份。"
    early = Sentence(_p("t", said, date="2024-01-20"), 0, 0, said, said, said, set())
    assert sentence_years(early, 2024) == {2023, 2024}  # January: the year just ended too


ROUNDUP = _p(
    "松河市夏送清凉",
    "7月8日，松河市总工会启动“夏送清凉”活动，计划慰问环卫、快递、建筑等行业户外劳动者9300名。",
)


def test_a_figure_of_a_list_does_not_answer_for_one_item() -> None:
    assert _short("松河市“夏送清凉”活动计划慰问多少名快递员？", [ROUNDUP]) == NOT_FOUND
    assert "9300名" in _short("松河市“夏送清凉”活动计划慰问多少名户外劳动者？", [ROUNDUP])


def test_another_group_of_a_contrast_set_does_not_answer() -> None:
    clinic = _p("义诊进商场", "3月8日，松河市总工会邀请6名医生走进商场，为300余名女职工开展免费义诊。")
    assert _short("松河市总工会的义诊有多少名男职工参加？", [clinic]) == NOT_FOUND
    rally = _p("快递员集中入会", "9月5日，松河区总工会举行快递员集中入会仪式，210名快递员现场入会。")
    assert _short("松河区集中入会仪式上有多少名女快递员入会？", [rally]) == NOT_FOUND
    assert "210名" in _short("松河区集中入会仪式上有多少名快递员入会？", [rally])
    heating = _p(
        "取暖补贴发放",
        "据介绍，城市低保家庭取暖补贴标准为每户1400元，农村困难家庭为每户700元。",
    )
    assert "700元" in _short("农村困难家庭每户取暖补贴标准是多少？", [heating])


def test_a_region_s_total_does_not_answer_for_one_unit() -> None:
    review = _p(
        "集体协商重在落实",
        "据统计，全省已签订专项集体合同的企业超过两万家，覆盖职工超过五百万人。\n"
        "在一家纺织企业，工会每季度公布协议履行情况。",
    )
    assert _short("评论提到的这家纺织企业有多少名职工？", [review]) == NOT_FOUND
    assert "超过五百万人" in _short("全省已签订专项集体合同的企业覆盖职工多少人？", [review])


def test_another_edition_of_a_series_does_not_answer() -> None:
    league = _p("职工篮球赛开赛", "5月6日，松河市第三届职工篮球赛开赛，共有28支球队参赛。")
    assert _short("松河市第四届职工篮球赛有多少支球队参赛？", [league]) == NOT_FOUND
    assert "28支" in _short("松河市第三届职工篮球赛有多少支球队参赛？", [league])
    assert ordinals("首任会长、第十二届、第3期") == {(1, "任"), (12, "届"), (3, "期")}


def test_a_figure_of_another_person_does_not_answer() -> None:
    workshop = _p(
        "刺绣车间",
        "车间负责人梁秀芬是本地人。她带领的车间现有绣娘40人，去年完成订单9000件。\n"
        "绣娘吴美玲今年48岁，在车间学会了新针法。",
    )
    assert _short("绣娘吴美玲去年完成了多少件订单？", [workshop]) == NOT_FOUND
    assert "9000件" in _short("梁秀芬带领的车间去年完成了多少件订单？", [workshop])


def test_a_size_the_question_names_must_be_the_sentence_s() -> None:
    flats = _p(
        "保租房迎来租户",
        "该项目户型以25至60平米为主。\n首批入住的快递员刘晓东租下了28平米的单间，月租560元。",
    )
    assert _short("该项目60平米户型的月租是多少？", [flats]) == NOT_FOUND
    assert "560元" in _short("刘晓东租下的28平米单间月租是多少？", [flats])


def test_a_date_of_another_event_does_not_answer_when() -> None:
    canal = _p("村民修水渠", "5月上旬，在松河县的一处水渠工地上，40多名村民正忙着砌筑渠道。")
    assert _short("松河县的水渠何时竣工？", [canal]) == NOT_FOUND
    hall = _p("为老服务中心", "截至9月底，全市已建成社区为老服务中心260家。")
    assert _short("松河市第一家社区为老服务中心是哪一年建成的？", [hall]) == NOT_FOUND


def test_a_scene_date_answers_for_the_event_said_that_day() -> None:
    """A scene's opening date answers "哪天落幕" when the sentence says the event in other words (落下
    帷幕: a verb split by what it takes), "哪天举行" when it names the event at all (举行 only says it
    took place), and "哪天结业" when the next sentence, opening on 当天, says it."""
    contest = _p("焊工大赛落幕", "10月13日，松河市焊工职业技能竞赛在东城区落下帷幕。本届竞赛吸引216名焊工参赛。")
    assert "10月13日" in _short("松河市焊工职业技能竞赛在哪天落幕？", [contest])
    rest = _p("环卫工人疗休养", "10月21日，松河区30名环卫工人在北山县参加为期两天的疗休养活动。")
    assert "10月21日" in _short("松河区环卫工人北山疗休养活动是哪天举行的？", [rest])
    course = _p(
        "徽墨技艺培训班结业",
        "6月9日，在松河县一家徽墨作坊，学员们在师傅指导下练习描金。当天，作坊开设的第5期培训班结业，28名学员取得证书。",
    )
    assert "6月9日" in _short("松河县徽墨作坊第5期培训班在哪一天结业？", [course])


def test_a_date_is_asked_at_a_grain_the_answer_must_print() -> None:
    """几月 asks a month and 哪一天 a day: a sentence that dates the event to no month, or a month
    without its day, does not answer; one that prints the day does."""
    fair = _p("邻里文化节", "家属院的文体队伍从3支发展到8支，每年举办邻里文化节，去年吸引居民1500多人次参加。")
    assert _short("松河家属院的邻里文化节通常在每年几月举办？", [fair]) == NOT_FOUND
    course = _p("培训班结业", "松河县第3期家政培训班于6月开班，学员45名，全部通过考核。")
    assert _short("松河县第3期家政培训班是哪一天结业的？", [course]) == NOT_FOUND
    dated = _p("培训班结业", "6月9日，松河县第3期家政培训班结业，学员45名全部通过考核。")
    assert "6月9日" in _short("松河县第3期家政培训班是哪一天结业的？", [dated])
    assert "6月" in _short("松河县第3期家政培训班是几月结业的？", [dated])


def test_a_whole_printed_before_its_group_does_not_answer_for_the_group() -> None:
    """"报名焊工达260名，其中女焊工21名": 260 counts every 焊工, so it does not answer how many
    女焊工 reached the final; a figure said of the group answers for it."""
    contest = _p(
        "松河焊工大赛落幕",
        "本届竞赛参赛范围扩大到全市38家企业，报名焊工达260名，其中女焊工21名，经初赛选拔后64名选手进入决赛。",
    )
    assert _short("松河焊工大赛有多少名女焊工进入了决赛？", [contest]) == NOT_FOUND
    own = _p("松河焊工大赛落幕", "本届竞赛共有260名焊工报名。经初赛选拔，9名女焊工进入决赛。")
    assert "9名" in _short("松河焊工大赛有多少名女焊工进入了决赛？", [own])


def test_another_place_in_an_order_does_not_answer() -> None:
    """"第二名来自哪家单位" is not answered by the sentence that names who came first; 冠军 is the
    first place."""
    final = _p("松河机务技能比武落幕", "经过两天角逐，来自松河航空公司的工程师刘明获得个人总成绩第一名。")
    assert _short("松河机务技能比武个人总成绩第二名来自哪家单位？", [final]) == NOT_FOUND
    assert "松河航空公司" in _short("松河机务技能比武的冠军来自哪家单位？", [final])


def test_one_side_of_a_negotiation_does_not_answer_for_the_other() -> None:
    """"企业方首席代表是谁" is not answered by the sentence naming the 职工方's; the asked side's own
    sentence answers."""
    talks = _p(
        "松河机械行业工资集体协商",
        "协商会上，职工方首席代表、松河某机床公司车间主任赵立军拿出一组数据。"
        "企业方首席代表、行业协会副会长钱文涛表示，企业愿意把一线职工工资提高5%。",
    )
    answer = _short("松河机械行业工资集体协商中企业方首席代表是谁？", [talks])
    assert "钱文涛" in answer and "赵立军" not in answer
    alone = _p("松河机械行业工资集体协商", "协商会上，职工方首席代表、松河某机床公司车间主任赵立军拿出一组数据。")
    assert _short("松河机械行业工资集体协商中企业方首席代表是谁？", [alone]) == NOT_FOUND


def test_a_name_whose_clause_places_it_elsewhere_does_not_answer() -> None:
    """"冠军是谁" over "彭某夺得第一名，上届冠军万某获得第二名": the second clause places its name
    second (上届冠军 is a title from the edition before), the first clause's name came first."""
    final = _p(
        "松河焊工大赛落幕",
        "松河某钢铁公司焊工彭宇峰以总分97.6分夺得第一名，上届冠军万小华获得第二名。",
    )
    assert _short("松河焊工大赛的冠军是谁？", [final]) == "彭宇峰"
    teams = _p("松河职工运动会闭幕", "经过激烈角逐，东城区代表队获得团体总分第一名，西城区代表队和南城区代表队分获第二名、第三名。")
    assert "东城区代表队" in _short("松河职工运动会团体总分第一名是哪支代表队？", [teams])


def test_the_rank_of_one_category_is_not_answered_by_another_s() -> None:
    """"气排球比赛的冠军" is not answered by who came first overall; a category the sentence before
    names is what "该项目" refers to; 第一名 answers 冠军."""
    games = _p("松河职工运动会闭幕", "经过激烈角逐，东城区代表队获得团体总分第一名，西城区代表队获得第二名。")
    assert _short("松河职工运动会气排球比赛的冠军是哪支队伍？", [games]) == NOT_FOUND
    masonry = _p(
        "松河职业技能大赛闭幕",
        "砌筑项目比赛在城南实训基地举行，选手需在3小时内砌完一段墙体。来自北区的选手冉建文最终夺得该项目第一名。",
    )
    assert "冉建文" in _short("松河职业技能大赛砌筑项目第一名是谁？", [masonry])
    welders = _p("松河焊工大赛决出名次", "最终，松河某钢铁公司焊工熊俊峰以总分96.5分夺得第一名。")
    assert "熊俊峰" in _short("松河焊工大赛的冠军是谁？", [welders])


def test_a_gender_word_of_the_dictionary_names_its_group() -> None:
    """女工 is a word (women workers): "多少名女工通过考核" asks of the 女工 the article names, not of a
    group 女 + 工通 it never names."""
    mill = _p(
        "松河棉纺企业女工转岗培训",
        "松河某棉纺企业为挡车女工开设智能化转岗培训，首批126人通过考核，走上设备运维岗位。",
    )
    assert "126人" in _short("松河这家棉纺企业首批转岗培训有多少名女工通过考核？", [mill])


def test_an_unnamed_source_names_no_organisation() -> None:
    """"来自某基地航空公司" names no company: what follows 来自 is 某…."""
    final = _p("松河机务技能比武落幕", "经过两天角逐，来自某基地航空公司的工程师刘明获得个人总成绩第一名。")
    assert _short("松河机务技能比武个人总成绩第一名来自哪家单位？", [final]) == NOT_FOUND


def test_an_end_is_not_answered_by_a_start() -> None:
    drive = _p(
        "送温暖活动启动",
        "松河市总工会近日启动2024年送温暖活动，筹集资金600万元。\n活动将持续到3月底，慰问对象约两成是一线职工。",
    )
    assert "3月底" in _short("松河市总工会2024年送温暖活动持续到什么时候？", [drive])
    season = _p("供暖季开始", "11月1日起，松河市供暖季正式开始。")
    assert _short("松河市供暖季持续到几月几日？", [season]) == NOT_FOUND


def test_clock_time_change_end_and_telephone_number() -> None:
    train = _p("返岗专列出发", "2月9日上午9时20分，搭载着700名务工人员的返岗专列驶出松河站。")
    assert "上午9时20分" in _short("松河返岗专列是几点驶出的？", [train])
    faster = _p("工伤认定提速", "对符合条件的患者，松河市还开通了绿色通道，认定时限从45天缩短到15天。")
    assert "15天" in _short("松河市工伤认定时限缩短到了多少天？", [faster])
    fines = _p("快递合同", "合同还明确，快递企业不得以罚代管，单件罚款不得超过3元。")
    assert "3元" in _short("快递合同规定单件罚款不得超过多少？", [fines])
    hotline = _p("职工热线", "职工也可拨打法律援助值班电话0571-86661234预约咨询。")
    assert "0571-86661234" in _short("法律援助值班电话是多少？", [hotline])


def test_a_cap_is_not_a_superlative_and_a_fee_is_money() -> None:
    cinema = _p("会员观影", "松河市总工会推出会员观影活动，会员可用9.9元购买电影票，每人每月限购三张。")
    assert "三张" in _short("松河工会会员每人每月最多能买几张电影票？", [cinema])
    assert expected_unit("居民供暖费每平米是多少？") == ("元", "money")


def test_dev_extra_dataset_builds_with_printed_answers() -> None:
    from summarizer.evals.qa_dev_extra import build

    doc = build()  # raises when an answer is not printed in its article
    unanswerable = [x for x in doc["qa"] if not x["answers"]]
    assert len(unanswerable) >= 50 and len(doc["qa"]) - len(unanswerable) >= 50
    assert all(x["article"] in doc["titles"] for x in doc["qa"] if x["answers"])
