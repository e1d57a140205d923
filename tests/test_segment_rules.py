"""The segmenter's headline and byline rules of issue 10, each on hand-made lines (invented names and
stories, none from the eval items): a title over two lines against a title and its subtitle, a
kicker that leads into its title, a headline as wide as its column told by its words, a lead byline
the line break cut at a space. Expected values are the layout and language facts the rules name."""

from __future__ import annotations

import pytest

from summarizer.segment import segment_text
from summarizer.segment.headlines import headline_fields, one_title
from summarizer.segment.shapes import lead_byline
from summarizer.text import squash


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("平江县夜校开课 学手艺", "不误农时"),  # too short for a subtitle's particulars
        ("“暖心驿站”", "开进十个工地"),  # a quoted name alone is no headline line
        ("家门口的调解", "“一站办结”"),
        ("外卖骑手能否", "按时拿到加班费？"),  # the question is the title's
        ("衡阳2.1万户困难", "家庭领到冬衣"),  # a count before the noun it counts
        ("安康工会半年发放", "3200万元助学金"),  # a verb before the amount it takes
        ("工会书屋要“开得好”", "更要“读得好”"),  # an adverb that links back
    ],
)
def test_a_title_over_two_lines_is_one_title(first: str, second: str) -> None:
    assert one_title(first, second)
    assert headline_fields([first, second])[1] == first + second


def test_a_time_led_line_is_joined_by_the_rules_and_weighed_by_the_model() -> None:
    """When, then what happens, with no subject of its own: the rules' one_title joins it. It is a
    likelihood, not a fact (on the development groups a time-led line below a headline line was its
    subtitle far more often than its second half), so the learned reading weighs it (headline_model)."""
    assert one_title("4500万元冬季补贴", "12月底前发放到户")


@pytest.mark.parametrize(
    ("title", "subtitle"),
    [
        (
            "九年守着一台机床",
            "记红星机床厂数控车间高级技师林远山",
        ),  # a profile's subtitle names who it is about
        ("岳阳工会夜校结对200对", "师傅带徒弟写进协议，结业后双方均有奖励"),  # a statement of particulars
        ("湘潭多措并举加强园区工会建设", "扩大覆盖范围 提升服务能力"),  # two complete phrases
    ],
)
def test_a_title_and_its_subtitle_stay_apart(title: str, subtitle: str) -> None:
    assert not one_title(title, subtitle)
    assert headline_fields([title, subtitle]) == ("", title, subtitle)


def test_a_date_is_no_count_waiting_for_its_noun() -> None:
    # "11月底前…" is a time, so "…发放" is no count cut from what it counts.
    assert headline_fields(["岁末暖心包12月底前发放到户", "“便民小屋”让环卫工不再挨冻"])[2]


def _body(lines: int, fill: str = "市总工会开展走访慰问活动为一线职工送去") -> list[str]:
    """`lines` body lines of one width, the last one ending its paragraph."""
    out = [fill[:16] for _ in range(lines - 1)]
    return [*out, "节日问候和慰问品。"]


def _articles(page: str) -> list[tuple[str, str, str]]:
    arts, _ = segment_text(page, "rules.txt")
    return [(a.kicker, a.title, squash(a.text)[:6]) for a in arts]


def test_a_bare_line_over_a_dated_lead_is_a_headline_whatever_its_width() -> None:
    # The second title is as wide as its column (16): only its words and the lead's date tell.
    page = "\n".join(
        [
            "暖冬行动走进建筑工地",
            "1月9日，" + "市总工会开展走访慰问活动为一"[:11],
            *_body(6),
            "环卫工人冬日早餐有了着落啦",
            "2月3日，区总工会在街道设立早餐",
            *_body(6, "爱心点为环卫工人免费提供热粥豆浆"),
        ]
    )
    titles = [t for _, t, _ in _articles(page)]
    assert titles == ["暖冬行动走进建筑工地", "环卫工人冬日早餐有了着落啦"]


def test_a_kicker_leads_into_a_title_with_a_comma() -> None:
    page = "\n".join(
        [
            "基层观察：",
            "劳动合同签了，权益更要落到实处",
            "每到岁末，不少企业开始集中续签劳动合同，职工",
            "代表逐条核对条款，工会律师现场答疑解惑。",
            "在另一些企业，续签却成了例行公事，职工拿到",
            "合同便签字，条款写了什么并不清楚。",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert (arts[0].kicker, arts[0].title) == ("基层观察：", "劳动合同签了，权益更要落到实处")


def test_a_lead_byline_cut_at_a_space_keeps_both_names() -> None:
    page = "\n".join(
        [
            "河谷县技能培训进乡村",
            "本报讯 记者方建国 通讯员周丽华",
            "吴志刚报道近日，河谷县人社局把电工、",
            "焊工培训班办到了村里，两百多名村民在",
            "家门口学到了手艺。",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert squash(arts[0].byline) == squash("本报讯 记者方建国 通讯员周丽华 吴志刚报道")
    assert squash(arts[0].text).startswith("近日")


def test_a_dateline_bracket_closed_on_a_joined_paragraph_line_ends_the_byline() -> None:
    """A PDF reader joins a paragraph's wrapped lines into one: the byline's last names and the
    paragraph after it then share one long line. The bracket the byline opened and closes there
    says the byline runs on, whatever the widths."""
    page = "\n".join(
        [
            "河谷县技能培训进乡村",
            "本报河谷5月3日电（记者方建国 通讯员周丽华",
            "吴志刚）5月2日，河谷县人社局把电工、焊工培训班办到了村里，两百多名村民在家门口学到了"
            "手艺，结业后已有八十多人找到了工作。",
            "培训班每期二十天，不收学费，考核通过的发给技能证书。",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert squash(arts[0].byline) == squash("本报河谷5月3日电（记者方建国 通讯员周丽华 吴志刚）")
    assert squash(arts[0].text).startswith("5月2日")


def test_a_profile_subtitle_below_its_title_is_no_paragraph() -> None:
    page = "\n".join(
        [
            "身边的劳模：",
            "二十年守着一座泵站",
            "记青山水务集团泵站运行班长周海波",
            "凌晨四点，周海波已经在泵站巡查了一",
            "圈，他说设备就像老朋友，天天要见面。",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert (arts[0].kicker, arts[0].title, arts[0].subtitle) == (
        "身边的劳模：",
        "二十年守着一座泵站",
        "记青山水务集团泵站运行班长周海波",
    )
    assert squash(arts[0].text).startswith("凌晨四点")


def test_a_short_clause_ending_on_a_comma_is_a_headline_line() -> None:
    # "零下15℃，" is cut short after its comma: a headline's first clause on a line of its own (a
    # body line is broken only where it is full), so it runs on into the headline line below it.
    page = "\n".join(
        [
            "暖冬行动走进建筑工地",
            *_body(6),
            "寒潮来袭：",
            "零下15℃，",
            "他们坚守在输电线上",
            "本报讯（记者方建国 通讯员周丽华）",
            *_body(6, "清晨六时，供电公司的八名巡线工人已经"),
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert [(a.kicker, a.title) for a in arts] == [
        ("", "暖冬行动走进建筑工地"),
        ("寒潮来袭：", "零下15℃，他们坚守在输电线上"),
    ]


def test_a_short_clause_on_a_page_of_many_widths() -> None:
    # No one column for the page: the clause is short against the paragraph above it.
    wide = "区总工会联合街道为社区里的双职工家庭开办暑期托管班"
    page = "\n".join(
        [
            "暑托班开到社区里",
            *[wide[:24]] * 5,
            "孩子们的暑假有了去处。",
            "（林晓）",
            "午休“没处去”，",
            "驿站来解忧！",
            "本报讯（记者方建国 通讯员周丽华）",
            *_body(4, "清晨六时，供电公司的八名巡线工人已经"[:14]),
            *_body(3, "工会驿站为他们备好了热水和午餐"[:12]),
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert [a.title for a in arts] == ["暑托班开到社区里", "午休“没处去”，驿站来解忧！"]


def test_a_statement_subtitle_over_a_lead_that_tells_its_time_of_day() -> None:
    # The subtitle fills its column (16) exactly: only the lead below, opening on a time of day, tells.
    page = "\n".join(
        [
            "暖冬行动走进建筑工地",
            "1月9日，" + "市总工会开展走访慰问活动为一"[:11],
            *_body(6),
            "北湖区帮扶车间带动八百名留守妇女家门口就业",
            "工会牵线引进订单，妇女边带娃边挣",
            "清晨7点半，北湖区石门镇的一间帮",
            *_body(6, "扶车间里缝纫机的嗒嗒声响成一片车间"),
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert arts[1].subtitle == "工会牵线引进订单，妇女边带娃边挣"
    assert squash(arts[1].text).startswith("清晨7点半")


def test_a_question_title_after_its_article_over_a_lead_that_tells_its_time_of_day() -> None:
    # Printed after its body, the question stands over the next article's lead, which opens on a
    # time of day: no paragraph of one question sits before a lead.
    page = "\n".join(
        [
            "12月3日，记者从城东区人社局获悉，",
            "今冬以来该区已为农民工追回欠薪一百",
            "二十万元，涉及工人三百余名。一名钢",
            "筋工说：“钱拿到手，过年就踏实了。”",
            "城东区已将5起拒不支付劳动报酬案件",
            "移送公安机关。",
            "冬季清欠，城东区靠什么跑出加速度？",
            "下午2点，西湖街道一处临街的服务站里，",
            "外卖骑手把电动车停在门口，进门先给手",
            "机充上电，又接了一杯热水。他说，这样",
            "的站点他每周都要来三四次。",
            "街头驿站成了骑手的“加油站”",
        ]
    )
    assert [t for _, t, _ in _articles(page)] == [
        "冬季清欠，城东区靠什么跑出加速度？",
        "街头驿站成了骑手的“加油站”",
    ]


def test_an_indented_first_line_below_a_title_printed_after_its_body_is_no_subtitle() -> None:
    # A's title follows its body; B's lead opens below it, indented, with a quote the line leaves
    # open and a date on the next line: a subtitle has no paragraph indent and closes its quotes.
    page = "\n".join(
        [
            "　　3月2日，河口区人社局向首批800名家政",
            "服务员发放技能培训券，每张面值最高1200",
            "元，可在全区21家定点机构预约上课。",
            "河口区向家政服务员发放培训券",
            "　　记者从河口区总工会获悉，2022年“职工",
            "维权服务季”活动于10月31日结束。活动期",
            "间，全区共组织法律服务进工地活动86场，",
            "为近900名职工追回欠薪2300万元。",
            "　　今年服务季把快递员等群体纳入服务范",
            "围，律师团走进快递网点15家。",
            "河口区服务季追回欠薪2300万元",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert [(a.title, a.subtitle) for a in arts] == [
        ("河口区向家政服务员发放培训券", ""),
        ("河口区服务季追回欠薪2300万元", ""),
    ]
    assert squash(arts[1].text).startswith("记者从河口区总工会获悉")


def test_two_lines_a_fact_of_the_language_joins_head_one_article() -> None:
    # A's title follows its body and closing byline; B's title, split at "惠|及", precedes B's
    # body (two years of one event: both titles share the bodies' words). The conjunction opening
    # the second line joins it to the first, so no reading gives the first line to A.
    page = "\n\n".join(
        [
            "9月28日，为期一个月的2024年临澧县外卖骑",
            "手关爱季落下帷幕，全县骑手驿站累计服务新就",
            "业形态劳动者3.1万人次，发放清凉包800份。",
            "■本报记者 石青 本报通讯员 龙飞",
            "临澧县关爱季惠及新就业形态劳动者3.1万人次",
            "临澧县关爱季惠",
            "及外卖骑手2.3万人次",
            "9月26日，为期一个月的2023年临澧县外卖骑",
            "手关爱季落下帷幕，全县骑手驿站累计服务外卖",
            "骑手2.3万人次，发放清凉包600份。",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    assert [(a.title, a.subtitle) for a in arts] == [
        ("临澧县关爱季惠及新就业形态劳动者3.1万人次", ""),
        ("临澧县关爱季惠及外卖骑手2.3万人次", ""),
    ]


def test_a_reporters_lead_over_a_date_that_finishes_it_is_no_subtitle() -> None:
    # The lead's first line opens on the reporter's formula and ends on a year whose month and day
    # open the next line: one sentence, no subtitle, however the date below looks like a lead's.
    page = "\n".join(
        [
            "据了解，青禾市总工会对新命名的市级创新工作室每家给予 5万",
            "元经费补助，本批共命名 21 家。",
            "关注最低工资标准调整——",
            "青禾上调最低工资标准",
            "记者12 月 3日从青禾市人力资源和社会保障局获悉，青禾市将从2025 年",
            "1 月 1 日起上调全市最低工资标准。调整后，月最低工资标准分为两个档次，分别",
            "为 2100元和 1900元，每档较上一轮调整提高了近 9%。小时最低工资标准同",
            "步调整为每小时21元和19元。",
        ]
    )
    arts, _ = segment_text(page, "rules.txt")
    last = arts[-1]
    assert (last.kicker, last.title, last.subtitle) == ("关注最低工资标准调整——", "青禾上调最低工资标准", "")
    assert squash(last.text).startswith("记者12月3日从青禾市")


@pytest.mark.parametrize("source", ["青禾在线", "青禾传媒", "青禾融媒", "青禾之声"])
def test_a_bare_source_named_as_a_kind_of_media_is_a_lead_byline(source: str) -> None:
    """"<outlet>讯" with nothing after it opens the body when the outlet reads as media: besides the
    one-character kinds (报, 网, 社 …) an outlet may be a 在线, 传媒, 融媒 or 之声; "喜讯传来" is a sentence."""
    text = f"{source}讯 近日，青禾市总工会为一线护士建起212处休息室。"
    assert lead_byline(text) == len(source) + 1
    assert lead_byline("喜讯传来，全厂职工欢欣鼓舞。") == 0


@pytest.mark.parametrize("lead", ["9月上旬，在青禾市一处煤矿", "3月初，青禾区总工会", "十一月底，青禾一家企业"])
def test_a_part_of_a_month_dates_a_lead(lead: str) -> None:
    """A news lead says when first: a month with its part (上旬, 初, 底) dates it as a day does, and
    is evidence that an article starts there."""
    from summarizer.segment.words import tells_lead_time

    assert tells_lead_time(lead)
    assert not tells_lead_time("他说，今后每个月都会来园区坐诊")
