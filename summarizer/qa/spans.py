"""Short answer spans inside a sentence: quantities with units, people, places, names of things.

Quantities are read by summarizer.quantities, the scanner key figures use too.

The offline answerer (summarizer.answering) picks the sentence; these functions cut the answer out of
it, and say which unit a "how many" question asks for.
"""

from __future__ import annotations

import re

from summarizer.lexicon import STOPWORDS, UNIT_WORDS
from summarizer.quantities import Quantity, find_quantities
from summarizer.tokens import jieba_words, normalise, pos_tokens

NAME_Q = re.compile(
    r"([\u4e00-\u9fff]{1,8})(?:叫什么名字|叫什么|的名字是什么|的名称是什么|名称是什么|什么名字)"
)
WHICH_PLACE = re.compile(r"哪(?:个|一个)?(省|市|县|区|镇|乡|街道|村|社区)")
_UNIT_RE = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
_Q_UNIT = re.compile(rf"(?:多少|几)(?:[万亿])?(?P<unit>{_UNIT_RE})")
_MONEY_WORDS = re.compile(r"钱|金额|善款|奖金|资金|款|费用|工资|收入|投资|投入|补贴|元")
_PERCENT_WORDS = re.compile(r"率|比例|占比|百分之|比重")
_TIME_WORDS = re.compile(r"多长时间|多久|历时")
FAMILIES: dict[str, str] = {"人": "person", "名": "person", "位": "person", "人次": "person-times"}
GENERIC_COUNTERS = {"个", "家", "所", "座", "支", "项", "件", "处", "条", "台", "种"}
_MONEY_UNITS = {"元", "万元", "亿元", "千元"}
_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?]")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁"
    "沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_ROLE_NAME = re.compile(
    r"(?:员|长|师|书记|主任|主席|经理|代表|职工|记者|居民|村民|工人|司机|农民|老板|队员|选手|教练|冠军|者)"
    r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?=说|表示|介绍|告诉|认为|称|坦言|笑着|榜上|正在|正|，|。|：|“)"
)


def expected_unit(question: str) -> tuple[str, str]:
    """The unit a 'how many' question asks for, and its family: ('名', 'person'), ('元', 'money'), ('%', 'percent')."""
    m = _Q_UNIT.search(question)
    if m:
        unit = m.group("unit")
        if unit in _MONEY_UNITS:
            return unit, "money"
        return unit, FAMILIES.get(unit, unit)
    if _PERCENT_WORDS.search(question):
        return "%", "percent"
    if _MONEY_WORDS.search(question):
        return "元", "money"
    if _TIME_WORDS.search(question):
        return "", "time"
    return "", ""


# ---- quantities in a sentence ------------------------------------------------------------------


def quantities(sentence: str) -> list[Quantity]:
    """Numbers with their unit and approximation words, as they read in the (normalised) sentence.

    Offsets index normalise(sentence). The scanner is the one key figures use; an answer may also
    be a count written in Chinese numerals, but a lone numeral ("两部", "一次性") is too often just
    a word, so those need a qualifier ("近百万元", "十余家") or two numeral characters ("三千人").
    """
    return [
        q for q in find_quantities(normalise(sentence)) if not q.chinese or q.qualifier or len(q.raw) >= 2
    ]


def unit_match(q_unit: str, q_family: str, qty: Quantity) -> float:
    """1 for the asked unit, 0.7 for its family (名/人), 0.3 when the question names none, 0 otherwise."""
    unit, base = qty.unit, qty.base_unit
    if q_family == "money":
        return 1.0 if base == "元" else 0.0
    if q_family == "percent":
        return 1.0 if unit == "%" else 0.0
    if q_family == "time":
        return 1.0 if base in ("个月", "年", "天", "小时", "分钟") else 0.0
    if not q_unit:
        return 0.3 if unit else 0.1
    if base == q_unit:
        return 1.0
    if q_unit in GENERIC_COUNTERS and base in GENERIC_COUNTERS:
        return 0.6  # 多少个 / 多少家 … 4家 / 13个: both just count things
    if FAMILIES.get(base) == q_family or (q_family == "person-times" and base == "次"):
        return 0.7
    if q_family == "person" and base == "人次":
        return 0.4
    return 0.0


_SEP = r"[，,；;：:。！？!?、]"


def number_window(sentence_norm: str, qty: Quantity, others: list[Quantity]) -> str:
    """The words that say what a number counts: its clause, cut at 、 and at the neighbouring numbers.

    In a list ("省级以上劳模24人、烟台劳模154人") the words before the first item are shared by all
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
    if verb:  # 在哪里举行 -> 在昭通举行
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
    if (
        named
    ):  # the name in quotes right before (or after) the thing asked about: “向日葵”职工心理关爱服务中心
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
    """'在市法院设立了什么' -> what follows 设立 in the sentence: '工会调解室'.

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
