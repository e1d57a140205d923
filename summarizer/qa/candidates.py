"""Candidate short answers, scored: typed spans, alignment slots, names, whole sentences.

Every candidate's score starts from its sentence's relevance and adds how well its edges line up with
the question's words (align), how surely it is of the expected type (typed), and loses what the
question states that its sentence or passage lacks (names, the words next to the interrogative, an
enumeration for a list question, a comparison for a superlative one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.lexicon import DIMENSION_UNITS, LIGHT_VERBS, MEASURE_NAMES, PRESENT_WORDS, UNIT_WORDS
from summarizer.qa.align import CLAUSE_PUNCT, MAX_SPAN, Aligner, align_spans, balanced, trim
from summarizer.qa.counted import clause_of, counts_other_thing, says_event
from summarizer.qa.question import (
    ASKS_WORK,
    ATTRIBUTE_NOUN,
    ENTITY_TYPES,
    FUNDS_NOUNS,
    QUOTED,
    SLOT_NOUNS,
    Question,
)
from summarizer.qa.rerank import entity_share
from summarizer.qa.respective import respective_item
from summarizer.qa.sentences import Sentence, mentions, mentions_kin, quantities_of, said_with, view_of
from summarizer.qa.spans import MONEY_UNITS, WHICH_PLACE, asked_verb, number_window, share, what_span
from summarizer.qa.typed import figure_spans, kin_of, names_a_place, typed_spans
from summarizer.quantities import Quantity
from summarizer.tokens import pos_tokens, tokenize

# Sentences per question that spans are cut from (best relevance first).
SPAN_SENTENCES = 10

# How a span's score adds to its sentence's relevance: boundary alignment, type fit, words repeated.
W_ALIGN, W_TYPE, W_INSIDE = 0.4, 0.3, 0.3

# A figure's: its unit's match, the question's words next to it, its edges' alignment.
W_UNIT, W_FOCUS, W_FIGURE_ALIGN = 0.25, 0.4, 0.15

# What a figure loses when the words next to it do not name what the question counts.
W_HEAD_MISS = 0.15
# ... when the noun printed right after it is another thing (summarizer.qa.counted), and what it gains
# when its own clause says the question's verb (the asked event).
W_OTHER_THING = 0.3
W_EVENT = 0.2
# A question that names a year asks that year's figure: one its clause gives as a running total over
# the years (累计, 历年, 先后) loses W_RUNNING unless the question asks a running total too.
W_RUNNING = 0.3
_RUNNING = re.compile(r"累计|累积|历年|先后|以来|至今|总计")
# A figure printed as a cap (最高30万元, 每人最多5000元) says what one case may get, not what was given:
# a question that asks no cap (最高, 上限) asks the figure itself, and a cap loses W_CAP.
W_CAP = 0.3
CAP_REACH = 3
_CAP_BEFORE = re.compile(r"最高|最多|上限|封顶|不超过")
_ASKS_CAP = re.compile(r"最高|最多|上限|封顶|不超过|最大|至多|顶格")
# A figure that 分别 pairs with the list item the question names gains W_RESPECTIVE; the list's other
# figures lose it (summarizer.qa.respective).
W_RESPECTIVE = 0.4

# A slot holding an entity of the asked type is at most this long to be answered whole (characters).
SLOT_MAX = 20

SLOT_BONUS = 0.05

# What a whole-sentence answer adds to its relevance, by answer type (the rest compete with spans).
# What a candidate loses when its passage lacks the names the question states (in proportion), and
# when its sentence (and title) has none of the words next to the interrogative.
W_ENTITY_MISS = 0.8

W_NEAR_MISS = 0.2

# ... and, for a typed answer, in proportion to the words next to the interrogative it lacks.
W_NEAR_PART = 0.9

W_NEAR_PART_SENTENCE = 0.3

# A word named elsewhere in the article (the event's name in its first sentence) is missing only this much.
NEAR_IN_ARTICLE = 0.25

# ... and when none of the words right after the interrogative (what is asked about) is there.
W_AFTER_MISS = 0.2

# A list question's sentence without an enumeration (、 or 和/及 between names) loses this much.
W_LIST_MISS = 0.3

# A question asking for the most / first of something, answered by a sentence that compares nothing.
W_SUPERLATIVE_MISS = 0.3

# A sentence that opens with the part a description is asked of ("叶为卵形…" for "X的叶是什么样
# 子") is about that part: within its first ASPECT_OPENING characters, it gains W_ASPECT_OPEN (half of
# it for the part's head character alone: "其叶…" for 树叶).
ASPECT_OPENING = 6
W_ASPECT_OPEN = 0.3

# A candidate loses this much in proportion to the question's topic words (Question.topic) its
# passage lacks, measured against the retrieved passage that has the most of them (a topic no
# passage names says nothing).
W_TOPIC_MISS = 0.3

# "走访车站慰问司机的是哪个单位" (a cleft: the doer of what precedes 的是) and "由谁开发": the asked is
# the agent of the question's verb, which in the sentence stands before that verb (SVO: "某某总工会
# 走进园区…"); a name printed after it is its object. A name ending at most AGENT_GAP characters
# before the verb gains W_AGENT; one after it in its clause loses as much.
W_AGENT = 0.3
AGENT_GAP = 4
_CLEFT = re.compile(r"^(.+?)的(?:是|为)(?:哪|谁)")
# One-character noun suffixes of people (快递员, 劳动者): the word before one is no verb.
_AGENT_SUFFIXES = frozenset("员 者 工 人 师 生 户 手".split())
_BY_WHOM = re.compile(r"由(?:谁|哪[\u4e00-\u9fff]{0,4}?(?:单位|部门|机构|公司|企业|家|个|位|方))([\u4e00-\u9fff]{2,4})")


def agent_verb(q: Question) -> str:
    """The verb whose doer the question asks (see W_AGENT), or ""."""
    if q.atype not in ("organisation", "person"):
        return ""
    text = QUOTED.sub("，", q.text)
    cleft, by = _CLEFT.search(text), _BY_WHOM.search(text)
    part = cleft.group(1) if cleft else by.group(1) if by else ""
    tokens = pos_tokens(part)
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
        if nxt in _AGENT_SUFFIXES:
            continue  # 快递 of 快递员: a noun's first part, no verb
        if t.flag.startswith("v") and len(t.word) >= 2 and t.word not in LIGHT_VERBS:
            return t.word
    return ""


def _agent_side(view: str, start: int, end: int, verb: str) -> float:
    """+1 when the span ends right before the verb (its doer), -1 when the verb stands before the
    span in its clause (the span is its object, unless it heads a relative clause), else 0."""
    clause_lo = max(view.rfind(c, 0, start) for c in CLAUSE_PUNCT) + 1
    at = view.find(verb, end)
    if 0 <= at - end <= AGENT_GAP and not any(c in view[end:at] for c in CLAUSE_PUNCT):
        return 1.0
    before = view.rfind(verb, clause_lo, start)
    if before < 0:
        return 0.0
    # "管理这座场站的某公司": a verb opening its clause and a name after its 的 is a relative
    # clause and its head, the doer; with a subject before the verb, what follows is its object.
    relative = "的" in view[before:start] and len(view[clause_lo:before].strip()) < 2
    return 0.0 if relative else -1.0


# A place right after a verb that locates (位于, 坐落于, 地处, 生于 …) is where something is, not a place
# merely named: it gains this much for a where-question.
W_LOCATIVE = 0.15
_LOCATIVE = re.compile(
    r"(?:位于|坐落于?|座落于?|地处|处于|设在|设于|地址|生于|出生于|发现于|分布于|源于|发源于)[：:]?$"
)

# A short phrase cut after the question's verb (开设了什么 -> 法律咨询窗口) is at most this long.
WHAT_SPAN_MAX = 8

WHAT_SPAN_BONUS = 0.25

# A name cut after the question's own name word (别名 …) in the sentence.
NAME_KEY_BONUS = 0.35
# A title in 《…》 for a question asking a work (哪部法规): the form the answer takes in print.
TITLE_BONUS = 0.5

# A whole sentence also stands for a question whose typed span was not found, but lower (negative).
SENTENCE_PRIOR = {
    "name": 0.0,
    "definition": 0.5,
    "reason": 0.5,
    "manner": 0.5,
    "description": 0.5,
    "other": 0.2,
    "list": 0.15,
}

SENTENCE_FALLBACK = -0.4

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:]")

# Words that announce a name in the text as in the question: 原名, 简称, 别名 … (what follows is the name).
_NAME_KEYS = (
    ("别名", "别称", "又名", "又称", "俗称", "亦称", "也称", "一名", "又叫", "俗名"),
    ("原名", "前称", "旧称", "旧名", "曾用名", "本名"),
    ("简称", "缩写", "略称"),
    ("全称", "全名"),
    ("昵称", "绰号", "外号", "诨号"),
    ("学名",),
    ("称号", "美誉", "誉为", "美称"),
    ("艺名", "笔名", "字号", "号称"),
)

_NAME_KEY = re.compile("|".join(sorted({k for g in _NAME_KEYS for k in g}, key=len, reverse=True)))

# A title in 书名号, the mark of a work's name (a law, a book, a film).
_TITLE = re.compile(r"《[^《》]{1,40}》")

_PLACE_CLASS = re.compile(r"^哪些(?:国家|地区|城市|省份|省|市|县|地方|地点|国)")

_SUPERLATIVE = re.compile(r"最|第一|居首|之首|领先|超过|高于|低于|多于|少于")

_LISTS = re.compile(
    r"[^，。；、]{1,16}、[^，。；、]{1,16}|[\u4e00-\u9fff]{2,8}(?:和|及|与|以及)[\u4e00-\u9fff]{2,8}"
)


@dataclass
class Span:
    """A candidate short answer: where it stands and how it scores."""

    sentence: Sentence
    start: int
    end: int
    text: str
    score: float = 0.0
    kind: str = ""  # which generator found it: figure, id, entity, align, sentence, yesno
    notes: list[str] = field(default_factory=list)


def near_parts(q: Question) -> tuple[list[str], list[str]]:
    """The question's words just before and just after its interrogative (as in Question.near)."""
    if not q.wh:
        return [], []
    before = [w for w in q.near if q.text.find(w) < q.wh[0]]
    after = [w for w in q.near if q.text.find(w) >= q.wh[1]]
    return before, after


def has_focus(q: Question, s: Sentence) -> bool:
    """The asked-about noun (and one word next to the interrogative) must be in the sentence or its
    passage's title (the subject a passage is about goes unsaid in most of its sentences), or the
    sentence before one that opens with a pronoun."""
    text = said_with(s)
    if any(
        not mentions_kin(text, w)
        and not (q.is_figure and (states_attribute(s.view, w) or dimension_said(s.view, w)))
        and not _said_as_whole(w, s)
        for w in q.must
    ):
        return False
    return not q.near or any(
        mentions_kin(text, w) or _kin_said(text, w) or _per_unit_said(text, w) for w in q.near
    )


def _per_unit_said(text: str, word: str) -> bool:
    """Whether a one-of-a-unit word of the question (一份, 一晚, 一次: 一 + a measure word) is said as
    每 + the measure word (每份10元): "一份卖多少钱" asks the price per 份, which is how 每份 prints it."""
    return len(word) == 2 and word[0] == "一" and word[1] in UNIT_WORDS and "每" + word[1] in text


def _kin_said(text: str, word: str) -> bool:
    """Whether the text says a verb naming the word's act in other words (带回 ~ 带着: lexicon.VERB_KIN):
    a question's writer paraphrases the article's verb."""
    return any(k in text for k in kin_of(word))


# A place named with one of these is referred to afterwards as 全区 / 本市 / 该县.
_PLACE_SUFFIX = re.compile(r"[\u4e00-\u9fff]{2,}([省市县区镇乡村州])$")


def _said_as_whole(place: str, s: Sentence) -> bool:
    """Whether the sentence speaks of the place as 全区 / 本市 / 该县 and its passage names the place: a
    report names its place once, early, and refers to it by its kind after that."""
    m = _PLACE_SUFFIX.match(place)
    if m is None or place not in view_of(s.passage.title + " " + s.passage.text):
        return False
    return any(w + m.group(1) in s.view for w in ("全", "本", "该"))


# How far (characters) an attribute's character may stand from the figure that states it.
ATTRIBUTE_REACH = 4

_DIGIT = re.compile(r"[0-9零〇一二两三四五六七八九十百千万]")


def dimension_said(view: str, word: str) -> bool:
    """Whether a noun naming a dimension (距离, 总额: lexicon.DIMENSION_UNITS) is said by a figure in
    one of its units ("步行约5公里" says a distance; "发放助学金960万元" an amount)."""
    units = DIMENSION_UNITS.get(word)
    if not units:
        return False
    for x in quantities_of(view):
        if x.base_unit in units and not x.is_date:
            # a total (总额, 总长) is said by a figure its clause gives as one (共, 累计 …)
            if not word.startswith("总") or _TOTAL_MARK.search(clause_of(view, x.start, x.end)):
                return True
    return False


# Words that give a figure as a total: "累计为2100名学生发放助学金960万元".
_TOTAL_MARK = re.compile(r"(?<![公])共|累计|总计|合计|总额|总量|总数|总金额|总投入|总价")


def states_attribute(view: str, word: str) -> bool:
    """An attribute noun (体重, 长度, 高度, 年龄 …) is said by its figure and its attribute character
    next to the number: "成年后约30公斤重", "叶片长约6厘米" state a 体重 and a 长度 without the word (a
    会长 is no length: its 长 stands by no number)."""
    if ATTRIBUTE_NOUN.match(word) is None:
        return False
    mark = word[0] if word[-1] in "度量" else word[-1]  # 长度 -> 长, 高度 -> 高; 体重 -> 重, 身高 -> 高
    for m in re.finditer(re.escape(mark), view):
        near = (
            view[max(0, m.start() - ATTRIBUTE_REACH) : m.start()] + view[m.end() : m.end() + ATTRIBUTE_REACH]
        )
        if _DIGIT.search(near):
            return True
    return False


def _figure_focus(q: Question, s: Sentence, start: int, end: int) -> float:
    """How well the words around a number are the question's words next to its interrogative."""
    found = quantities_of(s.view)
    me = next((x for x in found if x.start == start), None)
    if me is None:
        window = s.view[max(0, start - 12) : start] + " " + s.view[end : end + 8]
    else:
        window = number_window(s.view, me, _bounding(found, me))
    before, after = near_parts(q)
    if before and after:
        return 0.2 * share(before, window) + 0.8 * share(after, window)
    return share(before or after, window)


def figure_window(s: Sentence, start: int, end: int) -> str:
    """The words that say what the number at [start, end) counts (see spans.number_window)."""
    found = quantities_of(s.view)
    me = next((x for x in found if x.start == start), None)
    if me is None:
        return s.view[max(0, start - 12) : start] + " " + s.view[end : end + 8]
    return number_window(s.view, me, _bounding(found, me))


def _bounding(found: Sequence[Quantity], me: Quantity) -> list[Quantity]:
    """The other numbers that end a number's window: a lone Chinese numeral with no measure word is a
    part of a word ("两新", "三八"), not a figure that says something of its own."""
    return [o for o in found if o is not me and not (o.chinese and not o.unit and len(o.raw) < 2)]


def _slots(q: Question, s: Sentence, aligner: Aligner, found: tuple[dict, dict]) -> list[Span]:
    """Alignment spans of a sentence, trimmed, with their boundary support as the score (for now)."""
    out = []
    seen: set[tuple[int, int]] = set()
    for a, b in align_spans(q, s, aligner):
        a2, b2 = trim(s.clean, a, b)
        if b2 - a2 < 1 or b2 - a2 > MAX_SPAN or (a2, b2) in seen or not balanced(s.clean[a2:b2]):
            continue
        if not _CJK.search(s.view[a2:b2]) and not re.search(r"[0-9a-z]", s.view[a2:b2]):
            continue
        seen.add((a2, b2))
        out.append(Span(s, a2, b2, s.clean[a2:b2], aligner.support(s.view, a, b, found), "align"))
    return out


def _entity_candidates(q: Question, s: Sentence, aligner: Aligner, found: tuple[dict, dict]) -> list[Span]:
    """Entity questions: a slot that holds an entity of the asked type is the answer (the whole slot
    when it is short: 位于[河西县石桥镇的清溪河畔]); an entity alone is one too."""
    typed = typed_spans(q, s)
    if not typed:
        return []
    text = said_with(s)
    if any(not mentions_kin(text, w) for w in q.must):
        return []  # "河滨区的区长是谁": a sentence that names no 区长 (nor its kin: 冠军 ~ 第一名) names none
    out = []
    for a, b, sure in typed:
        align = aligner.support(s.view, a, b, found)
        inside = aligner.inside(s.view, a, b)
        out.append(Span(s, a, b, s.clean[a:b], _mix(s, align, sure, inside), "entity"))
    for slot in _slots(q, s, aligner, found):
        inner = [(a, b, sure) for a, b, sure in typed if slot.start <= a and b <= slot.end]
        if not inner:
            continue
        sure = max(x[2] for x in inner)
        if slot.end - slot.start > SLOT_MAX:
            continue  # a long slot: the entities inside it stand as candidates of their own
        if q.atype == "person" and not _only_names(s.clean, slot.start, slot.end, inner):
            continue  # "电力公司检修工人张某": the name is the answer, not its job title
        if q.atype == "place" and WHICH_PLACE.search(q.text):
            continue  # "哪个县" is answered by the word ending in 县, nothing around it
        inside = aligner.inside(s.view, slot.start, slot.end)
        score = _mix(s, slot.score, sure, inside) + SLOT_BONUS
        out.append(Span(s, slot.start, slot.end, slot.text, score, "slot"))
    return out


def _only_names(text: str, start: int, end: int, names: list[tuple[int, int, float]]) -> bool:
    """Whether a slot is nothing but names joined by 、/和/与/及 (潘志文、张玛莉等): a list of people."""
    rest = list(text[start:end])
    for a, b, _ in names:
        for i in range(max(a, start), min(b, end)):
            rest[i - start] = ""
    return re.fullmatch(r"[、，和与及以及等人\s]*", "".join(rest)) is not None and len(names) > 1


def _mix(s: Sentence, align: float, fit: float, inside: float) -> float:
    """One candidate's score: its sentence's relevance, its edges' alignment, its type fit, minus the
    question words it repeats."""
    return s.relevance + W_ALIGN * align + W_TYPE * fit - W_INSIDE * inside


def _counts_what_is_asked(q: Question, s: Sentence) -> bool:
    """A sentence can answer a figure question only if it names what is counted: "多少名律师" is not
    answered by a sentence that never mentions 律师, nor "联赛的裁判有多少名" by one without 裁判.
    In a rate question, a word after the interrogative that names the answer's kind (比例, 比重:
    SLOT_NOUNS) is not asked of the sentence: the printed rate (61%, 六成) says it. (Elsewhere such a
    word, 时间 after 多长的哺乳, still narrows what the sentence must speak of.)"""
    article = view_of(s.passage.title + " " + s.passage.text)
    if q.modifiers and not any(mentions_kin(article, m) for m in q.modifiers):
        return False  # "多少次厨师培训" in an article that never speaks of 厨师
    if q.counted:  # the head noun says what is counted; its modifiers may be named elsewhere
        said = s.view + " " + view_of(s.passage.title)
        if mentions_kin(said, q.counted) or states_attribute(s.view, q.counted) or dimension_said(s.view, q.counted):
            return True
        if funds_said(q, s.view):
            return True
        # "多少名家政服务员参赛": a verb-object word after the noun (参赛, 入会) is read as its head by
        # the tagger; the noun before it is then what is counted
        return verb_read_as_head(q, said)
    # "分多少批次进行": 进行 says nothing; "占多大比例": 比例 is the printed rate's kind; "多大的尺寸":
    # the measure's unit says which attribute it is (MEASURE_NAMES)
    after = [
        w
        for w in near_parts(q)[1]
        if w not in LIGHT_VERBS
        and not (q.family == "percent" and w in SLOT_NOUNS)
        and not (q.atype == "quantity" and w in MEASURE_NAMES)
    ]
    return not after or any(mentions_kin(s.view, w) or _kin_said(s.view, w) for w in after)


def counted_in(q: Question, text: str) -> bool:
    """Whether the text names what the question counts: a quoted name ("多少个“司机之家”") whole, for its
    pieces name other things (司机); another word as `mentions` reads it (人口数 ~ 人口)."""
    if f"“{q.counted}”" in q.text:
        return q.counted in text
    return mentions(text, q.counted)


def _bare_head(window: str, counted: str) -> bool:
    """Whether a figure's window prints the counted noun with no modifier before it ("新建职工书屋56家，
    书屋总数达到430家"): a head repeated bare refers back to the kind just named, not to another one."""
    at = window.find(counted)
    return at == 0 or at > 0 and re.match(r"[\u4e00-\u9fff]", window[at - 1]) is None


def funds_said(q: Question, view: str) -> bool:
    """Whether the asked noun names money as such (资金, 经费: question.FUNDS_NOUNS) and the sentence
    prints a sum in a unit of money, which is that money ("投入了多少资金" against "投入186万元").
    What tells one sum from another is then the verb the question puts before its interrogative (投入,
    花费): the sentence must say it ("共花费多少资金" is not answered by "领到200元红包")."""
    if q.counted not in FUNDS_NOUNS or not any(x.unit in MONEY_UNITS for x in quantities_of(view)):
        return False
    m = re.search(r"了?(?:多少|几)", q.text)
    before = [w for w in tokenize(q.text[: m.start()]) if w.strip()] if m else []
    return bool(before) and len(before[-1]) > 1 and mentions(view, before[-1])


def says_predicate(predicate: str, rest: str) -> bool:
    """Whether the rest of a figure's clause (after the figure) says the verb-object word the question
    puts after its counted noun (its predicate follows it there too): one of its two characters (入场 ~
    进场, 参赛 ~ 参加比赛: a writer varies the verb or the object, rarely both)."""
    return any(c in rest for c in predicate)


def verb_read_as_head(q: Question, said: str) -> bool:
    """Whether the question's counted word ends it ("多少名家政服务员参赛"), so that it may be a
    verb-object word (参赛, 入会) the tagger read as a noun, and the noun before it, what is then
    counted, is in the text."""
    if not (q.counted and q.modifiers):
        return False
    at = q.text.rfind(q.counted)
    ends = at >= 0 and re.fullmatch(r"[？?。！!\s]*", q.text[at + len(q.counted) :]) is not None
    return ends and mentions(said, q.modifiers[-1])


def _figure_candidates(
    q: Question, s: Sentence, aligner: Aligner, found: tuple[dict, dict], verb: str
) -> list[Span]:
    """Figure questions: quantities in the asked unit whose neighbouring words are the question's."""
    if not has_focus(q, s) or s.coverage <= 0:
        return []
    if not _counts_what_is_asked(q, s):
        return []
    out = []
    figures = figure_spans(q, s, verb)
    if q.counted and q.modifiers:
        listed = [
            x
            for x in quantities_of(s.view)
            if not x.is_date and mentions(figure_window(s, x.start, x.end), q.counted)
        ]
        if len(listed) > 1:  # 省级先进个人12人、市级先进个人87人: which one is asked is in the modifier
            figures = [
                f
                for f in figures
                if any(mentions(figure_window(s, f[0], f[1]), m) for m in q.modifiers)
                or _bare_head(figure_window(s, f[0], f[1]), q.counted)
            ] or figures  # none in the asked unit names one: the modifiers tell none of them apart
    asks_end = _ASKS_END.search(q.text) is not None or asks_present(q)
    asks_total = _ASKS_TOTAL.search(q.text) is not None
    asks_plan = PLAN.search(q.text) is not None
    for a, b, um in figures:
        if q.predicate and not says_predicate(q.predicate, _CLAUSE_END.split(s.view[b:], maxsplit=1)[0]):
            continue  # "多少名求职者进场" is not answered by how many 达成意向 (another event)
        focus = _figure_focus(q, s, a, b)
        align = aligner.support(s.view, a, b, found)
        score = s.relevance + W_UNIT * um + W_FOCUS * focus + W_FIGURE_ALIGN * align
        if asks_end:
            score += W_CHANGE_END * change_side(s.view, a)
        if not asks_plan and PLAN.search(clause_of(s.view, a, b)):
            score -= W_PLAN  # "已经演出了多少场" is not answered by "计划到年底完成演出150场"
        if asks_total and _PART_OPENING.match(clause_of(s.view, a, b)):
            score -= W_TOTAL  # "共有多少支球队参赛" is answered by the 20支 before 其中, not the 4支 after
        if asks_total and _TOTAL_BEFORE.search(s.view[max(0, a - TOTAL_REACH) : a]):
            score += (
                W_TOTAL  # "一共有多少个" is answered by "总数达到1843个", not by the 286个 built this year
            )
        if q.counted and not counted_in(q, figure_window(s, a, b)):
            score -= W_HEAD_MISS  # the sentence counts 托位, the question 机构
        if counts_other_thing(q, s.view, b):
            score -= W_OTHER_THING  # "5万人次就诊患者" for 多少名医生
        if says_event(q, s.view, a, b):
            score += W_EVENT  # "已建成40个" for 已建成多少个, not "25个…通了网"
        if q.years and not _RUNNING.search(q.text) and _RUNNING.search(clause_of(s.view, a, b)):
            score -= W_RUNNING  # "2019年…有多少名选手参赛" is not answered by "累计有40余名选手…"
        if _CAP_BEFORE.search(s.view[max(0, a - CAP_REACH) : a]) and not _ASKS_CAP.search(q.text):
            score -= W_CAP  # "共发放贷款多少" is not answered by "最高可申请30万元"
        paired = respective_item(q.text, s.view, a)
        if paired is not None:  # "初级、中级、高级…分别申领1000元、1500元、2000元" for 初级
            score += W_RESPECTIVE if paired else -W_RESPECTIVE
        out.append(Span(s, a, b, s.clean[a:b], score, "figure"))
    return out


# A question asking for a total (一共, 总共, 总数) wants the figure a sentence prints as its total
# (总数达到, 总计, 累计, 共计) over the figures of its parts or of what was added (新建286个): it gains
# W_TOTAL when one of those words stands within TOTAL_REACH characters before it.
W_TOTAL = 0.3
TOTAL_REACH = 6
_ASKS_TOTAL = re.compile(r"一共|总共|总数|总计|合计|共计|总额|总量|共有")
# A clause opening on 其中 names a part of the whole printed before it ("全市20支球队参赛，其中…
# 4支企业球队"): a question asking a total is not answered by the part, which loses W_TOTAL.
_PART_OPENING = re.compile(r"^(?:其中|这其中|内中)")
_TOTAL_BEFORE = re.compile(r"总数|总量|总计|合计|共计|累计|总共|一共")

# A figure its clause gives as a plan or a target (计划, 预计, 力争, 目标) is what is to be done: a
# question that asks of no plan asks what was done, and such a figure loses W_PLAN.
W_PLAN = 0.3
PLAN = re.compile(r"计划|预计|力争|目标|争取|将于|打算")

# A change is printed "从 A 提高到 B" / "由 A 降至 B": a question asking what it rose or fell to
# ("提高到多少", "缩短到了多少天") wants B; the figure right after 从 / 由 is where it started.
W_CHANGE_END = 0.3
_ASKS_END = re.compile(
    r"(?:到|至|(?:调整|变|降|升|减|增|下调|上调)为)了?(?:每[\u4e00-\u9fff]{1,2}?)*(?:多少|几|多[长久高远重宽深])"
    r"|还剩|剩下|剩余|(?:调整|提高|上调|提升|下调|降低|缩短|延长)后"
)  # 提高到每班多少钱, 缩短到多长: a change's end; 调整后的…多少: the value after the change
# How many characters may stand between 从 / 由 and the starting figure (从过去的30%).
CHANGE_REACH = 6
_CHANGE_FROM = re.compile(rf"(?:从|由)[^，,；;。从由到至]{{0,{CHANGE_REACH}}}$")
# "扩大到如今的520名": a word of the present (lexicon.PRESENT_WORDS) may stand between 到 and the end.
_CHANGE_TO = re.compile(
    r"(?:到|至|(?:调整|变|降|升|减|增|下调|上调)为)了?(?:(?:"
    + "|".join(sorted(PRESENT_WORDS))
    + r")的?)?(?:约|近|超过|逾)?$"
)


def asks_present(q: Question) -> bool:
    """Whether the question asks what holds now (现在, 目前: lexicon.PRESENT_WORDS) before its
    interrogative: of a change printed 由 A 压缩到 B, or 最初…如今已发展到 B, B is what holds now."""
    return q.wh is not None and any(w in q.text[: q.wh[0]] for w in PRESENT_WORDS)


def change_side(view: str, start: int) -> float:
    """+1 for the figure a change ends at (after 到 / 至 / 调整为), -1 for the one it starts from (after
    从 / 由, with 到 / 至 / 为 after it in its clause), 0 for a figure that is neither."""
    before = view[max(0, start - CHANGE_REACH - 2) : start]
    if _CHANGE_TO.search(before):
        return 1.0
    clause = re.split(r"[，,；;。]", view[start:], maxsplit=1)[0]
    if _CHANGE_FROM.search(before) and re.search(r"到|至|为", clause):
        return -1.0
    if _ORIGINALLY.search(before) and re.search(r"(?:发展|增加|增长|扩大|减少|下降)到|至|如今|现在|目前", view[start:]):
        return -1.0  # "最初只有9名会员，如今已扩大到240人": where the change started
    return 0.0


# Words that say where a count started (最初只有9名): the figure after one is the change's start.
_ORIGINALLY = re.compile(r"(?:最初|起初|当初|原先|原来|成立之初)(?:只有|仅有|有|是|为|的)?$")


# "电话是多少 / 热线号码是多少" asks for a number that names (a telephone number), not a quantity.
_ASKS_NUMBER_ID = re.compile(r"(?:电话|号码|热线|专线|手机号)(?:号码)?(?:是|为)?(?:多少|什么|几)")
# A telephone number as printed: area code and number, a mobile number, a service number of 5+ digits.
_NUMBER_ID = re.compile(r"(?<![0-9])(?:0[0-9]{2,3}[-－—][0-9]{7,8}|1[0-9]{10}|[0-9]{5,8})(?![0-9])")
# What a number may be the number of, when the question asks for its 号码 (热线的号码).
_NUMBER_OWNERS = ("热线", "专线", "电话", "手机")
# How near (characters) the word the question names (电话, 专线, 热线) stands to the number.
NUMBER_ID_REACH = 8


def _number_ids(q: Question, s: Sentence, aligner: Aligner, found: tuple[dict, dict]) -> list[Span]:
    """Telephone numbers next to the word the question asks the number of (电话, 专线, 热线)."""
    asked = _ASKS_NUMBER_ID.search(q.text)
    word = asked.group(0)[:2] if asked else ""
    if word == "号码":  # "热线的号码是多少": the number's own word is the line it is the number of
        word = next((w for w in _NUMBER_OWNERS if w in q.text), word)
    out = []
    for m in _NUMBER_ID.finditer(s.view):
        near = s.view[max(0, m.start() - NUMBER_ID_REACH) : m.end() + NUMBER_ID_REACH]
        if word and word not in near:
            continue
        align = aligner.support(s.view, m.start(), m.end(), found)
        score = s.relevance + W_UNIT + W_FIGURE_ALIGN * align
        out.append(Span(s, m.start(), m.end(), s.clean[m.start() : m.end()], score, "id"))
    return out


# A list question's verb right before 哪些 (新增了哪些, 包括哪些): a sentence that prints a list right
# after that verb (within LIST_VERB_REACH characters) lists what is asked, and gains W_LIST_VERB.
_LIST_VERB = re.compile(r"([\u4e00-\u9fff]{2})了?哪些")
W_LIST_VERB = 0.3
LIST_VERB_REACH = 4


def _lists_after(view: str, verb: str) -> bool:
    at = view.find(verb)
    if at < 0:
        return False
    tail = re.split(r"[，。；！？]", view[at + len(verb) :])[0]
    hit = _LISTS.search(tail)
    return hit is not None and hit.start() <= LIST_VERB_REACH


def candidates(q: Question, sentences: Sequence[Sentence]) -> list[Span]:
    """Every candidate span of the best sentences, scored, best first."""
    if not sentences:
        return []
    aligner = Aligner(q, sentences)
    verb = asked_verb(q.text) if q.is_figure else ""
    asks_id = _ASKS_NUMBER_ID.search(q.text) is not None
    asks_work = q.atype == "name" and ASKS_WORK.search(q.text) is not None
    spans: list[Span] = []
    for s in sentences[:SPAN_SENTENCES]:
        if s.relevance <= 0:
            continue
        found = aligner.anchors(s.view)
        if asks_id:  # the number's own word (电话, 专线) must stand next to it: that is its focus
            spans += _number_ids(q, s, aligner, found)
        elif q.is_figure:
            spans += _figure_candidates(q, s, aligner, found, verb)
        elif q.atype in ENTITY_TYPES or q.atype == "ordinal":
            spans += _entity_candidates(q, s, aligner, found)
        elif q.atype in ("other", "name"):
            spans += _named_candidates(q, s)
        if asks_work:  # "哪部法规": the titles the sentence sets in 《…》
            spans += [
                Span(s, m.start(), m.end(), m.group(0), s.relevance + TITLE_BONUS, "entity")
                for m in _TITLE.finditer(s.clean)
            ]
    spans += _sentence_spans(q, sentences)
    shares: dict[int, float] = {}
    articles: dict[int, str] = {}
    _, after = near_parts(q)
    verb_hit = _LIST_VERB.search(q.text) if q.atype == "list" else None
    list_verb = verb_hit.group(1) if verb_hit else ""
    places_asked = q.atype == "list" and _PLACE_CLASS.search(q.text[q.wh[0] :] if q.wh else "") is not None
    verb_of_agent = agent_verb(q)
    superlative = q.wh is not None and _SUPERLATIVE.search(q.text[q.wh[0] :]) is not None
    topics = _topic_shares(q, sentences)
    best_topic = max(topics.values(), default=0.0)
    for span in spans:
        p = span.sentence.passage
        if id(p) not in shares:
            shares[id(p)] = entity_share(q, f"{p.title}\n{p.text}")
        span.score -= W_ENTITY_MISS * (1.0 - shares[id(p)])
        span.score -= W_TOPIC_MISS * (best_topic - topics.get(id(p), 0.0))
        text = said_with(span.sentence)
        if q.near and not any(mentions(text, w) for w in q.near):
            span.score -= W_NEAR_MISS
        if q.near:
            article = articles.setdefault(id(p), view_of(p.text))
            missing = sum(
                0.0 if mentions(text, w) else NEAR_IN_ARTICLE if mentions(article, w) else 1.0 for w in q.near
            ) / len(q.near)
            weight = W_NEAR_PART if span.kind in ("figure", "entity", "slot") else W_NEAR_PART_SENTENCE
            span.score -= weight * missing  # "额外补贴多少" against "人均每月补贴约80元"
        if after and not any(mentions(text, w) for w in after):
            span.score -= W_AFTER_MISS  # "哪一所学校学生最多": nothing here speaks of 学生
        if q.atype == "list" and span.kind == "sentence" and not _LISTS.search(span.sentence.view):
            span.score -= W_LIST_MISS  # a list question is not answered by a sentence that lists nothing
        elif list_verb and span.kind == "sentence" and _lists_after(span.sentence.view, list_verb):
            span.score += W_LIST_VERB  # "新增了哪些内容": the list printed right after 新增
        if places_asked and span.kind in ("sentence", "fallback") and not names_a_place(q, span.sentence):
            span.score -= W_LIST_MISS  # "销往哪些国家" is not answered by a sentence naming no place
        if verb_of_agent and span.kind in ("entity", "slot"):
            span.score += W_AGENT * _agent_side(span.sentence.view, span.start, span.end, verb_of_agent)
        if q.atype == "place" and span.kind in ("entity", "slot"):
            if _LOCATIVE.search(span.sentence.view[max(0, span.start - 5) : span.start]):
                span.score += W_LOCATIVE
        if q.aspect and span.kind in ("sentence", "fallback"):
            span.score += _aspect_opening(q.aspect, span.sentence.view)
        if superlative and not _SUPERLATIVE.search(span.sentence.view):
            span.score -= W_SUPERLATIVE_MISS  # "哪一所学校学生最多" needs a sentence that compares
    spans.sort(key=lambda x: (-x.score, x.sentence.rank, x.sentence.position, x.start))
    return spans


def _topic_shares(q: Question, sentences: Sequence[Sentence]) -> dict[int, float]:
    """Per passage (by id), the share of the question's topic words its title and text mention."""
    out: dict[int, float] = {}
    if not q.topic:
        return out
    for s in sentences:
        p = s.passage
        if id(p) not in out:
            text = view_of(p.title + " " + p.text)
            out[id(p)] = sum(1 for w in q.topic if mentions(text, w)) / len(q.topic)
    return out


def _aspect_opening(aspect: str, view: str) -> float:
    """What a sentence gains for opening with the asked part (its head character counts half)."""
    opening = view[:ASPECT_OPENING]
    if aspect in opening:
        return W_ASPECT_OPEN
    return W_ASPECT_OPEN / 2 if len(aspect) > 1 and aspect[-1] in opening[: len(aspect) + 2] else 0.0


def _named_candidates(q: Question, s: Sentence) -> list[Span]:
    """'叫什么名字' -> the quoted name next to the asked noun; '设立了什么' -> what follows the verb, when
    that is a short phrase. Anything longer is better answered by the whole sentence."""
    out = []
    key = _NAME_KEY.search(q.text)
    group = next((g for g in _NAME_KEYS if key and key.group(0) in g), ())
    hit = next((m for m in (re.search("|".join(group), s.view),) if m), None) if group else None
    if hit:
        at = hit.end()
        a, b = trim(s.clean, at, len(s.clean))
        b = min([b] + [i for i in (s.clean.find(c, a) for c in CLAUSE_PUNCT) if i > a])
        if 0 < b - a <= MAX_SPAN:
            out.append(Span(s, a, b, s.clean[a:b], s.relevance + NAME_KEY_BONUS, "entity"))
    span = what_span(q.text, s.clean)
    if span and len(span) <= WHAT_SPAN_MAX and span in s.clean:
        a = s.clean.find(span)
        out.append(Span(s, a, a + len(span), span, s.relevance + WHAT_SPAN_BONUS, "what"))
    return out


def _sentence_spans(q: Question, sentences: Sequence[Sentence]) -> list[Span]:
    """Whole sentences as answers: for why / how / what-is questions they are the answer; for a
    question whose typed span was not found they stand in, lower (SENTENCE_FALLBACK), and only when
    they name what is asked about. A figure question is never answered by a whole sentence."""
    prior = SENTENCE_PRIOR.get(q.atype, SENTENCE_FALLBACK)
    kind = "sentence" if q.atype in SENTENCE_PRIOR else "fallback"
    pool = sentences[:SPAN_SENTENCES]
    if kind == "fallback":
        pool = [s for s in pool if has_focus(q, s)]
    if q.is_figure:
        return []  # a figure question is not answered by a sentence without its figure: refused
    return [Span(s, 0, len(s.clean), s.clean, s.relevance + prior, kind) for s in pool]
