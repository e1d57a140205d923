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
    """"2023年，全区注册志愿者达8.2万人，比2016年队伍组建时多出六倍": the opening year is said of the
    figure; the 2016 in a later clause is the comparison, so it does not answer for 2016."""
    text = "2023年，松河区注册志愿者达8.2万人，比2016年队伍组建时多出六倍。"
    corps = _p("松河志愿服务七年", text, date="2024-01-12")
    assert _short("2016年松河区志愿者队伍组建时有多少名志愿者？", [corps]) == NOT_FOUND
    assert "8.2万人" in _short("2023年松河区注册志愿者有多少人？", [corps])


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
    """A scene's opening date answers "哪天闭幕" when the sentence says the event split (闭了幕, a
    separable verb), "哪天举办" when it names the event at all (举办 only says it took place), and
    "哪天结业" when the next sentence, opening on 当天, says it."""
    fair = _p("松河书画展", "11月2日，松河市职工书画展在文化馆正式落下帷幕。展期一个月，共展出作品310件。")
    assert "11月2日" in _short("松河市职工书画展在哪天落幕？", [fair])
    trip = _p("护士疗休养", "4月16日，松河医院40名护士在东山县参加为期三天的疗休养活动。")
    assert "4月16日" in _short("松河医院护士东山疗休养活动是哪天举办的？", [trip])
    course = _p(
        "面点培训班结业",
        "5月20日，在松河县一家面点工坊，学员们在师傅带领下揉面塑形。当天，工坊开设的第3期面点班结业，31名学员领到证书。",
    )
    assert "5月20日" in _short("松河县面点工坊第3期面点班在哪一天结业？", [course])


def test_a_date_is_asked_at_a_grain_the_answer_must_print() -> None:
    """几月 asks a month and 哪一天 a day: a sentence that dates the event to no month, or a month
    without its day, does not answer; one that prints the day does."""
    fest = _p("社区灯会", "小区的兴趣小组从2个增加到7个，每年都会办一场灯会，上次灯会来了2000多位居民。")
    assert _short("松河小区的灯会通常在每年几月办？", [fest]) == NOT_FOUND
    course = _p("月嫂培训班结业", "松河县第2期月嫂培训班于9月开班，学员38名，全部取得证书。")
    assert _short("松河县第2期月嫂培训班是哪一天结业的？", [course]) == NOT_FOUND
    dated = _p("月嫂培训班结业", "9月26日，松河县第2期月嫂培训班结业，38名学员全部取得证书。")
    assert "9月26日" in _short("松河县第2期月嫂培训班是哪一天结业的？", [dated])
    assert "9月" in _short("松河县第2期月嫂培训班是几月结业的？", [dated])


def test_a_whole_printed_before_its_group_does_not_answer_for_the_group() -> None:
    """"报名电工达180名，其中女电工14名": 180 counts every 电工, so it does not answer how many 女电工
    reached the final; a figure said of the group answers for it."""
    contest = _p(
        "松河电工技能赛落幕",
        "今年比赛首次面向全市中小企业开放，报名电工达180名，其中女电工14名，经预赛选拔后40名选手进入决赛。",
    )
    assert _short("松河电工技能赛有多少名女电工进入了决赛？", [contest]) == NOT_FOUND
    own = _p("松河电工技能赛落幕", "今年比赛共有180名电工报名。经预赛选拔，5名女电工进入决赛。")
    assert "5名" in _short("松河电工技能赛有多少名女电工进入了决赛？", [own])


def test_another_place_in_an_order_does_not_answer() -> None:
    """"第二名来自哪家单位" is not answered by the sentence that names who came first; 冠军 is the
    first place."""
    final = _p("松河护理技能赛落幕", "经过三轮比拼，来自松河人民医院的护士周宁获得个人总分第一名。")
    assert _short("松河护理技能赛个人总分第二名来自哪家单位？", [final]) == NOT_FOUND
    assert "松河人民医院" in _short("松河护理技能赛的冠军来自哪家单位？", [final])


def test_one_side_of_a_negotiation_does_not_answer_for_the_other() -> None:
    """A question asking the 企业方's representative is not answered by the sentence naming the
    职工方's; the asked side's own sentence answers."""
    talks = _p(
        "松河餐饮业薪酬协商",
        "协商桌上，职工方代表、松河某酒楼厨师长孙立群先发言。企业方代表、餐饮协会秘书长何文博表示，愿把学徒工资上调6%。",
    )
    answer = _short("松河餐饮业薪酬协商中企业方代表是谁？", [talks])
    assert "何文博" in answer and "孙立群" not in answer
    alone = _p("松河餐饮业薪酬协商", "协商桌上，职工方代表、松河某酒楼厨师长孙立群先发言。")
    assert _short("松河餐饮业薪酬协商中企业方代表是谁？", [alone]) == NOT_FOUND


def test_a_name_whose_clause_places_it_elsewhere_does_not_answer() -> None:
    """"冠军是谁" over "某甲夺得第一名，卫冕冠军某乙获得第二名": the second clause places its name
    second (卫冕冠军 is a title from the edition before), the first clause's name came first."""
    final = _p("松河茶艺大赛落幕", "来自城东茶社的茶艺师许安然以93分夺得第一名，卫冕冠军叶晓春获得第二名。")
    answer = _short("松河茶艺大赛的冠军是谁？", [final])
    assert "许安然" in answer and "叶晓春" not in answer
    teams = _p("松河社区运动会闭幕", "比赛结束时，北街代表队获得团体总分第一名，南街代表队和西街代表队分获第二名、第三名。")
    assert "北街代表队" in _short("松河社区运动会团体总分第一名是哪支代表队？", [teams])


def test_the_rank_of_one_category_is_not_answered_by_another_s() -> None:
    """"拔河比赛的冠军" is not answered by who came first overall; a category the sentence before names
    is what "该项目" refers to; 第一名 answers 冠军."""
    games = _p("松河社区运动会闭幕", "经过一天角逐，北街队获得团体总分第一名，南街队获得第二名。")
    assert _short("松河社区运动会拔河比赛的冠军是哪支队伍？", [games]) == NOT_FOUND
    tiling = _p(
        "松河装修技能赛闭幕",
        "贴砖项目比赛在南区实训楼进行，选手需在2小时内铺完一面墙。来自西区的选手庞立言最终夺得该项目第一名。",
    )
    assert "庞立言" in _short("松河装修技能赛贴砖项目第一名是谁？", [tiling])
    chefs = _p("松河厨艺大赛决出名次", "最终，松河某酒店厨师熊立峰以95分夺得第一名。")
    assert "熊立峰" in _short("松河厨艺大赛的冠军是谁？", [chefs])


def test_a_gender_word_of_the_dictionary_names_its_group() -> None:
    """女工 is a word (women workers): "多少名女工通过考核" asks of the 女工 the article names, not of
    a group 女 + 工通 it never names."""
    plant = _p("松河食品厂女工技能培训", "松河某食品厂为包装线女工开设设备操作培训，首批58人通过考核，转到维修岗位。")
    assert "58人" in _short("松河这家食品厂首批培训有多少名女工通过考核？", [plant])


def test_a_division_s_name_is_no_person_s() -> None:
    """"哪位领导带队" is not answered by 青凤区, which the tagger may read as a name: a word ending in a
    division's suffix names a place."""
    visit = _p(
        "松河节前慰问护林员",
        "2月3日，松河市林业局在青凤区护林站举办慰问活动，为节日坚守山林的护林员送去棉衣和年货。",
    )
    assert _short("松河市林业局节前慰问活动由哪位领导带队？", [visit]) == NOT_FOUND


def test_an_unnamed_source_names_no_organisation() -> None:
    """"来自某医药连锁公司" names no company: what follows 来自 is 某…."""
    final = _p("松河药师技能赛落幕", "经过三轮比拼，来自某医药连锁公司的药师吴悦获得个人总分第一名。")
    assert _short("松河药师技能赛个人总分第一名来自哪家单位？", [final]) == NOT_FOUND


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


def test_one_winner_s_prize_is_not_answered_by_the_prize_total() -> None:
    """奖金总额 is the whole event's; the first place's prize is one person's share of it."""
    total = _p("柏溪县焊工比武落幕", "10月9日，柏溪县第三届焊工比武落幕，共有64名焊工参赛。本届比武奖金总额为18万元。")
    assert _short("柏溪县第三届焊工比武的个人第一名能拿多少奖金？", [total]) == NOT_FOUND
    own = _p("柏溪县焊工比武落幕", "10月9日，柏溪县第三届焊工比武落幕，个人第一名可拿奖金8000元。")
    assert "8000元" in _short("柏溪县第三届焊工比武的个人第一名能拿多少奖金？", [own])


def test_which_year_is_not_answered_by_a_sentence_that_prints_no_year() -> None:
    """"哪一年成立" asks for a year: a sentence about the office's work this year prints none."""
    work = _p(
        "柏溪县调解室一年调结三百件",
        "今年以来，柏溪县总工会与县法院共建的调解室已受理纠纷320起，其中268起达成和解。",
    )
    assert _short("柏溪县总工会和县法院合办的调解室在哪一年成立？", [work]) == NOT_FOUND
    founded = _p("柏溪县调解室一年调结三百件", "柏溪县总工会和县法院合办的调解室成立于2019年，已受理纠纷320起。")
    assert "2019年" in _short("柏溪县总工会和县法院合办的调解室在哪一年成立？", [founded])


def test_what_has_been_done_up_to_now_answers_since_when() -> None:
    """"开展以来…新建了多少" asks the total since then; "目前…已新建35家" prints it (now, already)."""
    books = _p("柏溪县职工书屋遍地开花", "柏溪县两年前启动职工书屋建设。目前，全县已新建职工书屋35家，藏书4万余册。")
    assert "35家" in _short("柏溪县启动职工书屋建设以来新建了多少家书屋？", [books])


def test_the_whole_the_question_states_is_not_the_part_it_asks() -> None:
    """"2.4万名…中，在省城的有多少人" gives the whole: the 2.4万人 a sentence prints is that whole (名
    and 人 both count people), not the part asked."""
    away = _p("柏溪县劳动力外出务工", "柏溪县外出务工劳动力共2.4万人，主要在省城和沿海城市务工。")
    assert _short("柏溪县外出务工的2.4万名劳动力中，在省城务工的有多少人？", [away]) == NOT_FOUND


def test_a_staffing_ratio_is_no_headcount() -> None:
    """"共有多少名" asks a total; 每床配备0.5名 is a ratio per bed, whatever the article's other words."""
    ratio = _p("柏溪县医院护士紧缺", "柏溪县人民医院的病房按每床配备0.5名护士排班，护士长期连轴转。")
    assert _short("柏溪县人民医院现在共有多少名护士？", [ratio]) == NOT_FOUND
