"""Short answer spans inside a sentence: quantities with units, people, places, organisations, dates,
quoted names and enumerations.

Quantities are read by summarizer.quantities, the scanner key figures use too.

The offline answerer (summarizer.qa.answering) scores the spans these functions find against the
question; the `*_spans` functions take a sentence without stray spaces (`clean`) and its per-character
normalised form (`view`, same length) and return (start, end, sureness) with sureness in 0..1: how
surely the span is of the kind asked for. They also say which unit a "how many" question asks for.
"""

from __future__ import annotations

import re

from summarizer.lexicon import (
    AGE_UNITS,
    COMPOUND_UNITS,
    DURATION_UNITS,
    GE_DURATIONS,
    NOMINAL_MEASURES,
    STOPWORDS,
    UNIT_WORDS,
    VERBAL_MEASURES,
)
from summarizer.quantities import Quantity, find_quantities
from summarizer.tokens import in_dictionary, jieba_words, normalise, pos_tokens

NAME_Q = re.compile(
    r"([\u4e00-\u9fff]{1,8})(?:叫什么名字|叫什么|的名字是什么|的名称是什么|名称是什么|什么名字)"
)
# 哪个县 asks a name ending in 县; the kinds of 区 a place may be (服务区, 港区, 园区, 开发区, 新区) are
# asked by their whole suffix (哪个服务区 -> …服务区).
# Kinds of 区 that are no district (a question asks them by their whole name: 哪个服务区), so a bare
# 哪个区 is not answered by one; 新区 (浦东新区) is a district.
OTHER_AREA_KINDS = (
    "服务区",
    "港区",
    "园区",
    "开发区",
    "景区",
    "社区",
    "小区",
    "厂区",
    "矿区",
    "校区",
    "库区",
    "作业区",
)
WHICH_PLACE = re.compile(r"哪(?:个|一个)?((?:服务|港|园|开发|新|景)?区|省|市|县|镇|乡|街道|村|社区)")
_UNIT_RE = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
_Q_UNIT = re.compile(rf"(?:多少|几)(?:[万亿])?(?P<unit>{_UNIT_RE})")
_MONEY_WORDS = re.compile(
    r"钱|金额|善款|奖金|资金|款|费用|收费|工资|薪|收入|投资|投入|补贴|补助|奖励|价格|价值|票价|售价|花费|成本|经费|"
    r"预算|营收|收益|利润|捐赠|租金|房租|报酬|缴费|缴纳|交费|付费|支付|花了|待遇|津贴|元(?=[？?，,]|$)|"
    r"(?<!浪)费(?!时|力|心|劲)|"  # a fee: 供暖费每平米是多少, 学费是多少 (not 浪费, 费时)
    r"(?<=[\u4e00-\u9fff])金(?!牌|属|融|奖|杯|色|子)"  # a sum named by its purpose: 奖学金, 保证金
)
# A rate, a share, or a change in per cent (增幅, 涨幅: how much a thing grew, as a share of itself).
_PERCENT_WORDS = re.compile(r"率|比例|占比|百分之|比重|增幅|涨幅|降幅|跌幅|增速")
# "报名人数 / 到场人数是多少" counts people: an answer in 人 / 名, not a rate or a sum of money.
_HEADCOUNT_WORDS = re.compile(r"人数")
# "年龄 / 年纪 / 岁数是多少" asks an age: an answer in 岁 / 周岁 (lexicon.AGE_UNITS).
_AGE_WORDS = re.compile(r"年龄|年纪|岁数")
# 多长 / 多高 / 多远 / 多大 … ask for an extent (a length, a height, a size, a time), never for a count of things.
# 多大 asks a size (小屋有多大: an area) unless it asks an age (多大年纪, 多大岁数, 孩子多大了).
_EXTENT_Q = re.compile(r"多[长高重远深宽厚]|多大(?!年纪|年龄|岁|了)")
# "多长哺乳时间": 多长 + a noun phrase ending in 时间 asks how long, as 多长时间 does.
# A noun ending in 期 or 时长 names a span of time (托管期, 试用期, 工期, 服务时长): 多长 after it asks how long.
HOW_LONG_TIME = r"多长[\u4e00-\u9fff]{1,4}时间|(?:[\u4e00-\u9fff]期|时长)(?:有|是|为|共)?多长"
_TIME_WORDS = re.compile(
    rf"多长时间|{HOW_LONG_TIME}|多少时间|多久|历时|多少年|多少天|多少小时|多少分钟|多少个月"
)
FAMILIES: dict[str, str] = {"人": "person", "名": "person", "位": "person", "人次": "person-times"}
# Unit symbols printed for the Chinese unit a question names (2cm answers 多少厘米).
UNIT_SYMBOLS = {
    "cm": "厘米",
    "mm": "毫米",
    "km": "公里",
    "m": "米",
    "kg": "公斤",
    "g": "克",
    "t": "吨",
    "km²": "平方公里",
    "m²": "平方米",
    "ha": "公顷",
    "h": "小时",
    "min": "分钟",
    "s": "秒",
    "℃": "度",  # 多少度 is printed 40℃
    "°c": "度",
}
GENERIC_COUNTERS = {"个", "家", "所", "座", "支", "项", "件", "处", "条", "台", "种"}
MONEY_UNITS = frozenset({"元", "万元", "亿元", "千元"})
_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?]")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁"
    "沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_ROLES = r"(?:员|长|师|书记|主任|主席|经理|代表|职工|记者|居民|村民|工人|司机|农民|老板|队员|选手|教练|冠军|者|学徒|徒弟|师傅)"
_ROLE_NAME = re.compile(
    _ROLES + r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?=说|表示|介绍|告诉|认为|称|坦言|笑着|榜上|正在|正|，|。|：|“)"
)
SURNAMES = _SURNAMES  # common surnames: a name that opens with one is surer


def named_in_apposition(view: str, start: int, end: int) -> bool:
    """Whether [start, end) is a name right after a role noun (副主席那秀云说, 技术员那玉兰在): there two or
    three characters name a person whatever the first is (那, 全 open names as well as pronouns)."""
    if any(m.span("name") == (start, end) for m in _ROLE_NAME.finditer(view)):
        return True
    return 2 <= end - start <= 3 and re.search(_ROLES + "$", view[:start]) is not None


# The last characters of role and job nouns (律师, 钳工, 骑手, 队员, 班长): Chinese puts a person's name
# right after the role noun in apposition (律师刘建平), where the tagger may cut it after its surname.
_ROLE_ENDS = frozenset("员 长 师 工 手 者 匠".split())


# Nouns for a sum of money that jieba reads as verbs ("每年收入多少"): they name what is counted, no
# action the answer's sentence has to repeat.
MONEY_NOUNS = frozenset("收入 工资 薪水 薪酬 补贴 补助 收益 报酬 利润 营收 经费 预算 租金 月薪 年薪".split())


# The two-character "verbs" jieba's HMM makes of an unknown run: a character glued to 有 / 来 (季有,
# 中有, 时来), or an adverb or a modal glued to a one-character verb (共设, 班共设, 要交, 另发, 可领).
_MAY_BE_GLUED = re.compile(r"[\u4e00-\u9fff][有来]|[\u4e00-\u9fff]?[共要另可能再多还也都][\u4e00-\u9fff]")


def asked_verb(question: str) -> str:
    """The verb right before (了)多少/几: '接收了多少善款' -> '接收'; '' when a noun stands there."""
    m = re.search(r"(?:了)?(?:多少|几)", question)
    if not m:
        return ""
    words = [w for w in pos_tokens(question[: m.start()]) if w.word.strip()]
    if words and words[-1].word == "了":
        words = words[:-1]
    if not words or words[-1].word in MONEY_NOUNS:
        return ""
    last = words[-1]
    if not last.flag.startswith("v") or len(last.word) < 2:
        return ""
    if _MAY_BE_GLUED.fullmatch(last.word) and not in_dictionary(last.word):
        return ""  # "供暖季有多少": 季有 is two words the HMM glued, no verb the dictionary lists (the
        # dictionary is consulted only for such a shape: loading it costs a second and a cache file)
    return last.word


_NUMBER_Q = re.compile(r"多少|几|多大|多长|多久|多高|多重|多远|百分之")
# How far around the number question word its unit's family is read (characters before, after).
UNIT_WINDOW = (6, 4)


def expected_unit(question: str) -> tuple[str, str]:
    """The unit a 'how many' question asks for, and its family: ('名', 'person'), ('元', 'money'), ('%', 'percent').

    A measure word right after 多少/几 names the unit; otherwise the words next to the question word
    say the family ("花了多少钱", "合格率提高到了多少"): a money or rate word elsewhere in the
    question ("投诉数量下降了多少") says nothing about this number.
    """
    m = _Q_UNIT.search(question)
    if m and _starts_word(question, m.start("unit"), m.group("unit")):
        m = None  # "多少周边村民": the 周 of 周边 is no measure word
    if m:
        unit = m.group("unit")
        if unit in MONEY_UNITS:
            return unit, "money"
        return unit, FAMILIES.get(unit, unit)
    wh = _NUMBER_Q.search(question)
    around = question
    if wh:
        before, after = UNIT_WINDOW
        around = re.split(r"[，,；;]", question[max(0, wh.start() - before) : wh.start()])[-1]
        around += re.split(r"[，,；;？?]", question[wh.start() : wh.end() + after])[0]
        phrase = re.split(r"[，,；;？?。]", question[wh.end() :])[0]
        if re.fullmatch(r"[\u4e00-\u9fff]{2,10}", phrase):
            around += "，" + phrase[-2:]  # "发放了多少职工互助金": the noun phrase's head names the sum
    if _PERCENT_WORDS.search(around):
        return "%", "percent"
    if _HEADCOUNT_WORDS.search(around):
        return "人", "person"
    if _AGE_WORDS.search(around):
        return "岁", "岁"
    if _TIME_WORDS.search(around):
        return "", "time"
    if _MONEY_WORDS.search(around):
        return "元", "money"
    if _EXTENT_Q.search(question):
        return "", "extent"
    return "", ""


def _starts_word(text: str, at: int, unit: str) -> bool:
    """Whether the measure word at `at` is the first part of a longer dictionary word that is no unit
    itself (周边, 天气): the tagger reads the word whole, and a word does not count things."""
    pos = 0
    for t in pos_tokens(text):
        if pos <= at < pos + len(t.word):
            glued = (
                pos == at and len(t.word) > len(unit) and t.word not in UNIT_WORDS and in_dictionary(t.word)
            )
            # "多少台风机": the tagger reads 台风, but 风机 after the measure word is a word of its own
            # that runs past 台风's end, so 台 counts 风机 (the same for 几天气温: 天 + 气温).
            rest = text[at + len(unit) : at + len(unit) + 2]
            runs_past = at + len(unit) + len(rest) > pos + len(t.word)
            return glued and not (len(rest) == 2 and runs_past and in_dictionary(rest))
        pos += len(t.word)
    return False


def is_currency(base_unit: str) -> bool:
    """元, 美元, 欧元, 港元, 英镑 …: a unit of money (元/人 too: a sum per person)."""
    base_unit = base_unit.split("/")[0]
    return base_unit.endswith("元") or base_unit in ("英镑", "镑", "日圆", "卢布", "法郎", "马克")


# ---- quantities in a sentence ------------------------------------------------------------------


def quantities(sentence: str) -> list[Quantity]:
    """Numbers with their unit and approximation words, as they read in the (normalised) sentence.

    Offsets index normalise(sentence). The scanner is the one key figures use; an answer may also
    be a count written in Chinese numerals, but a lone numeral ("两部", "一次性") is too often just
    a word, so those need a qualifier ("近千万元", "十余家") or two numeral characters ("三千人").
    """
    return [
        q for q in find_quantities(normalise(sentence)) if not q.chinese or q.qualifier or len(q.raw) >= 2
    ]


_TIME_BASES = frozenset({"月", "个月", "年", "天", "小时", "分钟", "周", "秒", "日", "星期", "工作日"})


def _bare_duration(unit: str) -> str:
    """A duration unit without the 个 that may stand before it (个小时 -> 小时: lexicon.GE_DURATIONS)."""
    return unit[1:] if unit.startswith("个") and unit[1:] in GE_DURATIONS else unit


def unit_match(q_unit: str, q_family: str, qty: Quantity) -> float:
    """1 for the asked unit, 0.7 for its family (名/人), 0.3 when the question names none, 0 otherwise."""
    unit, base = qty.unit, qty.base_unit
    if q_family == "money":
        return 1.0 if is_currency(base) else 0.5 if unit in ("万", "亿") else 0.0
    if q_family == "percent":  # a share may be printed as a fraction (三分之一, 2/3) as well as a rate
        return 1.0 if unit in ("%", "‰") or base.endswith("百分点") or qty.fraction else 0.0
    if q_family == "time":  # a working day (工作日) is a day as a time limit counts it
        return 1.0 if _bare_duration(base) in _TIME_BASES else 0.0
    if q_family == "extent" and base in NOMINAL_MEASURES and base not in DURATION_UNITS:
        return 0.0  # "河堤有多长" is not answered by "9名巡查队员"
    if q_family == "extent" and (base in COMPOUND_UNITS or base in VERBAL_MEASURES):
        return 0.0  # "机库面积有多大" is not answered by "120余架次": a count of events measures nothing
    if not q_unit:
        return 0.3 if unit else 0.1
    if base == q_unit or UNIT_SYMBOLS.get(base) == q_unit:
        return 1.0
    if _bare_duration(q_unit) == _bare_duration(base) and _bare_duration(base) in GE_DURATIONS:
        return 1.0  # 几个小时 / 6小时: the 个 before a duration unit may stand or not
    if q_unit in GENERIC_COUNTERS and base in GENERIC_COUNTERS:
        return 0.6  # 多少个 / 多少家 … 4家 / 13个: both just count things
    if q_unit == "个" and base in NOMINAL_MEASURES:
        return 0.6  # 个 is the general classifier: 多少个教室 is answered by 30间
    if q_unit in AGE_UNITS and base in AGE_UNITS:
        return 1.0  # 多少岁 / 18周岁
    if FAMILIES.get(base) == q_family or (q_family == "person-times" and base == "次"):
        return 0.7
    if q_family == "person" and base == "人次":
        return 0.0  # people are not visits: 3.8万人次 says nothing of how many people
    return 0.0


_SEP = r"[，,；;：:。！？!?、]"


def number_window(sentence_norm: str, qty: Quantity, others: list[Quantity]) -> str:
    """The words that say what a number counts: its clause, cut at 、 and at the neighbouring numbers.

    In a list ("省级先进个人12人、市级先进个人87人") the words before the first item are shared by all
    items, so the first item keeps only about as many words as the next item has.
    """
    lo = max([o.end for o in others if o.end <= qty.start], default=0)
    nxt = min((o for o in others if o.start >= qty.end), key=lambda o: o.start, default=None)
    hi = nxt.start if nxt else len(sentence_norm)
    left = re.split(_SEP, sentence_norm[lo : qty.start])[-1][-16:]
    between = sentence_norm[qty.end : hi]
    right = re.split(_SEP, between)[0][:12]
    if nxt and between.lstrip().startswith("、") and not right.strip():
        next_left = re.split(_SEP, between)[-1]
        if next_left:
            left = left[-(len(next_left) + 2) :]
    return left + " " + right


def share(words: list[str], text: str) -> float:
    return sum(1 for w in words if w in text) / len(words) if words else 0.0


def person_span(question: str, sentence: str) -> str:
    names: list[str] = []
    for w in pos_tokens(sentence):
        if w.flag == "nr" and len(w.word) in (2, 3) and w.word[0] in _SURNAMES:
            names.append(w.word)
    names += [m.group("name") for m in _ROLE_NAME.finditer(sentence) if m.group("name")[0] in _SURNAMES]
    names = [n for n in dict.fromkeys(names) if n not in question]
    return names[0] if names else ""


def place_span(question: str, sentence: str) -> str:
    m = WHICH_PLACE.search(question)
    words = pos_tokens(sentence)
    if m:  # 哪个县 -> a word ending in 县
        suffix = m.group(1)
        for prev, w in zip([None, *words[:-1]], words, strict=True):
            name = w.word
            if name == suffix and prev is not None and prev.flag.startswith("ns"):
                name = prev.word + suffix  # jieba cut 河滨区 into 河滨 / 区
            if name.endswith(suffix) and len(name) > len(suffix) + 1 and name not in question:
                return name
        return ""
    verb = re.search(r"在(?:哪里|哪儿|哪)([\u4e00-\u9fff]{1,2})", question)
    if verb:  # 在哪里举行 -> 在河西举行
        hit = re.search(rf"在([^，。、；“”]{{2,12}}?){re.escape(verb.group(1))}", sentence)
        if hit:
            return hit.group(1)
    src = re.search(r"([\u4e00-\u9fff]{1,2})(?:哪里|哪儿)", question)
    if src and src.group(1) in sentence:  # 来自哪里 -> what follows 来自 in the sentence
        tail = sentence.split(src.group(1), 1)[1]
        span = re.split(r"[，。；！？]", tail)[0].strip()
        if 1 < len(span) <= 40:
            return span
    for w in words:
        if w.flag == "ns" and w.word not in question:
            return w.word
    return ""


def what_span(question: str, sentence: str) -> str:
    named = NAME_Q.search(question)
    if named:  # the name in quotes right before (or after) the thing asked about: “启明星”社区服务中心
        words = [w for w in jieba_words(named.group(1)) if len(w) > 1 and w not in STOPWORDS]
        for w in reversed(words):
            hit = re.search(rf"“([^”]{{1,30}})”[^，。；“”]{{0,12}}{re.escape(w)}", sentence) or re.search(
                rf"{re.escape(w)}[^，。；“”]{{0,6}}“([^”]{{1,30}})”", sentence
            )
            if hit:
                return hit.group(1)
    span = _after_verb(question, sentence)
    if span:
        return span
    m = re.search(r"([\u4e00-\u9fff]{1,4})(?:是|为)什么", question)
    if m:
        key = m.group(1)[-2:]
        hit = re.search(rf"“([^”]{{2,40}})”为{re.escape(key)}", sentence) or re.search(
            rf"{re.escape(key)}(?:是|为)“([^”]{{2,40}})”", sentence
        )
        if hit:
            return hit.group(1)
    return ""


def _after_verb(question: str, sentence: str) -> str:
    """'在市图书馆开设了什么' -> what follows 开设 in the sentence: '法律咨询窗口'.

    The verb is the two characters before (了)什么; of several occurrences the one whose preceding
    words share most with the question wins; the span runs to the asked noun ('什么工作模式'
    -> up to 工作模式) or else to the end of the clause.
    """
    m = re.search(r"([\u4e00-\u9fff]{2})了?什么([\u4e00-\u9fff]*)", normalise(question))
    if not m or m.group(1).endswith(("是", "为")):
        return ""
    verb, rest = m.group(1), m.group(2)
    starts = [i.end() for i in re.finditer(re.escape(verb), sentence)]
    if not starts:
        return ""
    q_chars = set(question)
    start = max(starts, key=lambda i: (len(set(sentence[max(0, i - 8) : i - 2]) & q_chars), -i))
    tail = re.split(r"[，。；！？,;!?]", sentence[start:])[0]
    for n in range(len(rest), 1, -1):
        at = tail.find(rest[:n])
        if at > 0:
            return tail[: at + n].strip()
    return tail.strip() if 1 < len(tail) <= 40 else ""


# ---- typed spans over a sentence view ------------------------------------------------------------

Found = list[tuple[int, int, float]]


def quantities_in_view(view: str) -> list[Quantity]:
    """quantities() of a sentence already normalised per character (offsets index view)."""
    return [q for q in find_quantities(view) if not q.chinese or q.qualifier or len(q.raw) >= 2]


def _tagged(clean: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, flag) of the sentence's words (jieba keeps every character, so offsets add up)."""
    out, pos = [], 0
    for t in pos_tokens(clean):
        out.append((pos, pos + len(t.word), t.word, t.flag))
        pos += len(t.word)
    return out


NAME_STOP = frozenset("的在由是于和与及被把将对向从以并为等")
_NAME_STOP = NAME_STOP
_NAME_DOTS = "·•‧・．."


def _foreign_names(words: list[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """Transliterated names joined by a middle dot (约翰·史密斯, 玛丽亚·费尔南德斯): the word before each
    dot, and after the last dot the words jieba tags as names (or a short unknown word)."""
    out = []
    i = 0
    while i < len(words):
        if words[i][2] in _NAME_DOTS and 0 < i < len(words) - 1 and _CJK_WORD.match(words[i - 1][2]):
            start = words[i - 1][0]
            j = i + 1  # the part after the dot
            while j + 2 < len(words) and words[j + 1][2] in _NAME_DOTS and _CJK_WORD.match(words[j + 2][2]):
                j += 2
            end = words[j][1]
            k = j + 1
            while k < len(words) and words[k][3].startswith("nr") and _CJK_WORD.match(words[k][2]):
                end = words[k][1]
                k += 1
            out.append((start, end))
            i = k
            continue
        i += 1
    return out


_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")


# Tags of the dictionary words a given name may also be (建国 ns, 海涛 n, 春花 n): after a lone
# surname the tagger read as a name, such a word is the rest of that name.
CUT_GIVEN_FLAGS = frozenset({"ns", "n", "nz", "a", "t"})


# A verb of saying right after a role noun and three characters (主任虎秀兰说): they are a name even
# with a rare surname; punctuation there (学徒制培训，) proves nothing.
_SPEECH_NEXT = re.compile(r"说|表示|介绍|告诉|认为|坦言")
# How sure a name after a role noun is when its surname is not a common one (那玉兰, 虎志刚).
RARE_SURNAME_SURE = 0.8


def _rare_surname_names(question: str, clean: str, words: list[tuple[int, int, str, str]]) -> Found:
    """Names after a role noun whose surname is no common one (技术员那玉兰在…, 队员虎志刚获…): a
    person's name follows a role noun in apposition, so there one character and a given name the
    tagger knows as one (那 / 玉兰 nr) is a name, and so is a three-character word the dictionary
    lacks (its HMM made it up: 虎志刚) before a verb."""
    found: Found = []
    for (_, _, role, _), (a, b, w, _), (_, c, nxt, nflag) in zip(words, words[1:], words[2:], strict=False):
        if role[-1:] not in _ROLE_ENDS or w in _SURNAMES:
            continue
        if len(w) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", w) and nflag.startswith("nr") and len(nxt) == 2:
            if clean[a:c] not in question:
                found.append((a, c, RARE_SURNAME_SURE))
        elif len(w) == 3 and re.fullmatch(r"[\u4e00-\u9fff]{3}", w) and nflag.startswith("v"):
            if not in_dictionary(w) and w not in question:
                found.append((a, b, RARE_SURNAME_SURE))
    return found


# Single characters the segmenter glues to the end of a name (家俊以 of "伍家俊以零失误…"): a
# preposition, a conjunction or a particle that opens what follows the name.
_NAME_TRAILERS = frozenset("以 在 和 与 及 等 的 是 为 从 向 对 把 被 将 说 于 已 也 都 又 就".split())


def _glued_name(clean: str, words: list[tuple[int, int, str, str]], i: int) -> tuple[int, int] | None:
    """A name the segmenter cut wrongly on both sides ("钢筋工伍家俊以": 工伍 + 家俊以): a person
    word that opens on no surname, right after a common word (no name) of two or more characters
    that ends in one, is that surname and the word without a trailing function character
    (_NAME_TRAILERS)."""
    a, b, w, _ = words[i]
    if i == 0 or w[0] in _SURNAMES or len(words[i - 1][2]) < 2 or words[i - 1][2][-1] not in _SURNAMES:
        return None
    if words[i - 1][3].startswith(("ns", "nr", "nt", "nz")):
        return None  # 衡阳 + 松木: a name before is whole, its last character no surname of the next
    end = b - 1 if w[-1] in _NAME_TRAILERS and len(w) >= 3 else b
    return (a - 1, end) if 2 <= end - (a - 1) <= 3 else None


# How sure a name cut into a surname and a given name the tagger reads as a made-up word is.
SPLIT_NAME_SURE = 0.85


def _split_names(question: str, clean: str, words: list[tuple[int, int, str, str]]) -> Found:
    """Names the tagger cut into a surname it reads as a common word and a given name it reads as a
    made-up word ("公司的武 / 海龙 / 获得", "工程师那 / 宏博 / 以"): after 的 or a role noun, where a
    name stands in apposition, one character (a common surname, or any after a role noun) and a
    two-character word tagged nz / nr, then a verb, a preposition or a mark, are a name."""
    found: Found = []
    padded = [*words, (len(clean), len(clean), "", "x")]
    for (_, _, prev, _), (a, _, sur, _), (_, b, given, gflag), (_, _, _, nflag) in zip(
        padded, padded[1:], padded[2:], padded[3:], strict=False
    ):
        after_role = prev[-1:] in _ROLE_ENDS
        if not (prev == "的" or after_role) or len(sur) != 1 or not (sur in _SURNAMES or after_role):
            continue
        if (
            gflag in ("nz", "nr")
            and re.fullmatch(r"[\u4e00-\u9fff]{2}", given)
            and nflag.startswith(("v", "p", "c", "x"))
        ):
            if clean[a:b] not in question:
                found.append((a, b, SPLIT_NAME_SURE))
    return found


def person_spans(question: str, clean: str, view: str, apposition: bool = True) -> Found:
    """People's names: jieba's person words with a common surname, transliterated names (马克·吐温),
    and the name after a role word (部长孙某说; with `apposition`, also one the tagger cut after its
    surname: 钳工王立新, or before a given name the dictionary knows as a word: 卢 + 建国)."""
    found: Found = []
    words = _tagged(clean)
    for i, (a, b, w, flag) in enumerate(words):
        if flag.startswith("nr") and w not in question:
            sure = 0.9 if len(w) in (2, 3) and w[0] in _SURNAMES else 0.55
            found.append((a, b, sure))
            glued = _glued_name(clean, words, i)
            if glued and clean[glued[0] : glued[1]] not in question:
                found.append((*glued, 0.9))
    for (a, _, w, flag), (_, b, given, flag2) in zip(words, words[1:], strict=False):
        if len(w) == 1 and w in _SURNAMES and flag.startswith("nr") and flag2.startswith("nr"):
            if len(given) <= 2 and clean[a:b] not in question:
                found.append((a, b, 0.95))  # the tagger cut a name after its surname: 龚 + 志远
        elif (
            apposition
            and len(w) == 1
            and w in _SURNAMES
            and flag == "nr"
            and flag2 in CUT_GIVEN_FLAGS
            and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", given)
            and given not in STOPWORDS
            and clean[a:b] not in question
        ):  # a lone surname tagged as a name, then a given name the dictionary knows as a word (卢 + 建国)
            found.append((a, b, 0.9))
    for (_, _, role, _), (a, _, sur, _), (_, b, given, gflag) in zip(
        words, words[1:], words[2:], strict=False
    ):
        if (
            apposition
            and role[-1:] in _ROLE_ENDS
            and len(sur) == 1
            and sur in _SURNAMES
            and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", given)
            and given not in STOPWORDS
            and not gflag.startswith(("v", "p", "u", "c"))  # 职工方拿出: a verb after 方 is no given name
            and clean[a:b] not in question
        ):
            found.append(
                (a, b, 0.9)
            )  # 钳工王立新, 律师刘建平: a role noun, then the name, cut after its surname
    if apposition:
        found += _rare_surname_names(question, clean, words)
        found += _split_names(question, clean, words)
    for a, b in _foreign_names(words):
        if clean[a:b] not in question:
            found.append((a, b, 0.9))
    for m in _ROLE_NAME.finditer(clean):
        name = m.group("name")
        if name[0] in _SURNAMES and name not in question:
            found.append((m.start("name"), m.end("name"), 0.85))
        elif (
            apposition
            and len(name) == 3
            and name not in question
            and _SPEECH_NEXT.match(clean, m.end("name"))
        ):
            found.append((m.start("name"), m.end("name"), RARE_SURNAME_SURE))  # 主任虎秀兰说: a rare surname
    return found


# How sure a word ending in a place suffix is a place (less than jieba's place tag: 主席陈海 ends in 海).
SUFFIX_PLACE_SURE = 0.5
# A division word after a determiner (全市, 本县, 该区, 各乡, 我省) refers to a place the text names
# elsewhere, or to all of them; it is no name of its own.
_REFERRING_PLACE = re.compile(r"[全本该我各此同外][省市县区镇乡村州]$")
_PLACE_SUFFIX = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(自治区|特别行政区|省|市|县|区|镇|乡|村|街道|社区|州|岛|半岛|群岛|山|河|湖|海|港|湾|站|广场|公园|机场|国)"
)


# How much surer a place printed with the larger one it lies in (陕西榆林) is than either name alone:
# it says where as precisely as the report does.
NESTED_PLACE_GAIN = 0.1


# Conjunctions that join two nouns ("保温杯和柳州螺蛳粉"): inside a run that ends in a place suffix, the
# place's name starts after the last one.
_CONJUNCTIONS = frozenset("和与及、")


def _names_before_kind(word: tuple[int, int, str, str], suffix: str) -> bool:
    """Whether the token before a place-kind word is that place's name: a place word (河滨 / 区), or,
    before a kind word of two or more characters (服务区, 开发区, 街道), a name the tagger read as a
    person's or another proper noun (鹿寨 nr / 服务区): a proper noun before a kind word names one of
    that kind."""
    flag, text = word[3], word[2]
    if flag.startswith("ns"):
        return True
    return len(suffix) > 1 and len(text) >= 2 and flag.startswith(("nr", "nz"))


def place_spans(question: str, clean: str, view: str) -> Found:
    """Places: the word ending in the asked suffix (哪个县 -> …县), jieba's place words, words ending
    in a place suffix, and what stands between 在 and the question's verb (在哪里举行 -> 在河西举行)."""
    found: Found = []
    m = WHICH_PLACE.search(question)
    words = _tagged(clean)
    if m:
        suffix = m.group(1)
        for i, (a, b, w, _flag) in enumerate(words):
            start = a
            if w == suffix and i > 0 and _names_before_kind(words[i - 1], suffix):
                start = words[i - 1][0]  # jieba cut 河滨区 into 河滨 / 区, 鹿寨服务区 into 鹿寨 / 服务区
            if (
                len(w) == len(suffix) + 1
                and w.endswith(suffix)
                and i > 0
                and len(words[i - 1][2]) == 1
                and re.fullmatch(r"[\u4e00-\u9fff]", words[i - 1][2])
                and words[i - 1][2] not in _NAME_STOP
            ):
                start = words[i - 1][0]  # 米 / 东区: a place's own name has two characters or more
            name = clean[start:b]
            if suffix == "区" and name.endswith(OTHER_AREA_KINDS):
                continue  # 哪个区 asks a district, not the 工业园区 in it
            if name.endswith(suffix) and len(name) > len(suffix) + 1 and name not in question:
                found.append((start, b, 1.0))
    generic = 0.3 if m else 0.7  # 哪个省 is not answered by a place that is not a 省
    for i, (a, b, w, flag) in enumerate(words):
        if flag.startswith("ns") and len(w) >= 2 and w not in question:
            found.append((a, b, generic))
            j = i
            while j + 1 < len(words) and words[j + 1][3].startswith("ns") and words[j + 1][0] == words[j][1]:
                j += 1  # 陕西榆林, 广东东莞: a place printed with the larger one it lies in is one place
            if j > i and clean[a : words[j][1]] not in question:
                found.append((a, words[j][1], generic + NESTED_PLACE_GAIN))
    verb = re.search(r"在(?:哪里|哪儿|哪)([\u4e00-\u9fff]{1,2})", question)
    if verb:
        for hit in re.finditer(rf"在([^，。、；“”]{{2,12}}?){re.escape(verb.group(1))}", clean):
            found.append((hit.start(1), hit.end(1), 0.85))
    src = re.search(r"([\u4e00-\u9fff]{1,2})(?:哪里|哪儿)", question)
    if src and src.group(1) in clean and src.group(1) not in ("在",):
        at = clean.find(src.group(1)) + len(src.group(1))
        tail = re.split(r"[，。；！？]", clean[at:])[0].strip()
        if 1 < len(tail) <= 20:
            found.append((at, at + len(tail), 0.75))  # 来自哪里 -> what follows 来自
    for hit in _PLACE_SUFFIX.finditer(clean):
        a = hit.start()
        while a < hit.end() and clean[a] in _NAME_STOP:
            a += 1
        joins = [i for i in range(a + 1, hit.end() - 1) if clean[i] in _CONJUNCTIONS]
        if joins:
            a = joins[-1] + 1  # "保温杯和柳州": a place name holds no conjunction; the name is after it
        if _REFERRING_PLACE.search(clean[a : hit.end()]):
            continue  # "覆盖全市": 全市 refers to a place named elsewhere, and names none
        if hit.end() - a > len(hit.group(1)) and clean[a : hit.end()] not in question:
            found.append((a, hit.end(), SUFFIX_PLACE_SURE))
    return found


_ORG_SUFFIX = re.compile(
    r"(?:有限公司|公司|集团|委员会|协会|学会|联合会|大学|学院|学校|中学|小学|医院|银行|总工会|工会|局|厅|署|"
    r"中心|基金会|研究院|研究所|俱乐部|球队|队|出版社|电视台|报社|杂志社|党|政府|法院|检察院|联盟|商会|组织|厂|"
    r"管委会|办事处|指挥部)"
)


def organisation_spans(question: str, clean: str, view: str) -> Found:
    """Organisations: jieba's organisation words, a name ending in an organisation word (…公司, …大学),
    and a quoted title when the question asks for a periodical or a work (哪个杂志 -> 《…》)."""
    found: Found = []
    words = _tagged(clean)
    ends = {b for _, b, _, _ in words}
    for a, b, w, flag in words:
        if flag.startswith("nt") and w not in question:
            found.append((a, b, 0.8))
    for m in _ORG_SUFFIX.finditer(clean):
        if m.end() not in ends:
            continue  # 大学生, 公司化: the organisation word is part of a longer word
        a = m.start()
        while (
            a > 0 and m.end() - a < 20 and clean[a - 1] not in _NAME_STOP and _NAME_CHAR.match(clean[a - 1])
        ):
            a -= 1
        if m.end() - a > len(m.group(0)) and clean[a : m.end()] not in question:
            found.append((a, m.end(), 0.7))
    if re.search(r"杂志|报|刊|书|电视|节目|电影|作品|歌", question):
        found += [(a, b, 0.9) for a, b, _ in quoted_spans(view)]
    return found


_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z（）()·]")
_DATE_RE = re.compile(
    r"(?:公元前?)?[0-9]{1,4}\s*年(?:\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*[日号])?)?"
    r"(?:\s*[至到\-—－~]\s*[0-9]{1,4}\s*年?(?:[0-9]{1,2}\s*月)?(?:[0-9]{1,2}\s*[日号])?)?"
    r"|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号](?:\s*[至到\-—－~]\s*(?:[0-9]{1,2}\s*月\s*)?[0-9]{1,2}\s*[日号])?"
    r"|[0-9]{2,4}\s*年代|[0-9一二三四五六七八九十]{1,3}\s*世纪(?:[0-9]{2}\s*年代)?(?:初|中叶|末|初期|中期|末期)?"
    r"|[一二三四五六七八九〇零○]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)?"
    r"|[0-9]{1,2}\s*月(?:份|初|中旬|下旬|上旬|底)?"
)
_ERA_YEAR = re.compile(
    r"(?<![近连续过去这前后每])[\u4e00-\u9fff]{2}(?:元|[一二三四五六七八九十]{1,3}|[0-9]{1,2})年(?:（[0-9]{3,4}年）)?"
)


def date_spans(view: str) -> Found:
    """Dates and times: 1972年6月3日, 2015年, 6月3日, 1980年代, 19世纪, 二〇一九年, era years such as
    嘉靖三年（1524年）; a full date is surer than a month alone."""
    found: Found = []
    for m in _DATE_RE.finditer(view):
        t = m.group(0)
        end = m.end()
        paren = re.match(r"（[0-9]{3,4}年）|\([0-9]{3,4}年\)", view[end:])
        if paren:
            end += paren.end()
        sure = 1.0 if "月" in t and re.search(r"[日号]", t) else 0.9 if "年" in t or "世纪" in t else 0.6
        found.append((m.start(), end, sure))
    for m in _ERA_YEAR.finditer(view):
        found.append((m.start(), m.end(), 0.5))
    return found


# A clock time: 上午8时, 晚上8点, 下午5点半, 14:30 (what 几点 asks for).
_CLOCK_RE = re.compile(
    r"(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|夜里)?(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})[时点](?:[0-9]{1,2}分|半|整)?"
    r"|[0-9]{1,2}[:：][0-9]{2}(?![0-9])"
)
_ASKS_CLOCK = re.compile(r"几点|什么时刻")


def clock_spans(view: str) -> Found:
    """Clock times (上午8时, 晚上8点, 14:30), for a question asking 几点: sure when a part of the day or
    minutes say it is a time, less so a bare 8点 (a 点 is also a point of a list)."""
    found: Found = []
    for m in _CLOCK_RE.finditer(view):
        t = m.group(0)
        sure = 1.0 if re.match(r"[^0-9一二两三四五六七八九十]", t) or re.search(r"分|半|[:：]", t) else 0.7
        found.append((m.start(), m.end(), sure))
    return found


def asks_clock(question: str) -> bool:
    """Whether a question asks for the time of day (几点发车)."""
    return _ASKS_CLOCK.search(question) is not None


_QUOTE_RE = re.compile(r"“[^”]{1,40}”|「[^」]{1,40}」|《[^》]{1,40}》|『[^』]{1,40}』|\"[^\"]{1,40}\"")


def quoted_spans(view: str) -> Found:
    """Names in quotation marks or title marks: “启明星”, 《月刊Comic Blade》, 「J-One Records」."""
    return [(m.start(), m.end(), 0.9) for m in _QUOTE_RE.finditer(view)]


_ENUM_ITEM = r"[^，。；：、,;:！？!?\s]{1,16}"
_ENUM_RE = re.compile(rf"{_ENUM_ITEM}(?:、{_ENUM_ITEM})+(?:(?:和|及|与|以及|或|、){_ENUM_ITEM})?")


def enumeration_spans(view: str) -> Found:
    """Lists joined by 、 (湖南、湖北和江西; 纺织、机械、电子等行业): the first item is cut to about the
    length of the others, since the words before it belong to the whole list."""
    found: Found = []
    for m in _ENUM_RE.finditer(view):
        items = m.group(0).split("、")
        later = [re.sub(r"等.*$", "", x) for x in items[1:]]
        later = [y for x in later for y in re.split(r"和|及|与|以及|或", x) if y]
        rest = max((len(x) for x in later), default=len(items[-1]))
        first = items[0]
        keep = min(len(first), rest + 1)
        start = m.start() + len(first) - keep
        sure = 0.9 if len(items) >= 3 else 0.7
        found.append((start, m.end(), sure))
    return found
