"""The offline engine's answers: pick the sentence that answers, cut the short answer span out of it.

No model: a question is classified (how many / who / where / what), every sentence of the retrieved
articles is scored by how much of the question it covers (weighted by how rare each word is among
the candidates), and for a "how many" question the quantity whose unit and neighbouring words match
the question wins. When the best sentence does not cover the question well enough, the answer is
"not found" rather than an unrelated sentence: a wrong answer is worse than none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .schemas import Answer, Citation, Passage
from .text import find_numbers, parse_cn_number, split_sentences
from .tokens import STOPWORDS, jieba_words, normalise, query_tokens, tokenize

NOT_FOUND = "not found in the corpus（语料中未找到答案）"

# Minimum confidence (0..1) for an answer; below it the question is refused.
MIN_SENTENCE_COVERAGE = 0.2
MIN_ARTICLE_COVERAGE = 0.55
MIN_CONFIDENCE = 0.45

_FIGURE_Q = re.compile(
    r"多少|几[个名人次家部件户年天岁项条支场所座批种位只]|几|多长|多久|多大|多高|多重|多远|百分之|比例|占比"
)
_WHO_Q = re.compile(r"谁|哪位|叫什么名字|什么名字|什么人|姓名")
_NAME_Q = re.compile(
    r"([\u4e00-\u9fff]{1,8})(?:叫什么名字|叫什么|的名字是什么|的名称是什么|名称是什么|什么名字)"
)
_PERSON_NOUNS = (
    r"(?:员|人|者|工|师|长|手|生|家|士|官|星|模|匠|兵|户|民|姐|哥|娘|爷|叔|姨"
    r"|书记|主任|主席|经理|代表|指导|教练|委员|董事)"
)
_WHERE_Q = re.compile(
    r"哪里|哪儿|在哪|何地|何处|什么地方|哪个(?:地方|城市|省|市|县|区|镇|乡|街道|村|社区)|哪些地方"
)
_WHICH_PLACE = re.compile(r"哪(?:个|一个)?(省|市|县|区|镇|乡|街道|村|社区)")

UNITS = (
    "人次 万元 亿元 千元 元 个月 个 部 户 次 人 名 位 家 件 轮 支 项 场 所 座 条 台 辆 套 批 期 届 种 只 头 本 册 张 篇"
    " 块 间 栋 处 倍 岁 年 天 小时 分钟 公里 千米 平方米 米 亩 吨 公斤 千克 斤 万 亿".split()
)
_UNIT_RE = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
_QUANTITY_TAIL = re.compile(rf"\s*(?P<approx>[余多])?\s*(?P<scale>[万亿])?\s*(?P<unit>{_UNIT_RE})?")
_CN_QUANTITY = re.compile(
    rf"(?P<q>将近|大约|超过|近|约|逾|超)?(?P<num>[一二两三四五六七八九十百千]+[万亿]?)(?P<approx>[余多])?(?P<unit>{_UNIT_RE})"
)
_QUALIFIER_BEFORE = re.compile(r"(?:将近|大约|超过|近|约|逾|超|达)$")
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


@dataclass
class Candidate:
    """One sentence that might answer, with where it came from and how well it covers the question."""

    passage: Passage
    sentence: str
    position: int
    coverage: float = 0.0
    context: float = 0.0
    score: float = 0.0
    span: str = ""
    notes: list[str] = field(default_factory=list)


# ---- question analysis -------------------------------------------------------------------------


def question_kind(question: str) -> str:
    """figure | who | where | what: decides which kind of span the answer is."""
    named = _NAME_Q.search(question)
    if named and not re.search(_PERSON_NOUNS + "$", named.group(1)):
        return "what"  # "服务中心叫什么名字" asks for a name, not for a person
    if _WHO_Q.search(question):
        return "who"
    if _WHERE_Q.search(question) or _WHICH_PLACE.search(question):
        return "where"
    if _FIGURE_Q.search(question):
        return "figure"
    return "what"


def split_question(question: str) -> list[str]:
    """'哪个县…？哪个区…？' -> two questions; a single question comes back as itself."""
    parts = [p.strip() for p in re.split(r"[？?；;]+", question) if p.strip()]
    out: list[str] = []
    for p in parts:
        pieces = [x.strip() for x in re.split(r"[，,]", p) if x.strip()]
        asking = [x for x in pieces if question_kind(x) != "what" or re.search(r"什么|哪", x)]
        if len(pieces) > 1 and len(asking) > 1 and all(len(tokenize(x)) >= 2 for x in asking):
            out.extend(asking)
        else:
            out.append(p)
    return [q + "？" for q in out] or [question]


_WH = re.compile(r"多少|几|哪|谁|什么|怎么|如何|何")
_ASKED = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:是|为)(?:多少|什么|哪|谁)")


def _focus_parts(question: str) -> tuple[list[str], list[str], list[str]]:
    """(must, before, after): the asked-about noun, and the words just before / after the question word."""
    q = normalise(question)
    must: list[str] = []
    m = _ASKED.search(q)
    if m:
        words = [w for w in jieba_words(m.group(1)) if w not in STOPWORDS]
        if words:
            must.append(words[-1])
    wh = _WH.search(q)
    if not wh:
        return must, [], []
    clause_start = max(q.rfind(ch, 0, wh.start()) for ch in "，,；;？?") + 1
    before = [w for w in jieba_words(q[clause_start : wh.start()]) if w not in STOPWORDS and len(w) > 1]
    after_text = re.split(r"[，,；;？?]", q[wh.end() :])[0]
    after = [w for w in jieba_words(after_text) if w not in STOPWORDS and w not in UNITS and len(w) > 1]
    return must, before[-2:], after[:2]


def focus_terms(question: str) -> tuple[list[str], list[str]]:
    """(must, any): words next to the question word that an answering sentence has to contain.

    "一等奖的奖金是多少" must mention 奖金; "收集了多少个参赛作品" must mention 收集 or 参赛作品.
    This is what keeps an unanswerable question from being answered with a merely related sentence.
    """
    must, before, after = _focus_parts(question)
    return must, before + after


def has_focus(sentence: str, focus: tuple[list[str], list[str]]) -> bool:
    s = normalise(sentence)
    must, any_ = focus
    if any(w not in s for w in must):
        return False
    return not any_ or any(w in s for w in any_)


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


@dataclass
class Quantity:
    span: str  # as printed after normalisation: "近400万元", "200余名", "97.34%"
    unit: str
    start: int
    end: int
    is_date: bool


def quantities(sentence: str) -> list[Quantity]:
    """Numbers with their unit and approximation words, as they read in the (normalised) sentence."""
    s = normalise(sentence)
    out: list[Quantity] = []
    for n in find_numbers(s):
        tail = _QUANTITY_TAIL.match(s, n.end)
        unit = ""
        end = n.end
        if tail and (tail.group("unit") or tail.group("scale")):
            unit = (tail.group("scale") or "") + (tail.group("unit") or "")
            end = tail.end()
        if n.percent:
            unit = "%"
        if n.scale and unit and not unit.startswith(n.scale):
            unit = n.scale + unit
        before = _QUALIFIER_BEFORE.search(s[: n.start])
        start = before.start() if before and before.group(0) != "达" else n.start
        is_date = (
            unit in ("月", "日")
            or s[n.end : n.end + 1] in ("月", "日")
            or s[max(0, n.start - 1) : n.start] == "第"
        )
        is_date = is_date or (unit == "年" and 1900 <= n.number <= 2100)
        out.append(
            Quantity(span=s[start:end].replace(" ", ""), unit=unit, start=start, end=end, is_date=is_date)
        )
    for m in _CN_QUANTITY.finditer(s):  # "近百万元", "三千余人": Chinese numerals with a scale or qualifier
        numeral, qualifier = m.group("num"), m.group("q") or ""
        if (
            parse_cn_number(numeral.rstrip("万亿") or numeral) is None
            or s[max(0, m.start() - 1) : m.start()] == "第"
        ):
            continue
        if not (qualifier or m.group("approx") or len(numeral) >= 2):
            continue  # "一次性", "两部": a lone numeral is too often just a word
        if any(q.start <= m.start() < q.end for q in out):
            continue
        unit = ("万" if numeral.endswith("万") else "亿" if numeral.endswith("亿") else "") + m.group("unit")
        out.append(Quantity(span=m.group(0), unit=unit, start=m.start(), end=m.end(), is_date=False))
    out.sort(key=lambda q: q.start)
    return out


def unit_match(q_unit: str, q_family: str, unit: str) -> float:
    """1 for the asked unit, 0.7 for its family (名/人), 0.3 when the question names none, 0 otherwise."""
    base = unit[1:] if unit[:1] in "万亿千" and len(unit) > 1 else unit
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


# ---- scoring -----------------------------------------------------------------------------------


def _weights(q_tokens: Sequence[str], docs: Sequence[set[str]]) -> dict[str, float]:
    """Rarer words among the candidate sentences say more about which one answers."""
    n = max(len(docs), 1)
    w: dict[str, float] = {}
    for t in dict.fromkeys(q_tokens):
        df = sum(1 for d in docs if t in d)
        w[t] = math.log(1 + (n + 1) / (df + 0.5)) * (1.5 if t.startswith("#") else 1.0)
    return w


def _cover(weights: dict[str, float], tokens: set[str]) -> float:
    total = sum(weights.values())
    return sum(v for t, v in weights.items() if t in tokens) / total if total else 0.0


def _candidates(question: str, passages: Sequence[Passage]) -> list[Candidate]:
    q = list(query_tokens(question))
    cands: list[Candidate] = []
    sent_tokens: list[set[str]] = []
    art_tokens: list[set[str]] = []
    for p in passages:
        head = set(tokenize(p.title))
        sents = split_sentences(p.text) or [p.title]
        toks = [set(tokenize(s)) for s in sents]
        whole = head.union(*toks)
        for i, (s, t) in enumerate(zip(sents, toks, strict=True)):
            cands.append(Candidate(passage=p, sentence=s, position=i))
            sent_tokens.append(t)
            art_tokens.append(whole)
    if not q or not cands:
        return cands
    w = _weights(q, sent_tokens)
    top = max((p.score for p in passages), default=0.0) or 1.0
    for c, st, at in zip(cands, sent_tokens, art_tokens, strict=True):
        c.coverage = _cover(w, st)
        c.context = _cover(w, at)
        c.score = 0.6 * c.coverage + 0.3 * c.context + 0.1 * (c.passage.score / top)
    return cands


_SEP = r"[，,；;：:。！？!?、]"


def _window(sentence_norm: str, qty: Quantity, others: list[Quantity]) -> str:
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


def _share(words: list[str], text: str) -> float:
    return sum(1 for w in words if w in text) / len(words) if words else 0.0


def _best_figure(question: str, cands: list[Candidate]) -> tuple[Candidate, str, float] | None:
    """The (sentence, quantity) whose unit is the one asked for and whose neighbours are the question's."""
    q_unit, q_family = expected_unit(question)
    q_all = query_tokens(question)
    q_set = {t for t in q_all if not t.startswith("#")}
    q_numbers = {t for t in q_all if t.startswith("#")}
    _, before, after = _focus_parts(question)
    best: tuple[float, Candidate, str] | None = None
    for c in cands:
        if c.coverage <= 0:
            continue
        if after and after[0] not in normalise(c.sentence):
            continue  # "多少名律师": a sentence that never mentions 律师 cannot count them
        s = normalise(c.sentence)
        found = quantities(c.sentence)
        for qty in found:
            if qty.is_date and q_family != "time":
                continue
            if any(t in q_numbers for t in tokenize(qty.span)):
                continue  # the question's own numbers are not its answer
            um = unit_match(q_unit, q_family, qty.unit)
            if um == 0:
                continue
            window = _window(s, qty, [o for o in found if o is not qty])
            near_q = len(set(tokenize(window)) & q_set) / max(len(q_set), 1)
            if before and after:
                near_focus = 0.2 * _share(before, window) + 0.8 * _share(after, window)
            else:
                near_focus = _share(before or after, window)
            total = 0.5 * c.score + 0.25 * um + 0.15 * near_q + 0.4 * near_focus
            if best is None or total > best[0]:
                best = (total, c, qty.span)
    if best is None:
        return None
    return best[1], best[2], best[0]


def _person(question: str, c: Candidate) -> str:
    import jieba.posseg as pseg  # loads a tagging model: only when a who-question needs it

    names: list[str] = []
    for w in pseg.lcut(c.sentence):
        if w.flag == "nr" and len(w.word) in (2, 3) and w.word[0] in _SURNAMES:
            names.append(w.word)
    names += [m.group("name") for m in _ROLE_NAME.finditer(c.sentence) if m.group("name")[0] in _SURNAMES]
    names = [n for n in dict.fromkeys(names) if n not in question]
    return names[0] if names else ""


def _place(question: str, c: Candidate) -> str:
    import jieba.posseg as pseg

    m = _WHICH_PLACE.search(question)
    words = pseg.lcut(c.sentence)
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
        hit = re.search(rf"在([^，。、；“”]{{2,12}}?){re.escape(verb.group(1))}", c.sentence)
        if hit:
            return hit.group(1)
    src = re.search(r"([\u4e00-\u9fff]{1,2})(?:哪里|哪儿)", question)
    if src and src.group(1) in c.sentence:  # 来自哪里 -> what follows 来自 in the sentence
        tail = c.sentence.split(src.group(1), 1)[1]
        span = re.split(r"[，。；！？]", tail)[0].strip()
        if 1 < len(span) <= 40:
            return span
    for w in words:
        if w.flag == "ns" and w.word not in question:
            return w.word
    return ""


def _what(question: str, c: Candidate) -> str:
    named = _NAME_Q.search(question)
    if (
        named
    ):  # the name in quotes right before (or after) the thing asked about: “向日葵”职工心理关爱服务中心
        words = [w for w in jieba_words(named.group(1)) if len(w) > 1 and w not in STOPWORDS]
        for w in reversed(words):
            hit = re.search(rf"“([^”]{{1,30}})”[^，。；“”]{{0,12}}{re.escape(w)}", c.sentence) or re.search(
                rf"{re.escape(w)}[^，。；“”]{{0,6}}“([^”]{{1,30}})”", c.sentence
            )
            if hit:
                return hit.group(1)
    span = _after_verb(question, c.sentence)
    if span:
        return span
    m = re.search(r"([\u4e00-\u9fff]{1,4})(?:是|为)什么", question)
    if m:
        key = m.group(1)[-2:]
        hit = re.search(rf"“([^”]{{2,40}})”为{re.escape(key)}", c.sentence) or re.search(
            rf"{re.escape(key)}(?:是|为)“([^”]{{2,40}})”", c.sentence
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


# ---- the answer --------------------------------------------------------------------------------


def _citation(c: Candidate) -> Citation:
    return Citation(
        page=c.passage.page, article_index=c.passage.article_index, title=c.passage.title, quote=c.sentence
    )


def _refuse(confidence: float) -> tuple[Answer, float]:
    return Answer(answer=NOT_FOUND, answerable=False), confidence


def _lead_place(question: str, best: Candidate, cands: list[Candidate]) -> tuple[str, Candidate | None]:
    """'哪个县…' answered by a fact sentence that does not name the county: take it from the same article."""
    for c in cands:
        if c.passage is best.passage and c is not best and (span := _place(question, c)):
            return span, c
    return "", None


def answer_one(question: str, passages: Sequence[Passage]) -> tuple[Answer, float]:
    """Answer a single (not compound) question; the float is the confidence in [0, ~1.2]."""
    cands = _candidates(question, passages)
    if not cands:
        return _refuse(0.0)
    kind = question_kind(question)
    if kind == "what" and len({t for t in query_tokens(question) if not t.startswith("#")}) < 2:
        return _refuse(0.0)  # "去年呢？" alone says too little to pick a sentence
    focus = focus_terms(question)
    cands.sort(key=lambda c: (-c.score, c.position))
    usable = [c for c in cands[:40] if has_focus(c.sentence, focus)]
    if not usable:
        return _refuse(0.0)
    best = usable[0]
    span = ""
    confidence = best.score
    extra: Candidate | None = None
    if kind == "figure":
        found = _best_figure(question, usable)
        if found is None:
            return _refuse(0.0)
        best, span, confidence = found
    elif kind in ("who", "where"):
        pick = _person if kind == "who" else _place
        for c in usable[:3]:
            if span := pick(question, c):
                best = c
                break
        if not span and kind == "where" and _WHICH_PLACE.search(question):
            span, extra = _lead_place(question, best, cands)
        if not span:
            return _refuse(best.score)
    else:
        span = _what(question, best)
    if (
        best.coverage < MIN_SENTENCE_COVERAGE
        or best.context < MIN_ARTICLE_COVERAGE
        or confidence < MIN_CONFIDENCE
    ):
        return _refuse(confidence)
    cites = [_citation(best)] + ([_citation(extra)] if extra else [])
    return Answer(answer=span or best.sentence, answerable=True, citations=cites), confidence


def answer_from_passages(question: str, passages: Sequence[Passage]) -> Answer:
    """The offline engine's answer: a short span plus the cited sentence, or an honest 'not found'."""
    subs = split_question(question)
    if len(subs) == 1:
        return answer_one(question, passages)[0]
    answers = [answer_one(q, passages)[0] for q in subs]
    if not any(a.answerable for a in answers):
        return Answer(answer=NOT_FOUND, answerable=False)
    text = "；".join(
        a.answer if a.answerable else f"{q.rstrip('？')}：{NOT_FOUND}"
        for q, a in zip(subs, answers, strict=True)
    )
    cites: list[Citation] = []
    for a in answers:
        for c in a.citations:
            if c not in cites:
                cites.append(c)
    return Answer(answer=text, answerable=True, citations=cites)
