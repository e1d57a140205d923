"""Spans of the expected answer type inside a sentence: figures in the asked unit, names, places,
organisations, dates, quoted names, enumerations, ranks.

`typed_spans` and `figure_spans` give (start, end, sureness) on a sentence's view; `ranked_sentences`
is the relevance order the answerer reads, a sentence holding a span of the asked type promoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.lexicon import LIGHT_VERBS, RANGE_MARKS, SCOPE_VERBS, VERB_KIN
from summarizer.qa.question import ENTITY_TYPES, Question
from summarizer.qa.sentences import Sentence, quantities_of, score_sentences
from summarizer.qa.spans import (
    FAMILIES,
    GENERIC_COUNTERS,
    NAME_STOP,
    SUFFIX_PLACE_SURE,
    asks_clock,
    clock_spans,
    date_spans,
    enumeration_spans,
    organisation_spans,
    person_spans,
    place_spans,
    quoted_spans,
    unit_match,
)
from summarizer.quantities import Quantity
from summarizer.schemas import Passage
from summarizer.tokens import number_token, pos_tokens

# Relevance added to a sentence that holds a span of the expected type, among the best this many.
TYPE_EVIDENCE = 0.15

TYPE_EVIDENCE_POOL = 15


_ORDINAL = r"第[0-9一二三四五六七八九十百零两]+[\u4e00-\u9fff]?"
ASKS_YEAR = re.compile(r"哪一?年(?!级)|何年|什么年份|年份是")
YEARISH = re.compile(r"年|世纪")
# How sure a date without its year is as the answer to a question asking for the year.
YEARLESS = 0.3


def typed_spans(q: Question, s: Sentence) -> list[tuple[int, int, float]]:
    """Spans of the expected type in the sentence, with how surely each is of that type (0..1)."""
    view, t = s.view, q.atype
    if t == "person":
        return person_spans(q.text, s.clean, view)
    if t == "place":
        return place_spans(q.text, s.clean, view)
    if t == "organisation":
        return organisation_spans(q.text, s.clean, view)
    if t == "date":
        if asks_clock(q.text):  # 几点 is answered by a time of day, not by the day
            return clock_spans(view)
        found = date_spans(view)
        if ASKS_YEAR.search(q.text):  # 哪一年 is answered by a year, not by a day of some year
            found = [(a, b, sure if YEARISH.search(view[a:b]) else sure * YEARLESS) for a, b, sure in found]
        return found
    if t == "name":
        return quoted_spans(view)
    if t == "list":
        return enumeration_spans(view)
    if t == "ordinal":
        numbered = re.search(r"几号([\u4e00-\u9fff])", q.text)
        pattern = rf"[0-9一二三四五六七八九十百零两]+号{numbered.group(1)}" if numbered else _ORDINAL
        return [(m.start(), m.end(), 1.0) for m in re.finditer(pattern, view)]
    return []


_CLAUSES = re.compile(r"[，,；;：:。！？!?]")

_FRACTION = re.compile(
    r"(?:近|超过|逾|约|不到|接近)?[0-9一二三四五六七八九两]+(?:\.[0-9]+)?成(?:以上|左右|多)?"
)


def figure_spans(q: Question, s: Sentence, verb: str) -> list[tuple[int, int, float]]:
    """Quantities in the unit the question asks for, with how well each unit matches (0..1).

    A lone Chinese numeral ("两种", "四个") is too often just a word to be a key figure, but it is
    the answer when its measure word is the one asked for ("有几种" -> "两种"). A rate may be printed
    as tenths ("七成以上") or as a bare number after the rate's name ("收视率为3.25").
    """
    out = []
    q_numbers = {t for t in q.words if t.startswith("#")}
    for qty in quantities_of(s.view):
        if qty.chinese and not qty.qualifier and len(qty.raw) < 2:
            if qty.raw in "零〇" or not (_asked_counter(q, qty.base_unit) or _asked_span(q, qty)):
                continue  # 为期五天 answers 多久: a time unit after the numeral makes it a figure
            if qty.raw == "一" and not _asked_span(q, qty):
                continue
        if qty.is_date and (q.family != "time" or q.atype == "duration" and _month_day_part(s.view, qty)):
            continue  # "用了多长时间" is not answered by the 1月 of 1月6日: a date is a point, no length
        if qty.kind == "identifier" or qty.kind == "label" and not (q.unit and qty.base_unit == q.unit):
            continue  # 公寓四栋 reads as a label, but it counts the 栋 asked for
        if number_token(qty.value, qty.unit == "%") in q_numbers and _states(q, qty):
            continue  # the question's own numbers are not its answer
        end = qty.end
        measure = _asked_measure(q)
        if not qty.unit and measure and s.view.startswith(measure, end):
            end += len(measure)  # a measure word the lexicon lacks (300箱, 4趟): the question names it
            um = 1.0
        else:
            um = unit_match(q.unit, q.family, qty)
            if (
                qty.unit in ("", "万", "亿")
                and not q.unit
                and _shared_measure(s.view, qty, quantities_of(s.view))
            ):
                end += 1  # 从8000炉提高到1.5万炉: 炉 is the measure word of both numbers
        if (
            um == 0
            and q.family == "percent"
            and qty.kind == "number"
            and re.search(r"率$", s.view[: qty.start].rstrip("为是达到了约：: "))
        ):
            um = 0.5
        if um == 0 and q.family == "money" and qty.unit == "%" and _ASKS_RISE.search(q.text):
            um = RISE_AS_RATE  # "互助金支付增长了多少" is answered by 增长12.4%: a change printed as a rate
        if um == 0:
            continue
        if (
            verb
            and not is_light(verb)
            and verb not in SCOPE_VERBS
            and not _said_before(verb, "".join(_CLAUSES.split(s.view[: qty.end])[-2:]))
            and verb not in _CLAUSES.split(s.view[qty.end :])[0]
        ):
            continue  # "基金会发放了多少补助" is not answered by what was 筹集 (raised); the verb may
            # also follow as a noun in the number's clause ("对80家商户的检查显示"), or be the
            # number's own qualifier ("不得超过5元" for "不得超过多少")
        if qty.reason == "range":
            end = max(end, _range_end(s.view, qty))
        out.append((qty.start, end, um))
    if q.family in ("percent", ""):
        for m in _FRACTION.finditer(s.view):
            out.append((m.start(), m.end(), 0.9 if q.family == "percent" else 0.3))
    return out


def _range_end(view: str, lower: Quantity) -> int:
    """Where the range a lower end opens (6至12周岁, 3—5万元) ends: the lower end says nothing alone
    (its unit is the upper end's), so the answer it gives is the whole range."""
    for upper in quantities_of(view):
        if upper.start >= lower.end:
            return upper.end if view[lower.end : upper.start].strip() in RANGE_MARKS else lower.end
    return lower.end


# "增长了多少" (no measure word after the interrogative) asks the size of a change, which a report
# prints as a rate as often as an amount: a rate answers a money question asked so, this surely.
_ASKS_RISE = re.compile(
    r"(?:增长|增加|下降|减少|降低|提高|上升|提升|增多|回落|下滑)了?(?:多少|几)(?![钱元万亿块])"
)
RISE_AS_RATE = 0.7


def _shared_measure(view: str, qty: Quantity, found: Sequence[Quantity]) -> bool:
    """Whether the character right after a bare number (or a bare 万 / 亿) is printed after another number of the
    sentence as well (从8000炉提高到1.5万炉): a character two numbers share is their measure word,
    though the lexicon lacks it."""
    c = view[qty.end : qty.end + 1]
    if not re.fullmatch(r"[\u4e00-\u9fff]", c):
        return False
    return any(o is not qty and (o.unit == c or view[o.end : o.end + 1] == c) for o in found)


def _states(q: Question, qty: Quantity) -> bool:
    """Whether the question prints this quantity itself: its number in the same unit, or with no unit
    to tell them apart. The same number in another unit is another quantity ("未满1周岁的婴儿每天有
    多长哺乳时间" is answered by 1小时: a question's 1周岁 is an age, the answer's 1小时 a duration)."""
    mine = [x for x in quantities_of(q.text) if x.value == qty.value]
    return not mine or any(
        not x.base_unit
        or not qty.base_unit
        or x.base_unit == qty.base_unit
        or FAMILIES.get(x.base_unit) == FAMILIES.get(qty.base_unit) == "person"  # 8.3万名 ~ 8.3万人
        for x in mine
    )


# Modal verbs: before a light verb (要花, 需花, 能有) they leave it light.
MODALS = "要需能可会应得该"


def is_light(verb: str) -> bool:
    """Whether a verb says nothing of the event (LIGHT_VERBS), a modal before it included."""
    return verb in LIGHT_VERBS or (len(verb) > 1 and verb[0] in MODALS and verb[1:] in LIGHT_VERBS)


def _asked_measure(q: Question) -> str:
    """The measure word right after 多少 / 几 in the question ("多少箱苹果" -> 箱), when it is not a
    known unit (a known one is q.unit) and not the start of a noun (多少人次 is known; 多少钱 is none)."""
    if q.unit or not q.wh:
        return ""
    m = re.match(r"[\u4e00-\u9fff]", q.text[q.wh[1] :])
    return m.group(0) if m and m.group(0) not in "钱的是个了" else ""


def _said_before(verb: str, clauses: str) -> bool:
    """Whether the clauses before a number say the asked verb: its first character (发放 ~ 发), or
    for a two-character verb its head, the second (获赠 ~ 捐赠: one act told from either side), or a
    verb naming the same act in other words (拿出 ~ 提供: lexicon.VERB_KIN)."""
    return (
        verb[0] in clauses
        or (len(verb) == 2 and verb[1] in clauses)
        or any(k in clauses for k in kin_of(verb))
    )


def kin_of(verb: str) -> frozenset[str]:
    """The verbs naming the asked verb's act in other words (a modal before it dropped: 要交 ~ 交)."""
    bare = verb[1:] if len(verb) > 1 and verb[0] in MODALS else verb
    return frozenset().union(*(g for g in VERB_KIN if verb in g or bare in g))


def _asked_span(q: Question, qty: Quantity) -> bool:
    """Whether a lone numeral with a time unit (五天, 一周) answers a question asking how long."""
    return q.family == "time" and bool(qty.unit) and unit_match(q.unit, q.family, qty) > 0


def _asked_counter(q: Question, base_unit: str) -> bool:
    return bool(q.unit) and (
        base_unit == q.unit or (q.unit in GENERIC_COUNTERS and base_unit in GENERIC_COUNTERS)
    )


def _month_day_part(view: str, qty: Quantity) -> bool:
    """Whether the figure is the month or the day of a printed month-day date (1月 of 1月6日, 6日 of
    1月6日): a point in time. A bare "5日内" may be a length (within five days)."""
    if qty.unit == "月":
        return re.match(r"\s*[0-9０-９]{1,2}\s*[日号]", view[qty.end :]) is not None
    if qty.unit in ("日", "号"):
        return re.search(r"[0-9０-９]{1,2}\s*月\s*$", view[: qty.start]) is not None
    return False


def names_a_place(q: Question, s: Sentence) -> bool:
    """Whether the sentence names a place besides those the question names: "青河…来自哪些省份" is
    not answered by a sentence naming 青河市 (the question's own place, with its division word)."""
    if _NAMED_AS_PLACES.search(s.clean):
        return True
    divisions = _DIVISIONS_ASKED.search(q.text) is not None
    for a, b, sure in place_spans(q.text, s.clean, s.view):
        name = s.clean[a:b]
        if sure < SUFFIX_PLACE_SURE or _DIVISION_END.sub("", name) in q.text:
            continue
        if sure > SUFFIX_PLACE_SURE:
            return True
        name = re.split(f"[{''.join(NAME_STOP)}]", name)[-1]  # "工会今年在东湖区": the name is after 在
        if _a_name(name) and (not divisions or _DIVISION_END.search(name)):
            return True
    return False


# Divisions asked for by their kind ("哪些乡镇", "哪些街道"): a name found by its suffix answers only
# when the suffix is a division's (驿站, 公园 name places of another kind).
_DIVISIONS_ASKED = re.compile(r"哪些(?:省份|省|市|县|区(?!域)|乡镇|镇|乡|村庄|村|街道|社区)")


# Names listed before 等地 ("沾益、马龙等地") are places, whatever the tagger knows of them.
_NAMED_AS_PLACES = re.compile(r"[\u4e00-\u9fff]{2,4}、[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*等地")
# The most characters a name found by its place suffix alone has (longer ones are clauses).
PLACE_NAME_MAX = 6


def _a_name(text: str) -> bool:
    """Whether a found place could be a name: a name holds no function word (在, 由, 和 …) and is
    short; a span like 其余费用由区 or 书画小组在驿站 is a clause that happens to end in a place word."""
    if len(text) > PLACE_NAME_MAX or any(c in NAME_STOP for c in text):
        return False
    return not any(t.flag.startswith(("v", "p", "c", "u", "d")) for t in pos_tokens(text))


# The division word a place's name may end with (青河市 is 青河).
_DIVISION_END = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:自治区|省|市|县|区|镇|乡|村|街道|社区)$")


def has_type(q: Question, s: Sentence) -> bool:
    """Whether the sentence holds something of the kind the question asks for."""
    if q.is_figure:
        return bool(figure_spans(q, s, ""))
    if q.atype in ENTITY_TYPES or q.atype in ("list", "ordinal"):
        return any(sure >= 0.7 for _, _, sure in typed_spans(q, s))
    return False


def ranked_sentences(q: Question, passages: Sequence[Passage]) -> list[Sentence]:
    """Every sentence of the passages, best first: relevance (sentences.score_sentences), and among
    the best TYPE_EVIDENCE_POOL those that hold a span of the expected type rank higher."""
    out = score_sentences(q, passages)
    for s in out[:TYPE_EVIDENCE_POOL]:
        if has_type(q, s):
            s.relevance += TYPE_EVIDENCE
    out.sort(key=lambda s: (-s.relevance, s.rank, s.position))
    return out
