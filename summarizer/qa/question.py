"""Question analysis: what kind of answer a question asks for, and what the answer must agree with.

One reading of a question serves retrieval and answering alike: re-ranking (summarizer.qa.rerank)
demotes passages that contradict the years or names the question states, and span selection
(summarizer.qa.answering) looks for a span of the expected type next to the words that surround the
question word. Rules are about how Chinese questions are built: an interrogative word (谁, 哪里,
多少, 什么时候 …) stands where the answer would stand in a declarative sentence, and the words
around it are usually the words around the answer in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer.lexicon import (
    DIRECTIONAL_COMPLEMENTS,
    LIGHT_VERBS,
    MODAL_VERBS,
    PRESENT_WORDS,
    RANKING_WORDS,
    RATE_NOUNS,
    RELATION_NOUNS,
    STOPWORDS,
    TRAIL_QUALIFIERS,
    UNIT_WORDS,
    VERB_OBJECT_WORDS,
)
from summarizer.qa.spans import HOW_LONG_TIME, NAME_Q, SURNAMES, WHICH_PLACE, expected_unit
from summarizer.tokens import PosToken, glued_by_hmm, jieba_words, normalise, pos_tokens, query_tokens

ANSWER_TYPES = (
    "count",  # 多少名 / 几个: a number of things
    "amount",  # 多少钱 / 资金: money
    "percentage",  # 比例 / 增长率 / 百分之几
    "quantity",  # 多高 / 多重 / 面积: a measure
    "duration",  # 多长时间 / 多久 / 几年
    "date",  # 什么时候 / 哪一年 / 何时
    "person",  # 谁 / 哪位 / 叫什么名字 (of a person)
    "place",  # 哪里 / 哪个县 / 哪个国家
    "organisation",  # 哪家公司 / 哪个单位
    "name",  # 叫什么 / 原名 / 简称: the name of a thing
    "list",  # 哪些 / 哪几 / 包括什么
    "yesno",  # 是否 / 吗
    "definition",  # 什么是 / 指什么
    "reason",  # 为什么 / 为何
    "manner",  # 怎么 / 如何 / 什么样
    "description",  # 有什么特点 / 作用 / 用途: an explanation
    "ordinal",  # 第几 / 几号楼: a rank, a position, a numbered thing
    "other",  # 什么 / 哪 of anything else
)
FIGURE_TYPES = frozenset({"count", "amount", "percentage", "quantity", "duration"})
ENTITY_TYPES = frozenset({"person", "place", "organisation", "name", "date"})
DESCRIPTIVE_TYPES = frozenset({"definition", "reason", "manner", "description"})

# The interrogative that stands in the answer's place, strongest first (longer forms before their parts).
# 几 after a demonstrative (那几家企业, 这几位) means "those few" and asks nothing.
_WH = re.compile(
    r"(?<![称作成分改定选视认名之])为什么|为何|怎么样|怎么|怎样|如何|什么样(?:的)?|什么时候|什么时间|什么地方|"
    r"哪一年|哪年|哪一天|哪天|哪个月|哪些|哪几|哪一?[个位家所支座条部种国里儿类项届次款]?|"
    r"多少|百分之几|(?<![那这])几(?=[^乎十百千万亿]|$)|多长|多久|多大|多高|多重|多远|多深|多宽|多厚|多快|多少钱|"
    r"何时|何地|(?<!如)何处|何人|何种|何年|(?<![任如几])何(?![况必])|谁|什么|是否|是不是|有没有|能否|可否|吗(?=[？?!！。]*$)"
)
_YESNO = re.compile(r"是否|是不是|有没有|能否|可否|会不会|能不能|可不可以|要不要|对不对|吗[？?!！。\s]*$")
_REASON = re.compile(r"(?<![称作成分改定选视认名之])为什么|为何|何故|原因是什么|什么原因|怎么会")
_DATE = re.compile(
    r"什么时候|什么时间|何时|何年|哪一?年(?!级)|哪一?天|哪个月|几月|几号(?![\u4e00-\u9fff])|几日(?!内)|哪个?朝代|什么年代|"
    r"(?:日期|时间|年份)(?:是|为)(?:什么|哪)|(?:于|在)哪一?年|几点(?:钟)?(?!建议|意见|要求|看法|原因|措施|做法|内容|理由|体会|收获|希望|想法|经验|好处|不足|问题)"
)
_DURATION = re.compile(
    rf"多长时间|{HOW_LONG_TIME}|多少时间|多久|几年(?!级)|几天|几个月|几个?小时|几个?钟头|几个?星期|几周|几分钟|多少年(?!前)|多少天|多少个月|多少小时|多少分钟|历时多|持续多"
)
_MEASURE = re.compile(
    r"多高|多重|多远|多深|多宽|多厚|多快|多长(?!时间)|多大|(?:面积|高度|长度|重量|距离|体重|身高|海拔|直径|速度|深度|温度|容量|排量|产量|里程|全长|全程)"
    r"[^？?，,]{0,4}(?:多少|几)"
)
_PERSON = re.compile(r"谁|哪位|哪一位|什么人|何人|姓名")
_PERSON_NOUNS = (
    r"(?:员|人|者|工|师|长|手|生|家|士|官|星|模|匠|兵|户|民|姐|哥|娘|爷|叔|姨"
    r"|书记|主任|主席|经理|代表|指导|教练|委员|董事|总统|皇帝|皇后|国王|作者|导演|演员|歌手|司机|保姆|月嫂|学徒|徒弟)"
)
_LIST = re.compile(
    r"哪些|哪几(?![年天])|包括(?:什么|哪)|有什么(?:人|国家|地方|城市|项目|活动|内容)(?:[？?]|$)"
)
_PLACE = re.compile(
    r"哪里|哪儿|在哪|何地|(?<!如)何处|什么地方|什么地区|什么位置|哪个?(?:国家|城市|地区|地方|省份?|市|县|区|镇|乡|街道|村|社区|国|州|岛)|哪国|来自哪"
)
# "在哪里的电子厂打工" asks where (哪里 / 哪儿 ask for a place whatever noun follows 的), not which
# organisation: 哪 + 里 / 儿 is the place interrogative.
# 哪 + the organisation's class word, a few characters of its noun phrase between (哪家民营企业); a
# preposition or a conjunction (把, 在, 和) ends a noun phrase, so "哪个区把企业书屋…" asks no 企业.
_ORG = re.compile(
    r"哪(?![里儿])[个家所支]?[^\s把将被对在给向与和从，,。？?]{0,4}?(?:公司|单位|部门|机构|组织|协会|学校|高校|院校|大学|学院|医院|企业|银行|团体|球队|俱乐部|媒体|杂志|报纸?|电视台|出版社|政党|党派|工厂|厂|队|事务所|律所|"
    # businesses named like firms: hotels, restaurants, shops, agencies and platforms
    r"酒店|饭店|宾馆|旅馆|民宿|餐馆|餐厅|饭馆|酒楼|超市|商场|商店|门店|药店|旅行社|合作社)|"
    # 家 is the measure word of firms: "哪家外卖平台" asks the firm that runs it ("哪个平台" may ask
    # for a system or an app by its own name)
    r"哪家[^\s把将被对在给向与和从，,。？?]{0,4}?平台|"
    r"什么(?:公司|单位|机构|组织|部门|企业|学校|大学|球队|俱乐部|杂志|报纸|电视台|出版社)|"
    # The class word before the interrogative ("总承包企业是哪家"), and 哪家 alone at the end: 家 is
    # the measure word of firms and institutions, so a bare 哪家 asks for one.
    r"(?:公司|单位|部门|机构|组织|协会|企业|银行|医院|学校|大学|事务所|律所)(?:是|为)哪[个家所]|哪家[？?]*$"
)
# "占总成绩的多少": 占 a whole 的 多少 asks a share of it (占地 / 占用 measure land or use, no share).
_SHARE_OF_WHOLE = re.compile(r"占(?![地用据])[^，,。？?]{0,10}?的?多少(?:比例|比重)?[？?]*$")
_DEFINITION = re.compile(
    r"^什么是|^何谓|是什么意思|(?:指|是指)的?是?什么|的定义|的含义|意思是什么|是什么(?:东西|概念)?[？?]*$"
)
_NAME = re.compile(
    r"叫什么|叫做什么|名称|名字|原名|前称|旧称|简称|别名|别称|全称|昵称|绰号|外号|称为什么|称作什么|被称为|称号|"
    r"什么(?:称号|奖项?|荣誉|品牌|名号|头衔)"
)
# A question for a work (哪部法规, 哪本书, 哪部电影, 哪首歌): Chinese print sets a work's title in
# 书名号 (《…》), so the answer is a title so marked. 哪部门 / 哪部分 / 哪部位 ask no work.
ASKS_WORK = re.compile(
    r"哪一?(?:本|首|篇|套|部(?![门分位]))[\u4e00-\u9fff]{0,3}?(?:书|著作|专著|小说|法规|条例|法律|法典|电影|影片|"
    r"剧|话剧|戏|歌|歌曲|曲子|诗|诗集|作品|文章|教材|期刊|刊物|杂志|纪录片|动画)|什么(?:书|电影|歌曲?|小说|电视剧)"
)
_MANNER = re.compile(r"怎么|怎样|如何|什么样|什么方式|什么方法|什么办法|通过什么|以什么|用什么方式")
_DESCRIPTION = re.compile(
    r"(?:什么|哪些|啥)(?:样的)?(?:特点|特色|特征|作用|用途|功能|功效|区别|不同|影响|意义|目的|目标|背景|主张|寓意|"
    r"优点|缺点|好处|贡献|成就|经历|内容|风格|结果|规定|要求|条件|措施|变化|问题|价值|理念|宗旨|任务|职责|表现|症状|危害)"
)
# A year: 2023年, and the year a graduating class is named by (2019届毕业生).
_YEAR = re.compile(r"(?<![\d.])((?:1[0-9]|20)\d{2})\s*(?:年(?!代|级)|届)")
# "2023—2024年供暖季", "2019年至2021年": a span of years names every year of it.
_YEAR_SPAN = re.compile(
    r"(?<![\d.])((?:1[0-9]|20)\d{2})\s*年?\s*(?:至|到|—|－|-|~|～)\s*((?:1[0-9]|20)\d{2})\s*年"
)
# The widest span of years a question is read to name (a longer one is two separate years).
MAX_YEAR_SPAN = 30
_TEXT_YEAR = re.compile(r"(?<![0-9０-９.．])([12１２][0-9０-９]{3})\s*(?:年(?!代|级)|届)")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
QUOTED = re.compile(r"“([^”]{1,30})”|「([^」]{1,30})」|《([^》]{1,40})》|『([^』]{1,30})』|\"([^\"]{1,30})\"")
_ENTITY_FLAGS = ("nr", "ns", "nt", "nz", "eng")
# A noun for a measured attribute (长度, 高度, 体重, 年龄 …): a common noun jieba sometimes tags as a
# name or a place; it names no entity a passage has to name.
ATTRIBUTE_NOUN = re.compile(r"^[\u4e00-\u9fff][度量重长高宽积龄深速距]$")
_SPLIT = re.compile(r"[，,；;：:。？?！!、\s]")


@dataclass(frozen=True)
class Question:
    """A question as analysed: its answer type, the words around its interrogative, its constraints."""

    text: str  # normalised (half-width, lower case, stray spaces dropped)
    atype: str  # one of ANSWER_TYPES
    wh: tuple[int, int] | None  # where the interrogative stands in text
    left: tuple[str, ...]  # content words before the interrogative, in order
    right: tuple[str, ...]  # content words after it
    unit: str  # the unit a figure question asks for ("名", "元", "%"), or ""
    family: str  # its family ("person", "money", "percent", "time"), or ""
    years: frozenset[int]  # years the question names: 2023年
    month_days: tuple[str, ...]  # "2月4日" as normalised text
    entities: tuple[str, ...]  # quoted names, titles and proper nouns the question names
    words: tuple[str, ...]  # retrieval tokens (query_tokens)
    must: tuple[str, ...]  # the asked-about noun an answering sentence has to contain
    near: tuple[str, ...]  # the words next to the interrogative (one of them should be there)
    term: str = ""  # what a definition question asks to define ("什么是光合作用" -> "光合作用")
    counted: str = (
        ""  # a figure question's head noun: what is counted ("多少名外来务工人员子女入学" -> "子女")
    )
    modifiers: tuple[str, ...] = ()  # the words before that head ("多少名全国劳模" -> ("全国",))
    predicate: str = ""  # a verb-object word right after the counted noun ("多少家企业入场" -> "入场")
    places: tuple[str, ...] = ()  # the place names among the entities ("广州市", "于都县")
    topic: tuple[str, ...] = ()  # the question's first noun phrase: what it is about ("红尾鸲…" -> 红尾鸲)
    aspect: str = ""  # the part or property a description is asked of ("这种兰花的叶是什么样子" -> "叶")

    @property
    def is_figure(self) -> bool:
        return self.atype in FIGURE_TYPES

    @property
    def is_descriptive(self) -> bool:
        return self.atype in DESCRIPTIVE_TYPES


def answer_type(question: str) -> str:
    """The expected answer type of a question (see ANSWER_TYPES), from its interrogative and its nouns."""
    q = normalise(question)
    named = NAME_Q.search(q)
    if named and re.search(_PERSON_NOUNS + "$", named.group(1)):
        return "person"  # 书记叫什么名字 asks for a person
    bare = QUOTED.sub("", q)  # a quoted title's 能否 or 吗 asks nothing: 评论《算法能否…》提到…什么
    if _YESNO.search(bare) and not re.search(r"什么|哪|谁|多少|几", bare):
        return "yesno"
    if ASKS_WORK.search(bare):
        return "name"  # "在哪部电影中担当主角" asks a title, not a place
    if _REASON.search(q):
        return "reason"
    if _DATE.search(q):
        return "date"
    if "第几" in q or re.search(r"几号(?=[\u4e00-\u9fff])", q):
        return "ordinal"  # 第几名, 几号楼: a rank or a numbered thing, not a count
    if re.search(r"哪几(?![年天])", q):
        return "list"  # 分为哪几类 / 会说哪几种方言: the answer names them, it does not count them
    if _DURATION.search(q):
        return "duration"
    unit, family = expected_unit(q)
    has_number_q = re.search(r"多少|(?<![那这])几(?=[^乎十百千万亿]|$)|百分之几", q) is not None
    if family == "percent" and (
        has_number_q or re.search(r"率(?:是|为|达到?|提高到|上升到|下降到)?[？?]", q)
    ):
        return "percentage"
    if re.search(
        r"多大(?:的)?(?:比例|比重)|(?:几|多少)成(?!本|绩|员|果|交|品|就|立|长|熟|分|型|套)", q
    ) or _SHARE_OF_WHOLE.search(q):
        return "percentage"
    if _MEASURE.search(q):
        return "quantity"
    if has_number_q:
        if family == "money":
            return "amount"
        if family == "time":
            return "duration"
        return "count"
    if named:
        return "name"
    if _LIST.search(q):
        return "list"
    if _PERSON.search(q):
        return "person"
    if _ORG.search(q):
        return "organisation"
    if _PLACE.search(q) or WHICH_PLACE.search(q):
        return "place"
    if _DESCRIPTION.search(q):
        return "description"
    if _NAME.search(q):
        return "name"
    if _DEFINITION.search(q):
        return "definition"
    if _MANNER.search(q):
        return "manner"
    if _YESNO.search(bare):
        return "yesno"
    return "other"


def _content_words(text: str) -> list[str]:
    """Words that say what a question is about (no function words, no interrogatives, no bare units)."""
    out = []
    for w in jieba_words(text):
        if w in STOPWORDS or w in _HEDGES or _WH.fullmatch(w) or (w in UNIT_WORDS and len(w) == 1):
            continue
        if len(w) == 1 and not re.match(r"[\u4e00-\u9fff]", w):
            continue
        out.append(w)
    return out


# Approximation words a question hedges with ("大约是多少"): not what it asks about.
_HEDGES = frozenset("约 大约 大概 约为 左右 将近 差不多 一共 总共 共".split())
# Nouns that complete the interrogative itself ("多长时间", "什么时候", "多少比例的…"), not what is
# counted: a rate's kind word after 多少 names the answer's kind, the noun after its 的 is what the
# rate is of ("有多少比例的女职工…" asks a share of 女职工).
_SCAFFOLD_AFTER = re.compile(
    r"^(?:的)?(?:时间|时候|样子|程度|钱|(?:" + "|".join(sorted(RATE_NOUNS)) + ")的?)"
)


@lru_cache(maxsize=1)
def _LEADING_UNIT() -> re.Pattern[str]:
    """A measure word right after the interrogative (多少[家]…, 几[个]…): it belongs to the question word."""
    units = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
    return re.compile(rf"^(?:{units})(?=[\u4e00-\u9fff])")


# Nouns that name the kind of answer, not what it is about ("成立的时间是什么时候", "报名人数是多少"):
# the answer itself stands for them (a date, a count), the sentence need not print them.
SLOT_NOUNS = frozenset(
    "时间 时候 日期 年份 年代 地点 地方 位置 原因 理由 名字 名称 数量 人数 数目 总数 数字 情况 "
    "比例 比重 占比 比率 范围 区间 年龄 年纪 岁数".split()  # "受访者比例是多少" is answered by "超过六成", which prints no 比例;
)  # "年龄范围是多少" by "7至13周岁", no 年龄 or 范围
# Slot nouns that a figure's form says by itself, so its sentence seldom prints them: an age (岁 says
# 年龄), a range (至 says 范围).
FORM_NOUNS = frozenset("范围 区间 年龄 年纪 岁数".split())
# Nouns that name a sum of money as such (补贴金额, 基金规模; not 总额, which asks a total): a figure in 元 says them, so
# its sentence need not print them; the noun before them is what the sum is of.
SUM_NOUNS = frozenset("金额 数额 规模".split())
# Nouns for the total of a sum (补贴总额, 资金总量): the noun before them is what is summed; they ask a
# total, which the candidates read from the question's own words (candidates._ASKS_TOTAL).
TOTAL_NOUNS = frozenset("总额 总量 总金额".split())
# One-character nouns that end a compound noun the tagger cuts in two (体验 / 馆, 服务 / 站): after a
# noun they are its head's last character, not a word to skip.
NOUN_SUFFIXES = frozenset("馆 站 点 室 厂 园 所 队 屋 坊 场 院 库 台".split())
# Nouns that name money as such, not what it is for ("投入了多少资金" is answered by "投入186万元"): a figure
# in a unit of money says them, so its sentence need not print them.
FUNDS_NOUNS = frozenset("资金 钱 钱款 款项 经费 费用".split())
_ASKED = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:是|为)(?:多少|什么|哪|谁)")


def _focus(q: str, wh: re.Match[str] | None) -> tuple[list[str], list[str]]:
    """(must, near): the asked-about noun, and the words just before / after the interrogative.

    "二等奖的奖金是多少" must mention 奖金; "征集了多少件摄影作品" must mention 征集 or 摄影作品.
    """
    must: list[str] = []
    m = _ASKED.search(q)
    if m:
        words = [
            w
            for w in jieba_words(m.group(1))
            if w not in STOPWORDS and w not in _HEDGES and len(w) > 1 and w not in PRESENT_WORDS
        ]  # "平均办理时间现在是多少": 现在 says when (lexicon.PRESENT_WORDS), it is not asked about
        if len(words) > 1 and words[-1] in SUM_NOUNS and re.match(r"多少", q[m.end() - 2 :]):
            words.pop()  # "补贴总额是多少" must mention the 补贴, not the word for its sum
        if (
            words
            and words[-1] not in SLOT_NOUNS
            and not is_ranking(words[-1])
            and words[-1] not in DIRECTIONAL_COMPLEMENTS
        ):
            must.append(words[-1])
    if not wh:
        return must, []
    unquoted = QUOTED.sub(lambda x: "“" + "_" * (len(x.group(0)) - 2) + "”", q)
    clause_start = max(unquoted.rfind(ch, 0, wh.start()) for ch in "，,；;？?") + 1
    before = [
        w
        for w in jieba_words(q[clause_start : wh.start()])
        if w not in STOPWORDS
        and w not in _HEDGES
        and w not in _COPULAS
        and len(w) > 1
        and not glued_by_hmm(w)
    ]  # "比赛中得了多少分": 中得 is two words the HMM glued (tokens.glued_by_hmm), not a word asked about
    after_text = re.split(r"[，,；;？?]", _SCAFFOLD_AFTER.sub("", q[wh.end() :], count=1))[0]
    after_text = _LEADING_UNIT().sub("", after_text, count=1)  # 多少家社区医院 -> 社区医院
    after = [
        w
        for w in jieba_words(after_text)
        if w not in STOPWORDS and w not in UNIT_WORDS and len(w) > 1 and not glued_by_hmm(w)
    ]
    if re.match(r"多少|几", q[wh.start() :]):  # "年龄范围是多少": 7至13周岁 prints neither
        before = [w for w in before if w not in FORM_NOUNS] or before
    return must, before[-2:] + after[:2]


def _entities(question: str, q: str) -> list[str]:
    found = [next(g for g in m.groups() if g) for m in QUOTED.finditer(question)]
    for t in pos_tokens(q):
        if (
            t.flag.startswith(_ENTITY_FLAGS)
            and len(t.word) >= 2
            and not _WH.search(t.word)
            and not ATTRIBUTE_NOUN.match(t.word)
            and not glued_by_hmm(t.word, t.flag)
        ):
            name = _person_name(t.word) if t.flag == "nr" else t.word
            if name:
                found.append(name)
    return [normalise(e) for e in dict.fromkeys(found) if e.strip()]


def _person_name(word: str) -> str:
    """A word tagged as a person's name, as a name: a Chinese personal name opens with its surname, so
    a "name" that opens with none is a word the tagger mislabelled (比武, 刚成立: ""), and one whose
    second character opens a name of three (帮马庆山) has a verb glued before it (马庆山)."""
    if word[0] in SURNAMES:
        return word
    if len(word) >= 4 and word[1] in SURNAMES:
        return word[1:]
    return ""


def _places(q: str) -> list[str]:
    """Place names the question states (jieba's place words): where the asked fact happened."""
    return [
        normalise(t.word)
        for t in pos_tokens(q)
        if t.flag.startswith("ns")
        and len(t.word) >= 2
        and not ATTRIBUTE_NOUN.match(t.word)
        and not _WH.search(t.word)
        and t.word not in _GENERIC_PLACES
        and not glued_by_hmm(t.word, t.flag)
    ]


# Words jieba tags as places that name no place in particular ("哪个城市", "全国各地").
_GENERIC_PLACES = frozenset(
    "城市 地区 国家 省份 地方 全国 全市 全省 全区 全县 当地 本地 各地 基层 社区 农村 城乡 海外 国外 国内 境外 境内".split()
)


def find_wh(q: str) -> re.Match[str] | None:
    """The interrogative that asks, outside quotation and title marks (《…还能再快一点吗？》 is a title)."""
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(q)]
    for m in _WH.finditer(q):
        if not any(a <= m.start() < b for a, b in quoted):
            return m
    return None


_TERM = re.compile(
    r"^(?:请问)?什么(?:是|叫|叫做)(?P<a>.+?)[？?。！!]*$|^(?P<b>.+?)(?:是什么(?:意思)?|指什么|是指什么|的定义是什么|的含义是什么|的意思是什么)[？?。！!]*$"
)


def _term(q: str, atype: str) -> str:
    if atype != "definition":
        return ""
    m = _TERM.match(q)
    term = (m.group("a") or m.group("b")) if m else ""
    term = re.sub(r"^(?:所谓的?|“)|”$", "", term.strip())
    return term if 1 < len(term) <= 20 else ""


# A name in quotes right after the interrogative (and its measure word) is what is counted, whole.
_QUOTED_HEAD = re.compile(r"[\u4e00-\u9fff]?“([^”“]{2,12})”")


def _counted(q: str, wh: re.Match[str] | None) -> tuple[str, tuple[str, ...]]:
    """(head noun, its modifiers) of what a figure question counts. Chinese noun phrases end with their
    head, so it is the last word before the first verb after the interrogative ("多少个社区图书服务
    站" -> 服务站, with 社区, 图书); with nothing after it, the noun phrase right before it, after its
    last 的 ("联赛的裁判有多少名" -> 裁判; "提供的物流岗位有多少个" -> 岗位, with 物流)."""
    if not wh or _MEASURE_WH.match(wh.group(0)):
        return "", ()  # 多高 / 多重 / 多长 ask for a measure of the subject: nothing is counted
    tail = _SCAFFOLD_AFTER.sub("", q[wh.end() :], count=1)
    tail = _LEADING_UNIT().sub("", re.split(r"[，,；;？?]", tail)[0], count=1)
    quoted = _QUOTED_HEAD.match(tail)
    if quoted:  # "多少个“司机之家”": a quoted name is one word, whatever the tagger cuts it into
        after = pos_tokens(tail[quoted.end() :])
        if after and after[0].flag.startswith("n") and len(after[0].word) >= 2:
            return after[0].word, (
                quoted.group(1),
            )  # "多少对“一帮一”对子": the noun after the quote heads it
        return quoted.group(1), ()
    phrase: list[str] = []
    tokens = pos_tokens(tail)
    people = expected_unit(q)[1] == "person"
    person_reached = False
    for i, t in enumerate(tokens):
        if t.word in TRAIL_QUALIFIERS:
            continue  # "多少米以上": a qualifier of the number, not what is counted
        if phrase and phrase[-1] in RELATION_NOUNS and t.word == "的" and i + 1 < len(tokens):
            phrase.pop()  # "多少件津贴方面的投诉": X方面的Y is a Y; the word after 的 is the head
            phrase.append(tokens[i + 1].word)
            break
        if phrase and len(t.word) == 1 and t.flag == "v":
            break  # "多少女职工说曾…": a one-character verb after the noun phrase ends it as well
        if phrase and t.word in NOUN_SUFFIXES and tokens[i - 1].word == phrase[-1]:
            phrase[-1] += t.word  # 体验 / 馆: the suffix ends the compound (多少处体验馆 counts 体验馆)
            continue
        if len(t.word) < 2 or t.word in STOPWORDS or t.word in _HEDGES or t.word in UNIT_WORDS:
            continue  # "多少厘米": a unit says how it is measured, not what is counted
        if not phrase and _is_verb(t.word, t.flag) and _predicate_at(tokens, i):
            return "", ()  # "多少人吃饭", "多少人拿到了证书": the measure word's own noun is counted
        if person_reached and not _is_person_noun(t.word):
            break  # the person noun reached past a verb modifier heads the phrase: what follows is said of it
        if people and phrase and _verb_modifies_person(tokens, i, phrase[-1]):
            phrase.append(t.word)  # "多少名生鲜配送司机": 配送 says which 司机, a person still follows
            person_reached = True
            continue
        if phrase and (_is_verb(t.word, t.flag) or t.flag.startswith(("d", "p", "c", "u"))):
            break  # the verb (or adverb) after the noun phrase ends it: 获评, 随行, 入场
        if phrase and t.flag == "vn" and i + 1 < len(tokens) and tokens[i + 1].word in _ASPECT_PARTICLES:
            break  # "多少家用人单位设置了…": an aspect particle (了, 着, 过) follows only a verb
        if t.word in LIGHT_VERBS:
            break  # "分多少批次进行": a light verb names no counted noun, it only ends the phrase
        phrase.append(t.word)
    if phrase:
        head = phrase[-1]
        if len(head) >= 4 and _CJK_ONLY.match(head):  # 全国劳模: a compound, head-final too
            return head[-2:], (*phrase[:-1], head[:-2])
        return head, tuple(phrase[:-1])
    # nothing after it: "联赛的裁判有多少名", "人口数是多少" name what is counted right before a copula
    m = re.search(
        r"([\u4e00-\u9fff]{2,8}?)(?:的)?(?:大约有|大概有|共有|约有|有|是|为|达)(?:大约|约)?$", q[: wh.start()]
    )
    if not m:
        return "", ()
    phrase_before = re.split(r"[的之中里]", m.group(1))[-1]  # "书屋中市级示范点有多少家" -> 市级示范点
    phrase_before = _subject_noun(phrase_before)  # "月工资最少是多少" -> 月工资
    if _COUNT_NOUN.match(phrase_before) and not _relative_subject(q[: wh.start()]):
        return "", ()  # "参加互助的人数是多少": 人数 is a count of 人, which the asked unit says
    words = [
        w for w in jieba_words(phrase_before) if w not in STOPWORDS and w not in _HEDGES and len(w) > 1
    ]  # "体重大约是多少" counts 体重, not 大约
    while len(words) > 1 and (words[-1] in SLOT_NOUNS or words[-1] in SUM_NOUNS or words[-1] in TOTAL_NOUNS):
        words.pop()  # "受访大学生比例是多少": the rate is the answer's kind; 大学生 are counted
    if not words or words == [phrase_before] and phrase_before in RATE_NOUNS:
        return "", ()  # "占总支出的比重是多少": the rate's kind alone (RATE_NOUNS), nothing counted
    # The words before the head modify it only when the head ends the phrase (物流岗位 -> 岗位, 物流);
    # when a one-character head was dropped (隐患整改率 -> 整改 …率) they are one compound with it.
    return words[-1], tuple(words[:-1]) if phrase_before.endswith(words[-1]) else ()


# "X的叶是什么样子", "X的根部有什么特点": the noun between the last 的 and the interrogative is the
# part of X asked about.
_ASPECT = re.compile(
    r"的([\u4e00-\u9fff]{1,4}?)(?:都|主要|一般|通常)?(?:有|是|为|呈)?(?:什么|怎样|怎么样|如何|哪些|啥)"
)


def _topic(q: str) -> tuple[str, ...]:
    """The first run of nouns in the question (after a date or a number): what the question is about;
    a Chinese question names its topic first ("红尾鸲主要分布在哪些地区")."""
    run: list[str] = []
    for t in pos_tokens(q):
        if t.flag.startswith("n") and len(t.word) >= 2 and not _WH.search(t.word) and t.word not in STOPWORDS:
            run.append(normalise(t.word))
        elif run:
            break
    return tuple(run)


def _aspect(q: str, wh: re.Match[str] | None) -> str:
    if not wh:
        return ""
    found = [m.group(1) for m in _ASPECT.finditer(q[: wh.end()])]
    aspect = found[-1] if found else ""
    return "" if not aspect or _WH.search(aspect) or aspect in STOPWORDS else aspect


_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
# A noun made of a measure word and 数 (人数, 户数, 件数, 次数): the number of things in that measure.
_COUNT_NOUN = re.compile(r"^[人户件次家个名位项场所批]数$")
# Aspect particles: a verb they follow is a predicate (拿到了, 参加过, 坐着).
_ASPECT_PARTICLES = frozenset("了 过 着".split())
# Tags of a word that ranks, qualifies or acts (not a noun): what may follow a subject before 有多少.
_PREDICATE_FLAGS = ("v", "d", "a")


def is_ranking(word: str) -> bool:
    """Whether a word is a superlative or a bound (最少, 最轻, 至少): Chinese ranks with 最 + an
    adjective; such a word says which of the asked things, it names none of them."""
    return word in RANKING_WORDS or (len(word) == 2 and word[0] == "最")


def _is_verb(word: str, flag: str) -> bool:
    """A verb, as tagged, or a verb-object word the tagger reads as a noun (入场, 吃饭: lexicon)."""
    return flag in ("v", "vd", "vg") or word in VERB_OBJECT_WORDS


def _predicate(q: str, wh: re.Match[str] | None, counted: str) -> str:
    """The verb-object word (lexicon.VERB_OBJECT_WORDS) right after the counted noun: "多少家商户入场"
    asks how many 商户 entered, not how many there were; the figure's own clause has to say it."""
    if not wh or not counted:
        return ""
    tail = re.split(r"[，,；;？?]", q[wh.end() :])[0]
    at = tail.find(counted)
    tokens = pos_tokens(tail[at + len(counted) :]) if at >= 0 else ()
    return tokens[0].word if tokens and tokens[0].word in VERB_OBJECT_WORDS else ""


def _relative_subject(before: str) -> str:
    """Who a count noun (人数, 户数) counts, when its relative clause names them: in "N V O 的人数" the
    doers N of the clause's verb are counted ("持证人员参加培训的人数": a group of 人员, which a figure
    of people in general does not count; the count noun stays what is counted then). A common noun
    right before a verb is its subject when it names people, as 人数 counts people (a place, a time
    or a thing before the verb is no doer: "去年参加…的人数", "医疗互助")."""
    clause = re.split(r"[，,；;：:]", before)[-1]
    at = clause.rfind("的")
    if at < 0:
        return ""
    tokens = pos_tokens(clause[:at])
    for a, b in zip(tokens, tokens[1:], strict=False):
        if b.flag in ("v", "vd") and a.flag == "n" and re.search(_PERSON_NOUNS + "$", a.word):
            return a.word
    return ""


def _is_person_noun(word: str) -> bool:
    return len(word) >= 2 and re.search(_PERSON_NOUNS + "$", word) is not None


def _verb_modifies_person(tokens: Sequence[PosToken], i: int, before: str) -> bool:
    """Whether the verb at i is a modifier inside a noun phrase of people: a count of people (名, 位,
    人) is a count of a person noun, and Chinese compounds a verb before its head (配送骑手, 供热职工),
    so a two-character verb between a noun that names no person and a person noun after it modifies
    that noun: the phrase goes on to the person."""
    t = tokens[i]
    if not (t.flag == "v" and len(t.word) == 2) or i + 1 >= len(tokens):
        return False
    head = tokens[i + 1]
    return head.flag.startswith("n") and _is_person_noun(head.word) and not _is_person_noun(before)


def _predicate_at(tokens: Sequence[PosToken], i: int) -> bool:
    """Whether the verb at tokens[i] is a predicate, not a modifier of a noun after it (留工补贴, 参赛
    选手, 参展单位): it ends the clause, takes an aspect particle (拿到了, 去过), or is a modal verb
    before another verb (才能申请, 可以报名: a modal modifies no noun, lexicon.MODAL_VERBS)."""
    nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
    modal = tokens[i].word in MODAL_VERBS and i + 1 < len(tokens) and tokens[i + 1].flag.startswith("v")
    return not nxt or nxt in _ASPECT_PARTICLES or modal


def _subject_noun(phrase: str) -> str:
    """The phrase before a copula without what follows its noun: a verb and its complement (工资加起来
    一共是多少), an adverb, a superlative (月工资最少是多少). A Chinese subject is a noun phrase; the
    predicate words after it say what is done to it or which of it is meant. Only when a noun (or
    verbal noun) stands before them: "新增就业有多少" names no other noun."""
    tokens = pos_tokens(phrase)
    end = len(tokens)
    if tokens and len(tokens[-1].word) < 2:
        return phrase  # "隐患整改率": a one-character suffix (率, 数, 量) makes the phrase a noun
    while end > 1 and (
        tokens[end - 1].word in _HEDGES
        or is_ranking(tokens[end - 1].word)
        or tokens[end - 1].word in PRESENT_WORDS  # "平均办理时间现在是多少": 现在 says when
        or (tokens[end - 1].flag.startswith(_PREDICATE_FLAGS) and tokens[end - 1].flag != "vn")
    ):
        end -= 1
    if end == len(tokens) or not any(t.flag.startswith("n") or t.flag == "vn" for t in tokens[:end]):
        return phrase
    return "".join(t.word for t in tokens[:end])


# An interrogative asking for a measure of its subject (多高, 多重, 多长 …), not for a count of things.
_MEASURE_WH = re.compile(r"^多[高重远深宽厚快长大]$")
# Verbs that link a counted noun to its interrogative ("裁判有多少名", "人口是多少").
_COPULAS = frozenset("有 是 为 共有 达 达到 约有 总计 合计 计 有着".split())


@lru_cache(maxsize=4096)
def analyse(question: str) -> Question:
    """Everything the re-ranker and the answerer read from a question (cached: they both ask)."""
    q = normalise(question)
    wh = find_wh(q)
    if wh and wh.group(0) == "吗":
        wh = None  # a yes/no question has no answer slot
    left = _content_words(q[: wh.start()]) if wh else _content_words(q)
    right = (
        _content_words(_LEADING_UNIT().sub("", _SCAFFOLD_AFTER.sub("", q[wh.end() :], count=1), count=1))
        if wh
        else []
    )
    unit, family = expected_unit(q)
    must, near = _focus(q, wh)
    atype = answer_type(question)
    counted, modifiers = _counted(q, wh) if atype in FIGURE_TYPES else ("", ())
    return Question(
        text=q,
        atype=atype,
        wh=(wh.start(), wh.end()) if wh else None,
        left=tuple(left),
        right=tuple(right),
        unit=unit,
        family=family,
        years=frozenset(_question_years(q)),
        month_days=tuple(f"{int(m)}月{int(d)}日" for m, d in _MONTH_DAY.findall(q)),
        entities=tuple(_entities(question, q)),
        places=tuple(dict.fromkeys(_places(q))),
        words=query_tokens(question),
        must=tuple(must),
        near=tuple(near),
        term=_term(q, atype),
        counted=counted,
        modifiers=modifiers,
        predicate=_predicate(q, wh, counted),
        topic=_topic(q),
        aspect=_aspect(q, wh) if atype in DESCRIPTIVE_TYPES or atype == "other" else "",
    )


def _question_years(q: str) -> set[int]:
    """The years a question names: 2023年, and every year of a span 2023—2024年."""
    years = {int(y) for y in _YEAR.findall(q)}
    for m in _YEAR_SPAN.finditer(q):
        a, b = int(m.group(1)), int(m.group(2))
        if 0 < b - a <= MAX_YEAR_SPAN:
            years.update(range(a, b + 1))
    return years


def years_in(text: str) -> set[int]:
    """The years a text names (2023年, ２０２３年), as a question's years are read; cheap on long text."""
    years = {int(unicodedata.normalize("NFKC", y)) for y in _TEXT_YEAR.findall(text)}
    return {y for y in years if 1000 <= y <= 2099}


def month_days_in(text: str) -> set[str]:
    return {f"{int(m)}月{int(d)}日" for m, d in _MONTH_DAY.findall(normalise(text))}
