"""The offline engine's answers: a short span cut out of the retrieved passages, its sentence as the quote.

No model. The question is analysed once (summarizer.qa.question): its expected answer type and the
words around its interrogative. Every sentence of the top-k passages is scored for how much of the
question it covers (words weighted by how rare they are among the candidates), then candidate spans
are cut from the best sentences and scored together:

- alignment: an interrogative stands where the answer stands in a declarative sentence, so the
  question's words before it should end just before the span, and its words after it should start
  just after the span ("三次犯规即判为什么" -> "…即判为[出局]");
- type: a figure question wants a quantity in the unit it names, a "who" question a person's name,
  "when" a date, "which county" a word ending in 县, a list question an enumeration;
- constraint agreement: a sentence that names another year than the question's is about another year;
- retrieval: the passage's (re-ranked) score and the sentence's coverage of the question.

The short answer is the best span; the quote is its sentence, with the neighbouring sentence when the
span needs it (a sentence that opens with 因此 / 其 refers back to the one before). When no candidate
passes MIN_SCORE (calibrated on the tune halves), when the best breaks a refusal rule
(summarizer.qa.evidence), or when the calibrated refusal model (summarizer.qa.refusal, fitted across
writers) gives it a low probability of being right, the answer is "not found": a wrong answer is
worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.lexicon import COMPARATIVE_OPPOSITES, NON_NEGATING_WORDS, OPPOSITE_PREDICATES
from summarizer.qa import refusal
from summarizer.qa.candidates import Span, candidates, figure_window, near_parts
from summarizer.qa.evidence import SAME_DAY, problems
from summarizer.qa.question import QUOTED, Question, analyse
from summarizer.qa.sentences import Sentence, mentions, quantities_of
from summarizer.qa.shaping import shaped
from summarizer.qa.spans import WHICH_PLACE, place_spans, what_span
from summarizer.qa.typed import ranked_sentences
from summarizer.schemas import NOT_FOUND, Answer, Citation, Passage
from summarizer.text import clean_spaces
from summarizer.tokens import pos_tokens, tokenize

# The best candidate is refused when it breaks a rule of summarizer.qa.evidence (what the question
# states that its sentence must agree with), and when it scores below this floor: a candidate this
# low shares next to nothing with the question (scores are relevance-based, about 0.3-2).
MIN_SCORE = 0.0
# Refusal rules about the span itself, not its passage (summarizer.qa.evidence: its kind, the group
# or scope it counts, a start for an end, a count of years or people for an age): when the best
# candidate breaks only these, one of the next KIND_RETRY_POOL short candidates may stand in (the
# sentence was right, the span not).
SPAN_KIND_RULES = frozenset(
    {"orgclass", "which", "contrast", "until", "scope", "age", "share", "grain", "title", "placed"}
)
KIND_RETRY_POOL = 5
# Refusal rules about what a candidate's passage or sentence speaks of (summarizer.qa.evidence:
# another year, another edition of a series, another person, another size, another action, a group the article
# never names): the yearly reports of one event read alike, so when the best candidate is another
# report's, the best of the next YEAR_RETRY_POOL that breaks no rule (the same detail in the asked
# report) stands in; a figure stands in only for a figure in the same unit (the reports print the
# detail alike: another unit is another detail).
PASSAGE_RULES = frozenset({"year", "ordinal", "person", "number", "modifier", "action", "rank", "party", "rankof"})
YEAR_RETRY_POOL = 12
# A yes / no question is answered only from a sentence at least this relevant (it has no span to check).
YESNO_MIN_RELEVANCE = 0.5
# Whether one pays (收费吗, 要自己掏钱吗, 是否需要缴费) is answered 否 by a sentence of the answering
# article (among its best YESNO_POOL) that says the thing is free or paid by someone else in full.
_ASKS_PAY = re.compile(r"收费|缴费|交费|付费|出钱|掏钱|交钱|花钱|自费|缴纳|支付[\u4e00-\u9fff]{0,4}费")
_FREE = re.compile(
    r"免费|不收费|不收取|免收|免交|全免|无偿|零收费|无需缴费|无须缴费|不需缴费|不用交|不用掏|无需掏|不掏|"
    r"全额承担|全额补贴|全部承担"
)
YESNO_POOL = 3


# A whole-sentence answer shorter than this runs on into the next sentence of its paragraph (characters).
EXPLANATION_MIN = 80

# Sentence openings that refer back to the sentence before (a cause, a subject named there).
_BACK_REF = re.compile(
    r"^(?:因此|所以|因而|故而|于是|从而|由此|这|此|该|其|它|他们|她们|他|她|这些|那些|之后|随后|此后|后来|同时|但|但是|然而|不过|而且|并且)"
)

_CONTINUATION = re.compile(r"^(?:其|此外|另外|同时|并且|而且|且|又|另|但|不过|然而|牠们|它们|它|牠|此|这)")

_RESULT_OPENING = re.compile(r"^(?:因此|所以|因而|故而|于是|从而|由此|故)")

_NEGATION = re.compile(r"不|没有|没|未|无|非|否|别|勿|禁止|免")

_ONLY = re.compile(r"只|仅|光|单单|唯一")

# An A-not-A question (有没有, 能不能, 是不是, 会不会): the verb said and denied asks yes or no, its 不 /
# 没 negates nothing; nor do the 否 / 无 of the literary forms (是否, 能否, 可否, 有无).
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])(?:不|没)\1|[是能可会要应]否|有无")


def _citation(s: Sentence, quote: str | None = None) -> Citation:
    p = s.passage
    return Citation(page=p.page, article_index=p.article_index, title=p.title, quote=quote or s.text)


def _neighbour(s: Sentence, sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    return next((x for x in sentences if x.passage is s.passage and x.position == s.position + offset), None)


def _quote(s: Sentence, before: Sentence | None = None, after: Sentence | None = None) -> list[Citation]:
    """The span's sentence, joined with its neighbours when the text has them side by side (a quote
    must be verbatim), else one citation each."""
    parts = [x for x in (before, s, after) if x is not None]
    joined = "".join(x.text for x in parts)
    if len(parts) == 1 or joined in s.passage.text:
        return [_citation(s, joined)]
    return [_citation(x) for x in parts]


def _yes_no(q: Question, sentences: Sequence[Sentence]) -> tuple[Answer, float]:
    """是 / 否 from the clause that says most of what is asked: it negates it (negating words, not the
    words that only look negated), compares the other way (低 against 高), says a predicate that
    excludes the asked one (一次性 against 分期), or contradicts the question's 只 with a list -> 否."""
    best = sentences[0]
    if best.relevance < YESNO_MIN_RELEVANCE:
        return _refuse(best.relevance)
    asked_pay = QUOTED.sub("", q.text)  # a quoted title's 收费 asks nothing
    if _ASKS_PAY.search(asked_pay) and not _FREE.search(asked_pay):  # "是否由工会全额补贴" asks if free
        pool = [x for x in sentences[:YESNO_POOL] if x.passage is best.passage]
        free = next((x for x in pool if _FREE.search(x.view)), None)
        if free is not None:  # "收费吗 / 要自己掏钱吗" against "免费提供" / "由工会全额承担"
            return Answer(answer="否", answerable=True, citations=[_citation(free)]), best.relevance
    pool = [x for x in sentences[:YESNO_POOL] if x.passage is best.passage]

    # The predicate is what is asked: the words after 是否, or those of a 吗 question's last clause.
    predicate = q.right or tuple(w for w in q.left if w in re.split(r"[，,；;]", q.text)[-1])

    def says(c: str) -> int:  # the predicate counts double
        return sum(1 for w in q.left + q.right if w in c) + sum(1 for w in predicate if w in c)

    # The clause that says most of what is asked, in the best sentence; when that sentence says
    # nothing of the predicate, in the next best of its article that does: "供水是否受到干扰" is
    # answered by "…供水未受干扰", not by the sentence before it that names the crew.
    relevance = best.relevance
    if predicate and not any(w in best.view for w in predicate):
        best = next((x for x in pool if any(w in x.view for w in predicate)), best)
    clause = max(
        (c for c in re.split(r"[，,；;。！？!?]", best.view) if c),
        # a clause that says the predicate first (it is what is asked), then the one saying most
        key=lambda c: (any(w in c for w in predicate), says(c)),
        default=best.view,
    )
    # a quoted title's 不 / 能否 asks nothing, nor the 不 / 没 of an A-not-A question (有没有, 能不能)
    asked = _A_NOT_A.sub("", QUOTED.sub("", q.text))
    negated = (_negations(clause) % 2) != (_negations(asked) % 2)
    if _ONLY.search(q.text) and "、" in best.view and not _ONLY.search(best.view):
        negated = True  # "是否只在…举办" against a sentence listing several places
    if _other_agent(asked, best.view):
        negated = not negated  # "是否由学生自己支付" against "费用由学校统一承担"
    if _opposite_comparison(asked, clause):
        negated = True  # "比同类场馆贵吗" against "比同类场馆低两成"
    asked_predicate = "".join(predicate)
    if any(a in asked_predicate and b in best.view and a not in best.view for a, b in OPPOSITE_PREDICATES.items()):
        negated = not negated  # "是否分期发放" against "可一次性领取"
    return Answer(
        answer="否" if negated else "是", answerable=True, citations=[_citation(best)]
    ), relevance


def _negations(text: str) -> int:
    """How many negating words a clause holds, the words that only look negating left out: those of
    lexicon.NON_NEGATING_WORDS, and names (无锡, 无为: a place's or a person's name negates nothing)."""
    for word in NON_NEGATING_WORDS:
        text = text.replace(word, "")
    if _NEGATION.search(text):
        text = "".join(t.word for t in pos_tokens(text) if not (t.flag in _NAME_FLAGS and len(t.word) >= 2))
    return len(_NEGATION.findall(text))


# Tags of names (a person's, a place's, an organisation's): the negating characters in them negate nothing.
_NAME_FLAGS = frozenset({"nr", "ns", "nt", "nrt", "nrfg"})


_COMPARED = re.compile(r"比[^，,。？?！!]{1,15}?(" + "|".join(sorted(COMPARATIVE_OPPOSITES, key=len, reverse=True)) + ")")


def _opposite_comparison(asked: str, clause: str) -> bool:
    """Whether the question compares with one adjective (比…高) and the clause with its opposite (比…低)."""
    a, b = _COMPARED.search(asked), _COMPARED.search(clause)
    return a is not None and b is not None and COMPARATIVE_OPPOSITES[a.group(1)] == b.group(1)


# How many characters after 由 name who does what ("由学生自己支付", "由学校统一承担").
AGENT_REACH = 4


def _other_agent(asked: str, sentence: str) -> bool:
    """Whether the question and the sentence both say 由 someone, and the two share no two characters:
    the sentence names another doer than the one asked about."""
    a, b = asked.find("由"), sentence.find("由")
    if a < 0 or b < 0:
        return False
    mine, theirs = asked[a + 1 : a + 1 + AGENT_REACH], sentence[b + 1 : b + 1 + AGENT_REACH]
    pairs = {mine[i : i + 2] for i in range(len(mine) - 1)}
    return bool(pairs) and not any(theirs[i : i + 2] in pairs for i in range(len(theirs) - 1))


def _stand_in(q: Question, spans: Sequence[Span]) -> Span:
    """The best candidate; when it speaks of another year only, the best of the next candidates that
    breaks no rule; when it breaks only a rule about its own kind ("哪所大学" answered by a
    厂), the next span (not a whole sentence, which those rules do not check) of the best KIND_RETRY_POOL
    that breaks none: the sentence was right, the span not."""
    best = spans[0]
    broken = problems(q, best)
    if q.atype == "date" and best.kind in ("sentence", "fallback") and SAME_DAY.match(best.sentence.view):
        # "当天，…培训班结业": the day is the one the sentence before opens with
        before = [
            x
            for x in spans[1:KIND_RETRY_POOL]
            if x.kind in ("entity", "slot")
            and x.sentence.passage is best.sentence.passage
            and x.sentence.position == best.sentence.position - 1
            and not problems(q, x)
        ]
        if before:
            return before[0]
    if broken and set(broken) & PASSAGE_RULES and set(broken) <= PASSAGE_RULES | SPAN_KIND_RULES:
        pool = spans[1:YEAR_RETRY_POOL]
        if best.kind not in ("sentence", "fallback"):  # a short answer's stand-in is a short answer
            pool = [x for x in pool if x.kind not in ("sentence", "fallback")]
        if best.kind == "figure":  # the yearly reports print one detail alike: in the same unit
            pool = [x for x in pool if x.kind != "figure" or _unit_of(x) == _unit_of(best)]
        return next((x for x in pool if x.score >= MIN_SCORE and not problems(q, x)), best)
    if not broken or not set(broken) <= SPAN_KIND_RULES:
        return best
    pool = [x for x in spans[1:KIND_RETRY_POOL] if x.kind not in ("sentence", "fallback")]
    if (
        q.is_figure and q.counted
    ):  # another figure stands in when it is of the same sentence, or counts what is asked
        pool = [
            x
            for x in pool
            if x.sentence is best.sentence or mentions(figure_window(x.sentence, x.start, x.end), q.counted)
        ]
    return next((x for x in pool if x.score >= MIN_SCORE and not problems(q, x)), best)


def _unit_of(span: Span) -> str:
    """The base unit of the figure a span starts with ("" when none is read there)."""
    found = quantities_of(span.sentence.view)
    return next((x.base_unit for x in found if x.start == span.start), "")


def _refuse(confidence: float) -> tuple[Answer, float]:
    return Answer(answer=NOT_FOUND, answerable=False), confidence


def answer_question(question: str, passages: Sequence[Passage]) -> tuple[Answer, float, list[Span]]:
    """Answer a single (not compound) question: the answer, its score and the ranked candidates."""
    q = analyse(question)
    sentences = ranked_sentences(q, passages)
    if not sentences:
        return (*_refuse(0.0), [])
    if len({t for t in q.words if not t.startswith("#")}) < 2 and q.atype in ("other", "yesno"):
        return (*_refuse(0.0), [])  # "去年呢？" alone says too little to pick a sentence
    if q.atype == "yesno":
        ans, conf = _yes_no(q, sentences)
        return ans, conf, []
    spans = candidates(q, sentences)
    if not spans:
        return (*_refuse(0.0), [])
    best = _stand_in(q, spans)
    if best.score < MIN_SCORE or refusal.refuses(q, best, problems(q, best), spans, sentences):
        return (*_refuse(best.score), spans)
    s = best.sentence
    before = after = None
    text = best.text
    which = WHICH_PLACE.search(q.text) if q.atype == "place" else None
    if which and not (best.text.endswith(which.group(1)) and len(best.text) > len(which.group(1)) + 1):
        lead = _lead_place(q, s, sentences)
        if lead is not None:  # "哪个区成立了…专班": the fact sentence says 全区, the article names the 区
            span, where = lead
            cites = [_citation(s)] + ([_citation(where)] if where is not s else [])
            return Answer(answer=span, answerable=True, citations=cites), best.score, spans
    if best.kind in ("entity", "slot", "figure"):
        text = shaped(q, s.clean, s.view, best.start, best.end)
    if best.kind in ("sentence", "fallback"):
        prev, nxt = _neighbour(s, sentences, -1), _neighbour(s, sentences, 1)
        if prev is not None and (
            _BACK_REF.search(s.clean) or q.atype == "reason" and _RESULT_OPENING.search(s.clean)
        ):
            before = prev  # "因此它被称为…": the reason (or the subject) is in the sentence before
        elif nxt is not None and _continues(q, s, nxt):
            after = nxt  # "其原因有以下两点：…" goes on in the next sentence
        if after is None and nxt is not None and best.kind == "sentence" and _runs_on(s, nxt):
            after = nxt  # a short explanation goes on in the next sentence of its paragraph
        text = "".join(x.clean for x in (before, s, after) if x is not None)
    return Answer(answer=text, answerable=True, citations=_quote(s, before, after)), best.score, spans


def _runs_on(s: Sentence, nxt: Sentence) -> bool:
    """Whether a whole-sentence answer (why / how / what is it like) is given with the next sentence:
    an explanation shorter than EXPLANATION_MIN characters is rarely the whole of it, and the
    sentence after it in the same paragraph usually goes on with it (a new paragraph starts
    something else)."""
    return len(s.clean) < EXPLANATION_MIN and s.clean + nxt.clean in clean_spaces(s.passage.text)


def _lead_place(q: Question, fact: Sentence, sentences: Sequence[Sentence]) -> tuple[str, Sentence] | None:
    """The place of the asked kind (…区 for 哪个区) named elsewhere in the fact's article: its own
    sentence first, then the article's sentences in reading order (a report names its place early)."""
    same = sorted((x for x in sentences if x.passage is fact.passage), key=lambda x: x.position)
    for x in [fact, *same]:
        found = [(a, b) for a, b, sure in place_spans(q.text, x.clean, x.view) if sure >= 1.0]
        if found:
            a, b = found[0]
            return x.clean[a:b], x
    return None


def _continues(q: Question, s: Sentence, nxt: Sentence) -> bool:
    """Whether a whole-sentence answer goes on in the next sentence: it announces a list ("以下三点："),
    or the next one opens with a word that carries the same subject on (其, 此外, 同时 …) or speaks
    of what is asked (the words right after the interrogative)."""
    if s.clean.rstrip().endswith(("：", ":")) or re.search(r"以下|如下", s.clean):
        return True
    if _CONTINUATION.search(nxt.clean):
        return True
    _, asked = near_parts(q)
    return bool(asked) and any(w in nxt.view for w in asked) and not any(w in nxt.view for w in q.left[:1])


def answer_one(question: str, passages: Sequence[Passage]) -> tuple[Answer, float]:
    """Answer a single (not compound) question; the float is the confidence."""
    ans, score, _ = answer_question(question, passages)
    return ans, score


_QUOTED_MARK = re.compile(r"《[^》]*[？?；;][^》]*》|“[^”]*[？?；;][^”]*”")


def split_question(question: str) -> list[str]:
    """'哪个县…？哪个区…？' -> two questions; a single question comes back as itself (text after its
    question mark that asks nothing is not a second question)."""
    if _QUOTED_MARK.search(question):
        return [question]  # 《…还能再快一点吗？》 is a title: its question mark ends no question
    parts = [p.strip() for p in re.split(r"[？?；;]+", question) if p.strip()]
    parts = [p for p in parts if analyse(p).wh is not None or analyse(p).atype == "yesno"] or [question]
    if len(parts) == 1 and len(re.split(r"[？?；;]+", question.strip("？?；; "))) > 1:
        return [question]
    out: list[str] = []
    for p in parts:
        pieces = [x.strip() for x in re.split(r"[，,]", p) if x.strip()]
        asking = [x for x in pieces if analyse(x).atype != "other" or re.search(r"什么|哪", x)]
        asking = [x for x in asking if analyse(x).wh is not None]
        if len(pieces) > 1 and len(asking) > 1 and all(len(tokenize(x)) >= 2 for x in asking):
            out.extend(asking)
        else:
            out.append(p)
    return [q + "？" for q in out] or [question]


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


__all__ = [
    "NOT_FOUND",
    "answer_from_passages",
    "answer_one",
    "answer_question",
    "split_question",
    "what_span",
]
