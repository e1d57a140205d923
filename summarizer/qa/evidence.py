"""Whether a candidate's sentence says what the question asks: the refusal rules.

A question over a corpus of similar articles is often answerable in form only: the article is about
the same event, but the detail asked for is not printed ("门票价格是多少" over an article that names
only the parking fee). A score threshold fit to one set of questions does not carry to the
next, so refusal rests on what a question states that the answer must agree with:

- the proper nouns it names (a passage that names none of them is about something else);
- the places it names (a question about 广州 is not answered from an article about 兰州);
- for a figure: the scope words around the number (平均, 人均, 每年, 每月, 额外, 累计 …: an average is
  not an individual's figure, a yearly sum not a per-meal price), the noun it counts, named next to
  the number, and a unit of the family asked for;
- for an organisation of a kind (哪家医院): a name ending in a word of that kind; for a place of a
  kind (哪个省): a name ending in 省; for countries or places (销往哪些国家): a sentence naming one
  that is not a province or a city;
- for a figure: a word of the question that the sentence names only as one item of an enumeration
  (天津、江苏等地) whose other items the question does not name: the figure is the whole list's; and
  a total (总价值…) printed after a list of counted things (护膝1800副、手套2600双) of which the
  question names only some;
- for a date asked as an end (持续到什么时候): a date printed as an end, not a start (11月1日起);
- for a date that opens its sentence (a report's scene: "8月下旬，在…工地上"): the event asked
  about (the words after 何时: 完工) said in that sentence; and a year for 哪一年;
- for a name or a list: a sentence that refers to the asked things only by the count the question
  prints (由三家工作室联合认领 for 哪三家工作室) says how many, not which;
- for an organisation or a date: a name or a date the answerer cut out, not a whole sentence
  standing in for one (a sentence without a name of an organisation, 某地一项调查…, names none);
- for the most of something (哪一所学校学生最多): a sentence that compares;
- the nth of a series it names (第六届, 第二任): an article naming other members only;
- for a name or a date: the quantities the question states (六成, 17名) printed in its article; a place
  of the asked kind not one whose suffix starts another word (县城);
- for a name: not an expression that points at no one in particular (有的城市, 某市, 全省);
- the people it names (龙桂芝; not a name the article prints as a place's, 曹妃甸区): a short answer is about them only when its sentence names them
  too (or a pronoun after them: opening the sentence, or 他 / 她 inside it with them named just
  before; or a quotation near them);
- for a figure, the plain numbers it names (70平米户型的月租): a figure and the size it is of are
  said in one sentence;
- for a part of a whole the question sizes (500名学员中有多少名): not a part its sentence says of
  another whole in that unit (学员2万人，其中…), though the title prints the asked size;
- for a figure of a group named by 男 / 女 and a noun (女快递员): an article that names that group
  (a 女 that ends a word, 子女 / 妇女, names no gender group: GENDER_CLOSED_WORDS);
- for a figure asked of one unit (这家企业): not a figure of a whole region (全国, 全市); of one
  person (本人): not a group's (他们…共计);
- for a figure: the group it counts (男职工 is not 女职工; 农村 not 城市: CONTRAST_GROUPS), read in its
  own clause and the sentence's short opening phrase (今年上半年，… is said of every clause);
- for a figure: what the question says of the asked thing (the head of a relative clause or a
  possessor before its 的, 检出问题的企业; a predicate after the counted noun, 问卷来自外省) named by the
  figure's sentence (summarizer.qa.counted.said_of_asked);
- for a sum of money: the noun printed right after it (600元医疗补助) sharing two characters with the
  question: a sum named for one purpose does not answer for another;
- for a figure: the counted noun printed in its clause after a modifier of its own (送温暖资金 for
  常态化帮扶资金) while none of the question's modifiers is said there: another kind of the thing;
- for an age (多大年纪): a figure in 岁, not a span of years (干了12年);
- for a figure: the modifiers of what it counts (外卖骑手家庭的学生), each named in the article;
- for a figure, when the question asks for no change: not a figure printed right after a verb of
  change (比上年增长5%, 减少了300元): that is a difference, not the level asked for;
- the years it names (2023年…): an article that speaks of other years only (printed, or by its date
  with 今年 / 去年 / 明年) is the report of another year, and a sentence that prints only other years
  (2018年至2020年, for a question about 2021) states another year's figure.

`problems(q, span)` names the rules a candidate breaks; the answerer refuses when its best candidate
breaks one (the runner-up is mostly a weaker reading of the same text, so it is not tried instead).
"""

from __future__ import annotations

import re
import unicodedata

from summarizer.lexicon import COUNTRIES, GENDER_CLOSED_WORDS, PARTY_SIDES, PROVINCES
from summarizer.qa.candidates import (
    PLAN,
    Span,
    asks_present,
    change_side,
    dimension_said,
    figure_window,
    funds_said,
    near_parts,
    states_attribute,
    verb_read_as_head,
)
from summarizer.qa.counted import (
    clause_of,
    counts_other_people,
    noun_after,
    other_modifier,
    refers_back_to,
    refers_to_asked,
    said_of_asked,
)
from summarizer.qa.question import ASKS_WORK, QUOTED, Question, years_in
from summarizer.qa.rerank import _named, date_year, entity_share
from summarizer.qa.sentences import Sentence, mentions, mentions_kin, quantities_of, said_with, view_of
from summarizer.qa.spans import (
    FAMILIES,
    OTHER_AREA_KINDS,
    SURNAMES,
    WHICH_PLACE,
    named_in_apposition,
    person_spans,
    place_spans,
)
from summarizer.qa.typed import ASKS_YEAR, YEARISH, names_a_place
from summarizer.text import clean_spaces
from summarizer.tokens import cut, in_dictionary, pos_tokens

# A figure right after a verb of change (增长5%, 减少了300元) states a difference from an earlier
# figure, not the level a question asks for; "提高到" states the new level and is no difference.
CHANGE_REACH = 6
_CHANGE_BEFORE = re.compile(
    r"(?:增长|增加|下降|减少|降低|提高|上升|提升|增多|回落|下滑|缩小|扩大|高出|多出)了?(?:约|近|超过|逾)?$"
)
# A question that asks for a change itself (增长了多少, 比上年多多少, 增幅, 同比).
_ASKS_CHANGE = re.compile(
    r"增长|增加|下降|减少|降低|提高|上升|提升|增多|回落|下滑|缩小|扩大|高出|多出|增幅|降幅|涨幅|同比|比上一?年|比去年|变化|"
    r"[多少]了(?:多少|几)"
)
# Answer types that name something (a person, an organisation, a place, a date, a thing's name).
NAMING_TYPES = frozenset({"person", "organisation", "place", "date", "name"})
# Words that open an expression pointing at no one in particular (有的城市, 某市, 全省, 各地, 该县): such
# a span stands where a name would, but names nothing.
_INDEFINITE = re.compile(r"(?:有的|有些|一些|某|各|全|本|该|其|此|这|那|每)")
# For a place: 全区 / 本市 / 该县 refer to the place the report names (the answerer reads it there).
_INDEFINITE_PLACE = re.compile(r"(?:有的|有些|一些|某|各|每)")
_REFERS_BACK = re.compile(r"[全本该这那此]([省市县区镇乡村州])")
# Words that set a figure's scope, in groups of the same meaning: a question that states one is not
# answered by a figure whose sentence states none of its group.
SCOPE_GROUPS = (
    ("平均", "人均", "均值", "年均", "月均", "日均"),
    ("每年", "年均", "全年", "每年度", "一年", "/年"),
    ("每月", "月均", "每个月", "一个月", "/月"),
    ("每天", "日均", "每日", "一天", "/天", "/日"),
    ("每人", "人均", "每名", "每位", "/人"),
    ("每餐", "每顿", "一餐", "一顿"),
    ("每期", "一期"),
    ("额外",),
    ("累计", "累积", "以来", "至今"),  # a running total over the years, not one year's 共计
    ("首批", "第一批"),
)
# The scope groups that name which batch an article is about, not a rate.
BATCH_SCOPES = (("首批", "第一批"),)
# A sentence that opens by referring back to the event of the sentence before (此次, 这批 …).
_OPENS_ON_EVENT_BEFORE = re.compile(r"^[^，。；]{0,6}?(?:此次|这次|本次|该次|此批|这批|本批)")
_SCOPE_WORDS = sorted({w for g in SCOPE_GROUPS for w in g}, key=len, reverse=True)
_PLACE_LIST = re.compile(
    r"哪些(?:国家|地区|城市|省份|省|市|县|地方|地点|国|街道|社区|乡镇|镇|乡|村庄|村|区(?!域))"
)
# "哪家医院 / 哪所大学 / 哪家物流公司": the class of organisation asked for.
# Kinds of organisation, each with the words that name one of its kind.
ORG_CLASSES = (
    ("大学", "学院", "学校", "高校", "中学", "小学", "书院", "学堂", "院校"),
    ("公司", "集团", "企业", "厂", "商行"),
    ("医院", "卫生院", "诊所", "医疗中心"),
    ("银行", "信用社"),
    ("协会", "学会", "联合会", "商会"),
    ("电视台", "频道", "广播"),
    ("出版社", "书局"),
    ("俱乐部", "球队", "球会"),
    ("律师事务所", "事务所", "律所"),
    ("酒店", "饭店", "宾馆", "旅馆", "客栈", "民宿"),
    ("餐馆", "餐厅", "饭馆", "饭店", "酒楼", "食府"),
    ("超市", "商场", "商店", "门店", "药店", "药房"),
    ("旅行社",),
)
# A count before the class word ("60多家餐馆", "两所学校") says how many of the kind, and names none.
_COUNTED_BEFORE = re.compile(r"[\d零一二三四五六七八九十百千万两几多余]+[家个所座间]$")
_ORG_CLASS = re.compile(
    r"哪[个家所支]?[\u4e00-\u9fff]{0,4}?("
    + "|".join(sorted({w for g in ORG_CLASSES for w in g}, key=len, reverse=True))
    + ")"
)
# The class word said before the interrogative: "总承包企业是哪家".
_ORG_CLASS_BEFORE = re.compile(
    "("
    + "|".join(sorted({w for g in ORG_CLASSES for w in g}, key=len, reverse=True))
    + ")(?:是|为)哪[个家所]"
)
# The name of an organisation asked with 叫什么: "那家汽修企业叫什么名字" asks a name of that class.
_ORG_CLASS_NAMED = re.compile(
    "("
    + "|".join(sorted({w for g in ORG_CLASSES for w in g}, key=len, reverse=True))
    + ")(?:的名字|的名称|名称)?(?:叫什么|叫做什么|名叫什么|是什么名字)"
)
# The name before an organisation's class word: two characters at least, none of them a function word.
_NAMED_AS = re.compile(r"[^\s，。、；：的在由是于和与及被把将对向从以并为等有该此这其]{2}$")
# "最多能买几张" caps a count (at most), it compares nothing: a 几 / 多少 right after 最多 / 最少, a
# modal, an adverb and a verb between them ("最多能同时坐下多少人").
CAP_REACH = 6
_MOST = re.compile(
    rf"最(?:多|少|大|小|高|低|长|短|早|晚|快|慢|远|近)(?![\u4e00-\u9fff]{{0,{CAP_REACH}}}?(?:几|多少))"
)
# Names of institutions that open with 最 (最低工资标准, 最低生活保障, 最高人民法院): a term, no
# comparison the question makes.
_MOST_TERMS = re.compile(r"最低工资|最低生活保障|最高人民(?:法院|检察院)")
_COMPARES = re.compile(r"最|第一|居首|之首|首位|领先|超过|高于|低于|多于|少于|排名")
# "持续到什么时候 / 截止到几月几日 / 几月几日结束": the question asks when something ends; the date printed after
# 到 / 至 / 截至, or before 止 / 结束 / 前, is an end; one before 起 / 开始 is a start.
_ASKS_UNTIL = re.compile(
    r"(?:到|至|截止|截至)(?:什么时候|何时|几月几日|几月几号|几月|哪一?天|哪年)"
    r"|(?:什么时候|何时|几月几日|几月几号|几月|哪一?天)(?:结束|截止|到期|为止|停止)"
)
_END_BEFORE = re.compile(r"(?:到|至|截至|截止|直到)$")
_END_AFTER = re.compile(r"(?:止|结束|截止|前|为止)")


def _ends_something(view: str, start: int, end: int) -> bool:
    """Whether the date at [start, end) is printed as the end of something (持续到2月底, 5月31日止)."""
    if re.search(r"至|到|—|－|~", view[start:end]):
        return True  # a span of dates (4月25日至5月1日) says where it ends
    return bool(_END_BEFORE.search(view[max(0, start - 3) : start]) or _END_AFTER.match(view, end))


# Verbs that say only that an event took place (举行, 举办, 开展): "哪天举行的" asks the date of the event
# its subject names, which a report's scene date is; no other verb need be said.
EVENT_VERBS = frozenset("举行 举办 开展 进行 召开".split())
# A sentence opening on these refers to the day of the sentence before ("6月9日，…。当天，…结业").
SAME_DAY = re.compile(r"^(?:当天|当日|同日|同一天|这一天)")


def _same_day_after(s: Sentence) -> str:
    """The next sentence of the passage when it opens on the same day (SAME_DAY), else ""."""
    text = view_of(clean_spaces(s.passage.text))
    at = text.find(s.view)
    if at < 0:
        return ""
    nxt = re.split(r"(?<=[。！？!?])", text[at + len(s.view) :].lstrip(), maxsplit=1)[0]
    return nxt if SAME_DAY.match(nxt) else ""


def _separated(text: str, word: str) -> bool:
    """Whether a two-character verb is said split by a few characters (离合词: 落幕 ~ 落下帷幕)."""
    return (
        len(word) == 2
        and re.search(re.escape(word[0]) + r"[\u4e00-\u9fff]{1,3}" + re.escape(word[1]), text) is not None
    )


# A date within this many characters of a sentence's start opens it: the time of the scene a report
# describes ("8月下旬，在…工地上…"), which answers "when" only for what that sentence says happened.
DATELINE_REACH = 2
# What is left of a date interrogative after the tokenizer split it ("几月几日" -> 几日): not an event.
_ASKED_WORD = re.compile(r"[几何哪多]?[年月日号天时点分]|几[月日号时点]+|什么时[候间]")
_COUNTRY_LIST = re.compile(r"哪些国家|哪几个国家|哪个国家|哪国")
# The countries a thing goes to or comes from, asked as a list ("销往哪些国家和地区").
_COUNTRIES_ASKED = re.compile(r"哪些国家|哪几个国家")
# A place named with one of these is a part of a country, not a country.
_SUBDIVISION = re.compile(r"(?:省|市|县|区|镇|乡|村|街道|社区|州)$")


# Questions that ask for the doers of an action named after the interrogative ("由哪些单位主办"):
# the answer is a list said with that action. (Manner questions were tried too: "如何使用" is
# answered in other words, 以根入药, in encyclopaedic text, and the rule cost right answers there.)
ASKED_ACTION_TYPES = frozenset({"list"})
# A verb of fewer characters than this is a light verb or a particle (是, 有, 了): not looked for.
ACTION_MIN = 2
# Characters between a list interrogative and the kind noun it asks of (a measure word: 哪几个方面).
KIND_NOUN_GAP = 1


def _nouns_after(text: str, at: int) -> frozenset[str]:
    """The words the tagger reads as nouns after position `at` of the question (the kind noun phrase
    of 哪些防暑物资; the tagger reads 主办 as a non-noun word, so a noun test is kept, not a verb test)."""
    out, pos = [], 0
    for t in pos_tokens(text):
        if pos >= at and t.flag.startswith("n"):
            out.append(t.word)
        pos += len(t.word)
    return frozenset(out)


def _asked_action_unsaid(q: Question, s: Sentence) -> bool:
    """Whether the question names an action right after its interrogative and the sentence (with its
    title and the sentence it refers back to) says none of its words: then the sentence tells of
    something else done, not of who did the asked thing or how."""
    _, after = near_parts(q)
    asked = [w for w in after if len(w) >= ACTION_MIN and not _ASKED_WORD.fullmatch(w)]
    if q.atype == "list" and q.wh:
        # "哪些设施" / "哪几个方面" / "哪些防暑物资": the noun phrase right after 哪些 (a measure word
        # between) is the kind of what is listed, not an action; the action is a word after it
        # ("哪些单位主办").
        nouns = _nouns_after(q.text, q.wh[1])
        asked = [w for w in asked if q.text.find(w) - q.wh[1] > KIND_NOUN_GAP and w not in nouns]
    if not asked:
        return False
    said = said_with(s)
    return not any(mentions_kin(said, w) for w in asked)


# A year as a sentence prints it: digits or Chinese numerals before 年 (2018年, 二〇一八年, 去年 is no
# year of its own), or a reign or era's year (天正3年).
_PRINTED_YEAR = re.compile(r"[0-9０-９〇零一二三四五六七八九十]{2,4}\s*年|[\u4e00-\u9fff]{2}[0-9一二三四五六七八九十]{1,3}年|世纪")


def problems(q: Question, span: Span) -> list[str]:
    """The refusal rules a candidate breaks (empty: it may be given as the answer)."""
    out = []
    s = span.sentence
    p = s.passage
    article = f"{p.title}\n{p.text}"
    # A byline names the article's author and reporters (and a dateline its place): a question that
    # names them ("田某的评论中…") names this article.
    signed = f"{p.byline}\n{article}" if p.byline else article
    if (q.entities or q.month_days) and entity_share(q, signed) == 0:
        out.append("entity")  # names none of the proper nouns the question names
    if q.places and not any(_named(x, signed) for x in q.places):
        out.append("place")  # the question happens in 广州; a passage about 兰州 does not answer it
    if q.years and _other_years(q, s):
        out.append("year")  # "2021年…计划投入多少" is not answered by the 2018-2020 total
    elif q.years and span.kind == "figure" and _opened_on_other_year(q, s.view, span.start):
        out.append("year")  # "2015年…启动时有多少人" is not answered by "2024年，…达40.6万人，比2015年…"
    if _other_ordinal(q.text, article):
        out.append("ordinal")  # "第二任理事长" is not answered by an article naming only the 首任
    vague = _INDEFINITE_PLACE if q.atype == "place" else _INDEFINITE
    named = _SOURCE_VERB.sub("", span.text)  # "来自某医药连锁公司": the name is what follows 来自
    if q.atype in NAMING_TYPES and span.kind in ("entity", "slot") and _names_nothing(named):
        # "叫什么名字" is not answered by “……。” (speech) nor by 24支代表队 (a count)
        out.append("indefinite")
    elif (
        q.atype in NAMING_TYPES
        and span.kind in ("entity", "slot")
        and vague.match(named)
        and not (q.atype == "person" and named_in_apposition(s.view, span.start, span.end))
    ):
        out.append("indefinite")  # "哪个城市" is not answered by 有的城市 / 某市: they name none
    elif q.atype == "place" and span.kind in ("entity", "slot") and _other_kind_referred(q, span.text):
        out.append("indefinite")  # "哪个县" is not answered by 全省: it refers to a province
    elif q.atype in NAMING_TYPES and span.kind in ("sentence", "fallback") and _unnamed_in(q, s.view):
        out.append("unnamed")  # "那家企业叫什么名字" is not answered by "…在一家企业展位前…"
    if q.atype in ("person", "organisation", "name") and _rank_of_other(q, said_with(s) + _event_referred(s)):
        out.append("rankof")  # "拔河比赛的冠军" is not answered by who came first overall
    if _other_party(q.text, s.view):
        out.append("party")  # "企业方代表是谁" is not answered by "职工方代表、…某某"
    if q.atype != "ordinal" and _other_rank(q.text, s.view):
        out.append("rank")  # "亚军来自哪家单位" is not answered by the sentence naming the 第一名
    elif span.kind in ("entity", "slot") and _clause_of_other_rank(q.text, s.view, span.start, span.end):
        out.append("placed")  # "冠军是谁" is not answered by "上届冠军万某获得第二名"
    if q.atype == "person" and span.kind == "entity" and _DIVISION_NAME.fullmatch(span.text):
        out.append("indefinite")  # "哪位领导带队" is not answered by 青凤区: a division's name is no person's
    if q.atype == "ordinal" and span.kind in ("sentence", "fallback") and not _RANK_SAID.search(s.view):
        out.append("no_rank")  # "排第几名" is not answered by a sentence that ranks no one
    if span.kind not in ("sentence", "fallback"):
        # A who-question naming a person asks for another one, in a role towards them (为王某指派的律
        # 师是谁): the answer's sentence names the role, not necessarily the person named.
        if q.atype != "person" and any(
            not _speaks_of(s, name) and not _group_counted(q.text, name, s.view)
            for name in _people(q)
            if not _place_in(name, article) and not _named_unit(name, q.text, article)
        ):
            out.append("person")  # "龙桂芝完成了多少件" is not answered by the workshop's total
        if span.kind == "figure" and any(n not in _numbers(said_with(s)) for n in _sizes(q.text)):
            out.append("number")  # "70平米户型的月租" is not answered by the 35平米 room's
        elif span.kind == "figure" and _other_whole(q, s, span):
            out.append("number")  # "500名学员中有多少名" is not answered by "2万人，其中1万人"
    if (
        q.is_figure
        and span.kind == "figure"
        and any(not mentions_kin(view_of(article), m) for m in q.modifiers)
    ):
        out.append("modifier")  # "外卖骑手家庭的学生" in an article that never speaks of 外卖骑手
    if q.is_figure and span.kind == "figure":
        other = _contrasted(q.text, _own_clause(s.view, span.start, span.end) + " " + _opening(s.view))
        if other:  # "多少名男职工" is not answered by "200余名女职工"; another figure may be the asked
            # group's, unless the article never names that group at all
            out.append("contrast" if other in view_of(article) else "group")
    if q.is_figure and span.kind == "figure":
        window = _own_clause(s.view, span.start, span.end) + " " + _opening(s.view)
        if _whole_for_group(q, window, view_of(article)):
            out.append("whole")  # "多少名女电工进入决赛" is not answered by "报名电工达180名"
    if q.is_figure and span.kind == "figure" and counts_other_people(q, s.view, span.end):
        out.append("people")  # "多少名司机" is not answered by "350名职工", drivers named after it or not
    if q.is_figure and span.kind == "figure" and _plan_answered_by_done(q.text, s.view, span.start, span.end):
        out.append("plan")  # "计划新建多少个" is not answered by "已建成超过3000个": done is no plan
    if q.is_figure and span.kind == "figure" and _unnamed_group(q.text, article):
        out.append("group")  # "多少名女快递员" in an article that never speaks of 女快递员
    if q.is_figure and span.kind == "figure" and _ONE_PERSON.search(q.text):
        if _GROUP_SAID.search(_own_clause(s.view, span.start, span.end) + " " + s.view[: DATELINE_REACH + 4]):
            out.append("aggregate")  # "他本人被拖欠了多少" is not answered by "他们…共计18万元"
    if q.is_figure and span.kind == "figure" and _ONE_UNIT.search(q.text):
        if _WHOLE_REGION.search(s.view) and not _unit_is_subject(q, s.view[: span.start]):
            out.append("aggregate")  # "这家企业有多少名职工" is not answered by 全国's total
    if q.is_figure and span.kind == "figure" and _larger_whole(q, _own_clause(s.view, span.start, span.end)):
        out.append("aggregate")  # "合肥市建成了多少个" is not answered by 全省's "已建成…5000个"
    if (
        q.is_figure
        and span.kind == "figure"
        and _standing_asked_of_new(q, _own_clause(s.view, span.start, span.end))
    ):
        out.append(
            "scope"
        )  # "目前会员总数是多少" is not answered by "计划新发展会员3000人" nor by one day's 186名
    if q.is_figure and span.kind == "figure":
        out += _figure_problems(q, s)
        if _asked_as_member(q, s) or _total_of_counted_list(q, s, span):
            out.append("member")  # "多少名快递员" against "环卫、快递、建筑等行业户外劳动者1.5万名"
        if not out and _unnamed_count(q, span):
            out.append("counted")
        before, predicate = said_of_asked(q)
        said = said_with(s)
        if not out and (
            any(not mentions_kin(said, w) for w in before)
            and not refers_to_asked(q, s.view)
            or (predicate and not any(mentions(said, w) for w in predicate))
        ):
            out.append("saidof")  # "检出问题的企业有多少家" is not answered by all the firms checked
    if (
        q.is_figure
        and span.kind == "figure"
        and other_modifier(q, _own_clause(s.view, span.start, span.end), s.view)
    ):
        out.append("premodifier")  # "常态化帮扶资金" is not answered by "送温暖资金1450万元"
    if q.family == "money" and span.kind == "figure" and _other_purpose(q, s.view, span.end):
        out.append("purpose")  # "采购慰问品花了多少钱" is not answered by "每户发放600元医疗补助"
    if (
        q.is_figure
        and q.atype != "percentage"
        and _ASKS_AGE.search(q.text)
        and not _AGE_UNIT.search(span.text)
    ):
        out.append("age")  # "今年多大年纪" is not answered by "已干了12年": a span of years is no age
    elif q.is_figure and span.kind == "figure" and _age_of_other(q, clause_of(s.view, span.start, span.end)):
        out.append("age")  # "她照顾的那位老人多大年纪" is not answered by "她今年51岁"
    cls = _ORG_CLASS.search(q.text) or _ORG_CLASS_BEFORE.search(q.text)
    if q.atype == "name" and not cls:
        cls = _ORG_CLASS_NAMED.search(q.text)
    if cls and q.atype in ("organisation", "name"):
        said = span.text if span.kind not in ("sentence", "fallback") else s.view
        words = [w for g in ORG_CLASSES if cls.group(1) in g for w in g]
        if not any(
            _NAMED_AS.search(said[:i]) and not _COUNTED_BEFORE.search(said[:i])
            for w in words
            for i in _starts(said, w)
        ):
            out.append("orgclass")  # "哪家医院" is answered by a name ending in 医院, not by 医院 alone
    which = WHICH_PLACE.search(q.text)
    if which and span.kind not in ("sentence", "fallback"):
        suffix = which.group(1)
        if (
            not re.search(rf"[\u4e00-\u9fff]{{2,}}{suffix}", span.text)
            and not _names_kind(s, suffix)
            and not (suffix == "省" and span.text in PROVINCES)  # 安徽人: a province named bare
        ):
            out.append("which")  # "哪个省" is answered by a name ending in 省
        elif span.text.endswith(suffix) and _suffix_starts_word(s, span.end):
            out.append("which")  # "哪个县" is not answered by "…大多在县" of 县城: that 县 names no county
        elif suffix == "区" and span.text.endswith(OTHER_AREA_KINDS):
            out.append("which")  # "哪个区" asks a district, not the 工业园区 in it
    whole = span.kind in ("sentence", "fallback")
    if (q.atype in ASKED_ACTION_TYPES or q.atype == "date" and whole) and _asked_action_unsaid(q, s):
        out.append("action")  # "由哪些单位主办" is not answered by a sentence that says nothing is 主办
    if _COUNTRIES_ASKED.search(q.text) and not _names_countries(s.view):
        out.append("country")  # "出口到哪些国家" is not answered by the cities its buyers are in
    elif _COUNTRY_LIST.search(q.text) and not _names_a_country(q, s):
        out.append("country")  # "销往哪些国家" is not answered by 河北省保定市
    elif _PLACE_LIST.search(q.text) and not names_a_place(q, s):
        out.append("places")
    if q.atype == "date" and span.kind in ("entity", "slot"):
        _, after = near_parts(q)
        asked = [w for w in after if not _ASKED_WORD.fullmatch(w) and w not in EVENT_VERBS]
        opens = span.start <= DATELINE_REACH
        said = said_with(s) + " " + _same_day_after(s)
        if opens and asked and not any(mentions(said, w) or _separated(said, w) for w in asked):
            out.append("when")  # "何时完工" is not answered by the date a report's scene opens with
        if _ASKS_UNTIL.search(q.text) and not _ends_something(s.view, span.start, span.end):
            out.append("until")  # "持续到什么时候" is not answered by the day something 起 (starts)
        if ASKS_YEAR.search(q.text) and not YEARISH.search(span.text):
            out.append("yearless")  # "哪一年建成" is not answered by "截至10月底"
    elif q.atype == "date" and span.kind in ("sentence", "fallback") and ASKS_YEAR.search(q.text):
        if not _PRINTED_YEAR.search(s.view):
            out.append("yearless")  # "哪一年成立" is not answered by a sentence that prints no year
    if q.atype in NAMING_TYPES and span.kind in ("entity", "slot"):
        if any(c not in view_of(clean_spaces(article)) for c in _stated_counts(q)):
            out.append("number")  # "说有超过六成…的调查是哪家机构做的": the answer's article prints 六成
    if not q.is_figure and _counts_instead_of_naming(q, s):
        out.append("countonly")  # "哪三家工作室认领" is not answered by "由三家工作室联合认领"
    if q.is_figure and span.kind == "figure" and _per_unit_for_total(q, s.view, span):
        out.append("scope")  # "一共花了多少钱" is not answered by "单人间月租400元": a rate per unit
    if q.atype == "count" and span.kind == "figure" and _asks_things(q) and _SHARE_ONLY.search(span.text):
        out.append("share")  # "小屋总数是多少" is not answered by "女工占…的七成": a share is no count
    if q.atype == "percentage" and span.kind == "figure" and not _is_share(span.text):
        out.append("share")  # "占总成绩的多少" is not answered by "24名选手获奖": a count is no share
    if q.is_figure and span.kind == "figure" and _negation_flipped(q, s, span):
        out.append("negation")  # "未通过评价的有多少名" is not answered by "426名职工通过评价"
    if q.is_figure and span.kind == "figure" and not _ASKS_CHANGE.search(q.text):
        if _CHANGE_BEFORE.search(s.view[max(0, span.start - CHANGE_REACH) : span.start]):
            out.append("change")  # "入学率是多少" is not answered by "比上年增长5%": a difference
    calendar = q.atype == "date" and bool(_ASKS_CALENDAR.search(q.text))
    if span.kind == "fallback" and (q.atype == "organisation" or calendar and not _DATED.search(s.view)):
        # "由哪家机构做的" is not answered by a sentence that names no organisation, nor "从哪一年开始"
        # (a year, a month, a day asked) by one that prints no date at all
        out.append("sentence")
    if q.atype == "name" and ASKS_WORK.search(q.text):
        said = span.text if span.kind not in ("sentence", "fallback") else s.view
        if "《" not in said:
            out.append("title")  # "哪一本书" is not answered by a sentence that sets no title in 《…》
    if q.atype == "date":
        said = span.text if span.kind not in ("sentence", "fallback") else s.view
        if _ASKS_DAY.search(q.text) and not _DAY_SAID.search(said):
            out.append("grain")  # "哪一天结业" is not answered by "6月" nor by a sentence dating no day
        elif _ASKS_MONTH.search(q.text) and not _MONTH_SAID.search(said):
            out.append("grain")  # "每年几月举办" is not answered by "每年举办…" (no month)
    if _MOST.search(_MOST_TERMS.sub("，", QUOTED.sub("，", q.text))) and not _COMPARES.search(s.view):
        # a quoted 最多 (说“现在最多跑一次”的电工) is someone's words the question cites, not its own
        out.append("superlative")  # "哪一所学校学生最多": a sentence that compares nothing names no most
    return out


# What states a rank or a place in an order: an ordinal (第三, 第1), a medal or prize tier, a title
# of the first places (冠军, 榜首), 首 or 末 before a measure word.
_RANK_SAID = re.compile(
    r"第[0-9一二三四五六七八九十百两]+|[冠亚季]军|榜首|[一二三]等奖|[金银铜]奖|[金银铜]牌|名列|位列|首[位个次批家]|末位"
)
# An indefinite article before a noun phrase (一家企业, 一所学校, 某医院): the text speaks of the thing
# without naming it.
_UNNAMED_OPEN = re.compile(r"(?:一[家所个座名位支]|某)")
# How far an indefinite article may stand before the head noun it introduces (一家汽车零部件企业).
UNNAMED_REACH = 12


def _unnamed_in(q: Question, view: str) -> bool:
    """The sentence refers to the thing a naming question asks about only as 一家… / 某… + its head
    noun (the question's word next to the interrogative: 企业, 事务所, 医院): it speaks of the thing
    without naming it, so no span of it is the name asked for."""
    heads = [w for w in q.near if len(w) >= 2]
    for head in heads:
        at = view.find(head)
        while at >= 0:
            opens = list(_UNNAMED_OPEN.finditer(view, max(0, at - UNNAMED_REACH), at))
            if opens and not any(c in view[opens[-1].end() : at] for c in "，。；：、"):
                return True
            at = view.find(head, at + 1)
    return False


def _other_kind_referred(q: Question, span: str) -> bool:
    """Whether a span that refers back to the report's place (全省, 本市, 该区) refers to a place of
    another kind than the asked one (哪个县)."""
    which = WHICH_PLACE.search(q.text)
    m = _REFERS_BACK.fullmatch(span)
    return bool(which and m and m.group(1) != which.group(1)[-1:])


def _stated_counts(q: Question) -> set[str]:
    """The quantities a question states with their unit, as printed (六成, 17名, 1000元), outside
    quotation marks (a quoted proposal is told in other words around the one who made it), and not
    the count of an interrogative (哪两个单位 asks which two; the article need not print 两个)."""
    text = view_of(QUOTED.sub(lambda m: "，" * len(m.group(0)), q.text))
    return {
        text[x.start : x.end]
        for x in quantities_of(text)
        if x.unit and x.kind == "quantity" and not x.is_date and not text[: x.start].endswith("哪")
    }


def _suffix_starts_word(s: Sentence, end: int) -> bool:
    """Whether the place suffix ending a span at `end` (on the sentence's view) is the first
    character of a longer word (县城, 市场, 区域): then the span names no place of that kind."""
    at = 0
    for piece in cut(s.view):
        if at <= end - 1 < at + len(piece):
            return at == end - 1 and len(piece) > 1
        at += len(piece)
    return False


# An interrogative that asks which of counted things (哪三家, 哪几家, 另外两个), and its measure word.
_ASKING_OPENERS = ("哪", "另外", "其余", "其他")
_ASKED_COUNT = re.compile(r"(?:哪|另外|其余|其他)[0-9一二两三四五六七八九十几]*([个家名位所项条种支座])")


# Names told right after their count: "两个族：甲族、乙族", "两位可汗掌管，一个是…".
_NAMES_FOLLOW = re.compile(r"[^，,。；;]{0,8}?(?:[：:]|[，,](?:一|其一|分别|即|包括))")


def _counts_instead_of_naming(q: Question, s: Sentence) -> bool:
    """Whether the sentence refers to the things a naming question asks for (哪三家工作室, 这5家企业是
    哪几家) only by the count the question itself prints: it says how many, not which. It names them
    when an enumeration stands right before the count (甲、乙和丙三家) with an item the question
    does not print, or when the names follow it (两个族：…, 两位可汗，一个是…)."""
    asked = _ASKED_COUNT.search(q.text)
    if asked is None:
        return False
    ends = not re.match(r"[\u4e00-\u9fff]", q.text[asked.end() :]) or q.text[asked.end()] in "是的"
    asked_view = view_of(q.text)
    counts = {
        asked_view[x.start : x.end]
        for x in quantities_of(asked_view)
        if x.unit
        and x.kind == "quantity"
        and not x.is_date
        # the count asked for (哪三家), or one in the asked measure when the interrogative stands
        # for the counted things themselves (这5家企业是哪几家; not 哪个区 … 16个服务站)
        and (
            q.text[max(0, x.start - 2) : x.start].endswith(_ASKING_OPENERS)
            or ends
            and x.unit == asked.group(1)
        )
    }
    for c in counts:
        for m in re.finditer(re.escape(c), s.view):
            clause = re.split(r"[，,；;。：:！？]", s.view[: m.start()])[-1]
            items = [x for x in re.split(r"[、和及与]|等", clause) if x]
            named = "、" in clause and any(not _named_in(x[-FIRST_ITEM_TAIL:], q.text) for x in items[1:])
            if not named and not _NAMES_FOLLOW.match(s.view, m.end()):
                return True
    return False


# Words that name one of a set of groups that exclude each other: a figure said of another member
# of the set counts another group.
CONTRAST_GROUPS = (
    ("男", "女"),
    ("城市", "农村", "城镇", "乡村"),
    ("本科", "专科"),
    ("初级", "中级", "高级"),
    ("国家级", "全国级", "省级", "市级", "区级", "县级"),
    ("上半年", "下半年"),
    ("线上", "线下"),
    ("公办", "民办"),
)


# A share is printed as a rate (60%, 百分之六十, 六成, 三分之一, 千分之五, 一半), a change of a rate
# (20个百分点) or a multiple (两倍).
_SHARE_SHAPE = re.compile(r"[%％‰]|百分之|分之|百分点|成|倍|半|比例|比重")

# A share, printed as a rate or tenths (60%, 七成, 三分之一): what a count never is.
_SHARE_ONLY = re.compile(r"[%％‰]|百分之|分之|[0-9一二三四五六七八九十两]成")


def _asks_things(q: Question) -> bool:
    """A count of things: a measure word asked (多少名, 几家) or a word for a number of them (总数, 人数),
    not its change."""
    if _ASKS_CHANGE.search(q.text):
        return False  # "人数比上年增长了多少" asks a change, which a rate says as well as a count
    return bool(q.unit) or bool(re.search(r"总数|数量|人数|个数|家数", q.text))


def _is_share(text: str) -> bool:
    """A rate's shape, or a bare number (收视率为7.07: a rate printed without its % sign); a count
    has a measure word (24名), a share does not."""
    return bool(_SHARE_SHAPE.search(text) or re.fullmatch(r"\s*[0-9０-９.．]+\s*", text))


# A negated action in a question: 未通过, 没有参加, 尚未签订 (two characters of the verb are read).
_NEGATED_ACTION = re.compile(r"(?:尚未|未能|未|没有|没|不)([\u4e00-\u9fff]{2})")
# 不 before these is no negated action (不同, 不断, 不足 …): a comparison, a degree or an adverb.
_NOT_A_NEGATED_ACTION = frozenset("同断足到少超低高仅久止再")
# How many characters before the verb a negation of it is looked for (未 / 没有 / 尚未).
NEGATION_REACH = 2


def _negation_flipped(q: Question, s: Sentence, span: Span) -> bool:
    """Whether the question counts those for whom an action did not happen (未通过的职工有多少) and the
    figure's clause says that action without a negation (426名职工通过评价): that figure counts those
    for whom it did, the complement of what is asked."""
    m = _NEGATED_ACTION.search(q.text)
    if not m or m.group(0).startswith("不") and m.group(1)[0] in _NOT_A_NEGATED_ACTION:
        return False
    verb = m.group(1)
    clause = _own_clause(s.view, span.start, span.end)
    at = clause.find(verb)
    if at < 0:
        return False
    return not re.search(r"未|没|不|尚|无", clause[max(0, at - NEGATION_REACH) : at])


def _own_clause(view: str, start: int, end: int) -> str:
    """The figure with the words around it in its clause, between the marks before and after it (、
    included: an enumeration's items are said one by one: 初级工1000元、中级工1500元)."""
    marks = r"[，,；;。、：:！？]"
    return re.split(marks, view[:start])[-1] + view[start:end] + re.split(marks, view[end:])[0]


# A date printed in a sentence: a year, a month, a day, a decade, a season of a year.
_DATED = re.compile(
    r"[0-9０-９一二三四五六七八九十〇零两]\s*(?:年|月|日|号|世纪)|年代|[春夏秋冬]季|今年|去年|明年"
)  # 当年, 次年 name no year


# A question for a calendar date (哪一年, 几月, 哪天): answered by a date, not by an event or an era
# (四国征伐后, 孔雀王朝时期), which a 什么时候 may be.
_ASKS_CALENDAR = re.compile(r"哪一?年|几几年|几月|哪个月|哪一?天|几日|几号|哪日")


# A question for a month (几月, 哪个月) or a day (几日, 哪一天, 几月几日) is answered at that grain: a
# month by a printed month (or a season or a festival, which fall in one), a day by a printed day.
# "每年几月举办" is not answered by "每年都办…，上次来了…", which dates nothing to a month.
_ASKS_MONTH = re.compile(r"几月(?!几[日号])|哪个月|哪一个月|几月份")
_ASKS_DAY = re.compile(r"几月几[日号]|哪一?天|(?<!月)几[日号](?![\u4e00-\u9fff])|哪日")
_MONTH_SAID = re.compile(
    r"[0-9０-９一二三四五六七八九十]\s*月(?!薪|工资|收入)|正月|腊月|[春夏秋冬]季|春节|元旦|国庆|中秋|端午|清明|重阳|五一|暑假|寒假"
)
_DAY_SAID = re.compile(r"[0-9０-９一二三四五六七八九十]\s*[日号]|除夕|元旦|国庆节|中秋节|端午节|重阳节|五一")


# A sentence's opening phrase before its first comma, this short or shorter, is an adverbial of time
# or place (今年上半年，…) said of every clause after it, the figure's own included.
OPENING_REACH = 8


def _opening(view: str) -> str:
    """The sentence's short opening phrase (see OPENING_REACH), or ""."""
    head = re.split(r"[，,；;。]", view)[0]
    return head if len(head) <= OPENING_REACH and head != view else ""


# The noun printed right after a sum of money (600元医疗补助, 5万元奖金) names what it is for; this
# many characters of it are read.
PURPOSE_REACH = 4


def _other_purpose(q: Question, view: str, end: int) -> bool:
    """Whether the noun after the sum (see PURPOSE_REACH) shares no two characters with the question:
    the sum is for another purpose than the one asked (a sum for one purpose asked for another)."""
    noun = noun_after(view, end)[:PURPOSE_REACH]
    return len(noun) >= 2 and not any(noun[i : i + 2] in q.text for i in range(len(noun) - 1))


def _closes_word(text: str, start: int, end: int) -> bool:
    """Whether the one-character gender member at text[start:end] ends a word of the lexicon
    (子女, 妇女, 孙女: GENDER_CLOSED_WORDS): a member names a gender group only when it opens the
    word it stands in (女职工, 男子), as a modifier comes before its noun in Chinese."""
    return any(
        text[start - len(w) + (end - start) : end] == w for w in GENDER_CLOSED_WORDS if len(w) > end - start
    )


def _whole_for_group(q: Question, window: str, article: str) -> bool:
    """Whether the question counts a group named by a member of a contrast set before the counted
    noun (女焊工, 高级工) that the article names, while the words that say what the figure counts
    name the noun without any member: "报名电工达180名，其中女电工14名" prints the whole before its
    part, and the whole is not the group asked."""
    if not q.counted:
        return False
    members = [x for g in CONTRAST_GROUPS for x in g]
    after = q.wh[1] if q.wh else 0  # the counted noun phrase follows its interrogative
    bare = [m.start() for m in re.finditer(re.escape(q.counted), q.text) if m.start() >= after]
    if any(not any(q.text[:at].endswith(x) for x in members) for at in bare):
        return False  # "电工或高级电工": the noun is asked bare too, not only of the group
    for group in CONTRAST_GROUPS:
        for x in group:
            for m in re.finditer(re.escape(x + q.counted), q.text):
                if len(x) == 1 and _closes_word(q.text, m.start(), m.start() + 1):
                    continue
                if x + q.counted in article and q.counted in window and not any(y in window for y in group):
                    return True
    return False


def _contrasted(question: str, window: str) -> str:
    """The member of a contrast group the question names ("" when none) when the words that say
    what a figure counts name another member but not the asked one. A one-character member counts
    with the noun after it (男职工 against 女职工)."""
    for group in CONTRAST_GROUPS:
        for x in group:
            for m in re.finditer(re.escape(x), question):
                noun = question[m.end() : m.end() + 2] if len(x) == 1 else ""
                if len(x) == 1 and not re.fullmatch(r"[\u4e00-\u9fff]{2}", noun):
                    continue
                if len(x) == 1 and _closes_word(question, m.start(), m.end()):
                    continue
                if x + noun in window:
                    continue
                if any(y + noun in window for y in group if y != x):
                    return x + noun
    return ""


# An age is printed in 岁 (周岁); a figure in 年 next to a person is how long they did something.
_ASKS_AGE = re.compile(r"年纪|年龄|岁数|几岁|多少岁|多大了")
_AGE_UNIT = re.compile(r"岁")
# The person whose age is asked, as the head noun after a relative clause or a possessor's 的
# ("某某照顾的那位卧床老人多大年纪" asks the 老人's, not 某某's).
_AGE_OF_HEAD = re.compile(
    r"的(?:那|这)?(?:位|名|个)?([\u4e00-\u9fff]{0,3}?(?:老人|老汉|老伯|大爷|大妈|奶奶|爷爷|孩子|儿子|女儿|父亲|母亲|"
    r"徒弟|师傅|学员|患者|病人|员|工|手|者|师))(?:今年|现在|目前|当时)?(?:多大|几岁|多少岁|的年龄|的年纪|年龄|年纪)"
)


def _age_of_other(q: Question, clause: str) -> bool:
    """Whether the question asks the age of a person it names by a noun after 的 (the one someone
    cares for, teaches, …) and the figure's clause never names that noun (nor a word for it): the
    age there is of the person the clause does name."""
    m = _AGE_OF_HEAD.search(q.text)
    if not m:
        return False
    head = m.group(1)
    noun = head[-2:] if len(head) >= 2 else head
    return not mentions_kin(clause, noun) and noun not in clause


# A question about one unit of a kind ("这家企业", "该公司") against a figure said of a whole region
# (全国, 全省 …, 各地): a total of many is not one unit's figure.
# A place asked by its city, county, district or town name (合肥市, 于都县, 长安镇) is a part of the
# larger divisions it lies in: a figure whose clause opens on one of those as its subject ("全省已建
# 成…5000个", "去年全市共有…") is the whole's, not the part's. Divisions rank 国 > 省 > 市 (州) > 区 /
# 县 > 镇 / 乡 / 街道; a whole of the asked place's own rank (全市 for 合肥市) is that place. Before a
# grade or an honour (全国和省级劳动模范, 全国五一劳动奖章) the word names a rank, and the clause does
# not open on it.
DIVISION_RANK = {"国": 5, "省": 4, "市": 3, "州": 3, "区": 2, "县": 2, "旗": 2, "镇": 1, "乡": 1, "街道": 1}
_PART_PLACE = re.compile(r"[\u4e00-\u9fff]{2,}(市|县|区|州|镇|乡|旗|街道)$")
_LARGER_WHOLE = re.compile(
    r"^(?:目前|现在|如今|当前|截至目前|去年|今年|前年)?[，,]?(?:全|各)(国|省|市|州|区|县|镇|乡)"
    r"(?![级和、]|劳|五一|优秀|先进|模范|总工会|民)"
)


def _larger_whole(q: Question, clause: str) -> bool:
    whole = _LARGER_WHOLE.search(clause)
    if not whole:
        return False
    named = (*q.places, *q.entities)  # a name ending in 镇 or 区 is a division the tagger may miss
    ranks = [DIVISION_RANK[m.group(1)] for p in named if (m := _PART_PLACE.search(p))]
    return bool(ranks) and DIVISION_RANK[whole.group(1)] > min(ranks)


_ONE_UNIT = re.compile(r"(?:这|那|该)(?:家|个|所|座)")
_WHOLE_REGION = re.compile(r"全国|全省|全市|全区|全县|各地|各省|各市")
# The class noun after 这家 / 该所 (热力集团 -> its head 集团): UNIT_HEAD characters end it.
_ONE_UNIT_NOUN = re.compile(r"(?:这|那|该)(?:家|个|所|座)([\u4e00-\u9fff]{2,6}?)(?:的|有|在|分布|共|，|？|$)")
UNIT_HEAD = 2


def _unit_is_subject(q: Question, before: str) -> bool:
    """Whether the sentence names the one unit the question means (the head of the noun after 这家: 集团)
    in the clause before the figure, after any 全市 there (集团3800余名职工…分布在全市612座换热站): then the
    region word says where the unit's things are, not whose total the figure is."""
    m = _ONE_UNIT_NOUN.search(q.text)
    if m is None:
        return False
    head = m.group(1)[-UNIT_HEAD:]
    clause = re.split(r"[。；;]", before)[-1]
    at = clause.rfind(head)
    region = max((x.start() for x in _WHOLE_REGION.finditer(clause)), default=-1)
    return at >= 0 and (region < 0 or at < region)


# A figure asked of one person (本人, 个人) against one said of a group (他们, 工友们, 共计): a
# group's total is not one member's figure.
# One person asked of: 本人, 个人, or the holder of one place in an order (第一名获得…, 冠军可获…).
_ONE_PERSON = re.compile(
    r"本人|个人(?!所得税)|(?:第[一二三四五六七八九十]名|冠军|亚军|季军)(?:获得|可获|能获|拿到|能拿|领到)"
)
# A group's or an event's total: 总额 (奖金总额), 共计 …
_GROUP_SAID = re.compile(r"他们|她们|大家|们共|共计|合计|一共|总共|总额|总计")


def _unnamed_group(question: str, article: str) -> bool:
    """Whether the question counts a group named by a one-character member of a contrast set and its
    noun (女快递员, 男职工) that the article never names: no figure of it is printed."""
    for group in CONTRAST_GROUPS:
        for x in (m for m in group if len(m) == 1):
            for m in re.finditer(re.escape(x), question):
                if _closes_word(question, m.start(), m.end()):
                    continue  # 子女: 女 ends the word (children), it counts no women
                noun = re.split(r"[和与及的、，,或]", question[m.end() : m.end() + 2])[0]  # 男子和女子
                if re.fullmatch(r"[\u4e00-\u9fff]{1,2}", noun) and x + noun not in article:
                    if len(noun) == 2 and in_dictionary(x + noun[0]) and x + noun[0] in article:
                        continue  # "多少名女工拿到证书": 女工 is a word, and the article names it
                    if x + "性" not in article:
                        return True
    return False


# An ordinal of a series (第三届, 第二任, 首批): the number and its measure word.
_ORDINAL_OF = re.compile(r"第([0-9一二三四五六七八九十百零两]+)([届任次期批轮])|首([届任次期批轮])")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}


def _ordinal_value(text: str) -> int | None:
    """12, 十二, 二十三 -> their value (None when not a plain numeral)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        o = _CN_DIGITS.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def ordinals(text: str) -> set[tuple[int, str]]:
    """The (number, measure) ordinals a text names: 第五届 -> (5, 届), 首任 -> (1, 任)."""
    out = set()
    for m in _ORDINAL_OF.finditer(text):
        if m.group(3):
            out.add((1, m.group(3)))
        elif (v := _ordinal_value(m.group(1))) is not None:
            out.add((v, m.group(2)))
    return out


# A place in a contest's order: 第二名 / 第2位, and the titles of the first three (冠军 …).
_RANK_OF = re.compile(r"第([0-9一二三四五六七八九十两]+)[名位]|([冠亚季])军")
_PODIUM = {"冠": 1, "亚": 2, "季": 3}


def ranks(text: str) -> set[int]:
    """The places in an order a text names: 第二名 -> 2, 冠军 -> 1."""
    out = set()
    for m in _RANK_OF.finditer(text):
        v = _PODIUM[m.group(2)] if m.group(2) else _ordinal_value(m.group(1))
        if v is not None:
            out.add(v)
    return out


# A title held from another edition (上届冠军, 卫冕冠军) names no place in this one.
_PAST_TITLE = re.compile(r"(?:上届|上一届|往届|历届|卫冕|前)(?:冠军|亚军|季军|第一名)")


def _clause_of_other_rank(question: str, view: str, start: int, end: int) -> bool:
    """Whether the span's clause names places in an order, none of them the asked one: in "某甲夺得
    第一名，上届冠军某乙获得第二名" the second clause's name came second."""
    asked = ranks(question)
    if not asked:
        return False
    lo = max(view.rfind(c, 0, start) for c in "，,；;。") + 1
    his = [i for i in (view.find(c, end) for c in "，,；;。") if i >= 0]
    said = ranks(_PAST_TITLE.sub("", view[lo : min(his, default=len(view))]))
    return bool(said) and not asked & said


def _other_rank(question: str, sentence: str) -> bool:
    """Whether the question asks of one place in an order (第二名) and the sentence names other places
    only: "经过角逐，…获得第一名" says who came first, not who came second."""
    asked, said = ranks(question), ranks(sentence)
    return bool(asked) and bool(said) and not asked & said


def _other_party(question: str, sentence: str) -> bool:
    """Whether the question names one side of a negotiation or a contract (企业方, lexicon.PARTY_SIDES)
    and the sentence names another side only."""
    asked = [i for i, side in enumerate(PARTY_SIDES) if any(w in question for w in side)]
    said = [i for i, side in enumerate(PARTY_SIDES) if any(w in sentence for w in side)]
    return len(asked) == 1 and bool(said) and asked[0] not in said


# A rank of an event or a category: "拔河比赛的冠军", "贴砖组第一名". The words for an event in
# general (比赛, 大赛 …) say nothing of which one.
_RANK_OF_WHAT = re.compile(
    r"([\u4e00-\u9fff“”]{2,16}?)的?(?:个人|团体)?(?:冠军|亚军|季军|第[一二三四五六七八九十两0-9]+名)"
)
_GENERIC_EVENT = frozenset("比赛 大赛 竞赛 赛事 活动 项目 组 届 决赛 本届 今年 去年".split())


# "获得该项目金奖": a demonstrative and a word for an event refer to the one the sentence before names.
_EVENT_REFERRED = re.compile(r"[该本此这](?:个|一)?(?:项目|赛项|组别|组|比赛|项)")


def _event_referred(s: Sentence) -> str:
    """The sentence before, when this one refers back to an event it names (_EVENT_REFERRED)."""
    return " " + s.before if s.before and _EVENT_REFERRED.search(s.view) else ""


def _rank_of_other(q: Question, said: str) -> bool:
    """Whether the question asks the rank of an event or category whose specific word nearest the
    rank the sentence and its title do not say ("拔河比赛的冠军" against the 团体总分第一名)."""
    m = _RANK_OF_WHAT.search(QUOTED.sub(lambda x: x.group(0)[1:-1], q.text))
    if not m:
        return False
    words = [
        t.word
        for t in pos_tokens(m.group(1))
        if len(t.word) >= 2 and t.word not in _GENERIC_EVENT and not re.search(r"\d", t.word)
    ]
    return bool(words) and not mentions(said, words[-1])  # the word nearest the rank says which


def _other_ordinal(question: str, article: str) -> bool:
    """Whether the question names the nth of a series (第六届, 第二任) and the article names other
    members of that series only: it reports another edition, or another holder."""
    asked = ordinals(question)
    if not asked:
        return False
    named = ordinals(article)
    return any(any(k == kind for _, k in named) and (n, kind) not in named for n, kind in asked)


# A division's name (青凤区, 白河县): two or more characters and the division's suffix.
_DIVISION_NAME = re.compile(r"[\u4e00-\u9fff]{2,}[省市县区镇乡]")

# A name followed by one of these is a place's (彭浦新村, 张江路), not a person's.
_PLACE_AFTER = re.compile(r"新村|社区|[村路街巷区镇乡县市省山湖河桥港站园湾]")


def _people(q: Question) -> list[str]:
    """Names of people the question states (a surname and a given name, as jieba tags them), not
    those inside a quoted title (“金秋助学”) nor those that begin a place's name (彭浦新村)."""
    text = QUOTED.sub(lambda m: "，" * len(m.group(0)), q.text)
    found = sorted(person_spans("", text, text, apposition=False))
    merged: list[tuple[int, int, float]] = []
    for a, b, sure in found:  # jieba may cut a name after its surname: 吴 + 美玲
        if (
            merged
            and merged[-1][1] == a
            and merged[-1][1] - merged[-1][0] == 1
            and text[merged[-1][0]] in SURNAMES
        ):
            merged[-1] = (
                merged[-1][0],
                b,
                max(sure, PERSON_SURE) if b - merged[-1][0] == PERSON_MIN else sure,
            )
        else:
            merged.append((a, b, sure))
    return [
        text[a:b]
        for a, b, sure in merged
        if sure >= PERSON_SURE
        and b - a >= PERSON_MIN
        and not _PLACE_AFTER.match(text, b)
        and not _PLACE_AFTER.match(text, b - 1)  # 田东县 is a county
    ]


# "郑某等12名工人", "郑某和工友们12人": a person named as one of a group the question counts.
_GROUP_AFTER = re.compile(r"(?:等|和(?:工友|同事|同伴|同乡|家人|伙伴)?们?)\s*([0-9]+)\s*(?:名|人|位)")


def _group_counted(question: str, name: str, view: str) -> bool:
    """Whether the question names the person as one of a counted group (郑某等12名工人) and the
    sentence counts that group (12名工人): a figure of the group is asked, not the person's own, and a
    report speaks of the group by its count without naming each member."""
    at = question.find(name)
    m = _GROUP_AFTER.match(question, at + len(name)) if at >= 0 else None
    return m is not None and re.search(rf"(?<![0-9.]){m.group(1)}\s*(?:名|人|位)", view) is not None


# A unit named after a person (姜某劳模创新工作室, 李某班组, 王某调解室): the name is the unit's.
_UNIT_AFTER_NAME = re.compile(r"(?:劳模|工匠|技能大师|职工|技师)?(?:创新)?工作室|班组|服务队|调解室|突击队")


def _named_unit(name: str, question: str, article: str) -> bool:
    """Whether the question names a unit called after the person (…姜某劳模创新工作室最近五年…) and the
    article prints that unit: the question asks of the unit, which a sentence may call 工作室 alone."""
    at = question.find(name)
    m = _UNIT_AFTER_NAME.match(question, at + len(name)) if at >= 0 else None
    return m is not None and name + m.group(0) in article


# A plan asked: a plan verb governing the action planned (计划新建, 预计投入, 力争到年底完成; not the
# programme named 技能提升计划), and a figure its clause says was already done (已建成, 累计).
_ASKS_PLAN = re.compile(
    r"(?:计划|预计|力争|打算)(?:在|于|到|今年|明年|年底前?|年内)?"
    r"(?:新建|建成|建设|新增|增加|投入|完成|发放|招聘|开设|开展|举办|达到|覆盖|惠及|培训|改造|吸纳|帮助|实现)"
)
_DONE_SAID = re.compile(r"已|累计|先后")


def _plan_answered_by_done(question: str, view: str, start: int, end: int) -> bool:
    """Whether the question asks what is planned and the figure's clause says only what was done:
    a clause that says 已 / 累计 and no plan word reports the past, which answers no plan."""
    if not _ASKS_PLAN.search(question):
        return False
    clause = clause_of(view, start, end)
    return _DONE_SAID.search(clause) is not None and PLAN.search(clause) is None


def _place_in(name: str, article: str) -> bool:
    """Whether the article prints the name as a place's (曹妃甸区, 彭浦新村): a name read as a person's
    from the question alone may be a place the article names with its suffix."""
    return any(_PLACE_AFTER.match(article, m.end()) for m in re.finditer(re.escape(name), article))


# A sentence whose subject is a pronoun (after a time phrase at most: "30年来，他…").
_PRONOUN_OPEN = re.compile(r"^(?:[^，。；“]{0,8}，)?[^，。；“]{0,4}?(?:他|她|其)")
# A singular personal pronoun anywhere in a sentence (替她办理, 给他送去; not 他们, 其他, 她们): it
# refers to the person the text named just before, within PRONOUN_REACH characters (about the two
# sentences before it: a report names a person, then goes on with 他 / 她).
_PERSON_PRONOUN = re.compile(r"(?<!其)[他她](?![们人])")
PRONOUN_REACH = 120
# How far around a quotation its speaker is named (characters).
QUOTE_REACH = 150


def _speaks_of(s: Sentence, name: str) -> bool:
    """Whether a sentence speaks of the person: it names them (or its title does); it opens with a
    pronoun and the text before it names them (a pronoun refers back); it says 他 / 她 elsewhere and
    the text just before it names them; or it opens with a quotation and the speaker is named near it
    (“…”王某说, or the paragraph before); or the article's byline names them (a signed commentary
    or report is its author's throughout: "田某的评论称…")."""
    if _named(name, s.clean + " " + s.passage.title) or (s.passage.byline and _named(name, s.passage.byline)):
        return True
    text = clean_spaces(s.passage.text)
    at = text.find(s.clean)
    if at < 0:
        return True  # the sentence cannot be placed in its passage: nothing to check it against
    if _PRONOUN_OPEN.search(s.clean):
        return _named(name, text[:at])
    if _PERSON_PRONOUN.search(s.clean):  # "工作人员来访后，当天就替她办好了手续": 她 was just named
        return _named(name, text[max(0, at - PRONOUN_REACH) : at])
    if s.clean[:1] in '“「‘"':
        return _named(name, text[max(0, at - QUOTE_REACH) : at + len(s.clean) + QUOTE_REACH])
    return False


# How sure a name must be (summarizer.qa.spans.person_spans) to bind the answer to that person, and
# how long: a two-character "name" is as often a place or a word that opens with a surname (唐山).
PERSON_SURE = 0.9
PERSON_MIN = 3
# A number in Arabic digits, not part of a date, a time or a year.
_PLAIN_NUMBER = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)(?![0-9.]|\s*[年月日号时点:：])")


def _sizes(question: str) -> set[str]:
    """The plain numbers of the quantities a question states with a unit (70平米, 9.9元): a bare
    number is a name as often as a size (12351热线)."""
    found = {
        unicodedata.normalize("NFKC", x.raw).rstrip("万亿")  # 2.8万名: the number printed is 2.8
        for x in quantities_of(view_of(question))
        if x.unit and x.kind == "quantity" and not x.is_date
    }
    return {n for n in _numbers(question) if n in found}


def _other_whole(q: Question, s: Sentence, span: Span) -> bool:
    """Whether the question states the size of a whole it asks a part of (500名学员中有多少名) and
    the figure's sentence states another whole in that unit (学员2万人，其中…): the part is
    said next to its whole, so a title that prints the asked size does not make the sentence's part
    the asked whole's."""
    sizes = _sizes(q.text)
    if not sizes or not re.search(r"中(?:有|的)?(?:多少|几)", q.text):
        return False
    if any(n in _numbers(s.view) for n in sizes):
        return False
    units = {x.base_unit for x in quantities_of(view_of(q.text)) if x.unit and not x.is_date}
    wholes = [x for x in quantities_of(s.view) if x.start < span.start and x.unit and not x.is_date]
    return any(
        x.base_unit in units or FAMILIES.get(x.base_unit) in {FAMILIES.get(u) for u in units} for x in wholes
    )


def _numbers(text: str) -> set[str]:
    """The plain numbers a text prints (70 of 70平米, 9.9 of 9.9元; not 2024年, 8月, 8时)."""
    return set(_PLAIN_NUMBER.findall(unicodedata.normalize("NFKC", text)))


# Words that name a year relative to the article's date, and how far from it.
RELATIVE_YEARS = (("前年", -2), ("去年", -1), ("上一年", -1), ("今年", 0), ("本年", 0), ("明年", 1))
# A span of years printed as 2018年至2020年 / 2018—2020年: the years between count as named.
_YEAR_RANGE = re.compile(r"((?:1[0-9]|20)\d{2})\s*年?\s*(?:至|到|—|－|-|~|～)\s*((?:1[0-9]|20)\d{2})\s*年")
# The widest span of years read as a range (a longer one is two separate years).
MAX_YEAR_RANGE = 30
# A span of years open at its end: 自2016年起 / 从2016年开始 / 2016年以来 runs from that year to the
# time the sentence is written in (its article's year).
# "自2023年7月宁夏启动…工作以来" brackets one clause between 自 and 以来: the span opens at the year
# and runs to the time of writing, however long the clause (up to OPEN_RANGE_REACH characters).
OPEN_RANGE_REACH = 40
_OPEN_RANGE = re.compile(
    r"(?:(?:自|从)\s*((?:1[0-9]|20)\d{2})\s*年(?:[^，,；;。]{0,2}?)(?:起|开始|以来)|((?:1[0-9]|20)\d{2})\s*年以来"
    rf"|自\s*((?:1[0-9]|20)\d{{2}})\s*年[^，,；;。]{{0,{OPEN_RANGE_REACH}}}?以来)"
)


def _open_range_years(text: str, dated: int | None) -> set[int]:
    """The years of every span the text opens at a year and leaves open (see _OPEN_RANGE), up to its
    article's year."""
    out: set[int] = set()
    if dated is None:
        return out
    for m in _OPEN_RANGE.finditer(text):
        start = int(m.group(1) or m.group(2) or m.group(3))
        if 0 < dated - start <= MAX_YEAR_RANGE:
            out.update(range(start, dated + 1))
    return out


def years_spoken(text: str, dated: int | None) -> set[int]:
    """The years a text speaks of: those it prints, those between the two ends of a printed range,
    and those its relative words name counted from its publication year."""
    years = years_in(text)
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 0 < b - a <= MAX_YEAR_RANGE:
            years.update(range(a, b + 1))
    if dated is not None:
        years.update(dated + shift for word, shift in RELATIVE_YEARS if word in text)
        years.add(dated)
    return years


def _opened_on_other_year(q: Question, view: str, start: int) -> bool:
    """Whether the sentence opens on a year (its short opening phrase, said of every clause after it)
    that the question does not ask, and the figure stands after it: the figure is that year's, though
    a later clause names the asked year as a comparison."""
    head = _opening(view)
    if not head or start < len(head):
        return False
    printed = years_spoken(head, None)
    return bool(printed) and not printed & q.years


def _other_years(q: Question, s: Sentence) -> bool:
    """Whether the candidate speaks of other years than the question's: its article (text, title and
    publication year) names none of them, or its sentence prints years and none of them is asked."""
    p = s.passage
    dated = date_year(p.date)
    article = years_spoken(f"{p.title}\n{p.text}", dated)
    if article and not article & q.years:
        return True
    if q.atype in ("person", "organisation") and dated in q.years:
        return False  # "2024年…的副主席是谁": a person's sentence may cite last year's figures; the
        # report of the asked year names who spoke
    own = sentence_years(s, dated)
    return bool(own) and not own & q.years


# A report published in the first this many months of a year often speaks of the year just ended.
EARLY_MONTHS = 2
_DATE_MONTH = re.compile(r"^\s*\d{4}\s*[-/年.]\s*(\d{1,2})")


# Words that make the year after them the base a figure is compared with (较去年同期下降31%: the
# figure is this year's), not the year it is about.
_COMPARED_WITH = ("较", "比", "同比", "于", "与")


def _spoken_of(text: str, word: str) -> bool:
    """The relative year word occurs other than as a comparison's base (较去年, 比去年)."""
    at = text.find(word)
    while at >= 0:
        if not text[:at].endswith(_COMPARED_WITH):
            return True
        at = text.find(word, at + 1)
    return False


# A year after these is a target ("力争到2025年底", "计划到2027年"): one later than the publication
# year is a plan made when the sentence was written, so the sentence speaks of that time too.
_TARGET_BEFORE = re.compile(r"(?:到|至|于|在)\s*(?:1[0-9]|20)\d{2}\s*年")
# A sentence opening on these says more of what the sentence before it told ("其中，…", "此外，…"):
# printing no year of its own, it speaks of that sentence's years.
_TIME_CARRIED = re.compile(r"^(?:其中|此外|另外|这些|这|此|该|其|同时)")


def sentence_years(s: Sentence, dated: int | None) -> set[int]:
    """The years one sentence speaks of: those it prints (ranges included); else those its relative
    words (今年, 去年 …) name from the publication year, with that year; else, said of nothing, the publication year
    (and the year before it for a report of the year's first months): a news sentence speaks of
    the time it was written in unless it says otherwise."""
    printed = years_spoken(s.clean, None)
    if printed and dated is not None and min(printed) > dated and _TARGET_BEFORE.search(s.clean):
        return printed | {dated}  # "力争到2025年底…": a target set at the time of writing
    if dated is None:
        return printed | _open_range_years(s.clean, dated)
    if printed:  # "截至今年3月底…由2023年初的不到三成提高到78.5%": 今年 is spoken of beside the printed year
        spoken = {dated + shift for word, shift in RELATIVE_YEARS if _spoken_of(s.clean, word)}
        return printed | _open_range_years(s.clean, dated) | spoken
    if s.before and _TIME_CARRIED.match(s.clean):
        carried = years_spoken(s.before, None) | _open_range_years(s.before, dated)
        if carried:
            return carried  # "其中，…612人": a part of what the sentence before counted, in its year
    relative = {dated + shift for word, shift in RELATIVE_YEARS if _spoken_of(s.clean, word)}
    if relative:
        return relative | {dated}  # "由去年的1万元提高到1.5万元" speaks of this year too
    month = _DATE_MONTH.match(s.passage.date or "")
    early = month is not None and int(month.group(1)) <= EARLY_MONTHS
    annual = _annual_years(s.passage.title + "\n" + s.passage.text, dated)
    return ({dated, dated - 1} if early else {dated}) | annual


# "公开2023年度工会经费收支情况": a year's accounts or report (YYYY年度), published after that year.
_ANNUAL = re.compile(r"((?:1[0-9]|20)\d{2})\s*年度")


def _annual_years(article: str, dated: int) -> set[int]:
    """The years whose accounts or report (YYYY年度) an article published after them presents: its
    sentences that print no year speak of that year (行政支出同比下降8.5% in the 2023年度 accounts)."""
    return {y for y in map(int, _ANNUAL.findall(article)) if 0 < dated - y <= 1}


# Before 一 + a unit of time or a batch, these make it a reference to one in a sequence (上一年 is
# the year before, 下一期 the next one), not the scope "one year" / "per year".
_SEQUENCE_BEFORE = "上下前后同头"


def _scope_said(text: str, word: str) -> bool:
    """The text states the scope word (a rate written 500元/人 states 每人 as much as 每人 does); an
    一年 / 一期 after 上 / 下 / 前 … names a neighbour in a sequence, not the scope."""
    at = text.find(word)
    while at >= 0:
        if not (word.startswith("一") and at > 0 and text[at - 1] in _SEQUENCE_BEFORE):
            return True
        at = text.find(word, at + 1)
    return False


# A span of time before 来 says 以来 in a sentence (开放半年多来, 三年来, 几个月来, 近年来): the time
# since then, up to now.
# "检查开展以来…新建了多少" asks what was done since then, up to now: a sentence saying what 目前 (now)
# has 已 (already) been done says that total.
_ASKED_SINCE = re.compile(r"以来")
_UP_TO_NOW = re.compile(r"(?:目前|截至目前|到目前为止|至今|如今)[^。；]{0,12}?已")
_SINCE_SPAN = re.compile(r"(?:[0-9一二两三四五六七八九十几半多近]+个?(?:年|月|周|天)|年)多?来")


# A question asking a total (一共, 总共, 合计, 总额, 共花了) that states no unit it is counted per (每,
# 人均, 平均) is not answered by a rate per unit or a cap per case: a figure with 每 / 月租 / 标准 /
# 最高 / 不超过 just before it in its clause (PER_REACH characters) or printed per something (500元/人).
_ASKS_TOTAL = re.compile(
    r"一共|总共|共计|合计|总计|总额|总数|共有|共(?=[\u4e00-\u9fff]{0,2}(?:花|投入|拨付|发放|支出|筹集))"
)
_PER_UNIT_ASKED = re.compile(r"每|人均|平均|均")
_PER_UNIT_BEFORE = re.compile(r"每[\u4e00-\u9fff]{0,3}$|月租|日租|标准为?$|单价|最高|最多|不超过|上限")
PER_REACH = 8


def _per_unit_for_total(q: Question, view: str, span: Span) -> bool:
    if not _ASKS_TOTAL.search(q.text) or _PER_UNIT_ASKED.search(q.text):
        return False
    if "/" in span.text or re.match(r"\s*/", view[span.end :]) or re.match(r"不超过|最高|最多", span.text):
        return True  # its own qualifier may say the cap: "不超过2万元"
    before = re.split(r"[，,；;。：:]", view[max(0, span.start - PER_REACH) : span.start])[-1]
    return _PER_UNIT_BEFORE.search(before) is not None


# A name holds no sentence mark (a quote ending in 。 or ！ is someone's words) and does not open on a
# count (24支代表队 counts teams, it names none).
_SPEECH_MARKS = re.compile(r"[。！？!?]")
# (一 alone before a measure word is the indefinite article: 一位在某地工作的…, 一家企业)
_COUNT_OPENING = re.compile(
    r"^(?!一[\u4e00-\u9fff]?(?:支|家|个|名|位|所|座|只|批))"
    r"[0-9一二三四五六七八九十百千万两几]+[\u4e00-\u9fff]?(?:支|家|个|名|位|所|座|只|批)"
)


# A verb of origin or location opening a span (来自, 位于): the name is what follows it.
_SOURCE_VERB = re.compile(r"^(?:来自|出自|位于|地处)")


def _names_nothing(text: str) -> bool:
    return bool(_SPEECH_MARKS.search(text) or _COUNT_OPENING.match(text))


# A standing total is asked by 目前 / 现在 (lexicon.PRESENT_WORDS) with a word for the whole (总数,
# 共有, 一共 …); a figure of what was added (新增, 新发展, 新入会; joining, in the clause) or of one day's event (当天, 现场) is
# a part of it, not the total, unless the question asks of that too.
_ASKS_WHOLE = re.compile(r"总数|总量|共有|一共|总共|累计")
_NEW_OR_ONE_DAY = re.compile(r"新(?:增|发展|建|加入|入会|招|开)|当天|当日|现场|本次")
# In the figure's clause, joining (加入, 入会) is an addition too: "2300名快递员加入工会组织" at one
# ceremony; in the question it is the membership a standing total counts ("共有多少名…加入工会").
_ADDED_IN_CLAUSE = re.compile(_NEW_OR_ONE_DAY.pattern + r"|加入|入会")


def _standing_asked_of_new(q: Question, clause: str) -> bool:
    """Whether the question asks a standing total now and the figure's own clause counts what was
    added or one day's event (see _NEW_OR_ONE_DAY)."""
    if not (asks_present(q) and _ASKS_WHOLE.search(q.text)):
        return False
    return _NEW_OR_ONE_DAY.search(q.text) is None and _ADDED_IN_CLAUSE.search(clause) is not None


def _figure_problems(q: Question, s: Sentence) -> list[str]:
    """A figure's sentence states the scope the question asks for and names what it counts."""
    out = []
    for group in SCOPE_GROUPS:
        # A rate's scope (每人, 平均) is the figure's own; which batch (首批) may be said by the
        # sentence before, when the figure's sentence refers back to it ("此次认定…共有326名").
        said = (
            s.view + " " + s.before
            if group in BATCH_SCOPES and s.before and _OPENS_ON_EVENT_BEFORE.match(s.view)
            else s.view
        )
        if any(_scope_said(q.text, w) for w in group) and not (
            any(_scope_said(said, w) for w in group)
            or "以来" in group
            and (_SINCE_SPAN.search(s.view) or _ASKED_SINCE.search(q.text) and _UP_TO_NOW.search(s.view))
        ):
            out.append("scope")  # "平均月收入" is not answered by one person's "每月收入"
            break
    counted_in = s.view + " " + view_of(s.passage.title)  # a title names what its lead figure counts
    if (
        q.counted
        and not mentions_kin(counted_in, q.counted)
        and not states_attribute(s.view, q.counted)
        and not dimension_said(s.view, q.counted)
        and not verb_read_as_head(q, counted_in)
        and not funds_said(q, s.view)
    ):
        out.append("counted")  # "多少名患者" is not answered by a sentence counting 监督员 only
    elif (
        len(q.modifiers) == 1
        and not mentions_kin(s.view, q.modifiers[0])
        and q.modifiers[0] + q.counted not in view_of(s.passage.title)  # the title's 汽修学徒
        and not refers_back_to(s.view, q.counted)
        # a quoted name before the noun ("一帮一"对子) names a thing the article introduces once
        and not (f"“{q.modifiers[0]}”" in q.text and q.modifiers[0] in view_of(s.passage.text))
    ):
        # A two-word phrase after the measure word ("多少所学校参展") is often a noun and a verb jieba
        # reads as one noun phrase: then its first word is what is counted.
        out.append("counted")
    return out


# An enumeration of bare names (环卫、快递、建筑等 / 天津、江苏等地): items of 1..ITEM_MAX characters with
# no number next to them, joined by 、; the last ends at 等 / 和 / 及 or a punctuation mark.
ITEM_MAX = 6
# The first item is read as its last this many characters (a bare name; the words before run into it).
FIRST_ITEM_TAIL = 2
_ENUMERATION = re.compile(
    rf"(?<![0-9.])(?:[\u4e00-\u9fff]{{1,{ITEM_MAX}}}、)+[\u4e00-\u9fff]{{1,{ITEM_MAX}}}?"
    r"(?=等|和|及|[，。；：、,;:）)”’\s]|$)"
)


def _asked_as_member(q: Question, s: Sentence) -> bool:
    """Whether a name the question states (a place, a proper noun, what it counts) stands in the
    sentence only as one item of an enumeration of bare names, beside items the question does not
    name: a figure said of a list of groups or places is their total, so it says nothing of the one
    the question asks about. (The first item is read as its last characters: the words before an
    enumeration run into it.)"""
    members: list[tuple[int, int, list[str]]] = []
    for m in _ENUMERATION.finditer(s.view):
        items = m.group(0).split("、")
        members.append((m.start(), m.end(), items))
    if not members:
        return False
    words = {w for w in (*q.places, *q.entities, *q.modifiers, q.counted) if len(w) >= 2}
    # an item the question prints as it stands in the list (网约配送员), however jieba cut the question
    words |= {item for _, _, items in members for item in items[1:] if len(item) >= 2 and item in q.text}
    for w in words:
        where = [m.start() for m in re.finditer(re.escape(w), s.view)]
        if not where:
            continue
        listed = []
        for i in where:
            hit = next((x for x in members if x[0] <= i and i + len(w) <= x[1]), None)
            if hit is None or not _is_item(w, i - hit[0], hit[2]):
                break
            if w == q.counted and _shared_head(s.view, w, i, hit):
                break
            listed.append(hit[2])
        else:
            if any(
                not _named_in(item if n else item[-FIRST_ITEM_TAIL:], q.text)
                for items in listed
                for n, item in enumerate(items)
            ):
                return True
    return False


# An enumeration of counted things (防寒服3200套、棉鞋2500双): a name and its figure, joined by 、.
_COUNTED_ITEM = re.compile(r"([\u4e00-\u9fff]{2,6}?)[0-9０-９.]+[万亿]?[\u4e00-\u9fff]?(?=、|和|及|，|,)")
# Words that print a figure as the sum of what was listed before it (总价值, 共计, 合计).
_TOTAL = re.compile(r"总|共计|合计|共")


def _total_of_counted_list(q: Question, s: Sentence, span: Span) -> bool:
    """Whether the figure is printed as a total (总价值近260万元) after an enumeration of counted things
    (防寒服3200套、棉鞋2500双、电暖器600台) of which the question names one but not the others: the
    total is the whole list's, not the one item's (the item's own figure is printed beside it)."""
    before = s.view[: span.start]
    items = [m.group(1) for m in _COUNTED_ITEM.finditer(before)]
    if len(items) < 2 or not _TOTAL.search(_own_clause(s.view, span.start, span.end)):
        return False
    named = [x for x in items if x in q.text or x[-2:] in q.text]
    own = _own_clause(s.view, span.start, span.end)
    if any(x in own or x[-2:] in own for x in named):
        return False  # "职工母婴室总数达到1036间": the total's own clause says it is the named item's
    return bool(named) and len(named) < len(items)


def _shared_head(view: str, word: str, at: int, hit: tuple[int, int, list[str]]) -> bool:
    """Whether the counted noun ends the enumeration's last item as a head of its own (…、石料加工厂
    for 厂) and a figure quantifies the enumeration from before it in its clause ("18家砖瓦、石料加工厂"):
    coordinated modifiers share the head printed after the last one, so the figure counts all the
    items' kind, which is what the question asks."""
    start, end, items = hit
    if at + len(word) != end or items[-1] == word:
        return False
    lead = re.split(r"[，,；;。：:]", view[:start])[-1]
    return any(not x.is_date for x in quantities_of(lead))


def _is_item(word: str, offset: int, items: list[str]) -> bool:
    """Whether word at offset (within the enumeration) ends an item (the item itself, or its head
    noun: Chinese noun phrases end with their head)."""
    at = 0
    for n, item in enumerate(items):
        if n > 0 and at <= offset and offset + len(word) == at + len(item):
            return True  # the item, or its head (公交司机 for 司机)
        if n == 0 and offset + len(word) == len(item):
            return True
        at += len(item) + 1
    return False


def _named_in(item: str, text: str) -> bool:
    """Whether the question names an item (a two-character piece of it, or the item itself)."""
    return item in text or any(item[i : i + 2] in text for i in range(len(item) - 1))


def _counted_before_wh(q: Question) -> bool:
    """Whether the counted noun stands before the interrogative ("队伍有多少人"): the measure word after
    the interrogative then says what is counted of it (its people), not the noun."""
    at = q.text.find(q.counted)
    return q.wh is not None and 0 <= at < q.wh[0]


def _unnamed_count(q: Question, span: Span) -> bool:
    """A count in another measure word than the asked one ("多少家医院" against "床位800张") whose own
    words do not name the counted noun either: nothing says it counts what is asked."""
    if not (q.counted and q.unit) or q.family == "percent":
        return False  # a rate (六成, 40%) is a share of what is counted, printed in its own unit
    s = span.sentence
    me = next((x for x in quantities_of(s.view) if x.start == span.start), None)
    if me is None or me.base_unit == q.unit:
        return False
    if len(me.base_unit) == 1 and q.counted.startswith(me.base_unit):
        return False  # "多少个项目" is answered by "十三项": 项 is the measure word its noun opens with
    if FAMILIES.get(me.base_unit) == q.family == "person" and _counted_before_wh(q):
        return False  # "志愿者队伍有多少人" counts the team's people, which 87名 counts as well
    if change_side(s.view, span.start) > 0 and _change_counts(s.view, span.start, span.end, q.counted):
        return False  # "团员从最初的40名扩大到如今的520名": a change's end counts what its start does
    return not mentions(figure_window(s, span.start, span.end), q.counted)


def _change_counts(view: str, start: int, end: int, counted: str) -> bool:
    """Whether the change a figure ends names the counted noun: its own clause and the one before
    (where "最初只有9名会员，如今已扩大到240人" prints the start) say it, and print the start figure."""
    clauses = re.split(r"[，,；;。]", view[:start])
    window = (clauses[-2] if len(clauses) > 1 else "") + "，" + clauses[-1]
    starts = [x for x in quantities_of(window) if not x.is_date]
    return mentions(window + view[start:end], counted) and bool(starts)


def _names_countries(view: str) -> bool:
    """Whether a sentence names a country or a world region: a name ending in 国 (not 全国, 国内), or
    one lexicon.COUNTRIES knows."""
    return _COUNTRY_NAME.search(view) is not None or any(name in view for name in COUNTRIES)


# A country's name ending in 国 (泰国, 美国): not 全国, 我国, 回国 (they name none), nor 国家, 国内 ….
_COUNTRY_NAME = re.compile(r"[\u4e00-\u9fff](?<![全本我祖回出归外各])国(?![内家际企有营])")


def _names_a_country(q: Question, s: Sentence) -> bool:
    """Whether the sentence names a place that could be a country: not one named as a province,
    city or county (河北省, 保定市 are in a country; "销往哪些国家" wants the countries)."""
    for a, b, sure in place_spans(q.text, s.clean, s.view):
        if sure >= 0.5 and not _SUBDIVISION.search(s.clean[a:b]):
            return True
    return False


def _starts(text: str, word: str) -> list[int]:
    """Offsets where the occurrences of word in text start."""
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _names_kind(s: Sentence, suffix: str) -> bool:
    """Whether the sentence's article names a place of the asked kind (…省 for 哪个省) anywhere:
    a report names its place once, early, and says 全省 after that."""
    text = view_of(s.passage.title + " " + s.passage.text)
    return re.search(rf"[\u4e00-\u9fff]{{2,}}{suffix}", text) is not None
