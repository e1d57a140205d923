"""What a printed figure counts, and what event it is a figure of, read from the words next to it.

Chinese puts the counted noun right after the number and its measure word (40名学生, 900名护工,
120个驿站): a figure followed by a noun phrase counts that noun, whatever else its sentence names.
And the verb of a relative clause in a question (在全县建成的驿站有多少个, 已建成多少个书屋) is the
event the figure belongs to: of two figures of one thing, the one whose own clause says that verb
(已建成40个) is the asked one, not the one of another event (25个书屋通了网).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarizer.lexicon import (
    AFTER_FIGURE_FUNCTION,
    AGENT_SUFFIXES,
    KIND_MEASURES,
    LIGHT_VERBS,
    MODIFIER_ENDS,
    PASSIVE_MARKERS,
    PRESENT_WORDS,
    STOPWORDS,
    WHEN_OR_WORK_WORDS,
)
from summarizer.qa.question import QUOTED, Question
from summarizer.qa.sentences import mentions, mentions_kin, quantities_of
from summarizer.quantities import Quantity
from summarizer.tokens import pos_tokens

# How many characters past the asked noun's length the noun after a figure is read (a modifier may
# stand before the head: 120个城区环卫驿站 -> 城区环卫驿).
COUNTED_REACH = 4
_FUNCTION_START = re.compile(rf"^(?:{AFTER_FIGURE_FUNCTION})")
_CLAUSE_MARKS = re.compile(r"[，,；;。！？!?：:]")
# Word classes that cannot open a counted noun phrase (a verb, a preposition, an adverb …).
_NOT_NOUN = ("v", "p", "d", "c", "u", "r", "t", "f", "m", "q", "y", "e", "o")


def noun_after(view: str, end: int) -> str:
    """The Chinese text right after a figure that reads as the noun it counts ("" when a verb, a
    particle or a mark follows it: 500余名参赛, 40个，…)."""
    m = re.match(r"[\u4e00-\u9fff]+", view[end:])
    if not m or _FUNCTION_START.match(m.group(0)):
        return ""
    text = m.group(0)
    tokens = pos_tokens(text[:8])
    if not tokens:
        return ""
    first = tokens[0]
    if first.flag.startswith(_NOT_NOUN):
        suffixed = len(tokens) > 1 and len(tokens[1].word) == 1 and tokens[1].word in AGENT_SUFFIXES
        if not (first.flag.startswith("v") and suffixed):
            return ""  # 快递 + 员 is a noun; 参加培训 is not
    return text


def counts_other_thing(q: Question, view: str, end: int) -> bool:
    """Whether the figure ending at `end` is followed by a noun that shares no character with what
    the question counts: it counts another thing (40名学生 for 多少名老师)."""
    if not q.counted or not re.fullmatch(r"[\u4e00-\u9fff]{2,}", q.counted):
        return False
    noun = noun_after(view, end)
    if not noun:
        return False
    reach = noun[: len(q.counted) + COUNTED_REACH]
    return not any(c in reach for c in q.counted)


# Nouns for people by the characters they end with (员, 工, 手, 者 …) or as whole words (司机): the
# heads a count of people (名, 位, 人) counts.
_PERSON_HEAD = re.compile(
    r"(?:员|人|者|工|师|长|手|生|士|官|兵|户|民|匠|司机|保姆|月嫂|学徒|代表|委员|骨干|能手|模范|劳模)$"
)


def person_head(noun_phrase: str) -> str:
    """The person noun a noun phrase after a count ends on ("职工购买了…" -> 职工, "独居老人…" -> 老人:
    a verb or an adjective before the first noun modifies it), or ""."""
    head = ""
    for t in pos_tokens(noun_phrase[:10]):
        if not head and t.flag.startswith(_MODIFIER_FLAGS) and len(t.word) >= 2:
            continue
        if not t.flag.startswith("n") or t.flag.startswith(("nr", "ns", "nt")):
            break
        head = t.word
    return head if len(head) >= 2 and _PERSON_HEAD.search(head) else ""


# Word classes that may stand before a noun as its modifier inside a noun phrase (独居, 困难, 一线).
_MODIFIER_FLAGS = ("v", "a", "b")


def counts_other_people(q: Question, view: str, end: int) -> bool:
    """Whether a count of people ending at `end` counts another group than the asked one: the person
    noun right after it (350名职工) is not the asked person noun (多少名司机) nor a word for it (lexicon.
    NOUN_KIN), and shares no character with it. A count's noun is what it counts (numeral, measure
    word, modifiers, head), so the drivers a later clause of the same sentence names are not the 350;
    two nouns ending on the same character (职工, 员工) name the same kind of person;
    a sentence that does not name the asked noun may be naming the same people by another word."""
    if not q.counted or q.family != "person" or not _PERSON_HEAD.search(q.counted):
        return False
    if q.counted not in view:
        return False  # "120名患者" may name the asked 农民工 anew; only a sentence naming both sets them apart
    if f"“{q.counted}”" in q.text:
        return False  # "多少名“某某工匠”": a quoted title is conferred on people named by any noun (20名职工为…)
    m = re.match(r"[\u4e00-\u9fff]+", view[end:])
    head = person_head(m.group(0)) if m and not _FUNCTION_START.match(m.group(0)) else ""
    if not head or head in q.text or mentions_kin(head, q.counted) or mentions_kin(q.counted, head):
        return False  # "多少名志愿者和教师": a group the question names is no other one
    return head[-1] != q.counted[-1]  # a person noun ends on its kind (员, 工, 人): 职工 ~ 员工


@lru_cache(maxsize=4096)
def event_verbs(text: str) -> tuple[str, ...]:
    """The question's own verbs (two characters or more, not a light verb): the event it asks of."""
    plain = QUOTED.sub("，", text)
    return tuple(
        dict.fromkeys(
            t.word
            for t in pos_tokens(plain)
            if t.flag.startswith("v")
            and len(t.word) >= 2
            and t.word not in LIGHT_VERBS
            and t.word not in STOPWORDS
        )
    )


def clause_of(view: str, start: int, end: int) -> str:
    """The clause a figure stands in (between the marks before and after it)."""
    return _CLAUSE_MARKS.split(view[:start])[-1] + view[start:end] + _CLAUSE_MARKS.split(view[end:])[0]


def says_event(q: Question, view: str, start: int, end: int) -> bool:
    """Whether the figure's own clause says one of the question's verbs (not one the tagger read in
    the counted noun phrase: 扶贫 of 扶贫书屋 says which things, not what happened to them)."""
    clause = clause_of(view, start, end)
    phrase = {q.counted, *q.modifiers}
    return any(v in clause for v in event_verbs(q.text) if v not in phrase)


# Demonstratives that refer a noun back to the one named before (这类驿站, 上述项目): its modifiers were
# said there and are not repeated.
_REFERRING = re.compile(r"(?:这类|这些|此类|该类|上述|这种|这批|同类)")


def refers_back_to(view: str, noun: str) -> bool:
    """Whether the text names the noun after a demonstrative (这类书屋): it speaks of the thing the
    text before named with its modifiers."""
    return bool(noun) and any(view.startswith(noun, m.end()) for m in _REFERRING.finditer(view))


# What a question says of the thing whose figure it asks, in its own clause: a relative clause or a
# possessor before the last 的 ("检出问题的企业有多少家", "园区食堂的面积有多大"), or a predicate after the
# counted noun ("多少份报名表来自外省"). Chinese phrases end with their head, so the last word of what is
# said before 的, and the nouns of the predicate after, name what sets the asked thing apart from
# others of its kind; a figure whose sentence names none of it is another group's figure. The asked
# noun may be followed by a copula or a verb that sets a level (定为, 调整为) and a per-unit word (每月).
_ASKED_BEFORE = re.compile(
    r"([^，,；;：:“”《》]{2,16})的([\u4e00-\u9fff]{1,10}?)(?:共有|约有|有|是|为|达|达到|总计|合计|定为|确定为|提高到|调整为)?(?:大约|约)?(?:每[月年人天日次户])?$"
)
_NAME_FLAGS = ("nr", "ns", "nt", "nz")
# A singular demonstrative with its measure word (这座食堂, 这间小屋, 该中心): it refers to one thing
# the text named before, with all that was said of it there.
_THIS_ONE = re.compile(r"(?:这|该|此)(?:座|间|个|家|所|处|支|条|项|位|栋|台|里|儿)?")  # 这里: the place named


def refers_to_asked(q: Question, view: str) -> bool:
    """Whether the sentence speaks of the asked thing by a demonstrative (这座食堂 for "软件园的共享职工
    食堂面积有多大"): what the question says of it before its 的 was said where the text named it, and a
    report does not repeat it."""
    text = QUOTED.sub(lambda m: "，" * len(m.group(0)), q.text)
    m = _ASKED_BEFORE.search(text[: q.wh[0]]) if q.wh else None
    if m is None:
        return False
    asked = m.group(2)
    pieces = {asked[i : i + 2] for i in range(len(asked) - 1)}
    return any(view[d.end() : d.end() + 2] in pieces for d in _THIS_ONE.finditer(view))


# The copula after a counted noun ("多少名工人是外地人"): what follows it is said of the counted.
_COPULA = frozenset("是 属于 为".split())
_INTERROGATIVE = re.compile(r"多少|几|哪|什么|谁|何")


def said_of_asked(q: Question) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words a figure question says of what it counts or measures, beyond its name (see above):
    (the head of what is said before its 的, every one to be named; the nouns of the predicate after
    it, one of them to be named: a predicate is often paraphrased)."""
    predicate: tuple[str, ...] = ()
    if not q.wh or not q.is_figure:
        return (), ()
    text = QUOTED.sub(lambda m: "，" * len(m.group(0)), q.text)  # offsets stay those of q.wh
    before, after = text[: q.wh[0]], text[q.wh[1] :]
    out: list[str] = []
    m = _ASKED_BEFORE.search(before)
    head = pos_tokens(m.group(2)) if m else ()
    # 的 + the asked noun itself (not the subject of a count named after the interrogative: 参加…的
    # 代表队有多少运动员 says which team, the title's business)
    if (
        m
        and head
        and (head[-1].flag.startswith("n") and head[-1].flag != "vn" or head[-1].word == q.counted)
        and m.group(2).endswith(q.counted)
    ):
        all_tokens = pos_tokens(m.group(1))
        tokens = [
            t
            for t in all_tokens
            if len(t.word) >= 2
            and t.word not in STOPWORDS
            and not _INTERROGATIVE.search(t.word)
            and t.word not in PRESENT_WORDS  # "现在的入住率": 现在 says when, not which thing
            and t.word not in WHEN_OR_WORK_WORDS  # "今年的大检修", "职工作业的炉口"
        ]
        words = [t.word for t in tokens]
        if tokens and tokens[-1].flag.startswith(("f", "s")):
            words = []  # a place (机场附近的): where the thing is, said of it or not
        if len(all_tokens) > 1 and all_tokens[-2].flag.startswith(_NAME_FLAGS):
            words = []  # a name and its class word (某某地区, 某某新区): a place, which the place rules read
        # "开办的竹编作坊今年营业额": a time word after the noun the clause before 的 describes ends
        # that noun phrase; the clause says which 作坊, not which 营业额 (of 经评定的乡村名厨 it
        # says which 工匠)
        between = list(head[:-1]) if q.counted and head[-1].word == q.counted else []
        cut = next((i for i, t in enumerate(between) if t.flag == "t"), -1)
        if cut > 0 and any(t.flag.startswith("n") and len(t.word) >= 2 for t in between[:cut]):
            words = []
        if words and not words[-1].startswith(tuple("在于从对向由")):
            out.append(words[-1])
    tail = _CLAUSE_MARKS.split(after)[0]
    if q.counted and q.counted in tail:
        rest = tail[tail.index(q.counted) + len(q.counted) :]
        after_tokens = pos_tokens(rest)
        if after_tokens and after_tokens[0].word in PASSIVE_MARKERS:
            after_tokens = after_tokens[1:]  # "多少所学校被评为…示范校": the verb after 被 is the predicate
        if after_tokens and after_tokens[0].flag.startswith("v") and after_tokens[0].word not in LIGHT_VERBS:
            nouns = [
                t.word
                for t in after_tokens[1:]
                if t.flag.startswith("n") and t.flag != "vn" and len(t.word) >= 2 and t.word not in STOPWORDS
            ]
            predicate = tuple(w for w in nouns if w != q.counted and w not in q.modifiers)
        elif after_tokens and after_tokens[0].word in _COPULA:
            # "多少名务工人员是首次外出": how many of them are so; the words after the copula say it
            said = [t.word for t in after_tokens[1:] if len(t.word) >= 2 and t.word not in STOPWORDS]
            predicate = tuple(w for w in said if w != q.counted and w not in q.modifiers)
    return tuple(dict.fromkeys(w for w in out if w != q.counted and w not in q.modifiers)), predicate


# How many characters before the counted noun are read as its modifier in the figure's clause.
MODIFIER_REACH = 2


def other_modifier(q: Question, clause: str, sentence: str = "") -> bool:
    """Whether the figure's clause prints the counted noun after a modifier of its own that the
    question does not print (送温暖资金 for 常态化帮扶资金), and names none of the question's modifiers:
    a noun phrase ends with its head, and the words before it say which of its kind it is. A
    demonstrative (这类资金) or a list's 等 (补助等待遇) refers to things named before: no modifier, and
    the figure's own number and measure word (2.6万元赔款) are none either, unless the sentence names
    the asked group apart from it (see _group_set_apart)."""
    if not q.counted or not q.modifiers or any(mentions(clause, m) for m in q.modifiers):
        return False
    if q.unit in KIND_MEASURES:
        return False  # "有几种": the modifiers the clause prints name the kinds asked for
    figures = quantities_of(clause)
    for m in re.finditer(re.escape(q.counted), clause):
        pre = clause[max(0, m.start() - MODIFIER_REACH) : m.start()]
        if (
            re.fullmatch(r"[\u4e00-\u9fff]{2}", pre)
            and pre not in q.text
            and pre[-1] not in MODIFIER_ENDS
            and not refers_back_to(clause, q.counted)
            and not (_ends_figure(figures, m.start()) and not _group_set_apart(q, sentence))
        ):
            return True
    return False


def _ends_figure(figures: Sequence[Quantity], at: int) -> bool:
    """Whether a figure (its number and measure word) ends right where the noun starts: 2.6万元赔款,
    400多条建议 print the count of the noun, and a count before a noun says how many, not which kind
    (a Chinese noun phrase is numeral + measure word + modifiers + head)."""
    return any(f.end == at and not f.is_date for f in figures)


def _group_set_apart(q: Question, sentence: str) -> bool:
    """Whether the sentence prints the asked group (a modifier of the question right before the
    counted noun: 困难女职工) apart from the figure: the figure's bare noun (1.5万名女职工) then counts
    the noun at large, and the group asked for is a part of it."""
    return any(m + q.counted in sentence for m in q.modifiers)
