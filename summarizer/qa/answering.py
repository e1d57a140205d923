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

from summarizer.lexicon import STOPWORDS, UNIT_WORDS
from summarizer.qa.spans import (
    NAME_Q,
    WHICH_PLACE,
    expected_unit,
    number_window,
    person_span,
    place_span,
    quantities,
    share,
    unit_match,
    what_span,
)
from summarizer.schemas import NOT_FOUND, Answer, Citation, Passage
from summarizer.text import split_sentences
from summarizer.tokens import jieba_words, normalise, pos_tokens, query_tokens, tokenize

# Minimum confidence (0..1) for an answer; below it the question is refused.
MIN_SENTENCE_COVERAGE = 0.2
MIN_ARTICLE_COVERAGE = 0.55
MIN_CONFIDENCE = 0.45

_FIGURE_Q = re.compile(
    r"多少|几[个名人次家部件户年天岁项条支场所座批种位只]|几|多长|多久|多大|多高|多重|多远|百分之|比例|占比"
)
_WHO_Q = re.compile(r"谁|哪位|叫什么名字|什么名字|什么人|姓名")
_PERSON_NOUNS = (
    r"(?:员|人|者|工|师|长|手|生|家|士|官|星|模|匠|兵|户|民|姐|哥|娘|爷|叔|姨"
    r"|书记|主任|主席|经理|代表|指导|教练|委员|董事)"
)
_WHERE_Q = re.compile(
    r"哪里|哪儿|在哪|何地|何处|什么地方|哪个(?:地方|城市|省|市|县|区|镇|乡|街道|村|社区)|哪些地方"
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
    named = NAME_Q.search(question)
    if named and not re.search(_PERSON_NOUNS + "$", named.group(1)):
        return "what"  # "服务中心叫什么名字" asks for a name, not for a person
    if _WHO_Q.search(question):
        return "who"
    if _WHERE_Q.search(question) or WHICH_PLACE.search(question):
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
    after = [w for w in jieba_words(after_text) if w not in STOPWORDS and w not in UNIT_WORDS and len(w) > 1]
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


def asked_verb(question: str) -> str:
    """The verb right before (了)多少/几: '接收了多少善款' -> '接收'; '' when a noun stands there."""
    m = re.search(r"(?:了)?(?:多少|几)", question)
    if not m:
        return ""
    words = [w for w in pos_tokens(question[: m.start()]) if w.word.strip()]
    if words and words[-1].word == "了":
        words = words[:-1]
    return words[-1].word if words and words[-1].flag.startswith("v") and len(words[-1].word) > 1 else ""


def _best_figure(question: str, cands: list[Candidate]) -> tuple[Candidate, str, float] | None:
    """The (sentence, quantity) whose unit is the one asked for and whose neighbours are the question's."""
    q_unit, q_family = expected_unit(question)
    q_all = query_tokens(question)
    q_set = {t for t in q_all if not t.startswith("#")}
    q_numbers = {t for t in q_all if t.startswith("#")}
    _, before, after = _focus_parts(question)
    verb = asked_verb(question)
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
            um = unit_match(q_unit, q_family, qty)
            if um == 0:
                continue
            window = number_window(s, qty, [o for o in found if o is not qty])
            if verb and verb[0] not in re.split(r"[，,；;：:。！？!?]", s[: qty.start])[-1]:
                continue  # "慈善会接收了多少善款" is not answered by what was 募集 (raised)
            near_q = len(set(tokenize(window)) & q_set) / max(len(q_set), 1)
            if before and after:
                near_focus = 0.2 * share(before, window) + 0.8 * share(after, window)
            else:
                near_focus = share(before or after, window)
            total = 0.5 * c.score + 0.25 * um + 0.15 * near_q + 0.4 * near_focus
            if best is None or total > best[0]:
                best = (total, c, qty.span)
    if best is None:
        return None
    return best[1], best[2], best[0]


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
        if c.passage is best.passage and c is not best and (span := place_span(question, c.sentence)):
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
        pick = person_span if kind == "who" else place_span
        for c in usable[:3]:
            if span := pick(question, c.sentence):
                best = c
                break
        if not span and kind == "where" and WHICH_PLACE.search(question):
            span, extra = _lead_place(question, best, cands)
        if not span:
            return _refuse(best.score)
    else:
        span = what_span(question, best.sentence)
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
