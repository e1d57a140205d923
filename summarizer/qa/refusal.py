"""A calibrated refusal decision: how likely the best candidate is right, from cheap features.

Why: the refusal rules of summarizer.qa.evidence each name a fact of how a news sentence must agree
with a question (another year, another group, a figure of another kind), but a rule that is broken is
evidence, not proof: a writer who words questions differently trips some rules on right answers, and
asks unanswerable questions that break none. A wrong answer is worse than none, so the answerer
refuses when the probability that its best candidate is right is low. That probability is a small
logistic model over features every candidate has anyway: which rules it breaks (one flag each), its
score and its margin over the runner-up, what kind of span it is and what type the question asks
for, how much of the question its sentence, window and article say (rare words weigh more: a word few
retrieved sentences have is the detail asked about), the retrieval rank and score of its passage,
and whether the years agree. The weights are fitted across several writers' development questions by
`python -m summarizer.evals.train_refusal` and shipped as refusal_model.json. The rules stay hard:
the model only adds refusals of candidates that break none.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.qa.candidates import Span, near_parts
from summarizer.qa.evidence import sentence_years
from summarizer.qa.question import DESCRIPTIVE_TYPES, Question
from summarizer.qa.rerank import date_year
from summarizer.qa.sentences import Sentence, mentions, said_with, view_of
from summarizer.qa.typed import ASKS_YEAR

MODEL_PATH = Path(__file__).with_name("refusal_model.json")

# Every refusal rule summarizer.qa.evidence.problems may name (one flag each).
RULES = (
    "age",
    "aggregate",
    "change",
    "contrast",
    "counted",
    "countonly",
    "country",
    "entity",
    "group",
    "indefinite",
    "member",
    "modifier",
    "number",
    "ordinal",
    "orgclass",
    "person",
    "place",
    "places",
    "premodifier",
    "purpose",
    "saidof",
    "scope",
    "sentence",
    "superlative",
    "until",
    "when",
    "which",
    "year",
    "yearless",
)
KINDS = ("figure", "entity", "slot", "align", "sentence", "fallback", "what", "id")
TYPE_GROUPS = ("figure", "naming", "list", "descriptive", "other")
_NAMING = frozenset({"person", "place", "organisation", "name", "date", "ordinal"})
# A question word of fewer characters than this is a function word or a cut-off piece: not looked for.
WORD_MIN = 2
# Scores and margins beyond these add nothing (they are relevance sums, about 0.3-2).
SCORE_CAP = 3.0
MARGIN_CAP = 2.0

FEATURES: tuple[str, ...] = (
    *(f"rule_{r}" for r in RULES),
    "any_rule",
    "n_rules",
    "score",
    "margin",
    "stand_in",
    *(f"kind_{k}" for k in KINDS),
    *(f"type_{t}" for t in TYPE_GROUPS),
    "kind_fits",
    "relevance",
    "coverage",
    "context",
    "bigram",
    "rank",
    "passage_share",
    "window_share",
    "article_share",
    "near_share",
    "near_after",
    "years_asked",
    "years_agree",
    "span_len",
    "span_punct",
    "naming_long",
    "date_shape",
    "unprinted",
    "rarest_missing",
    "year_shape",
    "figure_score",
    "naming_score",
    "n_words",
    "sentence_missing",
)

# Punctuation that ends a clause or opens a quote: a name, a place or a date has none.
_CLAUSE_MARK = re.compile(r"[，,。；;：:！!？?“”\"]")
# A date is printed with digits or 年 / 月 / 日 / 号 (or a numeral and one of them).
_DATE_SHAPE = re.compile(r"[0-9０-９年月日号]|世纪|[上下]旬|春|夏|秋|冬")
# A name, a place or an organisation longer than this many characters is a phrase, not a name.
NAME_MAX = 12
# A year is printed as four digits, or said from the present (今年, 去年 …).
_YEAR_SHAPE = re.compile(r"(?:1[0-9]|20)[0-9]{2}|[今去前明]年|上一年|当年")


def _type_group(q: Question) -> str:
    if q.is_figure:
        return "figure"
    if q.atype in _NAMING:
        return "naming"
    if q.atype == "list":
        return "list"
    return "descriptive" if q.atype in DESCRIPTIVE_TYPES else "other"


def _fits(q: Question, span: Span) -> bool:
    """Whether the span is of the kind the question's type asks for (a figure for 多少, a name for 谁)."""
    short = span.kind not in ("sentence", "fallback")
    if q.is_figure:
        return span.kind == "figure"
    if q.atype in _NAMING or q.atype in ("list", "other"):
        return short
    return span.kind == "sentence"


def _weights(q: Question, sentences: Sequence[Sentence]) -> dict[str, float]:
    """The question's content words, each by its inverse sentence frequency over the retrieved sentences."""
    words = [w for w in dict.fromkeys(q.words) if not w.startswith("#") and len(w) >= WORD_MIN]
    n = max(len(sentences), 1)
    return {w: math.log(1 + (n + 1) / (sum(1 for s in sentences if w in s.view) + 0.5)) for w in words}


def _share(weights: dict[str, float], text: str) -> float:
    total = sum(weights.values())
    return sum(v for w, v in weights.items() if mentions(text, w)) / total if total else 1.0


def features(
    q: Question, best: Span, broken: Sequence[str], spans: Sequence[Span], sentences: Sequence[Sentence]
) -> list[float]:
    """The candidate's features, in the order of FEATURES."""
    s = best.sentence
    p = s.passage
    rules = [float(r in broken) for r in RULES]
    runner = next((x.score for x in spans if x is not best and x.text != best.text), 0.0)
    group = _type_group(q)
    weights = _weights(q, sentences)
    near = [x.view for x in sentences if x.passage is p and abs(x.position - s.position) == 1]
    window = " ".join([s.view, *near, view_of(p.title)])
    top = max((x.passage.score for x in sentences), default=0.0)
    said = said_with(s)
    _, after = near_parts(q)
    short = best.kind not in ("sentence", "fallback")
    score = max(-1.0, min(best.score, SCORE_CAP))
    years = float(bool(q.years))
    agree = float(bool(q.years) and bool(sentence_years(s, date_year(p.date)) & q.years))
    return [
        *rules,
        float(bool(broken)),
        float(min(len(broken), 3)),
        max(-1.0, min(best.score, SCORE_CAP)),
        max(-MARGIN_CAP, min(best.score - runner, MARGIN_CAP)),
        float(best is not spans[0]) if spans else 0.0,
        *(float(best.kind == k) for k in KINDS),
        *(float(group == t) for t in TYPE_GROUPS),
        float(_fits(q, best)),
        min(s.relevance, SCORE_CAP),
        s.coverage,
        s.context,
        s.bigram,
        min(s.rank, 4) / 4,
        p.score / top if top > 0 else 0.0,
        _share(weights, window),
        _share(weights, view_of(p.title + " " + p.text)),
        sum(mentions(said, w) for w in q.near) / len(q.near) if q.near else 1.0,
        sum(mentions(said, w) for w in after) / len(after) if after else 1.0,
        years,
        agree,
        min(len(best.text), 60) / 60,
        float(short and bool(_CLAUSE_MARK.search(best.text))),
        float(short and group in ("naming", "other", "list") and len(best.text) > NAME_MAX),
        float(q.atype != "date" or bool(_DATE_SHAPE.search(best.text))),
        _share(weights, " ".join(x.view + " " + view_of(x.passage.title) for x in sentences)),
        float(bool(weights) and not mentions(window, max(weights, key=lambda w: (weights[w], w)))),
        float(not ASKS_YEAR.search(q.text) or bool(_YEAR_SHAPE.search(best.text))),
        score * (group == "figure"),
        score * (group == "naming"),
        min(len(weights), 10) / 10,
        1.0 - _share(weights, said),
    ]


@dataclass(frozen=True)
class Model:
    """A logistic model over standardised FEATURES, with its refusal threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float  # a candidate that breaks no rule is refused below this probability
    enabled: bool = True

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(
            w * (v - m) / sc for w, v, m, sc in zip(self.weights, x, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": round(self.threshold, 4),
            "enabled": self.enabled,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Model:
        if list(doc["features"]) != list(FEATURES):
            raise ValueError("refusal model was fitted on other features: run summarizer.evals.train_refusal")
        return cls(
            weights=tuple(float(w) for w in doc["weights"]),
            bias=float(doc["bias"]),
            mean=tuple(float(m) for m in doc["mean"]),
            scale=tuple(float(s) for s in doc["scale"]),
            threshold=float(doc["threshold"]),
            enabled=bool(doc.get("enabled", True)),
        )


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    """The model shipped with the package (None when there is none)."""
    if not MODEL_PATH.exists():
        return None
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


# The model in use: the shipped one unless a caller (the training tool, a test) sets another.
ACTIVE: list[Model | None] = []


def active() -> Model | None:
    return ACTIVE[-1] if ACTIVE else shipped()


def refuses(
    q: Question, best: Span, broken: Sequence[str], spans: Sequence[Span], sentences: Sequence[Sentence]
) -> bool:
    """Whether to refuse the best candidate: when it breaks a rule, and (with an active, enabled
    model) when the probability that it is right is below the model's threshold. A broken rule is
    never overridden: answering despite one was measured across writers and lost (evals/README)."""
    if broken:
        return True
    model = active()
    if model is None or not model.enabled:
        return False
    return model.probability(features(q, best, broken, spans, sentences)) < model.threshold
